"""Writing a report: atomically to a file (temp file in the same folder, then rename)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable

import click

from clausecheck.errors import OutputError


def check_writable(out: Path) -> None:
    """Fail before any work when the output cannot be written, not after a long scan."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise OutputError(f"{out}: is a directory")
    if not folder.is_dir():
        raise OutputError(f"{out}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{out}: folder {folder} is not writable")


def write_atomic(out: Path, data: str | bytes | Iterable[str | bytes], *,
                 bom: bool = False) -> None:
    """Write ``data`` to ``out`` so that readers see the old file or the new one, never half.

    The temp file sits in the same folder so that ``os.replace`` is a rename on one file
    system; it is removed if anything fails.
    """
    check_writable(out)
    chunks = [data] if isinstance(data, (str, bytes)) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            if bom:
                fh.write(b"\xef\xbb\xbf")  # Excel reads a UTF-8 CSV as UTF-8 only with it
            for chunk in chunks:
                fh.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if out.exists():
            # keep the permissions the user gave the old file
            os.chmod(tmp, out.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        _remove(tmp)
        raise


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
