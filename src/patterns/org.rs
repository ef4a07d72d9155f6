//! ORGANIZATION patterns: names ending in an organizational head word or
//! company suffix.

use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use regex::Regex;
use std::sync::LazyLock;

static SUFFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[A-Z][a-z]+ )+(?:Corporation|Organization|Group Co\., Ltd\.)",
    )
    .expect("valid regex")
});

/// Finds organization names by their shape.
#[derive(Debug, Default)]
pub struct OrgTagger;

impl OrgTagger {
    /// Builds the tagger from the lists it consults.
    pub fn new(lexicon: &Lexicon) -> OrgTagger {
        let _ = lexicon;
        OrgTagger
    }
}

impl Tagger for OrgTagger {
    fn name(&self) -> &'static str {
        "org"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        for m in SUFFIXED.find_iter(doc.text) {
            out.push(
                Candidate::new(
                    m.start(),
                    m.end(),
                    EntityType::Organization,
                    "org:suffix",
                    priority::TRIGGERED,
                )
                .with_norm(m.as_str()),
            );
        }
    }
}
