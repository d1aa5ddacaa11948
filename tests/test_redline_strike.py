"""Text of the counterparty's that weakens a provision is struck, not only commented on: a
residuals clause with its definition, a right to keep copies, the recipient's own choice of
return or destruction. Checked with the real checker on contracts written for these tests
(other wordings than the samples'): the markup a lawyer reads, the numbering kept, the
verdicts after accepting every change, and the original given back by rejecting them."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.library import validate_library
from clausecheck.reader import read_document
from clausecheck.redline import redline
from clausecheck.redline.amend import edit_hunks
from clausecheck.redline.revisions import accepted_copy
from test_library_templates import _edit, _playbook, _refused
from test_redline_drafting import _marked
from test_redline_helpers import P, body_of, build_docx, c14n, part_xml, restored_body
from test_redline_helpers import fixed_date  # noqa: F401  (autouse fixture)

# A technical evaluation between two makers: the recipient may use what its staff remember
# (a paragraph with paragraphs after it: it keeps its number), decides itself whether to
# return or destroy, and has proposed (as a tracked change of its own) keeping a copy.
JA = [
    P("技術評価契約書"),
    P("東雲マテリアル株式会社（以下「甲」という。）と北嶺工機株式会社（以下「乙」という。）は、甲が乙に"
      "開示する技術情報の取扱いについて、次のとおり契約を締結する。"),
    P("第1条（目的）"),
    P("甲及び乙は、甲の新素材を乙の装置に用いることができるかを評価する（以下「本評価」という。）ため、"
      "本契約を締結する。"),
    P("第2条（秘密情報）"),
    P("本契約において「秘密情報」とは、本評価のために甲が乙に開示した技術上の一切の情報をいう。"),
    P("第3条（秘密保持）"),
    P("乙は、秘密情報を秘密として保持し、甲の事前の書面による承諾なく第三者に開示し、又は漏えいしては"
      "ならない。"),
    P("２　乙は、善良な管理者の注意をもって秘密情報を管理する。"),
    P("３　前二項の規定にかかわらず、乙は、その従業員の頭脳に残った一般的な知識を自由に利用することが"
      "できる。この場合、乙は甲に対して対価の支払義務を負わない。"),
    P("４　乙は、秘密情報の漏えいを知ったときは、直ちに甲に通知する。"),
    P("第4条（目的外使用の禁止）"),
    P("乙は、秘密情報を本評価以外の目的に使用してはならない。"),
    P("第5条（返還）"),
    P("乙は、本契約が終了したときは、乙の裁量で、秘密情報を返還し又は廃棄する。"),
    P("２　前項の規定にかかわらず、乙は、社内規程に従い、秘密情報の写し1部を保存することができる",
      tracked="ins"),
    P("第6条（有効期間）"),
    P("本契約の有効期間は、締結日から2年間とし、第3条及び第4条の規定は本契約の終了後5年間存続する。"),
    P("第7条（準拠法及び管轄）"),
    P("本契約は日本法に準拠し、東京地方裁判所を第一審の専属的合意管轄裁判所とする。"),
]

# The same kinds in English: a defined term for what engineers remember, in the middle of a
# lettered list, and the clause that uses it; the recipient's election; a proviso and a
# paragraph that keep copies.
EN = [
    P("EVALUATION AGREEMENT"),
    P('This Agreement is made between Harrow Optics Ltd ("Harrow") and Penfold Robotics Inc. '
      '("Penfold").'),
    P("1. Definitions"),
    P("1.1 In this Agreement:"),
    P('(a) "Confidential Information" means all technical information that Harrow discloses to '
      "Penfold for the Evaluation, in any form;"),
    P('(b) "Retained Skills" means ideas and techniques remaining in the memory of Penfold\'s '
      "engineers after they have worked with Confidential Information; and"),
    P('(c) "Evaluation" means Penfold\'s testing of Harrow\'s lens coatings in its own '
      "laboratory."),
    P("2. Use"),
    P("2.1 Penfold shall use the Confidential Information only for the Evaluation."),
    P("3. Confidentiality"),
    P("3.1 Penfold shall keep the Confidential Information secret and shall not disclose it to "
      "any third party without Harrow's prior written consent."),
    P("3.2 Penfold shall protect the Confidential Information with at least the care it uses "
      "for its own secrets, and no less than reasonable care."),
    P("3.3 Nothing in this Agreement prevents Penfold from using Retained Skills in any of its "
      "businesses. Such use is not a breach of Section 3.1."),
    P("3.4 Penfold shall tell Harrow at once if it learns of any unauthorised disclosure."),
    P("4. Return"),
    P("4.1 When the Evaluation ends, Penfold shall, at its election, return or destroy all "
      "Confidential Information, save that Penfold may retain the copies that its auditors "
      "require."),
    P("4.2 Penfold's legal department is entitled to keep one copy of the Confidential "
      "Information in its files to evidence compliance."),
    P("5. Term"),
    P("5.1 This Agreement lasts two years from signature, and Sections 2, 3 and 4 continue for "
      "five years after it ends."),
    P("6. Law"),
    P("6.1 This Agreement is governed by the laws of Japan, and the Tokyo District Court has "
      "exclusive jurisdiction."),
]


def _redlined(tmp_path: Path, checker, lines: list[P], lang: str, side: str = "discloser"):
    src = build_docx(tmp_path / f"{lang}.docx", lines, lang=lang)
    original = c14n(body_of(src))
    document = read_document(src)
    report = checker.check(document, side=side)
    result = redline(src, report, tmp_path / f"{lang}.out.docx", document=document,
                     library=checker.library, author="Legal Dept")
    assert c14n(body_of(src)) == original  # the input is never touched
    return src, report, result


def _after_accepting(tmp_path: Path, checker, result, side: str = "discloser"):
    return checker.check(read_document(accepted_copy(result.output, tmp_path / "acc.docx")),
                         side=side)


def _verdicts(report) -> dict[str, str]:
    return {f.provision: f.status for f in report.findings}


def _comments(out: Path) -> list[tuple[str, str]]:
    from clausecheck.redline.ooxml import w, xpath

    return [(c.get(w("author")), "".join(xpath(c, ".//w:t/text()")))
            for c in xpath(part_xml(out, "word/comments.xml"), "//w:comment")]


def _no_verdict_worse(before, after) -> None:
    rank = {"missing": 0, "weak": 1, "present": 2}
    now = _verdicts(after)
    worse = {p: (s, now[p]) for p, s in _verdicts(before).items() if rank[now[p]] < rank[s]}
    assert not worse


def test_japanese_residuals_retention_and_discretion_are_struck(tmp_path: Path,
                                                                checker) -> None:
    src, report, result = _redlined(tmp_path, checker, JA, "ja")
    verdicts = _verdicts(report)
    assert verdicts["confidentiality"] == verdicts["return_deletion"] == "weak"
    assert {"residuals", "retention_allowed"} <= set(result.struck)
    marked = _marked(result.output)
    # a paragraph with paragraphs after it keeps its number: ４ is still ４ and 第3条第4項
    # still means it
    assert "３　{-前二項の規定にかかわらず、乙は、その従業員の頭脳に残った一般的な知識を自由に利用することが" \
           "できる。この場合、乙は甲に対して対価の支払義務を負わない。-}{+削除+}" in marked
    # the discloser decides, in place of the recipient's discretion
    assert "乙は、本契約が終了したときは、{-乙の裁量で-}{+甲の指示に従い+}、秘密情報を返還し又は廃棄する。" \
        in marked
    # the last paragraph of its article goes whole, the counterparty's own insertion with it
    assert any(line.startswith("{-２　前項の規定にかかわらず") and line.endswith("保存することができる-}{-。-}")
               for line in marked), marked
    comments = _comments(result.output)
    assert all(author == "Legal Dept" for author, _ in comments)
    struck = [text for _, text in comments if "削除の提案" in text]
    assert any("残存記憶条項" in t and "番号は残して「削除」" in t for t in struck)
    assert any("終了後の複製物の保持を許容" in t for t in struck)
    # the residuals and retention risks are not commented on a second time
    assert not any(text.startswith("【clausecheck】リスク：残存記憶") for _, text in comments)

    after = _after_accepting(tmp_path, checker, result)
    now = _verdicts(after)
    assert now["confidentiality"] == now["return_deletion"] == "present"
    assert not {"residuals", "retention_allowed"} & {r.flag for r in after.risks}
    _no_verdict_worse(report, after)
    article = next(a for a in after.document.clauses if a.title == "秘密保持")
    assert [c.text for c in article.children][-2:] == ["削除", "乙は、秘密情報の漏えいを知ったときは、直ちに甲に通知する。"]
    # rejecting every change gives the original back, the counterparty's insertion included
    assert c14n(restored_body(result.output, "Legal Dept", result.comment_ids)) == \
        c14n(body_of(src))


def test_english_residuals_definition_and_its_use_and_retention_are_struck(tmp_path: Path,
                                                                          checker) -> None:
    src, report, result = _redlined(tmp_path, checker, EN, "en")
    assert {"residuals", "retention_allowed"} <= set(result.struck)
    marked = _marked(result.output)
    # a definition in the middle of a lettered list keeps its letter: (c) stays (c)
    assert '(b) {-"Retained Skills" means ideas and techniques remaining in the memory of ' \
           "Penfold's engineers after they have worked with Confidential Information-}" \
           "{+Intentionally omitted+}; and" in marked
    # the clause that uses the struck term goes with it (it names no memory itself)
    assert "3.3 {-Nothing in this Agreement prevents Penfold from using Retained Skills in any of " \
           "its businesses. Such use is not a breach of Section 3.1-}{+Intentionally omitted+}." \
        in marked
    # a proviso struck alone, the recipient's election replaced by the discloser's direction
    assert "4.1 When the Evaluation ends, Penfold shall, {-at its election-}{+as Harrow directs+}, " \
           "return or destroy all Confidential Information{-, save that Penfold may retain the " \
           "copies that its auditors require-}." in marked
    # the last paragraph of its article goes whole
    assert "{-4.2 Penfold's legal department is entitled to keep one copy of the Confidential " \
           "Information in its files to evidence compliance.-}" in marked

    after = _after_accepting(tmp_path, checker, result)
    now = _verdicts(after)
    assert now["confidentiality"] == now["return_deletion"] == "present"
    _no_verdict_worse(report, after)
    assert "Retained Skills" not in after.document.text
    ret = next(a for a in after.document.clauses if a.title == "Return")
    assert [c.number for c in ret.children] == ["4.1"]
    assert c14n(restored_body(result.output, "Legal Dept", result.comment_ids)) == \
        c14n(body_of(src))


def test_the_last_item_of_a_list_goes_and_the_item_before_closes_it(tmp_path: Path,
                                                                    checker) -> None:
    lines = list(EN)
    lines[5] = P('(b) "Evaluation" means Penfold\'s testing of Harrow\'s lens coatings; and')
    lines[6] = P('(c) "Know-how" means what stays in the unaided memory of Penfold\'s staff.')
    lines[12] = P("3.3 Penfold may use Know-how for any purpose.")
    _, report, result = _redlined(tmp_path, checker, lines, "en")
    marked = _marked(result.output)
    assert "(b) \"Evaluation\" means Penfold's testing of Harrow's lens coatings{-; and-}{+.+}" \
        in marked
    assert "{-(c) \"Know-how\" means what stays in the unaided memory of Penfold's staff.-}" \
        in marked
    after = _after_accepting(tmp_path, checker, result)
    definitions = after.document.clauses[0].children[0]
    assert [c.number for c in definitions.children] == ["(a)", "(b)"]
    assert _verdicts(after)["confidentiality"] == "present"


def test_the_recipients_side_strikes_nothing(tmp_path: Path, checker) -> None:
    """For the recipient these clauses favour it: no risk raised, nothing struck."""
    _, _, result = _redlined(tmp_path, checker, EN, "en", side="recipient")
    assert not result.struck
    assert not any("{-" in line and "Retained Skills" in line for line in _marked(result.output))


def test_changes_in_one_sentence_are_marked_each_where_it_is() -> None:
    old = "丙は、依頼があった場合には、資料を丙に返却し、又は丙の選択により破棄する。"
    new = "丙は、本契約が終了したとき、又は依頼があった場合には、丁の指示に従い、資料を丙に返却し、又は破棄する。"
    assert [(old[a:b], ins) for a, b, ins in edit_hunks(old, new)] == [
        ("", "本契約が終了したとき、又は"), ("", "丁の指示に従い、"), ("丙の選択により", "")]
    # English changes start and end at a word's edge, and struck words take the space before
    old, new = "It shall, at its option, return them.", "It shall, as X directs, return them."
    assert [(old[a:b], ins) for a, b, ins in edit_hunks(old, new)] == [
        ("at its option", "as X directs")]
    old, new = "It shall use best efforts to keep them.", "It shall keep them."
    assert [(old[a:b], ins) for a, b, ins in edit_hunks(old, new)] == [
        (" use best efforts to", "")]


def test_a_strike_is_said_with_strike_never_with_an_empty_replacement(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path)
    path = playbook / "return_deletion.yaml"
    _edit(path, "    - for: retention_allowed\n      strike:",
          "    - for: retention_allowed\n      find: {ja: 'x', en: 'x'}\n      strike:")
    assert "recommended.amend[3].find: an amendment either strikes (strike) or replaces" in \
        _refused(playbook)

    playbook = _playbook(tmp_path / "2")
    _edit(playbook / "return_deletion.yaml", "replace: {ja: '{discloser}の指示に従い', en:",
          "replace: {ja: '', en:")
    assert "recommended.amend[2].replace.ja: must not be empty" in _refused(playbook)

    playbook = _playbook(tmp_path / "3")
    _edit(playbook / "confidentiality.yaml", "        en: ['^(?!", "        en: ['^((?!")
    assert "recommended.amend[2].strike.en[0]: invalid regular expression" in \
        _refused(playbook)

    playbook = _playbook(tmp_path / "4")
    text = (playbook / "confidentiality.yaml").read_text(encoding="utf-8")
    start = text.index("      strike:\n")
    end = text.index("\n", text.index("        en: ['^(?!", start))
    (playbook / "confidentiality.yaml").write_text(
        text[:start] + "      strike: {ja: [], en: []}" + text[end:], encoding="utf-8")
    assert "recommended.amend[2].strike: needs at least one pattern" in _refused(playbook)


def test_a_playbook_strikes_its_own_kind_of_weakening(tmp_path: Path) -> None:
    """A company's playbook strikes what its own policy calls weakening, by the same key."""
    playbook = tmp_path / "ours"
    playbook.mkdir()
    (playbook / "playbook.yaml").write_text("extends: builtin\n", encoding="utf-8")
    (playbook / "return_deletion.yaml").write_text(
        "recommended:\n  amend:\n    - for: retention_allowed\n      strike:\n"
        "        en: ['\\bback-?up tapes?\\b']\n", encoding="utf-8")
    library, errors = validate_library(playbook)
    assert not errors
    amendment = library.get("return_deletion").recommended.amend[0]
    assert amendment.strikes and not amendment.strike["ja"]
    assert amendment.strike["en"][0].search("copies on Backup Tapes")



