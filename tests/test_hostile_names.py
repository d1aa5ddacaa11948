"""File names, links and report cells from hostile folders (issue 16).

Non-UTF-8 names, names that are spreadsheet formulas, control characters, symlink loops,
dangling links and FIFOs: every one is reported, in every format, and none crashes a writer.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from cli_runner import run
from clausecheck.errors import printable_path
from sample_contracts import SAMPLES_DIR

SAMPLE = Path(SAMPLES_DIR) / "jr_ja_sound.txt"
BAD_NAME = os.fsdecode(b"bad\xff\xfe.txt")       # not UTF-8: held as surrogates by Python
FORMULA_NAMES = ["=1+2.txt", "+cmd.txt", "-2+3.txt", "@SUM(A1).txt"]
CONTROL_NAME = "ctl\x1b[31mred\n.txt"

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file names and FIFOs")


def test_printable_path() -> None:
    assert printable_path(BAD_NAME) == "bad\\xff\\xfe.txt"
    assert printable_path(b"bad\xff.txt") == "bad\\xff.txt"
    assert printable_path(CONTROL_NAME) == "ctl\\x1b[31mred\\x0a.txt"
    assert printable_path("x\u202etxt.exe") == "x\\u202etxt.exe"
    assert printable_path("秘密保持契約　最終版.docx") == "秘密保持契約　最終版.docx"


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.name != "posix":
        pytest.skip("POSIX file names and FIFOs")
    folder = tmp_path_factory.mktemp("hostile")
    for name in [BAD_NAME, CONTROL_NAME, *FORMULA_NAMES]:
        try:
            shutil.copy(SAMPLE, folder / name)
        except (OSError, UnicodeEncodeError):
            pytest.skip(f"the file system refuses the name {name!r}")
    os.symlink("b.docx", folder / "a.docx")
    os.symlink("a.docx", folder / "b.docx")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


LINK_REASONS = {"a.docx": "symbolic link loop", "b.docx": "symbolic link loop",
                "dangling.txt": "dangling symbolic link", "pipe.txt": "named pipe"}


@posix_only
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_scan_reports_every_hostile_name(hostile_folder: Path, fmt: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(hostile_folder), "--format", fmt, "-j", "1",
                          "--ui-lang", "en"], capsys)
    assert code in (0, 1), err
    assert "Traceback" not in err
    if fmt == "json":
        out = out.replace("\\\\", "\\")  # JSON escapes the backslash of "\\xff"
    for shown in ["bad\\xff\\xfe.txt", "ctl\\x1b[31mred\\x0a.txt", *FORMULA_NAMES]:
        assert shown in out or shown.replace("&", "&amp;") in out, (shown, fmt)
    for name, reason in LINK_REASONS.items():
        assert name in out and reason in out, (name, fmt)
    assert "\x1b" not in out  # no raw escape sequence from a file name reaches the terminal


@posix_only
def test_scan_json_counts_every_file(hostile_folder: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "scan.json"
    code, _out, err = run(["scan", str(hostile_folder), "-o", str(out), "-j", "1"], capsys)
    assert code in (0, 1), err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["reports"]) == 6 and len(data["errors"]) == 4


@posix_only
def test_check_with_a_non_utf8_name(hostile_folder: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "json", "html"):
        code, out, err = run(["check", str(hostile_folder / BAD_NAME), "--format", fmt], capsys)
        assert code in (0, 1), err
        assert "bad\\xff\\xfe.txt" in out.replace("\\\\", "\\")
    code, _out, err = run(["check", str(hostile_folder / "a.docx"), "--ui-lang", "en"], capsys)
    assert code == 2 and "symbolic link loop" in err and len(err.strip().splitlines()) == 1


@posix_only
def test_csv_fields_never_start_a_formula(hostile_folder: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["scan", str(hostile_folder), "--format", "csv", "-j", "1"], capsys)
    assert code in (0, 1), err
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    files = {row[0] for row in rows[1:]}
    for name in FORMULA_NAMES:
        path = str(hostile_folder / name)
        assert path in files or f"'{path}" in files or f"'{name}" in files or name in files
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@posix_only
def test_csv_quotes_formula_names_at_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for name in FORMULA_NAMES:
        shutil.copy(SAMPLE, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["scan", ".", "--format", "csv", "-j", "1"], capsys)
    assert code in (0, 1), err
    files = {row[0] for row in csv.reader(io.StringIO(out.lstrip("\ufeff")))}
    assert {"'" + n for n in FORMULA_NAMES} <= files


@posix_only
def test_xlsx_cells_are_text_not_formulas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for name in FORMULA_NAMES + [BAD_NAME]:
        shutil.copy(SAMPLE, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["scan", ".", "-o", "s.xlsx", "-j", "1"], capsys)
    assert code in (0, 1), err
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if cell.value in FORMULA_NAMES:
                    assert cell.quotePrefix
                    seen.add((ws.title, cell.value))
    assert {v for _t, v in seen} == set(FORMULA_NAMES)
    assert len({t for t, _v in seen}) >= 2  # the summary and the findings sheets


@posix_only
def test_recursive_scan_reports_links_to_folders(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # A link to a folder outside the tree and one back up to the root: neither is followed
    # (no loop, nothing outside the tree is read), and both are in the results with a reason.
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    (tree / "sub").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(SAMPLE, tree / "a.txt")
    shutil.copy(SAMPLE, outside / "b.txt")
    os.symlink(outside, tree / "linked")
    os.symlink("..", tree / "sub" / "up")
    code, out, err = run(["scan", str(tree), "-r", "--format", "json", "-j", "1"], capsys)
    assert code in (0, 1), err
    data = json.loads(out)
    assert [Path(r["file"]).name for r in data["reports"]] == ["a.txt"]
    reasons = {Path(e["file"]).name: e["error"] for e in data["errors"]}
    assert set(reasons) == {"linked", "up"}
    assert all(r.startswith("symbolic link to a folder, not followed") for r in reasons.values())
    assert str(outside) in reasons["linked"] and str(tree) in reasons["up"]
    # without -r, sub-folders (linked or not) are not part of the scan
    code, out, err = run(["scan", str(tree), "--format", "json", "-j", "1"], capsys)
    assert code in (0, 1) and json.loads(out)["errors"] == [], err
