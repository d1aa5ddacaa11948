"""Reports that lead with what matters: verdict and key facts first, required defects before
recommended ones, one deciding sentence per finding, the reading stated, Japanese wording."""

from __future__ import annotations

import json

import pytest

from clausecheck import api
from clausecheck.reader import read_text
from clausecheck.report import Batch, RenderOptions, render
from sample_contracts import SAMPLES_DIR


@pytest.fixture(scope="module")
def ja_weak():
    return api.check_file(f"{SAMPLES_DIR}/nda_ja_weak.docx")


@pytest.fixture(scope="module")
def en_weak():
    return api.check_file(f"{SAMPLES_DIR}/nda_en_weak.docx")


def _text(report, **kw) -> str:
    return render("text", Batch(reports=[report]), RenderOptions(mode="check", **kw))


def test_text_leads_with_summary_and_facts_then_required_then_recommended(ja_weak):
    lines = _text(ja_weak).splitlines()
    first = {key: next(i for i, line in enumerate(lines) if line.startswith(key))
             for key in ("概要", "契約の要点", "必須条項の不備", "推奨条項の不備", "リスク",
                         "充足している条項")}
    assert first["概要"] < 12  # the verdict is on the first screen, right under the header
    assert (first["概要"] < first["契約の要点"] < first["必須条項の不備"] < first["推奨条項の不備"]
            < first["リスク"] < first["充足している条項"])
    facts = "\n".join(lines[first["契約の要点"]:first["必須条項の不備"]])
    assert "甲 = 株式会社ミナトセンシング（開示者）" in facts
    assert "一方向（甲 → 乙）" in facts and "[第28条]" in facts
    assert "終了後1年間" in facts and "日本法 (JP)" in facts
    required = "\n".join(lines[first["必須条項の不備"]:first["推奨条項の不備"]])
    assert "· 推奨" not in required and required.count("· 必須") == 3
    present = lines[first["充足している条項"] + 1:]
    assert any(line.startswith("✓ 有効期間 [term]") for line in present)


def test_evidence_is_the_deciding_sentence_and_explain_shows_the_clause(en_weak):
    text = _text(en_weak)
    survival = next(line for line in text.splitlines()
                    if line.strip().startswith("Evidence: 20 20.1"))
    assert "one (1) year" in survival and len(survival) < 200
    explained = _text(en_weak, explain=True)
    assert "Explanation:" in explained
    survival_finding = en_weak.finding("survival")
    assert survival_finding.evidence[0].sentence in explained


def test_brief_fits_one_screen(ja_weak):
    brief = _text(ja_weak, brief=True)
    lines = brief.splitlines()
    assert len(lines) <= 45
    assert "契約の要点" in brief and "必須条項の不備 (3)" in brief
    assert "修正案" not in brief and "根拠条文" not in brief
    # a return on request only: weak, the missing element named on the same line
    assert any(line.startswith("△ 返還・廃棄・消去 [return_deletion]")
               and line.endswith("第16条 — 不足: 契約終了時の返還・廃棄") for line in lines)
    # a weakness says itself what is wrong
    assert any(line.startswith("△ 存続条項 [survival]") and line.endswith("第29条 — 存続期間が短い（終了後2年未満）")
               for line in lines)


def test_required_and_recommended_look_different_in_every_format(ja_weak):
    text = _text(ja_weak)
    assert "· 必須" in text and "· 推奨" in text
    html = render("html", Batch(reports=[ja_weak]), RenderOptions(mode="check"))
    assert 'class="req req-required"' in html and 'class="req req-recommended"' in html
    data = json.loads(render("json", Batch(reports=[ja_weak]), RenderOptions(mode="check")))
    assert {f["requirement"] for f in data["findings"]} == {"required", "recommended"}
    assert {f["requirement_label"] for f in data["findings"]} == {"必須", "推奨"}


