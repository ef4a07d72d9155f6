//! LOCATION context rules: geographic head words (`Naryn River`, `Lake
//! Issyk-Kul`, `Chui Province`, `Port of Liverpool`) and place prepositions
//! before an otherwise unknown capitalised name (`born in Cronulla`).
//!
//! Takes the capitalised-name chunks of [`tokens`](super::tokens) and
//! proposes LOCATION spans whose norm is the name as written. Known places
//! are the gazetteer's; this tagger covers the ones no list has. Overlaps
//! are left to `resolve`.

use super::org::is_org_head_of;
use super::person::is_plural;
use super::tokens::{
    NameLists, Shape, Token, class, classes, has_class, is_demonym_of, span,
    token_class, with_scan,
};
use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use std::ops::Range;
use std::sync::Arc;

/// Longest unknown name (in tokens) a preposition may claim.
const MAX_CUED: usize = 3;

/// `East Perth`: weak, so a list entry for the whole name keeps its id
/// (`North Carolina`); the one-word list match `Perth` still gives way to
/// the longer span in `resolve`.
const COMPASS: u8 = priority::WEAK;

/// Finds places by geographic head words and prepositions.
#[derive(Debug, Default)]
pub struct LocationTagger {
    lists: Arc<NameLists>,
}

impl LocationTagger {
    /// Builds the tagger from the lists it consults (given names, so that
    /// `in Jared's band` is not a place; stopwords).
    pub fn new(lexicon: &Lexicon) -> LocationTagger {
        LocationTagger::with_lists(Arc::new(NameLists::new(lexicon)))
    }

    /// The tagger over lists already built (shared with the gazetteer).
    pub(crate) fn with_lists(lists: Arc<NameLists>) -> LocationTagger {
        LocationTagger { lists }
    }
}

impl Tagger for LocationTagger {
    fn name(&self) -> &'static str {
        "location"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        let text = doc.text;
        with_scan(text, |tokens, chunks| {
            self.tag_scanned(text, tokens, chunks, out)
        });
    }
}

impl LocationTagger {
    fn tag_scanned(
        &self,
        text: &str,
        tokens: &[Token],
        chunks: &[Range<usize>],
        out: &mut Vec<Candidate>,
    ) {
        let word = |i: usize| tokens[i].text(text);
        let class = |i: usize| token_class(text, &tokens[i]);
        let push = |out: &mut Vec<Candidate>, s, e, method, prio| {
            if let Some((start, end)) = span(tokens, s..e) {
                out.push(
                    Candidate::new(
                        start,
                        end,
                        EntityType::Location,
                        method,
                        prio,
                    )
                    .with_norm(&text[start..end]),
                );
            }
        };
        for (ci, chunk) in chunks.iter().enumerate() {
            let mut start = chunk.start;
            while start < chunk.end
                && (class(start) & class::FUNCTION_WORD != 0
                    || (tokens[start].sent_start()
                        && self.lists.stop.contains_lowercase(word(start))))
            {
                start += 1;
            }
            if start >= chunk.end {
                continue;
            }
            let end = chunk.end;
            // `X River`, `X Province`: the head ends the chunk.
            if end - start >= 2 && class(end - 1) & class::PLACE_SUFFIX != 0 {
                push(out, start, end, "location:suffix", priority::TRIGGERED);
                continue;
            }
            // `Lake X`, `Mount X`, `River X` (not `the River Cats`).
            if end - start >= 2
                && class(start) & class::PLACE_PREFIX != 0
                && !is_plural(word(end - 1))
            {
                push(out, start, end, "location:prefix", priority::TRIGGERED);
                continue;
            }
            // `East Perth`, `West Jersey`: a compass word before one
            // more name word is a district or a region, above the list
            // match of the bare place but below organization rules
            // (`West Coast Eagles`).
            if end - start == 2
                && start == chunk.start
                && matches!(
                    tokens[start].bytes(text),
                    b"North" | b"South" | b"East" | b"West"
                )
                && !tokens[end - 1].possessive()
                && plain_word(word(end - 1), class(end - 1))
                && !self.lists.given.contains(word(end - 1))
            {
                push(out, start, end, "location:compass", COMPASS);
                continue;
            }
            // `Port of X`, `Gulf of X`, `Isle of X`.
            if end - start == 1 && class(start) & class::PLACE_OF != 0 {
                let of = tokens.get(end);
                let next = chunks.get(ci + 1);
                if let (Some(of), Some(next)) = (of, next)
                    && of.bytes(text) == b"of"
                    && next.start == end + 1
                {
                    push(
                        out,
                        start,
                        next.end,
                        "location:of",
                        priority::TRIGGERED,
                    );
                }
                continue;
            }
            // `in X`, `near X`: only names nothing else explains.
            // `village of X`, `hometown of X`.
            let of_place = || {
                start >= 2
                    && tokens[start - 1].bytes(text) == b"of"
                    && is_settlement(word(start - 2))
            };
            // Place prepositions are lower-case words of at most ten
            // bytes: only those need a lookup.
            let place_cue = |t: &Token| {
                t.shape == Shape::Lower
                    && t.len() <= 10
                    && classes(t.text(text)) & class::PLACE_CUE != 0
            };
            let cue = start == chunk.start
                && start > 0
                && end - start <= MAX_CUED
                && tokens[start].spaced()
                && (place_cue(&tokens[start - 1]) || of_place());
            let plain = || {
                (start..end).all(|i| {
                    let (w, c) = (word(i), class(i));
                    const NOT: u32 = class::TITLE
                        | class::CALENDAR_WORD
                        | class::FUNCTION_WORD;
                    !is_org_head_of(w, c)
                        && c & NOT == 0
                        && !is_demonym_of(w, c)
                        && !is_abstract(w)
                })
            };
            let personal = || {
                self.lists.given.contains(word(start))
                    || tokens[end - 1].possessive()
            };
            if cue && plain() && !personal() {
                push(out, start, end, "location:context", priority::WEAK);
            }
        }
    }
}

