"""Temporary files and folders locked for as long as the process that made them lives.

A process killed without warning (SIGKILL, a power cut) cannot remove what it left in a
shared place: a half-written report beside its output, a server's private upload folder in
/tmp. Each such file or folder therefore holds an advisory ``flock`` for its owner's
lifetime, which the kernel drops when the owner dies however it dies. The next process of
the same kind removes the ones whose lock is free — only names of its own pattern, only
what this user owns, never through a symbolic link, never one whose owner is alive:

    folder = LockedFolder("clausecheck-serve-")      # 0700, locked until .remove()
    remove_unlocked(tempfile.gettempdir(), pattern, folders=True)   # at the next start

A file is its own lock (``report.output``'s temp outputs); a folder's lock is the file
``LOCK_NAME`` inside it, put there already locked, so a folder is never seen without a held
lock while its owner lives (a folder without one, of an older version, is left alone).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so nothing is ever taken for stale
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".clausecheck.lock"
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def mkdtemp_names(prefix: str) -> re.Pattern[str]:
    """The names ``tempfile.mkdtemp(prefix=prefix)`` gives (and ``mkstemp``'s stems)."""
    return re.compile(re.escape(prefix) + r"[a-z0-9_]{8}")


def remove_unlocked(folder: str | os.PathLike[str], pattern: re.Pattern[str], *,
                    folders: bool = False) -> list[str]:
    """Remove the entries of ``folder`` whose whole name matches ``pattern`` and whose
    owner has died (their lock is free); the paths of those removed.

    Files (``folders=False``): regular files of this user, each its own lock. Folders: this
    user's, mode 0700, holding a regular ``LOCK_NAME`` file; removed with everything in
    them, the lock file last. Anything else — a link, another user's, a live owner's, a
    folder that changed between the look and the lock — is left as it is."""
    if fcntl is None:
        return []
    try:
        with os.scandir(folder) as listing:
            entries = [e for e in listing if pattern.fullmatch(e.name)]
    except OSError:
        return []
    removed = []
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
            if st.st_uid != os.geteuid() or not _is_candidate(st, folders):
                continue
            lock = os.path.join(entry.path, LOCK_NAME) if folders else entry.path
            fd = open_to_lock(lock)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _unchanged(entry.path, st, lock, fd):
                if folders:
                    _remove_folder(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(entry.path)
        except OSError:
            pass  # locked: its owner is alive
        finally:
            os.close(fd)
    return removed


def _is_candidate(st: os.stat_result, folders: bool) -> bool:
    if folders:
        return stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o700
    return stat.S_ISREG(st.st_mode)


def _unchanged(path: str, st: os.stat_result, lock: str, fd: int) -> bool:
    """Still the entry that was looked at, and the lock taken is the one inside it."""
    now = os.stat(path, follow_symlinks=False)
    held = os.fstat(fd)
    return (now.st_ino, now.st_dev) == (st.st_ino, st.st_dev) and stat.S_ISREG(held.st_mode) \
        and held.st_uid == os.geteuid() \
        and os.stat(lock, follow_symlinks=False).st_ino == held.st_ino


def _remove_folder(path: str) -> None:
    """Everything inside first, the lock file last: a removal cut short leaves a folder
    that the next start still recognises."""
    with os.scandir(path) as listing:
        children = [e for e in listing if e.name != LOCK_NAME]
    for child in children:
        if child.is_dir(follow_symlinks=False):
            shutil.rmtree(child.path, ignore_errors=True)  # never follows links (Linux)
        else:
            try:
                os.unlink(child.path)
            except OSError:
                pass
    os.unlink(os.path.join(path, LOCK_NAME))
    os.rmdir(path)


def open_to_lock(path: str) -> int:
    try:
        # read-write: on NFS an exclusive lock needs a file open for writing
        return os.open(path, os.O_RDWR | NOFOLLOW)
    except PermissionError:  # made read-only like the output it was to replace
        return os.open(path, os.O_RDONLY | NOFOLLOW)


class LockedFolder:
    """A new private folder (mode 0700) under ``parent`` (the system's temporary folder by
    default) that holds its lock until ``remove()`` or the end of this process. Its name is
    ``prefix`` and eight random characters; ``remove_unlocked(parent,
    mkdtemp_names(prefix), folders=True)`` takes it only once its owner is gone."""

    def __init__(self, prefix: str, parent: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        os.chmod(self.path, stat.S_IRWXU)
        self._fd: int | None = None
        if fcntl is not None:
            # locked before it gets its name, so no cleaner ever finds it free
            new = self.path / f"{LOCK_NAME}.new"
            fd = os.open(new, os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.rename(new, self.path / LOCK_NAME)
            self._fd = fd  # not inheritable: a worker process does not keep it alive

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
