//! Whole-line rules: which lines of a document are not prose at all.
//!
//! Takes the normalized text split into [`Line`]s and decides, line by
//! line, which ones to drop: wiki chrome (`From Wikipedia, ...`, navbox and
//! hatnote lines, image file names, "part of a series" boxes, portal
//! lines), reference lists (`^ a b ...`, `CS1 maint`, `Archived from the
//! original`), trailing wiki sections (References, External links, ...),
//! markdown rules (`---`) and PDF footnote bodies (`<sup>N</sup> ...`,
//! including a footnote continued from the previous page). It also trims a
//! file name that opens a line of text. Marks inside kept lines are left to
//! `marks` and `markdown`; blank-line runs to `layout`.

use super::Line;
use crate::text::Edit;
use regex::Regex;
use std::sync::LazyLock;

/// A file name that opens a line, e.g. `Flag of Kyrgyzstan.svg`.
static IMAGE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:File|Image):)?[^\n.!?;:]{1,150}\.(?i:svg|png|jpe?g|gif|tiff?|webp)(?:[ \t]+|$)",
    )
    .expect("valid regex")
});

/// The document-level gate for [`IMAGE_PREFIX`], as a regex: the oracle
/// [`mentions_image`] answers for, and its fallback where Unicode case
/// folding or word boundaries go beyond ASCII.
static IMAGE_EXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.(?i:svg|png|jpe?g|gif|tiff?|webp)\b").expect("valid regex")
});

/// Image extensions after the dot, lower case, as [`IMAGE_EXT`] lists them.
const IMAGE_EXTENSIONS: [&[u8]; 8] =
    [b"svg", b"png", b"jpg", b"jpeg", b"gif", b"tif", b"tiff", b"webp"];

/// A necessary condition for [`IMAGE_PREFIX`] to match line `t`: after an
/// optional `File:`/`Image:`, the first of `\n . ! ? ; :` is a dot with an
/// image extension after it. Most lines fail it within their first
/// sentence, cheaper than a regex search each.
fn may_open_with_image(t: &str) -> bool {
    let name = t
        .strip_prefix("File:")
        .or_else(|| t.strip_prefix("Image:"))
        .unwrap_or(t);
    let bytes = name.as_bytes();
    let Some(stop) = bytes
        .iter()
        .position(|b| matches!(b, b'\n' | b'.' | b'!' | b'?' | b';' | b':'))
    else {
        return false;
    };
    if stop == 0 || bytes[stop] != b'.' {
        return false;
    }
    let after = &bytes[stop + 1..];
    // Non-ASCII right after the dot may fold to a letter (`ſvg`): the
    // regex decides.
    after.iter().take(5).any(|b| *b >= 0x80)
        || IMAGE_EXTENSIONS.iter().any(|ext| {
            after
                .get(..ext.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(ext))
        })
}

/// Whether `text` holds an image file extension (`IMAGE_EXT.is_match`):
/// checked at each `.` that memchr finds rather than by the regex's
/// many-literal search over every byte, which cost ~2.7 instructions a
/// byte of every document. Text the ASCII check cannot decide goes to the
/// regex: a long `ſ` (which folds to `s`), or a non-ASCII character right
/// after an extension (Unicode word boundary).
fn mentions_image(text: &str) -> bool {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, "\u{17f}".as_bytes()).is_some() {
        return IMAGE_EXT.is_match(text);
    }
    for dot in memchr::memchr_iter(b'.', bytes) {
        let rest = &bytes[dot + 1..];
        // Most dots end a sentence: one byte test turns them away.
        if !rest.first().is_some_and(|b| {
            matches!(b | 0x20, b's' | b'p' | b'j' | b'g' | b't' | b'w')
        }) {
            continue;
        }
        for ext in IMAGE_EXTENSIONS {
            let Some(head) = rest.get(..ext.len()) else { continue };
            if !head.eq_ignore_ascii_case(ext) {
                continue;
            }
            match rest.get(ext.len()) {
                None => return true,
                Some(&b) if b < 0x80 => {
                    if !(b.is_ascii_alphanumeric() || b == b'_') {
                        return true;
                    }
                }
                Some(_) => return IMAGE_EXT.is_match(text),
            }
        }
    }
    false
}

/// Wiki sections that only hold references or links, never prose.
const TRAILER_TITLES: &[&str] = &[
    "references",
    "notes",
    "footnotes",
    "citations",
    "sources",
    "bibliography",
    "further reading",
    "external links",
    "see also",
    "notes and references",
    "references and notes",
    "works cited",
    "explanatory notes",
];

/// Lines that are chrome whenever they stand alone.
const CHROME_LINES: &[&str] = &[
    "From Wikipedia, the free encyclopedia",
    "Jump to navigation Jump to search",
    "Jump to navigation",
    "Jump to search",
    "Navigation menu",
    "Authority control",
    "Contents",
    "show",
    "hide",
    "[show]",
    "[hide]",
    "v t e",
    "V T E",
    "vte",
    "v · t · e",
    "v • t • e",
    "Listen to this article",
];

