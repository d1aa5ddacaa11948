"""Running the outside programs the readers use (a PDF parser child, pdftoppm, tesseract,
LibreOffice) with a time limit, a memory limit and a cap on what they may write.

Hostile files are handled by what parses them, and parsers of PDFs and images are large
native or pure-Python code bases that can be driven into huge allocations (decompression
bombs) or very long loops (a million objects). Running them as child processes under
``setrlimit`` turns either into a plain failure of that child, which the caller reports as a
one-line reason, while the checker process stays small and responsive.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Sequence

# Address space a child may map. Tesseract with the Japanese model on a 300-dpi page needs
# about 400 MB and pdfminer on a 500-page contract less than 1 GB; a bomb needs far more.
CHILD_MEMORY = 2 * 1024 ** 3
# Bytes a child may write into one file (rendered pages; a converted .docx).
CHILD_FILE_SIZE = 512 * 1024 ** 2


class ToolFailed(Exception):
    """The child did not finish normally; ``reason`` says how, for a one-line message."""

    def __init__(self, reason: str, *, kind: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # "timeout", "memory", "failed"


@dataclass(frozen=True)
class ToolResult:
    stdout: bytes
    stderr: bytes


def which(name: str) -> str | None:
    """The program's path, or None when it is not installed."""
    return shutil.which(name)


def _limits(memory: int, file_size: int, cpu: int) -> None:
    """In the child, before exec: cap memory, file size and CPU time (the kernel ends a
    child whose parent was killed before it could), start a new process group."""
    import resource

    for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, file_size),
                         (resource.RLIMIT_CPU, cpu)):
        try:
            soft, hard = resource.getrlimit(limit)
            cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(limit, (cap, hard))
        except (ValueError, OSError):
            pass
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    os.setsid()


def run(cmd: Sequence[str], *, timeout: float, input: bytes | None = None,
        cwd: str | None = None, env: dict[str, str] | None = None,
        memory: int | None = None, file_size: int | None = None,
        what: str = "") -> ToolResult:
    """Run ``cmd``; its output, or ToolFailed saying why not (timeout, memory, exit code).

    The child runs in a process group of its own, so a timeout ends it with everything it
    started (LibreOffice forks a second process).
    """
    what = what or os.path.basename(cmd[0])
    memory = CHILD_MEMORY if memory is None else memory
    file_size = CHILD_FILE_SIZE if file_size is None else file_size
    full_env = dict(os.environ if env is None else env)
    # one thread per program: a scan already runs one worker per core
    full_env.setdefault("OMP_THREAD_LIMIT", "1")
    posix = sys.platform != "win32"
    try:
        proc = subprocess.Popen(
            list(cmd), stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=full_env,
            preexec_fn=(lambda: _limits(memory, file_size, int(timeout) + 10)) if posix
            else None)
    except OSError as exc:
        raise ToolFailed(f"cannot run {what} ({exc.strerror or exc})") from None
    try:
        out, err = proc.communicate(input=input, timeout=max(0.1, timeout))
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise ToolFailed(f"{what} took longer than {timeout:g} s", kind="timeout") from None
    except BaseException:
        _kill(proc)
        raise
    if proc.returncode != 0:
        raise ToolFailed(_failure(what, proc.returncode, err, memory), kind=_kind(proc, err))
    return ToolResult(out, err)


def _kill(proc: subprocess.Popen) -> None:
    try:
        if sys.platform != "win32":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.communicate(timeout=5)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


def _out_of_memory(returncode: int, err: bytes) -> bool:
    text = err[-4000:].decode("utf-8", "replace").lower()
    return (returncode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, 134, 137)
            and ("alloc" in text or "memory" in text or returncode == -signal.SIGKILL)) \
        or "memoryerror" in text or "cannot allocate" in text or "out of memory" in text \
        or "bad_alloc" in text


def _kind(proc: subprocess.Popen, err: bytes) -> str:
    return "memory" if _out_of_memory(proc.returncode, err) else "failed"


def _failure(what: str, returncode: int, err: bytes, memory: int) -> str:
    if _out_of_memory(returncode, err):
        return f"{what} needed more than {memory // 1024 ** 2} MB of memory"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"{what} was killed by {name}"
    last = [ln.strip() for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    detail = f": {last[-1][:200]}" if last else ""
    return f"{what} failed (exit code {returncode}){detail}"
