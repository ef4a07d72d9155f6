//! The positions where a currency mention can start, found eight bytes at
//! a time.
//!
//! The mention pass walks its trie from every word start and every byte
//! that can start a symbol. Finding those positions byte by byte cost more
//! than all the walks together, on text where money is rare; testing a word
//! of bytes at once for letters, word starts and symbol bytes makes most
//! of the text a few instructions per eight bytes.

const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// Which bytes other than ASCII letters start a surface, as the scan tests
/// them.
#[derive(Clone, Debug)]
pub enum SymbolBytes {
    /// No ASCII ones.
    None,
    /// One (the built-in table's `$`), repeated in all eight bytes.
    One(u64),
    /// A few, each repeated; each costs a test per eight bytes.
    Few(Vec<u64>),
    /// Too many to test one by one: every ASCII non-letter is reported.
    All,
}

/// More ASCII symbol bytes than this are not tested one by one.
const MAX_FEW: usize = 4;

impl SymbolBytes {
    /// From the first bytes of the surfaces. Non-ASCII first bytes need no
    /// listing: every UTF-8 lead byte is reported.
    pub fn new(first_bytes: impl IntoIterator<Item = u8>) -> SymbolBytes {
        let mut few: Vec<u64> = first_bytes
            .into_iter()
            .filter(|b| b.is_ascii() && !b.is_ascii_alphabetic())
            .map(|c| ONES * u64::from(c))
            .collect();
        few.sort_unstable();
        few.dedup();
        match few[..] {
            [] => SymbolBytes::None,
            [c] => SymbolBytes::One(c),
            _ if few.len() > MAX_FEW => SymbolBytes::All,
            _ => SymbolBytes::Few(few),
        }
    }
}

/// Yields `(position, word)`, in ascending order, for every ASCII letter
/// not preceded by an ASCII letter (`word`) and every UTF-8 lead byte or
/// ASCII symbol byte of `symbols`.
// An iterator rather than a list: pushing and reading back a position per
// word cost as much as the test that rejects most of them; and rather
// than a callback, which the compiler would not inline into the scan.
pub fn starts<'t>(text: &'t [u8], symbols: &'t SymbolBytes) -> Starts<'t> {
    Starts { text, symbols, next: 0, base: 0, before: 0, hits: 0, words: 0 }
}

/// The iterator of [`starts`].
#[derive(Debug)]
pub struct Starts<'t> {
    text: &'t [u8],
    symbols: &'t SymbolBytes,
    /// Offset of the eight bytes to read next.
    next: usize,
    /// Offset of the eight bytes `hits` are in.
    base: usize,
    /// Letter bit of the byte before `next`, moved to byte 0.
    before: u64,
    /// High bits of the starts not yet yielded, and of the word starts.
    hits: u64,
    words: u64,
}

impl Iterator for Starts<'_> {
    type Item = (usize, bool);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, bool)> {
        while self.hits == 0 {
            let base = self.next;
            let (w, valid) = match self.text.get(base..base + 8) {
                Some(b) => {
                    (u64::from_le_bytes(b.try_into().expect("8 bytes")), HIGH)
                }
                None if base < self.text.len() => {
                    let tail = &self.text[base..];
                    let mut buf = [0u8; 8];
                    buf[..tail.len()].copy_from_slice(tail);
                    let valid = HIGH & ((1u64 << (8 * tail.len())) - 1);
                    (u64::from_le_bytes(buf), valid)
                }
                None => return None,
            };
            let letters = letters(w) & valid;
            let ascii = match self.symbols {
                SymbolBytes::None => 0,
                &SymbolBytes::One(c) => equal(w, c),
                SymbolBytes::Few(few) => {
                    few.iter().fold(0, |m, &c| m | equal(w, c))
                }
                SymbolBytes::All => !letters & !w & HIGH,
            };
            self.words = letters & !(letters << 8 | self.before);
            self.before = letters >> 56;
            let lead = w & (w << 1);
            self.hits = self.words | (lead | ascii) & valid & HIGH;
            self.base = base;
            self.next = base + 8;
        }
        let bit = self.hits & self.hits.wrapping_neg();
        self.hits ^= bit;
        let at = self.base + bit.trailing_zeros() as usize / 8;
        Some((at, self.words & bit != 0))
    }
}

