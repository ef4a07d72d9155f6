//! The output record: one JSON object per document.
//!
//! Takes resolved candidates (byte offsets into cleaned text) and the
//! alignment, and returns [`Record`]s whose offsets are Unicode code points,
//! as Python's `text[start:end]` expects, in cleaned and raw text alike. The
//! conversion walks each text once per document, because entities arrive
//! sorted and the alignment is monotone.

use crate::entity::{Candidate, EntityType};
use crate::text::{AlignedText, RawCursor};
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// One entity as written to JSONL.
///
/// The serde derive is the reference shape; `format` writes the same bytes
/// by hand for speed, so a field change here needs one there (its tests
/// compare the two).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Entity {
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Code-point offset of the first character in `text`.
    pub start: usize,
    /// Code-point offset one past the last character.
    pub end: usize,
    /// The mention, `text[start..end]`.
    pub text: String,
    /// Normalized value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub norm: Option<Cow<'static, str>>,
    /// MONEY amount.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_as_integer"
    )]
    pub amount: Option<f64>,
    /// MONEY ISO-4217 currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Gazetteer identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'static, str>>,
    /// Rule or list that produced the entity.
    pub method: &'static str,
    /// Code-point offset of the mention's start in the raw input.
    pub raw_start: usize,
    /// Code-point offset of the mention's end in the raw input.
    pub raw_end: usize,
}

/// Writes whole amounts as integers (`3500000`, not `3500000.0`), as the
/// norm string does, so tools that type columns see one kind of number.
fn whole_as_integer<S: serde::Serializer>(
    amount: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match *amount {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => {
            serializer.serialize_i64(x as i64)
        }
        Some(x) => serializer.serialize_f64(x),
        None => serializer.serialize_none(),
    }
}

/// One output line.
///
/// As with [`Entity`], `format` mirrors this serde shape by hand.
#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct Record {
    /// Document id (file stem or JSONL `id`).
    pub id: String,
    /// Where the document came from (`path` or `path:line`).
    pub source: String,
    /// [`content_hash`] of the raw text: with `id`, what `--resume` uses to
    /// tell a document already done from a new or changed one. Absent when
    /// the input could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Title, when the input has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Cleaned text (absent on error records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Entities, sorted and non-overlapping (absent on error records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<Entity>>,
    /// True when the input was not valid UTF-8 and was decoded lossily.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lossy_utf8: bool,
    /// JSONL input fields other than id and text, passed through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
    /// Why the document could not be processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Record {
    /// An error record: the document is accounted for, with the reason.
    pub fn error(id: String, source: String, error: String) -> Record {
        Record { id, source, error: Some(error), ..Record::default() }
    }

    /// Serializes as one JSON line (with the trailing newline), exactly
    /// as serde_json would.
    pub fn write_line(&self, out: &mut Vec<u8>) {
        crate::format::write_record(self, out);
    }
}

