"""Unit tests of the OOXML helpers and the numbering rules of the redliner."""

from __future__ import annotations

import pytest
from lxml import etree

from clausecheck.redline.numbering import (branch_label, default_prefix, kanji_number,
                                           learn_prefix, parse_branch, split_recommended)
from clausecheck.redline.ooxml import (DATE_ENV, NSMAP, IdAllocator, Revision,
                                       accept_all_revisions, anchor_comment, clean_ppr,
                                       inserted_paragraph, make_run, mark_paragraph_inserted,
                                       revision_date, w, wrap_insertion)
from clausecheck.redline.revisions import reject_revisions

W = NSMAP["w"]


def xml(text: str) -> etree._Element:
    return etree.fromstring(text.replace("<w:body>", f'<w:body xmlns:w="{W}">', 1)
                            if text.startswith("<w:body>") else
                            text.replace(">", f' xmlns:w="{W}">', 1))


def rev(start: int = 10) -> Revision:
    return Revision("clausecheck", "2026-11-26T00:00:00Z", IdAllocator([start - 1]))


def test_ids_start_above_every_used_id() -> None:
    ids = IdAllocator([3, 17, 5])
    assert [ids.next(), ids.next()] == [18, 19]
    ids.reserve([40])
    assert ids.next() == 41


def test_ids_stay_in_words_range_when_the_package_uses_the_top() -> None:
    # 2147483646 is a valid w:id; ids above 2147483647 made redline fail ("value must be in
    # range"): the free ids from the bottom are used instead, never one already taken.
    ids = IdAllocator([2_147_483_646, 0, 1, 3])
    got = [ids.next() for _ in range(4)]
    assert got == [2_147_483_647, 2, 4, 5]
    assert all(0 <= i <= IdAllocator.MAX_ID for i in got)


def test_wrap_insertion_keeps_order_and_position() -> None:
    p = xml('<w:p><w:pPr/><w:r><w:t>a</w:t></w:r><w:r><w:t>b</w:t></w:r>'
            '<w:r><w:t>c</w:t></w:r></w:p>')
    runs = p.findall(w("r"))
    ins = wrap_insertion(runs[:2], rev())
    assert [c.tag for c in p] == [w("pPr"), w("ins"), w("r")]
    assert "".join(ins.itertext()) == "ab"
    assert ins.get(w("id")) == "10" and ins.get(w("author")) == "clausecheck"


def test_paragraph_mark_insertion_goes_in_schema_order() -> None:
    p = xml('<w:p><w:pPr><w:pStyle w:val="X"/><w:sectPr/></w:pPr></w:p>')
    mark_paragraph_inserted(p, rev())
    ppr = p.find(w("pPr"))
    assert [c.tag for c in ppr] == [w("pStyle"), w("rPr"), w("sectPr")]
    assert ppr.find(w("rPr"))[0].tag == w("ins")


def test_clean_ppr_drops_section_breaks_revisions_and_optionally_numbering() -> None:
    ppr = xml('<w:pPr><w:pStyle w:val="A"/><w:numPr><w:ilvl w:val="0"/></w:numPr>'
              '<w:rPr><w:ins w:id="1" w:author="x"/><w:b/></w:rPr><w:sectPr/>'
              '<w:pPrChange w:id="2" w:author="x"/></w:pPr>')
    kept = clean_ppr(ppr, keep_numbering=True)
    assert [c.tag for c in kept] == [w("pStyle"), w("numPr"), w("rPr")]
    assert [c.tag for c in kept.find(w("rPr"))] == [w("b")]
    assert clean_ppr(ppr, keep_numbering=False).find(w("numPr")) is None
    assert ppr.find(w("sectPr")) is not None  # the template itself is untouched


