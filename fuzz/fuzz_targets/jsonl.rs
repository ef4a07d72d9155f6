//! JSONL reader: any bytes in; never panics, one item per line at most, in
//! line order, each error record naming its line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| gazette::invariants::check_jsonl(data));
