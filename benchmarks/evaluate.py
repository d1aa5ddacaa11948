#!/usr/bin/env python
"""Measure detection on the labelled development data in ``../shared/eval``.

    python benchmarks/evaluate.py [--eval-dir ../shared/eval]
                                  [--source contractnli|cuad|ja|real|holdout|…|holdout5|all]
                                  [--split dev|train|all] [--cv K] [--rules-only]
                                  [--contracts GLOB] [--json out.json] [--errors]

For each contract and provision: gold = mentioned / present (as ``eval/README.md`` defines),
predicted = the checker's status is not ``missing`` (for ContractNLI nda-16 and CUAD Change of
Control also: the one element they label is not among the missing elements). Prints
precision, recall and F1 per provision and the macro average per source, next to a naive
keyword baseline (what a person does with Ctrl-F and the obvious words). For ``real/``:
binary accuracy (present or weak = there) and three-way agreement per language over the
provisions of the contract's profile, plus contract type (``--type auto``) and language. A
type labelled ``other`` (GUIDANCE.md has columns for NDA and joint research only) is right
when any other profile is detected (outsourcing, licence, PoC, supply refine it).
``--source holdout``, ``holdout2``, ``holdout3``, ``holdout4`` and ``holdout5`` score
``benchmarks/holdout/`` to ``benchmarks/holdout5/`` (sets of
contracts written for issue 8 by different people and labelled before the checker ever ran on
them; every folder of ``benchmarks/`` with a ``labels.json`` is such a source) with the same
code as ``real/``; ``all`` leaves them out, so that the runs detection is tuned with never show
them.

The learned layer (``clausecheck/engine/learned.py``) is trained on these same data
(``benchmarks/train.py``), so its in-sample figures flatter it. ``--cv K`` gives the honest
ones: documents are split into K folds by a stable hash of their name; for each fold the layer
is trained on the other folds and the fold is scored; the out-of-fold figures are printed
beside the in-sample ones (layer trained on everything) and rules alone. ``real/`` is never
trained on, so its figures are out-of-sample for the layer either way.

Splits: ContractNLI ``train`` = train_truncated.json, ``dev`` = dev.json. CUAD has no split of
its own: a stable hash of the file name puts one contract in three into ``dev``. The Japanese
model contracts are four documents and always all used.

The data are read, never copied: nothing here quotes a contract sentence.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import evaldata  # noqa: E402
from evaldata import (CONTRACTNLI_PROVISIONS, CUAD_PROVISIONS, JA_PROVISIONS,  # noqa: E402
                      THREE_WAY_SOURCES)

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"

# The naive baseline: a keyword search with the obvious words (case-insensitive substring).
BASELINE_WORDS: dict[str, dict[str, list[str]]] = {
    "purpose": {"en": ["purpose"], "ja": ["目的"]},
    "compelled_disclosure": {"en": ["required by law", "subpoena", "court order"],
                             "ja": ["法令に基づ", "裁判所"]},
    "no_reverse_engineering": {"en": ["reverse engineer"], "ja": ["リバースエンジニアリング"]},
    "no_license": {"en": ["license"], "ja": ["許諾"]},
    "return_deletion": {"en": ["return", "destroy"], "ja": ["返還", "廃棄"]},
    "non_solicitation": {"en": ["solicit"], "ja": ["勧誘", "引き抜"]},
    "survival": {"en": ["survive"], "ja": ["存続"]},
    "change_of_control": {"en": ["change of control", "change in control"], "ja": ["支配権"]},
    "monitoring": {"en": ["audit"], "ja": ["監査"]},
    "ip_ownership": {"en": ["intellectual property", "ownership"], "ja": ["知的財産権"]},
    "non_compete": {"en": ["compete"], "ja": ["競業"]},
    "governing_law": {"en": ["governing law", "governed by"], "ja": ["準拠法"]},
    "assignment": {"en": ["assign"], "ja": ["譲渡"]},
    "ci_definition": {"en": ["confidential information"], "ja": ["秘密情報"]},
    "confidentiality": {"en": ["confidential"], "ja": ["秘密"]},
    "info_handling": {"en": ["copies"], "ja": ["複製"]},
    "remedies": {"en": ["injunct", "damages"], "ja": ["損害賠償", "差止"]},
    "term": {"en": ["term"], "ja": ["期間"]},
    "subcontracting": {"en": ["subcontract"], "ja": ["再委託"]},
    "publication": {"en": ["publish", "publication"], "ja": ["公表"]},
}


# --- metrics ------------------------------------------------------------------------------
@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, gold: bool, pred: bool, doc: str = "") -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
            self.errors.append(f"FP {doc}")
        elif gold:
            self.fn += 1
            self.errors.append(f"FN {doc}")
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def table(title: str, rows: dict[str, Counts], baseline: dict[str, Counts] | None = None) -> str:
    lines = [title, f"  {'provision':<24} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn  tn"
             + ("   baseline F1" if baseline else "")]
    for pid, c in rows.items():
        extra = f"   {baseline[pid].f1:>6.3f}" if baseline and pid in baseline else ""
        lines.append(f"  {pid:<24} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}  "
                     f"{c.tp:>3} {c.fp:>3} {c.fn:>3} {c.tn:>3}{extra}")
    macro = sum(c.f1 for c in rows.values()) / max(1, len(rows))
    base = (f"   {sum(baseline[p].f1 for p in rows) / max(1, len(rows)):>6.3f}"
            if baseline else "")
    lines.append(f"  {'macro-F1':<24} {'':>6} {'':>6} {macro:>6.3f}{'':>18}{base}")
    return "\n".join(lines)


def macro_f1(rows: dict[str, Counts]) -> float:
    return sum(c.f1 for c in rows.values()) / max(1, len(rows))


# Two labels count one element of a provision only and are scored on it (eval/README.md,
# "The metric"): the provision must not be missing and that element not among the missing.
ELEMENT_SCORED = {"return_deletion": "on_termination",
                  "change_of_control": "change_of_control_trigger"}


def predicted(report: Any, pid: str, element_scored: dict[str, str] | None = None) -> bool:
    """The metric's prediction for one provision of one report."""
    finding = report.finding(pid)
    if finding is None or finding.status == "missing":
        return False
    element = (ELEMENT_SCORED if element_scored is None else element_scored).get(pid)
    return element is None or element not in {m.id for m in finding.missing_elements}


