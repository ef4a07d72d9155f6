use clap::Parser;
use gazette::cli::Cli;
use gazette::exit::Exit;
use std::process::ExitCode;

// mimalloc: the pipeline makes many small short-lived allocations per
// document (candidates, norms, tokens); measured faster than the system
// allocator on the 20 MB corpus (see commit message).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (`enum
/// mi_option_e`); libmimalloc-sys does not export it for v3.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> ExitCode {
    // Every batch frees and reallocates about the same memory. mimalloc
    // returns idle pages to the OS after 10 ms by default, so each batch
    // faulted them in again, zeroed by the kernel: a tenth of a run's
    // cycles. Keeping them costs nothing more than the batch's own peak.
    // SAFETY: sets a plain integer option, before any thread starts.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
    match gazette::run(Cli::parse()) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("gazette: {err:#}");
            Exit::Fatal.into()
        }
    }
}
