//! Overlap resolution: many candidates in, a flat sorted list out.
//!
//! Policy: higher `priority` wins; among equal priorities the longer span
//! wins; among equal lengths the earlier span wins, then the tagger that
//! proposed it first. A candidate that overlaps an accepted one is dropped
//! whole (never trimmed), so every surviving span is exactly what a tagger
//! proposed. One exception to priority first ([`resolve_in`]): a one-word
//! list match strictly inside a longer pattern span gives way to it, since
//! the pattern saw more of the name (`Kanye West` is a person, not the
//! place `West`). When a pattern wins over a list entry with exactly the
//! same span and type, the winner takes the list's canonical name and id:
//! the pattern knew the shape, the list knows the name. Linking name
//! variants is left to `link`.

use crate::entity::{Candidate, EntityType, priority};
use std::collections::BTreeMap;

/// Resolves overlaps in `text`: first drops every one-word gazetteer match
/// that a longer pattern candidate strictly contains, then [`resolve`]s.
pub fn resolve_in(text: &str, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let by_start = in_start_order(&candidates);
    let word_list: Vec<bool> = candidates
        .iter()
        .map(|g| {
            is_list(g)
                && text.get(g.start..g.end).is_some_and(|w| !has_whitespace(w))
        })
        .collect();
    let mut word_starts: Vec<usize> = Vec::with_capacity(candidates.len());
    word_starts.extend(
        by_start
            .iter()
            .filter(|&&(_, i)| word_list[i as usize])
            .map(|&(start, _)| start),
    );
    // Patterns with evidence of their own (a title, a given name, a suffix)
    // may override list words; a bare run of capitalised words only when
    // it holds a single one (`Kanye West`), so `Bishkek Osh Naryn` stays
    // three places rather than one person.
    let may_override = |p: &Candidate| {
        if is_list(p) || p.method.starts_with("link") {
            return false;
        }
        if p.priority >= priority::GAZETTEER {
            return true;
        }
        let inside = word_starts.partition_point(|&s| s < p.end)
            - word_starts.partition_point(|&s| s < p.start);
        inside <= 1
    };
    // Pattern spans in start order, with the running maximum end, answer
    // "does a longer pattern span contain this word?".
    let mut patterns: Vec<(usize, usize)> =
        Vec::with_capacity(candidates.len());
    patterns.extend(
        by_start
            .iter()
            .map(|&(_, i)| &candidates[i as usize])
            .filter(|p| may_override(p))
            .map(|p| (p.start, p.end)),
    );
    let mut max_end = Vec::with_capacity(patterns.len() + 1);
    max_end.push(0);
    for &(_, end) in &patterns {
        let last = *max_end.last().unwrap_or(&0);
        max_end.push(last.max(end));
    }
    // The list words in start order: the counts of patterns starting
    // before a word and at or before it only move forward.
    let mut covered = vec![false; candidates.len()];
    let (mut before, mut at) = (0, 0);
    for &(start, i) in &by_start {
        if !word_list[i as usize] {
            continue;
        }
        while patterns.get(before).is_some_and(|&(s, _)| s < start) {
            before += 1;
        }
        at = at.max(before);
        while patterns.get(at).is_some_and(|&(s, _)| s <= start) {
            at += 1;
        }
        // A span starting before the word and reaching its end is longer;
        // one starting with it must reach past its end.
        let end = candidates[i as usize].end;
        covered[i as usize] = max_end[before] >= end || max_end[at] > end;
    }
    resolve_ordered(candidates, by_start, &covered)
}

/// `(start, index)` of every candidate, in start order (then index).
fn in_start_order(candidates: &[Candidate]) -> Vec<(usize, u32)> {
    // Each tagger proposes its spans in about start order, one after
    // another: the stable sort merges those runs rather than sorting
    // afresh. Indices make the keys unique, so stable or not, the order is
    // the same. Packed into one integer (any text under 4 GB), a key
    // compares and moves in one word: a third of the sort's cost went.
    let packed: Option<Vec<u64>> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Some(u64::from(u32::try_from(c.start).ok()?) << 32 | i as u64)
        })
        .collect();
    if let Some(mut keys) = packed {
        keys.sort();
        return keys.iter().map(|&k| ((k >> 32) as usize, k as u32)).collect();
    }
    let mut by_start: Vec<(usize, u32)> = Vec::with_capacity(candidates.len());
    by_start.extend(
        candidates.iter().enumerate().map(|(i, c)| (c.start, i as u32)),
    );
    by_start.sort();
    by_start
}

