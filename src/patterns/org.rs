//! ORGANIZATION patterns: names ending in an organizational head word or
//! company suffix, `Head of Place` names, names after an organizational
//! noun (`the band Killing Joke`), and acronym definitions
//! (`Amateur Hockey Association of Canada (AHAC)`).
//!
//! Takes the capitalised-name chunks of [`tokens`](super::tokens) and
//! proposes ORGANIZATION spans whose norm is the name as written. Later
//! mentions of a defined acronym are left to `link`; a name that a
//! gazetteer also knows is left to `resolve`.

use super::location::is_place_head;
use super::person::is_plural;
use super::tokens::{
    NameLists, Shape, Token, class, has_class, is_demonym, span, token_class,
    with_scan,
};
use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// A plural name after `the`: above a list match of the city it starts
/// with (`the Montreal Crystals`), below triggered rules.
const TEAM: u8 = priority::GAZETTEER + 5;

/// A bare unknown acronym: below every list and rule.
const ACRONYM: u8 = priority::WEAK - 5;

/// Longest name (in tokens) a context cue may claim.
const MAX_CUED: usize = 6;

/// Finds organization names by their shape.
#[derive(Debug, Default)]
pub struct OrgTagger {
    lists: Arc<NameLists>,
}

impl OrgTagger {
    /// Builds the tagger from the lists it consults (stopwords, given
    /// names).
    pub fn new(lexicon: &Lexicon) -> OrgTagger {
        OrgTagger::with_lists(Arc::new(NameLists::new(lexicon)))
    }

    /// The tagger over lists already built (shared with the gazetteer).
    pub(crate) fn with_lists(lists: Arc<NameLists>) -> OrgTagger {
        OrgTagger { lists }
    }

    /// Drops leading words that cannot start a name.
    fn trim(&self, text: &str, tokens: &[Token], r: Range<usize>) -> usize {
        let mut start = r.start;
        while start < r.end {
            let t = &tokens[start];
            let function = token_class(text, t) & class::FUNCTION_WORD != 0;
            let common = t.sent_start()
                && (function
                    || self.lists.stop.contains_lowercase(t.text(text)));
            // A capitalised `The` mid-sentence belongs to the name (`The
            // Hockey News`); anywhere else function words do not.
            if common || (function && t.bytes(text) != b"The") {
                start += 1;
            } else {
                break;
            }
        }
        start
    }

    /// `Perth Glory`, `Bowling Green Falcons`: in a text about sport, a
    /// place-like name ending in a team nickname; the token index where
    /// the team's name ends. A singular nickname may be followed by more
    /// capitals (`the Perth Glory Home & Away fixture`); a plural must end
    /// the chunk.
    fn team(
        &self,
        text: &str,
        tokens: &[Token],
        chunk: &Range<usize>,
        start: usize,
    ) -> Option<usize> {
        let word = |i: usize| tokens[i].text(text);
        let nick_end = (start + 1..chunk.end.min(start + 4))
            .find(|&i| is_team_nickname(word(i)) && !tokens[i].possessive())
            .map_or(chunk.end, |i| i + 1);
        let len = nick_end - start;
        let last_word = word(nick_end - 1);
        (start == chunk.start
            && (2..=4).contains(&len)
            && (is_team_nickname(last_word)
                || (is_plural(last_word)
                    && tokens[chunk.end - 1].shape == Shape::Cap
                    && !is_plural_place(last_word)
                    && !is_demonym(last_word)
                    && !is_place_head(last_word)
                    && !is_generic_plural(last_word)
                    && !is_place_plural_tail(last_word)
                    && !(len == 2 && is_romance_article(word(start)))
                    && !(start..chunk.end).any(|i| is_sport(word(i)))
                    && tokens[chunk.end - 1].class
                        & (class::ORG_HEAD | class::SPORT)
                        == 0))
            && !tokens[nick_end - 1].possessive()
            && !(start..nick_end).any(|i| {
                token_class(text, &tokens[i])
                    & (class::FUNCTION_WORD | class::CALENDAR_WORD)
                    != 0
                    || self.lists.given.contains(word(i))
            }))
        .then_some(nick_end)
    }
}

impl Tagger for OrgTagger {
    fn name(&self) -> &'static str {
        "org"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        let text = doc.text;
        with_scan(text, |tokens, chunks| {
            self.tag_scanned(text, tokens, chunks, out)
        });
    }
}

