//! Document-level linking of name variants.
//!
//! Takes the resolved entities of one document and returns them with later
//! short mentions added: after `Sadyr Japarov`, a bare `Japarov` (or
//! `Japarov's`) is the same PERSON with the same norm; after `China National
//! Petroleum Corporation (CNPC)`, the `CNPC` in parentheses and every later
//! `CNPC` are that ORGANIZATION; a name a pattern found once is tagged
//! wherever else it occurs. Only text no entity covers is linked, so linking
//! never changes an existing entity.

use crate::entity::{Candidate, EntityType, priority};
use crate::gazetteer::previous_word;
use crate::patterns::person::is_title;
use crate::patterns::tokens::{
    FastMap, Shape, class, has_class, is_calendar_word, is_demonym,
    is_function_word, is_particle, tokenize, with_scan,
};
use crate::resolve::Covered;
use std::borrow::Cow;

/// Adds linked mentions to `entities` (sorted, non-overlapping) in `text`.
pub fn link(text: &str, entities: &mut Vec<Candidate>) {
    let aliases = collect_aliases(text, entities);
    if aliases.is_empty() {
        return;
    }
    // The aliases borrow the entities' norms: changes to the entities wait
    // until the scan is done with them.
    let mut changes = Vec::new();
    // Most entities are no alias and most tokens start none: a bit test
    // turns nearly all of them down before any hashing.
    let mut alias_sieve = Sieve::default();
    for surface in aliases.keys() {
        alias_sieve.insert(surface.as_bytes());
    }
    for (at, c) in entities.iter().enumerate() {
        let surface = &text[c.start..c.end];
        if !alias_sieve.may_contain(surface.as_bytes()) {
            continue;
        }
        let Some(alias) = aliases.get(surface) else {
            continue;
        };
        // An acronym a pattern already found takes the norm of the name
        // it was defined for.
        let acronym = c.method != "gazetteer"
            && alias.method == "link:acronym"
            && alias.kind == c.kind;
        // One sense per document: a bare list match of a word that is the
        // surname or given name of a person named here is that person
        // (`Cowley` after `Bill Cowley`), unless a place word precedes it.
        let person = c.method == "gazetteer"
            && alias.kind == EntityType::Person
            && c.kind != EntityType::Person
            && matches!(alias.method, "link:surname" | "link:given")
            && !matches!(
                previous_word(text, c.start),
                "in" | "at" | "near" | "from" | "to" | "of" | "into"
            )
            && !inside_longer_name(text, c.start, c.end);
        // A surname-only PERSON a pattern found (`President Japarov`) is
        // the person whose full name appears in the document.
        let surname = c.kind == EntityType::Person
            && alias.kind == EntityType::Person
            && alias.method == "link:surname";
        if surname || acronym || person {
            let retag = (acronym || person).then(|| Retag {
                kind: alias.kind,
                id: alias.id.cloned(),
                method: person.then_some(alias.method),
            });
            let norm = alias.norm_or(surface);
            changes.push((at, norm, retag));
        }
    }
    // Aliases are whole words, so match them on the name taggers' token
    // scan (already computed for this text) instead of building an
    // automaton per document: first word -> longest alias in tokens.
    let lower_aliases = aliases
        .keys()
        .any(|a| a.chars().next().is_some_and(char::is_lowercase));
    let mut first_words: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(aliases.len(), Default::default());
    let mut first_sieve = Sieve::default();
    for surface in aliases.keys() {
        if let Some((first, len)) = first_token(surface) {
            first_sieve.insert(first.as_bytes());
            let longest = first_words.entry(first).or_insert(0);
            *longest = (*longest).max(len);
        }
    }
    let sorted = sorted_disjoint(entities);
    let mut taken = Taken::new(text.len(), entities, sorted);
    let mut added = Vec::new();
    with_scan(text, |tokens, _| {
        // The first token after the last mention added.
        let mut next = 0;
        for (i, t) in tokens.iter().enumerate() {
            // Aliases start with a capital or a name particle (`de Staël`).
            // A mention starting on a word an entity covers would overlap
            // it whatever its length. Most tokens stop at a bit test here,
            // before any lookup.
            let starts_name = i >= next
                && (t.is_namey()
                    || (lower_aliases
                        && t.shape == Shape::Lower
                        && is_particle(t.text(text))))
                && first_sieve.may_contain(&text.as_bytes()[t.start..t.end])
                && !taken.overlaps(t.start, t.end);
            if !starts_name {
                continue;
            }
            let Some(&longest) = first_words.get(t.text(text)) else {
                continue;
            };
            let found =
                (1..=longest.min(tokens.len() - i)).rev().find_map(|n| {
                    let (start, end) = (t.start, tokens[i + n - 1].end);
                    let span = &text[start..end];
                    alias_sieve
                        .may_contain(span.as_bytes())
                        .then(|| aliases.get(span))
                        .flatten()
                        .map(|a| (n, start, end, a))
                });
            let Some((n, start, end, alias)) = found else {
                continue;
            };
            // `May 9, 1924` is a date even after `William May`.
            let dated = is_calendar_word(&text[start..end])
                && tokens.get(i + n).is_some_and(|t| t.shape == Shape::Number);
            if dated
                || taken.overlaps(start, end)
                || inside_longer_name(text, start, end)
            {
                continue;
            }
            let mut c = Candidate::new(
                start,
                end,
                alias.kind,
                alias.method,
                priority::PROPAGATED,
            );
            c.norm = Some(alias.norm_or(&text[start..end]));
            c.id = alias.id.cloned();
            // Not marked taken: the scan goes on after it, and no later
            // span starts before it ends.
            added.push(c);
            next = i + n;
        }
    });
    for (at, norm, retag) in changes {
        let c = &mut entities[at];
        c.norm = Some(norm);
        if let Some(Retag { kind, id, method }) = retag {
            c.kind = kind;
            c.id = id;
            if let Some(method) = method {
                c.method = method;
            }
        }
    }
    let taken = Taken::new(text.len(), entities, sorted);
    let placed = appositions(text, entities, &taken, &added);
    added.extend(placed);
    if added.is_empty() {
        return;
    }
    if sorted {
        // Two sorted lists: merged into one of the final size, each
        // candidate moved once, rather than grown in place (a copy of
        // the whole list) and sorted again.
        added.sort_by_key(|c| (c.start, c.end));
        *entities = merge_by_span(std::mem::take(entities), added);
    } else {
        entities.extend(added);
        entities.sort_by_key(|c| (c.start, c.end));
    }
}

