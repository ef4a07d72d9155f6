//! Reading: input paths in, a stream of documents (or error records) out.
//!
//! Accepts `.txt`/`.md` files (one document each), JSONL files (one document
//! per line, optionally gzipped), folders (walked recursively in sorted
//! order) and standard input. Documents stream one at a time, so memory is
//! bounded by the largest document, not the corpus. Anything that cannot be
//! read becomes an [`Item::Failed`] record naming the file (and line), and
//! reading goes on. Cleaning and tagging are left to later stages.

use crate::entity::CalendarDate;
use crate::record::Record;
use flate2::read::MultiGzDecoder;
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A document ready for the pipeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Identifier: file stem, or the JSONL id field.
    pub id: String,
    /// Where it came from: `path` or `path:line`.
    pub source: String,
    /// Raw text.
    pub text: String,
    /// Title from the JSONL `title` field, if any.
    pub title: Option<String>,
    /// Document creation date (JSONL `dct`, or `--reference-date`).
    pub dct: Option<CalendarDate>,
    /// Other JSONL fields, passed through to the record.
    pub meta: Option<Map<String, Value>>,
    /// The bytes were not valid UTF-8 and were decoded lossily.
    pub lossy_utf8: bool,
    /// A whole-file document: its first line is taken as the title.
    pub infer_title: bool,
}

/// What the reader yields for each input unit.
#[derive(Debug)]
pub enum Item {
    /// A document to process.
    Doc(Document),
    /// An input that could not be read; its error record is final.
    Failed(Record),
}

impl Item {
    /// Bytes of document text (0 for a failed input).
    pub fn text_len(&self) -> usize {
        match self {
            Item::Doc(doc) => doc.text.len(),
            Item::Failed(_) => 0,
        }
    }
}

/// How to interpret a file (or standard input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Decide from the extension; standard input is JSONL when its first
    /// non-blank byte is `{`.
    #[default]
    Auto,
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Settings for reading.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// JSONL field holding the id.
    pub id_field: String,
    /// JSONL field holding the text.
    pub text_field: String,
    /// Format of standard input and files with unknown extensions.
    pub format: Format,
    /// Reference date for documents without a `dct` field.
    pub reference_date: Option<CalendarDate>,
    /// Largest document accepted, in bytes; larger ones become errors.
    pub max_doc_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            id_field: "id".into(),
            text_field: "text".into(),
            format: Format::Auto,
            reference_date: None,
            max_doc_bytes: 512 << 20,
        }
    }
}

/// One unit of input: a file path or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
    /// Something found while walking a folder that is not read: a
    /// subfolder that could not be listed, or a FIFO, socket or device
    /// (opening a FIFO can block forever). It becomes an error record.
    Unreadable(PathBuf, String),
}

/// Extensions collected when walking folders.
fn is_input_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".txt", ".md", ".jsonl", ".jsonl.gz"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Expands the command-line inputs into sources, in order: folders are
/// walked recursively and sorted. A path that does not exist is an error
/// (a usage mistake, reported before any work).
pub fn discover(inputs: &[PathBuf]) -> io::Result<Vec<Source>> {
    if inputs.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut sources = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files)?;
            files.sort_by(|a, b| source_path(a).cmp(source_path(b)));
            sources.extend(files);
        } else if input.exists() {
            sources.push(Source::File(input.clone()));
        } else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("input {} does not exist", input.display()),
            ));
        }
    }
    Ok(sources)
}

/// Collects the input files under `dir`. Only the top folder must be
/// listable; anything below that cannot be listed or is not a regular file
/// is collected as [`Source::Unreadable`] so the batch reports it and goes
/// on (folders change under long runs).
fn walk(dir: &Path, out: &mut Vec<Source>) -> io::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("reading folder {}: {e}", dir.display()),
        )
    })?;
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let why = format!("reading folder {}: {e}", dir.display());
                out.push(Source::Unreadable(dir.to_path_buf(), why));
                continue;
            }
        };
        let path = entry.path();
        // Follows symlinks; a dangling one fails here and is kept as a file
        // so that opening it reports the error.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                if let Err(e) = walk(&path, out) {
                    out.push(Source::Unreadable(path, e.to_string()));
                }
            }
            _ if !is_input_file(&path) => {}
            Ok(meta) if !meta.is_file() => {
                let why = format!(
                    "{} is not a regular file (FIFO, socket or device)",
                    path.display()
                );
                out.push(Source::Unreadable(path, why));
            }
            _ => out.push(Source::File(path)),
        }
    }
    Ok(())
}

