//! A one-pass word scanner shared by the name taggers (PERSON,
//! ORGANIZATION, LOCATION).
//!
//! Takes cleaned text and returns [`Token`]s with byte offsets, a coarse
//! [`Shape`] (capitalised, all-caps, initial, lower-case, number,
//! punctuation), whether the token opens a sentence, and whether a
//! possessive `'s` was cut off its end, and for capitalised tokens the
//! word lists they are on (one hash lookup into all lists at once).
//! [`name_chunks`] groups runs of capitalised tokens into candidate names;
//! [`with_scan`] lets the taggers of one document share one scan. Deciding
//! what a chunk *is* is left to the taggers.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

/// The coarse shape of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// First letter upper-case, some lower-case letter: `Japarov`, `McGill`,
    /// `St.`, `al-Assad`.
    Cap,
    /// Two or more letters, all upper-case: `NATO`, `MTV2`, `U.S.`.
    Upper,
    /// One upper-case letter and a period: `J.`.
    Initial,
    /// Starts with a lower-case letter: `of`, `von`.
    Lower,
    /// Starts with a digit.
    Number,
    /// Any other single character.
    Punct,
}

/// One word or punctuation mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte (before any possessive `'s`).
    pub end: usize,
    /// Coarse shape.
    pub shape: Shape,
    /// [`Token::sent_start`], [`Token::spaced`], [`Token::glued`] and
    /// [`Token::possessive`] as bits: one byte keeps the token at 24
    /// bytes and is one store for the scan.
    flags: u8,
    /// For capitalised, all-caps and initial tokens, the word lists the
    /// word is on (`class` bits), looked up once here; 0 otherwise.
    pub class: u32,
}

/// Bits of [`Token::flags`].
mod flag {
    pub const SENT_START: u8 = 1;
    pub const SPACED: u8 = 2;
    pub const GLUED: u8 = 4;
    pub const POSSESSIVE: u8 = 8;
}

impl Token {
    /// The token's text.
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The token's bytes: cheaper than [`Token::text`] (no char boundary
    /// checks) where a word is only compared with ASCII words.
    #[inline]
    pub(crate) fn bytes<'t>(&self, text: &'t str) -> &'t [u8] {
        text.as_bytes().get(self.start..self.end).unwrap_or_default()
    }

    /// Length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    /// First word of a sentence (or of the text, or of a line).
    pub fn sent_start(&self) -> bool {
        self.flags & flag::SENT_START != 0
    }

    /// Separated from the previous token by spaces only (no line break).
    pub fn spaced(&self) -> bool {
        self.flags & flag::SPACED != 0
    }

    /// Separated from the previous token by nothing at all.
    pub fn glued(&self) -> bool {
        self.flags & flag::GLUED != 0
    }

    /// A possessive `'s` / `’s` followed the word and is not in the span.
    pub fn possessive(&self) -> bool {
        self.flags & flag::POSSESSIVE != 0
    }

    /// Whether the token can be part of a proper name.
    pub fn is_namey(&self) -> bool {
        matches!(self.shape, Shape::Cap | Shape::Upper | Shape::Initial)
    }
}

/// A word-classification hash, fast on the short keys name rules look
/// up (an FxHash-style multiply-rotate; the keys are our own word lists
/// and gazetteer names, so flooding is not a concern).
#[derive(Clone, Copy, Debug, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word)
            .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply mixes upward: bring the well-mixed high bits down to
        // where the table takes its bucket index.
        self.0.rotate_left(26)
    }
}

/// A hash set of strings with [`WordHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<WordHasher>>;

/// A hash map with [`WordHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Bits of [`classes`]: which word lists a word is on.
pub(crate) mod class {
    /// On the `KEEPS_PERIOD` list.
    pub const KEEPS_PERIOD: u32 = 1 << 0;
    /// On the `PARTICLE` list.
    pub const PARTICLE: u32 = 1 << 1;
    /// On the `FUNCTION_WORD` list.
    pub const FUNCTION_WORD: u32 = 1 << 2;
    /// On the `CALENDAR_WORD` list.
    pub const CALENDAR_WORD: u32 = 1 << 3;
    /// On the `NATIONALITY` list.
    pub const NATIONALITY: u32 = 1 << 4;
    /// On the `DETERMINER` list.
    pub const DETERMINER: u32 = 1 << 5;
    /// On the `NAME_OPENER` list.
    pub const NAME_OPENER: u32 = 1 << 6;
    /// On the `THING` list.
    pub const THING: u32 = 1 << 7;
    /// On the `TITLE` list.
    pub const TITLE: u32 = 1 << 8;
    /// On the `TITLE_MODIFIER` list.
    pub const TITLE_MODIFIER: u32 = 1 << 9;
    /// On the `ROLE` list.
    pub const ROLE: u32 = 1 << 10;
    /// On the `SPORT` list.
    pub const SPORT: u32 = 1 << 11;
    /// On the `UNKNOWN_ACRONYM` list.
    pub const UNKNOWN_ACRONYM: u32 = 1 << 12;
    /// On the `PLURAL_PLACE` list.
    pub const PLURAL_PLACE: u32 = 1 << 13;
    /// On the `ORG_HEAD` list.
    pub const ORG_HEAD: u32 = 1 << 14;
    /// On the `COMPANY_SUFFIX` list.
    pub const COMPANY_SUFFIX: u32 = 1 << 15;
    /// On the `ORG_CUE` list.
    pub const ORG_CUE: u32 = 1 << 16;
    /// On the `PLACE_SUFFIX` list.
    pub const PLACE_SUFFIX: u32 = 1 << 17;
    /// On the `PLACE_PREFIX` list.
    pub const PLACE_PREFIX: u32 = 1 << 18;
    /// On the `PLACE_OF` list.
    pub const PLACE_OF: u32 = 1 << 19;
    /// On the `SETTLEMENT` list.
    pub const SETTLEMENT: u32 = 1 << 20;
    /// On the `PLACE_CUE` list.
    pub const PLACE_CUE: u32 = 1 << 21;
}

