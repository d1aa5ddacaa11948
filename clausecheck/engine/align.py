"""Alignment: which clause units of a document carry which provision.

A document becomes a flat list of analysed sentences and a list of *units* that point into it:
the preamble, every article, paragraph and item (its own text, and its subtree for collecting
elements). Each provision is scored on every unit:

* heading: an article heading that announces the provision (rapidfuzz over the heading cues);
  counts for the article as a whole;
* body cues: phrases / patterns whose presence in a unit's own text signals the provision;
* element cues: parts of a good clause; several distinct elements in one unit also signal it.

A body cue whose every match is a term the contract defines (「本目的」, "Research Personnel",
outside the quoted defining occurrence) only *mentions* the provision: it counts in a unit that
also holds one of the provision's elements, never alone.

``score = W_HEADING*heading + W_BODY*|body cues| + W_ELEMENT*|elements|``; a unit whose score
reaches ``THRESHOLD`` is evidence. Elements and weakening terms are then collected across all
evidence units (their whole subtree), so a provision spread over several clauses is judged as
one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from clausecheck.engine.cues import (Compiled, CueCompiler, DocHits, LeafKey, cue_matches,
                                     leaf_hits, leaf_keys, match_document)
from clausecheck.model import Clause, Document
from clausecheck.nlp import (Analyzer, Sentence, introduces_definitions, normalize_text,
                             split_sentences)

W_HEADING = 1.0
W_BODY = 1.0
W_ELEMENT = 0.35
# The preamble names the parties and the deal; a cue there counts for less than in an article.
PREAMBLE_FACTOR = 0.5
THRESHOLD = 1.0
STRONG = 2.0               # evidence that joins a heading-anchored article without a heading
TITLED_SHARE = 0.6         # share of articles with a heading for a contract to count as titled
HEADING_FUZZY_MIN = 90.0   # rapidfuzz score a heading cue needs against an article heading


@dataclass
class Unit:
    """A clause (or the preamble) and the sentences it owns."""

    ref: str
    clause: Clause | None
    kind: str                      # "preamble", "article", "paragraph", "item"
    own: range                     # its own text's sentence indexes
    tree: range                    # own text + descendants (contiguous in walk order)
    article: int                   # index of the unit of its article (itself for articles)
    heading: str = ""
    depth: int = 0
    list_parent: int = -1          # the unit whose lead-in this item completes, if any

    @property
    def clause_id(self) -> str:
        return self.clause.id if self.clause is not None else self.kind

    @property
    def source(self) -> tuple[int, ...]:
        if self.clause is None:
            return ()
        return self.clause.all_sources if self.kind == "article" else self.clause.source


@dataclass
class Layout:
    """The analysed document: sentences, their leaf-cue hits and the units over them."""

    sentences: list[Sentence]
    hits: DocHits
    units: list[Unit]
    shown: list[str] = field(default_factory=list)
    titled: bool = False           # most articles carry a heading
    terms: tuple[str, ...] = ()    # terms the contract defines (flat text: NFKC, en lowercased)
    defers: frozenset[int] = frozenset()   # sentences that only defer to other articles
    # preamble sentences from the opening of a list of definitions on ("The following words
    # have the following meanings", a heading "Definitions"): they define terms
    defining: frozenset[int] = frozenset()
    # (provision id, heading) -> heading_score: a contract repeats headings (「（定義）」 in
    # every article of a long list), and each provision scores each distinct one once
    heading_scores: dict[tuple[str, str], tuple[float, str]] = field(default_factory=dict)
    _defines: dict[str, tuple[Any, tuple[int, ...]]] | None = field(default=None, repr=False)
    _used: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def text(self, i: int) -> str:
        """Sentence ``i`` as written in the contract."""
        return self.shown[i] if i < len(self.shown) else self.sentences[i].text

    def definitions_used(self, i: int) -> tuple[int, ...]:
        """The sentences defining the terms sentence ``i`` uses (not ``i`` itself): a term is
        defined where it stands quoted, 「本件ユーザ」 or "Authorized Users"."""
        hit = self._used.get(i)
        if hit is not None:
            return hit
        if self._defines is None:
            self._defines = _definition_sites(self.sentences, self.terms)
        flat = self.sentences[i].flat
        hit = tuple(sorted({j for used, where in self._defines.values() if used(flat)
                            for j in where if j != i}))
        self._used[i] = hit    # every provision asks again of the same sentence
        return hit


def build_layout(document: Document, analyzer: Analyzer, compiler: CueCompiler) -> Layout:
    """Analyse the document once: sentences of every unit, then leaf cue hits."""
    sentences: list[Sentence] = []
    shown: list[str] = []          # each sentence as written (without an item's lead-in)
    units: list[Unit] = []

    # The contract's own name for the information it protects, read as the name the cues use
    # (「貴社情報」 as 「秘密情報」, "Proprietary Information" as "Confidential Information"); the
    # sentences are shown as written.
    canonical = info_alias(document.text, document.language)

    def read(text: str) -> Sentence:
        return analyzer.sentence(canonical(text) if canonical else text)

    def add_text(text: str, lead: str = "") -> range:
        start = len(sentences)
        if text:
            parts = split_sentences(text, analyzer.lang)
            if lead:
                # An item completes its lead-in ("A Party may terminate ... if the other
                # Party:" / 「次の各号のいずれかに該当したときは…」): it is read together with it.
                sentences.extend(read(f"{lead} {part}") for part in parts)
            else:
                sentences.extend(read(part) for part in parts)
            shown.extend(parts)
        return range(start, len(sentences))

    if document.preamble.strip():
        own = add_text(document.preamble)
        label = "前文" if document.language == "ja" else "Preamble"
        units.append(Unit(label, None, "preamble", own, own, 0))
        units[-1].article = len(units) - 1

    def visit(clause: Clause, article: int, depth: int, lead: str = "",
              parent: int = -1) -> None:
        index = len(units)
        start = len(sentences)
        own = add_text(clause.text, lead)
        unit = Unit(clause.ref, clause, clause.kind, own, own,
                    index if depth == 0 else article, clause.title if depth == 0 else "",
                    depth)
        unit.list_parent = parent if lead else -1
        units.append(unit)
        child_lead = _lead_in(clause.text, document.language)
        for child in clause.children:
            visit(child, unit.article, depth + 1, child_lead, index)
        unit.tree = range(start, len(sentences))

    for clause in document.clauses:
        visit(clause, len(units), 0)
    articles = [u for u in units if u.kind == "article"]
    titled = bool(articles) and (sum(1 for u in articles if u.heading.strip())
                                 >= TITLED_SHARE * len(articles))
    defers = frozenset(i for i, sent in enumerate(sentences)
                       if _DEFERS[analyzer.lang].search(sent.flat))
    defining: set[int] = set()
    for unit in units:
        if unit.kind == "preamble":
            opening = next((i for i in unit.own
                            if introduces_definitions(sentences[i].flat, analyzer.lang)), None)
            if opening is not None:
                defining.update(range(opening, unit.own.stop))
    return Layout(sentences, match_document(compiler, sentences), units, shown, titled,
                  defined_terms(document.text, document.language), defers,
                  defining=frozenset(defining))


# A term defining what is disclosed, when the contract does not call it 秘密情報 /
# "Confidential Information": （以下「貴社情報」という。） after 開示 or 提供; "Proprietary
# Information" means / (the "Evaluation Material") near disclose or provide.
_ALIAS_JA = re.compile(r"(開示|提供|知り得|受領)[^。]{0,120}?[（(]以下[、,]?\s*「([^「」]{1,10}(情報|資料|データ))」"
                       r"と(いう|いいます|称する|称します)")
_ALIAS_EN = re.compile(r"[\"“]((?:[A-Z][a-z]+ ){0,2}(?:Information|Materials?|Data))[\"”]\)?,? "
                       r"(?:means|shall mean|includes|refers to)\b[^.]{0,200}?\b(disclos|provid|furnish|"
                       r"made available|shar)\w*"
                       r"|\b(disclos|provid|furnish|shar)\w*[^.]{0,160}?\((?:the |collectively,? )?"
                       r"[\"“]((?:[A-Z][a-z]+ ){0,2}(?:Information|Materials?|Data))[\"”]\)")
_NOT_ALIAS = {"個人情報", "公開情報", "成果情報", "Personal Data", "Personal Information",
              "Public Information", "Confidential Information"}


def info_alias(text: str, lang: str) -> Any:
    """A function reading the contract's own name for the protected information as the cues'
    name, or None when the contract uses that name or no other."""
    if lang == "ja":
        if "「秘密情報」" in text:
            return None
        m = _ALIAS_JA.search(text)
        term = m.group(2) if m else None
        if not term or term in _NOT_ALIAS or term == "秘密情報":
            return None
        return lambda s: s.replace(term, "秘密情報")
    if re.search(r"[\"“]Confidential Information[\"”]", text):
        return None
    m = _ALIAS_EN.search(text)
    term = (m.group(1) or m.group(4)) if m else None
    if not term or term in _NOT_ALIAS:
        return None
    rx = re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)
    return lambda s: rx.sub("Confidential Information", s)


# A sentence whose whole predicate is a reference to other articles (「…の帰属及び取扱いは、
# 第12条から第15条までの規定に従う。」, "...shall be governed by Article 12.") states nothing of
# its own: the articles it names do, and they are judged where they are.
_DEFERS = {
    "ja": re.compile(r"(本契約|本条|前条|第[0-9]+条[^。]{0,30})(の規定|に定める(ところ)?|の定め)"
                     r"(に従う|による|を準用する)"
                     r"(ものとする)?[。]?\s*$"),
    "en": re.compile(r"\b(shall|will) be (governed by|subject to|determined (in accordance with|"
                     r"under)|dealt with (in accordance with|under)) (the (provisions|terms) of )?"
                     r"(section|article|clause)s? [0-9][0-9.()a-z]*( (and|to|or) [0-9][0-9.()a-z]*)?"
                     r"( of this agreement)?\.?\s*$"
                     # a term defined only by pointing at the article that defines it
                     r"|\b(has|have) the meanings? (given|set out|ascribed|assigned)( to (it|them))? "
                     r"in (section|article|clause)s? [0-9][0-9.()a-z]*( of this agreement)?[.;,]?"
                     r"( and| or)?\s*$"),
}


# A term the contract defines: 「本目的」 in （以下「本目的」という。） or 「X」とは; "the Purpose" in
# (the "Purpose") or "Purpose" means. Capitalised and short, so a quoted phrase is not taken.
_TERM_JA = re.compile(r"以下[、,]?\s*「([^」「]{1,20})」と(?:いう|称する)|「([^」「]{1,20})」とは")
_TERM_EN = re.compile(
    r"\((?:the |each |a |an |collectively |together )?[\"“]([A-Z][\w\-]*(?: [A-Z][\w\-]*){0,4})[\"”]"
    r"|[\"“]([A-Z][\w\-]*(?: [A-Z][\w\-]*){0,4})[\"”],? (?:means|shall mean|refers|has the meaning)")


_QUOTES = "「『\"“'‘"


def _definition_sites(sentences: list[Sentence],
                      terms: tuple[str, ...]) -> dict[str, tuple[Any, tuple[int, ...]]]:
    """For each defined term, a test of whether a sentence uses it (a whole word in English)
    and the sentences where it stands in quotes, where it is defined. A term quoted in more
    than two sentences is left out: it is cited there, not defined."""
    out: dict[str, tuple[Any, tuple[int, ...]]] = {}
    for term in terms:
        quoted = tuple(f"{o}{term}{c}" for o, c in (("「", "」"), ('"', '"'), ("“", "”")))
        where = tuple(i for i, s in enumerate(sentences) if any(q in s.flat for q in quoted))
        if not 0 < len(where) <= 2:
            continue
        if re.search(r"[a-z]", term):
            out[term] = (re.compile(rf"(?<!\w){re.escape(term)}(?!\w)").search, where)
        else:
            out[term] = (term.__contains__, where)
    return out


def defined_terms(text: str, lang: str) -> tuple[str, ...]:
    """The terms a contract defines, as they appear in its flat (normalised) text."""
    rx = _TERM_JA if lang == "ja" else _TERM_EN
    found = {normalize_text(a or b, lang).strip() for a, b in rx.findall(text)}
    return tuple(sorted(t for t in found if len(t) >= 2))


_LEAD_EN = re.compile(r"[:：]\s*$")
_LEAD_JA = re.compile(r"(次の|以下の)[^。]{0,10}(各号|いずれか|とおり|事項)|各号")
# A sentence its items finish, left without its final stop: 「…資料の保管・管理については」,
# "The preceding clause shall not apply to information".
_OPEN_EN = re.compile(r"[^.!?\"'”’)\]]\s*$")
_OPEN_JA = re.compile(r"[^。．！？」』）)\]]\s*$")


def _lead_in(text: str, lang: str) -> str:
    """The last sentence of a clause when it introduces a list of items, else ""."""
    parts = split_sentences(text, lang) if text else []
    if not parts:
        return ""
    last = parts[-1]
    # (an open sentence of a few words is a heading, not a sentence its items finish)
    if lang == "en":
        open_ = len(last.split()) >= 6 and _OPEN_EN.search(last)
        return last if _LEAD_EN.search(last) or open_ else ""
    open_ = len(last) >= 10 and _OPEN_JA.search(last)
    return last if _LEAD_JA.search(last) or open_ else ""


@dataclass
class CompiledProvision:
    """A provision's cues compiled for one language."""

    id: str
    heading: tuple[Compiled, ...]
    heading_norms: tuple[str, ...]
    body: tuple[Compiled, ...]
    elements: tuple[tuple[str, bool, tuple[Compiled, ...]], ...]   # (id, required, cues)
    weakening: tuple[tuple[str, tuple[Compiled, ...]], ...]
    risks: tuple[tuple[str, tuple[Compiled, ...]], ...]
    # every leaf its body, element and weakening cues use: a sentence with none of them
    # among its hits matches none of those cues
    leaves: frozenset[LeafKey] = frozenset()