/// `first` and `then`, each sorted by span, as one list sorted by span;
/// of equal spans, those of `first` come first, as a stable sort of the
/// two lists one after the other would order them.
fn merge_by_span(
    first: Vec<Candidate>,
    then: Vec<Candidate>,
) -> Vec<Candidate> {
    let mut merged = Vec::with_capacity(first.len() + then.len());
    let mut then = then.into_iter().peekable();
    for c in first {
        while let Some(t) =
            then.next_if(|t| (t.start, t.end) < (c.start, c.end))
        {
            merged.push(t);
        }
        merged.push(c);
    }
    merged.extend(then);
    merged
}

/// What the entities cover, asked about spans in order of their start.
enum Taken<'e> {
    /// Sorted, disjoint entities, as resolving leaves them: a cursor that
    /// only moves forward answers, where a bitmap would first take a write
    /// for every entity of the document.
    Sorted { entities: &'e [Candidate], at: usize },
    /// Anything else.
    Bitmap(Covered),
}

/// Whether `entities` are sorted, disjoint and none empty.
fn sorted_disjoint(entities: &[Candidate]) -> bool {
    entities
        .iter()
        .try_fold(0, |end, c| {
            (end <= c.start && c.start < c.end).then_some(c.end)
        })
        .is_some()
}

