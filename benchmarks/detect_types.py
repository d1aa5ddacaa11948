#!/usr/bin/env python
"""Measure contract-type detection (``--type auto``) on every contract in ``../shared/eval``.

    python benchmarks/detect_types.py [--eval-dir ../shared/eval] [--source ja|real|cuad|all]
                                      [--library DIR] [--list]

Expected types:

* ``ja/``: the METI/JPO model contracts by their number: 5 NDA, 6 PoC, 7 joint research,
  8 the AI service 利用契約 (a service-use agreement: no profile of its own, so the fallback);
* ``real/``: ``labels.json``'s ``type``, except where the label predates a profile that fits
  better: the 業務委託 template is an outsourcing agreement, the ソフトウェア使用許諾 a licence;
* ``cuad/``: no type label; the agreement kind in the file name says what is acceptable
  ("... LICENSE AGREEMENT" -> license, "SUPPLY" -> supply, "SERVICES" -> outsourcing,
  "COLLABORATION" -> joint_research, ...). Some names allow two types (a "Manufacturing and
  Supply Agreement" is supply or outsourcing); names of kinds no profile covers (agency,
  franchise, distribution...) expect the fallback type.

Prints one line per contract (with --list) and the share typed right per source. Reads the
contracts, never copies them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"

JA_MODEL_TYPES = {"5": {"nda"}, "6": {"poc"}, "7": {"joint_research"}, "8": {"other"}}
# real/ labels written before the outsourcing and licence profiles existed ("other" then).
REAL_NOW = {"ja/06_koki187-gyomu-itaku-template.md": "outsourcing",
            "ja/18_shinonome-volcano-script-license.md": "license"}
# CUAD: agreement kind in the file name -> acceptable types, first match wins.
CUAD_KINDS: list[tuple[str, set[str]]] = [
    (r"non-?disclosure|confidentiality", {"nda"}),
    (r"joint development|collaboration|research|co-?development", {"joint_research"}),
    (r"strategic alliance", {"other", "joint_research"}),
    (r"licen[cs]|sponsorship and licen", {"license"}),
    (r"manufactur\w* and supply|supply and manufactur", {"supply", "outsourcing"}),
    (r"supply|purchase|procurement", {"supply"}),
    (r"development", {"outsourcing", "joint_research"}),
    (r"transportation|operating", {"outsourcing", "other"}),
    (r"manufactur|outsourc|services?|consult|maintenance (and support|agreement)|hosting|"
     r"processing", {"outsourcing"}),
]


def cuad_expected(name: str) -> set[str]:
    kind = re.sub(r"\.txt$", "", name)
    kind = kind.split("EX-")[-1] if "EX-" in kind else kind.split(" - ")[-1]
    for pattern, types in CUAD_KINDS:
        if re.search(pattern, kind, re.IGNORECASE):
            return types
    return {"other"}


def documents(eval_dir: Path, source: str) -> Iterable[tuple[str, str, Path, set[str]]]:
    """(source, name, path, acceptable types) for every contract of the source."""
    if source in ("ja", "all"):
        for path in sorted((eval_dir / "ja").glob("word_*.docx")):
            yield "ja", path.name, path, JA_MODEL_TYPES.get(path.name[5], {"other"})
    if source in ("real", "all"):
        labels = json.loads((eval_dir / "real" / "labels.json").read_text(encoding="utf-8"))
        for name, label in sorted(labels.items()):
            yield "real", name, eval_dir / "real" / name, {REAL_NOW.get(name, label["type"])}
    if source in ("cuad", "all"):
        for path in sorted((eval_dir / "cuad" / "contracts").glob("*.txt")):
            yield "cuad", path.name, path, cuad_expected(path.name)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--source", choices=["ja", "real", "cuad", "all"], default="all")
    ap.add_argument("--library", type=Path, default=None)
    ap.add_argument("--list", action="store_true", help="one line per contract")
    ap.add_argument("--explain", action="store_true", help="scores and cues of wrong ones")
    args = ap.parse_args(list(argv) if argv is not None else None)

    from clausecheck.api import get_checker
    from clausecheck.reader import read_document

    checker = get_checker(args.library)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    confusion: Counter[tuple[str, str, str]] = Counter()
    for source, name, path, expected in documents(args.eval_dir, args.source):
        document = read_document(path)
        # One provision, so that the first finding carries the type explanation.
        report = checker.check(document, contract_type="auto", provisions=["confidentiality"])
        got = report.contract_type
        ok = got in expected
        total[source] += 1
        right[source] += ok
        confusion[(source, "/".join(sorted(expected)), got)] += 1
        if args.list or not ok:
            mark = "ok " if ok else "BAD"
            print(f"{mark} {source:<4} {got:<15} expected {'/'.join(sorted(expected)):<20} "
                  f"{name[:90]}")
            if args.explain and not ok and report.findings:
                why = report.findings[0].explanation.get("contract_type", {})
                print(f"      title {document.title[:60]!r}: {why.get('rule')}; "
                      f"scores {why.get('scores')}")
                for pid, cues in why.get("matched", {}).items():
                    print(f"      {pid}: {'; '.join(cues)[:300]}")
    print()
    for source in total:
        print(f"{source:<5} typed right: {right[source]}/{total[source]} "
              f"({right[source] / total[source]:.0%})")
    print("\nexpected -> detected (count):")
    for (source, expected, got), n in sorted(confusion.items()):
        print(f"  {source:<5} {expected:<20} -> {got:<15} {n}")
    return 0 if all(right[s] == total[s] for s in total) else 1


if __name__ == "__main__":
    sys.exit(main())
