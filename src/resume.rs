//! `--resume`: incremental and crash-safe runs over an output file.
//!
//! Takes the output file of earlier (possibly killed) runs and the items
//! read in this run; says which documents are already done, and at the end
//! rewrites the file when some of its records were superseded. Reading,
//! processing and writing are left to `extract`, `read` and `output`.
//!
//! A record is identified by its key `(id, hash)`, `hash` being
//! [`content_hash`] of the raw text (absent on records of inputs that could
//! not be read). The rules:
//!
//! - On start, a last line without its newline is the torn end of a killed
//!   write: the file is truncated to the last complete line.
//! - A document whose key belongs to a record without error is skipped.
//!   Everything else (new or changed documents, documents that failed
//!   before) is processed and its record appended.
//! - At the end, if the file may hold superseded records, it is rewritten
//!   (to a temporary file, then renamed) keeping, for each key, its last
//!   record, and dropping the records of an id read in this run under a key
//!   that this run did not read (the old version of a changed document, or
//!   an old error). Records of ids this run did not read are kept, so a
//!   resumed run over a subset of the input loses nothing.
//!
//! So once a `--resume` run finishes, the file holds each document of its
//! input exactly once, in its current version; record order is the order
//! of processing, not input order.

use crate::format::OutputFormat;
use crate::read::Item;
use crate::record::content_hash;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What identifies a record: id and content hash.
type Key = (String, Option<String>);

/// The fields of an output record that resuming needs.
#[derive(Deserialize)]
struct Stored {
    id: String,
    #[serde(default)]
    hash: Option<String>,
    #[serde(default)]
    error: Option<serde::de::IgnoredAny>,
}

/// Parses the key of one output line, and whether it is an error record.
fn parse_key(line: &[u8]) -> Option<(Key, bool)> {
    let stored: Stored = serde_json::from_slice(line).ok()?;
    Some(((stored.id, stored.hash), stored.error.is_some()))
}

/// The state of the output file left by earlier runs.
#[derive(Debug, Default)]
pub struct Previous {
    /// Keys of records without error: these documents are done.
    done: HashSet<Key>,
    /// Every id with a record in the file.
    ids: HashSet<String>,
    /// The file holds a bad line or two records of one id.
    dirty: bool,
    /// Bytes dropped from the end (a torn last line).
    pub torn_bytes: u64,
    /// Records in the file (after dropping a torn line).
    pub records: usize,
}

impl Previous {
    /// Reads the output file, truncating a torn last line in place. A file
    /// that does not exist is an empty start.
    pub fn load(path: &Path) -> io::Result<Previous> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Previous::default());
            }
            Err(e) => return Err(e),
        };
        let mut prev = Previous::default();
        let mut input = BufReader::with_capacity(1 << 16, file);
        let mut line = Vec::new();
        let mut good_len = 0u64;
        let mut total = 0u64;
        loop {
            line.clear();
            let n = input.read_until(b'\n', &mut line)?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if line.last() != Some(&b'\n') {
                break;
            }
            good_len = total;
            match parse_key(&line) {
                Some(((id, hash), error)) => {
                    prev.records += 1;
                    if !prev.ids.insert(id.clone()) {
                        prev.dirty = true;
                    }
                    let key = (id, hash);
                    if error {
                        // A later success must not be shadowed by an
                        // older error, and vice versa.
                        prev.done.remove(&key);
                    } else {
                        prev.done.insert(key);
                    }
                }
                None => prev.dirty = true,
            }
        }
        if total > good_len {
            prev.torn_bytes = total - good_len;
            let file = OpenOptions::new().write(true).open(path)?;
            file.set_len(good_len)?;
            file.sync_all()?;
        }
        Ok(prev)
    }

    /// Whether a document with this id and hash is already done.
    pub fn is_done(&self, id: &str, hash: &str) -> bool {
        // Avoids building a key for the common miss.
        self.ids.contains(id)
            && self.done.contains(&(id.to_string(), Some(hash.to_string())))
    }
}

/// Follows one resumed run: skips what is done, remembers what was read.
#[derive(Debug)]
pub struct Tracker {
    previous: Previous,
    seen_keys: HashSet<Key>,
    seen_ids: HashSet<String>,
    /// An id was written that already had a record: the file needs
    /// rewriting at the end.
    superseded: bool,
    /// Documents skipped because they were done.
    pub skipped: usize,
}

