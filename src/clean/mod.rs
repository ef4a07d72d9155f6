//! Cleaning: raw document text in, [`AlignedText`] out.
//!
//! Removes what is not prose (wiki chrome, reference lists, footnote marks
//! and bodies, residual HTML, markdown residue, hyphenation and blank-line
//! runs) through [`AlignedText::apply`] only, so every cleaned offset
//! still maps to the raw input. Taggers never see the raw text; `record`
//! maps spans back. Plain prose comes out untouched
//! ([`AlignedText::is_identity`]).
//!
//! Three passes, each one scan plus one `apply`, skipped when it proposes
//! nothing: `chars` (line ends, spaces, invisible characters), then
//! `blocks` + `marks` + `markdown` together (whole lines, then marks in
//! the kept lines), then `layout` (blank lines, trailing spaces,
//! hyphenation), which must see the text after lines were dropped.

mod blocks;
mod chars;
mod layout;
mod markdown;
mod marks;

use crate::text::AlignedText;

/// A line of the current text: `start..end` is its content without the
/// line feed, `next` is where the following line starts.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

/// Splits `text` into lines at LF (the `chars` pass removed CRs).
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::with_capacity(text.len() / 80 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(Line { start, end: nl, next: nl + 1 });
        start = nl + 1;
    }
    if start < text.len() {
        out.push(Line { start, end: text.len(), next: text.len() });
    }
    out
}

