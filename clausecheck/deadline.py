"""A time limit for work in the main thread: ``check`` gives up on a stuck file with a reason.

``scan`` runs each file in a worker process it can kill; ``check`` works in the process
itself, so its limit is a SIGALRM that raises ``InputError`` in the main thread. Python runs
the handler between bytecodes: any loop in Python code is interrupted, a single C call (one
regular-expression search, one XML parse) is not. Those are bounded by other means: the
reader's size limits (``reader/limits.py``) and the refusal of backtracking-prone regex cues
at library load (``library/safety.py``).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any, Iterator

from clausecheck.errors import InputError


@contextlib.contextmanager
def time_limit(seconds: float | None, name: str) -> Iterator[None]:
    """Raise InputError(name, "gave up after N s") if the block runs longer than ``seconds``.

    A no-op without a limit, off the main thread, or where SIGALRM does not exist (Windows).
    """
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def give_up(_signum: int, _frame: Any) -> None:
        raise InputError(name, f"gave up after {seconds:g} s (--timeout); the file may be "
                               "hostile or far larger than a contract")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
