"""Checks that Spark's records equal the CLI's, record for record.

    python3 compare.py CLI.jsonl SPARK_OUTPUT_DIR [--ignore-source]

Both sides are parsed as JSON and keyed by id; every id must appear once on
each side with an identical record. `--ignore-source` drops `source`, which
for JSONL piped through Spark is `<stdin>:LINE` within a partition rather
than `FILE:LINE`. Exits 1 with the first differences on any mismatch.
"""

import glob
import json
import os
import sys


def load(paths, ignore_source):
    records = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                record = json.loads(line)
                if ignore_source:
                    record.pop("source", None)
                rid = record["id"]
                if rid in records:
                    sys.exit(f"compare: id {rid!r} twice ({path}:{n})")
                records[rid] = record
    return records


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only on the {'Spark' if k in b else 'CLI'} side"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {str(a)[:80]!r} != {str(b)[:80]!r}"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ignore_source = "--ignore-source" in sys.argv
    cli_path, spark_dir = args
    parts = sorted(glob.glob(os.path.join(spark_dir, "part-*")))
    if not parts:
        sys.exit(f"compare: no part files in {spark_dir}")
    cli = load([cli_path], ignore_source)
    spark = load(parts, ignore_source)
    problems = []
    for rid in sorted(set(cli) - set(spark)):
        problems.append(f"{rid}: missing from the Spark output")
    for rid in sorted(set(spark) - set(cli)):
        problems.append(f"{rid}: only in the Spark output")
    for rid in sorted(set(cli) & set(spark)):
        d = first_difference(cli[rid], spark[rid])
        if d:
            problems.append(f"{rid}: {d}")
    if problems or not cli:
        print(f"compare: {len(problems)} differences ({len(cli)} CLI records, {len(spark)} Spark records)")
        for p in problems[:20]:
            print("  " + p)
        sys.exit(1)
    print(f"compare: {len(cli)} records identical (CLI vs Spark, {len(parts)} part files)")


if __name__ == "__main__":
    main()