impl OrgTagger {
    fn tag_scanned(
        &self,
        text: &str,
        tokens: &[Token],
        chunks: &[Range<usize>],
        out: &mut Vec<Candidate>,
    ) {
        let push = |out: &mut Vec<Candidate>, s, e: usize, method, prio| {
            if let Some((start, mut end)) = span(tokens, s..e) {
                // `... Pty Ltd. The`: the period of an abbreviation that
                // ends a sentence is the sentence's.
                let closes = tokens.get(e).is_none_or(|t| {
                    (!t.spaced() && !t.glued())
                        || (t.shape == Shape::Cap
                            && t.class & class::FUNCTION_WORD != 0)
                });
                let abbreviated = ["Ltd.", "Inc.", "Co.", "Corp."]
                    .iter()
                    .any(|a| text[..end].ends_with(a));
                if closes && e > s + 1 && abbreviated {
                    end -= 1;
                }
                out.push(
                    Candidate::new(
                        start,
                        end,
                        EntityType::Organization,
                        method,
                        prio,
                    )
                    .with_norm(&text[start..end]),
                );
            }
        };
        let mut last_plural = None;
        // Token index up to which a defined acronym was already proposed.
        let mut covered = 0;
        let topics = topics(text, tokens);
        let sporty = topics.sporty;
        if topics.radio {
            callsigns(text, tokens, out);
        }
        fm_stations(text, tokens, &topics.fm, out);
        for (ci, chunk) in chunks.iter().enumerate() {
            let cut = suffix_cut(text, tokens, chunk);
            let chunk = &cut;
            let start = self.trim(text, tokens, chunk.clone());
            if start >= chunk.end || chunk.start < covered {
                continue;
            }
            let word = |i: usize| tokens[i].text(text);
            // `Nicholson's Limited`, `Howe's Brigade`: a one-word
            // possessive owner before a company suffix or a unit's head
            // names the firm or the unit.
            if chunk.end - start == 1
                && tokens[start].possessive()
                && tokens[start].shape == Shape::Cap
                && let Some(next) =
                    chunks.get(ci + 1).map(|c| suffix_cut(text, tokens, c))
                && next.start == chunk.end
                && tokens[next.start].spaced()
                && next.len() <= 4
                && is_owned_head(word(next.end - 1))
            {
                let e = with_suffix(text, tokens, next.end);
                push(out, start, e, "org:possessive", priority::TRIGGERED);
                covered = e;
                continue;
            }
            if sporty
                && let Some(nick_end) = self.team(text, tokens, chunk, start)
            {
                push(out, start, nick_end, "org:team", TEAM);
                continue;
            }
            // `Head of Place`, `Institute for Applied Studies and Arts`.
            let head = (start..chunk.end).rev().find(|&i| {
                tokens[i].class & (class::ORG_HEAD | class::COMPANY_SUFFIX)
                    != 0
                    || is_of_head(tokens[i].bytes(text))
            });
            if let Some(h) = head {
                // `FC Basel`, `AFC Wimbledon`: a club suffix also leads.
                if h == start
                    && chunk.end - start >= 2
                    && matches!(word(h), "FC" | "F.C." | "AFC" | "A.F.C.")
                {
                    push(
                        out,
                        start,
                        chunk.end,
                        "org:club",
                        priority::TRIGGERED,
                    );
                    continue;
                }
                let only_of = is_of_head(word(h));
                // Words after the head make another kind of name (`MTV
                // Video Music Awards`), except a sport (`Major League
                // Baseball`).
                let end = if h + 2 == chunk.end && is_sport(word(h + 1)) {
                    h + 2
                } else {
                    h + 1
                };
                let extended = (end == chunk.end)
                    .then(|| extend_of(text, tokens, chunks, ci))
                    .flatten()
                    .filter(|&(first, e)| {
                        !(first..e).any(|i| self.lists.given.contains(word(i)))
                    });
                let found = match extended {
                    Some((_, e)) => Some((e, "org:head-of")),
                    // A state named like a body stays the lists' place.
                    None if h > start
                        && !only_of
                        && end == chunk.end
                        && !is_state_name(text, &tokens[start..end]) =>
                    {
                        let e = with_suffix(text, tokens, end);
                        Some((
                            with_channel_number(text, tokens, e),
                            "org:suffix",
                        ))
                    }
                    None => None,
                };
                if let Some((e, method)) = found {
                    // `65th Air Division`, `4 Air Defense Wing`: a unit
                    // number in front belongs to the name.
                    let start = if start == chunk.start
                        && method == "org:suffix"
                        && start > 0
                        && tokens[start].spaced()
                        && is_unit_number(tokens[start - 1].text(text))
                    {
                        start - 1
                    } else {
                        start
                    };
                    push(out, start, e, method, priority::TRIGGERED);
                    if let Some(close) = parenthesised_upper(text, tokens, e) {
                        covered = close;
                        push(
                            out,
                            e + 1,
                            close - 1,
                            method,
                            priority::TRIGGERED,
                        );
                        name_after(out, text, &tokens[start..e]);
                    }
                }
                continue;
            }
            if let Some(e) = acronym_definition(text, tokens, start, chunk.end)
            {
                covered = e;
                push(
                    out,
                    start,
                    chunk.end,
                    "org:acronym",
                    priority::TRIGGERED,
                );
                push(
                    out,
                    chunk.end + 1,
                    e - 1,
                    "org:acronym",
                    priority::TRIGGERED,
                );
                name_after(out, text, &tokens[start..chunk.end]);
                continue;
            }
            // `the Pittsburgh Pirates`, `the Blue Jays`: a plural name
            // after `the` is a team or a group, unless it is a place.
            let after_the = (start == chunk.start
                && start > 0
                && tokens[start - 1].bytes(text) == b"the")
                || tokens[chunk.start].bytes(text) == b"The";
            // `the St. Louis Eagles and Boston Bruins`: a plural name
            // coordinated with a team is another team.
            let listed = start == chunk.start
                && ci > 0
                && last_plural == Some(ci - 1)
                && start >= 2
                && matches!(
                    tokens[start - 1].bytes(text),
                    b"and" | b"or" | b","
                )
                && chunks[ci - 1].end == start - 1;
            let last = || word(chunk.end - 1);
            if (after_the || listed)
                && chunk.end - start <= 4
                && is_plural(last())
                && !is_plural_place(last())
                && !is_demonym(last())
                && !is_place_head(last())
                && !tokens[chunk.end - 1].possessive()
                && tokens
                    .get(chunk.end)
                    .is_none_or(|t| !t.glued() || t.bytes(text) != b"'")
            {
                push(out, start, chunk.end, "org:plural", TEAM);
                last_plural = Some(ci);
                continue;
            }
            // `OASA (Organismos Astikon Syngoinonion Athinon)`: the
            // acronym first, its long form in parentheses.
            if chunk.end - start == 1 && tokens[start].shape == Shape::Upper {
                let long = chunks.get(ci + 1).filter(|c| {
                    c.start == start + 2
                        && tokens[start + 1].text(text) == "("
                        && spells(text, tokens, c.start..c.end, word(start))
                });
                if let Some(long) = long {
                    push(
                        out,
                        long.start,
                        long.end,
                        "org:acronym",
                        priority::TRIGGERED,
                    );
                    push(
                        out,
                        start,
                        start + 1,
                        "org:acronym",
                        priority::TRIGGERED,
                    );
                    name_after(out, text, &tokens[long.start..long.end]);
                    covered = long.end;
                    continue;
                }
            }
            // An all-caps word no list knows is most often an
            // organization's acronym (`RIAA`, `NHL`), unless the whole
            // line is in capitals.
            let acronym = chunk.end - start == 1
                && tokens[start].shape == Shape::Upper
                && is_unknown_acronym(word(start))
                && !shouting(tokens, start);
            if acronym {
                push(out, start, start + 1, "org:caps", ACRONYM);
                continue;
            }
            // `the band Killing Joke`, `rock band, Eels`.
            let before =
                match start.checked_sub(1).map(|i| tokens[i].bytes(text)) {
                    Some(b",") => start.checked_sub(2),
                    _ => start.checked_sub(1),
                };
            // Organizational nouns are lower-case words: only those need
            // a lookup.
            let cued = start == chunk.start
                && chunk.end - start <= MAX_CUED
                && tokens[start].spaced()
                && before.is_some_and(|i| {
                    tokens[i].shape == Shape::Lower
                        && token_class(text, &tokens[i]) & class::ORG_CUE != 0
                });
            if cued {
                push(out, start, chunk.end, "org:cue", priority::TRIGGERED);
                continue;
            }
            // `the Tram companies`, `the McGill hockey team`: weak, so a
            // place list still wins `a London company`.
            let mut after = chunk.end;
            if tokens.get(after).is_some_and(|t| is_sport_lower(t.bytes(text)))
            {
                after += 1;
            }
            let followed = tokens.get(after).is_some_and(|t| {
                t.spaced()
                    && t.shape == Shape::Lower
                    && is_org_cue_after(t.bytes(text))
            });
            if followed
                && chunk.end - start <= 4
                && !(start..chunk.end).any(|i| is_demonym(word(i)))
                && tokens[chunk.end - 1].class & class::ORG_HEAD == 0
            {
                push(out, start, chunk.end, "org:cue-after", priority::WEAK);
            }
        }
    }
}

