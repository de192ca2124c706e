#!/usr/bin/env python3
"""Builds metrics/models/language_words.tsv: the most frequent words of each
language, for language_match's quick same-language test
(metrics/language/quick_language.h).

Source: the same gettext catalogues (.mo) under /usr/share/locale that
scripts/make_language_corpus.py reads, written by the translators of
Debian's packages (msgstr; English from the msgid originals), cleaned the
same way. Every catalogue piece that appears in the test corpus
(tests/testdata/language/corpus.tsv) is left out, so the words are never
learnt from the text they are measured on.

Words are what metrics/language/quick_language.cc reads as words: runs of
letters (ASCII letters, and code points from U+00C0 up outside the
punctuation and symbol blocks), lower-cased the way it lower-cases them.

  python3 scripts/make_language_words.py [--top 1000] [--out FILE]
  python3 scripts/make_language_words.py --tune   # thresholds on held-out pieces

The committed table was made on the project's Debian 12 machine; rerunning
it elsewhere gives a similar, not identical, table.
"""
import argparse
import collections
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_language_corpus as corpus  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Result code (CLD2's, so the quick test and CLD2 name languages alike) ->
# locale directories. Languages written in a script of their own (Greek,
# Hangul, kana, Han, Thai, Hebrew, ...) are told by their script and need
# no words.
LANGUAGES = {
    "af": ["af"], "ar": ["ar"], "be": ["be"], "bg": ["bg"], "bs": ["bs"],
    "ca": ["ca"], "cs": ["cs"], "cy": ["cy"], "da": ["da"], "de": ["de"],
    "eo": ["eo"], "es": ["es"], "et": ["et"], "eu": ["eu"], "fa": ["fa"],
    "fi": ["fi"], "fr": ["fr"], "ga": ["ga"], "gl": ["gl"], "hi": ["hi"],
    "hr": ["hr"], "hu": ["hu"], "id": ["id"], "is": ["is"], "it": ["it"],
    "kk": ["kk"], "lt": ["lt"], "lv": ["lv"], "mk": ["mk"], "mr": ["mr"],
    "ms": ["ms"], "ne": ["ne"], "nl": ["nl"], "nn": ["nn"], "no": ["nb"],
    "pl": ["pl"], "pt": ["pt", "pt_BR"], "ro": ["ro"], "ru": ["ru"],
    "sk": ["sk"], "sl": ["sl"], "sq": ["sq"], "sr": ["sr", "sr@latin"],
    "sv": ["sv"], "tr": ["tr"], "uk": ["uk"], "vi": ["vi"],
}
NON_LATIN = {"ar", "be", "bg", "fa", "hi", "kk", "mk", "mr", "ne", "ru", "uk"}


def is_letter(cp):
    """quick_language.cc's IsWordLetter."""
    if cp < 0x80:
        return (cp | 0x20) >= ord("a") and (cp | 0x20) <= ord("z")
    if cp < 0xC0 or cp in (0xD7, 0xF7):
        return False
    if 0x2000 <= cp <= 0x2BFF or 0x3000 <= cp <= 0x303F:
        return False
    if 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFF20:
        return False
    # Arabic and Devanagari punctuation and digits.
    if 0x0660 <= cp <= 0x066D or cp in (0x060C, 0x061B, 0x061F, 0x06D4):
        return False
    if 0x06F0 <= cp <= 0x06F9 or 0x0964 <= cp <= 0x096F:
        return False
    return True


def fold(cp):
    """quick_language.cc's FoldCase: lower case for Latin, Greek, Cyrillic
    and Armenian; other code points unchanged."""
    if cp < 0x80:
        return cp + 32 if ord("A") <= cp <= ord("Z") else cp
    if 0xC0 <= cp <= 0xDE and cp != 0xD7:
        return cp + 32
    if 0x100 <= cp <= 0x17F:
        if cp == 0x130:
            return ord("i")
        if cp == 0x178:
            return 0xFF
        if 0x139 <= cp <= 0x148 or 0x179 <= cp <= 0x17E:
            return cp + 1 if cp % 2 == 1 else cp
        if cp in (0x131, 0x138, 0x149, 0x17F):
            return cp
        return cp + 1 if cp % 2 == 0 else cp
    if 0x218 <= cp <= 0x21B or 0x1E00 <= cp <= 0x1EFF:
        return cp + 1 if cp % 2 == 0 else cp
    if 0x391 <= cp <= 0x3AB and cp != 0x3A2:
        return cp + 32
    if cp == 0x386:
        return 0x3AC
    if 0x388 <= cp <= 0x38A:
        return cp + 37
    if cp == 0x38C:
        return 0x3CC
    if cp in (0x38E, 0x38F):
        return cp + 63
    if 0x410 <= cp <= 0x42F:
        return cp + 32
    if 0x400 <= cp <= 0x40F:
        return cp + 80
    if 0x460 <= cp <= 0x481 or 0x48A <= cp <= 0x4BF or 0x4D0 <= cp <= 0x52F:
        return cp + 1 if cp % 2 == 0 else cp
    if 0x4C1 <= cp <= 0x4CE:
        return cp + 1 if cp % 2 == 1 else cp
    if 0x531 <= cp <= 0x556:
        return cp + 48
    return cp


def words(text):
    out, word = [], []
    for ch in text:
        cp = ord(ch)
        if is_letter(cp):
            word.append(chr(fold(cp)))
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def training_pieces(code, dirs, corpus_text):
    """Cleaned catalogue pieces of one language, less those in the corpus."""
    if code == "en":
        pieces = set()
        for d in ["de", "fr", "es", "it", "pt", "nl", "ru", "sv", "pl", "ja"]:
            pieces |= corpus.catalog_pieces([d])[1]
    else:
        pieces = corpus.catalog_pieces(dirs)[0]
    held_out = corpus_text.get(code, "")
    kept = []
    for p in sorted(pieces):
        letters = [c for c in p if is_letter(ord(c))]
        if len(letters) < 0.7 * len(p.replace(" ", "")) or len(letters) < 4:
            continue
        if code in NON_LATIN and sum(ord(c) > 127 for c in letters) < 0.6 * len(letters):
            continue
        if p in held_out:
            continue
        kept.append(p)
    return kept


def load_corpus():
    text = collections.defaultdict(list)
    path = os.path.join(ROOT, "tests/testdata/language/corpus.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            lang, _, t = line.rstrip("\n").split("\t", 2)
            text[lang].append(t)
    return {k: "\n".join(v) for k, v in text.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--top", type=int, default=1000)
    p.add_argument("--out", default=os.path.join(
        ROOT, "metrics/models/language_words.tsv"))
    args = p.parse_args()
    corpus_text = load_corpus()
    languages = dict(LANGUAGES)
    languages["en"] = []
    out = [
        "# The most frequent words of each language, for language_match's quick",
        "# same-language test. Built by scripts/make_language_words.py from the",
        "# gettext catalogues under /usr/share/locale (Debian 12), less every",
        "# piece of tests/testdata/language/corpus.tsv. Do not edit.",
        "# @LANGUAGE<TAB>WORDS SEEN, then WORD<TAB>COUNT, most frequent first.",
    ]
    for code in sorted(languages):
        counts = collections.Counter()
        for piece in training_pieces(code, languages[code], corpus_text):
            counts.update(words(piece))
        total = sum(counts.values())
        top = [(w, c) for w, c in counts.most_common(args.top) if c >= 3]
        out.append(f"@{code}\t{total}")
        out.extend(f"{w}\t{c}" for w, c in top)
        print(f"{code}: {total} words, {len(top)} kept", file=sys.stderr)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"-> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
