#!/usr/bin/env python
"""Measure what a redline does to a contract: check → redline → accept every change → check.

    python benchmarks/redline_roundtrip.py [--eval-dir ../shared/eval] [--side discloser]
                                           [--keep DIR] [files...]

Without files: the bundled samples and the real templates of ``eval/real`` (.md/.txt are
turned into a plain .docx first, one paragraph per paragraph of the source). For each
contract it prints, and counts over all of them:

- inserted / amended provisions that are *not* present (or weak with their core) after
  accepting, and other verdicts that got worse;
- typed cross-references (「第8条第2項」, "Section 4") whose target heading changed;
- inserted articles whose paragraphs are not numbered from 1 (their own list, or typed; lines
  the reader reads as items are no paragraphs);
- whether rejecting the redline's changes gives back the original body as the same XML;
- inserted text holding a placeholder (〇, [ ]) or a term the contract does not use where it
  defines its own (本目的 in a contract that says 本件業務, "Disclosing Party" where it says
  "Company").

Nothing here quotes a contract: only counts and provision ids are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from clausecheck.redline import redline  # noqa: E402
from clausecheck.redline.ooxml import NSMAP, remove_comment_marks, w, xpath  # noqa: E402
from clausecheck.redline.revisions import (accepted_copy, inserted_paragraphs,  # noqa: E402
                                           reject_revisions)

DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
_RANK = {"present": 2, "weak": 1, "missing": 0}


def md_to_docx(src: Path, dst: Path) -> Path:
    """A plain .docx of a Markdown or text contract: one Word paragraph per source paragraph
    (wrapped lines joined), Markdown marks (#, **, list bullets, rules) dropped."""
    import docx

    text = src.read_text(encoding="utf-8")
    lang_ja = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    out = docx.Document()
    block: list[str] = []

    def flush() -> None:
        if block:
            out.add_paragraph(("" if lang_ja else " ").join(block))
            block.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"[-*_]{3,}", line):
            flush()
            continue
        line = re.sub(r"^#+\s*", "", line)
        bullet = re.match(r"^(?:[-*+]\s+|\d+\.\s+(?=\S))", line)
        line = re.sub(r"\*\*|__", "", line)
        if bullet or raw.startswith("#") or lang_ja or re.match(r"^[（(][0-9]+[)）]", line):
            flush()
            if bullet and not re.match(r"^\d+\.", bullet.group(0)):
                line = line[bullet.end():]
            out.add_paragraph(line)
            continue
        block.append(line)
    flush()
    out.save(str(dst))
    return dst


_JA_REF = re.compile(r"第([0-9０-９一二三四五六七八九十]+)条(?:の([0-9０-９一二三四五六七八九十]+))?")
_EN_REF = re.compile(r"\b(?:Article|Section|Clause)s?\s+(\d+(?:\.[0-9A-Z]+)?)", re.I)


def _norm_num(text: str) -> str:
    from clausecheck.redline.numbering import number_value

    value = number_value(text)
    return str(value) if value is not None else text


def heading_table(document) -> dict[str, str]:
    """Article number as a reference names it → the article's title, as read."""
    out: dict[str, str] = {}
    for index, article in enumerate(document.clauses):
        label = article.number or ""
        m = _JA_REF.search(label) if document.language == "ja" else \
            re.search(r"(\d+(?:\.[0-9A-Z]+)?)", label)
        key = ""
        if m and document.language == "ja":
            key = _norm_num(m.group(1)) + (f"の{_norm_num(m.group(2))}" if m.group(2) else "")
        elif m:
            key = m.group(1).rstrip(".")
        if document.numbering == "auto" and not key:
            key = str(index + 1)
        if key and key not in out:
            out[key] = article.title or article.text[:20]
    return out


def typed_references(document) -> list[tuple[str, str]]:
    """(article key the reference names, the text around it) for each typed reference in the
    contract's clauses."""
    out = []
    for clause in document.walk():
        text = clause.text
        if document.language == "ja":
            for m in _JA_REF.finditer(text):
                if text[max(0, m.start() - 1):m.start()] in ("本",):
                    continue
                key = _norm_num(m.group(1)) + (f"の{_norm_num(m.group(2))}" if m.group(2) else "")
                out.append((key, clause.ref))
        else:
            for m in _EN_REF.finditer(text):
                out.append((m.group(1).split(".")[0] if "." in m.group(1) and
                            not re.search(r"\.[A-Z]$", m.group(1)) else m.group(1), clause.ref))
    return out


_JA_TERMS = ("本目的", "本研究", "本件業務", "本件取引", "本業務", "本件", "秘密情報", "開示者",
             "受領者", "甲", "乙", "丙", "研究参加者", "本発明等")
_EN_TERMS = ("Purpose", "Research", "Confidential Information", "Disclosing Party",
             "Receiving Party", "Recipient", "Discloser", "Company", "Research Participants")


