//! Number phrases for the MONEY tagger.
//!
//! Takes the cleaned text and a byte position and returns the exact decimal
//! value of the number phrase starting there plus the byte offset where it
//! ends: digits with thousands separators or a decimal comma (`94,000`,
//! `3,5`, `1.500.000`), scale words and abbreviations (`million`, `bn`,
//! `m`, `lakh`), and spelled-out English numbers (`twenty-five thousand`,
//! `three quarters`, `half a million`). It knows nothing about currencies;
//! deciding whether a number is money is left to the caller.
//!
//! Values are kept as exact decimals ([`Dec`]) so `16.4 million` becomes
//! `164e5` and prints as `16400000`, never `16400000.000000002`.

/// An exact decimal `m × 10^e`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dec {
    /// Mantissa.
    pub m: u128,
    /// Power of ten.
    pub e: i32,
}

impl Dec {
    /// The integer `m`.
    pub const fn int(m: u128) -> Dec {
        Dec { m, e: 0 }
    }

    /// `self × 10^exp`.
    pub fn shift(self, exp: i32) -> Dec {
        Dec { m: self.m, e: self.e + exp }
    }

    /// Exact product; `None` on overflow.
    pub fn mul(self, o: Dec) -> Option<Dec> {
        Some(Dec { m: self.m.checked_mul(o.m)?, e: self.e + o.e })
    }

    /// Exact sum; `None` on overflow.
    pub fn add(self, o: Dec) -> Option<Dec> {
        let e = self.e.min(o.e);
        let a = self.m.checked_mul(pow10(self.e - e)?)?;
        let b = o.m.checked_mul(pow10(o.e - e)?)?;
        Some(Dec { m: a.checked_add(b)?, e })
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.m == 0
    }

    /// Whether the value is a whole number.
    pub fn is_integer(self) -> bool {
        self.e >= 0 || pow10(-self.e).is_some_and(|p| self.m.is_multiple_of(p))
    }

    /// The nearest `f64`.
    pub fn to_f64(self) -> f64 {
        // Clinger's fast path: a mantissa and a power of ten that are both
        // exact doubles give the correctly rounded value in one operation,
        // as the float parser would; formatting and parsing cost a
        // thousand instructions per amount.
        if self.m <= 1 << 53 && (-22..=22).contains(&self.e) {
            let m = self.m as f64;
            let p = EXACT_POW10[self.e.unsigned_abs() as usize];
            return if self.e >= 0 { m * p } else { m / p };
        }
        format!("{}e{}", self.m, self.e).parse().unwrap_or(f64::NAN)
    }
}

/// The powers of ten that are exact doubles.
const EXACT_POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
    1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

fn pow10(n: i32) -> Option<u128> {
    10u128.checked_pow(u32::try_from(n).ok()?)
}

/// A parsed number phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number {
    /// Exact value, scale words applied.
    pub value: Dec,
    /// Byte offset one past the phrase.
    pub end: usize,
    /// Written with digits (not spelled out).
    pub digits: bool,
    /// A scale word or abbreviation was applied (`million`, `bn`).
    pub scaled: bool,
    /// Power of ten the digits were scaled by (0 for spelled-out numbers).
    pub exp: i32,
    /// Written as a bare run of digits: no separators, decimals or scale.
    pub plain: bool,
}

/// Parses a number phrase (digits or words, with scales) at `pos`.
pub fn parse_number(text: &str, pos: usize) -> Option<Number> {
    let first = text.get(pos..)?.chars().next()?;
    if first.is_ascii_digit() {
        let (value, end, plain) = parse_digits(text, pos)?;
        let (exp, end2) = parse_scales(text, end);
        Some(Number {
            value: value.shift(exp),
            end: end2,
            digits: true,
            scaled: end2 > end,
            exp,
            plain: plain && end2 == end,
        })
    } else {
        let (value, end, scaled) = parse_words(text, pos)?;
        Some(Number {
            value,
            end,
            digits: false,
            scaled,
            exp: 0,
            plain: false,
        })
    }
}

