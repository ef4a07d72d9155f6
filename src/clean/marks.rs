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
use std::ops::Range;

/// The matches of `MARKS` in `text`, exactly as `MARKS.find_iter` gives
/// them (`tests::MARKS`), without the regex: its counted repetitions of Unicode classes
/// (`[^\n]{0,500}`) make an automaton so large that the regex spent
/// thousands of instructions per candidate. Marks are rare and every one
/// starts with one of a few bytes (`[ < & \`, the lead byte of a
/// superscript digit) or with `File:`/`Image:`, which memchr and memmem
/// find without looking at each byte; [`mark_at`] then matches by hand at
/// each such start, left to right, skipping starts inside the last match:
/// the leftmost-first matches, in order. The regex stays as the oracle the
/// tests compare with.
fn mark_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = memchr::memchr3_iter(b'[', b'<', b'&', bytes)
        // U+00B2/B3/B9 are encoded C2 xx, U+2070..2079 E2 81 xx.
        .chain(memchr::memchr3_iter(b'\\', 0xC2, 0xE2, bytes))
        .chain(memchr::memmem::find_iter(bytes, b"File:"))
        .chain(memchr::memmem::find_iter(bytes, b"Image:"))
        .collect();
    starts.sort_unstable();
    let mut next_free = 0;
    starts.into_iter().filter_map(move |start| {
        if start < next_free {
            return None;
        }
        let end = mark_at(text, start)?;
        next_free = end;
        Some(start..end)
    })
}

/// The end of the `MARKS` match that starts at `start`, if any. Each arm
/// is one alternative of the regex; no two can match at the same start,
/// since they begin with different bytes (`<!` never starts a tag).
fn mark_at(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let b = rest.as_bytes();
    match b[0] {
        // \[[^\[\]\n]{1,40}\]
        b'[' => {
            let inner =
                skip_chars(&rest[1..], 40, |c| !matches!(c, '[' | ']' | '\n'));
            let end = 1 + inner;
            (inner > 0 && b.get(end) == Some(&b']')).then(|| start + end + 1)
        }
        // <!--[^\n]{0,500}?-->: the nearest `-->` within 500 chars.
        b'<' if rest.starts_with("<!--") => {
            let body = &rest[4..];
            // `-->` may start at any of the first 500 chars, none a line
            // feed, and end past them.
            let limit = skip_chars(body, 500, |c| c != '\n');
            let window = &body.as_bytes()[..(limit + 3).min(body.len())];
            let from = memchr::memmem::find(window, b"-->")?;
            Some(start + 4 + from + 3)
        }
        // </?[A-Za-z][A-Za-z0-9]{0,15}(?:[ \t][^<>\n]{0,200})?/?>
        b'<' => {
            let mut i = 1 + usize::from(b.get(1) == Some(&b'/'));
            if !b.get(i)?.is_ascii_alphabetic() {
                return None;
            }
            i += 1;
            let name_end = i + b[i..]
                .iter()
                .take(15)
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            i = name_end;
            if matches!(b.get(i), Some(b' ' | b'\t')) {
                // The run cannot hold `>`, so backtracking never helps:
                // the match, if any, ends at the first `/?>` after it.
                let run = skip_chars(&rest[i + 1..], 200, |c| {
                    !matches!(c, '<' | '>' | '\n')
                });
                let after = i + 1 + run;
                if let Some(end) = close_tag(b, after) {
                    return Some(start + end);
                }
            }
            close_tag(b, i).map(|end| start + end)
        }
        // &(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,7});
        b'&' => {
            let count = |from: usize, max: usize, ok: fn(&u8) -> bool| {
                b.get(from..).map_or(0, |s| {
                    s.iter().take(max).take_while(|c| ok(c)).count()
                })
            };
            let semicolon = |end: usize| {
                (b.get(end) == Some(&b';')).then_some(start + end + 1)
            };
            match b.get(1)? {
                b'#' => {
                    let digits = count(2, 7, u8::is_ascii_digit);
                    if digits > 0
                        && let Some(end) = semicolon(2 + digits)
                    {
                        return Some(end);
                    }
                    if !matches!(b.get(2)?, b'x' | b'X') {
                        return None;
                    }
                    let hex = count(3, 6, u8::is_ascii_hexdigit);
                    if hex == 0 {
                        return None;
                    }
                    semicolon(3 + hex)
                }
                c if c.is_ascii_alphabetic() => {
                    let more = count(2, 7, u8::is_ascii_alphanumeric);
                    if more == 0 {
                        return None;
                    }
                    semicolon(2 + more)
                }
                _ => None,
            }
        }
        // \\[!-/:-@\[-\x60{-~]: a backslash before ASCII punctuation.
        b'\\' => {
            b.get(1).filter(|c| c.is_ascii_punctuation()).map(|_| start + 2)
        }
        // (?:File|Image):[^\n|\[\]]{1,150}?\.(?i:svg|png|jpe?g|gif|tiff?|webp)
        b'F' | b'I' => {
            let head = if rest.starts_with("File:") {
                5
            } else if rest.starts_with("Image:") {
                6
            } else {
                return None;
            };
            file_name_end(&rest[head..]).map(|end| start + head + end)
        }
        // [\u{b9}\u{b2}\u{b3}\u{2070}\u{2074}-\u{2079}]+
        _ => {
            let len: usize = rest
                .chars()
                .take_while(|&c| is_superscript_digit(c))
                .map(char::len_utf8)
                .sum();
            (len > 0).then_some(start + len)
        }
    }
}

