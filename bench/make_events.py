#!/usr/bin/env python3
"""Writes realistic events as JSONL, seeded and reproducible.

Replies are real text from tests/testdata/language/corpus.tsv (24 languages,
Debian's gettext translations), some with personal data from
tests/testdata/pii/corpus.tsv, some Markdown, some refusals, a share of bad
lines. Conversations have 5 turns in one language; half carry prompt_version
v41, half v42; with
--regression R, v42 answers R of German users in English.

  python3 bench/make_events.py --events 1000000 --seed 1 > events.jsonl
"""
import argparse
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            a, b, c = line.rstrip("\n").split("\t", 2)
            rows.append((a, b, c))
    return rows


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--events", type=int, default=100000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--regression", type=float, default=0.0,
                   help="share of v42's German users answered in English")
    p.add_argument("--bad", type=float, default=0.001,
                   help="share of malformed lines")
    p.add_argument("--min-bytes", type=int, default=200)
    p.add_argument("--max-bytes", type=int, default=4096)
    args = p.parse_args()
    rng = random.Random(args.seed)

    by_lang = {}
    for lang, _, text in read_tsv(
            os.path.join(ROOT, "tests/testdata/language/corpus.tsv")):
        by_lang.setdefault(lang, []).append(text)
    langs = sorted(by_lang)
    pii = [t for _, kind, t in read_tsv(
        os.path.join(ROOT, "tests/testdata/pii/corpus.tsv"))]
    refusals = ["I'm sorry, but I can't help with that request.",
                "Es tut mir leid, aber dabei kann ich nicht helfen.",
                "Lo siento, pero no puedo ayudar con eso."]
    models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet"]
    routes = ["chat", "search", "support"]
    out = sys.stdout
    for i in range(args.events):
        if rng.random() < args.bad:
            out.write(rng.choice(['{"output": "unterminated', '[1,2,3]',
                                  '{"turn": -1}', 'not json at all']) + "\n")
            continue
        # Conversations of 5 turns keep their user's language and prompt.
        conversation = i // 5
        crng = random.Random(args.seed * 1000003 + conversation)
        version = "v41" if conversation % 2 == 0 else "v42"
        lang = "de" if crng.random() < 0.3 else crng.choice(langs)
        reply_lang = lang
        if (lang == "de" and version == "v42"
                and rng.random() < args.regression):
            reply_lang = "en"
        target = rng.randint(args.min_bytes, args.max_bytes)
        parts = []
        size = 0
        while size < target:
            s = rng.choice(by_lang[reply_lang])
            parts.append(s)
            size += len(s.encode()) + 1
        reply = " ".join(parts)
        r = rng.random()
        if r < 0.05:
            reply += " " + rng.choice(pii)
        elif r < 0.10:
            reply = "## Answer\n\n- " + reply + "\n\n```\ncode\n```"
        elif r < 0.12:
            reply = rng.choice(refusals)
        latency = rng.lognormvariate(6.8, 0.6)
        event = {
            "id": "req-%d-%d" % (args.seed, i),
            "conversation_id": "conv-%d-%d" % (args.seed, conversation),
            "turn": i % 5 + 1,
            "model": rng.choice(models),
            "prompt_version": version,
            "route": rng.choice(routes),
            "locale": lang,
            "input": rng.choice(by_lang[lang]),
            "output": reply,
            "latency_ms": round(latency, 1),
            "ttft_ms": round(latency * rng.uniform(0.1, 0.4), 1),
            "usage": {"input_tokens": rng.randint(20, 2000),
                      "output_tokens": max(1, len(reply) // 4)},
            "finish_reason": "length" if rng.random() < 0.02 else "stop",
        }
        out.write(json.dumps(event, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
