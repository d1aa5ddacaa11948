"""Contract-type detection from the title, the preamble and the body.

Each profile's ``detect`` cues are counted: a hit in the title weighs most, then the preamble,
then the first articles. Joint research is checked before NDA on a tie, because joint-research
agreements always carry a confidentiality article (and so NDA words) while NDAs rarely speak
of joint research. No hit at all gives ``other``.
"""

from __future__ import annotations

import re
from typing import Any

from clausecheck.engine.cues import CueCompiler, cue_matches
from clausecheck.model import Document

TITLE_WEIGHT = 5.0
PREAMBLE_WEIGHT = 2.0
BODY_WEIGHT = 0.5
BODY_SENTENCES = 60            # only the opening of the body: later articles mention anything
MIN_SCORE = 1.0
_NAMED_CONTRACT = re.compile(r"契約書?|覚書|\bagreement\b|\bcontract\b", re.IGNORECASE)
_ORDER = ("joint_research", "nda")


def detect_contract_type(document: Document, library: Any, compiler: CueCompiler,
                         layout: Any) -> tuple[str, dict[str, Any]]:
    """(type id, explanation) for a document."""
    analyzer = compiler.analyzer
    title_sents = analyzer.sentences(document.title) if document.title.strip() else []
    preamble_idx: set[int] = set()
    for unit in layout.units:
        if unit.kind == "preamble":
            preamble_idx.update(unit.own)
    scores: dict[str, float] = {}
    matched: dict[str, list[str]] = {}
    for pid, profile in library.profiles.items():
        cues = compiler.compile_all(profile.detect.get(compiler.lang))
        if not cues:
            continue
        score = 0.0
        for cue in cues:
            if any(_matches(cue, s, compiler) for s in title_sents):
                score += TITLE_WEIGHT
                matched.setdefault(pid, []).append(f"title: {cue.label}")
                continue
            for i, sent in enumerate(layout.sentences[:BODY_SENTENCES]):
                if cue_matches(cue, sent, layout.hits.hits[i], compiler):
                    weight = PREAMBLE_WEIGHT if i in preamble_idx else BODY_WEIGHT
                    score += weight
                    matched.setdefault(pid, []).append(f"{'preamble' if weight == PREAMBLE_WEIGHT else 'body'}: {cue.label}")
                    break
        scores[pid] = score
    # "other" competes too: its detect cues name contracts that are neither (利用契約, supply
    # agreement...); on a tie the more specific type wins.
    ranked = sorted(scores, key=lambda p: (-scores[p], _ORDER.index(p) if p in _ORDER else 9))
    best = ranked[0] if ranked and scores[ranked[0]] >= MIN_SCORE else "other"
    title_hits = any(m.startswith("title:") for ms in matched.values() for m in ms)
    if best != "other" and not title_hits and _NAMED_CONTRACT.search(document.title or ""):
        # The title names some other kind of contract (「利用契約書」, "Supply Agreement"):
        # a mention of an NDA or a research agreement in its body does not make it one.
        best = "other"
    if best not in library.profiles:
        best = "other"
    return best, {"detected": best, "scores": {k: round(v, 2) for k, v in scores.items()},
                  "matched": matched, "min": MIN_SCORE}


def _matches(cue: Any, sent: Any, compiler: CueCompiler) -> bool:
    """Match a cue against a sentence outside the document layout (e.g. the title)."""
    leaves: set = set()
    for key_kind, key in _leaf_keys(cue):
        if key_kind == "p":
            if key in sent.norm or compiler.raw_phrases.get(key, "\x00") in sent.flat:
                leaves.add(("p", key))
        elif compiler.regexes[key].search(sent.flat):
            leaves.add(("r", key))
    return cue_matches(cue, sent, leaves, compiler)


def _leaf_keys(cue: Any) -> list[tuple[str, str]]:
    if cue.key is not None:
        return [cue.key]
    out: list[tuple[str, str]] = []
    for part in cue.parts:
        out.extend(_leaf_keys(part))
    return out
