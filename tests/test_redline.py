"""Redline on tiny hand-built .docx files with stub reports: placement, numbering (typed and
automatic, Japanese and English), comment anchoring, ids, and 'everything else unchanged'."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from clausecheck.redline import redline
from clausecheck.redline.ooxml import NSMAP, accept_all_revisions, w
from test_redline_helpers import (P, article, body_of, build_docx, c14n, child, finding,
                                  make_document, make_report, paragraphs_of, part_xml,
                                  restored_body, risk, stub_library, text_of)
from test_redline_helpers import LIB, LIB_EN, fixed_date  # noqa: F401  (autouse fixture)

# ---------------------------------------------------------------------------------------------
# Japanese, typed numbers, a table inside an article, an existing comment and tracked change

JA_TYPED = [
    P("秘密保持契約書"),                                   # 0
    P("甲と乙は、次のとおり契約を締結する。"),              # 1
    P("第1条（目的）", bold=True),                          # 2
    P("本契約は、甲乙間の技術評価を目的とする。"),          # 3
    P("第2条（秘密保持）", bold=True),                      # 4
    P("乙は、秘密情報を第三者に開示してはならない。", comment="要確認"),  # 5
    P("２　乙は、秘密情報を善良な管理者の注意をもって管理する。",
      table=[["区分", "管理者"], ["技術", "開発部"]]),      # 6, table cells 7..10
    P("第3条（準拠法）", bold=True),                        # 11
    P("本契約は日本法に準拠する", tracked="ins"),           # 12
    P("第4条（協議）", bold=True),                          # 13
    P("本契約に定めのない事項は誠実に協議する。"),          # 14
]


def ja_typed(tmp_path: Path):
    path = build_docx(tmp_path / "nda.docx", JA_TYPED)
    a1 = article("第1条", "目的", "本契約は…", (2, 3))
    c2 = child("第2条", "2", "乙は、秘密情報を善良な…", (6,))
    a2 = article("第2条", "秘密保持", "乙は、秘密情報を第三者に…", (4, 5, 7, 8, 9, 10), [c2])
    a3 = article("第3条", "準拠法", "本契約は日本法に準拠する。", (11, 12))
    a4 = article("第4条", "協議", "本契約に定めのない事項は…", (13, 14))
    doc = make_document(path, [a1, a2, a3, a4], preamble_source=(1,))
    report = make_report(doc, [
        finding("confidentiality", "weak", evidence=[a2], missing=["duty_of_care"],
                suggestion="乙は、善良なる管理者の注意をもって秘密情報を管理する。",
                title="秘密保持義務"),
        finding("governing_law", "present", evidence=[a3]),
        finding("return_deletion", "missing", title="返還・廃棄・消去"),
        finding("survival", "missing", title="存続条項"),
        finding("no_reverse_engineering", "missing", requirement="recommended"),
    ], risks=[risk("foreign_forum", a3, "governing_law")])
    return path, doc, report


def test_missing_provisions_are_inserted_after_the_related_article_with_branch_numbers(
        tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    assert result.insertions == 2 and result.inserted == ["return_deletion", "survival"]
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    start = texts.index("第2条の2（秘密情報の返還等）")
    assert texts[start - 1] == "技術" or texts[start - 1] == "開発部"  # right after the table
    assert texts[start:start + 5] == [
        "第2条の2（秘密情報の返還等）",
        "乙は、本契約が終了したときは、秘密情報を甲に返還し、又は廃棄する。",
        "２　乙は、廃棄したときは、その旨の証明書を甲に提出する。",
        "第2条の3（存続条項）",
        "本契約の終了後も、秘密保持義務は5年間存続する。",
    ]
    assert texts[start + 5] == "第3条（準拠法）"
    # the new articles are placed in the body, not inside the table
    new = paragraphs_of(result.output)[start]
    assert new.getparent().tag == w("body")
    assert new.getprevious().tag == w("tbl")


def test_inserted_heading_copies_paragraph_and_run_properties(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    paragraphs = paragraphs_of(result.output)
    texts = [text_of(p) for p in paragraphs]
    head = paragraphs[texts.index("第2条の2（秘密情報の返還等）")]
    assert head.find(".//w:ins/w:r/w:rPr/w:b", NSMAP) is not None  # bold like 第2条
    body = paragraphs[texts.index("本契約の終了後も、秘密保持義務は5年間存続する。")]
    assert body.find(".//w:ins/w:r/w:rPr/w:b", NSMAP) is None


def test_every_inserted_paragraph_is_a_tracked_insertion_with_its_mark(tmp_path: Path) -> None:
    """Recorded as Word records typing at the end of a paragraph: the anchor's mark and the
    marks of the new paragraphs but the last are insertions; the last new paragraph takes
    the anchor's original mark, with a tracked change of its properties."""
    from clausecheck.redline.revisions import inserted_paragraphs

    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB, author="Legal")
    body = body_of(result.output)
    inserted = inserted_paragraphs(body, "Legal")
    assert len(inserted) == 5
    ours = './/w:%s[@w:author="Legal"]'
    marks = body.xpath(".//w:pPr/w:rPr/w:ins", namespaces=NSMAP)
    changes = body.xpath(".//w:pPr/w:pPrChange", namespaces=NSMAP)
    # two places of insertion; a property change only where the new paragraph's differ
    assert len(marks) == 5 and len(changes) <= 2
    assert body.xpath(ours % "pPr/w:rPr/w:ins", namespaces=NSMAP) == marks
    for revision in body.xpath(ours % "ins", namespaces=NSMAP):
        assert revision.get(w("date")) == "2026-11-26T00:00:00Z"
    for p in inserted:
        for run in p.iter(w("r")):  # every text run sits inside a w:ins
            if run.find(w("t")) is not None:
                assert run.getparent().tag == w("ins")
    for p in body.xpath(".//w:p[w:pPr/w:rPr/w:ins]", namespaces=NSMAP):
        assert p in inserted or p.getnext() in inserted  # an anchor is followed by new text


