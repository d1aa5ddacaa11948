"""Batch scanning: many contract files checked in parallel, robust to bad files and workers.

Each worker process loads the checker (library + language models) once, then receives one
file at a time over its own pipe. Handing out files one by one lets the parent know which
file every worker holds, so a worker that hangs (per-file timeout) or dies (segfault,
``os._exit``, killed for memory) costs exactly that file: the parent records the error,
starts a fresh worker and goes on. Results are returned in path order whatever the
scheduling, and without their ``Document`` unless asked, so the parent's memory does not grow
with the clause text of every contract.

    files, skipped = collect_files(["contracts/"], recursive=True)
    batch = scan_files(files, ScanOptions(jobs=2), skipped=skipped)
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from clausecheck.errors import ClausecheckError
from clausecheck.model import Evidence, Report
from clausecheck.report import Batch, FileError
from clausecheck.signals import deferred_interrupts

SUPPORTED_SUFFIXES = (".docx", ".txt", ".md", ".pdf", ".doc", ".rtf", ".odt")
# Scanned pages: read by OCR, skipped with --no-ocr.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
# Contracts in formats we cannot read: listed as errors with the reader's advice (save as
# .docx...) rather than silently skipped, so nobody believes they were checked.
REFUSED_SUFFIXES = (".docm", ".dotx", ".pages")
DEFAULT_TIMEOUT = 120.0
# Address space allowed to one worker process (RLIMIT_AS), in MiB. A normal scan's workers
# peak at about 600 MiB of address space (the memory-mapped Sudachi dictionary, ~210 MiB,
# included; docs/EVALUATION.md); a hostile file reached 4.6 GB before there was a limit.
DEFAULT_MEMORY_LIMIT_MB = 2048
# Files that may need OCR (about 5 s a page) get this many times the per-file timeout.
OCR_TIMEOUT_FACTOR = 10.0
# Test-only fault injection, read by the parent and handed to the workers: "crash:NAME",
# "hang:NAME", "memory:NAME", "raise:NAME", "wait:NAME", "stall:NAME", "alloc:NAME" or
# "abort-oom:NAME" (NAME = a file name; several separated by ","). "wait" holds the file
# until a file named like it plus ".go" appears (at most 60 s): a test makes later files
# finish first, without timing assumptions. "stall" creates NAME + ".started" beside the
# file, then hangs in C code like a catastrophic regex (holding the GIL): a test knows the
# file is in progress. "alloc" allocates memory until the worker's limit stops it;
# "abort-oom" ends the worker the way a native allocation failure does (Rust's message on
# stderr, then abort()).
FAULT_ENV = "CLAUSECHECK_TEST_WORKER_FAULT"
_POLL = 0.25  # seconds between progress refreshes while waiting for workers
INIT_TIMEOUT = 300.0  # loading the models takes seconds; minutes means something is wrong

# progress(done, total, path): ``path`` is the file just finished ("" before the first)
Progress = Callable[[int, int, str], None]
Result = tuple[str, Any]  # ("ok", Report) or ("error", one-line reason)


@dataclass(frozen=True)
class ScanOptions:
    contract_type: str = "auto"
    side: str = "discloser"
    library_dir: str | None = None
    ui_lang: str = "auto"
    lang: str = "auto"     # the language contracts are read in (--lang); auto detects it
    jobs: int = 0  # 0: one per core
    timeout: float = DEFAULT_TIMEOUT
    keep_documents: bool = False
    # explanations are big (cues, weights per provision) and only `check --explain` shows them
    keep_explanations: bool = False
    # table and CSV show no clause text: then evidence travels as references only
    keep_evidence_text: bool = True
    # HTML and Excel show the whole clause an evidence points at (its paragraphs and items),
    # taken from the Document before it is dropped
    full_clause_text: bool = False
    # a worker is replaced after this many files: a backstop against slow leaks on batches of
    # thousands (restarting costs a model load, ~1.5 s of CPU)
    max_files_per_worker: int = 1000
    # "check" runs the checker; "floor" only reads and tokenizes (benchmarks/bench_scan.py)
    task: str = "check"
    # files handed out at most this far ahead of the oldest unfinished one: bounds the reorder
    # buffer (results waiting for an earlier file) while a worker is slow or hangs
    reorder_window: int = 64
    # MiB of address space per worker process (0: no limit); a file that needs more is that
    # file's error. In-process scans (jobs == 1) have no limit.
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB
    faults: dict[str, str] = field(default_factory=dict)
    # read scanned PDFs and images by OCR (False: images are skipped, scans refused)
    ocr: bool = True

    def timeout_for(self, path: str) -> float:
        """The per-file timeout: raised for files that OCR may have to read."""
        if self.ocr and Path(path).suffix.lower() in (".pdf",) + IMAGE_SUFFIXES:
            return self.timeout * OCR_TIMEOUT_FACTOR
        return self.timeout

    def read_options(self, path: str) -> Any:
        """The reader's own budgets, inside the timeout: it ends a hostile file with its
        own reason before the worker would be killed for it."""
        from clausecheck.reader import ReadOptions

        return ReadOptions(ocr=self.ocr, timeout=self.timeout * 0.9,
                           ocr_timeout=self.timeout_for(path) * 0.95)


# --------------------------------------------------------------------------- collecting files

def collect_files(paths: Iterable[str | Path], recursive: bool = False, *, images: bool = True
                  ) -> tuple[list[str], list[str]]:
    """The contract files under ``paths`` sorted by path, and the other files skipped.

    Hidden files and Word lock files (``~$x.docx``) are ignored silently: they are not
    contracts and counting them as skipped would only confuse.
    """
    found: dict[str, None] = {}
    skipped: dict[str, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in _walk(path, recursive):
                bucket = found if _supported(child, images) or _linked_folder(child) \
                    else skipped
                bucket.setdefault(str(child), None)
        elif path.exists():
            (found if _supported(path, images) else skipped).setdefault(str(path), None)
        else:
            raise ClausecheckError(f"{path}: no such file or folder")
    return sorted(found, key=_sort_key), sorted(skipped, key=_sort_key)


def _walk(folder: Path, recursive: bool) -> Iterable[Path]:
    if not recursive:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            # Everything but a folder: a FIFO, a dangling link or a link loop is reported by
            # the reader with its reason instead of vanishing (is_file() would also raise on
            # a loop).
            if not _ignored(entry.name) and not _is_dir(entry):
                yield Path(entry.path)
        return
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # A link to a folder is not followed (as find, grep -r and rg do: a link to / or
        # back up the tree would scan the machine or loop); it is yielded so that the
        # reader reports it with its reason instead of it vanishing from the results.
        linked = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if d not in linked]
        for name in sorted(names + linked):
            if not _ignored(name):
                yield Path(root) / name


def _linked_folder(path: Path) -> bool:
    return path.is_symlink() and path.is_dir()


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop
        return False


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def _supported(path: Path, images: bool = True) -> bool:
    suffix = path.suffix.lower()
    return suffix in SUPPORTED_SUFFIXES + REFUSED_SUFFIXES or images and suffix in IMAGE_SUFFIXES


def _sort_key(path: str) -> tuple[str, str]:
    return (path.casefold(), path)


# --------------------------------------------------------------------------- checking one file

def _check_one(path: str, options: ScanOptions) -> tuple[str, Any]:
    """("ok", Report) or ("error", one-line reason); never raises for a bad file."""
    from clausecheck import api

    try:
        _maybe_fault(path, options.faults, in_worker=True)
        if options.task == "floor":
            return "ok", _floor_one(path)
        report = api.check_file(path, contract_type=options.contract_type, side=options.side,
                                library_dir=options.library_dir, ui_lang=options.ui_lang,
                                read_options=options.read_options(path),
                                lang=options.lang, explain=options.keep_explanations)
        return "ok", compact_report(report, keep_document=options.keep_documents,
                                    keep_explanations=options.keep_explanations,
                                    keep_evidence_text=options.keep_evidence_text,
                                    full_clause_text=options.full_clause_text)
    except ClausecheckError as exc:
        return "error", getattr(exc, "reason", None) or str(exc)
    except MemoryError:
        return "error", _oom_reason  # formatted beforehand: memory is short here
    except RecursionError:
        return "error", "document structure too deeply nested"
    except Exception as exc:  # a bug must cost one file, not the batch
        return "error", _one_line(f"internal error: {type(exc).__name__}: {exc}")


CLAUSE_TEXT_LIMIT = 6000  # characters of one clause carried as evidence text


def compact_report(report: Report, *, keep_document: bool = False,
                   keep_explanations: bool = False, keep_evidence_text: bool = True,
                   full_clause_text: bool = False) -> Report:
    """The report without what a batch does not need, and with repeated texts shared.

    The same clause is often evidence for several provisions; giving equal texts one string
    object lets pickle send it once and the parent hold it once.
    """
    texts: dict[str, str] = {}

    def one(text: str) -> str:
        return texts.setdefault(text, text)

    clauses = {}
    if full_clause_text and keep_evidence_text and report.document is not None:
        clauses = {c.ref: c for c in report.document.walk()}

    def text_of(e: Evidence) -> str:
        if not keep_evidence_text:
            return ""
        clause = clauses.get(e.ref)
        if clause is not None:
            full = clause.full_text
            if len(full) > len(e.text):
                return full[:CLAUSE_TEXT_LIMIT]
        return e.text

    def evidence(items: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
        return tuple(dataclasses.replace(e, text=one(text_of(e)), ref=one(e.ref))
                     for e in items)

    findings = tuple(
        dataclasses.replace(f, evidence=evidence(f.evidence),
                            explanation=f.explanation if keep_explanations else {})
        for f in report.findings)
    risks = tuple(dataclasses.replace(r, evidence=evidence(r.evidence)) for r in report.risks)
    return dataclasses.replace(report, findings=findings, risks=risks,
                               document=report.document if keep_document else None)


class _SharedTexts:
    """Gives library texts (titles, suggestions, reasons) one copy across all reports.

    Every report of a batch carries the same recommended texts; unpickled, each would be a
    copy of its own, and the parent's memory would grow by them with every file.
    """

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def _one(self, text: str) -> str:
        return self.texts.setdefault(text, text)

    def __call__(self, report: Report) -> Report:
        findings = tuple(dataclasses.replace(
            f, title=self._one(f.title), suggestion=self._one(f.suggestion),
            why=self._one(f.why), guidance=tuple(self._one(g) for g in f.guidance),
            weakening=tuple(self._one(w) for w in f.weakening),
            missing_elements=tuple(dataclasses.replace(m, id=self._one(m.id),
                                                       name=self._one(m.name))
                                   for m in f.missing_elements))
            for f in report.findings)
        risks = tuple(dataclasses.replace(r, title=self._one(r.title), note=self._one(r.note),
                                          suggestion=self._one(r.suggestion))
                      for r in report.risks)
        return dataclasses.replace(report, findings=findings, risks=risks)


def _floor_one(path: str) -> int:
    """Open the file and tokenize its text, nothing more: the floor a scan is compared to."""
    from clausecheck import api
    from clausecheck.nlp import get_analyzer

    document = api.read_document(path)
    return len(get_analyzer(document.language).sentences(document.text))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def out_of_memory_reason(limit_mb: int | None, doing: str = "checking this file") -> str:
    """The error of a file that needed more memory than a worker may have."""
    if not limit_mb:
        return f"out of memory while {doing}"
    return (f"out of memory while {doing} (more than the {limit_mb} MB allowed per worker "
            "process; see --max-memory)")


def _maybe_fault(path: str, faults: dict[str, str], in_worker: bool) -> None:
    kind = faults.get(os.path.basename(path))
    if kind is not None:
        inject_fault(kind, path, in_worker)


def inject_fault(kind: str, path: str, in_worker: bool = True) -> None:
    """Tests only: behave as the fault ``kind`` says (see ``FAULT_ENV``) on the file at
    ``path``; also used by the server's workers."""
    if kind == "raise":
        raise RuntimeError("injected failure")
    if kind == "memory":
        raise MemoryError
    if not in_worker:
        return
    if kind == "crash":
        os._exit(70)
    if kind == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if kind == "hang":
        while True:
            time.sleep(3600)
    if kind == "wait":
        deadline = time.monotonic() + 60.0
        while not os.path.exists(path + ".go") and time.monotonic() < deadline:
            time.sleep(0.02)
    if kind == "stall":  # like a catastrophic regex: never returns, holds the GIL
        with open(path + ".started", "w"):
            pass
        while True:
            re.fullmatch(r"(a|aa)+", "a" * 64 + "b")
    if kind == "alloc":
        hog = []
        for _ in range(1024):  # 64 GiB at most, untouched (calloc): only the limit stops it
            hog.append(bytes(64 << 20))
        raise MemoryError
    if kind == "abort-oom":
        os.write(2, b"memory allocation of 1048576 bytes failed\n")
        os.abort()


