#!/usr/bin/env python
"""Measure detection on the labelled development data in ``../shared/eval``.

    python benchmarks/evaluate.py [--eval-dir ../shared/eval] [--source contractnli|cuad|ja|all]
                                  [--split dev|train|all] [--json out.json] [--errors]

For each contract and provision: gold = mentioned / present (as ``eval/README.md`` defines),
predicted = the checker's status is not ``missing``. Prints precision, recall and F1 per
provision and the macro average per source, next to a naive keyword baseline (what a person
does with Ctrl-F and the obvious words).

Splits: ContractNLI ``train`` = train_truncated.json, ``dev`` = dev.json. CUAD has no split of
its own: a stable hash of the file name puts one contract in three into ``dev``. The Japanese
model contracts are four documents and always all used.

The data are read, never copied: nothing here quotes a contract sentence.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clausecheck.model import Clause, Document  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"

# --- label mappings (eval/README.md) ------------------------------------------------------
CONTRACTNLI_PROVISIONS = {
    "nda-4": "purpose",
    "nda-8": "compelled_disclosure",
    "nda-11": "no_reverse_engineering",
    "nda-15": "no_license",
    "nda-16": "return_deletion",
    "nda-18": "non_solicitation",
    "nda-19": "survival",
}
CUAD_PROVISIONS = ["change_of_control", "monitoring", "ip_ownership", "non_compete",
                   "governing_law", "non_solicitation", "assignment"]

# Japanese model contracts: the article heading says what an article provides. This is the
# mapping heading -> provision ids used as gold (headings not listed provide none of the
# checked provisions: fees, roles, personal data, OSS, consultation, ...).
JA_HEADING_PROVISIONS: dict[str, list[str]] = {
    "目的": ["purpose"],
    "目的外使用の禁止": ["purpose"],
    "秘密情報の定義": ["ci_definition"],
    "秘密保持": ["confidentiality"],
    "秘密情報": ["ci_definition", "confidentiality"],
    "秘密情報の取扱い": ["ci_definition", "confidentiality"],
    "秘密情報の複製の取り扱い": ["info_handling"],
    "対象データの管理": ["info_handling"],
    "対象データの利用・管理": ["info_handling"],
    "秘密情報の破棄または返還": ["return_deletion"],
    "損害賠償": ["remedies"],
    "差止め": ["remedies"],
    "期間": ["term"],
    "有効期間": ["term"],
    "存続条項": ["survival"],
    "準拠法および裁判管轄": ["governing_law"],
    "準拠法および管轄裁判所": ["governing_law"],
    "準拠法および紛争解決手続き": ["governing_law"],
    "再委託": ["subcontracting"],
    "成果の公表": ["publication"],
    "本報告書等の知的財産権": ["ip_ownership"],
    "本件成果物等の著作権の帰属": ["ip_ownership"],
    "本件成果物等の特許権等の帰属": ["ip_ownership"],
    "権利義務譲渡の禁止": ["assignment"],
    # 解除 is not mapped: in these contracts it lists breach and insolvency triggers only, and
    # change_of_control's core element is the change-of-control trigger (none of the four
    # model contracts has one; the commentary of the joint-research one even advises a
    # start-up to strike it), so such an article does not provide the provision.
    "監査": ["monitoring"],
    # 禁止事項: in these contracts the prohibited acts are reverse engineering and the like.
    "禁止事項": ["no_reverse_engineering"],
}
JA_CONTRACT_TYPE = {"5": "nda", "6": "poc", "7": "joint_research", "8": "other"}

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


# --- reading ------------------------------------------------------------------------------
def _reader_text() -> Callable[..., Document] | None:
    try:
        from clausecheck.reader import read_text  # type: ignore[attr-defined]
    except Exception:  # the reader is optional while it is being written
        return None
    return read_text


def _fallback_document(text: str, name: str, lang: str) -> Document:
    """One article per non-empty line, for use when the reader is not importable."""
    clauses = tuple(Clause(number=str(i + 1), title="", text=line.strip(), kind="article",
                           path=(str(i + 1),), source=(i,))
                    for i, line in enumerate(text.splitlines()) if line.strip())
    return Document(path=name, format="txt", language=lang, title="", preamble="",
                    clauses=clauses, char_count=len(text))


READER_PROBLEMS: list[str] = []


def read_text_document(text: str, name: str, lang: str) -> Document:
    """The reader's Document; when the reader fails or loses most of the text, one clause
    per line instead (counted in READER_PROBLEMS and reported, so the engine is still
    measured on the whole contract)."""
    reader = _reader_text()
    if reader is not None:
        try:
            document = reader(text, name=name, fmt="txt")
        except Exception as exc:  # measure the engine even when the reader trips
            READER_PROBLEMS.append(f"{name}: reader error {type(exc).__name__}: {exc}")
        else:
            kept = len(document.text) / max(1, len(text.strip()))
            if kept >= 0.5:
                return document
            READER_PROBLEMS.append(f"{name}: reader kept {kept:.0%} of the text")
    return _fallback_document(text, name, lang)


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


def baseline_pred(text: str, pid: str, lang: str) -> bool:
    words = BASELINE_WORDS.get(pid, {}).get(lang, [])
    low = text.lower()
    return any(w.lower() in low for w in words)


# --- sources ------------------------------------------------------------------------------
def eval_contractnli(checker: Any, eval_dir: Path, split: str, show_errors: bool) -> dict[str, Any]:
    files = {"train": ["train_truncated.json"], "dev": ["dev.json"],
             "all": ["train_truncated.json", "dev.json"]}[split]
    rows = {pid: Counts() for pid in CONTRACTNLI_PROVISIONS.values()}
    base = {pid: Counts() for pid in CONTRACTNLI_PROVISIONS.values()}
    elements = {"nda-16 return_deletion with its on_termination element (gold=mentioned)": Counts(),
                "nda-3 oral element (Entailment) found": Counts(),
                "nda-20 retention_allowed flagged (gold=Entailment)": Counts(),
                "nda-1 marked-only flagged (gold=Entailment)": Counts()}
    n_docs = 0
    for fname in files:
        data = json.loads((eval_dir / "contractnli" / fname).read_text(encoding="utf-8"))
        for doc in data["documents"]:
            n_docs += 1
            name = f"{fname}:{doc['id']}"
            ann = doc["annotation_sets"][0]["annotations"]
            document = read_text_document(doc["text"], name, "en")
            report = checker.check(document, contract_type="nda",
                                   provisions=list(rows) + ["ci_definition"])
            for hyp, pid in CONTRACTNLI_PROVISIONS.items():
                gold = ann.get(hyp, {}).get("choice", "NotMentioned") != "NotMentioned"
                finding = report.finding(pid)
                rows[pid].add(gold, finding is not None and finding.status != "missing", name)
                base[pid].add(gold, baseline_pred(doc["text"], pid, "en"), name)
            # nda-16 reads "return ... upon the termination": a return clause that works on
            # request only is mostly labelled NotMentioned. on_termination is return_deletion's
            # core element, so this view now equals the provision row; kept as a check.
            rd = report.finding("return_deletion")
            elements["nda-16 return_deletion with its on_termination element (gold=mentioned)"].add(
                ann["nda-16"]["choice"] != "NotMentioned",
                bool(rd and "on_termination" in rd.explanation.get("elements_found", {})), name)
            ci = report.finding("ci_definition")
            found_oral = bool(ci and any("oral" in k for k in
                                         ci.explanation.get("elements_found", {})))
            elements["nda-3 oral element (Entailment) found"].add(
                ann["nda-3"]["choice"] == "Entailment", found_oral, name)
            flags = {r.flag for r in report.risks}
            elements["nda-20 retention_allowed flagged (gold=Entailment)"].add(
                ann["nda-20"]["choice"] == "Entailment", "retention_allowed" in flags, name)
            marked = bool(ci and any("mark" in w for w in
                                     ci.explanation.get("weakening_found", {})))
            elements["nda-1 marked-only flagged (gold=Entailment)"].add(
                ann["nda-1"]["choice"] == "Entailment", marked, name)
    return {"rows": rows, "baseline": base, "extra": elements, "docs": n_docs}


def _cuad_split(name: str) -> str:
    return "dev" if int(hashlib.md5(name.encode()).hexdigest(), 16) % 3 == 0 else "train"


def eval_cuad(checker: Any, eval_dir: Path, split: str, show_errors: bool) -> dict[str, Any]:
    gold: dict[str, dict[str, bool]] = defaultdict(dict)
    with open(eval_dir / "cuad" / "labels.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            present = row["present"].strip() == "1"
            gold[row["file"]][row["provision"]] = gold[row["file"]].get(row["provision"],
                                                                         False) or present
    rows = {pid: Counts() for pid in CUAD_PROVISIONS}
    base = {pid: Counts() for pid in CUAD_PROVISIONS}
    extra = {"change_of_control with its change-of-control trigger (gold=present)": Counts()}
    n_docs = 0
    for fname in sorted(gold):
        if split != "all" and _cuad_split(fname) != split:
            continue
        path = eval_dir / "cuad" / "contracts" / fname
        if not path.exists():
            continue
        n_docs += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        document = read_text_document(text, fname, "en")
        report = checker.check(document, contract_type="joint_research",
                               provisions=CUAD_PROVISIONS)
        for pid in CUAD_PROVISIONS:
            finding = report.finding(pid)
            rows[pid].add(gold[fname].get(pid, False),
                          finding is not None and finding.status != "missing", fname)
            base[pid].add(gold[fname].get(pid, False), baseline_pred(text, pid, "en"), fname)
        # CUAD labels only the change-of-control trigger; since that trigger is the core
        # element, this view and the provision row now agree.
        coc = report.finding("change_of_control")
        extra["change_of_control with its change-of-control trigger (gold=present)"].add(
            gold[fname].get("change_of_control", False),
            bool(coc and "change_of_control_trigger" in coc.explanation.get("elements_found", {})),
            fname)
    return {"rows": rows, "baseline": base, "extra": extra, "docs": n_docs}


_JA_HEAD = re.compile(r"^#+\s*第?([0-9]+)条\s*[（(](.+?)[）)]\s*$")


def ja_gold(md_text: str) -> dict[str, list[str]]:
    """Article number -> provisions it provides, from the headings of the model contract.

    Only the contract proper: the option clauses after 「その他の追加オプション条項」 and the
    commentary are not articles of the contract.
    """
    out: dict[str, list[str]] = {}
    for line in md_text.splitlines():
        if line.startswith("#") and "追加オプション条項" in line:
            break
        m = _JA_HEAD.match(line.strip())
        if m:
            out[m.group(1)] = JA_HEADING_PROVISIONS.get(m.group(2).strip(), [])
    return out


def _ja_md_document(md_text: str, name: str) -> Document:
    """The contract text of a model-contract Markdown file: the fenced blocks under each
    「N条（見出し）」 heading, as articles with their paragraphs. Used when the reader is not
    available."""
    clauses: list[Clause] = []
    heading = None
    in_block = False
    buf: list[str] = []
    for line in md_text.splitlines():
        if line.startswith("#") and "追加オプション条項" in line and not in_block:
            break
        m = _JA_HEAD.match(line.strip())
        if m and not in_block:
            heading = (m.group(1), m.group(2))
            continue
        if line.strip().startswith("```"):
            if in_block and heading is not None:
                number = f"第{heading[0]}条"
                paras = [re.sub(r"^第[0-9]+条\s*", "", p).strip() for p in buf if p.strip()]
                kids = tuple(Clause(str(i + 1), "", p, "paragraph", (number, str(i + 1)))
                             for i, p in enumerate(paras))
                clauses.append(Clause(number, heading[1], "", "article", (number,), (), kids))
                heading = None
            in_block = not in_block
            buf = []
            continue
        if in_block:
            buf.append(line)
    return Document(path=name, format="md", language="ja", title="", preamble="",
                    clauses=tuple(clauses))


def eval_ja(checker: Any, eval_dir: Path, split: str, show_errors: bool) -> dict[str, Any]:
    rows: dict[str, Counts] = {}
    base: dict[str, Counts] = {}
    per_contract: list[dict[str, Any]] = []
    all_ids = sorted({p for ps in JA_HEADING_PROVISIONS.values() for p in ps})
    for md in sorted((eval_dir / "ja").glob("*.md")):
        md_text = md.read_text(encoding="utf-8")
        gold = ja_gold(md_text)
        docx = eval_dir / "ja" / f"word_{md.name[:-3]}.docx"
        document, via = None, "markdown fallback"
        try:
            from clausecheck.reader import read_document

            document, via = read_document(docx), "reader (.docx)"
            if len(document.clauses) < len(gold) * 0.8:
                document, via = None, "markdown fallback (reader found too few articles)"
        except Exception as exc:
            via = f"markdown fallback (reader: {type(exc).__name__})"
        if document is None:
            document = _ja_md_document(md_text, md.name)
        ctype = JA_CONTRACT_TYPE.get(md.name[0], "other")
        report = checker.check(document, contract_type="joint_research", provisions=all_ids)
        provided: dict[str, list[str]] = defaultdict(list)
        for art, pids in gold.items():
            for pid in pids:
                provided[pid].append(art)
        contract_rows = []
        text = document.text
        for pid in all_ids:
            finding = report.finding(pid)
            pred = finding is not None and finding.status != "missing"
            g = pid in provided
            rows.setdefault(pid, Counts()).add(g, pred, md.name[:2])
            base.setdefault(pid, Counts()).add(g, baseline_pred(text, pid, "ja"), md.name[:2])
            if g:
                arts = [f"第{a}条" for a in provided[pid]]
                hit_article = bool(finding) and any(
                    any(ref.startswith(a) for a in arts) for ref in finding.clauses)
                contract_rows.append({"provision": pid, "articles": arts,
                                      "status": finding.status if finding else "n/a",
                                      "found": pred, "found_in_that_article": hit_article,
                                      "clauses": list(finding.clauses) if finding else []})
        per_contract.append({"contract": md.name, "read_via": via, "type": ctype,
                             "articles": len(document.clauses), "provided": contract_rows})
    return {"rows": rows, "baseline": base, "per_contract": per_contract,
            "docs": len(per_contract)}


# --- main ---------------------------------------------------------------------------------
SOURCES = {"contractnli": eval_contractnli, "cuad": eval_cuad, "ja": eval_ja}


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--source", choices=["contractnli", "cuad", "ja", "all"], default="all")
    ap.add_argument("--split", choices=["dev", "train", "all"], default="all")
    ap.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--errors", action="store_true", help="list false positives/negatives")
    ap.add_argument("--library", type=Path, default=None)
    args = ap.parse_args(list(argv) if argv is not None else None)
    if not args.eval_dir.is_dir():
        print(f"evaluate: no evaluation data at {args.eval_dir}", file=sys.stderr)
        return 2

    from clausecheck.engine import get_checker

    t0 = time.perf_counter()
    checker = get_checker(args.library)
    checker.warm_up()
    print(f"start-up: {time.perf_counter() - t0:.2f} s")
    out: dict[str, Any] = {"split": args.split, "sources": {}}
    sources = list(SOURCES) if args.source == "all" else [args.source]
    for source in sources:
        t = time.perf_counter()
        res = SOURCES[source](checker, args.eval_dir, args.split, args.errors)
        elapsed = time.perf_counter() - t
        print()
        print(table(f"== {source} ({res['docs']} contracts, split={args.split}, "
                    f"{elapsed:.1f} s)", res["rows"], res["baseline"]))
        for label, c in res.get("extra", {}).items():
            print(f"  element view: {label:<72} P={c.precision:.3f} R={c.recall:.3f} "
                  f"F1={c.f1:.3f} (tp={c.tp} fp={c.fp} fn={c.fn})")
        if source == "ja":
            print("  (ja precision is indicative only: a heading names an article's main provision,"
                  " and other articles often provide further ones; recall is the target)")
        for contract in res.get("per_contract", []):
            found = sum(r["found"] for r in contract["provided"])
            print(f"  {contract['contract'][:40]} [{contract['read_via']}, "
                  f"{contract['articles']} articles]: {found}/{len(contract['provided'])} found")
            for r in contract["provided"]:
                mark = "ok " if r["found"] else "MISSING"
                where = "" if r["found_in_that_article"] else f" (found in {r['clauses']})"
                print(f"     {mark} {r['provision']:<24} {','.join(r['articles'])}"
                      f" -> {r['status']}{where if r['found'] else ''}")
        if READER_PROBLEMS:
            print(f"  reader problems (one clause per line used instead): {len(READER_PROBLEMS)}")
            for problem in READER_PROBLEMS[:10]:
                print(f"     {problem}")
            out.setdefault("reader_problems", {})[source] = list(READER_PROBLEMS)
            READER_PROBLEMS.clear()
        if args.errors:
            for pid, c in res["rows"].items():
                for e in c.errors:
                    print(f"    {pid}: {e}")
        out["sources"][source] = {
            "docs": res["docs"], "seconds": round(elapsed, 2),
            "macro_f1": round(macro_f1(res["rows"]), 4),
            "baseline_macro_f1": round(macro_f1(res["baseline"]), 4),
            "provisions": {k: v.as_dict() for k, v in res["rows"].items()},
            "baseline": {k: v.as_dict() for k, v in res["baseline"].items()},
            "extra": {k: v.as_dict() for k, v in res.get("extra", {}).items()},
            "per_contract": res.get("per_contract", []),
        }
    if args.json:
        tmp = args.json.with_name(args.json.name + ".tmp")
        tmp.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
