#!/usr/bin/env python
"""Hostile but accepted inputs: how long and how much memory does one `check` take?

    python benchmarks/bench_hostile.py [--shapes articles,digits,...] [--timeout 600]

Each shape is written to a temp folder and checked by a new ``clausecheck check`` process
(``--timeout`` raised so that the figure is the real cost, not the default limit). Printed per
shape: the file's size, wall time, CPU time (user + system of the child: the figure to read on
a shared, loaded machine, where wall time mostly measures the others) and peak resident
memory. The default ``check --timeout`` is 120 s: a shape whose CPU time nears it on an idle
machine is a finding.

Shapes (all inside the reader's documented limits):

* ``articles``: 48,000 one-line articles of about 45 characters, every one different
  (the most units the paragraph limit lets through);
* ``headings``: 24,000 articles with a different heading each;
* ``digits``: 30 lines of 20,000 digits beside 「年間有効」, "years" and 第…条;
* ``kanji``: 30 lines of 5,000 kanji numerals;
* ``tokens``: 30 English lines of one 20,000-letter word before "days";
* ``long_sentences``: 700 Japanese sentences of 4,000 characters without a stop.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
WORDS_JA = "秘密情報 開示 甲 乙 第三者 本契約 目的 返還 廃棄 受領者 書面 承諾 通知 期間 損害".split()


def _articles(rng: random.Random) -> str:
    lines = ["秘密保持契約書"]
    for i in range(1, 48_001):
        body = "".join(rng.choice(WORDS_JA) for _ in range(12))
        lines.append(f"第{i}条（定義）{body}ものとする。"[:60])
    return "\n".join(lines) + "\n"


def _headings(rng: random.Random) -> str:
    lines = ["秘密保持契約書"]
    for i in range(1, 24_001):
        head = "".join(rng.choice(WORDS_JA) for _ in range(3))
        body = "".join(rng.choice(WORDS_JA) for _ in range(10))
        lines.append(f"第{i}条（{head}）\n{body}ものとする。")
    return "\n".join(lines) + "\n"


def _digits(_rng: random.Random) -> str:
    d = "9" * 20_000
    lines = [f"本契約は{d}年間有効とする。", f"第{d}条（目的）本文。", f"survive for {d} years",
             f"({d}) item", f"Section {d}.{d} x"]
    return "秘密保持契約書\n第1条（目的）本契約は目的を定める。\n" + "\n".join(lines * 6) + "\n"


def _kanji(_rng: random.Random) -> str:
    k = "九" * 5_000
    return "秘密保持契約書\n第1条（目的）本文。\n" + "\n".join(
        [f"第{k}条 本契約は{k}年間有効とする。"] * 30) + "\n"


def _tokens(rng: random.Random) -> str:
    lines = ["NON-DISCLOSURE AGREEMENT", "1. Purpose. The Recipient shall use it for the Purpose."]
    for _ in range(30):
        word = "".join(rng.choice("abcdefghij") for _ in range(20_000))
        lines.append(f"2. Notice. at least {word} days prior notice.")
    return "\n".join(lines) + "\n"


def _long_sentences(rng: random.Random) -> str:
    lines = ["秘密保持契約書"]
    for i in range(1, 701):
        body = "".join(rng.choice(WORDS_JA) for _ in range(1_400))[:4_000]
        lines.append(f"第{i}条（目的）{body}")
    return "\n".join(lines) + "\n"


SHAPES: dict[str, Callable[[random.Random], str]] = {
    "articles": _articles, "headings": _headings, "digits": _digits, "kanji": _kanji,
    "tokens": _tokens, "long_sentences": _long_sentences,
}


def measure(path: Path, timeout: float) -> tuple[float, float, float, int, str]:
    """(wall s, cpu s, peak MB, exit code, last stderr line) of one `clausecheck check`."""
    err_path = path.with_suffix(".err")
    start = time.monotonic()
    with open(os.devnull, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "clausecheck", "check", str(path),
                                 "--format", "json", "--timeout", str(timeout)],
                                stdout=out, stderr=err, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own time and memory
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = err_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, proc.returncode, (lines or [""])[-1][:100]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(f"{'shape':16} {'size':>8} {'wall':>8} {'cpu':>8} {'peak MB':>8}  exit")
    with tempfile.TemporaryDirectory(prefix="clausecheck-hostile-") as tmp:
        for name in args.shapes.split(","):
            path = Path(tmp) / f"{name}.txt"
            path.write_text(SHAPES[name](random.Random(args.seed)), encoding="utf-8")
            wall, cpu, peak, code, last = measure(path, args.timeout)
            size = os.path.getsize(path) / (1024 * 1024)
            note = f"  {last}" if code == 2 else ""
            print(f"{name:16} {size:7.1f}M {wall:7.1f}s {cpu:7.1f}s {peak:8.0f}  {code}{note}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