/// High bit of each byte of `w` that is an ASCII letter.
pub(super) fn letters(w: u64) -> u64 {
    // Lower-cased and without the high bit, so that adding below never
    // carries into the next byte: a byte is a letter when it is at least
    // `a` (0x61) but below `{` (0x7b).
    let low = (w | 0x2020_2020_2020_2020) & !HIGH;
    let at_least_a = low + 0x1f * ONES;
    let past_z = low + 0x05 * ONES;
    at_least_a & !past_z & !w & HIGH
}

/// High bit of each byte of `w` equal to the byte repeated in `c`.
fn equal(w: u64, c: u64) -> u64 {
    let x = w ^ c;
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::XorShift;

    /// The byte-by-byte scan this replaces.
    fn naive(text: &[u8], firsts: &[u8]) -> Vec<(usize, bool)> {
        let mut out = Vec::new();
        let mut s = 0;
        while s < text.len() {
            let c = text[s];
            if c.is_ascii_alphabetic() {
                out.push((s, true));
                s += 1;
                while s < text.len() && text[s].is_ascii_alphabetic() {
                    s += 1;
                }
            } else {
                if c >= 0xc0 || firsts.contains(&c) {
                    out.push((s, false));
                }
                s += 1;
            }
        }
        out
    }

    fn scan(text: &[u8], symbols: &SymbolBytes) -> Vec<(usize, bool)> {
        let out: Vec<_> = starts(text, symbols).collect();
        for &(p, word) in &out {
            assert_eq!(word, text[p].is_ascii_alphabetic());
        }
        out
    }

    #[test]
    fn scan_matches_byte_by_byte() {
        let pieces: &[&[u8]] = &[
            b"a",
            b"Zz",
            b"USD",
            b"$",
            b"5",
            b" ",
            b"\n",
            b"@",
            b"[",
            b"`",
            b"{",
            b"~",
            b"\x7f",
            b"\0",
            "€".as_bytes(),
            "é".as_bytes(),
            "元".as_bytes(),
            b"#",
            b"MUSD",
            b"-",
        ];
        let one = SymbolBytes::new([b'$', b'a', 0xe2, b'$']);
        let few = SymbolBytes::new([b'$', b'#', b'a']);
        let all = SymbolBytes::new(*b"$#@[`{~-");
        assert!(matches!(one, SymbolBytes::One(_)));
        assert!(matches!(few, SymbolBytes::Few(_)));
        assert!(matches!(all, SymbolBytes::All));
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            let mut text = Vec::new();
            for _ in 0..(rng.0 % 40) {
                text.extend_from_slice(rng.pick(pieces));
            }
            assert_eq!(scan(&text, &one), naive(&text, b"$"), "{text:?}");
            assert_eq!(scan(&text, &few), naive(&text, b"#$"), "{text:?}");
            let none = SymbolBytes::new([b'a']);
            assert_eq!(scan(&text, &none), naive(&text, b""), "{text:?}");
            let got = scan(&text, &all);
            let want: Vec<_> = naive(&text, b"")
                .into_iter()
                .chain(
                    (0..text.len())
                        .filter(|&i| {
                            text[i].is_ascii()
                                && !text[i].is_ascii_alphabetic()
                        })
                        .map(|i| (i, false)),
                )
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn scan_letters_and_equal_are_exact() {
        for b in 0..=255u8 {
            let w = u64::from(b) << 24;
            assert_eq!(letters(w) != 0, b.is_ascii_alphabetic(), "{b:#x}");
            assert_eq!(letters(w) & !(0x80 << 24), 0);
            for c in [b'$', 0, 0xff, 0x80, b'a'] {
                let hit = equal(w | 0x4141, ONES * u64::from(c));
                assert_eq!(hit >> 24 & 0x80 != 0, b == c);
            }
        }
    }
}
