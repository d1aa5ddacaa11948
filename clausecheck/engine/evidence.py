"""The one sentence that decides a finding, picked from its evidence clauses.

A clause cited as evidence is often long (an article with its paragraphs and items, a
boilerplate article with a licence footer); a reviewer wants the sentence that shows the
provision, or shows what weakens it. ``deciding_sentences(report, library)`` gives every
evidence of every finding its ``sentence``: the sentence of the cited clause where most of
the provision's cues are found (elements count double; for a weak finding, a weakening cue
counts triple), the first sentence when no cue is found. Cues are matched literally on the
NFKC text (phrases as substrings, regexes as compiled), a light reading of what the engine
matched on analysed tokens: enough to rank sentences, never used for a verdict.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, Iterable

from clausecheck.facts import unwrap
from clausecheck.model import Clause, Evidence, Finding, Report
from clausecheck.nlp import split_sentences

SENTENCE_CHARS = 300


def deciding_sentences(report: Report, library: Any) -> Report:
    """``report`` with ``Evidence.sentence`` filled in (needs ``report.document``)."""
    document = report.document
    if document is None:
        return report
    clauses = {c.ref: c for c in document.walk()}
    lang = report.language
    findings = []
    for finding in report.findings:
        provision = library.find(finding.provision) if library is not None else None
        weights = _weighted_cues(provision, lang, finding.status) if provision else []
        evidence = tuple(
            dataclasses.replace(e, sentence=_best(_text_of(e, clauses.get(e.ref)), weights,
                                                  lang))
            for e in finding.evidence)
        findings.append(dataclasses.replace(finding, evidence=evidence))
    risks = tuple(dataclasses.replace(r, evidence=tuple(
        dataclasses.replace(e, sentence=_best(_text_of(e, clauses.get(e.ref)), [], lang))
        for e in r.evidence)) for r in report.risks)
    return dataclasses.replace(report, findings=tuple(findings), risks=risks)


def _text_of(evidence: Evidence, clause: Clause | None) -> str:
    if clause is not None and len(clause.full_text) >= len(evidence.text.rstrip("…")):
        return clause.full_text
    return evidence.text


def _weighted_cues(provision: Any, lang: str, status: str) -> list[tuple[Any, int]]:
    out: list[tuple[Any, int]] = []
    for element in provision.elements:
        out.extend((c, 2) for c in element.cues.get(lang))
    out.extend((c, 1) for c in provision.body_cues.get(lang))
    for weakening in provision.weakening:
        out.extend((c, 3 if status != "present" else 1) for c in weakening.cues.get(lang))
    for flag in provision.risk_flags:
        out.extend((c, 3 if status != "present" else 1) for c in flag.cues.get(lang))
    return out


def _normal(text: str, lang: str) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return text.lower() if lang == "en" else text


def _matches(cue: Any, sentence: str) -> bool:
    kind = getattr(cue, "kind", "phrase")
    if kind == "regex":
        return cue.regex is not None and cue.regex.search(sentence) is not None
    if kind in ("all", "near"):
        return all(_matches(part, sentence) for part in cue.parts)
    phrase = _normal(cue.text, "en" if cue.text.isascii() else "ja")
    return bool(phrase) and phrase in sentence


def sentences_of(text: str, lang: str) -> list[str]:
    if lang == "en":
        text = unwrap(text)  # hard-wrapped lines of a plain-text contract: one sentence
    return [s.strip() for s in split_sentences(text, lang) if s.strip()]


def _best(text: str, weights: Iterable[tuple[Any, int]], lang: str) -> str:
    sentences = sentences_of(text, lang)
    if not sentences:
        return ""
    weights = list(weights)
    best, best_score = sentences[0], 0
    for sentence in sentences:
        norm = _normal(sentence, lang)
        score = sum(w for cue, w in weights if _matches(cue, norm))
        if score > best_score:
            best, best_score = sentence, score
    flat = " ".join(best.split())
    return flat if len(flat) <= SENTENCE_CHARS else flat[:SENTENCE_CHARS - 1].rstrip() + "…"
