//! Gazetteers: name lists compiled into Aho-Corasick automata.
//!
//! Takes TSV lists (`surface<TAB>TYPE<TAB>canonical<TAB>id[<TAB>flags]`,
//! TYPE may carry a subtype such as `LOCATION/city`) and returns a
//! [`Gazetteer`] that tags PERSON, LOCATION and ORGANIZATION mentions with
//! their canonical name and id, and a [`Lexicon`] of the non-entity lists
//! other stages consult (given names for PERSON patterns, currency names for
//! MONEY, a stoplist). Overlaps with other taggers are left to `resolve`.
//!
//! Loading: the default lists are compiled at build time (`build.rs`) into a
//! serialized daachorse automaton plus a packed table of senses, so start-up
//! only deserializes them; user lists (`--gazetteer`) are compiled at run
//! time into a second, small automaton that takes priority.
//!
//! Matching policy: case-sensitive; a match counts only on Unicode word
//! boundaries (no letter or digit on either side), so `Osh` never matches
//! inside `Oshkosh`; among matches the leftmost, then the longest wins, and
//! a match the context rejects gives way to a shorter or later one. When the
//! same surface appears in several rows, the first row gives the default
//! sense and later rows add senses of other types; user lists come first.
//!
//! Ambiguity: a stoplisted word (type STOP) is never an entity on its own;
//! a `common` row needs a place cue (`in`, `near`, ...); a surface with both
//! a PERSON and a LOCATION sense (`Kant`) is decided by the words around it
//! (or by how context decided it elsewhere in the document), and the
//! candidate's `method` names the rule that decided.

use crate::entity::{Candidate, Doc, EntityType, Tagger, priority};
use crate::packed_senses::{self, PackedSense};
use crate::patterns::tokens::{FastMap, FastSet, NameLists, with_lowercase};
use daachorse::{
    DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// The automaton could not be built or loaded.
    #[error("building gazetteer automaton: {0}")]
    Build(String),
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
    // One row per line at most: the built-in lexicon's 18k rows grew the
    // vector fourteen times, copying it each time, on the start-up path.
    let mut rows = Vec::with_capacity(
        memchr::memchr_iter(b'\n', data.as_bytes()).count() + 1,
    );
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
        // Columns past the fifth are ignored; missing ones read as empty.
        // An array, not a vector per row: rows are parsed at every start.
        let mut cols = [""; 5];
        let mut count = 0;
        for col in line.split('\t') {
            if let Some(slot) = cols.get_mut(count) {
                *slot = col;
            }
            count += 1;
        }
        if count < 2 {
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
        let canonical = cols[2].trim();
        let id = Some(cols[3].trim()).filter(|s| !s.is_empty());
        let flags = cols[4].trim();
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

/// A sense borrowed from either table form.
#[derive(Clone, Copy, Debug)]
struct SenseRef<'a> {
    kind: EntityType,
    canonical: SenseStr<'a>,
    id: Option<SenseStr<'a>>,
    common: bool,
}

/// A string of a sense: of the built-in table, which lives as long as the
/// program and so goes into a candidate without a copy, or of a table
/// compiled at run time, which the candidate must copy.
#[derive(Clone, Copy, Debug)]
enum SenseStr<'a> {
    BuiltIn(&'static str),
    Compiled(&'a str),
}

impl<'a> SenseStr<'a> {
    fn as_str(self) -> &'a str {
        match self {
            SenseStr::BuiltIn(s) => s,
            SenseStr::Compiled(s) => s,
        }
    }

    fn to_cow(self) -> Cow<'static, str> {
        match self {
            SenseStr::BuiltIn(s) => Cow::Borrowed(s),
            SenseStr::Compiled(s) => Cow::Owned(s.to_string()),
        }
    }
}

impl Sense {
    fn as_ref(&self) -> SenseRef<'_> {
        SenseRef {
            kind: self.kind,
            canonical: SenseStr::Compiled(&self.canonical),
            id: self.id.as_deref().map(SenseStr::Compiled),
            common: self.common,
        }
    }
}

/// Lists that are not entities themselves but inform other stages.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Given names (as written, e.g. `Sadyr`).
    // The fast word hasher, not SipHash: these sets are probed for most
    // words of every document (SipHash was ~4% of a run).
    pub given_names: FastSet<Box<str>>,
    /// Currency surface forms (as written) to ISO-4217 codes.
    pub currencies: FastMap<Box<str>, Box<str>>,
    /// Lower-cased words that never form an entity alone.
    pub stopwords: FastSet<Box<str>>,
}

impl Lexicon {
    /// Whether `word`, lower-cased, is a stopword. Asked for most matches
    /// of every document, so short ASCII words are lower-cased on the
    /// stack rather than into a new `String` each time.
    pub fn is_stopword(&self, word: &str) -> bool {
        let mut buf = [0u8; 32];
        if word.is_ascii() && word.len() <= buf.len() {
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII in, ASCII out: always valid UTF-8.
            return std::str::from_utf8(lower)
                .is_ok_and(|w| self.stopwords.contains(w));
        }
        self.stopwords.contains(word.to_lowercase().as_str())
    }

    fn add(&mut self, row: Row) {
        match row.kind {
            RowKind::Given => {
                self.given_names.insert(row.surface.into());
            }
            RowKind::Currency => {
                self.currencies
                    .entry(row.surface.into())
                    .or_insert(row.canonical.into());
            }
            RowKind::Stop => {
                self.stopwords.insert(row.surface.to_lowercase().into());
            }
            RowKind::Entity(_) => {}
        }
    }
}

/// The senses of one automaton's surfaces, by pattern index.
enum SenseTable {
    /// Compiled at run time.
    Owned(Vec<Vec<Sense>>),
    /// Compiled by `build.rs` in the layout of [`packed_senses`]; read in
    /// place per match, never decoded at start-up.
    Packed {
        strings: &'static str,
        records: &'static [u8],
        offsets: &'static [u8],
    },
}

