"""Positioned lines of printed pages -> the paragraphs of the contract, as segmenter Blocks.

Shared by the text-layer PDF reader and OCR: both give, per page, lines with their box, font
size and column. What a printed page adds to the text, and what is undone here:
- running headers and footers (a title, 「社外秘」, "Confidential") and page numbers
  ("- 3 -", "3 / 9", "Page 3 of 9") repeat in the page margins: they are dropped;
- lines are wrapped at the margin: a line that was filled to the margin continues on the
  next line (and across a page break), unless the next line opens a numbered unit; Japanese
  lines are joined without a space, English ones with a space, a hyphen at the end of a
  line joins the word halves;
- paragraphs are separated by their indentation, extra vertical space, or a line that ends
  well before the margin.
Table rows stay one Block each (``table=True``), as in the .docx reader; a row broken by a
page break (its cells go on at the top of the next page) is put back together.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from clausecheck.reader.markers import article_marker, fold_width, sub_marker
from clausecheck.reader.pdftext import is_cjk
from clausecheck.reader.segment import RE_ANNEX_EN, RE_ANNEX_JA, Block, detect_language


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    col: int = 0        # 0 / 1 on a two-column page, -1 for a full-width line or a table row
    table: bool = False
    # a table row's cells, empty ones too: (x0, x1, text) each, left to right
    cells: tuple[tuple[float, float, str], ...] = ()


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]


# Page numbers alone on a line, in the forms contracts use.
RE_PAGE_NUMBER = re.compile(
    r"^[-–—−ー―\s]*(\d{1,4}|[ivxlc]{1,6})[-–—−ー―\s]*$"
    r"|^(page|p\.)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$"
    r"|^\d{1,4}\s*(/|of)\s*\d{1,4}$"
    r"|^(第\s*)?\d{1,4}\s*(頁|ページ)(\s*/\s*\d{1,4})?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}\s*(頁|ページ)$",
    re.IGNORECASE)
# Margin share of the page where running headers and footers sit.
MARGIN = 0.12
RE_OPENING_BRACKET = re.compile(r"^[（(【［\[〔＜<《〈「『]")
RE_SENTENCE_END = re.compile(r"[。．.!?！？:：;；」』)）]$")


def _key(text: str) -> str:
    """A header or footer's identity across pages: digits vary (page numbers, dates)."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", fold_width(text))).lower()


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom <= page.height * MARGIN or line.top >= page.height * (1 - MARGIN)


