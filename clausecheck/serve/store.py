"""What the server remembers between requests: checked contracts and folder runs.

A result keeps the Report (for the page and the downloads) and, for a .docx, the uploaded
file in the private folder (the redline is made from it on request). Text uploads are
deleted as soon as they are checked. Results are dropped, and their files deleted, when the
user discards them, when they have not been looked at for ``ttl`` seconds, when more than
``max_results`` are held (oldest first) and when the server stops. Ids are random, so one
result cannot be guessed from another.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.serve.uploads import remove


@dataclass
class Result:
    id: str
    name: str  # the file's name as the user gave it
    report: Any  # clausecheck.model.Report, ``file`` set to ``name``
    check_json: str  # exactly what `clausecheck check --format json` prints
    options: dict[str, str]  # type, side, ui_lang as asked
    source: Path | None = None  # the uploaded .docx, kept for the redline
    batch: str | None = None  # the folder run it belongs to
    used: float = field(default_factory=time.monotonic)

    def discard(self) -> None:
        if self.source is not None:
            remove(self.source)
            self.source = None


@dataclass
class BatchItem:
    name: str
    state: str = "waiting"  # waiting | done | error | skipped
    result: str | None = None  # Result id when done
    error: str = ""


@dataclass
class BatchRun:
    id: str
    options: dict[str, str]
    items: list[BatchItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # archive-level remarks
    used: float = field(default_factory=time.monotonic)

    @property
    def total(self) -> int:
        return sum(1 for i in self.items if i.state != "skipped")

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.state in ("done", "error"))

    @property
    def finished(self) -> bool:
        return self.done >= self.total


class Store:
    def __init__(self, max_results: int = 1000, ttl: float = 4 * 3600) -> None:
        self.max_results = max_results
        self.ttl = ttl
        self._results: dict[str, Result] = {}
        self._batches: dict[str, BatchRun] = {}
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(12)

    def add(self, result: Result) -> None:
        with self._lock:
            self._results[result.id] = result
            self._expire_locked()

    def get(self, rid: str) -> Result | None:
        with self._lock:
            result = self._results.get(rid)
            if result is not None:
                result.used = time.monotonic()
                if result.batch and result.batch in self._batches:
                    self._batches[result.batch].used = result.used
            return result

    def discard(self, rid: str) -> bool:
        with self._lock:
            result = self._results.pop(rid, None)
        if result is None:
            return False
        result.discard()
        return True

    def add_batch(self, run: BatchRun) -> None:
        with self._lock:
            self._batches[run.id] = run

    def batch(self, bid: str) -> BatchRun | None:
        with self._lock:
            run = self._batches.get(bid)
            if run is not None:
                run.used = time.monotonic()
                for item in run.items:
                    if item.result in self._results:
                        self._results[item.result].used = run.used
            return run

    def batch_results(self, run: BatchRun) -> list[Result]:
        with self._lock:
            return [self._results[i.result] for i in run.items
                    if i.result and i.result in self._results]

    def discard_batch(self, bid: str) -> bool:
        with self._lock:
            run = self._batches.pop(bid, None)
        if run is None:
            return False
        for item in run.items:
            if item.result:
                self.discard(item.result)
        return True

    def expire(self) -> None:
        with self._lock:
            self._expire_locked()

    def _expire_locked(self) -> None:
        now = time.monotonic()
        stale = [r for r in self._results.values() if now - r.used > self.ttl]
        over = len(self._results) - len(stale) - self.max_results
        if over > 0:
            stale_ids = {r.id for r in stale}
            fresh = sorted((r for r in self._results.values() if r.id not in stale_ids),
                           key=lambda r: r.used)
            stale.extend(fresh[:over])
        for result in stale:
            self._results.pop(result.id, None)
            result.discard()
        for bid in [b for b, run in self._batches.items() if now - run.used > self.ttl]:
            self._batches.pop(bid, None)

    def close(self) -> None:
        with self._lock:
            results = list(self._results.values())
            self._results.clear()
            self._batches.clear()
        for result in results:
            result.discard()
