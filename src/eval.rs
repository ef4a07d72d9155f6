//! `gazette eval`: scores predictions against annotated gold JSONL.
//!
//! A faithful port of the project's reference scorer
//! (`../shared/eval/score.py`): the same matching (exact, then one-to-one
//! partial overlaps, largest first), the same normalization check (MONEY
//! amount within 1e-6 relative and currency; otherwise `norm` equal), the
//! same JSON result and table, so figures from either are interchangeable.
//! Records are handled as JSON values, not as our own record type, so a
//! prediction file from any tool can be scored.

use crate::Pipeline;
use crate::cli::EvalArgs;
use crate::exit::Exit;
use crate::read::{self, Item, ReadOptions};
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

const REL_TOL: f64 = 1e-6;

/// Reads JSONL records; returns them and the number of bad lines.
pub fn load_jsonl(path: &Path) -> Result<(Vec<Value>, usize)> {
    let data = std::fs::read_to_string(path)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(parse_jsonl(&data))
}

/// Parses JSONL text like `score.py`: blank lines skipped, lines that are
/// not JSON objects counted as bad.
pub fn parse_jsonl(data: &str) -> (Vec<Value>, usize) {
    let mut records = Vec::new();
    let mut bad = 0;
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v @ Value::Object(_)) => records.push(v),
            _ => bad += 1,
        }
    }
    (records, bad)
}

fn is_int(v: Option<&Value>) -> bool {
    v.is_some_and(|v| v.is_i64() || v.is_u64())
}

fn int(e: &Value, key: &str) -> i64 {
    e.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn kind(e: &Value) -> &str {
    e.get("type").and_then(Value::as_str).unwrap_or("")
}

fn valid_entity(e: &Value) -> bool {
    e.is_object()
        && e.get("type").is_some_and(Value::is_string)
        && is_int(e.get("start"))
        && is_int(e.get("end"))
        && int(e, "start") < int(e, "end")
}

fn present(e: &Value, key: &str) -> bool {
    e.get(key).is_some_and(|v| !v.is_null())
}

fn to_float(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let s = s.replace([',', '_'], "");
            let s = s.trim().to_ascii_lowercase();
            match s.trim_start_matches(['+', '-']) {
                "inf" | "infinity" | "nan" => {
                    let x = if s.contains("nan") {
                        f64::NAN
                    } else {
                        f64::INFINITY
                    };
                    Some(if s.starts_with('-') { -x } else { x })
                }
                _ => s.parse().ok(),
            }
        }
        _ => None,
    }
}

fn has_norm(g: &Value) -> bool {
    if kind(g) == "MONEY" {
        present(g, "amount") || present(g, "currency") || present(g, "norm")
    } else {
        present(g, "norm")
    }
}

fn upper_trim(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_uppercase(),
        other => other.to_string().trim().to_uppercase(),
    }
}

/// Whether the prediction's normalization of an exact match is right.
fn norm_correct(g: &Value, p: &Value) -> bool {
    if kind(g) == "MONEY" && (present(g, "amount") || present(g, "currency")) {
        if present(g, "amount") {
            let (Some(ga), Some(pa)) =
                (to_float(g.get("amount")), to_float(p.get("amount")))
            else {
                return false;
            };
            if pa.is_nan() || (pa - ga).abs() > REL_TOL * ga.abs().max(1e-12) {
                return false;
            }
        }
        if let Some(gc) = g.get("currency").filter(|v| !v.is_null()) {
            match p.get("currency") {
                Some(Value::String(pc))
                    if pc.trim().to_uppercase() == upper_trim(gc) => {}
                _ => return false,
            }
        }
        return true;
    }
    p.get("norm").unwrap_or(&Value::Null)
        == g.get("norm").unwrap_or(&Value::Null)
}

type Pairs = Vec<(usize, usize)>;