/// Whether `word` holds a character `char::is_whitespace` accepts, checking
/// bytes first: all ASCII whitespace is a single byte, and only non-ASCII
/// words need decoding for the rest.
fn has_whitespace(word: &str) -> bool {
    word.bytes().any(|b| matches!(b, b' ' | b'\t'..=b'\r'))
        || (!word.is_ascii() && word.chars().any(char::is_whitespace))
}

/// A candidate proposed by a gazetteer lookup rather than a pattern.
fn is_list(c: &Candidate) -> bool {
    c.method.starts_with("gazetteer")
}

/// Resolves overlaps; returns non-overlapping candidates sorted by start.
pub fn resolve(candidates: Vec<Candidate>) -> Vec<Candidate> {
    resolve_except(candidates, &[])
}

/// [`resolve`] as if the candidates flagged in `dropped` were not there.
///
/// Spans that overlap nothing (most of them) are kept without a policy
/// sort: the live candidates are put in start order, cut into groups of
/// spans chained by overlaps, and only groups of two or more are resolved
/// by policy, each on its own, since spans of different groups never
/// overlap. Candidates are large, so they stay where they are until each
/// kept one moves once, into the result.
fn resolve_except(
    candidates: Vec<Candidate>,
    dropped: &[bool],
) -> Vec<Candidate> {
    let by_start = in_start_order(&candidates);
    resolve_ordered(candidates, by_start, dropped)
}

/// [`resolve_except`] given the candidates' [`in_start_order`].
fn resolve_ordered(
    candidates: Vec<Candidate>,
    mut by_start: Vec<(usize, u32)>,
    dropped: &[bool],
) -> Vec<Candidate> {
    by_start.retain(|&(_, i)| {
        let i = i as usize;
        !candidates[i].is_empty() && !dropped.get(i).copied().unwrap_or(false)
    });
    let mut kept: Vec<(usize, u32)> = Vec::with_capacity(by_start.len());
    // Gazetteer losers, in policy order, whose canonical name and id a
    // winner with exactly their span and type takes.
    let mut listed: Vec<(usize, usize, EntityType, u32)> = Vec::new();
    let mut keys = Vec::new();
    let mut at = 0;
    while let Some(&(_, first)) = by_start.get(at) {
        let mut end = candidates[first as usize].end;
        let mut next = at + 1;
        while let Some(&(start, i)) = by_start.get(next)
            && start < end
        {
            end = end.max(candidates[i as usize].end);
            next += 1;
        }
        if next == at + 1 {
            kept.push(by_start[at]);
        } else {
            let group = Group { members: &by_start[at..next], end };
            group.resolve(&candidates, &mut keys, &mut kept, &mut listed);
        }
        at = next;
    }
    let mut candidates = candidates;
    if !listed.is_empty() {
        // The first loser per span and type wins: stable sort.
        listed.sort_by_key(|&(start, end, kind, _)| (start, end, kind));
        listed.dedup_by_key(|&mut (start, end, kind, _)| (start, end, kind));
        for (start, end, kind, loser) in listed {
            let at = kept.partition_point(|&(s, _)| s < start);
            let Some(&(_, winner)) = kept.get(at) else { continue };
            // Losers are never kept, so `loser` is not `winner`.
            let l = &mut candidates[loser as usize];
            let (norm, id) = (l.norm.take(), l.id.take());
            let w = &mut candidates[winner as usize];
            if w.start == start && w.end == end && w.kind == kind {
                w.norm = norm;
                w.id = id;
            }
        }
    }
    // Each kept candidate moves out once, leaving an empty one (no heap)
    // behind, rather than every candidate moving through a list of slots.
    let mut resolved = Vec::with_capacity(kept.len());
    resolved.extend(kept.iter().map(|&(_, i)| {
        let empty = Candidate::new(0, 0, EntityType::Person, "", 0);
        std::mem::replace(&mut candidates[i as usize], empty)
    }));
    resolved
}

