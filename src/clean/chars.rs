//! Character normalization: the first cleaning pass.
//!
//! Takes the raw text and proposes edits that make line ends and spaces
//! uniform (CRLF and lone CR become LF, NBSP and other Unicode spaces become
//! a plain space) and drop invisible format characters (soft hyphen, zero
//! width space, BOM, bidi marks) that split words for the taggers. ZWJ and
//! ZWNJ are kept: they carry meaning in emoji and in Persian or Indic text.
//! Everything line-based runs after this pass and may assume LF only.

use crate::text::Edit;
use regex::Regex;
use std::sync::LazyLock;

/// Every character this pass rewrites; one scan with a byte prefilter.
static ODD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\r\n?|[\u{a0}\u{ad}\u{2000}-\u{200b}\u{200e}\u{200f}",
        r"\u{2028}-\u{202f}\u{205f}\u{2060}\u{2066}-\u{2069}\u{3000}",
        r"\u{feff}]",
    ))
    .expect("valid regex")
});

/// Proposes the normalization edits for `text`.
pub(super) fn edits(text: &str, out: &mut Vec<Edit>) {
    for m in ODD.find_iter(text) {
        let r = m.range();
        match m.as_str() {
            "\r\n" => out.push(Edit::delete(r.start..r.start + 1)),
            "\r" | "\u{2028}" | "\u{2029}" => out.push(Edit::replace(r, "\n")),
            s => match s.chars().next() {
                Some(
                    '\u{a0}'
                    | '\u{2000}'..='\u{200a}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}',
                ) => out.push(Edit::replace(r, " ")),
                _ => out.push(Edit::delete(r)),
            },
        }
    }
}
