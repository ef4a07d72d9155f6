//! Output formats: how one [`Record`] becomes JSON lines.
//!
//! Takes finished records and appends their serialized lines to a buffer:
//! the whole record ([`OutputFormat::Records`], the default), one row per
//! entity for table tools such as pandas or DuckDB
//! ([`OutputFormat::Entities`]), or the `{"text", "spans"}` lines that
//! annotation tools (doccano, Prodigy, Label Studio) and spaCy's displaCy
//! manual mode read ([`OutputFormat::Spans`]). Offsets stay code points, as
//! in records. Deciding where lines go is left to `output`.

use crate::record::{Entity, Record};
use clap::ValueEnum;

/// The shape of the lines `gazette extract` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One record per document (see `gazette schema`).
    #[default]
    Records,
    /// One line per entity, with its document id; error documents have no
    /// lines.
    Entities,
    /// `{"id", "text", "spans": [{"start", "end", "label"}]}` per document;
    /// error documents have no lines.
    Spans,
}

/// Appends the lines of `record` in `format` (each ending in `\n`) to
/// `out`.
///
/// The lines are written by hand rather than through serde: records are
/// mostly short keys, small numbers and short strings, where serde_json's
/// generic machinery costs several times the bytes it writes. The bytes
/// are exactly what serializing [`Record`] (and the serde shapes in the
/// tests) with serde_json gives; the tests check both against each other.
pub fn write(record: &Record, format: OutputFormat, out: &mut Vec<u8>) {
    match format {
        OutputFormat::Records => write_record(record, out),
        OutputFormat::Entities => {
            let Some(entities) = &record.entities else {
                return;
            };
            let mut doc_id = Vec::with_capacity(record.id.len() + 16);
            doc_id.extend_from_slice(b"{\"doc_id\":");
            json::write_str(&mut doc_id, &record.id);
            out.reserve(entities.iter().map(entity_len).sum());
            for entity in entities {
                out.extend_from_slice(&doc_id);
                out.push(b',');
                write_entity_fields(entity, out);
                out.extend_from_slice(b"}\n");
            }
        }
        OutputFormat::Spans => {
            let (Some(text), Some(entities)) =
                (&record.text, &record.entities)
            else {
                return;
            };
            out.reserve(record.id.len() + text.len() + entities.len() * 48);
            out.extend_from_slice(b"{\"id\":");
            json::write_str(out, &record.id);
            out.extend_from_slice(b",\"text\":");
            json::write_str(out, text);
            out.extend_from_slice(b",\"spans\":[");
            for (i, e) in entities.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"start\":");
                json::write_uint(out, e.start as u64);
                out.extend_from_slice(b",\"end\":");
                json::write_uint(out, e.end as u64);
                out.extend_from_slice(b",\"label\":\"");
                out.extend_from_slice(e.kind.as_str().as_bytes());
                out.extend_from_slice(b"\"}");
            }
            out.extend_from_slice(b"]}\n");
        }
    }
}

/// A record as one line, fields in [`Record`]'s order, optional ones
/// skipped as its serde attributes skip them.
pub(crate) fn write_record(record: &Record, out: &mut Vec<u8>) {
    let text_len = record.text.as_ref().map_or(0, String::len);
    let entities_len: usize =
        record.entities.iter().flatten().map(entity_len).sum();
    // One allocation per line: the text (plus a little for escapes) and
    // the entities dominate the length.
    out.reserve(text_len + text_len / 32 + entities_len + 256);
    out.extend_from_slice(b"{\"id\":");
    json::write_str(out, &record.id);
    out.extend_from_slice(b",\"source\":");
    json::write_str(out, &record.source);
    if let Some(hash) = &record.hash {
        out.extend_from_slice(b",\"hash\":");
        json::write_str(out, hash);
    }
    if let Some(title) = &record.title {
        out.extend_from_slice(b",\"title\":");
        json::write_str(out, title);
    }
    if let Some(text) = &record.text {
        out.extend_from_slice(b",\"text\":");
        json::write_str(out, text);
    }
    if let Some(entities) = &record.entities {
        out.extend_from_slice(b",\"entities\":[");
        for (i, entity) in entities.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'{');
            write_entity_fields(entity, out);
            out.push(b'}');
        }
        out.push(b']');
    }
    if record.lossy_utf8 {
        out.extend_from_slice(b",\"lossy_utf8\":true");
    }
    if let Some(meta) = &record.meta {
        // Passed-through input values are arbitrary JSON and rare: serde
        // writes them, so numbers and key order stay exactly its own.
        out.extend_from_slice(b",\"meta\":");
        serde_json::to_writer(&mut *out, meta)
            .expect("serializing JSON values cannot fail");
    }
    if let Some(error) = &record.error {
        out.extend_from_slice(b",\"error\":");
        json::write_str(out, error);
    }
    out.extend_from_slice(b"}\n");
}