/// Line openings that mark chrome: hatnotes, category and footer lines.
const CHROME_PREFIXES: &[&str] = &[
    "From Wikipedia, the free encyclopedia",
    "(Redirected from ",
    "Retrieved from ",
    "Categories:",
    "Hidden categories:",
    "Category:",
    "This page was last edited",
    "Wikimedia Commons has media related to",
    "Wikiquote has quotations",
    "Wikisource has original",
    "Main article:",
    "Main articles:",
    "Further information:",
    "For other uses, see",
    "This article is about",
    "Not to be confused with",
    "Coordinates:",
    "CS1 maint",
    "Portal:",
];

/// Substrings that only occur in citation lines.
const CITATION_MARKERS: &[&str] =
    &["Archived from the original", "CS1 maint:"];

/// What the line loop is inside of.
enum State {
    Normal,
    /// A trailing references/links section, up to the next real heading.
    Trailer,
    /// A "part of a series" box: drop up to its portal line, a blank line
    /// or this many more lines.
    Series(usize),
}

/// Decides which lines to keep; pushes deletions for dropped lines and
/// trims image file names that open a kept line.
pub(super) fn classify(
    text: &str,
    lines: &[Line],
    out: &mut Vec<Edit>,
) -> Vec<bool> {
    let mut keep = vec![true; lines.len()];
    let images = mentions_image(text);
    let citations = CITATION_MARKERS.iter().any(|m| text.contains(m));
    let wiki = text.contains("[edit]") || text.contains("Wikipedia");
    let mut state = State::Normal;
    let mut drop_until = 0;
    for (i, line) in lines.iter().enumerate() {
        let t = text[line.start..line.end].trim();
        match state {
            State::Trailer => {
                let ends = heading_title(t)
                    .is_some_and(|title| !is_trailer_title(title));
                if !ends {
                    keep[i] = t.is_empty();
                    continue;
                }
                state = State::Normal;
            }
            State::Series(left) => {
                if t.is_empty() {
                    state = State::Normal;
                } else {
                    keep[i] = false;
                    state = if is_portal(t) || left == 0 {
                        State::Normal
                    } else {
                        State::Series(left - 1)
                    };
                }
                continue;
            }
            State::Normal => {}
        }
        if t.is_empty() {
            continue;
        }
        if i < drop_until {
            keep[i] = false;
            continue;
        }
        let trailer = match heading_title(t) {
            Some(title) => is_trailer_title(title),
            None => wiki && is_trailer_title(t),
        };
        if trailer {
            state = State::Trailer;
            keep[i] = false;
            continue;
        }
        if t.starts_with("This article is part of a series")
            || t.starts_with("Part of a series on")
        {
            state = State::Series(10);
            keep[i] = false;
            continue;
        }
        if is_rule(t) {
            keep[i] = false;
            drop_until = continued_footnote(text, lines, i + 1);
            continue;
        }
        if is_chrome(t)
            || is_reference_line(t)
            || is_footnote_body(t)
            || is_portal(t)
            || (citations && CITATION_MARKERS.iter().any(|m| t.contains(m)))
        {
            keep[i] = false;
            continue;
        }
        if images
            && may_open_with_image(t)
            && let Some(m) = IMAGE_PREFIX.find(t)
        {
            if m.end() == t.len() {
                keep[i] = false;
            } else {
                let start = t.as_ptr() as usize - text.as_ptr() as usize;
                out.push(Edit::delete(start..start + m.end()));
            }
        }
    }
    push_drops(lines, &keep, out);
    keep
}

/// One deletion per run of dropped lines (with their line feeds).
fn push_drops(lines: &[Line], keep: &[bool], out: &mut Vec<Edit>) {
    let mut run: Option<(usize, usize)> = None;
    for (line, &kept) in lines.iter().zip(keep) {
        match (kept, run.as_mut()) {
            (false, Some((_, end))) => *end = line.next,
            (false, None) => run = Some((line.start, line.next)),
            (true, Some(&mut (s, e))) => {
                out.push(Edit::delete(s..e));
                run = None;
            }
            (true, None) => {}
        }
    }
    if let Some((s, e)) = run {
        out.push(Edit::delete(s..e));
    }
}

/// After a page rule, a paragraph that is followed by footnote bodies
/// is the tail of a footnote from the previous page: returns the index
/// of the first line after it (or `from` when there is none).
fn continued_footnote(text: &str, lines: &[Line], from: usize) -> usize {
    let blank = |i: usize| {
        lines.get(i).is_none_or(|l| text[l.start..l.end].trim().is_empty())
    };
    let mut j = from;
    while j < lines.len() && blank(j) {
        j += 1;
    }
    let first = j;
    let body = |i: usize| {
        lines
            .get(i)
            .is_some_and(|l| is_footnote_body(text[l.start..l.end].trim()))
    };
    if j >= lines.len() || body(j) {
        return from;
    }
    // Footnote tails are short; the cap keeps a run of rules linear.
    while j < lines.len() && !blank(j) && j < first + 8 {
        j += 1;
    }
    let end = j;
    while j < lines.len() && blank(j) {
        j += 1;
    }
    if body(j) && end > first { end } else { from }
}

