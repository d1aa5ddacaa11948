"""--side by the parties' names of the contract type (委託者, licensee), not only by the
generic discloser / recipient / mutual."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from clause_library import LIBRARY_DIR
from cli_runner import run
from clausecheck.library import load_library
from clausecheck.library.loader import validate_library

# Written for these tests.
LICENCE_EN = """SOFTWARE LICENSE AGREEMENT

1. Grant of License
The Licensor grants the Licensee a non-exclusive, non-transferable license to use the Licensed
Software in Japan for the sole purpose of operating the Licensee's own factories.

2. Confidentiality
The Licensee shall keep the source code of the Licensed Software in strict confidence and
shall not disclose it to any third party.
"""
OUTSOURCING_JA = """業務委託契約書

第1条（業務委託）
甲は、乙に対し、甲の新製品に組み込む制御基板の設計を委託し、乙はこれを引き受ける。

第2条（秘密保持）
乙は、本業務に関して甲から開示された情報を秘密として保持し、第三者に開示してはならない。
"""


@pytest.fixture(scope="module")
def library():
    return load_library(None)


@pytest.mark.parametrize("name,side", [
    ("委託者", "discloser"), ("受託者", "recipient"), ("client", "discloser"),
    ("Licensee", "recipient"), ("licensor", "discloser"), ("ｌｉｃｅｎｓｅｅ", "recipient"),
    ("ライセンサー", "discloser"), ("許諾者", "discloser"), ("ライセンシー（実施権者）", "recipient"),
    ("受注者", "recipient"), ("buyer", "discloser"), ("supplier", "recipient"),
    ("mutual", "mutual"), ("recipient", "recipient"),
])
def test_a_party_name_stands_for_its_side(library, name, side):
    assert library.side(name) == side


def test_an_unknown_name_is_refused_naming_the_names(library):
    with pytest.raises(ValueError) as exc:
        library.side("landlord")
    message = str(exc.value)
    assert "landlord" in message and "委託者" in message and "licensee" in message
    assert "\n" not in message


def test_the_type_decides_a_name_two_types_use_differently(tmp_path, make_document):
    playbook = tmp_path / "playbook"
    (playbook / "profiles").mkdir(parents=True)
    (playbook / "playbook.yaml").write_text("extends: builtin\nname: sides\n", encoding="utf-8")
    # the company calls the party that hands over its know-how a "partner" in a licence,
    # and the one that receives it a "partner" in its own reseller agreements
    (playbook / "profiles" / "license.yaml").write_text(
        "roles:\n  discloser: {ja: ライセンサー, en: partner}\n", encoding="utf-8")
    (playbook / "profiles" / "reseller.yaml").write_text(yaml.safe_dump({
        "id": "reseller", "title": {"ja": "販売店契約", "en": "Reseller agreement"},
        "roles": {"discloser": {"ja": "メーカー", "en": "maker"},
                  "recipient": {"ja": "販売店", "en": "partner"}},
        "detect": {"titles": {"ja": ["販売店契約"], "en": ["reseller agreement"]}},
        "provisions": {"confidentiality": "required"}}, allow_unicode=True), encoding="utf-8")
    library, errors = validate_library(playbook)
    assert errors == [], errors
    assert library.side("partner", "license") == "discloser"
    assert library.side("partner", "reseller") == "recipient"
    with pytest.raises(ValueError, match="names different sides"):
        library.side("partner")


def test_a_profile_whose_names_do_not_tell_the_sides_apart_is_refused(tmp_path):
    target = tmp_path / "lib"
    shutil.copytree(LIBRARY_DIR, target, ignore=shutil.ignore_patterns("__init__.py",
                                                                       "__pycache__"))
    path = target / "profiles" / "outsourcing.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["roles"]["recipient"] = {"ja": "委託者", "en": "discloser"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    library, errors = validate_library(target)
    assert library is None
    assert any("profiles/outsourcing.yaml: roles.recipient: the name '委託者' also stands for "
               "discloser" in e for e in errors), errors
    assert any("'discloser' also stands for discloser" in e for e in errors), errors


def test_check_takes_the_party_name_of_the_detected_type(tmp_path, capsys):
    src = tmp_path / "licence.txt"
    src.write_text(LICENCE_EN, encoding="utf-8")
    code, out, err = run(["check", str(src), "--format", "json", "--side", "licensee"], capsys)
    data = json.loads(out)
    assert data["contract_type"] == "license", err
    assert data["side"] == "recipient"
    # the recipient's own view: the same levels as --side recipient
    _, same, _ = run(["check", str(src), "--format", "json", "--side", "recipient"], capsys)
    assert [f["requirement"] for f in data["findings"]] == \
        [f["requirement"] for f in json.loads(same)["findings"]]


def test_check_text_report_names_the_party(tmp_path, capsys):
    src = tmp_path / "itaku.txt"
    src.write_text(OUTSOURCING_JA, encoding="utf-8")
    code, out, err = run(["check", str(src), "--type", "outsourcing", "--side", "受託者"],
                         capsys)
    assert "Traceback" not in err
    assert "受託者" in out and "[recipient]" in out


@pytest.mark.parametrize("command", ["check", "scan", "redline"])
def test_an_unknown_side_is_one_line_and_exit_2(tmp_path, capsys, command):
    src = tmp_path / "itaku.txt"
    src.write_text(OUTSOURCING_JA, encoding="utf-8")
    code, out, err = run([command, str(src), "--side", "landlord"], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--side" in lines[0] and "landlord" in lines[0], err
    assert "Traceback" not in err


def test_library_list_takes_a_party_name_and_shows_the_names(capsys):
    code, out, err = run(["library", "list", "--side", "licensee"], capsys)
    assert code == 0, err
    assert "side: recipient" in out
    assert "licensor" in out and "委託者" in out