/// The digits of a mantissa, read as they come.
#[derive(Clone, Copy, Debug, Default)]
struct Digits {
    /// Their value; meaningless once there are more than [`MAX_DIGITS`].
    value: u128,
    count: usize,
}

/// Longest mantissa read; 36 digits always fit in a `u128`.
const MAX_DIGITS: usize = 36;

impl Digits {
    fn push(&mut self, digits: &[u8]) {
        for &d in digits {
            self.value =
                self.value.wrapping_mul(10).wrapping_add(u128::from(d - b'0'));
        }
        self.count += digits.len();
    }
}

/// Parses a digit string with optional thousands grouping and decimals.
/// Returns the value, the end, and whether it was a bare digit run.
pub fn parse_digits(text: &str, pos: usize) -> Option<(Dec, usize, bool)> {
    let b = text.as_bytes();
    let digit_run = |i: usize| {
        b.get(i..)
            .map_or(0, |s| s.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let lead = digit_run(pos);
    // `000` is the tail of a grouped number, never an amount of its own.
    if lead == 0 || (lead > 1 && b[pos] == b'0') {
        return None;
    }
    // Read into an integer as they come: a `String` per number was most
    // of the cost of the many numbers near currency words.
    let mut mantissa = Digits::default();
    mantissa.push(&b[pos..pos + lead]);
    let mut i = pos + lead;
    let mut decimal_sep = None;
    let mut grouped = false;
    // The separators share no prefix, so the bytes after the first digits
    // name the only one that can group; trying each in turn was most of
    // the cost of a number.
    let separator = if lead <= 3 { group_separator(&b[i..]) } else { None };
    if let Some((sep, min_groups, dec)) = separator {
        // A group is a separator followed by exactly three digits.
        let mut grouped_digits = mantissa;
        let mut j = i;
        let mut groups = 0;
        while b[j..].starts_with(sep) && digit_run(j + sep.len()) == 3 {
            j += sep.len() + 3;
            grouped_digits.push(&b[j - 3..j]);
            groups += 1;
        }
        // `1.500,50`: one dot group is thousands when a decimal comma follows.
        let comma_decimal = sep == b"."
            && b.get(j) == Some(&b',')
            && matches!(digit_run(j + 1), 1 | 2);
        if groups >= min_groups || (groups > 0 && comma_decimal) {
            mantissa = grouped_digits;
            i = j;
            decimal_sep = dec;
            grouped = true;
        }
    }
    let mut e = 0i32;
    let sep = match decimal_sep {
        Some(s) => Some(s).filter(|&s| b.get(i) == Some(&s)),
        None => b.get(i).copied().filter(|c| matches!(c, b'.' | b',')),
    };
    if let Some(sep) = sep {
        let n = digit_run(i + 1);
        // An ungrouped comma is a decimal comma only when it is not
        // followed by exactly three digits (`3,5` but not `94,000`).
        if n > 0 && !(sep == b',' && !grouped && n == 3) {
            mantissa.push(&b[i + 1..i + 1 + n]);
            e = -i32::try_from(n).ok()?;
            i += 1 + n;
        }
    }
    if mantissa.count > MAX_DIGITS {
        return None;
    }
    let plain = !grouped && e == 0;
    Some((Dec { m: mantissa.value, e }, i, plain))
}

/// The thousands separator `rest` starts with, as (separator, fewest
/// groups, decimal separator that may follow).
fn group_separator(rest: &[u8]) -> Option<(&'static [u8], usize, Option<u8>)> {
    Some(match *rest.first()? {
        b',' => (b",", 1, Some(b'.')),
        b'.' => (b".", 2, Some(b',')),
        // A plain space groups only twice or more (`1 000 000 tenge`):
        // `2 100 dollar bills` is more often two numbers.
        b' ' => (b" ", 2, None),
        0xc2 => ("\u{a0}".as_bytes(), 1, None),
        0xe2 => match rest.get(1..3)? {
            [0x80, 0xaf] => ("\u{202f}".as_bytes(), 1, None),
            [0x80, 0x89] => ("\u{2009}".as_bytes(), 1, None),
            _ => return None,
        },
        _ => return None,
    })
}

/// Scale words and abbreviations: (word, power of ten, may follow a space).
const SCALES: &[(&str, i32, bool)] = &[
    ("hundred", 2, true),
    ("thousand", 3, true),
    ("thousands", 3, true),
    ("million", 6, true),
    ("millions", 6, true),
    ("billion", 9, true),
    ("billions", 9, true),
    ("trillion", 12, true),
    ("trillions", 12, true),
    ("lakh", 5, true),
    ("lakhs", 5, true),
    ("crore", 7, true),
    ("crores", 7, true),
    ("mn", 6, true),
    ("mln", 6, true),
    ("mil", 6, true),
    ("mio", 6, true),
    ("mm", 6, true),
    ("bn", 9, true),
    ("bln", 9, true),
    ("mrd", 9, true),
    ("tn", 12, true),
    ("trn", 12, true),
    // Single letters only when glued to the number (`$5m`, `50k`):
    // with a space they are too often units or initials.
    ("k", 3, false),
    ("m", 6, false),
    ("b", 9, false),
];

/// The first letters of [`SCALES`].
const SCALE_INITIALS: &[u8] = b"htmblck";

/// The scale word at `pos` (after at most one space or hyphen), as
/// (power of ten, end).
pub fn scale_at(text: &str, pos: usize) -> Option<(i32, usize)> {
    let rest = text.get(pos..)?.as_bytes();
    // One space or hyphen; a no-break space is two bytes, and any wider
    // gap was turned down when it was measured in bytes.
    let gap = usize::from(matches!(rest.first(), Some(b' ' | b'-')));
    let after = &rest[gap..];
    if matches!(after.first(), Some(b' ' | b'-'))
        || after.starts_with("\u{a0}".as_bytes())
    {
        return None;
    }
    scale_word(text, pos + gap, gap)
}

/// The scale word starting at `start`, `gap` bytes after the number, as
/// (power of ten, end).
fn scale_word(text: &str, start: usize, gap: usize) -> Option<(i32, usize)> {
    let word_len = text.as_bytes()[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if word_len == 0 {
        return None;
    }
    let word = &text.as_bytes()[start..start + word_len];
    // Most words after a number start no scale word; this runs after
    // every number tried.
    if !SCALE_INITIALS.contains(&word[0].to_ascii_lowercase()) {
        return None;
    }
    let &(_, exp, spaced) = SCALES
        .iter()
        .find(|(w, _, _)| w.as_bytes().eq_ignore_ascii_case(word))?;
    if gap > 0 && !spaced {
        return None;
    }
    let end = start + word_len;
    if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some((exp, end))
}

/// Whether the ASCII word `w` can stand in a number phrase: a spelled-out
/// number word or a scale, in any ASCII case.
pub fn is_phrase_word(w: &[u8]) -> bool {
    std::str::from_utf8(w).is_ok_and(|w| word_kind(w).is_some())
        || SCALES.iter().any(|(s, _, _)| s.as_bytes().eq_ignore_ascii_case(w))
}

/// Applies a run of scale words after a number (`5 hundred thousand`).
fn parse_scales(text: &str, mut pos: usize) -> (i32, usize) {
    let mut exp = 0;
    while let Some((e, end)) = scale_at(text, pos) {
        exp += e;
        pos = end;
    }
    (exp, pos)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    Unit(u128),
    Teen(u128),
    Tens(u128),
    Hundred,
    Scale(i32),
    A,
    Half,
    Quarter,
    And,
}

fn word_kind(w: &str) -> Option<Word> {
    const UNITS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine",
    ];
    const TEENS: [&str; 10] = [
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
        "ninety",
    ];
    // Lower-cased on the stack: this runs on every word of every spelled
    // number tried.
    let mut buf = [0u8; 9];
    let lower = buf.get_mut(..w.len())?;
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    // Compared as bytes: checking the lower-cased copy is UTF-8 again was
    // a quarter of a spelled number's cost.
    let w: &[u8] = lower;
    if let Some(i) = UNITS.iter().position(|u| u.as_bytes() == w) {
        return Some(Word::Unit(i as u128));
    }
    if let Some(i) = TEENS.iter().position(|u| u.as_bytes() == w) {
        return Some(Word::Teen(10 + i as u128));
    }
    if let Some(i) = TENS.iter().position(|u| u.as_bytes() == w) {
        return Some(Word::Tens(20 + 10 * i as u128));
    }
    Some(match w {
        b"fourty" => Word::Tens(40),
        b"hundred" => Word::Hundred,
        b"thousand" => Word::Scale(3),
        b"million" => Word::Scale(6),
        b"billion" => Word::Scale(9),
        b"trillion" => Word::Scale(12),
        b"a" | b"an" => Word::A,
        b"half" => Word::Half,
        b"quarter" | b"quarters" => Word::Quarter,
        b"and" => Word::And,
        _ => return None,
    })
}

/// Parses a spelled-out number at `pos`. Returns value, end and whether a
/// scale of a thousand or more was applied.
pub fn parse_words(text: &str, pos: usize) -> Option<(Dec, usize, bool)> {
    let mut total = Dec::int(0);
    let mut current = Dec::int(0);
    let mut last: Option<Word> = None;
    let mut last_scale = i32::MAX;
    let mut and_pending = false;
    // What came before `and`: only `hundred`/scales continue with a number
    // (`one hundred and five`); after a small number only `a half` may.
    let mut before_and: Option<Word> = None;
    let mut scaled = false;
    let mut best: Option<(Dec, usize, bool)> = None;
    let mut i = pos;
    loop {
        let len = text
            .get(i..)?
            .bytes()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if len == 0 {
            break;
        }
        let end = i + len;
        if text[end..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
            break;
        }
        let Some(w) = word_kind(&text[i..end]) else { break };
        use Word::*;
        let one = |d: Dec| if d.is_zero() { Dec::int(1) } else { d };
        let ok = match w {
            Unit(v) => {
                matches!(
                    last,
                    None | Some(Tens(_))
                        | Some(Hundred)
                        | Some(And)
                        | Some(Scale(_))
                ) && (last != Some(And)
                    || matches!(before_and, Some(Hundred) | Some(Scale(_))))
                    && !(matches!(last, Some(Tens(_))) && v == 0)
                    && {
                        current = current.add(Dec::int(v))?;
                        true
                    }
            }
            Teen(v) | Tens(v) => {
                matches!(
                    last,
                    None | Some(Hundred) | Some(And) | Some(Scale(_))
                ) && (last != Some(And)
                    || matches!(before_and, Some(Hundred) | Some(Scale(_))))
                    && {
                        current = current.add(Dec::int(v))?;
                        true
                    }
            }
            Hundred => {
                matches!(
                    last,
                    Some(Unit(_)) | Some(Teen(_)) | Some(Tens(_)) | Some(A)
                ) && {
                    current = one(current).mul(Dec::int(100))?;
                    true
                }
            }
            Scale(e) => {
                let ok = e < last_scale
                    && matches!(
                        last,
                        Some(Unit(_))
                            | Some(Teen(_))
                            | Some(Tens(_))
                            | Some(Hundred)
                            | Some(A)
                            | Some(Half)
                            | Some(Quarter)
                    );
                if ok {
                    total = total.add(one(current).shift(e))?;
                    current = Dec::int(0);
                    last_scale = e;
                    scaled = true;
                }
                ok
            }
            A => matches!(last, None | Some(And) | Some(Half) | Some(Quarter)),
            Half | Quarter => {
                let frac = if w == Half {
                    Dec { m: 5, e: -1 }
                } else {
                    Dec { m: 25, e: -2 }
                };
                let ok = matches!(
                    last,
                    None | Some(A)
                        | Some(Unit(_))
                        | Some(Teen(_))
                        | Some(Tens(_))
                ) && !(w == Half
                    && matches!(last, Some(Unit(v)) if v > 1));
                if ok {
                    current = if and_pending {
                        current.add(frac)?
                    } else {
                        one(current).mul(frac)?
                    };
                }
                ok
            }
            And => {
                let ok = matches!(
                    last,
                    Some(Hundred)
                        | Some(Scale(_))
                        | Some(Unit(_))
                        | Some(Teen(_))
                        | Some(Tens(_))
                );
                if ok {
                    and_pending = true;
                    before_and = last;
                }
                ok
            }
        };
        if !ok {
            break;
        }
        // A fraction stands alone only after `and` (`one and a half`);
        // otherwise it needs a scale (`half a million`).
        let complete = match w {
            Unit(_) | Teen(_) | Tens(_) | Hundred | Scale(_) => true,
            Half | Quarter => and_pending,
            A | And => false,
        };
        if !matches!(w, And | A) {
            and_pending = false;
        }
        last = Some(w);
        if complete {
            best = Some((total.add(current)?, end, scaled));
        }
        // Words are joined by one space or one hyphen.
        match text[end..].chars().next() {
            Some(' ') | Some('-') => i = end + 1,
            _ => break,
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::XorShift;

    /// The `scale_at` that measured the gap by trimming characters.
    fn scale_at_trimming(text: &str, pos: usize) -> Option<(i32, usize)> {
        let rest = text.get(pos..)?;
        let gap =
            rest.len() - rest.trim_start_matches([' ', '-', '\u{a0}']).len();
        if gap > 1 {
            return None;
        }
        scale_word(text, pos + gap, gap)
    }

    /// The `parse_digits` that tried every separator in turn.
    fn parse_digits_each_separator(
        text: &str,
        pos: usize,
    ) -> Option<(Dec, usize, bool)> {
        let b = text.as_bytes();
        let digit_run = |i: usize| {
            b.get(i..).map_or(0, |s| {
                s.iter().take_while(|c| c.is_ascii_digit()).count()
            })
        };
        let lead = digit_run(pos);
        // `000` is the tail of a grouped number, never an amount of its own.
        if lead == 0 || (lead > 1 && b[pos] == b'0') {
            return None;
        }
        // Read into an integer as they come: a `String` per number was most
        // of the cost of the many numbers near currency words.
        let mut mantissa = Digits::default();
        mantissa.push(&b[pos..pos + lead]);
        let mut i = pos + lead;
        // A group is a separator followed by exactly three digits.
        let group = |i: usize, sep: &str| -> Option<usize> {
            let rest = text.get(i..)?.strip_prefix(sep)?;
            let j = i + (text.len() - i - rest.len());
            (digit_run(j) == 3).then_some(j + 3)
        };
        let mut decimal_sep = None;
        let mut grouped = false;
        if lead <= 3 {
            for (sep, min_groups, dec) in [
                (",", 1, Some(".")),
                (".", 2, Some(",")),
                ("\u{a0}", 1, None),
                ("\u{202f}", 1, None),
                ("\u{2009}", 1, None),
                // A plain space groups only twice or more (`1 000 000 tenge`):
                // `2 100 dollar bills` is more often two numbers.
                (" ", 2, None),
            ] {
                let mut j = i;
                let mut groups = 0;
                while let Some(next) = group(j, sep) {
                    groups += 1;
                    j = next;
                }
                // `1.500,50`: one dot group is thousands when a decimal comma follows.
                let comma_decimal = sep == "."
                    && text.get(j..).is_some_and(|r| r.starts_with(','))
                    && matches!(digit_run(j + 1), 1 | 2);
                if groups >= min_groups || (groups > 0 && comma_decimal) {
                    let mut k = i;
                    while let Some(next) = group(k, sep) {
                        mantissa.push(&b[next - 3..next]);
                        k = next;
                    }
                    i = j;
                    decimal_sep = dec;
                    grouped = true;
                    break;
                }
            }
        }
        let mut e = 0i32;
        let seps: &[&str] = match decimal_sep {
            Some(s) => &[s][..],
            None => &[".", ","][..],
        };
        for &sep in seps {
            if text.get(i..).is_some_and(|r| r.starts_with(sep)) {
                let n = digit_run(i + 1);
                // An ungrouped comma is a decimal comma only when it is not
                // followed by exactly three digits (`3,5` but not `94,000`).
                let ok = n > 0 && !(sep == "," && !grouped && n == 3);
                if ok {
                    mantissa.push(&b[i + 1..i + 1 + n]);
                    e = -i32::try_from(n).ok()?;
                    i += 1 + n;
                }
                break;
            }
        }
        if mantissa.count > MAX_DIGITS {
            return None;
        }
        let plain = !grouped && e == 0;
        Some((Dec { m: mantissa.value, e }, i, plain))
    }

    #[test]
    fn number_digits_match_trying_each_separator() {
        let pieces = [
            "1", "0", "5", "12", "000", "500", "1234", "50", ",", ".", " ",
            "\u{a0}", "\u{202f}", "\u{2009}", "\u{2008}", "\u{a9}", "-", "x",
            "m",
        ];
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let count = rng.0 % 12;
            let text = rng.glue(&pieces, count);
            for pos in (0..text.len()).filter(|&p| text.is_char_boundary(p)) {
                assert_eq!(
                    parse_digits(&text, pos),
                    parse_digits_each_separator(&text, pos),
                    "{text:?} at {pos}"
                );
            }
        }
    }

    #[test]
    fn number_scale_at_matches_trimming() {
        let pieces = [
            " ", "-", "\u{a0}", "\u{2009}", "m", "M", "bn", "million", "k",
            "lakhs", "min", "x", "5", "é", "Mio", "thousand", "s",
        ];
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let count = rng.0 % 7;
            let text = rng.glue(&pieces, count);
            for pos in 0..=text.len() + 1 {
                assert_eq!(
                    scale_at(&text, pos),
                    scale_at_trimming(&text, pos),
                    "{text:?} at {pos}"
                );
            }
        }
    }

    #[test]
    fn number_digits_table() {
        let cases: &[(&str, f64, &str)] = &[
            ("94,000 x", 94000.0, "94,000"),
            ("3,5 million", 3500000.0, "3,5 million"),
            ("16.4 million", 16400000.0, "16.4 million"),
            ("1.500.000 EUR", 1500000.0, "1.500.000"),
            ("1.500,50", 1500.5, "1.500,50"),
            ("100,000,000,", 100000000.0, "100,000,000"),
            ("2.75 .", 2.75, "2.75"),
            ("15.", 15.0, "15"),
            ("5m dollars", 5000000.0, "5m"),
            ("5 m dollars", 5.0, "5"),
            ("1.2bn", 1200000000.0, "1.2bn"),
            ("50k", 50000.0, "50k"),
            ("5 min", 5.0, "5"),
            ("25 thousand", 25000.0, "25 thousand"),
            ("5 crore", 50000000.0, "5 crore"),
            ("3\u{a0}500", 3500.0, "3\u{a0}500"),
            ("1,2345", 1.2345, "1,2345"),
            ("1 000 000 tenge", 1e6, "1 000 000"),
            ("2 100 dollar", 2.0, "2"),
            ("3\u{202f}500,50", 3500.5, "3\u{202f}500,50"),
        ];
        for &(text, value, span) in cases {
            let n = parse_number(text, 0).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(n.value.to_f64(), value, "{text}");
            assert_eq!(&text[..n.end], span, "{text}");
        }
    }

    #[test]
    fn number_scale_initials_cover_scales() {
        for (w, _, _) in SCALES {
            assert!(SCALE_INITIALS.contains(&w.as_bytes()[0]), "{w}");
        }
    }

    #[test]
    fn number_words_table() {
        let cases: &[(&str, f64, &str)] = &[
            ("five hundred dollars", 500.0, "five hundred"),
            ("twenty-five thousand euros", 25000.0, "twenty-five thousand"),
            ("a million dollars", 1e6, "a million"),
            ("half a million", 5e5, "half a million"),
            ("quarter million us", 250000.0, "quarter million"),
            ("three quarters billion", 75e7, "three quarters billion"),
            (
                "one hundred and twenty-one",
                121.0,
                "one hundred and twenty-one",
            ),
            ("one and a half million", 1.5e6, "one and a half million"),
            ("thirteen dollars", 13.0, "thirteen"),
            ("forty five", 45.0, "forty five"),
            ("five five", 5.0, "five"),
            ("two thousand five hundred", 2500.0, "two thousand five hundred"),
            (
                "one million two hundred thousand",
                1.2e6,
                "one million two hundred thousand",
            ),
            ("ten and", 10.0, "ten"),
            ("ten and five", 10.0, "ten"),
        ];
        for &(text, value, span) in cases {
            let n = parse_number(text, 0).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(n.value.to_f64(), value, "{text}");
            assert_eq!(&text[..n.end], span, "{text}");
        }
    }

    #[test]
    fn number_rejects_table() {
        for text in
            ["a dollar", "half", "quarter of", "and five", "dollars", "", "x"]
        {
            assert_eq!(parse_number(text, 0), None, "{text}");
        }
    }

    #[test]
    fn number_dec_is_exact() {
        let d = Dec { m: 120, e: -2 }.shift(-2);
        assert_eq!(d.to_f64(), 0.012);
        assert_eq!(
            Dec::int(13).add(Dec { m: 45, e: -2 }).map(Dec::to_f64),
            Some(13.45)
        );
        assert!(Dec { m: 1500, e: -2 }.is_integer());
        assert!(!Dec { m: 1505, e: -2 }.is_integer());
    }

    #[test]
    fn number_to_f64_fast_path_rounds_as_the_parser() {
        let parsed =
            |d: Dec| -> f64 { format!("{}e{}", d.m, d.e).parse().unwrap() };
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let seed = rng.next();
            // Mantissas of every size up to past 2^53, exponents past ±22.
            let m = u128::from(seed >> (seed % 64)) % (1 << 54);
            let e = (seed >> 56) as i32 % 50 - 25;
            let d = Dec { m, e };
            assert_eq!(d.to_f64().to_bits(), parsed(d).to_bits(), "{d:?}");
        }
        for d in [
            Dec { m: 1 << 53, e: 22 },
            Dec { m: (1 << 53) + 1, e: -3 },
            Dec { m: 9_007_199_254_740_993, e: 0 },
            Dec { m: 0, e: -2 },
            Dec { m: 120, e: -4 },
            Dec { m: 3, e: -22 },
            Dec { m: 7, e: 23 },
        ] {
            assert_eq!(d.to_f64().to_bits(), parsed(d).to_bits(), "{d:?}");
        }
    }

    #[test]
    fn number_long_mantissas_are_rejected() {
        let digits36 = "1".repeat(36);
        assert!(parse_number(&digits36, 0).is_some());
        assert_eq!(parse_number(&"1".repeat(37), 0), None);
        assert_eq!(parse_number(&format!("{digits36}.5"), 0), None);
        assert_eq!(parse_number(&"9".repeat(60), 0), None);
        let n = parse_number("123,456,789.25 x", 0).unwrap();
        assert_eq!(n.value, Dec { m: 12_345_678_925, e: -2 });
    }
}