/// The title of a marked heading: `# Title`, `Title[edit]`.
fn heading_title(t: &str) -> Option<&str> {
    if let Some(rest) = t.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        if rest.starts_with([' ', '\t']) {
            return Some(rest.trim().trim_end_matches('#').trim());
        }
        return None;
    }
    t.strip_suffix("[edit]").map(str::trim)
}

fn is_trailer_title(title: &str) -> bool {
    let title = title.trim_matches(|c: char| c == '*' || c == '_').trim();
    title.len() <= 24
        && TRAILER_TITLES.iter().any(|t| t.eq_ignore_ascii_case(title))
}

fn is_chrome(t: &str) -> bool {
    if CHROME_LINES.contains(&t) {
        return true;
    }
    if t.len() > 300 {
        return false;
    }
    CHROME_PREFIXES.iter().any(|p| t.starts_with(p))
        || (t.starts_with("Look up ") && t.contains("Wiktionary"))
}

/// A reference list entry: `^ a b "Title"`, `12. ^ ...`, `↑ ...`.
fn is_reference_line(t: &str) -> bool {
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = if rest.len() < t.len() {
        match rest.strip_prefix('.') {
            Some(r) => r.trim_start(),
            None => return false,
        }
    } else {
        rest
    };
    rest == "^"
        || rest.starts_with("^ ")
        || rest.starts_with("↑ ")
        || rest.starts_with("^[")
}

/// A footnote body opened by its number: `<sup>4</sup> See: ...`,
/// `¹ See: ...`, `[3] Smith, ...`.
pub(super) fn is_footnote_body(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix("<sup>") {
        return rest.find("</sup>").is_some_and(|n| {
            n > 0
                && n <= 6
                && rest[..n].bytes().all(|b| b.is_ascii_alphanumeric())
        });
    }
    if let Some(rest) = t.strip_prefix('[') {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        return (1..=3).contains(&n) && rest[n..].starts_with("] ");
    }
    let sup = t.chars().take_while(|&c| super::marks::is_superscript_digit(c));
    let n: usize = sup.map(char::len_utf8).sum();
    n > 0 && t[n..].starts_with(|c: char| c == ' ' || c.is_alphabetic())
}

/// A short `X portal` line left by a wiki sidebar.
fn is_portal(t: &str) -> bool {
    if t.len() > 80 || t.contains(". ") {
        return false;
    }
    let last = t.rsplit(' ').next().unwrap_or(t);
    last.eq_ignore_ascii_case("portal") || last.eq_ignore_ascii_case("portals")
}

/// A markdown rule or setext underline: `---`, `***`, `___`, `===`.
fn is_rule(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| *c != ' ');
    let Some(first) = chars.next() else { return false };
    if !matches!(first, '-' | '*' | '_' | '=') {
        return false;
    }
    let mut n = 1;
    for c in chars {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn blocks_image_gate_agrees_with_the_regex(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    ".", "svg", "SVG", "Png", "jpg", "jpeg", "JPEG", "gif",
                    "tif", "tiff", "TIFF", "webp", "ſvg", "s", "_", "a", "9",
                    " ", "é", "\u{301}", "²", "K", "\n", "x.y",
                ]),
                0..12,
            ),
        ) {
            let text = parts.concat();
            prop_assert_eq!(mentions_image(&text), IMAGE_EXT.is_match(&text), "{:?}", text);
        }
    }

    proptest! {
        #[test]
        fn blocks_image_line_filter_never_hides_a_match(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    ".", "svg", "PNG", "jpeg", "tiff", "File:", "Image:", ":",
                    "Flag of X", " ", "\t", "!", ";", "?", "é", "ſvg", "a", "\n",
                ]),
                0..10,
            ),
        ) {
            let line = parts.concat();
            if IMAGE_PREFIX.is_match(&line) {
                prop_assert!(may_open_with_image(&line), "{:?}", line);
            }
        }
    }

    #[test]
    fn blocks_image_gate_cases() {
        for (text, want) in [
            ("Flag of Kyrgyzstan.svg", true),
            ("photo.JPEG taken", true),
            ("a.tiffany", false),
            ("a.tif_", false),
            ("a.tif.", true),
            ("no image here", false),
            ("x.png\u{301}", false),
            ("x.ſvg", true),
        ] {
            assert_eq!(mentions_image(text), want, "{text:?}");
            assert_eq!(IMAGE_EXT.is_match(text), want, "{text:?} (regex)");
        }
    }
}