/// Exact pairs, then exact plus greedy largest-overlap partial pairs.
fn match_doc(gold: &[&Value], pred: &[&Value]) -> (Pairs, Pairs) {
    let mut by_key: HashMap<
        (&str, i64, i64),
        std::collections::VecDeque<usize>,
    > = HashMap::new();
    for (j, p) in pred.iter().enumerate() {
        by_key
            .entry((kind(p), int(p, "start"), int(p, "end")))
            .or_default()
            .push_back(j);
    }
    let mut exact = Vec::new();
    let mut used_g = vec![false; gold.len()];
    let mut used_p = vec![false; pred.len()];
    for (i, g) in gold.iter().enumerate() {
        let key = (kind(g), int(g, "start"), int(g, "end"));
        if let Some(j) = by_key.get_mut(&key).and_then(|l| l.pop_front()) {
            exact.push((i, j));
            used_g[i] = true;
            used_p[j] = true;
        }
    }
    let mut cands = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        if used_g[i] {
            continue;
        }
        for (j, p) in pred.iter().enumerate() {
            if used_p[j] || kind(p) != kind(g) {
                continue;
            }
            let ov = int(g, "end").min(int(p, "end"))
                - int(g, "start").max(int(p, "start"));
            if ov > 0 {
                cands.push((-ov, int(g, "start"), int(p, "start"), i, j));
            }
        }
    }
    cands.sort();
    let mut partial = exact.clone();
    for (_, _, _, i, j) in cands {
        if used_g[i] || used_p[j] {
            continue;
        }
        used_g[i] = true;
        used_p[j] = true;
        partial.push((i, j));
    }
    (exact, partial)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    exact_tp: usize,
    partial_tp: usize,
    norm_total: usize,
    norm_correct: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.exact_tp += o.exact_tp;
        self.partial_tp += o.partial_tp;
        self.norm_total += o.norm_total;
        self.norm_correct += o.norm_correct;
    }

    fn block(&self) -> Value {
        let prf = |tp: usize| {
            let p =
                if self.pred > 0 { tp as f64 / self.pred as f64 } else { 0.0 };
            let r =
                if self.gold > 0 { tp as f64 / self.gold as f64 } else { 0.0 };
            let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            json!({"tp": tp, "precision": p, "recall": r, "f1": f})
        };
        let accuracy = (self.norm_total > 0)
            .then(|| self.norm_correct as f64 / self.norm_total as f64);
        json!({
            "gold": self.gold, "pred": self.pred,
            "exact": prf(self.exact_tp), "partial": prf(self.partial_tp),
            "norm": {"total": self.norm_total, "correct": self.norm_correct,
                     "accuracy": accuracy},
        })
    }
}

/// One scoring error, for `--errors`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// `MISS` (gold not predicted exactly), `FP` (prediction not in gold)
    /// or `NORM` (exact span, wrong normalization).
    pub what: &'static str,
    /// Record id.
    pub id: String,
    /// The entity concerned (gold for MISS/NORM, predicted for FP).
    pub entity: Value,
    /// The predicted entity, for NORM.
    pub predicted: Option<Value>,
}

