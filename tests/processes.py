"""The processes a test started: those of a session, waiting for them to end (Linux /proc).

A subprocess started with ``start_new_session=True`` heads a session of its own, and every
process it starts (workers, their helpers) stays in it, even after the parent died."""

from __future__ import annotations

import os
import signal
import time
from typing import Callable

import pytest

from proctable import session_pids

DEADLINE = 120.0  # seconds: the longest any wait may take on a loaded machine


def wait_for(condition: Callable[[], object], what: str, deadline: float = DEADLINE,
             pump: Callable[[], None] | None = None) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"gave up waiting for {what}")
        if pump:
            pump()
        time.sleep(0.05)


def session_processes(sid: int) -> list[str]:
    """Live (non-zombie) processes of session ``sid``: 'pid command' each."""
    out = []
    for pid in session_pids(sid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        out.append(f"{pid} {cmd[:120]}")
    return out


def wait_until_gone(sid: int, what: str) -> None:
    """Wait for every process of session ``sid`` to end; kill what is left if they do not
    (a failing test must not leave workers spinning on the machine)."""
    try:
        wait_for(lambda: not session_processes(sid), what)
    except BaseException:
        for line in session_processes(sid):
            try:
                os.kill(int(line.split()[0]), signal.SIGKILL)
            except OSError:
                pass
        raise