def parse_faults(spec: str | None) -> dict[str, str]:
    """``"crash:a.docx,hang:b.txt"`` -> {"a.docx": "crash", "b.txt": "hang"}."""
    out: dict[str, str] = {}
    for item in (spec or "").split(","):
        kind, _, name = item.strip().partition(":")
        if name:
            out[name] = kind
    return out


# --------------------------------------------------------------------------- worker processes

# The memory limit this worker runs under (MiB), once applied; None in the parent.
_applied_limit_mb: int | None = None
_oom_reason = out_of_memory_reason(None)
# A worker process does the parallelism: numerical libraries get one thread each (numpy's
# OpenBLAS starts one per core, ~40 MiB of address space apiece, for nothing: the blank spaCy
# pipelines do no linear algebra).
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _worker_main(conn: Connection, err: Connection, options: ScanOptions,
                 parent_pid: int) -> None:
    """Load the models once, then check files until the parent sends None or goes away."""
    become_worker(parent_pid)
    # stdout and stderr go to a pipe the parent reads: nothing a worker or a native library
    # prints can land in a report on stdout, and a crash's last words explain it
    for fd in (1, 2):
        os.dup2(err.fileno(), fd)
    err.close()
    try:
        limit_memory(options.memory_limit_mb)
        _init_worker(options)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        reason = _one_line(str(exc) or type(exc).__name__)
        if _applied_limit_mb and about_memory(exc):
            reason = out_of_memory_reason(_applied_limit_mb, "loading the language models")
        conn.send(("init_error", reason))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        result = _check_one(path, options)
        # after a MemoryError nothing guarantees the process is sound: a fresh one goes on
        spent = result[1] is _oom_reason
        try:
            conn.send((index, result, spent))
        except (EOFError, OSError):
            return  # the parent is gone
        except Exception as exc:  # a result that cannot be pickled is that file's error
            conn.send((index, ("error", _one_line(f"internal error: result not sendable: "
                                                  f"{type(exc).__name__}: {exc}")), False))


