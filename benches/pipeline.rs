//! Throughput of each stage and of the whole pipeline, in bytes per second,
//! next to the bare gazetteer scan of the same bytes, the pipeline's
//! ceiling:
//!
//! - per stage, on each sample document in `input/`: `read` (JSONL line to
//!   document), `clean`, each tagger (`gazetteer` is the automaton scan
//!   with its boundary checks, the rest are the patterns), `resolve`
//!   (overlaps and linking), `serialize` (record to JSON), `hash` (the
//!   content hash of a chunk of documents, one at a time and together);
//! - `full`: clean + tag + resolve + serialize in memory, on the samples
//!   replicated to about 4 MB, 1 and 2 threads;
//! - `extract`: the whole `gazette extract` run (read a file, process,
//!   write a file) on a 4 MB corpus from the corpus generator, 1 and 2
//!   threads, and `--bare-scan` over the same file.
//!
//! Run:
//!
//!     cargo bench --bench pipeline
//!     cargo bench --bench pipeline -- extract    # one group

use clap::Parser;
use criterion::{
    BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use gazette::patterns::tokens::scan_scope;
use gazette::read::{self, Document, Item, ReadOptions};
use gazette::record::{content_hash, content_hashes};
use gazette::{Doc, Pipeline, clean::clean, resolve::resolve_in};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::Path;

#[allow(dead_code)] // its `main` is the example's, not ours
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

fn seeds() -> Vec<(String, String)> {
    let mut paths: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("input"))
            .expect("input/ exists")
            .map(|e| e.expect("readable entry").path())
            .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy()[..3].to_string();
            (id, std::fs::read_to_string(&p).expect("readable seed"))
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::builder().build().expect("default pipeline");
    let seeds = seeds();
    let mut group = c.benchmark_group("read");
    for (id, raw) in &seeds {
        let line =
            serde_json::to_vec(&serde_json::json!({"id": id, "text": raw}))
                .expect("serializable");
        group.throughput(Throughput::Bytes(raw.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("jsonl", id),
            &line,
            |b, line| {
                b.iter(|| {
                    let input = Box::new(std::io::Cursor::new(line.clone()));
                    let items = read::jsonl_items(
                        "bench",
                        input,
                        ReadOptions::default(),
                    );
                    items
                        .map(|item| matches!(item, Item::Doc(_)) as usize)
                        .sum::<usize>()
                })
            },
        );
    }
    group.finish();
    let mut group = c.benchmark_group("clean");
    for (id, raw) in &seeds {
        group.throughput(Throughput::Bytes(raw.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("clean", id),
            raw,
            |b, raw| b.iter(|| black_box(clean(black_box(raw)))),
        );
    }
    group.finish();
    for tagger in pipeline.taggers() {
        let mut group = c.benchmark_group(tagger.name());
        for (id, raw) in &seeds {
            let text = clean(raw).into_text();
            let doc = Doc { text: &text, dct: None };
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(tagger.name(), id),
                &doc,
                |b, doc| {
                    b.iter(|| {
                        let mut out = Vec::new();
                        tagger.tag(black_box(doc), &mut out);
                        black_box(out)
                    })
                },
            );
        }
        group.finish();
    }
    let mut group = c.benchmark_group("resolve");
    for (id, raw) in &seeds {
        let text = clean(raw).into_text();
        let doc = Doc { text: &text, dct: None };
        let mut candidates = Vec::new();
        for tagger in pipeline.taggers() {
            tagger.tag(&doc, &mut candidates);
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("resolve+link", id),
            &candidates,
            |b, candidates| {
                // As in the pipeline, linking reuses the name taggers'
                // token scan: the scan is the taggers' cost, not this.
                scan_scope(&text, || {
                    b.iter(|| {
                        let mut entities =
                            resolve_in(&text, candidates.clone());
                        gazette::link::link(&text, &mut entities);
                        black_box(entities)
                    })
                })
            },
        );
    }
    group.finish();
    let mut group = c.benchmark_group("serialize");
    for (id, raw) in &seeds {
        let record = pipeline.process(Document {
            id: id.clone(),
            text: raw.clone(),
            ..Document::default()
        });
        group.throughput(Throughput::Bytes(raw.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("record", id),
            &record,
            |b, record| {
                b.iter(|| {
                    let mut line = Vec::new();
                    record.write_line(&mut line);
                    black_box(line)
                })
            },
        );
    }
    group.finish();
    // A chunk's worth of documents: the workers hash each chunk at once.
    let texts: Vec<&str> =
        seeds.iter().cycle().take(32).map(|(_, raw)| raw.as_str()).collect();
    let mut group = c.benchmark_group("hash");
    group.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_function("one_at_a_time", |b| {
        b.iter(|| {
            texts.iter().map(|t| content_hash(t)).collect::<Vec<String>>()
        })
    });
    group.bench_function("chunk", |b| b.iter(|| content_hashes(&texts)));
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let pipeline = Pipeline::builder().build().expect("default pipeline");
    let seeds = seeds();
    let mut corpus = Vec::new();
    let mut bytes = 0;
    while bytes < 4 << 20 {
        for (id, raw) in &seeds {
            bytes += raw.len();
            corpus.push(Document {
                id: format!("{id}-{}", corpus.len()),
                text: raw.clone(),
                infer_title: true,
                ..Document::default()
            });
        }
    }
    let mut group = c.benchmark_group("full");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(
            BenchmarkId::new("process+serialize", format!("{threads}t")),
            |b| {
                b.iter(|| {
                    pool.install(|| {
                        corpus
                            .par_iter()
                            .map(|d| {
                                let mut line = Vec::new();
                                pipeline
                                    .process(d.clone())
                                    .write_line(&mut line);
                                line.len()
                            })
                            .sum::<usize>()
                    })
                })
            },
        );
        // The ceiling: the same automaton over the same bytes, nothing
        // else (compare with process+serialize in the same run).
        group.bench_function(
            BenchmarkId::new("bare-scan", format!("{threads}t")),
            |b| {
                b.iter(|| {
                    pool.install(|| {
                        corpus
                            .par_iter()
                            .map(|d| pipeline.bare_scan(&d.text))
                            .sum::<usize>()
                    })
                })
            },
        );
    }
    group.finish();
    println!(
        "full corpus: {} documents, {:.1} MB (docs/s = MB/s x {:.1})",
        corpus.len(),
        bytes as f64 / 1e6,
        corpus.len() as f64 / (bytes as f64 / 1e6)
    );
}

/// The whole `gazette extract` run, file to file, as a user runs it.
fn extract_command(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus.jsonl");
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&corpus).expect("corpus file"),
    );
    let (docs, bytes) =
        gen_corpus::write_corpus(4 << 20, 42, &mut file).expect("written");
    drop(file);
    let out = dir.path().join("out.jsonl");
    let run = |extra: &[&str]| {
        let mut argv = vec!["gazette", "extract", "-q"];
        argv.push(corpus.to_str().expect("UTF-8 path"));
        argv.extend(["-o", out.to_str().expect("UTF-8 path")]);
        argv.extend(extra);
        let cli = gazette::cli::Cli::try_parse_from(argv).expect("valid args");
        gazette::run(cli).expect("extract runs")
    };
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    for threads in ["1", "2"] {
        group.bench_function(
            BenchmarkId::new("file-to-file", format!("{threads}t")),
            |b| b.iter(|| run(&["--threads", threads])),
        );
        group.bench_function(
            BenchmarkId::new("bare-scan", format!("{threads}t")),
            |b| b.iter(|| run(&["--threads", threads, "--bare-scan"])),
        );
    }
    group.finish();
    println!(
        "extract corpus: {docs} documents, {:.1} MB of text (docs/s = MB/s x {:.1})",
        bytes as f64 / 1e6,
        docs as f64 / (bytes as f64 / 1e6)
    );
}

criterion_group!(benches, stages, end_to_end, extract_command);
criterion_main!(benches);
