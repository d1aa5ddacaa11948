"""Key facts: every date and duration form, each field read or left None, placeholders."""

from __future__ import annotations

import datetime as dt

import pytest

from clausecheck.facts import extract_facts, next_term_end
from clausecheck.facts.dates import find_durations, months_between, norm, parse_date
from clausecheck.facts.places import find_place
from clausecheck.reader import read_text


def facts_of(text: str):
    return extract_facts(read_text(text, name="case.txt", fmt="txt"))


# --- dates and durations -----------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("令和7年4月1日", "2025-04-01"),
    ("令和元年5月1日", "2019-05-01"),
    ("平成31年4月30日", "2019-04-30"),
    ("昭和64年1月7日", "1989-01-07"),
    ("2025年4月1日", "2025-04-01"),
    ("２０２５年４月１日", "2025-04-01"),          # full-width digits
    ("令和７年１２月３１日", "2025-12-31"),
    ("二〇二五年四月一日", "2025-04-01"),          # kanji numerals, digit by digit
    ("令和七年十二月二十五日", "2025-12-25"),
    ("西暦2025年4月1日", "2025-04-01"),
    ("2025/4/1", "2025-04-01"),
    ("2025-04-01", "2025-04-01"),
    ("April 1, 2025", "2025-04-01"),
    ("1 April 2025", "2025-04-01"),
    ("1st April, 2025", "2025-04-01"),
    ("the 1st day of April, 2025", "2025-04-01"),
    ("Sept. 30, 2026", "2026-09-30"),
])
def test_date_forms(text, expected):
    assert parse_date(f"本契約は{text}に締結された。 Signed {text}.") == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("text", ["令和7年2月30日", "年　月　日", "●年●月●日", "20xx", "April 31, 2025"])
def test_not_dates(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text, lang, months, days", [
    ("締結日から2年間", "ja", 24, None),
    ("3ヶ月前までに", "ja", 3, None),
    ("3か月", "ja", 3, None),
    ("３カ月間", "ja", 3, None),
    ("6箇月", "ja", 6, None),
    ("二年間", "ja", 24, None),
    ("十八か月", "ja", 18, None),
    ("終了後5年を経過", "ja", 60, None),
    ("60日前", "ja", None, 60),
    ("3 years", "en", 36, None),
    ("thirty-six (36) months", "en", 36, None),
    ("two (2) years", "en", 24, None),
    ("a period of five years", "en", 60, None),
    ("ninety (90) days", "en", None, 90),
    ("the first anniversary", "en", 12, None),
    ("twenty-four months", "en", 24, None),
])
def test_duration_forms(text, lang, months, days):
    found = find_durations(norm(text), lang)
    assert [(d.months, d.days) for d in found] == [(months, days)]


@pytest.mark.parametrize("text, lang", [("令和7年4月1日", "ja"), ("2025年4月", "ja"),
                                        ("the term years", "en"), ("Section 5", "en")])
def test_dates_and_words_are_no_durations(text, lang):
    assert find_durations(norm(text), lang) == []


@pytest.mark.parametrize("text, lang", [("●年間", "ja"), ("{{PERIOD}}年間", "ja"),
                                        ("[__] years", "en"), ("{{N}} months", "en")])
def test_blank_durations_are_flagged(text, lang):
    [found] = find_durations(norm(text), lang)
    assert found.blank and found.months is None


def test_months_between_whole_runs():
    assert months_between(dt.date(2025, 4, 1), dt.date(2026, 3, 31)) == 12
    assert months_between(dt.date(2025, 4, 1), dt.date(2026, 4, 1)) == 12
    assert months_between(dt.date(2025, 4, 1), dt.date(2026, 3, 15)) is None


@pytest.mark.parametrize("text, lang, code, region", [
    ("日本法", "ja", "JP", None),
    ("日本国の法律", "ja", "JP", None),
    ("ニューヨーク州法", "ja", "US", "New York"),
    ("英国法", "ja", "GB", None),
    ("the laws of Japan", "en", "JP", None),
    ("the laws of the State of New York", "en", "US", "New York"),
    ("the laws of England and Wales", "en", "GB", "England and Wales"),
    ("the laws of the Federal Republic of Germany", "en", "DE", None),
    ("the law of the state of Oregon", "en", "US", "Oregon"),
    ("UK Law", "en", "GB", None),
])
def test_places(text, lang, code, region):
    found = find_place(text, lang)
    assert found is not None and found[:2] == (code, region)


