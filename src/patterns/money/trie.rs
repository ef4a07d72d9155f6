//! Currency surfaces as a byte trie, ASCII case folded, walked only from
//! the positions where a mention can start.
//!
//! An Aho-Corasick scan reports every occurrence, also the many inside
//! words (`rand` in `brand`, `som` in `some`) that the caller then rejects;
//! and building its DFA was the largest part of the tagger's start-up.
//! Walking a trie from word starts and symbols finds the same occurrences
//! that can pass the caller's checks, in the order it needs.

use super::scan::{HIGH, letters};

/// A trie node.
#[derive(Clone, Debug, Default)]
struct Node {
    /// Children by folded byte (a handful at most below the first levels).
    next: Vec<(u8, u32)>,
    /// Row in [`Trie::rows`] for a node with many children, or [`SPARSE`].
    row: u32,
    /// Patterns ending here, in ascending index.
    pats: Vec<u32>,
}

/// [`Node::row`] of a node whose few children are searched in `next`.
const SPARSE: u32 = u32::MAX;

/// Nodes with more children than this get a dense row: near the root a
/// node has up to ~30, and a linear search there was most of the walk.
const DENSE_FROM: usize = 3;

/// The patterns' trie.
#[derive(Debug)]
pub struct Trie {
    /// Root child per folded byte; 0 is none (node 0 is the root).
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    /// Byte class of a folded byte: 0 for bytes in no pattern.
    class: Box<[u16; 256]>,
    /// Dense child rows, `width` entries each, indexed by class; 0 is none.
    rows: Vec<u32>,
    width: usize,
    /// Which walks can report anything, by the text's first bytes.
    starts: StartFilter,
    /// Which words can start a mention that passes the caller's checks.
    words: WordFilter,
}

impl Trie {
    /// Builds the trie; pattern `i` is reported as index `i`.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Trie {
        let mut nodes = vec![Node::default()];
        let mut root = Box::new([0u32; 256]);
        let mut starts = StartFilter::new();
        let mut words = WordFilter::new();
        for (index, pat) in patterns.into_iter().enumerate() {
            let bytes = pat.as_bytes();
            starts.add(&bytes.to_ascii_lowercase());
            words.add(&bytes.to_ascii_lowercase());
            // An empty surface would match everywhere; the tables hold none.
            let Some((&first, rest)) = bytes.split_first() else { continue };
            let slot = &mut root[usize::from(first.to_ascii_lowercase())];
            if *slot == 0 {
                *slot = node_id(nodes.len());
                nodes.push(Node::default());
            }
            let mut node = *slot as usize;
            for &b in rest {
                let b = b.to_ascii_lowercase();
                node = match nodes[node].next.iter().find(|e| e.0 == b) {
                    Some(&(_, n)) => n as usize,
                    None => {
                        let n = nodes.len();
                        nodes[node].next.push((b, node_id(n)));
                        nodes.push(Node::default());
                        n
                    }
                };
            }
            nodes[node].pats.push(node_id(index));
        }
        let mut class = Box::new([0u16; 256]);
        let mut width = 1;
        for n in &nodes {
            for &(b, _) in &n.next {
                if class[usize::from(b)] == 0 {
                    // At most 256 bytes, so the class fits.
                    class[usize::from(b)] = width as u16;
                    width += 1;
                }
            }
        }
        let mut rows = Vec::new();
        for n in &mut nodes {
            n.row = SPARSE;
            if n.next.len() > DENSE_FROM {
                n.row = node_id(rows.len() / width);
                let base = rows.len();
                rows.resize(base + width, 0);
                for &(b, c) in &n.next {
                    rows[base + usize::from(class[usize::from(b)])] = c;
                }
            }
        }
        Trie { root, nodes, class, rows, width, starts, words }
    }

    fn child(&self, n: &Node, b: u8) -> u32 {
        if n.row == SPARSE {
            n.next.iter().find(|e| e.0 == b).map_or(0, |e| e.1)
        } else {
            let c = usize::from(self.class[usize::from(b)]);
            self.rows[n.row as usize * self.width + c]
        }
    }

    /// Whether a walk from `start` can report anything: a cheap test to
    /// run before [`Trie::matches_at`].
    #[inline(always)]
    pub fn may_match(&self, text: &[u8], start: usize) -> bool {
        self.starts.may_match(text, start)
    }

    /// Whether a walk from the word start `start` (an ASCII letter after
    /// none) can report a mention that the caller keeps: one that ends
    /// with its word, or with a plural `s`/`es` of it, or goes on past
    /// the word with a byte that is no ASCII letter. A cheaper and
    /// stricter test than [`Trie::may_match`] for word starts: country
    /// names share their first bytes with currency names.
    #[inline(always)]
    pub fn may_match_word(&self, text: &[u8], start: usize) -> bool {
        self.words.may_match(text, start)
    }

    /// Calls `f(end, pattern)` for every pattern that matches `text` at
    /// `start`, ASCII case-insensitively, shortest first and patterns of
    /// equal length in ascending index.
    // Inlined: it runs at every word start, and most walks end after a
    // byte or two, so a call's set-up was most of its cost.
    #[inline(always)]
    pub fn matches_at(
        &self,
        text: &[u8],
        start: usize,
        mut f: impl FnMut(usize, usize),
    ) {
        let Some(&first) = text.get(start) else { return };
        let mut node = self.root[usize::from(first.to_ascii_lowercase())];
        let mut i = start + 1;
        while node != 0 {
            let n = &self.nodes[node as usize];
            for &p in &n.pats {
                f(i, p as usize);
            }
            let Some(&b) = text.get(i) else { return };
            let b = b.to_ascii_lowercase();
            node = self.child(n, b);
            i += 1;
        }
    }

    /// Whether some pattern starts with the byte `b` (folded).
    pub fn starts(&self, b: u8) -> bool {
        self.root[usize::from(b.to_ascii_lowercase())] != 0
    }
}

