"""Which language a text is in: Japanese, English, or one clausecheck cannot read.

Scripts decide most of it and cost nothing: Japanese writes kana between its kanji (particles,
inflections: の, を, する), Chinese writes Han characters without kana, Korean writes Hangul.
Latin-script text is English when enough of its words are English function words ("the",
"shall", "of"); a German, French or Spanish contract is Latin script but not English.

``language_of(text)`` names the language of one text; ``language_shares(texts)`` weighs the
languages of several texts (the clauses of a contract) by their length, so a bilingual
English/Chinese agreement is read as English with a share in Chinese, not as Japanese.
"""

from __future__ import annotations

import re
from typing import Iterable

SUPPORTED = ("ja", "en")
NAMES = {"ja": ("日本語", "Japanese"), "en": ("英語", "English"), "zh": ("中国語", "Chinese"),
         "ko": ("韓国語", "Korean"), "ru": ("ロシア語", "Russian"),
         "und": ("判別できない言語", "an unrecognised language")}

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# Function words that make up a good part of any English legal text (and little of others').
_EN_WORDS = frozenset("""
the of and to in or a an any be by for shall such this that is are with as on not may
which its all other from will each it party parties agreement under have has been at
""".split())

SAMPLE_CHARS = 20000


def language_of(text: str) -> str:
    """"ja", "en", "zh", "ko", "ru" or "und" (nothing to tell, or a Latin-script language
    other than English)."""
    sample = text[:SAMPLE_CHARS]
    kana = len(_KANA.findall(sample))
    han = len(_HAN.findall(sample))
    hangul = len(_HANGUL.findall(sample))
    cyrillic = len(_CYRILLIC.findall(sample))
    words = _LATIN_WORD.findall(sample)
    latin = sum(len(w) for w in words)
    # One CJK character carries about as much as a short word: weigh accordingly.
    weights = {"cjk": (kana + han) * 3, "hangul": hangul * 3, "cyrillic": cyrillic,
               "latin": latin}
    script = max(weights, key=weights.__getitem__)
    if weights[script] == 0:
        return "und"
    if script == "cjk":
        # Japanese runs kana through its kanji (well over a tenth of the characters); a
        # Chinese text has none, or only in a quoted Japanese name.
        return "ja" if kana >= 0.08 * (kana + han) else "zh"
    if script == "hangul":
        return "ko"
    if script == "cyrillic":
        return "ru"
    english = sum(1 for w in words if w.lower() in _EN_WORDS)
    return "en" if english >= 0.12 * len(words) else "und"


def language_shares(texts: Iterable[str]) -> dict[str, float]:
    """Share of the characters of ``texts`` in each language (each text judged whole)."""
    totals: dict[str, int] = {}
    for text in texts:
        size = len(text.strip())
        if size < 20:
            continue   # a number or a short heading tells nothing
        lang = language_of(text)
        totals[lang] = totals.get(lang, 0) + size
    whole = sum(totals.values())
    return {k: round(v / whole, 3) for k, v in sorted(totals.items(), key=lambda kv: -kv[1])} \
        if whole else {}


def main_language(shares: dict[str, float], fallback: str) -> str:
    """The language the checker reads a document in: the supported language with the larger
    share, or ``fallback`` when neither appears."""
    best = max(SUPPORTED, key=lambda lang: shares.get(lang, 0.0))
    return best if shares.get(best, 0.0) > 0 else fallback