def baseline_pred(text: str, pid: str, lang: str) -> bool:
    words = BASELINE_WORDS.get(pid, {}).get(lang, [])
    low = text.lower()
    return any(w.lower() in low for w in words)


# --- scoring ------------------------------------------------------------------------------
@dataclass
class Result:
    """The counts of one source."""

    rows: dict[str, Counts] = field(default_factory=dict)
    baseline: dict[str, Counts] = field(default_factory=dict)
    extra: dict[str, Counts] = field(default_factory=dict)
    docs: int = 0
    per_contract: list[dict[str, Any]] = field(default_factory=list)
    real: dict[str, dict[str, int]] = field(default_factory=dict)   # lang -> counters


def _row(result: Result, pid: str) -> Counts:
    return result.rows.setdefault(pid, Counts())


def score_doc(checker: Any, doc: evaldata.EvalDoc, result: Result) -> None:
    """Check one labelled contract and add its verdicts to the source's counts."""
    result.docs += 1
    if doc.source in THREE_WAY_SOURCES:
        return score_real(checker, doc, result)
    report = checker.check(doc.document, **doc.check)
    text = doc.document.text
    for pid, gold in doc.gold.items():
        pred = predicted(report, pid) if doc.source != "ja" else _not_missing(report, pid)
        _row(result, pid).add(gold, pred, doc.name)
        result.baseline.setdefault(pid, Counts()).add(gold, baseline_pred(text, pid, doc.lang),
                                                      doc.name)
    if doc.source == "contractnli":
        ci = report.finding("ci_definition")
        found_oral = bool(ci and any("oral" in k for k in
                                     ci.explanation.get("elements_found", {})))
        result.extra.setdefault("nda-3 oral element (Entailment) found", Counts()).add(
            doc.extra["nda-3"] == "Entailment", found_oral, doc.name)
        flags = {r.flag for r in report.risks}
        result.extra.setdefault("nda-20 retention_allowed flagged (gold=Entailment)",
                                Counts()).add(doc.extra["nda-20"] == "Entailment",
                                              "retention_allowed" in flags, doc.name)
        marked = bool(ci and any("mark" in w for w in ci.explanation.get("weakening_found", {})))
        result.extra.setdefault("nda-1 marked-only flagged (gold=Entailment)", Counts()).add(
            doc.extra["nda-1"] == "Entailment", marked, doc.name)
    if doc.source == "ja":
        provided: dict[str, list[str]] = {}
        for art, pids in doc.headings.items():
            for pid in pids:
                provided.setdefault(pid, []).append(art)
        rows = []
        for pid, arts in sorted(provided.items()):
            finding = report.finding(pid)
            refs = [f"第{a}条" for a in arts]
            rows.append({"provision": pid, "articles": refs,
                         "status": finding.status if finding else "n/a",
                         "found": _not_missing(report, pid),
                         "found_in_that_article": bool(finding) and any(
                             any(ref.startswith(a) for a in refs) for ref in finding.clauses),
                         "clauses": list(finding.clauses) if finding else []})
        result.per_contract.append({"contract": doc.name, "type": doc.gold_type,
                                    "articles": len(doc.document.clauses), "provided": rows})