/// About how many bytes an entity takes as a JSON object: enough to
/// reserve the line once.
fn entity_len(e: &Entity) -> usize {
    let opt = |s: Option<&str>| s.map_or(0, |s| s.len() + 12);
    120 + e.text.len()
        + opt(e.norm.as_deref())
        + opt(e.currency.as_deref())
        + opt(e.id.as_deref())
}

/// The fields of an [`Entity`] without the braces, in its serde order.
fn write_entity_fields(e: &Entity, out: &mut Vec<u8>) {
    out.extend_from_slice(b"\"type\":\"");
    out.extend_from_slice(e.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"start\":");
    json::write_uint(out, e.start as u64);
    out.extend_from_slice(b",\"end\":");
    json::write_uint(out, e.end as u64);
    out.extend_from_slice(b",\"text\":");
    json::write_str(out, &e.text);
    if let Some(norm) = &e.norm {
        out.extend_from_slice(b",\"norm\":");
        json::write_str(out, norm);
    }
    if let Some(amount) = e.amount {
        out.extend_from_slice(b",\"amount\":");
        json::write_amount(out, amount);
    }
    if let Some(currency) = &e.currency {
        out.extend_from_slice(b",\"currency\":");
        json::write_str(out, currency);
    }
    if let Some(id) = &e.id {
        out.extend_from_slice(b",\"id\":");
        json::write_str(out, id);
    }
    out.extend_from_slice(b",\"method\":");
    json::write_str(out, e.method);
    out.extend_from_slice(b",\"raw_start\":");
    json::write_uint(out, e.raw_start as u64);
    out.extend_from_slice(b",\"raw_end\":");
    json::write_uint(out, e.raw_end as u64);
}

/// JSON scalars written the way serde_json writes them.
pub(crate) mod json {
    /// `s` as a JSON string literal, escaped as serde_json escapes: `"`,
    /// `\\` and the control characters below 0x20 (`\n`-style where JSON
    /// has a short form, `\u00xx` otherwise); everything else, DEL and
    /// non-ASCII included, verbatim.
    #[inline]
    pub fn write_str(out: &mut Vec<u8>, s: &str) {
        // Most strings of a record (an entity's text, norm, id, method)
        // are at most 16 bytes: their escape test and copy are a few
        // fixed-size word operations, inlined, with no call to `memcpy`.
        if !write_short_str(out, s.as_bytes()) {
            write_str_long(out, s);
        }
    }

    /// [`write_str`] for `bytes` of at most 16 bytes with nothing to
    /// escape; false (nothing written) otherwise.
    #[inline(always)]
    fn write_short_str(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
        let n = bytes.len();
        if n > 16 {
            return false;
        }
        let (lo, hi) = load_padded(bytes);
        // The padding is zeros, which the mask would flag as controls.
        let valid = |len: usize| match len {
            0 => 0,
            8.. => u64::MAX,
            len => (1u64 << (8 * len)) - 1,
        };
        let hits = (escape_mask(lo) & valid(n))
            | (escape_mask(hi) & valid(n.saturating_sub(8)));
        if hits != 0 {
            return false;
        }
        // The quote and both words in one fixed-size copy, then the
        // padding cut off again.
        let mut piece = [b'"'; 17];
        piece[1..9].copy_from_slice(&lo.to_le_bytes());
        piece[9..].copy_from_slice(&hi.to_le_bytes());
        let at = out.len();
        out.extend_from_slice(&piece);
        out.truncate(at + 1 + n);
        out.push(b'"');
        true
    }

    /// `bytes` (at most 16) as two little-endian words, zero-padded.
    #[inline(always)]
    fn load_padded(bytes: &[u8]) -> (u64, u64) {
        let n = bytes.len();
        let word = |at: usize| {
            let mut w = [0; 8];
            w.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(w)
        };
        let half = |at: usize| {
            let mut w = [0; 4];
            w.copy_from_slice(&bytes[at..at + 4]);
            u64::from(u32::from_le_bytes(w))
        };
        match n {
            // Overlapping loads: the last word moved down past the bytes
            // the first one holds.
            8.. => (
                word(0),
                if n == 8 { 0 } else { word(n - 8) >> (8 * (16 - n)) },
            ),
            4..=7 => (half(0) | (half(n - 4) << (8 * (n - 4))), 0),
            _ => {
                let mut w = 0;
                for (i, &b) in bytes.iter().enumerate() {
                    w |= u64::from(b) << (8 * i);
                }
                (w, 0)
            }
        }
    }