/// The length of the image extension `s` starts with, matched as
/// `(?i:svg|png|jpe?g|gif|tiff?|webp)` does: in that order (`jpe?g` and
/// `tiff?` prefer the longer form), case folded as Unicode folds it (the
/// long s `ſ` is an `s`).
fn extension_len(s: &str) -> Option<usize> {
    const EXTENSIONS: [&str; 8] =
        ["svg", "png", "jpeg", "jpg", "gif", "tiff", "tif", "webp"];
    EXTENSIONS.iter().find_map(|ext| {
        let mut len = 0;
        let mut chars = s.chars();
        for want in ext.chars() {
            let c = chars.next()?;
            if c.to_ascii_lowercase() != want && !(want == 's' && c == 'ſ') {
                return None;
            }
            len += c.len_utf8();
        }
        Some(len)
    })
}

/// Bytes taken by at most `max` leading chars of `s` that satisfy `ok`.
fn skip_chars(s: &str, max: usize, ok: impl Fn(char) -> bool) -> usize {
    s.chars().take(max).take_while(|&c| ok(c)).map(char::len_utf8).sum()
}

/// `/?>` at byte `at`: the end of the tag.
fn close_tag(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at..)? {
        [b'>', ..] => Some(at + 1),
        [b'/', b'>', ..] => Some(at + 2),
        _ => None,
    }
}

/// The end of `[^\n|\[\]]{1,150}?\.(?i:svg|png|jpe?g|gif|tiff?|webp)` at
/// the start of `s`: the nearest image extension after at least one char,
/// within 150 chars.
fn file_name_end(s: &str) -> Option<usize> {
    for (n, (at, c)) in s.char_indices().enumerate() {
        if n > 150 || matches!(c, '\n' | '|' | '[' | ']') {
            return None;
        }
        if n == 0 || c != '.' {
            continue;
        }
        if let Some(len) = extension_len(&s[at + 1..]) {
            return Some(at + 1 + len);
        }
    }
    None
}

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
    for r in mark_ranges(text) {
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
        let s = &text[r.clone()];
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    /// Every inline candidate, one alternative per family: the definition
    /// [`mark_ranges`] implements by hand, kept as the tests' oracle.
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

    fn regex_ranges(text: &str) -> Vec<Range<usize>> {
        MARKS.find_iter(text).map(|m| m.range()).collect()
    }

    #[test]
    fn marks_found_where_the_regex_finds_them() {
        for text in [
            "",
            "plain prose without marks",
            "in 1992.[1] Then [[2]] and [a][b]",
            "x<sup>1</sup> <!-- c --> &amp; &#160; \\$5 \\[",
            "China.\u{b9}\u{2075}\u{2079} km\u{b2} \u{2070}",
            "[File:Map.svg] File:Flag of X.png Image:a.JPG|x",
            "[File:a.png]x] <b [c]> &[d];",
            "–“é” [ < & \\",
        ] {
            let found: Vec<_> = mark_ranges(text).collect();
            assert_eq!(found, regex_ranges(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn marks_same_as_regex_on_mark_dense_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "[", "]", "<", ">", "/", "&", ";", "#", "\\", "$", "1",
                    "12", "a", "sup", "!--", "--", "File:", "Image:", ".png",
                    ".svg", " ", "\n", "|", "\u{b9}", "\u{b2}", "\u{2074}",
                    "\u{2070}", "–", "é", "x", "F", "I", "edit", "amp",
                    "!", "-->", "<!--", "\t", "ſ", "SVG", "jpeg", "tif",
                    "x;", "#x1F;", "&#", "/>", "ab", "é.png",
                ]),
                0..40,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(
                mark_ranges(&text).collect::<Vec<_>>(),
                regex_ranges(&text)
            );
        }
    }
}
