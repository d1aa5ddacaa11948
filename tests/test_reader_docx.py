"""The .docx front end: automatic numbering, tracked changes, fields, tables, text boxes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from clausecheck.reader import read_document
from clausecheck.reader.docx import W, iter_body_paragraphs, paragraph_text
from clausecheck.reader.numbering import format_number
from test_reader_helpers import build_docx, lvl, numbering, p

TITLE = p("秘密保持契約書")
PREAMBLE = p("甲と乙は、次のとおり契約を締結する。")


def _ja_numbering(fmt: str = "decimal", start: int = 1) -> str:
    return numbering(
        {1: lvl(0, fmt, "第%1条", start=start) + lvl(1, "decimalFullWidth", "%2", start=2)
            + lvl(2, "decimal", "(%3)")},
        {1: (1, "")})


def test_auto_numbered_japanese_articles(tmp_path: Path) -> None:
    body = (TITLE + PREAMBLE
            + p("（目的）本契約は、検討のために開示される情報の取扱いを定める。", num=(1, 0))
            + p("（秘密保持）乙は、秘密情報を第三者に開示しない。", num=(1, 0))
            + p("前項の規定は、次の場合には適用しない。", num=(1, 1))
            + p("法令に基づく場合", num=(1, 2))
            + p("裁判所の命令による場合", num=(1, 2))
            + p("乙は、前項の開示を甲に通知する。", num=(1, 1)))
    doc = read_document(build_docx(tmp_path / "a.docx", body, numbering_xml=_ja_numbering()))
    assert doc.numbering == "auto"
    assert doc.language == "ja"
    assert doc.title == "秘密保持契約書"
    assert [(c.number, c.title) for c in doc.clauses] == [("第1条", "目的"), ("第2条", "秘密保持")]
    second = doc.clauses[1]
    assert [c.number for c in second.children] == ["2", "3"]
    assert [c.number for c in second.children[0].children] == ["(1)", "(2)"]
    assert second.children[0].children[1].path == ("第2条", "2", "(2)")
    assert second.children[0].kind == "paragraph"
    assert second.children[0].children[0].kind == "item"


@pytest.mark.parametrize("fmt,start,expected", [
    ("japaneseCounting", 1, ["第一条", "第二条"]),
    ("japaneseCounting", 12, ["第十二条", "第十三条"]),
    ("decimalFullWidth", 1, ["第1条", "第2条"]),
])
def test_article_number_formats(tmp_path: Path, fmt: str, start: int, expected: list[str]) -> None:
    body = TITLE + PREAMBLE + p("（定義）本文。", num=(1, 0)) + p("（期間）本文。", num=(1, 0))
    doc = read_document(build_docx(tmp_path / "f.docx", body,
                                   numbering_xml=_ja_numbering(fmt, start)))
    # Full-width digits are folded to half-width in the number label.
    assert [c.number for c in doc.clauses] == expected
    assert [c.title for c in doc.clauses] == ["定義", "期間"]


@pytest.mark.parametrize("n,fmt,expected", [
    (3, "decimal", "3"), (3, "decimalFullWidth", "３"), (12, "japaneseCounting", "十二"),
    (20, "japaneseCounting", "二十"), (105, "japaneseCounting", "百五"),
    (3, "decimalEnclosedCircle", "③"), (21, "decimalEnclosedCircle", "㉑"),
    (2, "lowerLetter", "b"), (27, "lowerLetter", "aa"), (4, "upperLetter", "D"),
    (4, "lowerRoman", "iv"), (9, "upperRoman", "IX"), (2, "aiueoFullWidth", "イ"),
    (3, "aiueo", "ウ"), (2, "irohaFullWidth", "ロ"), (2, "ideographTraditional", "乙"),
    (7, "decimalZero", "07"), (5, "someFutureFormat", "5"),
])
def test_format_number(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_english_multilevel_and_letters_and_roman(tmp_path: Path) -> None:
    num = numbering({1: lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2")
                     + lvl(2, "lowerLetter", "(%3)") + lvl(3, "lowerRoman", "(%4)")},
                    {1: (1, "")})
    body = (p("NON-DISCLOSURE AGREEMENT") + p("This Agreement is made between A and B.")
            + p("Confidentiality", num=(1, 0)) + p("The Recipient shall keep it secret.", num=(1, 1))
            + p("It may disclose it:", num=(1, 1)) + p("to employees;", num=(1, 2))
            + p("to advisers, who are:", num=(1, 2)) + p("lawyers;", num=(1, 3))
            + p("accountants.", num=(1, 3)) + p("Term", num=(1, 0))
            + p("Two years.", num=(1, 1)))
    doc = read_document(build_docx(tmp_path / "e.docx", body, numbering_xml=num))
    assert doc.language == "en" and doc.numbering == "auto"
    assert [(c.number, c.title) for c in doc.clauses] == [("1", "Confidentiality"), ("2", "Term")]
    first = doc.clauses[0]
    assert [c.number for c in first.children] == ["1.1", "1.2"]
    assert [c.number for c in first.children[1].children] == ["(a)", "(b)"]
    assert [c.number for c in first.children[1].children[1].children] == ["(i)", "(ii)"]
    assert doc.clauses[1].children[0].number == "2.1"


def test_start_override_restarts_and_shared_abstract_continues(tmp_path: Path) -> None:
    num = numbering(
        {1: lvl(0, "decimal", "第%1条"), 2: lvl(0, "decimalEnclosedCircle", "%1")},
        {1: (1, ""), 3: (2, ""),
         4: (2, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
         5: (1, "")})
    body = (TITLE + PREAMBLE + p("（定義）次のとおり。", num=(1, 0)) + p("一つ目", num=(3, 0))
            + p("二つ目", num=(3, 0)) + p("（除外）次のとおり。", num=(5, 0))
            + p("最初", num=(4, 0)) + p("次", num=(4, 0)))
    doc = read_document(build_docx(tmp_path / "o.docx", body, numbering_xml=num))
    # numId 5 shares abstract 1 with numId 1, so the article count continues (第2条).
    assert [c.number for c in doc.clauses] == ["第1条", "第2条"]
    assert [c.number for c in doc.clauses[0].children] == ["①", "②"]
    assert [c.number for c in doc.clauses[1].children] == ["①", "②"]


def test_numbering_from_paragraph_style(tmp_path: Path) -> None:
    num = numbering({7: lvl(0, "decimal", "Article %1", pstyle="Article")}, {9: (7, "")})
    body = (p("SERVICES AGREEMENT") + p("This Agreement is made between A and B.")
            + p("Definitions. Words have their meaning.", style="Article")
            + p("Term. One year.", style="Article"))
    doc = read_document(build_docx(tmp_path / "s.docx", body, numbering_xml=num))
    assert [(c.number, c.title) for c in doc.clauses] == [("Article 1", "Definitions"),
                                                          ("Article 2", "Term")]
    assert doc.numbering == "auto"


TRACKED = (
    '<w:p><w:r><w:t xml:space="preserve">第1条（目的）本契約は</w:t></w:r>'
    '<w:ins w:id="1" w:author="x"><w:r><w:t>新しい</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="x"><w:r><w:delText>古い</w:delText></w:r></w:del>'
    '<w:moveFrom w:id="3" w:author="x"><w:r><w:t>移動元</w:t></w:r></w:moveFrom>'
    '<w:moveTo w:id="4" w:author="x"><w:r><w:t>移動先</w:t></w:r></w:moveTo>'
    '<w:r><w:t>目的を定める。</w:t></w:r></w:p>')
FIELDS = (
    '<w:p><w:r><w:t xml:space="preserve">第2条（通知）</w:t></w:r>'
    '<w:hyperlink r:id="rId6"><w:r><w:t>リンク文字</w:t></w:r></w:hyperlink>'
    '<w:fldSimple w:instr=" DOCPROPERTY x "><w:r><w:t>単純結果</w:t></w:r></w:fldSimple>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>REF _Ref1 \\h</w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>複合結果</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:tab/><w:t>タブ後</w:t><w:br/><w:t>改行後</w:t></w:r>'
    '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隠し文字</w:t></w:r>'
    '<w:commentRangeStart w:id="0"/><w:r><w:t>。</w:t></w:r><w:commentRangeEnd w:id="0"/>'
    '<w:r><w:commentReference w:id="0"/></w:r></w:p>')
TEXTBOX = (
    '<w:p><w:r><w:t>第3条（期間）本契約は一年間有効とする。</w:t></w:r><w:r><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp>'
    '<wps:txbx><w:txbxContent><w:p><w:r><w:t>箱の中の文</w:t></w:r></w:p></w:txbxContent>'
    '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>箱の中の文</w:t>'
    '</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r></w:p>')
TABLE = ('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>項目</w:t></w:r></w:p></w:tc>'
         '<w:tc><w:p><w:r><w:t>金額</w:t></w:r></w:p></w:tc></w:tr>'
         '<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'
         '<w:tc><w:p><w:r><w:t>百万円</w:t></w:r></w:p><w:p><w:r><w:t>（税別）</w:t></w:r></w:p>'
         '</w:tc></w:tr></w:tbl>')


def _rich_docx(tmp_path: Path) -> Path:
    body = (TITLE + PREAMBLE + TRACKED + FIELDS + TEXTBOX
            + p("第4条（費用）費用は次の表のとおりとする。") + TABLE
            + p("２　前項の費用は、甲が負担する。"))
    return build_docx(tmp_path / "rich.docx", body)


def test_tracked_changes_fields_links_and_hidden_text(tmp_path: Path) -> None:
    doc = read_document(_rich_docx(tmp_path))
    first, second = doc.clauses[0], doc.clauses[1]
    assert first.text == "本契約は新しい移動先目的を定める。"
    assert second.title == "通知"
    assert second.text == "リンク文字単純結果複合結果 タブ後\n改行後。"
    assert "REF" not in doc.text and "隠し文字" not in doc.text
    assert doc.numbering == "typed"


def test_header_footer_comments_never_in_text(tmp_path: Path) -> None:
    text = read_document(_rich_docx(tmp_path)).text
    for secret in ("HEADER-SECRET", "FOOTER-SECRET", "COMMENT-SECRET"):
        assert secret not in text


def test_text_box_read_once_and_excluded_from_body_paragraphs(tmp_path: Path) -> None:
    path = _rich_docx(tmp_path)
    doc = read_document(path)
    assert doc.clauses[2].full_text.count("箱の中の文") == 1
    body = _body(path)
    texts = [paragraph_text(x)[0] for x in iter_body_paragraphs(body)]
    assert "箱の中の文" not in texts
    assert texts.count("百万円") == 1  # table cell paragraphs are in the sequence


def test_table_rows_read_as_lines_and_source_indexes(tmp_path: Path) -> None:
    path = _rich_docx(tmp_path)
    doc = read_document(path)
    fee = doc.clauses[3]
    assert "項目 | 金額" in fee.text and "1 | 百万円 （税別）" in fee.text
    assert [c.number for c in fee.children] == ["2"]  # the "1" cell is not a paragraph number
    paragraphs = list(iter_body_paragraphs(_body(path)))
    for clause in doc.walk():
        own = paragraph_text(paragraphs[clause.source[0]])[0]
        assert clause.number.replace("第", "").rstrip("条") in own or clause.text[:3] in own


def _body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return root.find(W + "body")


def test_python_docx_document_reads(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("MUTUAL NON-DISCLOSURE AGREEMENT")
    d.add_paragraph("This Agreement is made between Alpha Ltd and Beta Inc.")
    d.add_paragraph("1. Purpose. The parties will discuss a joint project.")
    d.add_paragraph("2. Confidentiality. The Recipient shall keep the information secret.")
    d.add_paragraph("IN WITNESS WHEREOF the parties have signed this Agreement.")
    d.save(str(tmp_path / "pd.docx"))
    doc = read_document(tmp_path / "pd.docx")
    assert [(c.number, c.title) for c in doc.clauses] == [("1", "Purpose"),
                                                          ("2", "Confidentiality")]
    assert doc.signature.startswith("IN WITNESS WHEREOF")


def test_reader_never_writes_to_input(tmp_path: Path) -> None:
    path = _rich_docx(tmp_path)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    read_document(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_deleted_numbered_paragraph_does_not_count(tmp_path: Path) -> None:
    deleted = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
               '<w:rPr><w:del w:id="9" w:author="x"/></w:rPr></w:pPr>'
               '<w:del w:id="8" w:author="x"><w:r><w:delText>（削除）消えた条。</w:delText></w:r>'
               '</w:del></w:p>')
    body = (TITLE + PREAMBLE + p("（目的）本文。", num=(1, 0)) + deleted
            + p("（期間）一年とする。", num=(1, 0)))
    doc = read_document(build_docx(tmp_path / "d.docx", body, numbering_xml=_ja_numbering()))
    assert [(c.number, c.title) for c in doc.clauses] == [("第1条", "目的"), ("第2条", "期間")]
    assert "消えた" not in doc.text
