"""PDF, scanned PDF and image input, and legacy files through LibreOffice.

The layout rules are tested on hand-made lines (no program needed). The end-to-end tests
print sample contracts to PDF with LibreOffice, render pages with pdftoppm and put them back
into an image-only PDF with img2pdf, then read all of them; they skip, naming the missing
program, where these are not installed (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from clausecheck import api
from clausecheck.errors import InputError
from clausecheck.model import Conversion
from clausecheck.reader import ReadOptions, read_document
from clausecheck.reader import testing as t
from clausecheck.reader.layout import Line, Page, join_text, paragraphs, strip_running
from clausecheck.reader.pdftext import find_gutter, text_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_contracts"


def needs(*tools: str) -> None:
    missing = t.missing_tools(*tools)
    if missing:
        pytest.skip("not installed: " + ", ".join(missing))


def _chars(spec: list[tuple[str, float]], size: float = 10.0, top: float = 100.0) -> list[dict]:
    """Characters at the given x positions, each one ``size`` wide except ASCII (half)."""
    out = []
    for text, x0 in spec:
        width = 0.0 if text == " " else size if ord(text) > 0x2000 else size / 2
        out.append({"text": text, "x0": x0, "x1": x0 + (width or size * 0.3), "top": top,
                    "bottom": top + size, "size": size})
    return out


# --------------------------------------------------------------------------- text of a row

def test_a_space_between_scripts_is_spacing_but_a_label_keeps_its_space():
    # 「終了後も 1 年間」 as LibreOffice prints it: narrow space glyphs around the digit
    row = _chars([("も", 0), (" ", 10.2), ("1", 12.1), (" ", 17.3), ("年", 19.0), ("間", 29.0)])
    assert text_of(row) == "も1年間"
    label = _chars([("2", 0), (" ", 5.0), ("甲", 8.0), ("は", 18.0)])
    assert text_of(label) == "2 甲は"
    assert text_of(_chars([("第", 0), ("1", 10), ("条", 15), (" ", 25), ("本", 27.5)])) \
        == "第1条 本"


def test_struck_through_characters_leave_no_trace():
    row = _chars([("A", 0), ("b", 5.5), (" ", 10.5), ("o", 13), ("l", 18), ("d", 23),
                  (" ", 28), ("n", 31), ("e", 36), ("w", 41)])
    for c in row[3:6]:
        c["struck"] = True
    assert text_of(row) == "Ab new"
    ja = _chars([("も", 0), ("5", 10.5), ("年", 16), ("1", 26.5), ("年", 32)])
    ja[1]["struck"] = ja[2]["struck"] = True
    assert text_of(ja) == "も1年"


def test_gutter_found_only_on_two_column_pages():
    def row(y: float, spans: list[tuple[float, float]]) -> list[dict]:
        out = []
        for x0, x1 in spans:
            x = x0
            while x + 10 <= x1:
                out.append({"text": "字", "x0": x, "x1": x + 10, "top": y, "bottom": y + 10,
                            "size": 10.0})
                x += 10
        return out

    two = [row(100 + 15 * i, [(60, 280), (320, 540)]) for i in range(20)]
    gutter = find_gutter(two, 600)
    assert gutter is not None and 280 < gutter < 320
    one = [row(100 + 15 * i, [(60, 540 if i % 3 else 200)]) for i in range(20)]
    assert find_gutter(one, 600) is None


# --------------------------------------------------------------------------- lines -> paragraphs

def _page(num: int, rows: list[tuple[float, float, str]], *, top: float = 100.0,
          pitch: float = 17.0, height: float = 842.0) -> Page:
    lines = [Line(page=num, x0=x0, x1=x1, top=top + i * pitch, bottom=top + i * pitch + 10.5,
                  size=10.5, text=text) for i, (x0, x1, text) in enumerate(rows)]
    return Page(595.0, height, lines)


def test_japanese_lines_wrapped_at_the_margin_are_one_sentence():
    page = _page(1, [
        (71, 140, "（目的）"),
        (71, 522, "第1条 本契約は、甲及び乙の間における共同研究の実施にあたり、秘密情報の取扱い"),
        (71, 300, "を定めることを目的とする。"),
        (71, 522, "２ 乙は、本研究の遂行のためにのみ秘密情報を使用し、本研究以外の目的に使用"),
        (82, 250, "してはならない。"),
        (82, 516, "(1) 「研究成果」とは、本研究の遂行の過程で得られた発明、考案、ノウハ"),
        (102, 330, "ウ、データその他一切の技術的成果をいう。"),
    ])
    texts = [b.text for b in paragraphs([page], "ja")]
    assert texts == [
        "（目的）",
        "第1条 本契約は、甲及び乙の間における共同研究の実施にあたり、秘密情報の取扱いを定める"
        "ことを目的とする。",
        "２ 乙は、本研究の遂行のためにのみ秘密情報を使用し、本研究以外の目的に使用してはならない。",
        "(1) 「研究成果」とは、本研究の遂行の過程で得られた発明、考案、ノウハウ、データその他"
        "一切の技術的成果をいう。",
    ]


def test_english_wrapping_hyphenation_and_labels():
    page = _page(1, [
        (71, 520, "1.1 The Receiving Party shall keep the Confidential Information in strict confi-"),
        (107, 515, "dence and shall use it only for the Purpose, as defined in"),
        (107, 300, "Section 2.1 of this Agreement."),
        (71, 519, "1.2 The obligations in this Article continue for seven"),
        (107, 420, "(7) years after expiry or termination."),
        (107, 516, "(a) any information that is publicly available at the time; or"),
        (107, 400, "(b) any information independently developed."),
    ])
    texts = [b.text for b in paragraphs([page], "en")]
    assert texts[0] == ("1.1 The Receiving Party shall keep the Confidential Information in "
                        "strict confidence and shall use it only for the Purpose, as defined "
                        "in Section 2.1 of this Agreement.")
    assert texts[1] == "1.2 The obligations in this Article continue for seven (7) years after " \
                       "expiry or termination."
    assert texts[2].startswith("(a) ") and texts[3].startswith("(b) ")


def test_running_headers_footers_and_page_numbers_go_and_a_sentence_crosses_the_page():
    body = "本契約に定める秘密保持義務は、本契約の終了後も5年間存続するものとし、甲及び乙は"
    pages = []
    for num in (1, 2, 3):
        rows = [(250, 345, "社外秘"), (71, 522, body if num == 1 else "第%d条 甲は、乙に対し" % num)]
        if num == 1:
            rows = [(250, 345, "社外秘"), (71, 300, "第1条 本契約は、目的を定める。"),
                    (71, 522, body)]
        page = _page(num, rows, top=40)
        page.lines.append(Line(num, 290, 305, 800, 810.5, 10.5, f"- {num} -"))
        pages.append(page)
    pages[1].lines[1].text = "相互に協力する。"
    pages[1].lines[1].x1 = 200
    removed = strip_running(pages)
    assert removed == 6  # 社外秘 and "- N -" on each page
    texts = [b.text for b in paragraphs(pages, "ja")]
    assert texts == ["第1条 本契約は、目的を定める。", body + "相互に協力する。", "第3条 甲は、乙に対し"]


def _row(page: int, top: float, cells: list[tuple[float, float, str]]) -> Line:
    return Line(page=page, x0=cells[0][0], x1=cells[-1][1], top=top, bottom=top + 10.5,
                size=10.5, text=" | ".join(c[2] for c in cells if c[2]), col=-1, table=True,
                cells=tuple(cells))


def test_a_table_row_broken_across_a_page_is_one_row():
    cols = [(71, 180), (180, 230), (230, 420), (420, 472)]

    def row(page: int, top: float, *texts: str) -> Line:
        return _row(page, top, [(a, b, t) for (a, b), t in zip(cols, texts)])

    page1 = Page(595, 842, [
        row(1, 600, "研究項目", "担当", "内容", "完了予定"),
        row(1, 718, "3. セル試作", "乙", "評価用セルの作製、充放電特性及び耐久性", "2027年6月")])
    page2 = Page(595, 842, [row(2, 73, "", "", "の評価", ""),
                            row(2, 92, "4. 量産工程の設計", "乙", "製造設備の仕様検討", "2027年9月")])
    texts = [b.text for b in paragraphs([page1, page2], "ja")]
    assert texts == ["研究項目 | 担当 | 内容 | 完了予定",
                     "3. セル試作 | 乙 | 評価用セルの作製、充放電特性及び耐久性の評価 | 2027年6月",
                     "4. 量産工程の設計 | 乙 | 製造設備の仕様検討 | 2027年9月"]
    # a new row at the top of the page (its first cell filled) stays a row of its own
    page2.lines = page2.lines[1:]
    assert len(paragraphs([page1, page2], "ja")) == 3
    # another table (other columns) at the top of the next page is not glued on
    other = Page(595, 842, [_row(2, 73, [(71, 300, ""), (300, 472, "別表の続き")])])
    assert [b.text for b in paragraphs([page1, other], "ja")][-1] == "別表の続き"


def test_join_text():
    assert join_text("秘密情報の取扱い", "を定める。") == "秘密情報の取扱いを定める。"
    assert join_text("confi-", "dential") == "confidential"
    assert join_text("shall", "keep") == "shall keep"
    assert join_text("本契約第", "2条") == "本契約第2条"


# --------------------------------------------------------------------------- OCR output

def test_tesseract_tsv_becomes_lines_with_confidence():
    from clausecheck.reader.ocr import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
        "5\t1\t1\t1\t1\t1\t300\t400\t40\t40\t95\t第",
        "5\t1\t1\t1\t1\t2\t345\t400\t40\t40\t90\t1",
        "5\t1\t1\t1\t1\t3\t390\t400\t80\t40\t85\t条",
        "5\t1\t1\t1\t2\t1\t300\t460\t200\t40\t60\tThe",
        "5\t1\t1\t1\t2\t2\t520\t460\t200\t40\t40\tParty",
    ]
    (num, lines, conf, chars), = parse_tsv("\n".join([head, *rows]), 2480)
    assert num == 1 and [ln.text for ln in lines] == ["第1条", "The Party"]
    assert chars == 11 and conf == pytest.approx((95 + 90 + 85 + 60 * 3 + 40 * 5) / 11)


def test_ocr_spacing_follows_the_page_and_brackets_sit_against_japanese():
    from clausecheck.reader.ocr import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    words = [("2", 300, 20), ("前項の", 370, 130), ("規定", 520, 80),  # label, then text
             ("すること", 620, 170), ("(以下", 840, 120), ("甲", 965, 40), ("乙", 1380, 40)]
    rows = [f"5\t1\t1\t1\t1\t{i}\t{x}\t400\t{w}\t40\t90\t{t}"
            for i, (t, x, w) in enumerate(words, start=1)]
    (_, lines, _, _), = parse_tsv("\n".join([head, *rows]), 2480)
    # a space after the leading number and where the page has a wide gap, none elsewhere
    assert lines[0].text == "2 前項の規定すること(以下甲 乙"


def test_ocr_look_alikes_of_contract_words_are_corrected():
    from clausecheck.reader.ocr import correct

    assert correct("皿及びごは、第3奈(目的)ヽ甲又はは、") == "甲及び乙は、第3条(目的)、甲又は乙は、"
    assert correct("相手方の施設に立ち人り、足任を負う") == "相手方の施設に立ち入り、責任を負う"
    assert correct("皿に盛る") == "皿に盛る"  # 皿 stays where it is no party
    assert correct("第5条のごは、秘客情報を") == "第5条 乙は、秘密情報を"
    assert correct("ごは、甲に通知する。") == "乙は、甲に通知する。"
    assert correct("ご意見は、") == "ご意見は、"


# --------------------------------------------------------------------------- the report header

def test_report_header_says_how_it_was_read_and_warns_on_low_confidence():
    from clausecheck.report import Batch, RenderOptions, render
    from clausecheck.report.testing import make_report

    conv = Conversion(method="ocr", tool="Tesseract 5.3.0, jpn", pages=3,
                      ocr_pages=(1, 2, 3), ocr_confidence=81.4,
                      page_confidence=(92.0, 88.0, 55.0), low_confidence_pages=(3,))
    report = replace(make_report("scan.pdf", "en"), conversion=conv)
    text = render("text", Batch(reports=[report]), RenderOptions(mode="check"))
    assert "Read as" in text and "mean confidence 81%" in text
    assert "low OCR confidence on page 3" in text
    data = report.to_dict()
    assert data["conversion"]["method"] == "ocr"
    assert data["conversion"]["low_confidence_pages"] == [3]
    html = render("html", Batch(reports=[report]), RenderOptions(mode="check"))
    assert "low OCR confidence on page 3" in html
    table = render("table", Batch(reports=[report]), RenderOptions(mode="scan"))
    assert "Read by OCR" in table and "OCR 81%, p. 3" in table
    plain = make_report("a.docx", "en")
    assert "conversion" not in plain.to_dict()


# --------------------------------------------------------------------------- vertical text

def _column(text: str, x: float, top: float = 70.0, size: float = 10.5) -> list[dict]:
    return [{"text": ch, "x0": x, "x1": x + size, "top": top + i * size,
             "bottom": top + (i + 1) * size, "size": size} for i, ch in enumerate(text)]


def test_vertical_text_is_found_from_character_positions():
    from clausecheck.reader.pdftext import is_vertical

    columns = _column("第一条本契約は、目的を定める。", 500) + _column("第二条乙は、秘密を守る。", 485)
    assert is_vertical(columns)
    rows = [dict(c, x0=c["top"], x1=c["bottom"], top=c["x0"], bottom=c["x1"]) for c in columns]
    assert not is_vertical(rows)  # the same characters set in horizontal lines
    # a table of one character per cell has characters above each other, but far apart
    grid = [dict(c, top=c["top"] * 3, bottom=c["top"] * 3 + 10.5) for c in columns]
    assert not is_vertical(grid)


def test_vertical_tesseract_tsv_reads_columns_right_to_left_as_lines():
    from clausecheck.reader.ocr import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t",
            # right column, top to bottom, then the next column to its left
            "5\t1\t1\t1\t1\t1\t2100\t300\t40\t80\t95\t第一",
            "5\t1\t1\t1\t1\t2\t2100\t380\t40\t40\t95\t条",
            "5\t1\t1\t1\t1\t3\t2100\t460\t40\t120\t90\t本契約",
            "5\t1\t1\t2\t1\t1\t2040\t300\t40\t120\t90\t乙は、"]
    (_, lines, _, _), = parse_tsv("\n".join([head, *rows]), 3508, vertical=True)
    assert [ln.text for ln in lines] == ["第一条本契約", "乙は、"]
    first, second = lines
    assert first.top < second.top and first.x0 == 300  # down the page = along the line


def _ink_image(path: Path, vertical: bool, lines: int = 20) -> Path:
    """A page of black "characters" in vertical columns or horizontal lines."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    size, pitch = 44, 66
    for k in range(lines):
        for i in range(45):
            if (i * 7 + k) % 11 == 0:
                continue  # some space in the line
            if vertical:
                x, y = 2100 - k * pitch, 300 + i * size
            else:
                x, y = 300 + i * size, 300 + k * pitch
            draw.rectangle([x + 4, y + 4, x + size - 4, y + size - 4], fill=0)
    img.save(path)
    return path


