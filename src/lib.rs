//! gazette turns raw documents into entity records.
//!
//! The pipeline reads documents ([`read`]), cleans them while keeping an
//! alignment to the raw text ([`clean`], [`text`]), tags PERSON, LOCATION,
//! ORGANIZATION, DATE and MONEY with gazetteers and patterns
//! ([`gazetteer`], [`patterns`]), resolves overlaps ([`resolve`]), links
//! name variants ([`link`]) and writes one JSON record per document
//! ([`record`]), or one line per entity or span list
//! ([`format`](mod@format)). The records can be shown as a self-contained
//! HTML page ([`report`]) and are described by a JSON Schema ([`schema`]).
//!
//! ```
//! use gazette::{Pipeline, read::Document};
//!
//! let pipeline = Pipeline::builder().build().unwrap();
//! let record = pipeline.process(Document {
//!     id: "d1".into(),
//!     text: "Both countries established diplomatic relations on \
//!            6 October 1992.[1]".into(),
//!     ..Document::default()
//! });
//! let date = &record.entities.unwrap()[0];
//! assert_eq!(date.text, "6 October 1992");
//! assert_eq!(date.norm.as_deref(), Some("1992-10-06"));
//! ```

#![deny(missing_docs)]

pub mod clean;
pub mod cli;
mod direct;
pub mod entity;
pub mod eval;
pub mod exit;
pub mod extract;
pub mod format;
pub mod gazetteer;
pub mod invariants;
pub mod link;
pub mod output;
mod packed_senses;
pub mod patterns;
pub mod pipeline;
pub mod read;
pub mod record;
pub mod report;
pub mod resolve;
pub mod resume;
pub mod schema;
pub mod text;

pub use entity::{Candidate, Doc, EntityType, Tagger};
pub use pipeline::{Pipeline, PipelineBuilder};
pub use record::{Entity, Record};

use anyhow::Result;
use cli::{Cli, Command};
use exit::Exit;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Report(args) => {
            report::run(&args.input, &args.output).map(|()| Exit::Success)
        }
        Command::Schema(args) => {
            let schema = schema::schema(args.format);
            // Pretty JSON of a `Value` always serializes.
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(Exit::Success)
        }
    }
}
