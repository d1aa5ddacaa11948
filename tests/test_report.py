"""Reporters format hand-made Reports: every format is produced and parsed back."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest

from clausecheck.report import Batch, FileError, Format, RenderOptions, render
from clausecheck.report.common import fit, display_width
from clausecheck.report.labels import LABELS, label, provision_codes
from clausecheck.report.output import write_atomic
from clausecheck.report.testing import make_report


@pytest.fixture()
def batch() -> Batch:
    return Batch(
        reports=[
            make_report("/c/a_ja.docx", "ja", risks=True),
            make_report("/c/sub/b_en.txt", "en", contract_type="joint_research",
                        statuses={"purpose": "present", "confidentiality": "present",
                                  "publication": "missing", "governing_law": "weak"}),
        ],
        errors=[FileError("/c/broken.docx", "not a valid .docx (corrupt zip)")],
        skipped=["/c/logo.png"],
    )


class _Collector(HTMLParser):
    """Collects text, tags and external references; parse errors surface as exceptions."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.external: list[str] = []
        self.meta_charset = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "meta" and "charset" in attrs:
            self.meta_charset = attrs["charset"]
        for key in ("src", "href"):
            value = attrs.get(key)
            if value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data):
        self.text.append(data)


def test_every_label_has_both_languages():
    for key, entry in LABELS.items():
        assert entry.get("ja") and entry.get("en"), key
    assert label("unknown-key", "ja") == "unknown-key"


def test_provision_codes_are_unique_also_for_custom_ids():
    codes = provision_codes(["purpose", "my_rule", "my_rule2", "mx"], {"purpose": "PU"})
    assert codes["purpose"] == "PU"
    assert len(set(codes.values())) == 4
    assert codes["my_rule"] == "MR" and codes["my_rule2"] == "MR2"


def test_fit_counts_wide_characters_and_keeps_path_ends():
    assert display_width(fit("秘密保持契約書", 6)) == 6
    assert fit("folder/deep/contract.docx", 12, keep_end=True).endswith("tract.docx")
    assert display_width(fit("ab", 5)) == 5


def test_json_scan_shape(batch):
    data = json.loads(render(Format.JSON, batch, RenderOptions(mode="scan")))
    assert set(data) == {"reports", "errors", "summary"}
    assert [r["file"] for r in data["reports"]] == ["/c/a_ja.docx", "/c/sub/b_en.txt"]
    # the batch is half Japanese, half English: ties go to the first language seen
    assert data["errors"] == [{"file": "/c/broken.docx",
                               "error": "not a valid .docx (corrupt zip)",
                               "error_label": "有効な .docx ではありません (corrupt zip)"}]
    summary = data["summary"]
    assert summary["checked"] == 2 and summary["errors"] == 1 and summary["skipped"] == 1
    assert summary["by_provision"]["publication"] == {"present": 0, "weak": 0, "missing": 1}
    finding = data["reports"][0]["findings"][0]
    for key in ("provision", "status", "severity", "clauses", "evidence", "missing_elements",
                "guidance", "suggestion"):
        assert key in finding


def test_json_check_is_the_report_itself(batch):
    one = Batch(reports=[batch.reports[0]])
    data = json.loads(render("json", one, RenderOptions(mode="check", explain=True)))
    assert data["file"] == "/c/a_ja.docx"
    assert data["risks"][0]["flag"] == "residuals"
    assert "explanation" in data["findings"][0]
    plain = json.loads(render("json", one, RenderOptions(mode="check")))
    assert "explanation" not in plain["findings"][0]


def test_csv_one_row_per_contract_and_provision(batch):
    text = render(Format.CSV, batch)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4 + 4 + 1
    weak = [r for r in rows if r["file"] == "/c/a_ja.docx" and r["status"] == "weak"][0]
    assert weak["provision"] == "confidentiality"
    assert weak["missing_elements"] == "請求時の返還"
    assert weak["guidance"] == "4-2-⑥"
    assert weak["clauses"] == "第3条"
    error = rows[-1]
    assert error["status"] == "error" and "corrupt zip" in error["error"]