def become_worker(parent_pid: int) -> None:
    """First thing in a worker process started by ``start_worker``: Ctrl-C reaches the whole
    process group, so the parent cleans up and the worker ignores it (one that came during
    start-up, while SIGINT was blocked, is dropped here); the worker dies with the parent
    (``die_with_parent``); numerical libraries run on one thread."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    die_with_parent(parent_pid)
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def start_worker(process: multiprocessing.process.BaseProcess) -> None:
    """``process.start()`` with SIGINT blocked: a Ctrl-C during the new interpreter's
    start-up waits for ``become_worker`` to drop it instead of printing a traceback from
    the child. Linux makes the calling *thread* the worker's parent for PR_SET_PDEATHSIG:
    call it from a thread that outlives the worker."""
    with _blocked(signal.SIGINT):
        process.start()


def about_memory(exc: BaseException) -> bool:
    """A MemoryError, or an error saying an allocation or a mapping failed (Sudachi:
    "Cannot allocate memory (os error 12)"; the dynamic loader importing an extension:
    "failed to map segment from shared object"), or the interpreter's own SystemError: under
    an address-space limit its compiler reports a failed allocation as a malformed tree
    ("field 'target' is required for AnnAssign" while importing a module). Callers ask only
    when a memory limit was applied."""
    text = str(exc).lower()
    return (isinstance(exc, (MemoryError, SystemError))
            or getattr(exc, "errno", None) == errno.ENOMEM
            or any(words in text for words in ("cannot allocate memory", "os error 12",
                                               "failed to map segment")))


def die_with_parent(parent_pid: int) -> None:
    """End this worker as soon as the parent dies, even by SIGKILL, even while a file hangs.

    On Linux the kernel does it (PR_SET_PDEATHSIG: SIGKILL when the parent exits, whatever
    the worker is doing); elsewhere, and as a second line, a thread waits on the pipe only
    the parent holds open, which reaches EOF when it dies. For any multiprocessing worker
    started with ``worker_context()``: call it first thing in the worker with the parent's
    ``os.getpid()``. Linux counts the *thread* that started the worker as its parent: start
    and drive a pool's workers from a thread that outlives them.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the kernel was told
        os._exit(1)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_ready, args=(parent.sentinel,), daemon=True,
                         name="clausecheck-parent-watch").start()


