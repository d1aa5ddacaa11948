"""`clausecheck library list/show/validate`: output and exit codes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clause_library import LIBRARY_DIR
from cli_runner import run




@pytest.fixture
def broken(tmp_path: Path) -> Path:
    target = tmp_path / "playbook"
    shutil.copytree(LIBRARY_DIR, target,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    text = (target / "term.yaml").read_text(encoding="utf-8")
    (target / "term.yaml").write_text(text + "colour: blue\n", encoding="utf-8")
    (target / "profiles" / "nda.yaml").write_text(
        (target / "profiles" / "nda.yaml").read_text(encoding="utf-8")
        .replace("provisions:\n", "provisions:\n  teleportation: required\n"), encoding="utf-8")
    return target


def test_list_shows_every_provision_with_levels(capsys):
    code, out, err = run(["library", "list"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    # one column per profile of the library, by its short label; the fallback last
    assert lines[0].split() == ["id", "JR", "LIC", "NDA", "OUT", "PoC", "SUP", "other", "title"]
    rows = {line.split()[0]: line.split() for line in lines[1:33]}
    assert len(rows) == 32
    assert rows["participants"][1:4] == ["req", "–", "–"]
    assert rows["return_deletion"][1:4] == ["req", "req", "req"]
    assert rows["sublicensing"][1:4] == ["–", "req", "–"]
    assert re.search(r"^  outsourcing +OUT: Outsourcing agreement", out, re.M)
    assert "(fallback)" in out
    assert "Return and destruction of information" in out


def test_list_in_japanese_and_for_the_recipient(capsys):
    code, out, _ = run(["library", "list", "--lang", "ja", "--side", "recipient"], capsys)
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("change_of_control"))
    assert line.split()[1:4] == ["rec", "rec", "rec"]
    assert "資本変動" in line


def test_show_prints_everything_including_recommended_text(capsys):
    code, out, err = run(["library", "show", "return_deletion"], capsys)
    assert code == 0, err
    for needle in ("title:", "guidance: 4-2-⑩", "why:", "heading cues:", "body cues:",
                   "on_termination [core, required]", "on_request_only", "retention_allowed [warning]",
                   "recommended:", "[ja] 秘密情報の返還・廃棄", "[en] Return and Destruction",
                   "乙は、本契約が終了したとき", "file: clause_library/return_deletion.yaml"):
        assert needle in out, needle


def test_show_one_language_and_alias(capsys):
    code, out, _ = run(["library", "show", "non_disclosure", "--lang", "ja"], capsys)
    assert code == 0
    assert out.startswith("confidentiality")
    assert "秘密保持義務" in out and "Disclosing Party" not in out


def test_show_unknown_id_is_one_line_and_exit_2(capsys):
    code, out, err = run(["library", "show", "teleportation"], capsys)
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0
    assert "unknown provision 'teleportation'" in err


def test_validate_builtin_ok(capsys):
    code, out, err = run(["library", "validate"], capsys)
    assert code == 0, err
    assert out.strip() == "32 provisions, 7 profiles: OK"


def test_validate_broken_lists_each_error_and_exits_2(capsys, broken):
    code, out, err = run(["library", "validate", "--library", str(broken)], capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == f"{broken / 'term.yaml'}: colour: unknown key " \
                       "(allowed: aliases, body_cues, code, core, elements, guidance, " \
                       "heading_cues, id, placement, recommended, risk_flags, title, weakening, " \
                       "why)"
    assert lines[1] == f"{broken / 'profiles' / 'nda.yaml'}: provisions.teleportation: " \
                       "unknown provision"
    assert lines[-1] == "clausecheck: error: 2 problem(s) in the library"


def test_other_commands_fail_on_a_broken_library_in_one_line(capsys, broken):
    code, out, err = run(["library", "list", "--library", str(broken)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "colour: unknown key" in err and "and 1 more" in err


def test_help_texts_have_examples(capsys):
    for argv in (["library", "--help"], ["library", "list", "--help"],
                 ["library", "show", "--help"], ["library", "validate", "--help"]):
        code, out, _ = run(argv, capsys)
        assert code == 0 and "Examples:" in out


def test_validate_as_a_subprocess(broken):
    ok = subprocess.run([sys.executable, "-m", "clausecheck", "library", "validate"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([sys.executable, "-m", "clausecheck", "library", "validate",
                          "--library", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