/// Heads a one-word possessive owner may precede (`Nicholson's Limited`,
/// `Howe's Brigade`, `Macy's Inc.`).
fn is_owned_head(word: &str) -> bool {
    is_company_suffix(word)
        || matches!(
            word,
            "Brigade"
                | "Division"
                | "Regiment"
                | "Battalion"
                | "Corps"
                | "Legion"
                | "Company"
                | "Corporation"
                | "Stores"
                | "Restaurants"
        )
}

/// `Pty Ltd. The operation`: an abbreviated company suffix keeps its
/// period, so the next sentence's first word joins the chunk; the name
/// ends at the suffix.
fn suffix_cut(
    text: &str,
    tokens: &[Token],
    chunk: &Range<usize>,
) -> Range<usize> {
    let end = (chunk.start..chunk.end.saturating_sub(1))
        .find(|&i| {
            let bits = |t: &Token| token_class(text, t);
            tokens[i].bytes(text).ends_with(b".")
                && bits(&tokens[i]) & class::COMPANY_SUFFIX != 0
                && bits(&tokens[i + 1]) & class::FUNCTION_WORD != 0
        })
        .map_or(chunk.end, |i| i + 1);
    chunk.start..end
}

/// Plural nouns that head a heading or a description, not a team
/// (`AFL Results`, `Force Players`).
fn is_generic_plural(word: &str) -> bool {
    matches!(
        word,
        "Players"
            | "Results"
            | "Teams"
            | "Fans"
            | "Members"
            | "Standings"
            | "Statistics"
            | "Stats"
            | "Rankings"
            | "Scores"
            | "Fixtures"
            | "Matches"
            | "Leaders"
            | "Winners"
            | "Honours"
            | "Honors"
            | "Notes"
            | "References"
            | "Links"
            | "Records"
            | "Seasons"
            | "Coaches"
    )
}

/// Last words of place names that look plural (`Grand Rapids`, `Buenos
/// Aires`, `Thousand Oaks`).
fn is_place_plural_tail(word: &str) -> bool {
    matches!(
        word,
        "Rapids"
            | "Oaks"
            | "Rivers"
            | "Woods"
            | "Pines"
            | "Palms"
            | "Sands"
            | "Meadows"
            | "Gardens"
            | "Cruces"
            | "Moines"
            | "Aires"
            | "Angeles"
            | "Vegas"
            | "Palmas"
            | "Lagos"
            | "Marcos"
            | "Santos"
            | "Andes"
            | "Rocks"
            | "Flats"
    )
}

