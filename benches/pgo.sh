#!/usr/bin/env bash
# A profile-guided build of gazette: the same program, laid out and
# inlined by what a real run executes.
#
#     benches/pgo.sh [TRAINING_SIZE]        # default 5MB
#
# Builds an instrumented gazette, runs it on a generated corpus (seed 7,
# so not the documents the benchmarks use, seed 42) and on input/, merges
# the profile with llvm-profdata and rebuilds with it. It then checks that
# the new binary writes byte for byte the records of the plain release
# build, and prints its path. The plain build (`cargo build --release`)
# is left as it is; the two PGO builds have target directories of their
# own under $CARGO_TARGET_DIR (default target/).
#
# Needs an llvm-profdata that reads the raw profiles of rustc's LLVM:
# LLVM 19 or newer (Debian bookworm: `apt-get install llvm-19`), found as
# $LLVM_PROFDATA, llvm-profdata-NN or llvm-profdata.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-5MB}
target=${CARGO_TARGET_DIR:-$PWD/target}
host=$(rustc -vV | sed -n 's/^host: //p')
rustc_llvm=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')

# The major version an llvm-profdata reports, or 0.
llvm_major() {
    "$1" --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -1 | grep . || echo 0
}

profdata=${LLVM_PROFDATA:-}
if [[ -z $profdata ]]; then
    for candidate in $(seq "$rustc_llvm" -1 19 | sed 's/^/llvm-profdata-/') llvm-profdata; do
        if command -v "$candidate" >/dev/null && (($(llvm_major "$candidate") >= 19)); then
            profdata=$candidate
            break
        fi
    done
fi
if [[ -z $profdata ]]; then
    echo "pgo.sh: no llvm-profdata of LLVM 19 or newer (rustc uses LLVM $rustc_llvm)." >&2
    echo "pgo.sh: install one (Debian: apt-get install llvm-19) or set LLVM_PROFDATA." >&2
    exit 1
fi
echo "pgo.sh: $profdata (LLVM $(llvm_major "$profdata")), rustc's LLVM $rustc_llvm" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --bin gazette --example gen_corpus
plain=$target/release/gazette
"$target/release/examples/gen_corpus" "$size" 7 >"$work/training.jsonl"

# --target keeps RUSTFLAGS off the build script, which need not be profiled.
RUSTFLAGS="-Cprofile-generate=$work/raw" CARGO_TARGET_DIR=$target/pgo-generate \
    cargo build --release --quiet --bin gazette --target "$host"
instrumented=$target/pgo-generate/$host/release/gazette
for threads in 1 2; do
    "$instrumented" extract "$work/training.jsonl" -o "$work/out.jsonl" -q --threads "$threads"
done
"$instrumented" extract input -o "$work/out.jsonl" -q
"$profdata" merge -o "$work/gazette.profdata" "$work"/raw/*.profraw

RUSTFLAGS="-Cprofile-use=$work/gazette.profdata" CARGO_TARGET_DIR=$target/pgo \
    cargo build --release --quiet --bin gazette --target "$host"
optimized=$target/pgo/$host/release/gazette

# The `source` field names the input path, the same for both runs.
for input in "$work/training.jsonl" input; do
    "$plain" extract "$input" -o "$work/plain.jsonl" -q
    "$optimized" extract "$input" -o "$work/pgo.jsonl" -q
    cmp "$work/plain.jsonl" "$work/pgo.jsonl"
done
echo "pgo.sh: same records as $plain" >&2
echo "$optimized"
