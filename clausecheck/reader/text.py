"""Plain text and Markdown front end: decode the bytes, turn lines into Blocks."""

from __future__ import annotations

import re

from clausecheck.reader.limits import TextBudget
from clausecheck.reader.segment import Block

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


class DecodeError(ValueError):
    """The bytes are not text in an encoding we read."""


# ISO-2022-JP (JIS, old mail and some exports) is 7-bit: it decodes as ASCII with escape
# sequences in it, so it is recognised by those sequences before anything else is tried.
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I", b"\x1b$(D", b"\x1b$(Q",
                    b"\x1b$(O")
_ISO2022_CODECS = ("iso2022_jp", "iso2022_jp_2004", "iso2022_jp_ext", "iso2022_jp_2")
# Control characters other than tab and line ends mean nothing in a contract and could act on a
# terminal (escape sequences) when the text is shown.
_CONTROLS = {c: None for c in list(range(0x00, 0x09)) + [0x0B] + list(range(0x0E, 0x20))
             + [0x7F] + list(range(0x80, 0xA0))}


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, ISO-2022-JP, else Shift_JIS (cp932) or
    EUC-JP, whichever reads as Japanese; control characters are dropped."""
    return _decode(data).translate(_CONTROLS)


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec.upper()} text ({exc.reason})") from None
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM, or a binary file: only accept the former when it decodes.
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and _mostly_printable(text):
                return text
        raise DecodeError("binary data, not text")
    if any(esc in data for esc in _ISO2022_ESCAPES) and max(data, default=0) < 0x80:
        for codec in _ISO2022_CODECS:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                continue
        raise DecodeError("damaged ISO-2022-JP (JIS) text; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = []
    for codec in ("cp932", "euc_jp"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _mostly_printable(text) and _plausible_japanese(text):
            readings.append((_japanese_score(text), text))
    if not readings:
        raise DecodeError("cannot decode the text: not UTF-8, UTF-16, Shift_JIS (cp932), "
                          "EUC-JP or ISO-2022-JP; save it as UTF-8")
    return max(readings, key=lambda r: r[0])[1]


def _plausible_japanese(text: str) -> bool:
    """Japanese prose has hiragana (particles, endings): a third of its letters, rarely under
    a tenth. Random bytes read as EUC-JP give random kanji with almost none."""
    sample = text[:20000]
    cjk = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
    if cjk < 100:
        return True  # too little to judge (an English text with a few Japanese words)
    hiragana = sum(1 for ch in sample if "\u3041" <= ch <= "\u309f")
    return hiragana >= 0.08 * cjk


def _japanese_score(text: str) -> float:
    """How much a decoding reads as Japanese: kana and kanji count, half-width katakana (what
    EUC-JP bytes become when read as Shift_JIS) and private-use characters count against."""
    sample = text[:20000]
    good = sum(1 for ch in sample if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"
               or ch in "、。「」（）")
    bad = sum(1 for ch in sample if "\uff61" <= ch <= "\uff9f" or "\ue000" <= ch <= "\uf8ff")
    return (good - 2 * bad) / max(1, len(sample))


_RE_WORDISH = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}"
                         r"|[A-Za-z\u00c0-\u024f]{2}")


def readable(text: str) -> bool:
    """Whether the text has letters forming words at all: not emoji, digits, symbols,
    zero-width spaces or half-width kana noise (what random bytes read as Shift_JIS give)."""
    return _RE_WORDISH.search(text) is not None


def _mostly_printable(text: str) -> bool:
    sample = text[:4000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if not ch.isprintable() and ch not in "\n\r\t\f")
    return bad <= len(sample) * 0.02


def split_lines(text: str) -> list[str]:
    """Lines as numbered by an editor (\\r\\n, \\r and \\n all end a line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _indent(line: str) -> int:
    """Leading whitespace width (a tab counts as four, an ideographic space as two)."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4
        else:
            break
    return width


def text_blocks(text: str, budget: TextBudget | None = None) -> list[Block]:
    """One Block per non-empty line; the source is the 0-based line index.

    A line with two or more tabs is a table row pasted from a spreadsheet or Word: its cells
    are joined with " | " and it is never read as a numbered unit.
    """
    blocks = []
    for i, line in enumerate(split_lines(text)):
        if not line.strip():
            continue
        if budget is not None:
            budget.add(line)
        if line.strip().count("\t") >= 2:
            cells = [c.strip() for c in line.strip().split("\t")]
            blocks.append(Block(text=" | ".join(c for c in cells if c), source=i, table=True))
        else:
            blocks.append(Block(text=line.replace("\t", " ").strip(), source=i,
                                indent=_indent(line)))
    return blocks


RE_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
RE_MD_FENCE = re.compile(r"^\s*(```|~~~)")
RE_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
# Matched on the stripped line: two whitespace repeats side by side ("^\s*\|?\s*") take
# quadratic time on a long run of spaces.
RE_MD_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
# No bracket inside the link text, no parenthesis inside the target: each attempt then stops
# at the next one, so "[[[[…" or "[a]([a](…" on a long line is read in linear time.
RE_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
RE_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
RE_MD_TAG = re.compile(r"</?(br|u|sup|sub|span|div|p|b|i|em|strong)\b[^<>]*>", re.IGNORECASE)
# "**Confidentiality**" alone on its line: bold all through, as an unnumbered heading is.
RE_MD_BOLD_LINE = re.compile(r"^(\*\*|__)([^*_]+?)\1[.:]?$")
RE_MD_BULLET = re.compile(r"^\s*[-*+]\s+")
RE_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
RE_MD_TOC = re.compile(r"^\s*([-*+]\s*)?\[[^\]]*\]\(#[^)]*\)\s*$")


def markdown_blocks(text: str, budget: TextBudget | None = None) -> list[Block]:
    """Markdown: headings keep their level as a hint; fences, rules and TOC links go."""
    blocks: list[Block] = []
    for i, raw in enumerate(split_lines(text)):
        if budget is not None and raw.strip():
            budget.add(raw)
        if RE_MD_FENCE.match(raw) or RE_MD_RULE.match(raw) or RE_MD_TABLE_SEP.match(raw.strip()):
            continue
        if RE_MD_TOC.match(raw):
            blocks.append(Block(text=raw.strip(), source=i, skip=True))
            continue
        line = raw.replace("\t", " ")
        heading = 0
        m = RE_MD_HEADING.match(line.strip())
        if m:
            heading, line = len(m.group(1)), m.group(2).rstrip().rstrip("#").rstrip()
        indent = _indent(line)
        line = re.sub(r"^\s*(>\s*)+", "", line)
        line = RE_MD_BULLET.sub("", line)
        line = RE_MD_LINK.sub(r"\1", line)
        bold = bool(RE_MD_BOLD_LINE.match(line.strip()))
        line = RE_MD_EMPH.sub(r"\2", line)
        line = RE_MD_TAG.sub(" ", line)
        if line.strip().startswith("|"):
            line = " ".join(c.strip() for c in line.strip().strip("|").split("|"))
        line = RE_MD_ESCAPE.sub(r"\1", line)
        if line.strip():
            blocks.append(Block(text=line.strip(), source=i, heading=heading, indent=indent,
                                bold=bold))
    return blocks
