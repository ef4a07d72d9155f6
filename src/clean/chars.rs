//! Character normalization: the first cleaning pass.
//!
//! Takes the raw text and proposes edits that make line ends and spaces
//! uniform (CRLF and lone CR become LF, NBSP and other Unicode spaces become
//! a plain space) and drop invisible format characters (soft hyphen, zero
//! width space, BOM, bidi marks) that split words for the taggers. ZWJ and
//! ZWNJ are kept: they carry meaning in emoji and in Persian or Indic text.
//! Everything line-based runs after this pass and may assume LF only.

use crate::text::Edit;

/// Proposes the normalization edits for `text`.
///
/// Every character this pass rewrites is `\r` or starts with one of the
/// UTF-8 lead bytes C2 (U+00A0, U+00AD), E2 (U+2000..U+206F), E3 (U+3000)
/// or EF (U+FEFF), so memchr finds every candidate without a regex.
pub(super) fn edits(text: &str, out: &mut Vec<Edit>) {
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> =
        memchr::memchr3_iter(b'\r', 0xC2, 0xE2, bytes)
            .chain(memchr::memchr2_iter(0xE3, 0xEF, bytes))
            .collect();
    starts.sort_unstable();
    for start in starts {
        if bytes[start] == b'\r' {
            if bytes.get(start + 1) == Some(&b'\n') {
                out.push(Edit::delete(start..start + 1));
            } else {
                out.push(Edit::replace(start..start + 1, "\n"));
            }
            continue;
        }
        let Some(c) = text[start..].chars().next() else { continue };
        let r = start..start + c.len_utf8();
        match c {
            '\u{2028}' | '\u{2029}' => out.push(Edit::replace(r, "\n")),
            '\u{a0}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}' => out.push(Edit::replace(r, " ")),
            '\u{ad}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => out.push(Edit::delete(r)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    /// The definition [`edits`] implements, as one regex.
    static ODD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"\r\n?|[\u{a0}\u{ad}\u{2000}-\u{200b}\u{200e}\u{200f}",
            r"\u{2028}-\u{202f}\u{205f}\u{2060}\u{2066}-\u{2069}\u{3000}",
            r"\u{feff}]",
        ))
        .expect("valid regex")
    });

    fn by_regex(text: &str) -> Vec<Edit> {
        let mut out = Vec::new();
        for m in ODD.find_iter(text) {
            let r = m.range();
            match m.as_str() {
                "\r\n" => out.push(Edit::delete(r.start..r.start + 1)),
                "\r" | "\u{2028}" | "\u{2029}" => {
                    out.push(Edit::replace(r, "\n"))
                }
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
        out
    }

    fn by_hand(text: &str) -> Vec<Edit> {
        let mut out = Vec::new();
        edits(text, &mut out);
        out
    }

    proptest! {
        #[test]
        fn chars_edits_same_as_regex(
            parts in proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(vec![
                        "\r", "\n", "\r\n", "a", " ", "–", "“", "é", "€",
                        "\u{a0}", "\u{ad}", "\u{200b}", "\u{200c}", "\u{200d}",
                        "\u{2028}", "\u{202a}", "\u{202f}", "\u{2060}",
                        "\u{2066}", "\u{2069}", "\u{3000}", "\u{3001}",
                        "\u{feff}", "\u{fffd}", "\u{2070}", "\u{b9}",
                    ]).prop_map(str::to_string),
                    // Any char of the lead bytes' blocks.
                    (0x2000u32..0x2080).prop_map(|c| char::from_u32(c)
                        .map(String::from).unwrap_or_default()),
                ],
                0..30,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(by_hand(&text), by_regex(&text));
        }
    }
}
