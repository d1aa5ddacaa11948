"""Dates and durations as contracts write them, in Japanese and English.

Japanese: 令和7年4月1日 / 令和元年5月1日 / 平成31年4月30日 (wareki, through japanera's era table),
2025年4月1日, 二〇二五年四月一日, full-width digits (NFKC first), 2025/4/1; durations 2年間,
3ヶ月 (か月, カ月, ヵ月, 箇月), 二年, 60日. English: April 1, 2025 / 1 April 2025 / the 1st day of
April, 2025 / 2025-04-01; durations "3 years", "thirty-six (36) months", "two (2) years",
"ninety days", "the first anniversary".

Text is expected NFKC-normalised (``norm``): full-width digits are then ASCII. A number that
is a template blank (「●年間」, "{{PERIOD}} years", "[__] months") is reported as a
``Duration`` with ``blank=True`` so that callers can say "left blank" rather than "not stated".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from clausecheck.numerals import number_value

# A template blank: ●, ○, ＿＿ (NFKC: __), {{NAME}}, ${NAME}, [NAME], 【…】, xx, :name.
BLANK = r"(?:●+|○+|_{2,}|＿+|\{\{[^{}]{0,40}\}\}|\$\{[^{}]{0,40}\}|\[[^\[\]]{0,60}\]|【[^【】]{0,60}】|\bx{1,3}\b)"
BLANK_RE = re.compile(BLANK)

_KANJI_DIGITS = "〇零一二三四五六七八九十百千"
_JA_NUM = rf"(?:\d{{1,4}}|[{_KANJI_DIGITS}]{{1,6}})"
_ERAS = ("令和", "平成", "昭和", "大正", "明治")


def norm(text: str) -> str:
    """NFKC with runs of spaces collapsed (what every pattern here expects)."""
    return re.sub(r"[ \t\u3000]+", " ", unicodedata.normalize("NFKC", text))


def ja_number(token: str) -> int | None:
    """12 / 十二 / 二〇二五 / 二千二十五 / 元 (the first year of an era) as an int."""
    token = token.strip()
    return 1 if token == "元" else number_value(token)


@lru_cache(maxsize=None)
def _era_start(name: str) -> int | None:
    """The Gregorian year in which the era ``name`` began (japanera's table)."""
    from japanera import ERA_DATA_GENERAL

    for era in ERA_DATA_GENERAL:
        if era.kanji == name:
            return era.since.year
    return None


def wareki_year(era: str, year: int) -> int | None:
    start = _era_start(era)
    return None if start is None else start + year - 1


# --- dates --------------------------------------------------------------------------------
_JA_DATE = re.compile(
    rf"(?:(?P<era>{'|'.join(_ERAS)})\s*(?P<ey>元|{_JA_NUM})|(?:西暦\s*)?(?P<y>\d{{4}}|[〇零一二三四五六七八九千百十]{{3,7}}))"
    rf"\s*年\s*(?P<m>{_JA_NUM})\s*月\s*(?P<d>{_JA_NUM})\s*日")
_NUM_DATE = re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})"
                       r"\s*(?P=sep)\s*(?P<d>\d{1,2})(?![\d/.-])")
_MONTHS = {name: i for i, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
     ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
     ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_EN_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_ORD},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE),
    re.compile(rf"\b{_ORD}(?:\s+day)?(?:\s+of)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d{{2}})\b",
               re.IGNORECASE),
]


@dataclass(frozen=True)
class DateHit:
    date: dt.date
    start: int
    end: int


def find_dates(text: str) -> list[DateHit]:
    """Every valid date in ``text`` (NFKC-normalised), in order of position."""
    hits: list[DateHit] = []
    for m in _JA_DATE.finditer(text):
        if m.group("era"):
            ey = ja_number(m.group("ey"))
            year = wareki_year(m.group("era"), ey) if ey else None
        else:
            year = ja_number(m.group("y"))
        _add(hits, year, ja_number(m.group("m")), ja_number(m.group("d")), m)
    for m in _NUM_DATE.finditer(text):
        _add(hits, int(m.group("y")), int(m.group("m")), int(m.group("d")), m)
    for pattern in _EN_DATES:
        for m in pattern.finditer(text):
            _add(hits, int(m.group("y")), _MONTHS[m.group("mon").lower()], int(m.group("d")), m)
    hits.sort(key=lambda h: h.start)
    out: list[DateHit] = []
    for hit in hits:  # overlapping matches (two English forms): keep the first
        if not out or hit.start >= out[-1].end:
            out.append(hit)
    return out


