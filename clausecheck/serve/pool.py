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
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from clausecheck.serve.worker import TaskError, init_worker, run_task

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


def _worker_main(conn: Connection, library_dir: str | None, faults: dict[str, str]) -> None:
    """Load the models once, then do tasks until the server sends None or goes away."""
    try:
        try:
            init_worker(library_dir)
        except Exception as exc:  # noqa: BLE001 - reported to the server, which decides
            conn.send(("init_error", " ".join(str(exc).split()) or type(exc).__name__))
            return
        conn.send(("ready", None))
        while True:
            task = conn.recv()
            if task is None:
                return
            try:
                message: tuple[str, Any] = ("ok", run_task(task, faults))
            except TaskError as exc:
                message = ("error", exc.reason)
            try:
                conn.send(message)
            except (EOFError, OSError):
                raise
            except Exception as exc:  # a result that cannot be pickled is that task's error
                conn.send(("error", f"internal error: result not sendable: {exc}"))
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
        self.stop()

    def _do(self, task: Any) -> Any:
        self._ensure_started()
        assert self.conn is not None
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
            tag, payload = self.conn.recv()
        except (EOFError, OSError):
            reason = self._death_reason()
            self._discard()
            if self.pool.closed:
                raise PoolClosed() from None
            raise TaskError(f"the checker crashed on this file ({reason})") from None
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
        parent, child = self.pool.context.Pipe(duplex=True)
        process = self.pool.context.Process(
            target=_worker_main, args=(child, self.pool.library_dir, self.pool.faults),
            daemon=True, name="clausecheck-serve-worker")
        process.start()
        child.close()  # the parent keeps only its end, so a dead worker gives EOF
        self.process, self.conn = process, parent
        if not self._wait(INIT_TIMEOUT):
            self._discard()
            raise TaskError("the checker did not start in time")
        try:
            tag, payload = parent.recv()
        except (EOFError, OSError):
            reason = self._death_reason()
            self._discard()
            raise TaskError(f"the checker could not start ({reason})") from None
        if tag != "ready":
            self._discard()
            raise TaskError(f"the checker could not start: {payload}")
        self.ready = True

    def start(self) -> None:
        self.thread.start()

    def _death_reason(self) -> str:
        if self.process is None:
            return "no process"
        self.process.join(timeout=1.0)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"signal {-code}"
        return f"exit code {code}"

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
    def __init__(self, size: int = 2, timeout: float = 120.0, *, library_dir: str | None = None,
                 max_waiting: int = 500, faults: dict[str, str] | None = None) -> None:
        self.size = max(1, size)
        self.timeout = timeout
        self.library_dir = library_dir
        self.max_waiting = max_waiting
        self.faults = dict(faults or {})
        self.context = _context()
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
        """Cancel waiting tasks, end the workers (a running task fails), join the threads."""
        if self.closed:
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


def _context() -> multiprocessing.context.BaseContext:
    """forkserver on POSIX: a worker starts from a clean process, never a copy of the
    server's threads (fork after threads have started is unsafe); spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
