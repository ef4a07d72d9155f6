//! `gazette extract`: the batch driver.
//!
//! A reader thread streams documents into a bounded channel; the main thread
//! takes them in batches, processes each batch in parallel on a rayon pool
//! (collecting keeps input order), and one writer emits the records in
//! order. Memory is bounded by the batch size and the channel, whatever the
//! corpus size; a batch is written as soon as it is done, so records from a
//! pipe leave without waiting for the end of input.

use crate::cli::{ExtractArgs, InputFormat};
use crate::entity::EntityType;
use crate::exit::Exit;
use crate::format;
use crate::format::OutputFormat;
use crate::output::Output;
use crate::pipeline::Pipeline;
use crate::read::{self, Format, Item, ReadOptions, Reader};
use crate::record::{Record, content_hash, content_hashes};
use crate::report::{Report, ReportDoc};
use crate::resume;
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{self, IsTerminal};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::time::Instant;

/// Counts for the end-of-run summary.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Records written.
    pub documents: usize,
    /// Bytes of document text processed.
    pub bytes: usize,
    /// Entities per type, in [`EntityType::ALL`] order.
    pub entities: [usize; 5],
    /// Error records written.
    pub errors: usize,
    /// Documents skipped as already done (`--resume` only).
    pub skipped: Option<usize>,
}

impl Summary {
    fn add(&mut self, record: &Record, bytes: usize) {
        self.documents += 1;
        self.bytes += bytes;
        if record.error.is_some() {
            self.errors += 1;
        }
        for e in record.entities.iter().flatten() {
            let i = EntityType::ALL.iter().position(|t| *t == e.kind);
            self.entities[i.expect("every type is in ALL")] += 1;
        }
    }

    fn merge(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        self.errors += other.errors;
        for (a, b) in self.entities.iter_mut().zip(other.entities) {
            *a += b;
        }
    }

    /// The one-line summary printed on standard error.
    pub fn line(&self, seconds: f64) -> String {
        let mb = self.bytes as f64 / 1e6;
        let per_type: Vec<String> = EntityType::ALL
            .iter()
            .zip(self.entities)
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        let skipped = match self.skipped {
            Some(n) => format!(", {n} skipped (already done)"),
            None => String::new(),
        };
        format!(
            "gazette: {} documents{skipped}, {:.2} MB, {} entities ({}), \
             {} errors, {:.2} s, {:.1} MB/s",
            self.documents,
            mb,
            self.entities.iter().sum::<usize>(),
            per_type.join(", "),
            self.errors,
            seconds,
            mb / seconds.max(1e-9),
        )
    }
}

