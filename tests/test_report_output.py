"""Atomic outputs: a temp file beside the output, locked while its writer lives; the next
writer of the same output removes the temp files of dead writers and no other file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clausecheck.report.output import atomic_output, remove_stale_temps, write_atomic

fcntl = pytest.importorskip("fcntl", reason="stale temp files are told apart by flock")


def _stale(folder: Path, name: str, text: str = "half a report") -> Path:
    """A temp file as a killed writer leaves it: complete or not, and unlocked."""
    path = folder / name
    path.write_text(text)
    return path


def test_the_next_writer_removes_stale_temps_of_its_output_only(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old")
    stale = [_stale(tmp_path, ".r.json.k2x9_a0b.tmp"), _stale(tmp_path, ".r.json.zzzzzzzz.tmp")]
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not ours to delete")
    kept = [
        _stale(tmp_path, ".r.json.bak"),                 # not a temp file name
        _stale(tmp_path, ".other.json.k2x9_a0b.tmp"),    # another output's
        _stale(tmp_path, ".r.jsonl.k2x9_a0b.tmp"),       # another output's
        _stale(tmp_path, "r.json.k2x9_a0b.tmp"),         # not hidden: not one of ours
        _stale(tmp_path, ".r.json.short.tmp"),           # not what mkstemp makes
    ]
    (tmp_path / ".r.json.dirdirdi.tmp").mkdir()
    (tmp_path / ".r.json.linklink.tmp").symlink_to(outside)
    write_atomic(out, "new")
    assert out.read_text() == "new"
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert (tmp_path / ".r.json.dirdirdi.tmp").is_dir()
    assert (tmp_path / ".r.json.linklink.tmp").is_symlink()
    assert outside.read_text() == "not ours to delete"


def test_a_temp_file_locked_by_a_live_writer_is_kept(tmp_path):
    out = tmp_path / "r.json"
    live = _stale(tmp_path, ".r.json.abcd1234.tmp", "a report being written")
    fd = os.open(live, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running atomic_output holds
        assert remove_stale_temps(out) == []
        write_atomic(out, "mine")
        assert live.read_text() == "a report being written"
    finally:
        os.close(fd)  # the writer dies: its lock goes with it
    assert remove_stale_temps(out) == [str(live)]
    assert out.read_text() == "mine"


def test_a_writer_holds_its_lock_until_the_output_is_in_place(tmp_path):
    out = tmp_path / "r.json"
    with atomic_output(out) as fh:
        fh.write(b"streamed")
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".r.json.")]
        assert len(temps) == 1
        assert remove_stale_temps(out) == []  # a second scan sees it is alive
    assert out.read_bytes() == b"streamed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_a_failed_write_removes_its_temp_and_keeps_the_old_output(tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(out) as fh:
            fh.write(b"half")
            raise RuntimeError("the scan failed")
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_check_and_redline_outputs_clean_up_after_a_killed_run_too(tmp_path, capsys):
    import shutil

    from cli_runner import run
    from sample_contracts import SAMPLES_DIR

    src = tmp_path / "draft.docx"
    shutil.copy(Path(SAMPLES_DIR) / "nda_en_weak.docx", src)
    stale = [_stale(tmp_path, ".draft.clausecheck.docx.a1b2c3d4.tmp"),
             _stale(tmp_path, ".draft.json.a1b2c3d4.tmp")]
    code, _, err = run(["redline", str(src)], capsys)
    assert code == 0, err
    code, _, err = run(["check", str(src), "-o", str(tmp_path / "draft.json")], capsys)
    assert code in (0, 1), err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "draft.clausecheck.docx", "draft.docx", "draft.json"]
    assert not any(p.exists() for p in stale)