/// Every word list the name rules consult, with its class bit.
fn class_lists() -> Vec<(&'static [&'static str], u32)> {
    use super::{location, org, person};
    vec![
        (KEEPS_PERIOD_WORDS, class::KEEPS_PERIOD),
        (PARTICLE_WORDS, class::PARTICLE),
        (FUNCTION_WORD_WORDS, class::FUNCTION_WORD),
        (CALENDAR_WORD_WORDS, class::CALENDAR_WORD),
        (NATIONALITY_WORDS, class::NATIONALITY),
        (person::DETERMINER_WORDS, class::DETERMINER),
        (person::NAME_OPENER_WORDS, class::NAME_OPENER),
        (person::THING_WORDS, class::THING),
        (person::TITLE_WORDS, class::TITLE),
        (person::TITLE_MODIFIER_WORDS, class::TITLE_MODIFIER),
        (person::ROLE_WORDS, class::ROLE),
        (org::SPORT_WORDS, class::SPORT),
        (org::UNKNOWN_ACRONYM_WORDS, class::UNKNOWN_ACRONYM),
        (org::PLURAL_PLACE_WORDS, class::PLURAL_PLACE),
        (org::ORG_HEAD_WORDS, class::ORG_HEAD),
        (org::COMPANY_SUFFIX_WORDS, class::COMPANY_SUFFIX),
        (org::ORG_CUE_WORDS, class::ORG_CUE),
        (location::PLACE_SUFFIX_WORDS, class::PLACE_SUFFIX),
        (location::PLACE_PREFIX_WORDS, class::PLACE_PREFIX),
        (location::PLACE_OF_WORDS, class::PLACE_OF),
        (location::SETTLEMENT_WORDS, class::SETTLEMENT),
        (location::PLACE_CUE_WORDS, class::PLACE_CUE),
    ]
}

/// A map from words to `u32` bits as one open-addressing table, keyed by
/// a word's bytes packed into two `u64`s: a probe is a multiply and one or
/// two integer compares, where a `HashMap<&str, _>` lookup hashed, probed
/// and then called `memcmp`. The word lists are asked about every
/// name-like token and in most rule checks, the given names and stopwords
/// about most chunks and gazetteer matches.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordTable {
    slots: Box<[WordSlot]>,
    /// One byte per slot, 0 for an empty one, else eight bits of the
    /// word's hash with the high bit set: a probe reads these 1-byte
    /// tags (32 KB for the given names) and touches a 24-byte slot only
    /// on a tag match, where every probe read slots (786 KB, past the
    /// core's cache) and most lookups are of words not in the table.
    tags: Box<[u8]>,
    /// Words longer than [`WordTable::PACKED`] bytes.
    long: FastMap<Box<[u8]>, u32>,
    /// Bit `b` set when some word starts with byte `b`: most words asked
    /// of the given-name list are lower-case, which no name starts with,
    /// and [`WordTable::contains`] turns them down before hashing. (Not
    /// in [`WordTable::get`]: the tokenizer's lookups, all of capitalised
    /// words, pass it anyway, and the test kept `get` from being inlined.)
    firsts: [u64; 4],
}

/// The lexicon's given names and stopwords as [`WordTable`]s, built once
/// per pipeline and shared: the gazetteer and three name taggers consult
/// them, and four copies of the 16k given names (786 KB each) were four
/// builds at start-up and four tables competing for the cache.
#[derive(Debug, Default)]
pub(crate) struct NameLists {
    pub(crate) given: WordTable,
    pub(crate) stop: WordTable,
}

impl NameLists {
    pub(crate) fn new(lexicon: &crate::gazetteer::Lexicon) -> NameLists {
        NameLists {
            given: WordTable::set(lexicon.given_names.iter().map(|w| &**w)),
            stop: WordTable::set(lexicon.stopwords.iter().map(|w| &**w)),
        }
    }
}

/// One slot of [`WordTable`]; empty when its tag is 0.
#[derive(Clone, Copy, Debug, Default)]
struct WordSlot {
    lo: u64,
    hi: u64,
    len: u32,
    bits: u32,
}

impl WordTable {
    /// Longest word kept in the packed slots.
    const PACKED: usize = 16;