/// Runs `gazette extract`.
pub fn run(args: ExtractArgs) -> Result<Exit> {
    let started = Instant::now();
    let mut builder = Pipeline::builder();
    builder
        .default_gazetteers(!args.no_default_gazetteers)
        .clean(!args.no_clean);
    for path in &args.gazetteers {
        builder.gazetteer_file(path);
    }
    if let Some(types) = &args.types {
        builder.types(types.clone());
    }
    let pipeline = builder.build()?;
    let sources = read::discover(&args.inputs)?;
    let resume = resume::start(
        args.output.as_deref(),
        args.format,
        args.resume,
        args.quiet,
    )?;
    let output = match &resume {
        Some((path, _)) => Output::append(path)?,
        None => Output::open(args.output.as_deref())?,
    };
    let (resume_path, mut tracker) = resume.unzip();
    let report = args.report.as_deref().map(Report::create).transpose()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |n| n.get()))
        .build()
        .context("starting worker threads")?;

    let progress = progress_bar(args.quiet, read::total_bytes(&sources));
    let options = ReadOptions {
        id_field: args.id_field.clone(),
        text_field: args.text_field.clone(),
        format: match args.input_format {
            InputFormat::Auto => Format::Auto,
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::Jsonl,
        },
        reference_date: args.reference_date,
        max_doc_bytes: args.max_doc_bytes.get(),
    };
    let batch_size = args.batch_size.get();
    let (tx, rx) = sync_channel::<Hashed>(batch_size * 2);
    // Hashing is a byte-serial loop. With one worker the reader has a core
    // to spare and takes it off the worker; with many, the reader (one
    // thread feeding all of them) must stay light, and each worker hashes
    // its own documents. `--resume` needs the hash on the reader anyway.
    let hash_on_reader = !args.bare_scan
        && (pool.current_num_threads() == 1 || tracker.is_some());
    // The reader thread ends on its own when the channel closes. It also
    // drops documents that an earlier run has done (`--resume`), and hands
    // back what it saw.
    let reader = std::thread::Builder::new()
        .name("gazette-reader".into())
        .spawn(move || {
            for item in Reader::new(sources, options) {
                let hash = match &item {
                    Item::Doc(doc) if hash_on_reader => {
                        Some(content_hash(&doc.text))
                    }
                    _ => None,
                };
                if tracker
                    .as_mut()
                    .is_some_and(|t| t.skip_hashed(&item, hash.as_deref()))
                {
                    continue;
                }
                if tx.send(Hashed { item, hash }).is_err() {
                    break;
                }
            }
            tracker
        })
        .context("starting the reader thread")?;

    let chunk_len = chunk_len(batch_size, pool.current_num_threads());
    let want_records = report.is_some();
    // Chunks of consecutive documents stream through three stages at once:
    // the reader thread fills chunks, the workers process them in any
    // order, and a writer thread puts them back in input order and writes
    // them. No stage waits for a whole batch, so no worker idles while the
    // slowest chunk of a batch finishes. Permits bound the chunks between
    // reader and file (in work or waiting for an earlier one): memory
    // stays at about two batches whatever the corpus size.
    let in_flight = (batch_size / chunk_len).max(1) * 2;
    let (permit_tx, permit_rx) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        permit_tx.send(()).expect("the channel holds every permit");
    }
    let (done_tx, done_rx) = sync_channel::<(usize, Chunk)>(in_flight);
    let written = std::thread::scope(|scope| -> Result<Written> {
        let writer = std::thread::Builder::new()
            .name("gazette-writer".into())
            .spawn_scoped(scope, || {
                write_chunks(done_rx, permit_tx, output, report, &progress)
            })
            .context("starting the writer thread")?;
        pool.in_place_scope(|work| {
            let mut seq = 0;
            while let Some(items) = next_batch(&rx, chunk_len) {
                // No permit: the writer stopped early (an error, or a
                // closed pipe); its result says which.
                if permit_rx.recv().is_err() {
                    break;
                }
                let done_tx = done_tx.clone();
                let (pipeline, args) = (&pipeline, &args);
                work.spawn(move |_| {
                    let chunk =
                        process_chunk(pipeline, args, items, want_records);
                    // A closed channel is the writer having stopped.
                    let _ = done_tx.send((seq, chunk));
                });
                seq += 1;
            }
        });
        drop(done_tx);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    })?;
    let Written { mut summary, output, report, pipe_closed } = written;
    if pipe_closed {
        // The consumer has what it wanted (`| head`): not an error.
        progress.finish_and_clear();
        return Ok(Exit::Success);
    }
    output.finish().context("finishing the output file")?;
    let tracker = reader
        .join()
        .map_err(|_| anyhow::anyhow!("the reader thread panicked"))?;
    if let (Some(path), Some(tracker)) = (resume_path, tracker) {
        summary.skipped = Some(tracker.skipped);
        if tracker.needs_compaction() {
            resume::compact(&path, &tracker).with_context(|| {
                format!("dropping superseded records from {}", path.display())
            })?;
        }
    }
    if let Some(report) = report {
        report.finish()?;
    }
    progress.finish_and_clear();
    if !args.quiet {
        eprintln!("{}", summary.line(started.elapsed().as_secs_f64()));
    }
    Ok(if summary.errors > 0 { Exit::SomeFailed } else { Exit::Success })
}

/// An item as the reader hands it on: documents with their
/// [`content_hash`].
struct Hashed {
    item: Item,
    hash: Option<String>,
}

impl Hashed {
    /// The text of a document that has no hash yet.
    fn unhashed_text(&self) -> Option<&str> {
        match (&self.item, &self.hash) {
            (Item::Doc(doc), None) => Some(&doc.text),
            _ => None,
        }
    }
}

