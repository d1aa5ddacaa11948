"""Word automatic numbering: numbering.xml + styles.xml -> the label Word would display.

Word keeps one counter set per abstract numbering definition: ``w:num`` instances that point
to the same ``w:abstractNum`` continue one list, and an instance with ``w:startOverride``
restarts the overridden levels the first time it is used. A level restarts when a higher
level advances (or as ``w:lvlRestart`` says). Paragraphs get numbering from their own
``w:numPr`` or from their style (``w:pStyle`` -> style ``w:numPr``, following ``w:basedOn``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from clausecheck.numerals import KANJI_WRITE, to_kanji

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(W + "val", default)


# Bounds on what numbering.xml may say. Word itself keeps a level's start within 0..32767 and
# uses levels 0..8; anything beyond is a damaged or hostile file, and an unbounded number would
# make label rendering (roman numerals, letters) take unbounded time and memory.
MAX_START = 32767
MAX_LEVEL = 8
MAX_LEVEL_TEXT = 64   # characters of a w:lvlText pattern ("第%1条", "(%1)", "%1.%2.%3")


def _int(text: str | None, default: int, lo: int = -MAX_START, hi: int = MAX_START) -> int:
    """An integer attribute clamped to ``lo..hi``; junk or absurdly long values give default."""
    if text is None:
        return default
    text = text.strip()
    if len(text) > 10:  # "99999999999999999999": no digit string of this length is sane
        return default
    try:
        value = int(text)
    except ValueError:
        return default
    return min(max(value, lo), hi)


def _level_index(text: str | None) -> int | None:
    """A w:ilvl value, or None when it is outside the nine levels Word has."""
    value = _int(text, -1, lo=-1, hi=MAX_LEVEL + 1)
    return value if 0 <= value <= MAX_LEVEL else None


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None   # w:lvlRestart: restart after this (1-based) level; 0 = never
    is_lgl: bool = False
    suffix: str = "tab"          # tab | space | nothing
    pstyle: str = ""


@dataclass
class NumInstance:
    abstract_id: str
    overrides: dict[int, int] = field(default_factory=dict)          # ilvl -> startOverride
    level_overrides: dict[int, Level] = field(default_factory=dict)  # ilvl -> w:lvl in override


@dataclass
class Styles:
    """What the reader needs from styles.xml: names, outline levels, numbering, basedOn."""

    names: dict[str, str] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    outline: dict[str, int] = field(default_factory=dict)
    default_para: str = ""
    # styles whose own run properties say bold (paragraph and character styles): a bold
    # paragraph without a number is how many unnumbered contracts mark an article heading
    bold: dict[str, bool] = field(default_factory=dict)
    char_bold: dict[str, bool] = field(default_factory=dict)

    def is_bold(self, style_id: str) -> bool:
        for sid in self.chain(style_id or self.default_para):
            if sid in self.bold:
                return self.bold[sid]
        return False

    def chain(self, style_id: str) -> list[str]:
        out: list[str] = []
        while style_id and style_id not in out and len(out) < 12:
            out.append(style_id)
            style_id = self.based_on.get(style_id, "")
        return out

    def numbering_of(self, style_id: str) -> tuple[str | None, int | None]:
        for sid in self.chain(style_id):
            if sid in self.num:
                return self.num[sid]
        return None, None

    def heading_level(self, style_id: str) -> int:
        """1-based outline level for heading styles (Heading 1, 見出し 1, Title), else 0."""
        for sid in self.chain(style_id):
            if sid in self.outline:
                return self.outline[sid] + 1
            name = self.names.get(sid, "").lower()
            m = re.match(r"(heading|見出し)\s*([1-9])$", name)
            if m:
                return int(m.group(2))
            if name == "title":
                return 1
        return 0

    def is_toc(self, style_id: str) -> bool:
        name = self.names.get(style_id, "").lower()
        return name.startswith("toc ") or name in ("toc heading", "table of figures")


def parse_styles(root: etree._Element | None) -> Styles:
    styles = Styles()
    if root is None:
        return styles
    for st in root.iter(W + "style"):
        sid = st.get(W + "styleId") or ""
        bold = run_bold(st.find(W + "rPr"))
        if st.get(W + "type") == "character":
            if bold is not None:
                styles.char_bold[sid] = bold
            continue
        if st.get(W + "type") not in (None, "paragraph"):
            continue
        if bold is not None:
            styles.bold[sid] = bold
        styles.names[sid] = _val(st.find(W + "name"), "") or ""
        if st.get(W + "default") in ("1", "true"):
            styles.default_para = sid
        based = _val(st.find(W + "basedOn"))
        if based:
            styles.based_on[sid] = based
        ppr = st.find(W + "pPr")
        if ppr is None:
            continue
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            num_id = _val(numpr.find(W + "numId"))
            ilvl = numpr.find(W + "ilvl")
            styles.num[sid] = (num_id, (_level_index(_val(ilvl)) or 0)
                               if ilvl is not None else None)
        outline = ppr.find(W + "outlineLvl")
        if outline is not None and _int(_val(outline), 9, lo=0) < 9:
            styles.outline[sid] = _int(_val(outline), 9, lo=0)
    return styles


def run_bold(rpr: etree._Element | None) -> bool | None:
    """What run properties say about bold: True, False (w:b w:val="0"), None (nothing)."""
    if rpr is None:
        return None
    b = rpr.find(W + "b")
    if b is None:
        return None
    return _val(b, "1") not in ("0", "false", "off")


def _parse_level(lvl: etree._Element) -> Level:
    level = Level()
    level.start = _int(_val(lvl.find(W + "start")), 1, lo=0)
    level.fmt = _val(lvl.find(W + "numFmt"), "decimal") or "decimal"
    text_el = lvl.find(W + "lvlText")
    level.text = (_val(text_el, "") or "")[:MAX_LEVEL_TEXT] if text_el is not None else ""
    restart = lvl.find(W + "lvlRestart")
    level.restart = _int(_val(restart), 0, lo=0, hi=MAX_LEVEL + 1) if restart is not None \
        else None
    level.is_lgl = lvl.find(W + "isLgl") is not None and _val(lvl.find(W + "isLgl"), "1") not in (
        "0", "false")
    level.suffix = _val(lvl.find(W + "suff"), "tab") or "tab"
    level.pstyle = _val(lvl.find(W + "pStyle"), "") or ""
    return level


class Numbering:
    """Numbering definitions plus the running counters of one pass through a document."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self._abstract_xml: dict[str, etree._Element] = {}
        self._abstract: dict[str, dict[int, Level]] = {}
        self.style_link: dict[str, str] = {}      # abstractNum numStyleLink -> style id
        self.nums: dict[str, NumInstance] = {}
        if root is not None:
            self._parse(root)
        self.counters: dict[str, dict[int, int]] = {}
        self.started_overrides: set[str] = set()

    def _parse(self, root: etree._Element) -> None:
        for ab in root.iter(W + "abstractNum"):
            aid = ab.get(W + "abstractNumId") or ""
            self._abstract_xml[aid] = ab  # levels are parsed when first used
            link = _val(ab.find(W + "numStyleLink"))
            if link:
                self.style_link[aid] = link
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId") or ""
            inst = NumInstance(abstract_id=_val(num.find(W + "abstractNumId"), "") or "")
            for ov in num.findall(W + "lvlOverride"):
                ilvl = _level_index(ov.get(W + "ilvl"))
                if ilvl is None:
                    continue
                so = ov.find(W + "startOverride")
                if so is not None:
                    inst.overrides[ilvl] = _int(_val(so), 1, lo=0)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[nid] = inst

    def levels(self, aid: str) -> dict[int, Level]:
        """The levels of one abstract numbering definition (parsed once, on first use)."""
        levels = self._abstract.get(aid)
        if levels is None:
            ab = self._abstract_xml.get(aid)
            levels = {}
            for lvl in ab.findall(W + "lvl") if ab is not None else ():
                ilvl = _level_index(lvl.get(W + "ilvl"))
                if ilvl is not None:
                    levels[ilvl] = _parse_level(lvl)
            self._abstract[aid] = levels
        return levels

    def _resolve_abstract(self, inst: NumInstance) -> str:
        """Follow numStyleLink (a list style) to the abstractNum that holds the levels."""
        aid = inst.abstract_id
        for _ in range(4):
            link = self.style_link.get(aid)
            if not link:
                break
            num_id, _ = self.styles.numbering_of(link)
            target = self.nums.get(num_id or "")
            if target is None or target.abstract_id == aid:
                break
            aid = target.abstract_id
        return aid

    def paragraph_numbering(self, ppr: etree._Element | None) -> tuple[str | None, int]:
        """The (numId, ilvl) a paragraph uses, from its own numPr or from its style."""
        num_id: str | None = None
        ilvl: int | None = None
        style_id = ""
        if ppr is not None:
            style_id = _val(ppr.find(W + "pStyle"), "") or ""
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id = _val(numpr.find(W + "numId"))
                il = numpr.find(W + "ilvl")
                if il is not None:
                    ilvl = _level_index(_val(il))
                    if ilvl is None:
                        return None, 0  # a level Word does not have: no label
        style_id = style_id or self.styles.default_para
        if num_id is None and style_id:
            num_id, style_ilvl = self.styles.numbering_of(style_id)
            if ilvl is None:
                ilvl = style_ilvl
        if num_id is None or num_id == "0":
            return None, 0
        if ilvl is None:
            ilvl = self._level_for_style(num_id, style_id)
        return num_id, ilvl

    def _level_for_style(self, num_id: str, style_id: str) -> int:
        inst = self.nums.get(num_id)
        if inst is None:
            return 0
        for ilvl, level in self.levels(self._resolve_abstract(inst)).items():
            if level.pstyle and level.pstyle == style_id:
                return ilvl
        return 0

    def next_label(self, ppr: etree._Element | None) -> tuple[str, str]:
        """Advance the counters for this paragraph; returns (label, separator) or ("", "")."""
        num_id, ilvl = self.paragraph_numbering(ppr)
        if num_id is None:
            return "", ""
        inst = self.nums.get(num_id)
        if inst is None:
            return "", ""
        aid = self._resolve_abstract(inst)
        levels = dict(self.levels(aid))
        levels.update(inst.level_overrides)
        level = levels.get(ilvl)
        if level is None:
            return "", ""
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.started_overrides and inst.overrides:
            self.started_overrides.add(num_id)
            for ov_lvl, start in inst.overrides.items():
                counters[ov_lvl] = start - 1
                for deeper in [k for k in counters if k > ov_lvl]:
                    del counters[deeper]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            deeper_level = levels.get(deeper)
            # lvlRestart="0" means "never restart"; otherwise restart below a higher level.
            if deeper_level is None or deeper_level.restart != 0:
                del counters[deeper]
        for higher in range(ilvl):
            if higher not in counters and higher in levels:
                counters[higher] = levels[higher].start
        if level.fmt in ("bullet", "none"):
            return "", ""

        def repl(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            if lv is None:
                return ""
            fmt = "decimal" if level.is_lgl and k < ilvl else lv.fmt
            return format_number(counters.get(k, lv.start), fmt)

        label = re.sub(r"%([1-9])", repl, level.text)
        sep = {"space": " ", "nothing": ""}.get(level.suffix, "\t")
        return label, sep


# --- number formats -------------------------------------------------------------------------

_LEGAL = "〇壱弐参四伍六七八九"
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _letters(n: int, upper: bool) -> str:
    """Word repeats the letter past z: 27 -> aa, 28 -> bb."""
    if n <= 0:
        return ""
    ch = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    return ch.upper() if upper else ch


def _roman(n: int) -> str:
    if n <= 0:
        return ""
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                       (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                       (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _circled(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return f"({n})"


def _cycle(seq: str, n: int) -> str:
    return seq[(n - 1) % len(seq)] if n > 0 else ""


# Counting formats are only rendered up to here; larger values (a list that ran on for tens
# of thousands of paragraphs, a damaged start value) are shown in decimal, which keeps every
# label short. Letters repeat (27 -> aa), so they stop where Word's do (780 = 30 letters);
# roman numerals at 3999 (mmmcmxcix).
MAX_FORMATTED = 9999
_MAX_BY_FORMAT = {"lowerLetter": 780, "upperLetter": 780, "lowerRoman": 3999,
                  "upperRoman": 3999}


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word numFmt; unknown formats fall back to decimal."""
    if fmt in ("decimal", "decimalHalfWidth") or not 0 <= n <= _MAX_BY_FORMAT.get(
            fmt, MAX_FORMATTED):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _circled(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt in ("japaneseCounting", "chineseCounting", "chineseCountingThousand",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"):
        return to_kanji(n)
    if fmt == "japaneseDigitalTenThousand":
        return "".join(KANJI_WRITE[int(c)] for c in str(n))
    if fmt == "japaneseLegal":
        return to_kanji(n, _LEGAL)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    # Word shows aiueo/iroha in half-width kana; we give the full-width letter so that the
    # label reads (and matches typed labels) the same either way.
    if fmt in ("aiueo", "aiueoFullWidth"):
        return _cycle(_AIUEO, n)
    if fmt in ("iroha", "irohaFullWidth"):
        return _cycle(_IROHA, n)
    if fmt in ("ideographTraditional",):
        return _cycle(_TIANGAN, n)
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return _cycle(_ZODIAC, n)
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)