def test_a_residuals_strike_spares_the_duty_and_the_definition() -> None:
    """Words about memory in the duty itself or in the definition of the information are no
    residuals clause: only the sentence that lets the recipient use what it remembers goes."""
    from clausecheck.library import load_library
    from clausecheck.redline import _strike_spans

    strike = next(a for a in load_library().get("confidentiality").recommended.amend
                  if a.strikes).strike
    text = ("The Recipient shall not disclose or use any information it has committed to "
            "memory. The Recipient may use any know-how that remains in the unaided memory of "
            "its staff. Such use is free of charge.")
    spans = _strike_spans(text, 0, strike["en"], "en")
    assert [text[a:b] for a, b in spans] == [
        " The Recipient may use any know-how that remains in the unaided memory of its staff. "
        "Such use is free of charge."]
    text = ("「秘密情報」とは、書面又は口頭で開示され、受領者の記憶に残るものを含む一切の情報をいう。"
            "受領者は、記憶に残った情報を自由に使用できる。")
    assert [text[a:b] for a, b in _strike_spans(text, 0, strike["ja"], "ja")] == [
        "受領者は、記憶に残った情報を自由に使用できる。"]


def test_a_strike_that_leaves_the_clause_lacking_is_no_fix(tmp_path: Path, checker) -> None:
    """A retention proviso struck from a return duty that still has no end-of-contract
    trigger (one the amendment cannot find a request to extend): the proviso goes, the
    provision is not counted as fixed, and the comment gives the wording to merge."""
    lines = list(EN)
    lines[15] = P("4.1 Whenever Harrow asks, Penfold shall return or destroy all Confidential "
                  "Information, except that Penfold may keep one archival copy.")
    del lines[16]
    _, report, result = _redlined(tmp_path, checker, lines, "en")
    finding = report.finding("return_deletion")
    assert "on_termination" in {m.id for m in finding.missing_elements}
    assert "retention_allowed" in result.struck
    assert "return_deletion" in result.merged and "return_deletion" not in result.amended
    assert "4.1 Whenever Harrow asks, Penfold shall return or destroy all Confidential " \
           "Information{-, except that Penfold may keep one archival copy-}." in \
        _marked(result.output)
    assert any("Wording to merge into" in text for _, text in _comments(result.output))
