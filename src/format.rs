//! Output formats: how one [`Record`] becomes JSON lines.
//!
//! Takes finished records and appends their serialized lines to a buffer:
//! the whole record ([`OutputFormat::Records`], the default), one row per
//! entity for table tools such as pandas or DuckDB
//! ([`OutputFormat::Entities`]), or the `{"text", "spans"}` lines that
//! annotation tools (doccano, Prodigy, Label Studio) and spaCy's displaCy
//! manual mode read ([`OutputFormat::Spans`]). Offsets stay code points, as
//! in records. Deciding where lines go is left to `output`.

use crate::entity::EntityType;
use crate::record::{Entity, Record};
use clap::ValueEnum;
use serde::Serialize;

/// The shape of the lines `gazette extract` writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One record per document (see `gazette schema`).
    #[default]
    Records,
    /// One line per entity, with its document id; error documents have no
    /// lines.
    Entities,
    /// `{"id", "text", "spans": [{"start", "end", "label"}]}` per document;
    /// error documents have no lines.
    Spans,
}

/// One line of [`OutputFormat::Entities`]: an entity with its document id.
#[derive(Serialize)]
struct EntityRow<'a> {
    doc_id: &'a str,
    #[serde(flatten)]
    entity: &'a Entity,
}

/// One span of [`OutputFormat::Spans`].
#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
    label: EntityType,
}

/// One line of [`OutputFormat::Spans`].
#[derive(Serialize)]
struct SpansLine<'a> {
    id: &'a str,
    text: &'a str,
    spans: Vec<Span>,
}

/// Appends the lines of `record` in `format` (each ending in `\n`) to
/// `out`.
pub fn write(record: &Record, format: OutputFormat, out: &mut Vec<u8>) {
    // Plain structs of strings and numbers always serialize.
    const INFALLIBLE: &str = "serializing plain structs cannot fail";
    match format {
        OutputFormat::Records => record.write_line(out),
        OutputFormat::Entities => {
            for entity in record.entities.iter().flatten() {
                let row = EntityRow { doc_id: &record.id, entity };
                serde_json::to_writer(&mut *out, &row).expect(INFALLIBLE);
                out.push(b'\n');
            }
        }
        OutputFormat::Spans => {
            let (Some(text), Some(entities)) =
                (&record.text, &record.entities)
            else {
                return;
            };
            let line = SpansLine {
                id: &record.id,
                text,
                spans: entities
                    .iter()
                    .map(|e| Span {
                        start: e.start,
                        end: e.end,
                        label: e.kind,
                    })
                    .collect(),
            };
            serde_json::to_writer(&mut *out, &line).expect(INFALLIBLE);
            out.push(b'\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        Record {
            id: "d1".into(),
            source: "d1.txt".into(),
            text: Some("Paid $5 in Köln.".into()),
            entities: Some(vec![
                Entity {
                    kind: EntityType::Money,
                    start: 5,
                    end: 7,
                    text: "$5".into(),
                    norm: Some("5 USD".into()),
                    amount: Some(5.0),
                    currency: Some("USD".into()),
                    id: None,
                    method: "money",
                    raw_start: 5,
                    raw_end: 7,
                },
                Entity {
                    kind: EntityType::Location,
                    start: 11,
                    end: 15,
                    text: "Köln".into(),
                    norm: Some("Cologne".into()),
                    amount: None,
                    currency: None,
                    id: Some("Q365".into()),
                    method: "gazetteer",
                    raw_start: 11,
                    raw_end: 15,
                },
            ]),
            ..Record::default()
        }
    }

    fn lines(record: &Record, format: OutputFormat) -> Vec<String> {
        let mut out = Vec::new();
        write(record, format, &mut out);
        String::from_utf8(out).unwrap().lines().map(String::from).collect()
    }

    #[test]
    fn format_table() {
        let error = Record::error("e".into(), "e.txt".into(), "binary".into());
        let cases: &[(&Record, OutputFormat, &[&str])] = &[
            (
                &sample(),
                OutputFormat::Entities,
                &[
                    r#"{"doc_id":"d1","type":"MONEY","start":5,"end":7,"text":"$5","norm":"5 USD","amount":5,"currency":"USD","method":"money","raw_start":5,"raw_end":7}"#,
                    r#"{"doc_id":"d1","type":"LOCATION","start":11,"end":15,"text":"Köln","norm":"Cologne","id":"Q365","method":"gazetteer","raw_start":11,"raw_end":15}"#,
                ],
            ),
            (
                &sample(),
                OutputFormat::Spans,
                &[
                    r#"{"id":"d1","text":"Paid $5 in Köln.","spans":[{"start":5,"end":7,"label":"MONEY"},{"start":11,"end":15,"label":"LOCATION"}]}"#,
                ],
            ),
            (&error, OutputFormat::Entities, &[]),
            (&error, OutputFormat::Spans, &[]),
            (
                &error,
                OutputFormat::Records,
                &[r#"{"id":"e","source":"e.txt","error":"binary"}"#],
            ),
        ];
        for (record, format, want) in cases {
            assert_eq!(lines(record, *format), *want, "{format:?}");
        }
    }
}