/// A test of a walk's first four bytes that no walk reporting a pattern
/// fails. Walks start at every word, and the currency names of all
/// languages share first letters with most English words, so walks often
/// went three or four bytes deep before failing; most words share no first
/// four bytes with any surface.
#[derive(Debug)]
struct StartFilter {
    /// Bit `a << 8 | b`: a one-byte pattern `a` or a two-byte pattern `ab`.
    short: Box<[u64; 1024]>,
    /// Bit [`slot`] of a three-byte pattern, and of the first four bytes
    /// of every longer one.
    long: Box<[u64; 1024]>,
}

impl StartFilter {
    fn new() -> StartFilter {
        StartFilter { short: Box::new([0; 1024]), long: Box::new([0; 1024]) }
    }

    /// Lets walks reporting the (folded) `pattern` through.
    fn add(&mut self, pattern: &[u8]) {
        let set = |bits: &mut [u64; 1024], key: usize| {
            bits[key >> 6] |= 1 << (key & 63);
        };
        match *pattern {
            [] => {}
            [a] => (0..256)
                .for_each(|b| set(&mut self.short, usize::from(a) << 8 | b)),
            [a, b] => {
                set(&mut self.short, usize::from(a) << 8 | usize::from(b))
            }
            _ => {
                let mut key = [0u8; 4];
                let n = pattern.len().min(4);
                key[..n].copy_from_slice(&pattern[..n]);
                set(&mut self.long, slot(u32::from_le_bytes(key)));
            }
        }
    }

    /// Whether a walk from `start` can report a pattern.
    #[inline(always)]
    fn may_match(&self, text: &[u8], start: usize) -> bool {
        let key = folded_prefix(text, start);
        let pair = (key as usize & 0xff) << 8 | (key as usize >> 8 & 0xff);
        let bit = |bits: &[u64; 1024], k: usize| bits[k >> 6] >> (k & 63) & 1;
        bit(&self.short, pair)
            | bit(&self.long, slot(key & 0xff_ffff))
            | bit(&self.long, slot(key))
            != 0
    }
}

/// The ASCII-letter words (folded) that start a surface's reading in the
/// text: a surface's leading run of ASCII letters when more of it follows,
/// and a surface of ASCII letters alone with its plurals. Kept as a hash
/// bit set of [`word_key`]s, so a word outside passes now and then.
#[derive(Debug)]
struct WordFilter {
    bits: Box<[u64; WORD_BITS / 64]>,
}

/// Bits of [`WordFilter`]: 16 KB, about 1.3% of them set by the ~1,700
/// words of the built-in table and the lexicon.
const WORD_BITS: usize = 1 << 17;

impl WordFilter {
    fn new() -> WordFilter {
        WordFilter { bits: Box::new([0; WORD_BITS / 64]) }
    }

    /// Lets the words that start the (folded) `pattern` through.
    fn add(&mut self, pattern: &[u8]) {
        let run =
            pattern.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if run == 0 {
            return;
        }
        let word = &pattern[..run];
        let mut set = |w: &[u8]| {
            let k = word_key(w);
            self.bits[k >> 6] |= 1 << (k & 63);
        };
        set(word);
        if run == pattern.len() {
            set(&[word, b"s"].concat());
            set(&[word, b"es"].concat());
        }
    }

    #[inline(always)]
    fn may_match(&self, text: &[u8], start: usize) -> bool {
        let k = word_at(text, start);
        self.bits[k >> 6] >> (k & 63) & 1 != 0
    }
}

/// The hash of a word of ASCII letters (folded) by its first sixteen bytes
/// and its length, capped at 16.
fn word_key(word: &[u8]) -> usize {
    let half = |from: usize| {
        let mut b = [0u8; 8];
        let part = word.get(from..).unwrap_or_default();
        let n = part.len().min(8);
        b[..n].copy_from_slice(&part[..n]);
        u64::from_le_bytes(b)
    };
    word_slot(half(0), half(8), word.len().min(16))
}

fn word_slot(head: u64, tail: u64, len: usize) -> usize {
    let key = (head.wrapping_add(len as u64) ^ tail.rotate_left(29))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (key >> (64 - 17)) as usize
}

