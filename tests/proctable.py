"""The process table from Linux /proc, for the tests and the benchmarks (which add this
folder to their path): no pytest here, so that the benchmarks run as plain scripts.

A field list is what /proc/PID/stat holds after the command name (which may contain spaces
and brackets, so it is cut at the last ")"): [0] state, [1] parent pid, [3] session id,
[11] user and [12] system CPU time in clock ticks (proc(5))."""

from __future__ import annotations

import os
from typing import Iterator

STATE, PPID, SESSION, UTIME, STIME = 0, 1, 3, 11, 12


def stat_fields(pid: int | str) -> list[str] | None:
    """The fields of one process (None when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            line = fh.read().decode("latin-1")
    except OSError:
        return None
    return line[line.rindex(")") + 2:].split()


def processes() -> Iterator[tuple[int, list[str]]]:
    """(pid, fields) of every process there is."""
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := stat_fields(entry)) is not None:
            yield int(entry), fields


def session_pids(sid: int) -> list[int]:
    """The live (non-zombie) processes of session ``sid``: a subprocess started with
    ``start_new_session=True`` and everything it started, even after it died."""
    return [pid for pid, fields in processes()
            if int(fields[SESSION]) == sid and fields[STATE] not in ("Z", "X")]


def descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent links."""
    children: dict[int, list[int]] = {}
    for pid, fields in processes():
        children.setdefault(int(fields[PPID]), []).append(pid)
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far (-1.0 when it is gone)."""
    fields = stat_fields(pid)
    if fields is None:
        return -1.0
    return (int(fields[UTIME]) + int(fields[STIME])) / os.sysconf("SC_CLK_TCK")