impl Tracker {
    /// Starts tracking against the state of the output file.
    pub fn new(previous: Previous) -> Tracker {
        Tracker {
            superseded: previous.dirty,
            previous,
            seen_keys: HashSet::new(),
            seen_ids: HashSet::new(),
            skipped: 0,
        }
    }

    /// Notes an item read in this run; true when it is done already and
    /// must be skipped.
    pub fn skip(&mut self, item: &Item) -> bool {
        let hash = match item {
            Item::Doc(doc) => Some(content_hash(&doc.text)),
            Item::Failed(_) => None,
        };
        self.skip_hashed(item, hash.as_deref())
    }

    /// [`Tracker::skip`] for a document whose [`content_hash`] the caller
    /// has already computed (`doc_hash`; ignored for failed items, which
    /// carry their own).
    pub fn skip_hashed(
        &mut self,
        item: &Item,
        doc_hash: Option<&str>,
    ) -> bool {
        let (id, hash) =
            match item {
                Item::Doc(doc) => (
                    &doc.id,
                    Some(doc_hash.map_or_else(
                        || content_hash(&doc.text),
                        str::to_string,
                    )),
                ),
                Item::Failed(record) => (&record.id, record.hash.clone()),
            };
        let done =
            hash.as_deref().is_some_and(|h| self.previous.is_done(id, h));
        if done {
            self.skipped += 1;
        } else if self.previous.ids.contains(id) || self.seen_ids.contains(id)
        {
            self.superseded = true;
        }
        self.seen_ids.insert(id.clone());
        self.seen_keys.insert((id.clone(), hash));
        done
    }

    /// Whether the file may hold superseded records or bad lines.
    pub fn needs_compaction(&self) -> bool {
        self.superseded
    }

    /// Whether a record with this key belongs in the final file (given it
    /// is the last record of its key).
    fn keeps(&self, key: &Key) -> bool {
        !self.seen_ids.contains(&key.0) || self.seen_keys.contains(key)
    }
}

/// Sets up `--resume` for the output `path` (records only): checks its
/// folder, loads the file (dropping a torn last line, said on standard error unless
/// `quiet`). `None` when not resuming; an error when resuming without an
/// output file.
pub fn start(
    path: Option<&Path>,
    format: OutputFormat,
    resume: bool,
    quiet: bool,
) -> anyhow::Result<Option<(PathBuf, Tracker)>> {
    use anyhow::Context;
    if !resume {
        return Ok(None);
    }
    if format != OutputFormat::Records {
        // Other formats drop the id and hash that resuming reads back.
        anyhow::bail!("--resume needs --format records");
    }
    let path = match path {
        Some(p) if p.as_os_str() != "-" => p,
        _ => anyhow::bail!("--resume needs --output FILE"),
    };
    crate::output::Output::check(path)?;
    if crate::output::is_special(path) {
        anyhow::bail!(
            "--resume needs a regular file, and {} is not one",
            path.display()
        );
    }
    let previous = Previous::load(path)
        .with_context(|| format!("reading {} to resume", path.display()))?;
    if previous.torn_bytes > 0 && !quiet {
        eprintln!(
            "gazette: dropped a torn last line ({} bytes) from {}",
            previous.torn_bytes,
            path.display()
        );
    }
    Ok(Some((path.to_path_buf(), Tracker::new(previous))))
}