def strip_running(pages: list[Page]) -> int:
    """Remove page numbers and repeated headers/footers in place; how many lines went."""
    counts: dict[str, int] = {}
    for page in pages:
        seen = {_key(ln.text) for ln in page.lines if _in_margin(ln, page) and not ln.table}
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    repeat = max(2, (len(pages) + 1) // 2)
    removed = 0
    for page in pages:
        keep = []
        for ln in page.lines:
            if not ln.table and _in_margin(ln, page):
                folded = fold_width(ln.text).strip()
                if RE_PAGE_NUMBER.match(folded) or (len(pages) >= 2
                                                    and counts.get(_key(ln.text), 0) >= repeat):
                    removed += 1
                    continue
            keep.append(ln)
        page.lines = keep
    return removed


@dataclass
class _Frame:
    """Where the text of one column of one page runs: its left and right edges."""

    left: float
    right: float
    pitch: float


def _frames(page: Page) -> dict[int, _Frame]:
    frames: dict[int, _Frame] = {}
    for col in {ln.col for ln in page.lines if not ln.table}:
        lines = [ln for ln in page.lines if ln.col == col and not ln.table]
        rights = sorted(ln.x1 for ln in lines)
        # the margin: what most full lines reach (a few lines run past it: kinsoku, wide words)
        right = rights[int(0.9 * (len(rights) - 1))] if len(rights) >= 3 else rights[-1]
        pitches = [b.top - a.top for a, b in zip(lines, lines[1:])
                   if 0 < b.top - a.top < 3 * max(a.size, 1.0)]
        pitch = statistics.median(pitches) if pitches else 1.5 * statistics.median(
            ln.size for ln in lines)
        frames[col] = _Frame(min(ln.x0 for ln in lines), right, pitch)
    return frames


def _unit_kind(text: str, lang: str) -> str:
    """What unit the line opens: "article", "sub" (a paragraph or item label), "weak" (an
    item label that is also a common word start: ア、 / 一 …), "other" (annex, bracketed
    heading) or "" (none: the line may continue a paragraph)."""
    norm = fold_width(text).strip()
    if article_marker(norm) is not None:
        return "article"
    m = sub_marker(norm, lang)
    if m is not None:
        return "weak" if m.kind in ("kata", "kanji") else "sub"
    if RE_ANNEX_JA.match(norm) or RE_ANNEX_EN.match(norm) and norm[:1].isupper():
        return "other"
    if RE_OPENING_BRACKET.match(norm) and len(norm) <= 40 \
            and norm.rstrip()[-1:] in ")）】］]〕＞>》〉":
        return "other"
    return ""


def _first_word_width(line: Line, lang: str) -> float:
    text = line.text.strip()
    if not text:
        return 0.0
    per_char = (line.x1 - line.x0) / max(len(text), 1)
    if lang == "ja" or is_cjk(text[0]):
        return per_char
    word = text.split()[0]
    return per_char * (len(word) + 1)


def _continues(prev: Line, line: Line, frame: _Frame, own: _Frame, lang: str, moved: bool,
               labels: dict[str, int]) -> bool:
    """Is ``line`` the wrapped continuation of the paragraph ``prev`` ends?

    ``frame`` is the column ``prev`` stands in, ``own`` the one of ``line``; ``moved`` says
    that ``line`` is the first line of the next column or page (no vertical spacing to
    compare then).
    """
    if prev.table or line.table:
        return False
    width = max(frame.right - frame.left, 1.0)
    if prev.x0 > frame.left + 0.2 * width \
            or line.x0 > own.left + 0.2 * max(own.right - own.left, 1.0):
        return False  # centred or right-aligned lines (titles, dates, signatures) stand alone
    if not moved and line.top - prev.top > 1.35 * frame.pitch:
        return False  # extra space above: a new paragraph
    room = frame.right - prev.x1
    if room > _first_word_width(line, lang) + 1.2 * max(prev.size, 1.0):
        return False  # the line ended early although the next word would have fitted
    if line.x0 < prev.x0 - 0.5 * max(prev.size, 1.0) and RE_SENTENCE_END.search(prev.text):
        return False  # back to the left after a full stop: the next paragraph (hanging indent)
    kind = _unit_kind(line.text, lang)
    if kind:
        # A full line that ends inside a sentence goes on into a word that only looks like a
        # label: "... the meaning given in / Section 3.1;", 「…ノウハ / ウ、データ…」,
        # "seven / (7) years" (a label out of sequence).
        inside = not RE_SENTENCE_END.search(prev.text) and not prev.text.endswith(("、", ","))
        if not inside:
            return False
        if kind == "weak" or lang == "en" and kind == "article":
            return True
        return lang == "en" and kind == "sub" and not _in_sequence(line.text, lang, labels)
    return True


def _in_sequence(text: str, lang: str, labels: dict[str, int]) -> bool:
    """The line's label is the first of its family or follows the last one seen."""
    m = sub_marker(fold_width(text).strip(), lang)
    if m is None:
        return False
    last = labels.get(m.kind)
    return m.value <= 1 or last is not None and m.value in (last + 1, m.sub and last + 1)


def _remember_label(text: str, lang: str, labels: dict[str, int]) -> None:
    m = sub_marker(fold_width(text).strip(), lang)
    if m is not None:
        labels[m.kind] = m.value


# LibreOffice prints a list number changed by a tracked change as "第30条[第31条]" (or
# "[第29条]" alone when the paragraph was inserted): the number in brackets is the one the
# document has with its changes accepted, as the .docx reader reads it.
RE_TRACKED_NUMBER = re.compile(r"^(?:第\s*\d+\s*条|\d+(?:\.\d+)*\.?)?\s*\[(第\s*\d+\s*条|\d+(?:\.\d+)*\.?)\]")


def _accepted_number(text: str) -> str:
    m = RE_TRACKED_NUMBER.match(text)
    return m.group(1) + text[m.end():] if m else text


def join_text(left: str, right: str) -> str:
    """Two pieces of one wrapped paragraph: no space between Japanese characters, a
    hyphenated English word made whole."""
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if is_cjk(a) or is_cjk(b):
        if not (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
            return left + right
    if a == "-" and len(left) >= 2 and left[-2].isalpha() and b.islower():
        return left[:-1] + right
    return left + " " + right


def continued_row(prev: Line, line: Line) -> bool:
    """Is ``line``, the first line of a page, the rest of the table row ``prev`` that ended
    the page before? Word and LibreOffice let a row break across pages: the cells that had
    more text go on at the top of the next page, under the same columns, and the first
    cell — the row's item, name or number, short — has nothing left over. A new row at the
    top of a page has its first cell filled."""
    if not (prev.table and line.table and prev.cells and line.cells) \
            or line.page != prev.page + 1 or len(prev.cells) != len(line.cells):
        return False
    width = max(prev.cells[-1][1] - prev.cells[0][0], 1.0)
    tol = max(2.0, 0.01 * width)
    if any(abs(a[0] - b[0]) > tol or abs(a[1] - b[1]) > tol
           for a, b in zip(prev.cells, line.cells)):
        return False  # another table, or the same one with other columns
    filled = [bool(c[2].strip()) for c in line.cells]
    if filled[0] or not prev.cells[0][2].strip() or not any(filled):
        return False
    # the cells that go on were not finished on the page before
    return all(not f or prev.cells[i][2].strip() for i, f in enumerate(filled))


def _joined_row(prev: Line, line: Line) -> Line:
    cells = tuple((a[0], a[1], join_text(a[2], b[2]))
                  for a, b in zip(prev.cells, line.cells))
    return Line(page=line.page, x0=min(prev.x0, line.x0), x1=max(prev.x1, line.x1),
                top=line.top, bottom=line.bottom, size=prev.size,
                text=" | ".join(c[2] for c in cells if c[2]), col=prev.col, table=True,
                cells=cells)


def paragraphs(pages: list[Page], lang: str | None = None) -> list[Block]:
    """The pages' lines as segmenter Blocks, wrapped lines joined into one Block each.

    ``Block.source`` is the index of the paragraph's first line in the reading order of all
    lines of all pages (after headers and footers are removed).
    """
    if lang is None:
        lang = detect_language("\n".join(ln.text for p in pages for ln in p.lines[:200]))
    blocks: list[Block] = []
    prev: Line | None = None
    prev_frame: _Frame | None = None
    labels: dict[str, int] = {}  # the last value seen of each family of labels
    index = 0
    for page in pages:
        frames = _frames(page)
        for line in page.lines:
            text = _accepted_number(line.text.strip())
            if not text:
                index += 1
                continue
            frame = frames.get(line.col) if not line.table else None
            moved = prev is not None and (prev.page != line.page or prev.col != line.col)
            if prev is not None and blocks and blocks[-1].table and line is page.lines[0] \
                    and continued_row(prev, line):
                prev = _joined_row(prev, line)
                blocks[-1].text = prev.text
                index += 1
                continue
            if (prev is not None and blocks and frame is not None and prev_frame is not None
                    and _continues(prev, line, prev_frame, frame, lang, moved, labels)):
                blocks[-1].text = join_text(blocks[-1].text, text)
            else:
                blocks.append(Block(text=text, source=index, table=line.table))
                _remember_label(text, lang, labels)
            prev, prev_frame = line, frame
            index += 1
    return blocks
