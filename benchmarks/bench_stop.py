"""Benchmark stopping a scan: how long from a signal to the exit, and to no process left.

    python3 benchmarks/bench_stop.py                 # 3 rounds of every case
    python3 benchmarks/bench_stop.py --rounds 5 --files 60
    python3 benchmarks/bench_stop.py --serve         # the same for `clausecheck serve`

A corpus is generated as in bench_scan.py. Each round starts ``clausecheck scan CORPUS -o
FILE --jobs 2`` in a session of its own, waits for a state, sends a signal and measures:
- exit: from the signal to the scanning process's exit (for SIGKILL: immediate);
- gone: from the signal to the moment no process of the session is left (workers and
  multiprocessing's resource tracker included; for SIGKILL this is the orphaned workers
  noticing by themselves);
and checks that the old report is intact and no temp file is left (after SIGKILL one is
left by nature; the next run removes it).

States: "loading" (signalled as soon as the temp output exists: the workers are loading the
models), "checking" (both workers have used 3 s of CPU: they are checking files) and
"stalled" (every worker hangs on a file in C code holding the GIL, the case of a
catastrophic regex; test fault "stall").

With --serve, each round starts ``clausecheck serve --port 0 --jobs 2`` instead, in states
"idle" (both workers have checked a contract and wait for the next) and "stalled" (both
workers hang on an upload in C code holding the GIL); besides the times it counts what is
left of the server's private folders (uploads, worker logs and temporary files: nothing
after SIGINT/SIGTERM; after SIGKILL they stay until the next server starts and removes
them).

Figures are wall-clock times on whatever else the machine runs: read them as an order of
magnitude (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # proctable

from bench_scan import make_corpus  # noqa: E402
from proctable import cpu_seconds, session_pids  # noqa: E402

from clausecheck.batch import FAULT_ENV  # noqa: E402

PREVIOUS = "previous report\n"


def _wait(condition, deadline: float = 300.0) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("gave up waiting")
        time.sleep(0.01)


def _stop(proc: subprocess.Popen, signum: int) -> tuple[float, float]:
    """Signal the process; seconds until it exited, and until its whole session is gone."""
    start = time.monotonic()
    os.kill(proc.pid, signum)
    proc.wait()
    exited = time.monotonic() - start
    _wait(lambda: not session_pids(proc.pid), deadline=600.0)
    return exited, time.monotonic() - start


def one_round(corpus: Path, workdir: Path, state: str, signum: int) -> dict[str, float]:
    out = workdir / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    report = out / "r.json"
    report.write_text(PREVIOUS)
    env = dict(os.environ)
    names = sorted(p.name for p in corpus.iterdir() if not p.name.endswith(".started"))
    for p in corpus.glob("*.started"):
        p.unlink()
    if state == "stalled":
        env[FAULT_ENV] = ",".join(f"stall:{n}" for n in names)
    cmd = [sys.executable, "-m", "clausecheck", "scan", str(corpus), "-o", str(report),
           "--jobs", "2", "--fail-on", "never"]
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)

    def temps() -> list[Path]:
        return [p for p in out.iterdir() if p.name.endswith(".tmp")]

    _wait(lambda: temps() or proc.poll() is not None)
    if state == "checking":
        def busy() -> bool:
            workers = [p for p in session_pids(proc.pid) if p != proc.pid]
            return sum(1 for p in workers if cpu_seconds(p) >= 3.0) >= 2
        _wait(lambda: busy() or proc.poll() is not None)
    elif state == "stalled":
        _wait(lambda: len(list(corpus.glob("*.started"))) >= 2 or proc.poll() is not None)
    if proc.poll() is not None:
        raise SystemExit(f"the scan ended before the signal ({state}); use more --files")
    exited, gone = _stop(proc, signum)
    intact = report.read_text() == PREVIOUS
    left = len(temps())
    return {"exit": exited, "gone": gone, "code": proc.returncode, "intact": intact,
            "temps": left}


def _post(base: str, token: str, name: str, data: bytes) -> None:
    """POST ``data`` as the upload ``name`` to the API; the answer (if any) is ignored."""
    import urllib.error
    import urllib.request

    boundary = "clausecheck-bench"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + "/api/check", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        urllib.request.urlopen(request, timeout=600).read()
    except (urllib.error.URLError, OSError):
        pass


def serve_round(corpus: Path, workdir: Path, state: str, signum: int) -> dict[str, float]:
    import threading

    temp = workdir / "serve-tmp"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    if state == "stalled":
        env[FAULT_ENV] = "stall:stall-1.txt,stall:stall-2.txt"
    cmd = [sys.executable, "-m", "clausecheck", "serve", "--port", "0", "--jobs", "2"]
    proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True, text=True)
    address = proc.stdout.readline().strip().split(": ", 1)[1]
    base, _, token = address.partition("/?token=")
    data = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".txt").read_bytes()
    names = ("warm-1.txt", "warm-2.txt") if state == "idle" else ("stall-1.txt", "stall-2.txt")
    posts = [threading.Thread(target=_post, args=(base, token, n, data), daemon=True)
             for n in names]
    for post in posts:
        post.start()
    if state == "idle":
        for post in posts:
            post.join()
    else:
        _wait(lambda: len(list(temp.glob("clausecheck-serve-*/*.started"))) >= 2
              or proc.poll() is not None)
    if proc.poll() is not None:
        raise SystemExit(f"the server ended before the signal ({state})")
    exited, gone = _stop(proc, signum)
    left = len(list(temp.iterdir()))
    return {"exit": exited, "gone": gone, "code": proc.returncode, "intact": True,
            "temps": left}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", action="store_true",
                        help="stop `clausecheck serve` instead of a scan")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="clausecheck-stop-"))
    try:
        corpus = workdir / "corpus"
        make_corpus(corpus, 4 if args.serve else args.files)
        print(f"load average: {os.getloadavg()[0]:.1f}")
        states = ("idle", "stalled") if args.serve else ("loading", "checking", "stalled")
        run = serve_round if args.serve else one_round
        for state in states:
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
                rounds = [run(corpus, workdir, state, signum) for _ in range(args.rounds)]
                exits = [r["exit"] for r in rounds]
                gones = [r["gone"] for r in rounds]
                codes = sorted({r["code"] for r in rounds})
                print(f"{state:8} {signal.Signals(signum).name:7} exit after "
                      f"median {statistics.median(exits):.2f} s (max {max(exits):.2f}), "
                      f"no process left after median {statistics.median(gones):.2f} s "
                      f"(max {max(gones):.2f}); exit codes {codes}; old report intact "
                      f"{all(r['intact'] for r in rounds)}; "
                      f"{'folders' if args.serve else 'temp files'} left "
                      f"{sum(r['temps'] for r in rounds)}")
        print(f"load average: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
