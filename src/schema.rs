//! `gazette schema`: the JSON Schema (draft 2020-12) of the output.
//!
//! Describes [`crate::record::Record`] field for field, including error
//! records, so other tools can validate or generate code from gazette's
//! output; with `--format` it describes the entity rows and span lines of
//! [`crate::format`] instead. Kept by hand next to the structs it mirrors: a
//! test validates real output against it, so drift fails the build.

use crate::entity::EntityType;
use crate::format::OutputFormat;
use serde_json::{Value, json};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

fn types() -> Vec<&'static str> {
    EntityType::ALL.iter().map(|t| t.as_str()).collect()
}

/// The properties of one entity, shared by records and entity rows.
fn entity_properties() -> Value {
    let offset = |what: &str| json!({"type": "integer", "minimum": 0, "description": what});
    json!({
        "type": {"enum": types(), "description": "Entity type."},
        "start": offset("Code-point offset of the mention in the cleaned text."),
        "end": offset("Code-point offset one past the mention's end."),
        "text": {"type": "string", "description": "The mention, text[start:end]."},
        "norm": {"type": "string", "description":
            "Normalized value: canonical name, ISO-8601 date, or amount with currency."},
        "amount": {"type": "number", "description": "MONEY amount."},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$",
            "description": "MONEY ISO-4217 currency code."},
        "id": {"type": "string", "description": "Gazetteer identifier."},
        "method": {"type": "string", "description": "Rule or list that produced the entity."},
        "raw_start": offset("Code-point offset of the mention's start in the raw input."),
        "raw_end": offset("Code-point offset of the mention's end in the raw input."),
    })
}

const ENTITY_REQUIRED: [&str; 7] =
    ["type", "start", "end", "text", "method", "raw_start", "raw_end"];

/// The schema of one output line in `format`.
pub fn schema(format: OutputFormat) -> Value {
    match format {
        OutputFormat::Records => record_schema(),
        OutputFormat::Entities => entity_row_schema(),
        OutputFormat::Spans => spans_schema(),
    }
}

fn record_schema() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "gazette record",
        "description": "One line of `gazette extract` output: one document. \
            A processed document has `text` and `entities`; a document that \
            could not be processed has `error` instead.",
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": "Document id (file stem or JSONL id)."},
            "source": {"type": "string", "description": "Where the document came from: path or path:line."},
            "hash": {"type": "string", "pattern": "^[0-9a-f]{16}$", "description":
                "64-bit FNV-1a of the raw text's UTF-8 bytes, 16 hex digits; with id, what --resume uses to skip done documents. Absent when the input could not be read."},
            "title": {"type": "string", "description": "Title, when the input has one."},
            "text": {"type": "string", "description": "Cleaned text; entity offsets index it."},
            "entities": {
                "type": "array",
                "description": "Entities, sorted by start and non-overlapping.",
                "items": {"$ref": "#/$defs/entity"},
            },
            "lossy_utf8": {"const": true, "description":
                "Present when the input was not valid UTF-8 and was decoded lossily."},
            "meta": {"type": "object", "description": "JSONL input fields other than id and text."},
            "error": {"type": "string", "description": "Why the document could not be processed."},
        },
        "required": ["id", "source"],
        "additionalProperties": false,
        "oneOf": [
            {
                "title": "processed document",
                "required": ["text", "entities"],
                "not": {"required": ["error"]},
            },
            {
                "title": "error record",
                "required": ["error"],
                "properties": {"text": false, "entities": false},
            },
        ],
        "$defs": {
            "entity": {
                "type": "object",
                "properties": entity_properties(),
                "required": ENTITY_REQUIRED,
                "additionalProperties": false,
            },
        },
    })
}

fn entity_row_schema() -> Value {
    let mut properties = entity_properties();
    properties["doc_id"] = json!({"type": "string", "description": "Id of the entity's document."});
    let mut required = vec!["doc_id"];
    required.extend(ENTITY_REQUIRED);
    json!({
        "$schema": DRAFT,
        "title": "gazette entity row",
        "description": "One line of `gazette extract --format entities`: one entity.",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn spans_schema() -> Value {
    json!({
        "$schema": DRAFT,
        "title": "gazette spans line",
        "description": "One line of `gazette extract --format spans`: a document \
            as annotation tools (doccano, Prodigy, Label Studio, displaCy manual) read it.",
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "text": {"type": "string"},
            "spans": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 0},
                        "label": {"enum": types()},
                    },
                    "required": ["start", "end", "label"],
                    "additionalProperties": false,
                },
            },
        },
        "required": ["id", "text", "spans"],
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_every_record_field() {
        let s = schema(OutputFormat::Records);
        let props = s["properties"].as_object().unwrap();
        for field in [
            "id",
            "source",
            "hash",
            "title",
            "text",
            "entities",
            "lossy_utf8",
            "meta",
            "error",
        ] {
            assert!(props.contains_key(field), "{field}");
        }
        assert_eq!(s["$schema"], DRAFT);
    }
}
