//! Tokens for the date grammar: words, digit runs and single punctuation
//! characters with byte offsets, each word classified once against the small
//! date vocabulary (months, weekdays, number words, relative words).

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// One other non-space character.
    Punct,
}

/// Calendar units in offsets like "two weeks ago".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// day, days
    Day,
    /// week, weeks
    Week,
    /// fortnight, fortnights
    Fortnight,
    /// month, months
    Month,
    /// year, years
    Year,
}

/// Named days with a fixed rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// Western Easter Sunday.
    Easter,
    /// 25 December.
    Christmas,
    /// 31 October.
    Halloween,
}

/// The date vocabulary a word belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// Not a date word.
    None,
    /// Month number and whether the word is an abbreviation.
    Month(u32, bool),
    /// ISO weekday, Monday = 1.
    Weekday(u32),
    /// Cardinal number word: one … nineteen, twenty … ninety, 100, 1000.
    Card(u32),
    /// Ordinal word: first … nineteenth, twentieth, thirtieth.
    Ord(u32),
    /// Calendar unit.
    Unit(Unit),
    /// today / tomorrow / yesterday as a day offset.
    Rel(i64),
    /// next (+1), last (-1), this (0).
    Mod(i64),
    /// early, mid, late, earlier, later.
    Part,
    /// Season index: spring, summer, autumn, winter.
    Season(usize),
    /// A named day.
    Holiday(Holiday),
    /// Decade word, tens value: twenties (20) … nineties (90).
    Decade(u32),
    /// Other words a date expression can start with.
    Kw,
}

/// One token of a line.
#[derive(Clone, Copy, Debug)]
pub struct Tok<'a> {
    /// Byte offset of the first byte in the document.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The token's text.
    pub text: &'a str,
    /// Token kind.
    pub kind: Kind,
    /// Vocabulary class of a word.
    pub lex: Lex,
    /// Value of a digit run (saturating).
    pub num: u32,
    /// Whether whitespace (or the line start) precedes the token.
    pub space: bool,
}

/// Appends the tokens of `line` (which starts at byte `base` of the
/// document) to `out`.
pub fn tokenize<'a>(line: &'a str, base: usize, out: &mut Vec<Tok<'a>>) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut space = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if b.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            Kind::Num
        } else if b.is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            Kind::Word
        } else {
            let c = line[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_alphabetic() {
                // Non-ASCII letters: a word the vocabulary never matches.
                while let Some(c) = line[i..].chars().next() {
                    if !c.is_alphanumeric() {
                        break;
                    }
                    i += c.len_utf8();
                }
                Kind::Word
            } else if c.is_whitespace() {
                space = true;
                continue;
            } else {
                Kind::Punct
            }
        };
        let text = &line[start..i];
        let (lex, num) = match kind {
            Kind::Word => (classify(text), 0),
            Kind::Num => (
                Lex::None,
                text.bytes().fold(0u32, |n, d| {
                    n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
                }),
            ),
            Kind::Punct => (Lex::None, 0),
        };
        out.push(Tok {
            start: base + start,
            end: base + i,
            text,
            kind,
            lex,
            num,
            space,
        });
        space = false;
    }
}