impl<'e> Taken<'e> {
    /// `sorted`: what [`sorted_disjoint`] says of `entities`.
    fn new(len: usize, entities: &'e [Candidate], sorted: bool) -> Taken<'e> {
        if sorted {
            return Taken::Sorted { entities, at: 0 };
        }
        let mut taken = Covered::new(len);
        for c in entities {
            taken.insert(c.start, c.end);
        }
        Taken::Bitmap(taken)
    }

    /// Whether any byte of `start..end` is covered; `start` must not be
    /// less than at the previous call.
    fn overlaps(&mut self, start: usize, end: usize) -> bool {
        match self {
            Taken::Sorted { entities, at } => {
                while entities.get(*at).is_some_and(|e| e.end <= start) {
                    *at += 1;
                }
                start < end && entities.get(*at).is_some_and(|e| e.start < end)
            }
            Taken::Bitmap(taken) => taken.overlaps(start, end),
        }
    }

    /// [`Taken::overlaps`] for a span anywhere.
    fn overlaps_anywhere(&self, start: usize, end: usize) -> bool {
        match self {
            Taken::Sorted { entities, .. } => {
                overlaps_sorted(entities, start, end)
            }
            Taken::Bitmap(taken) => taken.overlaps(start, end),
        }
    }
}

/// Whether `start..end` overlaps one of `spans`, sorted and disjoint.
fn overlaps_sorted(spans: &[Candidate], start: usize, end: usize) -> bool {
    let next = spans.partition_point(|e| e.end <= start);
    start < end && spans.get(next).is_some_and(|e| e.start < end)
}

/// A 1024-bit Bloom filter of words by their first and last bytes and
/// length: a miss is one multiply and a bit test where a map lookup
/// hashes every byte, probes and compares.
#[derive(Default)]
struct Sieve([u64; 16]);

impl Sieve {
    fn slot(word: &[u8]) -> usize {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return 0;
        };
        let key = u64::from(first)
            | u64::from(last) << 8
            | (word.len() as u64) << 16;
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize
    }

    fn insert(&mut self, word: &[u8]) {
        let k = Sieve::slot(word);
        self.0[k >> 6] |= 1 << (k & 63);
    }

    fn may_contain(&self, word: &[u8]) -> bool {
        let k = Sieve::slot(word);
        self.0[k >> 6] >> (k & 63) & 1 != 0
    }
}

/// The first token of `surface` and how many tokens it has, as
/// [`tokenize`] splits it.
fn first_token(surface: &str) -> Option<(&str, usize)> {
    // Runs of letters and digits between spaces are tokens as they stand;
    // only punctuation, other whitespace, `'s` and periods need the
    // tokenizer (which also looks every capitalised word up in the word
    // lists, for nothing here).
    if surface.chars().all(|c| c == ' ' || c.is_alphanumeric()) {
        let mut words = surface.split(' ').filter(|w| !w.is_empty());
        let first = words.next()?;
        return Some((first, 1 + words.count()));
    }
    let tokens = tokenize(surface);
    let first = tokens.first()?;
    Some((first.text(surface), tokens.len()))
}

/// Whether `start..end` is only part of a longer capitalised name
/// (`Cary` in `Cary Towne Center`, `Stanley` in `Stanley Cup`): a
/// capitalised word follows after one space, or precedes it without being
/// a title or a sentence-opening function word.
fn inside_longer_name(text: &str, start: usize, end: usize) -> bool {
    let capitalised =
        |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let next = text[end..]
        .strip_prefix(' ')
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or("");
    if capitalised(next) && next.chars().nth(1).is_some_and(char::is_lowercase)
    {
        return true;
    }
    let Some(head) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let prev = head.rsplit(' ').next().unwrap_or("");
    capitalised(prev)
        && prev.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !is_title(prev)
        && !is_function_word(prev)
}

/// `Bakersfield, California`: one to three capitalised words no entity
/// covers, right before `, ` and a LOCATION, are a place in that place.
fn appositions(
    text: &str,
    entities: &[Candidate],
    taken: &Taken,
    linked: &[Candidate],
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for e in entities.iter().filter(|e| e.kind == EntityType::Location) {
        let possessive =
            text[e.end..].starts_with("'s") || text[e.end..].starts_with("’s");
        let Some(head) = text[..e.start].strip_suffix(", ") else {
            continue;
        };
        if possessive {
            continue;
        }
        let mut start = head.len();
        let mut words = 0;
        for word in head.rsplit(' ') {
            let name = word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().skip(1).any(char::is_lowercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.')
                && !is_function_word(word)
                && !is_demonym(word)
                && !is_title(word);
            if !name || words == 3 {
                break;
            }
            start -= word.len();
            words += 1;
            if start == 0 {
                break;
            }
            start -= 1;
        }
        if words == 0 {
            continue;
        }
        // Step over the space we stopped on.
        start += usize::from(text[start..].starts_with(' '));
        let end = head.len();
        if start >= end
            || taken.overlaps_anywhere(start, end)
            || overlaps_sorted(linked, start, end)
            || out.iter().any(|o| o.start < end && start < o.end)
        {
            continue;
        }
        out.push(
            Candidate::new(
                start,
                end,
                EntityType::Location,
                "link:apposition",
                priority::PROPAGATED,
            )
            .with_norm(&text[start..end]),
        );
    }
    out
}

struct Alias<'e> {
    kind: EntityType,
    /// `None`: the alias itself.
    norm: Option<&'e Cow<'static, str>>,
    id: Option<&'e Cow<'static, str>>,
    method: &'static str,
}

