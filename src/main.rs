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
    small_pages_unless_asked();
    match gazette::run(Cli::parse()) {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("gazette: {err:#}");
            Exit::Fatal.into()
        }
    }
}

/// Turns transparent huge pages off for the process, unless the user set
/// `MIMALLOC_ALLOW_THP` (mimalloc then decides, as it documents).
///
/// mimalloc asks for huge pages on its whole arena. Each is 2 MiB that
/// the kernel zeroes on first touch, and on a VM whose host backs memory
/// lazily that first touch is dear: start-up after an idle pause took
/// 80-110 ms with huge pages and 20-40 ms without, peak memory fell by a
/// third, and neither the automaton scan (its 12 MB fit the TLB's reach in
/// small pages) nor the whole run got measurably slower.
fn small_pages_unless_asked() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a
        // flag of this process; on failure nothing changes.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}
