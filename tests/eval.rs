//! `gazette eval` must give exactly the figures of the reference scorer.
//! The expected files were produced by `../shared/eval/score.py` on the
//! fixtures (see tests/fixtures/README.md).

mod util;

use serde_json::Value;
use util::{read, run};

const GOLD: &str = "tests/fixtures/eval_gold.jsonl";
const PRED: &str = "tests/fixtures/eval_pred.jsonl";

#[test]
fn eval_json_equals_reference_scorer() {
    let out = run(&["eval", GOLD, "--pred", PRED, "--json"], b"");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ours: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reference: Value =
        serde_json::from_str(&read("tests/fixtures/eval_expected.json"))
            .unwrap();
    assert_eq!(ours, reference);
}

#[test]
fn eval_table_equals_reference_scorer() {
    let out = run(&["eval", GOLD, "--pred", PRED], b"");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        read("tests/fixtures/eval_expected.txt")
    );
    let out =
        run(&["eval", GOLD, "--pred", PRED, "--types", "PERSON,MONEY"], b"");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        read("tests/fixtures/eval_expected_types.txt")
    );
}

#[test]
fn eval_errors_lists_mistakes() {
    let out = run(&["eval", GOLD, "--pred", PRED, "--errors"], b"");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("NORM a DATE         [43, 57) \"6 October 1992\" gold norm=\"1992-10-06\" / predicted norm=\"1992-10\""), "{text}");
    assert!(text.contains("MISS e LOCATION     [24, 27) \"Osh\""), "{text}");
    assert!(text.contains("FP   d PERSON       [0, 7) \"Nothing\""), "{text}");
}

#[test]
fn eval_runs_extraction_when_no_pred_given() {
    let out = run(&["eval", GOLD, "--json"], b"");
    assert!(out.status.success());
    let res: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Extraction on the gold texts themselves: no alignment errors, every
    // record present.
    assert_eq!(res["diagnostics"]["alignment_errors"], Value::Null);
    assert_eq!(res["diagnostics"]["missing_pred_records"], Value::Null);
    assert!(res["types"]["DATE"]["exact"]["tp"].as_u64().unwrap() == 1);
}
