"""The clause library: the built-in data is complete, and broken libraries fail with errors
that name the file and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from clause_library import LIBRARY_DIR
from clausecheck.errors import LibraryError
from clausecheck.library import (Cue, LibraryValidationError, load_library,
                                 validate_library)

# The 26 provisions of ../shared/GUIDANCE.md with their NDA / joint-research levels
# ("-" = not in that profile), in the guidance's order.
GUIDANCE_TABLE = {
    "purpose": ("req", "req"),
    "ci_definition": ("req", "req"),
    "prior_disclosure": ("rec", "rec"),
    "confidentiality": ("req", "req"),
    "permitted_recipients": ("req", "req"),
    "participants": ("-", "req"),
    "info_handling": ("rec", "req"),
    "no_reverse_engineering": ("rec", "rec"),
    "subcontracting": ("rec", "rec"),
    "security_measures": ("rec", "rec"),
    "ip_ownership": ("rec", "req"),
    "no_license": ("req", "req"),
    "non_compete": ("-", "rec"),
    "monitoring": ("rec", "req"),
    "change_of_control": ("rec", "req"),
    "assignment": ("rec", "req"),
    "publication": ("-", "req"),
    "return_deletion": ("req", "req"),
    "survival": ("req", "req"),
    "term": ("req", "req"),
    "governing_law": ("req", "req"),
    "export_control": ("rec", "rec"),
    "incident_response": ("rec", "rec"),
    "compelled_disclosure": ("rec", "rec"),
    "non_solicitation": ("rec", "rec"),
    "remedies": ("rec", "rec"),
}
LEVEL = {"req": "required", "rec": "recommended", "-": None}
# Provisions added for the outsourcing, licence, PoC and supply profiles (guidance ch.2 §2
# and ch.5), after the 26 of the table, with the profiles that require them.
NEW_PROVISIONS = {
    "licensed_technology": {"license"},
    "license_scope": {"license"},
    "sublicensing": {"license"},
    "improvements": {"license"},
    "next_agreement": {"poc"},
    "spec_information": {"supply"},
}
# Each contract type and provisions it must require (the guidance items it serves).
TYPE_REQUIRES = {
    "outsourcing": {"confidentiality", "subcontracting", "ip_ownership", "return_deletion"},
    "license": {"licensed_technology", "license_scope", "improvements", "no_reverse_engineering",
                "sublicensing", "change_of_control"},
    "poc": {"purpose", "next_agreement", "ip_ownership", "confidentiality"},
    "supply": {"spec_information", "purpose", "confidentiality"},
}
RISK_OWNERS = {
    "residuals": "confidentiality",
    "retention_allowed": "return_deletion",
    "ip_to_counterparty": "ip_ownership",
    "foreign_forum": "governing_law",
    "short_survival": "survival",
}


@pytest.fixture(scope="module")
def library():
    return load_library()


# --- the built-in library -------------------------------------------------------------------

def test_builtin_library_validates():
    lib, errors = validate_library(LIBRARY_DIR)
    assert errors == []
    assert lib is not None


def test_all_guidance_provisions_in_guidance_order(library):
    assert library.ids[:len(GUIDANCE_TABLE)] == tuple(GUIDANCE_TABLE)
    assert set(library.ids[len(GUIDANCE_TABLE):]) == set(NEW_PROVISIONS)


@pytest.mark.parametrize("pid", list(NEW_PROVISIONS))
def test_new_provision_is_complete_and_required_where_it_belongs(library, pid):
    p = library.get(pid)
    for text in (p.title, p.why, p.recommended.title, p.recommended.text):
        assert text.ja.strip() and text.en.strip()
    for lang in ("ja", "en"):
        assert p.heading_cues.get(lang) or p.body_cues.get(lang)
    assert not re.search(r"[ぁ-んァ-ン一-龥]", p.recommended.text.en), "English text has Japanese"
    for type_id in NEW_PROVISIONS[pid]:
        assert library.profile(type_id).requirement(pid) == "required"
    assert library.profile("nda").requirement(pid) is None


@pytest.mark.parametrize("type_id", list(TYPE_REQUIRES))
def test_each_new_type_requires_what_the_guidance_asks(library, type_id):
    profile = library.profile(type_id)
    assert profile.id == type_id and not profile.fallback
    required = {p for p, level in profile.requirements().items() if level == "required"}
    assert TYPE_REQUIRES[type_id] <= required
    assert "participants" not in profile.provisions  # a joint-research matter only
    assert profile.detect.ja and profile.detect.en and profile.content.ja and profile.content.en
    assert profile.roles["discloser"].ja and profile.roles["recipient"].en


def test_outsourcing_client_is_not_warned_that_deliverables_go_to_it(library):
    out = library.profile("outsourcing")
    assert out.role("discloser").ja == "委託者" and out.role("recipient").ja == "受託者"
    assert out.risk_severity("ip_to_counterparty", "warning", "discloser") is None
    assert out.risk_severity("ip_to_counterparty", "warning", "recipient") == "notice"
    assert library.profile("nda").risk_severity("ip_to_counterparty", "warning") == "warning"


def test_exactly_one_fallback_and_types_listed_with_it_last(library):
    assert [p.id for p in library.profiles.values() if p.fallback] == ["other"]
    assert library.type_ids[-1] == "other"
    assert set(library.type_ids) == {"nda", "joint_research", "outsourcing", "license", "poc",
                                     "supply", "other"}


@pytest.mark.parametrize("pid", list(GUIDANCE_TABLE))
def test_provision_is_complete_in_both_languages(library, pid):
    p = library.get(pid)
    for text in (p.title, p.why, p.recommended.title, p.recommended.text):
        assert text.ja.strip() and text.en.strip()
    assert p.elements
    for lang in ("ja", "en"):
        assert p.heading_cues.get(lang) or p.body_cues.get(lang)
        for element in p.elements:
            assert element.cues.get(lang), f"{pid}.{element.id} has no {lang} cue"
    # One naming convention for the redliner's insertions: 甲 (discloser) / 乙 (recipient) in
    # Japanese, the Disclosing / Receiving Party in English.
    assert not re.search("開示者|受領者", p.recommended.text.ja)
    assert not re.search(r"\b(Recipient|Discloser)\b", p.recommended.text.en)
    assert not re.search(r"[ぁ-んァ-ン一-龥]", p.recommended.text.en), "English text has Japanese"


@pytest.mark.parametrize("pid", list(GUIDANCE_TABLE))
def test_profiles_follow_the_guidance_table(library, pid):
    nda, jr = GUIDANCE_TABLE[pid]
    assert library.profile("nda").requirement(pid) == LEVEL[nda]
    assert library.profile("joint_research").requirement(pid) == LEVEL[jr]


def test_other_profile_is_a_mostly_recommended_fallback(library):
    levels = library.profile("other").requirements()
    assert "confidentiality" in levels and "purpose" in levels
    assert sum(v == "recommended" for v in levels.values()) > len(levels) / 2
    # unknown contract types fall back to it
    assert library.profile("franchise").id == "other"


def test_side_adjustments(library):
    jr = library.profile("joint_research")
    assert jr.requirement("change_of_control", "discloser") == "required"
    for side in ("recipient", "mutual"):
        assert jr.requirement("change_of_control", side) == "recommended"
        assert jr.requirement("monitoring", side) == "recommended"
        assert jr.requirement("non_compete", side) == "recommended"
    # clauses that favour the recipient are no risk to it
    assert jr.risk_severity("residuals", "warning", "recipient") is None
    assert jr.risk_severity("residuals", "warning", "discloser") == "warning"
    assert jr.risk_severity("foreign_forum", "warning", "recipient") == "warning"


def test_profiles_detect_their_type_in_both_languages(library):
    for type_id in library.type_ids:
        detect = library.profile(type_id).detect
        assert detect.ja and detect.en


def test_risk_flags_and_their_owners(library):
    for flag, owner in RISK_OWNERS.items():
        found = library.risk_flag(flag)
        assert found is not None, flag
        provision, spec = found
        assert provision.id == owner
        assert spec.note.ja and spec.note.en and spec.suggestion.ja and spec.suggestion.en


def test_weakening_patterns_named_in_the_brief(library):
    def weak_ids(pid: str) -> set[str]:
        return {w.id for w in library.get(pid).weakening}
    assert {"on_request_only", "recipient_option"} <= weak_ids("return_deletion")
    assert "reasonable_efforts" in weak_ids("confidentiality")
    assert {"marked_only", "oral_not_confirmed"} <= weak_ids("ci_definition")
    assert "vague_purpose" in weak_ids("purpose")


def test_aliases_resolve(library):
    assert library.get("non_disclosure").id == "confidentiality"
    assert library.find("return_of_information").id == "return_deletion"
    assert library.find("no_such_thing") is None
    with pytest.raises(KeyError):
        library.get("no_such_thing")


def test_loading_is_cached_per_directory(library):
    assert load_library() is library
    assert load_library(LIBRARY_DIR) is library
    assert load_library(cache=False) is not library


def test_cues_are_typed_and_regexes_compiled(library):
    kinds = set()
    for p in library.provisions:
        for lang in ("ja", "en"):
            for cue in p.body_cues.get(lang):
                kinds.add(cue.kind)
                for leaf in cue.iter_leaves():
                    assert leaf.kind in ("phrase", "regex")
                    if leaf.kind == "regex":
                        assert leaf.regex is not None
    assert {"phrase", "regex", "all", "near"} <= kinds
    cue = library.get("confidentiality").body_cues.en[0]
    assert str(cue).startswith("{near: [")


# --- broken libraries -------------------------------------------------------------------------

def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "playbook"
    shutil.copytree(LIBRARY_DIR, target,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return target


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _errors(directory: Path) -> list[str]:
    lib, errors = validate_library(directory)
    assert lib is None
    return errors


def _one(errors: list[str], needle: str) -> str:
    hits = [e for e in errors if needle in e]
    assert hits, f"{needle!r} not in {errors}"
    return hits[0]


def test_copied_library_is_valid(tmp_path):
    lib, errors = validate_library(_copy(tmp_path))
    assert errors == [] and len(lib.provisions) == len(GUIDANCE_TABLE) + len(NEW_PROVISIONS)


def test_unknown_key_names_file_and_field(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "return_deletion.yaml", lambda y: y["elements"][1].update(requird=True))
    msg = _one(_errors(d), "requird")
    assert msg.startswith(str(d / "return_deletion.yaml") + ": elements[1].requird: unknown key")


def test_bad_regex_names_file_and_field(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "return_deletion.yaml", lambda y: y["elements"][2]["cues"]["ja"].insert(0, "re:(開示者"))
    msg = _one(_errors(d), "elements[2].cues.ja[0]")
    assert "return_deletion.yaml" in msg and "invalid regular expression" in msg


def test_unknown_provision_in_profile(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "profiles" / "nda.yaml", lambda y: y["provisions"].update(teleportation="required"))
    msg = _one(_errors(d), "teleportation")
    assert msg == f"{d / 'profiles' / 'nda.yaml'}: provisions.teleportation: unknown provision"


def test_unknown_provision_in_side_adjustment(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "profiles" / "joint_research.yaml",
          lambda y: y["sides"]["recipient"]["provisions"].update(nothing="recommended"))
    _one(_errors(d), "sides.recipient.provisions.nothing: unknown provision")


def test_missing_language(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "survival.yaml", lambda y: y["recommended"]["text"].pop("en"))
    msg = _one(_errors(d), "recommended.text.en")
    assert "survival.yaml" in msg and msg.endswith("missing")


def test_only_ja_and_en(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y["body_cues"].update(fr=["durée"]))
    _one(_errors(d), "term.yaml: body_cues.fr: unknown key (allowed: en, ja)")


def test_unknown_cue_kind_and_bad_near(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y["body_cues"]["en"].extend(
        [{"any": ["a", "b"]}, {"near": ["a", "b"]}, {"near": ["a", "b"], "within": 0}, 7]))
    errors = _errors(d)
    _one(errors, "term.yaml: body_cues.en")
    assert any("'all', 'near' or 'match'" in e for e in errors)
    assert any(e.endswith("within: missing") for e in errors)
    assert any("within: must be a whole number" in e for e in errors)
    assert any("a cue must be a phrase" in e for e in errors)


def test_id_must_match_file_name_and_be_unique(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y.update(id="duration"))
    _edit(d / "survival.yaml", lambda y: y["elements"].append(dict(y["elements"][0])))
    errors = _errors(d)
    _one(errors, "term.yaml: id: 'duration' must match the file name 'term'")
    _one(errors, "survival.yaml: elements[")
    assert any("duplicate id" in e for e in errors)


def test_alias_cannot_shadow_an_id(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y.update(aliases=["survival"]))
    _one(_errors(d), "term.yaml: aliases[0]: 'survival' is the id of another provision")


def test_a_provision_without_required_elements_is_valid(tmp_path):
    # Any clause providing it is then present (remedies: an injunction or damages).
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: [e.update(required=False) for e in y["elements"]])
    lib, errors = validate_library(d)
    assert errors == [] and lib is not None


def test_codes_and_placement_hints_are_data(library):
    codes = [p.code for p in library.provisions]
    assert all(codes) and len(set(codes)) == len(codes)
    assert library.get("return_deletion").code == "RD"
    assert library.get("return_deletion").placement.after[-1] == "confidentiality"
    assert {p.id for p in library.provisions if p.placement.general} == {
        "governing_law", "term", "survival"}
    assert [p.id for p in library.provisions if p.placement.closing] == ["governing_law"]


def test_codes_unique_and_placement_names_known_provisions(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y.update(code="RD", placement={"after": ["teleport"]}))
    _edit(d / "survival.yaml", lambda y: y.update(code="sv"))
    errors = _errors(d)
    _one(errors, "term.yaml: code: 'RD' is already the code of 'return_deletion'")
    _one(errors, "term.yaml: placement.after[0]: unknown provision 'teleport'")
    _one(errors, "survival.yaml: code: must be 2 to 4 capital letters")


def test_provision_files_hold_no_levels(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y.update(contract_types={"nda": "recommended"}))
    _one(_errors(d), "term.yaml: contract_types: unknown key")


def test_one_fallback_profile_is_needed(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "profiles" / "other.yaml", lambda y: y.pop("fallback"))
    _one(_errors(d), "profiles: no profile says 'fallback: true'")
    _edit(d / "profiles" / "other.yaml", lambda y: y.update(fallback=True))
    _edit(d / "profiles" / "poc.yaml", lambda y: y.update(fallback=True))
    _one(_errors(d), "poc.yaml: fallback: ")


def test_profile_fields_are_checked(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "profiles" / "license.yaml", lambda y: y.update(priority="high"))
    _edit(d / "profiles" / "poc.yaml", lambda y: y["roles"].update(buyer={"ja": "買主", "en": "buyer"}))
    errors = _errors(d)
    _one(errors, "license.yaml: priority: must be a whole number")
    _one(errors, "poc.yaml: roles.buyer: unknown key")


def test_a_new_type_is_one_profile_file(tmp_path):
    d = _copy(tmp_path)
    (d / "profiles" / "franchise.yaml").write_text(
        "id: franchise\ntitle: {ja: フランチャイズ契約, en: Franchise agreement}\n"
        "short: {ja: FC, en: FC}\npriority: 35\n"
        "detect: {titles: {ja: [フランチャイズ契約], en: [franchise agreement]}}\n"
        "provisions: {confidentiality: required, no_license: required}\n", encoding="utf-8")
    lib = load_library(d)
    assert "franchise" in lib.type_ids and lib.profile("franchise").label.en == "FC"


def test_invalid_yaml_names_the_line(tmp_path):
    d = _copy(tmp_path)
    (d / "term.yaml").write_text("id: term\ntitle: {ja: 期間, en: [unclosed\n", encoding="utf-8")
    msg = _one(_errors(d), "term.yaml")
    assert re.search(r"term\.yaml: line \d+: invalid YAML", msg)


def test_missing_profile_and_yml_extension(tmp_path):
    d = _copy(tmp_path)
    (d / "profiles" / "other.yaml").rename(d / "profiles" / "other.yml")
    errors = _errors(d)
    _one(errors, "other.yml: rename to .yaml")
    _one(errors, "profiles: no profile says 'fallback: true'")


def test_load_library_raises_library_error_with_all_errors(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y.update(colour="blue", flavour="mint"))
    with pytest.raises(LibraryError) as info:
        load_library(d)
    err = info.value
    assert isinstance(err, LibraryValidationError)
    assert len(err.errors) == 2
    assert "\n" not in str(err)
    assert str(err).startswith(str(d / "term.yaml") + ": colour: unknown key")
    assert f"--library {d}" in str(err)


def test_a_company_playbook_can_change_levels(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "profiles" / "nda.yaml", lambda y: y["provisions"].update(export_control="required"))
    lib = load_library(d)
    assert lib.profile("nda").requirement("export_control") == "required"
    assert load_library() is not lib


def test_cue_str_round_trip():
    cue = Cue("near", parts=(Cue("phrase", text="return"), Cue("regex", text="destr")), within=5)
    assert str(cue) == "{near: [return, re:destr], within: 5}"
    assert [c.text for c in cue.iter_leaves()] == ["return", "destr"]


def test_bare_off_in_a_profile_gets_a_hint(tmp_path):
    d = _copy(tmp_path)
    path = d / "profiles" / "nda.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('residuals: "off"', "residuals: off"),
                    encoding="utf-8")
    _one(_errors(d), 'sides.recipient.risk_flags.residuals: write "off" in quotes')


def test_core_must_name_elements(tmp_path):
    d = _copy(tmp_path)
    _edit(d / "term.yaml", lambda y: y.update(core=["no_such_element"]))
    _one(_errors(d), "term.yaml: core[0]: 'no_such_element' is not an element id")


def test_core_elements_are_loaded_in_order(library):
    assert library.get("return_deletion").core == ("on_termination",)
    assert [e.id for e in library.get("change_of_control").core_elements] == [
        "change_of_control_trigger"]
    assert library.get("term").core == ()
