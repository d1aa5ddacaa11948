"""A scan that is stopped stops: Ctrl-C, SIGTERM, a closed terminal and SIGKILL leave no
process running and no temp file for good, and the previous report as it was.

The scans run as real commands in a subprocess of their own session, on a generated folder
where some files stall in the workers (test fault "stall": the file's worker creates
NAME.started, then hangs), so a test knows files are in progress before it interrupts.
Nothing here assumes a speed: every wait polls with a generous deadline.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clausecheck.batch import FAULT_ENV
from cli_runner import run
from processes import session_processes, wait_for, wait_until_gone
from sample_contracts import SAMPLES_DIR

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads the process table from /proc")

DEADLINE = 120.0  # seconds: the longest any wait below may take on a loaded machine
PREVIOUS = "the previous report\n"


def _folder(tmp_path: Path, faults: dict[str, str]) -> tuple[Path, str]:
    """a.txt (checked quickly), then the faulted files: the folder and the fault spec."""
    src = Path(SAMPLES_DIR) / "nda_en_weak.txt"
    if not src.exists():
        pytest.skip("sample not built")
    folder = tmp_path / "contracts"
    folder.mkdir()
    for name in ["a.txt", *faults]:
        shutil.copy(src, folder / name)
    return folder, ",".join(f"{kind}:{name}" for name, kind in faults.items())


def _output(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    report = out / "r.json"
    report.write_text(PREVIOUS)
    return report


def _command(folder: Path, report: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "clausecheck", "scan", str(folder), "-o", str(report),
            "--jobs", "2", "--fail-on", "never", *extra]


def _environment(faults: str) -> dict[str, str]:
    return {**os.environ, FAULT_ENV: faults, "PYTHONUNBUFFERED": "1"}


def _temps(report: Path) -> list[str]:
    return sorted(p.name for p in report.parent.iterdir() if p.name.endswith(".tmp"))


def _start_stalled_scan(tmp_path: Path) -> tuple[subprocess.Popen, Path, Path]:
    """A scan of a.txt, b.txt, c.txt on two workers, once a.txt is done and both workers
    hang on b.txt and c.txt (deterministic: c.txt is only handed out after a.txt)."""
    folder, faults = _folder(tmp_path, {"b.txt": "stall", "c.txt": "stall"})
    report = _output(tmp_path)
    stderr = (tmp_path / "stderr").open("wb")
    proc = subprocess.Popen(_command(folder, report), env=_environment(faults),
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=stderr, start_new_session=True)
    stderr.close()
    try:
        wait_for(lambda: all((folder / f"{n}.txt.started").exists() for n in "bc")
                  or proc.poll() is not None, "both workers to hold a stalling file")
        assert proc.poll() is None, (tmp_path / "stderr").read_text()
        assert _temps(report), "the scan writes its report to a temp file meanwhile"
        # the scanning process, its two workers (and multiprocessing's resource tracker)
        assert len(session_processes(proc.pid)) >= 3
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    return proc, folder, report


def _assert_nothing_left(proc: subprocess.Popen, report: Path) -> None:
    wait_until_gone(proc.pid, "the workers to end")
    assert report.read_text() == PREVIOUS
    assert _temps(report) == []


def _finish(proc: subprocess.Popen) -> int:
    try:
        return proc.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        pytest.fail("the scan did not stop")


@pytest.mark.parametrize("signum, to_group, code", [
    (signal.SIGINT, False, 130),   # kill -INT, a supervisor, a CI runner's cancel
    (signal.SIGINT, True, 130),    # Ctrl-C in a terminal: the whole process group
    (signal.SIGTERM, False, 143),  # kill, systemd, docker stop
], ids=["sigint", "ctrl-c", "sigterm"])
def test_a_stop_signal_ends_the_scan_and_leaves_the_old_report(tmp_path, signum, to_group,
                                                               code):
    proc, folder, report = _start_stalled_scan(tmp_path)
    if to_group:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)
    assert _finish(proc) == code
    _assert_nothing_left(proc, report)
    lines = (tmp_path / "stderr").read_text().splitlines()
    name = signal.Signals(signum).name
    assert lines == [f"clausecheck: interrupted by {name} after 1 of 3 files; "
                     f"{report} left as it was"]


def test_a_closed_terminal_ends_the_scan_and_its_workers(tmp_path):
    """The terminal window closes: the kernel hangs up the session (SIGHUP to all of it)."""
    folder, faults = _folder(tmp_path, {"b.txt": "stall", "c.txt": "stall"})
    report = _output(tmp_path)
    pid, terminal = pty.fork()
    if pid == 0:  # the child: a new session whose controlling terminal is the pty
        try:
            os.execve(sys.executable, _command(folder, report), _environment(faults))
        finally:
            os._exit(127)
    os.set_blocking(terminal, False)

    def drain() -> None:  # what a terminal shows (the progress bar): read, so it never blocks
        try:
            while os.read(terminal, 65536):
                pass
        except OSError:
            pass

    try:
        wait_for(lambda: all((folder / f"{n}.txt.started").exists() for n in "bc"),
                  "both workers to hold a stalling file", pump=drain)
        assert len(session_processes(pid)) >= 3
    except BaseException:
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    os.close(terminal)
    end = time.monotonic() + DEADLINE
    while (status := os.waitpid(pid, os.WNOHANG))[0] == 0:
        if time.monotonic() > end:
            os.killpg(pid, signal.SIGKILL)
            pytest.fail("the scan did not stop when its terminal closed")
        time.sleep(0.05)
    assert os.waitstatus_to_exitcode(status[1]) == 128 + signal.SIGHUP
    wait_until_gone(pid, "the workers to end")
    assert report.read_text() == PREVIOUS
    assert _temps(report) == []


def test_workers_end_by_themselves_when_the_scan_is_killed(tmp_path, capsys):
    """SIGKILL (or the OOM killer) gives the scan no chance to clean up: its workers notice
    and end on their own, though they are stuck on a file; the next run writing the same
    report removes the temp file the killed one left."""
    proc, folder, report = _start_stalled_scan(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    assert _finish(proc) == -signal.SIGKILL
    wait_until_gone(proc.pid, "the orphaned workers to end")
    stale = _temps(report)
    assert len(stale) == 1 and report.read_text() == PREVIOUS

    code, _, err = run(["scan", str(folder), "-o", str(report), "--jobs", "1",
                        "--fail-on", "never"], capsys)
    assert code == 0, err
    assert _temps(report) == []
    data = json.loads(report.read_text())
    assert [Path(r["file"]).name for r in data["reports"]] == ["a.txt", "b.txt", "c.txt"]


def test_a_live_scan_keeps_its_temp_file_while_another_writes_the_same_report(tmp_path,
                                                                               capsys):
    """Two scans writing one -o: the second does not mistake the first's temp file for a
    stale one; both finish, the report is whole, no temp file stays."""
    folder, faults = _folder(tmp_path, {"b.txt": "wait"})
    report = _output(tmp_path)
    first = subprocess.Popen(_command(folder, report), env=_environment(faults),
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_for(lambda: _temps(report) or first.poll() is not None,
                  "the first scan's temp file")
        assert first.poll() is None
        first_temp = _temps(report)

        code, _, err = run(["scan", str(folder / "a.txt"), "-o", str(report), "--jobs", "1",
                            "--fail-on", "never"], capsys)
        assert code == 0, err
        assert _temps(report) == first_temp  # still there: its writer is alive
        assert len(json.loads(report.read_text())["reports"]) == 1
    finally:
        (folder / "b.txt.go").touch()  # let the first scan finish
    _, stderr = first.communicate(timeout=DEADLINE)
    assert first.returncode == 0, stderr
    assert _temps(report) == []
    assert len(json.loads(report.read_text())["reports"]) == 2


def test_a_file_over_the_memory_limit_is_that_files_error(tmp_path, monkeypatch, capfd):
    """Python's MemoryError and a native allocator's abort (Rust prints its message, then
    aborts) both become the file's error row; the scan goes on with a fresh worker."""
    folder, faults = _folder(tmp_path, {"b.txt": "alloc", "c.txt": "abort-oom",
                                        "d.txt": "none"})
    monkeypatch.setenv(FAULT_ENV, faults)
    code, out, err = run(["scan", str(folder), "--format", "json", "--jobs", "2",
                          "--max-memory", "1536", "--fail-on", "never"], capfd)
    assert code == 0, err
    data = json.loads(out)
    assert [Path(r["file"]).name for r in data["reports"]] == ["a.txt", "d.txt"]
    errors = {Path(e["file"]).name: e["error"] for e in data["errors"]}
    assert set(errors) == {"b.txt", "c.txt"}
    for error in errors.values():
        assert error.startswith("out of memory while checking this file"), error
        assert "1536 MB allowed per worker process; see --max-memory" in error
    # what the worker printed as it died explains its row instead of cluttering the terminal
    assert "memory allocation" not in err