def test_vertical_scanned_pages_are_told_from_horizontal_ones(tmp_path):
    from clausecheck.reader.ocr import vertical_layout

    assert vertical_layout(str(_ink_image(tmp_path / "v.png", True))) == "vertical"
    assert vertical_layout(str(_ink_image(tmp_path / "h.png", False))) == ""
    assert vertical_layout(str(_ink_image(tmp_path / "v3.png", True, lines=4))) == "maybe"


def test_report_names_vertical_pages_and_warns_when_read_as_horizontal():
    from clausecheck.report import Batch, RenderOptions, render
    from clausecheck.report.testing import make_report

    conv = Conversion(method="ocr", tool="Tesseract 5.3.0, jpn", pages=2, ocr_pages=(1, 2),
                      ocr_confidence=30.0, page_confidence=(30.0, 30.0),
                      vertical_unread_pages=(1, 2))
    text = render("text", Batch(reports=[replace(make_report("s.pdf", "en"), conversion=conv)]),
                  RenderOptions(mode="check"))
    assert "page 1, 2 looks like vertical text" in text and "tesseract-ocr-jpn-vert" in text
    conv = Conversion(method="pdf_text", tool="pdfplumber", pages=2, vertical_pages=(1, 2))
    text = render("text", Batch(reports=[replace(make_report("s.pdf", "ja"), conversion=conv)]),
                  RenderOptions(mode="check"))
    assert "縦書き: 1, 2ページ" in text


