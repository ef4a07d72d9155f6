//! Aligned text: a cleaned string that remembers where every byte came from.
//!
//! Cleaning deletes and rewrites parts of a raw document, yet every entity
//! must point back into the raw input. [`AlignedText`] holds the cleaned text
//! and a compact piecewise map to raw byte offsets. Cleaners never write the
//! text directly: they hand a batch of [`Edit`]s to [`AlignedText::apply`],
//! the one primitive that changes text and alignment together, so no cleaner
//! can break the mapping.
//!
//! The map stores one `Piece` per run of text (not one offset per byte), so
//! a 200 MB document that needs few edits costs a few pieces, not 1.6 GB.

use std::ops::Range;

/// One edit against the current cleaned text: replace `range` by `with`.
/// An empty `with` deletes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the current cleaned text.
    pub range: Range<usize>,
    /// Replacement text (empty to delete).
    pub with: String,
}

impl Edit {
    /// Deletes `range`.
    pub fn delete(range: Range<usize>) -> Edit {
        Edit { range, with: String::new() }
    }

    /// Replaces `range` by `with`.
    pub fn replace(range: Range<usize>, with: impl Into<String>) -> Edit {
        Edit { range, with: with.into() }
    }
}

/// A run of cleaned text and the raw bytes it came from.
///
/// A verbatim piece is a byte-for-byte copy of the raw range, so offsets
/// inside it map one to one. A rewritten piece maps as a whole: any offset
/// inside it maps to the start (or end) of its raw range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    clean_start: usize,
    clean_len: usize,
    raw_start: usize,
    raw_len: usize,
    verbatim: bool,
}

impl Piece {
    fn clean_end(&self) -> usize {
        self.clean_start + self.clean_len
    }
}

/// Where the previous [`AlignedText::raw_range_from`] lookup ended.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawCursor {
    start: usize,
    end: usize,
}

/// Cleaned text plus its alignment to the raw text it was made from.
#[derive(Clone, Debug)]
pub struct AlignedText {
    text: String,
    raw_len: usize,
    pieces: Vec<Piece>,
}

impl AlignedText {
    /// Starts from raw text: cleaned text equals raw, identity alignment.
    pub fn new(raw: &str) -> AlignedText {
        let pieces = if raw.is_empty() {
            Vec::new()
        } else {
            vec![Piece {
                clean_start: 0,
                clean_len: raw.len(),
                raw_start: 0,
                raw_len: raw.len(),
                verbatim: true,
            }]
        };
        AlignedText { text: raw.to_string(), raw_len: raw.len(), pieces }
    }

    /// The cleaned text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Consumes self, returning the cleaned text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Whether the cleaned text is still identical to the raw text.
    pub fn is_identity(&self) -> bool {
        self.pieces.len() <= 1
            && self.text.len() == self.raw_len
            && self.pieces.iter().all(|p| p.verbatim)
    }

    /// Applies edits to the cleaned text in one pass.
    ///
    /// Edits must lie on char boundaries; they are sorted here, and an edit
    /// overlapping an earlier one is dropped (the earlier one wins), so a
    /// cleaner cannot corrupt the text by proposing overlapping edits.
    pub fn apply(&mut self, mut edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let mut text = String::with_capacity(self.text.len());
        let mut pieces = Vec::with_capacity(self.pieces.len() + edits.len());
        let mut pos = 0;
        for edit in edits {
            let Range { start, end } = edit.range;
            if start < pos || end > self.text.len() || start > end {
                continue;
            }
            if !self.text.is_char_boundary(start)
                || !self.text.is_char_boundary(end)
            {
                continue;
            }
            self.copy_range(pos..start, &mut text, &mut pieces);
            if !edit.with.is_empty() {
                let raw_start = self.raw_start(start);
                let raw_end = self.raw_end(end).max(raw_start);
                push_piece(
                    &mut pieces,
                    Piece {
                        clean_start: text.len(),
                        clean_len: edit.with.len(),
                        raw_start,
                        raw_len: raw_end - raw_start,
                        verbatim: false,
                    },
                );
                text.push_str(&edit.with);
            }
            pos = end;
        }
        self.copy_range(pos..self.text.len(), &mut text, &mut pieces);
        self.text = text;
        self.pieces = pieces;
    }

    /// Copies the current text in `range` to `out`, carrying its pieces.
    fn copy_range(
        &self,
        range: Range<usize>,
        out: &mut String,
        pieces: &mut Vec<Piece>,
    ) {
        if range.is_empty() {
            return;
        }
        let first = self.piece_index_at(range.start);
        for p in &self.pieces[first..] {
            if p.clean_start >= range.end {
                break;
            }
            let lo = p.clean_start.max(range.start);
            let hi = p.clean_end().min(range.end);
            if lo >= hi {
                continue;
            }
            let piece = if p.verbatim {
                Piece {
                    clean_start: out.len() + (lo - range.start),
                    clean_len: hi - lo,
                    raw_start: p.raw_start + (lo - p.clean_start),
                    raw_len: hi - lo,
                    verbatim: true,
                }
            } else {
                Piece {
                    clean_start: out.len() + (lo - range.start),
                    clean_len: hi - lo,
                    raw_start: p.raw_start,
                    raw_len: p.raw_len,
                    verbatim: false,
                }
            };
            push_piece(pieces, piece);
        }
        out.push_str(&self.text[range]);
    }

