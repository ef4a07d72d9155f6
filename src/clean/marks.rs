//! Inline marks: what is glued into kept lines but is not prose.
//!
//! Takes the normalized text, its lines and the keep decisions of
//! `blocks`, and proposes edits for footnote marks (`[8]`, `[a]`,
//! `[citation needed]`, `[edit]`, `¹⁵⁹`, `<sup>1</sup>`), residual HTML
//! (known tags, comments, `<ref>` bodies, character entities), markdown
//! backslash escapes (`\$`) and `File:` image names. One regex finds every
//! candidate in a single scan; each is then checked against its neighbours
//! so that `[w]hile`, `km²` and `10⁶` survive. Deleting a mark also takes
//! the space before it when that would otherwise be doubled.

use super::Line;
use crate::text::Edit;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Every inline candidate, one alternative per family.
static MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\[[^\[\]\n]{1,40}\]",
        r"|<!--[^\n]{0,500}?-->",
        r"|</?[A-Za-z][A-Za-z0-9]{0,15}(?:[ \t][^<>\n]{0,200})?/?>",
        r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,7});",
        r"|[\u{b9}\u{b2}\u{b3}\u{2070}\u{2074}-\u{2079}]+",
        r"|\\[!-/:-@\[-\x60{-~]",
        r"|(?:File|Image):[^\n|\[\]]{1,150}?\.(?i:svg|png|jpe?g|gif|tiff?|webp)",
    ))
    .expect("valid regex")
});

/// HTML tags whose markup (not content) is removed.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nowiki",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "wbr",
    "references",
    "section",
    "figure",
    "figcaption",
    "time",
    "var",
];

/// Tags that separate words; removing them must leave a space.
const BREAKING_TAGS: &[&str] =
    &["br", "p", "div", "li", "td", "th", "tr", "hr", "dd", "dt", "h1", "h2"];

/// Whether `c` is a superscript digit (`¹`, `²`, `³`, `⁰`, `⁴`..`⁹`).
pub(super) fn is_superscript_digit(c: char) -> bool {
    matches!(
        c,
        '\u{b9}' | '\u{b2}' | '\u{b3}' | '\u{2070}' | '\u{2074}'..='\u{2079}'
    )
}

/// Proposes edits for inline marks in kept lines.
pub(super) fn edits(
    text: &str,
    lines: &[Line],
    keep: &[bool],
    out: &mut Vec<Edit>,
) {
    let mut li = 0;
    let mut skip_until = 0;
    let mut closers = Closers::default();
    for m in MARKS.find_iter(text) {
        let r = m.range();
        if r.start < skip_until {
            continue;
        }
        while li + 1 < lines.len() && lines[li].next <= r.start {
            li += 1;
        }
        let Some(line) = lines.get(li) else { break };
        if !keep.get(li).copied().unwrap_or(true) || r.end > line.end {
            continue;
        }
        let s = m.as_str();
        let ctx = Ctx { text, line: *line };
        match s.as_bytes()[0] {
            b'[' => {
                if is_bracket_mark(
                    &s[1..s.len() - 1],
                    ctx.before(r.start),
                    ctx.after(r.end),
                ) {
                    out.push(Edit::delete(ctx.widen(r)));
                }
            }
            b'<' if s.starts_with("<!--") => {
                out.push(Edit::delete(ctx.widen(r)))
            }
            b'<' => {
                if let Some((edits, end)) = tag(ctx, r.clone(), &mut closers) {
                    out.extend(edits);
                    skip_until = end;
                }
            }
            b'&' => {
                if let Some(with) = entity(s) {
                    out.push(Edit::replace(r, with));
                }
            }
            b'\\' => out.push(Edit::delete(r.start..r.start + 1)),
            b'F' | b'I' => out.push(Edit::delete(ctx.widen(r))),
            _ => {
                if is_superscript_mark(ctx, r.clone()) {
                    out.push(Edit::delete(ctx.widen(r)));
                }
            }
        }
    }
}

