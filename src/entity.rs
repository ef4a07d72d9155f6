//! The vocabulary shared by every stage: entity types, candidate spans, the
//! document a tagger sees, and the [`Tagger`] trait.
//!
//! Taggers propose [`Candidate`]s with byte offsets into the cleaned text;
//! they never decide overlaps (that is `resolve`) nor convert offsets to
//! code points (that is `record`).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// The entity types gazette emits.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// People.
    Person,
    /// Countries, regions, cities, geographic features.
    Location,
    /// Organizations: institutions, companies, parties, bodies.
    Organization,
    /// Calendar dates, months, years, decades.
    Date,
    /// Amounts of money.
    Money,
}

impl EntityType {
    /// Every type, in output order.
    pub const ALL: [EntityType; 5] = [
        EntityType::Person,
        EntityType::Location,
        EntityType::Organization,
        EntityType::Date,
        EntityType::Money,
    ];

    /// The upper-case name used in records and gazetteer files.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Location => "LOCATION",
            EntityType::Organization => "ORGANIZATION",
            EntityType::Date => "DATE",
            EntityType::Money => "MONEY",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityType {
    type Err = String;

    fn from_str(s: &str) -> Result<EntityType, String> {
        let upper = s.trim().to_ascii_uppercase();
        EntityType::ALL.into_iter().find(|t| t.as_str() == upper).ok_or_else(
            || {
                format!(
                    "unknown entity type {s:?} (expected PERSON, LOCATION, \
                     ORGANIZATION, DATE or MONEY)"
                )
            },
        )
    }
}

/// A calendar date (proleptic Gregorian), used as the document date that
/// relative expressions ("yesterday", "last March") resolve against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    /// Year, e.g. 2016.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl CalendarDate {
    /// Parses the date part of an ISO-8601 date or date-time
    /// (`2016-11-07`, `2016-11-07T00:00:00`).
    pub fn parse_iso(s: &str) -> Option<CalendarDate> {
        let date = s.trim().get(..10)?;
        let mut parts = date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let valid = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(CalendarDate { year, month, day })
    }
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The document as taggers see it.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    /// Cleaned text; candidate offsets are bytes into it.
    pub text: &'a str,
    /// Document creation date, if the input gave one.
    pub dct: Option<CalendarDate>,
}

/// A span proposed by a tagger, before overlaps are resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Byte offset of the first byte, in the cleaned text.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Entity type.
    pub kind: EntityType,
    /// Normalized value: canonical name, TIMEX3 date, `"<amount> <ISO>"`.
    /// Borrowed when it is a string of the built-in gazetteer, which lives
    /// as long as the program: most entities are list matches, and copying
    /// each one's name and id was 7 % of the gazetteer stage.
    pub norm: Option<Cow<'static, str>>,
    /// MONEY: numeric amount.
    pub amount: Option<f64>,
    /// MONEY: ISO-4217 code, when the text names a currency.
    pub currency: Option<String>,
    /// Identifier from the gazetteer (GeoNames id, ISO code, QID); borrowed
    /// like [`Candidate::norm`].
    pub id: Option<Cow<'static, str>>,
    /// The list or rule that proposed this span, e.g. `gazetteer`,
    /// `date:dmy`, `person:title`.
    pub method: &'static str,
    /// Higher wins when candidates overlap; see `resolve`.
    pub priority: u8,
}

impl Candidate {
    /// A candidate with no normalization yet.
    pub fn new(
        start: usize,
        end: usize,
        kind: EntityType,
        method: &'static str,
        priority: u8,
    ) -> Candidate {
        Candidate {
            start,
            end,
            kind,
            norm: None,
            amount: None,
            currency: None,
            id: None,
            method,
            priority,
        }
    }

    /// Sets the normalized value.
    pub fn with_norm(mut self, norm: impl Into<String>) -> Candidate {
        self.norm = Some(Cow::Owned(norm.into()));
        self
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }
}

/// Priorities used by the built-in taggers; higher wins an overlap before
/// length is considered. Patterns with a strong shape (a number with a
/// currency, a full date) outrank list lookups of the same text.
pub mod priority {
    /// MONEY patterns: a number next to a currency is unambiguous.
    pub const MONEY: u8 = 90;
    /// DATE patterns.
    pub const DATE: u8 = 80;
    /// Acronyms and names defined in the document itself.
    pub const DEFINED: u8 = 70;
    /// PERSON and ORGANIZATION patterns with a trigger (title, suffix).
    pub const TRIGGERED: u8 = 60;
    /// Gazetteer entries.
    pub const GAZETTEER: u8 = 50;
    /// Weak patterns (given name + capitalised token).
    pub const WEAK: u8 = 40;
    /// Document-level propagation of earlier mentions.
    pub const PROPAGATED: u8 = 30;
}

/// A stage that proposes candidates for a document.
///
/// Taggers are built once, shared by every worker thread, and must not
/// allocate per call more than their output needs.
pub trait Tagger: Send + Sync {
    /// Short name for diagnostics and benches.
    fn name(&self) -> &'static str;

    /// Appends candidates found in `doc` to `out`.
    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_type_parses_case_insensitively() {
        assert_eq!("person".parse::<EntityType>(), Ok(EntityType::Person));
        assert_eq!(" MONEY ".parse::<EntityType>(), Ok(EntityType::Money));
        assert!("MISC".parse::<EntityType>().is_err());
    }

    #[test]
    fn calendar_date_parses_iso_dates_and_datetimes() {
        let d = CalendarDate::parse_iso("2016-11-07T00:00:00").unwrap();
        assert_eq!(d.to_string(), "2016-11-07");
        assert!(CalendarDate::parse_iso("2015-02-29").is_none());
        assert!(CalendarDate::parse_iso("2016-02-29").is_some());
        assert!(CalendarDate::parse_iso("nope").is_none());
    }
}