impl SenseTable {
    fn len(&self) -> usize {
        match self {
            SenseTable::Owned(v) => v.len(),
            SenseTable::Packed { offsets, .. } => {
                (offsets.len() / 4).saturating_sub(1)
            }
        }
    }

    /// Appends the senses of surface `i` to `out`.
    fn get<'a>(&'a self, i: usize, out: &mut Vec<SenseRef<'a>>) {
        match self {
            SenseTable::Owned(v) => {
                if let Some(list) = v.get(i) {
                    out.extend(list.iter().map(Sense::as_ref));
                }
            }
            SenseTable::Packed { strings, records, offsets } => {
                let Some((a, b)) = packed_senses::surface_records(offsets, i)
                else {
                    return;
                };
                let len = packed_senses::RECORD_LEN;
                let Some(mine) = records.get(a * len..b * len) else { return };
                let strings: &'static str = strings;
                out.reserve(mine.len() / len);
                for record in mine.chunks_exact(len) {
                    if let Some(sense) = packed_senses::read(strings, record)
                        .and_then(sense_ref)
                    {
                        out.push(sense);
                    }
                }
            }
        }
    }
}

/// A packed sense as the tagger uses it (`None` for an unknown kind code).
fn sense_ref<'a>(p: PackedSense<'static>) -> Option<SenseRef<'a>> {
    let kind = match p.kind {
        packed_senses::PERSON => EntityType::Person,
        packed_senses::LOCATION => EntityType::Location,
        packed_senses::ORGANIZATION => EntityType::Organization,
        _ => return None,
    };
    Some(SenseRef {
        kind,
        canonical: SenseStr::BuiltIn(p.canonical),
        id: (!p.id.is_empty()).then_some(SenseStr::BuiltIn(p.id)),
        common: p.common,
    })
}

/// The automaton `build.rs` compiled from the default lists.
static DEFAULT_AUTOMATON: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.daac"));

/// One automaton with its senses.
struct Layer {
    automaton: DoubleArrayAhoCorasick<u32>,
    senses: SenseTable,
}

impl Layer {
    /// Compiles surfaces (distinct, in index order) into a layer.
    fn build(
        surfaces: &[String],
        senses: Vec<Vec<Sense>>,
    ) -> Result<Option<Layer>, GazetteerError> {
        if surfaces.is_empty() {
            return Ok(None);
        }
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(
                surfaces
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.as_str(), i as u32)),
            )
            .map_err(|e| GazetteerError::Build(e.to_string()))?;
        Ok(Some(Layer { automaton, senses: SenseTable::Owned(senses) }))
    }

    /// The layer `build.rs` compiled from the default lists.
    fn precompiled() -> Layer {
        static STRINGS: &str =
            include_str!(concat!(env!("OUT_DIR"), "/gazetteer.strings"));
        static RECORDS: &[u8] =
            include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.records"));
        static OFFSETS: &[u8] =
            include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.offsets"));
        // SAFETY: `build.rs` wrote these bytes with `serialize` of the
        // same daachorse version, in this build, and they are compiled into
        // the binary: they cannot come from anywhere else. The checked form
        // re-validates every state on each start (about half of loading the
        // automaton, which is the longest step of start-up);
        // `precompiled_automaton_is_valid` runs that validation in the tests.
        let (automaton, _) = unsafe {
            DoubleArrayAhoCorasick::<u32>::deserialize_unchecked(
                DEFAULT_AUTOMATON,
            )
        };
        Layer {
            automaton,
            senses: SenseTable::Packed {
                strings: STRINGS,
                records: RECORDS,
                offsets: OFFSETS,
            },
        }
    }

    /// The pattern index of exactly `surface`, if the layer has it.
    fn lookup(&self, surface: &str) -> Option<usize> {
        self.automaton
            .find_overlapping_iter(surface)
            .find(|m| m.start() == 0 && m.end() == surface.len())
            .map(|m| m.value() as usize)
    }
}

/// Collects rows into distinct surfaces and their senses, first row first.
#[derive(Default)]
struct Collector {
    surfaces: Vec<String>,
    senses: Vec<Vec<Sense>>,
    index: HashMap<String, usize>,
    lexicon: Lexicon,
}

impl Collector {
    fn add_sources<'a>(
        &mut self,
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<(), GazetteerError> {
        for (name, data) in sources {
            for row in parse_rows(name, data)? {
                let RowKind::Entity(kind) = row.kind else {
                    self.lexicon.add(row);
                    continue;
                };
                let sense = Sense {
                    kind,
                    canonical: row.canonical.into(),
                    id: row.id.map(Into::into),
                    common: row.common,
                };
                match self.index.get(&row.surface) {
                    Some(&i) => {
                        if !self.senses[i].iter().any(|s| s.kind == kind) {
                            self.senses[i].push(sense);
                        }
                    }
                    None => {
                        self.index
                            .insert(row.surface.clone(), self.surfaces.len());
                        self.surfaces.push(row.surface);
                        self.senses.push(vec![sense]);
                    }
                }
            }
        }
        Ok(())
    }
}

/// The compiled gazetteer: an optional run-time layer (user lists) that
/// takes priority over an optional precompiled layer (default lists).
pub struct Gazetteer {
    user: Option<Layer>,
    defaults: Option<Layer>,
    lexicon: Lexicon,
    /// The lexicon's stopwords and given names again, as tables that
    /// answer without hashing a string (asked for most matches); shared
    /// with the name taggers.
    lists: Arc<NameLists>,
}

/// A raw match before the context decides.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    /// 0 = user layer, 1 = default layer.
    layer: u8,
    pattern: usize,
}

