"""Hostile input at the command line: one line on stderr, exit 2, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cli_runner import run


def test_check_gives_up_after_its_time_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck import api

    def stuck(*_args: object, **_kwargs: object) -> None:
        time.sleep(30)

    path = tmp_path / "stuck.txt"
    path.write_text("秘密保持契約書\n第1条（目的）本文。\n", encoding="utf-8")
    monkeypatch.setattr(api, "check_file", stuck)
    code, out, err = run(["check", str(path), "--timeout", "1", "--ui-lang", "en"], capsys)
    assert code == 2 and not out
    assert err.strip().splitlines() == [f"clausecheck: error: {path}: gave up after 1 s "
                                        "(--timeout); the file may be hostile or far larger "
                                        "than a contract"]


def test_check_on_a_directory_is_one_line(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["check", str(tmp_path)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "is a directory" in err and "scan" in err


def test_unexpected_exception_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from clausecheck import api

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("x" * 5000)

    path = tmp_path / "a.txt"
    path.write_text("契約書\n第1条 本文。\n", encoding="utf-8")
    monkeypatch.setattr(api, "check_file", broken)
    monkeypatch.delenv("CLAUSECHECK_DEBUG", raising=False)
    code, _out, err = run(["check", str(path)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "internal error: KeyError" in err
    assert len(err) < 500
