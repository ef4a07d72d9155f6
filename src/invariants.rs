//! Checks of the promises gazette makes on any input, shared by the
//! property tests, the fuzz targets (`fuzz/`) and the fuzz regression
//! tests, so all three prove the same thing.
//!
//! Each function runs one stage on arbitrary input and panics, with the
//! reason, when a promise is broken: no panic inside the stage, cleaned
//! text aligned to the raw text, entities on valid spans, JSONL read line
//! by line. They do no I/O.

use crate::clean::clean;
use crate::pipeline::Pipeline;
use crate::read::{Document, Item, ReadOptions, jsonl_items};

/// Cleans `raw` and checks the alignment: verbatim runs are byte-for-byte
/// copies of the raw text, in order; the raw range of every character of
/// the cleaned text is inside `raw`, on char boundaries, and monotone.
pub fn check_clean(raw: &str) {
    let aligned = clean(raw);
    let text = aligned.text();
    let mut last_raw = 0;
    for (c, r) in aligned.verbatim_spans() {
        assert_eq!(c.len(), r.len(), "verbatim run lengths");
        assert_eq!(text.get(c.clone()), raw.get(r.clone()), "verbatim run");
        assert!(r.start >= last_raw, "verbatim runs out of order");
        last_raw = r.end;
    }
    let mut prev = (0, 0);
    for (i, ch) in text.char_indices() {
        let r = aligned.raw_range(i..i + ch.len_utf8());
        assert!(r.start <= r.end && r.end <= raw.len(), "{r:?} out of bounds");
        assert!(
            raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end),
            "raw range {r:?} splits a character"
        );
        assert!(r.start >= prev.0 && r.end >= prev.1, "not monotone at {i}");
        prev = (r.start, r.end);
    }
    let all = aligned.raw_range(0..text.len());
    assert!(all.start <= all.end && all.end <= raw.len(), "whole range");
}

/// Processes `raw` as a document and checks the record: entities sorted,
/// non-overlapping, non-empty, `text[start:end] == entity.text` in code
/// points, raw span inside the input.
pub fn check_pipeline(pipeline: &Pipeline, raw: &str) {
    let record = pipeline.process(Document {
        id: "f".into(),
        text: raw.to_string(),
        ..Document::default()
    });
    assert!(record.error.is_none(), "error record: {:?}", record.error);
    let text = record.text.as_deref().expect("a record has text");
    let chars: Vec<char> = text.chars().collect();
    let raw_chars = raw.chars().count();
    let mut last_end = 0;
    for e in record.entities.as_deref().expect("a record has entities") {
        assert!(e.start < e.end && e.end <= chars.len(), "span of {e:?}");
        assert!(e.start >= last_end, "overlap or unsorted at {e:?}");
        last_end = e.end;
        let span: String = chars[e.start..e.end].iter().collect();
        assert_eq!(span, e.text, "text[start:end] of {e:?}");
        assert!(
            e.raw_start <= e.raw_end && e.raw_end <= raw_chars,
            "raw span of {e:?} outside the input"
        );
    }
}

/// Reads `data` as a JSONL stream with a small line limit and checks that
/// items come one per line at most, in line order, each error record
/// naming its line, and no document over the limit.
pub fn check_jsonl(data: &[u8]) {
    const LIMIT: usize = 64;
    let options =
        ReadOptions { max_doc_bytes: LIMIT, ..ReadOptions::default() };
    let input = std::io::Cursor::new(data.to_vec());
    let mut last_line = 0;
    let mut items = 0;
    for item in jsonl_items("f", Box::new(input), options) {
        items += 1;
        let source = match &item {
            Item::Doc(d) => {
                // The limit counts input bytes; lossy decoding turns each
                // bad byte into U+FFFD (3 bytes).
                let max = if d.lossy_utf8 { 3 * LIMIT } else { LIMIT };
                assert!(d.text.len() <= max, "limit not applied");
                &d.source
            }
            Item::Failed(r) => {
                assert!(r.error.is_some(), "failed item without error");
                &r.source
            }
        };
        let line: usize = source
            .strip_prefix("f:")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("source {source:?} is not f:LINE"));
        assert!(line > last_line, "lines out of order");
        last_line = line;
    }
    // Lines end in LF, CRLF or CR: never more items than terminators + 1.
    let ends = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
    assert!(items <= ends + 1, "{items} items from {ends} line ends");
}