def _exit_when_ready(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)


def limit_memory(limit_mb: int) -> int | None:
    """Cap this process's address space (RLIMIT_AS) at ``limit_mb`` MiB: past it,
    allocations fail (MemoryError in Python) instead of the machine swapping or the OOM
    killer choosing a victim. The limit applied, or None (no limit asked, or no
    ``resource`` module); a stricter limit already in place is kept."""
    global _applied_limit_mb, _oom_reason
    if limit_mb <= 0:
        return None
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = limit_mb * 2**20
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    else:
        limit = soft  # already as strict
    _applied_limit_mb = limit // 2**20
    _oom_reason = out_of_memory_reason(_applied_limit_mb)
    return _applied_limit_mb


def _init_worker(options: ScanOptions) -> None:
    """Load what every file needs, before the per-file timeout starts counting."""
    from clausecheck import api
    from clausecheck.nlp import get_analyzer

    if options.task != "floor":
        api.get_checker(options.library_dir)
    for lang in ("ja", "en"):  # the checker loads the language models lazily
        get_analyzer(lang)


ERR_TAIL_BYTES = 4096  # what a worker printed last, kept to explain a crash


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    err: int | None = None  # read end of the worker's stdout/stderr pipe (non-blocking)
    output: bytearray = field(default_factory=bytearray)  # its tail, since the last file
    ready: bool = False
    task: tuple[int, str] | None = None
    started: float = 0.0
    done: int = 0


