//! Replays the inputs kept from fuzzing (`tests/fuzz_regressions/<target>/`,
//! crashes that were fixed and a sample of the corpus) through the same
//! checks the fuzz targets assert, so a fixed bug stays fixed without
//! libFuzzer or nightly.

use gazette::Pipeline;
use gazette::invariants::{check_clean, check_jsonl, check_pipeline};
use std::path::PathBuf;

/// The kept inputs of one target, sorted; never empty.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Runs `check` on each input, naming the file that fails.
fn replay(target: &str, check: impl Fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check(&bytes)
            }));
        assert!(result.is_ok(), "{} fails again", path.display());
    }
}

#[test]
fn fuzz_regressions_clean() {
    // The text targets take `&str`; libFuzzer skips other bytes, here they
    // are decoded lossily so they still exercise something.
    replay("clean", |b| check_clean(&String::from_utf8_lossy(b)));
}

#[test]
fn fuzz_regressions_pipeline() {
    let clean = Pipeline::builder().build().unwrap();
    let raw = Pipeline::builder().clean(false).build().unwrap();
    replay("pipeline", |b| {
        let text = String::from_utf8_lossy(b);
        check_pipeline(&clean, &text);
        check_pipeline(&raw, &text);
    });
}

#[test]
fn fuzz_regressions_jsonl() {
    replay("jsonl", check_jsonl);
}
