"""Writing a report: atomically to a file (temp file in the same folder, then rename)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import click

from clausecheck.errors import OutputError
from clausecheck.locked import fcntl, mkdtemp_names, remove_unlocked
from clausecheck.signals import deferred_interrupts


def check_writable(out: Path) -> None:
    """Fail before any work when the output cannot be written, not after a long scan."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise OutputError(f"{out}: is a directory")
    if not folder.is_dir():
        raise OutputError(f"{out}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{out}: folder {folder} is not writable")


@contextlib.contextmanager
def atomic_output(out: Path, *, bom: bool = False) -> Iterator[BinaryIO]:
    """A binary stream that becomes ``out`` only if the ``with`` block finishes.

    Readers see the old file or the new one, never half. The temp file sits in the same
    folder so that ``os.replace`` is a rename on one file system; if the block raises (an
    error, Ctrl-C, SIGTERM) it is removed and an existing ``out`` stays untouched.

    The temp file (``.NAME.XXXXXXXX.tmp``, hidden) is locked for as long as its writer lives,
    renaming included. A writer killed without warning (SIGKILL, a power cut) leaves it
    behind unlocked: the next ``atomic_output`` of the same ``out`` removes it, while the
    locked temp files of writers still running (two scans writing one report) are left alone.
    """
    check_writable(out)
    remove_stale_temps(out)
    with deferred_interrupts():  # never a temp file that nobody is going to remove
        fd, tmp = _locked_temp(out)
        fh = os.fdopen(fd, "wb")
    try:
        if bom:
            fh.write(b"\xef\xbb\xbf")  # Excel reads a UTF-8 CSV as UTF-8 only with it
        yield fh
        fh.flush()
        os.fsync(fh.fileno())
        if out.exists():
            # keep the permissions the user gave the old file
            os.chmod(tmp, out.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)  # still locked: a concurrent cleaner cannot take it first
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(tmp)
        raise
    finally:
        fh.close()


def _temp_name(out: Path) -> re.Pattern[str]:
    """The names ``tempfile.mkstemp(prefix=".NAME.", suffix=".tmp")`` gives."""
    return re.compile(mkdtemp_names(f".{out.name}.").pattern + re.escape(".tmp"))


def _locked_temp(out: Path) -> tuple[int, str]:
    """A new temp file beside ``out``, created and locked (retried if a cleaner took it in
    the moment between the two)."""
    folder = str(out.parent) if str(out.parent) else "."
    for _ in range(10):
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise OutputError(f"{out}: cannot write: {exc.strerror or exc}") from exc
        if fcntl is None:
            return fd, tmp
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(tmp).st_ino == os.fstat(fd).st_ino:
                return fd, tmp
        except OSError:
            pass
        os.close(fd)  # a cleaner holds it or has removed it: it thought it stale
    raise OutputError(f"{out}: cannot create a temporary file beside it")


def remove_stale_temps(out: Path) -> list[str]:
    """Remove the temp files of ``out`` left by writers that died (unlocked); the names of
    those removed. Only regular files of this user; never a live writer's (locked)."""
    return remove_unlocked(str(out.parent) if str(out.parent) else ".", _temp_name(out))


def write_atomic(out: Path, data: str | bytes | Iterable[str | bytes], *,
                 bom: bool = False) -> None:
    """Write ``data`` to ``out`` atomically (see ``atomic_output``)."""
    chunks = [data] if isinstance(data, (str, bytes)) else data
    with atomic_output(out, bom=bom) as fh:
        for chunk in chunks:
            fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)


class StdoutBytes:
    """stdout as a binary stream for the reporters: bytes to its buffer when it has one
    (flushing the text layer first so that nothing is reordered), else decoded text."""

    def write(self, data: bytes) -> int:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
        else:
            sys.stdout.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.flush()


def write_stdout(data: str | bytes | Iterable[str | bytes]) -> None:
    chunks = [data] if isinstance(data, (str, bytes)) else data
    for chunk in chunks:
        if isinstance(chunk, bytes):
            sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            click.echo(chunk, nl=False)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
