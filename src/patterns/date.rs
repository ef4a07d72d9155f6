//! DATE patterns: finds calendar expressions and normalizes them to
//! ISO-8601 / TIMEX3 values at the precision the text gives.
//!
//! Takes the cleaned text and the document date (`doc.dct`); returns DATE
//! candidates with a `norm`; leaves overlaps with other types to `resolve`.
//! Each line is split into words, digit runs and punctuation, and a small
//! recursive-descent grammar tries every rule at each anchor token, keeping
//! the longest match. Values: `1992-10-06`, `1993-05`, `1996`, decade `199`,
//! century `18` (the 19th century), `1998-Q3`, `2016-W45`, `1998-SU`; a
//! day or month without a year keeps the year open (`XXXX-10-06`,
//! `XXXX-05`) and a bare weekday is `XXXX-WXX-5`: no part of a date is ever
//! invented.
//!
//! Policies:
//! - Numeric dates: `2015/08/12`, `2015-3` and `2019/aug/01` are year first;
//!   `21/04/2016` is day first because 21 cannot be a month; when both
//!   fields could be a month (`01/02/2018`) the US month-first reading is
//!   used, except with dots (`01.02.2018`), which are day first. Two-digit
//!   years below 50 are 20xx, others 19xx.
//! - Bare years (1000–2099) are dates only in date-like context: after a
//!   preposition such as `in`, `since`, `as of`, inside parentheses, at the
//!   end of a table-like line, or in a list continuing another date
//!   (`2010, 2012, and 2014`).
//! - A range (`1992–1995`, `May to July 1995`) gives one span per endpoint;
//!   an endpoint without a year borrows the other's (`April and May 2013`
//!   gives `2013-04`). Two-digit years need slashes (`21/04/16`), so
//!   versions (`1.2.10`) and scores (`3-4-10`) stay out.
//! - Month names that are also given names (April, May, June, August) need
//!   `in`/`since`/`until`/`during`/… to stand alone; `from June` may be a
//!   person. A year followed by `May`/`March` needs a day (`In 2016 May
//!   became…`).
//! - `may` and `march` alone are dates only when capitalised after a
//!   preposition (`in May`), never as the modal or the verb.
//! - Relative expressions (`today`, `next Monday`, `two months ago`,
//!   `this week`, `last March`) are resolved against `doc.dct`. Without a
//!   document date they are still tagged, with no `norm` and a method ending
//!   in `:unresolved` (`date:relative:unresolved`). Offsets keep day
//!   precision (`in two years` from 2018-07-05 is `2020-07-05`), as the
//!   Recognizers annotations do; `next Monday` is Monday of next week and
//!   `previous Wednesday` Wednesday of last week.
//! - `the following month`, `the next day`, `the previous year` refer to a
//!   date the narrative gave, not to the document date: tagged with method
//!   `date:anaphoric:unresolved` and no `norm`.
//! - Not tagged: `the day`, `the year` (mostly not dates in prose).

mod calendar;
mod lex;

use crate::entity::{
    CalendarDate, Candidate, Doc, EntityType, Tagger, days_in_month, priority,
};
use calendar::{add_days, add_months, easter, iso_week, weekday, ymd};
use lex::{Holiday, Kind, Lex, Tok, Unit, is_anchor, tokenize};
use std::borrow::Cow;

/// Finds dates.
#[derive(Debug, Default)]
pub struct DateTagger;

impl DateTagger {
    /// Builds the tagger.
    pub fn new() -> DateTagger {
        DateTagger
    }
}

impl Tagger for DateTagger {
    fn name(&self) -> &'static str {
        "date"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        thread_local! {
            // Kept between documents: grown afresh for each one, the token
            // list was reallocated a dozen times per document.
            static BUFFERS: std::cell::RefCell<(Vec<Tok>, Vec<usize>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        BUFFERS.with(|buffers| {
            let mut buffers = buffers.borrow_mut();
            let (toks, anchors) = &mut *buffers;
            tag_lines(doc, toks, anchors, out);
            // A rare huge line must not pin its buffers for the rest of
            // the run.
            const KEEP: usize = 1 << 16;
            toks.shrink_to(KEEP);
            anchors.shrink_to(KEEP);
        });
    }
}

/// Tags `doc` line by line, with `toks` and `anchors` as scratch.
fn tag_lines(
    doc: &Doc<'_>,
    toks: &mut Vec<Tok>,
    anchors: &mut Vec<usize>,
    out: &mut Vec<Candidate>,
) {
    // The lines of `split('\n')`, found with the memchr crate's
    // vectorized search: `split`'s byte-at-a-time search cost a tenth
    // as much as tokenizing the lines.
    let text = doc.text;
    let mut base = 0;
    loop {
        let end = memchr::memchr(b'\n', &text.as_bytes()[base..])
            .map_or(text.len(), |k| base + k);
        let line = &text[base..end];
        toks.clear();
        anchors.clear();
        tokenize(line, toks, anchors);
        tag_line(line, base, toks, anchors, doc.dct, out);
        if end == text.len() {
            break;
        }
        base = end + 1;
    }
}

/// A normalized date value.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Val {
    Date(CalendarDate),
    Month(i32, u32),
    Year(i32),
    Decade(i32),
    Century(i32),
    Quarter(i32, u32),
    Week(i32, u32),
    Weekend(i32, u32),
    Season(i32, usize),
    DayNoYear(u32, u32),
    MonthNoYear(u32),
    Weekday(u32),
    /// Relative to a document date the input did not give.
    Unresolved,
}

impl Val {
    fn norm(self) -> Option<String> {
        // Written digit by digit: `format!` was most of the cost of a date
        // candidate.
        let mut s = String::with_capacity(16);
        let ym = |s: &mut String, y: i32, m: u32| {
            pad(s, y.into(), 4);
            s.push('-');
            pad(s, m.into(), 2);
        };
        match self {
            Val::Date(d) => {
                ym(&mut s, d.year, d.month);
                s.push('-');
                pad(&mut s, d.day.into(), 2);
            }
            Val::Month(y, m) => ym(&mut s, y, m),
            Val::Year(y) => pad(&mut s, y.into(), 4),
            Val::Decade(d) => pad(&mut s, d.into(), 3),
            Val::Century(c) => pad(&mut s, c.into(), 2),
            Val::Quarter(y, q) => {
                pad(&mut s, y.into(), 4);
                s.push_str("-Q");
                pad(&mut s, q.into(), 1);
            }
            Val::Week(y, w) | Val::Weekend(y, w) => {
                pad(&mut s, y.into(), 4);
                s.push_str("-W");
                pad(&mut s, w.into(), 2);
                if matches!(self, Val::Weekend(..)) {
                    s.push_str("-WE");
                }
            }
            Val::Season(y, season) => {
                pad(&mut s, y.into(), 4);
                s.push('-');
                s.push_str(["SP", "SU", "FA", "WI"][season.min(3)]);
            }
            Val::DayNoYear(m, d) => {
                s.push_str("XXXX-");
                pad(&mut s, m.into(), 2);
                s.push('-');
                pad(&mut s, d.into(), 2);
            }
            Val::MonthNoYear(m) => {
                s.push_str("XXXX-");
                pad(&mut s, m.into(), 2);
            }
            Val::Weekday(w) => {
                s.push_str("XXXX-WXX-");
                pad(&mut s, w.into(), 1);
            }
            Val::Unresolved => return None,
        }
        Some(s)
    }
}

/// Appends `v` as `format!("{v:0width$}")` would.
// Inlined, `width` is a constant at every call: the powers of ten fold and
// the divisions by them become multiplications. Called, the function
// computed both in loops, a fifth of each norm's cost.
#[inline(always)]
fn pad(s: &mut String, v: i64, width: u32) {
    if (0..10i64.pow(width)).contains(&v) {
        for k in (0..width).rev() {
            s.push(char::from(b'0' + (v / 10i64.pow(k) % 10) as u8));
        }
    } else {
        pad_formatted(s, v, width);
    }
}

/// [`pad`] for values outside its digit loop's range.
#[cold]
#[inline(never)]
fn pad_formatted(s: &mut String, v: i64, width: u32) {
    use std::fmt::Write;
    let _ = write!(s, "{v:0w$}", w = width as usize);
}

/// A match: tokens `start..end`, its value and the rule that found it.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    val: Val,
    method: &'static str,
}

/// Tags one line's tokens; `anchors` are the indices of those that
/// [`is_anchor`], in order.
fn tag_line(
    line: &str,
    base: usize,
    toks: &[Tok],
    anchors: &[usize],
    dct: Option<CalendarDate>,
    out: &mut Vec<Candidate>,
) {
    // Quotes alone start nothing: every rule at a quote wants a number.
    if !anchors.iter().any(|&a| toks[a].kind != Kind::Punct) {
        return;
    }
    let p = P { t: toks, line, dct };
    // The next token not inside a match; rules run at each anchor from it.
    let mut i = 0;
    let mut last_end: Option<usize> = None;
    let mut last_val: Option<Val> = None;
    for &a in anchors {
        if a < i {
            continue;
        }
        i = a;
        if !p.may_start(i) {
            i += 1;
            continue;
        }
        let chained = last_end.is_some_and(|e| p.connects(e, i));
        match p.best(i, chained) {
            Some(h) => {
                if chained
                    && let (Some(prev), Some(c)) = (last_val, out.last_mut())
                    && let Some(v) = borrow_year(prev, h.val)
                {
                    c.norm = v.norm().map(Cow::Owned);
                }
                let method = if h.val == Val::Unresolved
                    && !h.method.ends_with(":unresolved")
                {
                    "date:relative:unresolved"
                } else {
                    h.method
                };
                let mut c = Candidate::new(
                    base + toks[h.start].start,
                    base + toks[h.end - 1].end,
                    EntityType::Date,
                    method,
                    priority::DATE,
                );
                c.norm = h.val.norm().map(Cow::Owned);
                out.push(c);
                last_end = Some(h.end);
                last_val = Some(h.val);
                i = h.end;
            }
            None => i += 1,
        }
    }
}

/// The grammar over one line's tokens.
struct P<'a, 't> {
    t: &'t [Tok],
    /// The line the tokens are from.
    line: &'a str,
    dct: Option<CalendarDate>,
}

/// Words after which a bare year reads as a date.
const YEAR_TRIGGERS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "during",
    "before",
    "after",
    "circa",
    "year",
    "early",
    "late",
    "mid",
    "between",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "c",
    "ca",
    "around",
    "about",
    "by",
    "from",
    "to",
    "of",
    "the",
    "through",
    "throughout",
];

