//! Throughput of each stage and of the whole pipeline, in bytes per second,
//! on the sample documents in `input/` (each stage on each document, and
//! end to end on the five documents replicated to about 4 MB), next to the
//! bare gazetteer scan of the same bytes, the pipeline's ceiling.
//!
//!     cargo bench --bench pipeline

use criterion::{
    BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use gazette::read::Document;
use gazette::{Doc, Pipeline, clean::clean};
use rayon::prelude::*;
use std::hint::black_box;
use std::path::Path;

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

criterion_group!(benches, stages, end_to_end);
criterion_main!(benches);
