//! End-to-end tests of the output formats, the JSON Schema and the HTML
//! report, run through the `gazette` binary on the sample documents.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gazette(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running gazette")
}

fn stdout_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The sample documents plus a JSONL file with an unreadable line (an error
/// record), a `<script>` document and pass-through metadata.
fn corpus(dir: &Path) -> Vec<String> {
    let extra = dir.join("extra.jsonl");
    std::fs::write(
        &extra,
        concat!(
            r#"{"id":"money","text":"Paid $5 million on 6 October 1992 in Bishkek."}"#,
            "\n{broken\n",
            r#"{"id":"xss","text":"<script>alert(1)</script> 😀 Kyrgyzstan","lang":"en"}"#,
            "\n",
        ),
    )
    .unwrap();
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("input");
    vec![
        input.to_string_lossy().into_owned(),
        extra.to_string_lossy().into_owned(),
    ]
}

fn extract(dir: &Path, format: &str) -> Vec<Value> {
    let inputs = corpus(dir);
    let mut args = vec!["extract", "-q", "--format", format];
    args.extend(inputs.iter().map(String::as_str));
    let out = gazette(&args);
    // 1: finished, with the error record of the broken line.
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    stdout_lines(&out)
}

fn validator(format: &str) -> jsonschema::Validator {
    let out = gazette(&["schema", "--format", format]);
    assert!(out.status.success(), "{out:?}");
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::draft202012::meta::validate(&schema)
        .expect("the schema is a valid draft 2020-12 schema");
    jsonschema::draft202012::new(&schema).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, lines: &[Value]) {
    assert!(!lines.is_empty());
    for line in lines {
        let errors: Vec<String> =
            validator.iter_errors(line).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?} in {line}");
    }
}

#[test]
fn schema_validates_records_of_the_samples() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract(dir.path(), "records");
    let validator = validator("records");
    assert_valid(&validator, &records);
    let errors = records.iter().filter(|r| r.get("error").is_some()).count();
    assert_eq!(errors, 1);
    assert!(records.iter().any(|r| r.get("meta").is_some()));

    // The schema is strict enough to catch broken records.
    let bad = [
        r#"{"id":"a","source":"s"}"#,
        r#"{"id":"a","source":"s","text":"x","entities":[],"error":"e"}"#,
        r#"{"id":"a","source":"s","error":"e","text":"x"}"#,
        r#"{"id":"a","source":"s","text":"x","entities":[{"type":"MISC","start":0,"end":1,"text":"x","method":"m","raw_start":0,"raw_end":1}]}"#,
        r#"{"id":"a","source":"s","text":"x","entities":[],"extra":1}"#,
    ];
    for line in bad {
        let value: Value = serde_json::from_str(line).unwrap();
        assert!(!validator.is_valid(&value), "accepted {line}");
    }
}

#[test]
fn entities_format_has_one_row_per_entity() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract(dir.path(), "records");
    let rows = extract(dir.path(), "entities");
    assert_valid(&validator("entities"), &rows);
    let mut want = Vec::new();
    for r in &records {
        for e in r["entities"].as_array().into_iter().flatten() {
            let mut e = e.clone();
            e["doc_id"] = r["id"].clone();
            want.push(e);
        }
    }
    assert_eq!(rows, want);
}

#[test]
fn spans_format_offsets_slice_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract(dir.path(), "records");
    let lines = extract(dir.path(), "spans");
    assert_valid(&validator("spans"), &lines);
    let processed: Vec<&Value> =
        records.iter().filter(|r| r.get("error").is_none()).collect();
    assert_eq!(lines.len(), processed.len());
    for (line, record) in lines.iter().zip(processed) {
        assert_eq!(line["id"], record["id"]);
        let chars: Vec<char> =
            line["text"].as_str().unwrap().chars().collect();
        let spans = line["spans"].as_array().unwrap();
        let entities = record["entities"].as_array().unwrap();
        assert_eq!(spans.len(), entities.len());
        for (span, entity) in spans.iter().zip(entities) {
            let (s, e) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            let text: String = chars[s..e].iter().collect();
            assert_eq!(text, entity["text"].as_str().unwrap());
            assert_eq!(span["label"], entity["type"]);
        }
    }
}

/// The JSON in `<script type="application/json" id="{id}">`.
fn embedded(html: &str, id: &str) -> Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = html.find(&open).expect("data block") + open.len();
    let len = html[start..].find("</script>").expect("block end");
    serde_json::from_str(&html[start..start + len]).expect("block is JSON")
}

#[test]
fn report_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = corpus(dir.path());
    let records = dir.path().join("records.jsonl");
    let direct = dir.path().join("direct.html");
    let mut args = vec!["extract", "-q"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["-o", records.to_str().unwrap()]);
    args.extend(["--report", direct.to_str().unwrap()]);
    assert_eq!(gazette(&args).status.code(), Some(1));

    let html_path = dir.path().join("report.html");
    let out = gazette(&[
        "report",
        records.to_str().unwrap(),
        "-o",
        html_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert_eq!(html, std::fs::read_to_string(&direct).unwrap());

    // No network: nothing is loaded from elsewhere.
    for needle in ["http://", "https://", " src=", "<link"] {
        assert!(!html.contains(needle), "report contains {needle:?}");
    }
    // The document's <script> is data, never markup.
    assert!(!html.contains("<script>alert"));
    assert_eq!(html.matches("<script").count(), 3);

    let overview = embedded(&html, "gazette-overview");
    let docs = embedded(&html, "gazette-docs");
    let docs = docs.as_array().unwrap();
    assert_eq!(overview["documents"].as_u64(), Some(docs.len() as u64));
    assert_eq!(overview["errors"], 1);
    let source = overview["error_docs"][0]["source"].as_str().unwrap();
    assert!(source.ends_with("extra.jsonl:2"), "{source}");
    let xss = docs.iter().find(|d| d["id"] == "xss").unwrap();
    let text = xss["text"].as_str().unwrap();
    assert!(text.starts_with("<script>alert(1)</script>"));
    // Offsets are UTF-16 units for JavaScript: the emoji counts twice.
    let ent = &xss["ents"][0];
    let units: Vec<u16> = text.encode_utf16().collect();
    let (s, e) = (ent[0].as_u64().unwrap(), ent[1].as_u64().unwrap());
    let mention = String::from_utf16(&units[s as usize..e as usize]).unwrap();
    assert_eq!(mention, "Kyrgyzstan");
    let top_location = &overview["top"][1][0];
    assert!(top_location["docs"].as_u64().unwrap() >= 5, "{top_location}");
}

#[test]
fn report_rejects_other_formats_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.jsonl");
    std::fs::write(&rows, "{\"doc_id\":\"a\",\"type\":\"DATE\"}\n").unwrap();
    let html = dir.path().join("r.html");
    let out = gazette(&[
        "report",
        rows.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("rows.jsonl:1: not a gazette record"), "{stderr}");
    assert!(!html.exists());
}
