"""Company playbooks that extend the built-in library (``playbook.yaml: extends: builtin``),
and the short playbook shown in docs/LIBRARY.md, run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from clausecheck.engine import Checker
from clausecheck.library import load_library, validate_library
from cli_runner import run

DOCS = Path(__file__).resolve().parent.parent / "docs" / "LIBRARY.md"

FRANCHISE_JA = """\
フランチャイズ契約書

甲と乙は、次のとおり契約を締結する。

第1条（目的）
乙は、甲から開示された秘密情報を、本件加盟店の運営の目的以外に使用してはならない。

第2条（秘密保持）
乙は、甲の事前の書面による承諾なく、秘密情報を第三者に開示してはならない。

第3条（存続）
第2条の規定は、本契約の終了後2年間なお効力を有する。
"""


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def docs_playbook() -> dict[str, str]:
    """The files of the example playbook in docs/LIBRARY.md: every ```yaml block whose first
    line is '# our_playbook/<path>'."""
    text = DOCS.read_text(encoding="utf-8")
    files = {}
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        first = block.splitlines()[0]
        found = re.match(r"# our_playbook/(\S+)", first)
        if found:
            files[found.group(1)] = block
    return files


@pytest.fixture
def playbook(tmp_path) -> Path:
    return _write(tmp_path / "our_playbook", docs_playbook())


def test_the_docs_show_a_short_playbook():
    files = docs_playbook()
    assert {"playbook.yaml", "survival.yaml", "profiles/nda.yaml",
            "profiles/franchise.yaml"} <= set(files)
    assert yaml.safe_load(files["playbook.yaml"])["extends"] == "builtin"
    # short: it says only what changes
    assert sum(len(t.splitlines()) for t in files.values()) < 60


def test_the_docs_playbook_validates_and_changes_only_what_it_says(playbook):
    lib, errors = validate_library(playbook)
    assert errors == [], errors
    builtin = load_library()
    # levels: one changed, the rest kept
    assert lib.profile("nda").requirement("export_control") == "required"
    assert builtin.profile("nda").requirement("export_control") == "recommended"
    assert lib.profile("nda").requirement("return_deletion") == "required"
    # a threshold changed, the rest of the provision kept
    spec = next(f for f in lib.get("survival").risk_flags if f.flag == "short_survival")
    assert spec.check.params["months"] == 36
    assert spec.title == next(f for f in builtin.get("survival").risk_flags
                              if f.flag == "short_survival").title
    assert lib.get("survival").elements == builtin.get("survival").elements
    # disabled everywhere
    assert lib.find("non_solicitation") is None
    assert all("non_solicitation" not in p.requirements(side)
               for p in lib.profiles.values() for side in ("discloser", "recipient", "mutual"))
    # a type of its own, beside every built-in one
    assert set(builtin.type_ids) | {"franchise"} == set(lib.type_ids)


def test_a_contract_is_checked_with_the_playbooks_own_type(playbook, make_document):
    checker = Checker(load_library(playbook))
    report = checker.check(make_document(FRANCHISE_JA))
    assert report.contract_type == "franchise"
    assert report.type_short["ja"] == "FC"
    assert [f.provision for f in report.findings] == [
        "purpose", "ci_definition", "confidentiality", "no_license", "return_deletion",
        "survival"]
    # two years is short under the playbook's 36 months, and the message says so
    risk = next(r for r in report.risks if r.flag == "short_survival")
    assert "3" in risk.title
    assert report.finding("survival").status == "weak"
    # the built-in library is untouched: two years is long enough there
    builtin = Checker(load_library()).check(make_document(FRANCHISE_JA), contract_type="nda")
    assert "short_survival" not in {r.flag for r in builtin.risks}


def test_cli_accepts_the_playbooks_type_and_refuses_unknown_ones(playbook, tmp_path, capsys):
    contract = tmp_path / "fc.txt"
    contract.write_text(FRANCHISE_JA, encoding="utf-8")
    code, out, err = run(["check", str(contract), "--library", str(playbook), "--type",
                          "franchise", "--format", "json"], capsys)
    assert code in (0, 1), err
    assert '"contract_type": "franchise"' in out
    code, out, err = run(["check", str(contract), "--type", "franchise"], capsys)
    assert code == 2 and out == ""
    assert "unknown contract type 'franchise'" in err and "nda" in err
    assert err.count("\n") == 1
    code, out, _ = run(["library", "list", "--library", str(playbook)], capsys)
    assert code == 0 and "franchise" in out and "non_solicitation" not in out


def test_errors_name_the_playbook_file_and_field(tmp_path):
    folder = _write(tmp_path / "pb", {
        "playbook.yaml": "extends: builtin\ndisable: [teleportation]\n",
        "survival.yaml": "risk_flags:\n  - flag: short_survival\n"
                         "    check: {kind: duration_under, months: three}\n",
        "profiles/nda.yaml": "provisions: {exportcontrol: required}\n",
    })
    _lib, errors = validate_library(folder)
    text = "\n".join(errors)
    assert f"{folder / 'survival.yaml'}: risk_flags[0].check.months: must be a whole number" \
        in text
    assert f"{folder / 'profiles' / 'nda.yaml'}: provisions.exportcontrol: unknown provision" \
        in text
    assert f"{folder / 'playbook.yaml'}: disable[0]: 'teleportation' is not a provision" in text


def test_playbook_settings_are_checked(tmp_path):
    folder = _write(tmp_path / "pb", {"playbook.yaml": "extends: ../elsewhere\ncolour: red\n"})
    _lib, errors = validate_library(folder)
    assert any("playbook.yaml: extends: must be one of builtin" in e for e in errors)
    assert any("playbook.yaml: colour: unknown key" in e for e in errors)


def test_a_file_named_after_an_alias_changes_the_provision(tmp_path):
    # survival's old id survival_of_obligations still reaches it: a playbook written before
    # a rename keeps working
    folder = _write(tmp_path / "pb", {
        "playbook.yaml": "extends: builtin\n",
        "survival_of_obligations.yaml":
            "risk_flags:\n  - flag: short_survival\n    check: {kind: duration_under, months: 60}\n",
        "profiles/nda.yaml": "provisions: {survival_of_obligations: recommended}\n",
    })
    lib = load_library(folder)
    spec = next(f for f in lib.get("survival").risk_flags if f.flag == "short_survival")
    assert spec.check.params["months"] == 60
    assert lib.profile("nda").requirement("survival") == "recommended"
    assert lib.find("survival_of_obligations").id == "survival"


def test_an_element_is_merged_by_id(tmp_path):
    folder = _write(tmp_path / "pb", {
        "playbook.yaml": "extends: builtin\n",
        "return_deletion.yaml": "elements:\n  - id: on_termination\n    required: false\n",
    })
    lib = load_library(folder)
    builtin = load_library()
    ours = lib.get("return_deletion").element("on_termination")
    theirs = builtin.get("return_deletion").element("on_termination")
    assert ours.required is False and theirs.required is True
    assert ours.cues == theirs.cues and ours.name == theirs.name
    assert len(lib.get("return_deletion").elements) == len(builtin.get("return_deletion").elements)
