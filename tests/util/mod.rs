//! Shared helpers for integration tests: run the real binary, parse JSONL.

#![allow(dead_code)]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `gazette` command run from the repository root.
pub fn gazette() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.current_dir(root());
    cmd
}

/// Runs `gazette args...` with `stdin` and returns its output.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = gazette()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gazette starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("gazette runs");
    writer.join().expect("stdin writer");
    out
}

/// Parses JSONL output into values, failing on any bad line.
pub fn jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .expect("output is UTF-8")
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("bad line {l:?}: {e}"))
        })
        .collect()
}

/// Code-point slice, as Python's `text[start:end]`.
pub fn slice(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

/// Checks the record invariants on every entity of every record:
/// `text[start:end] == entity.text`, raw spans inside the raw input and
/// (when raw is given) holding the same words, entities sorted and
/// non-overlapping.
pub fn check_invariants(record: &Value, raw: Option<&str>) {
    let Some(text) = record["text"].as_str() else { return };
    let mut last_end = 0;
    for e in record["entities"].as_array().expect("entities array") {
        let (s, en) =
            (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
        assert!(s < en, "empty span {e}");
        assert!(s >= last_end, "overlap or unsorted at {e}");
        last_end = en;
        assert_eq!(
            slice(text, s, en),
            e["text"].as_str().unwrap(),
            "span text of {e}"
        );
        if let Some(raw) = raw {
            let (rs, re) = (
                e["raw_start"].as_u64().unwrap(),
                e["raw_end"].as_u64().unwrap(),
            );
            assert!(
                rs < re && re as usize <= raw.chars().count(),
                "raw span of {e}"
            );
            // The raw span holds the mention's words in order, starting
            // and ending with them; in between it may hold what cleaning
            // removed (`Bishkek[edit] Osh`).
            let raw_text = slice(raw, rs, re);
            let words = |s: &str| -> Vec<char> {
                s.chars().filter(|c| c.is_alphanumeric()).collect()
            };
            let (raw_words, ent_words) =
                (words(&raw_text), words(e["text"].as_str().unwrap()));
            let mut rest = raw_words.iter();
            assert!(
                ent_words.iter().all(|c| rest.any(|r| r == c))
                    && raw_words.first() == ent_words.first()
                    && raw_words.last() == ent_words.last(),
                "raw text {raw_text:?} of {e}"
            );
        }
    }
}

/// Reads a file under the repository root.
pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(root().join(path)).expect("file readable")
}