fn source_path(source: &Source) -> &Path {
    match source {
        Source::Stdin => Path::new("-"),
        Source::File(p) | Source::Unreadable(p, _) => p,
    }
}

/// Total size in bytes of the file sources, for progress reporting.
pub fn total_bytes(sources: &[Source]) -> Option<u64> {
    sources.iter().try_fold(0u64, |acc, s| match s {
        Source::File(p) => Some(acc + std::fs::metadata(p).ok()?.len()),
        Source::Unreadable(..) => Some(acc),
        Source::Stdin => None,
    })
}

/// Streams the documents of `sources` in order.
pub struct Reader {
    sources: std::vec::IntoIter<Source>,
    options: ReadOptions,
    current: Option<JsonlLines>,
}

/// An open JSONL stream.
struct JsonlLines {
    name: String,
    stem: String,
    lines: Box<dyn BufRead + Send>,
    line_no: usize,
}

impl Reader {
    /// Reads `sources` with `options`.
    pub fn new(sources: Vec<Source>, options: ReadOptions) -> Reader {
        Reader { sources: sources.into_iter(), options, current: None }
    }

    fn open(&mut self, source: Source) -> Option<Item> {
        let (name, stem, mut input): (
            String,
            String,
            Box<dyn BufRead + Send>,
        ) = match &source {
            Source::Stdin => (
                "<stdin>".into(),
                "stdin".into(),
                Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            ),
            Source::Unreadable(path, why) => {
                return Some(Item::Failed(Record::error(
                    file_stem(path),
                    path.display().to_string(),
                    why.clone(),
                )));
            }
            Source::File(path) => {
                let name = path.display().to_string();
                let stem = file_stem(path);
                let file = match File::open(path) {
                    Ok(f) => f,
                    Err(e) => {
                        return Some(Item::Failed(Record::error(
                            stem,
                            name.clone(),
                            format!("cannot open {name}: {e}"),
                        )));
                    }
                };
                let reader: Box<dyn BufRead + Send> = if name.ends_with(".gz")
                {
                    Box::new(BufReader::with_capacity(
                        1 << 16,
                        MultiGzDecoder::new(file),
                    ))
                } else {
                    Box::new(BufReader::with_capacity(1 << 16, file))
                };
                (name, stem, reader)
            }
        };
        let jsonl = match (self.options.format, &source) {
            (Format::Jsonl, _) => true,
            (Format::Text, _) => false,
            (Format::Auto, Source::File(_) | Source::Unreadable(..)) => {
                name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
            }
            (Format::Auto, Source::Stdin) => {
                // Empty standard input holds no document (a Spark
                // partition can be empty); JSONL reading yields nothing.
                starts_with_brace(&mut input)
                    .unwrap_or(Some(false))
                    .unwrap_or(true)
            }
        };
        if jsonl {
            self.current =
                Some(JsonlLines { name, stem, lines: input, line_no: 0 });
            return None;
        }
        Some(read_text(&name, stem, input, &self.options))
    }
}

/// Whether the first non-whitespace byte of `input` (after a UTF-8 byte
/// order mark) is `{`, without consuming anything but leading whitespace;
/// `None` when there is none.
fn starts_with_brace(
    input: &mut Box<dyn BufRead + Send>,
) -> io::Result<Option<bool>> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let skip = if buf.starts_with(BOM) { BOM.len() } else { 0 };
        match buf[skip..].iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return Ok(Some(buf[skip + i] == b'{')),
            None => {
                // Whitespace-only chunk: it belongs to no document.
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    for ext in [".jsonl.gz", ".txt", ".md", ".jsonl", ".gz"] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem.to_string();
        }
    }
    name
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Decodes bytes as UTF-8, lossily if needed; `Err` for binary data.
///
/// A leading byte order mark is dropped, so raw offsets count from the
/// first character after it (as Python's `utf-8-sig` codec reads).
pub fn decode(bytes: Vec<u8>) -> Result<(String, bool), String> {
    if let Some(pos) = memchr::memchr(0, &bytes) {
        return Err(format!("binary data (NUL byte at offset {pos})"));
    }
    let mut bytes = bytes;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, false)),
        Err(e) => {
            let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Ok((s, true))
        }
    }
}

/// How [`read_line`] ended.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// End of stream, nothing read.
    End,
    /// A line (without its terminator) is in the buffer.
    Read,
    /// The line was longer than the limit; it was skipped without being
    /// kept in memory and the buffer is empty.
    TooLong,
}

