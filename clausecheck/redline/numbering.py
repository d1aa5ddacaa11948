"""Numbers and headings for inserted articles, in the contract's own style.

Typed numbers get a branch number so every existing cross-reference stays true: 第5条 →
第5条の2, 第5条の3…; "5." → "5.A", "Section 5" → "Section 5.A", "Article 5" → "Article 5.A".
Automatic numbering needs no label at all: the copied ``w:numPr`` makes Word count the new
article in sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausecheck import numerals

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_HALF = str.maketrans("０１２３４５６７８９", "0123456789")

_JA_ARTICLE = re.compile(r"^(?P<pre>\s*第\s*)(?P<num>[0-9０-９〇一二三四五六七八九十百]+)"
                         r"(?P<mid>\s*条)(?:\s*の\s*(?P<branch>[0-9０-９〇一二三四五六七八九十]+))?")
_EN_ARTICLE = re.compile(r"^(?P<pre>\s*(?:(?:article|section|clause)\s+)?)"
                         r"(?P<num>\d+)(?:\.(?P<branch>[A-Z]))?(?P<rest>[.)]?)\s*$", re.I)


def kanji_number(n: int) -> str:
    """``n`` in kanji numerals (二, 十, 十二, 二十三)."""
    return numerals.to_kanji(n)


def number_value(text: str) -> int | None:
    """The integer value of an Arabic (half or full width) or kanji numeral."""
    return numerals.number_value(text)


def same_style_number(n: int, like: str) -> str:
    """``n`` written the way ``like`` writes its number: kanji, full-width or ASCII digits."""
    if like and all(c in numerals.KANJI_WRITE + "十百" for c in like):
        return kanji_number(n)
    if any(c in "０１２３４５６７８９" for c in like):
        return str(n).translate(_FULL)
    return str(n)


@dataclass(frozen=True)
class Branch:
    """The base article a branch hangs from, and the branch index already used (1 = none)."""

    base: str
    index: int


def parse_branch(label: str, lang: str) -> Branch | None:
    """The base article and branch of a typed label, or None when the label is not an
    article number this module can extend."""
    if lang == "ja" or _JA_ARTICLE.match(label):
        m = _JA_ARTICLE.match(label)
        if m:
            branch = number_value(m.group("branch")) if m.group("branch") else 1
            return Branch(m.group("pre") + m.group("num") + m.group("mid"), branch or 1)
    m = _EN_ARTICLE.match(label)
    if m:
        index = ord(m.group("branch").upper()) - ord("A") + 2 if m.group("branch") else 1
        return Branch(m.group("pre") + m.group("num"), index)
    return None


def branch_label(base_label: str, index: int, lang: str) -> str:
    """The label of branch ``index`` (2 = the first inserted) of the article ``base_label``:
    第5条 + 2 → 第5条の2; 5. + 2 → 5.A; Section 5 + 3 → Section 5.B."""
    m = _JA_ARTICLE.match(base_label)
    if m:
        return f"{m.group('pre')}{m.group('num')}{m.group('mid')}の" + \
            same_style_number(index, m.group("num"))
    m = _EN_ARTICLE.match(base_label)
    if m:
        return f"{m.group('pre')}{m.group('num')}.{chr(ord('A') + index - 2)}"
    # an unknown style: append a branch marker that cannot collide with an existing number
    return f"{base_label}-{index}" if lang != "ja" else f"{base_label}の{index}"


# ---------------------------------------------------------------------------------------------
# typed paragraph / item prefixes ("２　", "1. ", "(a) ", "（１）", "①")

_PREFIX = re.compile(r"^(?P<lead>[ \t　]*)(?P<open>[（(]?)(?P<num>[0-9０-９]+|[a-zA-Z]|[ア-ン]|"
                     r"[①-⑳]|[ⅰ-ⅹ]|[ivx]+)(?P<close>[)）.．]?)(?P<sep>[ \t　]*)")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_IROHA = "アイウエオカキクケコサシスセソタチツテト"


@dataclass(frozen=True)
class PrefixStyle:
    """How a contract writes a paragraph or item number in the text, learnt from one sample."""

    lead: str
    open: str
    kind: str  # "digit", "fullwidth", "alpha", "ALPHA", "circled", "katakana", "roman", "dotted"
    close: str
    sep: str

    def render(self, n: int, parent: str = "") -> str:
        """The prefix of number ``n``; ``parent`` is the article number for "dotted" styles
        (5.1, 5.2 under article 5)."""
        if self.kind == "dotted":
            return f"{self.lead}{parent}.{n}{self.close}{self.sep}"
        return f"{self.lead}{self.open}{self._number(n)}{self.close}{self.sep}"

    def _number(self, n: int) -> str:
        if self.kind == "fullwidth":
            return str(n).translate(_FULL)
        if self.kind == "alpha":
            return chr(ord("a") + n - 1)
        if self.kind == "ALPHA":
            return chr(ord("A") + n - 1)
        if self.kind == "circled":
            return _CIRCLED[n - 1] if n <= len(_CIRCLED) else f"({n})"
        if self.kind == "katakana":
            return _IROHA[n - 1] if n <= len(_IROHA) else str(n)
        if self.kind == "roman":
            return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][min(n, 10) - 1]
        return str(n)


_DOTTED = re.compile(r"^(?P<lead>[ \t　]*)(?P<parent>\d+(?:\.\d+)*)\.(?P<num>\d+)(?P<close>\.?)"
                     r"(?P<sep>[ \t　]*)")


def learn_prefix(text: str, number: str) -> PrefixStyle | None:
    """The prefix style of a paragraph whose text starts with its typed ``number``."""
    dotted = _DOTTED.match(text)
    if dotted and number and number.rstrip(".").endswith(dotted.group("num")) and "." in number:
        return PrefixStyle(dotted.group("lead"), "", "dotted", dotted.group("close"),
                           dotted.group("sep") or " ")
    m = _PREFIX.match(text)
    if not m or not number:
        return None
    num = m.group("num")
    core = number.strip("()（）.． 　")
    if num != core and num.translate(_HALF) != core.translate(_HALF):
        return None
    if num in _CIRCLED:  # before isdigit(): Python counts ① as a digit
        kind = "circled"
    elif num.translate(_HALF).isdigit():
        kind = "fullwidth" if num != num.translate(_HALF) else "digit"
    elif num in _IROHA:
        kind = "katakana"
    elif re.fullmatch(r"[ivx]+", num) and len(num) > 1:
        kind = "roman"
    else:
        kind = "alpha" if num.islower() else "ALPHA"
    return PrefixStyle(m.group("lead"), m.group("open"), kind, m.group("close"), m.group("sep"))


_NUM_FORMATS = {"decimal": "digit", "decimalFullWidth": "fullwidth", "decimalFullWidth2": "fullwidth",
                "lowerLetter": "alpha", "upperLetter": "ALPHA", "decimalEnclosedCircle": "circled",
                "lowerRoman": "roman", "aiueoFullWidth": "katakana", "aiueo": "katakana"}


def list_level(numbering: object, num_id: str, ilvl: str) -> object | None:
    """The ``w:lvl`` element of level ``ilvl`` of list ``num_id`` in a numbering part."""
    from clausecheck.redline.ooxml import xpath

    abstract = xpath(numbering, "./w:num[@w:numId=$n]/w:abstractNumId/@w:val", n=num_id)
    if not abstract:
        return None
    found = xpath(numbering, "./w:abstractNum[@w:abstractNumId=$a]/w:lvl[@w:ilvl=$i]",
                  a=str(abstract[0]), i=ilvl)
    return found[0] if found else None


def prefix_from_level(lvl: object) -> PrefixStyle | None:
    """The typed form of a list level: its lvlText around the number, its number format, and
    a tab (Word's default suffix) or a space."""
    from clausecheck.redline.ooxml import xpath

    text = xpath(lvl, "string(./w:lvlText/@w:val)")
    fmt = xpath(lvl, "string(./w:numFmt/@w:val)")
    suffix = xpath(lvl, "string(./w:suff/@w:val)") or "tab"
    sep = {"tab": "\t", "space": " "}.get(suffix, "")
    dotted = re.fullmatch(r"(?P<open>[^%]*)(?:%\d[.．])+%\d(?P<close>[^%]*)", text)
    if dotted:  # "%1.%2": the article's number, then the paragraph's
        return PrefixStyle("", dotted.group("open"), "dotted", dotted.group("close"), sep)
    m = re.fullmatch(r"(?P<open>[^%]*)%\d(?P<close>[^%]*)", text)
    if not m:
        return None
    return PrefixStyle("", m.group("open"), _NUM_FORMATS.get(fmt, "digit"), m.group("close"), sep)


def default_prefix(level: str, lang: str) -> PrefixStyle:
    """A plain prefix when the contract offers no sample for this level."""
    if lang == "ja":
        if level == "item":
            return PrefixStyle("", "（", "fullwidth", "）", "")
        return PrefixStyle("", "", "fullwidth", "", "　")
    if level == "item":
        return PrefixStyle("", "(", "alpha", ")", " ")
    return PrefixStyle("", "", "digit", ".", " ")


# ---------------------------------------------------------------------------------------------
# the recommended text as paragraphs with levels

_LINE_PARAGRAPH = re.compile(r"^[ \t　]*(?:[0-9０-９]+)[.．]?[ \t　]+|^[ \t　]*(?:[0-9０-９]+)[.．](?=\S)")
_LINE_ITEM = re.compile(r"^[ \t　]*(?:[（(](?:[0-9０-９]+|[a-zA-Z]|[ア-ン]|[ivx]+)[)）]|[①-⑳]|"
                        r"[a-z][.)])[ \t　]*")


@dataclass(frozen=True)
class Line:
    """One paragraph of a recommended text: ``level`` is "paragraph" or "item"."""

    level: str
    text: str


def label_core(label: str) -> str:
    """The numeric part of a typed article label ("Section 5.A" → "5.A"), for dotted children."""
    m = re.search(r"\d+(?:\.[0-9A-Z]+)*", label)
    return m.group(0) if m else label.strip()


def split_recommended(text: str) -> list[Line]:
    """The recommended text as paragraphs, their own typed numbers removed (the contract's
    numbering style is applied when they are inserted)."""
    out: list[Line] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _LINE_ITEM.match(line)
        if m and len(line) > m.end():
            out.append(Line("item", line[m.end():].strip()))
            continue
        m = _LINE_PARAGRAPH.match(line)
        if m and len(line) > m.end():
            out.append(Line("paragraph", line[m.end():].strip()))
            continue
        out.append(Line("paragraph", line))
    return out