def _not_missing(report: Any, pid: str) -> bool:
    finding = report.finding(pid)
    return finding is not None and finding.status != "missing"


# GUIDANCE.md has columns for two contract types, NDA and joint research; a label "other" is
# any other agreement. The library refines "other" into outsourcing, licence, PoC and supply
# profiles: detecting one of those for a contract labelled "other" is right.
GUIDANCE_TYPES = ("nda", "joint_research")


def type_right(gold: str, detected: str) -> bool:
    """Is the detected contract type the labelled one (at the label's granularity)?"""
    if gold == "other":
        return detected not in GUIDANCE_TYPES
    return gold == detected


def score_real(checker: Any, doc: evaldata.EvalDoc, result: Result) -> None:
    """real/ and the held-out set: verdicts over the provisions of the contract's own profile
    (type as labelled), then type and language as detected."""
    report = checker.check(doc.document, contract_type=doc.gold_type)
    auto = checker.check(doc.document, contract_type="auto", provisions=[])
    levels = checker.library.profile(doc.gold_type).requirements("discloser")
    c = result.real.setdefault(doc.lang, {"n": 0, "binary": 0, "three": 0, "docs": 0,
                                          "type": 0, "lang": 0})
    c["docs"] += 1
    c["type"] += type_right(doc.gold_type, auto.contract_type)
    c["lang"] += doc.document.language == doc.lang
    wrong = []
    for pid in levels:
        gold = doc.gold3.get(pid)
        finding = report.finding(pid)
        if gold is None or finding is None:
            continue
        c["n"] += 1
        c["binary"] += (gold != "missing") == (finding.status != "missing")
        c["three"] += gold == finding.status
        _row(result, pid).add(gold != "missing", finding.status != "missing", doc.name)
        if gold != finding.status:
            wrong.append(f"{pid}: {gold} -> {finding.status}")
    result.per_contract.append({"contract": doc.name, "type": doc.gold_type,
                                "detected_type": auto.contract_type,
                                "language": doc.document.language, "wrong": wrong})


def evaluate(checker: Any, docs: Iterable[evaldata.EvalDoc]) -> dict[str, Result]:
    out: dict[str, Result] = {}
    for doc in docs:
        score_doc(checker, doc, out.setdefault(doc.source, Result()))
    return out


THRESHOLDS: dict[str, float] = {}   # --add / --add-alone / --veto overrides


def _tuned(model: Any) -> Any:
    from dataclasses import replace

    return replace(model, **THRESHOLDS) if model is not None and THRESHOLDS else model


def cross_validate(checker: Any, docs: list[evaldata.EvalDoc], k: int,
                   featurize: Any = None) -> dict[str, Result]:
    """Out-of-fold figures: the learned layer trained on k-1 folds scores the k-th."""
    import train

    featurize = featurize or train.Featurizer(checker)
    out: dict[str, Result] = {}
    for fold in range(k):
        held = [d for d in docs if evaldata.fold_of(d.name, k) == fold]
        rest = [d for d in docs if evaldata.fold_of(d.name, k) != fold]
        checker.learned = _tuned(train.train_model(rest, featurize))
        for doc in held:
            score_doc(checker, doc, out.setdefault(doc.source, Result()))
        print(f"  fold {fold + 1}/{k}: trained on {sum(d.trainable for d in rest)}, "
              f"scored {len(held)}", flush=True)
    return out


