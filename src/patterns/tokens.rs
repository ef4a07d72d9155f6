//! A one-pass word scanner shared by the name taggers (PERSON,
//! ORGANIZATION, LOCATION).
//!
//! Takes cleaned text and returns [`Token`]s with byte offsets, a coarse
//! [`Shape`] (capitalised, all-caps, initial, lower-case, number,
//! punctuation), whether the token opens a sentence, and whether a
//! possessive `'s` was cut off its end. [`name_chunks`] groups runs of
//! capitalised tokens into candidate names. Deciding what a chunk *is* is
//! left to the taggers.

use std::ops::Range;

/// The coarse shape of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// First letter upper-case, some lower-case letter: `Japarov`, `McGill`,
    /// `St.`, `al-Assad`.
    Cap,
    /// Two or more letters, all upper-case: `NATO`, `MTV2`, `U.S.`.
    Upper,
    /// One upper-case letter and a period: `J.`.
    Initial,
    /// Starts with a lower-case letter: `of`, `von`.
    Lower,
    /// Starts with a digit.
    Number,
    /// Any other single character.
    Punct,
}

/// One word or punctuation mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte (before any possessive `'s`).
    pub end: usize,
    /// Coarse shape.
    pub shape: Shape,
    /// First word of a sentence (or of the text, or of a line).
    pub sent_start: bool,
    /// Separated from the previous token by spaces only (no line break).
    pub spaced: bool,
    /// Separated from the previous token by nothing at all.
    pub glued: bool,
    /// A possessive `'s` / `’s` followed the word and is not in the span.
    pub possessive: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the token can be part of a proper name.
    pub fn is_namey(&self) -> bool {
        matches!(self.shape, Shape::Cap | Shape::Upper | Shape::Initial)
    }
}

/// Abbreviations that keep their period (so it does not end a sentence).
fn keeps_period(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Ste"
            | "Mt"
            | "Ft"
            | "Co"
            | "Corp"
            | "Ltd"
            | "Inc"
            | "Jr"
            | "Sr"
            | "Gen"
            | "Col"
            | "Lt"
            | "Capt"
            | "Sgt"
            | "Maj"
            | "Adm"
            | "Cmdr"
            | "Prof"
            | "Rev"
            | "Fr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Bros"
            | "Messrs"
            | "Mme"
            | "Mlle"
            | "No"
            | "vs"
            | "Ave"
            | "Blvd"
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Scans `text` into tokens, once, left to right.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    let mut gap_start = 0;
    let mut sent_start = true;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let gap = &text[gap_start..i];
        let newline = gap.contains('\n');
        let spaced = !gap.is_empty() && !newline;
        let glued = gap.is_empty() && !tokens.is_empty();
        let mut end = i + c.len_utf8();
        let shape;
        let mut possessive = false;
        if c.is_alphanumeric() {
            // A word: letters and digits, with `' ’ - .` kept when a
            // letter or digit follows them.
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                let joiner = is_apostrophe(d) || d == '-' || d == '.';
                let next = text[j + d.len_utf8()..].chars().next();
                if joiner && next.is_some_and(char::is_alphanumeric) {
                    chars.next();
                    continue;
                }
                break;
            }
            let word = &text[i..end];
            if let Some(stem) = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .filter(|s| !s.is_empty())
            {
                end = i + stem.len();
                possessive = true;
            }
            let word = &text[i..end];
            let first_upper = c.is_uppercase();
            let letters = word.chars().filter(|c| c.is_alphabetic());
            let (mut upper, mut lower) = (0, 0);
            for l in letters {
                if l.is_uppercase() {
                    upper += 1;
                } else if l.is_lowercase() {
                    lower += 1;
                }
            }
            let dot_next = bytes.get(end) == Some(&b'.') && !possessive;
            shape = if c.is_ascii_digit() || c.is_numeric() {
                Shape::Number
            } else if first_upper && upper == 1 && lower == 0 && dot_next {
                Shape::Initial
            } else if first_upper && lower == 0 && upper >= 2 {
                Shape::Upper
            } else if first_upper || particle_cap(word) {
                Shape::Cap
            } else {
                Shape::Lower
            };
            if dot_next
                && (shape == Shape::Initial
                    || keeps_period(word)
                    || (word.contains('.') && shape == Shape::Upper))
            {
                end += 1;
                // The period is consumed; skip it in the iterator.
                chars.next();
            }
        } else {
            shape = Shape::Punct;
        }
        tokens.push(Token {
            start: i,
            end,
            shape,
            sent_start: sent_start || newline,
            spaced,
            glued,
            possessive,
        });
        // The word loop already consumed a possessive `'s`; the next gap
        // starts after it.
        gap_start = if possessive {
            end + text[end..]
                .chars()
                .take(2)
                .map(char::len_utf8)
                .sum::<usize>()
        } else {
            end
        };
        sent_start = match shape {
            Shape::Punct => {
                matches!(c, '.' | '!' | '?')
                    || (sent_start && matches!(c, '"' | '“' | '(' | '\''))
            }
            _ => false,
        };
    }
    tokens
}