# --- whole contracts ---------------------------------------------------------------------
JA_NDA = """秘密保持契約書
株式会社アルファ（以下「甲」という。）とベータ工業株式会社（以下「乙」という。）とは、甲が乙に開示する秘密情報の取扱いに関し、次のとおり契約（以下「本契約」という。）を締結する。
第1条（目的）
本契約は、甲の制御技術を乙が評価すること（以下「本目的」という。）のために、甲が乙に開示する秘密情報の取扱いを定める。
第2条（秘密保持）
乙は、秘密情報を秘密として保持し、第三者に開示してはならない。
第3条（有効期間）
本契約の有効期間は、令和7年4月1日から2年間とする。ただし、期間満了の３ヶ月前までにいずれの当事者からも申出がないときは、本契約は更に1年間自動的に更新され、以後も同様とする。
第4条（存続）
第2条の規定は、本契約の終了後5年間存続する。
第5条（準拠法及び管轄）
本契約は日本法に準拠する。
２　本契約に関する一切の紛争は、東京地方裁判所を第一審の専属的合意管轄裁判所とする。
"""


def test_japanese_nda_facts_and_sources():
    f = facts_of(JA_NDA)
    assert [(p.name, p.alias, p.role) for p in f.parties] == [
        ("株式会社アルファ", "甲", "discloser"), ("ベータ工業株式会社", "乙", "recipient")]
    assert (f.direction, f.discloser) == ("one_way", "甲")
    assert f.effective_date == "2025-04-01" and f.term_start == "2025-04-01"
    assert f.term_months == 24 and f.end_date == "2027-03-31"
    assert (f.auto_renewal, f.renewal_months, f.renewal_notice) == (True, 12, "P3M")
    assert (f.survival_months, f.survival_from, f.survival_note) == (60, "end", None)
    assert (f.governing_law, f.governing_law_region) == ("JP", None)
    assert (f.forum, f.forum_exclusive) == ("東京地方裁判所", True)
    assert f.purpose == "甲の制御技術を乙が評価すること"
    assert f.sources["term_months"] == "第3条"
    assert f.sources["survival_months"] == "第4条"
    assert f.sources["forum"] == "第5条 2"
    assert f.sources["parties"] == "preamble"
    assert "本目的" in f.defined_terms and "甲" not in f.defined_terms
    assert f.placeholders == ()


EN_NDA = """MUTUAL NON-DISCLOSURE AGREEMENT
This Agreement is entered into as of April 1, 2025 (the "Effective Date") by and between Acme Robotics Inc., a Delaware corporation having its office at 1 Main Street, Boston ("Acme"), and Kite Systems Ltd., a company registered in England and Wales ("Kite").
1. Purpose
1.1 Each party may disclose Confidential Information to the other solely to evaluate a joint sensor product (the "Purpose").
2. Term
2.1 This Agreement shall continue for a term of thirty-six (36) months from the Effective Date.
3. Survival
3.1 The obligations of confidentiality survive any termination or expiration of this Agreement for as long as the information remains a trade secret.
4. Governing Law
4.1 This Agreement shall be governed by the laws of the State of New York. The parties submit to the non-exclusive jurisdiction of the state and federal courts in New York County.
"""


def test_english_nda_facts():
    f = facts_of(EN_NDA)
    assert [(p.name, p.alias) for p in f.parties] == [("Acme Robotics Inc.", "Acme"),
                                                      ("Kite Systems Ltd.", "Kite")]
    assert (f.direction, f.discloser) == ("mutual", None)
    assert all(p.role is None for p in f.parties)
    assert f.effective_date == "2025-04-01" and f.term_start == "effective_date"
    assert f.term_months == 36 and f.end_date == "2028-03-31"
    assert f.auto_renewal is None          # the contract says nothing about renewal
    assert f.survival_months is None and f.survival_note == "while_secret"
    assert (f.governing_law, f.governing_law_region) == ("US", "New York")
    assert f.forum == "the state and federal courts in New York County"
    assert f.forum_exclusive is False
    assert f.purpose == "evaluate a joint sensor product"
    assert f.sources["governing_law"] == "4 4.1"


def test_nothing_stated_is_none_never_a_guess():
    f = facts_of("Agreement\n1. Confidentiality\n1.1 The Recipient shall keep the "
                 "information confidential.\n")
    d = f.to_dict()
    for key in ("direction", "effective_date", "term_months", "term_start", "end_date",
                "auto_renewal", "renewal_months", "renewal_notice", "survival_months",
                "survival_note", "governing_law", "governing_law_region", "forum",
                "forum_exclusive", "arbitration_seat", "purpose"):
        assert d[key] is None, key
    assert d["placeholders"] == [] and d["sources"] == {}


def test_template_blanks_are_placeholders_not_values():
    f = facts_of("秘密保持契約書\n契約日: {{CONTRACT_DATE}}\n"
                 "{{COMPANY}}（以下「甲」という）と{{CLIENT}}（以下「乙」という）は、次のとおり契約する。\n"
                 "第1条（契約期間）\n本契約の有効期間は、{{START_DATE}}から{{END_DATE}}までとする。"
                 "ただし、秘密保持義務は本契約終了後も●年間存続するものとする。\n"
                 "第2条（管轄）\n本契約に関する紛争は、●地方裁判所を第一審の専属的合意管轄裁判所とする。\n")
    assert [(p.name, p.alias) for p in f.parties] == [(None, "甲"), (None, "乙")]
    assert f.effective_date is None and f.survival_months is None and f.forum is None
    assert {"effective_date", "term_start", "end_date", "survival_months", "forum"} <= set(
        f.placeholders)
    assert f.forum_exclusive is True