/// Sorts hits by start, longest first, then by layer.
///
/// The automaton reports matches by where they end, so a hit is out of
/// place only behind the few shorter matches inside it: moving each back
/// to its place (stable, like the sort) is a few steps per hit, where a
/// general sort compared every hit several times. Text where hits move
/// far (many names nested in long ones) falls back to that sort, so the
/// cost stays bounded.
fn sort_hits(hits: &mut [Hit]) {
    let key = |h: &Hit| (h.start, std::cmp::Reverse(h.end), h.layer);
    let mut budget = 4 * hits.len() + 64;
    for i in 1..hits.len() {
        let mut j = i;
        while j > 0 && key(&hits[j]) < key(&hits[j - 1]) {
            if budget == 0 {
                // Only strictly misordered neighbours were swapped, so
                // equal keys are still in their first order.
                hits.sort_by_key(key);
                return;
            }
            budget -= 1;
            hits.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// How a sense was chosen; becomes the candidate's `method`.
const METHOD_PLAIN: &str = "gazetteer";
const METHOD_TITLE: &str = "gazetteer:context-title";
const METHOD_PLACE: &str = "gazetteer:context-place";
const METHOD_VERB: &str = "gazetteer:context-verb";
const METHOD_DOCUMENT: &str = "gazetteer:context-document";
const METHOD_DEFAULT: &str = "gazetteer:default-sense";
const METHOD_GIVEN: &str = "gazetteer:given-name";

impl Gazetteer {
    /// Compiles named sources (in priority order) into a gazetteer, all at
    /// run time. Use [`Gazetteer::with_defaults`] for the built-in lists.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut c = Collector::default();
        c.add_sources(sources)?;
        Ok(Gazetteer::new(
            Layer::build(&c.surfaces, c.senses)?,
            None,
            c.lexicon,
        ))
    }

    /// The built-in lists (precompiled, loaded in milliseconds) under user
    /// sources compiled at run time; user rows take priority.
    pub fn with_defaults<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Gazetteer, GazetteerError> {
        static LEXICON: &str =
            include_str!(concat!(env!("OUT_DIR"), "/gazetteer.lexicon"));
        // Copying the automaton in is most of start-up and needs nothing
        // else: it runs on a second core while the lists are read here.
        let (defaults, mut c) = std::thread::scope(|scope| {
            let defaults = scope.spawn(Layer::precompiled);
            let mut c = Collector::default();
            // User rows first: their lexicon entries take priority.
            let read = c
                .add_sources(sources)
                .and_then(|()| c.add_sources([("defaults", LEXICON)]));
            let defaults = defaults
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            read.map(|()| (defaults, c))
        })?;
        // A user surface that is also a default one hides the default
        // match, so it inherits the default senses of other types.
        let mut extra = Vec::new();
        for (i, surface) in c.surfaces.iter().enumerate() {
            if let Some(p) = defaults.lookup(surface) {
                defaults.senses.get(p, &mut extra);
                for s in extra.drain(..) {
                    if !c.senses[i].iter().any(|u| u.kind == s.kind) {
                        c.senses[i].push(Sense {
                            kind: s.kind,
                            canonical: s.canonical.as_str().into(),
                            id: s.id.map(|id| id.as_str().into()),
                            common: s.common,
                        });
                    }
                }
            }
        }
        Ok(Gazetteer::new(
            Layer::build(&c.surfaces, c.senses)?,
            Some(defaults),
            c.lexicon,
        ))
    }

    fn new(
        user: Option<Layer>,
        defaults: Option<Layer>,
        lexicon: Lexicon,
    ) -> Gazetteer {
        let lists = Arc::new(NameLists::new(&lexicon));
        Gazetteer { user, defaults, lexicon, lists }
    }

    /// The lexicon's given names and stopwords as built tables, for the
    /// name taggers to share.
    pub(crate) fn name_lists(&self) -> &Arc<NameLists> {
        &self.lists
    }

    /// The non-entity lists.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Number of distinct surfaces in the automata (a surface in both the
    /// user and the default lists counts twice).
    pub fn len(&self) -> usize {
        [&self.user, &self.defaults]
            .iter()
            .filter_map(|l| l.as_ref())
            .map(|l| l.senses.len())
            .sum()
    }

    /// The number of raw automaton matches in `text`: no boundary checks,
    /// no senses, no candidates. This bare scan is the practical ceiling
    /// of the whole pipeline's speed (`extract --bare-scan` and the
    /// benches measure it).
    pub fn bare_scan(&self, text: &str) -> usize {
        [&self.user, &self.defaults]
            .iter()
            .filter_map(|l| l.as_ref())
            .map(|l| l.automaton.find_overlapping_iter(text).count())
            .sum()
    }

    /// Whether the automata hold no surface.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn layer(&self, layer: u8) -> Option<&Layer> {
        if layer == 0 { self.user.as_ref() } else { self.defaults.as_ref() }
    }

    /// Every match on word boundaries, sorted by start, longest first,
    /// user layer first.
    fn hits(&self, text: &str) -> Vec<Hit> {
        // About one hit per 35 bytes of running text: reserve once rather
        // than copy the vector as it doubles.
        let mut hits = Vec::with_capacity(text.len() / 32);
        for layer in 0..2u8 {
            let Some(l) = self.layer(layer) else { continue };
            for m in l.automaton.find_overlapping_iter(text) {
                // Byte matches of whole UTF-8 patterns start and end on
                // char boundaries; checked anyway before slicing.
                if text.is_char_boundary(m.start())
                    && text.is_char_boundary(m.end())
                    && on_word_boundaries(text, m.start(), m.end())
                {
                    hits.push(Hit {
                        start: m.start(),
                        end: m.end(),
                        layer,
                        pattern: m.value() as usize,
                    });
                }
            }
        }
        sort_hits(&mut hits);
        hits
    }

    /// Chooses a sense for a match from its context, or none to reject it.
    fn choose<'s>(
        &self,
        text: &str,
        start: usize,
        end: usize,
        senses: &[SenseRef<'s>],
    ) -> Option<(SenseRef<'s>, &'static str)> {
        let surface = &text[start..end];
        let first = *senses.first()?;
        let single = !has_space(surface);
        if single && self.lists.stop.contains_lowercase(surface) {
            return None;
        }
        // Most surfaces have one plain sense, which needs no context.
        if senses.len() == 1 && !(first.common && single) {
            return Some((first, METHOD_PLAIN));
        }
        let cue = context_cue(text, start, end);
        let pick = |kind| senses.iter().copied().find(|s| s.kind == kind);
        let (sense, method) = if senses.len() == 1 {
            (first, METHOD_PLAIN)
        } else if let Some((kind, method)) =
            cue.and_then(|(k, m)| pick(k).map(|s| (s, m)))
        {
            (kind, method)
        } else {
            // A sense flagged common needs a cue; another sense may not.
            let plain = senses.iter().copied().find(|s| !s.common);
            (plain.unwrap_or(first), METHOD_DEFAULT)
        };
        let place_cue = cue.is_some_and(|(k, _)| k == EntityType::Location);
        if sense.common && single && !place_cue {
            return None;
        }
        Some((sense, method))
    }
}

impl Gazetteer {
    /// When a one-word match directly follows a given name ("Mike
    /// Stewart", "Moses Mendelssohn"), the pair is a person's name: returns
    /// the start of the given name and the norm (the listed person's
    /// canonical name when it agrees, else the text itself).
    fn given_name_before(
        &self,
        text: &str,
        h: Hit,
        sense: SenseRef<'_>,
    ) -> Option<(usize, String)> {
        let bytes = text.as_bytes();
        // One word, one space before it: byte tests, where `contains` and
        // `ends_with` were calls for a few bytes.
        if h.start == 0 || bytes[h.start - 1] != b' ' {
            return None;
        }
        let surface = &text[h.start..h.end];
        if has_space(surface) {
            return None;
        }
        let head = &text[..h.start - 1];
        let given = previous_word(head, head.len());
        // `previous_word` skips spaces: the word ends the head only when
        // exactly one space separates it from the match.
        let ends_head = given.as_bytes().as_ptr_range().end
            == head.as_bytes().as_ptr_range().end;
        if given.is_empty()
            || !ends_head
            || !self.lists.given.contains(given)
            || self.lists.stop.contains_lowercase(given)
        {
            return None;
        }
        let start = head.len() - given.len();
        // A capitalised word opening a sentence may be an ordinary word
        // ("Will"); trust it only when the match itself can be a person.
        let opens_sentence = text[..start]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"'));
        if opens_sentence && sense.kind != EntityType::Person {
            return None;
        }
        let full = &text[start..h.end];
        let canonical = sense.canonical.as_str();
        let norm = if sense.kind == EntityType::Person
            && canonical.starts_with(given)
            && canonical.ends_with(surface)
        {
            canonical.to_string()
        } else {
            full.to_string()
        };
        Some((start, norm))
    }
}

/// Whether `s` holds an ASCII space. For the short names of list matches
/// a plain loop: `str::contains` and `<[u8]>::contains` call `memchr`,
/// which cost 2 M instructions more per 2 MB at one call site alone.
#[allow(clippy::manual_contains)]
fn has_space(s: &str) -> bool {
    s.as_bytes().iter().any(|&b| b == b' ')
}

/// What the words around a match say about its type: a title or role noun
/// before, or a speech verb after, mean a person; a place preposition
/// before, or a place noun after, mean a location.
fn context_cue(
    text: &str,
    start: usize,
    end: usize,
) -> Option<(EntityType, &'static str)> {
    let before = previous_word(text, start);
    if is_title(before) || is_role(before) {
        return Some((EntityType::Person, METHOD_TITLE));
    }
    let after = next_word(text, end);
    if matches!(
        after,
        "said"
            | "says"
            | "wrote"
            | "writes"
            | "argued"
            | "argues"
            | "told"
            | "believed"
            | "believes"
            | "claimed"
            | "thought"
            | "stated"
            | "declared"
            | "died"
    ) && !matches!(before, "in" | "at" | "from" | "near")
    {
        return Some((EntityType::Person, METHOD_VERB));
    }
    if matches!(
        before,
        "in" | "at"
            | "near"
            | "from"
            | "to"
            | "into"
            | "across"
            | "via"
            | "outside"
            | "towards"
            | "toward"
    ) || matches!(
        after.trim_end_matches([',', '.', ';']),
        "airbase"
            | "airport"
            | "Airport"
            | "district"
            | "District"
            | "city"
            | "town"
            | "village"
            | "region"
            | "Region"
            | "province"
            | "Province"
            | "Oblast"
            | "River"
            | "Valley"
    ) {
        return Some((EntityType::Location, METHOD_PLACE));
    }
    None
}

/// Lower-case role nouns that precede a person's name ("philosopher Kant").
fn is_role(word: &str) -> bool {
    // The nouns below have 4 to 11 bytes; lower-casing keeps an ASCII
    // word's length, so most words before a match are out at once.
    if word.is_ascii() && !(4..=11).contains(&word.len()) {
        return false;
    }
    with_lowercase(word, |w| {
        matches!(
            w,
            "philosopher"
                | "writer"
                | "author"
                | "poet"
                | "president"
                | "minister"
                | "premier"
                | "chairman"
                | "leader"
                | "ambassador"
                | "envoy"
                | "professor"
                | "prof."
                | "senator"
                | "governor"
                | "mayor"
                | "king"
                | "queen"
                | "emperor"
                | "general"
                | "colonel"
                | "journalist"
                | "economist"
                | "scientist"
        )
    })
}

/// The word immediately after byte offset `pos` (skipping spaces), without
/// trailing punctuation other than `.,;`.
fn next_word(text: &str, pos: usize) -> &str {
    let tail = text.get(pos..).unwrap_or("");
    let mut start = 0;
    while let Some((c, len)) = char_at(tail, start) {
        if !c.is_whitespace() {
            break;
        }
        start += len;
    }
    let mut end = start;
    while let Some((c, len)) = char_at(tail, end) {
        if c.is_whitespace() {
            break;
        }
        end += len;
    }
    &tail[start..end]
}

/// The char starting at byte `at` of `s` (a char boundary) and its
/// length; ASCII without decoding.
fn char_at(s: &str, at: usize) -> Option<(char, usize)> {
    match *s.as_bytes().get(at)? {
        b if b < 0x80 => Some((b as char, 1)),
        _ => s[at..].chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// The char ending at byte `at` of `s` (a char boundary) and its length;
/// ASCII without decoding.
fn char_before(s: &str, at: usize) -> Option<(char, usize)> {
    match *s.as_bytes().get(at.checked_sub(1)?)? {
        b if b < 0x80 => Some((b as char, 1)),
        _ => s[..at].chars().next_back().map(|c| (c, c.len_utf8())),
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
    let head = &text[..pos];
    let bytes = head.as_bytes();
    // ASCII bytes are decided by their value; a non-ASCII one (a UTF-8
    // continuation or lead byte) sends the search to the char walk, which
    // knows Unicode whitespace. Asked for most list matches, where the
    // word before is short and plain.
    let mut end = pos;
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            return previous_word_by_char(head, end);
        }
        if !is_ascii_space(b) {
            break;
        }
        end -= 1;
    }
    let mut start = end;
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            return previous_word_by_char(head, end);
        }
        if is_ascii_space(b) {
            break;
        }
        start -= 1;
    }
    &head[start..end]
}

