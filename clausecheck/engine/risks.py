"""The computed checks: the closed set of kinds a risk flag or a weakening of the library
may name (``check: {kind: ..., <parameters>}``, see ``library.types.CHECK_KINDS``). Each is a
function of (check, sentence text, language) -> bool; the engine runs it on the sentences of
the provision's own clauses. No provision is named here.

* ``duration_under``: a period after the end of the contract shorter than ``months``
  (survival's short_survival).
* ``place_outside``: a governing-law / forum sentence naming a place outside ``allowed``
  (governing_law's foreign_forum).
* ``rights_to_party``: all rights in what is made vest in one of ``parties``.
* ``negated_after`` / ``negated_before``: is a cue found in a sentence denied by the words
  around it ("shall not retain", 「保持してはならない」)? Used so that risk cues only fire on
  what a clause allows, not on what it forbids.
"""

from __future__ import annotations

import re

from functools import lru_cache
from typing import Callable

from clausecheck.library.types import Check
from clausecheck.numerals import number_value
from clausecheck.nlp import Sentence

# --- negation around a cue --------------------------------------------------------------
_EN_NEG_BEFORE = re.compile(r"(?:\bnot\b|\bno\b|\bnever\b|\bnor\b|\bneither\b|\bcannot\b|"
                            r"\bwithout\b|\bprohibit\w*|\bforbid\w*)[^.;]{0,40}$")
# In Sudachi normal forms 〜てはならない is "ては成るない", 〜しない "為るない"; an obligation
# 〜しなければならない is "ないば成るない" and must not count as a negation.
_JA_NEG_AFTER = re.compile(r"^.{0,14}?(?:ては成るない|では成るない|ては成らない|ないで|禁止|禁ずる|"
                           r"ない(?!ば)|無い|出来るない|不可)")


def negated_near(sent: Sentence, offset: int, lang: str) -> bool:
    """True when the cue at ``offset`` in ``sent.norm`` is denied by a nearby negation."""
    if offset < 0:
        return False
    if lang == "en":
        return bool(_EN_NEG_BEFORE.search(sent.norm[max(0, offset - 60):offset]))
    return bool(_JA_NEG_AFTER.search(sent.norm[offset:offset + 30]))


# --- place outside a list (foreign law, forum or seat) ----------------------------------
_FORUM_EN = re.compile(r"govern(?:ed|ing)\s+(?:by|law)|laws?\s+of|construed\s+in\s+accordance"
                       r"|jurisdiction|courts?\b|venue|arbitrat|forum", re.IGNORECASE)
# A place after "laws of"/"courts of"/"in": a capitalised name (the text as written).
_PLACE_EN = re.compile(
    r"(?:laws?|courts?|state|commonwealth|province|republic|kingdom|country|located|seated|held|"
    r"venue|arbitration)\s+(?:of|in|at)\s+(?:the\s+)?(?:state\s+of\s+|commonwealth\s+of\s+|"
    r"province\s+of\s+|republic\s+of\s+|county\s+of\s+|city\s+of\s+)?([A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+)?)")
_NOT_PLACES = {"the", "this", "such", "any", "each", "either", "competent", "appropriate",
               "applicable", "a", "an", "law", "laws", "court", "courts", "party", "parties",
               "agreement", "equity", "contract", "conflict", "conflicts", "which", "its",
               "their", "england and wales"}
_FORUM_JA = re.compile(r"準拠法|準拠し|準拠する|裁判所|管轄|仲裁")


@lru_cache(maxsize=64)
def _words_re(words: tuple[str, ...], lang: str) -> re.Pattern[str] | None:
    """One pattern for a word list (English on word boundaries, case-insensitive)."""
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alts})\b", re.IGNORECASE) if lang == "en" else re.compile(alts)