    /// A table of `words`, each with its bits (bits of a repeated word
    /// are or-ed).
    pub(crate) fn new<'w>(
        words: impl IntoIterator<Item = (&'w [u8], u32)>,
    ) -> WordTable {
        let words: Vec<_> = words.into_iter().collect();
        // At most half full, so probes stay short.
        let size = (2 * words.len()).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![WordSlot::default(); size].into(),
            tags: vec![0; size].into(),
            long: FastMap::default(),
            firsts: [0; 4],
        };
        for (word, bits) in words {
            table.insert(word, bits);
        }
        table
    }

    /// A set of `words`: [`WordTable::get`] answers 1 for a member.
    pub(crate) fn set<'w>(
        words: impl IntoIterator<Item = &'w str>,
    ) -> WordTable {
        WordTable::new(words.into_iter().map(|w| (w.as_bytes(), 1)))
    }

    fn insert(&mut self, w: &[u8], bits: u32) {
        let Some(&first) = w.first() else { return };
        let (at, bit) = first_byte_bit(first);
        self.firsts[at] |= bit;
        if w.len() > Self::PACKED {
            *self.long.entry(w.into()).or_insert(0) |= bits;
            return;
        }
        let (lo, hi) = pack(w);
        let len = w.len() as u32;
        let mask = self.slots.len() - 1;
        let (mut at, tag) = slot_of(lo, hi, len, mask);
        loop {
            let slot = &mut self.slots[at];
            if self.tags[at] == 0 {
                self.tags[at] = tag;
                *slot = WordSlot { lo, hi, len, bits };
                return;
            }
            if (slot.lo, slot.hi, slot.len) == (lo, hi, len) {
                slot.bits |= bits;
                return;
            }
            at = (at + 1) & mask;
        }
    }

    /// The bits of `w`, 0 when it is not in the table.
    pub(crate) fn get(&self, w: &[u8]) -> u32 {
        if w.len() > Self::PACKED {
            return self.get_long(w);
        }
        if w.is_empty() || self.slots.is_empty() {
            return 0;
        }
        let (lo, hi) = pack(w);
        self.get_packed(lo, hi, w.len() as u32)
    }

    /// [`WordTable::get`] for a word longer than [`WordTable::PACKED`]
    /// bytes: rare, and kept out of line so that the hash map's code does
    /// not make every short lookup save and restore registers.
    #[inline(never)]
    fn get_long(&self, w: &[u8]) -> u32 {
        self.long.get(w).copied().unwrap_or(0)
    }

    /// [`WordTable::get`] for a word of 1 to [`WordTable::PACKED`] bytes
    /// given as [`pack`] packs it, in a non-empty table.
    fn get_packed(&self, lo: u64, hi: u64, len: u32) -> u32 {
        let mask = self.slots.len() - 1;
        let (mut at, tag) = slot_of(lo, hi, len, mask);
        loop {
            let here = self.tags[at];
            if here == 0 {
                return 0;
            }
            if here == tag {
                let slot = &self.slots[at];
                if slot.lo == lo && slot.hi == hi && slot.len == len {
                    return slot.bits;
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// Whether `word` is in the table.
    pub(crate) fn contains(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else { return false };
        let (at, bit) = first_byte_bit(first);
        self.firsts[at] & bit != 0 && self.get(word.as_bytes()) != 0
    }

    /// Whether `word`, lower-cased, is in the table: in its packed form
    /// for short ASCII words, through `to_lowercase` otherwise.
    pub(crate) fn contains_lowercase(&self, word: &str) -> bool {
        // Short ASCII words are lowered in their packed form.
        let w = word.as_bytes();
        if (1..=Self::PACKED).contains(&w.len()) && !self.slots.is_empty() {
            let (lo, hi) = pack(w);
            if (lo | hi) & (ONES * 0x80) == 0 {
                let len = w.len() as u32;
                return self.get_packed(ascii_lower(lo), ascii_lower(hi), len)
                    != 0;
            }
        }
        self.contains_unicode_lowercase(word)
    }

    /// [`WordTable::contains_lowercase`] through `to_lowercase`: rare,
    /// and out of line so that the short path stays a light leaf.
    #[inline(never)]
    fn contains_unicode_lowercase(&self, word: &str) -> bool {
        self.contains(&word.to_lowercase())
    }
}

/// Where byte `b` sits in [`WordTable`]'s first-byte set: word and bit.
fn first_byte_bit(b: u8) -> (usize, u64) {
    (usize::from(b >> 6), 1 << (b & 63))
}

/// Calls `f` with `word` lower-cased: on the stack for short ASCII words
/// (rules ask this of many tokens), through `to_lowercase` otherwise.
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(w) = std::str::from_utf8(lower) {
            return f(w);
        }
    }
    f(&word.to_lowercase())
}

/// The [`class`] bits of `t`: looked up once by the scan for name-like
/// tokens, here for the others.
pub(crate) fn token_class(text: &str, t: &Token) -> u32 {
    if t.is_namey() { t.class } else { classes(t.text(text)) }
}

/// A byte of ones in each byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;

/// `x`, eight ASCII bytes, with `A`-`Z` lowered: per-byte sums that cannot
/// carry into the next byte put a high bit on each upper-case letter,
/// moved down to 0x20 and or-ed in.
fn ascii_lower(x: u64) -> u64 {
    let above_at = x + ONES * (0x7f - u64::from(b'@'));
    let below_bracket = (ONES * (0x7f + u64::from(b'['))).wrapping_sub(x);
    x | ((above_at & below_bracket & (ONES * 0x80)) >> 2)
}

/// The slot a packed word starts probing at, in a table of `mask + 1`
/// slots.
fn slot_of(lo: u64, hi: u64, len: u32, mask: usize) -> (usize, u8) {
    let h = (lo ^ hi.rotate_left(29) ^ u64::from(len))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    // The multiply mixes upward: take the index from the high bits, the
    // tag from the byte below them (never 0, which marks an empty slot).
    ((h >> 40) as usize & mask, (h >> 32) as u8 | 0x80)
}

/// The first 16 bytes of `w` (1 to 16 bytes long) as two little-endian
/// words, zero-padded; with the length they identify the word. Built from
/// overlapping fixed-size loads, so no byte loop and no `memcpy` call.
fn pack(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    let load8 = |s: &[u8]| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&s[..8]);
        u64::from_le_bytes(b)
    };
    let load4 = |s: &[u8]| {
        let mut b = [0u8; 4];
        b.copy_from_slice(&s[..4]);
        u64::from(u32::from_le_bytes(b))
    };
    if n >= 8 {
        let lo = load8(w);
        // Bytes 8.. of the word, moved down from a load of its last 8.
        let hi = if n == 8 { 0 } else { load8(&w[n - 8..]) >> (8 * (16 - n)) };
        (lo, hi)
    } else if n >= 4 {
        (load4(w) | (load4(&w[n - 4..]) << (8 * (n - 4))), 0)
    } else {
        let at = |i: usize| u64::from(w[i]) << (8 * i);
        (at(0) | at(n / 2) | at(n - 1), 0)
    }
}

static CLASSES: LazyLock<WordTable> = LazyLock::new(|| {
    WordTable::new(class_lists().into_iter().flat_map(|(words, bit)| {
        words.iter().map(move |w| (w.as_bytes(), bit))
    }))
});

/// The lists `word` is on, as [`class`] bits: one lookup answers every
/// list question a rule asks about a token.
pub(crate) fn classes(word: &str) -> u32 {
    CLASSES.get(word.as_bytes())
}

/// Whether `word` is on any of the lists in `bits`.
pub(crate) fn has_class(word: &str, bits: u32) -> bool {
    classes(word) & bits != 0
}

/// Abbreviations that keep their period (so it does not end a sentence).
fn keeps_period(word: &[u8]) -> bool {
    CLASSES.get(word) & class::KEEPS_PERIOD != 0
}