/// Cleans raw text, keeping the alignment to it.
pub fn clean(raw: &str) -> AlignedText {
    let mut aligned = AlignedText::new(raw);
    let mut edits = Vec::new();
    chars::edits(aligned.text(), &mut edits);
    aligned.apply(std::mem::take(&mut edits));

    let text = aligned.text();
    let lines = lines(text);
    let keep = blocks::classify(text, &lines, &mut edits);
    marks::edits(text, &lines, &keep, &mut edits);
    markdown::edits(text, &lines, &keep, &mut edits);
    aligned.apply(std::mem::take(&mut edits));

    layout::edits(aligned.text(), &mut edits);
    aligned.apply(edits);
    aligned
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cleans `raw`, checks the text, then checks that every word of the
    /// output that sits in a verbatim piece maps to the same raw bytes,
    /// and that each word in `kept` is such a word.
    fn check(raw: &str, want: &str, kept: &[&str]) {
        let t = clean(raw);
        assert_eq!(t.text(), want, "raw: {raw:?}");
        assert_words_map(raw, &t);
        for word in kept {
            let at = t
                .text()
                .find(word)
                .unwrap_or_else(|| panic!("{word:?} missing in {want:?}"));
            let r = at..at + word.len();
            assert!(t.is_verbatim(r.clone()), "{word:?} not verbatim");
            assert_eq!(&raw[t.raw_range(r)], *word, "raw of {word:?}");
        }
    }

    /// Every whitespace-separated word in a verbatim piece maps back to
    /// identical raw text; returns how many did.
    fn assert_words_map(raw: &str, t: &AlignedText) -> usize {
        let text = t.text();
        let mut n = 0;
        let mut pos = 0;
        for word in text.split(char::is_whitespace) {
            let r = pos..pos + word.len();
            pos += word.len();
            pos += text[pos..].chars().next().map_or(0, char::len_utf8);
            if word.is_empty() || !t.is_verbatim(r.clone()) {
                continue;
            }
            assert_eq!(&raw[t.raw_range(r)], word);
            n += 1;
        }
        n
    }

    /// `(raw, cleaned, words that must map back verbatim)`.
    type Row = (&'static str, &'static str, &'static [&'static str]);

    fn run(rows: &[Row]) {
        for (raw, want, kept) in rows {
            check(raw, want, kept);
        }
    }

    #[test]
    fn clean_leaves_clean_text_unchanged() {
        for text in [
            "Kyrgyzstan favors close relations with Russia.",
            "Kyrgyzstan favors close relations.\nRussia agreed.\n",
            "One paragraph.\n\nAnother [sic] one, 2 * 3 = 6, snake_case.\n",
            "A list:\n* item one\n- item two\n",
            "Prices rose 5% to $410 million in 2024 (see [w]hile).",
            "The area is 40 km² and grew 10⁶ times.",
            "",
        ] {
            let t = clean(text);
            assert!(t.is_identity(), "{text:?} -> {:?}", t.text());
        }
    }

    #[test]
    fn clean_strips_edit_marker() {
        run(&[
            (
                "Illegal drugs[edit]\n\nText.",
                "Illegal drugs\n\nText.",
                &["drugs"],
            ),
            ("History [edit source]\nText.", "History\nText.", &["History"]),
            ("[edit]\n\nText.", "Text.", &["Text."]),
        ]);
    }

    #[test]
    fn clean_strips_footnote_marks() {
        run(&[
            ("in 1992.[1] Then", "in 1992. Then", &["1992.", "Then"]),
            ("Greece.[18][19] A visit", "Greece. A visit", &["Greece."]),
            ("claim [12] here", "claim here", &["claim", "here"]),
            ("Osh[a] and Naryn", "Osh and Naryn", &["Osh", "Naryn"]),
            ("text[citation needed]. Next", "text. Next", &["Next"]),
            ("since 1991[when?] and", "since 1991 and", &["1991"]),
            ("x[note 3] y", "x y", &["y"]),
            (
                "\"[w]hile\" and [the state] stay",
                "\"[w]hile\" and [the state] stay",
                &[],
            ),
        ]);
    }

    #[test]
    fn clean_strips_superscript_marks() {
        run(&[
            (
                "of China.¹⁵⁹ Japarov",
                "of China. Japarov",
                &["China.", "Japarov"],
            ),
            ("Institutes.¹⁵⁶\n", "Institutes.\n", &["Institutes."]),
            ("China.²¹⁶ It is", "China. It is", &["It"]),
            ("Naryn¹ and", "Naryn and", &["Naryn"]),
            ("40 km² and 10⁶", "40 km² and 10⁶", &["km²"]),
        ]);
    }

    #[test]
    fn clean_strips_html() {
        run(&[
            ("were.<sup>1</sup> A drop", "were. A drop", &["were.", "drop"]),
            ("economy<sup>3</sup> as well", "economy as well", &["economy"]),
            ("the 10<sup>th</sup> day", "the 10th day", &["day"]),
            ("a <b>bold</b> move", "a bold move", &["bold", "move"]),
            ("one<br>two", "one two", &[]),
            ("text<ref>Smith 2001</ref> more", "text more", &["text"]),
            ("AT&amp;T and&nbsp;B", "AT&T and B", &[]),
            ("keep <!-- hidden --> this", "keep this", &["keep", "this"]),
            ("x < y > z and <Kyrgyz>", "x < y > z and <Kyrgyz>", &[]),
        ]);
    }

    #[test]
    fn clean_strips_wiki_chrome() {
        run(&[
            (
                "Foreign relations\n\nFrom Wikipedia, the free encyclopedia\n\
                 Jump to navigation Jump to search\n\
                 National emblem of Kyrgyzstan 2016.svg\n\
                 This article is part of a series on the\n\
                 politics and government of\n\
                 Flag of Kyrgyzstan.svg Kyrgyzstan portal\n\nKyrgyzstan favors.",
                "Foreign relations\n\nKyrgyzstan favors.",
                &["relations", "favors."],
            ),
            (
                "Flag of Canada.png Canada 1992\nText.",
                "Canada 1992\nText.",
                &["Canada"],
            ),
            (
                "Main article: China–Kyrgyzstan relations\nText.",
                "Text.",
                &["Text."],
            ),
            ("Text.\nv t e\nCategories: Foo | Bar\n", "Text.\n", &["Text."]),
            ("See File:Map of Osh.jpg here", "See here", &["See", "here"]),
        ]);
    }

    #[test]
    fn clean_strips_reference_sections() {
        run(&[
            (
                "Text.[1]\n\nSee also[edit]\n\n  1. ^ a b \"Kyrgyzstan\". BBC.\n\
                 2. ^ \"Archived copy\". Archived from the original on 2016.\n\
                 External links[edit]\n",
                "Text.\n",
                &["Text."],
            ),
            (
                "Text.\n^ a b c \"Title\". Retrieved 2009.\nMore text.",
                "Text.\nMore text.",
                &["More"],
            ),
            (
                "Text.\nFoo. Archived from the original on 9 January 2014.\n\
                 \"Bar\" CS1 maint: Archived copy as title (link)\nEnd.",
                "Text.\nEnd.",
                &["End."],
            ),
            (
                "# Title\n\nBody.\n\n## References\n\n1. Smith.\n\n## Later\n\nMore.",
                "Title\n\nBody.\n\nLater\n\nMore.",
                &["Body.", "More."],
            ),
        ]);
    }

    #[test]
    fn clean_strips_pdf_footnotes() {
        run(&[
            (
                "Body text<sup>3</sup> goes on\n\n<sup>3</sup> Thus, ore.\n\n\
                 as oil.\n",
                "Body text goes on\n\nas oil.\n",
                &["text", "oil."],
            ),
            (
                "Page one ends.\n\n---\n\nEnd of note 3 from before.\n\n\
                 <sup>4</sup> See: Pravda.\n\nneither a tightening<sup>7</sup> nor\n",
                "Page one ends.\n\nneither a tightening nor\n",
                &["ends.", "tightening"],
            ),
            (
                "ends here\n\n---\n\n<sup>8</sup> See: Pravda.\n\nabout 9,000 men.\n",
                "ends here\n\nabout 9,000 men.\n",
                &["9,000"],
            ),
            (
                "to render finan-\n\n<sup>14</sup> Note.\n\ncial assistance",
                "to render financial assistance",
                &["render", "assistance"],
            ),
            ("Text.\n\n¹ See: Pravda, 2003.\n", "Text.\n", &["Text."]),
        ]);
    }

    #[test]
    fn clean_strips_markdown() {
        run(&[
            (
                "# China–Kyrgyzstan relations\n\nText.",
                "China–Kyrgyzstan relations\n\nText.",
                &["relations"],
            ),
            ("## History ##\nText.", "History\nText.", &["History"]),
            (
                "**China–Kyrgyzstan relations** are",
                "China–Kyrgyzstan relations are",
                &["relations", "are"],
            ),
            (
                "see *Kazakhstanskaia pravda*, 2003",
                "see Kazakhstanskaia pravda, 2003",
                &["Kazakhstanskaia", "pravda"],
            ),
            ("an _italic_ word", "an italic word", &["italic"]),
            (
                "*D.Sc.,  \nsenior associate  \n(Moscow)*\n",
                "D.Sc.,\nsenior associate\n(Moscow)\n",
                &["senior"],
            ),
            (
                "worth \\$1 billion \\*x\\*",
                "worth $1 billion *x*",
                &["billion"],
            ),
            (
                "## *C o n c l u s i o n s*\n\nText.",
                "Conclusions\n\nText.",
                &[],
            ),
            ("Text.\n\n---\n\nMore.", "Text.\n\nMore.", &["More."]),
            ("2 * 3 * 4 and a*b*c", "2 * 3 * 4 and a*b*c", &[]),
        ]);
    }

    #[test]
    fn clean_joins_hyphenated_words() {
        run(&[
            ("the finan-\ncial aid", "the financial aid", &["the", "aid"]),
            ("the terror-  \n  ism today", "the terrorism today", &["today"]),
            ("at Kara-\nSuu market", "at Kara-Suu market", &["market"]),
            ("a list -\nnext", "a list -\nnext", &["list"]),
            ("ends 1990-\nnext", "ends 1990-\nnext", &[]),
        ]);
    }

    #[test]
    fn clean_collapses_blank_lines() {
        run(&[
            (
                "\n\nTitle\n\n\n\nText.\n\n\n",
                "Title\n\nText.\n",
                &["Title", "Text."],
            ),
            ("A\n  \n \t\nB", "A\n\nB", &["A", "B"]),
            ("A  \nB\t\n", "A\nB\n", &["A", "B"]),
            (
                "  • Azerbaijan\n\u{a0} Argentina",
                "• Azerbaijan\nArgentina",
                &["Argentina"],
            ),
            ("\n\n  \n", "", &[]),
        ]);
    }

    #[test]
    fn clean_normalizes_line_ends_and_spaces() {
        run(&[
            ("A\r\nB\rC\r\n\r\n\r\nD", "A\nB\nC\n\nD", &["A", "B", "D"]),
            ("Sadyr\u{a0}Japarov", "Sadyr Japarov", &["Sadyr", "Japarov"]),
            ("Kyr\u{ad}gyz\u{200b}stan", "Kyrgyzstan", &[]),
            ("\u{feff}Text\u{200e}.", "Text.", &["Text"]),
            ("finan-\r\ncial", "financial", &[]),
            (
                "Illegal drugs[edit]\r\n\r\nText.",
                "Illegal drugs\n\nText.",
                &["drugs"],
            ),
        ]);
    }

    #[test]
    fn clean_survives_adversarial_input() {
        let nasty = [
            "İstanbul ß straße ǅ",
            "e\u{301}\u{301}[1]\u{301}*\u{301}*",
            "👩\u{200d}👩\u{200d}👧 family¹ <sup>👍</sup>",
            "\u{202e}RTL\u{200f}[edit]\u{200d}\u{200c}",
            "\r\r\r\n\n\r",
            "[",
            "]",
            "<",
            "<sup>",
            "</sup>",
            "&#xFFFFFF; &#0; &#55296; &#x110000;",
            "\\",
            "**",
            "*_*_*_",
            "# ",
            "#",
            "-\n",
            "a-\n",
            "ä-\nö",
            "---\n",
            "---\n\n---\n\n<sup>1</sup>",
            "^",
            "1.",
            "¹",
            "x¹",
            "[a]",
            "File:.svg",
            "This article is part of a series on the",
            "References",
            "See also[edit]",
            "\u{a0}\u{a0}\n\u{3000}",
            "\u{2028}\u{2029}",
        ];
        for raw in nasty {
            let t = clean(raw);
            assert_words_map(raw, &t);
            let _ = t.raw_range(0..t.text().len());
        }
        // Every prefix of a messy document, cut on char boundaries.
        let doc = "# T\r\n\r\n**İ** [1] ¹ <sup>2</sup> finan-\r\ncial \\$ ß\u{a0}x\r";
        for (i, _) in doc.char_indices() {
            let t = clean(&doc[..i]);
            assert_words_map(&doc[..i], &t);
        }
    }

    #[test]
    fn clean_survives_random_token_soup() {
        const TOKENS: &[&str] = &[
            "[1]",
            "[a]",
            "[",
            "]",
            "<sup>",
            "</sup>",
            "<ref>",
            "</ref>",
            "<br>",
            "<!--",
            "-->",
            "¹",
            "²",
            "*",
            "_",
            "**",
            "\\",
            "#",
            "# ",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            " ",
            "\u{a0}",
            "-",
            "-\n",
            "---\n",
            "&amp;",
            "&#x41;",
            "&#0;",
            "İ",
            "ß",
            "e\u{301}",
            "👩\u{200d}👧",
            "\u{200f}",
            "\u{ad}",
            "word",
            "Word",
            "^ ",
            "1. ^ ",
            "File:x.svg",
            "[edit]",
            "References\n",
            "See also[edit]\n",
            "km",
            "10",
            "This article is part of a series on the\n",
            "portal",
            ".",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let raw: String = (0..len)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            let t = clean(&raw);
            assert_words_map(&raw, &t);
            let text = t.text();
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let r = t.raw_range(i..text.len());
                assert!(r.end <= raw.len(), "{raw:?}");
                assert!(raw.is_char_boundary(r.start), "{raw:?}");
                assert!(raw.is_char_boundary(r.end), "{raw:?}");
            }
        }
    }

    #[test]
    fn clean_is_linear_on_pathological_input() {
        let cases = [
            "<sup>".repeat(40_000),
            "<ref>x".repeat(30_000),
            "<sup>".repeat(40_000) + "</sup>",
            "---\nA\n".repeat(30_000),
            "*a ".repeat(40_000) + &"b_ ".repeat(40_000),
            "[".repeat(100_000),
            "a-\n".repeat(50_000),
            "\n".repeat(200_000),
            "x\u{b2}".repeat(50_000),
            "# ".repeat(50_000),
            "\r".repeat(100_000),
        ];
        for raw in &cases {
            let start = std::time::Instant::now();
            let t = clean(raw);
            let secs = start.elapsed().as_secs_f64();
            assert!(secs < 2.0, "{:?}...: {secs:.2}s", &raw[..12]);
            let _ = t.raw_range(0..t.text().len());
        }
    }

    /// Throughput over the seed documents; run with
    /// `cargo test --release --lib clean_throughput -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn clean_throughput() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/input");
        let mut docs = Vec::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(raw) = std::fs::read_to_string(entry.path()) {
                docs.push(raw);
            }
        }
        docs.push(
            "Kyrgyzstan favors close relations with Russia. ".repeat(400),
        );
        let bytes: usize = docs.iter().map(String::len).sum();
        for (name, set) in [
            ("seeds", &docs[..docs.len() - 1]),
            ("prose", &docs[docs.len() - 1..]),
        ] {
            let n: usize = set.iter().map(String::len).sum();
            let rounds = (200_000_000 / n.max(1)).max(1);
            let start = std::time::Instant::now();
            let mut out = 0;
            for _ in 0..rounds {
                for d in set {
                    out += clean(d).text().len();
                }
            }
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{name}: {:.1} MB/s ({out} bytes out)",
                (n * rounds) as f64 / secs / 1e6
            );
        }
        assert!(bytes > 0);
    }

    #[test]
    fn clean_maps_input_words_back() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/input");
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let Ok(raw) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let t = clean(&raw);
            let words = t.text().split_whitespace().count();
            let verbatim = assert_words_map(&raw, &t);
            // Nearly all words come through untouched; only joined words
            // and rewritten characters span edits.
            assert!(
                verbatim * 100 >= words * 98,
                "{}: {verbatim}/{words} verbatim",
                entry.path().display()
            );
            // Cleaning is idempotent: a clean document stays clean.
            assert!(
                clean(t.text()).is_identity(),
                "{}",
                entry.path().display()
            );
        }
    }
}
