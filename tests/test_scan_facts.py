"""`scan` of a mixed-language folder: one UI language, stable codes beside labels, key facts
as columns, and --expiring-within."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from clausecheck.batch import ProgressBar
from clausecheck.report.common import display_width
from cli_runner import run
from sample_contracts import SAMPLES_DIR

MIXED = ["nda_ja_sound.docx", "nda_ja_weak.docx", "nda_en_weak.docx"]


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in MIXED:
        src = Path(SAMPLES_DIR) / name
        if not src.exists():
            pytest.skip(f"sample {name} not built yet")
        shutil.copy(src, folder / name)
    (folder / "broken.docx").write_bytes(b"plain text, not a zip archive")
    return folder


def test_xlsx_of_a_mixed_folder_filters_on_codes(mixed, tmp_path, capsys):
    out = tmp_path / "mixed.xlsx"
    code, _stdout, err = run(["scan", str(mixed), "-j", "1", "-o", str(out)], capsys)
    assert code == 1
    assert "契約書 3 件をチェック" in err  # the folder is mostly Japanese: Japanese messages
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "契約の要点", "指摘事項", "リスク", "エラー"]
    findings = wb["指摘事項"]
    header = [c.value for c in findings[1]]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    status = [r[header.index("判定")] for r in rows]
    assert set(status) == {"present", "weak", "missing"}  # the same codes for ja and en files
    labels = {r[header.index("判定（表示）")] for r in rows}
    assert labels == {"✓ 充足", "△ 不十分", "✗ 欠落"}  # one UI language, also for the English file
    english = [r for r in rows if r[0].endswith("nda_en_weak.docx")]
    assert {r[header.index("要否")] for r in english} == {"required", "recommended"}
    assert {r[header.index("要否（表示）")] for r in english} == {"必須", "推奨"}
    assert all(r[header.index("判定")] in ("present", "weak", "missing") for r in english)
    # required defects first within a contract
    first = [r for r in rows if r[0].endswith("nda_ja_weak.docx")]
    kinds = [(r[header.index("判定")] == "present", r[header.index("要否")] != "required")
             for r in first]
    assert kinds == sorted(kinds)
    facts = wb["契約の要点"]
    fheader = [c.value for c in facts[1]]
    frows = {Path(r[0]).name: r for r in facts.iter_rows(min_row=2, values_only=True)}
    weak = frows["nda_ja_weak.docx"]
    assert weak[fheader.index("開示の方向（コード）")] == "one_way"
    assert weak[fheader.index("存続期間（月）")] == 12
    assert weak[fheader.index("準拠法（国コード）")] == "JP"
    assert frows["nda_en_weak.docx"][fheader.index("準拠法（州・地域）")] == "New York"
    assert weak[fheader.index("秘密保持義務の存続（表示）")].startswith("終了後1年間")
    error = wb["エラー"]
    assert "有効な .docx ではありません" in error.cell(row=2, column=2).value


def test_ui_lang_en_makes_the_whole_report_english(mixed, capsys):
    code, out, _err = run(["scan", str(mixed), "-j", "1", "--format", "csv", "--ui-lang", "en"],
                          capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    ja_rows = [r for r in rows if r["file"].endswith("nda_ja_weak.docx")]
    assert {r["status_label"] for r in ja_rows} == {"present", "weak", "missing"}
    assert {r["requirement_label"] for r in ja_rows} == {"required", "recommended"}
    assert ja_rows[0]["fact_direction"] == "one_way" and ja_rows[0]["fact_discloser"] == "甲"
    assert ja_rows[0]["fact_end_date"] == "2028-03-31"
    error = rows[-1]
    assert error["status"] == "error" and error["error"].startswith("not a valid .docx")


def test_json_scan_carries_facts_per_report(mixed, capsys):
    code, out, _err = run(["scan", str(mixed), "-j", "1", "--format", "json"], capsys)
    data = json.loads(out)
    by_name = {Path(r["file"]).name: r for r in data["reports"]}
    facts = by_name["nda_en_weak.docx"]["facts"]
    assert facts["governing_law"] == "US" and facts["term_months"] == 36
    assert by_name["nda_en_weak.docx"]["ui_lang"] == "ja"
    assert data["errors"][0]["error_label"].startswith("有効な .docx ではありません")


def test_expiring_within_lists_contracts_ending_or_renewing(mixed, capsys, monkeypatch):
    # the Japanese NDAs end on 2028-03-31 and renew yearly; the English one ends 2029-03-31
    monkeypatch.setenv("CLAUSECHECK_TODAY", "2028-02-01")
    code, out, _err = run(["scan", str(mixed), "-j", "1", "--expiring-within", "90d"], capsys)
    assert "nda_ja_sound.docx: 満了・更新日 2028-03-31、更新拒絶の通知期限 2028-02-29" in out
    assert "nda_en_weak.docx" not in out
    # a year later the Japanese NDAs renewed automatically: the next end is 2029-03-31
    monkeypatch.setenv("CLAUSECHECK_TODAY", "2029-01-15")
    code, out, _err = run(["scan", str(mixed), "-j", "1", "--expiring-within", "3m",
                           "--format", "json"], capsys)
    data = json.loads(out)
    ends = {Path(r["file"]).name: r["facts"]["next_end"] for r in data["reports"]}
    assert ends == {"nda_ja_sound.docx": "2029-03-31", "nda_ja_weak.docx": "2029-03-31",
                    "nda_en_weak.docx": "2029-03-31"}
    monkeypatch.setenv("CLAUSECHECK_TODAY", "2026-05-01")
    code, out, err = run(["scan", str(mixed / "nda_en_weak.docx"), "-j", "1",
                          "--expiring-within", "30d"], capsys)
    assert code == 0 and out == "" and "2026-05-31" in err


def test_expiring_within_refuses_a_bad_period(mixed, capsys):
    code, _out, err = run(["scan", str(mixed), "--expiring-within", "soon"], capsys)
    assert code == 2 and "90d" in err


def test_progress_line_names_the_file_in_the_report_language():
    stream = io.StringIO()
    bar = ProgressBar(stream, lang="ja")
    bar(0, 2, "")
    bar(2, 2, "/x/秘密保持契約書_2024.docx")
    text = stream.getvalue()
    assert "2/2" in text and "件/秒" in text and "秘密保持契約書_2024.docx" in text


def test_expiring_within_says_how_many_contracts_have_no_computable_end(mixed, capsys,
                                                                        monkeypatch):
    # a term counted from a signing date left blank: no end can be computed
    (mixed / "open.txt").write_text(
        "秘密保持契約書\n甲と乙は次のとおり契約する。\n第1条（有効期間）\n本契約の有効期間は、締結日から1年間とする。\n",
        encoding="utf-8")
    # a term that lasts while the recipient holds the information: an end, but no date
    (mixed / "held.txt").write_text(
        "秘密保持契約書\n甲と乙は次のとおり契約する。\n第1条（有効期間）\n"
        "本契約は、乙が秘密情報を保有する限り有効とする。\n", encoding="utf-8")
    monkeypatch.setenv("CLAUSECHECK_TODAY", "2028-02-01")
    code, out, err = run(["scan", str(mixed), "-j", "1", "--expiring-within", "90d"], capsys)
    assert "open.txt" not in out and "held.txt" not in out
    # each one named, with its end in words and the clause it comes from
    lines = err.splitlines()
    at = lines.index("満了日を計算できない契約 2 件（一覧には含めていません）:")
    assert lines[at + 1:at + 3] == ["  held.txt: 受領者が秘密情報を保有する限り  [第1条]",
                                    "  open.txt: 締結日から1年間（日付の記載なし）  [第1条]"]


def test_table_shows_the_key_facts_of_each_contract(mixed, capsys):
    (mixed / "held.txt").write_text(
        "秘密保持契約書\n甲と乙は次のとおり契約する。\n第1条（有効期間）\n"
        "本契約は、乙が秘密情報を保有する限り有効とする。\n", encoding="utf-8")
    code, out, _err = run(["scan", str(mixed), "-j", "1"], capsys)
    lines = out.splitlines()
    at = lines.index("契約の要点")
    header = lines[at + 1]
    for column in ("ファイル", "開示の方向", "満了", "更新", "秘密保持の存続", "準拠法", "紛争解決"):
        assert column in header
    block = "\n".join(lines[at:lines.index("", at)])
    weak = next(line for line in lines[at:] if line.startswith("nda_ja_weak.docx"))
    assert "一方向" in weak and "2028-03-31" in weak and "終了後1年間" in weak and "JP" in weak
    english = next(line for line in lines[at:] if line.startswith("nda_en_weak.docx"))
    assert "2029-03-31" in english and "US・ニューヨーク州" in english
    # a long value wraps inside its column: nothing is cut off
    assert "受領者が秘密情報を保有" in block and "する限り" in block and "…" not in block
    assert all(display_width(line) <= 160 for line in block.splitlines())
    code, out, _err = run(["scan", str(mixed), "-j", "1", "--ui-lang", "en"], capsys)
    english = next(line for line in out.splitlines()[out.splitlines().index("Key facts"):]
                   if line.startswith("nda_en_weak.docx"))
    assert "mutual" in english and "1 year after the end" in english and "US (New York)" in english


@pytest.mark.parametrize("fields, ja, en", [
    ({"term_months": 24, "term_start": "signature", "end_date": "2028-03-31"}, "2028-03-31",
     "2028-03-31"),
    ({"term_note": "until_terminated"}, "解約の通知まで", "until terminated by notice"),
    ({"term_months": 12, "term_start": "signature", "placeholders": ("effective_date",)},
     "締結日から1年間（日付が空欄）", "1 year from signature (date left blank)"),
    ({"term_months": 24}, "2年間（起算日の記載なし）", "2 years (start not stated)"),
    ({"term_months": 36, "term_start": "disclosure"}, "最初の開示から3年間",
     "3 years from the first disclosure"),
    ({"placeholders": ("term_months",)}, "期間が空欄", "term left blank"),
    ({}, "期間の定めなし", "no term stated"),
])
def test_the_end_of_the_term_in_words_when_no_date_can_be_computed(fields, ja, en):
    from clausecheck.model import Facts
    from clausecheck.report.facts_view import end_text

    facts = Facts(**fields)
    assert end_text(facts, "ja") == ja and end_text(facts, "en") == en