/// Bits of [`BYTE_CLASS`].
mod byte {
    /// ASCII whitespace (what `char::is_whitespace` accepts below 0x80).
    pub const SPACE: u8 = 1;
    /// `A`-`Z`.
    pub const UPPER: u8 = 2;
    /// `a`-`z`.
    pub const LOWER: u8 = 4;
    /// `0`-`9`.
    pub const DIGIT: u8 = 8;
    /// A letter or digit.
    pub const ALNUM: u8 = UPPER | LOWER | DIGIT;
    /// `'`, `-`, `.`: kept inside a word when a letter or digit follows.
    pub const JOINER: u8 = 16;
    /// Part of a multi-byte character: decoded and classified by `char`.
    pub const NON_ASCII: u8 = 32;
}

/// What the tokenizer needs to know about each byte, in one load.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => byte::SPACE,
            b'A'..=b'Z' => byte::UPPER,
            b'a'..=b'z' => byte::LOWER,
            b'0'..=b'9' => byte::DIGIT,
            b'\'' | b'-' | b'.' => byte::JOINER,
            0x80.. => byte::NON_ASCII,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Scans `text` into tokens, once, left to right.
pub fn tokenize(text: &str) -> Vec<Token> {
    use byte::*;
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(bytes.len() / 5 + 1);
    // Forced once here, not checked at every capitalised word.
    let classes: &WordTable = &CLASSES;
    let mut i = 0;
    let mut gap_start = 0;
    let mut newline = false;
    let mut sent_start = true;
    while let Some(&b) = bytes.get(i) {
        let kind = BYTE_CLASS[b as usize];
        if kind & SPACE != 0 {
            newline |= b == b'\n';
            i += 1;
            continue;
        }
        // ASCII bytes are classified by the table; anything else is
        // decoded (`i` is always on a char boundary).
        let c =
            if kind & NON_ASCII == 0 { b as char } else { char_at(text, i) };
        if kind & NON_ASCII != 0 && c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let word = if kind & ALNUM != 0 {
            ascii_word(text, i, kind)
        } else if kind & NON_ASCII != 0 && c.is_alphanumeric() {
            scan_word(text, i, kind, c, i + c.len_utf8())
        } else {
            Word {
                end: i + c.len_utf8(),
                shape: Shape::Punct,
                possessive: false,
            }
        };
        let Word { end, shape, possessive } = word;
        let namey =
            matches!(shape, Shape::Cap | Shape::Upper | Shape::Initial);
        // Before the first token `gap_start` is 0, after it never is.
        let glued = i == gap_start && i > 0;
        let spaced = i > gap_start && !newline;
        let bit = |on: bool, bit: u8| if on { bit } else { 0 };
        let flags = bit(sent_start || newline, flag::SENT_START)
            | bit(spaced, flag::SPACED)
            | bit(glued, flag::GLUED)
            | bit(possessive, flag::POSSESSIVE);
        tokens.push(Token {
            start: i,
            end,
            class: if namey { classes.get(&bytes[i..end]) } else { 0 },
            shape,
            flags,
        });
        // A possessive `'s` was scanned with the word; the gap starts
        // after it.
        i = match (possessive, bytes.get(end)) {
            (false, _) => end,
            (true, Some(b'\'')) => end + 2,
            (true, _) => end + 4,
        };
        gap_start = i;
        newline = false;
        // The usual gap, one space, skipped here rather than by another
        // round of the loop.
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        sent_start = shape == Shape::Punct
            && (matches!(c, '.' | '!' | '?')
                || (sent_start && matches!(c, '"' | '“' | '(' | '\'')));
    }
    tokens
}

/// What [`scan_word`] found.
#[derive(Debug, PartialEq)]
struct Word {
    end: usize,
    shape: Shape,
    possessive: bool,
}

/// [`scan_word`] for a word starting with an ASCII letter or digit (byte
/// class `kind`), with a fast path for the common case: a run of ASCII
/// letters and digits ended by a space, a punctuation mark other than a
/// joiner, or the end of the text. Such a word has no possessive, no
/// joiner inside and no period to keep.
fn ascii_word(text: &str, i: usize, kind: u8) -> Word {
    use byte::*;
    let bytes = text.as_bytes();
    let end = i + 1 + ascii_run(&bytes[i + 1..]);
    if bytes
        .get(end)
        .is_some_and(|&b| BYTE_CLASS[b as usize] & (JOINER | NON_ASCII) != 0)
    {
        return scan_word(text, i, kind, char::from(bytes[i]), end);
    }
    let shape = if kind & DIGIT != 0 {
        Shape::Number
    } else if kind & LOWER != 0 {
        Shape::Lower
    } else if ascii_all_caps(&bytes[i + 1..end]) {
        Shape::Upper
    } else {
        Shape::Cap
    };
    Word { end, shape, possessive: false }
}

/// The length of the run of ASCII letters and digits `bytes` starts with.
fn ascii_run(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| BYTE_CLASS[b as usize] & byte::ALNUM == 0)
        .unwrap_or(bytes.len())
}

/// Whether the rest of a word after its upper-case first letter, ASCII
/// letters and digits, holds another upper-case letter and no lower-case
/// one (what [`case_counts`] tells for such a word).
fn ascii_all_caps(rest: &[u8]) -> bool {
    let mut upper = false;
    for &b in rest {
        let k = BYTE_CLASS[b as usize];
        if k & byte::LOWER != 0 {
            return false;
        }
        upper |= k & byte::UPPER != 0;
    }
    upper
}

