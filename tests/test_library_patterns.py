"""Cues a legal user can read: named fragments (@name), 'unless' guards, short regexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from clause_library import LIBRARY_DIR
from clausecheck.engine import Checker
from clausecheck.library.loader import validate_library
from clausecheck.library.patterns import MAX_CUE_CHARS


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "playbook"
    shutil.copytree(LIBRARY_DIR, target, ignore=shutil.ignore_patterns("__init__.py",
                                                                       "__pycache__"))
    return target


def _set_body_cues(path: Path, lang: str, cues: list) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["body_cues"][lang] = cues
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_no_built_in_regex_cue_is_over_the_limit():
    lib, errors = validate_library(LIBRARY_DIR)
    assert errors == [] and lib is not None
    longest = 0
    for p in lib.provisions:
        for lang in ("ja", "en"):
            stack = list(p.body_cues.get(lang)) + list(p.heading_cues.get(lang))
            for e in p.elements:
                stack += list(e.cues.get(lang))
            while stack:
                cue = stack.pop()
                stack += list(cue.parts) + list(cue.unless)
                if cue.kind == "regex":
                    longest = max(longest, len(cue.text))
    assert 0 < longest <= MAX_CUE_CHARS


def test_a_long_regex_is_refused_with_file_and_field(tmp_path):
    d = _copy(tmp_path)
    _set_body_cues(d / "term.yaml", "en", ["re:" + "(a|b)" * 50])
    lib, errors = validate_library(d)
    assert lib is None
    assert any("term.yaml: body_cues.en[0]: regular expression of 250 characters" in e
               for e in errors), errors


def test_an_unknown_fragment_name_is_refused(tmp_path):
    d = _copy(tmp_path)
    _set_body_cues(d / "term.yaml", "en", ["re:@no_such_fragment term"])
    lib, errors = validate_library(d)
    assert lib is None and any("unknown pattern name @no_such_fragment" in e for e in errors)


def test_a_playbook_defines_its_own_fragments_and_they_cannot_nest(tmp_path):
    d = _copy(tmp_path)
    (d / "patterns" / "company.yaml").write_text(
        "en:\n  our_term: '(validity|lifetime) period'\n  nested: '@our_term again'\n",
        encoding="utf-8")
    lib, errors = validate_library(d)
    assert lib is None
    assert errors == ["patterns/company.yaml: en.nested: a fragment cannot use another fragment"]
    (d / "patterns" / "company.yaml").write_text(
        "en:\n  our_term: '(validity|lifetime) period'\n", encoding="utf-8")
    _set_body_cues(d / "term.yaml", "en", ["re:the @our_term of this"])
    lib, errors = validate_library(d)
    assert errors == [] and lib is not None
    cue = lib.get("term").body_cues.get("en")[0]
    assert cue.text == "the @our_term of this"            # shown as written
    assert cue.regex.search("the lifetime period of this agreement")


def test_unless_guard_vetoes_a_sentence(tmp_path, make_document):
    d = _copy(tmp_path)
    _set_body_cues(d / "no_reverse_engineering.yaml", "en", [
        {"match": "re:\\btake apart\\b", "unless": ["re:\\btoys?\\b", "re:\\bmay\\b"]}])
    lib, errors = validate_library(d)
    assert errors == [], errors
    checker = Checker(lib, learned=None)
    head = "AGREEMENT\n\n1. Parties\nThe parties are named above.\n\n"

    def body_cues(body: str) -> list[str]:
        doc = make_document(head + "2. General\n" + body + "\n")
        finding = checker.check(doc, contract_type="nda",
                                provisions=["no_reverse_engineering"]).findings[0]
        return [c for r in finding.explanation["considered"] for c in r["body_cues"]]

    assert body_cues("The Recipient shall not take apart the prototypes.")
    assert not body_cues("The Recipient shall not take apart the toys.")
    assert not body_cues("The Recipient may take apart the prototypes.")


def test_heading_cues_honour_unless_guards_and_combined_cues(tmp_path, make_document):
    # A guard on a heading cue used to be read and then ignored: the heading matched anyway.
    d = _copy(tmp_path)
    path = d / "no_reverse_engineering.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["heading_cues"]["en"] = [{"match": "analysis", "unless": ["re:\\bdata\\b"]},
                                  {"all": ["re:\\bproducts?\\b", "re:\\bstudy\\b"]}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lib, errors = validate_library(d)
    assert errors == [], errors
    checker = Checker(lib, learned=None)

    def heading_cue(heading: str) -> str:
        doc = make_document(f"AGREEMENT\n\n1. Parties\nThe parties are named above.\n\n"
                            f"2. {heading}\nThe parties will meet once a month.\n")
        finding = checker.check(doc, contract_type="nda",
                                provisions=["no_reverse_engineering"]).findings[0]
        return " ".join(r["heading"]["cue"] for r in finding.explanation["considered"]
                        if r.get("heading"))

    assert "analysis" in heading_cue("Analysis")
    assert heading_cue("Data Analysis") == ""
    assert "study" in heading_cue("Study of Products")
    assert heading_cue("Study") == ""


@pytest.mark.parametrize("bad,message", [
    ({"match": "re:x", "unless": []}, "needs at least one cue"),
    ({"match": "re:x", "extra": 1, "unless": ["re:y"]}, "'match' goes with 'unless' only"),
])
def test_malformed_unless_is_refused(tmp_path, bad, message):
    d = _copy(tmp_path)
    _set_body_cues(d / "term.yaml", "en", [bad])
    lib, errors = validate_library(d)
    assert lib is None and any(message in e for e in errors), errors