    /// Index of the piece containing clean offset `pos` (or the last piece
    /// starting at or before it).
    fn piece_index_at(&self, pos: usize) -> usize {
        self.pieces.partition_point(|p| p.clean_start <= pos).saturating_sub(1)
    }

    /// [`AlignedText::raw_range`] for ranges that mostly come in order
    /// (a document's entities): `cursor` remembers where the previous
    /// lookup ended, so each one steps forward over a piece or two instead
    /// of searching all of them. Any order is still answered correctly.
    pub fn raw_range_from(
        &self,
        cursor: &mut RawCursor,
        range: Range<usize>,
    ) -> Range<usize> {
        let starts =
            self.advance(&mut cursor.start, |p| p.clean_end() <= range.start);
        let start = self.raw_start_in(starts, range.start);
        let ends =
            self.advance(&mut cursor.end, |p| p.clean_end() < range.end);
        let end = self.raw_end_in(ends, range.end).max(start);
        start..end
    }

    /// `self.pieces.partition_point(below)`, stepping forward from `hint`
    /// when `hint` is still below the answer, and stores the answer there.
    fn advance(
        &self,
        hint: &mut usize,
        below: impl Fn(&Piece) -> bool,
    ) -> usize {
        let valid = *hint <= self.pieces.len()
            && (*hint == 0 || below(&self.pieces[*hint - 1]));
        if !valid {
            *hint = self.pieces.partition_point(&below);
            return *hint;
        }
        while self.pieces.get(*hint).is_some_and(&below) {
            *hint += 1;
        }
        *hint
    }

    /// Raw byte offset where cleaned text starting at `pos` begins.
    pub fn raw_start(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.clean_end() <= pos);
        self.raw_start_in(i, pos)
    }

    /// [`AlignedText::raw_start`] given the index of the first piece
    /// ending after `pos`.
    fn raw_start_in(&self, i: usize, pos: usize) -> usize {
        match self.pieces.get(i) {
            None => self.raw_len,
            Some(p) if p.verbatim => {
                p.raw_start + pos.saturating_sub(p.clean_start)
            }
            Some(p) => p.raw_start,
        }
    }

    /// Raw byte offset where cleaned text ending at `pos` ends.
    pub fn raw_end(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.clean_end() < pos);
        self.raw_end_in(i, pos)
    }

    /// [`AlignedText::raw_end`] given the index of the first piece ending
    /// at or after `pos`.
    fn raw_end_in(&self, i: usize, pos: usize) -> usize {
        if pos == 0 {
            return self.pieces.first().map_or(0, |p| p.raw_start);
        }
        match self.pieces.get(i) {
            None => self.raw_len,
            Some(p) if p.verbatim => {
                p.raw_start + (pos - p.clean_start).min(p.raw_len)
            }
            Some(p) => p.raw_start + p.raw_len,
        }
    }

    /// Whether `range` lies inside one verbatim piece, so its raw range
    /// holds exactly the same bytes (tests and callers that want to quote
    /// raw text rely on this).
    pub fn is_verbatim(&self, range: Range<usize>) -> bool {
        if range.start > range.end || range.end > self.text.len() {
            return false;
        }
        let i = self.pieces.partition_point(|p| p.clean_end() <= range.start);
        match self.pieces.get(i) {
            Some(p) => {
                p.verbatim
                    && p.clean_start <= range.start
                    && range.end <= p.clean_end()
            }
            None => range.is_empty(),
        }
    }

    /// Maps a cleaned byte range to the raw byte range it came from.
    pub fn raw_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.raw_start(range.start);
        let end = self.raw_end(range.end).max(start);
        start..end
    }

    /// The runs of cleaned text copied verbatim from the raw text, as
    /// (cleaned byte range, raw byte range) pairs of equal length, in
    /// order. For tests and debugging: they let a check prove that cleaning
    /// kept every such run byte for byte.
    pub fn verbatim_spans(&self) -> Vec<(Range<usize>, Range<usize>)> {
        self.pieces
            .iter()
            .filter(|p| p.verbatim)
            .map(|p| {
                (
                    p.clean_start..p.clean_end(),
                    p.raw_start..p.raw_start + p.raw_len,
                )
            })
            .collect()
    }
}

