"""The long fuzz run: thousands of hostile files through `clausecheck check`, then one `scan`.

    python3 tests/fuzz/run_fuzz.py --files 5000 --seed 1        # the figures in the notes
    python3 tests/fuzz/run_fuzz.py --files 300 --kinds flip,numbering --keep /tmp/fz

Files come from ``tests/fuzz/hostile.py`` (seeded). Each one is checked as the command line
does it (``clausecheck.cli.main(["check", FILE, "--format", "json"])``) in a child forked
from a parent that has the models loaded and has checked every sample once (most hostile files
are damaged samples, whose undamaged sentences the child then finds analysed, as a scan
worker would), so a file costs its own work, not a model load. The child's stderr and exit
code are judged:

- ok: exit 0 or 1 with a report on stdout;
- refused: exit 2 with exactly one line on stderr;
- traceback: "Traceback" on stderr, or an exit code other than 0/1/2, or a refusal of more
  than one line;
- gave up: the product's own ``--timeout`` fired (exit 2, "gave up after");
- hang: no answer within ``--hang`` seconds (the child is killed);
- peak memory: the child's maximum resident set (``wait4``), which includes the models every
  real check process holds too.

Zero tracebacks and zero hangs is the only passing result (exit status 1 otherwise). Unless
``--no-scan``, the hostile folder is then scanned (`clausecheck scan DIR --format json -o`,
a real subprocess) and every file must be accounted for: checked, or listed with its reason.
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile import KINDS  # noqa: E402


@dataclass
class Tally:
    tried: int = 0
    ok: int = 0
    refused: int = 0
    tracebacks: int = 0
    gave_up: int = 0
    hangs: int = 0
    peak_mb: float = 0.0
    slowest: float = 0.0
    slowest_file: str = ""
    examples: list[str] = field(default_factory=list)


def _child(path: Path, out: Path, err: Path, timeout: float, mem_limit: int) -> None:
    """In the forked child: run the CLI on one file; never returns."""
    try:
        if mem_limit:
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))
        fd_out = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        fd_err = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd_out, 1)
        os.dup2(fd_err, 2)
        sys.stdout = os.fdopen(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = os.fdopen(2, "w", encoding="utf-8", errors="backslashreplace",
                               closefd=False)
        from clausecheck.cli import main

        code = 0
        try:
            main(["check", os.fsdecode(path), "--format", "json", "--timeout", str(timeout)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except BaseException:  # a traceback the CLI let through: print it where the parent reads
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(70)


def _judge(tally: Tally, name: str, status: int, err_text: str, elapsed: float,
           maxrss_kb: int, killed: bool) -> str:
    tally.tried += 1
    tally.peak_mb = max(tally.peak_mb, maxrss_kb / 1024)
    if elapsed > tally.slowest:
        tally.slowest, tally.slowest_file = elapsed, name
    lines = [line for line in err_text.splitlines() if line.strip()]
    if killed:
        tally.hangs += 1
        verdict = "hang"
    elif "Traceback" in err_text or status not in (0, 1, 2) or (status == 2 and len(lines) != 1):
        tally.tracebacks += 1
        verdict = "traceback"
    elif status == 2 and "gave up after" in err_text:
        tally.gave_up += 1
        verdict = "gave up"
    elif status == 2:
        tally.refused += 1
        verdict = "refused"
    else:
        tally.ok += 1
        verdict = "ok"
    if verdict in ("hang", "traceback") and len(tally.examples) < 5:
        tally.examples.append(f"{name}: {(lines or ['(no output)'])[-1][:200]}")
    return verdict


def run(files: list[tuple[str, Path]], jobs: int, hang: float, timeout: float,
        mem_limit: int, work: Path, budget: float = 0) -> dict[str, Tally]:
    from clausecheck import api

    api.get_checker()  # the models, loaded once in the parent and shared by every fork
    import clausecheck.cli  # noqa: F401  (and the command modules, click, the reporters)
    from clausecheck.nlp import get_analyzer
    from clausecheck.report.registry import reporter_class

    for lang in ("ja", "en"):
        get_analyzer(lang).sentence("秘密情報を開示する。" if lang == "ja" else "Disclose it.")
    for fmt in ("json", "text"):
        reporter_class(fmt)
    _warm_up(api)
    gc.freeze()  # the parent's objects stay out of the children's collections: fewer
    # copy-on-write page copies per fork
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    pending = list(enumerate(files))
    running: dict[int, tuple[str, Path, float, Path]] = {}
    start_all = time.monotonic()
    done_count = 0
    while pending or running:
        if budget and time.monotonic() - start_all > budget and pending:
            print(f"time budget of {budget:.0f} s spent: {len(pending)} files not tried",
                  flush=True)
            pending = []
        while pending and len(running) < jobs:
            index, (kind, path) = pending.pop(0)
            err = work / f"{index}.err"
            pid = os.fork()
            if pid == 0:
                _child(path, work / f"{index}.out", err, timeout, mem_limit)
            running[pid] = (kind, path, time.monotonic(), err)
        time.sleep(0.005)
        for pid, (kind, path, start, err) in list(running.items()):
            elapsed = time.monotonic() - start
            killed = False
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done == 0:
                if elapsed < hang:
                    continue
                os.kill(pid, signal.SIGKILL)
                done, status, usage = os.wait4(pid, 0)
                killed = True
            del running[pid]
            code = os.waitstatus_to_exitcode(status)
            err_text = err.read_text(encoding="utf-8", errors="replace") if err.exists() else ""
            verdict = _judge(tallies[kind], path.name, code, err_text, elapsed,
                             usage.ru_maxrss, killed)
            done_count += 1
            if verdict in ("hang", "traceback"):
                print(f"  {verdict}: {path.name}", flush=True)
            if done_count % 250 == 0:
                bad = sum(t.tracebacks + t.hangs for t in tallies.values())
                print(f"  {done_count} files, {bad} tracebacks/hangs, "
                      f"{time.monotonic() - start_all:.0f} s", flush=True)
            for leftover in (err, err.with_suffix(".out")):
                leftover.unlink(missing_ok=True)
    return tallies


def _warm_up(api) -> None:
    """Check every sample once in the parent, so that its forks find the sentences of the
    samples analysed (most hostile files are damaged samples: a scan worker's cache helps it
    the same way). The cache is raised so that no child's first new sentence empties it."""
    import clausecheck.nlp as nlp

    nlp.SENTENCE_CACHE_LIMIT = max(nlp.SENTENCE_CACHE_LIMIT, 50_000)
    samples = Path(__file__).resolve().parents[2] / "sample_contracts"
    for path in sorted(samples.glob("*.docx")) + sorted(samples.glob("*.txt")) \
            + sorted(samples.glob("*.md")):
        try:
            api.check_file(str(path))
        except Exception:  # a sample the reader refuses is no reason to stop the run
            pass


