use clap::Parser;
use gazette::cli::Cli;
use gazette::exit::Exit;
use std::process::ExitCode;

fn main() -> ExitCode {
    match gazette::run(Cli::parse()) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("gazette: {err:#}");
            Exit::Fatal.into()
        }
    }
}
