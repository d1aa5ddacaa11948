"""Benchmark `scan`: contracts per second, peak memory, and the ratio to the floor.

    python3 benchmarks/bench_scan.py                      # 200 contracts, then 100 vs 1,000
    python3 benchmarks/bench_scan.py --files 200 --sizes "" --jobs 2

The corpus is generated in a temporary folder from the bundled sample contracts (about 20,000
characters each): half Japanese, half English, half .docx, half .txt. So that a worker's
sentence cache does not make copies free, every generated contract gets its own party names
(甲 in Japanese, the party names and "Disclosing Party" in English) and shifted numbers, which
makes nearly every sentence unique across the corpus.

Figures printed:
- contracts/s: files divided by the wall time of ``scan_files`` (worker start-up, model
  loading and checking; rendering a JSON report is timed separately);
- floor: the same files through the same worker pool doing only read_document + sentence
  splitting and tokenization (``ScanOptions(task="floor")``); the ratio is scan / floor;
- memory flatness: the real command (``clausecheck scan DIR --format json -o FILE`` in a
  subprocess) on the first 100 and the first 1,000 files, with the scanning process's own
  peak (it streams each report into the output, so it should not grow with the file count)
  besides the whole tree's; ``--formats`` repeats the largest size in other formats;
- peak memory: the largest sum of RSS (and of PSS, which counts pages shared between workers
  once) over this process and all its descendants (workers and the forkserver), sampled every
  50 ms from /proc. The benchmark process itself holds python-docx and the corpus list.

Wall-clock figures depend on what else runs on the machine; the CPU-normalised rate (files
divided by the workers' CPU seconds per core) and the CPU ratio to the floor do not, and are
the ones to compare across runs.

Targets (issue 4, 2-core machine): >= 10 contracts/s; <= 3x the floor; peak < 600 MB and flat
from 100 to 1,000 files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # proctable

from proctable import cpu_seconds, descendants  # noqa: E402  (the tests' /proc reader)

from clausecheck.batch import ScanOptions, scan_files  # noqa: E402
from clausecheck.report import RenderOptions, render  # noqa: E402
from sample_contracts import SAMPLES, SAMPLES_DIR  # noqa: E402

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
LATIN = ["ka", "ro", "mi", "te", "su", "na", "lo", "ve", "ri", "do", "ta", "ne", "sa", "bo"]


# --------------------------------------------------------------------------- corpus

TARGET_CHARS = 20_000


def _sample_docs() -> dict[str, list]:
    """The bundled samples read by the reader, by language (each sample once, .docx first)."""
    from clausecheck.api import read_document

    out: dict[str, list] = {"ja": [], "en": []}
    seen: set[str] = set()
    for path in sorted(Path(SAMPLES_DIR).iterdir(), key=lambda p: (p.suffix != ".docx", p.name)):
        if (path.suffix not in (".docx", ".txt", ".md") or path.stem not in SAMPLES
                or path.stem in seen):
            continue
        seen.add(path.stem)
        doc = read_document(path)
        out[doc.language].append((path, doc))
    return out


def _article_lines(clause, lang: str, number: str) -> list[str]:
    """An article as typed text: its heading, then paragraphs and items with their numbers."""
    if lang == "ja":
        head = f"{number}（{clause.title}）" if clause.title else number
    else:
        head = f"{number} {clause.title}".strip()
    lines = [head]
    if clause.text:
        lines.append(clause.text)
    for child in clause.children:
        lines.extend(_child_lines(child))
    return lines


def _child_lines(clause) -> list[str]:
    first = f"{clause.number}　{clause.text}".strip() if clause.number else clause.text
    lines = [first] if first else []
    for child in clause.children:
        lines.extend(_child_lines(child))
    return lines


def _contract_lines(base, others: list, lang: str) -> list[str]:
    """The base contract as text, lengthened with articles of the others to ~20,000 chars."""
    lines = [base.title, base.preamble]
    n = 0
    sources = [base] + others
    for source_index, doc in enumerate(sources):
        for clause in doc.clauses:
            if source_index and sum(len(x) for x in lines) >= TARGET_CHARS:
                break
            n += 1
            number = f"第{n}条" if lang == "ja" else f"{n}."
            lines.extend(_article_lines(clause, lang, number))
        if sum(len(x) for x in lines) >= TARGET_CHARS:
            break
    lines.append(base.signature)
    return [x for x in lines if x]


def _name(rng: random.Random, lang: str) -> str:
    if lang == "ja":
        return "".join(rng.choice(KANA) for _ in range(5)) + "工業株式会社"
    return "".join(rng.choice(LATIN) for _ in range(3)).capitalize() + " Systems"


def _perturb(text: str, lang: str, rng: random.Random, names: tuple[str, str]) -> str:
    if lang == "ja":
        text = text.replace("甲", names[0])
    else:
        text = (text.replace("Disclosing Party", names[0]).replace("Kestrel", names[0])
                .replace("Brightwater", names[1]))
    shift = rng.randint(1, 9)
    # shift numbers other than article numbers so clause structure stays intact
    return re.sub(r"(?<![第\d.])(\d{2,})(?![条.\d])", lambda m: str(int(m.group(1)) + shift),
                  text)


def _write_docx(lines: list[str], dest: Path) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(dest))


def make_corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """n contracts: alternating ja/en and .docx/.txt, each with its own names and numbers."""
    samples = _sample_docs()
    for lang in ("ja", "en"):
        if not samples[lang]:
            raise SystemExit(f"no {lang} sample contracts in {SAMPLES_DIR}")
    texts = {lang: [_contract_lines(doc, [d for _, d in docs if d is not doc], lang)
                    for _, doc in docs] for lang, docs in samples.items()}
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        lang = "ja" if i % 2 == 0 else "en"
        base = texts[lang][(i // 2) % len(texts[lang])]
        names = (_name(rng, lang), _name(rng, lang))
        lines = [_perturb(line, lang, rng, names) for line in base]
        if (i // 2) % 2 == 0:
            dest = folder / f"c{i:04d}_{lang}.docx"
            _write_docx(lines, dest)
        else:
            dest = folder / f"c{i:04d}_{lang}.txt"
            dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(dest)
    return out


# --------------------------------------------------------------------------- memory sampling

def _tree_memory(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) in bytes summed over ``pids``. RSS counts pages shared between workers (the
    Sudachi dictionary is mmap-ed by each) once per process; PSS splits them."""
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


