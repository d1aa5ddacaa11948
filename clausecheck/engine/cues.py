"""Cue matching: the closed set of cue kinds (phrase, regex, all, near) over analysed sentences.

A document is matched in two steps so that the cost stays proportional to the document, not
to clauses x cues: first every distinct leaf cue (phrase or regex) of the library is tested
once against the whole document's normalised text, and only the leaves found there are tested
sentence by sentence. Composite cues (``all``/``near``) are then decided from the per-sentence
leaf hits.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Protocol

from clausecheck.nlp import Analyzer, Sentence, normalize_text

# A leaf key: ("p", normalised phrase) or ("r", pattern source).
LeafKey = tuple[str, str]


class CueLike(Protocol):
    kind: str
    text: str
    parts: tuple["CueLike", ...]
    within: int
    regex: re.Pattern[str] | None


@dataclass(frozen=True)
class Compiled:
    """A cue compiled for one language: its leaves resolved to keys."""

    kind: str
    label: str
    key: LeafKey | None = None
    parts: tuple["Compiled", ...] = ()
    within: int = 0


class CueCompiler:
    """Compiles library cues for one language and remembers every leaf it has seen."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.lang = analyzer.lang
        self.phrases: dict[str, str] = {}          # normalised phrase -> label
        self.raw_phrases: dict[str, str] = {}      # normalised phrase -> flat phrase
        self.regexes: dict[str, re.Pattern[str]] = {}
        self._memo: dict[int, Compiled] = {}

    def compile(self, cue: CueLike) -> Compiled | None:
        memo = self._memo.get(id(cue))
        if memo is not None:
            return memo
        out = self._compile(cue)
        if out is not None:
            self._memo[id(cue)] = out
        return out

    def compile_all(self, cues: Iterable[CueLike]) -> tuple[Compiled, ...]:
        return tuple(c for c in (self.compile(cue) for cue in cues) if c is not None)

    def _compile(self, cue: CueLike) -> Compiled | None:
        label = str(cue)
        if cue.kind == "phrase":
            norm = self.analyzer.normalize_phrase(cue.text)
            if not norm.strip():
                return None
            self.phrases[norm] = cue.text
            # Japanese also matches the phrase as written (Sudachi may split a compound
            # differently in context); English relies on lemmas and word boundaries only.
            self.raw_phrases[norm] = normalize_text(cue.text, "ja") if self.lang == "ja" else "\x00"
            return Compiled("phrase", label, key=("p", norm))
        if cue.kind == "regex":
            pattern = cue.regex
            if pattern is None:
                flags = re.IGNORECASE if self.lang == "en" else 0
                pattern = re.compile(cue.text, flags)
            self.regexes[pattern.pattern] = pattern
            return Compiled("regex", label, key=("r", pattern.pattern))
        parts = tuple(p for p in (self.compile(p) for p in cue.parts) if p is not None)
        if not parts:
            return None
        return Compiled(cue.kind, label, parts=parts, within=int(cue.within or 0))


@dataclass
class DocHits:
    """Which leaf cues occur in which sentence of one document."""

    sentences: list[Sentence]
    hits: list[set[LeafKey]]


def match_document(compiler: CueCompiler, sentences: list[Sentence]) -> DocHits:
    """Test every library leaf once per document, then the survivors per sentence."""
    doc_norm = "\n".join(s.norm for s in sentences)
    doc_flat = "\n".join(s.flat for s in sentences)
    phrases = [p for p in compiler.phrases if p in doc_norm or compiler.raw_phrases[p] in doc_flat]
    regexes = [(src, rx) for src, rx in compiler.regexes.items() if rx.search(doc_flat)]
    hits: list[set[LeafKey]] = []
    for sent in sentences:
        found: set[LeafKey] = set()
        for p in phrases:
            if p in sent.norm or compiler.raw_phrases[p] in sent.flat:
                found.add(("p", p))
        for src, rx in regexes:
            if rx.search(sent.flat):
                found.add(("r", src))
        hits.append(found)
    return DocHits(sentences, hits)


def cue_matches(cue: Compiled, sent: Sentence, leaves: set[LeafKey],
                compiler: CueCompiler) -> bool:
    """Does the compiled cue match this sentence, given the sentence's leaf hits?"""
    if cue.key is not None:
        return cue.key in leaves
    if cue.kind == "all":
        return all(cue_matches(p, sent, leaves, compiler) for p in cue.parts)
    if cue.kind == "near":
        if not all(cue_matches(p, sent, leaves, compiler) for p in cue.parts):
            return False
        return _near(cue, sent, compiler)
    return False


def _positions(part: Compiled, sent: Sentence, compiler: CueCompiler) -> list[int]:
    """Token indexes where a leaf part occurs in the sentence."""
    if part.key is None:
        # A nested composite: use the positions of its first leaf.
        return _positions(part.parts[0], sent, compiler) if part.parts else []
    starts: list[int] = []
    if part.key[0] == "p":
        needle = part.key[1]
        i = sent.norm.find(needle)
        while i >= 0:
            starts.append(i)
            i = sent.norm.find(needle, i + 1)
    else:
        rx = compiler.regexes[part.key[1]]
        # Regex offsets are in the flat text; scale them onto the normalised string.
        scale = len(sent.norm) / max(1, len(sent.flat))
        starts = [int(m.start() * scale) for m in rx.finditer(sent.flat)]
    return [_char_to_token(sent, s, compiler.lang) for s in starts]


def _char_to_token(sent: Sentence, offset: int, lang: str) -> int:
    if lang == "en":
        return sent.norm.count(" ", 0, offset)
    bounds: list[int] = []
    total = 0
    for tok in sent.tokens:
        total += len(tok)
        bounds.append(total)
    return bisect.bisect_right(bounds, offset)


def _near(cue: Compiled, sent: Sentence, compiler: CueCompiler) -> bool:
    """All parts occur within ``within`` tokens of the first part's occurrence."""
    window = cue.within or 10
    positions = [_positions(p, sent, compiler) for p in cue.parts]
    if any(not p for p in positions):
        return False
    for anchor in positions[0]:
        if all(any(abs(q - anchor) <= window for q in ps) for ps in positions[1:]):
            return True
    return False


def find_offset(cue: Compiled, sent: Sentence, compiler: CueCompiler) -> int:
    """Where the cue's first leaf occurs in ``sent.norm`` (for negation scoping); -1 if unknown."""
    leaf = cue
    while leaf.key is None and leaf.parts:
        leaf = leaf.parts[0]
    if leaf.key is None:
        return -1
    if leaf.key[0] == "p":
        return sent.norm.find(leaf.key[1])
    m = compiler.regexes[leaf.key[1]].search(sent.flat)
    if m is None:
        return -1
    return int(m.start() * len(sent.norm) / max(1, len(sent.flat)))
