//! Gazetteer load and scan costs.
//!
//! `load/precompiled` is what `gazette` pays at start-up (deserializing the
//! automaton `build.rs` compiled); `load/runtime` builds the same lists
//! from the TSVs, the cost the precompiled form avoids. `scan` tags the
//! sample documents in `input/` with the default lists.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gazette::gazetteer::{Gazetteer, default_sources};
use gazette::{Doc, Tagger};
use std::hint::black_box;
use std::time::Duration;

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function("precompiled", |b| {
        b.iter(|| Gazetteer::with_defaults([]).expect("defaults load"))
    });
    group.bench_function("runtime", |b| {
        b.iter(|| {
            Gazetteer::from_sources(default_sources().iter().copied())
                .expect("defaults compile")
        })
    });
    group.finish();
}

fn sample_text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/input");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut text = String::new();
    for p in paths {
        text.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        text.push('\n');
    }
    text
}

fn scan(c: &mut Criterion) {
    let text = sample_text();
    let g = Gazetteer::with_defaults([]).expect("defaults load");
    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("defaults", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            g.tag(&Doc { text: black_box(&text), dct: None }, &mut out);
            out
        })
    });
    group.finish();
}

criterion_group!(benches, load, scan);
criterion_main!(benches);