# --- main ---------------------------------------------------------------------------------
SOURCE_NAMES = ["contractnli", "cuad", "ja", "real"]     # --source all
EXTRA_SOURCES = list(evaldata.HELD_OUT_SETS)              # only when asked for by name


def print_result(source: str, res: Result, label: str, show_errors: bool) -> None:
    print()
    if source in THREE_WAY_SOURCES:
        print(f"== {source} ({res.docs} contracts, {label})")
        for lang, c in sorted(res.real.items()):
            n = max(1, c["n"])
            print(f"  {lang}: verdicts right (present-or-weak vs missing) {c['binary'] / n:.1%}, "
                  f"three-way {c['three'] / n:.1%} over {c['n']} provisions; contract type "
                  f"{c['type']}/{c['docs']}, language {c['lang']}/{c['docs']}")
        for contract in res.per_contract:
            mark = "" if type_right(contract["type"], contract["detected_type"]) else \
                f" TYPE {contract['detected_type']}"
            detected = "" if mark or contract["type"] == contract["detected_type"] else \
                f" (detected {contract['detected_type']})"
            print(f"  {contract['contract'][:44]:<44} [{contract['type']}, "
                  f"{contract['language']}]{mark}{detected}: {len(contract['wrong'])} differ")
            if show_errors:
                for w in contract["wrong"]:
                    print(f"      {w}")
        return
    print(table(f"== {source} ({res.docs} contracts, {label})", res.rows, res.baseline))
    for name, c in res.extra.items():
        print(f"  element view: {name:<56} P={c.precision:.3f} R={c.recall:.3f} "
              f"F1={c.f1:.3f} (tp={c.tp} fp={c.fp} fn={c.fn})")
    if source == "ja":
        print("  (ja precision is indicative only: a heading names an article's main provision,"
              " and other articles often provide further ones; recall is the target)")
        for contract in res.per_contract:
            found = sum(r["found"] for r in contract["provided"])
            print(f"  {contract['contract'][:40]} [{contract['articles']} articles]: "
                  f"{found}/{len(contract['provided'])} found")
            for r in contract["provided"]:
                if not r["found"]:
                    print(f"     MISSING {r['provision']:<24} {','.join(r['articles'])}")
    if show_errors:
        for pid, c in res.rows.items():
            for e in c.errors:
                print(f"    {pid}: {e}")


def result_json(res: Result) -> dict[str, Any]:
    return {"docs": res.docs, "macro_f1": round(macro_f1(res.rows), 4),
            "baseline_macro_f1": round(macro_f1(res.baseline), 4) if res.baseline else None,
            "provisions": {k: v.as_dict() for k, v in res.rows.items()},
            "extra": {k: v.as_dict() for k, v in res.extra.items()},
            "real": res.real, "per_contract": res.per_contract}