/// Appends a piece, merging it into the previous one when both are
/// verbatim and contiguous in clean and raw text.
fn push_piece(pieces: &mut Vec<Piece>, piece: Piece) {
    if let Some(last) = pieces.last_mut()
        && last.verbatim
        && piece.verbatim
        && last.clean_end() == piece.clean_start
        && last.raw_start + last.raw_len == piece.raw_start
    {
        last.clean_len += piece.clean_len;
        last.raw_len += piece.raw_len;
        return;
    }
    pieces.push(piece);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_of<'a>(raw: &'a str, t: &AlignedText, r: Range<usize>) -> &'a str {
        &raw[t.raw_range(r)]
    }

    #[test]
    fn identity_maps_one_to_one() {
        let raw = "Bishkek is a city.";
        let t = AlignedText::new(raw);
        assert!(t.is_identity());
        assert_eq!(t.raw_range(0..7), 0..7);
        assert_eq!(t.raw_range(18..18), 18..18);
    }

    #[test]
    fn delete_shifts_following_offsets() {
        let raw = "Osh[8] and Naryn";
        let mut t = AlignedText::new(raw);
        t.apply(vec![Edit::delete(3..6)]);
        assert_eq!(t.text(), "Osh and Naryn");
        let naryn = t.text().find("Naryn").unwrap();
        assert_eq!(raw_of(raw, &t, naryn..naryn + 5), "Naryn");
        assert_eq!(raw_of(raw, &t, 0..3), "Osh");
    }

    #[test]
    fn replace_maps_to_whole_raw_range() {
        let raw = "finan-\ncial aid";
        let mut t = AlignedText::new(raw);
        t.apply(vec![Edit::delete(5..7)]);
        assert_eq!(t.text(), "financial aid");
        assert_eq!(raw_of(raw, &t, 0..9), "finan-\ncial");
        let mut t = AlignedText::new("a **b** c");
        t.apply(vec![Edit::replace(2..7, "b")]);
        assert_eq!(t.text(), "a b c");
        assert_eq!(t.raw_range(2..3), 2..7);
    }

    #[test]
    fn successive_passes_compose() {
        let raw = "# Title\n\nText[1] here[edit]";
        let mut t = AlignedText::new(raw);
        t.apply(vec![Edit::delete(0..2)]);
        let edit = t.text().find("[edit]").unwrap();
        let one = t.text().find("[1]").unwrap();
        t.apply(vec![
            Edit::delete(edit..edit + 6),
            Edit::delete(one..one + 3),
        ]);
        assert_eq!(t.text(), "Title\n\nText here");
        let here = t.text().find("here").unwrap();
        assert_eq!(raw_of(raw, &t, here..here + 4), "here");
        assert_eq!(raw_of(raw, &t, 0..5), "Title");
    }

    #[test]
    fn overlapping_and_bad_edits_are_ignored() {
        let mut t = AlignedText::new("héllo world");
        t.apply(vec![
            Edit::delete(0..3),
            Edit::delete(2..5),
            Edit::delete(2..2),
            Edit::delete(40..50),
        ]);
        assert_eq!(t.text(), "llo world");
        let mut t = AlignedText::new("héllo");
        t.apply(vec![Edit::delete(1..2)]);
        assert_eq!(t.text(), "héllo");
    }

    proptest::proptest! {
        #[test]
        fn cursor_lookups_agree_with_searches(
            raw in "[a-c \\[\\]*]{0,40}",
            edits in proptest::collection::vec((0usize..40, 0usize..6, proptest::bool::ANY), 0..6),
            ranges in proptest::collection::vec((0usize..45, 0usize..8), 0..20),
            sorted in proptest::bool::ANY,
        ) {
            let mut t = AlignedText::new(&raw);
            t.apply(
                edits
                    .into_iter()
                    .map(|(at, len, replace)| {
                        if replace {
                            Edit::replace(at..at + len, "x")
                        } else {
                            Edit::delete(at..at + len)
                        }
                    })
                    .collect(),
            );
            let n = t.text().len();
            let mut ranges: Vec<Range<usize>> = ranges
                .into_iter()
                .map(|(at, len)| at.min(n)..(at + len).min(n))
                .collect();
            if sorted {
                ranges.sort_by_key(|r| (r.start, r.end));
            }
            let mut cursor = RawCursor::default();
            for r in ranges {
                proptest::prop_assert_eq!(
                    t.raw_range_from(&mut cursor, r.clone()),
                    t.raw_range(r)
                );
            }
        }
    }

    #[test]
    fn verbatim_ranges_are_reported() {
        let mut t = AlignedText::new("a **b** c");
        t.apply(vec![Edit::replace(2..7, "b")]);
        assert!(t.is_verbatim(0..1));
        assert!(!t.is_verbatim(2..3));
        assert!(!t.is_verbatim(0..5));
        assert!(t.is_verbatim(4..5));
        assert!(!t.is_verbatim(4..9));
    }
}