def place_outside(check: Check, text: str, lang: str) -> bool:
    """Does this governing-law / forum sentence point outside the ``allowed`` places?

    Japanese: a forum word, a name of ``foreign`` and none of ``allowed``. English: a forum
    word, none of ``allowed``, and a place (a capitalised name after "laws of", "courts
    in"...) or a name of ``foreign``.
    """
    allowed = _words_re(check.words("allowed", lang), lang)
    foreign = _words_re(check.words("foreign", lang), lang)
    if allowed is not None and allowed.search(text):
        return False
    if lang == "ja":
        return bool(_FORUM_JA.search(text) and foreign is not None and foreign.search(text))
    if not _FORUM_EN.search(text):
        return False
    if foreign is not None and foreign.search(text):
        return True
    return any(m.group(1).lower() not in _NOT_PLACES for m in _PLACE_EN.finditer(text))


# --- all rights to one party ------------------------------------------------------------
_ALL_JA = re.compile(r"(すべて|全て|一切)")
_VEST_JA = "に(単独で)?(帰属|移転|譲渡)"
_ALL_EN = re.compile(r"\b(all|any|entire)\b[^.]{0,60}\b(rights?|title|interest|results|"
                     r"inventions|improvements|work product|deliverables)\b", re.IGNORECASE)
_VEST_EN = r"\b(vest(s|ed)? (solely |exclusively )?in|belong(s)? (solely |exclusively )?to|" \
           r"(sole |exclusive )?property of|assigned to|owned (solely |exclusively )?by)\s+(the\s+)?"


def rights_to_party(check: Check, text: str, lang: str) -> bool:
    """Does this sentence vest all rights (results, inventions, deliverables) in one of
    ``parties`` (as the contract names it)?"""
    parties = check.words("parties", lang)
    if not parties:
        return False
    names = "|".join(re.escape(p) for p in sorted(parties, key=len, reverse=True))
    if lang == "ja":
        return bool(_ALL_JA.search(text) and re.search(rf"(?:{names}){_VEST_JA}", text))
    return bool(_ALL_EN.search(text) and re.search(rf"{_VEST_EN}(?:{names})\b", text,
                                                   re.IGNORECASE))


# --- survival period --------------------------------------------------------------------
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
               "twenty-four": 24, "thirty-six": 36, "a": 1, "an": 1}
_EN_PERIOD = re.compile(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                        r"twelve|eighteen|twenty-four|thirty-six|an?)\b\s*(?:\(\d+\)\s*)?"
                        r"(years?|months?)\b", re.IGNORECASE)
_EN_AFTER = re.compile(r"after|following|beyond|surviv|terminat|expir", re.IGNORECASE)
_JA_PERIOD = re.compile(r"([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*(?:か|ヶ|ケ|カ|箇)?\s*(年|月)")
_JA_AFTER = re.compile(r"終了|満了|失効|解除|存続|効力を有")


def _ja_number(token: str) -> int:
    return number_value(token) or 0


def duration_under(check: Check, text: str, lang: str) -> bool:
    """Is a period stated after the end of the contract shorter than ``months``?"""
    months = survival_months(text, lang)
    return months is not None and months < int(check.params["months"])  # type: ignore[call-overload]


def survival_months(text: str, lang: str) -> int | None:
    """The shortest survival period stated in a sentence about the end of the contract."""
    found: list[int] = []
    if lang == "ja":
        import unicodedata
        text = unicodedata.normalize("NFKC", text)
        if not _JA_AFTER.search(text):
            return None
        for m in _JA_PERIOD.finditer(text):
            n = _ja_number(m.group(1))
            if n:
                found.append(n * 12 if m.group(2) == "年" else n)
    else:
        if not _EN_AFTER.search(text):
            return None
        for m in _EN_PERIOD.finditer(text):
            word = m.group(1).lower()
            n = int(word) if word.isdigit() else _EN_NUMBERS.get(word, 0)
            if n:
                found.append(n * 12 if m.group(2).lower().startswith("year") else n)
    return min(found) if found else None


# The implementations, one per kind of library.types.CHECK_KINDS.
CHECKS: dict[str, Callable[[Check, str, str], bool]] = {
    "duration_under": duration_under,
    "place_outside": place_outside,
    "rights_to_party": rights_to_party,
}


def run_check(check: Check, text: str, lang: str) -> bool:
    return CHECKS[check.kind](check, text, lang)