/// The word starting at `i` with char `c` (of byte class `kind`): where it
/// ends (a possessive `'s` cut off, a kept period included) and its shape.
/// The word is known to run on to `from` (after `c`, or after the run of
/// ASCII letters and digits [`ascii_word`] has already seen).
fn scan_word(text: &str, i: usize, kind: u8, c: char, from: usize) -> Word {
    use byte::*;
    let bytes = text.as_bytes();
    let marked = if bytes[i] == 0xE2 { i } else { usize::MAX };
    let (mut end, marked) = word_end(text, from, marked);
    let len = end - i;
    let cut = if bytes[..end].ends_with(b"'s") {
        2
    } else if bytes[..end].ends_with("’s".as_bytes()) {
        4
    } else {
        0
    };
    let possessive = cut > 0 && len > cut;
    if possessive {
        end -= cut;
    }
    let (first_upper, numeric) = if kind & NON_ASCII == 0 {
        (kind & UPPER != 0, kind & DIGIT != 0)
    } else {
        (c.is_uppercase(), c.is_numeric())
    };
    let dot_next = !possessive && bytes.get(end) == Some(&b'.');
    let word = &bytes[i..end];
    let shape = if numeric {
        Shape::Number
    } else if first_upper {
        match case_counts(text, i, end) {
            (false, 1) if dot_next => Shape::Initial,
            (false, 2..) => Shape::Upper,
            _ => Shape::Cap,
        }
    } else if marked < end.min(i + 5) && particle_cap(&text[i..end]) {
        Shape::Cap
    } else {
        Shape::Lower
    };
    if dot_next
        && (shape == Shape::Initial
            || keeps_period(word)
            || (shape == Shape::Upper && word.contains(&b'.')))
    {
        end += 1;
    }
    Word { end, shape, possessive }
}

/// Where a word whose first char ends at `end` ends: letters and digits,
/// with `' ’ - .` kept when a letter or digit follows them. `marked` is
/// lowered to where the first `-`, `'` or 0xE2-led character (`’`) sits,
/// which is all `particle_cap` needs to rule a word out.
fn word_end(text: &str, mut end: usize, mut marked: usize) -> (usize, usize) {
    use byte::*;
    let bytes = text.as_bytes();
    loop {
        end += ascii_run(&bytes[end..]);
        let Some(&b) = bytes.get(end) else {
            break;
        };
        let k = BYTE_CLASS[b as usize];
        if k & JOINER != 0 {
            if !alphanumeric_at(text, end + 1) {
                break;
            }
            if b != b'.' {
                marked = marked.min(end);
            }
            end += 1;
        } else if k & NON_ASCII != 0 {
            let d = char_at(text, end);
            let len = d.len_utf8();
            if !(d.is_alphanumeric()
                || (d == '’' && alphanumeric_at(text, end + len)))
            {
                break;
            }
            if b == 0xE2 {
                marked = marked.min(end);
            }
            end += len;
        } else {
            break;
        }
    }
    (end, marked)
}

/// The char starting at byte `at` (a char boundary), `' '` past the end.
fn char_at(text: &str, at: usize) -> char {
    text.get(at..).and_then(|s| s.chars().next()).unwrap_or(' ')
}

/// Whether `text[start..end]` holds a lower-case letter and, when it holds
/// none, how many upper-case ones (counted up to 2, all the shapes tell
/// apart).
fn case_counts(text: &str, start: usize, end: usize) -> (bool, u32) {
    let mut upper = 0;
    for (at, &b) in text.as_bytes()[start..end].iter().enumerate() {
        let k = BYTE_CLASS[b as usize];
        if k & byte::LOWER != 0 {
            return (true, upper);
        }
        if k & byte::UPPER != 0 {
            upper = (upper + 1).min(2);
        } else if k & byte::NON_ASCII != 0 && b & 0xC0 != 0x80 {
            let c = char_at(text, start + at);
            if c.is_lowercase() {
                return (true, upper);
            }
            if c.is_uppercase() {
                upper = (upper + 1).min(2);
            }
        }
    }
    (false, upper)
}

/// Whether a letter or digit starts at byte `pos` (a char boundary).
fn alphanumeric_at(text: &str, pos: usize) -> bool {
    match text.as_bytes().get(pos) {
        Some(b) if *b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => {
            text[pos..].chars().next().is_some_and(char::is_alphanumeric)
        }
        None => false,
    }
}

/// `al-Assad`, `el-Sisi`, `d'Artagnan`: a lower-case particle glued to a
/// capitalised name.
fn particle_cap(word: &str) -> bool {
    // Cheap guard: every particle ends by its fourth byte.
    let head = &word.as_bytes()[..word.len().min(5)];
    if !head.iter().any(|b| matches!(b, b'-' | b'\'' | 0xE2)) {
        return false;
    }
    ["al-", "el-", "ad-", "as-", "an-", "ash-", "d'", "d’", "l'", "l’"]
        .iter()
        .any(|p| {
            word.strip_prefix(p)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
        })
}

/// Lower-case words that may sit inside a person's or place's name
/// between capitalised words (`Dorothea von Schlegel`, `Frankfurt am
/// Main`).
pub fn is_particle(word: &str) -> bool {
    has_class(word, class::PARTICLE)
}

/// Token ranges of candidate names: runs of capitalised, all-caps and
/// initial tokens separated by single gaps of spaces, with name particles
/// and `&` inside, and a quoted nickname (`William "Buckshot" May`) inside.
/// A possessive token closes its chunk.
pub fn name_chunks(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].is_namey() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < tokens.len() && !tokens[end - 1].possessive() {
            let t = &tokens[end];
            if !t.spaced() {
                break;
            }
            if t.is_namey() {
                end += 1;
                continue;
            }
            let joins = match t.shape {
                // Every particle has at most five bytes.
                Shape::Lower => t.len() <= 5 && is_particle(t.text(text)),
                _ => t.bytes(text) == b"&",
            };
            if joins
                && tokens
                    .get(end + 1)
                    .is_some_and(|n| n.spaced() && n.is_namey())
            {
                end += 2;
                continue;
            }
            if let Some(after) = nickname(text, tokens, end) {
                end = after;
                continue;
            }
            break;
        }
        chunks.push(start..end);
        i = end;
    }
    chunks
}

