"""What the web app's pages show, built from the check JSON and the report (issue 13): no
server needed."""

from __future__ import annotations

from clausecheck.model import Facts, Party
from clausecheck.report import facts_view
from clausecheck.serve.views import fact_rows, marked


def rows(facts, lang="ja", units=None):
    return {r.key: r for r in fact_rows(facts, lang, units or {})}


def _as_the_reports_say(got, facts, lang) -> None:
    """The page words every fact as the downloaded reports and the terminal do."""
    expected = facts_view.fact_rows(facts, lang)
    assert [(k, title, value) for k, title, value, _ in expected] == \
        [(r.key, r.label, r.value) for r in got.values()][:len(expected)]


def test_key_facts_say_what_the_reports_say_and_link_their_clauses() -> None:
    facts = Facts(
        parties=(Party("株式会社アルファ", "甲", "discloser"), Party(None, "乙", "recipient")),
        direction="one_way", discloser="甲", effective_date="2025-04-01",
        term_start="signature", term_months=24, auto_renewal=True, renewal_months=12,
        renewal_notice="P3M", survival_note="while_secret", governing_law="JP",
        forum="東京地方裁判所", forum_exclusive=True, defined_terms=("本目的", "秘密情報"),
        placeholders=("purpose", "term_months"),
        sources={"term_months": "第10条", "end_date": "第10条", "parties": "preamble",
                 "forum": "第20条 2", "purpose": "第1条"})
    got = rows(facts, units={"第10条": "u10", "preamble": "u0", "第1条": "u1"})
    _as_the_reports_say(got, facts, "ja")
    assert got["parties"].value.startswith("甲 = 株式会社アルファ（開示者）")
    assert got["parties"].links == [("前文", "u0")]
    assert got["term"].links == [("第10条", "u10")]  # one link for two fields from it
    assert got["forum"].links == [("第20条第2項", None)]  # a clause the text view lacks
    assert got["placeholders"].value == "目的、契約期間"
    assert got["placeholders"].links == [("第1条", "u1"), ("第10条", "u10")]
    assert got["defined_terms"].value == "本目的、秘密情報"
    assert list(got)[-2:] == ["placeholders", "defined_terms"]


def test_key_facts_in_english_and_what_the_contract_does_not_say() -> None:
    facts = Facts(direction="mutual", term_months=18, governing_law="US",
                  governing_law_region="New York", auto_renewal=False, survival_months=36,
                  survival_from="end")
    got = rows(facts, lang="en")
    _as_the_reports_say(got, facts, "en")
    assert got["term"].value == "18 months" and got["term"].stated
    assert not got["purpose"].stated and got["purpose"].value == "not stated"
    assert "placeholders" not in got and "defined_terms" not in got
    assert all(not r.stated for r in rows(Facts()).values())


def test_no_facts_no_rows() -> None:
    assert fact_rows(None, "ja", {}) == []


def test_evidence_inside_a_longer_clause_is_marked_and_escaped() -> None:
    text = "Article text <b>. The Recipient shall return all copies. More."
    out = str(marked(text, ["The Recipient shall return all copies.", "shall return"]))
    assert out.count("<mark") == 1  # overlapping passages make one mark
    assert "&lt;b&gt;" in out
    assert '<mark class="ev-mark">The Recipient shall return all copies.</mark>' in out
    assert "<mark" not in str(marked("whole clause", ["whole clause"]))


def test_the_apps_words_add_to_the_reports_and_never_restate_or_shadow_them() -> None:
    """A word the reports have is taken from them (``ui_label`` falls back to them), so the
    page and the downloaded reports cannot drift apart; the app's own keys mean one thing."""
    from clausecheck.report.labels import LABELS
    from clausecheck.serve.labels import UI_LABELS, ui_label

    assert set(UI_LABELS) & set(LABELS) == set()
    restated = {k for k, v in UI_LABELS.items() if v in LABELS.values()}
    assert restated == set()
    assert ui_label("facts", "ja") == "契約の要点" and ui_label("errors", "en") == "Files not checked"
