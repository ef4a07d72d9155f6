//! PERSON patterns: titles and roles, initials, and given names followed by
//! capitalised surnames.
//!
//! Takes the capitalised-name chunks of [`tokens`](super::tokens) and
//! proposes PERSON spans with a norm in standard casing (`Railya
//! MUKIMDZHANOVA` → `Railya Mukimdzhanova`); titles stay outside the span
//! (`President Japarov` → `Japarov`) and a possessive `'s` is cut off.
//! Organization and place head words veto a chunk, since the ORG and
//! LOCATION taggers own those. Overlaps and later surname-only mentions are
//! left to `resolve` and `link`.

use super::location::is_settlement;
use super::org::is_of_head;
use super::tokens::{
    NameLists, Shape, Token, WordTable, class, demonym_suffix, has_class,
    is_demonym_of, is_particle, token_class, with_scan,
};
use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use std::ops::Range;
use std::sync::Arc;
use std::sync::LazyLock;

/// A given name from the lexicon followed by a capitalised word: outranks
/// a list match of the first name alone (`Shannon Leto` is not the river
/// Shannon), but not a triggered ORG or LOCATION (`Victoria Hockey Club`).
const GIVEN: u8 = priority::GAZETTEER + 5;
/// Two or three capitalised words with nothing else to go on: below every
/// list and rule, so only otherwise unexplained names become people.
const SHAPE: u8 = priority::WEAK - 5;

/// Longest name (in tokens, after the title) a pattern accepts.
const MAX_NAME: usize = 5;

/// Finds people's names by their shape and context.
#[derive(Debug, Default)]
pub struct PersonTagger {
    lists: Arc<NameLists>,
}

impl PersonTagger {
    /// Builds the tagger from the lists it consults (given names,
    /// stopwords).
    pub fn new(lexicon: &Lexicon) -> PersonTagger {
        PersonTagger::with_lists(Arc::new(NameLists::new(lexicon)))
    }

    /// The tagger over lists already built (shared with the gazetteer).
    pub(crate) fn with_lists(lists: Arc<NameLists>) -> PersonTagger {
        PersonTagger { lists }
    }

    fn is_given(&self, word: &str) -> bool {
        self.lists.given.contains(word)
    }

    /// A word that can never be part of a person's name.
    /// A word that can never be part of a person's name. Titles and month
    /// names only matter in front (`Damian King`, `William May` are
    /// names), which the caller trims.
    fn vetoes(&self, word: &[u8], class: u32) -> bool {
        use class::*;
        const VETO: u32 = ORG_HEAD
            | COMPANY_SUFFIX
            | FUNCTION_WORD
            | THING
            | NATIONALITY
            | PLACE_SUFFIX;
        (class & VETO != 0 && word != b"Field")
            || matches!(
                word,
                b"Mount"
                    | b"Mt."
                    | b"Port"
                    | b"Gulf"
                    | b"Isle"
                    | b"Base"
                    | b"Oval"
                    | b"Campaign"
            )
            || is_of_head(word)
            || (demonym_suffix(word) && self.lists.given.get(word) == 0)
    }

