//! The pipeline: one document in, one record out.
//!
//! Composes the stages in order — clean, tag (gazetteer and patterns),
//! resolve, link, filter, record — behind a builder. A [`Pipeline`] is built
//! once and shared by reference across worker threads; processing a
//! document never fails (a problem becomes an error record).

use crate::clean::clean;
use crate::entity::{Candidate, Doc, EntityType, Tagger};
use crate::gazetteer::{self, Gazetteer, GazetteerError};
use crate::link::link;
use crate::patterns::tokens::scan_scope;
use crate::patterns::{
    date::DateTagger, location::LocationTagger, money::MoneyTagger,
    org::OrgTagger, person::PersonTagger,
};
use crate::read::Document;
use crate::record::{self, Record};
use crate::resolve::resolve_in;
use crate::text::AlignedText;
use std::path::PathBuf;
use std::sync::Arc;

/// Configures and builds a [`Pipeline`].
#[derive(Clone, Debug)]
pub struct PipelineBuilder {
    default_gazetteers: bool,
    gazetteer_files: Vec<PathBuf>,
    gazetteer_sources: Vec<(String, String)>,
    clean: bool,
    types: Option<Vec<EntityType>>,
}

impl Default for PipelineBuilder {
    fn default() -> PipelineBuilder {
        PipelineBuilder {
            default_gazetteers: true,
            gazetteer_files: Vec::new(),
            gazetteer_sources: Vec::new(),
            clean: true,
            types: None,
        }
    }
}

impl PipelineBuilder {
    /// Whether to load the gazetteers compiled into the binary (default on).
    pub fn default_gazetteers(&mut self, yes: bool) -> &mut Self {
        self.default_gazetteers = yes;
        self
    }

    /// Adds a user gazetteer file; user lists take priority over defaults.
    pub fn gazetteer_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.gazetteer_files.push(path.into());
        self
    }

    /// Adds a gazetteer given as text (name used in error messages).
    pub fn gazetteer_source(
        &mut self,
        name: impl Into<String>,
        data: impl Into<String>,
    ) -> &mut Self {
        self.gazetteer_sources.push((name.into(), data.into()));
        self
    }

    /// Whether to clean documents before tagging (default on).
    pub fn clean(&mut self, yes: bool) -> &mut Self {
        self.clean = yes;
        self
    }

    /// Restricts output to these types (default: all).
    pub fn types(&mut self, types: Vec<EntityType>) -> &mut Self {
        self.types = Some(types);
        self
    }

    /// Reads the gazetteers and compiles the pipeline.
    pub fn build(&self) -> Result<Pipeline, GazetteerError> {
        let mut user = Vec::new();
        for path in &self.gazetteer_files {
            let data = gazetteer::read_source(path)?;
            user.push((path.display().to_string(), data));
        }
        user.extend(self.gazetteer_sources.iter().cloned());
        let sources = user.iter().map(|(n, d)| (n.as_str(), d.as_str()));
        let gazetteer = Arc::new(if self.default_gazetteers {
            Gazetteer::with_defaults(sources)?
        } else {
            Gazetteer::from_sources(sources)?
        });
        let lexicon = gazetteer.lexicon();
        let lists = gazetteer.name_lists();
        let taggers: Vec<Box<dyn Tagger>> = vec![
            Box::new(GazetteerTagger(Arc::clone(&gazetteer))),
            Box::new(DateTagger::new()),
            Box::new(MoneyTagger::new(lexicon)),
            Box::new(PersonTagger::with_lists(Arc::clone(lists))),
            Box::new(OrgTagger::with_lists(Arc::clone(lists))),
            Box::new(LocationTagger::with_lists(Arc::clone(lists))),
        ];
        Ok(Pipeline {
            clean: self.clean,
            types: self.types.clone(),
            taggers,
            gazetteer,
        })
    }
}

/// Shares one compiled gazetteer as a tagger.
struct GazetteerTagger(Arc<Gazetteer>);

impl Tagger for GazetteerTagger {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        self.0.tag(doc, out)
    }
}

/// A compiled pipeline, shared by all worker threads.
pub struct Pipeline {
    clean: bool,
    types: Option<Vec<EntityType>>,
    taggers: Vec<Box<dyn Tagger>>,
    gazetteer: Arc<Gazetteer>,
}

impl Pipeline {
    /// The gazetteer's automaton alone over `text` (see
    /// [`Gazetteer::bare_scan`]): the speed ceiling to compare with.
    pub fn bare_scan(&self, text: &str) -> usize {
        self.gazetteer.bare_scan(text)
    }

    /// A builder with the defaults: default gazetteers, cleaning on.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The taggers, in the order they run.
    pub fn taggers(&self) -> &[Box<dyn Tagger>] {
        &self.taggers
    }

    /// Tags already-clean text: resolved, linked and filtered candidates
    /// with byte offsets into `doc.text`.
    pub fn extract(&self, doc: &Doc<'_>) -> Vec<Candidate> {
        // All taggers together propose up to about one candidate per 16
        // bytes of wiki prose: reserve once instead of copying the
        // candidates through every doubling.
        let mut candidates = Vec::with_capacity(doc.text.len() / 16 + 8);
        // The name taggers and linking share one token scan of the text.
        let mut entities = scan_scope(doc.text, || {
            for tagger in &self.taggers {
                tagger.tag(doc, &mut candidates);
            }
            let mut entities = resolve_in(doc.text, candidates);
            link(doc.text, &mut entities);
            entities
        });
        if let Some(types) = &self.types {
            entities.retain(|c| types.contains(&c.kind));
        }
        entities
    }

    /// Processes one document into its record.
    pub fn process(&self, document: Document) -> Record {
        let hash = record::content_hash(&document.text);
        self.process_hashed(document, hash)
    }

    /// [`Pipeline::process`] for a caller that has already computed the
    /// document's [`record::content_hash`] (it reads every byte once more).
    pub fn process_hashed(&self, document: Document, hash: String) -> Record {
        let aligned = if self.clean {
            clean(&document.text)
        } else {
            AlignedText::new(&document.text)
        };
        let doc = Doc { text: aligned.text(), dct: document.dct };
        let candidates = self.extract(&doc);
        let entities = record::entities(&aligned, &document.text, candidates);
        let title = match document.title {
            Some(title) => Some(title),
            None if document.infer_title => title_of(aligned.text()),
            None => None,
        };
        Record {
            id: document.id,
            source: document.source,
            hash: Some(hash),
            title,
            text: Some(aligned.into_text()),
            entities: Some(entities),
            lossy_utf8: document.lossy_utf8,
            meta: document.meta,
            error: None,
        }
    }
}

/// The first non-blank line of a text document, if it is short enough to
/// be a title.
fn title_of(text: &str) -> Option<String> {
    let line =
        text.split(['\n', '\r']).map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= 200).then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_name_taggers_share_the_gazetteers_word_tables() {
        let pipeline = Pipeline::builder()
            .default_gazetteers(false)
            .gazetteer_source(
                "t.tsv",
                "Paris\tLOCATION\nJared\tGIVEN\nthe\tSTOP\n",
            )
            .build()
            .expect("pipeline");
        // The gazetteer's own reference and one per name tagger: built
        // once, not once per tagger.
        assert_eq!(Arc::strong_count(pipeline.gazetteer.name_lists()), 4);
        let lists = pipeline.gazetteer.name_lists();
        assert!(lists.given.contains("Jared"));
        assert!(lists.stop.contains_lowercase("The"));
    }
}