/// Blocks for one item, then takes whatever else is ready, up to `max`.
fn next_batch(rx: &Receiver<Hashed>, max: usize) -> Option<Vec<Hashed>> {
    let first = rx.recv().ok()?;
    let mut batch = Vec::with_capacity(max);
    batch.push(first);
    while batch.len() < max {
        match rx.try_recv() {
            Ok(item) => batch.push(item),
            Err(TryRecvError::Empty) => {
                // Give a fast reader a moment to fill the batch, but do not
                // hold records back from a slow pipe.
                match rx.recv_timeout(std::time::Duration::from_millis(2)) {
                    Ok(item) => batch.push(item),
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        }
    }
    Some(batch)
}

/// Documents per parallel work unit: a few units per thread and batch, so
/// the threads stay balanced, each large enough that its records share one
/// output buffer instead of an allocation per record.
fn chunk_len(batch_size: usize, threads: usize) -> usize {
    (batch_size / (threads.max(1) * 4)).clamp(1, 32)
}

/// Consecutive processed documents, ready for the writer.
struct Chunk {
    /// Their serialized records, in input order.
    lines: Vec<u8>,
    /// Their share of the summary.
    counts: Summary,
    /// The records themselves, kept only when the report needs them.
    records: Vec<Record>,
}

/// Processes and serializes consecutive items into one [`Chunk`].
fn process_chunk(
    pipeline: &Pipeline,
    args: &ExtractArgs,
    items: Vec<Hashed>,
    want_records: bool,
) -> Chunk {
    // Records run to about four times their text (entities dominate):
    // reserve once for the chunk rather than grow through every doubling,
    // each of which copies what is already there.
    let text_bytes: usize = items.iter().map(|h| h.item.text_len()).sum();
    let mut chunk = Chunk {
        lines: Vec::with_capacity(text_bytes * 9 / 2 + 512 * items.len()),
        counts: Summary::default(),
        records: Vec::new(),
    };
    let items = if args.bare_scan { items } else { hash_chunk(items) };
    for Hashed { item, hash } in items {
        let (record, bytes) = if args.bare_scan {
            bare_scan(pipeline, item)
        } else {
            process(pipeline, item, hash)
        };
        if !args.bare_scan {
            write_guarded(&record, args.format, &mut chunk.lines);
        }
        chunk.counts.add(&record, bytes);
        if want_records {
            chunk.records.push(record);
        }
    }
    chunk
}

/// Gives every document of a chunk that the reader did not hash its
/// [`content_hash`], all at once: [`content_hashes`] is faster than one
/// document at a time.
fn hash_chunk(mut items: Vec<Hashed>) -> Vec<Hashed> {
    let unhashed: Vec<&str> =
        items.iter().filter_map(Hashed::unhashed_text).collect();
    let mut hashes = content_hashes(&unhashed).into_iter();
    for h in &mut items {
        if h.unhashed_text().is_some() {
            h.hash = hashes.next();
        }
    }
    items
}

/// Serializes `record`; should serializing ever panic, its partial bytes
/// are dropped and an error record takes its place, so the document still
/// gets a line and the run goes on.
fn write_guarded(record: &Record, fmt: OutputFormat, out: &mut Vec<u8>) {
    let len = out.len();
    let wrote =
        catch_unwind(AssertUnwindSafe(|| format::write(record, fmt, out)));
    if wrote.is_err() {
        out.truncate(len);
        let failed = Record {
            hash: record.hash.clone(),
            ..Record::error(
                record.id.clone(),
                record.source.clone(),
                "internal error while writing this record (please report it)"
                    .into(),
            )
        };
        format::write(&failed, fmt, out);
    }
}

/// What the writer thread hands back.
struct Written {
    summary: Summary,
    output: Output,
    report: Option<Report>,
    /// The consumer closed the pipe: stop quietly.
    pipe_closed: bool,
}

/// The writer thread: writes chunks in input order as they complete,
/// keeps the summary, the progress bar and the report, and hands a permit
/// back for every chunk written. Whenever it has caught up it ends a batch
/// (standard output is flushed, an appended file synced), so records from
/// a slow pipe leave at once.
fn write_chunks(
    done: Receiver<(usize, Chunk)>,
    permits: SyncSender<()>,
    mut output: Output,
    mut report: Option<Report>,
    progress: &ProgressBar,
) -> Result<Written> {
    let mut summary = Summary::default();
    let mut waiting: BTreeMap<usize, Chunk> = BTreeMap::new();
    let mut next = 0;
    let mut caught_up = true;
    loop {
        let received = match done.try_recv() {
            Ok(x) => Some(x),
            Err(TryRecvError::Disconnected) => None,
            Err(TryRecvError::Empty) => {
                if !caught_up {
                    if let Err(e) = output.end_batch() {
                        return stopped(e, summary, output, report);
                    }
                    caught_up = true;
                }
                done.recv().ok()
            }
        };
        let Some((seq, chunk)) = received else { break };
        waiting.insert(seq, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            next += 1;
            caught_up = false;
            if let Err(e) = output.write(&chunk.lines) {
                return stopped(e, summary, output, report);
            }
            if let Some(report) = &mut report {
                for record in &chunk.records {
                    report.add(&ReportDoc::from(record))?;
                }
            }
            summary.merge(&chunk.counts);
            progress.inc(chunk.counts.bytes as u64);
            // The reader may be waiting for this permit; if it has gone,
            // nothing more is coming anyway.
            let _ = permits.send(());
        }
    }
    if let Err(e) = output.end_batch() {
        return stopped(e, summary, output, report);
    }
    Ok(Written { summary, output, report, pipe_closed: false })
}

/// The writer's result after a failed write: a closed pipe ends the run
/// quietly (`| head`), anything else is an error.
fn stopped(
    e: io::Error,
    summary: Summary,
    output: Output,
    report: Option<Report>,
) -> Result<Written> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Ok(Written { summary, output, report, pipe_closed: true });
    }
    Err(e).context("writing records")
}

