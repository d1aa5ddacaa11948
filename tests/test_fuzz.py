"""A small seeded fuzz run in the suite: hostile files of every cheap kind (tests/fuzz).

Each file must be read and checked, or refused with one line; any other exception is a
failure. The long run with counts per kind is ``tests/fuzz/run_fuzz.py``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from clausecheck.errors import InputError
from clausecheck.reader import read_document

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))
from hostile import FAST_KINDS, KINDS  # noqa: E402

PER_KIND = 4


@pytest.mark.parametrize("kind", FAST_KINDS)
def test_seeded_hostile_files(kind: str, tmp_path: Path, checker) -> None:
    rng = random.Random(f"clausecheck-{kind}")
    outcomes = []
    for i in range(PER_KIND):
        name, data = KINDS[kind](rng)
        path = tmp_path / f"{i}-{name}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except InputError as exc:
            assert "\n" not in str(exc) and exc.reason and len(str(exc)) < 2500
            outcomes.append("refused")
            continue
        report = checker.check(document)
        assert report.findings
        outcomes.append("checked")
    assert len(outcomes) == PER_KIND