/// Rewrites `path` without superseded records (see the module rules),
/// through a temporary file renamed into place. Returns the number of
/// records dropped.
pub fn compact(path: &Path, tracker: &Tracker) -> io::Result<usize> {
    // First pass: where each key's last record is.
    let mut last: HashMap<Key, usize> = HashMap::new();
    for_each_line(path, |i, line| {
        if let Some((key, _)) = parse_key(line) {
            last.insert(key, i);
        }
    })?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.compact-{}",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        let mut dropped = 0;
        let mut error = None;
        for_each_line(path, |i, line| {
            let keep = parse_key(line).is_some_and(|(key, _)| {
                last.get(&key) == Some(&i) && tracker.keeps(&key)
            });
            if !keep {
                dropped += 1;
            } else if let Err(e) = out.write_all(line) {
                error.get_or_insert(e);
            }
        })?;
        if let Some(e) = error {
            return Err(e);
        }
        out.flush()?;
        out.get_ref().sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(dropped)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Calls `f(index, line)` for each complete line (with its newline).
fn for_each_line(
    path: &Path,
    mut f: impl FnMut(usize, &[u8]),
) -> io::Result<()> {
    let mut input = BufReader::with_capacity(1 << 16, File::open(path)?);
    let mut line = Vec::new();
    let mut i = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0
            || line.last() != Some(&b'\n')
        {
            return Ok(());
        }
        f(i, &line);
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Document;
    use crate::record::Record;

    fn doc(id: &str, text: &str) -> Item {
        Item::Doc(Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        })
    }

    fn line(id: &str, text: Option<&str>, error: bool) -> String {
        let mut r = Record {
            id: id.into(),
            hash: text.map(content_hash),
            ..Record::default()
        };
        if error {
            r.error = Some("x".into());
        }
        let mut out = Vec::new();
        r.write_line(&mut out);
        String::from_utf8(out).unwrap()
    }

    fn ids(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Stored>(l).unwrap().id)
            .collect()
    }

    #[test]
    fn resume_drops_torn_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let good = line("a", Some("A"), false);
        std::fs::write(&path, format!("{good}{{\"id\":\"b\",\"te")).unwrap();
        let prev = Previous::load(&path).unwrap();
        assert_eq!(prev.torn_bytes, 13);
        assert_eq!(prev.records, 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), good);
        assert!(prev.is_done("a", &content_hash("A")));
        assert!(!prev.is_done("a", &content_hash("changed")));
    }

    #[test]
    fn resume_missing_file_is_empty_start() {
        let dir = tempfile::tempdir().unwrap();
        let prev = Previous::load(&dir.path().join("none.jsonl")).unwrap();
        assert_eq!(prev.records, 0);
    }

    #[test]
    fn resume_skips_done_and_redoes_changed_and_failed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let text = [
            line("same", Some("S"), false),
            line("changed", Some("old"), false),
            line("failed", Some("F"), true),
            line("unread", None, true),
            line("other", Some("O"), false),
        ]
        .concat();
        std::fs::write(&path, text).unwrap();
        let mut t = Tracker::new(Previous::load(&path).unwrap());
        assert!(t.skip(&doc("same", "S")));
        assert!(!t.needs_compaction());
        assert!(!t.skip(&doc("changed", "new")));
        assert!(!t.skip(&doc("failed", "F")));
        assert!(!t.skip(&doc("unread", "now readable")));
        assert!(!t.skip(&doc("new", "N")));
        assert!(t.needs_compaction());
        assert_eq!(t.skipped, 1);
        // This run appends its records, then compacts.
        let appended = [
            line("changed", Some("new"), false),
            line("failed", Some("F"), false),
            line("unread", Some("now readable"), false),
            line("new", Some("N"), false),
        ]
        .concat();
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(appended.as_bytes()).unwrap();
        assert_eq!(compact(&path, &t).unwrap(), 3);
        assert_eq!(
            ids(&path),
            ["same", "other", "changed", "failed", "unread", "new"]
        );
    }

    #[test]
    fn resume_compaction_keeps_last_of_a_key_and_drops_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let a = line("a", Some("A"), false);
        std::fs::write(&path, format!("{a}not json\n{a}")).unwrap();
        let prev = Previous::load(&path).unwrap();
        let mut t = Tracker::new(prev);
        assert!(t.needs_compaction());
        assert!(t.skip(&doc("a", "A")));
        assert_eq!(compact(&path, &t).unwrap(), 2);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), a);
    }

    #[test]
    fn resume_unreadable_input_error_is_replaced_not_duplicated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let err = line("f:3", None, true);
        std::fs::write(&path, &err).unwrap();
        let mut t = Tracker::new(Previous::load(&path).unwrap());
        let failed = Record::error("f:3".into(), "f:3".into(), "x".into());
        assert!(!t.skip(&Item::Failed(failed)));
        std::fs::write(&path, format!("{err}{err}")).unwrap();
        compact(&path, &t).unwrap();
        assert_eq!(ids(&path), ["f:3"]);
    }
}
