"""`clausecheck serve` as a command: help, a busy port, the --host warning, Ctrl-C and kill,
and the templates shipped by a non-editable install (issue 13)."""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from clausecheck.batch import FAULT_ENV
from clausecheck.locked import LOCK_NAME
from clausecheck.serve.app import remove_dead_servers_folders
from cli_runner import run

ROOT = Path(__file__).resolve().parents[1]
WAIT = 90  # seconds: a bound for slow machines, not a speed requirement


def test_help_has_examples_and_loads_no_web_framework(capsys) -> None:
    code, out, err = run(["serve", "--help"], capsys)
    assert code == 0, err
    assert "Examples:" in out and "clausecheck serve --open" in out
    assert "Authorization: Bearer" in out
    probe = ("import sys; from clausecheck.cli import main\n"
             "try:\n    main(['serve', '--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('spacy', 'starlette', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_busy_port_is_one_line_and_exit_2(capsys) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        code, out, err = run(["serve", "--port", str(port)], capsys)
    assert code == 2
    assert err.strip() == (f"clausecheck: error: port {port} is already in use; choose "
                           "another with --port N (or --port 0 for any free port)")


def _start(tmp: Path, *args: str, env: dict[str, str] | None = None,
           session: bool = False) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, TMPDIR=str(tmp), **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "clausecheck", "serve", "--port", "0",
                             "-j", "1", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True,
                            start_new_session=session)
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    if not selector.select(timeout=WAIT):
        proc.kill()
        raise AssertionError("no address printed: " + proc.stderr.read())
    return proc, proc.stdout.readline().strip()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
                         ids=["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_stops_the_server_and_removes_the_uploads_folder(tmp_path, sig) -> None:
    proc, line = _start(tmp_path, "-j", "2")  # two workers: their shutdown takes a while
    assert line.startswith("clausecheck serve: http://127.0.0.1:")
    assert "?token=" in line
    assert len(list(tmp_path.glob("clausecheck-serve-*"))) == 1
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 128 + sig, err  # as every command stopped by a signal
    assert err.strip().splitlines()[-1] == (
        f"clausecheck: interrupted by {signal.Signals(sig).name}; the server stopped and its "
        "uploaded files were deleted")
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # uploads, the workers' logs and temporary files


def _post_and_forget(address: str, name: str) -> None:
    """POST a file to the API from a thread; the answer (or the lack of one) is not ours."""
    import httpx

    base, _, token = address.partition("/?token=")
    try:
        httpx.post(base + "/api/check", headers={"Authorization": f"Bearer {token}"},
                   files={"file": (name, b"Confidentiality. The Recipient shall keep it.")},
                   timeout=WAIT)
    except httpx.HTTPError:
        pass


def _lookalikes(tmp: Path) -> list[Path]:
    """Folders with our names that no server of ours made or that are not ours to remove:
    a link to a stale-looking folder elsewhere, one open to others, one of an older version
    (no lock file inside), another name; each with a file that must survive."""
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / LOCK_NAME).write_text("")
    (tmp / "clausecheck-serve-linklink").symlink_to(elsewhere)
    made = [tmp / "clausecheck-serve-shared0_", tmp / "clausecheck-workers-oldvers0",
            tmp / "clausecheck-serve-notmkdtemp"]
    for folder in made:
        folder.mkdir()
        os.chmod(folder, 0o755 if "shared" in folder.name else 0o700)
        (folder / "keep.txt").write_text("not ours to delete")
    for folder in made[:1] + made[2:]:
        (folder / LOCK_NAME).write_text("")  # free, as a dead server's would be
    return [elsewhere, *made]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_servers_workers_end_and_the_next_start_removes_its_folders(tmp_path) -> None:
    """SIGKILL (or the OOM killer) gives the server no chance to stop its workers: they end
    on their own, even one stuck on a file in C code that holds the GIL (test fault
    "stall": it creates NAME.started beside the upload, then spins in a regex). Its private
    folders stay behind; the next server removes them, and nothing else."""
    from processes import session_processes, wait_for, wait_until_gone

    proc, line = _start(tmp_path, env={FAULT_ENV: "stall:stall.txt"}, session=True)
    try:
        address = line.split(": ", 1)[1]
        threading.Thread(target=_post_and_forget, args=(address, "stall.txt"),
                         daemon=True).start()
        wait_for(lambda: list(tmp_path.glob("clausecheck-serve-*/*.started")),
                 "the file to be in the worker")
        assert len(session_processes(proc.pid)) >= 2  # the server and its worker
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
    wait_until_gone(proc.pid, "the killed server's workers to end")
    dead = sorted(tmp_path.iterdir())
    assert [p.name.rsplit("-", 1)[0] for p in dead] == ["clausecheck-serve",
                                                         "clausecheck-workers"]
    kept = _lookalikes(tmp_path)

    proc, line = _start(tmp_path)
    try:
        assert not any(p.exists() for p in dead)
        for folder in kept:
            assert folder.is_dir()
            assert folder.name == "elsewhere" or (folder / "keep.txt").exists()
        assert (tmp_path / "clausecheck-serve-linklink").is_symlink()
        def new_folders() -> list[Path]:
            return sorted(set(tmp_path.iterdir()) - set(kept)
                          - {tmp_path / "clausecheck-serve-linklink"})

        # its uploads folder is made before the address is printed, the workers' one as
        # the worker starts
        wait_for(lambda: len(new_folders()) == 2, "the new server's workers' folder")
        live = new_folders()
        assert [p.name.rsplit("-", 1)[0] for p in live] == ["clausecheck-serve",
                                                            "clausecheck-workers"]
        assert remove_dead_servers_folders(str(tmp_path)) == []  # a third start: it lives
        assert all(p.is_dir() for p in live)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=WAIT)
    assert not any(p.exists() for p in live)
    assert all(p.is_dir() for p in kept)


def test_listening_beyond_this_machine_warns(tmp_path) -> None:
    proc, line = _start(tmp_path, "--host", "0.0.0.0")
    try:
        assert line.startswith("clausecheck serve: http://127.0.0.1:")
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=WAIT)
    assert "warning: listening on 0.0.0.0" in err


def test_a_wheel_ships_the_templates_and_static_files(tmp_path) -> None:
    """A non-editable install (`pip install .`) gets its files from the wheel."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    out = tmp_path / "wheel"
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                             "-w", str(out), str(source)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheel = next(out.glob("clausecheck-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "clausecheck" / "serve"
    expected = {f"clausecheck/serve/{p.relative_to(package).as_posix()}"
                for sub in ("templates", "static") for p in (package / sub).iterdir()}
    assert expected and expected <= names, sorted(expected - names)