/// `"Nick" Name`: when a quoted capitalised word starts at `i` and a
/// capitalised word follows it, the index after that word.
fn nickname(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let is_quote = |t: &Token| {
        let w = t.bytes(text);
        w == b"\"" || w == "“".as_bytes() || w == "”".as_bytes()
    };
    let open = tokens.get(i)?;
    if !is_quote(open) {
        return None;
    }
    let mut j = i + 1;
    while tokens.get(j).is_some_and(|t| t.is_namey() && j - i <= 3) {
        j += 1;
    }
    let close = tokens.get(j)?;
    let after = tokens.get(j + 1)?;
    (j > i + 1
        && is_quote(close)
        && tokens[i + 1].glued()
        && close.glued()
        && after.spaced()
        && after.is_namey())
    .then_some(j + 2)
}

/// Tokens and name chunks of one text, as the name taggers share them.
#[derive(Debug, Default)]
struct Scan {
    /// Address and length of the text of the innermost [`scan_scope`],
    /// which holds that text borrowed for as long as the key is set: a
    /// `&str` with the same key is then the same bytes.
    scope: Option<(usize, usize)>,
    /// Whether `tokens` and `chunks` are those of the scope's text.
    fresh: bool,
    tokens: Vec<Token>,
    chunks: Vec<Range<usize>>,
}

thread_local! {
    static LAST_SCAN: RefCell<Scan> = RefCell::new(Scan::default());
}

fn scan_key(text: &str) -> (usize, usize) {
    (text.as_ptr() as usize, text.len())
}

/// Runs `f` with one shared scan of `text`: inside it, every
/// [`with_scan`] of `text` (the PERSON, ORGANIZATION and LOCATION taggers
/// and linking, one after another on the same document and thread) reuses
/// the tokens the first one made.
///
/// The text is recognised by address and length, which stand for its
/// bytes only while it is borrowed; the scope borrows it. Keyed by the
/// bytes instead, every lookup compared the whole text with a copy made
/// per document, and missed the cache three times per document.
pub fn scan_scope<R>(text: &str, f: impl FnOnce() -> R) -> R {
    /// Puts back the enclosing scope, on return and on unwinding: a key
    /// left behind could match a later text at the same address.
    struct Restore(Option<Option<(usize, usize)>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(outer) = self.0 {
                LAST_SCAN.with(|cell| {
                    let mut scan = cell.borrow_mut();
                    scan.scope = outer;
                    scan.fresh = false;
                });
            }
        }
    }
    // Inside a `with_scan` callback the scan is borrowed: no scope is
    // opened, and `with_scan` scans afresh there.
    let outer = LAST_SCAN.with(|cell| {
        cell.try_borrow_mut().ok().map(|mut scan| {
            let outer = scan.scope.replace(scan_key(text));
            scan.fresh = false;
            outer
        })
    });
    let _restore = Restore(outer);
    f()
}

/// Calls `f` with the tokens and name chunks of `text`: those of the
/// enclosing [`scan_scope`] when it is of `text`, else scanned afresh.
pub fn with_scan<R>(
    text: &str,
    f: impl FnOnce(&[Token], &[Range<usize>]) -> R,
) -> R {
    LAST_SCAN.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scan) if scan.scope == Some(scan_key(text)) => {
            if !scan.fresh {
                scan.tokens = tokenize(text);
                scan.chunks = name_chunks(text, &scan.tokens);
                scan.fresh = true;
            }
            f(&scan.tokens, &scan.chunks)
        }
        // Outside a scope of `text`, or re-entered from inside `f`.
        _ => {
            let tokens = tokenize(text);
            let chunks = name_chunks(text, &tokens);
            f(&tokens, &chunks)
        }
    })
}

/// Byte span covered by the tokens in `range` (empty range: `None`).
pub fn span(tokens: &[Token], range: Range<usize>) -> Option<(usize, usize)> {
    let first = tokens.get(range.start)?;
    let last = tokens.get(range.end.checked_sub(1)?)?;
    (range.start < range.end).then_some((first.start, last.end))
}

/// Capitalised words that start sentences or headings but are not names:
/// articles, pronouns, prepositions, conjunctions, quantifiers and common
/// adverbs. A chunk never starts (or, alone, consists) of one.
pub fn is_function_word(word: &str) -> bool {
    has_class(word, class::FUNCTION_WORD)
}

/// Month and weekday names (and their common abbreviations): dates, not
/// names, when they stand at the edge of a chunk.
pub fn is_calendar_word(word: &str) -> bool {
    has_class(word, class::CALENDAR_WORD)
}

/// Nationality and language adjectives (`Japanese`, `Kyrgyz`, `British`)
/// by their endings, plus a few irregular ones. Used to keep demonyms out
/// of PERSON and LOCATION spans.
pub fn is_demonym(word: &str) -> bool {
    demonym_suffix(word)
        || is_nationality(word)
        || word.strip_suffix('s').is_some_and(is_nationality)
}

/// [`is_demonym`] for a word whose [`class`] bits are known.
pub(crate) fn is_demonym_of(word: &str, bits: u32) -> bool {
    demonym_suffix(word)
        || bits & class::NATIONALITY != 0
        || word.strip_suffix('s').is_some_and(is_nationality)
}

/// `Japanese`, `Kyrgyzstani`: a nationality by its ending.
pub(crate) fn demonym_suffix(word: impl AsRef<[u8]>) -> bool {
    let w = word.as_ref();
    let ends = |s: &[u8]| w.len() > s.len() + 2 && w.ends_with(s);
    // The endings by their last byte, so most words need one test.
    match w.last() {
        Some(b'e') => ends(b"ese"),
        Some(b'n') => ends(b"ian") || ends(b"ean") || ends(b"ican"),
        Some(b'h') => ends(b"ish"),
        Some(b's') => {
            ends(b"ans") || ends(b"ians") || ends(b"eses") || ends(b"icans")
        }
        _ => false,
    }
}

/// Nationality, region and faith adjectives that are never a given name
/// in running text (`German`, `Kyrgyz`, `Central`).
pub fn is_nationality(word: &str) -> bool {
    has_class(word, class::NATIONALITY)
}