def _vertical_articles(n: int) -> list[str]:
    kanji = "一二三四五六七八九十"
    out = ["業務委託契約書"]
    for i in range(n):
        out += [f"第{kanji[i]}条（第{kanji[i]}の定め）",
                "委託者及び受託者は、本契約の履行に際して知り得た相手方の技術上又は営業上の"
                "情報を、相手方の書面による承諾を得ずに第三者へ開示してはならない。",
                f"２　前項の義務は、第{kanji[i]}条の業務が終了した後も存続する。"]
    return out


@pytest.fixture(scope="session")
def vertical_pdf(tmp_path_factory):
    """A Japanese contract set in vertical lines (縦書き) and printed by LibreOffice."""
    needs("soffice")
    out = tmp_path_factory.mktemp("vertical")
    src = t.vertical_document(out / "tate.fodt", _vertical_articles(10))
    return t.render_pdf(src, out / "pdf"), src.with_suffix(".txt")


def test_vertical_text_pdf_is_read_column_by_column(vertical_pdf):
    pdf, txt = vertical_pdf
    doc = read_document(pdf)
    ref = read_document(txt)
    conv = doc.conversion
    assert conv.pages >= 2 and conv.vertical_pages == tuple(range(1, conv.pages + 1))
    assert [c.number for c in doc.clauses] == [c.number for c in ref.clauses]
    # columns joined into sentences across the page, the page numbers gone
    assert [" ".join(c.full_text.split()) for c in doc.clauses] == \
        [" ".join(c.full_text.split()) for c in ref.clauses]