class PeakMemory:
    """Samples the process tree in a thread: peak RSS/PSS (bytes) and the CPU seconds used
    by the descendants (last value seen per process), so results on a busy shared machine
    can be put in proportion."""

    def __init__(self, interval: float = 0.05, include_self: bool = True) -> None:
        self.interval = interval
        self.include_self = include_self
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_workers_rss = 0  # everything below the scanning process (or below us)
        # the scanning process alone (the parent that collects results and writes the report):
        # what must stay flat from 100 to 1,000 files once the workers are warm
        self.peak_top_rss = 0
        self.peak_top_pss = 0
        self.top: int | None = None  # the scanning process when it is a subprocess
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def child_cpu(self) -> float:
        return sum(self.cpu.values())

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            pids = descendants(me)
            if not self.include_self:
                pids.remove(me)
            rss, pss = _tree_memory(pids)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            below = [p for p in pids if p not in (me, self.top)]
            self.peak_workers_rss = max(self.peak_workers_rss, _tree_memory(below)[0])
            top_rss, top_pss = _tree_memory([self.top if self.top is not None else me])
            self.peak_top_rss = max(self.peak_top_rss, top_rss)
            self.peak_top_pss = max(self.peak_top_pss, top_pss)
            for pid in pids:
                if pid != me:
                    used = cpu_seconds(pid)
                    if used >= 0:
                        self.cpu[pid] = max(used, self.cpu.get(pid, 0.0))
            self._stop.wait(self.interval)


# --------------------------------------------------------------------------- runs

def run_scan(files: list[str], jobs: int, task: str = "check") -> dict[str, float]:
    options = ScanOptions(jobs=jobs, task=task)
    load_before = os.getloadavg()[0]
    with PeakMemory() as mem:
        start = time.perf_counter()
        batch = scan_files(files, options)
        elapsed = time.perf_counter() - start
        render_s = 0.0
        if task == "check":
            t = time.perf_counter()
            render("json", batch, RenderOptions())
            render_s = time.perf_counter() - t
    errors = len(batch.errors)
    if errors:
        print(f"  ({errors} files failed, first: {batch.errors[0].file}: {batch.errors[0].error})",
              file=sys.stderr)
    return {"files": len(files), "seconds": elapsed, "rate": len(files) / elapsed,
            "peak_mb": mem.peak_rss / 2**20, "peak_pss_mb": mem.peak_pss / 2**20,
            "peak_workers_mb": mem.peak_workers_rss / 2**20,
            "worker_cpu_s": mem.child_cpu, "load_before": load_before,
            # throughput if the workers had had their cores to themselves
            "cpu_rate": len(files) / (mem.child_cpu / jobs) if mem.child_cpu else 0.0,
            "errors": errors, "render_s": render_s}