def test_a_memory_limit_too_small_for_the_models_is_one_clear_error(tmp_path, capsys):
    folder, _ = _folder(tmp_path, {})
    code, out, err = run(["scan", str(folder), "--jobs", "2", "--max-memory", "64"], capsys)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "clausecheck: error: cannot start the checker: out of memory while loading the "
        "language models (more than the 64 MB allowed per worker process; see --max-memory)"]


# ----------------------------------------------------------------- check and redline

def _signal_self(signum: int) -> None:
    """Deliver ``signum`` to this process as ``kill`` would, and wait for the handler."""
    os.kill(os.getpid(), signum)
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        time.sleep(0.01)
    pytest.fail("the signal handler did not interrupt")


def test_check_stopped_while_writing_leaves_the_old_report(tmp_path, monkeypatch, capsys):
    import clausecheck.report as report_module

    src = Path(SAMPLES_DIR) / "nda_en_weak.txt"
    report = _output(tmp_path)

    def render(*args, **kwargs):
        yield '{"partial": '
        _signal_self(signal.SIGTERM)

    monkeypatch.setattr(report_module, "render", render)
    handler = signal.getsignal(signal.SIGTERM)
    code, out, err = run(["check", str(src), "-o", str(report)], capsys)
    assert code == 143
    assert err.splitlines() == [f"clausecheck: interrupted by SIGTERM; {report} left as it was"]
    assert report.read_text() == PREVIOUS and _temps(report) == []
    assert signal.getsignal(signal.SIGTERM) is handler  # the command's handler is gone


