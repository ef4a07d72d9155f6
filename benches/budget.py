#!/usr/bin/env python3
"""Instruction budget of `gazette extract --threads 1`: where the worker's
instructions go, and how many a target speed leaves.

    benches/budget.py CORPUS [--bin BIN] [--runs N] [--target MBS]

Wall-clock figures on the shared VMs here drift by a fifth or more, at
times within minutes; instruction counts do not. This script measures both in one run:

1. wall time (median of N runs after a warm-up) of the whole run at one
   thread, of its `--bare-scan` (the automaton alone, the issue's
   ceiling) and of the corpus's first document alone (start-up and the
   output file's replacement: the fixed cost every run pays);
2. callgrind's inclusive instruction count of each stage of the worker
   thread, for the whole run and for the bare scan.

From them: the instructions per second the worker sustains, the
instruction budget that `--target` MB/s leaves, and the best case of
fusing the full-text scans that a shared lexer could save. That best
case is generous on purpose: it counts the name tokenizer, the date
lexer and all of MONEY as free, and keeps only the automaton scan, which
no fusion removes. If the target is out of reach even then, no amount of
scan fusion reaches it.

Use a corpus of 20 MB or more (the issue's size): on a small one the
fixed cost is most of the wall time and the budgets say little.

Needs valgrind (`apt-get install valgrind`) and a release build with
symbols (the repository's release profile keeps them).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

WORKER = "gazette::extract::process_chunk"
READER = "<gazette::read::Reader as core::iter::traits::iterator::Iterator>::next"
BARE = "gazette::gazetteer::Gazetteer::bare_scan"
TOKENIZER = "gazette::patterns::tokens::tokenize"
DATE_LEXER = "gazette::patterns::date::lex::tokenize"
MONEY = "<gazette::patterns::money::MoneyTagger as gazette::entity::Tagger>::tag"
FORMAT = "gazette::format::write_record"
RECORD = "gazette::record::entities"

# (label, symbol): the worker's stages, in pipeline order. Inclusive
# counts, so a stage includes what it calls (PERSON includes the shared
# name tokenizer, which it is the first to ask for).
STAGES = [
    ("clean", "gazette::clean::clean"),
    ("gazetteer (automaton scan and per-match work)",
     "<gazette::gazetteer::Gazetteer as gazette::entity::Tagger>::tag"),
    ("DATE", "<gazette::patterns::date::DateTagger as gazette::entity::Tagger>::tag"),
    ("  of which the date lexer (full-text scan)", DATE_LEXER),
    ("MONEY (its currency scan reads every byte)", MONEY),
    ("PERSON", "<gazette::patterns::person::PersonTagger as gazette::entity::Tagger>::tag"),
    ("  of which the shared name tokenizer (full-text scan)", TOKENIZER),
    ("ORGANIZATION", "gazette::patterns::org::OrgTagger::tag_scanned"),
    ("LOCATION", "gazette::patterns::location::LocationTagger::tag_scanned"),
    ("resolve", "gazette::resolve::resolve_in"),
    ("link", "gazette::link::link"),
    ("record (offsets, entity values)", RECORD),
    ("format (JSON)", FORMAT),
]

LINE = re.compile(r"^\s*([\d,]+) \(\s*[\d.]+%\)\s+[^:]*:(.*?)(?: \[[^\]]*\])?$")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--bin", default="target/release/gazette")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--target", type=float, default=40.0,
                        help="target MB/s at one thread (default 40)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_annotate") is None:
        sys.exit("budget.py: needs valgrind and callgrind_annotate (apt-get install valgrind)")
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"budget.py: {args.bin} is not an executable (cargo build --release first)")
    if not os.path.isfile(args.corpus):
        sys.exit(f"budget.py: no corpus at {args.corpus} "
                 "(target/release/examples/gen_corpus 20MB > c20.jsonl)")
    # The records written come to over four times the corpus: removed at
    # the end, not left in /tmp.
    with tempfile.TemporaryDirectory() as tmp:
        report(args, tmp)


def report(args, tmp):
    out = os.path.join(tmp, "out.jsonl")
    one = os.path.join(tmp, "one.jsonl")
    with open(args.corpus, "rb") as src, open(one, "wb") as dst:
        dst.write(src.readline())
    size = os.path.getsize(args.corpus)
    mb = size / 1e6
    run = [args.bin, "extract", args.corpus, "-o", out, "-q", "--threads", "1"]
    bare_run = run + ["--bare-scan"]
    first = [args.bin, "extract", one, "-o", out, "-q", "--threads", "1"]

    wall = median_wall(run, args.runs)
    bare_wall = median_wall(bare_run, args.runs)
    fixed = median_wall(first, args.runs)
    counts = callgrind(run, tmp, "full")
    bare_counts = callgrind(bare_run, tmp, "bare")

    require(counts, [WORKER, *(s for _, s in STAGES)])
    require(bare_counts, [BARE])
    worker = counts[WORKER]
    print(f"{args.corpus}: {mb:.1f} MB, {os.path.basename(args.bin)} --threads 1, "
          f"median of {args.runs} runs\n")
    print("| stage (worker thread unless said) | M instructions | per input byte | share of worker |")
    print("| --- | --- | --- | --- |")
    for label, symbol in STAGES:
        n = counts[symbol]
        print(f"| {label} | {n / 1e6:,.0f} | {n / size:.1f} | {100 * n / worker:.1f} % |")
    print(f"| **worker total** | {worker / 1e6:,.0f} | {worker / size:.1f} | 100 % |")
    if READER in counts:
        print(f"| reader (its own thread) | {counts[READER] / 1e6:,.0f} | {counts[READER] / size:.1f} | |")
    scan = bare_counts[BARE]
    print(f"| automaton alone (`--bare-scan` run) | {scan / 1e6:,.0f} | {scan / size:.1f} | |")

    busy = wall - fixed
    rate = worker / busy
    bare_mbs = mb / bare_wall

    def budget(mbs):
        return max(0.0, rate * (mb / mbs - fixed))

    def speed(instructions):
        return mb / (instructions / rate + fixed)

    fused = worker - counts[TOKENIZER] - counts[DATE_LEXER] - counts[MONEY]
    output = counts[FORMAT] + counts[RECORD]
    half = bare_mbs / 2
    print()
    print(f"- measured: {mb / wall:.1f} MB/s ({wall:.3f} s), bare scan {bare_mbs:.1f} MB/s "
          f"({bare_wall:.3f} s), first document alone {fixed * 1000:.0f} ms (the fixed cost)")
    if fixed > wall / 4:
        print("- **the fixed cost is over a quarter of this run: the budgets below say"
              " little; use a corpus of 20 MB or more**")
    print(f"- the worker sustains {rate / 1e9:.2f} G instructions/s "
          f"({worker / 1e6:,.0f} M over {busy:.3f} s)")
    print(f"- {args.target:g} MB/s leaves {budget(args.target) / 1e6:,.0f} M instructions: "
          f"{100 * (1 - budget(args.target) / worker):.0f} % fewer than now")
    print(f"- fused scans, best case (name tokenizer, date lexer and all of MONEY free): "
          f"{fused / 1e6:,.0f} M, {speed(fused):.1f} MB/s")
    print(f"- half the bare scan ({half:.1f} MB/s) leaves {budget(half) / 1e6:,.0f} M; "
          f"the automaton and the records' JSON alone take {(scan + output) / 1e6:,.0f} M, "
          f"the rest of the worker {(worker - scan - output) / 1e6:,.0f} M")


def median_wall(cmd, runs):
    subprocess.run(cmd, check=True)
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def callgrind(cmd, tmp, name):
    """Inclusive instruction count per function symbol."""
    data = os.path.join(tmp, f"callgrind.{name}")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={data}", *cmd],
                   check=True, stderr=subprocess.DEVNULL)
    report = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", "--auto=no", "--threshold=100", data],
        check=True, capture_output=True, text=True).stdout
    counts = {}
    for line in report.splitlines():
        m = LINE.match(line)
        if m:
            n = int(m.group(1).replace(",", ""))
            # A function is listed once per source file its code comes
            # from (its own and what was inlined into it), each entry
            # with what that file's lines cost; the largest is the
            # function's whole.
            counts[m.group(2)] = max(n, counts.get(m.group(2), 0))
    return counts


def require(counts, symbols):
    """Stops, naming them, when any of `symbols` is not in the profile."""
    missing = [s for s in symbols if s not in counts]
    if missing:
        sys.exit("budget.py: not in the profile (renamed or inlined? update STAGES): "
                 + ", ".join(f"`{s}`" for s in missing))


if __name__ == "__main__":
    main()