/// The content hash of a document: 64-bit FNV-1a over the UTF-8 bytes of
/// its raw text (after decoding, without a byte order mark), as 16
/// lowercase hex digits.
///
/// FNV-1a is a fixed, published function (unlike std's `DefaultHasher`,
/// which may change between Rust releases), so hashes written by one
/// gazette version stay valid for the next and anyone can recompute them;
/// 64 bits make an accidental collision between two versions of one
/// document negligible. It is not meant to resist deliberate collisions.
pub fn content_hash(text: &str) -> String {
    hex(fnv1a(FNV_OFFSET, text.as_bytes()))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of `bytes`, continuing from `hash`.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

fn hex(hash: u64) -> String {
    format!("{hash:016x}")
}

/// [`content_hash`] of each of `texts`, the same values, faster.
///
/// FNV-1a is one multiply per byte, each waiting for the one before:
/// about four cycles a byte, with the multiplier mostly idle. Four texts
/// hashed in step keep four such chains in flight at once. A lane takes
/// the next text as soon as its own is done, so the lanes stay full
/// whatever the lengths; only the last few texts finish alone.
pub fn content_hashes(texts: &[&str]) -> Vec<String> {
    const LANES: usize = 4;
    // Each text's hash so far; a lane keeps its state here.
    let mut hashes = vec![FNV_OFFSET; texts.len()];
    // The texts in the lanes, and how far each is hashed.
    let mut lanes: Vec<(usize, usize)> =
        (0..texts.len().min(LANES)).map(|t| (t, 0)).collect();
    if let Ok(full) = <&mut [(usize, usize); LANES]>::try_from(&mut lanes[..])
    {
        let mut next = LANES;
        'steps: loop {
            let step = full
                .iter()
                .map(|&(t, at)| texts[t].len() - at)
                .min()
                .unwrap_or(0);
            let [a, b, c, d] =
                full.map(|(t, at)| &texts[t].as_bytes()[at..at + step]);
            let [mut ha, mut hb, mut hc, mut hd] =
                full.map(|(t, _)| hashes[t]);
            for (((&a, &b), &c), &d) in a.iter().zip(b).zip(c).zip(d) {
                ha = (ha ^ u64::from(a)).wrapping_mul(FNV_PRIME);
                hb = (hb ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                hc = (hc ^ u64::from(c)).wrapping_mul(FNV_PRIME);
                hd = (hd ^ u64::from(d)).wrapping_mul(FNV_PRIME);
            }
            for (lane, h) in full.iter_mut().zip([ha, hb, hc, hd]) {
                hashes[lane.0] = h;
                lane.1 += step;
            }
            for lane in full.iter_mut() {
                if lane.1 == texts[lane.0].len() {
                    if next == texts.len() {
                        break 'steps;
                    }
                    *lane = (next, 0);
                    next += 1;
                }
            }
        }
    }
    // What is left of the texts still in a lane (none of a done one).
    for (t, at) in lanes {
        hashes[t] = fnv1a(hashes[t], &texts[t].as_bytes()[at..]);
    }
    hashes.into_iter().map(hex).collect()
}

/// Converts byte offsets of one string to code-point offsets, fastest
/// when they come in increasing order.
///
/// A code point is a byte that does not continue a UTF-8 sequence, so an
/// offset in code points is the byte offset less the continuation bytes
/// before it. Most text has few (a handful in a page of English with a
/// name like `Kırgız`): their positions are found once, eight bytes at a
/// time, and each conversion steps a cursor over them. Text dense with
/// them (Cyrillic, Chinese) counts the bytes between one offset and the
/// next instead.
struct CharCounter<'a> {
    text: &'a str,
    form: CountForm,
}

/// How a [`CharCounter`] counts.
enum CountForm {
    Sparse(SparseCounter),
    Dense(DenseCounter),
}

