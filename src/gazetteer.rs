//! Gazetteers: name lists compiled once into one Aho-Corasick automaton.
//!
//! Takes TSV lists (`surface<TAB>TYPE<TAB>canonical<TAB>id[<TAB>flags]`) and
//! returns a [`Gazetteer`] that tags PERSON, LOCATION and ORGANIZATION
//! mentions with their canonical name, and a [`Lexicon`] of the non-entity
//! lists other stages consult (given names for PERSON patterns, currency
//! names for MONEY, a stoplist). Overlaps with other taggers are left to
//! `resolve`.
//!
//! Matching policy: case-sensitive, leftmost-longest, and a match counts
//! only on Unicode word boundaries (no letter or digit on either side), so
//! `Osh` never matches inside `Oshkosh`. When the same surface appears in
//! several rows, the first row wins the default sense; files given with
//! `--gazetteer` are loaded before the defaults, so they take priority.

use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Errors from reading gazetteer lists.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A line that does not follow the format.
    #[error("gazetteer {path}:{line}: {msg}")]
    Parse {
        /// File name.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// The file could not be read.
    #[error("gazetteer {path}: {source}")]
    Io {
        /// File name.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The automaton could not be built.
    #[error("building gazetteer automaton: {0}")]
    Build(#[from] aho_corasick::BuildError),
}

/// What a gazetteer row declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A taggable entity.
    Entity(EntityType),
    /// A given name, used by PERSON patterns.
    Given,
    /// A currency name or symbol; canonical is its ISO-4217 code.
    Currency,
    /// A word that must never become an entity on its own.
    Stop,
}

impl RowKind {
    fn parse(s: &str) -> Option<RowKind> {
        // `LOCATION/city` style subtypes are accepted and ignored here.
        let head = s.split('/').next().unwrap_or(s);
        Some(match head {
            "GIVEN" => RowKind::Given,
            "CURRENCY" => RowKind::Currency,
            "STOP" => RowKind::Stop,
            other => RowKind::Entity(other.parse().ok()?),
        })
    }
}

/// One parsed gazetteer row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Text as it appears in documents.
    pub surface: String,
    /// What the row declares.
    pub kind: RowKind,
    /// Canonical name (or ISO code for currencies).
    pub canonical: String,
    /// Identifier (GeoNames id, ISO code, QID), if any.
    pub id: Option<String>,
    /// The surface is also a common English word: accept it only with
    /// supporting context (see [`Gazetteer`]).
    pub common: bool,
}

/// Parses one TSV list. `name` is used in error messages.
pub fn parse_rows(name: &str, data: &str) -> Result<Vec<Row>, GazetteerError> {
    let mut rows = Vec::new();
    for (i, line) in data.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |msg: String| GazetteerError::Parse {
            path: name.to_string(),
            line: i + 1,
            msg,
        };
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(err(format!(
                "expected surface<TAB>TYPE<TAB>canonical<TAB>id, got {line:?}"
            )));
        }
        let surface = cols[0].trim();
        if surface.is_empty() {
            return Err(err("empty surface".to_string()));
        }
        let kind = RowKind::parse(cols[1].trim()).ok_or_else(|| {
            err(format!(
                "unknown type {:?} (expected PERSON, LOCATION, ORGANIZATION, \
                 GIVEN, CURRENCY or STOP)",
                cols[1]
            ))
        })?;
        let canonical = cols.get(2).map(|s| s.trim()).unwrap_or("");
        let id = cols.get(3).map(|s| s.trim()).filter(|s| !s.is_empty());
        let flags = cols.get(4).map(|s| s.trim()).unwrap_or("");
        rows.push(Row {
            surface: surface.to_string(),
            kind,
            canonical: if canonical.is_empty() { surface } else { canonical }
                .to_string(),
            id: id.map(str::to_string),
            common: flags.split(',').any(|f| f.trim() == "common"),
        });
    }
    Ok(rows)
}

/// The default lists compiled into the binary from `gazetteers/*.tsv`.
pub fn default_sources() -> &'static [(&'static str, &'static str)] {
    include!(concat!(env!("OUT_DIR"), "/default_gazetteers.rs"))
}

