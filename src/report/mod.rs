//! The HTML report: records in, one self-contained HTML file out.
//!
//! [`Report`] takes documents one at a time (from `gazette extract
//! --report`, or read back from a records file by `gazette report`) and
//! streams each one as compact JSON into the page while it keeps only the
//! overview counts, so memory does not grow with the corpus text. The page
//! (`template.html`: inline CSS and JavaScript, no network) embeds the data
//! in `<script type="application/json">` blocks and renders one page of
//! documents at a time with DOM nodes; document text never becomes markup.
//! Tagging and record building are left to the pipeline.

use crate::entity::EntityType;
use crate::output::Output;
use crate::record::Record;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;

const TEMPLATE: &str = include_str!("template.html");
const DOCS_MARK: &str = "@@DOCS@@";
const OVERVIEW_MARK: &str = "@@OVERVIEW@@";
/// Entities listed per type in the overview.
const TOP: usize = 20;
/// Error documents listed by name in the overview; the rest are counted.
const MAX_ERROR_DOCS: usize = 1000;
/// Bytes buffered before a write to the file.
const FLUSH_AT: usize = 1 << 20;

/// One document as the report reads it: a record, borrowed where it can be.
#[derive(Debug, Default, Deserialize)]
pub struct ReportDoc<'a> {
    /// Document id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    /// Where it came from.
    #[serde(borrow, default)]
    pub source: Cow<'a, str>,
    /// Title, if any.
    #[serde(borrow, default)]
    pub title: Option<Cow<'a, str>>,
    /// Cleaned text (absent on error records).
    #[serde(borrow, default)]
    pub text: Option<Cow<'a, str>>,
    /// Entities with code-point offsets into `text`.
    #[serde(borrow, default)]
    pub entities: Vec<ReportEntity<'a>>,
    /// Why the document failed.
    #[serde(borrow, default)]
    pub error: Option<Cow<'a, str>>,
}

/// One entity as the report reads it.
#[derive(Debug, Deserialize)]
pub struct ReportEntity<'a> {
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Code-point start in the cleaned text.
    pub start: usize,
    /// Code-point end in the cleaned text.
    pub end: usize,
    /// The mention.
    #[serde(borrow)]
    pub text: Cow<'a, str>,
    /// Normalized value.
    #[serde(borrow, default)]
    pub norm: Option<Cow<'a, str>>,
    /// Rule or list that produced it.
    #[serde(borrow, default)]
    pub method: Cow<'a, str>,
    /// Gazetteer identifier.
    #[serde(borrow, default)]
    pub id: Option<Cow<'a, str>>,
}

impl<'a> From<&'a Record> for ReportDoc<'a> {
    fn from(r: &'a Record) -> ReportDoc<'a> {
        let b = |s: &'a Option<String>| s.as_deref().map(Cow::Borrowed);
        ReportDoc {
            id: Cow::Borrowed(&r.id),
            source: Cow::Borrowed(&r.source),
            title: b(&r.title),
            text: b(&r.text),
            error: b(&r.error),
            entities: r
                .entities
                .iter()
                .flatten()
                .map(|e| ReportEntity {
                    kind: e.kind,
                    start: e.start,
                    end: e.end,
                    text: Cow::Borrowed(&e.text),
                    norm: e.norm.as_deref().map(Cow::Borrowed),
                    method: Cow::Borrowed(e.method),
                    id: e.id.as_deref().map(Cow::Borrowed),
                })
                .collect(),
        }
    }
}

/// `[start, end, type index, norm, method, id]` of one entity on the page;
/// an array rather than an object keeps 10,000-document pages small.
type PageEntity<'a> =
    (usize, usize, usize, Option<&'a str>, &'a str, Option<&'a str>);

/// One document as the page's JavaScript reads it.
#[derive(Serialize)]
struct PageDoc<'a> {
    id: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    /// Bit `i` set when the document has an entity of `EntityType::ALL[i]`.
    types: u32,
    /// `[start, end, type index, norm, method, id]`, offsets in UTF-16
    /// code units because JavaScript strings index those.
    ents: Vec<PageEntity<'a>>,
}

/// How often one normalized entity occurs.
#[derive(Debug, Default)]
struct Tally {
    docs: usize,
    mentions: usize,
    /// The first surface form seen, shown next to the norm.
    text: String,
}

#[derive(Serialize)]
struct TopRow<'a> {
    norm: &'a str,
    text: &'a str,
    docs: usize,
    mentions: usize,
}

#[derive(Serialize)]
struct ErrorDoc {
    id: String,
    source: String,
    error: String,
}

#[derive(Serialize)]
struct Overview<'a> {
    version: &'a str,
    types: Vec<&'static str>,
    documents: usize,
    characters: usize,
    entities: [usize; 5],
    errors: usize,
    error_docs: &'a [ErrorDoc],
    top: Vec<Vec<TopRow<'a>>>,
}