def test_make_run_copies_fonts_without_revision_marks() -> None:
    rpr = xml('<w:rPr><w:ins w:id="1" w:author="x"/><w:rFonts w:eastAsia="MS Mincho"/>'
              '<w:b/></w:rPr>')
    run = make_run("第1条\tA ", rpr)
    assert [c.tag for c in run.find(w("rPr"))] == [w("rFonts"), w("b")]
    assert [c.tag for c in run][1:] == [w("t"), w("tab"), w("t")]
    assert run.findall(w("t"))[1].get("{http://www.w3.org/XML/1998/namespace}space") == \
        "preserve"


def test_inserted_paragraph_rejects_and_accepts_cleanly() -> None:
    body = xml('<w:body><w:p><w:r><w:t>one</w:t></w:r></w:p>'
               '<w:p><w:r><w:t>two</w:t></w:r></w:p></w:body>')
    original = etree.tostring(body, method="c14n")
    new = inserted_paragraph(None, [make_run("new")], rev())
    body[0].addnext(new)
    anchor_comment(new, new, 99, rev(50))
    accepted = accept_all_revisions(etree.fromstring(etree.tostring(body)))
    assert ["".join(p.itertext()) for p in accepted.iter(w("p"))] == ["one", "new", "two"]
    assert not accepted.xpath(".//w:ins", namespaces=NSMAP)
    reject_revisions(body, "clausecheck")
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for el in body.iter(w(tag)):
            el.getparent().remove(el)
    assert etree.tostring(body, method="c14n") == original


def test_accept_removes_deleted_text_and_deleted_paragraph_marks() -> None:
    body = xml('<w:body><w:p><w:pPr><w:rPr><w:del w:id="1" w:author="x"/></w:rPr></w:pPr>'
               '<w:r><w:t>a</w:t></w:r><w:del w:id="2" w:author="x"><w:r><w:delText>b'
               '</w:delText></w:r></w:del></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:body>')
    accept_all_revisions(body)
    assert ["".join(p.itertext()) for p in body.iter(w("p"))] == ["ac"]


def test_comment_anchor_spans_whole_paragraphs() -> None:
    body = xml('<w:body><w:p><w:pPr/><w:hyperlink><w:r><w:t>a</w:t></w:r></w:hyperlink></w:p>'
               '<w:p><w:r><w:t>b</w:t></w:r></w:p></w:body>')
    first, last = body.findall(w("p"))
    anchor_comment(first, last, 7)
    assert first[1].tag == w("commentRangeStart")
    assert [c.tag for c in last][-2:] == [w("commentRangeEnd"), w("r")]
    assert last[-1].find(w("commentReference")).get(w("id")) == "7"


def test_revision_date_is_fixed_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATE_ENV, "2026-11-26T09:30:00+09:00")
    assert revision_date() == "2026-11-26T00:30:00Z"
    monkeypatch.delenv(DATE_ENV)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert revision_date() == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize("label, index, lang, expected", [
    ("第5条", 2, "ja", "第5条の2"),
    ("第5条", 3, "ja", "第5条の3"),
    ("第１２条", 2, "ja", "第１２条の２"),
    ("第十二条", 2, "ja", "第十二条の二"),
    ("5", 2, "en", "5.A"),
    ("5.", 3, "en", "5.B"),
    ("Section 5", 2, "en", "Section 5.A"),
    ("Article 12", 2, "en", "Article 12.A"),
])
def test_branch_labels(label: str, index: int, lang: str, expected: str) -> None:
    base = parse_branch(label, lang)
    assert base is not None and base.index == 1
    assert branch_label(base.base, index, lang) == expected


def test_existing_branches_are_recognised() -> None:
    assert parse_branch("第5条の2", "ja").index == 2
    assert parse_branch("第5条の2", "ja").base == "第5条"
    assert parse_branch("5.A", "en").index == 2
    assert kanji_number(23) == "二十三" and kanji_number(10) == "十"