    fn classify(
        &self,
        text: &str,
        tokens: &[Token],
        mut start: usize,
        end: usize,
    ) -> Option<(usize, usize, &'static str, u8)> {
        let chunk_start = start;
        let word = |i: usize| tokens[i].text(text);
        // A lower-case role noun right before the chunk (`guitarist Tomo
        // Milicevic`) triggers like a title. Looked up only when nothing
        // in the chunk decided `titled` and the chunk got that far.
        let role_before = || {
            chunk_start > 0
                && tokens[chunk_start - 1].shape == Shape::Lower
                && tokens[chunk_start].spaced()
                && is_role(word(chunk_start - 1))
        };
        // Drop what cannot start a name: sentence-initial common words,
        // articles, titles (remembering that we saw one).
        let mut titled = None;
        let mut keep_from = None;
        while start < end {
            let c = tokens[start].class;
            let title = c & class::TITLE != 0;
            if start + 1 < end && is_inner_title(tokens[start].bytes(text)) {
                // Peerage titles belong to the name (`Lord Stanley`).
                keep_from.get_or_insert(start);
                titled = Some(true);
                start += 1;
            } else if title
                || c & class::TITLE_MODIFIER != 0 && start + 1 < end
            {
                if title {
                    titled = Some(true);
                }
                start += 1;
            } else if start + 1 < end
                && tokens[start].shape == Shape::Cap
                && is_cap_role(word(start))
            {
                // `Engineer Edward Farr`, `Senior Kory Lichtensteiger`: a
                // capitalised role word in front is a title, not a name.
                titled = Some(true);
                start += 1;
            } else if c & (class::FUNCTION_WORD | class::CALENDAR_WORD) != 0
                || (tokens[start].sent_start()
                    && self.lists.stop.contains_lowercase(word(start)))
            {
                start += 1;
                titled = Some(false);
            } else {
                break;
            }
        }
        // `County Coroner William McLaughlin`: a capitalised role word a
        // little way in still introduces the name after it.
        if let Some(r) = (start + 1..end.saturating_sub(2).min(start + 3))
            .rev()
            .find(|&r| {
                tokens[r].shape == Shape::Cap
                    && is_cap_role(word(r))
                    // `Harold "Junior" Theriault`: a nickname, not a role.
                    && !is_quote(tokens[r - 1].bytes(text))
            })
        {
            start = r + 1;
            titled = Some(true);
        }
        // `Jared Leto May 1993`: a month before a number is a date's.
        let mut end = end;
        while end > start + 1
            && token_class(text, &tokens[end - 1]) & class::CALENDAR_WORD != 0
            && tokens.get(end).is_some_and(|t| t.shape == Shape::Number)
        {
            end -= 1;
        }
        // Only a chunk of more tokens than a name may have needs counting.
        let words = || {
            tokens[start..end.max(start)]
                .iter()
                .filter(|t| t.shape != Shape::Punct)
                .count()
        };
        if start >= end || (end - start > MAX_NAME && words() > MAX_NAME) {
            return None;
        }
        let span_start = keep_from.unwrap_or(start);
        let names = &tokens[start..end];
        // `F-86 Sabre`, `P-47 Thunderbolt`: names of people hold no digits.
        // Between the tokens of a chunk there are only spaces, so the
        // whole span is checked at once.
        let span =
            &text.as_bytes()[names[0].start..names[names.len() - 1].end];
        if has_ascii_digit(span) {
            return None;
        }
        let last = names.last()?;
        if last.shape == Shape::Initial
            || token_class(text, last) & class::PARTICLE != 0
            // Particles are checked below; quotes and `&` veto nothing.
            || names
                .iter()
                .any(|t| t.is_namey() && self.vetoes(t.bytes(text), t.class))
        {
            return None;
        }
        if titled.unwrap_or_else(role_before) {
            return Some((
                span_start,
                end,
                "person:title",
                priority::TRIGGERED,
            ));
        }
        let first = word(start);
        let multi = end - start >= 2;
        let has = |shape| names.iter().any(|t| t.shape == shape);
        // `Agnieszka Lipska Baranowska (1819 - 1890) was`, `Adenet Le Roi
        // (c.1240 --`: a biography's opening name, dates in parentheses.
        let bio = start == chunk_start
            && multi
            && names[0].sent_start()
            && tokens.get(end).is_some_and(|t| t.bytes(text) == b"(")
            && tokens.get(end + 1).is_some_and(|t| {
                let w = t.text(text);
                t.shape == Shape::Number
                    || matches!(w, "born" | "b." | "c." | "c" | "ca." | "née")
                    || w.starts_with("c.")
            });
        if bio {
            return Some((start, end, "person:bio", priority::TRIGGERED));
        }
        if multi && has(Shape::Initial) && has(Shape::Cap) {
            return Some((start, end, "person:initials", priority::TRIGGERED));
        }
        // `born in Satu Mare`, `the village of Laurel Hollow`: after a
        // place preposition a name is a place, unless it owns something.
        let placed = start == chunk_start
            && start > 0
            && (matches!(
                tokens[start - 1].bytes(text),
                b"in" | b"near" | b"outside" | b"at"
            ) || (start > 1
                && tokens[start - 1].bytes(text) == b"of"
                && is_settlement(word(start - 2))))
            && !last.possessive();
        if multi
            && self.is_given(first)
            && names[0].shape == Shape::Cap
            && !placed
        {
            return Some((start, end, "person:given", GIVEN));
        }
        // `Queenslander Mitchell Rawlins`: a given name second in line
        // starts the name.
        let introducer = || {
            is_demonym_of(first, token_class(text, &names[0]))
                || first.ends_with("er")
        };
        if end - start >= 3
            && introducer()
            && self.is_given(word(start + 1))
            && names[1].shape == Shape::Cap
        {
            return Some((start + 1, end, "person:given", GIVEN));
        }
        // `Dorothea von Schlegel`: a name particle between capitalised
        // words, below the lists (`Rio de Janeiro` is a place).
        // `am`, `upon` join places (`Frankfurt am Main`), not people.
        // Only lower-case words can be particles of either kind.
        let lower = |t: &&Token| t.shape == Shape::Lower;
        let particle = names.iter().filter(lower).any(|t| {
            let w = t.text(text);
            is_particle(w) && !is_place_particle(w)
        });
        if names.iter().filter(lower).any(|t| is_place_particle(t.text(text)))
        {
            return None;
        }
        if particle && names[0].shape == Shape::Cap {
            return Some((start, end, "person:particle", priority::WEAK));
        }
        // Unexplained capitalised pairs and triples: mostly people in
        // running text, once lists and rules have had their say. Not after
        // an article or inside quotes (titles of works, teams, awards).
        let plain = || {
            names.iter().all(|t| {
                let w = t.text(text);
                (t.shape == Shape::Cap
                    && w.chars().count() > 1
                    && t.class & class::THING == 0)
                    || is_quote(t.bytes(text))
            })
        };
        let before = start.checked_sub(1).map(|i| &tokens[i]);
        let quoted = || before.is_some_and(|t| is_quote(t.bytes(text)));
        let article = || {
            before.is_some_and(|t| {
                t.shape == Shape::Lower && is_determiner(t.text(text))
            })
        };
        // The cheap tests first: most chunks are single words.
        if (2..=3).contains(&(end - start))
            && start == chunk_start
            && !names[0].sent_start()
            && !quoted()
            && !placed
            && plain()
            && !article()
            && !is_plural(last.text(text))
            && !is_name_opener(first)
            && !looks_like_phrase(first, last.text(text))
        {
            return Some((start, end, "person:shape", SHAPE));
        }
        None
    }
}