/// `--bare-scan`: runs only the gazetteer automaton; nothing is written.
fn bare_scan(pipeline: &Pipeline, item: Item) -> (Record, usize) {
    match item {
        Item::Failed(record) => (record, 0),
        Item::Doc(doc) => {
            std::hint::black_box(pipeline.bare_scan(&doc.text));
            (Record::default(), doc.text.len())
        }
    }
}

/// Processes one item (`hash`: its [`content_hash`], if the reader made
/// it); a panic becomes an error record, never a crash.
fn process(
    pipeline: &Pipeline,
    item: Item,
    hash: Option<String>,
) -> (Record, usize) {
    match item {
        Item::Failed(record) => (record, 0),
        Item::Doc(doc) => {
            let bytes = doc.text.len();
            let (id, source) = (doc.id.clone(), doc.source.clone());
            // Taken out here so that an error record has it too.
            let hash = hash.unwrap_or_else(|| content_hash(&doc.text));
            let for_error = hash.clone();
            let record = catch_unwind(AssertUnwindSafe(|| {
                pipeline.process_hashed(doc, for_error)
            }))
            .unwrap_or_else(|_| Record {
                hash: Some(hash),
                ..Record::error(
                    id,
                    source,
                    "internal error while processing this document \
                             (please report it)"
                        .into(),
                )
            });
            (record, bytes)
        }
    }
}

fn progress_bar(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:40} {binary_bytes}/{binary_total_bytes} \
                 {binary_bytes_per_sec} eta {eta}",
            )
            .expect("valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template(
                "{spinner} {binary_bytes} {binary_bytes_per_sec}",
            )
            .expect("valid template"),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_line_counts_types_and_errors() {
        let mut s = Summary::default();
        s.add(&Record::error("a".into(), "a".into(), "x".into()), 0);
        s.add(&Record::default(), 2_000_000);
        let line = s.line(1.0);
        assert!(line.starts_with("gazette: 2 documents, 2.00 MB, 0 entities"));
        assert!(line.contains("1 errors"));
        assert!(line.ends_with("2.0 MB/s"));
    }
}