def test_vertical_scan_is_read_with_the_vertical_model_or_warned(vertical_pdf, tmp_path,
                                                                  monkeypatch):
    needs("pdftoppm", "img2pdf", "tesseract")
    from clausecheck.reader import ocr

    pdf, txt = vertical_pdf
    image = t.render_pages(pdf, tmp_path / "pages", dpi=300, last=1)[0]
    ref = [c.number for c in read_document(pdf).clauses]
    if ocr.VERTICAL_MODEL not in ocr.tesseract_info()[1]:
        pytest.skip("not installed: Tesseract's vertical Japanese model "
                    "(tesseract-ocr-jpn-vert)")
    doc = read_document(image)
    conv = doc.conversion
    assert conv.vertical_pages == (1,) and conv.tool.endswith("jpn_vert")
    assert conv.ocr_confidence > 80 and not conv.vertical_unread_pages
    found = [c.number for c in doc.clauses]
    assert found and found == ref[:len(found)] and len(found) >= 5
    # without the vertical model the page is read as horizontal lines, and the report says so
    version, langs = ocr.tesseract_info()
    monkeypatch.setattr(ocr, "tesseract_info",
                        lambda: (version, tuple(x for x in langs if x != ocr.VERTICAL_MODEL)))
    conv = api.check_file(image).conversion
    assert conv.vertical_unread_pages == (1,) and not conv.vertical_pages


