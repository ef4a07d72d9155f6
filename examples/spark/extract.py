"""gazette as a streaming stage of a Spark job.

    spark-submit [--master yarn --files target/release/gazette] \\
        examples/spark/extract.py --input IN --output OUT \\
        [--partitions N] [--format auto|jsonl|text] [--gazette PATH] \\
        [--dataframe] [-- EXTRA GAZETTE ARGS]

Reads JSONL (one document per line, `{"id": ..., "text": ...}`) or text
files (one document per file, id = file stem), pipes every partition
through `gazette extract -` with `RDD.pipe`, and writes the records as
JSON lines (`saveAsTextFile`, one `part-NNNNN` file per partition, in input
order). The records equal those of `gazette extract` run on the same input,
except `source`: for JSONL input it is `<stdin>:LINE`, LINE counted within
the partition (text input keeps the path, as the CLI gives it).

`--dataframe` then loads the records into a DataFrame with an explicit
schema (`RECORD_SCHEMA`) and prints entities per type and the top 20
organizations.

Where the binary comes from, first match wins: `--gazette PATH`, a file
named `gazette` shipped with `spark-submit --files`, `gazette` on PATH.
"""

import argparse
import json
import os
import shlex
import shutil
import sys
import time
from urllib.parse import urlparse

from pyspark import SparkContext, SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    LongType,
    MapType,
    StringType,
    StructField,
    StructType,
)

# One entity of a record (src/record.rs `Entity`); offsets are code points.
ENTITY_SCHEMA = StructType(
    [
        StructField("type", StringType(), False),
        StructField("start", LongType(), False),
        StructField("end", LongType(), False),
        StructField("text", StringType(), False),
        StructField("norm", StringType(), True),
        StructField("amount", DoubleType(), True),
        StructField("currency", StringType(), True),
        StructField("id", StringType(), True),
        StructField("method", StringType(), False),
        StructField("raw_start", LongType(), False),
        StructField("raw_end", LongType(), False),
    ]
)

# One output line (src/record.rs `Record`). `meta` holds the other JSONL
# input fields; values that are not strings arrive as their JSON text.
RECORD_SCHEMA = StructType(
    [
        StructField("id", StringType(), False),
        StructField("source", StringType(), False),
        StructField("title", StringType(), True),
        StructField("text", StringType(), True),
        StructField("entities", ArrayType(ENTITY_SCHEMA), True),
        StructField("meta", MapType(StringType(), StringType()), True),
        StructField("lossy_utf8", BooleanType(), True),
        StructField("hash", StringType(), True),
        StructField("error", StringType(), True),
    ]
)

# Exit 1 means "finished, some documents have error records": the records
# are all there, so the task succeeds. Anything else (crash, binary not
# found: 127) fails the task, so Spark retries it and no partition is lost
# silently. The first argument is the binary as resolved on the driver; a
# cluster executor, where that path may not exist, finds a `--files` binary
# in its working directory (YARN, Kubernetes) or else on its PATH.
WRAPPER = (
    'exe=$1; shift; [ -x "$exe" ] || exe=./gazette; [ -x "$exe" ] || exe=gazette; '
    '"$exe" "$@"; s=$?; [ "$s" -le 1 ] && exit 0; exit "$s"'
)

TEXT_EXTENSIONS = (".txt", ".md")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    p.add_argument("--input", required=True, help="file, folder or glob; comma-separated for several")
    p.add_argument("--output", required=True, help="output folder (must not exist)")
    p.add_argument("--partitions", type=int, default=0, help="partitions (default: Spark's default parallelism)")
    p.add_argument("--format", choices=["auto", "jsonl", "text"], default="auto",
                   help="auto: JSONL when the input ends in .jsonl or .jsonl.gz, else text")
    p.add_argument("--gazette", help="path of the gazette binary")
    p.add_argument("--dataframe", action="store_true", help="load the records into a DataFrame and query them")
    p.add_argument("gazette_args", nargs="*", help="extra `gazette extract` arguments, after --")
    return p.parse_args(argv)


def find_binary(explicit, master):
    if explicit:
        return os.path.abspath(explicit)
    shipped = SparkFiles.get("gazette")
    if os.path.isfile(shipped):
        return shipped
    on_path = shutil.which("gazette")
    if on_path:
        return on_path
    if master.startswith("local"):
        sys.exit("extract.py: no gazette binary: pass --gazette PATH, ship it with "
                 "--files target/release/gazette, or put it on PATH")
    # On YARN, `--files` land in each container's working directory rather
    # than where SparkFiles looks on the driver: leave it to the executors.
    return "./gazette"


def input_format(spec, inputs):
    if spec != "auto":
        return spec
    jsonl = [i.endswith((".jsonl", ".jsonl.gz")) for i in inputs]
    if all(jsonl):
        return "jsonl"
    if not any(jsonl):
        return "text"
    sys.exit("extract.py: mixed JSONL and text inputs: run them separately or pass --format")


def ordered_repartition(rdd, n):
    """Spreads `rdd` over `n` partitions keeping element order (a plain
    repartition would shuffle documents between partitions at random)."""
    return rdd.zipWithIndex().map(lambda x: (x[1], x[0])).sortByKey(numPartitions=n).values()


