//! End-to-end tests of `gazette extract` on the sample documents and on
//! bad input: the binary is run exactly as a user runs it.

mod util;

use serde_json::Value;
use util::{check_invariants, jsonl, read, run};

/// Runs extract on `input/` once per test binary and returns the records.
fn sample_records() -> &'static Vec<Value> {
    static RECORDS: std::sync::OnceLock<Vec<Value>> =
        std::sync::OnceLock::new();
    RECORDS.get_or_init(|| {
        let out = run(&["extract", "input", "-q"], b"");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        jsonl(&out.stdout)
    })
}

fn record(id_prefix: &str) -> &'static Value {
    sample_records()
        .iter()
        .find(|r| r["id"].as_str().unwrap().starts_with(id_prefix))
        .unwrap_or_else(|| panic!("no record {id_prefix}"))
}

/// Finds an entity by its text and type.
fn entity<'a>(r: &'a Value, kind: &str, text: &str) -> &'a Value {
    r["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == kind && e["text"] == text)
        .unwrap_or_else(|| panic!("no {kind} {text:?} in {}", r["id"]))
}

#[test]
fn extract_sample_records_are_in_input_order_with_sources() {
    let ids: Vec<&str> =
        sample_records().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec![
            "000_8e0fd80b6728d3ed",
            "001_176d43c6e059fe92",
            "002_56f4061145500a94",
            "003_a4fc09d6322d7d1e",
            "004_10557aa8c2225852"
        ]
    );
    assert_eq!(record("002")["source"], "input/002_56f4061145500a94.txt");
    assert_eq!(record("002")["title"], "Foreign relations of Kyrgyzstan");
}

#[test]
fn extract_every_entity_maps_to_text_and_raw_input() {
    for r in sample_records() {
        let raw = read(r["source"].as_str().unwrap());
        check_invariants(r, Some(&raw));
    }
}

#[test]
fn extract_output_is_identical_whatever_the_thread_count() {
    let one = run(
        &["extract", "input", "-q", "--threads", "1", "--batch-size", "2"],
        b"",
    );
    let four = run(&["extract", "input", "-q", "--threads", "4"], b"");
    assert!(one.status.success() && four.status.success());
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn extract_reads_jsonl_from_stdin_with_meta_and_dct() {
    let input = br#"{"id":"x1","text":"Sadyr Japarov visited Beijing on 6 October 1992.","lang":"en"}
{"id":"x2","text":"Nothing to see."}
"#;
    let out = run(&["extract", "-q"], input);
    assert!(out.status.success());
    let recs = jsonl(&out.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], "x1");
    assert_eq!(recs[0]["meta"]["lang"], "en");
    assert_eq!(recs[0]["source"], "<stdin>:1");
    assert_eq!(recs[1]["entities"], Value::Array(vec![]));
    check_invariants(
        &recs[0],
        Some("Sadyr Japarov visited Beijing on 6 October 1992."),
    );
}

#[test]
fn extract_plain_text_from_stdin_is_one_document() {
    let out = run(&["extract", "-q", "-"], b"Osh is in Kyrgyzstan.\n");
    let recs = jsonl(&out.stdout);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], "stdin");
    assert_eq!(
        entity(&recs[0], "LOCATION", "Kyrgyzstan")["norm"],
        "Kyrgyzstan"
    );
}

