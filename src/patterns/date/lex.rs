//! Tokens for the date grammar: words, digit runs and single punctuation
//! characters with byte offsets, each word classified once against the small
//! date vocabulary (months, weekdays, number words, relative words).

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// One other non-space character.
    Punct,
}

/// Calendar units in offsets like "two weeks ago".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// day, days
    Day,
    /// week, weeks
    Week,
    /// fortnight, fortnights
    Fortnight,
    /// month, months
    Month,
    /// year, years
    Year,
}

/// Named days with a fixed rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// Western Easter Sunday.
    Easter,
    /// 25 December.
    Christmas,
    /// 31 October.
    Halloween,
}

/// The date vocabulary a word belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// Not a date word.
    None,
    /// Month number and whether the word is an abbreviation.
    Month(u32, bool),
    /// ISO weekday, Monday = 1.
    Weekday(u32),
    /// Cardinal number word: one … nineteen, twenty … ninety, 100, 1000.
    Card(u32),
    /// Ordinal word: first … nineteenth, twentieth, thirtieth.
    Ord(u32),
    /// Calendar unit.
    Unit(Unit),
    /// today / tomorrow / yesterday as a day offset.
    Rel(i32),
    /// next (+1), last (-1), this (0).
    Mod(i32),
    /// early, mid, late, earlier, later.
    Part,
    /// Season index: spring, summer, autumn, winter.
    Season(u8),
    /// A named day.
    Holiday(Holiday),
    /// Decade word, tens value: twenties (20) … nineties (90).
    Decade(u32),
    /// Other words a date expression can start with.
    Kw,
}

/// One token of a line. Its text is not kept: a slice per token was a
/// tenth of the tokenizer, and only the few tokens a rule looks at need it.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// Byte offset of the first byte in the line: the tokenizer's loop
    /// has one register fewer to keep than with document offsets.
    pub start: usize,
    /// Byte offset in the line one past the last byte.
    pub end: usize,
    /// Token kind.
    pub kind: Kind,
    /// Vocabulary class of a word.
    pub lex: Lex,
    /// Value of a digit run (saturating); the character of a punctuation
    /// token, which the grammar tests more often than any other text.
    pub num: u32,
    /// Whether whitespace (or the line start) precedes the token.
    pub space: bool,
}

impl Tok {
    /// Length in bytes.
    pub fn width(&self) -> usize {
        self.end - self.start
    }

    /// Whether this is a punctuation token whose character is in `set`.
    pub fn is_punct_in(&self, set: &str) -> bool {
        self.kind == Kind::Punct
            && set.chars().any(|c| u32::from(c) == self.num)
    }
}

/// Byte classes for [`tokenize`]'s ASCII fast path.
const WS: u8 = 0;
const DIGIT: u8 = 1;
const ALPHA: u8 = 2;
const PUNCT: u8 = 3;
const NON_ASCII: u8 = 4;

