//! MONEY patterns: amounts with a currency, normalized to amount + ISO-4217.

use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::gazetteer::Lexicon;
use regex::Regex;
use std::sync::LazyLock;

static DOLLARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$(\d+(?:\.\d+)?) (million|billion)\b").expect("valid regex")
});

/// Finds amounts of money.
#[derive(Debug, Default)]
pub struct MoneyTagger;

impl MoneyTagger {
    /// Builds the tagger from the lists it consults.
    pub fn new(lexicon: &Lexicon) -> MoneyTagger {
        let _ = lexicon;
        MoneyTagger
    }
}

impl Tagger for MoneyTagger {
    fn name(&self) -> &'static str {
        "money"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        for caps in DOLLARS.captures_iter(doc.text) {
            let all = caps.get(0).expect("group 0");
            let scale = if &caps[2] == "million" { 1e6 } else { 1e9 };
            let amount = caps[1].parse::<f64>().unwrap_or(0.0) * scale;
            let mut c = Candidate::new(
                all.start(),
                all.end(),
                EntityType::Money,
                "money:symbol",
                priority::MONEY,
            )
            .with_norm(format!("{amount} USD"));
            c.amount = Some(amount);
            c.currency = Some("USD".into());
            out.push(c);
        }
    }
}
