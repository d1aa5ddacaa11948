"""Every command explains itself with examples (issue 2), and --help never needs spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cli_runner import run

COMMANDS = [[], ["check"], ["scan"], ["redline"], ["outline"], ["library"],
            ["library", "list"], ["library", "show"], ["library", "validate"]]


@pytest.mark.parametrize("words", COMMANDS, ids=lambda w: " ".join(w) or "clausecheck")
def test_help_has_examples(words: list[str], capsys) -> None:
    code, out, err = run([*words, "--help"], capsys)
    assert code == 0, err
    assert "Usage: clausecheck" in out
    assert "Examples:" in out
    assert "clausecheck " + " ".join(words) in out.split("Examples:", 1)[1]


def test_help_is_quick_because_it_loads_no_language_model() -> None:
    code = ("import sys; from clausecheck.cli import main\n"
            "try:\n    main(['check', '--help'])\nexcept SystemExit:\n    pass\n"
            "print('spacy' in sys.modules, 'docx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "False False"
