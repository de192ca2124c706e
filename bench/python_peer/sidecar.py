#!/usr/bin/python3
"""The Python peer: the sidecar a careful team would write instead of
running micrometrics, for measuring the daemon against it side by side
(bench/python_peer.sh).

aiohttp serving POST /v1/events (one event or a JSON array of them) and
GET /metrics, prometheus_client in multiprocess mode, one process per core
sharing one listening socket, and the same three checks as the daemon's
config in bench/python_peer.sh:

  reply_language  fastText's lid.176 (Debian's python3-fasttext) on the
                  latest user message and on the reply; pass when they
                  agree, skipped when either is too short or unsure
  refusal         refusal phrases in the reply's opening
  pii             e-mail addresses and Luhn-valid card numbers

  /usr/bin/python3 bench/python_peer/sidecar.py --model .cache/models/lid.176.ftz \
      [--port 0] [--processes 2]

Prints "listening on 127.0.0.1:PORT" on stderr once the socket is bound (a
process answers as soon as it has loaded the model: poll GET /metrics).
SIGTERM or SIGINT stop every process.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import sys
import tempfile

MULTIPROC_DIR = tempfile.mkdtemp(prefix="python-peer-")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = MULTIPROC_DIR

from aiohttp import web  # noqa: E402
import fasttext  # noqa: E402
from prometheus_client import (CONTENT_TYPE_LATEST, CollectorRegistry,  # noqa: E402
                               Counter, generate_latest, multiprocess)

CHECKS = Counter("micrometrics_checks_total", "Verdicts per metric",
                 ["metric", "result"])
EVENTS = Counter("micrometrics_events_processed_total", "Events evaluated")
REJECTED = Counter("micrometrics_events_rejected_total", "Bad events",
                   ["reason"])

MIN_REPLY_LETTERS = 20
MIN_INPUT_LETTERS = 12
MAX_DETECT_CHARS = 512
MIN_PROBABILITY = 0.5

REFUSAL = re.compile(
    r"\b(?:i'?m sorry,? but|i am sorry,? but|i (?:can(?:no|')t|cannot|won'?t|"
    r"am unable to|'m unable to|am not able to) (?:help|assist|provide|"
    r"comply|do that|fulfil)|as an ai\b|i must decline|"
    r"es tut mir leid|ich kann (?:dabei )?nicht helfen|lo siento|no puedo "
    r"ayudar|je suis désolé|je ne peux pas)", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CARD = re.compile(r"\d[\d -]{11,24}\d")
LETTER = re.compile(r"[^\W\d_]")


def letters(text):
    """Letters in the part of the text the model reads."""
    return len(LETTER.findall(text, 0, MAX_DETECT_CHARS))


def luhn(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = ord(d) - 48
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


class Checks:
    def __init__(self, model_path):
        fasttext.FastText.eprint = lambda *a, **k: None  # its load warning
        self.model = fasttext.load_model(model_path)

    def language(self, text):
        text = text[:MAX_DETECT_CHARS].replace("\n", " ")
        labels, probs = self.model.predict(text, k=1)
        if not labels or probs[0] < MIN_PROBABILITY:
            return None
        return labels[0][len("__label__"):]

    def reply_language(self, event, output):
        if letters(output) < MIN_REPLY_LETTERS:
            return "skipped"
        user = event.get("input")
        if not isinstance(user, str):
            user = next((m.get("content") for m in reversed(
                event.get("messages") or []) if isinstance(m, dict)
                and m.get("role") == "user"), None)
        if not isinstance(user, str) or letters(user) < MIN_INPUT_LETTERS:
            return "skipped"
        expected = self.language(user)
        got = self.language(output)
        if expected is None or got is None:
            return "skipped"
        return "pass" if expected == got else "fail"

    @staticmethod
    def refusal(output):
        return "fail" if REFUSAL.search(output[:300]) else "pass"

    @staticmethod
    def pii(output):
        # The cheap tests first: most replies have no '@' and few digits.
        if "@" in output and EMAIL.search(output):
            return "fail"
        for m in CARD.finditer(output):
            digits = m.group().replace(" ", "").replace("-", "")
            if 13 <= len(digits) <= 19 and luhn(digits):
                return "fail"
        return "pass"

    def evaluate(self, event):
        output = event.get("output")
        if not isinstance(output, str):
            for metric in ("reply_language", "refusal", "pii"):
                CHECKS.labels(metric, "skipped").inc()
            return
        CHECKS.labels("reply_language",
                      self.reply_language(event, output)).inc()
        CHECKS.labels("refusal", self.refusal(output)).inc()
        CHECKS.labels("pii", self.pii(output)).inc()


def make_app(checks):
    async def events(request):
        try:
            body = json.loads(await request.read())
        except ValueError as e:
            REJECTED.labels("invalid_json").inc()
            return web.json_response({"error": f"invalid JSON: {e}"},
                                     status=400)
        batch = body if isinstance(body, list) else [body]
        accepted = 0
        for event in batch:
            if not isinstance(event, dict):
                REJECTED.labels("not_an_object").inc()
                continue
            checks.evaluate(event)
            accepted += 1
        EVENTS.inc(accepted)
        return web.json_response({"accepted": accepted}, status=202)

    async def metrics(request):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return web.Response(body=generate_latest(registry),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application(client_max_size=16 << 20)
    app.router.add_post("/v1/events", events)
    app.router.add_get("/metrics", metrics)
    return app


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--processes", type=int, default=os.cpu_count())
    args = p.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(1024)
    sock.set_inheritable(True)
    children = []
    for _ in range(args.processes):
        pid = os.fork()
        if pid == 0:
            checks = Checks(args.model)
            web.run_app(make_app(checks), sock=sock, print=None,
                        access_log=None, handle_signals=True)
            os._exit(0)
        children.append(pid)
    print(f"listening on 127.0.0.1:{sock.getsockname()[1]}", file=sys.stderr,
          flush=True)

    def stop(signum, frame):
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for pid in children:
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
            except ChildProcessError:
                break
    shutil.rmtree(MULTIPROC_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