/// Triggers that also precede plain numbers ("a total of 1200 people"):
/// a lower-case word after the year must then be a function word.
const WEAK_TRIGGERS: &[&str] =
    &["around", "about", "by", "from", "to", "of", "the", "through"];

/// Function words that may follow a year after a weak trigger.
const AFTER_YEAR: &[&str] = &[
    "through",
    "till",
    "onwards",
    "onward",
    "and",
    "or",
    "when",
    "where",
    "to",
    "until",
    "with",
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "a",
    "as",
    "but",
    "at",
    "in",
    "on",
    "for",
    "by",
    "after",
    "before",
    "was",
    "were",
    "is",
    "had",
    "has",
    "there",
    "this",
    "season",
    "election",
    "elections",
    "census",
];

/// Words before a bare holiday name that make it a date.
const HOLIDAY_TRIGGERS: &[&str] = &[
    "at", "on", "before", "after", "since", "until", "till", "by", "over",
    "during", "for",
];

/// Words before a month that is also a given name (April, May, June,
/// August) that make it a date; "a letter from June" is a person.
const NAME_MONTH_TRIGGERS: &[&str] =
    &["in", "since", "until", "till", "during", "through", "between"];

/// Words before a weekday or month name that make it a date.
const NAME_TRIGGERS: &[&str] = &[
    "on", "in", "since", "until", "till", "by", "during", "before", "after",
    "from", "to", "through", "every", "of", "between",
];