def local_base(path):
    """The filesystem path of an input as Spark will report it, to turn the
    `file:/abs/...` paths of `wholeTextFiles` back into the CLI's form."""
    parsed = urlparse(path)
    if parsed.scheme:
        return parsed.path.rstrip("/")
    return os.path.abspath(path).rstrip("/")


def text_documents(sc, inputs, partitions):
    """(source, JSONL line) per text file, sorted by source like the CLI's
    folder walk. `source` travels in the line and lands in the record's
    `meta`; `restore_text_record` moves it back."""
    bases = [(i.rstrip("/"), local_base(i)) for i in inputs]

    def source_of(uri):
        path = urlparse(uri).path
        for given, base in bases:
            if path == base:
                return given, True
            if path.startswith(base + "/"):
                return given + path[len(base):], False
        return uri, True

    def to_line(pair):
        uri, content = pair
        source, named = source_of(uri)
        if not named and not source.endswith(TEXT_EXTENSIONS):
            return None  # the CLI's folder walk skips these too
        name = source.rsplit("/", 1)[-1]
        stem = next((name[: -len(e)] for e in TEXT_EXTENSIONS if name.endswith(e)), name)
        if content.startswith("\ufeff"):
            content = content[1:]
        line = json.dumps({"id": stem, "text": content, "source": source}, ensure_ascii=False)
        return source, line

    files = sc.wholeTextFiles(",".join(inputs), minPartitions=partitions)
    pairs = files.map(to_line).filter(lambda x: x is not None)
    return pairs.sortByKey(numPartitions=partitions).values()


def title_of(text):
    """The CLI's title of a text document (src/pipeline.rs `title_of`): the
    first non-blank line of the cleaned text, if at most 200 characters.
    JSONL input has no title inference, so the job does it here."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= 200 else None
    return None


def restore_text_record(line):
    record = json.loads(line)
    meta = record.get("meta") or {}
    source = meta.pop("source", None)
    out = {"id": record["id"], "source": source if source is not None else record["source"]}
    title = title_of(record["text"]) if "text" in record else None
    if title is not None:
        out["title"] = title
    # Every other field as gazette wrote it, in its order; only `meta`
    # loses the `source` the job put there.
    for key, value in record.items():
        if key in ("id", "source", "title"):
            continue
        if key == "meta":
            if meta:
                out["meta"] = meta
            continue
        out[key] = value
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def run_query(spark, records_path):
    df = spark.read.schema(RECORD_SCHEMA).json(records_path)
    df.cache()
    docs = df.count()
    errors = df.filter(F.col("error").isNotNull()).count()
    print(f"records: {docs} documents, {errors} errors")
    entities = df.select(F.explode("entities").alias("e")).select("e.*")
    print("entities per type:")
    entities.groupBy("type").count().orderBy(F.desc("count"), "type").show(truncate=False)
    print("top 20 organizations:")
    (
        entities.filter(F.col("type") == "ORGANIZATION")
        .groupBy(F.coalesce("norm", "text").alias("organization"))
        .agg(F.count("*").alias("mentions"))
        .orderBy(F.desc("mentions"), "organization")
        .show(20, truncate=False)
    )


def main(argv):
    args = parse_args(argv)
    spark = SparkSession.builder.appName("gazette-extract").getOrCreate()
    sc = spark.sparkContext
    sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    partitions = args.partitions or sc.defaultParallelism
    inputs = [i for i in args.input.split(",") if i]
    fmt = input_format(args.format, inputs)
    binary = find_binary(args.gazette, sc.master)

    if fmt == "jsonl":
        # Lines go to gazette untouched: no JSON parsing in Python.
        docs = sc.textFile(",".join(inputs), minPartitions=partitions)
        if docs.getNumPartitions() < partitions:  # e.g. one gzipped file
            docs = ordered_repartition(docs, partitions)
    else:
        docs = text_documents(sc, inputs, partitions)

    n_docs = sc.accumulator(0)
    n_bytes = sc.accumulator(0)

    def count(lines):
        d = b = 0
        for line in lines:
            d += 1
            b += len(line.encode("utf-8"))
            yield line
        n_docs.add(d)
        n_bytes.add(b)

    # One gazette thread per task: Spark already runs one task per core.
    threads = sc.getConf().get("spark.task.cpus", "1")
    command = shlex.join(
        ["sh", "-c", WRAPPER, "gazette-stage", binary, "extract", "-", "-q",
         "--input-format", "jsonl", "--threads", threads, *args.gazette_args]
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    records = docs.mapPartitions(count).pipe(command, env=env, checkCode=True)
    if fmt == "text":
        records = records.map(restore_text_record)

    started = time.perf_counter()
    records.saveAsTextFile(args.output)
    seconds = time.perf_counter() - started
    parts = records.getNumPartitions()
    mb = n_bytes.value / 1e6
    print(
        f"extract.py: {n_docs.value} documents, {mb:.2f} MB in, {parts} partitions, "
        f"{seconds:.2f} s, {n_docs.value / seconds:.0f} docs/s, {mb / seconds:.2f} MB/s",
        file=sys.stderr,
    )
    if args.dataframe:
        run_query(spark, args.output)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