/// A name word that may follow a compass word in a place name: not a
/// head of another kind of name, a title, a date or a plural.
fn plain_word(w: &str, c: u32) -> bool {
    const NOT: u32 = class::TITLE
        | class::CALENDAR_WORD
        | class::FUNCTION_WORD
        | class::PLACE_SUFFIX;
    !is_org_head_of(w, c)
        && c & NOT == 0
        && !is_demonym_of(w, c)
        && !is_plural(w)
}

/// Words that end a place name.
fn is_place_suffix(word: &str) -> bool {
    has_class(word, class::PLACE_SUFFIX)
}

/// Words for geographic features that veto a PERSON reading.
pub fn is_place_head(word: &str) -> bool {
    (is_place_suffix(word) && word != "Field")
        || matches!(word, "Mount" | "Mt." | "Port" | "Gulf" | "Isle")
}

/// Names of fields, doctrines and languages (`in Physiology`, `in
/// Judaism`): after `in` they are not places.
fn is_abstract(word: &str) -> bool {
    ["ology", "ism", "ics", "ture", "ment", "ness", "tion"]
        .iter()
        .any(|s| word.len() > s.len() + 2 && word.ends_with(s))
        || word.chars().all(|c| c.is_uppercase())
}

/// Nouns for settlements and divisions that name a place with `of`.
pub(crate) fn is_settlement(word: &str) -> bool {
    has_class(word, class::SETTLEMENT)
}

/// Words of [`is_place_suffix`].
pub(crate) const PLACE_SUFFIX_WORDS: &[&str] = &[
    "River",
    "Lake",
    "Mountains",
    "Mountain",
    "Hills",
    "Valley",
    "Province",
    "Oblast",
    "Region",
    "District",
    "County",
    "Parish",
    "Municipality",
    "Township",
    "Borough",
    "Canton",
    "Commune",
    "Prefecture",
    "Governorate",
    "Territory",
    "Island",
    "Islands",
    "Peninsula",
    "Bay",
    "Sea",
    "Ocean",
    "Desert",
    "Canyon",
    "Falls",
    "Creek",
    "Beach",
    "Harbor",
    "Harbour",
    "Street",
    "Avenue",
    "Road",
    "Square",
    "Bridge",
    "Dock",
    "Forest",
    "Heights",
    "Springs",
    "Cave",
    "Caves",
    "Airport",
    "Stadium",
    "Oval",
    "Arena",
    "Rink",
    "Estate",
    "Glacier",
    "Pass",
    "Plateau",
    "Range",
    "Gorge",
    "Reservoir",
    "Canal",
    "Strait",
    "Coast",
    "Highway",
    "Lane",
    "Boulevard",
    "Field",
    "Gardens",
    "Ave.",
    "St.",
    "Rd.",
    "Blvd.",
];

