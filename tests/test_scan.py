"""`clausecheck scan`: a folder mixing good contracts and every kind of bad file.

Multi-process scans start worker processes that load the models, so they are few and cover
much at once; format and exit-code tests use --jobs 1 (in-process, models loaded once per
test session).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from clausecheck.batch import FAULT_ENV, ScanOptions, collect_files, scan_files
from cli_runner import run
from sample_contracts import SAMPLES_DIR

GOOD = ["nda_ja_sound.docx", "nda_ja_weak.docx", "jr_ja_sound.txt"]




def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _image_only_docx(path: Path, tmp: Path) -> None:
    import docx

    png = tmp / "pixel.png"
    png.write_bytes(_png_1x1())
    document = docx.Document()
    document.add_picture(str(png))
    document.save(str(path))
    png.unlink()


def _good(folder: Path, names: list[str] = GOOD) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        src = Path(SAMPLES_DIR) / name
        if not src.exists():
            pytest.skip(f"sample {name} not built yet")
        shutil.copy(src, folder / name)
        out.append(str(folder / name))
    return out


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """Good contracts, each kind of bad file, a file to skip and one to ignore."""
    folder = tmp_path / "contracts"
    _good(folder)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
    (folder / "encrypted.docx").write_bytes(ole)
    (folder / "legacy.doc").write_bytes(ole)
    (folder / "empty.txt").write_bytes(b"")
    _image_only_docx(folder / "image_only.docx", tmp_path)
    with open(folder / "huge.txt", "wb") as fh:  # sparse: costs no disk space
        fh.truncate(60 * 1024 * 1024)
    (folder / "logo.png").write_bytes(_png_1x1())  # an image: read by OCR, too small
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "~$nda_ja_sound.docx").write_bytes(b"lock")
    return folder


EXPECTED_ERRORS = {
    "corrupt.docx": ("zip", "corrupt", "not a valid"),
    "encrypted.docx": ("password", "encrypt"),
    "legacy.doc": (".doc",),
    "empty.txt": ("empty",),
    "image_only.docx": ("image", "no text", "text"),
    "huge.txt": ("too large",),
    "logo.png": ("image",),
}


def test_mixed_folder_scans_to_completion_with_the_right_errors(mixed, capsys):
    before = sorted(p.name for p in mixed.iterdir())
    mtimes = {p.name: p.stat().st_mtime_ns for p in mixed.iterdir()}
    code, out, err = run(["scan", str(mixed), "--format", "json", "--jobs", "2"], capsys)
    data = json.loads(out)
    assert [Path(r["file"]).name for r in data["reports"]] == sorted(GOOD)
    errors = {Path(e["file"]).name: e["error"] for e in data["errors"]}
    assert set(errors) == set(EXPECTED_ERRORS)
    for name, words in EXPECTED_ERRORS.items():
        assert any(w in errors[name].lower() for w in words), (name, errors[name])
        assert "\n" not in errors[name] and "Traceback" not in errors[name]
    assert data["summary"]["skipped"] == 1  # budget.xlsx; the Word lock file is ignored
    assert code in (0, 1)
    assert "Traceback" not in err
    # nothing written next to the inputs, nothing modified
    assert sorted(p.name for p in mixed.iterdir()) == before
    assert {p.name: p.stat().st_mtime_ns for p in mixed.iterdir()} == mtimes


def test_worker_crash_and_hang_cost_one_file_each(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "c"
    _good(folder)
    shutil.copy(folder / "nda_ja_sound.docx", folder / "crash.docx")
    shutil.copy(folder / "nda_ja_sound.docx", folder / "hang.docx")
    shutil.copy(folder / "nda_ja_sound.docx", folder / "segv.docx")
    monkeypatch.setenv(FAULT_ENV, "crash:crash.docx,hang:hang.docx,segfault:segv.docx")
    code, out, err = run(["scan", str(folder), "--format", "json", "--jobs", "2",
                          "--timeout", "15", "--fail-on", "never"], capsys)
    assert code == 0
    data = json.loads(out)
    assert sorted(Path(r["file"]).name for r in data["reports"]) == sorted(GOOD)
    errors = {Path(e["file"]).name: e["error"] for e in data["errors"]}
    assert "crashed" in errors["crash.docx"]
    assert "SIGSEGV" in errors["segv.docx"]
    assert "timed out" in errors["hang.docx"]


def test_results_in_path_order_whatever_the_scheduling(tmp_path):
    folder = tmp_path / "c"
    names = [f"{i:02d}.md" for i in range(8)]
    src = Path(SAMPLES_DIR) / "nda_ja_sound.md"
    if not src.exists():
        pytest.skip("sample not built")
    folder.mkdir()
    for name in reversed(names):
        shutil.copy(src, folder / name)
    files, skipped = collect_files([folder])
    assert [Path(f).name for f in files] == names and skipped == []
    batch = scan_files(files, ScanOptions(jobs=2, faults={"03.md": "raise"}))
    assert [Path(r.file).name for r in batch.reports] == [n for n in names if n != "03.md"]
    assert [Path(e.file).name for e in batch.errors] == ["03.md"]
    assert all(r.document is None for r in batch.reports)  # nothing heavy sent back


def test_collect_recursive_and_explicit_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "b" / "two.docx").write_bytes(b"x")
    (tmp_path / "a" / "b" / "budget.xlsx").write_bytes(b"x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    flat, skipped = collect_files([tmp_path / "a"])
    assert [Path(f).name for f in flat] == ["one.txt"] and skipped == []
    deep, skipped = collect_files([tmp_path / "a"], recursive=True)
    assert [Path(f).name for f in deep] == ["two.docx", "one.txt"]  # "a/b/…" < "a/one…"
    assert [Path(s).name for s in skipped] == ["budget.xlsx"]
    files, _ = collect_files([tmp_path / "a" / "one.txt", tmp_path / "a"])
    assert len(files) == 1  # the same file named twice is checked once


# ----------------------------------------------------------------- formats and exit codes

@pytest.fixture()
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    _good(folder)
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 broken")
    return folder


def test_every_format_parses_back(small, tmp_path, capsys):
    outputs = {}
    for fmt in ("json", "csv", "xlsx", "html", "table"):
        out = tmp_path / f"report.{fmt if fmt != 'table' else 'txt'}"
        code, _, err = run(["scan", str(small), "--format", fmt, "-o", str(out), "--jobs", "1"],
                           capsys)
        assert code in (0, 1), err
        # a folder of Japanese contracts: the closing line speaks Japanese
        assert "結果を" in err and "に書き出しました" in err
        outputs[fmt] = out
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert len(data["reports"]) == 3 and len(data["errors"]) == 1
    n_findings = sum(len(r["findings"]) for r in data["reports"])

    with open(outputs["csv"], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n_findings + 1
    assert {"file", "language", "contract_type", "provision", "status", "severity", "clauses",
            "missing_elements", "guidance"} <= set(rows[0])

    wb = openpyxl.load_workbook(outputs["xlsx"])
    summary = wb.worksheets[0]
    assert summary.max_row >= 1 + 3
    assert summary.freeze_panes == "B2" and summary.auto_filter.ref
    assert wb.worksheets[1].max_row == 1 + 3  # key facts: one row per contract
    findings = wb.worksheets[2]
    assert findings.max_row == 1 + n_findings

    parser = HTMLParser()
    parser.feed(outputs["html"].read_text(encoding="utf-8"))
    parser.close()
    html = outputs["html"].read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "<script" not in html
    assert "http://" not in html and "https://" not in html

    table = outputs["table"].read_text(encoding="utf-8")
    assert "nda_ja_weak.docx" in table and "corrupt.docx" in table


def test_xlsx_needs_output(small, capsys):
    code, out, err = run(["scan", str(small), "--format", "xlsx", "--jobs", "1"], capsys)
    assert code == 2 and "-o" in err and out == ""


def test_fail_on_levels(tmp_path, capsys):
    folder = tmp_path / "weak"
    _good(folder, ["nda_ja_weak.docx"])
    code_weak, *_ = run(["scan", str(folder), "--jobs", "1", "--format", "json"], capsys)
    code_never, *_ = run(["scan", str(folder), "--jobs", "1", "--fail-on", "never"], capsys)
    assert code_weak == 1 and code_never == 0
    code_missing, out, _ = run(["scan", str(folder), "--jobs", "1", "--fail-on", "missing",
                                "--format", "json"], capsys)
    report = json.loads(out)["reports"][0]
    has_missing = any(f["status"] == "missing" and f["requirement"] == "required"
                      for f in report["findings"])
    assert code_missing == (1 if has_missing else 0)


def test_no_readable_file_exits_2_and_keeps_existing_output(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"PK\x03\x04 broken")
    (folder / "b.txt").write_bytes(b"")
    out = tmp_path / "summary.json"
    out.write_text("previous report")
    code, stdout, err = run(["scan", str(folder), "-o", str(out), "--jobs", "1"], capsys)
    assert code == 2
    assert out.read_text() == "previous report"
    assert "a.docx" in err and "none of the 2 files" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "summary.json"]


def test_empty_folder_and_missing_path_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(["scan", str(tmp_path / "empty")], capsys)
    assert code == 2 and "no contract files" in err
    code, _, err = run(["scan", str(tmp_path / "nope")], capsys)
    assert code == 2


def test_output_folder_missing_fails_before_scanning(small, tmp_path, capsys):
    code, _, err = run(["scan", str(small), "-o", str(tmp_path / "no" / "x.json"),
                        "--ui-lang", "en"], capsys)
    assert code == 2 and "does not exist" in err


def test_ui_lang_switches_labels(small, capsys):
    _, ja, _ = run(["scan", str(small), "--jobs", "1", "--ui-lang", "ja"], capsys)
    _, en, _ = run(["scan", str(small), "--jobs", "1", "--ui-lang", "en"], capsys)
    assert "凡例" in ja and "Legend" in en


def test_progress_is_silent_when_stderr_is_not_a_terminal(small, capsys):
    _, _, err = run(["scan", str(small), "--jobs", "1", "--format", "json"], capsys)
    assert "files/s" not in err


def test_in_process_scan_honours_raising_faults_only(tmp_path):
    files = _good(tmp_path / "c", ["nda_ja_sound.md"])
    batch = scan_files(files, ScanOptions(jobs=1, faults={"nda_ja_sound.md": "memory"}))
    assert batch.errors[0].error.startswith("out of memory")


def test_env_hook_is_parsed():
    from clausecheck.batch import parse_faults

    assert parse_faults("crash:a.docx, hang:b.txt") == {"a.docx": "crash", "b.txt": "hang"}
    assert parse_faults(None) == {}


def test_progress_bar_draws_rate_and_eta():
    from clausecheck.batch import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(0, 4)
    bar(4, 4)
    bar.close()
    text = stream.getvalue()
    assert "0/4" in text and "4/4" in text and "files/s" in text and "ETA" in text


def test_colour_only_on_a_terminal_without_no_color(monkeypatch):
    from clausecheck.cli.check import use_color

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())


def test_type_and_side_reach_every_report(small, capsys):
    _, out, _ = run(["scan", str(small), "--jobs", "1", "--format", "json", "--type", "nda",
                     "--side", "mutual", "--fail-on", "never"], capsys)
    reports = json.loads(out)["reports"]
    assert {r["contract_type"] for r in reports} == {"nda"}
    assert {r["side"] for r in reports} == {"mutual"}


def test_compact_report_keeps_what_the_format_needs():
    from clausecheck.api import check_file
    from clausecheck.batch import compact_report

    path = Path(SAMPLES_DIR) / "nda_ja_weak.docx"
    if not path.exists():
        pytest.skip("sample not built")
    report = check_file(path)
    clauses = {c.ref: c for c in report.document.walk()}
    full = compact_report(report, full_clause_text=True)
    assert full.document is None
    assert all(f.explanation == {} for f in full.findings)
    for before, after in zip(report.findings, full.findings):
        for ev0, ev in zip(before.evidence, after.evidence):
            whole = clauses[ev0.ref].full_text if ev0.ref in clauses else ""
            assert ev.text == (whole[:6000] if len(whole) > len(ev0.text) else ev0.text)
    bare = compact_report(report, keep_evidence_text=False)
    assert all(ev.text == "" for f in bare.findings for ev in f.evidence)
    assert [f.status for f in bare.findings] == [f.status for f in report.findings]
