//! One huge single-line document against a small one: the time per byte
//! must stay flat (no quadratic blow-up) and memory bounded by a small
//! multiple of the document. Reads a JSONL line of 2 MB and one of 200 MB
//! through the reader and the whole pipeline, and prints time, throughput,
//! their ratio and peak memory.
//!
//!     cargo bench --bench large_doc [-- MB]     (default 200)

use gazette::Pipeline;
use gazette::read::{Item, ReadOptions, jsonl_items};
use std::time::Instant;

/// A JSONL line of about `bytes` bytes of prose with entities.
fn line(bytes: usize) -> Vec<u8> {
    let sentence = "Sadyr Japarov met officials in Bishkek on 6 October \
                    1992 and pledged $5 million to Osh.[1] ";
    let mut text = String::with_capacity(bytes + sentence.len());
    while text.len() < bytes {
        text.push_str(sentence);
    }
    let mut out = serde_json::json!({ "id": "big", "text": text })
        .to_string()
        .into_bytes();
    out.push(b'\n');
    out
}

/// Seconds to read and process one line; the number of entities.
fn run(pipeline: &Pipeline, data: Vec<u8>) -> (f64, usize) {
    let started = Instant::now();
    let input = Box::new(std::io::Cursor::new(data));
    let mut entities = 0;
    for item in jsonl_items("big", input, ReadOptions::default()) {
        let Item::Doc(doc) = item else { panic!("not read") };
        entities += pipeline.process(doc).entities.map_or(0, |e| e.len());
    }
    (started.elapsed().as_secs_f64(), entities)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let big_mb: usize =
        std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(200);
    let pipeline = Pipeline::builder().build().expect("default pipeline");
    run(&pipeline, line(1 << 20)); // warm up
    let (small_s, small_n) = run(&pipeline, line(2_000_000));
    let rss_small = peak_rss_mb().unwrap_or(0.0);
    let (big_s, big_n) = run(&pipeline, line(big_mb * 1_000_000));
    let rss_big = peak_rss_mb().unwrap_or(0.0);
    let ratio = big_mb as f64 / 2.0;
    println!(
        "2 MB: {small_s:.2} s ({:.1} MB/s, {small_n} entities, peak {rss_small:.0} MB)",
        2.0 / small_s
    );
    println!(
        "{big_mb} MB: {big_s:.2} s ({:.1} MB/s, {big_n} entities, peak {rss_big:.0} MB)",
        big_mb as f64 / big_s
    );
    println!(
        "time ratio {:.1} for a size ratio of {ratio:.0} (linear = {ratio:.0})",
        big_s / small_s
    );
}