/// Words of [`keeps_period`].
pub(crate) const KEEPS_PERIOD_WORDS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Ste", "Mt", "Ft", "Co", "Corp", "Ltd",
    "Inc", "Jr", "Sr", "Gen", "Col", "Lt", "Capt", "Sgt", "Maj", "Adm",
    "Cmdr", "Prof", "Rev", "Fr", "Sen", "Rep", "Gov", "Bros", "Messrs", "Mme",
    "Mlle", "No", "vs", "Ave", "Blvd",
];

/// Words of [`is_particle`].
pub(crate) const PARTICLE_WORDS: &[&str] = &[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "das",
    "dos", "du", "des", "la", "le", "bin", "ibn", "bint", "al", "el", "ter",
    "zu", "am", "upon", "y",
];

/// Words of [`is_function_word`].
pub(crate) const FUNCTION_WORD_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "Without",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "Following",
    "Under",
    "Over",
    "Between",
    "Among",
    "Through",
    "Into",
    "About",
    "Against",
    "Despite",
    "Upon",
    "Of",
    "To",
    "As",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "Him",
    "Them",
    "But",
    "And",
    "Or",
    "Nor",
    "So",
    "Yet",
    "If",
    "When",
    "While",
    "Where",
    "Whereas",
    "Although",
    "Though",
    "Because",
    "Unless",
    "Whether",
    "There",
    "Here",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Every",
    "Other",
    "Another",
    "Several",
    "Few",
    "Such",
    "No",
    "Not",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "First",
    "Second",
    "Third",
    "Last",
    "Next",
    "However",
    "Also",
    "Then",
    "Later",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Now",
    "Thus",
    "Therefore",
    "Meanwhile",
    "According",
    "Although,",
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "Why",
    "How",
    "Once",
    "Only",
    "Even",
    "Still",
    "Just",
    "Instead",
    "Like",
    "Unlike",
    "Including",
    "Per",
    "Via",
    "Mr",
    "Any",
    "Neither",
    "Either",
    "Further",
    "Furthermore",
    "Moreover",
    "Indeed",
    "Finally",
    "Initially",
    "Currently",
    "Recently",
    "Previously",
    "Yes",
    "Thirty",
    "Twenty",
    "Forty",
    "Fifty",
    "Hundred",
];

/// Words of [`is_calendar_word`].
pub(crate) const CALENDAR_WORD_WORDS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Spring",
    "Summer",
    "Autumn",
    "Fall",
    "Winter",
];