@pytest.mark.parametrize("sentence, months, note", [
    ("第5条の規定は、本契約終了後も有効に存続する。", None, "indefinite"),
    ("秘密保持義務は、本契約終了後も、当該秘密情報が公知となるまで存続する。", None, "while_secret"),
    ("乙は、秘密情報が公知となるまでの間、これを秘密として保持する。", None, "while_secret"),
    ("前条の規定は、本契約が終了した日より3年間有効に存続する。", 36, None),
    ("前条の規定は、本契約の終了後においても、本契約の終了日から1年間有効に適用される。", 12, None),
])
def test_survival_forms_ja(sentence, months, note):
    f = facts_of("契約書\n甲と乙は契約する。\n第1条（秘密保持）\n乙は秘密を保持する。\n"
                 f"第2条（存続）\n{sentence}\n")
    assert (f.survival_months, f.survival_note) == (months, note)


@pytest.mark.parametrize("sentence, term, note", [
    ("This Agreement will be effective from the Effective Date and will continue until "
     "written notice of termination is provided by either party.", None, "until_terminated"),
    ("This Agreement takes effect on the day of conclusion and will remain effective as long "
     "as any obligation exists.", None, "while_obligations"),
    ("This Agreement shall continue for a term of two (2) years from the date of signature.",
     24, None),
    ("This agreement shall remain in effect as long as Recipient possesses Information.", None,
     "while_information_held"),
])
def test_term_forms_en(sentence, term, note):
    f = facts_of(f"Agreement\n1. Term\n1.1 {sentence}\n")
    assert (f.term_months, f.term_note) == (term, note)


@pytest.mark.parametrize("text", [
    "契約書\n甲と乙は契約する。\n第1条（秘密保持）\n甲及び乙は、本契約期間中はもとより終了後も、相手方から開示された情報を守秘し、第三者に開示してはならない。\n",
    "誓約書\n株式会社ガンマ 御中\n私は次の事項を誓約します。\n1. 知り得た事項は、インターンシップが終了した後といえども、第三者に開示・漏洩しないこと。\n",
    "Agreement\n1. Confidentiality\n1.1 During and after the term of this Agreement, each party shall treat confidentially all information disclosed by the other.\n",
])
def test_secrecy_also_after_the_end_without_a_period_is_indefinite(text):
    f = facts_of(text)
    assert (f.survival_months, f.survival_note) == (None, "indefinite")


def test_renewal_period_is_not_the_initial_term():
    f = facts_of("Agreement\n1. Term\n1.1 This Agreement shall continue for two (2) years and "
                 "shall renew automatically for successive periods of one (1) year unless either "
                 "party gives notice at least sixty (60) days before the end of the term.\n")
    assert (f.term_months, f.auto_renewal, f.renewal_months, f.renewal_notice) == (
        24, True, 12, "P60D")


def test_renewal_by_agreement_only_is_no_automatic_renewal():
    f = facts_of("Agreement\n1. Term\n1.1 This Agreement starts on the Effective Date and "
                 "continues for one (1) year. The parties may extend it by written agreement.\n")
    assert f.term_months == 12 and f.auto_renewal is False


def test_arbitration_seat():
    f = facts_of("Agreement\n1. Disputes\n1.1 This Agreement is governed by the laws of "
                 "Singapore. Any dispute shall be finally resolved by arbitration administered "
                 "by SIAC, and the seat of the arbitration shall be Singapore.\n")
    assert f.governing_law == "SG" and f.arbitration_seat == "Singapore"


def test_pledge_addressed_to_a_company_is_one_way():
    f = facts_of("誓約書\n株式会社ガンマ 御中\n私は、貴社の業務に従事するにあたり、次の事項を遵守することを誓約します。\n"
                 "1. 貴社の秘密情報を第三者に開示しないこと。\n")
    assert [(p.name, p.alias) for p in f.parties] == [("株式会社ガンマ", "貴社"), (None, "私")]
    assert (f.direction, f.discloser) == ("one_way", "貴社")


def test_next_term_end_rolls_renewals_forward():
    f = facts_of(JA_NDA)
    assert next_term_end(f, dt.date(2026, 1, 1)) == dt.date(2027, 3, 31)
    assert next_term_end(f, dt.date(2027, 4, 1)) == dt.date(2028, 3, 31)
    assert next_term_end(facts_of(EN_NDA), dt.date(2029, 1, 1)) == dt.date(2028, 3, 31)


def test_report_carries_facts_in_json(checker):
    report = checker.check(read_text(JA_NDA, name="nda.txt", fmt="txt"))
    data = report.to_dict()
    assert list(data)[:6] == ["file", "title", "language", "contract_type", "side", "facts"]
    assert data["facts"]["discloser"] == "甲"
    assert data["facts"]["parties"][0] == {"name": "株式会社アルファ", "alias": "甲",
                                           "role": "discloser"}