def compile_provision(provision: Any, compiler: CueCompiler) -> CompiledProvision:
    lang = compiler.lang
    heading = provision.heading_cues.get(lang)
    # Plain phrases are matched on the heading with fuzzy tolerance (heading_score); regexes,
    # combined cues and cues with an ``unless`` guard as cues are matched in a sentence.
    plain = [c for c in heading if c.kind == "phrase" and not getattr(c, "unless", ())]
    norms = tuple(compiler.analyzer.normalize_phrase(c.text) for c in plain)
    body = compiler.compile_all(provision.body_cues.get(lang))
    elements = tuple((e.id, e.required, compiler.compile_all(e.cues.get(lang)))
                     for e in provision.elements)
    weakening = tuple((w.id, compiler.compile_all(w.cues.get(lang)))
                      for w in provision.weakening)
    used = [*body, *(c for _e, _r, cues in elements for c in cues),
            *(c for _w, cues in weakening for c in cues)]
    return CompiledProvision(
        id=provision.id,
        heading=compiler.compile_all(c for c in heading if not any(c is p for p in plain)),
        heading_norms=tuple(n for n in norms if n.strip()),
        body=body,
        elements=elements,
        weakening=weakening,
        risks=tuple((r.flag, compiler.compile_all(r.cues.get(lang)))
                    for r in provision.risk_flags),
        leaves=frozenset(key for c in used for key in leaf_keys(c)),
    )