/// An HTML report being written.
pub struct Report {
    out: Output,
    buf: Vec<u8>,
    /// The template after the documents block, up to the end.
    tail: &'static str,
    documents: usize,
    characters: usize,
    entities: [usize; 5],
    errors: usize,
    error_docs: Vec<ErrorDoc>,
    tallies: [HashMap<String, Tally>; 5],
}

fn type_index(t: EntityType) -> usize {
    // `ALL` lists every variant, so the position always exists.
    EntityType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

/// Converts increasing code-point offsets of one string to UTF-16 offsets;
/// offsets past the end clamp to the end.
struct Utf16Counter<'a> {
    text: &'a str,
    chars: std::str::Chars<'a>,
    cp: usize,
    units: usize,
}

impl<'a> Utf16Counter<'a> {
    fn new(text: &'a str) -> Utf16Counter<'a> {
        Utf16Counter { text, chars: text.chars(), cp: 0, units: 0 }
    }

    fn at(&mut self, cp: usize) -> usize {
        if cp < self.cp {
            // Out-of-order input: recount from the start.
            *self = Utf16Counter::new(self.text);
        }
        while self.cp < cp {
            match self.chars.next() {
                Some(c) => {
                    self.cp += 1;
                    self.units += c.len_utf16();
                }
                None => break,
            }
        }
        self.units
    }
}

/// Appends `json` to `out`, escaped so that it cannot end or confuse the
/// `<script>` element it sits in: every `<` (which covers `</script` and
/// `<!--`) becomes `\u003c`, and U+2028/U+2029 become escapes. `<` only
/// occurs inside JSON strings, where `\u003c` means the same.
fn push_script_safe(out: &mut Vec<u8>, json: &[u8]) {
    let mut i = 0;
    while i < json.len() {
        match json[i] {
            b'<' => out.extend_from_slice(b"\\u003c"),
            0xE2 if json.get(i + 1) == Some(&0x80)
                && matches!(json.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                let last = if json[i + 2] == 0xA8 { b'8' } else { b'9' };
                out.extend_from_slice(b"\\u202");
                out.push(last);
                i += 3;
                continue;
            }
            b => out.push(b),
        }
        i += 1;
    }
}

impl Report {
    /// Starts a report at `path` (written under a temporary name and moved
    /// into place by [`Report::finish`]). Fails early if the folder is
    /// missing.
    pub fn create(path: &Path) -> Result<Report> {
        let out = Output::open(Some(path))?;
        let (head, rest) = TEMPLATE
            .split_once(DOCS_MARK)
            .context("report template lacks the documents mark")?;
        let mut report = Report {
            out,
            buf: Vec::with_capacity(FLUSH_AT + (64 << 10)),
            tail: rest,
            documents: 0,
            characters: 0,
            entities: [0; 5],
            errors: 0,
            error_docs: Vec::new(),
            tallies: Default::default(),
        };
        report.buf.extend_from_slice(head.as_bytes());
        report.buf.push(b'[');
        Ok(report)
    }

    /// Adds one document.
    pub fn add(&mut self, doc: &ReportDoc<'_>) -> Result<()> {
        if doc.error.is_some() {
            self.errors += 1;
            if self.error_docs.len() < MAX_ERROR_DOCS {
                self.error_docs.push(ErrorDoc {
                    id: doc.id.to_string(),
                    source: doc.source.to_string(),
                    error: doc.error.as_deref().unwrap_or_default().into(),
                });
            }
        }
        let text = doc.text.as_deref().unwrap_or_default();
        self.characters += text.chars().count();
        let mut seen: HashSet<(usize, &str)> = HashSet::new();
        let mut units = Utf16Counter::new(text);
        let mut types = 0u32;
        let mut ents = Vec::with_capacity(doc.entities.len());
        for e in &doc.entities {
            let t = type_index(e.kind);
            types |= 1 << t;
            self.entities[t] += 1;
            let key = e.norm.as_deref().unwrap_or(&e.text);
            let tally = self.tallies[t].entry(key.to_string()).or_default();
            tally.mentions += 1;
            if tally.text.is_empty() {
                tally.text = e.text.to_string();
            }
            if seen.insert((t, key)) {
                tally.docs += 1;
            }
            let start = units.at(e.start);
            let end = units.at(e.end);
            ents.push((
                start,
                end,
                t,
                e.norm.as_deref(),
                e.method.as_ref(),
                e.id.as_deref(),
            ));
        }
        // Records from gazette are sorted; other files may not be, and the
        // page lays entities out left to right.
        ents.sort_by_key(|e| (e.0, e.1));
        let page = PageDoc {
            id: &doc.id,
            source: &doc.source,
            title: doc.title.as_deref(),
            text: doc.text.as_deref(),
            error: doc.error.as_deref(),
            types,
            ents,
        };
        let json = serde_json::to_vec(&page)
            .context("serializing a document for the report")?;
        if self.documents > 0 {
            self.buf.extend_from_slice(b",\n");
        }
        push_script_safe(&mut self.buf, &json);
        self.documents += 1;
        if self.buf.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.out.write_batch(&self.buf).context("writing the report")?;
        self.buf.clear();
        Ok(())
    }

