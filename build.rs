//! Embeds every `gazetteers/*.tsv` into the binary, so `gazette` works from
//! any directory and a Spark executor needs only the one file, and compiles
//! the entity rows into a serialized automaton so start-up does not pay for
//! building one (about 0.7 s for the default set).
//!
//! Outputs in `OUT_DIR`:
//! - `default_gazetteers.rs`: the `(name, text)` list of the TSV files, in
//!   priority order (curated files first, then the generated families).
//! - `gazetteer.daac`: a daachorse automaton over the distinct entity
//!   surfaces; the value of a match is the surface's index.
//! - `gazetteer.strings`, `gazetteer.records`, `gazetteer.offsets`: the
//!   senses of each surface in the binary layout of `src/packed_senses.rs`.
//! - `gazetteer.lexicon`: the GIVEN, CURRENCY and STOP rows, which are
//!   small and loaded into hash sets at start-up.
//!
//! Row semantics must match `Gazetteer::from_sources`: the first row of a
//! surface gives its default sense, and a later row adds a sense only for a
//! type the surface does not have yet.

use daachorse::{DoubleArrayAhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/packed_senses.rs"]
mod packed_senses;
use packed_senses::PackedSense;

/// Priority of a file: curated lists first, then locations, organizations,
/// people (so a name that is both a city and a person defaults to the
/// place, and context decides otherwise), then the lexicon lists.
fn rank(path: &Path) -> (usize, String) {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let order = [
        "_curated",
        "countries",
        "regions",
        "cities",
        "features",
        "organizations",
        "people",
    ];
    let r = order.iter().position(|k| name.contains(k)).unwrap_or(order.len());
    (r, name)
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gazetteers");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|p| rank(p));
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut code = String::from("&[\n");
    let mut surfaces: Vec<String> = Vec::new();
    // Per surface: (type, canonical, id, common), first row of a type only.
    let mut senses: Vec<Vec<(u8, String, String, bool)>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut lexicon = String::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(code, "    ({name:?}, include_str!({:?})),", path.display())
            .unwrap();
        let data = std::fs::read_to_string(path).unwrap();
        for (i, line) in data.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let ty = cols.get(1).copied().unwrap_or("");
            let head = ty.split('/').next().unwrap_or(ty);
            match head {
                "GIVEN" | "CURRENCY" | "STOP" => {
                    lexicon.push_str(line);
                    lexicon.push('\n');
                }
                "PERSON" | "LOCATION" | "ORGANIZATION" => {
                    let surface = cols[0];
                    assert!(
                        !surface.is_empty(),
                        "{name}:{}: empty surface",
                        i + 1
                    );
                    let canonical = match cols.get(2) {
                        Some(c) if !c.is_empty() => *c,
                        _ => surface,
                    };
                    let id = cols.get(3).copied().unwrap_or("");
                    let flags = cols.get(4).copied().unwrap_or("");
                    let kind = match head {
                        "PERSON" => packed_senses::PERSON,
                        "LOCATION" => packed_senses::LOCATION,
                        _ => packed_senses::ORGANIZATION,
                    };
                    let common =
                        flags.split(',').any(|f| f.trim() == "common");
                    let at = *index.entry(surface.to_string()).or_insert_with(
                        || {
                            surfaces.push(surface.to_string());
                            senses.push(Vec::new());
                            surfaces.len() - 1
                        },
                    );
                    if !senses[at].iter().any(|s| s.0 == kind) {
                        senses[at].push((
                            kind,
                            canonical.to_string(),
                            id.to_string(),
                            common,
                        ));
                    }
                }
                _ => panic!("{name}:{}: unknown type {ty:?}", i + 1),
            }
        }
    }
    code.push(']');
    std::fs::write(out.join("default_gazetteers.rs"), code).unwrap();

    let mut strings = String::new();
    let mut records = Vec::new();
    let mut offsets: Vec<u8> = Vec::with_capacity(4 * (senses.len() + 1));
    let record_count =
        |records: &Vec<u8>| (records.len() / packed_senses::RECORD_LEN) as u32;
    for list in &senses {
        offsets.extend_from_slice(&record_count(&records).to_le_bytes());
        for (kind, canonical, id, common) in list {
            packed_senses::push(
                &mut strings,
                &mut records,
                PackedSense { kind: *kind, canonical, id, common: *common },
            );
        }
    }
    offsets.extend_from_slice(&record_count(&records).to_le_bytes());
    // An empty pattern set cannot be built; a never-matching NUL pattern
    // keeps the format uniform when there are no default lists.
    if surfaces.is_empty() {
        surfaces.push("\0".to_string());
    }
    let automaton = DoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build_with_values(
            surfaces.iter().enumerate().map(|(i, s)| (s.as_str(), i as u32)),
        )
        .expect("building the gazetteer automaton");
    std::fs::write(out.join("gazetteer.daac"), automaton.serialize()).unwrap();
    std::fs::write(out.join("gazetteer.strings"), strings).unwrap();
    std::fs::write(out.join("gazetteer.records"), records).unwrap();
    std::fs::write(out.join("gazetteer.offsets"), offsets).unwrap();
    std::fs::write(out.join("gazetteer.lexicon"), lexicon).unwrap();
}