/// Words that start a place name (`Lake X`, `Mount X`); class
/// [`class::PLACE_PREFIX`].
pub(crate) const PLACE_PREFIX_WORDS: &[&str] = &[
    "Lake", "Mount", "Mt.", "River", "Cape", "Fort", "Lac", "Rio", "Monte",
    "Sierra", "Isla", "Wadi", "Jebel",
];

/// Words that make a place name with `of` (`Port of Liverpool`); class
/// [`class::PLACE_OF`].
pub(crate) const PLACE_OF_WORDS: &[&str] = &[
    "Port", "Gulf", "Isle", "Bay", "Sea", "Strait", "Straits", "Cape", "City",
    "Province", "Region",
];

/// Words of [`is_settlement`].
pub(crate) const SETTLEMENT_WORDS: &[&str] = &[
    "village",
    "town",
    "city",
    "municipality",
    "hamlet",
    "parish",
    "commune",
    "county",
    "province",
    "region",
    "district",
    "suburb",
    "borough",
    "hometown",
    "capital",
    "outskirts",
    "state",
    "island",
    "port",
    "oblast",
    "canton",
    "prefecture",
    "department",
    "settlement",
    "township",
];

/// Prepositions that put a following name in a place; class
/// [`class::PLACE_CUE`].
pub(crate) const PLACE_CUE_WORDS: &[&str] = &[
    "in",
    "near",
    "outside",
    "around",
    "towards",
    "toward",
    "across",
    "throughout",
    "via",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn places(text: &str) -> Vec<String> {
        let g = Gazetteer::from_sources([("t", "Jared\tGIVEN\n")]).unwrap();
        let mut out = Vec::new();
        LocationTagger::new(g.lexicon())
            .tag(&Doc { text, dct: None }, &mut out);
        out.into_iter().map(|c| text[c.start..c.end].to_string()).collect()
    }

    #[test]
    fn location_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("the Naryn River flows", &["Naryn River"]),
            ("part of Bov Parish and", &["Bov Parish"]),
            ("live from Subiaco Oval.", &["Subiaco Oval"]),
            ("on Lake Issyk-Kul and", &["Lake Issyk-Kul"]),
            ("in Chui Province", &["Chui Province"]),
            ("the Port of Liverpool", &["Port of Liverpool"]),
            ("born in Cronulla, he", &["Cronulla"]),
            ("a village near Bahus-Soubiran.", &["Bahus-Soubiran"]),
            ("The Tian Shan Mountains rise", &["Tian Shan Mountains"]),
            ("the village of Laurel Hollow", &["Laurel Hollow"]),
            ("a house in East Fremantle, near", &["East Fremantle"]),
        ];
        for (text, want) in cases {
            assert_eq!(places(text), *want, "{text}");
        }
    }

    #[test]
    fn location_cue_words_are_short_lower_case_words() {
        // The context rule looks up only lower-case words of at most ten
        // bytes.
        for w in PLACE_CUE_WORDS {
            assert!(
                w.len() <= 10 && w.bytes().all(|b| b.is_ascii_lowercase())
            );
        }
    }

    #[test]
    fn location_rejects() {
        let cases = [
            "in May 1993",
            "in Jared's band",
            "in The Used",
            "in Japanese",
            "in President Japarov's view",
            "in Hebrew University",
            "The River",
            "for the River Cats and",
            "a city of Jared",
            "the West Coast Eagles won",
            "South Korea's North Koreans",
            "East Company",
        ];
        for text in cases {
            assert_eq!(places(text), Vec::<String>::new(), "{text}");
        }
    }
}