/// Live candidates chained by overlaps, as `(start, index)` in start
/// order, and the end of the last byte any of them covers.
struct Group<'m> {
    members: &'m [(usize, u32)],
    end: usize,
}

impl Group<'_> {
    /// Above this many members, accepted spans are looked up in a bitmap
    /// rather than compared one by one.
    const FEW: usize = 16;

    /// Accepts members in policy order when they overlap no member accepted
    /// before; appends the accepted to `kept` in start order and the
    /// gazetteer members turned down to `listed`.
    fn resolve(
        &self,
        candidates: &[Candidate],
        keys: &mut Vec<u128>,
        kept: &mut Vec<(usize, u32)>,
        listed: &mut Vec<(usize, usize, EntityType, u32)>,
    ) {
        keys.clear();
        keys.extend(
            self.members
                .iter()
                .map(|&(_, i)| policy_key(&candidates[i as usize], i)),
        );
        keys.sort_unstable();
        let base = self.members[0].0;
        let mut taken = (self.members.len() > Self::FEW)
            .then(|| Covered::new(self.end - base));
        let first = kept.len();
        for &key in keys.iter() {
            let i = (key & INDEX_MASK) as u32;
            let c = &candidates[i as usize];
            let overlaps = match &taken {
                Some(bits) => bits.overlaps(c.start - base, c.end - base),
                None => kept[first..].iter().any(|&(start, j)| {
                    start < c.end && c.start < candidates[j as usize].end
                }),
            };
            if overlaps {
                if is_list(c) {
                    listed.push((c.start, c.end, c.kind, i));
                }
                continue;
            }
            if let Some(bits) = &mut taken {
                bits.insert(c.start - base, c.end - base);
            }
            kept.push((c.start, i));
        }
        // Accepted spans never overlap, so their starts are distinct.
        kept[first..].sort_unstable();
    }
}

/// Bits of a policy field, and of the index at the bottom of a key.
const FIELD: u32 = 40;
/// The index bits of a [`policy_key`].
const INDEX_MASK: u128 = (1 << FIELD) - 1;

/// Candidate `i` as one integer whose order is the policy: higher
/// priority, then longer, then earlier, then the tagger that proposed it
/// first (the index, which also makes keys unique, so an unstable sort
/// orders them as a stable one would). Lengths and offsets past 2^40 bytes
/// are clamped.
fn policy_key(c: &Candidate, i: u32) -> u128 {
    let field = |x: usize| (x as u128).min(INDEX_MASK);
    (u128::from(u8::MAX - c.priority) << (3 * FIELD))
        | ((INDEX_MASK - field(c.len())) << (2 * FIELD))
        | (field(c.start) << FIELD)
        | u128::from(i)
}

/// Byte positions covered by accepted spans, a bit each: whether a span
/// overlaps an accepted one is a look at its own bits, in whatever order
/// spans are accepted.
pub struct Covered {
    bits: Vec<u64>,
}

impl Covered {
    /// An empty set sized for spans ending up to `len` (longer ones grow
    /// it).
    pub fn new(len: usize) -> Covered {
        Covered { bits: vec![0; len.div_ceil(64)] }
    }

    /// Whether any byte of `start..end` is covered.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        words(start, end).any(|(w, mask)| {
            self.bits.get(w).is_some_and(|&bits| bits & mask != 0)
        })
    }

    /// Covers `start..end`.
    pub fn insert(&mut self, start: usize, end: usize) {
        if end.div_ceil(64) > self.bits.len() {
            self.bits.resize(end.div_ceil(64), 0);
        }
        for (w, mask) in words(start, end) {
            self.bits[w] |= mask;
        }
    }
}

