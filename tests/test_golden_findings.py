"""Golden findings for every sample contract (provision -> status, missing elements, risks).

Regenerate on purpose, after checking the differences by hand:

    CLAUSECHECK_REGEN_GOLDEN=1 python -m pytest tests/test_golden_findings.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sample_contracts import SAMPLES_DIR

GOLDEN_DIR = Path(__file__).parent / "golden" / "findings"
SAMPLES = sorted(Path(SAMPLES_DIR).glob("*.docx"))
REGEN = os.environ.get("CLAUSECHECK_REGEN_GOLDEN") == "1"


def summary(report) -> dict:
    """What the golden file pins: verdicts and key facts, not wording or scores."""
    return {
        "contract_type": report.contract_type,
        "language": report.language,
        "findings": {
            f.provision: {
                "status": f.status,
                "severity": f.severity,
                "clauses": list(f.clauses),
                "missing_elements": [m.id for m in f.missing_elements],
                "weakening": sorted(f.explanation.get("weakening_found", {})),
            }
            for f in report.findings
        },
        "risks": {r.flag: list(r.clauses) for r in report.risks},
        "facts": report.facts.to_dict() if report.facts is not None else None,
    }


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_golden_findings(path, checker):
    from clausecheck.reader import read_document

    actual = summary(checker.check(read_document(path)))
    golden = GOLDEN_DIR / f"{path.stem}.json"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        tmp = golden.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(golden)
    assert golden.is_file(), f"no golden file {golden.name}; run with CLAUSECHECK_REGEN_GOLDEN=1"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected


def test_every_sample_has_a_golden_file():
    names = {p.stem for p in SAMPLES}
    goldens = {p.stem for p in GOLDEN_DIR.glob("*.json")}
    assert names <= goldens or REGEN
    assert goldens <= names, f"golden files without a sample: {sorted(goldens - names)}"