    /// Writes the overview and moves the file into place.
    pub fn finish(mut self) -> Result<()> {
        let (middle, end) = self
            .tail
            .split_once(OVERVIEW_MARK)
            .context("report template lacks the overview mark")?;
        self.buf.push(b']');
        self.buf.extend_from_slice(middle.as_bytes());
        let top = self
            .tallies
            .iter()
            .map(|tallies| {
                let mut rows: Vec<(&String, &Tally)> =
                    tallies.iter().collect();
                rows.sort_by(|a, b| {
                    (b.1.docs, b.1.mentions)
                        .cmp(&(a.1.docs, a.1.mentions))
                        .then_with(|| a.0.cmp(b.0))
                });
                rows.into_iter()
                    .take(TOP)
                    .map(|(norm, t)| TopRow {
                        norm,
                        text: &t.text,
                        docs: t.docs,
                        mentions: t.mentions,
                    })
                    .collect()
            })
            .collect();
        let overview = Overview {
            version: env!("CARGO_PKG_VERSION"),
            types: EntityType::ALL.iter().map(|t| t.as_str()).collect(),
            documents: self.documents,
            characters: self.characters,
            entities: self.entities,
            errors: self.errors,
            error_docs: &self.error_docs,
            top,
        };
        let json = serde_json::to_vec(&overview)
            .context("serializing the report overview")?;
        let mut buf = std::mem::take(&mut self.buf);
        push_script_safe(&mut buf, &json);
        buf.extend_from_slice(end.as_bytes());
        self.buf = buf;
        self.flush()?;
        self.out.finish().context("finishing the report file")
    }
}

/// Runs `gazette report`: reads records (JSONL) and writes the report.
pub fn run(input: &Path, output: &Path) -> Result<()> {
    let mut reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("opening {}", input.display()))?;
        Box::new(BufReader::with_capacity(1 << 20, file))
    };
    let mut report = Report::create(output)?;
    let mut line = String::new();
    let mut number = 0;
    loop {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .with_context(|| format!("reading {}", input.display()))?;
        if n == 0 {
            break;
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        let doc: ReportDoc<'_> = match serde_json::from_str(&line) {
            Ok(doc) => doc,
            Err(e) => bail!(
                "{}:{number}: not a gazette record ({e}); the report reads \
                 the default `--format records` output",
                input.display()
            ),
        };
        report.add(&doc)?;
    }
    report.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_escapes_script_breakers() {
        let cases: &[(&str, &str)] = &[
            (r#""</script><script>""#, r#""\u003c/script>\u003cscript>""#),
            (r#""<!--""#, r#""\u003c!--""#),
            ("\"a\u{2028}b\u{2029}\"", r#""a\u2028b\u2029""#),
            ("\"é€\"", "\"é€\""),
        ];
        for (json, want) in cases {
            let mut out = Vec::new();
            push_script_safe(&mut out, json.as_bytes());
            assert_eq!(String::from_utf8(out).unwrap(), *want);
            let back: String = serde_json::from_str(want).unwrap();
            let orig: String = serde_json::from_str(json).unwrap();
            assert_eq!(back, orig);
        }
    }

    #[test]
    fn report_utf16_offsets() {
        // "😀" is one code point but two UTF-16 units.
        let text = "😀 Paris é";
        let mut c = Utf16Counter::new(text);
        let cases = [(0, 0), (2, 3), (7, 8), (9, 10), (50, 10), (1, 2)];
        for (cp, want) in cases {
            assert_eq!(c.at(cp), want, "{cp}");
        }
    }

    #[test]
    fn report_template_has_marks_once() {
        for mark in [DOCS_MARK, OVERVIEW_MARK] {
            assert_eq!(TEMPLATE.matches(mark).count(), 1, "{mark}");
        }
    }

    #[test]
    fn report_writes_overview_and_docs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.html");
        let mut report = Report::create(&path).unwrap();
        let line = r#"{"id":"d","source":"s","text":"😀 Paris </script>","entities":[{"type":"LOCATION","start":2,"end":7,"text":"Paris","norm":"Paris","method":"gazetteer","raw_start":2,"raw_end":7}]}"#;
        let doc: ReportDoc<'_> = serde_json::from_str(line).unwrap();
        report.add(&doc).unwrap();
        let err = r#"{"id":"e","source":"e.bin","error":"binary <b>"}"#;
        report.add(&serde_json::from_str(err).unwrap()).unwrap();
        report.finish().unwrap();
        let html = std::fs::read_to_string(&path).unwrap();
        assert!(!html.contains("</script>\"") && !html.contains("<b>"));
        assert!(html.contains(r#"[3,8,1,"Paris","gazetteer",null]"#));
        assert!(html.contains(r#""documents":2"#));
        assert!(html.contains(r#""errors":1"#));
        assert!(html.contains(
            r#"{"norm":"Paris","text":"Paris","docs":1,"mentions":1}"#
        ));
    }
}
