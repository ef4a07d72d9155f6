#!/usr/bin/env bash
# Runs gazette as a stage of a real Spark job (local[2]) and checks that its
# records equal `gazette extract` run directly, record for record; then
# prints local-mode throughput next to the plain CLI on a ~20 MB corpus.
#
#   tests/spark/run.sh
#
# Needs Java 17+ and python3 with venv; installs pyspark from PyPI into a
# virtual environment (GAZETTE_SPARK_VENV, default $CARGO_TARGET_DIR or
# target, /spark-venv; reused when it already has the right version).
# Fails, never skips, when Java or Spark is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYSPARK_VERSION=${PYSPARK_VERSION:-4.3.0}
TARGET=${CARGO_TARGET_DIR:-target}
VENV=${GAZETTE_SPARK_VENV:-$TARGET/spark-venv}
CORPUS_MB=${CORPUS_MB:-20}
PARTITIONS=${PARTITIONS:-2}

fail() { echo "tests/spark/run.sh: FAIL: $*" >&2; exit 1; }

# Java: Spark 4 runs on 17 or later.
command -v java >/dev/null || fail "java not found (Spark needs Java 17+)"
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
[[ -n $java_major && $java_major -ge 17 ]] || fail "Java 17+ needed, found: $(java -version 2>&1 | head -1)"

# pyspark in a virtual environment.
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    python3 -m venv "$VENV" || fail "python3 -m venv failed"
    "$VENV/bin/pip" install -q --disable-pip-version-check "pyspark==$PYSPARK_VERSION" ||
        fail "pip install pyspark==$PYSPARK_VERSION failed"
fi
# spark-submit finds its Spark home through the `python3` on PATH.
export PATH="$VENV/bin:$PATH" PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
command -v spark-submit >/dev/null || fail "spark-submit not found in $VENV"

cargo build --release --quiet
BIN=$TARGET/release/gazette
[[ -x $BIN ]] || fail "no binary at $BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gazette-spark.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Runs the job in local[2]; the binary is shipped with --files, as on a
# cluster. Spark's log goes to $WORK/NAME.log, shown when the job fails.
submit() {
    local name=$1; shift
    local started ended
    started=$(date +%s.%N)
    if ! spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
        --conf spark.log.level=WARN --files "$BIN" \
        examples/spark/extract.py "$@" >"$WORK/$name.out" 2>"$WORK/$name.log"; then
        tail -n 40 "$WORK/$name.log" >&2
        fail "spark-submit $* failed"
    fi
    ended=$(date +%s.%N)
    echo "$ended - $started" | bc >"$WORK/$name.wall"
}

echo "== Spark vs CLI on the sample documents (input/, text files)"
"$BIN" extract input -q >"$WORK/cli-sample.jsonl"
submit sample --input input --output "$WORK/spark-sample" --partitions "$PARTITIONS" --dataframe
python3 tests/spark/compare.py "$WORK/cli-sample.jsonl" "$WORK/spark-sample"
grep -q "top 20 organizations" "$WORK/sample.out" || fail "the DataFrame query printed nothing"
sed -n '/entities per type/,$p' "$WORK/sample.out"

echo "== Throughput on a ~${CORPUS_MB} MB JSONL corpus (input/ replicated)"
python3 - "$WORK/corpus.jsonl" "$CORPUS_MB" <<'EOF'
import glob, json, os, sys
out, mb = sys.argv[1], float(sys.argv[2])
docs = []
for path in sorted(glob.glob("input/*.txt")):
    with open(path, encoding="utf-8") as f:
        docs.append((os.path.basename(path)[:-4], f.read()))
size, copy = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1e6:
        for stem, text in docs:
            line = json.dumps({"id": f"{stem}-{copy}", "text": text}, ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
        copy += 1
EOF
docs=$(wc -l <"$WORK/corpus.jsonl")
bytes=$(stat -c %s "$WORK/corpus.jsonl")

# Best of three: the CLI run is short, so one run is at the mercy of
# whatever else the machine is doing.
cli_s=
for _ in 1 2 3; do
    started=$(date +%s.%N)
    "$BIN" extract "$WORK/corpus.jsonl" -q -o "$WORK/cli-corpus.jsonl"
    ended=$(date +%s.%N)
    s=$(echo "$ended - $started" | bc)
    if [[ -z $cli_s ]] || (( $(echo "$s < $cli_s" | bc) )); then cli_s=$s; fi
done

submit corpus --input "$WORK/corpus.jsonl" --output "$WORK/spark-corpus" --partitions "$PARTITIONS"
python3 tests/spark/compare.py "$WORK/cli-corpus.jsonl" "$WORK/spark-corpus" --ignore-source
job_line=$(cat "$WORK/corpus.out" "$WORK/corpus.log" | grep "^extract.py:" || true)
[[ -n $job_line ]] || fail "the job printed no summary"
job_s=$(sed -n 's/.*partitions, \([0-9.]*\) s,.*/\1/p' <<<"$job_line")
parts=$(sed -n 's/.* \([0-9]*\) partitions.*/\1/p' <<<"$job_line")
wall_s=$(cat "$WORK/corpus.wall")

row() { # label seconds
    awk -v l="$1" -v s="$2" -v d="$docs" -v b="$bytes" \
        'BEGIN { printf "%-44s %8.2f s %8.0f docs/s %7.2f MB/s\n", l, s, d / s, b / 1e6 / s }'
}
printf "corpus: %d documents, %.1f MB JSONL, %d cores\n" "$docs" "$(echo "$bytes / 1000000" | bc -l)" "$(nproc)"
row "CLI (gazette extract, all cores, best of 3)" "$cli_s"
row "Spark local[2], $parts partitions, job" "$job_s"
row "Spark local[2], spark-submit wall" "$wall_s"
echo "tests/spark/run.sh: OK"
