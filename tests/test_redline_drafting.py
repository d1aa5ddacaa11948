"""The redliner drafts in the contract's own terms: its parties and roles, one-way or mutual,
its defined terms for the purpose and the information, its article numbers, the playbook's
values for the user's side; no placeholder is left in the inserted text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from clausecheck.library import load_library
from clausecheck.reader import read_document
from clausecheck.redline import redline
from clausecheck.redline.vocabulary import read_vocabulary
from test_redline_helpers import P, build_docx, finding, make_report, paragraphs_of, text_of
from test_redline_helpers import fixed_date  # noqa: F401  (autouse fixture)

LIBRARY = load_library()


def _doc(tmp_path: Path, lines: list[str], lang: str = "ja", name: str = "c.docx"):
    path = build_docx(tmp_path / name, [P(line) for line in lines], lang=lang)
    return path, read_document(path)


def _article(document, title: str):
    return next(a for a in document.clauses if a.title == title)


def _inserted(out: Path) -> list[str]:
    from clausecheck.redline.revisions import inserted_paragraphs
    from test_redline_helpers import body_of

    return [text_of(p) for p in inserted_paragraphs(body_of(out), "clausecheck")]


JA_MUTUAL = [
    "秘密保持契約書",
    "株式会社A（以下「ユーザ」という。）と株式会社B（以下「ベンダ」という。）は、相互に開示する"
    "秘密情報の取扱いについて、次のとおり契約を締結する。",
    "第1条（目的）",
    "ユーザ及びベンダは、システム導入の検討（以下「本件業務」という。）のために、相手方に対し秘密情報を開示する。",
    "第2条（秘密情報）",
    "本契約において「秘密情報」とは、本件業務のために相手方に開示された一切の情報をいう。",
    "第3条（秘密保持）",
    "ユーザ及びベンダは、相手方の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。",
    "第4条（有効期間）",
    "本契約の有効期間は、本契約締結日から1年間とする。",
]


def test_vocabulary_of_a_mutual_japanese_contract(tmp_path: Path) -> None:
    _, document = _doc(tmp_path, JA_MUTUAL)
    vocab = read_vocabulary(document)
    assert vocab.parties == ("ユーザ", "ベンダ")
    assert vocab.mutual and vocab.roles is None
    assert vocab.purpose == "本件業務" and vocab.info == "秘密情報"


def test_mutual_contract_gets_mutual_wording_in_its_own_terms(tmp_path: Path) -> None:
    path, document = _doc(tmp_path, JA_MUTUAL)
    conf = _article(document, "秘密保持")
    report = make_report(document, [finding("confidentiality", "present", evidence=[conf]),
                                    finding("return_deletion", "missing"),
                                    finding("survival", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    inserted = _inserted(result.output)
    text = "\n".join(inserted)
    assert "ユーザ及びベンダは、本契約が終了したとき、又は相手方から請求があったときは" in text
    # the survival article names the real confidentiality article and the inserted return one
    survival = next(t for t in inserted if "存続する" in t)
    assert "第3条（秘密保持）" in survival and "第3条の2（秘密情報の返還・廃棄）" in survival
    assert "終了後5年間" in survival
    assert not re.search(r"甲|乙|本目的|〇|\[", text)


EN_ONE_WAY = [
    "CONFIDENTIALITY AGREEMENT",
    'This Agreement is made between Acme Ltd ("Company") and Jane Doe (the "Recipient").',
    "1. Purpose. Company will disclose information to the Recipient to evaluate a possible "
    'engagement (the "Engagement").',
    '2. Confidential Information. "Proprietary Information" means all information that '
    "Company discloses to the Recipient.",
    "3. Confidentiality. The Recipient shall not disclose Proprietary Information to any "
    "third party.",
    "4. Governing Law. This Agreement is governed by the laws of Japan.",
]


def test_one_way_english_contract_uses_its_party_names_and_terms(tmp_path: Path) -> None:
    path, document = _doc(tmp_path, EN_ONE_WAY, lang="en")
    vocab = read_vocabulary(document)
    assert not vocab.mutual
    assert (vocab.discloser, vocab.recipient) == ("Company", "the Recipient")
    assert vocab.info == "Proprietary Information"
    conf = _article(document, "Confidentiality")
    report = make_report(document, [finding("confidentiality", "present", evidence=[conf]),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    assert "the Recipient shall promptly, as Company directs, return to Company" in text
    assert "Proprietary Information" in text
    assert not re.search(r"Disclosing Party|Receiving Party|Confidential Information|\[", text)


def test_recipient_side_gets_recipient_friendly_drafting(tmp_path: Path) -> None:
    path, document = _doc(tmp_path, JA_MUTUAL[:2] + ["第1条（秘密保持）",
                                                    "乙は、甲の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。",
                                                    "第2条（協議）", "定めのない事項は協議する。"])
    conf = document.clauses[0]
    report = make_report(document, [finding("confidentiality", "present", evidence=[conf]),
                                    finding("monitoring", "missing"),
                                    finding("change_of_control", "missing"),
                                    finding("survival", "missing")])
    report = replace(report, side="recipient")
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    # no unilateral audit at any time; a reciprocal termination right; a shorter survival
    assert "いつでも" not in text and "合理的な理由があるときは" in text
    assert "ユーザ又はベンダは、相手方が次の各号のいずれかに該当したときは" in text
    assert "終了後3年間" in text


def test_sample_redlines_leave_no_placeholder(tmp_path: Path, checker) -> None:
    """Checked for real and redlined with every recommended provision: no 〇, no square
    bracket, no article number left to fill in."""
    samples = Path(__file__).resolve().parent.parent / "sample_contracts"
    for sample in ("nda_ja_weak.docx", "rca_en_weak.docx"):
        document = read_document(samples / sample)
        report = checker.check(document)
        out = tmp_path / f"{sample}.out.docx"
        redline(samples / sample, report, out, include_recommended=True, document=document,
                library=checker.library)
        text = "\n".join(_inserted(out))
        assert text and not re.search(r"〇|\[[^\]]*\]", text), sample


JA_WEAK = [
    "秘密保持契約書",
    "甲と乙は、甲が乙に開示する秘密情報の取扱いについて、次のとおり契約を締結する。",
    "第1条（秘密保持）",
    "乙は、甲の書面による承諾なく、秘密情報を第三者に開示してはならない。",
    "第2条（返還）",
    "乙は、甲から請求があったときは、秘密情報を甲に返還する。",
    "第3条（存続）",
    "第1条の規定は、本契約の終了後1年間なお効力を有する。",
    "第4条（使用許諾）",
    "甲は、乙に対し、本件ソフトウェアの使用を非独占的に許諾する。",
    "第5条（協議）",
    "定めのない事項は協議する。",
]


def _accepted(out: Path) -> list[str]:
    """Each changed paragraph as it reads after accepting every change."""
    return [re.sub(r"\{\+|\+\}", "", re.sub(r"\{-.*?-\}", "", line)) for line in _marked(out)]


def _marked(out: Path) -> list[str]:
    """Each changed paragraph as text with {+inserted+} and {-deleted-} marks."""
    from lxml import etree

    from clausecheck.redline.ooxml import xpath

    lines = []
    for p in paragraphs_of(out):
        if not xpath(p, "boolean(.//w:ins | .//w:del)"):
            continue
        text = ""
        for el in p.iter():
            name = etree.QName(el).localname
            if name == "t":
                text += f"{{+{el.text}+}}" if xpath(el, "boolean(ancestor::w:ins)") else el.text
            elif name == "delText":
                text += f"{{-{el.text}-}}"
        lines.append(text)
    return lines


def test_weak_clauses_are_amended_where_they_stand(tmp_path: Path) -> None:
    from test_redline_helpers import body_of, c14n, risk

    from clausecheck.redline.ooxml import remove_comment_marks
    from clausecheck.redline.revisions import reject_revisions

    path, document = _doc(tmp_path, JA_WEAK)
    conf, ret, surv = document.clauses[0], document.clauses[1], document.clauses[2]
    report = make_report(document, [
        finding("confidentiality", "weak", evidence=[conf], missing=["prior_written_consent"]),
        finding("return_deletion", "missing", evidence=[ret], missing=["on_termination"]),
        finding("survival", "weak", evidence=[surv], missing=["return_survives"]),
    ], risks=[risk("short_survival", surv, "survival")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert set(result.amended) == {"confidentiality", "return_deletion", "survival"}
    assert result.inserted == []  # no second article on the same subject
    marked = _marked(result.output)
    assert "乙は、甲の{+事前の+}書面による承諾なく、秘密情報を第三者に開示してはならない。" in marked
    assert any(m.startswith("乙は、{+本契約が終了したとき、又は+}甲から請求があったときは")
               for m in marked)
    assert "第1条の規定は、本契約の終了後{-1-}{+5+}年間なお効力を有する。" in marked
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    # the elements a clause lacks come as a new paragraph of its own article, numbered on
    survival = texts.index("第3条（存続）")
    assert texts[survival + 2].startswith("２") and "存続する" in texts[survival + 2]
    assert texts[survival + 3] == "第4条（使用許諾）"
    # rejecting every change gives back the original XML, the runs the edits split included
    root = body_of(result.output)
    reject_revisions(root, "clausecheck")
    remove_comment_marks(root, result.comment_ids)
    assert c14n(root) == c14n(body_of(path))


def test_a_provision_that_would_contradict_a_clause_is_a_comment(tmp_path: Path) -> None:
    import docx

    path, document = _doc(tmp_path, JA_WEAK)
    report = make_report(document, [finding("no_license", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.inserted == [] and result.conflicts == ["no_license"]
    comments = [c.text for c in docx.Document(str(result.output)).comments]
    assert any("第4条" in c and "矛盾" in c for c in comments)


def test_insertion_never_splits_a_sentence_from_its_list(tmp_path: Path) -> None:
    """English definitions often end "… and is either" with the list in paragraphs of their
    own that the reader attaches to no clause: the new article goes after the list."""
    from test_redline_helpers import LIB_EN, article, make_document

    path = build_docx(tmp_path / "def.docx", [
        P("NON-DISCLOSURE AGREEMENT"),
        P("1. Definitions. Information is confidential if it is disclosed and is either"),
        P("marked as confidential; or"),
        P("identified in writing within 30 days."),
        P("2. Governing Law. This Agreement is governed by the laws of Japan."),
    ], lang="en")
    a1 = article("1.", "Definitions", "Information is confidential if …", (1,))
    a2 = article("2.", "Governing Law", "This Agreement is governed …", (4,))
    document = make_document(path, [a1, a2], lang="en")
    report = make_report(document, [finding("ci_definition", "present", evidence=[a1]),
                                    finding("governing_law", "present", evidence=[a2]),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB_EN)
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    assert texts.index("identified in writing within 30 days.") < \
        texts.index("1.A Return and Destruction.")
    # paragraphs of the new article cannot be mistaken for the contract's articles ("2.")
    assert texts[texts.index("1.A Return and Destruction.") + 1].startswith("1.A.1 ")


def test_a_section_break_closing_the_anchor_stays_after_the_new_article(tmp_path: Path) -> None:
    """The anchor's last paragraph ends a section (landscape annex, new page after it): the new
    article stays in the anchor's section, the break follows it, and rejecting restores the
    original body exactly."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from test_redline_helpers import LIB, article, body_of, c14n, make_document, restored_body
    from clausecheck.redline.ooxml import NSMAP

    path = build_docx(tmp_path / "sect.docx", [P("秘密保持契約書"), P("第1条（秘密保持）"),
                                               P("乙は、秘密情報を第三者に開示しない。"),
                                               P("第2条（協議）"), P("定めのない事項は協議する。")])
    package = docx.Document(str(path))
    ppr = package.paragraphs[2]._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:sectPr {nsdecls("w")}><w:type w:val="nextPage"/></w:sectPr>'))
    package.save(str(path))
    a1 = article("第1条", "秘密保持", "乙は…", (1, 2))
    a2 = article("第2条", "協議", "定めのない…", (3, 4))
    document = make_document(path, [a1, a2])
    report = make_report(document, [finding("confidentiality", "present", evidence=[a1]),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIB)
    paragraphs = paragraphs_of(result.output)
    texts = [text_of(p) for p in paragraphs]
    breaks = [i for i, p in enumerate(paragraphs) if p.find("w:pPr/w:sectPr", NSMAP) is not None]
    new = texts.index("第1条の2（秘密情報の返還等）")
    assert texts[new - 1] == "乙は、秘密情報を第三者に開示しない。"
    assert breaks and new < breaks[0] < texts.index("第2条（協議）")
    restored = restored_body(result.output, "clausecheck", result.comment_ids)
    assert c14n(restored) == c14n(body_of(path))


def test_english_amendments_follow_the_contracts_number_style(tmp_path: Path) -> None:
    from test_redline_helpers import risk

    path, document = _doc(tmp_path, [
        "NON-DISCLOSURE AGREEMENT",
        'This Agreement is made between Acme Ltd ("Company") and Jane Doe (the "Recipient").',
        "1. Confidentiality. The Recipient shall use reasonable efforts to keep the "
        "Confidential Information confidential.",
        "2. Survival. The obligations in Section 1 survive for one (1) year after termination.",
        "3. Term. This Agreement continues for three (3) years.",
    ], lang="en")
    conf, surv = document.clauses[0], document.clauses[1]
    report = make_report(document, [
        finding("confidentiality", "weak", evidence=[conf]),
        finding("survival", "weak", evidence=[surv]),
    ], risks=[risk("short_survival", surv, "survival")])
    report = replace(report, findings=tuple(
        replace(f, weakening=('"reasonable efforts" only',)) if f.provision == "confidentiality"
        else f for f in report.findings))
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    marked = _marked(result.output)
    assert "1. Confidentiality. The Recipient shall{- use reasonable efforts to-} keep the " \
           "Confidential Information confidential." in marked
    assert "2. Survival. The obligations in Section 1 survive for {-one (1) year-}" \
           "{+five (5) years+} after termination." in marked


def test_mutual_english_article_refers_to_its_own_numbered_paragraphs(tmp_path: Path) -> None:
    path, document = _doc(tmp_path, [
        "MUTUAL CONFIDENTIALITY AGREEMENT",
        "This Agreement is made between A Ltd and B Ltd. Each party may disclose confidential "
        "information to the other.",
        "1. Confidentiality. Each party shall keep the other party's Confidential Information "
        "secret.",
        "2. Governing Law. This Agreement is governed by New Zealand law.",
    ], lang="en")
    conf, law = document.clauses
    report = make_report(document, [
        finding("confidentiality", "present", evidence=[conf]),
        finding("governing_law", "weak", evidence=[law], missing=["exclusive_forum"]),
        finding("change_of_control", "missing"), finding("subcontracting", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    assert "under Section 1.A.1(a)" in text or "under Section 1.B.1(a)" in text
    assert "Neither party shall, without the other party's prior written consent" in text
    # a foreign law is a choice to negotiate, not a Japanese forum to append
    assert result.conflicts == ["governing_law"] and "Tokyo" not in text


def test_a_purpose_the_redline_defines_is_the_term_of_every_later_text(tmp_path: Path) -> None:
    """The contract names no purpose; the weak purpose clause gets 「本目的」とは… added, so
    the articles inserted after it say 本目的 too, never 本契約の目的 beside it."""
    path, document = _doc(tmp_path, [
        "業務委託契約書",
        "A株式会社（以下「甲」という。）とB株式会社（以下「乙」という。）は、次のとおり契約を締結する。",
        "第1条（目的）", "甲は乙に対し、ソフトウェアの開発業務を委託する。",
        "第2条（秘密保持）", "乙は、甲の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。",
        "第3条（協議）", "本契約に定めのない事項は、甲乙協議のうえ定める。",
    ])
    purpose, conf = document.clauses[0], document.clauses[1]
    report = make_report(document, [
        finding("purpose", "weak", evidence=[purpose],
                missing=["concrete_purpose", "use_only_for_purpose"]),
        finding("confidentiality", "present", evidence=[conf]),
        finding("permitted_recipients", "missing"),
    ])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.amended == ["purpose"] and result.inserted == ["permitted_recipients"]
    text = "\n".join(_inserted(result.output))
    assert "「本目的」とは" in text and "本目的のために知る必要のある" in text
    assert "本契約の目的" not in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_termination_clause_lacking_one_ground_gets_only_that_ground(tmp_path: Path,
                                                                       lang: str) -> None:
    """The clause lists insolvency and breach but no change of control: only the missing
    ground is added, run into one sentence, not the whole list again beside the contract's."""
    lines = {
        "ja": ["秘密保持契約書",
               "A株式会社（以下「甲」という。）とB株式会社（以下「乙」という。）は、次のとおり契約を締結する。",
               "第1条（秘密保持）", "乙は、甲の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。",
               "第2条（解除）", "甲は、乙が破産手続開始の申立てを受け、又は支払停止となったときは、直ちに本契約を解除することができる。",
               "第3条（協議）", "本契約に定めのない事項は、甲乙協議のうえ定める。"],
        "en": ["CONFIDENTIALITY AGREEMENT",
               'This Agreement is made between Acme Ltd ("Company") and Jane Doe (the "Recipient").',
               "1. Confidentiality. The Recipient shall not disclose Confidential Information "
               "to any third party without Company's prior written consent.",
               "2. Termination. Company may terminate this Agreement immediately if the "
               "Recipient becomes insolvent or suspends payments.",
               "3. Governing Law. This Agreement is governed by the laws of Japan."],
    }[lang]
    path, document = _doc(tmp_path, lines, lang=lang)
    conf, term = document.clauses[0], document.clauses[1]
    report = make_report(document, [
        finding("confidentiality", "present", evidence=[conf]),
        finding("change_of_control", "weak", evidence=[term], missing=["change_of_control_trigger"]),
    ])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.amended == ["change_of_control"] and not result.inserted
    added = _inserted(result.output)
    assert len(added) == 1
    if lang == "ja":
        assert "乙について合併、会社分割" in added[0] and "主要株主が変更したときは、何らの催告を要せず" in added[0]
        assert "破産" not in added[0] and "(1)" not in added[0]
    else:
        assert "if the Recipient undergoes a change of control, whether by merger" in added[0]
        assert added[0].endswith("or otherwise.") and "insolven" not in added[0]


def test_an_added_paragraph_names_no_term_only_a_left_out_paragraph_defines(tmp_path: Path) -> None:
    """The permitted-recipients clause (paragraph ７ of its article after an unnumbered body and
    ２…６) lacks only the duty to bind the recipients: the added paragraph is numbered ８ and
    says 開示を受ける者, without bringing along a paragraph defining 「役職員」 that would
    repeat the contract's own list of recipients."""
    body = ["本契約において「秘密情報」とは、甲が乙に開示する一切の情報をいう。"]
    body += [f"{n}　乙は、秘密情報を第{n}号の方法で管理する。".translate(
        str.maketrans("23456", "２３４５６")) for n in "23456"]
    body += ["７　乙は、秘密情報を、本件業務のために知る必要のある自己の研究員及び役員に限り開示することができる。"]
    path, document = _doc(tmp_path, ["秘密保持契約書",
                                     "A株式会社（以下「甲」という。）とB株式会社（以下「乙」という。）は、次のとおり契約を締結する。",
                                     "第1条（秘密保持）", *body,
                                     "第2条（協議）", "本契約に定めのない事項は、甲乙協議のうえ定める。"])
    article = document.clauses[0]
    assert [c.number for c in article.children][-1] in ("7", "７")
    report = make_report(document, [finding("permitted_recipients", "weak", evidence=[article],
                                            missing=["same_obligations"])])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.amended == ["permitted_recipients"]
    added = _inserted(result.output)
    assert len(added) == 1 and added[0].startswith("８")
    assert "秘密情報の開示を受ける者に対し" in added[0] and "役職員" not in added[0]


def test_the_most_used_role_terms_win(tmp_path: Path) -> None:
    """A mutual NDA that says Discloser / Recipient throughout, with one stray "Receiving
    Party": inserted text says "the Recipient", not "the Receiving Party"."""
    path, document = _doc(tmp_path, [
        "MUTUAL NON-DISCLOSURE AGREEMENT",
        "This Agreement is made between Alpha Ltd and Beta Ltd (each a Party) for a possible "
        "collaboration, and each Party may be the Discloser or the Recipient under it.",
        "1. Confidentiality. The Recipient shall keep the Confidential Information of the "
        "Discloser secret and shall use it only as this Agreement permits.",
        "2. Exceptions. Information known to the Receiving Party before disclosure is not "
        "Confidential Information. The Recipient shall show this by its records.",
        "3. Term. This Agreement continues for two years. The Discloser may end it at any time.",
    ], lang="en")
    vocab = read_vocabulary(document)
    assert vocab.roles == ("the Discloser", "the Recipient")
    report = make_report(document, [finding("confidentiality", "present",
                                            evidence=[document.clauses[0]]),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    assert "the Recipient" in text and "the Discloser" in text
    assert not re.search(r"Receiving Party|Disclosing Party", text)


def test_the_role_pair_used_most_wins(tmp_path: Path) -> None:
    _, document = _doc(tmp_path, [
        "秘密保持契約書",
        "A株式会社（以下「情報開示者」という。）とB株式会社（以下「情報受領者」という。）は、次のとおり契約を締結する。",
        "第1条（秘密保持）", "情報受領者は、情報開示者の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。",
        "第2条（協議）", "本契約に定めのない事項は、情報開示者及び情報受領者が協議して定める。",
    ])
    assert read_vocabulary(document).roles == ("情報開示者", "情報受領者")


JA_MEMORANDUM = [
    "秘密保持に関する覚書",
    "株式会社青葉製作所（以下「甲」という。）と株式会社白樺技研（以下「乙」という。）は、試作品の評価"
    "（以下「本目的」という。）に関し、次のとおり覚書（以下「本覚書」という。）を締結する。",
    "第1条（秘密情報）",
    "本覚書において「秘密情報」とは、本目的のために甲が乙に開示する技術上の情報をいう。",
    "第2条（秘密保持）",
    "乙は、甲の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。",
    "第3条（返還）",
    "乙は、甲から請求があったときは、秘密情報を甲に返還する。",
    "第4条（有効期間）",
    "本覚書の有効期間は、本覚書締結日から1年間とする。本覚書に定めのない事項は甲乙協議して定める。",
]

EN_NDA = [
    "MUTUAL NON-DISCLOSURE AGREEMENT",
    "This NDA is made between Alpha Ltd and Beta Ltd (each a Party) so that each Party may "
    "evaluate a joint product (the \"Purpose\").",
    "1. Confidential Information. \"Confidential Information\" means information that one Party "
    "discloses to the other under this NDA for the Purpose.",
    "2. Confidentiality. Each Party shall keep the other Party's Confidential Information secret.",
    "3. Return. On request, each Party shall return the other Party's Confidential Information.",
    "4. Term. This NDA continues for two years from its date.",
]


def test_the_contract_is_called_by_its_own_name_for_itself(tmp_path: Path) -> None:
    """A memorandum calls itself 本覚書, an NDA "this NDA": inserted and amended text says so,
    never 本契約 / "this Agreement" beside it."""
    for lines, lang, own, library_name in ((JA_MEMORANDUM, "ja", "本覚書", "本契約"),
                                           (EN_NDA, "en", "this NDA", "[Tt]his Agreement")):
        path, document = _doc(tmp_path, lines, lang=lang, name=f"{lang}.docx")
        assert read_vocabulary(document).agreement == own.removeprefix("this ")
        ret = next(a for a in document.clauses if a.title in ("返還", "Return"))
        report = make_report(document, [
            finding("prior_disclosure", "missing"), finding("survival", "missing"),
            finding("return_deletion", "weak", evidence=[ret], missing=["on_termination"])])
        result = redline(path, report, tmp_path / f"out-{lang}.docx", library=LIBRARY)
        assert set(result.inserted) == {"prior_disclosure", "survival"}
        assert result.amended == ["return_deletion"]
        text = "\n".join(_inserted(result.output) + _marked(result.output))
        assert own in text
        assert not re.search(library_name, text), text
    # the words put before "On request, …" take over the sentence's capital
    accepted = _accepted(result.output)
    assert any("Return. Upon the termination or expiry of this NDA or on request, each Party "
               "shall return" in line for line in accepted), accepted


def test_a_contract_that_calls_itself_the_agreement_keeps_the_library_words(
        tmp_path: Path) -> None:
    _, document = _doc(tmp_path, [line.replace("NDA", "Agreement") for line in EN_NDA], lang="en")
    assert read_vocabulary(document).agreement == ""
    _, document = _doc(tmp_path, [line.replace("本覚書", "本契約") for line in JA_MEMORANDUM],
                       name="ja.docx")
    assert read_vocabulary(document).agreement == ""


def test_the_return_amendment_edits_the_sentence_that_holds_the_return_duty(
        tmp_path: Path) -> None:
    """"Upon request, … confirm in writing" is no return duty: "upon termination" goes before
    "At the Owner's request, the Recipient shall return", which starts the sentence."""
    path, document = _doc(tmp_path, [
        "CONFIDENTIALITY AGREEMENT",
        "This Agreement is made between Owner Ltd (the \"Owner\") and Recipient Ltd (the "
        "\"Recipient\").",
        "1. Confidentiality. The Recipient shall keep the Owner's Confidential Information secret.",
        "2. Return. At the Owner's request, the Recipient shall return all documents containing "
        "Confidential Information. Upon request, the Recipient shall confirm in writing that "
        "it has done so.",
    ], lang="en")
    ret = document.clauses[1]
    report = make_report(document, [finding("return_deletion", "weak", evidence=[ret],
                                            missing=["on_termination"])])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.amended == ["return_deletion"]
    accepted = _accepted(result.output)
    assert accepted == ["2. Return. Upon the termination or expiry of this Agreement or at the "
                        "Owner's request, the Recipient shall return all documents containing "
                        "Confidential Information. Upon request, the Recipient shall confirm in "
                        "writing that it has done so."]


def test_a_weak_clause_is_amended_where_it_states_the_provision(tmp_path: Path,
                                                                checker) -> None:
    """The subcontracting finding cites 第2条（委託先の選定） first (a heading word, 委託先) and
    第5条（再委託）, which allows subcontracting without consent: the consent paragraph goes
    into 第5条, the clause that states the provision, not into the first one cited."""
    path, document = _doc(tmp_path, [
        "業務委託契約書",
        "株式会社青葉製作所（以下「甲」という。）と株式会社白樺技研（以下「乙」という。）は、次のとおり契約を締結する。",
        "第1条（目的）", "甲は、試作部品の評価業務（以下「本件業務」という。）を乙に委託し、乙はこれを受託する。",
        "第2条（委託先の選定）", "甲は、乙の技術力を考慮して、乙を本件業務の委託先として選定したことを確認する。",
        "第3条（秘密保持）", "乙は、本件業務に関して甲から開示を受けた秘密情報を第三者に開示してはならない。",
        "第4条（再委託）", "乙は、本件業務の一部を第三者に再委託することができる。この場合、乙は、再委託先の名称を甲に通知する。",
    ])
    report = checker.check(document, contract_type="outsourcing", provisions=["subcontracting"])
    finding = report.finding("subcontracting")
    assert finding.status == "weak" and finding.clauses[0] == "第2条"  # the case at hand
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.amended == ["subcontracting"]
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    added = _inserted(result.output)
    assert len(added) == 1 and "事前の書面による承諾" in added[0]
    at = texts.index(added[0])
    assert texts[at - 2] == "第4条（再委託）"
    assert texts[texts.index("第2条（委託先の選定）") + 2] == "第3条（秘密保持）"


@pytest.mark.parametrize("law_line,lang,named,not_named", [
    ("5. Governing Law. This Agreement is governed by the laws of the State of New York.", "en",
     "all applicable export control laws and regulations", "Japan"),
    ("5. Governing Law. This Agreement is governed by the laws of Japan.", "en",
     "Foreign Exchange and Foreign Trade Act of Japan", "the country in which it was disclosed"),
    ("第5条（準拠法）本契約は日本法に準拠する。", "ja", "外国為替及び外国貿易法", "開示を受けた国"),
    ("第5条（協議）本契約に定めのない事項は、甲乙協議して定める。", "ja",
     "適用される輸出管理関連法令", "日本"),
])
def test_export_control_is_worded_by_the_governing_law(tmp_path: Path, checker, law_line, lang,
                                                       named, not_named) -> None:
    """Japan's 外為法 only in a contract under Japanese law; under another law, or none
    stated, the laws that apply, naming no country."""
    if lang == "en":
        lines = ["NON-DISCLOSURE AGREEMENT",
                 "This Agreement is made between Alpha Inc. (the \"Discloser\") and Beta LLC "
                 "(the \"Recipient\").",
                 "1. Confidentiality. The Recipient shall keep the Confidential Information secret.",
                 law_line]
    else:
        lines = ["秘密保持契約書",
                 "A株式会社（以下「甲」という。）とB株式会社（以下「乙」という。）は、次のとおり契約を締結する。",
                 "第1条（秘密保持）", "乙は、甲から開示を受けた秘密情報を第三者に開示してはならない。",
                 *law_line.replace("）", "）\n", 1).split("\n")]
    path, document = _doc(tmp_path, lines, lang=lang)
    report = checker.check(document, contract_type="nda", provisions=["export_control"])
    assert report.finding("export_control").status == "missing"
    assert named in report.finding("export_control").suggestion  # what `check` shows
    result = redline(path, report, tmp_path / "out.docx", include_recommended=True,
                     library=LIBRARY)
    assert result.inserted == ["export_control"]
    text = "\n".join(_inserted(result.output))
    assert named in text and not_named not in text, text


def _comments(out: Path) -> list[str]:
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    return ["\n".join("".join(t.text or "" for t in p.iterfind(".//w:t", ns))
                      for p in c.iterfind("w:p", ns)) for c in root.iterfind("w:comment", ns)]


def test_a_fix_that_would_restate_the_clause_is_a_comment_to_merge(tmp_path: Path,
                                                                    checker) -> None:
    """第2条 already permits a compelled disclosure to the minimum extent and lacks only the
    prior notice: the recommended paragraph would be a second such permission beside it, so
    the comment gives the wording to work into 第2条, and nothing is inserted."""
    path, document = _doc(tmp_path, [
        "秘密保持契約書",
        "A株式会社（以下「甲」という。）とB株式会社（以下「乙」という。）は、次のとおり契約を締結する。",
        "第1条（秘密保持）", "乙は、甲から開示を受けた秘密情報を第三者に開示してはならない。",
        "第2条（法令による開示）",
        "乙は、法令又は裁判所の命令により秘密情報の開示を求められた場合には、必要最小限の範囲に限り、"
        "秘密情報を開示することができる。",
    ])
    report = checker.check(document, contract_type="nda", provisions=["compelled_disclosure"])
    assert report.finding("compelled_disclosure").status == "weak"
    result = redline(path, report, tmp_path / "out.docx", include_recommended=True,
                     library=LIBRARY)
    assert result.merged == ["compelled_disclosure"]
    assert result.amended == [] and result.inserted == []
    assert _inserted(result.output) == []
    comments = _comments(result.output)
    assert len(comments) == 1
    assert "第2条は既にその一部を定めているため" in comments[0]
    assert "第2条に取り込む文言の例：" in comments[0] and "書面で通知した上で" in comments[0]


def test_a_return_duty_on_request_gets_the_end_of_the_agreement_in_its_sentence(
        tmp_path: Path) -> None:
    """"must be returned … or destroyed at its request": the end of the agreement joins the
    request in that sentence instead of a second return duty beside it."""
    path, document = _doc(tmp_path, [
        "CONFIDENTIALITY AGREEMENT",
        "This Agreement is made between Owner Ltd (the \"Owner\") and Recipient Ltd (the "
        "\"Recipient\").",
        "1. Confidentiality. The Recipient shall keep the Owner's Confidential Information secret.",
        "2. Return. All Confidential Information stays the Owner's property and must be returned "
        "to the Owner or destroyed at its request. The Recipient shall then certify that it has "
        "done so.",
    ], lang="en")
    report = make_report(document, [finding("return_deletion", "weak",
                                            evidence=[document.clauses[1]],
                                            missing=["on_termination"])])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    assert result.amended == ["return_deletion"] and _inserted(result.output) == []
    accepted = _accepted(result.output)
    assert accepted == ["2. Return. All Confidential Information stays the Owner's property and "
                        "must be returned to the Owner or destroyed upon the termination or "
                        "expiry of this Agreement or at its request. The Recipient shall then "
                        "certify that it has done so."]


def test_text_added_to_the_last_article_stays_above_the_signing_lines(tmp_path: Path) -> None:
    """A pledge ends with its date and the signer's fields, which the reader keeps in the last
    article: a paragraph added to that article goes before them, not under the signature."""
    path, document = _doc(tmp_path, [
        "誓約書", "株式会社青葉製作所　御中",
        "第1条（秘密保持）", "私は、貴社から開示を受けた秘密情報を第三者に開示しないことを誓約します。",
        "第2条（開示先）", "私は、貴社の承諾を得た者に限り、秘密情報を開示することができるものとします。",
        "2025年〇月〇日", "住所　東京都", "氏名　山田　太郎",
    ])
    last = document.clauses[-1]
    assert "氏名　山田　太郎" in last.full_text  # the case at hand: the fields inside 第2条
    report = make_report(document, [finding("permitted_recipients", "weak", evidence=[last],
                                            missing=["same_obligations"])])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    texts = [text_of(p) for p in paragraphs_of(result.output)]
    added = _inserted(result.output)
    assert added and texts.index(added[-1]) < texts.index("2025年〇月〇日")
    assert texts[-3:] == ["2025年〇月〇日", "住所　東京都", "氏名　山田　太郎"]
    # a pledge that never names itself in its text is 本誓約書 after its title
    assert "本誓約書に基づく私の義務" in added[-1] and "本契約" not in added[-1]


def test_an_unnumbered_contract_gets_paragraphs_that_keep_it_unnumbered(tmp_path: Path) -> None:
    """A contract of plain paragraphs (headed "Confidentiality.", no numbers): an inserted
    article's paragraphs are (1), (2), not "1.", "2.", which would read as the contract's first
    numbered articles after "accept all" and turn the rest into its preamble."""
    from clausecheck.redline.revisions import accepted_copy

    path, document = _doc(tmp_path, [
        "CONFIDENTIALITY AGREEMENT",
        "Alpha Ltd (the \"Discloser\") and Beta Ltd (the \"Recipient\") agree as follows.",
        "Confidentiality. The Recipient shall keep the Confidential Information secret and "
        "shall not disclose it to any third party.",
        "Use. The Recipient shall use the Confidential Information only to evaluate a possible "
        "supply of parts.",
        "Term. This Agreement lasts two years from the date above.",
    ], lang="en")
    assert document.numbering == "none"
    report = make_report(document, [finding("confidentiality", "present",
                                            evidence=[document.clauses[0]]),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    added = _inserted(result.output)
    assert result.inserted == ["return_deletion"]
    assert [t[:4] for t in added[1:]] == ["(1) ", "(2) ", "(3) "]
    accepted = read_document(accepted_copy(result.output, tmp_path / "accepted.docx"))
    assert accepted.numbering == "none"
    titles = [a.title for a in accepted.clauses]
    assert titles[:2] == ["Confidentiality", "Return and Destruction of Confidential Information"]
    assert len(accepted.clauses) == len(document.clauses) + 1


def test_a_contract_without_a_term_for_the_information_gets_it_defined_once(
        tmp_path: Path) -> None:
    """The contract protects "information disclosed … under this Agreement" but never names
    it: the inserted texts use one term, defined once, in the first inserted paragraph that
    uses it, and never a term the contract does not define."""
    path, document = _doc(tmp_path, [
        "RESEARCH COOPERATION AGREEMENT",
        "Lindqvist Labs AB (the \"Host\") and Ortega Instruments SL (the \"Guest\") agree as "
        "follows.",
        "1. Cooperation",
        "The Host and the Guest shall jointly test a sensor design.",
        "2. Secrecy",
        "Each party shall keep secret all information disclosed by the other party under this "
        "Agreement and shall not give it to any third party.",
        "3. Governing Law",
        "This Agreement is governed by the laws of Sweden.",
    ], lang="en")
    secrecy = _article(document, "Secrecy")
    report = make_report(document, [finding("confidentiality", "present", evidence=[secrecy]),
                                    finding("info_handling", "missing"),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    added = _inserted(result.output)
    assert result.inserted == ["info_handling", "return_deletion"]
    text = "\n".join(added)
    assert text.count("means any information disclosed under this Agreement") == 1
    first_use = next(t for t in added if "Confidential Information" in t and
                     not t.startswith("2.A "))  # the headings name it, they define nothing
    assert re.match(r"2\.A\.1 \"Confidential Information\" means any information disclosed "
                    r"under this Agreement\. The \w+ shall keep the Confidential Information",
                    first_use), first_use
    assert "Disclosing Party" not in text and "Receiving Party" not in text


def test_a_japanese_contract_without_a_term_for_the_information_gets_it_defined_once(
        tmp_path: Path) -> None:
    path, document = _doc(tmp_path, [
        "共同試験契約書",
        "株式会社北斗（以下「北斗」という。）と株式会社南風（以下「南風」という。）は、次のとおり契約を締結する。",
        "第1条（試験）",
        "北斗及び南風は、新型センサの共同試験を行う。",
        "第2条（守秘）",
        "北斗及び南風は、本契約に基づき相手方から開示された情報を守秘し、第三者に開示してはならない。",
        "第3条（準拠法）",
        "本契約は日本法に準拠する。",
    ])
    secrecy = _article(document, "守秘")
    report = make_report(document, [finding("confidentiality", "present", evidence=[secrecy]),
                                    finding("info_handling", "missing"),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    assert text.count("「秘密情報」とは") == 1
    assert text.index("「秘密情報」とは") < text.index("秘密情報を")
    assert "本契約において「秘密情報」とは、本契約に基づき開示された一切の情報をいう。" in text
    assert not re.search(r"甲|乙|開示者|受領者", text)


def test_a_contract_that_names_its_information_gets_no_second_definition(tmp_path: Path) -> None:
    path, document = _doc(tmp_path, EN_ONE_WAY, lang="en")
    report = make_report(document, [finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    assert result.inserted and "means any information disclosed" not in text


def test_the_parties_of_a_contract_of_plain_paragraphs_come_from_its_first_paragraph(
        tmp_path: Path) -> None:
    """No preamble: every paragraph is a clause, and the first names the parties."""
    _, document = _doc(tmp_path, [
        "図面の取扱いに関する覚書",
        "株式会社青葉（以下「青葉」という。）は、株式会社白浜（以下「白浜」という。）に対し、"
        "新型ポンプの検討のために図面を開示する。",
        "白浜は、図面を秘密として保持し、第三者に開示しない。",
        "本覚書は日本法に準拠する。",
    ])
    assert document.structure == "paragraphs" and not document.preamble
    vocab = read_vocabulary(document)
    assert vocab.parties == ("青葉", "白浜")
    assert (vocab.discloser, vocab.recipient) == ("青葉", "白浜")


@pytest.mark.parametrize("lang,lines", [
    ("ja", ["秘密保持誓約書", "株式会社西陣工房　御中",
            "私は、貴社での研修に参加するに当たり、次の事項を守ることを誓約します。",
            "1. 研修中に知り得た貴社の技術上の情報を、貴社の書面による許可なく第三者に開示しないこと。",
            "2. 研修で受け取った資料を研修以外の目的に使用しないこと。",
            "3. 本誓約書に関する紛争は、京都地方裁判所を管轄裁判所とすること。"]),
    ("en", ["CONFIDENTIALITY UNDERTAKING",
            "I, the undersigned visiting engineer, undertake to Norrland Turbines AB as follows.",
            "1. I will keep secret all technical information I receive during my visit.",
            "2. I will use that information only to take part in the visit.",
            "3. I understand that this undertaking is governed by the laws of Sweden."]),
], ids=["ja", "en"])
def test_a_pledge_by_a_person_gets_no_clause_drafted_for_a_company(
        tmp_path: Path, lang: str, lines: list[str]) -> None:
    """The receiving party is a natural person: no 「私の役員及び従業員」, no termination on a
    change of its shareholders, no ban on hiring away its staff; the rest is inserted."""
    path, document = _doc(tmp_path, lines, lang=lang)
    assert read_vocabulary(document).individual
    report = make_report(document, [finding("permitted_recipients", "missing"),
                                    finding("change_of_control", "missing"),
                                    finding("non_solicitation", "missing"),
                                    finding("return_deletion", "missing")])
    result = redline(path, report, tmp_path / "out.docx", include_recommended=True,
                     library=LIBRARY)
    assert result.inserted == ["return_deletion"]
    assert sum("the receiving party is a person" in s for s in result.skipped) == 3
    text = "\n".join(_inserted(result.output))
    assert not re.search(r"役員|従業員|合併|officers|employees|merger", text)


def test_a_contract_between_companies_is_not_read_as_a_person_s_pledge(tmp_path: Path) -> None:
    """One "I agree to be bound" signing line does not make the recipient a person."""
    _, document = _doc(tmp_path, EN_ONE_WAY + ["I agree to be bound by this Agreement."],
                       lang="en")
    assert not read_vocabulary(document).individual


def test_japanese_articles_typed_as_numbers_are_cited_as_articles(tmp_path: Path) -> None:
    """A pledge whose articles are "1.", "2.": inserted text cites them 第2条, as Japanese
    drafting (and the pledge itself: 「第2条の規定」) does, not a bare 「2に定める」."""
    path, document = _doc(tmp_path, [
        "誓約書", "株式会社西陣工房　御中", "私は、貴社に対し、次の事項を誓約します。",
        "1. 研修に誠実に参加すること。",
        "2. 研修中に知り得た貴社の技術上の情報（以下「秘密情報」という。）を第三者に開示しないこと。",
        "3. 第2条の規定は研修の終了後も効力を有すること。",
    ])
    definition = document.clauses[1]
    assert definition.number == "2"
    report = make_report(document, [finding("ci_definition", "present", evidence=[definition]),
                                    finding("prior_disclosure", "missing")])
    result = redline(path, report, tmp_path / "out.docx", library=LIBRARY)
    text = "\n".join(_inserted(result.output))
    assert "第2条に定める秘密情報" in text and "2に定める" not in text