def test_csv_file_gets_a_bom_for_excel(tmp_path, batch):
    out = tmp_path / "r.csv"
    write_atomic(out, render("csv", batch), bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[0] == "file"


def test_xlsx_summary_and_findings(tmp_path, batch):
    out = tmp_path / "r.xlsx"
    write_atomic(out, render(Format.XLSX, batch, RenderOptions(ui_lang="en")))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Summary", "Key facts", "Findings"]
    summary = wb["Summary"]
    header = [c.value for c in summary[1]]
    assert header[0] == "File"
    assert "Publication of results" in header
    assert summary.freeze_panes == "B2"
    assert summary.auto_filter.ref.startswith("A1:")
    col = header.index("Publication of results") + 1
    cell = summary.cell(row=3, column=col)
    assert cell.value == "✗"
    assert cell.fill.start_color.rgb.endswith("F8CBAD")
    # the NDA has no publication provision: not checked
    assert summary.cell(row=2, column=col).value == "·"
    findings = wb["Findings"]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8
    evidence = [r for r in rows if r[2] == "confidentiality" and r[0] == "/c/a_ja.docx"][0]
    header = [c.value for c in findings[1]]
    full = header.index("Evidence (whole clauses)")
    assert "<script>" in evidence[full]  # raw text, Excel does not interpret it
    assert findings.cell(row=2, column=full + 1).alignment.wrap_text
    assert "Risks" in wb.sheetnames and "Error" in wb.sheetnames


def test_html_is_self_contained_escaped_and_parses(batch):
    text = render(Format.HTML, batch, RenderOptions(mode="scan"))
    parser = _Collector()
    parser.feed(text)
    parser.close()
    assert parser.meta_charset == "utf-8"
    assert parser.external == []
    assert "script" not in parser.tags and "b" not in parser.tags  # contract text escaped
    joined = "".join(parser.text)
    assert "<script>alert(1)</script>" in joined  # shown as text
    assert "秘密保持義務" in joined and "corrupt zip" in joined
    assert "<table class=\"matrix\">" in text
    assert "style" in parser.tags


def test_html_labels_follow_ui_lang(batch):
    ja = render("html", batch, RenderOptions(ui_lang="ja"))
    en = render("html", batch, RenderOptions(ui_lang="en"))
    assert "契約書チェック結果" in ja and 'lang="ja"' in ja
    assert "Contract check report" in en and 'lang="en"' in en


def test_table_rows_legend_and_errors(batch):
    text = render(Format.TABLE, batch, RenderOptions())
    lines = text.splitlines()
    assert lines[1].startswith("a_ja.docx")
    assert lines[2].startswith("sub/b_en.txt")
    assert "✗" in lines[1] and "△" in lines[1]
    assert "RD" in lines[0] and any(line.strip().startswith("PU ") for line in lines)
    assert "  ✗ broken.docx: 有効な .docx ではありません (corrupt zip)" in text  # one UI language
    english = render(Format.TABLE, batch, RenderOptions(ui_lang="en"))
    assert "  ✗ broken.docx: not a valid .docx (corrupt zip)" in english
    assert "\x1b[" not in text  # no colour unless asked
    coloured = render(Format.TABLE, batch, RenderOptions(color=True))
    assert "\x1b[" in coloured


def test_table_labels_english_when_asked(batch):
    text = render("table", batch, RenderOptions(ui_lang="en"))
    assert "Legend" in text and "2 contracts checked" in text


def test_text_check_blocks(batch):
    report = batch.reports[0]
    text = render(Format.TEXT, Batch(reports=[report]), RenderOptions(mode="check"))
    assert "ファイル" in text and "/c/a_ja.docx" in text
    assert "△ 秘密保持義務 [confidentiality]" in text
    assert "不足要素: 請求時の返還" in text and "不十分な点: 請求時のみ" in text
    assert "残存記憶条項" in text
    assert text.rstrip().splitlines()[-1].startswith("概要")
    assert "全文は --explain で表示" in text  # long suggestion cut
    explained = render("text", Batch(reports=[report]),
                       RenderOptions(mode="check", explain=True))
    assert "heading_score: 0.91" in explained and "全文は" not in explained
    english = render("text", Batch(reports=[report]), RenderOptions(mode="check", ui_lang="en"))
    assert "Missing elements" in english


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    out = tmp_path / "x.json"
    out.write_text("old")
    write_atomic(out, "new")
    assert out.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_empty_batch_renders_everywhere():
    empty = Batch(errors=[FileError("a.docx", "empty file")])
    for fmt in Format:
        out = render(fmt, empty, RenderOptions())
        assert out


@pytest.mark.parametrize("ref,shown", [
    ("第30条 2", "第30条第2項"), ("第2条 2 (1)", "第2条第2項第1号"), ("第2条 (3)", "第2条第3号"),
    ("第5条の2 3", "第5条の2第3項"), ("第1条", "第1条"), ("19 19.1", "19.1"),
    ("1 1.1 (a)", "1.1(a)"), ("Article 1 1.1", "Article 1.1"), ("12 12.3 (b) (ii)", "12.3(b)(ii)"),
    ("preamble", "preamble"), ("1 2", "1 2"),
])
def test_a_clause_reference_is_shown_as_a_reader_writes_it(ref, shown) -> None:
    """The reader's path of numbers (article, paragraph, item) as the key facts and the web
    page show it: no '19 19.1', no '第30条 2'."""
    from clausecheck.report.labels import ref_label

    assert ref_label(ref) == shown