def run_cli(folder: Path, jobs: int, out: Path, fmt: str = "json") -> dict[str, float]:
    """The real command, ``clausecheck scan FOLDER --format FMT -o OUT``, in a subprocess."""
    import subprocess

    n = sum(1 for _ in folder.iterdir())
    load_before = os.getloadavg()[0]
    cmd = [sys.executable, "-m", "clausecheck", "scan", str(folder), "--format", fmt,
           "-o", str(out), "--jobs", str(jobs), "--fail-on", "never"]
    with PeakMemory(include_self=False) as mem:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        mem.top = proc.pid
        _, stderr = proc.communicate()
        elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"scan failed ({proc.returncode}): {stderr.strip()}")
    return {"files": n, "seconds": elapsed, "rate": n / elapsed,
            "peak_mb": mem.peak_rss / 2**20, "peak_pss_mb": mem.peak_pss / 2**20,
            "peak_workers_mb": mem.peak_workers_rss / 2**20,
            "peak_parent_mb": mem.peak_top_rss / 2**20,
            "peak_parent_pss_mb": mem.peak_top_pss / 2**20,
            "worker_cpu_s": mem.child_cpu, "load_before": load_before,
            "cpu_rate": n / (mem.child_cpu / jobs) if mem.child_cpu else 0.0}


def _rate_and_floor(files: list[str], jobs: int, figures: dict[str, object]) -> None:
    """Contracts per second and the ratio to the floor, through ``scan_files`` in-process."""
    check = run_scan(files, jobs, "check")
    floor = run_scan(files, jobs, "floor")
    ratio = check["seconds"] / floor["seconds"]
    cpu_ratio = check["worker_cpu_s"] / floor["worker_cpu_s"] if floor["worker_cpu_s"] else 0
    print(f"scan  {check['files']} files, jobs {jobs}: {check['seconds']:.2f} s, "
          f"{check['rate']:.1f} contracts/s, peak RSS {check['peak_mb']:.0f} MB "
          f"(PSS {check['peak_pss_mb']:.0f} MB; workers alone RSS "
          f"{check['peak_workers_mb']:.0f} MB) "
          f"(+ JSON report {check['render_s']:.2f} s)")
    print(f"      worker CPU {check['worker_cpu_s']:.1f} s -> {check['cpu_rate']:.1f} "
          f"contracts/s on {jobs} idle cores (load average before: "
          f"{check['load_before']:.1f})")
    print(f"floor {floor['files']} files (read + tokenize): {floor['seconds']:.2f} s, "
          f"{floor['rate']:.1f} files/s, peak RSS {floor['peak_mb']:.0f} MB "
          f"(PSS {floor['peak_pss_mb']:.0f} MB)")
    print(f"ratio to floor: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU  "
          "(targets: <= 3x; >= 10 contracts/s; < 600 MB)")
    figures.update(check=check, floor=floor, ratio=ratio, cpu_ratio=cpu_ratio)


def _print_cli(size: int, fmt: str, r: dict[str, float]) -> None:
    print(f"`clausecheck scan --format {fmt}` on {size:>4} files: peak RSS {r['peak_mb']:.0f} MB"
          f" (PSS {r['peak_pss_mb']:.0f} MB; workers alone RSS {r['peak_workers_mb']:.0f} MB;"
          f" the scan process alone RSS {r['peak_parent_mb']:.0f} MB, PSS "
          f"{r['peak_parent_pss_mb']:.0f} MB), cpu-rate {r['cpu_rate']:.1f}/s, "
          f"{r['rate']:.1f} contracts/s (load average before: {r['load_before']:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sizes", default="100,1000",
                        help="corpus sizes for the memory-flatness run ('' to skip)")
    parser.add_argument("--formats", default="json",
                        help="formats for the memory-flatness run, e.g. json,html,xlsx,csv")
    parser.add_argument("--skip-rate", action="store_true",
                        help="skip the rate and floor runs (memory flatness only)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="clausecheck-bench-"))
    figures: dict[str, object] = {"jobs": args.jobs}
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        biggest = max([args.files, *sizes])
        t = time.perf_counter()
        all_files = [str(p) for p in make_corpus(workdir / "corpus", biggest)]
        from clausecheck.api import read_document

        chars = sum(len(read_document(f).text) for f in all_files[:20]) / 20
        print(f"corpus: {biggest} files generated in {time.perf_counter() - t:.1f} s "
              f"(first 20 average {chars:,.0f} characters of text)")
        if not args.skip_rate:
            _rate_and_floor(sorted(all_files[:args.files]), args.jobs, figures)
        for size in sizes:
            folder = workdir / f"size_{size}"
            folder.mkdir()
            for name in sorted(all_files)[:size]:
                os.symlink(name, folder / Path(name).name)
            for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
                result = run_cli(folder, args.jobs, workdir / f"size_{size}.{fmt}", fmt)
                _print_cli(size, fmt, result)
                figures[f"size_{size}" + ("" if fmt == "json" else f"_{fmt}")] = result
        if args.json:
            print(json.dumps(figures, indent=2))
        if args.keep:
            shutil.copytree(workdir / "corpus", args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