/// The vocabulary class of a word, case-insensitively.
pub fn classify(word: &str) -> Lex {
    const MAX: usize = 11;
    if word.len() > MAX || !word.is_ascii() {
        return Lex::None;
    }
    let mut buf = [0u8; MAX];
    for (b, c) in buf.iter_mut().zip(word.bytes()) {
        *b = c.to_ascii_lowercase();
    }
    use Lex::*;
    match &buf[..word.len()] {
        b"january" => Month(1, false),
        b"jan" => Month(1, true),
        b"february" => Month(2, false),
        b"feb" => Month(2, true),
        b"march" => Month(3, false),
        b"mar" => Month(3, true),
        b"april" => Month(4, false),
        b"apr" => Month(4, true),
        b"may" => Month(5, false),
        b"june" => Month(6, false),
        b"jun" => Month(6, true),
        b"july" => Month(7, false),
        b"jul" => Month(7, true),
        b"august" => Month(8, false),
        b"aug" => Month(8, true),
        b"september" => Month(9, false),
        b"sep" | b"sept" => Month(9, true),
        b"october" => Month(10, false),
        b"oct" => Month(10, true),
        b"november" => Month(11, false),
        b"nov" => Month(11, true),
        b"december" => Month(12, false),
        b"dec" => Month(12, true),
        b"monday" => Weekday(1),
        b"tuesday" => Weekday(2),
        b"wednesday" => Weekday(3),
        b"thursday" => Weekday(4),
        b"friday" => Weekday(5),
        b"saturday" => Weekday(6),
        b"sunday" => Weekday(7),
        b"one" => Card(1),
        b"two" => Card(2),
        b"three" => Card(3),
        b"four" => Card(4),
        b"five" => Card(5),
        b"six" => Card(6),
        b"seven" => Card(7),
        b"eight" => Card(8),
        b"nine" => Card(9),
        b"ten" => Card(10),
        b"eleven" => Card(11),
        b"twelve" => Card(12),
        b"thirteen" => Card(13),
        b"fourteen" => Card(14),
        b"fifteen" => Card(15),
        b"sixteen" => Card(16),
        b"seventeen" => Card(17),
        b"eighteen" => Card(18),
        b"nineteen" => Card(19),
        b"twenty" => Card(20),
        b"thirty" => Card(30),
        b"forty" => Card(40),
        b"fifty" => Card(50),
        b"sixty" => Card(60),
        b"seventy" => Card(70),
        b"eighty" => Card(80),
        b"ninety" => Card(90),
        b"hundred" => Card(100),
        b"twenties" => Decade(20),
        b"thirties" => Decade(30),
        b"forties" => Decade(40),
        b"fifties" => Decade(50),
        b"sixties" => Decade(60),
        b"seventies" => Decade(70),
        b"eighties" => Decade(80),
        b"nineties" => Decade(90),
        b"thousand" => Card(1000),
        b"first" => Ord(1),
        b"second" => Ord(2),
        b"third" => Ord(3),
        b"fourth" => Ord(4),
        b"fifth" => Ord(5),
        b"sixth" => Ord(6),
        b"seventh" => Ord(7),
        b"eighth" => Ord(8),
        b"ninth" => Ord(9),
        b"tenth" => Ord(10),
        b"eleventh" => Ord(11),
        b"twelfth" => Ord(12),
        b"thirteenth" => Ord(13),
        b"fourteenth" => Ord(14),
        b"fifteenth" => Ord(15),
        b"sixteenth" => Ord(16),
        b"seventeenth" => Ord(17),
        b"eighteenth" => Ord(18),
        b"nineteenth" => Ord(19),
        b"twentieth" => Ord(20),
        b"thirtieth" => Ord(30),
        b"day" | b"days" => Unit(self::Unit::Day),
        b"week" | b"weeks" => Unit(self::Unit::Week),
        b"fortnight" | b"fortnights" => Unit(self::Unit::Fortnight),
        b"month" | b"months" => Unit(self::Unit::Month),
        b"year" | b"years" => Unit(self::Unit::Year),
        b"today" => Rel(0),
        b"tomorrow" => Rel(1),
        b"yesterday" => Rel(-1),
        b"next" | b"coming" | b"following" | b"upcoming" => Mod(1),
        b"last" | b"previous" => Mod(-1),
        b"this" => Mod(0),
        b"early" | b"mid" | b"late" | b"earlier" | b"later" => Part,
        b"spring" => Season(0),
        b"summer" => Season(1),
        b"autumn" | b"fall" => Season(2),
        b"winter" => Season(3),
        b"easter" => Holiday(self::Holiday::Easter),
        b"christmas" | b"xmas" => Holiday(self::Holiday::Christmas),
        b"halloween" => Holiday(self::Holiday::Halloween),
        b"the" | b"in" | b"a" | b"q" => Kw,
        _ => None,
    }
}
