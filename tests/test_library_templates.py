"""Recommended texts are templates: the slot syntax, its validation (an error names the file
and the field), the default rendering for readers that know no contract, and a playbook's
values."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import clause_library
from clausecheck.library import load_library, validate_library
from clausecheck.library.templates import DefaultWords, iter_slots, parse_slot, render


def test_slots_parse_with_arguments_and_fallbacks() -> None:
    assert parse_slot("recipient").name == "recipient"
    assert parse_slot("Recipient").capital
    slot = parse_slot("articles:confidentiality,purpose|本契約の規定")
    assert slot.args == ("confidentiality", "purpose") and slot.fallback == "本契約の規定"
    for bad in ("recipeint", "value:", "purpose:x", "value:a,b", "fill:x|y"):
        with pytest.raises(ValueError):
            parse_slot(bad)
    with pytest.raises(ValueError, match="stray"):
        list(iter_slots("乙は{info"))
    assert [s.name for s in iter_slots("{{literal}} {info}")] == ["info"]


def test_default_words_render_the_library_convention() -> None:
    words = DefaultWords("en", {"years": 1, "court": {"ja": "東京地方裁判所", "en": "Tokyo Court"}})
    text, blanks = render("{Recipient} keeps {info} for {value:years} year(s) in the "
                          "{value:court}; {fill:what}; {article:purpose|this Agreement}.", words)
    assert text == ("The Receiving Party keeps Confidential Information for 1 year in the "
                    "Tokyo Court; __________; this Agreement.")
    assert blanks == ["what"]
    words = DefaultWords("en", {"years": 5})
    assert render("{value:years} year(s)", words)[0] == "5 years"


def test_built_in_recommended_texts_have_no_placeholders_left() -> None:
    """Periods are values, article numbers slots: the only brackets left in the default
    rendering name what the user fills in (a purpose, a field)."""
    library = load_library()
    for provision in library.provisions:
        fills = {d.get(lang) for d in provision.recommended.fill.values() for lang in ("ja", "en")}
        for lang in ("ja", "en"):
            text = provision.recommended.text.get(lang)
            assert "〇" not in text, provision.id
            for bracket in re.findall(r"\[([^\]]*)\]", text):
                assert bracket in fills, (provision.id, bracket)


def _playbook(tmp_path: Path) -> Path:
    target = tmp_path / "playbook"
    shutil.copytree(clause_library.LIBRARY_DIR, target,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _refused(playbook: Path) -> str:
    """The validator's errors for a playbook it must refuse, one per line."""
    library, errors = validate_library(playbook)
    assert library is None
    return "\n".join(errors)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_slots_are_errors_naming_file_and_field(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path)
    _edit(playbook / "survival.yaml", "{value:years}年間（", "{value:yeers}年間（")
    _edit(playbook / "term.yaml", "本契約の有効期間は、", "本契約の{partys}有効期間は、")
    _edit(playbook / "security_measures.yaml", "{article:permitted_recipients|本契約}",
          "{article:permited_recipients|本契約}")
    _edit(playbook / "purpose.yaml", "supplies: {concrete_purpose: 1,",
          "supplies: {no_such_element: 1, concrete_purpose: 1,")
    text = _refused(playbook)
    assert "survival.yaml: recommended.text.ja: slot {value:yeers}: no such key in values" in text
    assert "term.yaml: recommended.text.ja: unknown slot {partys}" in text
    assert "security_measures.yaml: recommended: slot {article:permited_recipients} names " \
           "unknown provision 'permited_recipients'" in text
    assert "purpose.yaml: recommended.supplies.no_such_element: not an element of purpose" in text


def test_a_playbook_value_changes_the_text(tmp_path: Path) -> None:
    playbook = _playbook(tmp_path)
    _edit(playbook / "survival.yaml", "values: {years: 5}", "values: {years: 7}")
    survival = load_library(playbook).get("survival").recommended
    assert "終了後7年間" in survival.text.ja and "for 7 years after it ends" in survival.text.en
    template, values = survival.for_side("recipient")
    assert values["years"] == 3  # the recipient's side keeps its own, shorter period


def test_supplies_may_name_single_items_and_are_checked(tmp_path: Path) -> None:
    """``"1(1)"``: the element is item (1) of paragraph 1 (a change of control among the
    grounds for termination); an item the paragraph does not have is an error."""
    rec = load_library().get("change_of_control").recommended
    assert rec.supply_items["change_of_control_trigger"] == ((1, 1),)
    assert rec.supplies["change_of_control_trigger"] == (1,)
    assert "without_notice" not in rec.supply_items  # a whole paragraph
    playbook = _playbook(tmp_path)
    _edit(playbook / "change_of_control.yaml", "change_of_control_trigger: '1(1)'",
          "change_of_control_trigger: '1(9)'")
    _edit(playbook / "survival.yaml", "stated_period: 1,", "stated_period: '1(x)',")
    text = _refused(playbook)
    assert "change_of_control.yaml: recommended.supplies.change_of_control_trigger: item 1(9): " \
           "paragraph 1 of text.ja has 4 item(s)" in text
    assert "survival.yaml: recommended.supplies.stated_period: must be a paragraph number" in text


def test_a_text_may_have_a_wording_for_one_governing_law(tmp_path: Path) -> None:
    """``laws``: export control names Japan's 外為法 under Japanese law, and the laws that
    apply, naming no country, under any other law or none."""
    rec = load_library().get("export_control").recommended
    assert "外国為替及び外国貿易法" in rec.text_for("JP").ja
    assert "Foreign Exchange and Foreign Trade Act of Japan" in rec.text_for("JP").en
    for law in ("US", "GB", None):
        text = rec.text_for(law)
        assert "適用される輸出管理関連法令" in text.ja and "日本" not in text.ja
        assert "all applicable export control laws and regulations" in text.en
        assert "Japan" not in text.en
    assert "日本国外" in rec.for_side("discloser", law="JP")[0].ja
    assert "日本国外" not in rec.for_side("discloser", law="US")[0].ja
    playbook = _playbook(tmp_path)
    _edit(playbook / "export_control.yaml", "    JP:   #", "    Japan:   #")
    _edit(playbook / "survival.yaml", "  supplies:", "  laws:\n    US:\n      text:\n"
          "        ja: 本契約の終了後も{value:yeers}年間存続する。\n"
          "        en: It survives.\n  supplies:")
    text = _refused(playbook)
    assert "export_control.yaml: recommended.laws.Japan: must be a country code of two " \
           "capitals" in text
    assert "survival.yaml: recommended.laws.US.text.ja: slot {value:yeers}: no such key" in text


def test_individual_says_whether_a_text_fits_a_person_and_is_checked(tmp_path: Path) -> None:
    library = load_library()
    assert library.get("change_of_control").recommended.individual is False
    assert library.get("permitted_recipients").recommended.individual == (2, 3)
    assert library.get("return_deletion").recommended.individual is True
    playbook = _playbook(tmp_path)
    _edit(playbook / "change_of_control.yaml", "  individual: false", "  individual: 'no'")
    _edit(playbook / "permitted_recipients.yaml", "  individual: [2, 3]", "  individual: [2, 9]")
    text = _refused(playbook)
    assert "change_of_control.yaml: recommended.individual: must be true, false or a list of " \
           "paragraph numbers" in text
    assert "permitted_recipients.yaml: recommended.individual: paragraph 9 is beyond" in text
