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
use std::collections::{BTreeMap, HashMap};

/// Resolves overlaps in `text`: first drops every one-word gazetteer match
/// that a longer pattern candidate strictly contains, then [`resolve`]s.
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
    // Pattern spans sorted by start, with the running maximum end, answer
    // "does a longer pattern span contain this word?" in O(log n), so long
    // documents with many candidates stay linear-ish.
    let mut patterns: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|p| may_override(p))
        .map(|p| (p.start, p.end))
        .collect();
    patterns.sort_unstable();
    let mut max_end = Vec::with_capacity(patterns.len() + 1);
    max_end.push(0);
    for &(_, end) in &patterns {
        let last = *max_end.last().unwrap_or(&0);
        max_end.push(last.max(end));
    }
    let contained = |g: &Candidate| {
        // A span starting before the word and reaching its end is longer;
        // one starting with it must reach past its end.
        let before = patterns.partition_point(|&(s, _)| s < g.start);
        let at = patterns.partition_point(|&(s, _)| s <= g.start);
        max_end[before] >= g.end || max_end[at] > g.end
    };
    let covered: Vec<bool> =
        candidates.iter().map(|g| is_word_list(g) && contained(g)).collect();
    let mut keep = covered.into_iter().map(|c| !c);
    candidates.retain(|_| keep.next().unwrap_or(true));
    resolve(candidates)
}

/// A candidate proposed by a gazetteer lookup rather than a pattern.
fn is_list(c: &Candidate) -> bool {
    c.method.starts_with("gazetteer")
}

/// Resolves overlaps; returns non-overlapping candidates sorted by start.
pub fn resolve(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.retain(|c| !c.is_empty());
    // Stable sort keeps tagger order as the last tie-breaker.
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
    if !listed.is_empty() {
        for c in &mut kept {
            if let Some(entry) = listed.remove(&(c.start, c.end, c.kind)) {
                c.norm = entry.norm;
                c.id = entry.id;
            }
        }
    }
    kept.sort_by_key(|c| (c.start, c.end));
    kept
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

    fn c(start: usize, end: usize, kind: EntityType, prio: u8) -> Candidate {
        Candidate::new(start, end, kind, "test", prio)
    }

    fn spans(v: &[Candidate]) -> Vec<(usize, usize, EntityType)> {
        v.iter().map(|c| (c.start, c.end, c.kind)).collect()
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

    #[test]
    fn resolve_drops_empty_spans() {
        assert!(resolve(vec![c(3, 3, Date, 90)]).is_empty());
    }
}
