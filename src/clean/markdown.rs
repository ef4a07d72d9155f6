//! Markdown residue: heading hashes and emphasis delimiters.
//!
//! Takes the normalized text, its lines and the keep decisions of
//! `blocks`, and proposes deletions for `#` heading openers (and closing
//! hashes), emphasis delimiters (`**bold**`, `*italic*`, `_x_`, also
//! across the lines of one paragraph) and letter-spacing in headings
//! (`C o n c l u s i o n s`). Delimiters are paired with simplified
//! CommonMark flanking rules, so `2 * 3`, `snake_case` and `* item` stay.
//! Backslash escapes are left to `marks`, rules (`---`) to `blocks`.

use super::Line;
use crate::text::Edit;

/// Proposes markdown edits for kept lines.
pub(super) fn edits(
    text: &str,
    lines: &[Line],
    keep: &[bool],
    out: &mut Vec<Edit>,
) {
    let has_hash = memchr::memchr(b'#', text.as_bytes()).is_some();
    let has_emphasis = memchr::memchr2(b'*', b'_', text.as_bytes()).is_some();
    if !has_hash && !has_emphasis {
        return;
    }
    let mut runs = Vec::new();
    for (line, &kept) in lines.iter().zip(keep) {
        let content = &text[line.start..line.end];
        if !kept || content.trim().is_empty() {
            pair_runs(&runs, out);
            runs.clear();
            continue;
        }
        if has_hash && content.starts_with('#') {
            heading(text, *line, out);
        }
        if has_emphasis {
            delimiter_runs(text, *line, &mut runs);
        }
    }
    pair_runs(&runs, out);
}

/// Deletes `#`s opening (and closing) an ATX heading, and the letter
/// spacing of a spaced-out title.
fn heading(text: &str, line: Line, out: &mut Vec<Edit>) {
    let content = &text[line.start..line.end];
    let hashes = content.bytes().take_while(|&b| b == b'#').count();
    let rest = &content[hashes..];
    if hashes > 6 || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return;
    }
    let title = rest.trim_start_matches([' ', '\t']);
    let open = content.len() - title.len();
    out.push(Edit::delete(line.start..line.start + open));
    let trimmed = title.trim_end();
    let body = trimmed.trim_end_matches('#');
    if body.len() < trimmed.len() && (body.is_empty() || body.ends_with(' ')) {
        let body_end = line.start + open + body.trim_end().len();
        out.push(Edit::delete(body_end..line.end));
    }
    letter_spacing(
        text,
        line.start + open,
        line.start + open + body.len(),
        out,
    );
}

/// Deletes the spaces of a run of four or more single letters
/// (`C o n c l u s i o n s` -> `Conclusions`), so each letter keeps its
/// own raw offset.
fn letter_spacing(text: &str, start: usize, end: usize, out: &mut Vec<Edit>) {
    let flush = |run: &mut Vec<(usize, usize)>, out: &mut Vec<Edit>| {
        if run.len() >= 4 {
            for w in run.windows(2) {
                out.push(Edit::delete(start + w[0].1..start + w[1].0));
            }
        }
        run.clear();
    };
    let mut run = Vec::new();
    let mut pos = 0;
    for token in text[start..end].split(' ') {
        let token_start = pos;
        pos += token.len() + 1;
        let mut core =
            token.trim_matches(|c: char| !c.is_alphanumeric()).chars();
        let single = matches!(
            (core.next(), core.next()),
            (Some(c), None) if c.is_alphabetic()
        );
        if single {
            run.push((token_start, token_start + token.len()));
        } else {
            flush(&mut run, out);
        }
    }
    flush(&mut run, out);
}

/// A run of `*` or `_` and how it may act.
#[derive(Clone, Copy)]
struct Run {
    pos: usize,
    len: usize,
    byte: u8,
    open: bool,
    close: bool,
}

/// Collects delimiter runs of one line; line ends count as spaces.
fn delimiter_runs(text: &str, line: Line, runs: &mut Vec<Run>) {
    let content = &text[line.start..line.end];
    let bytes = content.as_bytes();
    let mut skip_to = 0;
    for i in memchr::memchr2_iter(b'*', b'_', bytes) {
        if i < skip_to {
            continue;
        }
        let byte = bytes[i];
        let len = bytes[i..].iter().take_while(|&&b| b == byte).count();
        skip_to = i + len;
        let escapes =
            bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
        if escapes % 2 == 1 || len > 3 {
            continue;
        }
        let before = content[..i].chars().next_back();
        let after = content[i + len..].chars().next();
        let open = after.is_some_and(|c| !c.is_whitespace())
            && before.is_none_or(|c| !c.is_alphanumeric());
        let close = before.is_some_and(|c| !c.is_whitespace())
            && after.is_none_or(|c| !c.is_alphanumeric());
        if open || close {
            runs.push(Run { pos: line.start + i, len, byte, open, close });
        }
    }
}

/// How far back a closer looks for its opener; bounds the work on a
/// paragraph full of unpaired delimiters.
const MAX_OPEN: usize = 32;

/// Pairs each closer with the nearest matching opener of one paragraph
/// and deletes both.
fn pair_runs(runs: &[Run], out: &mut Vec<Edit>) {
    let mut stack: Vec<Run> = Vec::new();
    for &run in runs {
        if run.close
            && let Some(k) = stack
                .iter()
                .rev()
                .take(MAX_OPEN)
                .position(|o| o.byte == run.byte && o.len == run.len)
                .map(|back| stack.len() - 1 - back)
        {
            let opener = stack[k];
            out.push(Edit::delete(opener.pos..opener.pos + opener.len));
            out.push(Edit::delete(run.pos..run.pos + run.len));
            stack.truncate(k);
            continue;
        }
        if run.open {
            stack.push(run);
        }
    }
}
