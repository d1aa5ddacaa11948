"""The alignment engine: judge every provision of a profile for a read Document.

    from clausecheck.engine import get_checker
    report = get_checker().check(document, contract_type="auto", side="discloser")

``get_checker(library_dir)`` is cached per process (scan workers build it once); the Checker
holds the library, the analyzers and the compiled cues.
"""

from __future__ import annotations

import threading
from pathlib import Path

from clausecheck.engine.checker import Checker

__all__ = ["Checker", "get_checker"]

_CHECKERS: dict[str, Checker] = {}
_LOCK = threading.Lock()


def get_checker(library_dir: str | Path | None = None) -> Checker:
    """The process-wide Checker for a library directory (None = the built-in library)."""
    key = str(Path(library_dir).resolve()) if library_dir else ""
    with _LOCK:
        checker = _CHECKERS.get(key)
        if checker is None:
            from clausecheck.library import load_library

            checker = Checker(load_library(library_dir) if library_dir else load_library())
            _CHECKERS[key] = checker
    return checker