class _Pool:
    """Worker processes handed one file at a time; replaced when they hang or die."""

    def __init__(self, files: Sequence[str], options: ScanOptions, jobs: int,
                 progress: Progress | None) -> None:
        self.files = files
        self.options = options
        self.jobs = jobs
        self.progress = progress
        self.pending = list(range(len(files)))
        self.pending.reverse()  # pop() from the end gives path order
        self.results: dict[int, Result] = {}  # the reorder buffer: done, not yet yielded
        self.next_out = 0  # the index of the next result to yield
        self.done = 0
        self.window = max(options.reorder_window, 2 * jobs)
        self.workers: list[_Worker] = []
        self.context = worker_context()
        self.failed_starts = 0
        self.any_ready = False
        self.share = _SharedTexts()

    def run(self) -> Iterator[tuple[int, Result]]:
        """(index, result) in index order, each as soon as every earlier one is done."""
        try:
            for _ in range(min(self.jobs, len(self.files))):
                self._start_worker()
            while self.next_out < len(self.files):
                while self.next_out in self.results:
                    yield self.next_out, self.results.pop(self.next_out)
                    self.next_out += 1
                if self.next_out < len(self.files):
                    self._step()
        except BaseException:
            # interrupted (a signal, Ctrl-C), closed early or failed: nothing is worth waiting
            # for, and the files in progress are abandoned
            self._shutdown(at_once=True)
            raise
        self._shutdown()

    def _start_worker(self) -> None:
        parent, child = self.context.Pipe(duplex=True)
        err_r, err_w = os.pipe()
        os.set_blocking(err_r, False)
        err = Connection(err_w, readable=False)
        process = self.context.Process(target=_worker_main,
                                       args=(child, err, self.options, os.getpid()),
                                       daemon=True, name="clausecheck-worker")
        # a signal must not fall between starting the process and recording it (it would
        # be nobody's to stop); the child starts with SIGINT blocked (see _worker_main)
        with deferred_interrupts():
            try:
                start_worker(process)
            except BaseException:
                parent.close()
                os.close(err_r)
                raise
            finally:
                child.close()  # the parent keeps only its end, so a dead worker gives EOF
                err.close()
            self.workers.append(_Worker(process, parent, err=err_r, started=time.monotonic()))

    def _step(self) -> None:
        handles: list[Any] = []
        for w in self.workers:
            handles.extend((w.conn, w.process.sentinel))
            if w.err is not None:
                handles.append(w.err)
        for handle in wait(handles, timeout=self._wait_time()):
            worker = self._owner(handle)
            if worker is None:
                continue
            if handle is worker.conn:
                self._receive(worker)
            elif handle == worker.err:
                self._read_output(worker)
        for worker in list(self.workers):
            if not worker.process.is_alive():
                self._drain_dead(worker)
        self._enforce_timeouts()
        self._refill()

    def _wait_time(self) -> float:
        deadlines = [w.started + (self.options.timeout_for(w.task[1]) if w.task
                                  else INIT_TIMEOUT)
                     for w in self.workers if w.task or not w.ready]
        until = min(deadlines, default=time.monotonic() + _POLL) - time.monotonic()
        return max(0.01, min(_POLL, until))

    def _owner(self, handle: Any) -> _Worker | None:
        return next((w for w in self.workers
                     if handle is w.conn or handle == w.process.sentinel
                     or (w.err is not None and handle == w.err)), None)

    def _read_output(self, worker: _Worker) -> None:
        """Keep the tail of what the worker printed; EOF closes the pipe."""
        if worker.err is None:
            return
        while True:
            try:
                data = os.read(worker.err, 65536)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                os.close(worker.err)
                worker.err = None
                return
            worker.output += data
            del worker.output[:-ERR_TAIL_BYTES]

    def _receive(self, worker: _Worker, *, assign: bool = True) -> None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            self._lost(worker, self._death_reason(worker))
            return
        tag, payload, *rest = message
        if tag == "ready":
            worker.ready = True
            self.any_ready = True
        elif tag == "init_error":
            self._retire(worker)
            raise ClausecheckError(f"cannot start the checker: {payload}")
        else:
            if worker.task is None or worker.task[0] != tag:
                raise RuntimeError("worker answered for a file it was not given")
            self._record(tag, payload)
            worker.task = None
            worker.done += 1
            spent = bool(rest and rest[0])
            if spent or (worker.done >= self.options.max_files_per_worker
                         and len(self.pending) > 2 * self.jobs):
                self._retire(worker)  # _refill starts a fresh one
                return
        if assign:
            self._assign(worker)

    def _drain_dead(self, worker: _Worker) -> None:
        """Take what a dead worker sent before dying, then charge its file with the crash."""
        try:
            while worker in self.workers and worker.conn.poll():
                self._receive(worker, assign=False)
        except (EOFError, OSError):
            pass
        if worker in self.workers:
            self._lost(worker, self._death_reason(worker))

    def _assign(self, worker: _Worker) -> None:
        if not self.pending or not worker.ready or worker.task is not None:
            return
        if self.pending[-1] >= self.next_out + self.window:
            return  # far enough ahead: wait for the slow file rather than buffer more
        index = self.pending.pop()
        worker.task = (index, self.files[index])
        worker.started = time.monotonic()
        worker.output.clear()  # what it prints from now on is about this file
        try:
            worker.conn.send(worker.task)
        except (BrokenPipeError, OSError):
            # the worker died between files: the file was never started, so it goes back
            self.pending.append(index)
            worker.task = None
            self._lost(worker, self._death_reason(worker))

    def _record(self, index: int, result: tuple[str, Any]) -> None:
        if result[0] == "ok" and isinstance(result[1], Report):
            result = ("ok", self.share(result[1]))
        self.results[index] = result
        self.done += 1
        if self.progress:
            self.progress(self.done, len(self.files), self.files[index])

    def _lost(self, worker: _Worker, reason: str) -> None:
        """A worker died: its file gets the reason, a fresh worker takes its place."""
        if worker not in self.workers:
            return
        if worker.task is not None:
            self._record(worker.task[0], ("error", reason))
            worker.task = None
        elif not worker.ready:
            self.failed_starts += 1
            if self.failed_starts > 2 * self.jobs + 2 and not self.any_ready:
                self._retire(worker)
                raise ClausecheckError("cannot start the checker: worker processes exit "
                                       f"during start-up ({reason})")
        self._retire(worker)

    def _enforce_timeouts(self) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            limit = self.options.timeout_for(worker.task[1]) if worker.task else 0.0
            if worker.task is not None and now - worker.started > limit:
                worker.process.kill()
                self._lost(worker, f"timed out after {limit:g} s (the file was abandoned)")
            elif not worker.ready and now - worker.started > INIT_TIMEOUT:
                self._retire(worker)
                raise ClausecheckError("cannot start the checker: a worker did not start "
                                       f"within {INIT_TIMEOUT:g} s")

    def _refill(self) -> None:
        """Give idle workers a file; replace lost workers while files are waiting."""
        for worker in list(self.workers):
            self._assign(worker)
        busy = sum(1 for w in self.workers if w.task is not None)
        while self.pending and len(self.workers) < min(self.jobs, len(self.pending) + busy):
            self._start_worker()

    def _death_reason(self, worker: _Worker) -> str:
        worker.process.join(timeout=1.0)
        self._read_output(worker)  # the worker is gone: the pipe holds all it wrote
        last_words = worker.output.decode("utf-8", "replace")
        if died_of_memory(last_words):
            return out_of_memory_reason(self.options.memory_limit_mb,
                                        "checking this file" if worker.task
                                        else "loading the language models")
        detail = crash_detail(worker.process.exitcode, last_words)
        return f"the checker crashed on this file ({detail})"

    def _retire(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        _stop(worker)

    def _shutdown(self, at_once: bool = False) -> None:
        with deferred_interrupts():
            for worker in self.workers:
                if at_once or worker.task is not None:  # no point waiting
                    worker.process.kill()
                    continue
                try:
                    worker.conn.send(None)
                except (BrokenPipeError, OSError):
                    pass
            deadline = time.monotonic() + 2.0
            for worker in self.workers:
                worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
                _stop(worker)
            self.workers = []


def died_of_memory(last_words: str) -> bool:
    """What a dead worker printed last says an allocation failed: a native library's (Rust
    aborts with "memory allocation of N bytes failed", C++ throws bad_alloc) or Python's."""
    return "memory allocation of" in last_words or "MemoryError" in last_words


def crash_detail(exitcode: int | None, last_words: str) -> str:
    """How a worker died, for a message: "killed by SIGSEGV: its last line", "exit code 70"."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        detail = f"killed by {name}"
        if -exitcode == signal.SIGKILL:
            detail += " (out of memory?)"
    else:
        detail = f"exit code {exitcode}"
    lines = [line for line in last_words.splitlines() if line.strip()]
    if lines:
        detail += f": {_one_line(lines[-1])[:200]}"
    return detail


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join(timeout=2.0)
    worker.conn.close()
    if worker.err is not None:
        os.close(worker.err)
        worker.err = None
    try:
        worker.process.close()
    except ValueError:
        pass


@contextlib.contextmanager
def _blocked(signum: int) -> Iterator[None]:
    """``signum`` held back in this thread (and in processes it starts) within the block."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signum})
    try:
        yield
    finally:
        if signum not in previous:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})