/// The 64-bit words `start..end` touches, with the bits it covers in each.
fn words(start: usize, end: usize) -> impl Iterator<Item = (usize, u64)> {
    let last = end.saturating_sub(1) / 64;
    let words = if start < end { start / 64..last + 1 } else { 0..0 };
    words.map(move |w| {
        let low = if w == start / 64 { start % 64 } else { 0 };
        let high = if w == last { (end - 1) % 64 } else { 63 };
        (w, (u64::MAX >> (63 - high)) & (u64::MAX << low))
    })
}

/// Whether `start..end` overlaps any accepted span.
pub fn overlaps_taken(
    taken: &BTreeMap<usize, usize>,
    start: usize,
    end: usize,
) -> bool {
    // The span starting at or before `start` may reach into us; the first
    // span starting after `start` overlaps if it starts before `end`.
    let before = taken.range(..=start).next_back();
    let after = taken.range(start + 1..).next();
    before.is_some_and(|(_, &e)| e > start)
        || after.is_some_and(|(&s, _)| s < end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::EntityType::*;
    use crate::entity::{Candidate, EntityType, priority};
    use proptest::prelude::*;

    fn c(start: usize, end: usize, kind: EntityType, prio: u8) -> Candidate {
        Candidate::new(start, end, kind, "test", prio)
    }

    fn spans(v: &[Candidate]) -> Vec<(usize, usize, EntityType)> {
        v.iter().map(|c| (c.start, c.end, c.kind)).collect()
    }

    #[test]
    fn resolve_start_order_is_by_start_then_index_for_any_start() {
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        for round in 0..200 {
            // Runs in about start order, as the taggers propose them; in
            // odd rounds some starts do not fit the packed key's 32 bits.
            let mut candidates = Vec::new();
            for _ in 0..(rng.next() % 40) {
                let mut start = (rng.next() % 64) as usize;
                if round % 2 == 1 && rng.next().is_multiple_of(4) {
                    start += u32::MAX as usize;
                }
                candidates.push(c(start, start + 1, Person, 40));
            }
            let mut want: Vec<(usize, u32)> = candidates
                .iter()
                .enumerate()
                .map(|(i, c)| (c.start, i as u32))
                .collect();
            want.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
            assert_eq!(in_start_order(&candidates), want, "round {round}");
        }
    }

    #[test]
    fn resolve_priority_beats_length() {
        let out = resolve(vec![c(0, 10, Person, 40), c(0, 8, Date, 80)]);
        assert_eq!(spans(&out), vec![(0, 8, Date)]);
    }

    #[test]
    fn resolve_longest_wins_at_equal_priority() {
        let out =
            resolve(vec![c(0, 5, Location, 50), c(0, 30, Organization, 50)]);
        assert_eq!(spans(&out), vec![(0, 30, Organization)]);
    }

    #[test]
    fn resolve_keeps_disjoint_and_sorts() {
        let out = resolve(vec![
            c(20, 25, Location, 50),
            c(0, 5, Location, 50),
            c(4, 8, Person, 40),
            c(5, 9, Person, 40),
        ]);
        assert_eq!(
            spans(&out),
            vec![(0, 5, Location), (5, 9, Person), (20, 25, Location)]
        );
    }

    fn named(
        start: usize,
        end: usize,
        kind: EntityType,
        method: &'static str,
        prio: u8,
    ) -> Candidate {
        Candidate::new(start, end, kind, method, prio)
    }

    #[test]
    fn resolve_in_longer_pattern_beats_one_word_list_match() {
        let text = "a cover of Kanye West's song";
        let out = resolve_in(
            text,
            vec![
                named(17, 21, Location, "gazetteer", 50),
                named(11, 21, Person, "person:shape", 35),
            ],
        );
        assert_eq!(spans(&out), vec![(11, 21, Person)]);
    }

    #[test]
    fn resolve_in_keeps_multi_word_list_match() {
        let text = "in New York City Hall";
        let out = resolve_in(
            text,
            vec![
                named(3, 11, Location, "gazetteer", 50),
                named(3, 16, Person, "person:shape", 35),
            ],
        );
        assert_eq!(spans(&out), vec![(3, 11, Location)]);
    }

    #[test]
    fn resolve_pattern_winner_takes_list_canonical_name() {
        let pattern = c(0, 33, Organization, 60)
            .with_norm("Shanghai Cooperation Organization");
        let mut listed = Candidate::new(0, 33, Organization, "gazetteer", 50)
            .with_norm("Shanghai Cooperation Organisation");
        listed.id = Some("Q485207".into());
        let out = resolve(vec![listed, pattern]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].method, "test");
        assert_eq!(
            out[0].norm.as_deref(),
            Some("Shanghai Cooperation Organisation")
        );
        assert_eq!(out[0].id.as_deref(), Some("Q485207"));
    }

    #[test]
    fn resolve_pattern_winner_takes_first_listed_sense() {
        let list = |norm: &str, id: &str| {
            let mut c = Candidate::new(0, 5, Location, "gazetteer", 50)
                .with_norm(norm);
            c.id = Some(id.to_string().into());
            c
        };
        let pattern = c(0, 5, Location, 60).with_norm("pattern");
        let out = resolve(vec![
            list("first", "Q1"),
            c(0, 5, Person, 40),
            list("second", "Q2"),
            pattern,
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].norm.as_deref(), Some("first"));
        assert_eq!(out[0].id.as_deref(), Some("Q1"));
    }

    #[test]
    fn resolve_in_weak_run_of_places_stays_places() {
        let text = "in Bishkek Osh Naryn today";
        let list = |s: usize, e: usize| {
            Candidate::new(s, e, Location, "gazetteer", priority::GAZETTEER)
        };
        let weak = Candidate::new(3, 20, Person, "person:shape", 35);
        let out = resolve_in(
            text,
            vec![list(3, 10), list(11, 14), list(15, 20), weak],
        );
        assert_eq!(spans(&out).len(), 3);
        let one = vec![
            list(3, 10),
            Candidate::new(3, 14, Person, "person:shape", 35),
        ];
        assert_eq!(spans(&resolve_in(text, one)), vec![(3, 14, Person)]);
    }

    /// The first implementation, kept as the reference the faster one must
    /// match exactly: sort candidates by policy, accept against a map of
    /// accepted spans, look canonical names up by span and type.
    mod reference {
        use super::*;
        use std::collections::HashMap;

        pub fn resolve_in(
            text: &str,
            mut candidates: Vec<Candidate>,
        ) -> Vec<Candidate> {
            let is_word_list = |g: &Candidate| {
                is_list(g)
                    && text
                        .get(g.start..g.end)
                        .is_some_and(|w| !w.contains(char::is_whitespace))
            };
            let mut word_starts: Vec<usize> = candidates
                .iter()
                .filter(|g| is_word_list(g))
                .map(|g| g.start)
                .collect();
            word_starts.sort_unstable();
            let may_override = |p: &Candidate| {
                if is_list(p) || p.method.starts_with("link") {
                    return false;
                }
                if p.priority >= priority::GAZETTEER {
                    return true;
                }
                let inside = word_starts.partition_point(|&s| s < p.end)
                    - word_starts.partition_point(|&s| s < p.start);
                inside <= 1
            };
            let patterns: Vec<(usize, usize)> = candidates
                .iter()
                .filter(|p| may_override(p))
                .map(|p| (p.start, p.end))
                .collect();
            let contained = |g: &Candidate| {
                patterns.iter().any(|&(s, e)| {
                    (s < g.start && e >= g.end) || (s == g.start && e > g.end)
                })
            };
            let covered: Vec<bool> = candidates
                .iter()
                .map(|g| is_word_list(g) && contained(g))
                .collect();
            let mut keep = covered.into_iter().map(|c| !c);
            candidates.retain(|_| keep.next().unwrap_or(true));
            resolve(candidates)
        }

        pub fn resolve(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
            candidates.retain(|c| !c.is_empty());
            candidates.sort_by(|a, b| {
                b.priority
                    .cmp(&a.priority)
                    .then(b.len().cmp(&a.len()))
                    .then(a.start.cmp(&b.start))
            });
            let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
            let mut kept = Vec::with_capacity(candidates.len());
            let mut listed: HashMap<(usize, usize, EntityType), Candidate> =
                HashMap::new();
            for c in candidates {
                if overlaps_taken(&taken, c.start, c.end) {
                    if c.method.starts_with("gazetteer") {
                        listed.entry((c.start, c.end, c.kind)).or_insert(c);
                    }
                    continue;
                }
                taken.insert(c.start, c.end);
                kept.push(c);
            }
            for c in &mut kept {
                if let Some(entry) = listed.remove(&(c.start, c.end, c.kind)) {
                    c.norm = entry.norm;
                    c.id = entry.id;
                }
            }
            kept.sort_by_key(|c| (c.start, c.end));
            kept
        }
    }

    fn arbitrary_candidate() -> impl Strategy<Value = Candidate> {
        let kinds = prop::sample::select(EntityType::ALL.to_vec());
        let methods = prop::sample::select(vec![
            "gazetteer",
            "gazetteer:user",
            "person:shape",
            "date:dmy",
            "link:repeat",
        ]);
        let prios = prop::sample::select(vec![30u8, 35, 40, 50, 60, 80, 90]);
        (0usize..40, 0usize..10, kinds, methods, prios, 0u8..4, 0u8..3)
            .prop_map(|(start, len, kind, method, prio, norm, id)| {
                let mut c =
                    Candidate::new(start, start + len, kind, method, prio);
                c.norm = (norm > 0).then(|| format!("n{norm}").into());
                c.id = (id > 0).then(|| format!("Q{id}").into());
                c
            })
    }

    proptest! {
        #[test]
        fn resolve_matches_reference(
            candidates in prop::collection::vec(arbitrary_candidate(), 0..60),
            words in prop::collection::vec(prop::sample::select(vec!["Osh", "Kanye", "A", "bc", "Naryn", "Issyk-Kul", " ", "  ", "\u{a0}", "é"]), 0..80),
        ) {
            let text: String = words.concat();
            prop_assert_eq!(resolve(candidates.clone()), reference::resolve(candidates.clone()));
            // Far into a long text (past 16 MiB) the same spans resolve
            // the same way.
            let far = 1 << 24;
            let shift = |v: Vec<Candidate>, up: bool| -> Vec<Candidate> {
                v.into_iter().map(|mut c| {
                    if up { c.start += far; c.end += far } else { c.start -= far; c.end -= far }
                    c
                }).collect()
            };
            prop_assert_eq!(shift(resolve(shift(candidates.clone(), true)), false), resolve(candidates.clone()));
            prop_assert_eq!(resolve_in(&text, candidates.clone()), reference::resolve_in(&text, candidates.clone()));
            // In start order, as most taggers propose them: the sort then
            // has runs to merge.
            let mut by_start = candidates;
            by_start.sort_by_key(|c| c.start);
            prop_assert_eq!(resolve_in(&text, by_start.clone()), reference::resolve_in(&text, by_start));
        }

        #[test]
        fn covered_matches_span_map(spans in prop::collection::vec((0usize..300, 1usize..80), 0..40), probe in (0usize..400, 0usize..90)) {
            let mut bits = Covered::new(100);
            let mut map = BTreeMap::new();
            for (start, len) in spans {
                if !bits.overlaps(start, start + len) {
                    prop_assert!(!overlaps_taken(&map, start, start + len));
                    bits.insert(start, start + len);
                    map.insert(start, start + len);
                } else {
                    prop_assert!(overlaps_taken(&map, start, start + len));
                }
            }
            let (start, len) = probe;
            if len > 0 {
                prop_assert_eq!(bits.overlaps(start, start + len), overlaps_taken(&map, start, start + len));
            }
        }
    }

    #[test]
    fn resolve_drops_empty_spans() {
        assert!(resolve(vec![c(3, 3, Date, 90)]).is_empty());
    }
}