/// `char::is_whitespace` for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    // 0x0B is `char::is_whitespace` but not `u8::is_ascii_whitespace`.
    b.is_ascii_whitespace() || b == 0x0b
}

/// [`previous_word`] for text that is not ASCII near `pos`: the spaces
/// before `end` skipped, then the word before them.
#[cold]
fn previous_word_by_char(head: &str, mut end: usize) -> &str {
    while let Some((c, len)) = char_before(head, end) {
        if !c.is_whitespace() {
            break;
        }
        end -= len;
    }
    let mut start = end;
    while let Some((c, len)) = char_before(head, start) {
        if c.is_whitespace() {
            break;
        }
        start -= len;
    }
    &head[start..end]
}

/// Whether byte offsets `start..end` of `text` sit on word boundaries.
#[inline]
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    // An ASCII neighbour (nearly always) is decided by its byte; the char
    // walk for others is kept out of the list scan's loop.
    let before = start.checked_sub(1).and_then(|i| bytes.get(i));
    let after = bytes.get(end);
    match (before, after) {
        (Some(b), _) if b.is_ascii_alphanumeric() => false,
        (_, Some(a)) if a.is_ascii_alphanumeric() => false,
        (None | Some(0..0x80), None | Some(0..0x80)) => true,
        _ => on_word_boundaries_by_char(text, start, end),
    }
}