/// The class of every byte: one table load instead of a chain of range
/// tests per byte of every document.
static CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_whitespace() || c == 0x0b {
            // 0x0B is not ASCII whitespace but is `char::is_whitespace`,
            // which the general path asks; both just mark a space.
            WS
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            ALPHA
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

/// Whether a token can start a date rule: a number, a vocabulary word or a
/// quote (`'90s`). The grammar tries rules only at these.
pub fn is_anchor(t: &Tok) -> bool {
    t.kind == Kind::Num || t.lex != Lex::None || t.is_punct_in("'’")
}

/// Appends the tokens of `line` to `out`, and the indices in `out` of those that
/// [`is_anchor`] to `anchors`. The tokenizer knows that for free; a second
/// pass over every token to find the few anchors cost as much as a tenth
/// of the tokenizer.
// Kept out of the tagger so that profiles show the tokenizer's share;
// inlined, it saved 0.3 M of the date tagger's 51 M instructions.
#[inline(never)]
pub fn tokenize(line: &str, out: &mut Vec<Tok>, anchors: &mut Vec<usize>) {
    let bytes = line.as_bytes();
    // A local vector: its length and capacity stay in registers, where
    // through `&mut` each push reloaded and stored them.
    let mut toks = std::mem::take(out);
    let mut i = 0;
    let mut space = true;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let class = CLASS[usize::from(b)];
        // Words are four tokens in five: tested first, they skip the jump
        // table the other classes share.
        let (kind, id, num) = if class == ALPHA {
            let (len, id) = word_at(bytes, start);
            i += len;
            if id != 0 {
                anchors.push(toks.len());
            }
            (Kind::Word, id, 0)
        } else if class == WS {
            space = true;
            i += 1;
            continue;
        } else if class == DIGIT {
            let mut n = 0u32;
            while let Some(&d) = bytes.get(i).filter(|d| d.is_ascii_digit()) {
                n = n.saturating_mul(10).saturating_add(u32::from(d - b'0'));
                i += 1;
            }
            anchors.push(toks.len());
            (Kind::Num, 0, n)
        } else if class == PUNCT {
            i += 1;
            if b == b'\'' {
                anchors.push(toks.len());
            }
            (Kind::Punct, 0, u32::from(b))
        } else {
            let (end, tok) = non_ascii_at(line, i);
            i = end;
            match tok {
                Some((kind, num)) => {
                    if kind == Kind::Punct && num == u32::from('’') {
                        anchors.push(toks.len());
                    }
                    (kind, 0, num)
                }
                None => {
                    space = true;
                    continue;
                }
            }
        };
        toks.push(Tok {
            start,
            end: i,
            kind,
            lex: LEXES[usize::from(id)],
            num,
            space,
        });
        // Most tokens are followed by one space: taken here, it skips a
        // trip through the byte-class dispatch.
        space = bytes.get(i) == Some(&b' ');
        i += usize::from(space);
    }
    *out = toks;
}

/// The token at `line[i..]`, which starts with a non-ASCII character: its
/// end and its kind and `num`, or `None` for whitespace. Kept out of line:
/// rare, and its `char` handling would crowd [`tokenize`]'s registers.
#[cold]
#[inline(never)]
fn non_ascii_at(line: &str, mut i: usize) -> (usize, Option<(Kind, u32)>) {
    let c = line[i..].chars().next().unwrap_or(' ');
    i += c.len_utf8();
    if c.is_alphabetic() {
        // Non-ASCII letters: a word the vocabulary never matches.
        while let Some(c) = line[i..].chars().next() {
            if !c.is_alphanumeric() {
                break;
            }
            i += c.len_utf8();
        }
        (i, Some((Kind::Word, 0)))
    } else if c.is_whitespace() {
        (i, None)
    } else {
        (i, Some((Kind::Punct, u32::from(c))))
    }
}