#[test]
fn extract_bad_jsonl_lines_become_error_records_and_exit_1() {
    let input = b"{\"id\":\"ok\",\"text\":\"Osh\"}\nnot json\n[1,2]\n{\"id\":\"n\",\"text\":5}\n{\"id\":\"m\"}\n{\"id\":\"ok2\",\"text\":\"Naryn\"}\n";
    let out = run(&["extract", "-q", "--input-format", "jsonl"], input);
    assert_eq!(out.status.code(), Some(1));
    let recs = jsonl(&out.stdout);
    let errors: Vec<(&str, &str)> = recs
        .iter()
        .filter_map(|r| Some((r["id"].as_str()?, r["error"].as_str()?)))
        .collect();
    assert_eq!(recs.len(), 6, "one record per line, in order");
    assert_eq!(recs[0]["id"], "ok");
    assert_eq!(recs[5]["id"], "ok2");
    assert_eq!(errors.len(), 4);
    assert!(
        errors[0].0 == "stdin:2" && errors[0].1.starts_with("invalid JSON")
    );
    assert_eq!(errors[1], ("stdin:3", "JSON line is not an object"));
    assert_eq!(errors[2], ("n", "field \"text\" is a number, not a string"));
    assert_eq!(errors[3], ("m", "missing field \"text\""));
    assert_eq!(recs[1]["source"], "<stdin>:2");
}

#[test]
fn extract_binary_and_invalid_utf8_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a_binary.txt"), b"Osh\0\x01\x02").unwrap();
    std::fs::write(dir.path().join("b_latin1.txt"), b"Osh caf\xe9 Naryn")
        .unwrap();
    std::fs::write(dir.path().join("c_empty.txt"), b"").unwrap();
    std::fs::write(dir.path().join("d_ignored.csv"), b"x").unwrap();
    let out = run(&["extract", "-q", dir.path().to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1));
    let recs = jsonl(&out.stdout);
    assert_eq!(recs.len(), 3);
    assert!(recs[0]["error"].as_str().unwrap().contains("NUL byte"));
    assert_eq!(recs[1]["lossy_utf8"], true);
    assert_eq!(entity(&recs[1], "LOCATION", "Naryn")["raw_start"], 9);
    assert_eq!(recs[2]["entities"], Value::Array(vec![]));
}

#[test]
fn extract_gzipped_jsonl_and_truncated_gzip() {
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(b"{\"id\":\"g1\",\"text\":\"Osh\"}\n{\"id\":\"g2\",\"text\":\"Naryn\"}\n").unwrap();
    let bytes = gz.finish().unwrap();
    std::fs::write(dir.path().join("a.jsonl.gz"), &bytes).unwrap();
    std::fs::write(dir.path().join("b.jsonl.gz"), &bytes[..bytes.len() / 2])
        .unwrap();
    let out = run(&["extract", "-q", dir.path().to_str().unwrap()], b"");
    let recs = jsonl(&out.stdout);
    assert_eq!(recs[0]["id"], "g1");
    assert_eq!(recs[1]["id"], "g2");
    let last = recs.last().unwrap();
    assert!(
        last["error"].as_str().is_some(),
        "truncated gzip gives an error record: {last}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn extract_missing_input_or_output_folder_is_fatal_with_clean_stdout() {
    let out = run(&["extract", "no/such/input"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no/such/input does not exist")
    );
    let out = run(&["extract", "input", "-o", "no/such/dir/out.jsonl"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("output folder no/such/dir does not exist")
    );
}

#[test]
fn extract_writes_output_file_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entities.jsonl");
    let out = run(&["extract", "input", "-o", path.to_str().unwrap()], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "nothing but records on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("gazette: 5 documents"), "{stderr}");
    let written = std::fs::read(&path).unwrap();
    assert_eq!(jsonl(&written).len(), 5);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn extract_types_filter_and_user_gazetteer() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("mine.tsv");
    std::fs::write(
        &list,
        "# mine\nZorbania\tLOCATION\tRepublic of Zorbania\tZZ\n",
    )
    .unwrap();
    let out = run(
        &[
            "extract",
            "-q",
            "--types",
            "LOCATION",
            "--gazetteer",
            list.to_str().unwrap(),
        ],
        b"Zorbania signed on 6 October 1992 with Osh.",
    );
    let recs = jsonl(&out.stdout);
    let ents = recs[0]["entities"].as_array().unwrap();
    assert!(ents.iter().all(|e| e["type"] == "LOCATION"));
    assert_eq!(
        entity(&recs[0], "LOCATION", "Zorbania")["norm"],
        "Republic of Zorbania"
    );
    assert_eq!(entity(&recs[0], "LOCATION", "Zorbania")["id"], "ZZ");
}

#[test]
fn extract_bad_gazetteer_line_is_fatal_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("bad.tsv");
    std::fs::write(&list, "Osh\tLOCATION\tOsh\nNaryn\tPLACE\n").unwrap();
    let out = run(&["extract", "--gazetteer", list.to_str().unwrap()], b"Osh");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.tsv:2: unknown type \"PLACE\""), "{stderr}");
}