def print_comparison(runs: dict[str, dict[str, Result]]) -> None:
    """Per source and provision: F1 (real: binary accuracy) of every run side by side."""
    names = list(runs)
    print()
    print("== comparison (F1; real: verdicts right per provision)")
    print(f"  {'source':<12} {'provision':<24} " + " ".join(f"{n:>12}" for n in names))
    sources = [s for s in SOURCE_NAMES + EXTRA_SOURCES if any(s in r for r in runs.values())]
    for source in sources:
        pids = list(next(r[source] for r in runs.values() if source in r).rows)
        for pid in pids:
            vals = []
            for n in names:
                c = runs[n].get(source, Result()).rows.get(pid)
                if c is None:
                    vals.append(f"{'-':>12}")
                elif source in THREE_WAY_SOURCES:
                    vals.append(f"{(c.tp + c.tn) / max(1, c.tp + c.tn + c.fp + c.fn):>12.3f}")
                else:
                    vals.append(f"{c.f1:>12.3f}")
            print(f"  {source:<12} {pid:<24} " + " ".join(vals))
        if source in THREE_WAY_SOURCES:
            for lang in ("ja", "en"):
                cells = []
                for n in names:
                    c = runs[n].get(source, Result()).real.get(lang)
                    cells.append(f"{c['binary'] / max(1, c['n']):.3f}/{c['three'] / max(1, c['n']):.3f}"
                                 if c else "-")
                print(f"  {source:<12} {lang + ' binary/3-way':<24} "
                      + " ".join(f"{x:>12}" for x in cells))
        else:
            print(f"  {source:<12} {'macro-F1':<24} " + " ".join(
                f"{macro_f1(runs[n][source].rows):>12.3f}" if source in runs[n] else f"{'-':>12}"
                for n in names))


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--source", choices=SOURCE_NAMES + EXTRA_SOURCES + ["all"], default="all",
                    help="all = the four sources of --eval-dir; "
                         + ", ".join(EXTRA_SOURCES) + " = the held-out sets in "
                         "benchmarks/ (never part of all)")
    ap.add_argument("--split", choices=["dev", "train", "all"], default="all")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="also train the learned layer on K-1 folds and score the K-th")
    ap.add_argument("--rules-only", action="store_true", help="without the learned layer")
    ap.add_argument("--model", type=Path, default=None, help="a learned-layer model file")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--errors", action="store_true", help="list false positives/negatives")
    ap.add_argument("--contracts", action="append", default=[], metavar="GLOB",
                    help="only the contracts whose name (as the source names them, e.g. "
                         "'ja/01_*') matches; repeatable")
    ap.add_argument("--library", type=Path, default=None)
    for flag in ("add", "add-alone", "veto"):
        ap.add_argument(f"--{flag}", type=float, default=None,
                        help=f"override the learned layer's '{flag}' threshold")
    args = ap.parse_args(list(argv) if argv is not None else None)
    for flag in ("add", "add_alone", "veto"):
        if getattr(args, flag) is not None:
            THRESHOLDS[flag] = getattr(args, flag)
    sources = SOURCE_NAMES if args.source == "all" else [args.source]
    if not args.eval_dir.is_dir() and set(sources) - set(EXTRA_SOURCES):
        print(f"evaluate: no evaluation data at {args.eval_dir}", file=sys.stderr)
        return 2

    from clausecheck.engine import Checker
    from clausecheck.engine.learned import LearnedModel, load_model
    from clausecheck.library import load_library

    t0 = time.perf_counter()
    checker = Checker(load_library(args.library) if args.library else load_library(),
                      learned=None)
    checker.warm_up()
    docs: list[evaldata.EvalDoc] = []
    for source in sources:
        docs.extend(evaldata.LOADERS[source](args.eval_dir, args.split))
    if args.contracts:
        docs = [d for d in docs if any(fnmatch.fnmatchcase(d.name, g) for g in args.contracts)]
        if not docs:
            print(f"evaluate: no contract matches {', '.join(args.contracts)}", file=sys.stderr)
            return 2
    print(f"start-up and reading: {time.perf_counter() - t0:.2f} s, {len(docs)} contracts")
    if evaldata.READER_PROBLEMS:
        print(f"  reader problems (one clause per line used instead): "
              f"{len(evaldata.READER_PROBLEMS)}")
        for problem in evaldata.READER_PROBLEMS[:10]:
            print(f"     {problem}")

    runs: dict[str, dict[str, Result]] = {}
    shipped = LearnedModel.load(args.model) if args.model else load_model()
    if args.cv:
        import train

        t = time.perf_counter()
        checker.learned = None
        runs["rules"] = evaluate(checker, docs)
        featurize = train.Featurizer(checker)
        checker.learned = _tuned(train.train_model(docs, featurize))
        runs["in-sample"] = evaluate(checker, docs)
        runs["out-of-fold"] = cross_validate(checker, docs, args.cv, featurize)
        print(f"cross-validation: {time.perf_counter() - t:.1f} s")
    else:
        checker.learned = None if args.rules_only else _tuned(shipped)
        label = "rules only" if checker.learned is None else "rules + learned layer"
        t = time.perf_counter()
        runs[label] = evaluate(checker, docs)
        print(f"checked in {time.perf_counter() - t:.1f} s")
    for label, results in runs.items():
        for source in sources:
            if source in results:
                print_result(source, results[source], f"split={args.split}, {label}",
                             args.errors and label == list(runs)[-1])
    if len(runs) > 1:
        print_comparison(runs)
    if args.json:
        out = {"split": args.split, "cv": args.cv,
               "runs": {label: {s: result_json(r) for s, r in res.items()}
                        for label, res in runs.items()}}
        tmp = args.json.with_name(args.json.name + ".tmp")
        tmp.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