impl Alias<'_> {
    /// The norm a mention `surface` of this alias takes.
    fn norm_or(&self, surface: &str) -> Cow<'static, str> {
        self.norm.map_or_else(|| Cow::Owned(surface.to_owned()), Cow::clone)
    }
}

/// How linking changes an entity besides its norm.
struct Retag {
    kind: EntityType,
    id: Option<Cow<'static, str>>,
    method: Option<&'static str>,
}

/// Builds the alias table: surnames of full names, acronyms defined in
/// parentheses, and the full text of every entity a pattern found.
///
/// Keys borrow the text where they are a span of it, as all but the re-cased
/// variants are.
fn collect_aliases<'a>(
    text: &'a str,
    entities: &'a [Candidate],
) -> FastMap<Cow<'a, str>, Alias<'a>> {
    // Per-document maps keyed by words: the fast word hasher, not SipHash.
    // Sized once: a table grown insert by insert rehashes (and touches
    // fresh memory) at every doubling.
    let mut aliases: FastMap<Cow<'a, str>, Alias<'a>> =
        FastMap::with_capacity_and_hasher(entities.len(), Default::default());
    // Names seen as entities themselves must not be re-read as aliases of
    // another entity (a surname that is also a place stays a place).
    // A bare list match does not count: the document's own evidence (a
    // full name) outweighs a list's default sense.
    let mut known: FastMap<&str, EntityType> =
        FastMap::with_capacity_and_hasher(entities.len(), Default::default());
    known.extend(
        entities
            .iter()
            .filter(|c| c.method != "gazetteer")
            .map(|c| (&text[c.start..c.end], c.kind)),
    );
    let mut add = |surface: Cow<'a, str>, c: &'a Candidate, method| {
        if surface.chars().nth(1).is_none() {
            return;
        }
        if known.get(&*surface).is_some_and(|&k| k != c.kind) {
            return;
        }
        aliases.entry(surface).or_insert_with(|| Alias {
            kind: c.kind,
            norm: c.norm.as_ref(),
            id: c.id.as_ref(),
            method,
        });
    };
    for c in entities {
        let surface = &text[c.start..c.end];
        if matches!(c.kind, EntityType::Date | EntityType::Money) {
            continue;
        }
        if c.method != "gazetteer" && !c.method.starts_with("link") {
            add(surface.into(), c, "link:repeat");
        }
        // A name guessed from its shape alone is too weak to vouch for
        // bare one-word mentions elsewhere.
        let vouched =
            c.kind == EntityType::Person && c.method != "person:shape";
        if vouched && let Some(surname) = surname(surface) {
            add(surname.into(), c, "link:surname");
            // `Germaine de Staël` is later `de Staël` or `De Staël`.
            if let Some(with_particle) = particle_surname(surface) {
                add(with_particle.into(), c, "link:surname");
                let mut upper = with_particle.to_string();
                if let Some(first) = upper.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                add(upper.into(), c, "link:surname");
            }
        }
        if vouched && let Some(given) = given_name(surface) {
            add(given.into(), c, "link:given");
        }
        if c.kind == EntityType::Organization
            && c.method != "gazetteer"
            && let Some(short) = without_legal_suffix(surface)
        {
            add(short.into(), c, "link:repeat");
            // `DATECS Ltd.` is later `Datecs`.
            if short.chars().count() >= 4
                && !short.contains(' ')
                && short.chars().all(|ch| ch.is_ascii_uppercase())
            {
                let mut title = short.to_ascii_lowercase();
                if let Some(first) = title.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                add(title.into(), c, "link:repeat");
            }
        }
        if let Some(acronym) = parenthesised_acronym(text, c.end) {
            add(acronym.into(), c, "link:acronym");
        }
    }
    aliases
}

