"""`scan` streams: results leave in path order as soon as every earlier file is done, each
format is written report by report and parses back, and -o stays atomic."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

import clausecheck.batch as batch_module
from clausecheck.batch import ScanOptions, collect_files, iter_scan, scan_files
from clausecheck.report import Batch, FileError, RenderOptions, open_reporter, render
from clausecheck.report.testing import make_report
from cli_runner import run
from sample_contracts import SAMPLES_DIR


def _copies(folder: Path, names: list[str]) -> list[str]:
    src = Path(SAMPLES_DIR) / "nda_en_weak.txt"  # a small one: quick to check
    if not src.exists():
        pytest.skip("sample not built")
    folder.mkdir()
    for name in names:
        shutil.copy(src, folder / name)
    files, _ = collect_files([folder])
    assert [Path(f).name for f in files] == names
    return files


class _Release:
    """Progress callback that lets the held file finish once ``after`` others are done, and
    records how many results were done but not yet handed out (the reorder buffer)."""

    def __init__(self, held: str, after: int) -> None:
        self.held, self.after = held, after
        self.done = 0
        self.yielded = 0
        self.max_buffered = 0

    def __call__(self, done: int, total: int, path: str = "") -> None:
        self.done = done
        self.max_buffered = max(self.max_buffered, done - self.yielded)
        if done >= self.after:
            Path(self.held + ".go").touch()


def test_results_leave_in_path_order_when_an_early_file_finishes_last(tmp_path):
    names = [f"{i:02d}.txt" for i in range(7)]
    files = _copies(tmp_path / "c", names)
    release = _Release(files[1], after=4)  # 01 waits until four others are done
    options = ScanOptions(jobs=2, faults={"01.txt": "wait"})
    seen = []
    for path, (tag, payload) in iter_scan(files, options, progress=release):
        assert tag == "ok", payload
        seen.append((Path(path).name, Path(payload.file).name, release.done))
        release.yielded += 1
    assert [name for name, _, _ in seen] == names
    assert all(name == report_name for name, report_name, _ in seen)
    # 00 left at once; 01 only after the later files had finished before it
    assert seen[0][2] <= 2
    assert seen[1][2] >= 5


def test_the_reorder_buffer_is_bounded_by_the_window(tmp_path):
    names = [f"{i:02d}.txt" for i in range(9)]
    files = _copies(tmp_path / "c", names)
    release = _Release(files[1], after=4)
    options = ScanOptions(jobs=2, reorder_window=2, faults={"01.txt": "wait"})  # window 4
    out = []
    for path, _ in iter_scan(files, options, progress=release):
        out.append(Path(path).name)
        release.yielded += 1
    assert out == names
    assert release.max_buffered <= 4


def test_scan_files_still_collects_a_batch(tmp_path):
    files = _copies(tmp_path / "c", ["a.txt", "b.txt"])
    batch = scan_files(files, ScanOptions(jobs=1, faults={"b.txt": "raise"}), skipped=["x.png"])
    assert [Path(r.file).name for r in batch.reports] == ["a.txt"]
    assert [Path(e.file).name for e in batch.errors] == ["b.txt"] and batch.skipped == ["x.png"]


# ----------------------------------------------------------------- streamed formats

REPORTS = [make_report("/c/a_ja.docx", "ja", risks=True),
           make_report("/c/b_en.txt", "en", contract_type="joint_research",
                       statuses={"purpose": "present", "publication": "missing",
                                 "governing_law": "weak"}),
           make_report("/c/d_ja.md", "ja")]
ERRORS = [FileError("/c/c_bad.docx", "not a valid .docx"), FileError("/c/e.doc", "save as .docx")]


def _stream(fmt: str, path: Path, options: RenderOptions | None = None) -> bytes:
    """Reports and errors interleaved in path order, as a scan hands them over."""
    with open(path, "wb") as fh:
        reporter = open_reporter(fmt, fh, options or RenderOptions(mode="scan"))
        reporter.begin(files=[r.file for r in REPORTS] + [e.file for e in ERRORS],
                       skipped=["/c/logo.png"])
        reporter.add(REPORTS[0])
        reporter.add(REPORTS[1])
        reporter.add_error(ERRORS[0])
        reporter.add(REPORTS[2])
        reporter.add_error(ERRORS[1])
        reporter.end()
    return path.read_bytes()


def _whole(fmt: str, options: RenderOptions | None = None) -> str | bytes:
    return render(fmt, Batch(reports=REPORTS, errors=ERRORS, skipped=["/c/logo.png"]),
                  options or RenderOptions(mode="scan"))


@pytest.mark.parametrize("fmt", ["json", "csv", "table", "html"])
def test_streamed_text_formats_equal_the_whole_batch_rendering(fmt, tmp_path):
    streamed = _stream(fmt, tmp_path / f"out.{fmt}").decode("utf-8")
    assert streamed == _whole(fmt)


def test_streamed_json_parses_back(tmp_path):
    data = json.loads(_stream("json", tmp_path / "o.json"))
    assert set(data) == {"reports", "errors", "summary"}
    assert [r["file"] for r in data["reports"]] == ["/c/a_ja.docx", "/c/b_en.txt", "/c/d_ja.md"]
    assert [e["file"] for e in data["errors"]] == ["/c/c_bad.docx", "/c/e.doc"]
    s = data["summary"]
    assert (s["files"], s["checked"], s["errors"], s["skipped"]) == (5, 3, 2, 1)
    assert s["by_provision"]["publication"] == {"present": 0, "weak": 0, "missing": 1}


def test_streamed_json_with_no_report_is_still_valid(tmp_path):
    with open(tmp_path / "o.json", "wb") as fh:
        reporter = open_reporter("json", fh, RenderOptions(mode="scan"))
        reporter.begin()
        reporter.add_error(ERRORS[0])
        reporter.end()
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["reports"] == [] and len(data["errors"]) == 1


def test_streamed_csv_parses_back(tmp_path):
    text = _stream("csv", tmp_path / "o.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == sum(len(r.findings) for r in REPORTS) + len(ERRORS)
    assert [r["file"] for r in rows[-2:]] == ["/c/c_bad.docx", "/c/e.doc"]
    assert rows[-1]["status"] == "error"


def test_streamed_html_parses_back(tmp_path):
    text = _stream("html", tmp_path / "o.html").decode("utf-8")
    parser = HTMLParser()
    parser.feed(text)
    parser.close()
    assert text.index('class="matrix"') < text.index('id="c0"') < text.index('id="c2"')
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert text.rstrip().endswith("</html>")


def test_streamed_xlsx_opens_with_openpyxl(tmp_path):
    _stream("xlsx", tmp_path / "o.xlsx", RenderOptions(mode="scan", ui_lang="en"))
    wb = openpyxl.load_workbook(tmp_path / "o.xlsx")
    assert wb.sheetnames == ["Summary", "Key facts", "Findings", "Risks", "Error"]
    summary, facts, findings, risks, errors = wb.worksheets
    assert facts.max_row == 1 + len(REPORTS)
    assert summary.freeze_panes == "B2" and summary.auto_filter.ref
    assert [summary.cell(row=r, column=1).value for r in (2, 3, 4)] == [r.file for r in REPORTS]
    assert findings.max_row == 1 + sum(len(r.findings) for r in REPORTS)
    assert findings.auto_filter.ref.endswith(str(findings.max_row))
    assert risks.max_row == 2 and risks.cell(row=2, column=4).value
    assert errors.max_row == 3
    whole = openpyxl.load_workbook(io.BytesIO(_whole("xlsx", RenderOptions(mode="scan",
                                                                          ui_lang="en"))))
    for mine, theirs in zip(wb.worksheets, whole.worksheets):
        assert [[c.value for c in row] for row in mine.iter_rows()] == \
            [[c.value for c in row] for row in theirs.iter_rows()]


def test_check_formats_keep_their_single_contract_shape(tmp_path):
    data = json.loads(_whole("json", RenderOptions(mode="check")))
    assert set(data) == {"reports", "errors", "summary"}  # errors present: the scan form
    one = render("json", Batch(reports=REPORTS[:1]), RenderOptions(mode="check"))
    assert json.loads(one)["file"] == "/c/a_ja.docx"
    html = render("html", Batch(reports=REPORTS[:1]), RenderOptions(mode="check"))
    assert "/c/a_ja.docx</title>" in html and 'class="matrix"' not in html


# ----------------------------------------------------------------- the command

def test_interrupted_scan_leaves_the_old_output_and_no_temp_file(tmp_path, monkeypatch, capsys):
    files = _copies(tmp_path / "c", ["a.txt", "b.txt", "c.txt"])
    out = tmp_path / "out"
    out.mkdir()
    report = out / "r.json"
    report.write_text("previous report")
    real = batch_module.iter_scan

    def interrupted(*args, **kwargs):
        results = real(*args, **kwargs)
        yield next(results)
        results.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_module, "iter_scan", interrupted)
    code, stdout, err = run(["scan", str(tmp_path / "c"), "-o", str(report), "--jobs", "1"],
                            capsys)
    assert code == 130 and "Traceback" not in err
    assert report.read_text() == "previous report"
    assert [p.name for p in out.iterdir()] == ["r.json"]
    assert len(files) == 3


def test_stdout_json_streams_and_parses(tmp_path, capsys):
    _copies(tmp_path / "c", ["a.txt", "b.txt"])
    (tmp_path / "c" / "z.docx").write_bytes(b"PK\x03\x04 broken")
    code, out, _ = run(["scan", str(tmp_path / "c"), "--format", "json", "--jobs", "1",
                        "--fail-on", "never"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [Path(r["file"]).name for r in data["reports"]] == ["a.txt", "b.txt"]
    assert [Path(e["file"]).name for e in data["errors"]] == ["z.docx"]


def test_nothing_readable_prints_nothing_on_stdout(tmp_path, capsys):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"PK\x03\x04 broken")
    for fmt in ("json", "csv", "table"):
        code, out, err = run(["scan", str(folder), "--format", fmt, "--jobs", "1"], capsys)
        assert code == 2 and out == "" and "a.docx" in err