/// The line a candidate sits in, for looking at its neighbours.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    text: &'a str,
    line: Line,
}

impl Ctx<'_> {
    /// The char before `pos` on the same line.
    fn before(&self, pos: usize) -> Option<char> {
        self.text[self.line.start..pos].chars().next_back()
    }

    /// The char at `pos` on the same line.
    fn after(&self, pos: usize) -> Option<char> {
        self.text[pos..self.line.end].chars().next()
    }

    /// Grows a deletion so no double space or leading space is left:
    /// `word [8] next` loses ` [8]`, a mark opening a line loses the
    /// space after it.
    fn widen(&self, r: Range<usize>) -> Range<usize> {
        let line = &self.text[self.line.start..self.line.end];
        let (s, e) = (r.start - self.line.start, r.end - self.line.start);
        let head = line[..s].trim_end_matches([' ', '\t']);
        let next = line[e..].chars().next();
        let closes = next.is_none_or(|c| {
            c == ' ' || c == '\t' || ".,;:!?)]}'\"’”<[".contains(c)
        });
        if head.len() < s && !head.is_empty() && closes {
            return self.line.start + head.len()..r.end;
        }
        if head.is_empty() {
            let tail = line[e..].trim_start_matches([' ', '\t']);
            return r.start..self.line.end - tail.len();
        }
        r
    }
}

/// Whether bracket content is a footnote or maintenance mark.
fn is_bracket_mark(
    inner: &str,
    before: Option<char>,
    after: Option<char>,
) -> bool {
    let glued_after = after.is_some_and(char::is_alphanumeric);
    if glued_after {
        return false;
    }
    let bytes = inner.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        return bytes.len() <= 3;
    }
    if bytes.len() <= 2 && bytes.iter().all(u8::is_ascii_lowercase) {
        // `[a]` after a word is a note; `[a]` after a space is a list label.
        return before.is_some_and(|c| !c.is_whitespace());
    }
    if matches!(inner, "edit" | "edit source" | "edit | edit source") {
        return true;
    }
    let (label, num) = match inner.rsplit_once(' ') {
        Some((l, n)) => (l, n),
        None => (inner, ""),
    };
    if !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_alphanumeric())
        && matches!(
            label,
            "note"
                | "Note"
                | "nb"
                | "NB"
                | "n"
                | "N"
                | "fn"
                | "lower-alpha"
                | "upper-alpha"
                | "lower-roman"
                | "upper-roman"
        )
    {
        return true;
    }
    let lower = inner.chars().all(|c| {
        c.is_lowercase() || matches!(c, ' ' | '-' | '–' | '?' | '\'')
    });
    lower
        && inner.starts_with(|c: char| c.is_lowercase() || c == '?')
        && (inner.ends_with("needed")
            || inner.ends_with('?')
            || inner.contains("discuss")
            || matches!(
                inner,
                "failed verification"
                    | "dead link"
                    | "permanent dead link"
                    | "not in citation given"
                    | "verification"
                    | "update"
                    | "needs update"
                    | "self-published source"
                    | "unreliable source"
            ))
}

/// Remembers where the next `</sup>` and `</ref>` are, so a line of
/// unclosed tags is searched once, not once per tag.
#[derive(Default)]
struct Closers {
    /// Per tag: (searched from, line end, closer offset if any).
    seen: [Option<(usize, usize, Option<usize>)>; 2],
}

impl Closers {
    /// Offset of `close` after `from` on the line, relative to `from`.
    fn find(
        &mut self,
        slot: usize,
        ctx: Ctx<'_>,
        from: usize,
        close: &str,
    ) -> Option<usize> {
        let end = ctx.line.end;
        let hit = match self.seen[slot] {
            Some((start, e, hit))
                if e == end
                    && start <= from
                    && hit.is_none_or(|h| h >= from) =>
            {
                hit
            }
            _ => {
                let hit = ctx.text[from..end].find(close).map(|n| from + n);
                self.seen[slot] = Some((from, end, hit));
                hit
            }
        };
        hit.map(|h| h - from)
    }
}