def inserted_texts(docx_path: Path, author: str) -> list[str]:
    with zipfile.ZipFile(docx_path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in xpath(root, "//w:p"):
        parts = [t.text or "" for t in xpath(p, ".//w:ins[@w:author=$a]//w:t", a=author)]
        if parts:
            out.append("".join(parts))
    return out


def undefined_terms(texts: list[str], document, lang: str) -> list[str]:
    """Terms used in the inserted text that neither the contract nor the inserted text itself
    defines or uses."""
    whole = document.text + "\n".join(
        m.group(1) for t in texts
        for m in re.finditer(r"「([^「」]+)」(?:とは|という)|[\"“]([^\"”]+)[\"”]", t) if m.group(1)) + \
        "\n".join(m.group(1) for t in texts for m in re.finditer(r"[\"“]([^\"”]+)[\"”]", t))
    found = []
    terms = _JA_TERMS if lang == "ja" else _EN_TERMS
    for term in terms:
        if any(term in t for t in texts) and term not in whole:
            found.append(term)
    return found


def _body(docx_path: Path) -> etree._Element:
    with zipfile.ZipFile(docx_path) as z:
        return etree.fromstring(z.read("word/document.xml")).find(w("body"))


def restored_exactly(original: Path, out: Path, author: str, comment_ids: list[int]) -> bool:
    """True when rejecting ``author``'s changes in ``out`` (and removing the comments' marks)
    gives back the body of ``original`` as the same XML."""
    body = reject_revisions(_body(out), author)
    remove_comment_marks(body, comment_ids)
    return etree.tostring(body, method="c14n") == \
        etree.tostring(_body(original), method="c14n")


def list_numbering_restarts(docx_path: Path, author: str) -> int:
    """Inserted paragraphs that continue another list instance than their own article's (the
    count is then not from 1); counted by numId shared with a non-inserted paragraph below
    level 0."""
    root = _body(docx_path)
    new = set(inserted_paragraphs(root, author))  # kept alive: lxml reuses the same proxies
    original = set()
    bad = 0
    in_article = False  # inside a block of inserted paragraphs that starts a new article
    previous_inserted = False
    for p in xpath(root, "//w:body//w:p"):
        inserted = p in new
        if inserted and not previous_inserted:
            head = "".join(xpath(p, ".//w:t/text()"))
            in_article = bool(re.match(r"\s*(第\S+条の|[（(]|\d+\.[A-Z]|(Article|Section) )", head))
        previous_inserted = inserted
        if inserted and not in_article:
            continue  # a paragraph added to an existing article counts on in that article
        num = p.find("w:pPr/w:numPr/w:numId", NSMAP)
        ilvl = p.find("w:pPr/w:numPr/w:ilvl", NSMAP)
        level = ilvl.get(w("val")) if ilvl is not None else "0"
        if num is None:
            continue
        key = (num.get(w("val")), level)
        if not inserted:
            original.add(key)
        elif level != "0" and key in original:
            bad += 1
    return bad


_NUM = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9A-Z]+)*\.)?(?P<n>[0-9０-９]+)[.．]?[\s\u3000]")


def numbering_starts(docx_path: Path, author: str,
                     items: frozenset[int] = frozenset()) -> tuple[int, int]:
    """(inserted articles, those whose paragraphs are not numbered from 1): in each block of
    inserted paragraphs that starts an article, the typed paragraph numbers must run 1, 2, …
    (Japanese: an unnumbered first paragraph, then ２, ３ …). Item lines are skipped: typed
    (1), (a), ①, and the paragraphs (indexes of ``iter_body_paragraphs``) in ``items``, which
    the reader reads as items (a contract whose 号 are "1.", "2." under its articles);
    paragraphs Word numbers itself are checked by ``list_numbering_restarts``."""
    import unicodedata

    from clausecheck.reader.docx import iter_body_paragraphs

    root = _body(docx_path)
    new = set(inserted_paragraphs(root, author))  # kept alive: lxml reuses the same proxies
    item_ps = [p for i, p in enumerate(iter_body_paragraphs(root)) if i in items]
    item_ids = {id(p) for p in item_ps}  # item_ps keeps the proxies alive
    heading = re.compile(r"\s*(第\S+条の\S+|[（(][^)）]+[)）]$|\d+\.[A-Z]\.?\s|(Article|Section) \d+\.[A-Z])")
    articles: list[list[str]] = []
    in_article = False
    previous_title = False
    for p in xpath(root, "//w:body//w:p"):
        inserted = p in new
        raw = "".join(xpath(p, ".//w:t/text()"))
        # circled item numbers (①) would become digits under NFKC: mark them as items
        text = "(i) " + raw if re.match(r"\s*[①-⑳]", raw) or id(p) in item_ids else \
            unicodedata.normalize("NFKC", raw)
        if not inserted:
            in_article = previous_title = False
            continue
        if heading.match(text):
            if previous_title:  # （目的） then 第5条の2 本文: one article
                previous_title = False
                articles[-1].append("")  # the first paragraph, unnumbered
                continue
            articles.append([])
            in_article = True
            previous_title = bool(re.match(r"[（(][^)）]+[)）]$", text))
            if not previous_title and (re.match(r"\S+\s[^.]+\.\s+\S", text) or
                                       re.search(r"[)）]\s*\S", text)):
                articles[-1].append("")  # the first paragraph runs into the heading
            continue
        previous_title = False
        if in_article:
            articles[-1].append(text)
    bad = 0
    for body in articles:
        numbers = []
        for line in body:
            if re.match(r"\s*([（(]?[0-9a-z]{1,3}[)）]\s?|[①-⑳])", line):
                continue  # an item
            m = _NUM.match(line) if line else None
            numbers.append(int(m.group("n")) if m else None)
        typed = [n for n in numbers if n is not None]
        if not typed:
            continue
        ok = typed == list(range(typed[0], typed[0] + len(typed))) and (
            typed[0] == 1 and numbers[0] == 1 or typed[0] == 2 and numbers[0] is None)
        bad += not ok
    return len(articles), bad