/// Articles that open two-word place names (`Los Angeles`, `Las Vegas`,
/// `Des Moines`, `El Paso`).
fn is_romance_article(word: &str) -> bool {
    matches!(
        word,
        "Los"
            | "Las"
            | "Les"
            | "La"
            | "Le"
            | "El"
            | "Des"
            | "Del"
            | "San"
            | "Santa"
            | "São"
            | "Dos"
    )
}

/// Singular team nicknames that follow a city (`Perth Glory`, `Miami
/// Heat`, `Melbourne Victory`).
fn is_team_nickname(word: &str) -> bool {
    matches!(
        word,
        "Glory"
            | "Force"
            | "Heat"
            | "Magic"
            | "Thunder"
            | "Jazz"
            | "Galaxy"
            | "Storm"
            | "Lightning"
            | "Avalanche"
            | "Wild"
            | "Fever"
            | "Dynamo"
            | "Roar"
            | "Victory"
            | "Phoenix"
            | "Fury"
            | "Crew"
            | "Revolution"
            | "Impact"
            | "Sounders"
            | "Sporting"
    )
}

/// What a text is about, from one pass over its tokens.
struct Topics {
    /// Sports words of three kinds ([`topic_bits`]) occur.
    sporty: bool,
    /// A radio word ([`topic_bits`]) occurs.
    radio: bool,
    /// Tokens that start an FM station's name ([`fm_station_end`]).
    fm: Vec<usize>,
}

/// [`Topics`] of `tokens`: one pass, sorting tokens by shape first (most
/// are lower-case words or punctuation, which most questions skip).
fn topics(text: &str, tokens: &[Token]) -> Topics {
    let mut seen = 0u32;
    let mut fm = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        // A station's name starts with a number or is a long word ending
        // in `FM`.
        let long_m = |w: &[u8]| w.len() > 4 && w.last() == Some(&b'M');
        let fm_like = match t.shape {
            Shape::Punct => continue,
            Shape::Number => true,
            // Topic words and other stations' names have more bytes.
            _ if t.len() < 4 => continue,
            Shape::Lower => {
                let w = t.bytes(text);
                seen |= topic_bits(w);
                long_m(w)
            }
            // The one capitalised topic word.
            _ => {
                let w = t.bytes(text);
                if w == b"Radio" {
                    seen |= RADIO;
                }
                long_m(w)
            }
        };
        if fm_like && fm_station_end(text, tokens, i).is_some() {
            fm.push(i);
        }
    }
    Topics { sporty: three_kinds(seen & !RADIO), radio: seen & RADIO != 0, fm }
}

/// Whether `bits` has three or more bits set (no `popcnt` needed).
fn three_kinds(bits: u32) -> bool {
    let two_or_more = bits & bits.wrapping_sub(1);
    two_or_more & two_or_more.wrapping_sub(1) != 0
}

/// The [`topic_bits`] bit of radio words.
const RADIO: u32 = 256;

/// What a lower-case word tells about a text's topic: the kind of sports
/// word it is as one of the low eight bits (three kinds make a sports
/// text), or [`RADIO`]; 0 for other words.
fn topic_bits(word: &[u8]) -> u32 {
    match word {
        b"season" | b"seasons" => 1,
        b"league" | b"leagues" => 2,
        b"coach" | b"coached" => 4,
        b"match" | b"matches" | b"game" | b"games" => 8,
        b"team" | b"teams" | b"club" | b"clubs" => 16,
        b"football" | b"soccer" | b"hockey" | b"baseball" | b"basketball"
        | b"rugby" | b"cricket" => 32,
        b"championship" | b"playoffs" | b"tournament" => 64,
        b"scored" | b"goals" | b"draft" | b"drafted" => 128,
        b"radio" | b"broadcaster" | b"broadcasting" | b"station"
        | b"airwaves" => RADIO,
        _ => 0,
    }
}

/// Australian-style radio call signs (`6PR`, `3AW`, `2GB`, `3RRR`): a
/// state digit and two or three capitals, with a frequency in front
/// (`882 6PR`) kept in the name.
fn callsigns(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    for (i, t) in tokens.iter().enumerate() {
        let w = t.bytes(text);
        let sign = t.shape == Shape::Number
            && (3..=4).contains(&w.len())
            && (b'1'..=b'9').contains(&w[0])
            && w[1..].iter().all(u8::is_ascii_uppercase)
            && !matches!(
                &w[1..],
                b"GB"
                    | b"MB"
                    | b"KB"
                    | b"TB"
                    | b"WD"
                    | b"DS"
                    | b"HP"
                    | b"AM"
                    | b"PM"
                    | b"CD"
                    | b"TV"
                    | b"MP"
                    | b"GHZ"
                    | b"MHZ"
                    | b"KHZ"
                    | b"LP"
                    | b"EP"
                    | b"RD"
                    | b"ST"
                    | b"ND"
                    | b"TH"
            );
        if !sign {
            continue;
        }
        let frequency = i.checked_sub(1).map(|j| &tokens[j]).filter(|p| {
            let f = p.text(text);
            t.spaced()
                && p.shape == Shape::Number
                && (3..=4).contains(&f.len())
                && f.bytes().all(|b| b.is_ascii_digit())
        });
        let start = frequency.map_or(t.start, |p| p.start);
        out.push(
            Candidate::new(
                start,
                t.end,
                EntityType::Organization,
                "org:callsign",
                priority::TRIGGERED,
            )
            .with_norm(t.text(text)),
        );
    }
}