    /// [`write_str`] for any string.
    #[inline(never)]
    fn write_str_long(out: &mut Vec<u8>, s: &str) {
        let bytes = s.as_bytes();
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        // Runs of safe bytes are copied whole; eight bytes are checked at
        // a time, since escapes are rare (a few line breaks per text).
        let mut run = 0;
        let mut i = 0;
        while i + 8 <= bytes.len() {
            let mut word = [0; 8];
            word.copy_from_slice(&bytes[i..i + 8]);
            let hits = escape_mask(u64::from_le_bytes(word));
            if hits == 0 {
                i += 8;
                continue;
            }
            i += (hits.trailing_zeros() / 8) as usize;
            out.extend_from_slice(&bytes[run..i]);
            write_escape(out, bytes[i]);
            i += 1;
            run = i;
        }
        while i < bytes.len() {
            if needs_escape(bytes[i]) {
                out.extend_from_slice(&bytes[run..i]);
                write_escape(out, bytes[i]);
                run = i + 1;
            }
            i += 1;
        }
        out.extend_from_slice(&bytes[run..]);
        out.push(b'"');
    }

    fn needs_escape(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }

    /// High bit set in each byte of `w` that [`needs_escape`], and possibly
    /// in bytes above the first such one (borrows carry upwards), never
    /// below it: so the lowest set bit marks the first byte to escape.
    fn escape_mask(w: u64) -> u64 {
        const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
        const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
        let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        control
            | zero_byte(w ^ (ONES * u64::from(b'"')))
            | zero_byte(w ^ (ONES * u64::from(b'\\')))
    }

