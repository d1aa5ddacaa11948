"""Numerals as contracts write them: the one parser of kanji numerals (十二, 二〇, 壱拾), and
Arabic digits in half or full width. Used by the reader (article numbers), the redliner
(numbering new articles) and the risk checks (periods); none keeps its own."""

from __future__ import annotations

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
KANJI_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10}
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def kanji_to_int(text: str) -> int | None:
    """第十二条 -> 12, 二十四 -> 24, 百五 -> 105; also positional forms such as 一〇 and 二〇二五.
    None when ``text`` is not a kanji numeral."""
    if not text or len(text) > 12:  # no article or period has more digits; "九" × 5,000 is text
        return None
    if all(c in KANJI_DIGITS for c in text):
        return int("".join(str(KANJI_DIGITS[c]) for c in text))
    total, current = 0, 0
    for ch in text:
        if ch in KANJI_DIGITS:
            current = KANJI_DIGITS[ch]
        elif ch in KANJI_UNITS:
            total += (current or 1) * KANJI_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def number_value(text: str) -> int | None:
    """An Arabic (half or full width) or kanji numeral's value; None for anything else."""
    if len(text) > 12:  # int() of thousands of digits raises (and means nothing here)
        return None
    half = text.translate(_FULL_DIGITS)
    if half.isascii() and half.isdigit():
        return int(half)
    return kanji_to_int(text)
