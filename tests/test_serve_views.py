"""What the web app's pages show, built from the check JSON (issue 13): no server needed."""

from __future__ import annotations

from clausecheck.serve.views import fact_rows, marked


def rows(facts, lang="ja", units=None):
    return {r.key: r for r in fact_rows(facts, lang, units or {})}


def test_key_facts_read_as_a_reviewer_asks() -> None:
    facts = {
        "parties": [{"name": "株式会社アルファ", "alias": "甲", "role": "discloser"},
                    {"name": None, "alias": "乙", "role": "recipient"}],
        "direction": "one_way", "discloser": "甲", "effective_date": "2025-04-01",
        "term_start": "signature", "term_months": 24, "term_note": None, "end_date": None,
        "auto_renewal": True, "renewal_months": 12, "renewal_notice": "P3M",
        "survival_months": None, "survival_from": None, "survival_note": "while_secret",
        "governing_law": "JP", "governing_law_region": None, "forum": "東京地方裁判所",
        "forum_exclusive": True, "arbitration_seat": None, "purpose": None,
        "defined_terms": ["本目的"], "placeholders": ["purpose"],
        "sources": {"term_months": "第10条", "parties": "preamble", "forum": "第20条 2"},
    }
    got = rows(facts, units={"第10条": "u10", "preamble": "u0"})
    assert got["parties"].value == "株式会社アルファ（甲・開示者） / （空欄）（乙・受領者）"
    assert got["parties"].links == [("前文", "u0")]
    assert got["direction"].value == "一方向（開示者: 甲）"
    assert got["term"].value == "締結日から2年"
    assert got["term"].links == [("第10条", "u10")]
    assert got["renewal"].value == "あり（1年ごと、更新拒絶の通知は3か月前まで）"
    assert got["survival"].value == "秘密である限り"
    assert got["governing_law"].value == "日本法"
    assert got["forum"].value == "東京地方裁判所（専属的合意管轄）"
    assert got["forum"].links == [("第20条 2", None)]  # a clause the text view lacks: no link
    assert not got["purpose"].stated and got["purpose"].value == "記載なし"
    assert got["placeholders"].value == "目的"


def test_key_facts_in_english_and_unknown_fields() -> None:
    got = rows({"direction": "mutual", "term_months": 18, "governing_law": "US",
                "governing_law_region": "New York", "auto_renewal": False,
                "survival_months": 36, "survival_from": "end", "new_field": "kept",
                "nested": {"ignored": 1}}, lang="en")
    assert got["direction"].value == "mutual"
    assert got["term"].value == "18 months"
    assert got["governing_law"].value == "New York, United States"
    assert got["renewal"].value == "no"
    assert got["survival"].value == "3 years after the end"
    assert got["new_field"].value == "kept"
    assert "nested" not in got


def test_no_or_odd_facts_never_break_the_page() -> None:
    assert fact_rows(None, "ja", {}) == []
    assert fact_rows("not a dict", "en", {}) == []
    odd = rows({"parties": "Alpha and Beta", "term_months": "two years",
                "sources": {"term_months": ["第3条", {"clause": "第4条"}]}}, lang="en")
    assert odd["parties"].value  # shown as given rather than dropped
    assert odd["term"].links == [("第3条", None), ("第4条", None)]


def test_evidence_inside_a_longer_clause_is_marked_and_escaped() -> None:
    text = "Article text <b>. The Recipient shall return all copies. More."
    out = str(marked(text, ["The Recipient shall return all copies.", "shall return"]))
    assert out.count("<mark") == 1  # overlapping passages make one mark
    assert "&lt;b&gt;" in out
    assert '<mark class="ev-mark">The Recipient shall return all copies.</mark>' in out
    assert "<mark" not in str(marked("whole clause", ["whole clause"]))