@dataclass
class SentenceMatch:
    """What one provision's cues found in one sentence."""

    body: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    weakening: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)   # body cues that only name a defined term


def match_sentences(prov: CompiledProvision, layout: Layout,
                    compiler: CueCompiler) -> dict[int, SentenceMatch]:
    """Per sentence index: the provision's body cues, element ids and weakening ids found."""
    out: dict[int, SentenceMatch] = {}
    for i, (sent, leaves) in enumerate(zip(layout.sentences, layout.hits.hits)):
        if not leaves or i in layout.defers or prov.leaves.isdisjoint(leaves):
            continue
        m = SentenceMatch()
        for c in prov.body:
            if cue_matches(c, sent, leaves, compiler):
                mention = bool(layout.terms) and term_only(c, sent, layout.terms, compiler)
                (m.mentions if mention else m.body).append(c.label)
        m.elements = [eid for eid, _req, cues in prov.elements
                      if any(cue_matches(c, sent, leaves, compiler) for c in cues)]
        m.weakening = [wid for wid, cues in prov.weakening
                       if any(cue_matches(c, sent, leaves, compiler) for c in cues)]
        if m.body or m.elements or m.weakening or m.mentions:
            out[i] = m
    return out


def term_only(cue: Compiled, sent: Sentence, terms: tuple[str, ...],
              compiler: CueCompiler) -> bool:
    """True when every match of a leaf cue in the sentence is a defined term, or lies inside
    one: 「本目的のために」 or "the Research Personnel" merely name a defined thing, they do not
    state the provision (the definition and the clause limiting use do, through their other
    words)."""
    if cue.key is None:
        return False
    # The defining occurrence (quoted: 「委託先」, "Research Personnel") is not a mere mention:
    # the sentence that defines a subcontractor or the research staff speaks about them.
    spans = [(m.start(), m.end()) for t in terms
             for m in re.finditer(re.escape(t), sent.flat)
             if not (m.start() and sent.flat[m.start() - 1] in _QUOTES)]
    if not spans:
        return False
    if cue.key[0] == "p":
        raw = (compiler.raw_phrases.get(cue.key[1], "") if compiler.lang == "ja"
               else normalize_text(compiler.phrases.get(cue.key[1], ""), "en"))
        if not raw.strip() or raw == "\x00":
            return False
        hits = [(m.start(), m.end()) for m in re.finditer(re.escape(raw), sent.flat)]
    else:
        hits = [(m.start(), m.end()) for m in compiler.regexes[cue.key[1]].finditer(sent.flat)]
    return bool(hits) and all(any(a <= h0 and h1 <= b for a, b in spans) for h0, h1 in hits)