impl Tagger for PersonTagger {
    fn name(&self) -> &'static str {
        "person"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        let text = doc.text;
        with_scan(text, |tokens, chunks| {
            self.tag_scanned(text, tokens, chunks, out)
        });
    }
}

impl PersonTagger {
    fn tag_scanned(
        &self,
        text: &str,
        tokens: &[Token],
        chunks: &[Range<usize>],
        out: &mut Vec<Candidate>,
    ) {
        // One buffer for the parts of every chunk: most chunks are one
        // part, and a vector per chunk was an allocation per chunk.
        let mut parts = Vec::new();
        for c in chunks {
            parts.clear();
            self.split_pairs(text, tokens, c.clone(), &mut parts);
            self.tag_parts(text, tokens, &parts, out);
        }
    }

    fn tag_parts(
        &self,
        text: &str,
        tokens: &[Token],
        parts: &[Range<usize>],
        out: &mut Vec<Candidate>,
    ) {
        for chunk in parts {
            let Some((s, e, method, prio)) =
                self.classify(text, tokens, chunk.start, chunk.end)
            else {
                continue;
            };
            let (start, end) = (tokens[s].start, tokens[e - 1].end);
            out.push(
                Candidate::new(start, end, EntityType::Person, method, prio)
                    .with_norm(standard_casing(&text[start..end])),
            );
        }
    }
}