/// Reads one line ended by `\n`, `\r\n`, a lone `\r` or the end of the
/// stream into `buf` (terminator dropped), keeping at most `limit` bytes.
///
/// JSON strings cannot hold a raw CR or LF, so splitting on either never
/// cuts a well-formed record; accepting a lone `\r` reads old Mac files.
fn read_line(
    input: &mut dyn BufRead,
    limit: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Line> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let end = memchr::memchr2(b'\n', b'\r', chunk);
        let take = end.unwrap_or(chunk.len());
        if !too_long {
            if buf.len() + take > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        match end {
            None => input.consume(take),
            Some(i) => {
                let cr = chunk[i] == b'\r';
                input.consume(i + 1);
                if cr {
                    // A CR followed by LF is one terminator.
                    let next = input.fill_buf()?;
                    if next.first() == Some(&b'\n') {
                        input.consume(1);
                    }
                }
                break;
            }
        }
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, true) => Line::TooLong,
        (true, false) => Line::Read,
    })
}

fn read_text(
    name: &str,
    stem: String,
    input: Box<dyn BufRead + Send>,
    options: &ReadOptions,
) -> Item {
    let limit = options.max_doc_bytes as u64;
    let mut bytes = Vec::new();
    if let Err(e) = input.take(limit + 1).read_to_end(&mut bytes) {
        return Item::Failed(Record::error(
            stem,
            name.into(),
            format!("reading {name}: {e}"),
        ));
    }
    if bytes.len() as u64 > limit {
        return Item::Failed(Record::error(
            stem,
            name.into(),
            format!("document larger than the limit of {limit} bytes"),
        ));
    }
    match decode(bytes) {
        Ok((text, lossy_utf8)) => Item::Doc(Document {
            id: stem,
            source: name.into(),
            text,
            dct: options.reference_date,
            lossy_utf8,
            infer_title: true,
            ..Document::default()
        }),
        Err(why) => Item::Failed(Record::error(stem, name.into(), why)),
    }
}

impl JsonlLines {
    /// Next non-blank line as an item, or `None` at end of stream.
    fn next_item(&mut self, options: &ReadOptions) -> Option<Item> {
        loop {
            let mut bytes = Vec::new();
            self.line_no += 1;
            let source = format!("{}:{}", self.name, self.line_no);
            let fallback_id = format!("{}:{}", self.stem, self.line_no);
            let limit = options.max_doc_bytes;
            match read_line(&mut self.lines, limit, &mut bytes) {
                Ok(Line::End) => return None,
                Ok(Line::Read) => {}
                Ok(Line::TooLong) => {
                    return Some(Item::Failed(Record::error(
                        fallback_id,
                        source,
                        format!("line longer than the limit of {limit} bytes"),
                    )));
                }
                Err(e) => {
                    // A stream error (truncated gzip, I/O) ends this file.
                    self.lines = Box::new(io::empty());
                    return Some(Item::Failed(Record::error(
                        fallback_id,
                        source,
                        format!("reading {}: {e}", self.name),
                    )));
                }
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_jsonl_line(
                bytes,
                source,
                fallback_id,
                options,
            ));
        }
    }
}

/// Reads JSONL documents from any buffered stream, one item per non-blank
/// line; `name` stands for the file in sources (`name:line`) and fallback
/// ids. A stream error ends the stream after one error record.
pub fn jsonl_items(
    name: &str,
    input: Box<dyn BufRead + Send>,
    options: ReadOptions,
) -> impl Iterator<Item = Item> + Send {
    let mut lines = JsonlLines {
        name: name.to_string(),
        stem: name.to_string(),
        lines: input,
        line_no: 0,
    };
    std::iter::from_fn(move || lines.next_item(&options))
}