/// `BBC Radio 1`, `Channel 4`: a station's number after its head word.
fn with_channel_number(text: &str, tokens: &[Token], end: usize) -> usize {
    let head = end.checked_sub(1).map(|i| tokens[i].text(text));
    let number = tokens.get(end).is_some_and(|t| {
        let w = t.text(text);
        t.spaced()
            && (1..=2).contains(&w.len())
            && w.bytes().all(|b| b.is_ascii_digit())
    });
    // A bare one- or two-digit number after these heads is nearly always
    // the station's, not a count.
    if number && matches!(head, Some("Radio" | "Channel" | "TV")) {
        end + 1
    } else {
        end
    }
}

/// Pushes the FM stations that start at the tokens `starts`.
fn fm_stations(
    text: &str,
    tokens: &[Token],
    starts: &[usize],
    out: &mut Vec<Candidate>,
) {
    for &i in starts {
        let Some(end) = fm_station_end(text, tokens, i) else {
            continue;
        };
        let start = tokens[i].start;
        out.push(
            Candidate::new(
                start,
                end,
                EntityType::Organization,
                "org:fm",
                priority::TRIGGERED,
            )
            .with_norm(&text[start..end]),
        );
    }
}

/// FM stations named with their frequency or a number (`Power98FM`,
/// `883JIA FM`): letters and digits mixed in one word, with `FM` glued to
/// it or following it. When token `i` starts one, the byte offset where
/// its name ends.
fn fm_station_end(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let mixed = |w: &[u8]| {
        w.iter().any(u8::is_ascii_digit)
            && w.iter().any(u8::is_ascii_alphabetic)
    };
    let t = &tokens[i];
    let w = t.bytes(text);
    let glued = w.len() > 4
        && w.ends_with(b"FM")
        && mixed(&w[..w.len() - 2])
        && w[w.len() - 3].is_ascii_digit();
    let spaced = t.shape == Shape::Number
        && tokens
            .get(i + 1)
            .is_some_and(|n| n.spaced() && n.bytes(text) == b"FM")
        && mixed(w);
    if spaced { Some(tokens[i + 1].end) } else { glued.then_some(t.end) }
}

/// Gives the acronym just pushed the norm of its long form.
fn name_after(out: &mut [Candidate], text: &str, long: &[Token]) {
    if let (Some(acronym), Some(first), Some(last)) =
        (out.last_mut(), long.first(), long.last())
    {
        acronym.norm =
            Some(Cow::Owned(text[first.start..last.end].to_string()));
    }
}

/// States whose names end in an organizational head word.
fn is_state_name(text: &str, words: &[Token]) -> bool {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => matches!(
            &text[first.start..last.end],
            "Soviet Union" | "Holy See" | "Golden Horde" | "Ottoman Porte"
        ),
        _ => false,
    }
}

/// When chunk `ci` is followed by `of`/`for` (`of the`) and another
/// chunk, and then optionally `and` and a third, the first token after the
/// connector and the token index where the extended name ends. The joined
/// chunks must be short and hold no head word of their own (`Specialist
/// Group of the British Computer Society` is two names).
fn extend_of(
    text: &str,
    tokens: &[Token],
    chunks: &[Range<usize>],
    ci: usize,
) -> Option<(usize, usize)> {
    let link = |after: usize, words: &[&[u8]]| -> Option<(usize, usize)> {
        let t = tokens.get(after)?;
        let connector = t.bytes(text);
        if !t.spaced() || !words.contains(&connector) {
            return None;
        }
        let mut next = after + 1;
        if connector == b"of"
            && tokens.get(next).is_some_and(|t| t.bytes(text) == b"the")
        {
            next += 1;
        }
        // Chunks are in text order: none past `next` can start there.
        let c = chunks[ci..]
            .iter()
            .take_while(|c| c.start <= next)
            .find(|c| c.start == next)?;
        let ok = tokens[c.start].spaced()
            && c.len() <= 4
            && (c.start..c.end).all(|i| {
                let bits = token_class(text, &tokens[i]);
                bits & (class::FUNCTION_WORD | class::CALENDAR_WORD) == 0
                    && !is_org_head_of(tokens[i].text(text), bits)
            });
        ok.then_some((c.start, c.end))
    };
    let (first, mut end) = link(chunks.get(ci)?.end, &[b"of", b"for"])?;
    // `Society of Scientific Help for Girls`, `Institute of Arts and
    // Sciences`: up to two more parts joined by `and` or `for` (not a
    // second `of`, which mostly names a place the body is in).
    for _ in 0..2 {
        match link(end, &[b"and", b"&", b"for"]) {
            Some((_, e)) => end = e,
            None => break,
        }
    }
    Some((first, end))
}

/// Lower-case sports between a name and its organizational noun (`the
/// McGill hockey team`).
fn is_sport_lower(word: &[u8]) -> bool {
    matches!(
        word,
        b"hockey"
            | b"football"
            | b"baseball"
            | b"soccer"
            | b"basketball"
            | b"rugby"
            | b"cricket"
            | b"rock"
            | b"punk"
            | b"pop"
            | b"metal"
    )
}

/// Lower-case nouns that make the capitalised name before them an
/// organization (`the Tram companies`, `the Victorias players`).
fn is_org_cue_after(word: &[u8]) -> bool {
    matches!(
        word,
        b"company"
            | b"companies"
            | b"band"
            | b"team"
            | b"club"
            | b"newspaper"
            | b"magazine"
            | b"label"
            | b"airline"
            | b"corporation"
            | b"firm"
            | b"franchise"
            | b"players"
            | b"party"
            | b"conglomerate"
            | b"retailer"
    )
}

