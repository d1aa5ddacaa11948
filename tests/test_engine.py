"""Engine behaviour on a tiny library written by the test (independent of the real cues).

Covers: negation (an excused duty is no duty), permission ("may retain" is a risk, not
compliance), one article carrying several provisions, a provision spread over several
clauses, contract-type detection, severities by side, risk flags, evidence and explanation.
"""

from __future__ import annotations

import textwrap

import pytest

from clausecheck.engine.checker import Checker

TEXT = "{ja: x, en: x}"
RECOMMENDED = "recommended: {title: " + TEXT + ", text: {ja: 推奨文, en: Recommended text}}"


def _provision(pid: str, body: str) -> str:
    return textwrap.dedent(f"""\
        id: {pid}
        title: {{ja: {pid}_ja, en: {pid}_en}}
        why: {TEXT}
        {RECOMMENDED}
        """) + textwrap.dedent(body)


MINI = {
    "return_deletion.yaml": _provision("return_deletion", """\
        heading_cues: {ja: [返還], en: [return of materials]}
        body_cues:
          ja: [{all: [秘密情報, 返還]}]
          en: [{near: [return, confidential information], within: 12}]
        elements:
          - id: on_termination
            name: {ja: 終了時, en: on termination}
            required: true
            cues: {ja: ['re:終了(した)?(とき|時|場合)'], en: ['re:(upon|on) (the )?(termination|expiration)']}
          - id: copies
            name: {ja: 複製物, en: copies}
            required: true
            cues: {ja: [複製物], en: [copy]}
        weakening:
          - id: on_request_only
            name: {ja: 請求時のみ, en: on request only}
            cues: {ja: ['re:請求があった場合に限り'], en: ['re:only upon (written )?request']}
        risk_flags:
          - flag: retention_allowed
            title: {ja: 保持の許容, en: retention allowed}
            cues: {ja: ['re:写し[^。]{0,20}保持'], en: [{near: [retain, copy], within: 6}]}
            note: {ja: 注, en: note}
            suggestion: {ja: 提案, en: suggestion}
        """),
    "confidentiality.yaml": _provision("confidentiality", """\
        heading_cues: {ja: [秘密保持], en: [confidentiality]}
        body_cues:
          ja: ['re:第三者に(開示|漏えい)']
          en: [{near: [not, disclose, third party], within: 10}]
        elements:
          - id: consent
            name: {ja: 事前の書面による承諾, en: prior written consent}
            required: true
            cues: {ja: [書面による承諾], en: [prior written consent]}
        """),
    "governing_law.yaml": _provision("governing_law", """\
        heading_cues: {ja: [準拠法], en: [governing law]}
        body_cues: {ja: [準拠法], en: [governed by]}
        elements:
          - id: law
            name: {ja: 準拠法, en: law}
            required: true
            cues: {ja: [準拠法], en: [law]}
        risk_flags:
          - flag: foreign_forum
            title: {ja: 外国の法・裁判所, en: foreign forum}
            cues: {ja: [カリフォルニア州法], en: [laws of california]}
            check:
              kind: place_outside
              allowed: {ja: [日本, 東京], en: [japan, tokyo]}
              foreign: {ja: [州法, シンガポール], en: []}
            note: {ja: 注, en: note}
            suggestion: {ja: 提案, en: suggestion}
        """),
    "survival.yaml": _provision("survival", """\
        heading_cues: {ja: [存続], en: [survival]}
        body_cues: {ja: ['re:終了後も[^。]*効力'], en: [survive]}
        elements:
          - id: survives
            name: {ja: 存続, en: survives}
            required: true
            cues: {ja: [効力], en: [survive]}
        risk_flags:
          - flag: short_survival
            title: {ja: 短い存続期間, en: "shorter than {years} years"}
            cues: {ja: [終了後3か月], en: [three months after termination]}
            check: {kind: duration_under, months: 24}
            note: {ja: 注, en: note}
            suggestion: {ja: 提案, en: suggestion}
        """),
    "change_of_control.yaml": _provision("change_of_control", """\
        heading_cues: {ja: [解除], en: [termination]}
        body_cues: {ja: [支配権の変動], en: [change of control, {all: [terminate, insolvent]}]}
        elements:
          - id: trigger
            name: {ja: 解除事由, en: trigger}
            required: true
            cues: {ja: [支配権の変動], en: [change of control]}
        """),
}
PROFILES = {
    "nda.yaml": """\
        id: nda
        title: {ja: 秘密保持契約, en: NDA}
        detect: {ja: [秘密保持契約], en: [non-disclosure agreement]}
        provisions: {confidentiality: required, return_deletion: required, governing_law: required,
                     survival: required, change_of_control: recommended}
        """,
    "joint_research.yaml": """\
        id: joint_research
        title: {ja: 共同研究契約, en: joint research}
        detect: {ja: [共同研究], en: [joint research, research collaboration]}
        provisions: {confidentiality: required, return_deletion: required, governing_law: required,
                     survival: required, change_of_control: required}
        sides:
          recipient:
            provisions: {change_of_control: recommended}
            risk_flags: {retention_allowed: 'off'}
        """,
    "other.yaml": """\
        id: other
        title: {ja: その他, en: other}
        fallback: true
        provisions: {confidentiality: recommended}
        """,
}


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Checker:
    from clausecheck.library import load_library

    root = tmp_path_factory.mktemp("mini_library")
    (root / "profiles").mkdir()
    for name, body in MINI.items():
        (root / name).write_text(body, encoding="utf-8")
    for name, body in PROFILES.items():
        (root / "profiles" / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return Checker(load_library(root, cache=False))


def _status(report, pid):
    finding = report.finding(pid)
    assert finding is not None, pid
    return finding.status


JA_NDA = """秘密保持契約書

甲と乙は、秘密情報の取扱いについて、次のとおり契約を締結する。

第1条（秘密保持）
乙は、甲の書面による承諾なく、秘密情報を第三者に開示してはならない。

第2条（秘密情報の返還）
乙は、本契約が終了したときは、秘密情報（複製物を含む。）を甲に返還する。

第3条（準拠法）
本契約の準拠法は日本法とし、東京地方裁判所を専属的合意管轄裁判所とする。

第4条（存続）
本契約の終了後も、第1条は5年間効力を有する。
"""


def test_sound_japanese_nda(mini, make_document):
    report = mini.check(make_document(JA_NDA))
    assert report.contract_type == "nda"
    assert report.type_detected
    statuses = {f.provision: f.status for f in report.findings}
    assert statuses == {"confidentiality": "present", "return_deletion": "present",
                        "governing_law": "present", "survival": "present",
                        "change_of_control": "missing"}
    assert not report.risks
    finding = report.finding("return_deletion")
    assert finding.clauses == ("第2条",)
    assert "返還" in finding.evidence[0].text
    assert finding.suggestion == ""
    assert finding.explanation["considered"][0]["heading"]["cue"] == "返還"
    # Missing and recommended: a notice with the library's text as the suggestion.
    cc = report.finding("change_of_control")
    assert (cc.severity, cc.requirement, cc.suggestion) == ("notice", "recommended", "推奨文")
    assert not report.failed


def test_deleting_an_article_turns_only_its_provision_missing(mini, make_document):
    full = mini.check(make_document(JA_NDA))
    cut = JA_NDA.replace("第2条（秘密情報の返還）\n乙は、本契約が終了したときは、秘密情報（複製物を含む。）を甲に返還する。\n", "")
    report = mini.check(make_document(cut))
    before = {f.provision: f.status for f in full.findings}
    after = {f.provision: f.status for f in report.findings}
    assert after.pop("return_deletion") == "missing"
    before.pop("return_deletion")
    assert after == before
    assert report.finding("return_deletion").severity == "error"
    assert report.failed


def test_excused_duty_is_not_an_obligation(mini, make_document):
    text = ("Non-Disclosure Agreement\n\n1. Return of Materials\n"
            "Upon termination, the Recipient shall not be required to return any copy of the "
            "Confidential Information.\n")
    finding = mini.check(make_document(text)).finding("return_deletion")
    assert finding.status == "weak"
    assert {m.id for m in finding.missing_elements} == {"on_termination", "copies"}
    assert finding.explanation["excused"]


def test_permission_to_retain_raises_a_risk_not_compliance(mini, make_document):
    text = ("Non-Disclosure Agreement\n\n1. Return of Materials\n"
            "Upon termination, the Recipient shall return the Confidential Information and "
            "every copy of it.\n"
            "2. Archival copy\nThe Recipient may retain one copy for its records.\n")
    report = mini.check(make_document(text))
    # The clause itself is complete; the permission to keep a copy makes it weak.
    finding = report.finding("return_deletion")
    assert finding.status == "weak" and not finding.missing_elements
    assert finding.weakening == ("retention allowed",)
    flags = {r.flag: r for r in report.risks}
    assert "retention_allowed" in flags
    assert flags["retention_allowed"].provision == "return_deletion"
    # Forbidding retention is not a risk.
    text_no = text.replace("may retain one copy", "shall not retain any copy")
    report_no = mini.check(make_document(text_no))
    assert "retention_allowed" not in {r.flag for r in report_no.risks}
    assert report_no.finding("return_deletion").status == "present"


def test_weakening_term_makes_weak(mini, make_document):
    text = ("Non-Disclosure Agreement\n\n1. Return of Materials\nThe Recipient shall return the "
            "Confidential Information and all copies only upon written request, and upon "
            "termination.\n")
    finding = mini.check(make_document(text)).finding("return_deletion")
    assert finding.status == "weak"
    assert "on_request_only" in finding.explanation["weakening_found"]
    assert finding.weakening == ("on request only",)
    assert finding.suggestion == "Recommended text"


def test_one_article_carries_several_provisions(mini, make_document):
    text = """共同研究契約書

第5条（秘密情報）
1 乙は、甲の書面による承諾なく、秘密情報を第三者に開示してはならない。
2 乙は、本契約が終了したときは、秘密情報（複製物を含む。）を返還する。
3 本条の規定は、本契約の終了後も3年間効力を有する。
"""
    report = mini.check(make_document(text))
    assert report.contract_type == "joint_research"
    assert _status(report, "confidentiality") == "present"
    assert report.finding("return_deletion").clauses == ("第5条 2",)
    assert _status(report, "return_deletion") == "present"
    assert report.finding("survival").clauses == ("第5条 3",)


def test_spread_provision_collects_elements(mini, make_document):
    text = """秘密保持契約書

第2条（返還）
乙は、本契約が終了したときは、秘密情報を甲に返還する。

第7条（複製）
乙は、前条の返還に際し、秘密情報の複製物も返還する。
"""
    finding = mini.check(make_document(text)).finding("return_deletion")
    assert finding.status == "present"
    assert set(finding.clauses) == {"第2条", "第7条"}
    assert set(finding.explanation["elements_found"]) == {"on_termination", "copies"}


def test_missing_element_is_named(mini, make_document):
    text = "秘密保持契約書\n\n第2条（返還）\n乙は、本契約が終了したときは、秘密情報を甲に返還する。\n"
    finding = mini.check(make_document(text)).finding("return_deletion")
    assert finding.status == "weak"
    assert [(m.id, m.name) for m in finding.missing_elements] == [("copies", "複製物")]
    assert finding.severity == "warning"


def test_headings_are_not_needed(mini, make_document):
    text = ("NON-DISCLOSURE AGREEMENT\n\n1. The Recipient shall not disclose Confidential "
            "Information to any third party without prior written consent.\n2. This Agreement "
            "is governed by the laws of Japan.\n")
    report = mini.check(make_document(text))
    assert _status(report, "confidentiality") == "present"
    assert _status(report, "governing_law") == "present"


@pytest.mark.parametrize("title,expected", [
    ("秘密保持契約書", "nda"), ("共同研究契約書", "joint_research"), ("業務委託契約書", "other")])
def test_contract_type_detection(mini, make_document, title, expected):
    report = mini.check(make_document(f"{title}\n\n第1条（目的）\n本契約の目的を定める。\n"))
    assert report.contract_type == expected


def test_contract_type_override(mini, make_document):
    report = mini.check(make_document(JA_NDA), contract_type="joint_research")
    assert report.contract_type == "joint_research"
    assert not report.type_detected
    assert report.finding("change_of_control").severity == "error"


def test_side_changes_severity(mini, make_document):
    doc = make_document(JA_NDA)
    discloser = mini.check(doc, contract_type="joint_research")
    recipient = mini.check(doc, contract_type="joint_research", side="recipient")
    assert discloser.finding("change_of_control").severity == "error"
    assert recipient.finding("change_of_control").severity == "notice"
    assert recipient.side == "recipient"


def test_side_can_switch_a_risk_off(mini, make_document):
    text = "共同研究契約書\n\n第2条（返還）\n乙は、本契約が終了したときは、秘密情報（複製物を含む。）を返還する。ただし、乙は写し一部を保持することができる。\n"
    doc = make_document(text)
    assert "retention_allowed" in {r.flag for r in mini.check(doc).risks}
    assert not mini.check(doc, side="recipient").risks


@pytest.mark.parametrize("sentence,flagged", [
    ("This Agreement is governed by the laws of the State of New York.", True),
    ("This Agreement shall be governed by the laws of Singapore.", True),
    ("This Agreement is governed by the laws of Japan.", False),
])
def test_foreign_forum(mini, make_document, sentence, flagged):
    text = f"NON-DISCLOSURE AGREEMENT\n\n1. Governing Law\n{sentence}\n"
    assert ("foreign_forum" in {r.flag for r in mini.check(make_document(text)).risks}) is flagged


def test_foreign_forum_ja(mini, make_document):
    text = "秘密保持契約書\n\n第9条（準拠法）\n本契約の準拠法はニューヨーク州法とする。\n"
    assert "foreign_forum" in {r.flag for r in mini.check(make_document(text)).risks}


@pytest.mark.parametrize("sentence,flagged", [
    ("The obligations shall survive for one (1) year after termination.", True),
    ("The obligations shall survive for six months following expiration.", True),
    ("The obligations shall survive for five (5) years after termination.", False),
])
def test_short_survival(mini, make_document, sentence, flagged):
    text = f"NON-DISCLOSURE AGREEMENT\n\n1. Survival\n{sentence}\n"
    report = mini.check(make_document(text))
    assert report.finding("survival").status == ("weak" if flagged else "present")
    assert ("short_survival" in {r.flag for r in report.risks}) is flagged


def test_short_survival_ja(mini, make_document):
    text = "秘密保持契約書\n\n第4条（存続）\n本契約の終了後も、第1条は１年間効力を有する。\n"
    assert "short_survival" in {r.flag for r in mini.check(make_document(text)).risks}


def test_ui_language_and_json(mini, make_document):
    report = mini.check(make_document(JA_NDA), ui_lang="en")
    assert report.finding("return_deletion").title == "return_deletion_en"
    data = report.to_dict(explain=True)
    assert {f["provision"] for f in data["findings"]} == {f.provision for f in report.findings}
    assert "explanation" in data["findings"][0]


def test_bad_side_is_refused(mini, make_document):
    with pytest.raises(ValueError):
        mini.check(make_document(JA_NDA), side="buyer")


def test_items_are_read_with_their_lead_in(mini, make_document):
    text = ("NON-DISCLOSURE AGREEMENT\n\n1. Term\nThis Agreement lasts two years.\n\n"
            "2. Ending\n2.1 The Discloser may terminate this Agreement at once if the "
            "Recipient:\n(a) becomes insolvent; or\n(b) breaches Section 1.\n")
    finding = mini.check(make_document(text)).finding("change_of_control")
    # "becomes insolvent" alone is no termination right; with its lead-in it is, and the
    # whole list is the evidence.
    assert finding.status != "missing"
    assert finding.clauses == ("2 2.1",)
    assert "becomes insolvent" in finding.evidence[0].text
    assert finding.evidence[0].text.count("may terminate") == 1


def test_periods_outside_the_survival_clause_are_no_risk(mini, make_document):
    text = ("NON-DISCLOSURE AGREEMENT\n\n1. Non-Solicitation\nNeither party shall solicit "
            "the other's staff for three months after termination.\n\n2. Survival\nSection 1 "
            "shall survive for five (5) years after termination.\n")
    report = mini.check(make_document(text))
    assert "short_survival" not in {r.flag for r in report.risks}
    assert report.finding("survival").status == "present"


def test_a_title_naming_another_contract_is_other(mini, make_document):
    text = ("業務委託契約書\n\n甲と乙は、共同研究の成果を利用する業務について次のとおり契約する。\n\n"
            "第1条（目的）\n本契約の目的を定める。\n")
    assert mini.check(make_document(text)).contract_type == "other"


@pytest.fixture(scope="module")
def mini_core(tmp_path_factory) -> Checker:
    """The mini library with on_termination as the core element of return_deletion."""
    from clausecheck.library import load_library

    root = tmp_path_factory.mktemp("mini_core_library")
    (root / "profiles").mkdir()
    for name, body in MINI.items():
        if name == "return_deletion.yaml":
            body = body.replace("heading_cues:", "core: [on_termination]\nheading_cues:", 1)
        (root / name).write_text(body, encoding="utf-8")
    for name, body in PROFILES.items():
        (root / "profiles" / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return Checker(load_library(root, cache=False))


def test_evidence_without_core_element_is_weak(mini_core, make_document):
    text = ("Non-Disclosure Agreement\n\n1. Return of Materials\nThe Recipient shall return the "
            "Confidential Information and all copies only upon written request.\n")
    finding = mini_core.check(make_document(text)).finding("return_deletion")
    # Part of the protection only: weak, with the clause and the core element it lacks.
    assert finding.status == "weak" and finding.severity == "warning"
    assert len(finding.clauses) == 1 and finding.evidence[0].text.startswith("The Recipient")
    assert [m.id for m in finding.missing_elements] == ["on_termination"]
    assert finding.weakening == ("no on termination", "on request only")
    assert finding.explanation["core"]["found"] == []
    assert finding.suggestion == "Recommended text"


def test_core_note_says_what_is_there(mini_core, make_document):
    text = ("秘密保持契約書\n\n第1条（秘密情報の返還）\n乙は、甲の求めに応じて、秘密情報（複製物を含む。）を"
            "甲に返還する。\n")
    finding = mini_core.check(make_document(text)).finding("return_deletion")
    assert finding.status == "weak" and finding.clauses == ("第1条",)
    assert finding.weakening == ("複製物のみ（終了時がない）",)


def test_core_element_found_keeps_the_usual_verdict(mini_core, make_document):
    text = ("Non-Disclosure Agreement\n\n1. Return of Materials\nUpon termination, the Recipient "
            "shall return the Confidential Information.\n")
    finding = mini_core.check(make_document(text)).finding("return_deletion")
    assert finding.status == "weak"
    assert [m.id for m in finding.missing_elements] == ["copies"]
    assert finding.explanation["core"]["found"] == ["on_termination"]


# -- a provision is provided only by a clause that states it ---------------------------------
def test_defined_terms_are_found():
    from clausecheck.engine.align import defined_terms

    ja = "本契約は、新素材の評価（以下「本目的」という。）のために締結する。「委託先」とは、外部の業者をいう。"
    assert {"本目的", "委託先"} <= set(defined_terms(ja, "ja"))
    en = 'Each party appoints a contractor (a "Subcontractor"). "Purpose" means the evaluation.'
    assert {"subcontractor", "purpose"} <= set(defined_terms(en, "en"))


def test_a_defined_term_alone_only_mentions_the_provision(checker, make_document):
    base = ("Non-Disclosure Agreement\n\n1. Definitions\n"
            '1.1 The Recipient may engage an outside firm (a "Subcontractor").\n'
            "2. Liability\n"
            "2.1 The Recipient answers for the acts of each Subcontractor as for its own.\n")
    finding = checker.check(make_document(base), contract_type="nda",
                            provisions=["subcontracting"]).finding("subcontracting")
    assert "2 2.1" not in finding.clauses
    stated = base + ("3. Outside Help\n3.1 The Recipient shall not pass any information to a "
                     "Subcontractor without the prior written consent of the Discloser.\n")
    finding = checker.check(make_document(stated), contract_type="nda",
                            provisions=["subcontracting"]).finding("subcontracting")
    assert finding.status != "missing" and "3 3.1" in finding.clauses


def test_a_sentence_deferring_to_other_articles_states_nothing(checker, make_document):
    text = ("共同研究契約書\n\n第1条（中止）\n"
            "本研究を途中で終えたときも、それまでの研究成果の帰属は、第9条の規定に従う。\n")
    finding = checker.check(make_document(text), contract_type="joint_research",
                            provisions=["ip_ownership"]).finding("ip_ownership")
    assert finding.status == "missing"


@pytest.mark.parametrize("title", ["DEED OF CONFIDENTIALITY", "Undertaking of Non-Disclosure",
                                   "Confidentiality Deed"])
def test_an_nda_titled_the_british_way_is_an_nda(checker, make_document, title):
    text = (f"{title}\n\n1. Secrecy\nThe Recipient shall not disclose the Discloser's "
            "information to any third party.\n")
    assert checker.check(make_document(text)).contract_type == "nda"


@pytest.mark.parametrize("title,body", [
    ("SPONSORED RESEARCH AGREEMENT", "1. Research\nThe University will carry out the research "
     "described in Exhibit A for the Sponsor, which pays its costs.\n"),
    ("Research Agreement", "1. Work Plan\nThe Institute shall carry out the work set out in "
     "the Work Plan and report to the Company every quarter.\n"),
    ("受託研究契約書", "第1条（研究の実施）\n大学は、企業から委託を受けて別紙の研究を実施する。\n"),
])
def test_research_done_for_a_sponsor_is_read_as_research(checker, make_document, title, body):
    """A sponsored (受託・委託) research agreement needs the research provisions (publication,
    results, researchers): it is read with the joint-research profile, not as 'other'."""
    text = f"{title}\n\n{body}"
    assert checker.check(make_document(text)).contract_type == "joint_research"


@pytest.mark.parametrize("title", ["MATERIAL TRANSFER AGREEMENT", "Distribution Agreement"])
def test_a_research_word_in_the_body_does_not_type_another_contract(checker, make_document,
                                                                     title):
    text = (f"{title}\n\n1. Use\nThe Recipient shall use the material only for its research "
            "and keep the research results confidential.\n")
    assert checker.check(make_document(text)).contract_type == "other"
