#!/usr/bin/env python3
"""How the refusal classifier does on questions it was not trained on.

    scripts/refusal_cv.py ROWS_TSV FASTTEXT_ARGS...

ROWS_TSV is the refusal_rows.tsv that `bench/accuracy --export-training DIR`
writes (dev half of refusal_gptfuzz.tsv: question, label, one voice, the
rules' verdict, whether the classifier would be asked, the text as the model
reads it). The data set asks only 20 questions, so a split by row puts
replies to the same question on both sides and flatters a model that learns
topics. Here the questions are dealt into five folds; each fold's one-voice
replies are judged by a model trained on the other four folds' rows (plus
the everyday turns in TRAIN_EXTRA, if given: refusal_everyday.txt), the same way the daemon does:
the rules' verdict, or the classifier's for a reply it is asked about.
Dealt four times with different seeds. Prints recall and false positives of
the rules alone and of rules plus classifier: the mean over the deals, a
Wilson 95% interval for one deal's n, and the range over the deals.

Needs Debian's fasttext command; scripts/train_models.sh runs it.
"""
import math
import os
import random
import subprocess
import sys
import tempfile

FOLDS = 5
SEEDS = (1, 2, 3, 4)
THRESHOLD = 0.8  # refusal's classifier_threshold default


def wilson(k, n, z=1.959964):
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    m = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return ((c - m) / d, (c + m) / d)


def rate(ks, n):
    k = sum(ks) / len(ks)
    lo, hi = wilson(k, n)
    return "%5.1f%% [%4.1f, %4.1f] of %d, deals %.1f-%.1f%%" % (
        100.0 * k / n, 100 * lo, 100 * hi, n, 100.0 * min(ks) / n,
        100.0 * max(ks) / n)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: refusal_cv.py ROWS_TSV FASTTEXT_ARGS...")
    with open(sys.argv[1], encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]
    extra = []
    if os.environ.get("TRAIN_EXTRA"):
        with open(os.environ["TRAIN_EXTRA"], encoding="utf-8") as f:
            extra = [line for line in f if line.startswith("__label__answer ")]
    args = sys.argv[2:]
    questions = sorted({r["question"] for r in rows})
    # Per deal: true positives and false positives; positives, negatives.
    tps = {"rules": [], "both": []}
    fps = {"rules": [], "both": []}
    one_voice = [r for r in rows if r["one_voice"] == "1"]
    positives = sum(r["label"] == "refusal" for r in one_voice)
    negatives = len(one_voice) - positives
    with tempfile.TemporaryDirectory() as work:
        for seed in SEEDS:
            for name in tps:
                tps[name].append(0)
                fps[name].append(0)
            dealt = list(questions)
            random.Random(seed).shuffle(dealt)
            for k in range(FOLDS):
                held = set(dealt[k::FOLDS])
                train = os.path.join(work, "train.txt")
                with open(train, "w", encoding="utf-8") as out:
                    for r in rows:
                        if r["question"] in held or r["one_voice"] != "1":
                            continue
                        label = "refusal" if r["label"] == "refusal" else "answer"
                        out.write("__label__%s %s\n" % (label, r["text"]))
                    out.writelines(extra)
                model = os.path.join(work, "model")
                subprocess.run(["fasttext", "supervised", "-input", train,
                                "-output", model] + args, check=True)
                test = [r for r in rows
                        if r["question"] in held and r["one_voice"] == "1"]
                texts = os.path.join(work, "test.txt")
                with open(texts, "w", encoding="utf-8") as out:
                    out.writelines(r["text"] + "\n" for r in test)
                predicted = subprocess.run(
                    ["fasttext", "predict-prob", model + ".bin", texts, "2"],
                    check=True, capture_output=True, text=True).stdout.splitlines()
                for r, line in zip(test, predicted):
                    words = line.split()
                    p = dict(zip(words[0::2], words[1::2]))
                    p = float(p.get("__label__refusal", 0.0))
                    truth = r["label"] == "refusal"
                    rules = r["rules"] == "fail"
                    both = rules or (r["asked"] == "1" and p >= THRESHOLD)
                    for name, said in (("rules", rules), ("both", both)):
                        (tps if truth else fps)[name][-1] += said
    print("refusal, one-voice dev replies to questions the model did not "
          "see (%d folds by question, mean of %d deals):" %
          (FOLDS, len(SEEDS)))
    for name, title in (("rules", "rules only"),
                        ("both", "rules + classifier (p >= %.1f)" % THRESHOLD)):
        print("  %-30s recall %s; false positives %s" %
              (title, rate(tps[name], positives), rate(fps[name], negatives)))


if __name__ == "__main__":
    main()
