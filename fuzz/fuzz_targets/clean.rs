//! Cleaner: any text in; never panics, the alignment stays valid.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| gazette::invariants::check_clean(raw));
