"""Hostile playbooks: bounded YAML and regex cues that cannot backtrack catastrophically."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from clause_library import LIBRARY_DIR
from clausecheck.library import load_library
from clausecheck.library.loader import validate_library
from clausecheck.library.safety import MAX_YAML_DEPTH, load_yaml, regex_risk

# Each of these takes seconds to forever on a line of a few thousand characters.
CATASTROPHIC = [r"(a+)+$", r"(a*)*b", r"(a|a)*b", r"(a|aa)+$", r"(\w+\s?)+$", r"([a-z]+)*$",
                r"(x+x+)+y", r"(\d+|\w+)*!", r"(.*,){20}x", r"^(([a-z])+.)+[A-Z]([a-z])+$"]
# Cubic on a long sentence.
POLYNOMIAL = [r".*a.*b", r"\s*\s*$", r"[^。]*秘密[^。]*情報", r"\w+\w+x"]
# What playbooks really write: bounded gaps, words separated by spaces, lookarounds.
SAFE = [r"\w+ \w+", r"(\d+,)+", r"[^.]{0,60}assign", r"(\w+, ){0,4}(\w+ )?control",
        r"(foo|bar)+", r"秘密.*情報", r"\bterminat\w*\b[^.]{0,60}\bin the event", r"(?:ab)+c",
        r"(契約上の地位|権利(若しくは|又は|もしくは|及び)?義務)[^。]{0,40}(譲渡|承継|移転|担保)",
        r"(shall not|may not)[^.]{0,20}assign(?!ment)", r"事前の?書面(による|での)?(承諾|同意)"]


@pytest.mark.parametrize("pattern", CATASTROPHIC + POLYNOMIAL)
def test_backtracking_patterns_are_named(pattern: str) -> None:
    assert regex_risk(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert regex_risk(pattern) is None
    assert regex_risk(pattern, re.IGNORECASE) is None


def test_builtin_library_has_no_risky_regex() -> None:
    library = load_library()
    assert library.provisions  # every regex cue of it went through regex_risk at load


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "playbook"
    shutil.copytree(LIBRARY_DIR, target,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    return target


def _errors(directory: Path) -> list[str]:
    lib, errors = validate_library(directory)
    assert lib is None and errors
    for line in errors:
        assert "\n" not in line and len(line) < 2100
    return errors


def test_catastrophic_cue_refused_with_file_and_field(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    path = d / "return_deletion.yaml"
    text = path.read_text(encoding="utf-8")
    assert "body_cues:\n  ja:\n" in text
    path.write_text(text.replace("body_cues:\n  ja:\n", "body_cues:\n  ja:\n    - 're:(a+)+$'\n",
                                 1), encoding="utf-8")
    errors = _errors(d)
    assert errors[0].startswith(f"{path}: body_cues.ja[0]: regular expression '(a+)+$': ")
    assert "exponential" in errors[0]


def test_alias_bomb_refused_before_expansion(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    path = d / "return_deletion.yaml"
    bomb = 'x0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"x{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    text = path.read_text(encoding="utf-8")
    path.write_text(bomb + text.replace("required: true", "required: *l9", 1), encoding="utf-8")
    assert "expands to more than" in _errors(d)[0]


def test_deep_nesting_is_an_error_not_a_recursion_traceback(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    (d / "return_deletion.yaml").write_text("id: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert f"nested more than {MAX_YAML_DEPTH} levels" in _errors(d)[0]


@pytest.mark.parametrize("value", ["9" * 5000, "2024-13-45", "!!python/object:os.system x",
                                   "{[1]: 2}", "&a [*a]", "\x00", "'unterminated"])
def test_odd_yaml_values_are_errors(tmp_path: Path, value: str) -> None:
    d = _copy(tmp_path)
    path = d / "return_deletion.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("required: true", f"required: {value}", 1), encoding="utf-8")
    assert _errors(d)


def test_oversized_playbook_file(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    (d / "return_deletion.yaml").write_text("id: return_deletion\n" + "#" * 1_100_000 + "\n")
    assert "file too large" in _errors(d)[0]


def test_error_message_does_not_reproduce_a_huge_value(tmp_path: Path) -> None:
    d = _copy(tmp_path)
    path = d / "return_deletion.yaml"
    text = path.read_text(encoding="utf-8")
    huge = "[" + ", ".join(["lol"] * 20_000) + "]"
    path.write_text(text.replace("required: true", f"required: {huge}", 1), encoding="utf-8")
    errors = _errors(d)
    assert any("required" in e for e in errors)


def test_load_yaml_keeps_ordinary_anchors() -> None:
    data = load_yaml("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1))