# --------------------------------------------------------------------------- bad files

def _reason(path: Path, options: ReadOptions | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_document(path, options)
    assert "\n" not in str(info.value)
    return info.value.reason


def test_decompression_bomb_ends_in_one_line(tmp_path, monkeypatch):
    from clausecheck.reader import tools

    monkeypatch.setattr(tools, "CHILD_MEMORY", 400 * 1024 ** 2)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(t.inflating_page_pdf(640 * 1024 ** 2))
    before = path.read_bytes()
    assert "memory" in _reason(path)
    assert path.read_bytes() == before


def test_slow_pdf_ends_at_the_time_limit(tmp_path):
    path = tmp_path / "slow.pdf"
    path.write_bytes(t.inflating_page_pdf(64 * 1024 ** 2))
    reason = _reason(path, ReadOptions(timeout=0.3))
    assert "took longer than 0.3 s" in reason


def test_blank_pdf(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(t.inflating_page_pdf(0))
    assert "no text" in _reason(path)


def test_scan_refused_without_ocr_and_tesseract_missing_says_how_to_install(
        tmp_path, monkeypatch):
    from PIL import Image

    from clausecheck.reader import ocr, tools

    path = tmp_path / "page.png"
    Image.new("L", (1240, 1754), 255).save(path)
    assert "OCR, which is turned off" in _reason(path, ReadOptions(ocr=False))
    real = tools.which
    monkeypatch.setattr(tools, "which", lambda n: None if n == "tesseract" else real(n))
    ocr.tesseract_info.cache_clear()
    try:
        reason = _reason(path)
    finally:
        ocr.tesseract_info.cache_clear()
    assert "Tesseract is not installed" in reason and "apt-get install tesseract-ocr" in reason


def test_libreoffice_missing_says_how_to_install(tmp_path, monkeypatch):
    from clausecheck.reader import tools

    path = tmp_path / "old.rtf"
    path.write_text("{\\rtf1 hello}")
    monkeypatch.setattr(tools, "which", lambda n: None)
    reason = _reason(path)
    assert "needs LibreOffice" in reason and "libreoffice-writer-nogui" in reason


# --------------------------------------------------------------------------- end to end

@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """Two sample contracts (Japanese with tracked changes, English) printed to PDF."""
    needs("soffice")
    out = tmp_path_factory.mktemp("printed")
    return {name: t.render_pdf(SAMPLES / f"{name}.docx", out)
            for name in ("nda_ja_weak", "rca_en_sound")}


@pytest.mark.parametrize("name", ["nda_ja_weak", "rca_en_sound"])
def test_text_pdf_reads_like_the_docx(printed, name):
    docx = api.check_file(SAMPLES / f"{name}.docx")
    pdf = api.check_file(printed[name])
    same, total, differ = t.verdict_agreement(docx, pdf)
    assert same >= 0.98 * total, differ
    found, want = t.numbers_found(docx.document, pdf.document)
    assert found >= 0.98 * want
    assert pdf.conversion.method == "pdf_text" and pdf.document.format == "pdf"
    # the clause texts themselves: wrapped lines joined, nothing of the page layout left
    a = {c.ref: " ".join(c.text.split()) for c in docx.document.walk()}
    b = {c.ref: " ".join(c.text.split()) for c in pdf.document.walk()}
    equal = sum(1 for ref, text in a.items() if b.get(ref) == text)
    assert equal >= 0.95 * len(a), [r for r in a if b.get(r) != a[r]][:5]


def test_text_pdf_drops_struck_text_of_tracked_changes(printed):
    doc = read_document(printed["nda_ja_weak"])
    survival = next(c for c in doc.walk() if c.title == "存続条項")
    assert "1年間" in survival.full_text and "5年間" not in survival.full_text


def test_encrypted_pdf_is_refused(tmp_path):
    needs("soffice")
    exe = t.soffice()
    opts = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    t.tools.run([exe, f"-env:UserInstallation={Path(t._profile_dir()).as_uri()}", "--headless",
                 "--convert-to", opts, "--outdir", str(tmp_path),
                 str(SAMPLES / "nda_en_weak.docx")], timeout=180,
                env=dict(os.environ, HOME=str(tmp_path)))
    assert "password-protected (encrypted) PDF" in _reason(tmp_path / "nda_en_weak.pdf")


def _docx(path: Path, paragraphs_: list[str], *, header: str = "", page_numbers: bool = False,
          columns: int = 1) -> Path:
    import docx
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    document = docx.Document()
    for text in paragraphs_:
        document.add_paragraph(text)
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if page_numbers:
        para = section.footer.paragraphs[0]
        run = para.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.text = text
            run._r.append(el)
    if columns > 1:
        cols = OxmlElement("w:cols")
        cols.set(qn("w:num"), str(columns))
        cols.set(qn("w:space"), "425")
        section._sectPr.append(cols)
    document.save(path)
    return path


def _articles_ja(n: int) -> list[str]:
    body = ("甲及び乙は、本契約に基づき相手方から開示された秘密情報を、本契約の目的のためにのみ使用し、"
            "相手方の事前の書面による承諾なく第三者に開示し、又は漏えいしてはならないものとし、"
            "その取扱いについて善良なる管理者の注意をもって管理する。")
    out = ["秘密保持契約書"]
    for i in range(1, n + 1):
        out += [f"第{i}条（第{i}の定め）", body, f"２ 前項の規定は、第{i}条の適用について準用する。"]
    return out


def test_headers_footers_and_page_numbers_are_not_read_as_text(tmp_path):
    needs("soffice")
    src = _docx(tmp_path / "hf.docx", _articles_ja(14), header="社外秘　Confidential",
                page_numbers=True)
    pdf = t.render_pdf(src, tmp_path / "out")
    ref = read_document(src)
    doc = read_document(pdf)
    assert doc.conversion.pages >= 3
    assert "社外秘" not in doc.text and "Confidential" not in doc.text
    assert [c.number for c in doc.clauses] == [c.number for c in ref.clauses]
    assert [" ".join(c.full_text.split()) for c in doc.clauses] == \
        [" ".join(c.full_text.split()) for c in ref.clauses]


def test_two_column_pages_are_read_column_by_column(tmp_path):
    needs("soffice")
    src = _docx(tmp_path / "cols.docx", _articles_ja(10), columns=2)
    pdf = t.render_pdf(src, tmp_path / "out")
    ref = read_document(src)
    doc = read_document(pdf)
    assert [c.number for c in doc.clauses] == [c.number for c in ref.clauses]
    assert [" ".join(c.full_text.split()) for c in doc.clauses] == \
        [" ".join(c.full_text.split()) for c in ref.clauses]


def test_a_table_row_longer_than_a_page_reads_as_one_row(tmp_path):
    needs("soffice")
    import docx

    long_cell = "試験結果は、乙が定める評価手順に従い記録し、甲に書面で報告する。" * 60
    document = docx.Document()
    document.add_paragraph("第1条（評価）")
    document.add_paragraph("甲及び乙は、次の表に従い評価を行う。")
    table = document.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    for r, (item, text) in enumerate((("項目", "内容"), ("1. 試験", long_cell),
                                      ("2. 報告", "評価の終了後30日以内に行う。"))):
        table.cell(r, 0).text, table.cell(r, 1).text = item, text
    document.add_paragraph("第2条（協議）")
    document.add_paragraph("本契約に定めのない事項は、甲乙協議の上定める。")
    src = tmp_path / "long_row.docx"
    document.save(src)
    pdf = t.render_pdf(src, tmp_path / "out")
    doc = read_document(pdf)
    assert doc.conversion.pages >= 2
    rows = [b for b in doc.clauses[0].full_text.splitlines() if " | " in b]
    assert rows == ["項目 | 内容", "1. 試験 | " + long_cell, "2. 報告 | 評価の終了後30日以内に行う。"]
    assert [c.number for c in doc.clauses] == [c.number for c in read_document(src).clauses]


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    """A short Japanese and a short English contract (one and two pages) printed, rendered
    at 300 dpi and put back into an image-only PDF (as a scanner writes it)."""
    needs("soffice", "pdftoppm", "img2pdf", "tesseract")
    out = tmp_path_factory.mktemp("scanned")
    result = {}
    for lang, lines in (("ja", _articles_ja(4)), ("en", None)):
        if lines is None:
            src = SAMPLES / "nda_en_weak.txt"
            text = src.read_text(encoding="utf-8").splitlines()[:40]
            lines = [ln for ln in text if ln.strip()]
        docx = _docx(out / f"{lang}.docx", lines)
        pdf = t.render_pdf(docx, out / lang)
        images = t.render_pages(pdf, out / lang / "pages", dpi=300)
        result[lang] = (pdf, t.images_to_pdf(images, out / f"{lang}.scan.pdf"), images[0])
    return result


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_scanned_pdf_is_read_by_ocr(scanned, lang):
    pdf, scan, _ = scanned[lang]
    # what the text layer gives is the reference for what OCR must find
    ref = read_document(pdf)
    assert ref.conversion.method == "pdf_text"
    doc = read_document(scan)
    conv = doc.conversion
    assert conv.method == "ocr" and conv.pages == ref.conversion.pages
    assert conv.ocr_pages == tuple(range(1, conv.pages + 1))
    assert conv.ocr_confidence is not None and conv.ocr_confidence > 80
    want = t.article_numbers(ref)
    got = set(t.article_numbers(doc))
    assert sum(1 for n in want if n in got) >= 0.9 * len(want)
    if lang == "ja":  # no space between Japanese characters, the comma read as a comma
        first = " ".join(doc.clauses[0].full_text.split())
        assert "本契約に基づき相手方から開示された秘密情報を、本契約の目的のために" in first


def test_image_file_is_read_by_ocr_and_a_scan_reports_it(scanned, tmp_path, capsys):
    import json
    import shutil

    from cli_runner import run

    _, _, png = scanned["ja"]
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(png, folder / "page.png")
    shutil.copy(SAMPLES / "nda_en_weak.txt", folder / "a.txt")
    doc = read_document(folder / "page.png")
    assert doc.format == "image" and doc.conversion.method == "ocr"
    assert [c.number for c in doc.clauses][:2] == ["第1条", "第2条"]
    code, out, _ = run(["scan", str(folder), "--format", "json", "--jobs", "1"], capsys)
    data = json.loads(out)
    conv = {Path(r["file"]).name: r.get("conversion") for r in data["reports"]}
    assert conv["a.txt"] is None and conv["page.png"]["method"] == "ocr"
    code, out, _ = run(["scan", str(folder), "--jobs", "1"], capsys)
    assert "Read by OCR" in out or "OCR で読み取ったファイル" in out
    code, out, _ = run(["scan", str(folder), "--format", "json", "--jobs", "1", "--no-ocr"],
                       capsys)
    assert [Path(r["file"]).name for r in json.loads(out)["reports"]] == ["a.txt"]
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "page.png"]


@pytest.mark.parametrize("suffix", ["doc", "odt"])
def test_legacy_formats_through_libreoffice(tmp_path, suffix):
    needs("soffice")
    src = t.convert_with_libreoffice(SAMPLES / "jr_ja_weak.docx", tmp_path / "in", suffix)
    before = sorted(p.name for p in src.parent.iterdir())
    data = src.read_bytes()
    doc = read_document(src)
    ref = read_document(SAMPLES / "jr_ja_weak.docx")
    assert doc.conversion.method == "libreoffice" and doc.conversion.converted_from == suffix
    assert [c.number for c in doc.clauses] == [c.number for c in ref.clauses]
    assert sorted(p.name for p in src.parent.iterdir()) == before  # nothing left beside it
    assert src.read_bytes() == data


def test_redline_refuses_a_pdf_and_redlines_a_doc_as_a_new_docx(tmp_path, capsys):
    from cli_runner import run

    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    code, _, err = run(["redline", str(pdf)], capsys)
    assert code == 2 and "cannot carry Word comments" in err and err.count("\n") == 1
    needs("soffice")
    doc = t.convert_with_libreoffice(SAMPLES / "nda_ja_weak.docx", tmp_path / "in", "doc")
    code, out, _ = run(["redline", str(doc)], capsys)
    assert code == 0 and "comments" in out
    assert sorted(p.name for p in doc.parent.iterdir()) == ["nda_ja_weak.clausecheck.docx",
                                                            "nda_ja_weak.doc"]
    redlined = read_document(doc.parent / "nda_ja_weak.clausecheck.docx")
    assert len(redlined.clauses) >= len(read_document(SAMPLES / "nda_ja_weak.docx").clauses)