def make_corpus(count: int, seed: int, kinds: list[str], folder: Path
                ) -> list[tuple[str, Path]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        name, data = KINDS[kind](rng)
        path = folder / f"{i:05d}-{kind}-{name}"
        path.write_bytes(data)
        out.append((kind, path))
    return out


def scan_all(folder: Path, n_files: int, timeout: float) -> tuple[bool, str]:
    report = folder.parent / "scan.json"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "clausecheck", "scan", str(folder), "--format",
                           "json", "-o", str(report), "--timeout", str(timeout),
                           "--fail-on", "never"], capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if "Traceback" in proc.stderr or proc.returncode not in (0, 1):
        return False, f"scan exit {proc.returncode}: {proc.stderr.strip()[-300:]}"
    data = json.loads(report.read_text(encoding="utf-8"))
    checked = len(data["reports"])
    errors = len(data["errors"])
    skipped = int(data["summary"].get("skipped", 0))
    accounted = checked + errors + skipped
    return accounted == n_files, (f"scan: {n_files} files, {checked} checked, {errors} errors, "
                                  f"{skipped} skipped, {elapsed:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--hang", type=float, default=60, help="seconds before a child is a hang")
    ap.add_argument("--timeout", type=float, default=45, help="check --timeout")
    ap.add_argument("--mem-limit-gb", type=float, default=4,
                    help="address-space cap per child, to protect a shared machine (0 = none)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus in this folder")
    ap.add_argument("--budget", type=float, default=0,
                    help="stop starting new files after this many seconds (0 = no limit)")
    ap.add_argument("--no-scan", action="store_true")
    args = ap.parse_args()
    kinds = args.kinds.split(",")
    root = Path(tempfile.mkdtemp(prefix="clausecheck-fuzz-"))
    folder = args.keep or root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    work = root / "io"
    work.mkdir()
    t0 = time.monotonic()
    files = make_corpus(args.files, args.seed, kinds, folder)
    print(f"corpus: {len(files)} files in {time.monotonic() - t0:.0f} s ({folder})", flush=True)
    t0 = time.monotonic()
    tallies = run(files, args.jobs, args.hang, args.timeout,
                  int(args.mem_limit_gb * (1 << 30)), work, args.budget)
    print(f"checked in {time.monotonic() - t0:.0f} s\n")
    head = (f"{'kind':16} {'tried':>6} {'ok':>5} {'refused':>7} {'traceback':>9} "
            f"{'gave up':>7} {'hang':>5} {'peak MB':>8} {'slowest':>8}")
    print(head)
    total = Tally()
    for kind in kinds:
        t = tallies.get(kind, Tally())
        print(f"{kind:16} {t.tried:6} {t.ok:5} {t.refused:7} {t.tracebacks:9} {t.gave_up:7} "
              f"{t.hangs:5} {t.peak_mb:8.0f} {t.slowest:7.1f}s")
        for name in ("tried", "ok", "refused", "tracebacks", "gave_up", "hangs"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.peak_mb = max(total.peak_mb, t.peak_mb)
        if t.slowest > total.slowest:
            total.slowest, total.slowest_file = t.slowest, t.slowest_file
        total.examples += t.examples
    print(f"{'total':16} {total.tried:6} {total.ok:5} {total.refused:7} {total.tracebacks:9} "
          f"{total.gave_up:7} {total.hangs:5} {total.peak_mb:8.0f} {total.slowest:7.1f}s")
    print(f"slowest file: {total.slowest_file} ({total.slowest:.1f} s)")
    for line in total.examples[:10]:
        print("  ", line)
    passed = total.tracebacks == 0 and total.hangs == 0
    if not args.no_scan:
        accounted, line = scan_all(folder, len(files), args.timeout)
        print(line + ("" if accounted else "  NOT EVERY FILE ACCOUNTED FOR"))
        passed = passed and accounted
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