def test_japanese_wording_slips_are_gone(ja_weak):
    for fmt in ("text", "html"):
        out = render(fmt, Batch(reports=[ja_weak]), RenderOptions(mode="check"))
        assert "推奨 · 推奨" not in out and "弱める文言" not in out
        assert "条項の条項" not in out


def test_header_says_how_the_contract_was_read_and_warns_when_doubtful(checker):
    report = api.check_document(read_text("Confidentiality\nThe recipient keeps it secret.\n",
                                          name="tiny.txt"))
    text = _text(report, ui_lang="en")
    assert "Read as" in text and "plain paragraphs" in text
    assert "⚠ very few clauses found" in text
    sound = api.check_file(f"{SAMPLES_DIR}/nda_ja_sound.docx")
    ja = _text(sound)
    assert "読み取り  番号付きの条項 32条" in ja and "⚠" not in ja
    data = json.loads(render("json", Batch(reports=[report]), RenderOptions(mode="check")))
    assert data["reading"]["mode"] == "paragraphs"
    assert "few_clauses" in data["reading"]["warnings"]


def test_redline_comment_wording_reads_naturally():
    from clausecheck.redline.messages import _L

    inserted = _L["ja"]["inserted"].format(title="存続条項", req="必須")
    assert "存続条項の定めが見当たらない" in inserted and "条項の条項" not in inserted
    assert "弱める文言" not in _L["ja"]["weakening"]


_RETURN_JA = """秘密保持契約書

株式会社甲（以下「甲」という。）と株式会社乙（以下「乙」という。）は、次のとおり契約を締結する。

第1条（目的）
甲は、乙との共同開発の可否の検討のために秘密情報を乙に開示する。

第2条（秘密保持）
乙は、秘密情報を秘密として保持し、第三者に開示してはならない。

第3条（返還）
本条は、秘密情報の返還について定める。乙は、本契約が終了したときは、甲の指示に従い、秘密情報及びその複製物を直ちに甲に返還し、又は廃棄しなければならない。{keep}
"""
_KEEP = "前項にかかわらず、乙は、保管用の複製物を1部保持することができる。"


def test_deciding_sentence_is_where_the_cues_that_decided_matched():
    present = api.check_document(read_text(_RETURN_JA.format(keep="")))
    finding = present.finding("return_deletion")
    assert finding.status == "present"
    # not the clause's first sentence (it only announces the subject): the one with the duty
    assert finding.evidence[0].sentence.startswith("乙は、本契約が終了したときは")
    weak = api.check_document(read_text(_RETURN_JA.format(keep=_KEEP)))
    finding = weak.finding("return_deletion")
    assert finding.status == "weak"
    # the risk that made it weak decides, in the finding and in the risk itself
    assert finding.evidence[0].sentence == _KEEP
    risk = next(r for r in weak.risks if r.flag == "retention_allowed")
    assert [e.sentence for e in risk.evidence] == [_KEEP]


def test_a_latin_script_contract_in_another_language_is_flagged_in_the_header():
    # German, which the checker would read as English word by word: the header says so
    articles = "\n\n".join(
        f"§ {i} Vertraulichkeit\nDie empfangende Partei verpflichtet sich, alle vertraulichen "
        "Informationen der offenlegenden Partei geheim zu halten und nicht an Dritte "
        "weiterzugeben, soweit nicht anders vereinbart." for i in range(1, 6))
    german = api.check_document(read_text("GEHEIMHALTUNGSVEREINBARUNG\n\n" + articles,
                                          name="de.txt"))
    data = json.loads(render("json", Batch(reports=[german]), RenderOptions(mode="check")))
    assert "language_uncertain" in data["reading"]["warnings"]
    english = api.check_file(f"{SAMPLES_DIR}/nda_en_weak.docx")
    data = json.loads(render("json", Batch(reports=[english]), RenderOptions(mode="check")))
    assert "language_uncertain" not in data["reading"]["warnings"]