impl PersonTagger {
    /// `David Christison & Lee Tate`: an `&` between two names of two or
    /// more words, one of them opening with a given name, joins two
    /// people, not one firm (`Simon & Schuster` stays whole). The parts
    /// are appended to `parts`.
    fn split_pairs(
        &self,
        text: &str,
        tokens: &[Token],
        chunk: Range<usize>,
        parts: &mut Vec<Range<usize>>,
    ) {
        let given = |i: usize| {
            tokens.get(i).is_some_and(|t| {
                t.shape == Shape::Cap && self.is_given(t.text(text))
            })
        };
        let mut from = chunk.start;
        // Two names of two words around an `&` take five tokens.
        if chunk.len() < 5 {
            parts.push(chunk);
            return;
        }
        for i in chunk.clone() {
            if i > from + 1
                && i + 2 < chunk.end
                && tokens[i].bytes(text) == b"&"
                && tokens[i + 1].shape == Shape::Cap
                && (given(from) || given(i + 1))
            {
                parts.push(from..i);
                from = i + 1;
            }
        }
        parts.push(from..chunk.end);
    }
}

/// A capitalised role word that introduces a name like a title does
/// (`Engineer`, `Coach`, `Juniors`), checked in lower case and singular.
fn is_cap_role(word: &str) -> bool {
    CAP_ROLES.contains_lowercase(word)
}

/// The words [`is_cap_role`] accepts in lower case: the role nouns and a
/// few more, each also with a plural `s`, so one lookup answers.
static CAP_ROLES: LazyLock<WordTable> = LazyLock::new(|| {
    let more = [
        "senior",
        "junior",
        "freshman",
        "sophomore",
        "rookie",
        "engineer",
        "operator",
        "coroner",
    ];
    let singular = ROLE_WORDS.iter().chain(&more);
    let words: Vec<String> =
        singular.flat_map(|w| [w.to_string(), format!("{w}s")]).collect();
    WordTable::set(words.iter().map(String::as_str))
});

/// Whether `bytes` holds an ASCII digit, eight bytes at a time (the last
/// eight overlapping the ones before, a short name as two overlapping
/// halves).
fn has_ascii_digit(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let load = |at: usize, len: usize| {
        let mut buf = [0u8; 8];
        buf[..len].copy_from_slice(&bytes[at..at + len]);
        u64::from_le_bytes(buf)
    };
    if n < 4 {
        return bytes.iter().any(u8::is_ascii_digit);
    }
    if n < 8 {
        return digit_bytes(load(0, 4) | (load(n - 4, 4) << 32));
    }
    let mut at = 0;
    loop {
        if digit_bytes(load(at, 8)) {
            return true;
        }
        if at + 8 >= n {
            return false;
        }
        at = (at + 8).min(n - 8);
    }
}

/// Whether a byte of `x` is an ASCII digit: per-byte sums that cannot
/// carry into the next byte put a high bit on each byte from `0` to `9`.
fn digit_bytes(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = x & (ONES * 0x7f);
    let below_colon = (ONES * (0x7f + u64::from(b':'))).wrapping_sub(low7);
    let above_slash = low7 + ONES * (0x7f - u64::from(b'/'));
    below_colon & above_slash & !x & (ONES * 0x80) != 0
}

/// Particles that join place names, never people's.
fn is_place_particle(word: &str) -> bool {
    matches!(word, "am" | "upon" | "on" | "sur" | "en")
}