/// [`word_key`] of the run of ASCII letters at `start`.
#[inline(always)]
fn word_at(text: &[u8], start: usize) -> usize {
    let head = load8(text, start);
    // 8 when all eight bytes are letters.
    let len = (!letters(head) & HIGH).trailing_zeros() as usize / 8;
    let fold = |w: u64, len: usize| {
        let keep = if len >= 8 { u64::MAX } else { (1 << (8 * len)) - 1 };
        (w | 0x2020_2020_2020_2020) & keep
    };
    if len < 8 {
        return word_slot(fold(head, len), 0, len);
    }
    let tail = load8(text, start + 8);
    let more = (!letters(tail) & HIGH).trailing_zeros() as usize / 8;
    word_slot(fold(head, 8), fold(tail, more), 8 + more)
}

/// The eight bytes of `text` from `at`, little-endian, zero past its end.
#[inline(always)]
fn load8(text: &[u8], at: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().expect("8 bytes")),
        None => {
            let tail = text.get(at..).unwrap_or_default();
            let mut buf = [0u8; 8];
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// The four bytes at `start`, little-endian, ASCII-lower-cased, 0 past the
/// end of `text`.
#[inline(always)]
fn folded_prefix(text: &[u8], start: usize) -> u32 {
    let w = match text.get(start..start + 4) {
        Some(b) => u32::from_le_bytes(b.try_into().expect("4 bytes")),
        None => {
            let mut b = [0u8; 4];
            let tail = text.get(start..).unwrap_or_default();
            b[..tail.len()].copy_from_slice(tail);
            u32::from_le_bytes(b)
        }
    };
    // Sets 0x20 in each byte from `A` to `Z`; without the high bit the
    // additions never carry into the next byte.
    let low = w & 0x7f7f_7f7f;
    let upper = (low + 0x3f3f_3f3f) & !(low + 0x2525_2525) & !w & 0x8080_8080;
    w | upper >> 2
}

/// Hash of up to four folded bytes into 2^16 bits.
fn slot(key: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

fn node_id(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 trie nodes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::XorShift;

    #[test]
    fn trie_reports_all_prefix_matches_in_order() {
        let t = Trie::new(["us", "US$", "us$", "u", "x"]);
        let mut got = Vec::new();
        t.matches_at(b"Us$ 5", 0, |e, p| got.push((e, p)));
        assert_eq!(got, vec![(1, 3), (2, 0), (3, 1), (3, 2)]);
        got.clear();
        t.matches_at(b"ab", 0, |e, p| got.push((e, p)));
        assert!(got.is_empty());
        assert!(t.starts(b'X') && !t.starts(b'$'));
    }

    #[test]
    fn trie_dense_rows_find_every_child() {
        let pats = ["ca", "cb", "cc", "cd", "ce", "cf", "c$", "c\u{e9}"];
        let t = Trie::new(pats);
        for (i, p) in pats.iter().enumerate() {
            let mut got = Vec::new();
            t.matches_at(p.to_ascii_uppercase().as_bytes(), 0, |e, p| {
                got.push((e, p))
            });
            assert_eq!(got, vec![(p.len(), i)], "{p}");
        }
        let mut got = Vec::new();
        t.matches_at(b"cz", 0, |e, p| got.push((e, p)));
        assert!(got.is_empty());
    }

    #[test]
    fn trie_word_key_reads_the_word_in_the_text() {
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        let letters = b"aZkyq";
        for _ in 0..5000 {
            let len = 1 + (rng.next() % 24) as usize;
            let word: Vec<u8> = (0..len).map(|_| rng.pick(letters)).collect();
            let folded = word.to_ascii_lowercase();
            for after in [&b""[..], b" ", b"$x", "\u{e9}a".as_bytes()] {
                let text = [&b"5 "[..], &word, after].concat();
                assert_eq!(word_at(&text, 2), word_key(&folded), "{text:?}");
            }
        }
    }

    #[test]
    fn trie_start_filter_passes_every_match() {
        let pats = [
            "$",
            "us$",
            "USD",
            "u.s. dollar",
            "rs",
            "Rs.",
            "€",
            "yen",
            "won",
            "k",
            "kč",
            "hong kong dollar",
            "a$",
        ];
        let t = Trie::new(pats);
        let pieces = [
            "$", "US", "u", "s", ".", " ", "dollar", "Rs", "€", "yen", "Won",
            "Kč", "hong", "kong", "a", "5", "é", "x",
        ];
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let count = rng.0 % 8;
            let text = rng.glue(&pieces, count);
            let b = text.as_bytes();
            for start in 0..b.len() {
                let mut any = false;
                t.matches_at(b, start, |_, _| any = true);
                assert!(!any || t.may_match(b, start), "{text:?} {start}");
            }
        }
        // Most English words share no first four bytes with a surface.
        assert!(!t.may_match(b"the ", 0) && !t.may_match(b"about", 0));
    }
}
