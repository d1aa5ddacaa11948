"""How a clause without a number is cited: by its heading (or its first words) in every
report format and in the redline's comments, never by a position such as "#9"; JSON also
carries a machine id ("a3") that does not depend on the wording."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from clausecheck.api import check_file
from clausecheck.report import Batch, RenderOptions, render

ARTICLES = [
    ("目的", "甲及び乙は、新しい測定装置の共同評価の可否を検討する目的（以下「本目的」という。）の"
             "ため、相互に情報を開示する。"),
    ("秘密情報", "秘密情報とは、甲が乙に書面又は電磁的方法により開示した技術上の情報であって、"
                 "秘密である旨を表示したものをいう。"),
    ("秘密保持", "乙は、甲の事前の書面による承諾を得ずに、秘密情報を第三者に開示してはならない。"),
    ("返還", "乙は、甲から請求があったときは、秘密情報を記録した媒体を甲に返還する。"),
    ("準拠法及び管轄", "本契約は日本法に準拠し、大阪地方裁判所を第一審の専属的合意管轄裁判所とする。"),
]
TITLE = "技術評価に関する秘密保持契約書"
PREAMBLE = ("株式会社東方測器（以下「甲」という。）と株式会社北辰素材（以下「乙」という。）は、"
            "次のとおり合意する。")
HEADINGS = {f"（{t}）" for t, _ in ARTICLES}
POSITION = re.compile(r"#\d")


@pytest.fixture(scope="module")
def contract_docx(tmp_path_factory) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(PREAMBLE)
    for title, text in ARTICLES:
        d.add_paragraph(f"（{title}）")
        d.add_paragraph(text)
    path = tmp_path_factory.mktemp("cite") / "unnumbered.docx"
    d.save(path)
    return path


@pytest.fixture(scope="module")
def report(contract_docx, checker):
    return check_file(contract_docx, contract_type="nda")


def cited(report) -> set[str]:
    refs = {ref for f in report.findings for ref in f.clauses}
    refs |= {ref for r in report.risks for ref in r.clauses}
    return refs


def test_findings_cite_the_headings(report) -> None:
    refs = cited(report)
    assert refs and refs <= HEADINGS | {"前文"}
    conf = report.finding("confidentiality")
    assert conf is not None and "（秘密保持）" in conf.clauses
    ret = report.finding("return_deletion")
    assert ret is not None and ret.clauses == ("（返還）",)


def test_json_has_the_heading_and_a_stable_id(report) -> None:
    data = json.loads(render("json", Batch([report]), RenderOptions(mode="check")))
    finding = next(f for f in data["findings"] if f["provision"] == "return_deletion")
    assert finding["clauses"] == ["（返還）"]
    evidence = finding["evidence_clauses"][0]
    assert evidence["clause"] == "（返還）"
    assert evidence["clause_id"] == "a4"
    assert evidence["source"] == [8, 9]       # its heading and text paragraphs in the .docx
    assert not POSITION.search(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_check_reports_cite_the_headings(report, fmt) -> None:
    out = render(fmt, Batch([report]), RenderOptions(mode="check", ui_lang="ja"))
    assert "（返還）" in out and "（秘密保持）" in out
    shown = re.sub(r"<[^>]*>", " ", re.sub(r"(?s)<style.*?</style>", "", out))
    assert not POSITION.search(shown.replace("&#", ""))


def test_scan_tables_cite_the_headings(report) -> None:
    out = render("csv", Batch([report]), RenderOptions(mode="scan", ui_lang="ja"))
    assert "（返還）" in out and not POSITION.search(out)
    data = render("xlsx", Batch([report]), RenderOptions(mode="scan", ui_lang="ja"))
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for v in row if v is not None]
    assert any("（返還）" in c for c in cells)
    assert not any(POSITION.search(c) for c in cells)


def test_redline_comments_cite_the_headings(contract_docx, tmp_path) -> None:
    """A licence granted in an unnumbered article: the no-licence text is not inserted and
    the comment names that article by its heading."""
    import docx

    from clausecheck.redline import redline

    d = docx.Document(str(contract_docx))
    d.add_paragraph("（使用許諾）")
    d.add_paragraph("甲は、乙に対し、本目的の範囲内で秘密情報の使用を非独占的に許諾する。")
    src = tmp_path / "licence.docx"
    d.save(src)
    report = check_file(src, contract_type="nda")
    out = tmp_path / "out.docx"
    redline(src, report, out, include_recommended=True)
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", comments))
    assert "（使用許諾）" in text
    assert not POSITION.search(text)


def test_outline_json_gives_id_and_label(contract_docx) -> None:
    from click.testing import CliRunner

    from clausecheck.cli import cli

    result = CliRunner().invoke(cli, ["outline", str(contract_docx), "--format", "json"])
    assert result.exit_code == 0, result.output
    clauses = json.loads(result.output)["clauses"]
    assert [(c["id"], c["ref"], c["number"]) for c in clauses][:2] == [
        ("a1", "（目的）", ""), ("a2", "（秘密情報）", "")]


def test_numbered_contracts_keep_their_numbers_as_citations(checker, tmp_path) -> None:
    path = tmp_path / "numbered.txt"
    path.write_text(f"{TITLE}\n{PREAMBLE}\n" + "".join(
        f"第{i}条（{t}）\n{text}\n" for i, (t, text) in enumerate(ARTICLES, 1)), encoding="utf-8")
    report = check_file(path, contract_type="nda")
    assert report.finding("return_deletion").clauses == ("第4条",)
    assert report.finding("return_deletion").evidence[0].clause_id == "a4"


def test_redline_refers_to_unnumbered_articles_by_heading(report, contract_docx, tmp_path) -> None:
    """Inserted text that refers to another article names it by its heading: the contract
    has no 第N条 to point at."""
    from clausecheck.redline import redline

    out = tmp_path / "refs.docx"
    redline(contract_docx, report, out, include_recommended=True)
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode("utf-8")
    inserted = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>",
                                  "".join(re.findall(r"(?s)<w:ins [^>]*>.*?</w:ins>", body))))
    assert "「秘密保持」の条項" in inserted       # the survival article names what survives
    assert not re.search(r"第[0-9０-９]+条", inserted)
    assert "（秘密保持）（秘密保持）" not in inserted and "の条項（秘密保持）" not in inserted
