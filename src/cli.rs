//! Command-line arguments (clap derive). Raw arguments are turned into
//! library settings by the command modules; nothing here does work.

use crate::entity::EntityType;
use crate::format::OutputFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::num::NonZeroUsize;
use std::path::PathBuf;

/// Turns raw documents into entity records (JSONL).
///
/// gazette cleans documents (wiki and web chrome, footnotes, markdown),
/// tags PERSON, LOCATION, ORGANIZATION, DATE and MONEY with gazetteers and
/// patterns, normalizes them (canonical names, ISO-8601 dates, amounts with
/// ISO-4217 currencies) and writes one JSON record per document, in input
/// order.
///
/// EXIT STATUS: 0 all documents processed; 1 finished, but some documents
/// failed (each has an error record); 2 usage or fatal error. A closed
/// standard output (`gazette ... | head -1`) exits 0.
#[derive(Debug, Parser)]
#[command(name = "gazette", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract entities from documents and write JSONL records.
    Extract(ExtractArgs),
    /// Score predictions against annotated gold JSONL (P/R/F1 per type).
    ///
    /// With no --pred, runs extraction on the gold texts (no cleaning, so
    /// offsets align) and scores that. Figures equal those of the
    /// reference scorer `score.py`.
    Eval(EvalArgs),
    /// Write a self-contained HTML report of a records file.
    Report(ReportArgs),
    /// Print the JSON Schema (draft 2020-12) of the output lines.
    Schema(SchemaArgs),
}

/// Arguments of `gazette eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold JSONL: {"id", "text", "entities": [{"type", "start", "end",
    /// "norm"?, "amount"?, "currency"?}]}, code-point offsets.
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,

    /// Score this prediction file instead of running extraction.
    #[arg(long, value_name = "PRED")]
    pub pred: Option<PathBuf>,

    /// Types to score (comma-separated) [default: types in the gold file].
    #[arg(long, value_name = "TYPES", value_delimiter = ',')]
    pub types: Option<Vec<String>>,

    /// Print the result as JSON (the same shape as `score.py --json`).
    #[arg(long)]
    pub json: bool,

    /// Also list misses (MISS), false positives (FP) and wrong
    /// normalizations (NORM), one per line, after the table.
    #[arg(long)]
    pub errors: bool,

    /// Add a gazetteer TSV file (repeatable), as for extract.
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    /// Do not load the gazetteers built into gazette.
    #[arg(long)]
    pub no_default_gazetteers: bool,
}

/// Arguments of `gazette report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Records written by `gazette extract` (the default `--format
    /// records`); `-` reads standard input.
    #[arg(value_name = "RECORDS")]
    pub input: PathBuf,

    /// The HTML file to write; its folder must exist.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `gazette schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which output lines to describe.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "records")]
    pub format: OutputFormat,
}

/// How to read standard input and files with unknown extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// JSONL if the first non-blank byte is `{`, else one text document.
    Auto,
    /// One text document.
    Text,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `gazette extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders to read; `-` or nothing reads standard input.
    ///
    /// Folders are walked recursively in sorted order and contribute their
    /// `.txt`, `.md` (one document per file), `.jsonl` and `.jsonl.gz` (one
    /// document per line) files.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// What to write: one record per document, one row per entity, or
    /// `{"text", "spans"}` lines for annotation tools. See `gazette schema`.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "records")]
    pub format: OutputFormat,

    /// Also write an HTML report of the run to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Write records to FILE instead of standard output (`-`).
    ///
    /// The file is written under a temporary name and renamed when the run
    /// ends, so an interrupted run never replaces a good file with half of
    /// one. Its folder must exist.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Worker threads [default: number of cores].
    #[arg(short = 'j', long, value_name = "NUM")]
    pub threads: Option<NonZeroUsize>,

    /// Add a gazetteer TSV file (repeatable); it takes priority over the
    /// default lists.
    ///
    /// Format: surface<TAB>TYPE<TAB>canonical<TAB>id[<TAB>flags], `#`
    /// comments; TYPE is PERSON, LOCATION, ORGANIZATION, GIVEN, CURRENCY or
    /// STOP. See README.
    // This text is also `--help`, where markdown would show: rustdoc may
    // read `<TAB>` and `[...]` as HTML and a link.
    #[allow(rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)]
    #[arg(long = "gazetteer", value_name = "FILE")]
    pub gazetteers: Vec<PathBuf>,

    /// Do not load the gazetteers built into gazette.
    #[arg(long)]
    pub no_default_gazetteers: bool,

    /// Only emit these types (comma-separated), e.g. PERSON,DATE.
    #[arg(long, value_name = "TYPES", value_delimiter = ',', value_parser = parse_type)]
    pub types: Option<Vec<EntityType>>,

    /// Tag the text as given: no cleaning, so offsets are into the input.
    #[arg(long)]
    pub no_clean: bool,

    /// JSONL field that holds the document id.
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,

    /// JSONL field that holds the document text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,

    /// Format of standard input and of files with other extensions.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "auto")]
    pub input_format: InputFormat,

    /// Resolve relative dates ("yesterday") against this date (YYYY-MM-DD)
    /// when a JSONL document has no `dct` field.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub reference_date: Option<crate::entity::CalendarDate>,

    /// Documents in flight per batch: workers take chunks of consecutive
    /// documents (about NUM / (4 x threads), at most 32), records are
    /// written in input order as soon as each chunk is done, and at most
    /// two batches' worth of documents are in memory at once.
    #[arg(long, value_name = "NUM", default_value = "256")]
    pub batch_size: NonZeroUsize,

    /// Continue into an existing --output file: documents already recorded
    /// there (same id and content hash, no error) are skipped, new and
    /// changed ones are processed and appended, and a torn last line left
    /// by a killed run is dropped. See README, "Robustness".
    #[arg(long, requires = "output")]
    pub resume: bool,

    /// Largest document accepted, in bytes (a text file, or a JSONL line);
    /// a larger one becomes an error record naming its file and line.
    #[arg(long, value_name = "BYTES", default_value = "536870912")]
    pub max_doc_bytes: NonZeroUsize,

    /// No progress bar and no summary (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,

    /// Diagnostic: only run the gazetteer automaton over each document and
    /// write no records. Measures the ceiling the full pipeline is compared
    /// with (same reader, same automaton, same bytes, nothing else).
    #[arg(long, hide = true)]
    pub bare_scan: bool,
}

fn parse_type(s: &str) -> Result<EntityType, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<crate::entity::CalendarDate, String> {
    crate::entity::CalendarDate::parse_iso(s)
        .ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn cli_parses_types_list() {
        let cli = Cli::try_parse_from([
            "gazette",
            "extract",
            "--types",
            "person,DATE",
        ])
        .unwrap();
        let Command::Extract(args) = cli.command else {
            panic!("not extract");
        };
        assert_eq!(
            args.types,
            Some(vec![EntityType::Person, EntityType::Date])
        );
    }

    #[test]
    fn cli_rejects_unknown_type() {
        assert!(
            Cli::try_parse_from(["gazette", "extract", "--types", "MISC"])
                .is_err()
        );
    }
}
