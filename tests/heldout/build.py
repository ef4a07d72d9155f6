#!/usr/bin/env python3
"""Build the held-out gold files in tests/heldout/ from the field extracts in tests/heldout/src/.

The conversion follows the rules of the dev files (see tests/heldout/README.md):
  * Recognizers-Text currency cases -> MONEY spans with `amount` (and `currency` + `norm`
    only when the spec gives an ISO code); sub-unit amounts (cents, pence, ...) are span-only;
    results without a value (a bare "dollar") are dropped; cases with no result stay as negatives.
  * Recognizers-Text date cases are kept only if every expected result is a single calendar
    date, month or year (TIMEX `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, one value, a real date);
    `norm` is that TIMEX; `dct` is the spec's ReferenceDateTime (to the second).
  * WikiGold tokens are detokenized (no space before , . ; : ) ] ? ! % 's n't, none after ( [ $,
    quotes attached), sentences joined by one space; IO tags make one span per run of one type;
    MISC is dropped.
  * Every case whose text also appears in a dev file (compared case-insensitively, whitespace
    collapsed) is dropped, so held-out never overlaps dev.

Standard library only.  Usage: python3 tests/heldout/build.py  (from the repository root or anywhere)
"""

import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
DEV = HERE / "dev"

SUBUNITS = {"cent", "pence", "penny", "sen", "satoshi", "fen", "jiao", "mao", "kopek", "paisa"}
TIMEX_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def norm_text(s):
    return " ".join(s.split()).lower()


def dev_texts():
    seen = set()
    for path in sorted(DEV.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(norm_text(json.loads(line)["text"]))
    return seen


def data_lines(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line


def locate(text, needle, start):
    """Code-point span of `needle` in `text` at or after `start`, ignoring case."""
    i = text.lower().find(needle.lower(), start)
    if i < 0:
        raise ValueError(f"{needle!r} not found in {text!r}")
    return i, i + len(needle)


def number(value):
    f = float(value)
    return int(f) if f.is_integer() else f


def build_money(dev):
    out, dropped = [], 0
    for n, line in data_lines(SRC / "recognizers_currency.tsv"):
        fields = line.split("\t")
        text, results = fields[0], [r for r in fields[1:] if r]
        if norm_text(text) in dev:
            dropped += 1
            continue
        ents, pos = [], 0
        for r in results:
            rtext, value, unit, iso = r.split("|")
            start, end = locate(text, rtext, pos)
            pos = end
            if value == "null":
                continue
            ent = {"type": "MONEY", "start": start, "end": end, "text": text[start:end], "unit": unit}
            if unit.lower() not in SUBUNITS:
                ent["amount"] = number(value)
                if iso:
                    ent["currency"] = iso
                    ent["norm"] = f"{ent['amount']} {iso}"
            ents.append(ent)
        out.append({"id": f"ho-CurrencyModel-{n:04d}", "source": f"CurrencyModel.json (src line {n})",
                    "text": text, "entities": ents})
    return out, dropped


def is_calendar(timex):
    if not TIMEX_DATE.match(timex):
        return False
    parts = [int(p) for p in timex.split("-")]
    try:
        datetime.date(parts[0] or 1, parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def build_dates(dev):
    out, dropped, skipped = [], 0, 0
    for n, line in data_lines(SRC / "recognizers_dates.tsv"):
        spec, dct, text, *results = line.split("\t")
        results = [r for r in results if r]
        if norm_text(text) in dev:
            dropped += 1
            continue
        parsed = []
        for r in results:
            rtext, *timexes = r.split("|")
            parsed.append((rtext, timexes))
        if not all(len(set(t)) == 1 and is_calendar(t[0]) for _, t in parsed):
            skipped += 1
            continue
        ents, pos = [], 0
        for rtext, timexes in parsed:
            start, end = locate(text, rtext, pos)
            pos = end
            ents.append({"type": "DATE", "start": start, "end": end, "text": text[start:end],
                         "norm": timexes[0]})
        out.append({"id": f"ho-{spec}-{n:04d}", "source": f"{spec}.json (src line {n})",
                    "dct": dct[:19], "text": text, "entities": ents})
    return out, dropped, skipped


NO_SPACE_BEFORE = {",", ".", ";", ":", ")", "]", "?", "!", "%", "'s", "'S", "n't", "..", "..."}
NO_SPACE_AFTER = {"(", "[", "$"}
TAGS = {"P": "PERSON", "L": "LOCATION", "O": "ORGANIZATION"}


def detokenize(sentences):
    """Join tokenized sentences; return (text, [(start, end, tag)]) with code-point offsets."""
    text, spans = "", []
    glue_next = True  # no space before the very first token
    dquote_open = squote_open = False
    for sent in sentences:
        for tok in sent:
            word, _, tag = tok.rpartition("|") if "|" in tok else (tok, "", "")
            space = not glue_next
            glue_next = False
            if word in NO_SPACE_BEFORE:
                space = False
            elif word == '"':
                if dquote_open:
                    space = False
                else:
                    glue_next = True
                dquote_open = not dquote_open
            elif word == "'":
                if squote_open or (text.endswith("s") and not squote_open):
                    space = False
                    squote_open = False
                else:
                    squote_open = True
                    glue_next = True
            if word in NO_SPACE_AFTER:
                glue_next = True
            if space and text:
                text += " "
            spans.append((len(text), len(text) + len(word), tag))
            text += word
    return text, spans


def build_wikigold(dev):
    docs, cur = [], None
    for _, line in data_lines(SRC / "wikigold_heldout.txt"):
        if line.startswith("-DOCSTART-"):
            cur = {"n": int(line.split()[1]), "sents": []}
            docs.append(cur)
        else:
            cur["sents"].append(line.split(" "))
    out, dropped = [], 0
    for d in docs:
        text, toks = detokenize(d["sents"])
        if norm_text(text) in dev:
            dropped += 1
            continue
        ents, run = [], None
        for start, end, tag in toks + [(0, 0, "")]:
            if run and tag == run[2]:
                run[1] = end
                continue
            if run:
                ents.append({"type": TAGS[run[2]], "start": run[0], "end": run[1], "text": text[run[0]:run[1]]})
            run = [start, end, tag] if tag in TAGS else None
        out.append({"id": f"wikigold-{d['n']:03d}", "source": "wikigold.conll.txt", "text": text, "entities": ents})
    return out, dropped


def write(name, records):
    path = HERE / name
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_ent = sum(len(r["entities"]) for r in records)
    print(f"{name}: {len(records)} records, {n_ent} entities", file=sys.stderr)


def main():
    dev = dev_texts()
    if not dev:
        sys.exit("no dev files in tests/heldout/dev/: cannot check overlap")
    money, md = build_money(dev)
    dates, dd, ds = build_dates(dev)
    wiki, wd = build_wikigold(dev)
    print(f"dropped as dev overlap: money {md}, dates {dd}, wikigold {wd}; dates not single calendar: {ds}",
          file=sys.stderr)
    write("recognizers_money_heldout.jsonl", money)
    write("recognizers_dates_heldout.jsonl", dates)
    write("wikigold_heldout.jsonl", wiki)


if __name__ == "__main__":
    main()
