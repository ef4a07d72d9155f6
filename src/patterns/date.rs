//! DATE patterns: finds dates and normalizes them to ISO-8601/TIMEX3 values
//! at the precision the text gives.

use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December),? (\d{4})\b",
    )
    .expect("valid regex")
});

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
        for caps in DAY_MONTH_YEAR.captures_iter(doc.text) {
            let all = caps.get(0).expect("group 0");
            let day: u32 = caps[1].parse().unwrap_or(0);
            let month =
                MONTHS.iter().position(|m| *m == &caps[2]).unwrap_or(0) + 1;
            let norm = format!("{}-{:02}-{:02}", &caps[3], month, day);
            out.push(
                Candidate::new(
                    all.start(),
                    all.end(),
                    EntityType::Date,
                    "date:dmy",
                    priority::DATE,
                )
                .with_norm(norm),
            );
        }
    }
}
