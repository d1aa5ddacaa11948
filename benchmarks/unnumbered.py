#!/usr/bin/env python
"""Do verdicts survive the loss of article numbers? Check a numbered contract, then the same
contract with its article labels taken away, and compare.

    python benchmarks/unnumbered.py [--eval-dir ../shared/eval] [files...]

Without files: the samples' .txt/.md copies, the METI/JPO model contracts (``eval/ja``) and the
real contracts of ``eval/real``. Each numbered article heading becomes, in turn:

- ja: 「（目的）」, 「〔目的〕」, 「【目的】」 or 「目的」 alone on a line over the article's text,
  or the run-in 「（目的）本契約は…」;
- en: "Purpose." / "PURPOSE" alone on a line, or the run-in "Purpose. This Agreement…".

For each variant it prints how many articles were read (against the numbered original), how
many provisions got another verdict, and any citation that is a bare position ("#9") or empty.
Only counts and provision ids are printed, never contract text.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from clausecheck.reader import read_text  # noqa: E402

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"

_JA_HEAD = re.compile(r"^(?P<md>#{1,6}\s*)?第\s*[0-9０-９一二三四五六七八九十百]+\s*条\s*"
                      r"[（(](?P<title>[^（）()]{1,30})[）)]\s*(?P<rest>.*)$")
_EN_HEAD = re.compile(r"^(?P<md>#{1,6}\s*)?(?:(?:ARTICLE|Article|SECTION|Section)\s+)?"
                      r"(?P<num>[0-9]{1,2})\.?\s+(?P<title>[A-Z][A-Za-z ,&'/-]{2,60}?)\.?\s*$")

JA_SHAPES = {"paren": "（{}）", "kikkou": "〔{}〕", "sumi": "【{}】", "bare": "{}",
             "run-in": "（{}）"}
EN_SHAPES = {"stop": "{}.", "capitals": "{}", "run-in": "{}."}


def strip_numbers(text: str, lang: str, shape: str) -> str | None:
    """The contract with each numbered article heading rewritten as ``shape``; None when it
    has fewer than three headings of the recognised form."""
    lines = text.splitlines()
    out: list[str] = []
    count = 0
    pending = ""        # a run-in heading waiting for the article's first text line
    for line in lines:
        m = (_JA_HEAD if lang == "ja" else _EN_HEAD).match(line.strip())
        if m:
            count += 1
            title = m.group("title").strip()
            if lang == "en" and shape == "capitals":
                title = title.upper()
            head = (JA_SHAPES if lang == "ja" else EN_SHAPES)[shape].format(title)
            rest = m.groupdict().get("rest") or ""
            if shape == "run-in":
                if rest:
                    out.append(f"{head}{'' if lang == 'ja' else ' '}{rest}")
                else:
                    pending = head
                continue
            out.append(head)
            if rest:
                out.append(rest)
            continue
        if pending and line.strip() and not line.lstrip().startswith("#"):
            out.append(f"{pending}{'' if lang == 'ja' else ' '}{line.strip()}")
            pending = ""
            continue
        out.append(line)
    return "\n".join(out) + "\n" if count >= 3 else None


def verdicts(report) -> dict[str, str]:
    return {f.provision: f.status for f in report.findings}


def bad_citations(report) -> int:
    refs = [ref for f in report.findings for ref in f.clauses]
    return sum(1 for ref in refs if not ref or re.fullmatch(r"#\d+", ref))


def default_files(eval_dir: Path) -> list[Path]:
    files = sorted((ROOT / "sample_contracts").glob("*.txt")) + \
        sorted((ROOT / "sample_contracts").glob("*.md"))
    files += sorted(p for p in (eval_dir / "ja").glob("*.md"))
    files += sorted(p for p in (eval_dir / "real").glob("*/*") if p.suffix in (".md", ".txt"))
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    from clausecheck.engine import get_checker

    checker = get_checker()
    files = args.files or default_files(args.eval_dir)
    totals = {"variants": 0, "same_articles": 0, "verdicts": 0, "changed": 0, "bad_refs": 0}
    for path in files:
        text = path.read_text(encoding="utf-8")
        fmt = "md" if path.suffix == ".md" else "txt"
        original = read_text(text, name=path.name, fmt=fmt)
        lang = original.language
        base = checker.check(original)
        shapes = JA_SHAPES if lang == "ja" else EN_SHAPES
        row = []
        for shape in shapes:
            variant = strip_numbers(text, lang, shape)
            if variant is None:
                continue
            doc = read_text(variant, name=path.name, fmt=fmt)
            report = checker.check(doc, contract_type=base.contract_type)
            changed = sorted(p for p, s in verdicts(report).items()
                             if verdicts(base).get(p) != s)
            totals["variants"] += 1
            totals["same_articles"] += len(doc.clauses) == len(original.clauses)
            totals["verdicts"] += len(report.findings)
            totals["changed"] += len(changed)
            totals["bad_refs"] += bad_citations(report)
            row.append(f"{shape}: {len(doc.clauses)}/{len(original.clauses)} articles, "
                       f"{len(changed)} changed {changed if changed else ''}".rstrip())
        if row:
            print(f"{path.name[:48]:48} " + " | ".join(row))
    print(f"total: {totals['variants']} variants, articles as numbered in "
          f"{totals['same_articles']}, verdicts changed {totals['changed']}/{totals['verdicts']}, "
          f"citations that are positions or empty {totals['bad_refs']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
