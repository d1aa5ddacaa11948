"""One generic test over ``tests/cases/<provision>.yaml``.

Each case file holds snippets (present, weak, missing; Japanese and English) with the status
the engine must give the provision, and optionally the exact set of missing required elements,
weakening ids that must be found, and risk flags that must (or must not) be raised.

    provision: return_deletion
    cases:
      - name: weak_request_only_en
        lang: en
        text: |
          1. Return of Materials
          Upon request, the Recipient shall return ...
        status: weak
        missing: [on_termination]          # optional: exact set of required elements lacking
        could_add: [certificate]           # optional: elements not required, must be lacking
        weakening: [on_request_only]       # optional: must all be found
        risks: [retention_allowed]         # optional: must all be raised
        no_risks: [residuals]              # optional: must not be raised
        clauses: ["2"]                     # optional: exact evidence clause refs, also for a
                                           # provision missing its core element
        missing_first: [on_termination]    # optional: the first missing elements, in order
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data.get("cases", []):
            params.append(pytest.param(data["provision"], case,
                                       id=f"{path.stem}:{case['name']}"))
    return params


def test_every_provision_has_a_case_file(checker):
    missing = [p.id for p in checker.library.provisions
               if not (CASES_DIR / f"{p.id}.yaml").is_file()]
    assert not missing, f"no case file for: {', '.join(missing)}"


@pytest.mark.parametrize("provision,case", _load_cases())
def test_case(provision, case, checker, make_document):
    document = make_document(case["text"], name=f"{case['name']}.txt")
    assert document.language == case["lang"], "the snippet was read in the wrong language"
    report = checker.check(document, contract_type=case.get("type", "joint_research"),
                           provisions=[provision])
    finding = report.finding(provision)
    assert finding is not None
    why = f"{finding.status}: {finding.explanation}"
    assert finding.status == case["status"], why
    if "missing" in case:
        assert sorted(m.id for m in finding.missing_elements) == sorted(case["missing"]), why
    for eid in case.get("could_add", []):
        assert eid in {m.id for m in finding.could_add}, why
    if "clauses" in case:
        assert list(finding.clauses) == [str(c) for c in case["clauses"]], why
    if "missing_first" in case:
        first = [m.id for m in finding.missing_elements][:len(case["missing_first"])]
        assert first == case["missing_first"], why
    for wid in case.get("weakening", []):
        assert wid in finding.explanation.get("weakening_found", {}), why
    flags = {r.flag for r in report.risks}
    for flag in case.get("risks", []):
        assert flag in flags, f"risk {flag} not raised; raised: {sorted(flags)}"
    for flag in case.get("no_risks", []):
        assert flag not in flags, f"risk {flag} raised but should not be"