/// `Regional Stability`, `Looking Ahead`: an adjective-shaped first word
/// or an abstract-noun-shaped last word makes a title-cased phrase (a
/// heading), not a name. Only for names with no other evidence; `-ing`
/// stays allowed last (`Lessing`, `Harding`).
fn looks_like_phrase(first: &str, last: &str) -> bool {
    let adjective =
        ["al", "ive", "ic", "ous", "ary", "ing", "ed", "ful", "less"]
            .iter()
            .any(|s| first.len() > s.len() + 3 && first.ends_with(s));
    let abstract_noun = [
        "ity", "tion", "sion", "ment", "ance", "ence", "ness", "ship", "ism",
        "ics", "ogy", "ure", "ive", "ency", "acy",
    ]
    .iter()
    .any(|s| last.len() > s.len() + 2 && last.ends_with(s));
    adjective || abstract_noun
}

/// Lower-case words after which a capitalised pair is a thing, not a
/// person (`the Stanley Cup`, `a Beautiful Lie`).
fn is_determiner(word: &str) -> bool {
    has_class(word, class::DETERMINER)
}

/// `Pirates`, `Blue Jays`: a plural last word makes a team or a group.
pub fn is_plural(word: &str) -> bool {
    word.len() > 3
        && word.ends_with('s')
        && !["ss", "us", "is", "ys's"].iter().any(|e| word.ends_with(e))
}

/// First words of place names and of titles of works, never of people.
fn is_name_opener(word: &str) -> bool {
    has_class(word, class::NAME_OPENER)
}

fn is_quote(word: &[u8]) -> bool {
    word == b"\"" || word == "“".as_bytes() || word == "”".as_bytes()
}

/// Titles and forms of address that precede a name and stay outside it.
pub fn is_title(word: &str) -> bool {
    has_class(word, class::TITLE)
}

/// Titles that are part of how the person is named (`Lord Stanley`,
/// `Madame de Staël`), so they stay inside the span.
fn is_inner_title(word: &[u8]) -> bool {
    matches!(word, b"Lord" | b"Lady" | b"Madame" | b"Madam")
}

/// Lower-case nouns for people's roles that introduce a name
/// (`guitarist Tomo Milicevic`, `philosopher Immanuel Kant`).
fn is_role(word: &str) -> bool {
    has_class(word, class::ROLE)
}