/// Handles one tag match: returns its edits and the offset up to which
/// later candidates belong to it (a `<sup>` or `<ref>` body).
fn tag(
    ctx: Ctx<'_>,
    r: Range<usize>,
    closers: &mut Closers,
) -> Option<(Vec<Edit>, usize)> {
    let s = &ctx.text[r.clone()];
    let closing = s.starts_with("</");
    let name_start = if closing { 2 } else { 1 };
    let name_len =
        s[name_start..].bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = s[name_start..name_start + name_len].to_ascii_lowercase();
    let self_closing = s.ends_with("/>");
    let rest = &ctx.text[r.end..ctx.line.end];
    if !closing && !self_closing && (name == "sup" || name == "ref") {
        let close = if name == "sup" { "</sup>" } else { "</ref>" };
        let slot = usize::from(name == "ref");
        if let Some(n) = closers.find(slot, ctx, r.end, close) {
            let end = r.end + n + close.len();
            let content = &rest[..n];
            if name == "sup" && keeps_sup_content(ctx, r.start, content) {
                return Some((
                    vec![
                        Edit::delete(r.clone()),
                        Edit::delete(r.end + n..end),
                    ],
                    end,
                ));
            }
            if name == "ref"
                || (content.len() <= 48 && content.chars().count() <= 12)
            {
                return Some((
                    vec![Edit::delete(ctx.widen(r.start..end))],
                    end,
                ));
            }
        }
    }
    if name == "ref" {
        return Some((vec![Edit::delete(r.clone())], r.end));
    }
    if !TAGS.contains(&name.as_str()) {
        return None;
    }
    let spaced_before = ctx.before(r.start).is_none_or(char::is_whitespace);
    let spaced_after = ctx.after(r.end).is_none_or(char::is_whitespace);
    let edit = if BREAKING_TAGS.contains(&name.as_str())
        && !spaced_before
        && !spaced_after
    {
        Edit::replace(r.clone(), " ")
    } else {
        Edit::delete(r.clone())
    };
    Some((vec![edit], r.end))
}

/// `<sup>` content that is text, not a note: `10<sup>th</sup>`,
/// `km<sup>2</sup>`.
fn keeps_sup_content(ctx: Ctx<'_>, start: usize, content: &str) -> bool {
    let before = ctx.before(start);
    let ordinal = matches!(content, "st" | "nd" | "rd" | "th" | "e" | "er")
        && before.is_some_and(|c| c.is_ascii_digit());
    ordinal
        || (matches!(content, "2" | "3")
            && after_unit(ctx.text, ctx.line, start))
}

/// Whether the word ending at `pos` is a unit that takes a power.
fn after_unit(text: &str, line: Line, pos: usize) -> bool {
    let head = &text[line.start..pos];
    let word_start = head
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    matches!(
        &head[word_start..],
        "m" | "cm" | "mm" | "km" | "ft" | "mi" | "yd" | "in" | "dm" | "ha"
    )
}

/// Whether a run of superscript digits is a footnote mark: glued to a
/// word or to punctuation, but not an exponent (`10⁶`, `km²`).
fn is_superscript_mark(ctx: Ctx<'_>, r: Range<usize>) -> bool {
    let Some(before) = ctx.before(r.start) else { return true };
    if before.is_ascii_digit() {
        return false;
    }
    let run = &ctx.text[r.clone()];
    if before.is_alphabetic() && matches!(run, "²" | "³") {
        return !after_unit(ctx.text, ctx.line, r.start);
    }
    true
}

/// Decodes a character entity; `None` leaves it alone.
fn entity(s: &str) -> Option<String> {
    let body = &s[1..s.len() - 1];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        match char::from_u32(code)? {
            '\u{a0}' => ' ',
            c if c.is_control() && c != '\t' => return None,
            c => c,
        }
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ndash" => '–',
            "mdash" => '—',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "hellip" => '…',
            "shy" | "zwsp" => return Some(String::new()),
            _ => return None,
        }
    };
    Some(c.to_string())
}