/// Reads a user list from disk.
pub fn read_source(path: &Path) -> Result<String, GazetteerError> {
    std::fs::read_to_string(path).map_err(|source| GazetteerError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// One reading of a surface.
#[derive(Clone, Debug)]
pub struct Sense {
    /// Entity type.
    pub kind: EntityType,
    /// Canonical name.
    pub canonical: Box<str>,
    /// Identifier, if the list gave one.
    pub id: Option<Box<str>>,
    /// Also a common English word.
    pub common: bool,
}

/// Lists that are not entities themselves but inform other stages.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Given names (as written, e.g. `Sadyr`).
    pub given_names: HashSet<Box<str>>,
    /// Currency surface forms (as written) to ISO-4217 codes.
    pub currencies: HashMap<Box<str>, Box<str>>,
    /// Lower-cased words that never form an entity alone.
    pub stopwords: HashSet<Box<str>>,
}

/// The compiled gazetteer.
pub struct Gazetteer {
    automaton: AhoCorasick,
    /// Senses per pattern index; the first is the default.
    senses: Vec<Vec<Sense>>,
    lexicon: Lexicon,
}

impl Gazetteer {
    /// Compiles named sources (in priority order) into a gazetteer.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut senses: Vec<Vec<Sense>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut lexicon = Lexicon::default();
        for (name, data) in sources {
            for row in parse_rows(name, data)? {
                match row.kind {
                    RowKind::Entity(kind) => {
                        let sense = Sense {
                            kind,
                            canonical: row.canonical.into(),
                            id: row.id.map(Into::into),
                            common: row.common,
                        };
                        match index.get(&row.surface) {
                            Some(&i) => {
                                if !senses[i].iter().any(|s| s.kind == kind) {
                                    senses[i].push(sense);
                                }
                            }
                            None => {
                                index.insert(
                                    row.surface.clone(),
                                    patterns.len(),
                                );
                                patterns.push(row.surface);
                                senses.push(vec![sense]);
                            }
                        }
                    }
                    RowKind::Given => {
                        lexicon.given_names.insert(row.surface.into());
                    }
                    RowKind::Currency => {
                        lexicon
                            .currencies
                            .entry(row.surface.into())
                            .or_insert(row.canonical.into());
                    }
                    RowKind::Stop => {
                        lexicon
                            .stopwords
                            .insert(row.surface.to_lowercase().into());
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        Ok(Gazetteer { automaton, senses, lexicon })
    }

    /// The non-entity lists.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Number of distinct surfaces in the automaton.
    pub fn len(&self) -> usize {
        self.senses.len()
    }

    /// Whether the automaton holds no surface.
    pub fn is_empty(&self) -> bool {
        self.senses.is_empty()
    }

    /// Chooses a sense for a match from its context, or none to reject it.
    fn choose<'s>(
        &self,
        text: &str,
        start: usize,
        end: usize,
        senses: &'s [Sense],
    ) -> Option<(&'s Sense, &'static str)> {
        let surface = &text[start..end];
        if !surface.contains(' ')
            && self.lexicon.stopwords.contains(surface.to_lowercase().as_str())
        {
            return None;
        }
        let before = previous_word(text, start);
        let place_cue = matches!(
            before,
            "in" | "at" | "near" | "from" | "to" | "into" | "across" | "of"
        );
        let person_cue = is_title(before);
        let pick = |kind| senses.iter().find(|s| s.kind == kind);
        let (sense, method) = if senses.len() > 1 && person_cue {
            match pick(EntityType::Person) {
                Some(s) => (s, "gazetteer:context-title"),
                None => (&senses[0], "gazetteer"),
            }
        } else if senses.len() > 1 && place_cue {
            match pick(EntityType::Location) {
                Some(s) => (s, "gazetteer:context-place"),
                None => (&senses[0], "gazetteer"),
            }
        } else {
            (&senses[0], "gazetteer")
        };
        if sense.common && !surface.contains(' ') && !place_cue {
            return None;
        }
        Some((sense, method))
    }
}

/// Whether `word` is a title that precedes a person's name.
pub fn is_title(word: &str) -> bool {
    matches!(
        word,
        "President"
            | "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Dr"
            | "Minister"
            | "Premier"
            | "Chairman"
            | "Speaker"
            | "General"
            | "Gen."
            | "Secretary"
    )
}

/// The word immediately before byte offset `pos` (skipping spaces).
pub fn previous_word(text: &str, pos: usize) -> &str {
    let head = text[..pos].trim_end();
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &head[start..]
}

/// Whether byte offsets `start..end` of `text` sit on word boundaries.
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric)
        && !after.is_some_and(char::is_alphanumeric)
}

impl Tagger for Gazetteer {
    fn name(&self) -> &'static str {
        "gazetteer"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        let text = doc.text;
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) =
                self.automaton.find(Input::new(text).span(pos..text.len()))
            else {
                break;
            };
            if !on_word_boundaries(text, m.start(), m.end()) {
                // Retry one char later so a shorter name inside a failed
                // longer match is still found.
                pos = m.start()
                    + text[m.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                continue;
            }
            let senses = &self.senses[m.pattern().as_usize()];
            if let Some((sense, method)) =
                self.choose(text, m.start(), m.end(), senses)
            {
                let mut c = Candidate::new(
                    m.start(),
                    m.end(),
                    sense.kind,
                    method,
                    priority::GAZETTEER,
                )
                .with_norm(&*sense.canonical);
                c.id = sense.id.as_deref().map(str::to_string);
                out.push(c);
            }
            pos = m.end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(g: &Gazetteer, text: &str) -> Vec<(String, EntityType, String)> {
        let mut out = Vec::new();
        g.tag(&Doc { text, dct: None }, &mut out);
        out.into_iter()
            .map(|c| {
                (text[c.start..c.end].to_string(), c.kind, c.norm.unwrap())
            })
            .collect()
    }

    const LIST: &str = "# test list\n\
        PRC\tLOCATION\tChina\tCN\n\
        China\tLOCATION\tChina\tCN\n\
        Osh\tLOCATION\tOsh\t\n\
        Kant\tLOCATION\tKant\t\n\
        Kant\tPERSON\tImmanuel Kant\t\n\
        Shanghai Cooperation Organization\tORGANIZATION\t\t\n\
        Shanghai\tLOCATION\t\t\n\
        Central\tLOCATION\tCentral\t\tcommon\n\
        Sadyr\tGIVEN\t\t\n\
        som\tCURRENCY\tKGS\t\n";

    #[test]
    fn gazetteer_maps_alias_to_canonical() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        assert_eq!(
            tag(&g, "the PRC and China"),
            vec![
                ("PRC".into(), EntityType::Location, "China".into()),
                ("China".into(), EntityType::Location, "China".into())
            ]
        );
    }

    #[test]
    fn gazetteer_respects_word_boundaries() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        assert!(tag(&g, "Oshkosh and POsh").is_empty());
        assert_eq!(tag(&g, "(Osh)").len(), 1);
    }

    #[test]
    fn gazetteer_prefers_longest() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        let found = tag(&g, "the Shanghai Cooperation Organization met");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, EntityType::Organization);
    }

    #[test]
    fn gazetteer_resolves_ambiguity_from_context() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        assert_eq!(tag(&g, "an airbase at Kant")[0].1, EntityType::Location);
        assert_eq!(
            tag(&g, "Philosopher Kant wrote")[0].1,
            EntityType::Location
        );
        assert_eq!(tag(&g, "General Kant wrote")[0].1, EntityType::Person);
    }

    #[test]
    fn gazetteer_common_words_need_support() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        assert!(tag(&g, "Central Asia").is_empty());
        assert_eq!(tag(&g, "a town in Central").len(), 1);
    }

    #[test]
    fn gazetteer_fills_lexicon() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        assert!(g.lexicon().given_names.contains("Sadyr"));
        assert_eq!(
            g.lexicon().currencies.get("som").map(|s| &**s),
            Some("KGS")
        );
    }

    #[test]
    fn gazetteer_bad_line_names_file_and_line() {
        let err = Gazetteer::from_sources([("mine.tsv", "# c\nOsh\tPLACE\n")])
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "gazetteer mine.tsv:2: unknown type \"PLACE\" (expected PERSON, \
             LOCATION, ORGANIZATION, GIVEN, CURRENCY or STOP)"
        );
    }
}