def _add(hits: list[DateHit], year: int | None, month: int | None, day: int | None,
         m: re.Match[str]) -> None:
    if not (year and month and day):
        return
    try:
        hits.append(DateHit(dt.date(year, month, day), m.start(), m.end()))
    except ValueError:
        pass  # 2月30日: not a date


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text``, or None."""
    found = find_dates(norm(text))
    return found[0].date if found else None


# --- durations ----------------------------------------------------------------------------
_EN_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_EN_WORD = r"(?:[a-z]+(?:-[a-z]+)?)"
_EN_DURATION = re.compile(
    rf"(?:\b(?:(?P<word>{_EN_WORD})\s*\(\s*(?P<paren>\d{{1,4}})\s*\)|(?P<num>\d{{1,4}})|(?P<only>{_EN_WORD}))"
    rf"|(?P<blank>{BLANK}))\s*(?:-\s*)?(?:calendar\s+|consecutive\s+|business\s+|full\s+)?"
    rf"(?P<unit>years?|months?|days?|weeks?)\b", re.IGNORECASE)
_EN_ANNIVERSARY = re.compile(r"\b(?P<ord>first|second|third|fourth|fifth|\d(?:st|nd|rd|th))\s+"
                             r"anniversary\b", re.IGNORECASE)
_JA_DURATION = re.compile(
    rf"(?<![年月\d〇一二三四五六七八九十])(?P<n>{_JA_NUM}|(?P<blank>{BLANK}))\s*"
    r"(?:(?P<y>年)(?!\s*(?:\d|[一二三四五六七八九十])+\s*月)(?P<yk>間|度)?|(?:か|ヶ|ケ|カ|ヵ|箇|個)\s*(?P<m>月)(?:間)?"
    r"|(?P<m2>月)間|(?P<d>日)(?:間)?(?=\s*(?:前|以内|以上|間|経過|を経|まで|後|の|、|\)|）|$))"
    r"|(?P<w>週)間)")


@dataclass(frozen=True)
class Duration:
    """A stated period: ``months`` for years/months, ``days`` for days/weeks; ``blank`` when the
    number is a template blank."""

    months: int | None = None
    days: int | None = None
    start: int = 0
    end: int = 0
    blank: bool = False

    @property
    def iso(self) -> str | None:
        """ISO 8601: P2Y, P3M, P60D."""
        if self.blank:
            return None
        if self.months is not None:
            return f"P{self.months // 12}Y" if self.months % 12 == 0 else f"P{self.months}M"
        if self.days is not None:
            return f"P{self.days}D"
        return None


def _en_number(word: str) -> int | None:
    word = word.lower()
    if word in _EN_WORDS:
        return _EN_WORDS[word]
    tens, _, ones = word.partition("-")
    if tens in _EN_TENS and ones in _EN_WORDS and _EN_WORDS[ones] < 10:
        return _EN_TENS[tens] + _EN_WORDS[ones]
    return None


def find_durations(text: str, lang: str) -> list[Duration]:
    """Every period stated in ``text`` (NFKC-normalised), in order of position."""
    out: list[Duration] = []
    if lang == "ja":
        for m in _JA_DURATION.finditer(text):
            if m.group("y") and not m.group("yk"):
                # 「5年」 alone is a period only when not a year of a date (2025年, 令和7年)
                before = text[max(0, m.start() - 3):m.start()]
                if any(before.endswith(e) for e in _ERAS) or len(m.group("n")) == 4:
                    continue
            blank = bool(m.group("blank"))
            n = None if blank else ja_number(m.group("n"))
            if not blank and not n:
                continue
            if m.group("y"):
                out.append(Duration(months=None if blank else n * 12, start=m.start(),
                                    end=m.end(), blank=blank))
            elif m.group("m") or m.group("m2"):
                out.append(Duration(months=n, start=m.start(), end=m.end(), blank=blank))
            elif m.group("w"):
                out.append(Duration(days=None if blank else n * 7, start=m.start(),
                                    end=m.end(), blank=blank))
            else:
                out.append(Duration(days=n, start=m.start(), end=m.end(), blank=blank))
        return out
    for m in _EN_DURATION.finditer(text):
        unit = m.group("unit").lower()
        blank = bool(m.group("blank"))
        if m.group("paren"):
            n: int | None = int(m.group("paren"))
        elif m.group("num"):
            n = int(m.group("num"))
        elif m.group("only"):
            n = _en_number(m.group("only"))
            if n is None:
                continue  # "the term years", "such months": no number
        else:
            n = None
        if not blank and not n:
            continue
        if unit.startswith("year"):
            out.append(Duration(months=None if blank else n * 12, start=m.start(), end=m.end(),
                                blank=blank))
        elif unit.startswith("month"):
            out.append(Duration(months=n, start=m.start(), end=m.end(), blank=blank))
        elif unit.startswith("week"):
            out.append(Duration(days=None if blank else n * 7, start=m.start(), end=m.end(),
                                blank=blank))
        else:
            out.append(Duration(days=n, start=m.start(), end=m.end(), blank=blank))
    for m in _EN_ANNIVERSARY.finditer(text):
        token = m.group("ord").lower()
        n = _EN_ORDINALS.get(token) or int(token[0])
        out.append(Duration(months=12 * n, start=m.start(), end=m.end()))
    out.sort(key=lambda d: d.start)
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def months_between(start: dt.date, end: dt.date) -> int | None:
    """Whole months from ``start`` to ``end`` when ``end`` closes a run of whole months
    (2025-04-01 → 2026-03-31 is 12; also 2025-04-01 → 2026-04-01); None otherwise."""
    for months in range(1, 12 * 30 + 1):
        anniversary = add_months(start, months)
        if anniversary in (end, end + dt.timedelta(days=1)):
            return months
        if anniversary > end + dt.timedelta(days=1):
            return None
    return None