def _item_paragraphs(docx_path: Path) -> frozenset[int]:
    """The paragraphs the reader reads as items in the redlined document (its insertions
    shown as accepted, its deletions gone)."""
    from clausecheck.reader import read_document

    document = read_document(docx_path)
    return frozenset(i for clause in document.walk() if clause.kind == "item"
                     for i in clause.source)


def measure(path: Path, checker, work: Path, side: str, keep: Path | None) -> dict:
    from clausecheck.reader import read_document

    if path.suffix.lower() in (".md", ".txt"):
        path = md_to_docx(path, work / (path.stem + ".docx"))
    document = read_document(path)
    report = checker.check(document, side=side)
    out = (keep or work) / (path.stem + ".redline.docx")
    if out.exists():
        out.unlink()
    result = redline(path, report, out, include_recommended=True, document=document,
                     library=checker.library)
    accepted = read_document(accepted_copy(out, work / (path.stem + ".accepted.docx")))
    after = checker.check(accepted, contract_type=report.contract_type, side=side)
    changed = set(result.inserted) | set(getattr(result, "amended", []))
    not_fixed = [p for p in changed
                 if (after.finding(p) is None or after.finding(p).status == "missing")]
    amended_present = [p for p in getattr(result, "amended", [])
                       if after.finding(p) is not None and after.finding(p).status == "present"]
    worse = [f.provision for f in report.findings if f.provision not in changed and
             after.finding(f.provision) is not None and
             _RANK[after.finding(f.provision).status] < _RANK[f.status]]
    before_heads, after_heads = heading_table(document), heading_table(accepted)
    moved = [(k, ref) for k, ref in typed_references(document)
             if k in before_heads and after_heads.get(k) != before_heads[k]]
    texts = inserted_texts(out, "clausecheck")
    placeholders = [t for t in texts if re.search(r"〇|\[[^\]]*\]", t)]
    undefined = undefined_terms(texts, document, document.language)
    return {"file": path.name, "inserted": len(result.inserted),
            "amended": len(getattr(result, "amended", [])), "amended_present": len(amended_present),
            "conflicts": len(getattr(result, "conflicts", [])), "comments": result.comments,
            "not_fixed": not_fixed, "worse": worse, "moved_refs": len(moved),
            "refs": len(typed_references(document)),
            "continued_lists": list_numbering_restarts(out, "clausecheck"),
            "not_from_1": numbering_starts(out, "clausecheck", _item_paragraphs(out))[1],
            "placeholders": len(placeholders), "undefined": undefined,
            "not_restored": not restored_exactly(path, out, "clausecheck", result.comment_ids)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--side", default="discloser")
    parser.add_argument("--keep", type=Path, help="write the redlines into this directory")
    args = parser.parse_args(argv)
    os.environ.setdefault("CLAUSECHECK_REDLINE_DATE", "2026-11-26T00:00:00Z")
    files = list(args.files)
    if not files:
        files = sorted((ROOT / "sample_contracts").glob("*.docx"))
        real = args.eval_dir / "real"
        files += sorted(p for p in real.glob("*/*") if p.suffix in (".md", ".txt", ".docx"))
    from clausecheck.api import get_checker

    checker = get_checker(None)
    totals = {"not_fixed": 0, "worse": 0, "moved_refs": 0, "refs": 0, "continued_lists": 0,
              "not_from_1": 0,
              "placeholders": 0, "undefined": 0, "inserted": 0, "amended": 0,
              "amended_present": 0, "conflicts": 0, "not_restored": 0}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            row = measure(path, checker, Path(tmp), args.side, args.keep)
            print(f"{path.parent.name}/{row['file']}: inserted {row['inserted']} amended "
                  f"{row['amended']} (now present {row['amended_present']}) conflicts "
                  f"{row['conflicts']} comments {row['comments']} | not fixed {row['not_fixed']} "
                  f"worse {row['worse']} | refs moved {row['moved_refs']}/{row['refs']} | "
                  f"continued lists {row['continued_lists']} not from 1 {row['not_from_1']} | "
                  f"placeholders "
                  f"{row['placeholders']} | undefined {row['undefined']} | "
                  f"reject not exact {int(row['not_restored'])}")
            for key in totals:
                value = row[key]
                totals[key] += len(value) if isinstance(value, list) else value
    print("total: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