/// Scores records; returns the result as `score.py --json` shapes it, and
/// the mistakes.
pub fn score(
    gold_records: &[Value],
    pred_records: &[Value],
    types: Option<&[String]>,
) -> (Value, Vec<Mistake>) {
    let types: Vec<String> = match types {
        Some(t) => t.to_vec(),
        None => gold_records
            .iter()
            .flat_map(|r| {
                r.get("entities")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
            })
            .filter_map(|e| e.get("type").and_then(Value::as_str))
            .map(str::to_string)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    let mut pred_by_id: HashMap<String, &Value> = HashMap::new();
    let mut dup_pred = 0;
    for r in pred_records {
        let rid = r.get("id").unwrap_or(&Value::Null).to_string();
        if pred_by_id.contains_key(&rid) {
            dup_pred += 1;
            continue;
        }
        pred_by_id.insert(rid, r);
    }
    let mut counts: HashMap<&str, Counts> =
        types.iter().map(|t| (t.as_str(), Counts::default())).collect();
    let mut diag: Map<String, Value> = Map::new();
    let bump = |d: &mut Map<String, Value>, key: &str| {
        let n = d.get(key).and_then(Value::as_u64).unwrap_or(0);
        d.insert(key.to_string(), json!(n + 1));
    };
    let mut gold_ids = BTreeSet::new();
    let mut mistakes = Vec::new();
    let scored = |e: &&Value| types.iter().any(|t| t == kind(e));
    for g in gold_records {
        let gid = g.get("id").unwrap_or(&Value::Null).to_string();
        let id_text = g
            .get("id")
            .and_then(Value::as_str)
            .map_or(gid.clone(), str::to_string);
        gold_ids.insert(gid.clone());
        let gents: Vec<&Value> = g
            .get("entities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|e| valid_entity(e))
            .filter(scored)
            .collect();
        let mut pents: Vec<&Value> = Vec::new();
        match pred_by_id.get(&gid) {
            None => bump(&mut diag, "missing_pred_records"),
            Some(p) => {
                if p.get("text").is_some() && p.get("text") != g.get("text") {
                    bump(&mut diag, "alignment_errors");
                }
                for e in p
                    .get("entities")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if !valid_entity(e) {
                        bump(&mut diag, "invalid_pred_entities");
                    } else if scored(&e) {
                        pents.push(e);
                    } else {
                        bump(&mut diag, "ignored_pred_entities_other_types");
                    }
                }
            }
        }
        for e in &gents {
            counts.get_mut(kind(e)).expect("scored type").gold += 1;
        }
        for e in &pents {
            counts.get_mut(kind(e)).expect("scored type").pred += 1;
        }
        let (exact, partial) = match_doc(&gents, &pents);
        let mut matched_g = vec![false; gents.len()];
        let mut matched_p = vec![false; pents.len()];
        for &(i, j) in &exact {
            matched_g[i] = true;
            matched_p[j] = true;
            let c = counts.get_mut(kind(gents[i])).expect("scored type");
            c.exact_tp += 1;
            if has_norm(gents[i]) {
                c.norm_total += 1;
                if norm_correct(gents[i], pents[j]) {
                    c.norm_correct += 1;
                } else {
                    mistakes.push(Mistake {
                        what: "NORM",
                        id: id_text.clone(),
                        entity: gents[i].clone(),
                        predicted: Some(pents[j].clone()),
                    });
                }
            }
        }
        for &(i, _) in &partial {
            counts.get_mut(kind(gents[i])).expect("scored type").partial_tp +=
                1;
        }
        for (i, e) in gents.iter().enumerate().filter(|(i, _)| !matched_g[*i])
        {
            let _ = i;
            mistakes.push(Mistake {
                what: "MISS",
                id: id_text.clone(),
                entity: (*e).clone(),
                predicted: None,
            });
        }
        for (_, e) in pents.iter().enumerate().filter(|(j, _)| !matched_p[*j])
        {
            mistakes.push(Mistake {
                what: "FP",
                id: id_text.clone(),
                entity: (*e).clone(),
                predicted: None,
            });
        }
    }
    let extra = pred_by_id.keys().filter(|k| !gold_ids.contains(*k)).count();
    diag.insert("extra_pred_records".into(), json!(extra));
    diag.insert("duplicate_pred_ids".into(), json!(dup_pred));
    diag.insert("gold_records".into(), json!(gold_records.len()));
    let mut micro = Counts::default();
    let mut per_type = Map::new();
    for t in &types {
        micro.add(&counts[t.as_str()]);
        per_type.insert(t.clone(), counts[t.as_str()].block());
    }
    let result = json!({"types": per_type, "micro": micro.block(), "diagnostics": diag});
    (result, mistakes)
}

/// The table `score.py` prints.
pub fn format_table(res: &Value, types: &[String]) -> String {
    let mut lines = vec![
        "exact = same type+start+end; p* = partial overlap, same type"
            .to_string(),
        format!(
            "{:<14}{:>7}{:>7}  {:>6}{:>7}{:>7}  {:>6}{:>7}{:>7}  {:>14}",
            "type",
            "gold",
            "pred",
            "P",
            "R",
            "F1",
            "pP",
            "pR",
            "pF1",
            "norm acc"
        ),
    ];
    let rows = types
        .iter()
        .map(|t| (t.as_str(), &res["types"][t]))
        .chain([("MICRO", &res["micro"])]);
    for (name, b) in rows {
        let f =
            |section: &str, key: &str| b[section][key].as_f64().unwrap_or(0.0);
        let n = &b["norm"];
        let total = n["total"].as_u64().unwrap_or(0);
        let nacc = if total > 0 {
            format!(
                "{:.3} ({}/{})",
                n["accuracy"].as_f64().unwrap_or(0.0),
                n["correct"].as_u64().unwrap_or(0),
                total
            )
        } else {
            "-".to_string()
        };
        lines.push(format!(
            "{:<14}{:>7}{:>7}  {:>6.3}{:>7.3}{:>7.3}  {:>6.3}{:>7.3}{:>7.3}  {:>14}",
            name,
            b["gold"].as_u64().unwrap_or(0),
            b["pred"].as_u64().unwrap_or(0),
            f("exact", "precision"),
            f("exact", "recall"),
            f("exact", "f1"),
            f("partial", "precision"),
            f("partial", "recall"),
            f("partial", "f1"),
            nacc
        ));
    }
    let d = &res["diagnostics"];
    let g = |k: &str| d.get(k).and_then(Value::as_u64).unwrap_or(0);
    lines.push(format!(
        "records: {} gold, {} missing in pred, {} alignment errors (pred text != gold text), \
         {} extra pred ids, {} duplicate pred ids",
        g("gold_records"),
        g("missing_pred_records"),
        g("alignment_errors"),
        g("extra_pred_records"),
        g("duplicate_pred_ids")
    ));
    lines.push(format!(
        "pred entities: {} invalid (skipped), {} of unscored types (ignored); \
         bad JSON lines: gold {}, pred {}",
        g("invalid_pred_entities"),
        g("ignored_pred_entities_other_types"),
        g("bad_gold_lines"),
        g("bad_pred_lines")
    ));
    lines.join("\n")
}

/// Runs the pipeline (no cleaning, so offsets align) over gold records and
/// returns the predicted records as JSON values, in order.
pub fn predict(pipeline: &Pipeline, gold: &[Value]) -> Vec<Value> {
    let options = ReadOptions::default();
    gold.par_iter()
        .enumerate()
        .map(|(i, g)| {
            let item = read::parse_jsonl_line(
                g.to_string().into_bytes(),
                format!("gold:{}", i + 1),
                format!("gold:{}", i + 1),
                &options,
            );
            let record = match item {
                Item::Doc(doc) => pipeline.process(doc),
                Item::Failed(record) => record,
            };
            serde_json::to_value(&record).unwrap_or(Value::Null)
        })
        .collect()
}

/// One line describing a mistake, for `--errors`.
pub fn describe(m: &Mistake, gold: &HashMap<String, &str>) -> String {
    let text = gold.get(&m.id).copied().unwrap_or("");
    let span = |e: &Value| {
        let (s, e) =
            (int(e, "start").max(0) as usize, int(e, "end").max(0) as usize);
        text.chars().skip(s).take(e.saturating_sub(s)).collect::<String>()
    };
    let mut line = format!(
        "{:<4} {} {:<12} [{}, {}) {:?}",
        m.what,
        m.id,
        kind(&m.entity),
        int(&m.entity, "start"),
        int(&m.entity, "end"),
        span(&m.entity)
    );
    let norm_of = |e: &Value| {
        let mut parts = Vec::new();
        for key in ["norm", "amount", "currency"] {
            if let Some(v) = e.get(key).filter(|v| !v.is_null()) {
                parts.push(format!("{key}={v}"));
            }
        }
        parts.join(" ")
    };
    if let Some(p) = &m.predicted {
        line.push_str(&format!(
            " gold {} / predicted {}",
            norm_of(&m.entity),
            norm_of(p)
        ));
    } else if m.what == "MISS" {
        let n = norm_of(&m.entity);
        if !n.is_empty() {
            line.push_str(&format!(" {n}"));
        }
    }
    line
}

/// Runs `gazette eval`.
pub fn run(args: EvalArgs) -> Result<Exit> {
    let (gold, bad_gold) = load_jsonl(&args.gold)?;
    let (pred, bad_pred) = match &args.pred {
        Some(path) => load_jsonl(path)?,
        None => {
            let mut builder = Pipeline::builder();
            builder
                .clean(false)
                .default_gazetteers(!args.no_default_gazetteers);
            for path in &args.gazetteers {
                builder.gazetteer_file(path);
            }
            (predict(&builder.build()?, &gold), 0)
        }
    };
    let (mut res, mistakes) = score(&gold, &pred, args.types.as_deref());
    res["diagnostics"]["bad_gold_lines"] = bad_gold.into();
    res["diagnostics"]["bad_pred_lines"] = bad_pred.into();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&res)?);
    } else {
        let types: Vec<String> = match &args.types {
            Some(types) => types.clone(),
            None => res["types"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default(),
        };
        println!("{}", format_table(&res, &types));
    }
    if args.errors {
        let texts: HashMap<String, &str> = gold
            .iter()
            .map(|g| {
                let id = g.get("id").and_then(Value::as_str);
                let id = id.map_or_else(
                    || g.get("id").unwrap_or(&Value::Null).to_string(),
                    str::to_string,
                );
                (id, g.get("text").and_then(Value::as_str).unwrap_or(""))
            })
            .collect();
        for m in &mistakes {
            println!("{}", describe(m, &texts));
        }
    }
    Ok(Exit::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recs(s: &str) -> Vec<Value> {
        parse_jsonl(s).0
    }

    #[test]
    fn eval_exact_partial_and_norm() {
        let gold = recs(
            r#"{"id":"a","text":"x","entities":[{"type":"DATE","start":0,"end":5,"norm":"1992"},{"type":"PERSON","start":10,"end":20}]}"#,
        );
        let pred = recs(
            r#"{"id":"a","text":"x","entities":[{"type":"DATE","start":0,"end":5,"norm":"1993"},{"type":"PERSON","start":12,"end":20},{"type":"PERSON","start":30,"end":31}]}"#,
        );
        let (res, mistakes) = score(&gold, &pred, None);
        assert_eq!(res["micro"]["exact"]["tp"], 1);
        assert_eq!(res["micro"]["partial"]["tp"], 2);
        assert_eq!(res["types"]["DATE"]["norm"]["correct"], 0);
        assert_eq!(res["types"]["PERSON"]["pred"], 2);
        let whats: Vec<&str> = mistakes.iter().map(|m| m.what).collect();
        assert_eq!(whats, vec!["NORM", "MISS", "FP", "FP"]);
    }

    #[test]
    fn eval_money_checks_amount_and_currency() {
        let g = json!({"type":"MONEY","amount":94000,"currency":"USD"});
        assert!(norm_correct(
            &g,
            &json!({"amount": 94000.0, "currency": "usd"})
        ));
        assert!(!norm_correct(
            &g,
            &json!({"amount": 94001, "currency": "USD"})
        ));
        assert!(!norm_correct(&g, &json!({"amount": 94000})));
        let only_amount = json!({"type":"MONEY","amount":"1,500"});
        assert!(norm_correct(&only_amount, &json!({"amount": 1500})));
    }

    #[test]
    fn eval_missing_record_counts_misses() {
        let gold = recs(
            r#"{"id":"a","entities":[{"type":"DATE","start":0,"end":5}]}"#,
        );
        let (res, _) = score(&gold, &[], None);
        assert_eq!(res["micro"]["exact"]["recall"], 0.0);
        assert_eq!(res["diagnostics"]["missing_pred_records"], 1);
    }
}