def test_prefix_styles_are_learnt_from_the_contract() -> None:
    assert learn_prefix("２　乙は", "2").render(3) == "３　"
    assert learn_prefix("(1)　定義", "(1)").render(2) == "(2)　"
    assert learn_prefix("（１）定義", "（１）").render(4) == "（４）"
    assert learn_prefix("① 定義", "①").render(2) == "② "
    assert learn_prefix("(a) the", "(a)").render(3) == "(c) "
    assert learn_prefix("5.1\tThe", "5.1").render(2, "5.A") == "5.A.2\t"
    assert learn_prefix("本文", "2") is None
    assert default_prefix("item", "ja").render(2) == "（２）"


def test_recommended_text_is_split_into_levels() -> None:
    lines = split_recommended("1. 乙は、返還する。\n(1) 複製物\n(2) 電子データ\n２　乙は、証明する。")
    assert [(line.level, line.text) for line in lines] == [
        ("paragraph", "乙は、返還する。"), ("item", "複製物"), ("item", "電子データ"),
        ("paragraph", "乙は、証明する。")]
    assert [line.text for line in split_recommended("The Recipient shall return it.")] == \
        ["The Recipient shall return it."]


def test_list_level_gives_a_typed_prefix_and_indent_goes_in_schema_order() -> None:
    from clausecheck.redline.numbering import list_level, prefix_from_level
    from clausecheck.redline.ooxml import set_indent

    numbering = xml('<w:numbering><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0">'
                    '<w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="（%1）"/>'
                    '<w:suff w:val="space"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr>'
                    '</w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/>'
                    '</w:num></w:numbering>')
    lvl = list_level(numbering, "7", "0")
    assert prefix_from_level(lvl).render(2) == "（２） "
    assert list_level(numbering, "8", "0") is None
    p = xml('<w:p><w:pPr><w:pStyle w:val="A"/><w:jc w:val="both"/></w:pPr></w:p>')
    set_indent(p, lvl.find("w:pPr/w:ind", NSMAP))
    assert [c.tag for c in p.find(w("pPr"))] == [w("pStyle"), w("ind"), w("jc")]


@pytest.mark.parametrize("text, title, lang, expected", [
    ("第5条（秘密保持）", "秘密保持", "ja", ("{num}（{title}）", False)),
    ("第５条　秘密保持", "秘密保持", "ja", ("{num}　{title}", False)),
    ("第5条（目的）本契約は…", "目的", "ja", ("{num}（{title}）", True)),
    ("1条（秘密情報の定義）", "秘密情報の定義", "ja", ("{num}（{title}）", False)),
    ("5. CONFIDENTIALITY", "CONFIDENTIALITY", "en", ("{num} {title}", False)),
    ("3. Governing Law. This Agreement…", "Governing Law", "en", ("{num} {title}. ", True)),
    ("Section 4 Term", "Term", "en", ("{num} {title}", False)),
])
def test_heading_formats_are_learnt(text: str, title: str, lang: str, expected) -> None:
    from clausecheck.redline.layout import _head_format

    assert _head_format(text, title, "typed", lang) == expected


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_redliner_reads_a_paragraph_as_the_reader_does() -> None:
    # A hidden run, a moved-away run, and a drawing's fallback copy are no text to either;
    # the redliner used to read all three (a heading line with a hidden note was no heading).
    from clausecheck.reader.docx import paragraph_text as reader_text
    from clausecheck.redline.layout import is_title_line, paragraph_text, text_runs_rpr

    p = etree.fromstring(
        f'<w:p xmlns:w="{W}" xmlns:mc="{MC_NS}">'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>作成者メモ</w:t></w:r>'
        '<w:moveFrom w:id="1" w:author="a"><w:r><w:t>旧</w:t></w:r></w:moveFrom>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>（目的）</w:t></w:r>'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t></w:t></w:r></mc:Choice>'
        '<mc:Fallback><w:r><w:t>図</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>')
    assert paragraph_text(p) == reader_text(p)[0] == "（目的）"
    assert is_title_line(paragraph_text(p))
    # the format an inserted heading copies is the visible run's, never the hidden one's
    rprs = text_runs_rpr(p)
    assert rprs[0] is not None and rprs[0].find(w("b")) is not None
    assert all(r is None or r.find(w("vanish")) is None for r in rprs)
