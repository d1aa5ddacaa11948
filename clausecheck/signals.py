"""Stop signals: SIGINT, SIGTERM and SIGHUP end a command promptly and cleanly.

A Ctrl-C, a ``kill``, a CI runner's cancel or a closed terminal all mean "stop now". Inside
``stop_on_signals()`` each of them raises ``Interrupted`` in the main thread, so the usual
``finally`` and ``except BaseException`` blocks run: a scan's workers are killed, a temp output
is removed and the previous output is left as it was. ``clausecheck.cli.main`` installs it for
every command, prints one line (``clausecheck: interrupted by SIGTERM after 12 of 150 files;
...``) and exits with 128 + the signal number (130, 143, 129).

    with stop_on_signals():                    # done once, around the whole command
        with describe_interrupt(lambda: f"after {done} of {total} files"):
            ...                                # the work

    with deferred_interrupts():                # a few lines that must not be cut in half
        process.start(); workers.append(process)

A second stop signal while the first is being handled is ignored (a double Ctrl-C is common
and cleaning up takes well under a second); a third one ends the process at once with the
signal's default action, as an escape hatch if cleaning up ever hangs. What that leaves
behind is handled elsewhere: scan workers die with their parent (``clausecheck.batch``) and
the next run removes a stale temp output (``clausecheck.report.output``).

Signals reach Python handlers in the main thread only; in another thread
``stop_on_signals()`` changes nothing (a server running commands in threads gets the signal
in its own main thread).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Callable, Iterator

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    s for s in (getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP"))
    if s is not None)


class Interrupted(BaseException):
    """A stop signal arrived. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` swallows it; not a KeyboardInterrupt, so that click does not turn
    it into its own "Aborted!"."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.details: list[str] = []  # what the command had done, outermost block first

    @property
    def signal_name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process killed by it."""
        return 128 + self.signum

    def message(self) -> str:
        """One line for stderr, e.g. ``interrupted by SIGINT after 3 of 9 files; ...``."""
        text = f"interrupted by {self.signal_name}"
        for detail in self.details:
            text += detail if detail.startswith((";", ",")) else f" {detail}"
        return " ".join(text.split())


class _State:
    """What the handler needs: how many stop signals came, and whether raising is deferred."""

    def __init__(self) -> None:
        self.received = 0
        self.deferred = 0
        self.pending: int | None = None


_state: _State | None = None


def _handler(signum: int, frame: FrameType | None) -> None:
    state = _state
    if state is None:  # cannot happen while installed; be harmless anyway
        return
    state.received += 1
    if state.received == 1:
        if state.deferred:
            state.pending = signum
            return
        raise Interrupted(signum)
    if state.received >= 3:
        # cleaning up hangs: end now the way the signal would have without a handler
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)


@contextlib.contextmanager
def stop_on_signals(signals: tuple[int, ...] = STOP_SIGNALS) -> Iterator[None]:
    """Within the block, a stop signal raises ``Interrupted`` in the main thread; the
    previous handlers come back on leaving it. A signal the process was started with
    ignored stays ignored: ``nohup clausecheck scan ...`` survives the terminal closing, and
    a background job of a non-interactive shell ignores SIGINT, as Python itself does."""
    global _state
    if threading.current_thread() is not threading.main_thread() or _state is not None:
        yield  # handlers can only be set from the main thread; nested: already installed
        return
    previous: dict[int, object] = {}
    _state = _State()
    try:
        for signum in signals:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue
            previous[signum] = signal.signal(signum, _handler)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        _state = None


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """A critical section: a stop signal arriving inside raises ``Interrupted`` only when the
    block ends (also when the block raises: its error is then the interruption's context)."""
    state = _state
    if state is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    state.deferred += 1
    try:
        yield
    finally:
        state.deferred -= 1
        if not state.deferred and state.pending is not None:
            signum, state.pending = state.pending, None
            raise Interrupted(signum)


@contextlib.contextmanager
def describe_interrupt(describe: Callable[[], str]) -> Iterator[None]:
    """Add ``describe()`` (e.g. ``"after 3 of 9 files"`` or ``"; report.json left as it
    was"``) to the message of an ``Interrupted`` passing through the block."""
    try:
        yield
    except Interrupted as exc:
        try:
            detail = describe()
        except Exception:  # a description must never replace the interruption
            detail = ""
        if detail:
            exc.details.insert(0, detail)
        raise


def output_left(path: Path | None) -> str:
    """``"; report.json left as it was"`` or ``"; report.json not written"``: the state of an
    output (written atomically) after an interruption, for ``describe_interrupt``."""
    if path is None:
        return ""
    return f"; {path} left as it was" if path.exists() else f"; {path} not written"


def stopping() -> bool:
    """Whether a stop signal has arrived (for loops that prefer to check than be raised in)."""
    return _state is not None and _state.received > 0