#[test]
fn extract_closed_stdout_exits_quietly() {
    use std::process::Stdio;
    let mut child = util::gazette()
        .args([
            "extract",
            "-q",
            "--batch-size",
            "1",
            "input",
            "input",
            "input",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe like `| head -c1` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut one).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
/// Records are written on their own thread while the next batch is
/// processed; a write that fails must still end the run with the error,
/// not hang the workers or be lost.
#[cfg(target_os = "linux")]
#[test]
fn extract_reports_a_failing_write() {
    // Eight copies of the samples: more records than the output buffer
    // holds, so the write fails while batches are still coming.
    let mut args = vec!["extract", "-q", "--batch-size", "1"];
    args.extend(["input"; 8]);
    args.extend(["-o", "/dev/full"]);
    let out = run(&args, b"");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("writing records"), "{stderr}");
    assert!(stderr.contains("No space left"), "{stderr}");
}

#[test]
fn extract_cleans_wiki_chrome_and_footnotes() {
    let text = record("002")["text"].as_str().unwrap();
    for artifact in
        ["[edit]", "Jump to navigation", "From Wikipedia", "[1]", ".svg"]
    {
        assert!(!text.contains(artifact), "{artifact:?} left in cleaned text");
    }
    assert!(text.contains(
        "Both countries established diplomatic relations on October 6, 1992."
    ));
    let text = record("000")["text"].as_str().unwrap();
    assert!(!text.contains('¹') && !text.contains("**"));
    assert!(text.contains(
        "Sadyr Japarov has a favorable view of China. Japarov states"
    ));
}

#[test]
fn extract_dates_are_iso() {
    let r = record("002");
    assert_eq!(entity(r, "DATE", "6 October 1992")["norm"], "1992-10-06");
    assert_eq!(entity(r, "DATE", "October 6, 1992")["norm"], "1992-10-06");
    assert_eq!(entity(r, "DATE", "May 1993")["norm"], "1993-05");
    assert_eq!(entity(r, "DATE", "February 18, 2000")["norm"], "2000-02-18");
}

#[test]
fn extract_money_has_amount_and_currency() {
    let m = entity(record("003"), "MONEY", "$500 million");
    assert_eq!(m["amount"].as_f64(), Some(500_000_000.0));
    assert_eq!(m["currency"], "USD");
    assert_eq!(m["norm"], "500000000 USD");
    let m = entity(record("002"), "MONEY", "EUR 3,5 million");
    assert_eq!(m["norm"], "3500000 EUR");
    let m = entity(record("001"), "MONEY", "$410 million");
    assert_eq!(m["amount"].as_f64(), Some(410_000_000.0));
}

#[test]
fn extract_names_are_canonical_and_linked() {
    let r = record("001");
    assert_eq!(entity(r, "PERSON", "Sadyr Japarov")["norm"], "Sadyr Japarov");
    assert_eq!(entity(r, "PERSON", "Japarov")["norm"], "Sadyr Japarov");
    assert_eq!(entity(r, "LOCATION", "PRC")["norm"], "China");
    assert_eq!(
        entity(record("002"), "PERSON", "Askar Akayev")["norm"],
        "Askar Akayev"
    );
}

#[test]
fn extract_empty_stdin_gives_no_record() {
    let out = run(&["extract", "-q"], b"");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let out = run(&["extract", "-q"], b"  \n\n");
    assert!(out.stdout.is_empty(), "whitespace-only stdin holds no document");
}
