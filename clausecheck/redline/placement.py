"""Where a missing provision goes: after its own related clause when one was found without the
core element, else after the article that provides its closest relative, or
before the general provisions (governing law, consultation, entire agreement…).

The relatives of each provision are data: its library file's ``placement`` (``after:``
relatives best first, ``general:`` one of the general provisions, ``closing:`` last of all),
carried by the finding, so a reviewer reads why 返還 lands after 秘密保持 in
``clause_library/return_deletion.yaml`` and a playbook can change it.
"""

from __future__ import annotations

import unicodedata
from typing import Mapping, Sequence

from clausecheck.model import Clause, Document, Placement, Report

# Headings that open the general provisions at the end of a contract.
_GENERAL_CUES = {
    "ja": ("準拠法", "管轄", "協議", "完全合意", "雑則", "一般条項", "分離可能", "可分性", "通知",
           "契約の変更", "変更", "紛争", "存続", "有効期間", "契約期間", "反社会的勢力"),
    "en": ("governing law", "jurisdiction", "consultation", "entire agreement", "miscellaneous",
           "general", "severability", "notices", "amendment", "waiver", "counterparts",
           "dispute", "term and termination", "survival", "term"),
}
_CLOSING = ("協議", "完全合意", "consultation", "entire agreement", "good faith")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def article_of(document: Document, sources: Sequence[int], ref: str = "") -> int | None:
    """The index (in ``document.clauses``) of the article holding these source paragraphs, or
    the one whose reference matches ``ref``."""
    wanted = set(sources)
    for index, article in enumerate(document.clauses):
        if wanted and wanted & set(article.all_sources):
            return index
    if ref:
        for index, article in enumerate(document.clauses):
            for clause in article.walk():
                if clause.ref == ref:
                    return index
    return None


def provision_articles(report: Report, document: Document) -> dict[str, int]:
    """Provision id -> index of the first article that provides it (present or weak)."""
    out: dict[str, int] = {}
    for finding in report.findings:
        if finding.status == "missing":
            continue
        for evidence in finding.evidence:
            index = article_of(document, evidence.source, evidence.ref)
            if index is not None:
                out[finding.provision] = index
                break
    return out


def own_evidence_article(provision: str, report: Report, document: Document) -> int | None:
    """For a missing finding that still carries evidence (related clauses without the
    provision's core element), the index of the last article holding that evidence."""
    finding = report.finding(provision)
    if finding is None or finding.status != "missing":
        return None
    indexes = [article_of(document, e.source, e.ref) for e in finding.evidence]
    found = [i for i in indexes if i is not None]
    return max(found) if found else None


def _is_general(article: Clause, lang: str) -> bool:
    heading = _norm(article.title or article.text[:30])
    return any(cue in heading for cue in _GENERAL_CUES.get(lang, _GENERAL_CUES["en"]))


def first_general(document: Document, provided: Mapping[str, int],
                  general: frozenset[str] | set[str] = frozenset()) -> int | None:
    """The index of the article opening the general provisions: the first article in the
    second half of the contract that provides one of the ``general`` provisions (governing
    law, term, survival: those whose placement says so), or has a general heading (協議,
    準拠法, entire agreement…)."""
    count = len(document.clauses)
    if count == 0:
        return None
    floor = count // 2
    candidates = [i for pid, i in provided.items() if pid in general and i >= floor]
    candidates += [i for i, a in enumerate(document.clauses)
                   if i >= floor and _is_general(a, document.language)]
    return min(candidates) if candidates else None


def anchor_after(provision: str, report: Report, document: Document,
                 provided: Mapping[str, int] | None = None) -> int | None:
    """The index of the article after which ``provision`` is inserted (None: before the first
    article, only when the contract has no articles at all)."""
    if not document.clauses:
        return None
    provided = provision_articles(report, document) if provided is None else provided
    related = own_evidence_article(provision, report, document)
    if related is not None:
        # Related clauses were found but lack the core element ("returns only on
        # request"): the full article belongs right after them.
        return related
    finding = report.finding(provision)
    hints = finding.placement if finding is not None else Placement()
    general = first_general(document, provided, {f.provision for f in report.findings
                                                 if f.placement.general})
    for relative in hints.after:
        if relative in provided:
            index = provided[relative]
            # a relative among the general provisions (term for survival) is fine; otherwise
            # never drop a core provision into the middle of the boilerplate
            return index
    last = len(document.clauses) - 1
    if hints.closing:
        # before a closing consultation / entire-agreement article, else at the very end
        closing = _norm(document.clauses[last].title or document.clauses[last].text[:30])
        return last - 1 if last > 0 and any(c in closing for c in _CLOSING) else last
    if general is None or general == 0:
        return last
    return general - 1

