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
    unless: tuple["CueLike", ...]


@dataclass(frozen=True)
class Compiled:
    """A cue compiled for one language: its leaves resolved to keys."""

    kind: str
    label: str
    key: LeafKey | None = None
    parts: tuple["Compiled", ...] = ()
    within: int = 0
    unless: tuple["Compiled", ...] = ()


class CueCompiler:
    """Compiles library cues for one language and remembers every leaf it has seen."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.lang = analyzer.lang
        self.phrases: dict[str, str] = {}          # normalised phrase -> label
        self.raw_phrases: dict[str, str] = {}      # normalised phrase -> flat phrase
        self.regexes: dict[str, re.Pattern[str]] = {}
        self.literals: dict[str, tuple[str, ...] | None] = {}   # regex -> required texts
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
        guards = getattr(cue, "unless", ())
        if guards:
            from dataclasses import replace

            base = self._compile(replace(cue, unless=()))  # type: ignore[type-var]
            if base is None:
                return None
            return replace(base, label=str(cue), unless=self.compile_all(guards))
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
            if pattern.pattern not in self.regexes:
                self.regexes[pattern.pattern] = pattern
                self.literals[pattern.pattern] = required_literals(
                    pattern.pattern, bool(pattern.flags & re.IGNORECASE) or self.lang == "en")
            return Compiled("regex", label, key=("r", pattern.pattern))
        parts = tuple(p for p in (self.compile(p) for p in cue.parts) if p is not None)
        if not parts:
            return None
        return Compiled(cue.kind, label, parts=parts, within=int(cue.within or 0))


# --- literal prefilter for regexes ---------------------------------------------------------
# Python's re has no literal prefilter: a pattern that starts with an optional group scans
# every position of a 300,000-character contract. Each pattern is analysed once for the
# literal text any match must contain (or a set of alternatives, one of which it must
# contain); a sentence without it is skipped with a C-speed substring test.

def _parse(pattern: str):
    try:
        import re._parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    return sre_parse, sre_parse.parse(pattern)


def _need(items, sre) -> tuple[str, ...] | None:
    """Alternatives (any one must occur) required by a parsed sequence, or None."""
    c = sre.constants if hasattr(sre, "constants") else sre
    best: tuple[str, ...] | None = None
    run: list[str] = []

    def consider(cand: tuple[str, ...] | None) -> None:
        nonlocal best
        if not cand or min(len(x) for x in cand) < 2:
            return
        if best is None or min(len(x) for x in cand) > min(len(x) for x in best) or (
                len(cand) < len(best) and min(len(x) for x in cand) >= 3):
            best = cand

    def flush() -> None:
        if run:
            consider(("".join(run),))
            run.clear()

    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is c.SUBPATTERN:
            consider(_need(arg[-1], sre))
        elif op is c.BRANCH:
            alts = [_need(branch, sre) for branch in arg[1]]
            if all(alts):
                consider(tuple(sorted({a for alt in alts for a in alt})))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            consider(_need(arg[2], sre))
    flush()
    return best


def required_literals(pattern: str, ignore_case: bool) -> tuple[str, ...] | None:
    """Texts one of which every match of ``pattern`` contains (None: no prefilter)."""
    try:
        sre, parsed = _parse(pattern)
        need = _need(list(parsed), sre)
    except Exception:  # an exotic pattern: no prefilter, plain search
        return None
    if need and ignore_case:
        need = tuple(x.lower() for x in need)
    return need


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
    # Sentence start offsets in doc_flat, to map a literal's occurrences to sentences.
    starts: list[int] = []
    pos = 0
    for sent in sentences:
        starts.append(pos)
        pos += len(sent.flat) + 1
    hits: list[set[LeafKey]] = [set() for _ in sentences]
    for p in phrases:
        raw = compiler.raw_phrases[p]
        key = ("p", p)
        for i, sent in enumerate(sentences):
            if p in sent.norm or raw in sent.flat:
                hits[i].add(key)
    for src, rx in compiler.regexes.items():
        need = compiler.literals.get(src)
        key = ("r", src)
        if need is None:
            candidates: Iterable[int] = range(len(sentences))
        else:
            found: set[int] = set()
            for literal in need:
                at = doc_flat.find(literal)
                while at >= 0:
                    found.add(bisect.bisect_right(starts, at) - 1)
                    at = doc_flat.find(literal, at + 1)
            candidates = sorted(found)
        for i in candidates:
            if rx.search(sentences[i].flat):
                hits[i].add(key)
    return DocHits(sentences, hits)


def leaf_hits(cues: Iterable[Compiled], sent: Sentence, compiler: CueCompiler) -> set[LeafKey]:
    """The leaves of ``cues`` (their parts and ``unless`` guards included) that occur in one
    sentence, tested directly: for a text outside the document's sentences (a heading)."""
    out: set[LeafKey] = set()
    stack = list(cues)
    while stack:
        cue = stack.pop()
        stack.extend(cue.parts)
        stack.extend(cue.unless)
        if cue.key is None or cue.key in out:
            continue
        kind, src = cue.key
        if kind == "p":
            if src in sent.norm or compiler.raw_phrases.get(src, "\x00") in sent.flat:
                out.add(cue.key)
        elif compiler.regexes[src].search(sent.flat):
            out.add(cue.key)
    return out


def leaf_keys(cue: Compiled) -> Iterable[LeafKey]:
    """The leaves a cue can match through (its ``unless`` guards only ever veto a match)."""
    if cue.key is not None:
        yield cue.key
    for part in cue.parts:
        yield from leaf_keys(part)


def cue_matches(cue: Compiled, sent: Sentence, leaves: set[LeafKey],
                compiler: CueCompiler) -> bool:
    """Does the compiled cue match this sentence, given the sentence's leaf hits?"""
    if cue.unless and any(cue_matches(u, sent, leaves, compiler) for u in cue.unless):
        return False
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
