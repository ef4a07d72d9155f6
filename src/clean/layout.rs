//! Layout: the last cleaning pass, over text the other rules already
//! cleaned.
//!
//! Takes that text and proposes edits that drop leading blank lines,
//! indentation and trailing whitespace (markdown's two-space line breaks),
//! collapse runs of blank lines to one (a paragraph break stays a
//! paragraph break), and join words hyphenated across a line break:
//! `finan-\ncial` becomes `financial` when the next line starts lower-case
//! (also across a page break, once footnotes are gone), while
//! `Kara-\nSuu` keeps its hyphen and only loses the line break.

use super::{Line, lines};
use crate::text::Edit;

/// Proposes the layout edits for `text`.
pub(super) fn edits(text: &str, out: &mut Vec<Edit>) {
    let lines = lines(text);
    let blank = |l: &Line| is_blank(&text[l.start..l.end]);
    let mut prev: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if blank(line) {
            continue;
        }
        let mut joined = false;
        match prev {
            None if line.start > 0 => out.push(Edit::delete(0..line.start)),
            None => {}
            Some(p) => {
                let pl = lines[p];
                let gap = i - p - 1;
                if let Some(join) = hyphen_join(text, pl, *line, gap) {
                    out.push(join);
                    joined = true;
                } else {
                    trailing_space(text, pl, out);
                    // Keep only the line feed of the last blank line.
                    if gap >= 1 && line.start - pl.next > 1 {
                        out.push(Edit::delete(pl.next..line.start - 1));
                    }
                }
            }
        }
        if !joined {
            leading_space(text, *line, out);
        }
        prev = Some(i);
    }
    match prev {
        Some(p) => {
            let pl = lines[p];
            trailing_space(text, pl, out);
            if pl.next < text.len() {
                out.push(Edit::delete(pl.next..text.len()));
            }
        }
        None if !text.is_empty() => out.push(Edit::delete(0..text.len())),
        None => {}
    }
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\x0b' | b'\x0c'))
}

/// Deletes indentation (a line of prose never needs it; wiki tables
/// leave a flag's space before the country name).
fn leading_space(text: &str, line: Line, out: &mut Vec<Edit>) {
    let content = &text[line.start..line.end];
    let body = content.trim_start_matches([' ', '\t', '\x0b', '\x0c']);
    if body.len() < content.len() {
        out.push(Edit::delete(line.start..line.end - body.len()));
    }
}

/// Deletes spaces and tabs ending a line.
fn trailing_space(text: &str, line: Line, out: &mut Vec<Edit>) {
    let content = &text[line.start..line.end];
    let kept = content.trim_end_matches([' ', '\t', '\x0b', '\x0c']).len();
    if kept < content.len() {
        out.push(Edit::delete(line.start + kept..line.end));
    }
}

/// The edit joining a word hyphenated at the end of `prev` with the start
/// of `next`, `gap` blank lines apart.
fn hyphen_join(
    text: &str,
    prev: Line,
    next: Line,
    gap: usize,
) -> Option<Edit> {
    let head = text[prev.start..prev.end].trim_end_matches([' ', '\t']);
    let stem = head.strip_suffix('-')?;
    let last = stem.chars().next_back()?;
    if !last.is_alphabetic() {
        return None;
    }
    let hyphen = prev.start + stem.len();
    let content = &text[next.start..next.end];
    let body = content.trim_start_matches([' ', '\t']);
    let start = next.end - body.len();
    let first = body.chars().next()?;
    if first.is_lowercase() {
        return Some(Edit::delete(hyphen..start));
    }
    if first.is_alphanumeric() && gap == 0 {
        return Some(Edit::delete(hyphen + 1..start));
    }
    None
}