/// `al-Assad`, `el-Sisi`, `d'Artagnan`: a lower-case particle glued to a
/// capitalised name.
fn particle_cap(word: &str) -> bool {
    ["al-", "el-", "ad-", "as-", "an-", "ash-", "d'", "d’", "l'", "l’"]
        .iter()
        .any(|p| {
            word.strip_prefix(p)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
        })
}

/// Lower-case words that may sit inside a person's or place's name
/// between capitalised words (`Dorothea von Schlegel`, `Frankfurt am
/// Main`).
pub fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "von"
            | "van"
            | "der"
            | "den"
            | "de"
            | "del"
            | "della"
            | "di"
            | "da"
            | "das"
            | "dos"
            | "du"
            | "des"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "bint"
            | "al"
            | "el"
            | "ter"
            | "zu"
            | "am"
            | "upon"
            | "y"
    )
}

/// Token ranges of candidate names: runs of capitalised, all-caps and
/// initial tokens separated by single gaps of spaces, with name particles
/// and `&` inside, and a quoted nickname (`William "Buckshot" May`) inside.
/// A possessive token closes its chunk.
pub fn name_chunks(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut chunks = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].is_namey() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < tokens.len() && !tokens[end - 1].possessive {
            let t = &tokens[end];
            if !t.spaced {
                break;
            }
            if t.is_namey() {
                end += 1;
                continue;
            }
            let word = t.text(text);
            let joins =
                (t.shape == Shape::Lower && is_particle(word)) || word == "&";
            if joins
                && tokens
                    .get(end + 1)
                    .is_some_and(|n| n.spaced && n.is_namey())
            {
                end += 2;
                continue;
            }
            if let Some(after) = nickname(text, tokens, end) {
                end = after;
                continue;
            }
            break;
        }
        chunks.push(start..end);
        i = end;
    }
    chunks
}

/// `"Nick" Name`: when a quoted capitalised word starts at `i` and a
/// capitalised word follows it, the index after that word.
fn nickname(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let is_quote = |t: &Token| matches!(t.text(text), "\"" | "“" | "”");
    let open = tokens.get(i)?;
    if !is_quote(open) {
        return None;
    }
    let mut j = i + 1;
    while tokens.get(j).is_some_and(|t| t.is_namey() && j - i <= 3) {
        j += 1;
    }
    let close = tokens.get(j)?;
    let after = tokens.get(j + 1)?;
    (j > i + 1
        && is_quote(close)
        && tokens[i + 1].glued
        && close.glued
        && after.spaced
        && after.is_namey())
    .then_some(j + 2)
}

/// Byte span covered by the tokens in `range` (empty range: `None`).
pub fn span(tokens: &[Token], range: Range<usize>) -> Option<(usize, usize)> {
    let first = tokens.get(range.start)?;
    let last = tokens.get(range.end.checked_sub(1)?)?;
    (range.start < range.end).then_some((first.start, last.end))
}

/// Capitalised words that start sentences or headings but are not names:
/// articles, pronouns, prepositions, conjunctions, quantifiers and common
/// adverbs. A chunk never starts (or, alone, consists) of one.
pub fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "In"
            | "On"
            | "At"
            | "By"
            | "For"
            | "From"
            | "With"
            | "Without"
            | "After"
            | "Before"
            | "During"
            | "Since"
            | "Until"
            | "Following"
            | "Under"
            | "Over"
            | "Between"
            | "Among"
            | "Through"
            | "Into"
            | "About"
            | "Against"
            | "Despite"
            | "Upon"
            | "Of"
            | "To"
            | "As"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "It"
            | "He"
            | "She"
            | "They"
            | "We"
            | "I"
            | "You"
            | "Him"
            | "Them"
            | "But"
            | "And"
            | "Or"
            | "Nor"
            | "So"
            | "Yet"
            | "If"
            | "When"
            | "While"
            | "Where"
            | "Whereas"
            | "Although"
            | "Though"
            | "Because"
            | "Unless"
            | "Whether"
            | "There"
            | "Here"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Every"
            | "Other"
            | "Another"
            | "Several"
            | "Few"
            | "Such"
            | "No"
            | "Not"
            | "One"
            | "Two"
            | "Three"
            | "Four"
            | "Five"
            | "Six"
            | "Seven"
            | "Eight"
            | "Nine"
            | "Ten"
            | "First"
            | "Second"
            | "Third"
            | "Last"
            | "Next"
            | "However"
            | "Also"
            | "Then"
            | "Later"
            | "Today"
            | "Yesterday"
            | "Tomorrow"
            | "Now"
            | "Thus"
            | "Therefore"
            | "Meanwhile"
            | "According"
            | "Although,"
            | "What"
            | "Which"
            | "Who"
            | "Whom"
            | "Whose"
            | "Why"
            | "How"
            | "Once"
            | "Only"
            | "Even"
            | "Still"
            | "Just"
            | "Instead"
            | "Like"
            | "Unlike"
            | "Including"
            | "Per"
            | "Via"
            | "Mr"
            | "Any"
            | "Neither"
            | "Either"
            | "Further"
            | "Furthermore"
            | "Moreover"
            | "Indeed"
            | "Finally"
            | "Initially"
            | "Currently"
            | "Recently"
            | "Previously"
            | "Yes"
            | "Thirty"
            | "Twenty"
            | "Forty"
            | "Fifty"
            | "Hundred"
    )
}