/// Sports that may follow a league's head word (`Major League Baseball`).
fn is_sport(word: &str) -> bool {
    has_class(word, class::SPORT)
}

/// All-caps words that are not organizations: Roman numerals, units,
/// common abbreviations.
fn is_unknown_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let roman = word.chars().all(|c| "IVXLCDM".contains(c));
    let common = has_class(word, class::UNKNOWN_ACRONYM);
    // `EZ2DJ`, `P.O.P`, `OSC-DIS` are product codes and titles; a digit
    // may only end the word (`MTV2`).
    let plain = word
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .chars()
        .all(char::is_alphabetic);
    (3..=6).contains(&letters) && plain && !roman && !common
}

/// Whether the token sits in a run of capitals (a heading or a
/// shouted line), where capitals say nothing about names.
fn shouting(tokens: &[Token], i: usize) -> bool {
    let upper =
        |j: usize| tokens.get(j).is_some_and(|t| t.shape == Shape::Upper);
    (i > 0 && upper(i - 1)) || upper(i + 1)
}

/// Plural names of places and events that follow `the` (`the United
/// States`, `the Alps`, `the Olympics`).
fn is_plural_place(word: &str) -> bool {
    has_class(word, class::PLURAL_PLACE)
}

/// A unit's number: `4`, `65`, `65th`, `62d`, `3rd` (below 1000, so a
/// year in front, `in 1943 Air Force units`, is not taken).
fn is_unit_number(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = &word[digits..];
    (1..=3).contains(&digits)
        && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "d")
}