    fn write_escape(out: &mut Vec<u8>, b: u8) {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex =
                    [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
                out.extend_from_slice(b"\\u00");
                out.extend_from_slice(&hex);
                return;
            }
        };
        out.extend_from_slice(&[b'\\', short]);
    }

    /// `"00"` to `"99"`: two digits per division.
    const DIGIT_PAIRS: [u8; 200] = {
        let mut pairs = [0; 200];
        let mut i = 0;
        while i < 100 {
            pairs[2 * i] = b'0' + (i / 10) as u8;
            pairs[2 * i + 1] = b'0' + (i % 10) as u8;
            i += 1;
        }
        pairs
    };

    /// A non-negative integer in decimal.
    // Always inlined: at four calls per entity, the call and its register
    // saves cost 2.5 M of the entity writer's 36 M instructions per 2 MB.
    #[inline(always)]
    pub fn write_uint(out: &mut Vec<u8>, n: u64) {
        // Offsets are below 10^8: all eight digits are worked out at once
        // in one word and written as one fixed-size copy, where a digit
        // pair per division cost a branch and a store each.
        if n >= 100_000_000 {
            write_uint_long(out, n);
            return;
        }
        let digits = eight_digits(n as u32);
        // The leading zeros are the low bytes (the first in memory).
        let zeros = if n == 0 { 7 } else { digits.trailing_zeros() / 8 };
        let at = out.len();
        out.extend_from_slice(
            &((digits >> (8 * zeros)) | ASCII_ZEROS).to_le_bytes(),
        );
        out.truncate(at + 8 - zeros as usize);
    }

    const ASCII_ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);

    /// The eight decimal digits of `n` (below 10^8) as byte values 0 to 9,
    /// most significant first in memory (lowest byte), leading zeros
    /// included.
    fn eight_digits(n: u32) -> u64 {
        // Split into lanes and divide every lane at once by multiplying
        // with a scaled reciprocal: exact for these lane sizes, and the
        // products stay inside their lanes.
        let x = u64::from(n / 10_000) | u64::from(n % 10_000) << 32;
        let hundreds = ((x * 10_486) >> 20) & 0x0000_007f_0000_007f;
        let x = hundreds | (x - hundreds * 100) << 16;
        let tens = ((x * 103) >> 10) & 0x000f_000f_000f_000f;
        tens | (x - tens * 10) << 8
    }

    /// [`write_uint`] for any size.
    fn write_uint_long(out: &mut Vec<u8>, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        while n >= 100 {
            let pair = 2 * (n % 100) as usize;
            n /= 100;
            i -= 2;
            buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        }
        if n >= 10 {
            let pair = 2 * n as usize;
            i -= 2;
            buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        } else {
            i -= 1;
            buf[i] = b'0' + n as u8;
        }
        out.extend_from_slice(&buf[i..]);
    }

    /// A MONEY amount: whole amounts as integers (`3500000`, not
    /// `3500000.0`), as the norm string writes them, so tools that type
    /// columns see one kind of number; others as serde_json writes floats.
    pub fn write_amount(out: &mut Vec<u8>, x: f64) {
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            let n = x as i64;
            if n < 0 {
                out.push(b'-');
            }
            write_uint(out, n.unsigned_abs());
        } else {
            serde_json::to_writer(&mut *out, &x)
                .expect("serializing a float cannot fail");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityType;
    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::{Map, Value};

    // The serde shapes the hand-written lines must match byte for byte.

    #[derive(Serialize)]
    struct EntityRow<'a> {
        doc_id: &'a str,
        #[serde(flatten)]
        entity: &'a Entity,
    }

    #[derive(Serialize)]
    struct Span {
        start: usize,
        end: usize,
        label: EntityType,
    }

    #[derive(Serialize)]
    struct SpansLine<'a> {
        id: &'a str,
        text: &'a str,
        spans: Vec<Span>,
    }

    /// What serde_json writes for `record` in `format`.
    fn serde_lines(record: &Record, format: OutputFormat) -> String {
        let mut out = String::new();
        let mut line = |v: String| {
            out.push_str(&v);
            out.push('\n');
        };
        match format {
            OutputFormat::Records => {
                line(serde_json::to_string(record).unwrap())
            }
            OutputFormat::Entities => {
                for entity in record.entities.iter().flatten() {
                    let row = EntityRow { doc_id: &record.id, entity };
                    line(serde_json::to_string(&row).unwrap());
                }
            }
            OutputFormat::Spans => {
                if let (Some(text), Some(entities)) =
                    (&record.text, &record.entities)
                {
                    let spans = entities
                        .iter()
                        .map(|e| Span {
                            start: e.start,
                            end: e.end,
                            label: e.kind,
                        })
                        .collect();
                    let l = SpansLine { id: &record.id, text, spans };
                    line(serde_json::to_string(&l).unwrap());
                }
            }
        }
        out
    }

    fn written(record: &Record, format: OutputFormat) -> String {
        let mut out = Vec::new();
        write(record, format, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// A record using every optional field, with `text` in every string.
    fn full(text: &str, amount: f64) -> Record {
        let mut meta = Map::new();
        meta.insert("lang".into(), Value::from(text));
        meta.insert("n".into(), Value::from(1.5));
        meta.insert("list".into(), serde_json::json!([1, null, {"a": true}]));
        let mut record = sample();
        record.id = text.into();
        record.source = format!("{text}.jsonl:1");
        record.hash = Some(crate::record::content_hash(text));
        record.title = Some(text.into());
        record.text = Some(text.into());
        record.lossy_utf8 = true;
        record.meta = Some(meta);
        record.error = Some(text.into());
        let entities = record.entities.as_mut().unwrap();
        entities[0].amount = Some(amount);
        entities[0].text = text.into();
        entities[1].norm = Some(text.to_string().into());
        entities[1].id = Some(text.to_string().into());
        record
    }

    #[test]
    fn format_matches_serde_on_edge_cases() {
        let texts = [
            "",
            "a",
            "\"",
            "\\\\x\"\"",
            "tab\tnl\ncr\rbs\x08ff\x0cnul\0us\x1fdel\x7f",
            "exactly8",
            "Köln – “quoted” 😀 \u{2028}\u{a0}",
            "long run of safe text, then \"a quote\" and \\ a backslash\n",
        ];
        let amounts = [
            0.0,
            -0.0,
            5.0,
            -3.0,
            1.5,
            -2.25,
            3.5e6,
            1e16,
            9.0e15,
            1e300,
            f64::NAN,
            f64::INFINITY,
            0.1 + 0.2,
        ];
        let error = Record::error("e".into(), "e.txt".into(), "b\"in".into());
        for text in texts {
            for amount in amounts {
                for record in [
                    full(text, amount),
                    sample(),
                    error.clone(),
                    Record::default(),
                ] {
                    for format in [
                        OutputFormat::Records,
                        OutputFormat::Entities,
                        OutputFormat::Spans,
                    ] {
                        assert_eq!(
                            written(&record, format),
                            serde_lines(&record, format),
                            "{text:?} {amount} {format:?}"
                        );
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn format_strings_escape_as_serde(s in "(?s).{0,40}", ctrl in prop::collection::vec(0u8..0x30, 0..12)) {
            // Mix in control characters and quotes, which arbitrary
            // strings rarely hold.
            let mut text = s.clone();
            for (i, c) in ctrl.iter().enumerate() {
                let at = (i * 7) % (text.len() + 1);
                if text.is_char_boundary(at) {
                    text.insert(at, char::from(*c));
                }
            }
            text.push_str(&s);
            // Every length from 0 up, each suffix after a prefix already
            // written, so the word-at-a-time tails are all exercised.
            for cut in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
                let tail = &text[cut..];
                let mut out = b"x".to_vec();
                json::write_str(&mut out, tail);
                let want = format!("x{}", serde_json::to_string(tail).unwrap());
                prop_assert_eq!(String::from_utf8(out).unwrap(), want);
            }
        }

        #[test]
        fn format_numbers_as_serde(n in any::<u64>(), small in 0u64..100_000, x in any::<f64>()) {
            // Both sides of every digit-count step the fast paths take.
            let steps = [0, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, 99_999, 100_000, 999_999, 1_000_000];
            for n in steps.into_iter().chain([n, small]) {
                let mut out = b"x".to_vec();
                json::write_uint(&mut out, n);
                prop_assert_eq!(String::from_utf8(out).unwrap(), format!("x{n}"));
            }
            let mut record = sample();
            record.entities.as_mut().unwrap()[0].amount = Some(x);
            prop_assert_eq!(written(&record, OutputFormat::Records), serde_lines(&record, OutputFormat::Records));
        }
    }

    #[test]
    fn format_uint_lanes_are_exact() {
        // Every number up to two million and a spread of larger ones below
        // the eight-digit limit, against the formatter.
        let spread = (0..100_000_000u64).step_by(9_973);
        let edges = (1..=9).flat_map(|d| {
            let p = 10u64.pow(d);
            [p - 1, p, p + 1]
        });
        let mut out = Vec::new();
        for n in (0..2_000_000).chain(spread).chain(edges) {
            out.clear();
            json::write_uint(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes(), "{n}");
        }
    }

    fn sample() -> Record {
        Record {
            id: "d1".into(),
            source: "d1.txt".into(),
            text: Some("Paid $5 in Köln.".into()),
            entities: Some(vec![
                Entity {
                    kind: EntityType::Money,
                    start: 5,
                    end: 7,
                    text: "$5".into(),
                    norm: Some("5 USD".into()),
                    amount: Some(5.0),
                    currency: Some("USD".into()),
                    id: None,
                    method: "money",
                    raw_start: 5,
                    raw_end: 7,
                },
                Entity {
                    kind: EntityType::Location,
                    start: 11,
                    end: 15,
                    text: "Köln".into(),
                    norm: Some("Cologne".into()),
                    amount: None,
                    currency: None,
                    id: Some("Q365".into()),
                    method: "gazetteer",
                    raw_start: 11,
                    raw_end: 15,
                },
            ]),
            ..Record::default()
        }
    }

    fn lines(record: &Record, format: OutputFormat) -> Vec<String> {
        let mut out = Vec::new();
        write(record, format, &mut out);
        String::from_utf8(out).unwrap().lines().map(String::from).collect()
    }

    #[test]
    fn format_table() {
        let error = Record::error("e".into(), "e.txt".into(), "binary".into());
        let cases: &[(&Record, OutputFormat, &[&str])] = &[
            (
                &sample(),
                OutputFormat::Entities,
                &[
                    r#"{"doc_id":"d1","type":"MONEY","start":5,"end":7,"text":"$5","norm":"5 USD","amount":5,"currency":"USD","method":"money","raw_start":5,"raw_end":7}"#,
                    r#"{"doc_id":"d1","type":"LOCATION","start":11,"end":15,"text":"Köln","norm":"Cologne","id":"Q365","method":"gazetteer","raw_start":11,"raw_end":15}"#,
                ],
            ),
            (
                &sample(),
                OutputFormat::Spans,
                &[
                    r#"{"id":"d1","text":"Paid $5 in Köln.","spans":[{"start":5,"end":7,"label":"MONEY"},{"start":11,"end":15,"label":"LOCATION"}]}"#,
                ],
            ),
            (&error, OutputFormat::Entities, &[]),
            (&error, OutputFormat::Spans, &[]),
            (
                &error,
                OutputFormat::Records,
                &[r#"{"id":"e","source":"e.txt","error":"binary"}"#],
            ),
        ];
        for (record, format, want) in cases {
            assert_eq!(lines(record, *format), *want, "{format:?}");
        }
    }
}