def heading_score(prov: CompiledProvision, heading: str, analyzer: Analyzer,
                  compiler: CueCompiler) -> tuple[float, str]:
    """Best match of the provision's heading cues on an article heading: (0..100, cue)."""
    if not heading.strip():
        return 0.0, ""
    sent = analyzer.sentence(heading)  # its flat text is normalize_text(heading)
    best, best_cue = 0.0, ""
    for norm in prov.heading_norms:
        if norm in sent.norm:
            return 100.0, compiler.phrases.get(norm, norm).strip()
        if analyzer.lang == "ja":
            # Fuzzy only for cues long enough not to match by accident (返還 in 返還等 is
            # exact anyway); partial alignment tolerates variant spellings.
            # The cue must sit inside the heading, not the heading inside the cue: a short
            # heading 「秘密情報」 is no match for the cue 「秘密情報の管理」.
            score = (fuzz.partial_ratio(norm, sent.norm)
                     if 3 <= len(norm) <= len(sent.norm) else 0.0)
        else:
            # English: whole-heading similarity (typos, plural forms), never a substring,
            # so "term" does not fire on "termination".
            score = fuzz.ratio(norm.strip(), sent.norm.strip())
        if score > best:
            best, best_cue = score, compiler.phrases.get(norm, norm).strip()
    if prov.heading:
        leaves = leaf_hits(prov.heading, sent, compiler)
        for cue in prov.heading:
            if cue_matches(cue, sent, leaves, compiler):
                return 100.0, cue.label
    return (best, best_cue) if best >= HEADING_FUZZY_MIN else (0.0, "")
