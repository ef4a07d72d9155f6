//! PERSON patterns: titles, initials and given names followed by
//! capitalised surnames.

use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use regex::Regex;
use std::sync::LazyLock;

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:President|Prime Minister|Mr\.|Mrs\.|Dr\.) ((?:[A-Z][a-z]+ )*[A-Z][a-z]+)")
        .expect("valid regex")
});

/// Finds people's names by their shape and context.
#[derive(Debug, Default)]
pub struct PersonTagger;

impl PersonTagger {
    /// Builds the tagger from the lists it consults.
    pub fn new(lexicon: &Lexicon) -> PersonTagger {
        let _ = lexicon;
        PersonTagger
    }
}

impl Tagger for PersonTagger {
    fn name(&self) -> &'static str {
        "person"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        for caps in TITLED.captures_iter(doc.text) {
            let name = caps.get(1).expect("group 1");
            out.push(
                Candidate::new(
                    name.start(),
                    name.end(),
                    EntityType::Person,
                    "person:title",
                    priority::TRIGGERED,
                )
                .with_norm(name.as_str()),
            );
        }
    }
}