/// [`on_word_boundaries`] with a non-ASCII neighbour.
#[cold]
#[inline(never)]
fn on_word_boundaries_by_char(text: &str, start: usize, end: usize) -> bool {
    let before = char_before(text, start).map(|(c, _)| c);
    let after = char_at(text, end).map(|(c, _)| c);
    !before.is_some_and(char::is_alphanumeric)
        && !after.is_some_and(char::is_alphanumeric)
}

impl Tagger for Gazetteer {
    fn name(&self) -> &'static str {
        "gazetteer"
    }

    fn tag(&self, doc: &Doc<'_>, out: &mut Vec<Candidate>) {
        let text = doc.text;
        let hits = self.hits(text);
        if hits.is_empty() {
            return;
        }
        let mut senses = Vec::new();
        let mut chosen: Vec<(Hit, SenseRef<'_>, &'static str)> =
            Vec::with_capacity(hits.len());
        let mut free = 0;
        let mut last: Option<(usize, usize)> = None;
        for &h in &hits {
            if h.start < free {
                continue;
            }
            // The same span in the user layer hides the default one.
            if h.layer == 1 && last == Some((h.start, h.end)) {
                continue;
            }
            let Some(layer) = self.layer(h.layer) else { continue };
            senses.clear();
            layer.senses.get(h.pattern, &mut senses);
            if h.layer == 0 {
                last = Some((h.start, h.end));
            }
            if let Some((sense, method)) =
                self.choose(text, h.start, h.end, &senses)
            {
                chosen.push((h, sense, method));
                free = h.end;
            }
        }
        // What context decided for an ambiguous surface holds for its
        // uncued mentions elsewhere in the document.
        let mut decided: FastMap<&str, EntityType> = FastMap::default();
        for (h, sense, method) in &chosen {
            if matches!(*method, METHOD_TITLE | METHOD_PLACE | METHOD_VERB) {
                decided.entry(&text[h.start..h.end]).or_insert(sense.kind);
            }
        }
        for (h, sense, method) in
            chosen.iter_mut().filter(|_| !decided.is_empty())
        {
            let Some(&kind) = decided.get(&text[h.start..h.end]) else {
                continue;
            };
            if *method != METHOD_DEFAULT || sense.kind == kind {
                continue;
            }
            let Some(layer) = self.layer(h.layer) else { continue };
            senses.clear();
            layer.senses.get(h.pattern, &mut senses);
            if let Some(s) = senses.iter().find(|s| s.kind == kind) {
                *sense = *s;
                *method = METHOD_DOCUMENT;
            }
        }
        for (h, sense, method) in chosen {
            out.push(match self.given_name_before(text, h, sense) {
                Some((start, norm)) => Candidate::new(
                    start,
                    h.end,
                    EntityType::Person,
                    METHOD_GIVEN,
                    priority::GAZETTEER,
                )
                .with_norm(norm),
                None => {
                    let mut c = Candidate::new(
                        h.start,
                        h.end,
                        sense.kind,
                        method,
                        priority::GAZETTEER,
                    );
                    c.norm = Some(sense.canonical.to_cow());
                    c.id = sense.id.map(SenseStr::to_cow);
                    c
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::tokens::WordTable;
    use std::collections::HashSet;

    fn tag(g: &Gazetteer, text: &str) -> Vec<(String, EntityType, String)> {
        let mut out = Vec::new();
        g.tag(&Doc { text, dct: None }, &mut out);
        out.into_iter()
            .map(|c| {
                let norm = c.norm.unwrap().into_owned();
                (text[c.start..c.end].to_string(), c.kind, norm)
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

    /// What makes the unchecked load at start-up sound.
    #[test]
    fn precompiled_automaton_is_valid() {
        let (checked, rest) =
            DoubleArrayAhoCorasick::<u32>::deserialize(DEFAULT_AUTOMATON)
                .expect("build.rs wrote a valid automaton");
        assert!(rest.is_empty());
        let loaded = Layer::precompiled().automaton;
        let text = "The PRC and Kyrgyzstan signed in Bishkek; Askar Akayev \
                    met the Shanghai Cooperation Organisation in New York.";
        let matches = |a: &DoubleArrayAhoCorasick<u32>| {
            a.find_overlapping_iter(text)
                .map(|m| (m.start(), m.end(), m.value()))
                .collect::<Vec<_>>()
        };
        assert!(matches(&checked).len() > 5);
        assert_eq!(matches(&checked), matches(&loaded));
    }

    #[test]
    fn gazetteer_hit_order_is_the_sorts() {
        let reference = |hits: &[Hit]| {
            let mut v = hits.to_vec();
            v.sort_by(|a, b| {
                a.start
                    .cmp(&b.start)
                    .then(b.end.cmp(&a.end))
                    .then(a.layer.cmp(&b.layer))
            });
            v.iter().map(|h| (h.start, h.end, h.layer, h.pattern)).collect()
        };
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        let mut next = |m: u64| (rng.next() % m) as usize;
        // Ends ascending, as the automaton reports them, with nested
        // matches; then one reversed list that exhausts the step budget.
        let mut cases: Vec<Vec<Hit>> = (0..200)
            .map(|_| {
                let mut end = 0;
                (0..next(40))
                    .map(|pattern| {
                        end += next(3);
                        let start = end.saturating_sub(1 + next(12));
                        let layer = next(2) as u8;
                        Hit { start, end, layer, pattern }
                    })
                    .collect()
            })
            .collect();
        cases.push(
            (0..300)
                .map(|i| Hit {
                    start: 300 - i,
                    end: 301,
                    layer: 0,
                    pattern: i,
                })
                .collect(),
        );
        for mut hits in cases {
            let want: Vec<_> = reference(&hits);
            sort_hits(&mut hits);
            let got: Vec<_> = hits
                .iter()
                .map(|h| (h.start, h.end, h.layer, h.pattern))
                .collect();
            assert_eq!(got, want);
        }
    }

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
    fn gazetteer_lends_built_in_names_and_copies_compiled_ones() {
        // The built-in strings live as long as the program: a candidate
        // borrows them. A user list lives in the gazetteer: copied.
        let g = Gazetteer::with_defaults([("u", "Zorgland\tLOCATION\tZ\tZ1")])
            .unwrap();
        let mut out = Vec::new();
        g.tag(
            &Doc { text: "From Pakistan to Zorgland.", dct: None },
            &mut out,
        );
        let norms: Vec<_> =
            out.iter().map(|c| (c.norm.clone(), c.id.clone())).collect();
        assert!(
            matches!(
                &norms[..],
                [
                    (Some(Cow::Borrowed("Pakistan")), Some(Cow::Borrowed("PK"))),
                    (Some(Cow::Owned(z)), Some(Cow::Owned(z1))),
                ] if z == "Z" && z1 == "Z1"
            ),
            "{norms:?}"
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
        assert_eq!(tag(&g, "the philosopher Kant")[0].1, EntityType::Person);
        assert_eq!(tag(&g, "General Kant")[0].1, EntityType::Person);
        assert_eq!(tag(&g, "Kant wrote that")[0].1, EntityType::Person);
    }

    fn methods(
        g: &Gazetteer,
        text: &str,
    ) -> Vec<(String, EntityType, &'static str)> {
        let mut out = Vec::new();
        g.tag(&Doc { text, dct: None }, &mut out);
        out.into_iter()
            .map(|c| (text[c.start..c.end].to_string(), c.kind, c.method))
            .collect()
    }

    #[test]
    fn gazetteer_ambiguity_method_names_the_rule() {
        let g = Gazetteer::from_sources([("t", LIST)]).unwrap();
        let table: &[(&str, EntityType, &str)] = &[
            ("an airbase at Kant", EntityType::Location, METHOD_PLACE),
            ("President Kant", EntityType::Person, METHOD_TITLE),
            ("Kant said so", EntityType::Person, METHOD_VERB),
            ("Kant is small", EntityType::Location, METHOD_DEFAULT),
            ("Osh is big", EntityType::Location, METHOD_PLAIN),
        ];
        for &(text, kind, method) in table {
            let found = methods(&g, text);
            assert_eq!((found[0].1, found[0].2), (kind, method), "{text}");
        }
        // Context decided once holds for the whole document.
        let found = methods(&g, "Kant is read. The philosopher Kant wrote.");
        assert_eq!(found[0].1, EntityType::Person);
        assert_eq!(found[0].2, METHOD_DOCUMENT);
    }

    /// `given_name_before`'s checks before the list lookups, as they were
    /// written with `contains` and `ends_with`.
    fn given_pair_oracle(text: &str, h: Hit) -> Option<&str> {
        let surface = &text[h.start..h.end];
        if surface.contains(' ') || !text[..h.start].ends_with(' ') {
            return None;
        }
        let head = &text[..h.start - 1];
        let given = previous_word(head, head.len());
        (!given.is_empty() && head.ends_with(given)).then_some(given)
    }

    #[test]
    fn gazetteer_given_name_checks_agree_with_the_str_tests() {
        let list = "Stewart\tPERSON\tMike Stewart\nAnn Arbor\tLOCATION\t\t\n\
            Mike\tGIVEN\nAnn\tGIVEN\nÉmile\tGIVEN\n";
        let g = Gazetteer::from_sources([("t", list)]).unwrap();
        // Every text of up to four of these pieces.
        let pieces = [
            "Mike", "Ann", "Émile", "Stewart", "Arbor", "the", " ", "  ",
            "\t", "\u{a0}", ".", "é",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer.into_iter().filter(|t| t.len() < 40));
            texts.sort();
            texts.dedup();
        }
        let mut pairs = 0;
        for text in &texts {
            for h in g.hits(text) {
                let mut senses = Vec::new();
                g.layer(h.layer).unwrap().senses.get(h.pattern, &mut senses);
                let want = given_pair_oracle(text, h)
                    .filter(|given| g.lists.given.contains(given))
                    .filter(|given| !g.lists.stop.contains_lowercase(given));
                let got = g.given_name_before(text, h, senses[0]);
                match (want, got) {
                    (None, got) => assert_eq!(got, None, "{text:?} {h:?}"),
                    (Some(given), Some((start, _))) => {
                        pairs += 1;
                        assert_eq!(
                            &text[start..h.start - 1],
                            given,
                            "{text:?}"
                        );
                    }
                    // Turned down later: a sentence opener before a place.
                    (Some(_), None) => {}
                }
            }
        }
        assert!(pairs >= 30, "{pairs}");
    }

    #[test]
    fn gazetteer_word_table_first_bytes_turn_down_only_absent_words() {
        let words = [
            "Mike",
            "mike",
            "Ann",
            "Émile",
            "a",
            "Z",
            "Kyrgyzstani-som-long-word",
        ];
        let table = WordTable::set(words);
        for w in words {
            assert!(table.contains(w), "{w}");
        }
        for w in [
            "",
            "Ma",
            "bike",
            "émile",
            "Émil",
            "Kyrgyzstani-som-long-wor",
            "b",
            "\0",
        ] {
            assert!(!table.contains(w), "{w}");
        }
    }

    #[test]
    fn gazetteer_rows_read_missing_columns_as_empty_and_ignore_extra_ones() {
        let data = "Osh\tLOCATION\n\
            Bishkek\tLOCATION\tBishkek City\t\t\n\
            Kant\tPERSON\tImmanuel Kant\tQ9312\tcommon\textra\tmore\n\
            \r\n# note\nsom\tCURRENCY\tKGS\r\n";
        let rows = parse_rows("t", data).unwrap();
        let seen: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.surface.as_str(),
                    r.canonical.as_str(),
                    r.id.as_deref(),
                    r.common,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("Osh", "Osh", None, false),
                ("Bishkek", "Bishkek City", None, false),
                ("Kant", "Immanuel Kant", Some("Q9312"), true),
                ("som", "KGS", None, false),
            ]
        );
        for bad in ["Osh", "Osh\n", "\tLOCATION", "Osh\tPLACE"] {
            assert!(parse_rows("t", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn gazetteer_given_name_makes_a_person() {
        let list = "Stewart\tLOCATION\tStewart\nMike\tGIVEN\n";
        let g = Gazetteer::from_sources([("t", list)]).unwrap();
        let found = methods(&g, "a goal by Mike Stewart today");
        assert_eq!(found[0].0, "Mike Stewart");
        assert_eq!(found[0].1, EntityType::Person);
        assert_eq!(found[0].2, METHOD_GIVEN);
        assert_eq!(methods(&g, "near Stewart")[0].1, EntityType::Location);
        for text in ["Mike  Stewart", "éMike Stewart", "Mike\tStewart"] {
            let found = methods(&g, text);
            assert_eq!(found.last().unwrap().0, "Stewart", "{text}");
        }
    }

    #[test]
    fn gazetteer_never_panics_on_odd_text() {
        let g = Gazetteer::with_defaults([("u", LIST)]).unwrap();
        let text = " Ösh  Kant\u{0} «China» 中国 Mike Osh\nSadyr Kant. é";
        for (i, _) in text.char_indices() {
            for (j, _) in text[i..].char_indices() {
                let mut out = Vec::new();
                g.tag(&Doc { text: &text[i..i + j], dct: None }, &mut out);
            }
        }
    }

    /// The char-by-char definitions the byte fast paths must agree with.
    fn previous_word_oracle(text: &str, pos: usize) -> &str {
        previous_word_by_char(&text[..pos], pos)
    }

    fn on_word_boundaries_oracle(
        text: &str,
        start: usize,
        end: usize,
    ) -> bool {
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        !before.is_some_and(char::is_alphanumeric)
            && !after.is_some_and(char::is_alphanumeric)
    }

    #[test]
    fn gazetteer_word_helpers_agree_with_the_char_walk() {
        let pieces = [
            "a", "Kant", " ", "  ", "\t", "\n", "\u{b}", "\u{c}", "\r",
            "\u{a0}", "\u{2003}", "\u{3000}", "\u{85}", "é", "中", "9", ".",
            "-", "'", "\0",
        ];
        let mut rng = crate::patterns::XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(rng.0 % 9) {
                text.push_str(rng.pick(&pieces));
            }
            let cuts: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for &i in &cuts {
                assert_eq!(
                    previous_word(&text, i),
                    previous_word_oracle(&text, i),
                    "{text:?} {i}"
                );
                for &j in cuts.iter().filter(|&&j| j >= i) {
                    assert_eq!(
                        on_word_boundaries(&text, i, j),
                        on_word_boundaries_oracle(&text, i, j),
                        "{text:?} {i}..{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn gazetteer_word_helpers_follow_unicode_whitespace() {
        let text = "in\u{a0}\u{2003}Kant said\u{3000}x  \tÉcole\u{85}";
        assert_eq!(previous_word(text, 11), "Kant");
        assert_eq!(previous_word(text, 4), "in");
        assert_eq!(previous_word(text, 0), "");
        assert_eq!(next_word(text, 2), "Kant");
        assert_eq!(next_word(text, text.len()), "");
        assert_eq!(previous_word(text, text.len()), "École");
        assert!(on_word_boundaries(text, 7, 11));
        assert!(!on_word_boundaries("aKant", 1, 5));
        assert!(!on_word_boundaries("Kanté", 0, 4));
    }

    #[test]
    fn gazetteer_packed_senses_read_back_as_written() {
        let written = [
            (packed_senses::LOCATION, "Osh", "", false),
            (packed_senses::PERSON, "Ä B", "Q1", true),
            (9, "unknown kind", "", false),
            (packed_senses::ORGANIZATION, "O", "", false),
        ];
        let (mut strings, mut records) = (String::new(), Vec::new());
        for (kind, canonical, id, common) in written {
            let sense = PackedSense { kind, canonical, id, common };
            packed_senses::push(&mut strings, &mut records, sense);
        }
        // Surface 0 has the first two senses, surface 1 the rest.
        let offsets: Vec<u8> =
            [0u32, 2, 4].iter().flat_map(|o| o.to_le_bytes()).collect();
        let table = SenseTable::Packed {
            strings: strings.leak(),
            records: records.leak(),
            offsets: offsets.leak(),
        };
        assert_eq!(table.len(), 2);
        let read = |i| {
            let mut got = Vec::new();
            table.get(i, &mut got);
            got.iter()
                .map(|s| {
                    let id = s.id.map(SenseStr::as_str);
                    (s.kind, s.canonical.as_str(), id, s.common)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(0),
            vec![
                (EntityType::Location, "Osh", None, false),
                (EntityType::Person, "Ä B", Some("Q1"), true),
            ]
        );
        assert_eq!(
            read(1),
            vec![(EntityType::Organization, "O", None, false)]
        );
        assert!(read(2).is_empty());
    }

    #[test]
    fn gazetteer_rejected_match_gives_way_to_shorter() {
        let list = "Central\tSTOP\nCentral Asia\tLOCATION\nAsia\tLOCATION\n";
        let g = Gazetteer::from_sources([("t", list)]).unwrap();
        assert_eq!(tag(&g, "Central Asia")[0].0, "Central Asia");
        assert_eq!(tag(&g, "Central Asiatic Asia").len(), 1);
    }

    #[test]
    fn gazetteer_committed_files_parse_with_provenance() {
        let sources = default_sources();
        assert!(sources.len() >= 10, "{} files", sources.len());
        for (name, data) in sources {
            for key in ["# source:", "# version:", "# licence:"] {
                assert!(
                    data.lines().take(10).any(|l| l.starts_with(key)),
                    "{name} lacks {key}"
                );
            }
            assert!(!parse_rows(name, data).unwrap().is_empty(), "{name}");
        }
    }

    #[test]
    fn gazetteer_precompiled_matches_the_files() {
        let mut surfaces = HashSet::new();
        for (name, data) in default_sources() {
            for row in parse_rows(name, data).unwrap() {
                if matches!(row.kind, RowKind::Entity(_)) {
                    surfaces.insert(row.surface);
                }
            }
        }
        let g = Gazetteer::with_defaults([]).unwrap();
        assert_eq!(g.len(), surfaces.len());
        assert!(g.lexicon().given_names.contains("Sadyr"));
        assert_eq!(
            g.lexicon().currencies.get("som").map(|s| &**s),
            Some("KGS")
        );
        assert!(g.lexicon().stopwords.contains("of"));
    }

    #[test]
    fn gazetteer_defaults_resolve_known_aliases() {
        let g = Gazetteer::with_defaults([]).unwrap();
        let table = [
            ("the PRC said", "PRC", "China"),
            ("in Kirghizia", "Kirghizia", "Kyrgyzstan"),
            ("the Kyrgyz Republic", "Kyrgyz Republic", "Kyrgyzstan"),
            ("and the U.S. said", "U.S.", "United States"),
            ("the former USSR", "USSR", "Soviet Union"),
            ("Askar Akaev spoke", "Askar Akaev", "Askar Akayev"),
            ("Akaev spoke", "Akaev", "Askar Akayev"),
            ("the SCO summit", "SCO", "Shanghai Cooperation Organisation"),
            ("the Fergana Valley", "Fergana Valley", "Fergana Valley"),
            ("from Bishkek", "Bishkek", "Bishkek"),
        ];
        for (text, surface, norm) in table {
            let found = tag(&g, text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(
                (found[0].0.as_str(), found[0].2.as_str()),
                (surface, norm)
            );
        }
    }

    #[test]
    fn gazetteer_defaults_skip_stopwords_but_keep_countries() {
        let g = Gazetteer::with_defaults([]).unwrap();
        for word in ["Of", "Most", "Central", "March", "Union", "Say"] {
            let text = format!("x. {word} y");
            assert!(tag(&g, &text).is_empty(), "{word}: {:?}", tag(&g, &text));
        }
        for word in ["China", "Turkey", "Chad"] {
            let text = format!("x. {word} y");
            assert_eq!(tag(&g, &text).len(), 1, "{word}");
        }
        // No demonyms: peoples and languages are not places.
        for word in ["Kyrgyz", "Chinese", "Russian"] {
            assert!(tag(&g, &format!("the {word} side")).is_empty(), "{word}");
        }
    }

    #[test]
    fn gazetteer_user_lists_take_priority() {
        let user = "Osh\tORGANIZATION\tOsh FC\nZzyzx Peak\tLOCATION\n";
        let g = Gazetteer::with_defaults([("user.tsv", user)]).unwrap();
        let found = tag(&g, "Osh and Zzyzx Peak");
        assert_eq!(
            found[0],
            ("Osh".into(), EntityType::Organization, "Osh FC".into())
        );
        assert_eq!(found[1].0, "Zzyzx Peak");
        // The default sense stays reachable by context.
        assert_eq!(tag(&g, "in Osh")[0].1, EntityType::Location);
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
