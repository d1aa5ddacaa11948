"""What runs inside a worker process: read, check and redline one uploaded file.

The server process never parses an upload itself: a file that makes the reader loop, blow
up memory or crash costs its worker (which the pool replaces), never the server. Functions
here take plain paths and options and return picklable values; a user-facing problem comes
back as ``TaskError`` with a one-line reason, which the pool hands to the request.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from clausecheck import batch
from clausecheck.batch import out_of_memory_reason
from clausecheck.errors import ClausecheckError


class TaskError(Exception):
    """A task could not be done for a reason the user can act on (one line). ``spent``: the
    worker should not go on (it ran out of memory: nothing guarantees it is sound)."""

    def __init__(self, reason: str, *, spent: bool = False) -> None:
        super().__init__(" ".join(str(reason).split())[:500])
        self.reason = str(self)
        self.spent = spent


@dataclasses.dataclass(frozen=True)
class CheckTask:
    path: str  # a file in the server's private folder, never a name the user chose
    name: str  # the name shown to the user (and used for test fault injection only)
    contract_type: str = "auto"
    side: str = "discloser"
    ui_lang: str = "auto"
    library_dir: str | None = None


@dataclasses.dataclass(frozen=True)
class RedlineTask:
    check: CheckTask
    out: str  # where to write the .docx, in the private folder
    report: Any = None  # a Report with its Document; None: check first
    author: str = "clausecheck"
    include_recommended: bool = False


def run_task(task: CheckTask | RedlineTask, faults: dict[str, str]) -> Any:
    """Do ``task``; user-facing failures raise ``TaskError``."""
    try:
        if isinstance(task, CheckTask):
            _maybe_fault(task, faults)
            return _check(task)
        _maybe_fault(task.check, faults)
        return _redline(task)
    except TaskError:
        raise
    except ClausecheckError as exc:
        raise TaskError(getattr(exc, "reason", None) or str(exc)) from None
    except MemoryError:
        raise TaskError(_oom_reason, spent=True) from None
    except RecursionError:
        raise TaskError("document structure too deeply nested") from None
    except Exception as exc:  # a bug costs this request, not the worker
        raise TaskError(f"internal error: {type(exc).__name__}: {exc}") from None


def _check(task: CheckTask) -> Any:
    from clausecheck import api

    report = api.check_file(task.path, contract_type=task.contract_type, side=task.side,
                            library_dir=task.library_dir, ui_lang=task.ui_lang, explain=False)
    # explanations are only printed by `check --explain`; the Document stays for the page
    findings = tuple(dataclasses.replace(f, explanation={}) for f in report.findings)
    return dataclasses.replace(report, findings=findings)


def _redline(task: RedlineTask) -> dict[str, Any]:
    from clausecheck.redline import redline

    report = task.report if task.report is not None else _check(task.check)
    src = _as_docx(task.check, task.out)
    try:
        # the stored report names the upload as the user did; the redliner reads the file
        report = dataclasses.replace(report, file=src)
        result = redline(src, report, task.out, author=task.author, force=True,
                         include_recommended=task.include_recommended,
                         library_dir=task.check.library_dir, document=report.document)
    finally:
        if src != task.check.path:
            _remove(src)
    return {"comments": result.comments, "insertions": result.insertions,
            "skipped": list(result.skipped)}


def _as_docx(check: CheckTask, out: str) -> str:
    """The upload itself when it is a .docx; else the .docx LibreOffice makes of it (as the
    reader did for the check, so the report's clauses are where the redliner looks), beside
    ``out`` in the private folder."""
    from clausecheck.reader import _read_bytes
    from clausecheck.reader.convert import CONVERTED_SUFFIXES, convert_to_docx

    suffix = os.path.splitext(check.path)[1].lower()
    if suffix not in CONVERTED_SUFFIXES:
        return check.path
    data = convert_to_docx(_read_bytes(Path(check.path), check.name), check.name, suffix)
    converted = os.path.splitext(out)[0] + ".source.docx"
    with open(converted, "xb") as fh:
        fh.write(data)
    return converted


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# said when a task runs out of memory: formatted beforehand (memory is short then), with
# the limit once ``limit_memory`` has applied it
_oom_reason = out_of_memory_reason(None)


def limit_memory(limit_mb: int) -> int | None:
    """Cap this worker's address space (``batch.limit_memory``); the limit applied."""
    global _oom_reason
    applied = batch.limit_memory(limit_mb)
    _oom_reason = out_of_memory_reason(applied)
    return applied


def init_worker(library_dir: str | None) -> None:
    """Load the library and both language models before the first task's clock starts."""
    from clausecheck import api
    from clausecheck.nlp import get_analyzer

    api.get_checker(library_dir)
    for lang in ("ja", "en"):
        get_analyzer(lang)


# Test-only fault injection, the kinds of ``clausecheck.batch.FAULT_ENV`` ("crash:NAME",
# "hang:NAME", "alloc:NAME", "stall:NAME"…), NAME being the uploaded file's name; the
# server reads the same variable.
FAULT_ENV = batch.FAULT_ENV


def _maybe_fault(task: CheckTask, faults: dict[str, str]) -> None:
    kind = faults.get(os.path.basename(task.name))
    if kind is not None:
        batch.inject_fault(kind, task.path)