/// The name in standard casing: all-caps words of three or more letters
/// (not Roman numerals) become capitalised, hyphen parts included.
pub fn standard_casing(name: &str) -> String {
    // Most names have a lower-case letter in every word: nothing changes.
    if name.split(' ').all(|w| w.bytes().any(|b| b.is_ascii_lowercase())) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = word.chars().all(|c| !c.is_lowercase());
        let roman = word.chars().all(|c| "IVXLCDM".contains(c));
        if letters >= 3 && all_caps && !roman {
            let mut start_of_part = true;
            for c in word.chars() {
                if start_of_part {
                    out.push(c);
                } else {
                    out.extend(c.to_lowercase());
                }
                start_of_part = c == '-' || c == '\'' || c == '’';
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Words of [`is_determiner`].
pub(crate) const DETERMINER_WORDS: &[&str] = &[
    "the", "a", "an", "its", "their", "our", "this", "that", "these", "those",
    "every", "each", "any",
];

/// Words of [`is_name_opener`].
pub(crate) const NAME_OPENER_WORDS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "New",
    "Old",
    "Upper",
    "Lower",
    "Great",
    "Little",
    "Greater",
    "San",
    "Santa",
    "Los",
    "Las",
    "St.",
    "Good",
    "Best",
    "Big",
    "Top",
    "World",
    "National",
    "International",
    "Royal",
    "United",
    "Thirty",
    "Twenty",
    "Forty",
    "Fifty",
    "Sixty",
    "Hundred",
    "Million",
    "Year",
    "Time",
    "Live",
    "Limited",
    "Special",
];

/// Nouns for events, works, awards and facilities: a chunk holding one
/// names a thing, not a person.
pub(crate) const THING_WORDS: &[&str] = &[
    "Cup",
    "Cups",
    "Award",
    "Awards",
    "Prize",
    "Trophy",
    "Medal",
    "Championship",
    "Championships",
    "Champion",
    "Tour",
    "Series",
    "Open",
    "Games",
    "Festival",
    "Book",
    "Album",
    "Edition",
    "Mix",
    "Act",
    "Acts",
    "Law",
    "Laws",
    "Treaty",
    "Order",
    "War",
    "Revolution",
    "Empire",
    "Dynasty",
    "Enlightenment",
    "Renaissance",
    "Program",
    "Programme",
    "Course",
    "Project",
    "Symposium",
    "Conference",
    "Summit",
    "Mall",
    "Casino",
    "Hotel",
    "Market",
    "Center",
    "Centre",
    "Metro",
    "Station",
    "Hockey",
    "Poker",
    "Baseball",
    "Football",
    "Soccer",
    "Basketball",
    "Rugby",
    "Cricket",
    "Biology",
    "Chemistry",
    "Physics",
    "Technology",
    "Science",
    "Sciences",
    "Evolution",
    "Day",
    "Night",
    "Week",
    "Show",
    "Video",
    "Single",
    "Song",
    "Lounge",
    "System",
    "Pro",
    "Blues",
    "Dream",
    "Version",
    "Vol.",
    "Part",
    "Chapter",
    "World",
];

/// Words of [`is_title`].
pub(crate) const TITLE_WORDS: &[&str] = &[
    "President",
    "Vice-President",
    "Premier",
    "Minister",
    "Chancellor",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof.",
    "Professor",
    "Sir",
    "Dame",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emperor",
    "Empress",
    "Tsar",
    "Czar",
    "Sultan",
    "Sheikh",
    "Emir",
    "Pope",
    "Cardinal",
    "Bishop",
    "Archbishop",
    "Rev.",
    "Reverend",
    "Father",
    "Fr.",
    "Brother",
    "Sister",
    "Imam",
    "Rabbi",
    "Gen.",
    "General",
    "Col.",
    "Colonel",
    "Lt.",
    "Lieutenant",
    "Capt.",
    "Captain",
    "Maj.",
    "Major",
    "Sgt.",
    "Sergeant",
    "Adm.",
    "Admiral",
    "Cmdr.",
    "Commander",
    "Marshal",
    "Senator",
    "Sen.",
    "Rep.",
    "Gov.",
    "Governor",
    "Mayor",
    "Ambassador",
    "Judge",
    "Justice",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Speaker",
    "Secretary",
    "Secretary-General",
    "Director",
    "Coach",
    "Akim",
    "Hakim",
    "Ayatollah",
    "Mullah",
    "Monsieur",
    "Mme.",
    "Herr",
    "Frau",
    "Saint",
    "Uncle",
    "Aunt",
    "Count",
    "Countess",
    "Duke",
    "Duchess",
    "Baron",
    "Baroness",
    "Manager",
    "Officer",
    "Agent",
    "Detective",
    "Inspector",
];

/// Words that only form a title together with one of [`is_title`]
/// (`Prime Minister`, `Foreign Minister`, `Col. Gen.`).
pub(crate) const TITLE_MODIFIER_WORDS: &[&str] = &[
    "Prime",
    "Foreign",
    "Deputy",
    "Vice",
    "Acting",
    "Former",
    "Defence",
    "Defense",
    "Interior",
    "Finance",
    "Economy",
    "Justice",
    "Health",
    "Education",
    "Chief",
    "Grand",
    "Supreme",
    "Crown",
    "Attorney",
    "Field",
    "Rear",
    "Major",
    "Lieutenant",
    "Brigadier",
    "Executive",
    "General",
    "First",
];

/// Words of [`is_role`].
pub(crate) const ROLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "premier",
    "chancellor",
    "senator",
    "governor",
    "mayor",
    "ambassador",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "director",
    "founder",
    "co-founder",
    "member",
    "leader",
    "singer",
    "vocalist",
    "guitarist",
    "bassist",
    "drummer",
    "pianist",
    "keyboardist",
    "composer",
    "producer",
    "songwriter",
    "rapper",
    "actor",
    "actress",
    "author",
    "writer",
    "poet",
    "novelist",
    "journalist",
    "painter",
    "artist",
    "sculptor",
    "architect",
    "photographer",
    "philosopher",
    "scientist",
    "physicist",
    "chemist",
    "biologist",
    "economist",
    "historian",
    "professor",
    "teacher",
    "coach",
    "manager",
    "player",
    "pitcher",
    "catcher",
    "striker",
    "defender",
    "midfielder",
    "goalkeeper",
    "forward",
    "captain",
    "judge",
    "lawyer",
    "attorney",
    "general",
    "colonel",
    "commander",
    "brother",
    "sister",
    "son",
    "daughter",
    "father",
    "mother",
    "wife",
    "husband",
    "uncle",
    "aunt",
    "cousin",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
    "widow",
    "deputy",
    "candidate",
    "businessman",
    "businesswoman",
    "entrepreneur",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "emperor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "bishop",
    "priest",
    "monk",
    "saint",
    "dictator",
    "activist",
    "teammate",
    "opponent",
    "friend",
    "colleague",
    "boxer",
    "wrestler",
    "surfer",
    "cyclist",
    "skater",
    "dancer",
    "director-general",
    "secretary-general",
    "ceo",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn tagger() -> PersonTagger {
        let list = "Sadyr\tGIVEN\nRailya\tGIVEN\nJared\tGIVEN\n\
                    Kevin\tGIVEN\nShannon\tGIVEN\nChristian\tGIVEN\nWilliam\tGIVEN\n";
        let g = Gazetteer::from_sources([("t", list)]).unwrap();
        PersonTagger::new(g.lexicon())
    }

    fn people(text: &str) -> Vec<(String, String, &'static str)> {
        let mut out = Vec::new();
        tagger().tag(&Doc { text, dct: None }, &mut out);
        out.into_iter()
            .map(|c| {
                let norm = c.norm.unwrap().into_owned();
                (text[c.start..c.end].to_string(), norm, c.method)
            })
            .collect()
    }

    fn spans(text: &str) -> Vec<String> {
        people(text).into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn person_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("President Sadyr Japarov spoke.", &["Sadyr Japarov"]),
            ("Prime Minister Akylbek Japarov left.", &["Akylbek Japarov"]),
            (
                "met Col. Gen. Ruslan Abdrakhmanov there",
                &["Ruslan Abdrakhmanov"],
            ),
            ("Mr. Smith and Dr. Jones", &["Smith", "Jones"]),
            ("said N. Nazarbaev today", &["N. Nazarbaev"]),
            ("by J. R. R. Tolkien in", &["J. R. R. Tolkien"]),
            ("and Richard J. Roberts won", &["Richard J. Roberts"]),
            ("Sadyr Japarov's visit", &["Sadyr Japarov"]),
            ("with Railya MUKIMDZHANOVA of", &["Railya MUKIMDZHANOVA"]),
            ("wife Dorothea von Schlegel lived", &["Dorothea von Schlegel"]),
            ("the guitarist Tomo Milicevic joined", &["Tomo Milicevic"]),
            ("Kevin Drake and Jared Leto", &["Kevin Drake", "Jared Leto"]),
            (
                "with Kevin Drake & Jared Leto, and",
                &["Kevin Drake", "Jared Leto"],
            ),
            ("that Engineer Edward Farr of", &["Edward Farr"]),
            (
                "County Coroner William McLaughlin went",
                &["William McLaughlin"],
            ),
            (
                "met William \"Junior\" Cowley there",
                &["William \"Junior\" Cowley"],
            ),
            ("Adenet Le Roi (c.1240 -- c. 1300) was", &["Adenet Le Roi"]),
            (
                "Agnieszka Lipska Baranowska (1819 - 1890) was a poet.",
                &["Agnieszka Lipska Baranowska"],
            ),
            (
                "Three Falcons, Senior Kory Lichtensteiger",
                &["Kory Lichtensteiger"],
            ),
            (
                "met William \"Cowboy\" Cowley there",
                &["William \"Cowboy\" Cowley"],
            ),
            ("leader Haidar Abdel-Shafi said", &["Haidar Abdel-Shafi"]),
            ("lost to Kevin King in", &["Kevin King"]),
            (
                "William Herbert \"Buckshot\" May (born",
                &["William Herbert \"Buckshot\" May"],
            ),
            ("saw Jared Leto May 1993 in", &["Jared Leto"]),
            (
                "Shannon Bixler and Christian Smith",
                &["Shannon Bixler", "Christian Smith"],
            ),
            ("Queenslander Kevin Rawlins won", &["Kevin Rawlins"]),
            ("a party in Jared Leto's house", &["Jared Leto"]),
            ("sheikh met Hassan al-Turabi later", &["Hassan al-Turabi"]),
        ];
        for (text, want) in cases {
            assert_eq!(spans(text), *want, "{text}");
        }
    }

    #[test]
    fn person_rejects() {
        let cases = [
            "The Bank of China said.",
            "In May 1993 the Foreign Ministry met.",
            "a Japanese Punk Techno band",
            "the Shannon River flows",
            "Kevin Drake Institute opened",
            "the Supreme Court ruled",
            "visited Central Asia",
            "The President said",
            "He met Christian Democrats and French officials",
            "moved to Frankfurt am Main in",
            "at Rock am Ring and",
            "flew the F-86 Sabre, 1953",
            "the Shannon Cup final",
            "a German Enlightenment figure",
            "on Regional Stability and",
            "see Looking Ahead below",
            "he was born in Sadyr Kala and",
            "the village of Kevin Hollow",
        ];
        for text in cases {
            assert_eq!(spans(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn person_digit_test_agrees_with_bytes() {
        for b in 0..=255u8 {
            for len in 1..20 {
                let mut bytes = vec![b'x'; len];
                bytes[len / 2] = b;
                let want = bytes.iter().any(u8::is_ascii_digit);
                assert_eq!(has_ascii_digit(&bytes), want, "{b:#x} in {len}");
            }
        }
    }

    #[test]
    fn person_cap_roles_in_any_case_and_number() {
        for w in ["Engineer", "Engineers", "COACH", "Juniors", "Guitarist"] {
            assert!(is_cap_role(w), "{w}");
        }
        for w in ["Engine", "Coachs s", "Smith", "S"] {
            assert!(!is_cap_role(w), "{w}");
        }
    }

    #[test]
    fn person_standard_casing_cases() {
        let cases = [
            ("Railya MUKIMDZHANOVA", "Railya Mukimdzhanova"),
            ("Louis XVI", "Louis XVI"),
            ("O'BRIEN", "O'Brien"),
            ("Jared Leto", "Jared Leto"),
            ("ÉMILE ZOLA", "Émile Zola"),
            ("Jo  Ann", "Jo  Ann"),
            ("東京都 Smith", "東京都 Smith"),
        ];
        for (name, want) in cases {
            assert_eq!(standard_casing(name), want, "{name}");
        }
    }

    #[test]
    fn person_norm_uses_standard_casing() {
        let p = people("with Railya MUKIMDZHANOVA-IVANOVA and King Louis XVI");
        assert_eq!(p[0].1, "Railya Mukimdzhanova-Ivanova");
        assert_eq!(p[1].1, "Louis XVI");
        assert_eq!(p[1].2, "person:title");
    }
}
