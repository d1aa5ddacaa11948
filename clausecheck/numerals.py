"""Numerals as contracts write them: the one parser of kanji numerals (十二, 二〇, 壱拾), and
Arabic digits in half or full width, and the one writer of kanji numerals. Used by the reader
(article numbers, Word's japaneseCounting lists), the redliner (numbering new articles), the
risk checks (periods) and the facts (dates, durations); none keeps its own."""

from __future__ import annotations

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
KANJI_UNITS = {"十": 10, "百": 100, "千": 1000, "拾": 10}
KANJI_WRITE = "〇一二三四五六七八九"
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def kanji_to_int(text: str) -> int | None:
    """第十二条 -> 12, 二十四 -> 24, 百五 -> 105; also positional forms such as 一〇 and 二〇二五.
    None when ``text`` is not a kanji numeral."""
    if not text or len(text) > 12:  # no article or period has more digits; "九" × 5,000 is text
        return None
    if "万" in text:  # 一万二千: the myriad, then the rest
        high, _, low = text.partition("万")
        high_value = kanji_to_int(high) if high else 1
        low_value = kanji_to_int(low) if low else 0
        if high_value is None or low_value is None or low_value >= 10000:
            return None
        return high_value * 10000 + low_value
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


def to_kanji(n: int, digits: str = KANJI_WRITE) -> str:
    """12 -> 十二, 105 -> 百五, 2024 -> 二千二十四, 12000 -> 一万二千 (Word's japaneseCounting);
    ``digits`` the ten digit characters (〇壱弐参… for japaneseLegal)."""
    if n <= 0:
        return digits[0]
    if n >= 10000:
        high, n = divmod(n, 10000)
        return to_kanji(high, digits) + "万" + (to_kanji(n, digits) if n else "")
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        q, n = divmod(n, value)
        if q:
            out += ("" if q == 1 else digits[q]) + unit
    if n:
        out += digits[n]
    return out