impl<'a> CharCounter<'a> {
    fn new(text: &'a str) -> CharCounter<'a> {
        // Past one continuation byte in 16, stepping over their positions
        // costs about what counting does, and the list grows large.
        let form =
            match continuation_positions(text.as_bytes(), text.len() / 16) {
                Some(positions) => {
                    CountForm::Sparse(SparseCounter { positions, cursor: 0 })
                }
                None => CountForm::Dense(DenseCounter { byte: 0, chars: 0 }),
            };
        CharCounter { text, form }
    }

    /// Code-point offset of byte offset `to`.
    // Called four times per entity: the call itself counts.
    #[inline(always)]
    fn at(&mut self, to: usize) -> usize {
        // Offsets inside a character are a bug upstream; fail as slicing
        // the text would.
        assert!(
            self.text.is_char_boundary(to),
            "byte offset {to} is not a character boundary"
        );
        match &mut self.form {
            CountForm::Sparse(counter) => counter.at(to),
            CountForm::Dense(counter) => counter.at(self.text.as_bytes(), to),
        }
    }
}

/// The positions of the continuation bytes of `bytes`, in order, or `None`
/// when there are more than `limit`.
fn continuation_positions(bytes: &[u8], limit: usize) -> Option<Vec<usize>> {
    let mut positions = Vec::new();
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    for w in &mut words {
        let mut lanes = [0; 8];
        lanes.copy_from_slice(w);
        let w = u64::from_le_bytes(lanes);
        // Plain ASCII, most words: one test.
        if w & HIGH != 0 {
            let mut flags = continuation_flags(w);
            while flags != 0 {
                positions.push(base + flags.trailing_zeros() as usize / 8);
                flags &= flags - 1;
            }
            if positions.len() > limit {
                return None;
            }
        }
        base += 8;
    }
    let tail = words.remainder().iter().enumerate();
    positions.extend(
        tail.filter(|&(_, b)| b & 0xc0 == 0x80).map(|(i, _)| base + i),
    );
    (positions.len() <= limit).then_some(positions)
}

/// [`CountForm`] over the positions of a text's continuation bytes.
struct SparseCounter {
    positions: Vec<usize>,
    /// How many of `positions` lie before the last offset converted.
    cursor: usize,
}

impl SparseCounter {
    #[inline(always)]
    fn at(&mut self, to: usize) -> usize {
        let positions = &self.positions;
        if self.cursor > 0 && positions[self.cursor - 1] >= to {
            self.cursor = positions.partition_point(|&p| p < to);
        }
        while positions.get(self.cursor).is_some_and(|&p| p < to) {
            self.cursor += 1;
        }
        to - self.cursor
    }
}

/// [`CountForm`] that counts the continuation bytes between one offset
/// and the next.
struct DenseCounter {
    byte: usize,
    chars: usize,
}

impl DenseCounter {
    /// `to` may go backwards, at the cost of a recount.
    #[inline(always)]
    fn at(&mut self, bytes: &[u8], to: usize) -> usize {
        if to < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let mut words = bytes[self.byte..to].chunks_exact(8);
        let mut continuing = 0;
        for w in &mut words {
            let mut lanes = [0; 8];
            lanes.copy_from_slice(w);
            continuing += continuation_bytes(u64::from_le_bytes(lanes));
        }
        let rest = words.remainder().len();
        let at = to - rest;
        if rest > 0 && at + 8 <= bytes.len() {
            // The last few bytes as the low lanes of a whole word, the
            // lanes past `to` cleared, rather than one at a time.
            let low = (1u64 << (8 * rest)) - 1;
            continuing += continuation_bytes(word(bytes, at) & low);
        } else {
            continuing +=
                bytes[at..to].iter().filter(|&&b| b & 0xc0 == 0x80).count();
        }
        self.chars += (to - self.byte) - continuing;
        self.byte = to;
        self.chars
    }
}

/// The eight bytes at `at`, the first in the low lane.
fn word(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// How many lanes of `w` hold a byte that continues a UTF-8 character
/// (`10xxxxxx`): code points are the bytes that do not. Counting eight at a
/// time pays because the spans between entities are short, where
/// `chars().count()` goes byte by byte.
fn continuation_bytes(w: u64) -> usize {
    const LANES: u64 = u64::from_ne_bytes([0x01; 8]);
    // The multiply sums the eight 0/1 lanes into the top one.
    ((continuation_flags(w) >> 7).wrapping_mul(LANES) >> 56) as usize
}

/// Bit 7 of each lane of `w` that holds a continuation byte: bit 7 set and
/// bit 6 clear (the shift moves each byte's bit 6 onto its bit 7).
fn continuation_flags(w: u64) -> u64 {
    w & !(w << 1) & HIGH
}

/// The high bit of every lane.
const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);

/// Builds the entity list of a record from resolved candidates.
pub fn entities(
    aligned: &AlignedText,
    raw: &str,
    candidates: Vec<Candidate>,
) -> Vec<Entity> {
    let text = aligned.text();
    let mut clean_chars = CharCounter::new(text);
    let mut raw_chars = CharCounter::new(raw);
    let mut raw_cursor = RawCursor::default();
    candidates
        .into_iter()
        .map(|c| {
            let raw_span =
                aligned.raw_range_from(&mut raw_cursor, c.start..c.end);
            Entity {
                kind: c.kind,
                start: clean_chars.at(c.start),
                end: clean_chars.at(c.end),
                text: text[c.start..c.end].to_string(),
                norm: c.norm,
                amount: c.amount,
                currency: c.currency,
                id: c.id,
                method: c.method,
                raw_start: raw_chars.at(raw_span.start),
                raw_end: raw_chars.at(raw_span.end),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Edit;

    #[test]
    fn record_content_hashes_match_one_at_a_time() {
        let mut rng = crate::patterns::XorShift(0x2545_f491_4f6c_dd1d);
        let words = ["", "a", "Kırgız ", "Bishkek, ", "\n", "😀", "[8] "];
        for count in 0..14 {
            let texts: Vec<String> = (0..count)
                .map(|_| {
                    let len = rng.next() % 40;
                    (0..len)
                        .map(|_| words[(rng.next() % 7) as usize])
                        .collect()
                })
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let one_at_a_time: Vec<String> =
                refs.iter().map(|t| content_hash(t)).collect();
            assert_eq!(content_hashes(&refs), one_at_a_time, "{refs:?}");
        }
        // The published FNV-1a test vectors.
        assert_eq!(
            content_hashes(&["", "a", "foobar", "", "a"]),
            [
                "cbf29ce484222325",
                "af63dc4c8601ec8c",
                "85944171f73967e8",
                "cbf29ce484222325",
                "af63dc4c8601ec8c"
            ]
        );
    }

    #[test]
    fn record_offsets_are_code_points() {
        let raw = "Kırgız[1] Bishkek";
        let mut aligned = AlignedText::new(raw);
        aligned.apply(vec![Edit::delete(8..11)]);
        let text = aligned.text();
        assert_eq!(text, "Kırgız Bishkek");
        let start = text.find("Bishkek").unwrap();
        let c = Candidate::new(start, start + 7, EntityType::Location, "t", 1);
        let e = &entities(&aligned, raw, vec![c])[0];
        assert_eq!((e.start, e.end), (7, 14));
        assert_eq!((e.raw_start, e.raw_end), (10, 17));
        let raw_chars: String = raw
            .chars()
            .skip(e.raw_start)
            .take(e.raw_end - e.raw_start)
            .collect();
        assert_eq!(raw_chars, "Bishkek");
    }

    #[test]
    fn record_char_counter_matches_chars() {
        // Dense (about one continuation byte in four) and sparse (one in
        // a hundred or so): both forms of the counter.
        let dense = "Kırgız Бишкек 😀 a\u{301}b plain ascii text, then Köln.";
        let sparse = format!(
            "{} Kırgız {}, Köln.",
            "plain ".repeat(20),
            "ascii ".repeat(30)
        );
        for text in [dense, sparse.as_str()] {
            let mut counter = CharCounter::new(text);
            let is_sparse = matches!(counter.form, CountForm::Sparse(_));
            assert_eq!(is_sparse, text == sparse, "{text}");
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &to) in bounds.iter().enumerate() {
                assert_eq!(counter.at(to), text[..to].chars().count());
                // Going back recounts.
                let back = bounds[k / 2];
                assert_eq!(counter.at(back), text[..back].chars().count());
                counter.at(to);
            }
        }
    }

    #[test]
    fn record_char_counter_agrees_with_chars_on_random_text() {
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        let pieces =
            ["the ", "Osh", ", ", "Kırgız", "é", "Бишкек", "😀", "\n", "ab"];
        for round in 0..200 {
            // Mostly ASCII with a little else, or a lot of everything.
            let text = if round % 2 == 0 {
                let mut t = rng.glue(&pieces[..1], 40);
                t.push_str(&rng.glue(&pieces, 3));
                t.push_str(&rng.glue(&pieces[..3], 40));
                t
            } else {
                rng.glue(&pieces, 30)
            };
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut counter = CharCounter::new(&text);
            for _ in 0..40 {
                let to = rng.pick(&bounds);
                assert_eq!(
                    counter.at(to),
                    text[..to].chars().count(),
                    "{text:?} {to}"
                );
            }
        }
    }

    #[test]
    #[should_panic]
    fn record_char_counter_rejects_offsets_inside_characters() {
        CharCounter::new("Köln").at(2);
    }

    #[test]
    #[should_panic]
    fn record_sparse_char_counter_rejects_offsets_inside_characters() {
        let text = format!("Köln{}", " ".repeat(40));
        let mut counter = CharCounter::new(&text);
        assert!(matches!(counter.form, CountForm::Sparse(_)));
        counter.at(2);
    }

    #[test]
    fn record_whole_amounts_are_integers() {
        let entity = |amount| Entity {
            kind: EntityType::Money,
            start: 0,
            end: 1,
            text: "x".into(),
            norm: None,
            amount: Some(amount),
            currency: None,
            id: None,
            method: "t",
            raw_start: 0,
            raw_end: 1,
        };
        let json =
            |a| serde_json::to_value(entity(a)).unwrap()["amount"].to_string();
        assert_eq!(json(3_500_000.0), "3500000");
        assert_eq!(json(1.5), "1.5");
    }

    #[test]
    fn record_content_hash_is_fnv1a_64() {
        // Published FNV-1a test vectors.
        assert_eq!(content_hash(""), "cbf29ce484222325");
        assert_eq!(content_hash("a"), "af63dc4c8601ec8c");
        assert_eq!(content_hash("foobar"), "85944171f73967e8");
    }

    #[test]
    fn error_record_has_only_id_source_error() {
        let mut out = Vec::new();
        Record::error("a".into(), "f.txt".into(), "binary file".into())
            .write_line(&mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":\"a\",\"source\":\"f.txt\",\"error\":\"binary file\"}\n"
        );
    }
}