/// Words of [`is_nationality`].
pub(crate) const NATIONALITY_WORDS: &[&str] = &[
    "Kyrgyz",
    "Kazakh",
    "Uzbek",
    "Tajik",
    "Turkmen",
    "Greek",
    "Thai",
    "Dutch",
    "French",
    "Swiss",
    "Welsh",
    "Irish",
    "Scottish",
    "English",
    "British",
    "Danish",
    "Polish",
    "Turkish",
    "Spanish",
    "Swedish",
    "Finnish",
    "Czech",
    "Arab",
    "Arabic",
    "Israeli",
    "Iraqi",
    "Pakistani",
    "Bangladeshi",
    "Nepali",
    "Kuwaiti",
    "Saudi",
    "Yemeni",
    "Uighur",
    "Uyghur",
    "Slovak",
    "Serb",
    "Croat",
    "Cossack",
    "European",
    "Asian",
    "African",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Central",
    "Soviet",
    "Latin",
    "Catholic",
    "Muslim",
    "Jewish",
    "Islamic",
    "Buddhist",
    "Hindu",
    "Protestant",
    "Orthodox",
    "German",
    "Germans",
    "Jews",
    "Muslims",
    "Arabs",
    "Turks",
    "Kurds",
    "Slavs",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(text: &str) -> (Vec<Token>, Vec<Range<usize>>) {
        with_scan(text, |t, c| (t.to_vec(), c.to_vec()))
    }

    fn fresh(text: &str) -> (Vec<Token>, Vec<Range<usize>>) {
        let tokens = tokenize(text);
        let chunks = name_chunks(text, &tokens);
        (tokens, chunks)
    }

    #[test]
    fn word_table_answers_as_a_hash_map_does() {
        // Enough words of 1 to 20 bytes that many share a slot run and a
        // tag, asked with as many absent ones.
        let mut rng = crate::patterns::XorShift(0x2545_f491_4f6c_dd1d);
        let word = |rng: &mut crate::patterns::XorShift| -> Vec<u8> {
            let len = 1 + (rng.next() % 20) as usize;
            (0..len)
                .map(|_| b"abcdeAB'-\xc3\xa9"[(rng.next() % 11) as usize])
                .collect()
        };
        let mut want = std::collections::HashMap::<Vec<u8>, u32>::new();
        for _ in 0..3000 {
            let (w, bits) = (word(&mut rng), 1 << (rng.next() % 8));
            *want.entry(w).or_insert(0) |= bits;
        }
        let table = WordTable::new(want.iter().map(|(w, &b)| (&w[..], b)));
        for (w, &bits) in &want {
            assert_eq!(table.get(w), bits, "{w:?}");
        }
        for _ in 0..20000 {
            let w = word(&mut rng);
            assert_eq!(table.get(&w), want.get(&w).copied().unwrap_or(0));
        }
        assert_eq!(WordTable::default().get(b"x"), 0);
    }

    #[test]
    fn scan_scope_shares_one_scan_of_its_text_only() {
        let a = String::from("Mike Stewart met Anna Karenina in Paris.");
        let b = String::from("Paris is in France, said Jean Dupont now");
        assert_eq!(a.len(), b.len());
        scan_scope(&a, || {
            let first = with_scan(&a, |t, _| t.as_ptr());
            let again = with_scan(&a, |t, _| t.as_ptr());
            assert_eq!(first, again, "the second lookup scanned again");
            assert_eq!(scanned(&a), fresh(&a));
            // Another text, even of the same length, is scanned afresh.
            assert_eq!(scanned(&b), fresh(&b));
            // A slice of the scoped text is a different text.
            assert_eq!(scanned(&a[5..]), fresh(&a[5..]));
            // An inner scope gives the outer text back rescanned.
            scan_scope(&b, || assert_eq!(scanned(&b), fresh(&b)));
            assert_eq!(scanned(&a), fresh(&a));
        });
    }

    #[test]
    fn scan_scope_leaves_no_key_behind_for_a_later_text() {
        for round in 0..50 {
            // The same length each round: freed and allocated again, the
            // next text may well sit at the same address.
            let text =
                format!("Anna Karenina met Mike Stewart, round {round:02}");
            if round % 2 == 0 {
                scan_scope(&text, || scanned(&text));
            } else {
                let unwound = std::panic::catch_unwind(|| {
                    scan_scope(&text, || {
                        scanned(&text);
                        panic!("inside the scope");
                    })
                });
                assert!(unwound.is_err());
            }
            drop(text);
            let later =
                format!("Paris lies in France; Jean Dupont, tn {round:02}");
            assert_eq!(scanned(&later), fresh(&later), "round {round}");
        }
    }

    fn words(text: &str) -> Vec<(&str, Shape, bool)> {
        tokenize(text)
            .iter()
            .map(|t| (t.text(text), t.shape, t.sent_start()))
            .collect()
    }

    fn chunks(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        name_chunks(text, &tokens)
            .into_iter()
            .map(|r| {
                text[tokens[r.start].start..tokens[r.end - 1].end].to_string()
            })
            .collect()
    }

    #[test]
    fn tokens_shapes_and_sentence_starts() {
        use Shape::*;
        assert_eq!(
            words("Mr. J. Smith met NATO. Then 3 men"),
            vec![
                ("Mr.", Cap, true),
                ("J.", Initial, false),
                ("Smith", Cap, false),
                ("met", Lower, false),
                ("NATO", Upper, false),
                (".", Punct, false),
                ("Then", Cap, true),
                ("3", Number, false),
                ("men", Lower, false),
            ]
        );
    }

    #[test]
    fn tokens_possessive_and_joiners() {
        let text = "Japarov's al-Assad U.S. O'Brien Saxony-Anhalt’s end";
        let toks = tokenize(text);
        let got: Vec<_> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            got,
            vec![
                "Japarov",
                "al-Assad",
                "U.S.",
                "O'Brien",
                "Saxony-Anhalt",
                "end"
            ]
        );
        assert!(toks[0].possessive() && toks[4].possessive());
        assert_eq!(toks[1].shape, Shape::Cap);
        assert!(toks[1].spaced() && toks[5].spaced());
    }

    #[test]
    fn tokens_scan_is_reused_only_for_the_same_text() {
        let a = with_scan("Jared Leto", |t, c| (t.len(), c.len()));
        let b = with_scan("Jared Leto", |t, c| (t.len(), c.len()));
        let c = with_scan("Jared Leto, Shannon", |t, c| (t.len(), c.len()));
        assert_eq!((a, b, c), ((2, 1), (2, 1), (4, 2)));
        assert_eq!(with_scan("", |t, _| t.len()), 0);
    }

    #[test]
    fn tokens_packed_lowering_agrees_with_ascii_lowercase() {
        let table = WordTable::set(["abc", "mixed-case", "x"]);
        for w in ["ABC", "aBc", "Mixed-CASE", "X", "abd", "", "ABCD"] {
            let want = table.contains(&w.to_ascii_lowercase());
            assert_eq!(table.contains_lowercase(w), want, "{w}");
        }
        for b in 0..0x80u8 {
            let x = u64::from(b) << 16;
            let want = u64::from(b.to_ascii_lowercase()) << 16;
            assert_eq!(ascii_lower(x), want, "{b:#x}");
        }
    }

    #[test]
    fn tokens_ascii_fast_paths_agree_with_the_general_scan() {
        // Random texts over the characters the word rules turn on: each
        // word start the fast paths take must end and be shaped as the
        // general scan has it.
        const PIECES: [&str; 16] = [
            "a", "B", "Mr", "J", "x1", "9", ".", ".", "'", "-", " ", "é", "’",
            "s", "NATO", "vs",
        ];
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let count = rng.next() % 12;
            let text = rng.glue(&PIECES, count);
            let bytes = text.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                let kind = BYTE_CLASS[b as usize];
                if kind & byte::ALNUM == 0 {
                    continue;
                }
                let general = scan_word(&text, i, kind, char::from(b), i + 1);
                assert_eq!(
                    ascii_word(&text, i, kind),
                    general,
                    "{text:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn tokens_demonym_endings_by_last_byte_agree_with_the_list() {
        let endings = [
            "ese", "ian", "ish", "ean", "ans", "ians", "eses", "ican", "icans",
        ];
        let by_list = |w: &str| {
            endings.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s))
        };
        for stem in ["", "K", "Ky", "Kyr", "Kyrg", "Kyrgyz", "Chin", "Ameri"] {
            for end in endings.iter().chain(&["s", "an", "n", "e", "ch"]) {
                let w = format!("{stem}{end}");
                assert_eq!(demonym_suffix(&w), by_list(&w), "{w}");
            }
        }
    }

    #[test]
    fn tokens_never_panic_on_odd_text() {
        for text in ["", "'s", "A.", "’s’s", "x'", "Ä. Ö’s", "\u{0}é.", "a.'s"]
        {
            let _ = name_chunks(text, &tokenize(text));
        }
    }

    #[test]
    fn tokens_chunks_join_particles_and_nicknames() {
        assert_eq!(
            chunks(
                "Dorothea von Schlegel met William \"Buckshot\" May and von."
            ),
            vec!["Dorothea von Schlegel", "William \"Buckshot\" May"]
        );
        assert_eq!(
            chunks("CBL & Associates, Jared Leto's band"),
            vec!["CBL & Associates", "Jared Leto"]
        );
        assert_eq!(chunks("Paris\nLondon"), vec!["Paris", "London"]);
        // `name_chunks` looks up only words of up to five bytes.
        assert!(PARTICLE_WORDS.iter().all(|w| w.len() <= 5));
    }
}
