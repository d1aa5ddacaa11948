#!/usr/bin/env python
"""How fast is a check? Prints median timings and peak memory.

    python benchmarks/bench_check.py [--runs 7] [--eval-dir ../shared/eval]

* warm (after start-up: library loaded, analyzers loaded, cues compiled), one contract of
  about 20,000 characters, Japanese (target <= 0.3 s) and English (target <= 0.1 s). The
  analyzer's sentence cache is emptied before every run, so each run analyses the text anew;
* cold: a new process running ``clausecheck check`` on a Japanese contract (target <= 1.5 s);
* peak resident memory of this process and of the cold-start children.

The ~20,000-character contracts are made by joining the clauses of several real contracts
(the bundled samples, and the evaluation data when ``../shared/eval`` is there), so that no
sentence repeats and no cache can help.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_CHARS = 20_000


def _joined(documents: list, target: int = TARGET_CHARS):
    """One Document made of the clauses of several, cut at about ``target`` characters."""
    clauses = []
    total = 0
    for doc in documents:
        for clause in doc.clauses:
            if total >= target:
                break
            clauses.append(clause)
            total += len(clause.full_text) + len(clause.title)
    base = documents[0]
    return replace(base, path="<joined>", clauses=tuple(clauses), char_count=total), total


def _ja_documents(eval_dir: Path) -> list:
    from clausecheck.reader import read_document

    paths = sorted((ROOT / "sample_contracts").glob("*_ja_*.docx"))
    paths += sorted((eval_dir / "ja").glob("word_*.docx")) if eval_dir.is_dir() else []
    return [read_document(p) for p in paths]


def _en_documents(eval_dir: Path) -> list:
    from clausecheck.reader import read_document, read_text

    docs = [read_document(p) for p in sorted((ROOT / "sample_contracts").glob("*_en_*.docx"))]
    cuad = eval_dir / "cuad" / "contracts"
    if cuad.is_dir():
        for path in sorted(cuad.glob("*.txt"))[:12]:
            docs.append(read_text(path.read_text(encoding="utf-8", errors="replace"),
                                  name=path.name, fmt="txt"))
    return docs


def _time_warm(checker, document, runs: int) -> list[float]:
    from clausecheck.nlp import get_analyzer

    analyzer = get_analyzer(document.language)
    times = []
    for _ in range(runs):
        analyzer.clear_cache()
        t = time.perf_counter()
        checker.check(document)
        times.append(time.perf_counter() - t)
    return times


def _time_cold(path: Path, runs: int, library: Path | None) -> list[float]:
    times = []
    cmd = [sys.executable, "-m", "clausecheck", "check", str(path), "--format", "json"]
    if library is not None:
        cmd += ["--library", str(library)]
    for _ in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"cold run failed ({proc.returncode}): {proc.stderr.decode()[:300]}")
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--library", type=Path, default=None, help="a library directory")
    args = ap.parse_args()

    t = time.perf_counter()
    from clausecheck.engine import get_checker

    checker = get_checker(args.library)
    checker.warm_up()
    startup = time.perf_counter() - t
    print(f"start-up in process (library + analyzers + cues): {startup:.2f} s")

    results = {}
    for lang, docs, target in (("ja", _ja_documents(args.eval_dir), 0.3),
                               ("en", _en_documents(args.eval_dir), 0.1)):
        if not docs:
            print(f"{lang}: no documents to benchmark")
            continue
        document, chars = _joined(docs)
        times = _time_warm(checker, document, args.runs)
        med = statistics.median(times)
        results[lang] = med
        print(f"warm {lang}: {chars:,} chars, {len(document.clauses)} articles: median "
              f"{med * 1000:.0f} ms (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
              f" target <= {target * 1000:.0f} ms {'OK' if med <= target else 'SLOW'}")

    sample = ROOT / "sample_contracts" / "nda_ja_sound.docx"
    if sample.is_file():
        cold = _time_cold(sample, max(3, args.runs // 2), args.library)
        med = statistics.median(cold)
        print(f"cold ja (new process, clausecheck check {sample.name}): median {med:.2f} s "
              f"(min {min(cold):.2f}) target <= 1.50 s {'OK' if med <= 1.5 else 'SLOW'}")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {self_mb:.0f} MB; largest cold-start child {child_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