/// Month and weekday names (and their common abbreviations): dates, not
/// names, when they stand at the edge of a chunk.
pub fn is_calendar_word(word: &str) -> bool {
    matches!(
        word,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "Spring"
            | "Summer"
            | "Autumn"
            | "Fall"
            | "Winter"
    )
}

/// Nationality and language adjectives (`Japanese`, `Kyrgyz`, `British`)
/// by their endings, plus a few irregular ones. Used to keep demonyms out
/// of PERSON and LOCATION spans.
pub fn is_demonym(word: &str) -> bool {
    is_nationality(word)
        || ["ese", "ian", "ish", "ean", "ans", "ians", "eses"]
            .iter()
            .any(|s| word.len() > s.len() + 2 && word.ends_with(s))
}

/// Nationality, region and faith adjectives that are never a given name
/// in running text (`German`, `Kyrgyz`, `Central`).
pub fn is_nationality(word: &str) -> bool {
    matches!(
        word,
        "Kyrgyz"
            | "Kazakh"
            | "Uzbek"
            | "Tajik"
            | "Turkmen"
            | "Greek"
            | "Thai"
            | "Dutch"
            | "French"
            | "Swiss"
            | "Welsh"
            | "Irish"
            | "Scottish"
            | "English"
            | "British"
            | "Danish"
            | "Polish"
            | "Turkish"
            | "Spanish"
            | "Swedish"
            | "Finnish"
            | "Czech"
            | "Arab"
            | "Arabic"
            | "Israeli"
            | "Iraqi"
            | "Pakistani"
            | "Bangladeshi"
            | "Nepali"
            | "Kuwaiti"
            | "Saudi"
            | "Yemeni"
            | "Uighur"
            | "Uyghur"
            | "Slovak"
            | "Serb"
            | "Croat"
            | "Cossack"
            | "European"
            | "Asian"
            | "African"
            | "Western"
            | "Eastern"
            | "Northern"
            | "Southern"
            | "Central"
            | "Soviet"
            | "Latin"
            | "Catholic"
            | "Muslim"
            | "Jewish"
            | "Islamic"
            | "Buddhist"
            | "Hindu"
            | "Protestant"
            | "Orthodox"
            | "German"
            | "Germans"
            | "Jews"
            | "Muslims"
            | "Arabs"
            | "Turks"
            | "Kurds"
            | "Slavs"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, Shape, bool)> {
        tokenize(text)
            .iter()
            .map(|t| (t.text(text), t.shape, t.sent_start))
            .collect()
    }

    fn chunks(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        name_chunks(text, &tokens)
            .into_iter()
            .map(|r| {
                text[tokens[r.start].start..tokens[r.end - 1].end].to_string()
            })
            .collect()
    }

    #[test]
    fn tokens_shapes_and_sentence_starts() {
        use Shape::*;
        assert_eq!(
            words("Mr. J. Smith met NATO. Then 3 men"),
            vec![
                ("Mr.", Cap, true),
                ("J.", Initial, false),
                ("Smith", Cap, false),
                ("met", Lower, false),
                ("NATO", Upper, false),
                (".", Punct, false),
                ("Then", Cap, true),
                ("3", Number, false),
                ("men", Lower, false),
            ]
        );
    }

    #[test]
    fn tokens_possessive_and_joiners() {
        let text = "Japarov's al-Assad U.S. O'Brien Saxony-Anhalt’s end";
        let toks = tokenize(text);
        let got: Vec<_> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            got,
            vec![
                "Japarov",
                "al-Assad",
                "U.S.",
                "O'Brien",
                "Saxony-Anhalt",
                "end"
            ]
        );
        assert!(toks[0].possessive && toks[4].possessive);
        assert_eq!(toks[1].shape, Shape::Cap);
        assert!(toks[1].spaced && toks[5].spaced);
    }

    #[test]
    fn tokens_never_panic_on_odd_text() {
        for text in ["", "'s", "A.", "’s’s", "x'", "Ä. Ö’s", "\u{0}é.", "a.'s"]
        {
            let _ = name_chunks(text, &tokenize(text));
        }
    }

    #[test]
    fn tokens_chunks_join_particles_and_nicknames() {
        assert_eq!(
            chunks(
                "Dorothea von Schlegel met William \"Buckshot\" May and von."
            ),
            vec!["Dorothea von Schlegel", "William \"Buckshot\" May"]
        );
        assert_eq!(
            chunks("CBL & Associates, Jared Leto's band"),
            vec!["CBL & Associates", "Jared Leto"]
        );
        assert_eq!(chunks("Paris\nLondon"), vec!["Paris", "London"]);
    }
}