def test_rejecting_the_insertions_gives_back_the_original_body(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    restored = restored_body(result.output, "clausecheck", result.comment_ids)
    assert c14n(restored) == c14n(body_of(path))


def test_other_package_parts_are_unchanged(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    changed = {"word/document.xml", "word/comments.xml"}
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(result.output) as after:
        assert set(before.namelist()) <= set(after.namelist())
        for name in before.namelist():
            if name in changed:
                continue
            old, new = before.read(name), after.read(name)
            if old != new:  # python-docx may re-serialise a part: must be the same XML
                from lxml import etree
                assert etree.tostring(etree.fromstring(old), method="c14n") == \
                    etree.tostring(etree.fromstring(new), method="c14n"), name


def test_existing_comments_are_kept_and_ids_never_collide(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    comments = part_xml(result.output, "word/comments.xml")
    before = part_xml(path, "word/comments.xml")
    old = before.findall(w("comment"))
    assert len(old) == 1
    kept = comments.findall(w("comment"))
    assert c14n(kept[0]) == c14n(old[0])
    assert len(kept) == 1 + result.comments
    body = body_of(result.output)
    revision_ids = [int(e.get(w("id"))) for e in body.iter(w("ins"), w("del"))]
    comment_ids = [int(c.get(w("id"))) for c in kept]
    assert len(set(revision_ids + comment_ids)) == len(revision_ids) + len(comment_ids)
    # every new comment is referenced once, with its range
    for cid in result.comment_ids:
        for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
            assert len(body.xpath(f".//w:{tag}[@w:id='{cid}']", namespaces=NSMAP)) == 1


def test_weak_comment_is_anchored_on_the_clause_paragraphs(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    paragraphs = paragraphs_of(result.output)
    comments = part_xml(result.output, "word/comments.xml")
    weak_id = next(int(c.get(w("id"))) for c in comments.findall(w("comment"))
                   if "秘密保持義務" in "".join(c.itertext()))
    start = paragraphs[4].find(f"w:commentRangeStart[@w:id='{weak_id}']", NSMAP)
    assert start is not None  # on 第2条's heading
    # the article ends inside a table: the range ends on its last body paragraph instead
    assert paragraphs[6].find(f"w:commentRangeEnd[@w:id='{weak_id}']", NSMAP) is not None
    text = "".join(next(c for c in comments.findall(w("comment"))
                        if int(c.get(w("id"))) == weak_id).itertext())
    assert "duty_of_care name" in text and "4-2-⑩" in text
    assert "善良なる管理者の注意をもって秘密情報を管理する" in text


def test_risk_and_insertion_comments(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    assert result.comments == 4  # weak + risk + two insertions
    comments = {int(c.get(w("id"))): "".join(c.itertext())
                for c in part_xml(result.output, "word/comments.xml").findall(w("comment"))}
    risk_id = next(i for i, t in comments.items() if "risk foreign_forum" in t)
    paragraphs = paragraphs_of(result.output)
    head = paragraphs[[text_of(p) for p in paragraphs].index("第3条（準拠法）")]
    assert head.find(f"w:commentRangeStart[@w:id='{risk_id}']", NSMAP) is not None
    assert "safer foreign_forum" in comments[risk_id]
    inserted_comments = [t for t in comments.values() if "変更履歴として挿入" in t]
    assert len(inserted_comments) == 2
    assert all("why" in t for t in inserted_comments)


def test_recommended_provisions_only_on_request(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB, include_recommended=True)
    assert "no_reverse_engineering" in result.inserted
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    assert "第2条の4（解析の禁止）" in texts or "第2条の2（解析の禁止）" in texts \
        or any(t.startswith("第2条の") and "解析の禁止" in t for t in texts)


def test_accepting_everything_keeps_the_text_and_adds_the_provisions(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    body = accept_all_revisions(body_of(result.output))
    assert not body.xpath(".//w:ins | .//w:del", namespaces=NSMAP)
    texts = [text_of(p) for p in body.iter(w("p"))]
    assert "第2条の2（秘密情報の返還等）" in texts
    assert "本契約は日本法に準拠する。" in texts  # the existing insertion, accepted


def test_output_opens_with_python_docx(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    opened = docx.Document(str(result.output))
    assert len(list(opened.comments)) == 1 + result.comments


# ---------------------------------------------------------------------------------------------
# Japanese, automatic numbering, heading lines before the numbered paragraph

JA_AUTO = [
    P("秘密保持契約書"),                                   # 0
    P("甲と乙は、次のとおり契約を締結する。"),              # 1
    P("（目的）"),                                          # 2
    P("本契約は、技術評価を目的とする。", level=0),         # 3
    P("（秘密保持）"),                                      # 4
    P("乙は、秘密情報を開示してはならない。", level=0),     # 5
    P("乙は、秘密情報を管理する。", level=1),               # 6
    P("（協議）"),                                          # 7
    P("定めのない事項は協議する。", level=0),               # 8
]


def test_automatic_numbering_gets_a_typed_branch_number_and_no_list_count(tmp_path: Path) -> None:
    """An article inserted into automatically numbered articles is typed 第2条の2: were it
    counted by the list, every later article would be renumbered (第3条 → 第4条) and every typed
    reference 「第3条」 would point at the wrong article. Its paragraphs are typed from the
    list's own format, so they start from the new article's first paragraph."""
    path = build_docx(tmp_path / "auto.docx", JA_AUTO)
    a1 = article("第1条", "目的", "本契約は…", (3,))
    a2 = article("第2条", "秘密保持", "乙は、秘密情報を開示してはならない。", (5,),
                 [child("第2条", "２", "乙は、秘密情報を管理する。", (6,))])
    a3 = article("第3条", "協議", "定めのない…", (8,))
    doc = make_document(path, [a1, a2, a3], numbering="auto", preamble_source=(1,))
    report = make_report(doc, [finding("confidentiality", "present", evidence=[a2]),
                               finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    paragraphs = paragraphs_of(result.output)
    texts = [text_of(p) for p in paragraphs]
    i = texts.index("（秘密情報の返還等）")
    assert texts[i - 1] == "乙は、秘密情報を管理する。"
    assert texts[i + 1] == "第2条の2乙は、本契約が終了したときは、秘密情報を甲に返還し、又は廃棄する。"
    assert texts[i + 2] == "２乙は、廃棄したときは、その旨の証明書を甲に提出する。"
    assert texts[i + 3] == "（協議）"
    counted = lambda p: p.find("w:pPr/w:numPr/w:numId", NSMAP) is not None and \
        p.find("w:pPr/w:numPr/w:numId", NSMAP).get(w("val")) != "0"  # noqa: E731
    assert not any(counted(p) for p in paragraphs[i:i + 3])
    assert counted(paragraphs[i + 4])  # 第3条 is still the list's third article
    restored = restored_body(result.output, "clausecheck", result.comment_ids)
    assert c14n(restored) == c14n(body_of(path))


def test_missing_provision_without_relative_goes_before_the_general_provisions(
        tmp_path: Path) -> None:
    path = build_docx(tmp_path / "auto.docx", JA_AUTO)
    a1 = article("第1条", "目的", "本契約は…", (3,))
    a2 = article("第2条", "秘密保持", "乙は、秘密情報を開示してはならない。", (5,),
                 [child("第2条", "２", "乙は、秘密情報を管理する。", (6,))])
    a3 = article("第3条", "協議", "定めのない…", (8,))
    doc = make_document(path, [a1, a2, a3], numbering="auto", preamble_source=(1,))
    report = make_report(doc, [finding("survival", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    assert texts.index("（存続条項）") == texts.index("（協議）") - 2


# ---------------------------------------------------------------------------------------------
# English, typed numbers with dotted sub-clauses; English automatic numbering

EN_TYPED = [
    P("NON-DISCLOSURE AGREEMENT"),                                      # 0
    P("This Agreement is made between A and B."),                       # 1
    P("1. Purpose. The parties wish to evaluate a sensor technology."),  # 2
    P("2. Confidentiality."),                                           # 3
    P("2.1 The Recipient shall not disclose Confidential Information."),  # 4
    P("2.2 The Recipient shall protect it with due care."),             # 5
    P("3. Governing Law. This Agreement is governed by the laws of Japan."),  # 6
]


def en_typed(tmp_path: Path):
    """The English typed-number contract above, written and read: path, document, articles."""
    path = build_docx(tmp_path / "en.docx", EN_TYPED, lang="en")
    a1 = article("1.", "Purpose", "The parties…", (2,))
    a2 = article("2.", "Confidentiality", "", (3,),
                 [child("2.", "2.1", "The Recipient…", (4,)), child("2.", "2.2", "…", (5,))])
    a3 = article("3.", "Governing Law", "This Agreement…", (6,))
    return path, make_document(path, [a1, a2, a3], lang="en", preamble_source=(1,)), (a1, a2, a3)


def test_english_typed_numbers_get_letter_branches_and_dotted_paragraphs(tmp_path: Path) -> None:
    path, doc, (a1, a2, a3) = en_typed(tmp_path)
    report = make_report(doc, [finding("confidentiality", "present", evidence=[a2]),
                               finding("governing_law", "present", evidence=[a3]),
                               finding("return_deletion", "missing"),
                               finding("survival", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB_EN)
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    i = texts.index("2.A Return and Destruction.")
    assert texts[i:i + 6] == [
        "2.A Return and Destruction.",
        "2.A.1 On termination the Recipient shall return or destroy all copies.",
        "2.A.2 The Recipient shall certify the destruction in writing.",
        "2.B Survival.",
        "The obligations of confidentiality survive for five years.",
        "3. Governing Law. This Agreement is governed by the laws of Japan.",
    ]


def test_english_inline_heading_style_is_followed(tmp_path: Path) -> None:
    path, doc, (a1, a2, a3) = en_typed(tmp_path)
    report = make_report(doc, [finding("purpose", "present", evidence=[a1]),
                               finding("ci_definition", "missing")])
    lib = stub_library({"ci_definition": ("Definition", "Confidential Information means all "
                                                        "information disclosed.")})
    result = redline(path, report, tmp_path / "out.docx", library=lib)
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    assert "1.A Definition. Confidential Information means all information disclosed." in texts
    assert texts.index("1.A Definition. Confidential Information means all information "
                       "disclosed.") == 3


EN_AUTO = [
    P("NON-DISCLOSURE AGREEMENT"),                                  # 0
    P("Confidentiality", level=0, bold=True),                       # 1
    P("The Recipient shall not disclose it.", level=1),             # 2
    P("The Recipient shall protect it.", level=1),                  # 3
    P("Governing Law", level=0, bold=True),                         # 4
    P("This Agreement is governed by the laws of Japan.", level=1),  # 5
]


def test_english_automatic_numbering(tmp_path: Path) -> None:
    """The inserted article is typed in the list's own format ("1.A." like "%1."), outside
    the list (numId 0 over the heading style's numbering), its paragraphs typed 1.A.1, 1.A.2."""
    path = build_docx(tmp_path / "en_auto.docx", EN_AUTO, lang="en")
    a1 = article("1.", "Confidentiality", "", (1,),
                 [child("1.", "1.1", "…", (2,)), child("1.", "1.2", "…", (3,))])
    a2 = article("2.", "Governing Law", "", (4,), [child("2.", "2.1", "…", (5,))])
    doc = make_document(path, [a1, a2], lang="en", numbering="auto")
    report = make_report(doc, [finding("confidentiality", "present", evidence=[a1]),
                               finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB_EN)
    paragraphs = paragraphs_of(result.output)
    texts = [text_of(p) for p in paragraphs]
    i = texts.index("1.A.Return and Destruction")
    assert texts[i - 1] == "The Recipient shall protect it."
    assert paragraphs[i].find("w:pPr/w:numPr/w:numId", NSMAP).get(w("val")) == "0"
    assert texts[i + 1] == "1.A.1On termination the Recipient shall return or destroy all copies."
    assert texts[i + 2] == "1.A.2The Recipient shall certify the destruction in writing."
    assert texts[i + 3] == "Governing Law"


# ---------------------------------------------------------------------------------------------
# paths


def test_refuses_to_overwrite_and_never_touches_the_input(tmp_path: Path) -> None:
    from clausecheck.errors import InputError, OutputError

    path, doc, report = ja_typed(tmp_path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    out = tmp_path / "out.docx"
    out.write_bytes(b"keep")
    with pytest.raises(OutputError):
        redline(path, report, out, library=LIB)
    assert out.read_bytes() == b"keep"
    redline(path, report, out, library=LIB, force=True)
    assert out.read_bytes() != b"keep"
    with pytest.raises(OutputError):
        redline(path, report, path, library=LIB, force=True)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    txt = tmp_path / "a.txt"
    txt.write_text("x")
    with pytest.raises(InputError):
        redline(txt, report, tmp_path / "b.docx", library=LIB)
    assert not list(tmp_path.glob(".*.tmp"))


def test_unnumbered_contract_gets_an_unnumbered_article(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "none.docx", [
        P("秘密保持契約書"), P("（目的）"), P("本契約は、技術評価を目的とする。"),
        P("（秘密保持）"), P("乙は、秘密情報を開示してはならない。"),
        P("（協議）"), P("定めのない事項は協議する。")])
    a1 = article("", "目的", "本契約は…", (1, 2))
    a2 = article("", "秘密保持", "乙は…", (3, 4))
    a3 = article("", "協議", "定めのない…", (5, 6))
    doc = make_document(path, [a1, a2, a3], numbering="none")
    report = make_report(doc, [finding("confidentiality", "present", evidence=[a2]),
                               finding("survival", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    i = texts.index("（存続条項）")
    assert texts[i + 1] == "本契約の終了後も、秘密保持義務は5年間存続する。"
    assert texts[i + 2] == "（協議）"


def test_same_input_and_fixed_date_give_the_same_bytes(tmp_path: Path) -> None:
    path, doc, report = ja_typed(tmp_path)
    first = redline(path, report, tmp_path / "a.docx", library=LIB).output.read_bytes()
    second = redline(path, report, tmp_path / "b.docx", library=LIB).output.read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 26, 0, 0, 0)}


def test_risk_comment_prefers_a_clause_of_the_risks_own_provision(tmp_path: Path) -> None:
    from clausecheck.model import Evidence, Risk

    path, doc, report = ja_typed(tmp_path)
    a1, a3 = doc.clauses[0], doc.clauses[2]
    flagged = Risk(flag="foreign_forum", title="risk foreign_forum", severity="warning",
                   provision="governing_law", note="n", suggestion="s",
                   evidence=(Evidence(ref=a1.ref, text="", source=a1.source),
                             Evidence(ref=a3.ref, text="", source=a3.source)))
    report = make_report(doc, [finding("governing_law", "present", evidence=[a3])], [flagged])
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    paragraphs = paragraphs_of(result.output)
    head = paragraphs[[text_of(p) for p in paragraphs].index("第3条（準拠法）")]
    assert head.find("w:commentRangeStart", NSMAP) is not None


def test_insertion_comment_names_the_related_clause_that_lacks_the_core() -> None:
    from clausecheck.model import Evidence, Finding, MissingElement
    from clausecheck.redline.messages import insertion_comment

    partial = Finding(
        provision="return_deletion", title="Return and destruction", status="missing",
        severity="error", requirement="required", guidance=("4-2-⑩",),
        evidence=(Evidence(ref="15.2", text="On request, the Recipient shall return..."),),
        missing_elements=(MissingElement("on_termination", "return when the agreement ends"),),
        weakening=("only on request",), why="Copies outlive the deal.")
    text = insertion_comment(partial, "en")
    assert text.splitlines()[0] == ("[clausecheck] 15.2 touches on Return and destruction but "
                                   "lacks return when the agreement ends; the recommended "
                                   "wording was inserted as a tracked change (required).")
    assert "Issues in the current wording: only on request" in text
    absent = Finding(provision="return_deletion", title="Return and destruction",
                     status="missing", severity="error", requirement="required")
    assert insertion_comment(absent, "en").startswith("[clausecheck] No clause provides")
