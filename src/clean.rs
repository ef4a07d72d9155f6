//! Cleaning: raw document text in, [`AlignedText`] out.
//!
//! Removes what is not prose (wiki chrome, footnote marks, markdown residue)
//! through [`AlignedText::apply`] only, so every cleaned offset still maps to
//! the raw input. Taggers never see the raw text; `record` maps spans back.

use crate::text::{AlignedText, Edit};
use regex::Regex;
use std::sync::LazyLock;

/// Footnote marks such as `[8]`, `[a]` and `[edit]`.
static BRACKET_MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(?:\d{1,3}|[a-z]|edit)\]").expect("valid regex")
});

/// Cleans raw text, keeping the alignment to it.
pub fn clean(raw: &str) -> AlignedText {
    let mut aligned = AlignedText::new(raw);
    let edits = BRACKET_MARKS
        .find_iter(aligned.text())
        .map(|m| Edit::delete(m.range()))
        .collect();
    aligned.apply(edits);
    aligned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_footnote_marks() {
        assert_eq!(clean("in 1992.[1] Then[edit]").text(), "in 1992. Then");
    }

    #[test]
    fn clean_leaves_clean_text_unchanged() {
        let text = "Kyrgyzstan favors close relations with Russia.";
        assert!(clean(text).is_identity());
    }
}