/// `Zhongfu Group` of `Zhongfu Group Co., Ltd.`: a company's name without
/// its legal-form suffixes, by which later mentions often name it.
fn without_legal_suffix(name: &str) -> Option<&str> {
    let mut short = name;
    while let Some((head, last)) = short.rsplit_once(' ') {
        if !has_class(last, class::COMPANY_SUFFIX) || is_club_suffix(last) {
            break;
        }
        short = head.trim_end_matches(',');
    }
    (short.len() < name.len() && short.chars().count() >= 2).then_some(short)
}

/// Club suffixes: `Sunderland A.F.C.` without its suffix is a town.
fn is_club_suffix(word: &str) -> bool {
    matches!(
        word,
        "FC" | "F.C." | "AFC" | "A.F.C." | "HC" | "SC" | "CF" | "AC"
    )
}

/// The last token of a multi-token name, if it looks like a surname.
// Called for every person: byte searches for the spaces, and characters
// counted only as far as the answer needs.
fn surname(name: &str) -> Option<&str> {
    let (_, last) = name.rsplit_once(' ')?;
    let capitalised = last.chars().next().is_some_and(char::is_uppercase);
    (capitalised && last.chars().nth(2).is_some() && !last.ends_with('.'))
        .then_some(last)
}

/// `de Staël` of `Germaine de Staël`: the surname with its particle.
fn particle_surname(name: &str) -> Option<&str> {
    let (head, _) = name.rsplit_once(' ')?;
    let (_, particle) = head.rsplit_once(' ')?;
    let tail = &name[head.len() - particle.len()..];
    is_particle(particle).then_some(tail)
}

/// The first token of a two- or three-token name (`Jared` of `Jared
/// Leto`): family members and friends are often named by it alone later.
fn given_name(name: &str) -> Option<&str> {
    let (first, rest) = name.split_once(' ')?;
    // One or two more words: at most one more space.
    let two_or_three = rest.bytes().filter(|&b| b == b' ').nth(1).is_none();
    let mut chars = first.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().all(char::is_lowercase);
    (two_or_three && capitalised && chars.nth(1).is_some()).then_some(first)
}

