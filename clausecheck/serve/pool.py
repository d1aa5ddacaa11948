"""A fixed set of long-lived worker processes for the server, one task at a time each.

Every worker loads the checker once and then takes tasks over its own pipe. One supervisor
thread per worker sends a task, waits at most ``timeout`` seconds for the answer, and when
the worker hangs (timeout) or dies (crash, killed for memory) kills it, fails that task and
starts a fresh worker for the next one. The server's event loop never waits on a check: it
awaits a ``concurrent.futures.Future``. Tasks are taken by priority (a single contract from
the page before the files of a folder) and the queue is bounded, so a flood of uploads gets
"busy" answers instead of growing the server without limit.

    pool = WorkerPool(size=2, timeout=120)
    pool.start()
    report = await asyncio.wrap_future(pool.submit(CheckTask(path, name)))
    pool.close()
"""

from __future__ import annotations

import concurrent.futures
import itertools
import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from clausecheck.batch import (DEFAULT_MEMORY_LIMIT_MB, ERR_TAIL_BYTES, about_memory,
                               become_worker, crash_detail, died_of_memory,
                               out_of_memory_reason, start_worker, worker_context)
from clausecheck.locked import LockedFolder
from clausecheck.serve.worker import TaskError, init_worker, limit_memory, run_task

WORKERS_PREFIX = "clausecheck-workers-"  # the workers' folder (logs, temporary files)
INIT_TIMEOUT = 300.0  # loading the models takes seconds; minutes means something is wrong
INTERACTIVE = 0  # priorities: lower first
BATCH = 1


class PoolBusy(Exception):
    """Too many tasks are waiting; the request should be retried later."""


class PoolClosed(Exception):
    """The server is shutting down."""


@dataclass(order=True)
class _Item:
    priority: int
    seq: int
    task: Any = field(compare=False)
    future: concurrent.futures.Future = field(compare=False)


@dataclass(frozen=True)
class _Setup:
    """What a worker process is started with."""
    parent_pid: int
    library_dir: str | None
    faults: dict[str, str]
    memory_limit_mb: int
    log: str  # its stdout and stderr go here: the tail explains a crash
    temp: str  # its temporary files (LibreOffice's profile and conversions) go here


