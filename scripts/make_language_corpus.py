#!/usr/bin/env python3
"""Builds tests/testdata/language/corpus.tsv from real translated text.

Source: the gettext catalogues (.mo) under /usr/share/locale, written by the
translators of Debian's packages (msgstr), and their English originals
(msgid). They are noisy (format strings, accelerators, markup, untranslated
entries), so this script cleans them, keeps pieces that read as prose, and
joins pieces of one language into samples of three lengths:
short (20-60 chars), medium (60-200) and long (200-600).

  python3 scripts/make_language_corpus.py [--per-bucket 30] [--seed 7]
  python3 scripts/make_language_corpus.py --append no,hr,sr,ms

--append adds the rows of the given languages to the existing corpus,
leaving its rows as they are (each appended language draws from its own
seeded generator). The committed corpus is the 24 languages of the first
run plus Norwegian (Bokmal), Croatian, Serbian and Malay appended, the
languages that have a close relative in it.

Output columns: language, bucket, text (tabs and newlines removed).
The committed corpus was made on the project's Debian 12 machine; rerunning
it elsewhere gives a similar, not identical, corpus.
"""
import argparse
import gettext
import glob
import os
import random
import re
import sys

# ISO code used in results -> locale directory names to read.
LANGUAGES = {
    "de": ["de"], "fr": ["fr"], "es": ["es"], "it": ["it"], "pt": ["pt", "pt_BR"],
    "nl": ["nl"], "ru": ["ru"], "uk": ["uk"], "pl": ["pl"], "sv": ["sv"],
    "tr": ["tr"], "ja": ["ja"], "zh": ["zh_CN"], "ko": ["ko"], "cs": ["cs"],
    "da": ["da"], "fi": ["fi"], "el": ["el"], "hu": ["hu"], "ro": ["ro"],
    "id": ["id"], "vi": ["vi"], "bg": ["bg"],
    # Appended (--append): close relatives of languages above.
    "no": ["nb"], "hr": ["hr"], "sr": ["sr"], "ms": ["ms"],
}
APPENDED = {"no", "hr", "sr", "ms"}
NON_LATIN = {"ru", "uk", "bg", "el", "ja", "zh", "ko", "sr"}
BUCKETS = {"short": (20, 60), "medium": (60, 200), "long": (200, 600)}

FORMAT = re.compile(r"%(\d+\$)?[-+ #0']*\d*(\.\d+)?(l|ll|h|z|j|t|L)?[a-zA-Z%]"
                    r"|\{[^}]*\}|<[^>]*>|\$\{?\w+\}?|\\[nt]|\[[^\]]*\]")
ACCEL = re.compile(r"\(_\w\)|\(&\w\)|_(?=\w)|&(?=\w)")
SPACE = re.compile(r"\s+")


def clean(text):
    text = FORMAT.sub(" ", text)
    text = ACCEL.sub("", text)
    text = text.replace("\t", " ").replace("\n", " ")
    text = SPACE.sub(" ", text).strip(" :.-*")
    return text


def prose_like(text, lang):
    if len(text) < 12 or len(text) > 400:
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 0.7 * len(text.replace(" ", "")):
        return False
    if lang in NON_LATIN:
        non_ascii = sum(1 for c in letters if ord(c) > 127)
        return non_ascii >= 0.6 * len(letters)
    if lang != "en" and text.isascii() and lang not in ("id", "nl", "sv", "da"):
        # Latin languages with diacritics: an all-ASCII string is often an
        # untranslated fragment; keep some, but not all.
        return random.random() < 0.5
    return len(text.split()) >= 3


TECHNICAL = re.compile(r"--|[\\=|/@#]|\(\s*\)|[\"'«»„“”‘’]\s*[\"'«»„“”‘’]|\w_\w|\w\.\w")
WORD = re.compile(r"\w+")


def mostly_untranslated(msgstr, msgid):
    """True when the translation keeps many of the original's words: then it
    is mostly identifiers and technical terms, not prose of its language."""
    words = [w.lower() for w in WORD.findall(msgstr) if len(w) > 1]
    if not words:
        return True
    original = {w.lower() for w in WORD.findall(msgid)}
    kept = sum(1 for w in words if w in original)
    return kept >= 0.3 * len(words)


def catalog_pieces(dirs):
    pieces, originals = set(), set()
    for d in dirs:
        for path in glob.glob(f"/usr/share/locale/{d}/LC_MESSAGES/*.mo"):
            try:
                with open(path, "rb") as f:
                    catalog = gettext.GNUTranslations(f)._catalog
            except Exception:
                continue
            for key, value in catalog.items():
                msgid = key[0] if isinstance(key, tuple) else key
                if not msgid or not value or value == msgid:
                    continue
                if TECHNICAL.search(value) or TECHNICAL.search(msgid):
                    continue
                if mostly_untranslated(value, msgid):
                    continue
                pieces.add(clean(value))
                originals.add(clean(msgid))
    return pieces, originals


def samples(pieces, lo, hi, n, rng):
    pieces = sorted(pieces)
    out = []
    attempts = 0
    while len(out) < n and attempts < n * 200:
        attempts += 1
        text = ""
        while len(text) < lo:
            piece = rng.choice(pieces)
            text = piece if not text else text + ". " + piece
        if lo <= len(text) <= hi:
            out.append(text)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-bucket", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="tests/testdata/language/corpus.tsv")
    parser.add_argument("--append", default="",
                        help="comma-separated languages to add to --out")
    args = parser.parse_args()
    if args.append:
        append(args)
        return
    rng = random.Random(args.seed)
    random.seed(args.seed)
    english = set()
    rows = []
    for lang, dirs in sorted(LANGUAGES.items()):
        if lang in APPENDED:
            continue
        pieces, originals = catalog_pieces(dirs)
        english |= originals
        kept = {p for p in pieces if prose_like(p, lang)}
        for bucket, (lo, hi) in BUCKETS.items():
            for text in samples(kept, lo, hi, args.per_bucket, rng):
                rows.append((lang, bucket, text))
        print(f"{lang}: {len(kept)} pieces", file=sys.stderr)
    kept = {p for p in english if prose_like(p, "en")}
    for bucket, (lo, hi) in BUCKETS.items():
        for text in samples(kept, lo, hi, args.per_bucket, rng):
            rows.append(("en", bucket, text))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# language\tbucket\ttext (see tests/testdata/language/README.md)\n")
        for lang, bucket, text in rows:
            f.write(f"{lang}\t{bucket}\t{text}\n")
    print(f"{len(rows)} samples -> {args.out}", file=sys.stderr)


def append(args):
    with open(args.out, encoding="utf-8") as f:
        present = {line.split("\t", 1)[0] for line in f
                   if line.strip() and not line.startswith("#")}
    rows = []
    for lang in args.append.split(","):
        if lang in present:
            sys.exit(f"{lang} is in {args.out} already")
        if lang not in LANGUAGES:
            sys.exit(f"unknown language {lang}")
        rng = random.Random(f"{args.seed}/{lang}")
        random.seed(f"{args.seed}/{lang}")
        pieces, _ = catalog_pieces(LANGUAGES[lang])
        kept = {p for p in pieces if prose_like(p, lang)}
        for bucket, (lo, hi) in BUCKETS.items():
            for text in samples(kept, lo, hi, args.per_bucket, rng):
                rows.append((lang, bucket, text))
        print(f"{lang}: {len(kept)} pieces", file=sys.stderr)
    with open(args.out, "a", encoding="utf-8") as f:
        for lang, bucket, text in rows:
            f.write(f"{lang}\t{bucket}\t{text}\n")
    print(f"{len(rows)} samples appended to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