/// Parses one JSONL line into a document or an error record.
pub fn parse_jsonl_line(
    bytes: Vec<u8>,
    source: String,
    fallback_id: String,
    options: &ReadOptions,
) -> Item {
    let fail = |id: String, msg: String| {
        Item::Failed(Record::error(id, source.clone(), msg))
    };
    let (line, lossy_utf8) = match decode(bytes) {
        Ok(x) => x,
        Err(why) => return fail(fallback_id, why),
    };
    let value: Value = match serde_json::from_str(&line) {
        Ok(v) => v,
        Err(e) => return fail(fallback_id, format!("invalid JSON: {e}")),
    };
    let Value::Object(mut fields) = value else {
        return fail(fallback_id, "JSON line is not an object".into());
    };
    let id = match fields.remove(&options.id_field) {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => fallback_id,
        Some(other) => other.to_string(),
    };
    let text = match fields.remove(&options.text_field) {
        Some(Value::String(s)) => s,
        Some(other) => {
            return fail(
                id,
                format!(
                    "field {:?} is {}, not a string",
                    options.text_field,
                    json_kind(&other)
                ),
            );
        }
        None => {
            return fail(
                id,
                format!("missing field {:?}", options.text_field),
            );
        }
    };
    let title = match fields.remove("title") {
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            fields.insert("title".into(), other);
            None
        }
        None => None,
    };
    let dct = fields
        .get("dct")
        .and_then(Value::as_str)
        .and_then(CalendarDate::parse_iso)
        .or(options.reference_date);
    Item::Doc(Document {
        id,
        source,
        text,
        title,
        dct,
        meta: (!fields.is_empty()).then_some(fields),
        lossy_utf8,
        infer_title: false,
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(current) = &mut self.current {
                match current.next_item(&self.options) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let source = self.sources.next()?;
            if let Some(item) = self.open(source) {
                return Some(item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Item {
        parse_jsonl_line(
            line.as_bytes().to_vec(),
            "f.jsonl:3".into(),
            "f:3".into(),
            &ReadOptions::default(),
        )
    }

    fn error_of(item: Item) -> String {
        match item {
            Item::Failed(r) => r.error.unwrap(),
            Item::Doc(d) => panic!("expected an error, got {d:?}"),
        }
    }

    #[test]
    fn read_jsonl_passes_other_fields_as_meta() {
        let Item::Doc(d) = parse(
            r#"{"id":"a","text":"Osh","dct":"2016-11-07T00:00:00","lang":"en"}"#,
        ) else {
            panic!()
        };
        assert_eq!(d.id, "a");
        assert_eq!(d.text, "Osh");
        assert_eq!(d.dct.unwrap().to_string(), "2016-11-07");
        assert_eq!(d.meta.unwrap().len(), 2);
    }

    #[test]
    fn read_jsonl_errors_say_why() {
        assert!(error_of(parse("{nope")).starts_with("invalid JSON"));
        assert_eq!(error_of(parse("[1]")), "JSON line is not an object");
        assert_eq!(error_of(parse(r#"{"id":"a"}"#)), "missing field \"text\"");
        assert_eq!(
            error_of(parse(r#"{"id":"a","text":5}"#)),
            "field \"text\" is a number, not a string"
        );
    }

    #[test]
    fn read_jsonl_missing_id_uses_file_and_line() {
        let Item::Doc(d) = parse(r#"{"text":"x"}"#) else { panic!() };
        assert_eq!(d.id, "f:3");
    }

    #[test]
    fn read_decode_flags_binary_and_lossy() {
        assert!(decode(b"ab\0c".to_vec()).is_err());
        assert_eq!(
            decode(b"a\xffb".to_vec()).unwrap(),
            ("a\u{fffd}b".into(), true)
        );
        assert_eq!(
            decode(b"\xef\xbb\xbfOsh".to_vec()).unwrap(),
            ("Osh".into(), false)
        );
    }

    #[test]
    fn read_line_accepts_lf_crlf_cr_and_skips_long_lines() {
        let cases: &[(&[u8], usize, &[&str])] = &[
            (b"a\nb", 10, &["a", "b"]),
            (b"a\r\nb\r\n", 10, &["a", "b"]),
            (b"a\rb\r\rc", 10, &["a", "b", "", "c"]),
            (b"a\n\r\nb", 10, &["a", "", "b"]),
            (b"short\ntoo long\nok", 5, &["short", "<long>", "ok"]),
            (b"", 10, &[]),
        ];
        for &(input, limit, want) in cases {
            // A tiny buffer makes lines and CRLF pairs span refills.
            let mut r = BufReader::with_capacity(2, input);
            let mut got = Vec::new();
            let mut buf = Vec::new();
            loop {
                match read_line(&mut r, limit, &mut buf).unwrap() {
                    Line::End => break,
                    Line::TooLong => got.push("<long>".to_string()),
                    Line::Read => {
                        got.push(String::from_utf8(buf.clone()).unwrap())
                    }
                }
            }
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn read_file_stem_strips_known_extensions() {
        assert_eq!(file_stem(Path::new("a/b.jsonl.gz")), "b");
        assert_eq!(file_stem(Path::new("002_x.txt")), "002_x");
    }
}
