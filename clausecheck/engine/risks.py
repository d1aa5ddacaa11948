"""Risk checks that need more than a cue: jurisdictions and durations.

* ``foreign_forum``: a governing-law / forum sentence that names a place outside Japan (and
  does not name Japan) hurts a Japanese discloser.
* ``short_survival``: confidentiality that ends less than two years after the end of the
  contract.
* ``negated_after`` / ``negated_before``: is a cue found in a sentence denied by the words
  around it ("shall not retain", 「保持してはならない」)? Used so that risk cues only fire on
  what a clause allows, not on what it forbids.
"""

from __future__ import annotations

import re

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


# --- foreign forum ----------------------------------------------------------------------
_FORUM_EN = re.compile(r"govern(?:ed|ing)\s+(?:by|law)|laws?\s+of|construed\s+in\s+accordance"
                       r"|jurisdiction|courts?\b|venue|arbitrat|forum", re.IGNORECASE)
_JAPAN_EN = re.compile(r"\bjapan(?:ese)?\b|\btokyo\b|\bosaka\b|\bkyoto\b|\bnagoya\b|\bjcaa\b",
                       re.IGNORECASE)
# A place after "laws of"/"courts of"/"in": a capitalised name (the text as written).
_PLACE_EN = re.compile(
    r"(?:laws?|courts?|state|commonwealth|province|republic|kingdom|country|located|seated|held|"
    r"venue|arbitration)\s+(?:of|in|at)\s+(?:the\s+)?(?:state\s+of\s+|commonwealth\s+of\s+|"
    r"province\s+of\s+|republic\s+of\s+|county\s+of\s+|city\s+of\s+)?([A-Z][A-Za-z]+(?:\s+[A-Z][a-z]+)?)")
_NOT_PLACES = {"the", "this", "such", "any", "each", "either", "competent", "appropriate",
               "applicable", "a", "an", "law", "laws", "court", "courts", "party", "parties",
               "agreement", "equity", "contract", "conflict", "conflicts", "which", "its",
               "their", "england and wales" }
_FORUM_JA = re.compile(r"準拠法|準拠し|準拠する|裁判所|管轄|仲裁")
_JAPAN_JA = re.compile(r"日本|東京|大阪|京都|名古屋|札幌|福岡|仙台|広島|地方裁判所|簡易裁判所|日本商事仲裁")
_FOREIGN_JA = re.compile(r"米国|アメリカ|合衆国|ニューヨーク|カリフォルニア|デラウェア|州法|英国|イギリス|"
                         r"イングランド|シンガポール|香港|中国|中華人民共和国|韓国|台湾|ドイツ|フランス|"
                         r"スイス|オランダ|インド|外国")


def foreign_forum(text: str, lang: str) -> bool:
    """Does this governing-law / forum sentence point outside Japan?"""
    if lang == "ja":
        return bool(_FORUM_JA.search(text) and _FOREIGN_JA.search(text)
                    and not _JAPAN_JA.search(text))
    if not _FORUM_EN.search(text) or _JAPAN_EN.search(text):
        return False
    for m in _PLACE_EN.finditer(text):
        if m.group(1).lower() not in _NOT_PLACES:
            return True
    return False


# --- survival period --------------------------------------------------------------------
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18,
               "twenty-four": 24, "thirty-six": 36, "a": 1, "an": 1}
_EN_PERIOD = re.compile(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                        r"twelve|eighteen|twenty-four|thirty-six|an?)\b\s*(?:\(\d+\)\s*)?"
                        r"(years?|months?)\b", re.IGNORECASE)
_EN_AFTER = re.compile(r"after|following|from|beyond|surviv|terminat|expir", re.IGNORECASE)
_JA_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10}
_JA_PERIOD = re.compile(r"([0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*(?:か|ヶ|ケ|カ|箇)?\s*(年|月)")
_JA_AFTER = re.compile(r"終了|満了|失効|解除|存続|効力を有")


def _ja_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token in _JA_DIGITS:
        return _JA_DIGITS[token]
    if token.startswith("十"):
        return 10 + _JA_DIGITS.get(token[1:], 0)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _JA_DIGITS.get(tens, 1) * 10 + _JA_DIGITS.get(ones, 0)
    return 0


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
