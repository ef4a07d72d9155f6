//! Property tests: cleaning, offset mapping and the whole pipeline on
//! random text built from the characters and markup that break naive code
//! (the same checks as the fuzz targets, see `gazette::invariants`).

use gazette::Pipeline;
use gazette::invariants::{check_clean, check_jsonl, check_pipeline};
use gazette::text::{AlignedText, Edit};
use proptest::prelude::*;
use std::sync::LazyLock;

static CLEAN: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::builder().build().expect("default pipeline"));
static RAW: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::builder().clean(false).build().expect("default pipeline")
});

/// Pieces of text: adversarial characters, wiki and markdown artifacts,
/// and words the taggers react to.
const PIECES: &[&str] = &[
    "İ",
    "ß",
    "ẞ",
    "e\u{301}",
    "\u{301}",
    "🎉",
    "👩\u{200d}👧",
    "🇰🇬",
    "\u{a0}",
    "\u{200f}",
    "\u{200e}",
    "\u{202b}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "¹",
    "²⁰",
    "ﬁ",
    "Ｏ",
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "[1]",
    "[12]",
    "[a]",
    "[edit]",
    "[citation needed]",
    "<sup>1</sup>",
    "<ref>x</ref>",
    "**",
    "*",
    "_",
    "`",
    "# ",
    "## ",
    "== ",
    " ==",
    "{{",
    "}}",
    "|",
    "[[",
    "]]",
    "(",
    ")",
    "\"",
    "'",
    "-",
    "–",
    ".",
    ",",
    ":",
    "$",
    "€",
    "£",
    "US$",
    "KGS",
    "som",
    "5",
    "1992",
    "12.5",
    "1,000",
    "million",
    "billion",
    "October",
    "6",
    "March",
    "yesterday",
    "Osh",
    "Naryn",
    "Bishkek",
    "Kyrgyzstan",
    "Sadyr",
    "Japarov",
    "Sadyr Japarov",
    "Mr.",
    "Bank",
    "Ltd",
    "University",
    "of",
    "the",
    "and",
    "said",
];

/// Pieces of JSONL input: records, line ends, JSON syntax, bad bytes.
const BYTES: &[&[u8]] = &[
    b"{\"id\":\"a\",\"text\":\"Osh\"}",
    b"\n",
    b"\r",
    b"\r\n",
    b"{",
    b"}",
    b"\"",
    b"\\u00e9",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\0",
    b" ",
    b"[1]",
    b"\"text\":",
    b"null",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn prop_clean_keeps_alignment(raw in text()) {
        check_clean(&raw);
    }

    #[test]
    fn prop_clean_keeps_alignment_on_any_string(raw in any::<String>()) {
        check_clean(&raw);
    }

    #[test]
    fn prop_pipeline_spans_are_valid(raw in text()) {
        check_pipeline(&CLEAN, &raw);
        check_pipeline(&RAW, &raw);
    }

    #[test]
    fn prop_jsonl_reader_never_panics(data in proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(BYTES)
                .prop_map(<[u8]>::to_vec),
            1 => any::<u8>().prop_map(|b| vec![b]),
        ],
        0..40,
    ).prop_map(|v| v.concat())) {
        check_jsonl(&data);
    }

    /// Random edit batches applied in successive passes: the alignment
    /// stays monotone and inside the raw text, verbatim runs stay verbatim.
    #[test]
    fn prop_aligned_text_random_edits(
        raw in text(),
        passes in proptest::collection::vec(
            proptest::collection::vec((0usize..400, 0usize..12, 0usize..3), 0..8),
            1..4,
        ),
    ) {
        let mut aligned = AlignedText::new(&raw);
        for pass in passes {
            let text = aligned.text();
            let edits = pass
                .into_iter()
                .map(|(at, len, kind)| {
                    let start = floor_boundary(text, at);
                    let end = floor_boundary(text, start + len);
                    match kind {
                        0 => Edit::delete(start..end),
                        1 => Edit::replace(start..end, " "),
                        _ => Edit::replace(start..end, "İx"),
                    }
                })
                .collect();
            aligned.apply(edits);
        }
        let text = aligned.text();
        for (c, r) in aligned.verbatim_spans() {
            prop_assert_eq!(&text[c], &raw[r]);
        }
        let mut prev = 0;
        for (i, ch) in text.char_indices() {
            let r = aligned.raw_range(i..i + ch.len_utf8());
            prop_assert!(r.start >= prev && r.end <= raw.len());
            prop_assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
            prev = r.start;
        }
    }
}

/// The largest char boundary of `s` at or below `i` (clamped to its end).
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
