"""Private folders locked while their owner lives: the next owner of the same kind removes
the ones a killed process left, and nothing else (the files' case is in
test_report_output.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from clausecheck.locked import LOCK_NAME, LockedFolder, mkdtemp_names, remove_unlocked

pytest.importorskip("fcntl", reason="a dead owner's folder is told apart by flock")
PREFIX = "clausecheck-test-"


def _sweep(parent: Path) -> list[str]:
    return remove_unlocked(parent, mkdtemp_names(PREFIX), folders=True)


def _left_by_a_dead_owner(parent: Path, name: str = "deadbeef") -> Path:
    """What a killed process leaves: the folder, its lock file (free), its contents."""
    folder = parent / f"{PREFIX}{name}"
    folder.mkdir(mode=0o700)
    (folder / LOCK_NAME).write_text("")
    (folder / "upload.docx").write_bytes(b"PK")
    (folder / "worker-0.tmp" / "lo-profile").mkdir(parents=True)
    (folder / "worker-0.tmp" / "lo-profile" / "x.xcu").write_text("x")
    return folder


def test_a_live_folder_is_private_locked_and_kept_until_removed(tmp_path) -> None:
    live = LockedFolder(PREFIX, tmp_path)
    assert mkdtemp_names(PREFIX).fullmatch(live.path.name)
    assert stat.S_IMODE(live.path.stat().st_mode) == 0o700
    assert sorted(os.listdir(live.path)) == [LOCK_NAME]  # locked before it had its name
    (live.path / "upload.docx").write_bytes(b"PK")
    assert _sweep(tmp_path) == []
    assert (live.path / "upload.docx").exists()
    live.remove()
    assert list(tmp_path.iterdir()) == []


def test_a_dead_owners_folder_goes_with_everything_in_it_but_not_what_it_links_to(
        tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "contract.docx").write_text("the user's own file")
    dead = _left_by_a_dead_owner(tmp_path)
    (dead / "link").symlink_to(outside)
    (dead / "worker-0.tmp" / "file-link").symlink_to(outside / "contract.docx")
    assert _sweep(tmp_path) == [str(dead)]
    assert not dead.exists()
    assert (outside / "contract.docx").read_text() == "the user's own file"


def test_only_our_own_private_folders_are_taken(tmp_path) -> None:
    stale = _left_by_a_dead_owner(tmp_path, "stale___")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = _left_by_a_dead_owner(elsewhere, "target__")
    kept = {
        "link": tmp_path / f"{PREFIX}linklink",          # a link to a stale-looking folder
        "open": _left_by_a_dead_owner(tmp_path, "shared00"),   # not 0700
        "old": tmp_path / f"{PREFIX}nolock00",           # no lock file: an older version's
        "name": _left_by_a_dead_owner(tmp_path, "toolongname"),  # not mkdtemp's name
        "other": tmp_path / "clausecheck-other-deadbeef",
        "file": tmp_path / f"{PREFIX}afile000",          # a file, not a folder
        "lock_link": tmp_path / f"{PREFIX}locklink",     # its lock is a link
    }
    kept["link"].symlink_to(target)
    os.chmod(kept["open"], 0o755)
    kept["old"].mkdir(mode=0o700)
    kept["other"].mkdir(mode=0o700)
    (kept["other"] / LOCK_NAME).write_text("")
    kept["file"].write_text("")
    kept["lock_link"].mkdir(mode=0o700)
    (kept["lock_link"] / LOCK_NAME).symlink_to(target / LOCK_NAME)
    assert _sweep(tmp_path) == [str(stale)]
    assert all(os.path.lexists(p) for p in kept.values())
    assert (target / "upload.docx").exists()
    assert kept["link"].is_symlink()


def test_a_folder_held_by_another_live_process_is_kept(tmp_path) -> None:
    """The lock belongs to the open file, so a lock taken here stands for another process."""
    import fcntl

    held = _left_by_a_dead_owner(tmp_path)
    fd = os.open(held / LOCK_NAME, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert _sweep(tmp_path) == []
        assert (held / "upload.docx").exists()
    finally:
        os.close(fd)  # its owner ends
    assert _sweep(tmp_path) == [str(held)]
