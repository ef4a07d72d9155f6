//! Whole pipeline (clean, every tagger, resolve, link, record), with and
//! without cleaning: any text in; never panics, every entity is a valid
//! span of the cleaned text and its raw span lies inside the input.
#![no_main]

use gazette::Pipeline;
use gazette::invariants::check_pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CLEAN: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::builder().build().expect("default pipeline"));
static RAW: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::builder().clean(false).build().expect("default pipeline")
});

fuzz_target!(|raw: &str| {
    check_pipeline(&CLEAN, raw);
    check_pipeline(&RAW, raw);
});