/// `ACR` when `text[end..]` starts with ` (ACR)`.
fn parenthesised_acronym(text: &str, end: usize) -> Option<&str> {
    let rest = text[end..].strip_prefix(" (")?;
    let close = rest.find(')')?;
    let inner = &rest[..close];
    let upper = inner.chars().filter(|c| c.is_uppercase()).count();
    let ok = (2..=12).contains(&inner.len())
        && upper >= 2
        && inner.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '&')
        && inner.chars().next().is_some_and(char::is_uppercase);
    ok.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The name splitters as first written, with `str::split` and full
    /// character counts: the oracle for the ones above.
    mod split_oracle {
        use super::super::is_particle;

        pub fn surname(name: &str) -> Option<&str> {
            let last = name.rsplit(' ').next()?;
            let multi = name.contains(' ');
            let capitalised =
                last.chars().next().is_some_and(char::is_uppercase);
            (multi
                && capitalised
                && last.chars().count() >= 3
                && !last.ends_with('.'))
            .then_some(last)
        }

        pub fn particle_surname(name: &str) -> Option<&str> {
            let mut cut = name.rmatch_indices(' ').skip(1);
            let (i, _) = cut.next()?;
            let tail = &name[i + 1..];
            let particle = tail.split(' ').next()?;
            is_particle(particle).then_some(tail)
        }

        pub fn given_name(name: &str) -> Option<&str> {
            let mut words = name.split(' ');
            let first = words.next()?;
            let rest = words.count();
            let capitalised =
                first.chars().next().is_some_and(char::is_uppercase)
                    && first.chars().skip(1).all(char::is_lowercase);
            ((1..=2).contains(&rest)
                && capitalised
                && first.chars().count() >= 3)
                .then_some(first)
        }
    }

    proptest! {
        #[test]
        fn link_name_splitters_agree_with_split(
            name in "(([A-Z][a-zé]{0,4}|de|van|al|Ö|J\\.|) ?){0,5}",
        ) {
            prop_assert_eq!(surname(&name), split_oracle::surname(&name));
            prop_assert_eq!(particle_surname(&name), split_oracle::particle_surname(&name));
            prop_assert_eq!(given_name(&name), split_oracle::given_name(&name));
        }

        #[test]
        fn link_first_token_agrees_with_tokenize(
            surface in "[a-zA-Z0-9éÖ ]{0,12}|[A-Za-z0-9éÖ '’.,\\-\n\u{a0}]{0,16}",
        ) {
            let tokens = tokenize(&surface);
            let want = tokens.first().map(|t| (t.text(&surface), tokens.len()));
            prop_assert_eq!(first_token(&surface), want);
        }
    }

    fn ent(
        text: &str,
        needle: &str,
        kind: EntityType,
        norm: &str,
    ) -> Candidate {
        let start = text.find(needle).unwrap();
        Candidate::new(start, start + needle.len(), kind, "person:title", 60)
            .with_norm(norm)
    }

    fn linked(text: &str, mut ents: Vec<Candidate>) -> Vec<(String, String)> {
        link(text, &mut ents);
        ents.iter()
            .map(|c| {
                let norm = c.norm.clone().unwrap().into_owned();
                (text[c.start..c.end].to_string(), norm)
            })
            .collect()
    }

    #[test]
    fn link_surname_pattern_mention_takes_full_norm() {
        let text = "Sadyr Japarov arrived. President Japarov spoke.";
        let full =
            ent(text, "Sadyr Japarov", EntityType::Person, "Sadyr Japarov");
        let start = text.rfind("Japarov").unwrap();
        let short = Candidate::new(
            start,
            start + 7,
            EntityType::Person,
            "person:title",
            60,
        )
        .with_norm("Japarov");
        assert_eq!(
            linked(text, vec![full, short])[1],
            ("Japarov".into(), "Sadyr Japarov".into())
        );
    }

    #[test]
    fn link_surname_after_full_name() {
        let text = "President Sadyr Japarov spoke. Japarov's view is clear.";
        let e =
            ent(text, "Sadyr Japarov", EntityType::Person, "Sadyr Japarov");
        assert_eq!(
            linked(text, vec![e]),
            vec![
                ("Sadyr Japarov".into(), "Sadyr Japarov".into()),
                ("Japarov".into(), "Sadyr Japarov".into())
            ]
        );
    }

    #[test]
    fn link_acronym_defined_in_parentheses() {
        let text =
            "China National Petroleum Corporation (CNPC) said. CNPC won.";
        let name = "China National Petroleum Corporation";
        let e = ent(text, name, EntityType::Organization, name);
        let out = linked(text, vec![e]);
        assert_eq!(out.len(), 3);
        assert!(out[1..].iter().all(|(t, n)| t == "CNPC" && n == name));
        // Found by a pattern first, the acronym still takes the norm.
        let e = ent(text, name, EntityType::Organization, name);
        let mut acr = ent(text, "CNPC", EntityType::Organization, "CNPC");
        acr.method = "org:caps";
        let out = linked(text, vec![e, acr]);
        assert!(out[1..].iter().all(|(t, n)| t == "CNPC" && n == name));
    }

    #[test]
    fn link_company_without_legal_suffix() {
        let text = "ACME Ltd. was founded. Later Acme and ACME grew.";
        let e = ent(text, "ACME Ltd.", EntityType::Organization, "ACME Ltd.");
        let out = linked(text, vec![e]);
        let surfaces: Vec<&str> =
            out.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(surfaces, vec!["ACME Ltd.", "Acme", "ACME"]);
        assert_eq!(
            without_legal_suffix("Zhongfu Group Co., Ltd."),
            Some("Zhongfu Group")
        );
        assert_eq!(without_legal_suffix("Sunderland A.F.C."), None);
    }

    #[test]
    fn link_given_name_after_full_name() {
        let text = "Jared Leto and his brother. Jared sang; Leto's band.";
        let e = ent(text, "Jared Leto", EntityType::Person, "Jared Leto");
        let out = linked(text, vec![e]);
        let surfaces: Vec<&str> =
            out.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(surfaces, vec!["Jared Leto", "Jared", "Leto"]);
        assert!(out.iter().all(|(_, n)| n == "Jared Leto"));
    }

    #[test]
    fn link_particle_surname_and_longer_names() {
        let text = "Germaine de Staël wrote. De Staël and de Staël; \
                    the Staël Prize.";
        let e = ent(text, "Germaine de Staël", EntityType::Person, "G");
        let out = linked(text, vec![e]);
        let surfaces: Vec<&str> =
            out.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            surfaces,
            vec!["Germaine de Staël", "De Staël", "de Staël"]
        );
    }

    #[test]
    fn link_town_before_region() {
        let text =
            "born in Bakersfield, California and Ivanov, Russia's envoy";
        let e = ent(text, "California", EntityType::Location, "California");
        let r = ent(text, "Russia", EntityType::Location, "Russia");
        let out = linked(text, vec![e, r]);
        assert_eq!(out[0], ("Bakersfield".into(), "Bakersfield".into()));
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn link_surname_outweighs_bare_list_match() {
        let text = "Bill Cowley played. Cowley scored in Cowley.";
        let p = ent(text, "Bill Cowley", EntityType::Person, "Bill Cowley");
        let mut places = Vec::new();
        for (i, _) in text.match_indices("Cowley").skip(1) {
            let mut c = Candidate::new(
                i,
                i + 6,
                EntityType::Location,
                "gazetteer",
                50,
            );
            c.norm = Some("Cowley".into());
            places.push(c);
        }
        let mut ents = vec![p];
        ents.extend(places);
        link(text, &mut ents);
        let kinds: Vec<EntityType> = ents.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![EntityType::Person, EntityType::Person, EntityType::Location]
        );
    }

    #[test]
    fn link_merge_orders_as_a_stable_sort() {
        // Spans drawn from a small range so that equal spans meet, each
        // candidate told apart by its method.
        const METHODS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
        let mut rng = crate::patterns::XorShift(0x2545_f491_4f6c_dd1d);
        let mut next = |m: u64| (rng.next() % m) as usize;
        for _ in 0..300 {
            let mut lists = [Vec::new(), Vec::new()];
            for (l, list) in lists.iter_mut().enumerate() {
                for k in 0..next(6) {
                    let start = next(5);
                    let end = start + 1 + next(2);
                    let method = METHODS[(l * 3 + k) % 6];
                    list.push(Candidate::new(
                        start,
                        end,
                        EntityType::Person,
                        method,
                        0,
                    ));
                }
                list.sort_by_key(|c| (c.start, c.end));
            }
            let [first, then] = lists;
            let mut want = first.clone();
            want.extend(then.clone());
            want.sort_by_key(|c| (c.start, c.end));
            assert_eq!(merge_by_span(first, then), want);
        }
    }

    #[test]
    fn link_taken_cursor_agrees_with_bitmap() {
        let span = |start, end| {
            Candidate::new(start, end, EntityType::Person, "person:title", 60)
        };
        let ents = vec![span(2, 5), span(5, 9), span(20, 30)];
        assert!(sorted_disjoint(&ents));
        assert!(!sorted_disjoint(&[span(5, 9), span(2, 5)]));
        assert!(!sorted_disjoint(&[span(2, 6), span(5, 9)]));
        let mut cursor = Taken::new(40, &ents, true);
        let mut bitmap = Taken::new(40, &ents, false);
        for start in 0..40 {
            for end in start..start + 6 {
                let want = bitmap.overlaps(start, end);
                assert_eq!(
                    cursor.overlaps(start, end),
                    want,
                    "{start}..{end}"
                );
                assert_eq!(cursor.overlaps_anywhere(start, end), want);
            }
        }
    }

    #[test]
    fn link_ignores_partial_words() {
        let text = "Sadyr Japarov and Japarovism";
        let e =
            ent(text, "Sadyr Japarov", EntityType::Person, "Sadyr Japarov");
        assert_eq!(linked(text, vec![e]).len(), 1);
    }
}
