"""Computed checks: a closed set of kinds (library.types.CHECK_KINDS) with parameters in the
provision files, implemented once each in engine/risks.py."""

from __future__ import annotations

from types import MappingProxyType

import pytest
import yaml

from clausecheck.engine import risks
from clausecheck.library import CHECK_KINDS, Check, validate_library
from test_library import _copy, _edit, _errors, _one


def _words(**langs):
    return MappingProxyType({k: tuple(v) for k, v in langs.items()})


def test_every_kind_is_implemented_and_nothing_else():
    assert set(risks.CHECKS) == set(CHECK_KINDS)


@pytest.mark.parametrize("months,text,lang,holds", [
    (24, "The obligations survive for one (1) year after termination.", "en", True),
    (24, "The obligations survive for five (5) years after termination.", "en", False),
    (72, "The obligations survive for five (5) years after termination.", "en", True),
    (24, "本契約終了後も六か月間効力を有する。", "ja", True),
    (24, "本契約終了後も３年間効力を有する。", "ja", False),
    (24, "This Agreement lasts one year.", "en", False),   # not after the end
])
def test_duration_under(months, text, lang, holds):
    check = Check("duration_under", MappingProxyType({"months": months}))
    assert risks.run_check(check, text, lang) is holds


PLACES = Check("place_outside", MappingProxyType({
    "allowed": _words(ja=["日本", "東京"], en=["japan", "tokyo"]),
    "foreign": _words(ja=["州法", "シンガポール"], en=["delaware"])}))


@pytest.mark.parametrize("text,lang,holds", [
    ("This Agreement is governed by the laws of the State of New York.", "en", True),
    ("Disputes go to the courts of Delaware.", "en", True),
    ("This Agreement is governed by the laws of Japan.", "en", False),
    ("Each party shall keep the information confidential.", "en", False),
    ("本契約の準拠法はニューヨーク州法とする。", "ja", True),
    ("東京地方裁判所を専属的合意管轄裁判所とする。", "ja", False),
])
def test_place_outside(text, lang, holds):
    assert risks.run_check(PLACES, text, lang) is holds


RIGHTS = Check("rights_to_party", MappingProxyType({
    "parties": _words(ja=["乙"], en=["Receiving Party", "Recipient"])}))


@pytest.mark.parametrize("text,lang,holds", [
    ("本研究により生じた発明に係る権利は、すべて乙に帰属する。", "ja", True),
    ("本研究により生じた発明に係る権利は、甲乙の共有とする。", "ja", False),
    ("All results and inventions shall vest solely in the Receiving Party.", "en", True),
    ("All inventions shall be the sole property of the Recipient.", "en", True),
    ("All inventions shall be owned jointly by the parties.", "en", False),
])
def test_rights_to_party(text, lang, holds):
    assert risks.run_check(RIGHTS, text, lang) is holds


def test_thresholds_fill_messages():
    assert Check("duration_under", MappingProxyType({"months": 36})).placeholders() == {
        "months": "36", "years": "3"}
    assert Check("duration_under", MappingProxyType({"months": 18})).placeholders()[
        "years"] == "1.5"


def test_an_unknown_kind_or_parameter_names_file_and_field(tmp_path):
    d = _copy(tmp_path)

    def edit(y):
        flag = next(f for f in y["risk_flags"] if f["flag"] == "short_survival")
        flag["check"] = {"kind": "duration_over", "months": 24}
    _edit(d / "survival.yaml", edit)

    def edit_place(y):
        flag = next(f for f in y["risk_flags"] if f["flag"] == "foreign_forum")
        flag["check"]["countries"] = ["japan"]
    _edit(d / "governing_law.yaml", edit_place)
    errors = _errors(d)
    _one(errors, "survival.yaml: risk_flags[0].check.kind: unknown check kind 'duration_over'")
    _one(errors, "governing_law.yaml: risk_flags[0].check.countries: unknown key")


def test_a_flag_with_a_check_needs_no_cues(tmp_path):
    d = _copy(tmp_path)

    def edit(y):
        flag = next(f for f in y["risk_flags"] if f["flag"] == "short_survival")
        flag.pop("cues")
    _edit(d / "survival.yaml", edit)
    lib, errors = validate_library(d)
    assert errors == []
    spec = next(f for f in lib.get("survival").risk_flags if f.flag == "short_survival")
    assert not spec.cues and spec.check.kind == "duration_under"


def test_a_flag_says_whether_it_weakens_the_provision(tmp_path):
    """`weakens: false` keeps the provision present beside its risk (a foreign court); a
    value that is not true/false is an error naming the field."""
    lib, errors = validate_library(_copy(tmp_path))
    assert not errors
    flags = {f.flag: f for p in lib.provisions for f in p.risk_flags}
    assert flags["foreign_forum"].weakens is False
    assert flags["short_survival"].weakens is True and flags["retention_allowed"].weakens

    d = _copy(tmp_path / "bad")

    def edit(y):
        flag = next(f for f in y["risk_flags"] if f["flag"] == "foreign_forum")
        flag["weakens"] = "no"
    _edit(d / "governing_law.yaml", edit)
    _one(_errors(d), "governing_law.yaml: risk_flags[0].weakens: must be true or false, got")