impl<'a> P<'a, '_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.t.get(i)
    }

    fn text(&self, t: &Tok) -> &'a str {
        &self.line[t.start..t.end]
    }

    /// [`P::text`] as bytes, for the many tests against ASCII words: no
    /// check that the ends are character boundaries.
    fn word(&self, t: &Tok) -> &'a [u8] {
        &self.line.as_bytes()[t.start..t.end]
    }

    fn lex(&self, i: usize) -> Lex {
        self.tok(i).map_or(Lex::None, |t| t.lex)
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.tok(i).is_some_and(|t| {
            t.kind == Kind::Word
                && self.word(t).eq_ignore_ascii_case(word.as_bytes())
        })
    }

    fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.tok(i).is_some_and(|t| {
            t.kind == Kind::Word
                && words
                    .iter()
                    .any(|w| self.word(t).eq_ignore_ascii_case(w.as_bytes()))
        })
    }

    fn punct(&self, i: usize, set: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct_in(set))
    }

    /// Whether token `i` touches the one before it.
    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space)
    }

    fn num(
        &self,
        i: usize,
        digits: std::ops::RangeInclusive<usize>,
    ) -> Option<u32> {
        let t = self.tok(i)?;
        (t.kind == Kind::Num && digits.contains(&t.width())).then_some(t.num)
    }

    /// Whether a number at `i` starts a value of its own, not the tail of
    /// a code, phone number or decimal (`A1`, `138-2010`, `6,107.31`).
    fn num_start_ok(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else { return false };
        if t.space || i == 0 {
            return true;
        }
        let p = &self.t[i - 1];
        match p.kind {
            Kind::Word | Kind::Num => false,
            Kind::Punct => {
                if p.is_punct_in("$£€¥#") {
                    return false;
                }
                let joiner = p.is_punct_in(".,:/-+–");
                !(joiner
                    && !p.space
                    && i >= 2
                    && self.t[i - 2].kind != Kind::Punct)
            }
        }
    }

    /// Whether a value ending before token `j` is not continued by more
    /// digits or letters (`2010-2015-86`, `1992.5`, `12345A`, `50%`).
    fn num_end_ok(&self, j: usize) -> bool {
        let Some(n) = self.tok(j) else { return true };
        if n.space {
            return true;
        }
        // An ISO date-time: 2016-11-07T00:00:00.
        if self.word(n) == b"T"
            && self.num(j + 1, 2..=2).is_some()
            && self.glued(j + 1)
        {
            return true;
        }
        match n.kind {
            Kind::Word | Kind::Num => false,
            Kind::Punct => {
                if n.is_punct_in("%") {
                    return false;
                }
                let joiner = n.is_punct_in("-/.:,+–");
                !(joiner
                    && self.tok(j + 1).is_some_and(|x| {
                        !x.space
                            && x.kind != Kind::Punct
                            && !matches!(x.lex, Lex::Month(..))
                    }))
            }
        }
    }

    /// Whether only list connectors separate a date ending at `e` from `i`.
    fn connects(&self, e: usize, i: usize) -> bool {
        i > e
            && i - e <= 3
            && (e..i).all(|k| {
                self.punct(k, ",-–—&")
                    || self.is_any(k, &["and", "or", "to", "through", "until"])
            })
    }

    fn rel(&self, f: impl FnOnce(CalendarDate) -> Option<Val>) -> Option<Val> {
        match self.dct {
            Some(d) => f(d),
            None => Some(Val::Unresolved),
        }
    }

    // ---- pieces ----

    /// A four-digit year 1000–2099 standing alone.
    fn year4(&self, i: usize) -> Option<(i32, usize)> {
        let y = self.num(i, 4..=4)?;
        ((1000..=2099).contains(&y)
            && self.num_start_ok(i)
            && self.num_end_ok(i + 1))
        .then_some((y as i32, i + 1))
    }

    /// A spelled number 0–99: `twenty two`, `twenty-two`, `seven`.
    fn card99(&self, i: usize) -> Option<(u32, usize)> {
        let Lex::Card(a) = self.lex(i) else { return None };
        if a >= 100 {
            return None;
        }
        if a >= 20 && a % 10 == 0 {
            let j = if self.punct(i + 1, "-") && self.glued(i + 1) {
                i + 2
            } else {
                i + 1
            };
            if let Lex::Card(u) = self.lex(j)
                && (1..=9).contains(&u)
            {
                return Some((a + u, j + 1));
            }
        }
        Some((a, i + 1))
    }

    /// A spelled year: `nineteen ninety six`, `two thousand and fifteen`.
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        let Lex::Card(a) = self.lex(i) else { return None };
        if (1..=2).contains(&a) && self.lex(i + 1) == Lex::Card(1000) {
            let mut j = i + 2;
            let base = a as i32 * 1000;
            let k = if self.is(j, "and") { j + 1 } else { j };
            if let Some((v, e)) = self.card99(k) {
                j = e;
                return Some((base + v as i32, j));
            }
            return Some((base, j));
        }
        if (11..=20).contains(&a) {
            if self.lex(i + 1) == Lex::Card(100) {
                return Some((a as i32 * 100, i + 2));
            }
            let (v, j) = self.card99(i + 1)?;
            if v >= 10 {
                return Some((a as i32 * 100 + v as i32, j));
            }
        }
        None
    }

    /// A year in any form; two-digit years only when `short` allows them.
    fn year_any(&self, i: usize, short: bool) -> Option<(i32, usize)> {
        if let Some(y) = self.year4(i) {
            return Some(y);
        }
        if let Some(y) = self.spelled_year(i) {
            return Some(y);
        }
        if self.punct(i, "'’") {
            let v = self.num(i + 1, 2..=2)?;
            if self.glued(i + 1) && self.num_end_ok(i + 2) {
                return Some((pivot(v), i + 2));
            }
        }
        if short {
            let v = self.num(i, 2..=2)?;
            if self.num_start_ok(i) && self.num_end_ok(i + 1) {
                return Some((pivot(v), i + 1));
            }
        }
        None
    }

    /// A month name, with the dot of an abbreviation (`Jan.`).
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let Lex::Month(m, abbr) = self.lex(i) else { return None };
        let j = if abbr && self.punct(i + 1, ".") && self.glued(i + 1) {
            i + 2
        } else {
            i + 1
        };
        Some((m, j))
    }

    /// Whether the capitalised word at `i` follows another word directly,
    /// as in a title ("From Yesterday") rather than a sentence start.
    fn title_word(&self, i: usize) -> bool {
        let upper = self.tok(i).is_some_and(|t| {
            self.word(t).first().is_some_and(u8::is_ascii_uppercase)
        });
        upper && i > 0 && self.t[i - 1].kind == Kind::Word
    }

    /// Whether the month at `i` is `may`/`march` written in lower case,
    /// which is far more often the modal or the verb.
    fn weak_month(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            self.word(t) == b"may" || self.word(t) == b"march"
        })
    }

    /// A day of the month: `6`, `03rd`, `fourth`, `twenty-first`, and with
    /// `cards` also `twenty two`. Returns (day, end, ordinal-marked).
    fn day(&self, i: usize, cards: bool) -> Option<(u32, usize, bool)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Num {
            let d = self.num(i, 1..=2)?;
            if !(1..=31).contains(&d) || !self.num_start_ok(i) {
                return None;
            }
            if self.glued(i + 1)
                && self.is_any(i + 1, &["st", "nd", "rd", "th"])
            {
                return self.num_end_ok(i + 2).then_some((d, i + 2, true));
            }
            return self.num_end_ok(i + 1).then_some((d, i + 1, false));
        }
        match t.lex {
            Lex::Ord(d) if d <= 31 => return Some((d, i + 1, true)),
            Lex::Card(20 | 30) => {
                let j = if self.punct(i + 1, "-") && self.glued(i + 1) {
                    i + 2
                } else {
                    i + 1
                };
                if let Lex::Ord(u) = self.lex(j) {
                    let d = t.num_or(0) + u;
                    if u <= 9 && d <= 31 {
                        return Some((d, j + 1, true));
                    }
                }
            }
            _ => {}
        }
        if cards {
            let (d, j) = self.card99(i)?;
            return (1..=31).contains(&d).then_some((d, j, false));
        }
        None
    }

    /// An ordinal number 1–99 (`19th`, `nineteenth`, `twenty-first`).
    fn ordinal(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Num {
            let n = self.num(i, 1..=2)?;
            let suffixed = self.glued(i + 1)
                && self.is_any(i + 1, &["st", "nd", "rd", "th"]);
            return suffixed.then_some((n, i + 2));
        }
        match t.lex {
            Lex::Ord(n) => Some((n, i + 1)),
            Lex::Card(a @ (20..=90)) if a % 10 == 0 => {
                let j = if self.punct(i + 1, "-") { i + 2 } else { i + 1 };
                match self.lex(j) {
                    Lex::Ord(u) if u <= 9 => Some((a + u, j + 1)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A count for offsets: `3`, `two`, `a`, `a few`, `a couple of`.
    fn count(&self, i: usize) -> Option<(i64, usize)> {
        if self.is(i, "few") {
            return Some((3, i + 1));
        }
        if self.is(i, "a") || self.is(i, "an") {
            if self.is(i + 1, "few") {
                return Some((3, i + 2));
            }
            if self.is(i + 1, "couple") {
                let j = if self.is(i + 2, "of") { i + 3 } else { i + 2 };
                return Some((2, j));
            }
            return Some((1, i + 1));
        }
        if let Some(n) = self.num(i, 1..=3) {
            return (self.num_start_ok(i) && n > 0)
                .then_some((i64::from(n), i + 1));
        }
        let (n, j) = self.card99(i)?;
        (n > 0).then_some((i64::from(n), j))
    }

    // ---- rules ----

    /// False only where [`P::best`] finds nothing. Most anchors are `the`,
    /// `a` or `in`; each of them starts a rule only before a date word,
    /// and calling `best` to find that out cost a hundred instructions.
    fn may_start(&self, i: usize) -> bool {
        let t = &self.t[i];
        if t.kind == Kind::Num {
            // A number is a quarter of the anchors; by its width, what the
            // rules that `best` runs at a number need near it.
            return match t.width() {
                // `r_numeric`'s separator, `r_dmy`'s month, the glued
                // ordinal suffix of `r_dmy`, `r_century` and `r_quarter`,
                // the dash before a range's second year (`r_year`), or a
                // unit after a count (`r_offset`).
                1 | 2 => {
                    self.tok(i + 1).is_some_and(|n| {
                        n.kind == Kind::Punct
                            || !n.space
                            || matches!(n.lex, Lex::Month(..))
                    }) || (i > 0 && self.t[i - 1].kind == Kind::Punct)
                        || self.unit_soon(i)
                }
                // Only a count.
                3 => self.unit_soon(i),
                // Years, and `20200701`.
                4 | 8 => true,
                _ => false,
            };
        }
        if t.lex != Lex::Kw {
            return true;
        }
        if self.word(t).eq_ignore_ascii_case(b"the") {
            // `best`'s own test for `the`.
            return self.tok(i + 1).is_some_and(is_anchor);
        }
        if self.is_any(i, &["a", "in", "few"]) {
            // Only `r_offset` starts here.
            return self.unit_soon(i);
        }
        true
    }

    /// Whether a unit follows `i` closely enough for [`P::r_offset`]: its
    /// count takes at most `in a couple of` or `in twenty - two`.
    fn unit_soon(&self, i: usize) -> bool {
        (i + 1..=i + 4).any(|k| matches!(self.lex(k), Lex::Unit(_)))
    }

    /// The longest rule match starting at `i`; of equally long ones, the
    /// first in the order below.
    fn best(&self, i: usize, chained: bool) -> Option<Hit> {
        // Each rule runs only when token `i` can start it: a rule that
        // cannot match returns `None` anyway, and the rules have no side
        // effects, so skipping it changes nothing. Every guard is what the
        // rule itself demands of its first token (or of the one after
        // `the`/`in`); most anchors are `the`, `a` or `in`, for which all
        // seventeen rules used to run.
        let t = &self.t[i];
        let lex = t.lex;
        let num = t.kind == Kind::Num;
        // After `the` every rule wants a number, a quote or a date word
        // (`the 5th`, `the '90s`, `the next day`, `the summer of`); most
        // `the`s are followed by none, and then no rule can match.
        let the = lex == Lex::Kw
            && self.word(t).eq_ignore_ascii_case(b"the")
            && self.tok(i + 1).is_some_and(is_anchor);
        let card = matches!(lex, Lex::Card(_));
        let card_ord = card || matches!(lex, Lex::Ord(_));
        let part = lex == Lex::Part;
        let quote = t.is_punct_in("'’");
        let mut best: Option<Hit> = None;
        let mut take = |h: Option<Hit>| {
            if let Some(h) = h
                && h.end > h.start
                && best.is_none_or(|b| h.end > b.end)
            {
                best = Some(h);
            }
        };
        if matches!(lex, Lex::Weekday(_)) {
            take(self.r_weekday(i));
        }
        if the || num || card_ord {
            take(self.r_dmy(i));
        }
        if matches!(lex, Lex::Month(..)) {
            take(self.r_mdy(i));
            take(self.r_my(i));
        }
        if num {
            take(self.r_ym(i));
            take(self.r_numeric(i));
        }
        if the || matches!(lex, Lex::Mod(_)) {
            take(self.r_modifier(i));
        }
        if the || matches!(lex, Lex::Rel(_) | Lex::Unit(Unit::Day)) {
            take(self.r_relword(i));
        }
        if (num || card || self.is_any(i, &["in", "few", "a", "an"]))
            && self.unit_soon(i)
        {
            take(self.r_offset(i));
        }
        if part {
            take(self.r_part(i));
        }
        if the || num || quote || part {
            take(self.r_decade(i));
        }
        if the || num || card_ord || part {
            take(self.r_century(i));
        }
        if the || num || card_ord || (lex == Lex::Kw && self.is(i, "q")) {
            take(self.r_quarter(i));
        }
        if the || matches!(lex, Lex::Season(_)) {
            take(self.r_season(i));
        }
        if matches!(lex, Lex::Holiday(_)) {
            take(self.r_holiday(i));
        }
        if num || card || quote {
            take(self.r_year(i, chained));
        }
        if matches!(lex, Lex::Month(_, false)) {
            take(self.r_month_alone(i));
        }
        best
    }

    /// The longest absolute day/month/year match at `i` (used after
    /// weekdays and as an offset anchor).
    fn absolute(&self, i: usize) -> Option<Hit> {
        [self.r_dmy(i), self.r_mdy(i), self.r_numeric(i), self.r_relword(i)]
            .into_iter()
            .flatten()
            .max_by_key(|h| h.end)
    }

    /// `6 October 1992`, `03rd Jan 2019`, `the 5th of May`,
    /// `fourth of july, 1995`, `15 April of 87`, `the 15th day of next month`.
    fn r_dmy(&self, i: usize) -> Option<Hit> {
        let the = self.is(i, "the");
        let s = if the { i + 1 } else { i };
        let (d, mut j, marked) = self.day(s, false)?;
        let mut of = false;
        if marked && self.is(j, "day") && self.is(j + 1, "of") {
            j += 2;
            of = true;
        } else if marked && self.is(j, "of") {
            j += 1;
            of = true;
        }
        if the && !marked {
            return None;
        }
        if let Lex::Mod(k) = self.lex(j)
            && of
            && self.lex(j + 1) == Lex::Unit(Unit::Month)
        {
            let k = i64::from(k);
            let val = self.rel(|n| {
                let m = add_months(CalendarDate { day: 1, ..n }, k);
                ymd(m.year, m.month, d).map(Val::Date)
            })?;
            return Some(Hit {
                start: i,
                end: j + 2,
                val,
                method: "date:dmy",
            });
        }
        let (m, mut e) = self.month(j)?;
        let mut k = e;
        if self.punct(k, ",") {
            k += 1;
        }
        let of_year = self.is(k, "of");
        if of_year {
            k += 1;
        }
        if let Some((y, ye)) = self.year_any(k, of_year) {
            let date = ymd(y, m, d)?;
            return Some(Hit {
                start: i,
                end: ye,
                val: Val::Date(date),
                method: "date:dmy",
            });
        }
        if !the && !marked && self.weak_month(j) {
            return None;
        }
        if d > days_in_month(2000, m) {
            return None;
        }
        if self.punct(e, ".")
            && self.glued(e)
            && self.month(j).is_some_and(|x| x.1 == e)
        {
            e = j + 1;
        }
        Some(Hit {
            start: i,
            end: e,
            val: Val::DayNoYear(m, d),
            method: "date:dm",
        })
    }

    /// `October 6, 1992`, `january 12th, 2016`, `jan twenty two, 2018`,
    /// `january first two thousand and thirty two`, `September 26`.
    fn r_mdy(&self, i: usize) -> Option<Hit> {
        let (m, j) = self.month(i)?;
        let (d, k, marked) = self.day(j, true)?;
        let mut y0 = k;
        if self.punct(y0, ",") {
            y0 += 1;
        }
        if let Some((y, e)) = self.year_any(y0, false) {
            let date = ymd(y, m, d)?;
            return Some(Hit {
                start: i,
                end: e,
                val: Val::Date(date),
                method: "date:mdy",
            });
        }
        let lower = self.tok(i).is_some_and(|t| {
            self.word(t).first().is_some_and(u8::is_ascii_lowercase)
        });
        if (lower && !marked && self.weak_month(i))
            || d > days_in_month(2000, m)
        {
            return None;
        }
        // "in June 2 teams" is rare; a bare number after a capitalised
        // month name is a day.
        Some(Hit {
            start: i,
            end: k,
            val: Val::DayNoYear(m, d),
            method: "date:md",
        })
    }

    /// `May 1993`, `November , 2016`, `June of nineteen ninety nine`.
    fn r_my(&self, i: usize) -> Option<Hit> {
        let (m, mut j) = self.month(i)?;
        if self.punct(j, ",") {
            j += 1;
        }
        if self.is(j, "of") {
            j += 1;
        }
        let (y, e) = self.year_any(j, false)?;
        Some(Hit {
            start: i,
            end: e,
            val: Val::Month(y, m),
            method: "date:my",
        })
    }

    /// `2016 june`, `2016 November 5`.
    fn r_ym(&self, i: usize) -> Option<Hit> {
        let (y, j) = self.year4(i)?;
        let (m, k) = self.month(j)?;
        if let Some((d, e, _)) = self.day(k, false)
            && let Some(date) = ymd(y, m, d)
        {
            return Some(Hit {
                start: i,
                end: e,
                val: Val::Date(date),
                method: "date:ymd",
            });
        }
        // "In 2016 May became prime minister": May and March after a year
        // need a day to be a date.
        if self.is_any(j, &["may", "march"]) {
            return None;
        }
        Some(Hit {
            start: i,
            end: k,
            val: Val::Month(y, m),
            method: "date:ym",
        })
    }

    /// Numeric dates: `2015/08/12`, `2015-3`, `2016 - 11`, `2019/aug/01`,
    /// `02/22/2016`, `21/04/16`, `3/2015`, `20200701`.
    fn r_numeric(&self, i: usize) -> Option<Hit> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || !self.num_start_ok(i) {
            return None;
        }
        let hit = |end: usize, val: Val| {
            self.num_end_ok(end).then_some(Hit {
                start: i,
                end,
                val,
                method: "date:numeric",
            })
        };
        let n = t.width();
        if n == 8 {
            let (y, m, d) = (t.num / 10_000, t.num / 100 % 100, t.num % 100);
            if (1900..=2099).contains(&y) {
                return hit(i + 1, Val::Date(ymd(y as i32, m, d)?));
            }
            return None;
        }
        let sep = self.tok(i + 1)?;
        if sep.kind != Kind::Punct || !sep.is_punct_in("-/.") {
            return None;
        }
        let spaced = sep.space || self.tok(i + 2).is_some_and(|x| x.space);
        if n == 4 {
            // Year first.
            let y = t.num as i32;
            if !(1000..=2099).contains(&y) || (spaced && self.text(sep) == ".")
            {
                return None;
            }
            let (m, j, word) = match self.month(i + 2) {
                Some((m, j)) => (m, j, true),
                None => (self.num(i + 2, 1..=2)?, i + 3, false),
            };
            if !(1..=12).contains(&m) {
                return None;
            }
            if self.punct(j, self.text(sep))
                && let Some(d) = self.num(j + 1, 1..=2)
            {
                return hit(j + 2, Val::Date(ymd(y, m, d)?));
            }
            // "1763-April" is the end of a range, "1998.5" a decimal and
            // "1000-12" more often a page range than a month.
            let month_ok = !word && self.text(sep) != "." && y >= 1900;
            return if month_ok { hit(j, Val::Month(y, m)) } else { None };
        }
        if n > 2 {
            return None;
        }
        let a = t.num;
        if let Some(y) = self.num(i + 2, 4..=4) {
            // Month/year.
            if (1..=12).contains(&a) && (1000..=2099).contains(&y) {
                return hit(i + 3, Val::Month(y as i32, a));
            }
            return None;
        }
        if spaced {
            return None;
        }
        let (b, month_word, j) = match self.month(i + 2) {
            Some((m, j)) => (m, true, j),
            None => (self.num(i + 2, 1..=2)?, false, i + 3),
        };
        if !self.punct(j, self.text(sep))
            || !self.glued(j)
            || !self.glued(j + 1)
        {
            return None;
        }
        let y = match self.num(j + 1, 2..=4)? {
            // Two-digit years only with slashes: "1.2.10" is a version and
            // "3-4-10" a record.
            v if self.tok(j + 1).is_some_and(|x| x.width() == 2)
                && self.text(sep) == "/" =>
            {
                pivot(v)
            }
            v if self.tok(j + 1).is_some_and(|x| x.width() == 4) => v as i32,
            _ => return None,
        };
        let (m, d) = if month_word || self.text(sep) == "." || a > 12 {
            (b, a)
        } else {
            (a, b)
        };
        hit(j + 2, Val::Date(ymd(y, m, d)?))
    }

    /// `monday january 12th, 2016`, `Friday the 22nd`, `on Friday`.
    fn r_weekday(&self, i: usize) -> Option<Hit> {
        let Lex::Weekday(w) = self.lex(i) else { return None };
        let j = if self.punct(i + 1, ",") { i + 2 } else { i + 1 };
        if let Some(h) = self.absolute(j)
            && !matches!(h.val, Val::Unresolved)
        {
            return Some(Hit { start: i, ..h });
        }
        // `Friday next week`, `Monday this week`.
        if let Lex::Mod(k) = self.lex(i + 1)
            && self.lex(i + 2) == Lex::Unit(Unit::Week)
        {
            let k = i64::from(k);
            let val =
                self.rel(|n| Some(Val::Date(weekday_in_week(n, 7 * k, w))))?;
            return Some(Hit {
                start: i,
                end: i + 3,
                val,
                method: "date:relative",
            });
        }
        if self.is(i + 1, "the")
            && let Some((d, e, true)) = self.day(i + 2, false)
        {
            let val = self.rel(|n| weekday_in_month_near(n, d, w))?;
            return Some(Hit {
                start: i,
                end: e,
                val,
                method: "date:weekday-day",
            });
        }
        (i > 0 && self.is_any(i - 1, NAME_TRIGGERS)).then_some(Hit {
            start: i,
            end: i + 1,
            val: Val::Weekday(w),
            method: "date:weekday",
        })
    }

    /// `next Monday`, `last week`, `this week Friday`, `next week on
    /// Friday`, `last March`, `next month`, `this year`, `coming Thursday`.
    fn r_modifier(&self, i: usize) -> Option<Hit> {
        if self.is(i, "the") {
            return self.r_anaphoric(i);
        }
        let Lex::Mod(k) = self.lex(i) else { return None };
        let k = i64::from(k);
        let method = "date:relative";
        let j = i + 1;
        let hit =
            |end: usize, val: Val| Some(Hit { start: i, end, val, method });
        match self.lex(j) {
            Lex::Weekday(w) => {
                let val = self
                    .rel(|n| Some(Val::Date(weekday_in_week(n, 7 * k, w))))?;
                hit(j + 1, val)
            }
            Lex::Unit(Unit::Week) => {
                let on = if self.is(j + 1, "on") { j + 2 } else { j + 1 };
                if let Lex::Weekday(w) = self.lex(on) {
                    let val = self.rel(|n| {
                        Some(Val::Date(weekday_in_week(n, 7 * k, w)))
                    })?;
                    return hit(on + 1, val);
                }
                let val = self.rel(|n| {
                    let (y, w) = iso_week(add_days(n, 7 * k));
                    Some(Val::Week(y, w))
                })?;
                hit(j + 1, val)
            }
            _ if self.is(j, "weekend") => {
                let val = self.rel(|n| {
                    let (y, w) = iso_week(add_days(n, 7 * k));
                    Some(Val::Weekend(y, w))
                })?;
                hit(j + 1, val)
            }
            Lex::Unit(Unit::Month) => {
                let val = self.rel(|n| {
                    let m = add_months(n, k);
                    Some(Val::Month(m.year, m.month))
                })?;
                hit(j + 1, val)
            }
            Lex::Unit(Unit::Year) => {
                let val = self.rel(|n| Some(Val::Year(n.year + k as i32)))?;
                hit(j + 1, val)
            }
            Lex::Unit(Unit::Day) if k >= 0 => {
                let val = self.rel(|n| Some(Val::Date(add_days(n, k))))?;
                hit(j + 1, val)
            }
            Lex::Month(m, _) if !self.weak_month(j) => {
                let (_, e) = self.month(j)?;
                let val = self.rel(|n| {
                    let y = match k {
                        0 => n.year,
                        1 if m > n.month => n.year,
                        1 => n.year + 1,
                        _ if m < n.month => n.year,
                        _ => n.year - 1,
                    };
                    Some(Val::Month(y, m))
                })?;
                hit(e, val)
            }
            Lex::Season(s) => {
                let val = self.rel(|n| {
                    Some(Val::Season(n.year + k as i32, usize::from(s)))
                })?;
                hit(j + 1, val)
            }
            Lex::Holiday(h) => {
                let val = self.rel(|n| {
                    let this = holiday(h, n.year);
                    let y = match k {
                        0 => n.year,
                        1 if this > n => n.year,
                        1 => n.year + 1,
                        _ if this < n => n.year,
                        _ => n.year - 1,
                    };
                    Some(Val::Date(holiday(h, y)))
                })?;
                hit(j + 1, val)
            }
            _ if self.is(j, "quarter") => {
                let val = self.rel(|n| {
                    let q = i64::from(n.year) * 4
                        + i64::from((n.month - 1) / 3)
                        + k;
                    Some(Val::Quarter(
                        q.div_euclid(4) as i32,
                        q.rem_euclid(4) as u32 + 1,
                    ))
                })?;
                hit(j + 1, val)
            }
            _ => None,
        }
    }

    /// `the following month`, `the next day`, `the previous year`: relative
    /// to a date the narrative gave earlier, not to the document date, so
    /// tagged without a value.
    fn r_anaphoric(&self, i: usize) -> Option<Hit> {
        // "the last year" is usually "the past twelve months", a duration.
        if !self.is_any(i + 1, &["following", "next", "previous"]) {
            return None;
        }
        let j = i + 2;
        let unit = matches!(self.lex(j), Lex::Unit(_) | Lex::Season(_))
            || self.is_any(j, &["quarter", "weekend"]);
        unit.then_some(Hit {
            start: i,
            end: j + 1,
            val: Val::Unresolved,
            method: "date:anaphoric:unresolved",
        })
    }

    /// `today`, `tomorrow`, `the day after tomorrow`, `this day`.
    fn r_relword(&self, i: usize) -> Option<Hit> {
        let method = "date:relative";
        if let Lex::Rel(k) = self.lex(i) {
            let k = i64::from(k);
            if self.title_word(i) {
                return None;
            }
            let val = self.rel(|n| Some(Val::Date(add_days(n, k))))?;
            return Some(Hit { start: i, end: i + 1, val, method });
        }
        let s = if self.is(i, "the") { i + 1 } else { i };
        if let (true, Lex::Unit(u)) = (s > i, self.lex(s))
            && self.is(s + 1, "after")
        {
            let n = if self.is(s + 2, "the") { s + 3 } else { s + 2 };
            if self.is(n, "next") {
                let val = self.rel(|d| {
                    Some(match u {
                        Unit::Day => Val::Date(add_days(d, 2)),
                        Unit::Week | Unit::Fortnight => {
                            let (y, w) = iso_week(add_days(d, 14));
                            Val::Week(y, w)
                        }
                        Unit::Month => {
                            let m = add_months(d, 2);
                            Val::Month(m.year, m.month)
                        }
                        Unit::Year => Val::Year(d.year + 2),
                    })
                })?;
                return Some(Hit { start: i, end: n + 1, val, method });
            }
        }
        if self.is(s, "day") {
            let shift = if self.is(s + 1, "after") {
                1
            } else if self.is(s + 1, "before") {
                -1
            } else {
                return None;
            };
            if let Lex::Rel(k) = self.lex(s + 2) {
                let k = i64::from(k);
                let val =
                    self.rel(|n| Some(Val::Date(add_days(n, k + shift))))?;
                return Some(Hit { start: i, end: s + 3, val, method });
            }
        }
        None
    }

    /// `two months ago`, `in two weeks`, `16 days from 01/02/2018`,
    /// `three weeks from tomorrow`, `a few days ago`.
    fn r_offset(&self, i: usize) -> Option<Hit> {
        let method = "date:relative";
        let inn = self.is(i, "in");
        let s = if inn { i + 1 } else { i };
        let (n, j) = self.count(s)?;
        let Lex::Unit(unit) = self.lex(j) else { return None };
        // `1 month 21 days ago`, `2 years, 1 month and 21 days ago`: more
        // counted units add up (at most three in all).
        let mut parts = vec![(n, unit)];
        let mut k = j + 1;
        while parts.len() < 3 {
            let c = if self.is(k, "and") || self.punct(k, ",") {
                k + 1
            } else {
                k
            };
            let Some((m, e)) = self.count(c) else { break };
            let Lex::Unit(u) = self.lex(e) else { break };
            parts.push((m, u));
            k = e + 1;
        }
        let shift = |d: CalendarDate, sign: i64| {
            parts.iter().fold(d, |d, &(n, unit)| {
                let n = sign * n;
                match unit {
                    Unit::Day => add_days(d, n),
                    Unit::Week => add_days(d, 7 * n),
                    Unit::Fortnight => add_days(d, 14 * n),
                    Unit::Month => add_months(d, n),
                    Unit::Year => add_months(d, 12 * n),
                }
            })
        };
        if inn {
            if self.is_any(k, &["ago", "from", "after", "before", "since"]) {
                return None;
            }
            let val = self.rel(|d| Some(Val::Date(shift(d, 1))))?;
            return Some(Hit { start: i, end: k, val, method });
        }
        if self.is(k, "ago") {
            let val = self.rel(|d| Some(Val::Date(shift(d, -1))))?;
            return Some(Hit { start: i, end: k + 1, val, method });
        }
        let sign = if self.is_any(k, &["from", "after"]) {
            1
        } else if self.is(k, "before") {
            -1
        } else {
            return None;
        };
        if self.is(k + 1, "now") {
            let val = self.rel(|d| Some(Val::Date(shift(d, 1))))?;
            return Some(Hit { start: i, end: k + 2, val, method });
        }
        let a = self.absolute(k + 1)?;
        let val = match a.val {
            Val::Date(d) => Val::Date(shift(d, sign)),
            Val::Unresolved => Val::Unresolved,
            _ => return None,
        };
        Some(Hit { start: i, end: a.end, val, method })
    }

    /// `early February`, `mid-1995`, `late 1992`, `earlier this year`.
    fn r_part(&self, i: usize) -> Option<Hit> {
        if self.lex(i) != Lex::Part {
            return None;
        }
        let j = if self.punct(i + 1, "-") { i + 2 } else { i + 1 };
        // `earlier this year`, `early next month`, `late last year`.
        if let (Lex::Mod(_), Lex::Unit(_)) = (self.lex(j), self.lex(j + 1)) {
            let h = self.r_modifier(j)?;
            return Some(Hit { start: i, ..h });
        }
        if !self.is_any(i, &["early", "mid", "late"]) {
            return None;
        }
        let inner = [self.r_my(j), self.r_decade(j), self.r_season(j)]
            .into_iter()
            .flatten()
            .max_by_key(|h| h.end);
        if let Some(h) = inner {
            return Some(Hit { start: i, ..h });
        }
        if let Some(y) = self.num(j, 4..=4)
            && (1000..=2099).contains(&y)
            && self.num_end_ok(j + 1)
        {
            return Some(Hit {
                start: i,
                end: j + 1,
                val: Val::Year(y as i32),
                method: "date:year",
            });
        }
        let (m, e) = self.month(j)?;
        if !self.is_any(i, &["early", "mid", "late"]) {
            return None;
        }
        Some(Hit {
            start: i,
            end: e,
            val: Val::MonthNoYear(m),
            method: "date:month",
        })
    }

    /// `the 1990s`, `the mid-1990s`, `the '90s`, `1980's`.
    fn r_decade(&self, i: usize) -> Option<Hit> {
        let mut j = if self.is(i, "the") { i + 1 } else { i };
        let part = self.lex(j) == Lex::Part;
        if part {
            j += 1;
            if self.punct(j, "-") {
                j += 1;
            }
        }
        if let (true, Lex::Decade(d)) = (j > i, self.lex(j)) {
            // "the nineties"; "in his nineties" (no article) is an age.
            return Some(Hit {
                start: i,
                end: j + 1,
                val: Val::Decade(190 + d as i32 / 10),
                method: "date:decade",
            });
        }
        let (decade, e) = if self.punct(j, "'’") && self.glued(j + 1) {
            let v = self.num(j + 1, 2..=2)?;
            (pivot(v) / 10, j + 2)
        } else {
            let y = self.num(j, 4..=4)?;
            if !(part || self.num_start_ok(j)) || !(1000..=2090).contains(&y) {
                return None;
            }
            (y as i32 / 10, j + 1)
        };
        let s = if self.punct(e, "'’") && self.glued(e) { e + 1 } else { e };
        if !(self.is(s, "s") && self.glued(s) && self.num_end_ok(s + 1)) {
            return None;
        }
        let y = self.tok(e - 1).map_or(0, |t| t.num);
        if !y.is_multiple_of(10) {
            return None;
        }
        Some(Hit {
            start: i,
            end: s + 1,
            val: Val::Decade(decade),
            method: "date:decade",
        })
    }

    /// `the 19th century`, `the twenty-first century`.
    fn r_century(&self, i: usize) -> Option<Hit> {
        let mut j = if self.is(i, "the") { i + 1 } else { i };
        if self.lex(j) == Lex::Part {
            j += if self.punct(j + 1, "-") { 2 } else { 1 };
        }
        let (n, e) = self.ordinal(j)?;
        let c = if self.punct(e, "-") { e + 1 } else { e };
        if !self.is(c, "century") || !(1..=30).contains(&n) {
            return None;
        }
        Some(Hit {
            start: i,
            end: c + 1,
            val: Val::Century(n as i32 - 1),
            method: "date:century",
        })
    }

    /// `Q3 1998`, `the third quarter of 1998`.
    fn r_quarter(&self, i: usize) -> Option<Hit> {
        let (q, mut j) = if self.is(i, "q") && self.glued(i + 1) {
            (self.num(i + 1, 1..=1)?, i + 2)
        } else {
            let s = if self.is(i, "the") { i + 1 } else { i };
            let (q, e) = self.ordinal(s)?;
            if !self.is(e, "quarter") {
                return None;
            }
            (q, e + 1)
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        if self.punct(j, ",") || self.is(j, "of") {
            j += 1;
        }
        let (y, e) = self.year4(j)?;
        Some(Hit {
            start: i,
            end: e,
            val: Val::Quarter(y, q),
            method: "date:quarter",
        })
    }

    /// `summer 1998`, `the summer of 1998`.
    fn r_season(&self, i: usize) -> Option<Hit> {
        let s = if self.is(i, "the") { i + 1 } else { i };
        let Lex::Season(season) = self.lex(s) else { return None };
        let mut j = s + 1;
        if self.punct(j, ",") || self.is(j, "of") {
            j += 1;
        }
        let (y, e) = self.year_any(j, false)?;
        Some(Hit {
            start: i,
            end: e,
            val: Val::Season(y, usize::from(season)),
            method: "date:season",
        })
    }

    /// `easter 2018`, `Christmas Day 2019`, `at Christmas`.
    fn r_holiday(&self, i: usize) -> Option<Hit> {
        let Lex::Holiday(h) = self.lex(i) else { return None };
        let mut j = i + 1;
        let eve = self.is(j, "eve");
        let named = eve || self.is(j, "day");
        if named {
            j += 1;
        }
        let k = if self.punct(j, ",") { j + 1 } else { j };
        let shift = if eve { -1 } else { 0 };
        if let Some((y, e)) = self.year_any(k, false) {
            return Some(Hit {
                start: i,
                end: e,
                val: Val::Date(add_days(holiday(h, y), shift)),
                method: "date:holiday",
            });
        }
        // "Christmas Island", "a Christmas tree": a bare name needs a
        // preposition or Day/Eve.
        if !(named || (i > 0 && self.is_any(i - 1, HOLIDAY_TRIGGERS))) {
            return None;
        }
        let fixed = match h {
            Holiday::Christmas if eve => Val::DayNoYear(12, 24),
            Holiday::Christmas => Val::DayNoYear(12, 25),
            Holiday::Halloween => Val::DayNoYear(10, 31),
            Holiday::Easter => return None,
        };
        Some(Hit { start: i, end: j, val: fixed, method: "date:holiday" })
    }

    /// A bare year in date-like context: `in 1992`, `as of 1996`,
    /// `(1992)`, `2010, 2012, and 2014`, `nineteen ninety six`.
    fn r_year(&self, i: usize, chained: bool) -> Option<Hit> {
        let hit = |end: usize, y: i32| {
            Some(Hit { start: i, end, val: Val::Year(y), method: "date:year" })
        };
        let t = self.tok(i)?;
        let yearish = t.kind == Kind::Num
            || matches!(t.lex, Lex::Card(_))
            || self.punct(i, "'’");
        if !yearish {
            return None;
        }
        // Asked only when the answer matters: the word list is long and
        // most numbers are no year.
        let prev_trigger = || i > 0 && self.is_any(i - 1, YEAR_TRIGGERS);
        // A glued year range, "2008-2009", "(1992–95)": one span per year.
        if let Some((y, _)) = self.year_range(i) {
            return hit(i + 1, y);
        }
        if i >= 2
            && self.punct(i - 1, "-–—")
            && let Some((_, y2)) = self.year_range(i - 2)
        {
            return hit(i + 1, y2);
        }
        if let Some((y, e)) = self.year4(i) {
            let weak = || i > 0 && self.is_any(i - 1, WEAK_TRIGGERS);
            let next_ok = || match self.tok(e) {
                Some(t)
                    if t.kind == Kind::Word
                        && self
                            .word(t)
                            .first()
                            .is_some_and(u8::is_ascii_lowercase) =>
                {
                    self.is_any(e, AFTER_YEAR)
                }
                _ => true,
            };
            let paren = i > 0 && self.punct(i - 1, "(") && self.punct(e, ")");
            let line_end = e == self.t.len()
                && i > 0
                && self.tok(i - 1).is_some_and(|t| t.kind == Kind::Word);
            if paren
                || line_end
                || chained
                || (prev_trigger() && (!weak() || next_ok()))
            {
                return hit(e, y);
            }
            return None;
        }
        if self.punct(i, "'’") && prev_trigger() {
            let (y, e) = self.year_any(i, false)?;
            return hit(e, y);
        }
        let (y, e) = self.spelled_year(i)?;
        (i > 0 && self.is_any(i - 1, &["in", "of", "since", "year", "until"]))
            .then(|| hit(e, y))?
    }

    /// A year range written without spaces, `2008-2009` or `1992–95`,
    /// starting at `i`: both years, the second later by at most 50.
    fn year_range(&self, i: usize) -> Option<(i32, i32)> {
        let y1 = self.num(i, 4..=4)? as i32;
        if !(1000..=2099).contains(&y1)
            || !self.num_start_ok(i)
            || !self.punct(i + 1, "-–—")
            || !self.glued(i + 1)
            || !self.glued(i + 2)
            || !self.num_end_ok(i + 3)
        {
            return None;
        }
        let t = self.tok(i + 2)?;
        let y2 = match (t.kind, t.width()) {
            (Kind::Num, 4) => t.num as i32,
            (Kind::Num, 2) => y1 / 100 * 100 + t.num as i32,
            _ => return None,
        };
        // Page ranges look the same: "pp. 1021-1035".
        let k = if i > 0 && self.punct(i - 1, ".") {
            i.saturating_sub(2)
        } else {
            i.saturating_sub(1)
        };
        let pages = i > 0
            && self
                .is_any(k, &["p", "pp", "page", "pages", "no", "nos", "vol"]);
        (y2 > y1 && y2 - y1 <= 50 && !pages).then_some((y1, y2))
    }

    /// A month name alone after a preposition: `in February`, `since May`.
    fn r_month_alone(&self, i: usize) -> Option<Hit> {
        let Lex::Month(m, false) = self.lex(i) else { return None };
        let t = self.tok(i)?;
        let capital = self.word(t).first().is_some_and(u8::is_ascii_uppercase);
        if !capital && (self.weak_month(i) || m == 5 || m == 3) {
            return None;
        }
        let triggers = if matches!(m, 4 | 5 | 6 | 8) {
            NAME_MONTH_TRIGGERS
        } else {
            NAME_TRIGGERS
        };
        if i == 0 || !self.is_any(i - 1, triggers) {
            return None;
        }
        Some(Hit {
            start: i,
            end: i + 1,
            val: Val::MonthNoYear(m),
            method: "date:month",
        })
    }
}

trait NumOr {
    fn num_or(&self, d: u32) -> u32;
}

impl NumOr for Tok {
    /// The value of a tens word (`twenty` = 20).
    fn num_or(&self, d: u32) -> u32 {
        match self.lex {
            Lex::Card(n) => n,
            _ => d,
        }
    }
}

/// The first endpoint of a range with the year the second one gives:
/// `April and May 2013`, `December to March 1995` (December 1994).
fn borrow_year(first: Val, second: Val) -> Option<Val> {
    let (y, m2) = match second {
        Val::Date(d) => (d.year, d.month),
        Val::Month(y, m) => (y, m),
        _ => return None,
    };
    match first {
        Val::MonthNoYear(m) => {
            Some(Val::Month(if m > m2 { y - 1 } else { y }, m))
        }
        Val::DayNoYear(m, d) => {
            ymd(if m > m2 { y - 1 } else { y }, m, d).map(Val::Date)
        }
        _ => None,
    }
}

/// A two-digit year: below 50 is 20xx, otherwise 19xx.
fn pivot(v: u32) -> i32 {
    if v < 50 { 2000 + v as i32 } else { 1900 + v as i32 }
}

/// Weekday `w` of the ISO week `shift` days away from `n`.
fn weekday_in_week(n: CalendarDate, shift: i64, w: u32) -> CalendarDate {
    add_days(n, shift + i64::from(w) - i64::from(weekday(n)))
}

/// Day `d` of the month nearest `n` in which it falls on weekday `w`
/// ("Friday the 22nd"); the document's month when none does.
fn weekday_in_month_near(n: CalendarDate, d: u32, w: u32) -> Option<Val> {
    let first = CalendarDate { day: 1, ..n };
    for k in [0, -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, -6, 6] {
        let m = add_months(first, k);
        if let Some(date) = ymd(m.year, m.month, d)
            && weekday(date) == w
        {
            return Some(Val::Date(date));
        }
    }
    ymd(n.year, n.month, d).map(Val::Date)
}

fn holiday(h: Holiday, year: i32) -> CalendarDate {
    match h {
        Holiday::Easter => easter(year),
        Holiday::Christmas => CalendarDate { year, month: 12, day: 25 },
        Holiday::Halloween => CalendarDate { year, month: 10, day: 31 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::XorShift;

    /// (start, end, norm) of every DATE candidate in `text`.
    fn run(text: &str, dct: Option<&str>) -> Vec<(usize, usize, String)> {
        let dct = dct.and_then(CalendarDate::parse_iso);
        let mut out = Vec::new();
        DateTagger::new().tag(&Doc { text, dct }, &mut out);
        out.into_iter()
            .map(|c| {
                (
                    c.start,
                    c.end,
                    c.norm.map_or_else(
                        || format!("?{}", c.method),
                        Cow::into_owned,
                    ),
                )
            })
            .collect()
    }

    /// `t!(name, text, &[(start, end, norm)])` without a document date;
    /// `t!(name, dct = "2016-11-07", text, ...)` with one.
    macro_rules! t {
        ($name:ident, dct = $dct:expr, $text:expr, $want:expr) => {
            #[test]
            fn $name() {
                let want: Vec<(usize, usize, String)> = $want
                    .iter()
                    .map(|&(s, e, n): &(usize, usize, &str)| {
                        (s, e, n.to_string())
                    })
                    .collect();
                assert_eq!(run($text, Some($dct)), want, "{:?}", $text);
            }
        };
        ($name:ident, $text:expr, $want:expr) => {
            #[test]
            fn $name() {
                let want: Vec<(usize, usize, String)> = $want
                    .iter()
                    .map(|&(s, e, n): &(usize, usize, &str)| {
                        (s, e, n.to_string())
                    })
                    .collect();
                assert_eq!(run($text, None), want, "{:?}", $text);
            }
        };
    }

    const NONE: &[(usize, usize, &str)] = &[];

    /// The `format!` spelling `Val::norm` replaced.
    fn formatted(v: Val) -> Option<String> {
        Some(match v {
            Val::Date(d) => d.to_string(),
            Val::Month(y, m) => format!("{y:04}-{m:02}"),
            Val::Year(y) => format!("{y:04}"),
            Val::Decade(d) => format!("{d:03}"),
            Val::Century(c) => format!("{c:02}"),
            Val::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Val::Week(y, w) => format!("{y:04}-W{w:02}"),
            Val::Weekend(y, w) => format!("{y:04}-W{w:02}-WE"),
            Val::Season(y, s) => {
                format!("{y:04}-{}", ["SP", "SU", "FA", "WI"][s.min(3)])
            }
            Val::DayNoYear(m, d) => format!("XXXX-{m:02}-{d:02}"),
            Val::MonthNoYear(m) => format!("XXXX-{m:02}"),
            Val::Weekday(w) => format!("XXXX-WXX-{w}"),
            Val::Unresolved => return None,
        })
    }

    #[test]
    fn date_norm_spells_as_format() {
        let ints = [
            i32::MIN,
            -10_000,
            -999,
            -10,
            -1,
            0,
            1,
            9,
            10,
            99,
            100,
            199,
            999,
            1000,
            1992,
            2016,
            9999,
            10_000,
            123_456,
            i32::MAX,
        ];
        let uints = [0, 1, 5, 9, 10, 12, 31, 53, 99, 100, 1000, u32::MAX];
        for &y in &ints {
            let mut vals = vec![Val::Year(y), Val::Decade(y), Val::Century(y)];
            for &m in &uints {
                let day = CalendarDate { year: y, month: m, day: m };
                vals.extend([
                    Val::Date(day),
                    Val::Month(y, m),
                    Val::Quarter(y, m),
                    Val::Week(y, m),
                    Val::Weekend(y, m),
                    Val::DayNoYear(m, m),
                    Val::MonthNoYear(m),
                    Val::Weekday(m),
                ]);
            }
            vals.extend((0..6).map(|s| Val::Season(y, s)));
            vals.push(Val::Unresolved);
            for v in vals {
                assert_eq!(v.norm(), formatted(v), "{v:?}");
            }
        }
    }

    // Day month year.
    t!(date_full, "on 6 October 1992", &[(3, 17, "1992-10-06")]);
    t!(date_full_comma, "on 15 June, 2001.", &[(3, 16, "2001-06-15")]);
    t!(date_ordinal_padded, "back 03rd Jan 2019.", &[(5, 18, "2019-01-03")]);
    t!(date_ordinal_words, "fourth of july, 1995", &[(0, 20, "1995-07-04")]);
    t!(
        date_ordinal_of_year,
        "fourth of july of 1995",
        &[(0, 22, "1995-07-04")]
    );
    t!(date_short_year_of, "born on 15 April of 87", &[(8, 22, "1987-04-15")]);
    t!(date_the_of_no_year, "until the 5th of May", &[(6, 20, "XXXX-05-05")]);
    t!(
        date_compound_ordinal,
        "twenty second of June 2017",
        &[(0, 26, "2017-06-22")]
    );
    t!(date_abbrev_dot, "on 5 Sept. 2019", &[(3, 15, "2019-09-05")]);
    t!(date_lower_case_month, "21 february 2005", &[(0, 16, "2005-02-21")]);
    t!(date_invalid_day, "on 31 June 2001", &[(6, 15, "2001-06")]);
    // Month day year.
    t!(date_mdy, "on October 6, 1992", &[(3, 18, "1992-10-06")]);
    t!(
        date_mdy_weekday,
        "monday january 12th, 2016",
        &[(0, 25, "2016-01-12")]
    );
    t!(
        date_mdy_words,
        "monday, jan twenty two, 2018",
        &[(0, 28, "2018-01-22")]
    );
    t!(
        date_mdy_spelled_year,
        "january first two thousand and thirty two",
        &[(0, 41, "2032-01-01")]
    );
    t!(date_mdy_abbrev, "On Apr. 26, 2007 they", &[(3, 16, "2007-04-26")]);
    t!(date_md_no_year, "on September 26 he", &[(3, 15, "XXXX-09-26")]);
    t!(
        date_md_range,
        "(October 24 1764 - August 3 1839)",
        &[(1, 16, "1764-10-24"), (19, 32, "1839-08-03")]
    );
    // Month year.
    t!(date_month_year, "in May 1993", &[(3, 11, "1993-05")]);
    t!(date_month_comma_year, "out November , 2016", &[(4, 19, "2016-11")]);
    t!(
        date_month_of_spelled,
        "in June of nineteen ninety nine",
        &[(3, 31, "1999-06")]
    );
    t!(date_year_month, "out 2016 june", &[(4, 13, "2016-06")]);
    t!(
        date_month_range_year,
        "in April and May 2013",
        &[(3, 8, "2013-04"), (13, 21, "2013-05")]
    );
    t!(
        date_month_range_across_years,
        "from December to March 1995",
        &[(5, 13, "1994-12"), (17, 27, "1995-03")]
    );
    t!(date_decimal_before_day, "6,107.31 August 2019", &[(9, 20, "2019-08")]);
    // Numeric.
    t!(date_iso, "on 2016-12-21.", &[(3, 13, "2016-12-21")]);
    t!(date_iso_datetime, "at 2016-11-07T00:00:00", &[(3, 13, "2016-11-07")]);
    t!(date_year_month_num, "out 2015-3", &[(4, 10, "2015-03")]);
    t!(
        date_year_month_spaced,
        "out 2016 - 11 and 2016/ 11",
        &[(4, 13, "2016-11"), (18, 26, "2016-11")]
    );
    t!(
        date_month_year_num,
        "out 3/2015 or 11 - 2016",
        &[(4, 10, "2015-03"), (14, 23, "2016-11")]
    );
    t!(date_us_order, "back 02/22/2016", &[(5, 15, "2016-02-22")]);
    t!(date_day_first_when_forced, "back 21/04/16", &[(5, 13, "2016-04-21")]);
    t!(
        date_ambiguous_is_month_first,
        "from 01/02/2018",
        &[(5, 15, "2018-01-02")]
    );
    t!(date_dots_are_day_first, "am 01.02.2018", &[(3, 13, "2018-02-01")]);
    t!(
        date_two_digit_years,
        "05/05/89 and 05/05/12",
        &[(0, 8, "1989-05-05"), (13, 21, "2012-05-05")]
    );
    t!(
        date_year_month_word_day,
        "How about 2019/aug/01",
        &[(10, 21, "2019-08-01")]
    );
    t!(date_compact, "-20200701-", &[(1, 9, "2020-07-01")]);
    t!(date_phone_is_not_date, "Tel: +86 138-2010-2015", NONE);
    t!(date_phone_tail_is_not_date, "Tel: +86 2010-2015-86", NONE);
    t!(date_code_is_not_date, "Open ABC-12345-A1B2C3 next", NONE);
    t!(date_us_phone, "Call me al (206) 555-1212", NONE);
    // Years, decades, centuries, quarters, seasons.
    t!(date_year_in, "ratified in 1998.", &[(12, 16, "1998")]);
    t!(date_year_as_of, "As of 1996, relations", &[(6, 10, "1996")]);
    t!(
        date_year_list,
        "in the 2010, 2012, and 2014 exercises",
        &[(7, 11, "2010"), (13, 17, "2012"), (23, 27, "2014")]
    );
    t!(
        date_year_range,
        "From 1998 to 2000 he",
        &[(5, 9, "1998"), (13, 17, "2000")]
    );
    t!(date_year_paren, "the album (1992) was", &[(11, 15, "1992")]);
    t!(date_year_of_count_is_not, "a total of 1200 people", NONE);
    t!(date_year_plain_number_is_not, "There are 2000 stars", NONE);
    t!(date_year_spelled, "left in nineteen ninety six", &[(8, 27, "1996")]);
    t!(
        date_year_thousand,
        "back in two thousand and fifteen",
        &[(8, 32, "2015")]
    );
    t!(date_year_early, "In early 1995, he", &[(3, 13, "1995")]);
    t!(date_year_mid, "in mid-2004 the", &[(3, 11, "2004")]);
    t!(date_decade, "Since the 1990s, trade", &[(6, 15, "199")]);
    t!(date_decade_mid, "in the mid-1990s", &[(3, 16, "199")]);
    t!(
        date_decade_apostrophe,
        "in the '80s and 1960's",
        &[(3, 11, "198"), (16, 22, "196")]
    );
    t!(date_century, "of the 19th century, China", &[(3, 19, "18")]);
    t!(date_century_words, "the twenty-first century", &[(0, 24, "20")]);
    t!(
        date_quarter,
        "in Q3 1998 and the third quarter of 1999",
        &[(3, 10, "1998-Q3"), (15, 40, "1999-Q3")]
    );
    t!(
        date_season,
        "in the summer of 1997 and Fall 1999",
        &[(3, 21, "1997-SU"), (26, 35, "1999-FA")]
    );
    t!(date_season_late, "until late spring 1993.", &[(6, 22, "1993-SP")]);
    t!(
        date_holiday,
        "on easter 2018 or Christmas Day 2019",
        &[(3, 14, "2018-04-01"), (18, 36, "2019-12-25")]
    );
    // Bare names.
    t!(date_month_alone, "In early February President", &[(3, 17, "XXXX-02")]);
    t!(date_month_after_prep, "in February the", &[(3, 11, "XXXX-02")]);
    t!(date_may_modal, "This may take longer than expected.", NONE);
    t!(date_may_modal_in, "things in may happen", NONE);
    t!(date_march_verb, "they march on in March", &[(17, 22, "XXXX-03")]);
    t!(date_month_name_noun, "Sadyr Japarov's February visit", NONE);
    t!(date_weekday_on, "on Monday he", &[(3, 9, "XXXX-WXX-1")]);
    t!(date_weekday_title, "the Sunday Times", NONE);
    t!(date_title_yesterday, "the song From Yesterday", NONE);
    // Relative, resolved.
    t!(date_today, dct = "2016-11-07", "back today", &[(5, 10, "2016-11-07")]);
    t!(
        date_tomorrow,
        dct = "2016-11-07",
        "back tomorrow",
        &[(5, 13, "2016-11-08")]
    );
    t!(
        date_yesterday,
        dct = "2016-03-01",
        "Yesterday we",
        &[(0, 9, "2016-02-29")]
    );
    t!(
        date_day_after_tomorrow,
        dct = "2016-11-07",
        "The day after tomorrow",
        &[(0, 22, "2016-11-09")]
    );
    t!(
        date_next_weekday,
        dct = "2018-11-15",
        "next Monday or next Tuesday",
        &[(0, 11, "2018-11-19"), (15, 27, "2018-11-20")]
    );
    t!(
        date_previous_weekday,
        dct = "2019-01-31",
        "on previous Wednesday?",
        &[(3, 21, "2019-01-23")]
    );
    t!(
        date_this_weekday,
        dct = "2016-11-07",
        "this Friday",
        &[(0, 11, "2016-11-11")]
    );
    t!(
        date_next_week_on,
        dct = "2016-11-07",
        "next week on Friday",
        &[(0, 19, "2016-11-18")]
    );
    t!(date_this_week, dct = "2016-11-07", "this week", &[(0, 9, "2016-W45")]);
    t!(
        date_last_week_new_year,
        dct = "2021-01-06",
        "last week",
        &[(0, 9, "2020-W53")]
    );
    t!(
        date_this_weekend,
        dct = "2016-11-07",
        "this weekend",
        &[(0, 12, "2016-W45-WE")]
    );
    t!(
        date_next_month,
        dct = "2016-12-07",
        "next month",
        &[(0, 10, "2017-01")]
    );
    t!(
        date_month_after_next,
        dct = "2016-11-07",
        "the month after the next",
        &[(0, 24, "2017-01")]
    );
    t!(date_last_year, dct = "2016-11-07", "last year", &[(0, 9, "2015")]);
    t!(
        date_earlier_this_year,
        dct = "2018-05-28",
        "earlier this year",
        &[(0, 17, "2018")]
    );
    t!(
        date_last_march,
        dct = "2016-02-07",
        "last March and next March",
        &[(0, 10, "2015-03"), (15, 25, "2016-03")]
    );
    t!(
        date_next_quarter,
        dct = "2016-11-07",
        "next quarter",
        &[(0, 12, "2017-Q1")]
    );
    t!(
        date_following_easter,
        dct = "2019-06-12",
        "following easter",
        &[(0, 16, "2020-04-12")]
    );
    t!(
        date_ago,
        dct = "2018-10-17",
        "two months ago",
        &[(0, 14, "2018-08-17")]
    );
    t!(
        date_late_last_year,
        dct = "2017-11-08",
        "late last year and early next month",
        &[(0, 14, "2016"), (19, 35, "2017-12")]
    );
    t!(
        date_compound_offset,
        dct = "2017-11-23",
        "met 2 years, 1 month and 21 days ago",
        &[(4, 36, "2015-10-02")]
    );
    t!(
        date_weekday_next_week,
        dct = "2016-11-07",
        "back on Friday next week",
        &[(8, 24, "2016-11-18")]
    );
    t!(
        date_few_months_ago,
        dct = "2016-11-07",
        "few months ago",
        &[(0, 14, "2016-08-07")]
    );
    t!(
        date_a_few_days_ago,
        dct = "2016-11-07",
        "a few days ago",
        &[(0, 14, "2016-11-04")]
    );
    t!(
        date_in_weeks,
        dct = "2018-07-05",
        "leave in 3 weeks",
        &[(6, 16, "2018-07-26")]
    );
    t!(
        date_in_years,
        dct = "2018-07-05",
        "in two years",
        &[(0, 12, "2020-07-05")]
    );
    t!(
        date_from_anchor,
        dct = "2016-11-07",
        "16 days from 01/02/2018",
        &[(0, 23, "2018-01-18")]
    );
    t!(
        date_from_tomorrow,
        dct = "2018-05-31",
        "three weeks from tomorrow",
        &[(0, 25, "2018-06-22")]
    );
    t!(
        date_before_anchor,
        dct = "2016-11-07",
        "2 days before 5 May 2016",
        &[(0, 24, "2016-05-03")]
    );
    t!(
        date_day_of_next_month,
        dct = "2020-07-01",
        "on the 15th day of next month",
        &[(3, 29, "2020-08-15")]
    );
    t!(
        date_weekday_the_day,
        dct = "2017-09-27",
        "Friday the 22nd",
        &[(0, 15, "2017-09-22")]
    );
    t!(
        date_weekday_the_day_words,
        dct = "2019-07-19",
        "wednesday the thirty first",
        &[(0, 26, "2019-07-31")]
    );
    // Relative, no document date.
    t!(
        date_anaphoric,
        dct = "2016-11-07",
        "the following month",
        &[(0, 19, "?date:anaphoric:unresolved")]
    );
    t!(
        date_next_day_dct,
        dct = "2016-11-07",
        "back next day",
        &[(5, 13, "2016-11-08")]
    );
    t!(
        date_decade_words,
        "in the nineties, in his eighties",
        &[(3, 15, "199")]
    );
    t!(date_short_year_trigger, "back in '96 and", &[(8, 11, "1996")]);
    t!(
        date_unresolved,
        "back tomorrow",
        &[(5, 13, "?date:relative:unresolved")]
    );
    t!(
        date_unresolved_ago,
        "two months ago",
        &[(0, 14, "?date:relative:unresolved")]
    );
    t!(
        date_version_is_not_date,
        "version 1.2.10 and 3-4-10 and 1998.5 tons",
        NONE
    );
    t!(
        date_may_name_after_year,
        "In 2016 May became prime minister",
        &[(3, 7, "2016")]
    );
    t!(date_christmas_island, "Christmas Island and a Christmas tree", NONE);
    t!(
        date_christmas_eve,
        "at Christmas and on Christmas Eve 2019",
        &[(3, 12, "XXXX-12-25"), (20, 38, "2019-12-24")]
    );
    t!(
        date_month_given_name,
        "a letter from June and in June",
        &[(26, 30, "XXXX-06")]
    );
    #[test]
    fn date_never_panics_on_token_soup() {
        // Deterministic soup of date-ish pieces, odd punctuation and
        // multi-byte text: spans must stay on char boundaries.
        let pieces = [
            "the", "of", "in", "May", "march", "2016", "1990", "s", "'", "’",
            "-", "/", ".", ",", "12", "31", "0", "99999999", "20200231", "th",
            "first", "twenty", "thousand", "and", "next", "last", "week",
            "Monday", "ago", "days", "from", "today", "é", "日本", "\n",
            "mid", "century", "Q", "4", "summer", "easter", "the", "nineties",
        ];
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                let piece = rng.pick(&pieces);
                text.push_str(piece);
                if rng.0 & 0x100 == 0 {
                    text.push(' ');
                }
            }
            for dct in [None, Some("2016-02-29")] {
                for (s, e, _) in run(&text, dct) {
                    assert!(s < e && text.is_char_boundary(s), "{text:?}");
                    assert!(text.is_char_boundary(e), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn date_skipped_anchors_start_nothing() {
        let pieces = [
            "the",
            "The",
            "a",
            "A",
            "in",
            "IN",
            "few",
            "q",
            "an",
            "couple",
            "of",
            "days",
            "week",
            "two",
            "twenty",
            "-",
            "3",
            "2016",
            "'",
            "ago",
            "May",
            "next",
            "following",
            "weekend",
            "quarter",
            "1990",
            "s",
            "summer",
            "Monday",
            "today",
            "mid",
            ",",
        ];
        let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..8 {
                text.push_str(rng.pick(&pieces));
                text.push(' ');
            }
            let mut toks = Vec::new();
            tokenize(&text, &mut toks, &mut Vec::new());
            for dct in [None, CalendarDate::parse_iso("2016-02-29")] {
                let p = P { t: &toks, line: &text, dct };
                for i in 0..toks.len() {
                    if !p.unit_soon(i) {
                        assert!(p.r_offset(i).is_none(), "{text:?} {i}");
                    }
                    if !p.may_start(i) {
                        assert!(p.best(i, false).is_none(), "{text:?} {i}");
                        assert!(p.best(i, true).is_none(), "{text:?} {i}");
                    }
                }
            }
        }
    }

    #[test]
    fn date_lines_are_split_lines() {
        // The memchr line loop against `split('\n')`, which it replaced.
        let pieces = ["\n", "\n\n", "in 1990", "May 5, 2016", "x", " ", "é"];
        let mut rng = XorShift(0x0bad_5eed_1234_5678);
        for _ in 0..2000 {
            let count = rng.next() % 8;
            let text = rng.glue(&pieces, count);
            let doc = Doc { text: &text, dct: None };
            let mut got = Vec::new();
            DateTagger::new().tag(&doc, &mut got);
            let (mut want, mut toks, mut anchors) =
                (Vec::new(), Vec::new(), Vec::new());
            let mut base = 0;
            for line in text.split('\n') {
                toks.clear();
                anchors.clear();
                tokenize(line, &mut toks, &mut anchors);
                tag_line(line, base, &toks, &anchors, None, &mut want);
                base += line.len() + 1;
            }
            let spans = |v: &[Candidate]| {
                v.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>()
            };
            assert_eq!(spans(&got), spans(&want), "{text:?}");
        }
    }

    impl P<'_, '_> {
        /// [`P::best`] without its guards: every rule at every token, in
        /// the same order.
        fn best_unguarded(&self, i: usize, chained: bool) -> Option<Hit> {
            let hits = [
                self.r_weekday(i),
                self.r_dmy(i),
                self.r_mdy(i),
                self.r_my(i),
                self.r_ym(i),
                self.r_numeric(i),
                self.r_modifier(i),
                self.r_relword(i),
                self.r_offset(i),
                self.r_part(i),
                self.r_decade(i),
                self.r_century(i),
                self.r_quarter(i),
                self.r_season(i),
                self.r_holiday(i),
                self.r_year(i, chained),
                self.r_month_alone(i),
            ];
            let mut best: Option<Hit> = None;
            for h in hits.into_iter().flatten() {
                if h.end > h.start && best.is_none_or(|b| h.end > b.end) {
                    best = Some(h);
                }
            }
            best
        }
    }

    #[test]
    fn date_best_guards_change_nothing() {
        let pieces = [
            "7",
            "12",
            "31",
            "123",
            "2016",
            "1990",
            "12345",
            "20200701",
            "st",
            "th",
            "century",
            "quarter",
            "-",
            "/",
            ".",
            "–",
            ",",
            "'",
            "(",
            ")",
            "of",
            "the",
            "The",
            "May",
            "Jan",
            "june",
            "in",
            "a",
            "an",
            "few",
            "s",
            "Q",
            "q",
            "from",
            "to",
            "and",
            "days ago",
            "weeks from today",
            "next",
            "last",
            "this",
            "week",
            "weekend",
            "Monday",
            "today",
            "mid",
            "early",
            "summer",
            "easter",
            "eve",
            "nineteen",
            "ninety",
            "six",
            "twenty",
            "first",
            "thousand",
            "nineties",
            "since",
            "day",
            "after",
            "tomorrow",
            "following",
        ];
        for_random_lines(&pieces, 0x94d0_49bb_1331_11eb, |p, i| {
            for chained in [false, true] {
                let key = |h: Option<Hit>| {
                    h.map(|h| (h.start, h.end, h.val, h.method))
                };
                assert_eq!(
                    key(p.best(i, chained)),
                    key(p.best_unguarded(i, chained)),
                    "{:?} {i}",
                    p.line
                );
            }
        });
    }

    /// Calls `check` at every token of 20,000 lines glued together from
    /// `pieces` (with and without spaces between them), with and without a
    /// document date.
    fn for_random_lines(
        pieces: &[&str],
        seed: u64,
        mut check: impl FnMut(&P<'_, '_>, usize),
    ) {
        let mut rng = XorShift(seed);
        let mut toks = Vec::new();
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(1 + rng.next() % 9) {
                text.push_str(rng.pick(pieces));
                if !rng.next().is_multiple_of(3) {
                    text.push(' ');
                }
            }
            toks.clear();
            tokenize(&text, &mut toks, &mut Vec::new());
            for dct in [None, CalendarDate::parse_iso("2016-02-29")] {
                let p = P { t: &toks, line: &text, dct };
                for i in 0..toks.len() {
                    check(&p, i);
                }
            }
        }
    }

    #[test]
    fn date_skipped_numbers_start_nothing() {
        // Numbers of every width in every context `may_start` looks at:
        // glued or spaced, after and before punctuation, months, units and
        // ordinal suffixes.
        let pieces = [
            "7",
            "12",
            "31",
            "99",
            "123",
            "2016",
            "1990",
            "12345",
            "123456",
            "1234567",
            "20200701",
            "123456789",
            "7",
            "12",
            "123",
            "2016",
            "st",
            "th",
            "nd",
            "century",
            "quarter",
            "-",
            "/",
            ".",
            "–",
            ",",
            "'",
            "(",
            ")",
            "of",
            "the",
            "May",
            "Jan",
            "january",
            "in",
            "a",
            "s",
            "T",
            "people",
            "pp",
            "Q",
            "from",
            "to",
            "and",
            "days ago",
            "weeks from today",
            "th century",
            "st quarter of 2016",
            "th of May",
            "May 2016",
            "- 1995",
            "/2016",
            "-95",
            ".3.2010",
        ];
        for_random_lines(&pieces, 0x5851_f42d_4c95_7f2d, |p, i| {
            if !p.may_start(i) {
                assert!(p.best(i, false).is_none(), "{:?} {i}", p.line);
                assert!(p.best(i, true).is_none(), "{:?} {i}", p.line);
            }
        });
    }

    t!(
        date_year_range_glued,
        "the 2008-2009 season (1992–95)",
        &[(4, 8, "2008"), (9, 13, "2009"), (22, 26, "1992"), (29, 31, "1995")]
    );
    t!(
        date_year_from_through,
        "from 1990 through 1995",
        &[(5, 9, "1990"), (18, 22, "1995")]
    );
    t!(
        date_lower_month_day,
        "on july 4 and mid-march",
        &[(3, 9, "XXXX-07-04"), (14, 23, "XXXX-03")]
    );
    t!(date_page_range, "see pp. 1021-1035 and pages 1990-1995", NONE);
    // Robustness.
    t!(date_unicode, "Ünïcødé — 1 März 1992 日本 (1992)", &[(37, 41, "1992")]);
    t!(date_empty, "", NONE);
    t!(date_no_anchor, "nothing to see here", NONE);
}
