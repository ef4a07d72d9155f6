use clap::Parser;
use gazette::cli::Cli;
use gazette::exit::Exit;
use std::process::ExitCode;

// mimalloc: the pipeline makes many small short-lived allocations per
// document (candidates, norms, tokens); measured faster than the system
// allocator on the 20 MB corpus (see commit message).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match gazette::run(Cli::parse()) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("gazette: {err:#}");
            Exit::Fatal.into()
        }
    }
}