/// Extends a name over a following `, Ltd.` / `, Inc.` / `Co., Ltd.`.
fn with_suffix(text: &str, tokens: &[Token], mut end: usize) -> usize {
    while let (Some(comma), Some(next)) =
        (tokens.get(end), tokens.get(end + 1))
    {
        if comma.text(text) == ","
            && comma.glued()
            && is_company_suffix(next.text(text))
        {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// When tokens `start..end` are followed by ` (ACR)` and the capitalised
/// words spell ACR, the token index just past the `)`.
fn acronym_definition(
    text: &str,
    tokens: &[Token],
    start: usize,
    end: usize,
) -> Option<usize> {
    let close = parenthesised_upper(text, tokens, end)?;
    spells(text, tokens, start..end, tokens[end + 1].text(text))
        .then_some(close)
}

/// Whether the capitalised words of `range` spell `acronym` with their
/// initials (country names excepted: `United Kingdom (UK)` is a place).
fn spells(
    text: &str,
    tokens: &[Token],
    range: Range<usize>,
    acronym: &str,
) -> bool {
    let letters: String =
        acronym.chars().filter(|c| c.is_alphabetic()).collect();
    let words = &tokens[range];
    let initials: String = words
        .iter()
        .filter(|t| t.shape != Shape::Lower && t.text(text) != "&")
        .filter_map(|t| t.text(text).chars().next())
        .collect();
    let places = words.iter().any(|t| {
        matches!(t.text(text), "Republic" | "Kingdom" | "States" | "Emirates")
    });
    !places && letters.chars().count() >= 2 && letters == initials
}

/// When tokens from `at` are ` (ACR)` with ACR in capitals, the token
/// index just past the `)`.
fn parenthesised_upper(
    text: &str,
    tokens: &[Token],
    at: usize,
) -> Option<usize> {
    let open = tokens.get(at)?;
    if open.bytes(text) != b"(" || !open.spaced() {
        return None;
    }
    let acr = tokens.get(at + 1)?;
    let close = tokens.get(at + 2)?;
    (close.bytes(text) == b")" && acr.shape == Shape::Upper).then_some(at + 3)
}

/// Words that end an organization's name (`Liberal Party`, `Hebrew
/// University`) or head it before `of` (`University of Brighton`).
pub fn is_org_head(word: &str) -> bool {
    is_company_suffix(word)
        || is_of_head(word)
        || has_class(word, class::ORG_HEAD)
}

/// [`is_org_head`] for a word whose [`class`] bits are known.
pub(crate) fn is_org_head_of(word: &str, bits: u32) -> bool {
    bits & (class::COMPANY_SUFFIX | class::ORG_HEAD) != 0 || is_of_head(word)
}

/// Head words that make a name only with `of` after them (`House of
/// Commons`, `Ministry of Finance`), never as a suffix.
pub(crate) fn is_of_head(word: impl AsRef<[u8]>) -> bool {
    matches!(word.as_ref(), b"House" | b"Hall")
}

/// Legal-form and club suffixes.
fn is_company_suffix(word: &str) -> bool {
    has_class(word, class::COMPANY_SUFFIX)
}

/// Words of [`is_sport`].
pub(crate) const SPORT_WORDS: &[&str] = &[
    "Baseball",
    "Football",
    "Soccer",
    "Hockey",
    "Basketball",
    "Rugby",
    "Cricket",
    "Tennis",
    "Golf",
    "Lacrosse",
    "Volleyball",
    "Softball",
    "Wrestling",
    "Boxing",
];

/// Words of [`is_unknown_acronym`].
pub(crate) const UNKNOWN_ACRONYM_WORDS: &[&str] = &[
    "TV", "DNA", "RNA", "CEO", "CFO", "CTO", "OK", "AM", "PM", "CD", "CDs",
    "DVD", "DJ", "MC", "PC", "IT", "GDP", "HIV", "AIDS", "ID", "PhD", "BA",
    "MA", "BSc", "MSc", "USD", "EUR", "GBP", "KGS", "KZT", "RUB", "CNY",
    "JPY", "AD", "BC", "BCE", "CE", "GMT", "UTC", "ERA", "RBI", "MVP", "NB",
    "PS", "FAQ", "URL", "HTML", "PDF", "OST", "EP", "LP", "UFO", "ATM", "SMS",
    "GPS", "VIP", "XXX", "NOTE", "THE", "AND", "OF", "II", "MP", "MPs", "US",
    "USA", "UK", "EU", "UN", "UAE", "USSR", "PRC", "DPRK",
];

/// Words of [`is_plural_place`].
pub(crate) const PLURAL_PLACE_WORDS: &[&str] = &[
    "States",
    "Islands",
    "Emirates",
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Maldives",
    "Seychelles",
    "Comoros",
    "Alps",
    "Andes",
    "Rockies",
    "Highlands",
    "Lowlands",
    "Territories",
    "Americas",
    "Balkans",
    "Caucasus",
    "Pyrenees",
    "Carpathians",
    "Appalachians",
    "Himalayas",
    "Urals",
    "Mountains",
    "Hills",
    "Falls",
    "Heights",
    "Springs",
    "Lakes",
    "Plains",
    "Keys",
    "Olympics",
    "Games",
    "Awards",
    "Oscars",
    "Grammys",
    "Emmys",
    "Championships",
    "Finals",
    "Playoffs",
    "Series",
    "Cups",
    "Midlands",
    "Hebrides",
    "Azores",
    "Canaries",
    "Dardanelles",
    "Antilles",
    "Marshes",
    "Fens",
    "Docks",
];

/// Words of [`is_org_head`].
pub(crate) const ORG_HEAD_WORDS: &[&str] = &[
    "Organization",
    "Organisation",
    "Council",
    "Committee",
    "Commission",
    "Institute",
    "Institution",
    "University",
    "College",
    "Academy",
    "School",
    "Party",
    "Bank",
    "Corporation",
    "Company",
    "Group",
    "Association",
    "Union",
    "Army",
    "Movement",
    "Federation",
    "League",
    "Club",
    "Society",
    "Foundation",
    "Fund",
    "Trust",
    "Agency",
    "Authority",
    "Service",
    "Services",
    "Bureau",
    "Laboratory",
    "Laboratories",
    "Museum",
    "Library",
    "Hospital",
    "Church",
    "Brotherhood",
    "Alliance",
    "Front",
    "Coalition",
    "Congress",
    "Parliament",
    "Assembly",
    "Senate",
    "Records",
    "Studios",
    "Pictures",
    "Films",
    "Entertainment",
    "Media",
    "Network",
    "Networks",
    "Broadcasting",
    "Television",
    "Radio",
    "FM",
    "TV",
    "Channel",
    "Magazine",
    "Times",
    "News",
    "Post",
    "Herald",
    "Tribune",
    "Journal",
    "Gazette",
    "Press",
    "Airlines",
    "Airways",
    "Motors",
    "Industries",
    "Technologies",
    "Systems",
    "Holdings",
    "Enterprises",
    "Partners",
    "Properties",
    "Associates",
    "Brothers",
    "Orchestra",
    "Choir",
    "Ensemble",
    "Band",
    "Quartet",
    "Navy",
    "Police",
    "Guard",
    "Forces",
    "Force",
    "Corps",
    "Fleet",
    "Command",
    "Brigade",
    "Division",
    "Regiment",
    "Battalion",
    "Squadron",
    "Wing",
    "Democrats",
    "Republicans",
    "Socialists",
    "Conservatives",
    "Liberals",
    "Greens",
    "Communists",
    "Team",
    "United",
    "Rovers",
    "Wanderers",
    "Athletic",
    "Music",
    "Software",
    "Pharmaceuticals",
    "Consulting",
    "Consultants",
    "Solutions",
    "Investments",
    "Logistics",
    "Petroleum",
    "Energy",
    "Telecom",
    "Bancorp",
    "Exchange",
    "Court",
    "Tribunal",
    "Mall",
    "Casino",
    "Hotel",
    "Hotels",
    "Stores",
    "Restaurants",
    "Secretariat",
    "Directorate",
    "Inspectorate",
    "Office",
    "Department",
    "Ministry",
    "Board",
    "Mission",
];

/// Words of [`is_company_suffix`].
pub(crate) const COMPANY_SUFFIX_WORDS: &[&str] = &[
    "Co.",
    "Corp.",
    "Ltd.",
    "Ltd",
    "Inc.",
    "Inc",
    "LLC",
    "LLP",
    "PLC",
    "plc",
    "GmbH",
    "AG",
    "SA",
    "S.A.",
    "NV",
    "N.V.",
    "BV",
    "B.V.",
    "SpA",
    "S.p.A.",
    "AB",
    "ASA",
    "JSC",
    "OJSC",
    "CJSC",
    "LLP.",
    "F.C.",
    "FC",
    "A.F.C.",
    "AFC",
    "HC",
    "SC",
    "CF",
    "Pty",
    "K.K.",
    "Bros.",
    "Limited",
    "Incorporated",
    "Ltda.",
    "Oy",
    "Oyj",
    "KG",
    "S.r.l.",
    "Srl",
    "Pty.",
];

/// Lower-case nouns that introduce an organization's name (`the band
/// Killing Joke`, `the airline Aeroflot`); class [`class::ORG_CUE`].
pub(crate) const ORG_CUE_WORDS: &[&str] = &[
    "band",
    "label",
    "club",
    "team",
    "company",
    "firm",
    "magazine",
    "newspaper",
    "airline",
    "carrier",
    "retailer",
    "manufacturer",
    "publisher",
    "broadcaster",
    "network",
    "channel",
    "station",
    "studio",
    "developer",
    "maker",
    "bank",
    "party",
    "outfit",
    "supergroup",
    "duo",
    "trio",
    "quartet",
    "franchise",
    "conglomerate",
    "startup",
    "chain",
    "brand",
    "agency",
    "insurer",
    "automaker",
    "carmaker",
    "giant",
    "daily",
    "weekly",
    "tabloid",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        OrgTagger::new(&Lexicon::default())
            .tag(&Doc { text, dct: None }, &mut out);
        out.into_iter().map(|c| text[c.start..c.end].to_string()).collect()
    }

    #[test]
    fn org_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("The Liberal Party won.", &["Liberal Party"]),
            ("plays for FC Basel since", &["FC Basel"]),
            ("the 65th Air Division directed", &["65th Air Division"]),
            ("Redesignated 65 Fighter Wing on", &["65 Fighter Wing"]),
            ("against the German Air Force and", &["German Air Force"]),
            (
                "at the University of Westminster in",
                &["University of Westminster"],
            ),
            (
                "the Ministry of Foreign Affairs said",
                &["Ministry of Foreign Affairs"],
            ),
            (
                "Bulgarian Academy of Sciences and",
                &["Bulgarian Academy of Sciences"],
            ),
            (
                "the Brooklyn Institute of Arts and Sciences opened",
                &["Brooklyn Institute of Arts and Sciences"],
            ),
            ("DATECS Ltd. is", &["DATECS Ltd."]),
            ("on BBC Radio 1 and", &["BBC Radio 1"]),
            ("rival Hits97FM and 925XY FM said", &["Hits97FM", "925XY FM"]),
            (
                "the Society of Free Help for Young Artists was",
                &["Society of Free Help for Young Artists"],
            ),
            ("Zhongfu Group Co., Ltd. said", &["Zhongfu Group Co., Ltd."]),
            ("joined Sunderland A.F.C. in", &["Sunderland A.F.C."]),
            ("the band Killing Joke", &["Killing Joke"]),
            ("label Virgin Records and", &["Virgin Records"]),
            (
                "the Amateur Hockey Association of Canada (AHAC) was",
                &["Amateur Hockey Association of Canada", "AHAC"],
            ),
            (
                "the Eugenics Record Office (ERO) was",
                &["Eugenics Record Office", "ERO"],
            ),
            (
                "Organismos Astikon Syngoinonion (OAS) runs",
                &["Organismos Astikon Syngoinonion", "OAS"],
            ),
            ("The Hockey News reported", &["Hockey News"]),
            ("said The Hockey News", &["The Hockey News"]),
            ("by American rock band, Eels. This", &["Eels"]),
            ("the AMEL and Tram companies", &["AMEL", "Tram"]),
            (
                "run by KTZ (Kazakhstan Temir Zholy), the",
                &["Kazakhstan Temir Zholy", "KTZ"],
            ),
            ("on the 1883 McGill hockey team", &["McGill"]),
            ("sold to Harrod's Limited in", &["Harrod's Limited"]),
            ("joined Smith's Brigade and", &["Smith's Brigade"]),
            ("Acme Co. He left", &["Acme Co"]),
            (
                "the Miami Heat coach said the team won the league season",
                &["Miami Heat"],
            ),
            (
                "the season coach saw the league match of Perth Glory Home \
                 side",
                &["Perth Glory"],
            ),
            (
                "Denver Broncos won the league game. The coach and the team",
                &["Denver Broncos"],
            ),
            ("the radio station 3AW and 774 3LO aired", &["3AW", "774 3LO"]),
            (
                "owned by Nicholson's Broadcasting Service Pty Ltd. The",
                &["Nicholson's Broadcasting Service Pty Ltd"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(orgs(text), *want, "{text}");
        }
    }

    #[test]
    fn org_acronym_takes_long_form_norm() {
        let text = "run by KTZ (Kazakhstan Temir Zholy), and the Eugenics \
                    Record Office (ERO) too";
        let mut out = Vec::new();
        OrgTagger::new(&Lexicon::default())
            .tag(&Doc { text, dct: None }, &mut out);
        let norms: Vec<&str> =
            out.iter().filter_map(|c| c.norm.as_deref()).collect();
        assert_eq!(
            norms,
            vec![
                "Kazakhstan Temir Zholy",
                "Kazakhstan Temir Zholy",
                "Eugenics Record Office",
                "Eugenics Record Office"
            ]
        );
    }

    #[test]
    fn org_cue_words_are_lower_case() {
        // The cue rule looks up only lower-case words.
        for w in ORG_CUE_WORDS {
            assert!(w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }

    #[test]
    fn org_rejects() {
        let cases = [
            "The Council met.",
            "In the House he spoke",
            "the United Kingdom (UK) is",
            "the former Soviet Union and",
            "the UK (United Kingdom) is",
            "the House of the",
            "He joined the Party",
            "He bought 4GB of memory and a 2WD radio",
            "The coach and the team saw Smith Players win the league",
            "The Miami Heat wave",
            "the coach, the team and the league season in Los Angeles",
            "the coach, the team and the league season in Grand Rapids",
        ];
        for text in cases {
            assert_eq!(orgs(text), Vec::<String>::new(), "{text}");
        }
    }
}