def _worker_main(conn: Connection, setup: _Setup) -> None:
    """Load the models once, then do tasks until the server sends None or goes away."""
    # as a scan's workers: Ctrl-C is the server's to handle, the kernel ends this process
    # when the server dies (even by SIGKILL, even while a file hangs in C code)
    become_worker(setup.parent_pid)
    fd = os.open(setup.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for target in (1, 2):
        os.dup2(fd, target)
    os.close(fd)
    # in a folder the server removes whatever happens to this process
    os.environ["TMPDIR"] = tempfile.tempdir = setup.temp
    applied = None
    try:
        try:
            applied = limit_memory(setup.memory_limit_mb)
            init_worker(setup.library_dir)
        except BaseException as exc:  # noqa: BLE001 - reported to the server, which decides
            reason = " ".join(str(exc).split()) or type(exc).__name__
            if setup.memory_limit_mb and about_memory(exc):
                reason = out_of_memory_reason(applied, "loading the language models")
            conn.send(("init_error", reason, True))
            return
        conn.send(("ready", None, False))
        while True:
            task = conn.recv()
            if task is None:
                return
            try:
                message: tuple[str, Any, bool] = ("ok", run_task(task, setup.faults), False)
            except TaskError as exc:
                message = ("error", exc.reason, exc.spent)
            try:
                conn.send(message)
            except (EOFError, OSError):
                raise
            except Exception as exc:  # a result that cannot be pickled is that task's error
                conn.send(("error", f"internal error: result not sendable: {exc}", False))
    except (EOFError, OSError):
        return  # the server is gone or has let this worker go: nothing to report to


class _Slot:
    """One worker process and the thread that feeds it."""

    def __init__(self, pool: "WorkerPool", index: int) -> None:
        self.pool = pool
        self.index = index
        self.process: multiprocessing.process.BaseProcess | None = None
        self.conn: Connection | None = None
        self.ready = False
        self.log = ""
        self.temp = ""
        self.thread = threading.Thread(target=self._run, name=f"clausecheck-serve-{index}",
                                       daemon=True)

    # the supervisor loop ---------------------------------------------------------------
    def _run(self) -> None:
        if self.pool.warm:
            try:
                self._ensure_started()  # load the models now, not on the first request
            except TaskError:
                pass  # the first task tries again and reports why
        while True:
            item = self.pool._queue.get()
            if item.task is None or self.pool.closed:
                self.pool._queue.put(item)  # let the other slots see the stop too
                break
            if not item.future.set_running_or_notify_cancel():
                continue
            try:
                item.future.set_result(self._do(item.task))
            except BaseException as exc:  # noqa: BLE001 - delivered to the request
                item.future.set_exception(exc)
            if self.process is None and self.pool.warm and not self.pool.closed:
                try:
                    self._ensure_started()  # the replacement loads its models now
                except TaskError:
                    pass
        self.stop()

    def _do(self, task: Any) -> Any:
        self._ensure_started()
        assert self.conn is not None
        _truncate(self.log)  # what the worker prints from now on is about this task
        try:
            self.conn.send(task)
        except (OSError, ValueError):
            self._discard()
            raise TaskError("the checker stopped unexpectedly; try again") from None
        if not self._wait(self.pool.timeout):
            self._discard()
            if self.pool.closed:
                raise PoolClosed()
            raise TaskError(f"gave up after {self.pool.timeout:g} s (the file was abandoned)")
        try:
            tag, payload, spent = self.conn.recv()
        except (EOFError, OSError):
            reason = self._death_reason("checking this file")
            self._discard()
            if self.pool.closed:
                raise PoolClosed() from None
            raise TaskError(reason) from None
        if spent:
            self._discard()  # after a MemoryError: a fresh worker for the next task
        if tag == "ok":
            return payload
        raise TaskError(payload)

    def _wait(self, timeout: float) -> bool:
        """True when the worker answered (or died) within ``timeout``."""
        assert self.conn is not None and self.process is not None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready = wait([self.conn, self.process.sentinel],
                                                    timeout=min(left, 0.5))
            if ready:
                return True
            if self.pool.closed:
                return False

    # the process -----------------------------------------------------------------------
    def _ensure_started(self) -> None:
        if self.process is not None and self.process.is_alive() and self.ready:
            return
        self._discard()
        work = self.pool.work_dir()
        self.log = os.path.join(work, f"worker-{self.index}.log")
        self.temp = os.path.join(work, f"worker-{self.index}.tmp")
        os.makedirs(self.temp, mode=0o700, exist_ok=True)
        _truncate(self.log)
        parent, child = self.pool.context.Pipe(duplex=True)
        setup = _Setup(parent_pid=os.getpid(), library_dir=self.pool.library_dir,
                       faults=self.pool.faults, memory_limit_mb=self.pool.memory_limit_mb,
                       log=self.log, temp=self.temp)
        process = self.pool.context.Process(target=_worker_main, args=(child, setup),
                                            daemon=True, name="clausecheck-serve-worker")
        try:
            start_worker(process)  # from this slot's thread, which outlives the worker
        finally:
            child.close()  # the parent keeps only its end, so a dead worker gives EOF
        self.process, self.conn = process, parent
        if not self._wait(INIT_TIMEOUT):
            self._discard()
            raise TaskError("the checker did not start in time")
        try:
            tag, payload, _ = parent.recv()
        except (EOFError, OSError):
            reason = self._death_reason("loading the language models")
            self._discard()
            raise TaskError(f"cannot start the checker: {reason}") from None
        if tag != "ready":
            self._discard()
            raise TaskError(f"cannot start the checker: {payload}")
        self.ready = True

    def start(self) -> None:
        self.thread.start()

    def _death_reason(self, doing: str) -> str:
        """Why the worker died, from its exit status and the last thing it printed."""
        if self.process is None:
            return "the checker stopped unexpectedly"
        self.process.join(timeout=1.0)
        last_words = _tail(self.log)
        if died_of_memory(last_words):
            return out_of_memory_reason(self.pool.memory_limit_mb or None, doing)
        detail = crash_detail(self.process.exitcode, last_words)
        if doing == "checking this file":
            return f"the checker crashed on this file ({detail})"
        return f"the checker crashed while {doing} ({detail})"

    def _discard(self) -> None:
        process, conn = self.process, self.conn
        self.process, self.conn, self.ready = None, None, False
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=2.0)
            try:
                process.close()
            except ValueError:
                pass
        if conn is not None:
            conn.close()
        if self.temp:
            shutil.rmtree(self.temp, ignore_errors=True)  # what a killed worker left

    def stop(self) -> None:
        if self.conn is not None and self.process is not None and self.process.is_alive():
            try:
                self.conn.send(None)
                self.process.join(timeout=1.0)
            except (OSError, ValueError):
                pass
        self._discard()

    def kill(self) -> None:
        """From another thread, at shutdown: end the worker at once (its task fails)."""
        process = self.process
        if process is not None:
            try:
                if process.is_alive():
                    process.kill()
            except ValueError:
                pass


