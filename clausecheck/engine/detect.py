"""Contract-type detection from the title, the preamble and the content.

The engine knows no contract type: every profile of the library brings its own cues and its
priority. Each profile is scored on

* ``detect`` cues (names of the type: 「秘密保持契約」, "licence agreement") in the title
  (TITLE_WEIGHT), in the preamble (PREAMBLE_WEIGHT), or in the opening articles (BODY_WEIGHT);
* ``content`` cues (what such a contract does: a licence granted, 委託料 paid, results of a
  joint study) anywhere in the text, CONTENT_WEIGHT for each distinct cue found.

A title that names a type decides among the types it names. A title that names some contract
the library has no type for ("Agency Agreement", 「売買契約書」) gives the fallback type, unless
the content speaks strongly for one (CONTENT_OVERRIDE). A plain title ("Agreement",
「契約書」, 「覚書」) or none leaves it to the preamble and the content. Equal scores go to the
higher ``priority`` (the more specific type); no score at all gives the fallback profile.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from clausecheck.engine.cues import CueCompiler, cue_matches
from clausecheck.model import Document

TITLE_WEIGHT = 5.0
PREAMBLE_WEIGHT = 2.0
BODY_WEIGHT = 0.5
CONTENT_WEIGHT = 1.0
BODY_SENTENCES = 60            # type names only count in the opening: later articles cite anything
MIN_SCORE = 1.0
TITLE_SENTENCES = 2           # a preamble sentence this early may stand for a missing title
TITLE_CHARS = 120

_NAMED_CONTRACT = re.compile(r"契約書?|覚書|誓約書|念書|合意書|\bagreements?\b|\bcontracts?\b|"
                             r"\bmemorandum\b|\bundertaking\b|\bdeed\b", re.IGNORECASE)
# A pledge (誓約書, "undertaking") names its form, not a kind of contract: whatever stands
# beside it (「インターンシップ誓約書」) is the occasion, and the content decides the type.
_PLEDGE = re.compile(r"誓約書|念書|\bundertaking\b|\bdeclaration\b|\bcertificate\b",
                     re.IGNORECASE)
# What may stand beside "Agreement" in a title that names no kind of contract: articles,
# numbering, dates, "mutual", "this", "form of", party names in brackets...
_PLAIN_WORDS = re.compile(
    r"\b(?:the|this|an?|of|and|between|by|among|form|draft|template|sample|mutual|master|"
    r"amended|restated|and|no|number|exhibit|schedule|annex|appendix|version|v|final)\b|"
    r"本|本件|相互|一方向|双方向|様式|書式|雛形|ひな形|案|（案）|第?[0-9０-９一二三四五六七八九十]+号?|"
    r"[\W\d_]+", re.IGNORECASE)


def detect_contract_type(document: Document, library: Any, compiler: CueCompiler,
                         layout: Any) -> tuple[str, dict[str, Any]]:
    """(type id, explanation) for a document."""
    title, title_sents = _title(document, layout, compiler)
    preamble_idx: set[int] = set()
    for unit in layout.units:
        if unit.kind == "preamble":
            preamble_idx.update(unit.own)
    scores: dict[str, float] = {}
    titled: set[str] = set()
    matched: dict[str, list[str]] = {}
    for pid, profile in library.profiles.items():
        score = 0.0
        # A type named in the title, the preamble or the opening counts once per place:
        # 「業務委託契約」 also matching 「委託契約」 is one naming, not two.
        named: dict[str, float] = {}
        for cue in compiler.compile_all(profile.detect.get(compiler.lang)):
            if any(_matches(cue, s, compiler) for s in title_sents):
                named.setdefault("title", TITLE_WEIGHT)
                matched.setdefault(pid, []).append(f"title: {cue.label}")
                continue
            for i, sent in enumerate(layout.sentences[:BODY_SENTENCES]):
                if cue_matches(cue, sent, layout.hits.hits[i], compiler):
                    where = "preamble" if i in preamble_idx else "body"
                    named.setdefault(where, PREAMBLE_WEIGHT if where == "preamble"
                                     else BODY_WEIGHT)
                    matched.setdefault(pid, []).append(f"{where}: {cue.label}")
                    break
        if "title" in named:
            titled.add(pid)
        score = sum(named.values())
        for cue in compiler.compile_all(profile.content.get(compiler.lang)):
            if any(cue_matches(cue, sent, layout.hits.hits[i], compiler)
                   for i, sent in enumerate(layout.sentences) if layout.hits.hits[i]):
                score += CONTENT_WEIGHT
                matched.setdefault(pid, []).append(f"content: {cue.label}")
        scores[pid] = score
    fallback = library.fallback.id
    title_kind = _title_kind(title)
    best, rule = _choose(library, scores, titled, title_kind, fallback)
    return best, {"detected": best, "rule": rule,
                  "scores": {k: round(v, 2) for k, v in scores.items() if v},
                  "matched": matched, "min": MIN_SCORE}


def _choose(library: Any, scores: dict[str, float], titled: set[str], title_kind: str,
            fallback: str) -> tuple[str, str]:
    """The winning type and the rule that chose it (for --explain)."""
    def rank(pids: set[str] | list[str]) -> list[str]:
        return sorted(pids, key=lambda p: (-scores[p], -library.profiles[p].priority, p))

    if titled:
        return rank(titled)[0], "the title names the type"
    ranked = rank([p for p in scores if scores[p] >= MIN_SCORE])
    if title_kind and title_kind != "plain":
        # The title names another kind of contract (「売買契約書」, "Agency Agreement"): a
        # mention of confidentiality or research in its body does not make it an NDA.
        return fallback, f"the title names a contract of no known type ({title_kind})"
    if ranked:
        return ranked[0], "preamble and content" if title_kind else "no title; preamble and content"
    return fallback, "no type recognised"


def _title_kind(title: str) -> str:
    """'' (no contract named), 'plain' ("Agreement", 「契約書」) or the words naming the kind."""
    text = unicodedata.normalize("NFKC", title or "").strip()
    if not text or not _NAMED_CONTRACT.search(text):
        return ""
    if _PLEDGE.search(text):
        return "plain"
    rest = _PLAIN_WORDS.sub(" ", _NAMED_CONTRACT.sub(" ", text))
    rest = " ".join(rest.split())
    return rest if rest else "plain"


_RUNNING_TEXT = re.compile(r"[、。，,;；]|:\s*$|\b(?:is|are|was|made|entered|between|by|hereby|agrees?|"
                           r"shall|will|as follows)\b|"
                           r"(?:は|が|を|と)(?:、|\s)", re.IGNORECASE)


def _title(document: Document, layout: Any, compiler: CueCompiler) -> tuple[str, list[Any]]:
    """The title and its sentences. A title that names no contract (none found, a site's menu
    line) gives way to the opening words of the text up to the first contract name in them
    (「GRPContractForm (Ver.2) 共同研究開発契約書」, "EXHIBIT 10.1 Sponsorship Agreement"): a
    heading the reader could not tell from the text."""
    title = document.title.strip()
    if not _title_kind(title) or _RUNNING_TEXT.search(title):
        title = _opening_heading(layout) or _self_name(layout)
    return title, (compiler.analyzer.sentences(title) if title else [])


def _opening_heading(layout: Any) -> str:
    for sent in layout.sentences[:TITLE_SENTENCES]:
        named = _NAMED_CONTRACT.search(sent.text[:TITLE_CHARS])
        if named:
            opening = sent.text[:named.end()].strip()
            # 「甲と乙は、次のとおり契約…」 is the preamble, not a heading
            return "" if _RUNNING_TEXT.search(opening) else opening
    return ""


# The name a preamble gives the contract it defines: 'THIS DISTRIBUTOR AGREEMENT (the
# "Agreement")', 「次のとおり業務委託契約（以下「本契約」という。）を締結する」.
_SELF_NAME_EN = re.compile(
    r"\b(?:this|the)\s+((?:[\w&'-]+,?\s+){0,8}?(?:agreement|contract))\s*[(（]\s*[\"“]?\s*"
    r"(?:this|the|hereinafter|herein|agreement)", re.IGNORECASE)
_SELF_NAME_JA = re.compile(r"([^\s、。「」（）()]{1,30}?(?:契約|覚書|合意書))書?\s*[（(]以下[「『]?本(?:契約|覚書)")
SELF_NAME_SENTENCES = 5


def _self_name(layout: Any) -> str:
    for sent in layout.sentences[:SELF_NAME_SENTENCES]:
        text = unicodedata.normalize("NFKC", sent.text)
        found = _SELF_NAME_EN.search(text) or _SELF_NAME_JA.search(text)
        if found:
            return found.group(1)
    return ""


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