def test_redline_stopped_by_ctrl_c_writes_nothing(tmp_path, monkeypatch, capsys):
    import clausecheck.api as api

    src = tmp_path / "draft.docx"
    shutil.copy(Path(SAMPLES_DIR) / "nda_en_weak.docx", src)
    before = src.read_bytes()
    monkeypatch.setattr(api, "check_document",
                        lambda *a, **k: _signal_self(signal.SIGINT))
    code, out, err = run(["redline", str(src)], capsys)
    assert code == 130
    out_name = tmp_path / "draft.clausecheck.docx"
    assert err.splitlines() == [f"clausecheck: interrupted by SIGINT; {out_name} not written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.docx"]
    assert src.read_bytes() == before


# ----------------------------------------------------------------- the signal helpers

def test_deferred_interrupts_hold_a_signal_until_the_block_ends():
    from clausecheck.signals import Interrupted, deferred_interrupts, stop_on_signals

    steps = []
    with stop_on_signals():
        with pytest.raises(Interrupted) as exc:
            with deferred_interrupts():
                os.kill(os.getpid(), signal.SIGTERM)
                for _ in range(100):  # many bytecodes: the handler has run by now
                    time.sleep(0.001)
                steps.append("finished the critical section")
        assert exc.value.exit_code == 143
    assert steps == ["finished the critical section"]


def test_a_second_signal_while_stopping_is_ignored_and_details_add_up():
    from clausecheck.signals import Interrupted, describe_interrupt, stop_on_signals

    cleaned = []
    with stop_on_signals():
        with pytest.raises(Interrupted) as exc:
            with describe_interrupt(lambda: "after 2 of 5 files"):
                with describe_interrupt(lambda: "; r.json left as it was"):
                    try:
                        _signal_self(signal.SIGINT)
                    finally:
                        os.kill(os.getpid(), signal.SIGINT)  # impatient: Ctrl-C again
                        for _ in range(100):
                            time.sleep(0.001)
                        cleaned.append(True)  # clean-up ran to its end
    assert cleaned == [True]
    assert exc.value.message() == "interrupted by SIGINT after 2 of 5 files; r.json left as it was"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_signal_ignored_from_the_start_stays_ignored():
    """``nohup clausecheck scan ...`` must survive the terminal closing."""
    from clausecheck.signals import stop_on_signals

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with stop_on_signals():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_limit_memory_caps_the_address_space_and_keeps_a_stricter_one():
    code = ("import resource; from clausecheck.batch import limit_memory; "
            "print(limit_memory(0), limit_memory(4096), "
            "resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20, limit_memory(8192))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=DEADLINE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["None", "4096", "4096", "4096"]


@pytest.mark.parametrize("exc,expected", [
    (MemoryError(), True),
    (OSError(12, "Cannot allocate memory"), True),
    (ImportError("libfoo.so: failed to map segment from shared object"), True),
    # the compiler under an address-space limit: a failed allocation read as a malformed tree
    (SystemError("field 'target' is required for AnnAssign"), True),
    (ValueError("unknown contract type"), False),
])
def test_what_counts_as_running_out_of_memory_while_loading(exc, expected):
    from clausecheck.batch import about_memory

    assert about_memory(exc) is expected