class WorkerPool:
    """``memory_limit_mb``: address space per worker (0: none; see ``batch.limit_memory``);
    a task that needs more fails with a message and the worker is replaced. The workers'
    logs and temporary files live in a private folder under ``temp_parent``, removed at
    ``close()`` (locked while this process lives: see ``locked.LockedFolder``)."""

    def __init__(self, size: int = 2, timeout: float = 120.0, *, library_dir: str | None = None,
                 max_waiting: int = 500, faults: dict[str, str] | None = None,
                 memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
                 temp_parent: str | None = None) -> None:
        self.size = max(1, size)
        self.timeout = timeout
        self.library_dir = library_dir
        self.max_waiting = max_waiting
        self.faults = dict(faults or {})
        self.memory_limit_mb = memory_limit_mb
        self.temp_parent = temp_parent
        self._work: LockedFolder | None = None
        self._closing = threading.Lock()
        self.context = worker_context()
        self.closed = False
        self._queue: queue.PriorityQueue[_Item] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._lock = threading.Lock()
        self._slots = [_Slot(self, i) for i in range(self.size)]
        self._started = False
        self.warm = False

    def start(self, warm: bool = True) -> None:
        """Start the supervisor threads; with ``warm`` the workers load their models now."""
        if self._started:
            return
        self._started = True
        self.warm = warm
        for slot in self._slots:
            slot.start()

    def work_dir(self) -> str:
        with self._lock:
            if self._work is None:
                self._work = LockedFolder(WORKERS_PREFIX, self.temp_parent)
            return str(self._work.path)

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    def submit(self, task: Any, priority: int = INTERACTIVE) -> concurrent.futures.Future:
        if self.closed:
            raise PoolClosed()
        if self._queue.qsize() >= self.max_waiting:
            raise PoolBusy()
        if not self._started:
            self.start(warm=False)
        future: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            self._queue.put(_Item(priority, next(self._seq), task, future))
        return future

    def close(self) -> None:
        """Cancel waiting tasks, end the workers (a running task fails), join the threads.
        A second caller (the server's shutdown, while a signal handler's thread is closing)
        waits until it is done, so that nothing is left when the process exits."""
        with self._closing:
            self._close()

    def _close(self) -> None:
        if self.closed and self._work is None:
            return
        self.closed = True
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item.task is not None:
                item.future.cancel()
        self._queue.put(_Item(10**9, next(self._seq), None, concurrent.futures.Future()))
        for slot in self._slots:
            slot.kill()
        for slot in self._slots:
            if slot.thread.is_alive():
                slot.thread.join(timeout=5.0)
        if self._work is not None:
            self._work.remove()
            self._work = None


def _truncate(path: str) -> None:
    with open(path, "wb"):
        pass


def _tail(path: str, size: int = ERR_TAIL_BYTES) -> str:
    """The end of what a worker printed ("" when there is nothing)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(max(0, os.fstat(fh.fileno()).st_size - size))
            return fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