def worker_context() -> multiprocessing.context.BaseContext:
    """The multiprocessing context for worker processes. spawn: every worker is a fresh interpreter (never a copy of the parent's threads or
    loaded models; fork is unsafe after native libraries start threads) and a direct child of
    the scanning process, so that the kernel can end it when that process dies. The
    forkserver's workers are the forkserver's children, and both outlive a killed parent."""
    return multiprocessing.get_context("spawn")


# --------------------------------------------------------------------------- the entry point

def default_jobs() -> int:
    """One worker per core this process may run on (a container may allow fewer than the
    machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def iter_scan(files: Sequence[str], options: ScanOptions, *,
              progress: Progress | None = None) -> Iterator[tuple[str, Result]]:
    """(path, result) for every file in path order, each as soon as it and every earlier file
    are done; a bad or crashing file gives ("error", reason), never an exception.

    ``jobs == 1`` checks in this process (no timeout, no crash isolation): handy for
    debugging and for very small batches. Close the generator (or exhaust it) to stop the
    workers; ``contextlib.closing`` does it on errors and Ctrl-C.
    """
    jobs = options.jobs or default_jobs()
    if progress and files:
        progress(0, len(files), "")  # visible at once, while the workers load their models
    if jobs == 1:
        results = _scan_in_process(files, options, progress)
    else:
        results = _Pool(files, options, jobs, progress).run()
    for index, result in results:
        yield files[index], result


def scan_files(files: Sequence[str], options: ScanOptions, *,
               skipped: Sequence[str] = (), progress: Progress | None = None) -> Batch:
    """Every file checked and collected into a Batch (all reports held: small batches, tests;
    ``scan`` streams with ``iter_scan`` instead)."""
    reports: list[Report] = []
    errors: list[FileError] = []
    for path, (tag, payload) in iter_scan(files, options, progress=progress):
        if tag == "ok":
            reports.append(payload)
        else:
            errors.append(FileError(path, payload))
    return Batch(reports=reports, errors=errors, skipped=list(skipped))


def _scan_in_process(files: Sequence[str], options: ScanOptions,
                     progress: Progress | None) -> Iterator[tuple[int, Result]]:
    if files:
        _init_worker(options)
    # in-process, only faults that raise are honoured: a crash or hang would take the caller
    safe = dataclasses.replace(options, faults={k: v for k, v in options.faults.items()
                                                 if v in ("raise", "memory")})
    for index, path in enumerate(files):
        result = _check_one(path, safe)
        if progress:
            progress(index + 1, len(files), path)
        yield index, result


class ProgressBar:
    """``[#####.....]  45/200  12.3 files/s  ETA 0:13  nda_2024.docx`` redrawn in place on
    stderr, in the report's language, with the name of the file just checked."""

    NAME_COLUMNS = 32

    def __init__(self, stream: Any = None, width: int = 30, lang: str = "en") -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.lang = lang
        self.shown = 0
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int, path: str = "") -> None:
        now = time.monotonic()
        if 0 < done < total and now - self.last < 0.1:
            return  # redrawing on every file would cost more than the checks on fast runs
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate > 0 else 0.0
        filled = int(self.width * done / total) if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        from clausecheck.report.common import display_width, fit

        if self.lang == "ja":
            speed, eta_word = f"{rate:5.1f} 件/秒", "残り"
        else:
            speed, eta_word = f"{rate:5.1f} files/s", "ETA"
        name = fit(os.path.basename(path), self.NAME_COLUMNS).rstrip() if path else ""
        line = (f"[{bar}] {done:>{len(str(total))}}/{total}  {speed}  "
                f"{eta_word} {int(eta) // 60}:{int(eta) % 60:02d}  {name}")
        # pad over the previous, longer line (wide characters take two columns)
        width = display_width(line)
        self._write("\r" + line + " " * max(0, self.shown - width))
        self.shown = max(self.shown, width)

    def close(self) -> None:
        self._write("\r" + " " * max(self.width + 50, self.shown) + "\r")

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except OSError:  # the terminal went away (hang-up): progress is not worth an error
            pass