/// The vocabulary class of a word, case-insensitively.
#[cfg(test)]
pub fn classify(word: &str) -> Lex {
    if word.is_empty() || word.len() > MAX || !word.is_ascii() {
        return Lex::None;
    }
    let mut buf = [0u8; 16];
    for (d, c) in buf.iter_mut().zip(word.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    lookup(u128::from_be_bytes(buf))
}

/// Longest word in [`VOCAB`].
const MAX: usize = 11;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit of each byte of `w` that is an ASCII letter.
fn letters(w: u64) -> u64 {
    // Lower-cased and without the high bit, so that adding below never
    // carries into the next byte: a letter is at least `a` but below `{`.
    let low = (w | 0x2020_2020_2020_2020) & !HIGH;
    (low + 0x1f * ONES) & !(low + 0x05 * ONES) & !w & HIGH
}

/// Lower-cases the ASCII letters of a word: `| 0x20` on every byte.
const LOWER: u64 = 0x2020_2020_2020_2020;

/// Length of the run of ASCII letters at `start` (at least one) and its
/// [`VOCAB`] id (see [`lookup_id`]). Most words are shorter than eight
/// letters: one 8-byte load measures them and, byte-swapped and masked, is
/// already the high half of their packed key (the low half is zero), so
/// neither a second load nor 128-bit shifts are needed. A byte-by-byte loop
/// over the letters of every word was a large part of the tokenizer.
fn word_at(bytes: &[u8], start: usize) -> (usize, u8) {
    let Some(&w) = bytes[start..].first_chunk::<8>() else {
        let end = letter_run(bytes, start + 1);
        return (end - start, classify_letters(bytes, start, end));
    };
    let w = u64::from_le_bytes(w);
    let other = !letters(w) & HIGH;
    if other == 0 {
        return long_word_at(bytes, start, w);
    }
    // Byte 0 is a letter, so 1 <= len <= 7 and the shift stays below 64.
    let len = other.trailing_zeros() as usize / 8;
    let key = (w | LOWER).swap_bytes() & !(u64::MAX >> (8 * len));
    (len, lookup_id(u128::from(key) << 64))
}

/// [`word_at`] for a word whose first 8 bytes `w` are all letters.
fn long_word_at(bytes: &[u8], start: usize, w: u64) -> (usize, u8) {
    let Some(next) = bytes.get(start + 8..start + 16) else {
        let end = letter_run(bytes, start + 8);
        return (end - start, classify_letters(bytes, start, end));
    };
    let next = u64::from_le_bytes(next.try_into().expect("8 bytes"));
    let other = !letters(next) & HIGH;
    if other == 0 {
        return (letter_run(bytes, start + 16) - start, 0);
    }
    let tail = other.trailing_zeros() as usize / 8;
    let len = 8 + tail;
    if len > MAX {
        return (len, 0);
    }
    // `tail` < 8: the shift stays below 64, and `tail` 0 masks all.
    let low = (next | LOWER).swap_bytes() & !(u64::MAX >> (8 * tail));
    let high = (w | LOWER).swap_bytes();
    (len, lookup_id(u128::from(high) << 64 | u128::from(low)))
}

/// The end of the run of ASCII letters from `i`.
fn letter_run(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        let other = !letters(w) & HIGH;
        if other != 0 {
            return i + other.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// The [`VOCAB`] id of the run of ASCII letters `bytes[start..end]`.
fn classify_letters(bytes: &[u8], start: usize, end: usize) -> u8 {
    let len = end - start;
    if len > MAX {
        return 0;
    }
    // The word as `pack` would give it, read with one load where the line
    // allows; `| 0x20` lower-cases, the bytes being ASCII letters.
    let mask = !0u128 << (8 * (16 - len));
    let raw = match bytes.get(start..start + 16) {
        Some(w) => u128::from_be_bytes(w.try_into().expect("16 bytes")),
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(&bytes[start..end]);
            u128::from_be_bytes(buf)
        }
    };
    lookup_id((raw | 0x2020_2020_2020_2020_2020_2020_2020_2020) & mask)
}

/// The class of a packed, lower-case word.
#[cfg(test)]
fn lookup(key: u128) -> Lex {
    LEXES[usize::from(lookup_id(key))]
}

/// 1 + the index in [`VOCAB`] of a packed, lower-case word, 0 for none: a
/// perfect hash into [`SLOTS`], then one comparison. This runs on every
/// word of every document; a binary search over the keys was most of the
/// tokenizer's cost. An id instead of the [`Lex`] itself: the small integer
/// travels in a register, where the enum went through the stack.
fn lookup_id(key: u128) -> u8 {
    let id = SLOTS[slot(key)];
    // Entry 0 is no word's key (every word has a first letter), so a free
    // slot needs no test of its own.
    if KEYS[usize::from(id)] == key { id } else { 0 }
}

/// The [`Lex`] of each [`lookup_id`] id.
static LEXES: [Lex; VOCAB.len() + 1] = {
    let mut t = [Lex::None; VOCAB.len() + 1];
    let mut i = 0;
    while i < VOCAB.len() {
        t[i + 1] = VOCAB[i].1;
        i += 1;
    }
    t
};

/// Hash of a packed word into 4096 slots. The multiplier was picked so
/// that [`VOCAB`]'s words do not collide; building [`SLOTS`] checks it.
const fn slot(key: u128) -> usize {
    let hi = (key >> 64) as u64;
    let lo = key as u64;
    let x = hi ^ lo.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x.wrapping_mul(0x1027_c4d1_c386_bbc5) >> 52) as usize
}

/// 1 + the index in [`VOCAB`] of the word hashing to each slot; 0 for none.
static SLOTS: [u8; 4096] = {
    let mut t = [0u8; 4096];
    let mut i = 0;
    while i < VOCAB.len() {
        let s = slot(pack(VOCAB[i].0));
        assert!(t[s] == 0, "two date words share a hash slot");
        t[s] = (i + 1) as u8;
        i += 1;
    }
    t
};

/// Packs a word of at most 16 bytes into an integer, big-endian and
/// zero-padded, so that integer order is the words' byte order. This lookup
/// runs on every word of every document; comparing integers instead of
/// slices took `memcmp` out of the profile.
const fn pack(word: &[u8]) -> u128 {
    let mut key = 0u128;
    let mut i = 0;
    while i < 16 {
        key <<= 8;
        if i < word.len() {
            key |= word[i] as u128;
        }
        i += 1;
    }
    key
}

/// [`VOCAB`]'s words packed, in the same (sorted) order, after an entry
/// 0 that matches no word.
static KEYS: [u128; VOCAB.len() + 1] = {
    let mut keys = [0u128; VOCAB.len() + 1];
    let mut i = 0;
    while i < VOCAB.len() {
        keys[i + 1] = pack(VOCAB[i].0);
        i += 1;
    }
    keys
};

/// The date vocabulary, sorted by word.
const VOCAB: &[(&[u8], Lex)] = &[
    (b"a", Lex::Kw),
    (b"apr", Lex::Month(4, true)),
    (b"april", Lex::Month(4, false)),
    (b"aug", Lex::Month(8, true)),
    (b"august", Lex::Month(8, false)),
    (b"autumn", Lex::Season(2)),
    (b"christmas", Lex::Holiday(Holiday::Christmas)),
    (b"coming", Lex::Mod(1)),
    (b"day", Lex::Unit(Unit::Day)),
    (b"days", Lex::Unit(Unit::Day)),
    (b"dec", Lex::Month(12, true)),
    (b"december", Lex::Month(12, false)),
    (b"earlier", Lex::Part),
    (b"early", Lex::Part),
    (b"easter", Lex::Holiday(Holiday::Easter)),
    (b"eight", Lex::Card(8)),
    (b"eighteen", Lex::Card(18)),
    (b"eighteenth", Lex::Ord(18)),
    (b"eighth", Lex::Ord(8)),
    (b"eighties", Lex::Decade(80)),
    (b"eighty", Lex::Card(80)),
    (b"eleven", Lex::Card(11)),
    (b"eleventh", Lex::Ord(11)),
    (b"fall", Lex::Season(2)),
    (b"feb", Lex::Month(2, true)),
    (b"february", Lex::Month(2, false)),
    (b"few", Lex::Kw),
    (b"fifteen", Lex::Card(15)),
    (b"fifteenth", Lex::Ord(15)),
    (b"fifth", Lex::Ord(5)),
    (b"fifties", Lex::Decade(50)),
    (b"fifty", Lex::Card(50)),
    (b"first", Lex::Ord(1)),
    (b"five", Lex::Card(5)),
    (b"following", Lex::Mod(1)),
    (b"forties", Lex::Decade(40)),
    (b"fortnight", Lex::Unit(Unit::Fortnight)),
    (b"fortnights", Lex::Unit(Unit::Fortnight)),
    (b"forty", Lex::Card(40)),
    (b"four", Lex::Card(4)),
    (b"fourteen", Lex::Card(14)),
    (b"fourteenth", Lex::Ord(14)),
    (b"fourth", Lex::Ord(4)),
    (b"friday", Lex::Weekday(5)),
    (b"halloween", Lex::Holiday(Holiday::Halloween)),
    (b"hundred", Lex::Card(100)),
    (b"in", Lex::Kw),
    (b"jan", Lex::Month(1, true)),
    (b"january", Lex::Month(1, false)),
    (b"jul", Lex::Month(7, true)),
    (b"july", Lex::Month(7, false)),
    (b"jun", Lex::Month(6, true)),
    (b"june", Lex::Month(6, false)),
    (b"last", Lex::Mod(-1)),
    (b"late", Lex::Part),
    (b"later", Lex::Part),
    (b"mar", Lex::Month(3, true)),
    (b"march", Lex::Month(3, false)),
    (b"may", Lex::Month(5, false)),
    (b"mid", Lex::Part),
    (b"monday", Lex::Weekday(1)),
    (b"month", Lex::Unit(Unit::Month)),
    (b"months", Lex::Unit(Unit::Month)),
    (b"next", Lex::Mod(1)),
    (b"nine", Lex::Card(9)),
    (b"nineteen", Lex::Card(19)),
    (b"nineteenth", Lex::Ord(19)),
    (b"nineties", Lex::Decade(90)),
    (b"ninety", Lex::Card(90)),
    (b"ninth", Lex::Ord(9)),
    (b"nov", Lex::Month(11, true)),
    (b"november", Lex::Month(11, false)),
    (b"oct", Lex::Month(10, true)),
    (b"october", Lex::Month(10, false)),
    (b"one", Lex::Card(1)),
    (b"previous", Lex::Mod(-1)),
    (b"q", Lex::Kw),
    (b"saturday", Lex::Weekday(6)),
    (b"second", Lex::Ord(2)),
    (b"sep", Lex::Month(9, true)),
    (b"sept", Lex::Month(9, true)),
    (b"september", Lex::Month(9, false)),
    (b"seven", Lex::Card(7)),
    (b"seventeen", Lex::Card(17)),
    (b"seventeenth", Lex::Ord(17)),
    (b"seventh", Lex::Ord(7)),
    (b"seventies", Lex::Decade(70)),
    (b"seventy", Lex::Card(70)),
    (b"six", Lex::Card(6)),
    (b"sixteen", Lex::Card(16)),
    (b"sixteenth", Lex::Ord(16)),
    (b"sixth", Lex::Ord(6)),
    (b"sixties", Lex::Decade(60)),
    (b"sixty", Lex::Card(60)),
    (b"spring", Lex::Season(0)),
    (b"summer", Lex::Season(1)),
    (b"sunday", Lex::Weekday(7)),
    (b"ten", Lex::Card(10)),
    (b"tenth", Lex::Ord(10)),
    (b"the", Lex::Kw),
    (b"third", Lex::Ord(3)),
    (b"thirteen", Lex::Card(13)),
    (b"thirteenth", Lex::Ord(13)),
    (b"thirties", Lex::Decade(30)),
    (b"thirtieth", Lex::Ord(30)),
    (b"thirty", Lex::Card(30)),
    (b"this", Lex::Mod(0)),
    (b"thousand", Lex::Card(1000)),
    (b"three", Lex::Card(3)),
    (b"thursday", Lex::Weekday(4)),
    (b"today", Lex::Rel(0)),
    (b"tomorrow", Lex::Rel(1)),
    (b"tuesday", Lex::Weekday(2)),
    (b"twelfth", Lex::Ord(12)),
    (b"twelve", Lex::Card(12)),
    (b"twenties", Lex::Decade(20)),
    (b"twentieth", Lex::Ord(20)),
    (b"twenty", Lex::Card(20)),
    (b"two", Lex::Card(2)),
    (b"upcoming", Lex::Mod(1)),
    (b"wednesday", Lex::Weekday(3)),
    (b"week", Lex::Unit(Unit::Week)),
    (b"weeks", Lex::Unit(Unit::Week)),
    (b"winter", Lex::Season(3)),
    (b"xmas", Lex::Holiday(Holiday::Christmas)),
    (b"year", Lex::Unit(Unit::Year)),
    (b"years", Lex::Unit(Unit::Year)),
    (b"yesterday", Lex::Rel(-1)),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::XorShift;

    /// The tokenizer before words were measured from one 8-byte load: the
    /// oracle for [`tokenize`].
    fn tokenize_reference(line: &str, base: usize, out: &mut Vec<Tok>) {
        let bytes = line.as_bytes();
        let mut i = 0;
        let mut space = true;
        while i < bytes.len() {
            let start = i;
            let (kind, lex, num) = match CLASS[usize::from(bytes[i])] {
                WS => {
                    space = true;
                    i += 1;
                    continue;
                }
                DIGIT => {
                    let mut n = 0u32;
                    while let Some(&d) =
                        bytes.get(i).filter(|d| d.is_ascii_digit())
                    {
                        n = n
                            .saturating_mul(10)
                            .saturating_add(u32::from(d - b'0'));
                        i += 1;
                    }
                    (Kind::Num, Lex::None, n)
                }
                ALPHA => {
                    let (len, lex) = word_at_reference(bytes, start);
                    i += len;
                    (Kind::Word, lex, 0)
                }
                PUNCT => {
                    i += 1;
                    (Kind::Punct, Lex::None, u32::from(bytes[start]))
                }
                _ => {
                    let c = line[i..].chars().next().unwrap_or(' ');
                    i += c.len_utf8();
                    if c.is_alphabetic() {
                        // Non-ASCII letters: a word the vocabulary never matches.
                        while let Some(c) = line[i..].chars().next() {
                            if !c.is_alphanumeric() {
                                break;
                            }
                            i += c.len_utf8();
                        }
                        (Kind::Word, Lex::None, 0)
                    } else if c.is_whitespace() {
                        space = true;
                        continue;
                    } else {
                        (Kind::Punct, Lex::None, u32::from(c))
                    }
                }
            };
            out.push(Tok {
                start: base + start,
                end: base + i,
                kind,
                lex,
                num,
                space,
            });
            // Most tokens are followed by one space: taken here, it skips a
            // trip through the byte-class dispatch.
            space = bytes.get(i) == Some(&b' ');
            i += usize::from(space);
        }
    }

    /// [`word_at`] before the 8-byte fast path.
    fn word_at_reference(bytes: &[u8], start: usize) -> (usize, Lex) {
        let Some(w) = bytes.get(start..start + 16) else {
            let mut end = start + 1;
            while bytes.get(end).is_some_and(u8::is_ascii_alphabetic) {
                end += 1;
            }
            return (
                end - start,
                LEXES[usize::from(classify_letters(bytes, start, end))],
            );
        };
        let w: [u8; 16] = w.try_into().expect("16 bytes");
        let low = u64::from_le_bytes(w[..8].try_into().expect("8 bytes"));
        let high = u64::from_le_bytes(w[8..].try_into().expect("8 bytes"));
        let len = match (!letters(low) & HIGH, !letters(high) & HIGH) {
            (0, 0) => {
                return (letter_run(bytes, start + 16) - start, Lex::None);
            }
            (0, h) => 8 + h.trailing_zeros() as usize / 8,
            (l, _) => l.trailing_zeros() as usize / 8,
        };
        if len > MAX {
            return (len, Lex::None);
        }
        let mask = !0u128 << (8 * (16 - len));
        let key = (u128::from_be_bytes(w)
            | 0x2020_2020_2020_2020_2020_2020_2020_2020)
            & mask;
        (len, lookup(key))
    }

    fn fields(toks: &[Tok]) -> Vec<(usize, usize, Kind, Lex, u32, bool)> {
        toks.iter()
            .map(|t| (t.start, t.end, t.kind, t.lex, t.num, t.space))
            .collect()
    }

    #[test]
    fn lex_tokenize_matches_reference() {
        let mut pieces: Vec<String> = VOCAB
            .iter()
            .flat_map(|(w, _)| {
                let w = std::str::from_utf8(w).unwrap();
                let mut title = w.to_string();
                title[..1].make_ascii_uppercase();
                [w.to_string(), w.to_uppercase(), title]
            })
            .collect();
        for n in 1..=20 {
            pieces.push("abcdefghijklmnopqrstuvwxyzQ"[..n].to_string());
            pieces.push("x".repeat(n));
        }
        for p in [
            "",
            " ",
            "  ",
            "\t",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{a0}",
            "\u{2009}",
            "\u{3000}",
            "0",
            "7",
            "12",
            "2016",
            "99999999999",
            "-",
            "/",
            ".",
            ",",
            "'",
            "’",
            "–",
            "—",
            "\u{2026}",
            "é",
            "Ü",
            "日本",
            "x2",
            "@",
            "[",
            "`",
            "{",
            "~",
            "\u{7f}",
            "ǅ",
            "²",
            "a\u{301}",
        ] {
            pieces.push(p.to_string());
        }
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let mut rng = XorShift(0x1234_5678_9abc_def1);
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        let mut anchors = Vec::new();
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(rng.next() % 12) {
                line.push_str(rng.pick(&pieces));
                match rng.next() % 4 {
                    0 => {}
                    1 | 2 => line.push(' '),
                    _ => line.push_str(rng.pick(&pieces)),
                }
            }
            fast.clear();
            slow.clear();
            anchors.clear();
            tokenize(&line, &mut fast, &mut anchors);
            tokenize_reference(&line, 0, &mut slow);
            assert_eq!(fields(&fast), fields(&slow), "{line:?}");
            let want: Vec<usize> =
                (0..slow.len()).filter(|&k| is_anchor(&slow[k])).collect();
            assert_eq!(anchors, want, "{line:?}");
            for (start, _) in line.char_indices() {
                if line.as_bytes()[start].is_ascii_alphabetic() {
                    let (len, id) = word_at(line.as_bytes(), start);
                    assert_eq!(
                        (len, LEXES[usize::from(id)]),
                        word_at_reference(line.as_bytes(), start),
                        "{line:?} at {start}"
                    );
                }
            }
        }
    }

    #[test]
    fn lex_tokens_stay_small() {
        // Every token of every line is built: a `Lex` that fits a register
        // and a smaller `Tok` keep that cheap.
        assert_eq!(std::mem::size_of::<Lex>(), 8);
        assert!(std::mem::size_of::<Tok>() <= 32);
    }

    #[test]
    fn lex_punct_tests_match_the_text() {
        // `is_punct_in` stands for `set.contains(text)` on the token text
        // the tokens no longer carry.
        let line = "a-b/c.d,e:f+g–h'i’j%k$l£m€n¥o#p(q)r—s\u{2026} 5T";
        let sets = [
            "-/.",
            "'’",
            "$£€¥#",
            ".,:/-+–",
            "-/.:,+–",
            "%",
            "(",
            ")",
            "-–—",
            "",
        ];
        let mut toks = Vec::new();
        tokenize(line, &mut toks, &mut Vec::new());
        for t in &toks {
            let text = &line[t.start..t.end];
            for set in sets {
                let want = t.kind == Kind::Punct && set.contains(text);
                assert_eq!(t.is_punct_in(set), want, "{text:?} in {set:?}");
            }
        }
        assert!(toks.iter().filter(|t| t.kind == Kind::Punct).count() > 15);
    }

    #[test]
    fn lex_vocab_is_sorted_and_classifies() {
        assert!(VOCAB.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(KEYS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(KEYS[0], 0);
        assert!(VOCAB.len() < 255);
        for (w, lex) in VOCAB {
            let word = std::str::from_utf8(w).unwrap();
            let mut line = format!("x {} ", word.to_uppercase());
            assert_eq!(
                LEXES[usize::from(classify_letters(
                    line.as_bytes(),
                    2,
                    2 + w.len()
                ))],
                *lex
            );
            // Also at the very end of a line, too short for one load.
            line.truncate(2 + w.len());
            assert_eq!(
                LEXES[usize::from(classify_letters(
                    line.as_bytes(),
                    2,
                    2 + w.len()
                ))],
                *lex
            );
        }
        assert_eq!(classify_letters(b"the theory", 4, 10), 0);
        for (w, lex) in VOCAB {
            let word = std::str::from_utf8(w).unwrap();
            for line in [
                word.to_string(),
                format!("{word}."),
                format!("{} 5 and more text after", word.to_uppercase()),
                format!("{word}é and more text after"),
            ] {
                let (len, id) = word_at(line.as_bytes(), 0);
                assert_eq!((len, LEXES[usize::from(id)]), (w.len(), *lex));
            }
        }
        for n in 1..40 {
            let line = format!("{}-{}", "ab".repeat(n), "x".repeat(20));
            assert_eq!(word_at(line.as_bytes(), 0), (2 * n, 0));
            assert_eq!(word_at(line.as_bytes(), 1).0, 2 * n - 1);
        }
        assert_eq!(word_at(b"Mayday is here in May", 0), (6, 0));
        let (len, id) = word_at(b"Mayday is here in May", 18);
        assert_eq!((len, LEXES[usize::from(id)]), (3, Lex::Month(5, false)));
        assert_eq!(classify("Sept"), Lex::Month(9, true));
        assert_eq!(classify("NINETIES"), Lex::Decade(90));
        assert_eq!(classify("Mayday"), Lex::None);
        assert_eq!(classify("über"), Lex::None);
    }
}
