"""The text layer of a PDF as positioned lines, in reading order; run as a child process.

    python -m clausecheck.reader.pdftext --max-pages 1000 < contract.pdf > lines.json

The parent (``reader.pdf``) runs this under a time and memory limit (``reader.tools``):
pdfminer is pure Python and a hostile file can keep it busy or make it allocate without
bound. The output is plain JSON, one object per page::

    {"pages": [{"width": 595.3, "height": 841.9, "chars": 1024, "image_cover": 0.0,
                "lines": [[x0, x1, top, bottom, size, "text", col, is_table, cells], ...]},
               ...]}

(``cells``: for a table row, ``[[x0, x1, "text"], ...]`` of every cell, empty ones too, so
that a row broken across a page can be put back together; ``[]`` for other lines.)

or ``{"error": "reason"}`` for a file that cannot be read (not a PDF, password, too many
pages). Lines are rebuilt from character positions (not from the PDF's text objects, whose
order is the producer's): characters on one baseline form a row; a two-column page is split
at its gutter and read column by column; struck-through characters (deleted text, as Word
and LibreOffice print tracked deletions) are dropped; ruled tables become one line per row
with the cells joined by `` | ``.
"""

from __future__ import annotations

import json
import statistics
import sys
from typing import Any, Iterable

Line = list  # [x0, x1, top, bottom, size, text, col, table, cells]

_CJK_RANGES = ((0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
               (0xFF00, 0xFFEF))


def is_cjk(ch: str) -> bool:
    """Japanese script or full-width punctuation: no space is written next to it."""
    if not ch:
        return False
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


# --------------------------------------------------------------------------- characters

def _quarter_turn(c: dict) -> bool:
    """The glyph is turned by 90°: Latin letters and digits set sideways in vertical text."""
    m = c.get("matrix") or (1, 0, 0, 1)
    return abs(m[0]) < 0.05 * abs(m[1] or 1) and abs(m[3]) < 0.05 * abs(m[2] or 1) \
        and m[1] != 0 and m[2] != 0


def _usable_chars(page: Any) -> list[dict]:
    """Visible, non-blank characters inside the page, overprints removed; upright ones,
    and those turned by a quarter (``turned``: kept only on a page of vertical text)."""
    x0, top, x1, bottom = page.bbox
    out = []
    for c in page.dedupe_chars().chars:
        text = c.get("text") or ""
        if not text:
            continue
        if not c.get("upright", True):
            if not _quarter_turn(c):
                continue  # rotated text: watermarks ("DRAFT" across the page)
            c = dict(c, turned=True)  # margin notes, or Latin set sideways in vertical text
        if c["x1"] < x0 or c["x0"] > x1 or c["bottom"] < top or c["top"] > bottom:
            continue
        if text.startswith("(cid:"):
            text = "\ufffd"  # a glyph without a Unicode mapping
        c = dict(c, text=text)
        out.append(c)
    return out


def _strike_lines(page: Any) -> list[tuple[float, float, float]]:
    """Thin horizontal strokes (x0, x1, y): candidates for strike-through."""
    out = []
    for obj in list(page.lines) + list(page.rects):
        height = abs(obj["bottom"] - obj["top"])
        if height <= 1.5 and obj["x1"] - obj["x0"] > 2:
            out.append((obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2))
    return out


def _mark_struck(chars: list[dict], strokes: list[tuple[float, float, float]],
                 page_height: float) -> None:
    """Flag characters crossed by a stroke between their baseline and their x-height:
    deleted text (an underline runs at or below the baseline: inserted text stays)."""
    for c in chars:
        size = max(c.get("size") or 1.0, 1.0)
        matrix = c.get("matrix")
        baseline = page_height - matrix[5] if matrix else c["bottom"]
        lo, hi = baseline - 0.6 * size, baseline - 0.12 * size
        cx = (c["x0"] + c["x1"]) / 2
        if any(sx0 <= cx <= sx1 and lo <= sy <= hi for sx0, sx1, sy in strokes):
            c["struck"] = True


# --------------------------------------------------------------------------- rows and text

def _rows(chars: list[dict]) -> list[list[dict]]:
    """Characters grouped by baseline, each row sorted left to right, rows top to bottom."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        size = max(c.get("size") or 0.0, 1.0)
        if rows:
            last = rows[-1]
            ref = last[0]
            tol = max(1.5, 0.35 * min(size, max(ref.get("size") or 1.0, 1.0)))
            if abs(c["bottom"] - ref["bottom"]) <= tol:
                last.append(c)
                continue
        rows.append([c])
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def text_of(chars: Iterable[dict]) -> str:
    """The characters' text, with a space where the gap between two is a word space.

    Spaces are decided by geometry: a space glyph between a Japanese character and a digit
    or Latin letter narrower than half a character is the typesetter's spacing between
    scripts (LibreOffice writes it out), not a space in the text. Struck-through
    characters are left out, but the gap after them is measured from them, so that the
    deletion leaves no space behind.
    """
    out: list[str] = []
    prev: dict | None = None  # the last character drawn (deleted ones too)
    spaced = False            # a space glyph stands between prev and the next character
    need_space = False        # a word space since the last character written
    for c in chars:
        text = c["text"]
        if text.isspace():
            spaced = True
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            size = max(min(c.get("size") or 1.0, prev.get("size") or 1.0), 1.0)
            a, b = prev["text"][-1:], text[:1]
            if is_cjk(a) and is_cjk(b):
                space = gap > 0.6 * size or spaced
            elif is_cjk(a) or is_cjk(b):
                # between scripts: a narrow space is spacing, except after a leading label
                label = all(ch.isascii() and not ch.isalpha() for ch in out)
                space = gap > 0.6 * size or spaced and (label or gap > 0.45 * size)
            else:
                space = gap > 0.22 * size or (spaced and gap > 0.05 * size)
            need_space = need_space or space
        if not c.get("struck"):
            if need_space and out:
                out.append(" ")
            out.append(text)
            need_space = False
        prev, spaced = c, False
    return "".join(out).strip()


def _size(chars: list[dict]) -> float:
    return float(statistics.median(c.get("size") or 0.0 for c in chars)) if chars else 0.0


def _line(chars: list[dict], col: int, table: bool = False, text: str | None = None,
          cells: list | None = None) -> Line:
    return [round(min(c["x0"] for c in chars), 2), round(max(c["x1"] for c in chars), 2),
            round(min(c["top"] for c in chars), 2), round(max(c["bottom"] for c in chars), 2),
            round(_size(chars), 2), text if text is not None else text_of(chars), col, table,
            cells or []]


# --------------------------------------------------------------------------- columns

def _spans(row: list[dict]) -> list[tuple[float, float]]:
    """The row's inked intervals, chars closer than a character width merged."""
    spans: list[list[float]] = []
    for c in row:
        if c["text"].isspace() or c.get("struck"):
            continue
        size = max(c.get("size") or 1.0, 1.0)
        if spans and c["x0"] - spans[-1][1] <= size:
            spans[-1][1] = max(spans[-1][1], c["x1"])
        else:
            spans.append([c["x0"], c["x1"]])
    return [(a, b) for a, b in spans]


def find_gutter(rows: list[list[dict]], width: float) -> float | None:
    """The x of the gap between two columns of text, or None for a one-column page.

    A gutter is a vertical band in the middle of the page that the text of (nearly) every
    row leaves empty, with enough rows having text on either side of it; on one-column pages
    most rows cross the middle.
    """
    if len(rows) < 6 or width <= 0:
        return None
    spans = [_spans(r) for r in rows]
    spans = [s for s in spans if s]
    size = statistics.median(_size(r) for r in rows) or 10.0
    lo, hi = int(width * 0.3), int(width * 0.7)
    best: tuple[float, float] | None = None
    x = lo
    while x < hi:
        crossing = sum(1 for s in spans if any(a < x < b for a, b in s))
        if crossing <= max(1, len(spans) // 20):
            start = x
            while x < hi and sum(1 for s in spans if any(a < x < b for a, b in s)) \
                    <= max(1, len(spans) // 20):
                x += 1
            if x - start >= max(6.0, 0.8 * size) and (best is None or x - start > best[1]):
                best = (start, x - start)
        x += 1
    if best is None:
        return None
    mid = best[0] + best[1] / 2
    left = sum(1 for s in spans if s[0][0] < mid and any(b < mid for a, b in s))
    right = sum(1 for s in spans if any(a > mid for a, b in s))
    if left < 0.25 * len(spans) or right < 0.25 * len(spans):
        return None
    return mid


def _order_rows(rows: list[list[dict]], gutter: float | None) -> list[Line]:
    """Rows as lines in reading order: on a two-column page, each band between full-width
    rows is read down the left column, then down the right one."""
    if gutter is None:
        return [_line(r, 0) for r in rows]
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for row in rows:
        spanning = any(c["x0"] < gutter < c["x1"] for c in row if not c["text"].isspace())
        if spanning:
            flush()
            out.append(_line(row, -1))
            continue
        lpart = [c for c in row if c["x1"] <= gutter]
        rpart = [c for c in row if c["x0"] >= gutter]
        if lpart and text_of(lpart):
            left.append(_line(lpart, 0))
        if rpart and text_of(rpart):
            right.append(_line(rpart, 1))
    flush()
    return out


# --------------------------------------------------------------------------- tables

# Share of the page height at its top and bottom where running headers and footers stand
# (as ``layout.MARGIN``).
_MARGIN = 0.12


def _tables(page: Any, chars: list[dict], lang_cjk: bool) -> tuple[list[tuple], list[dict]]:
    """Ruled tables of two or more columns: (top, [row lines]) each, and the chars outside
    them. A table needs two rows, except at the very top or bottom of the page's text, where
    one row is the part of a table that goes on from the page before or onto the next
    (a row taller than a page has a page with nothing else)."""
    try:
        found = page.find_tables()
    except Exception:  # a malformed drawing must not cost the text
        return [], chars
    tables = []
    used: set[int] = set()
    height = float(page.height)
    for table in found:
        rows = [r for r in table.rows if any(cell is not None for cell in r.cells)]
        ncols = max((sum(1 for cell in r.cells if cell is not None) for r in rows), default=0)
        x0, top, x1, bottom = table.bbox
        if ncols < 2 or not rows:
            continue
        if len(rows) < 2:
            above = any(c["bottom"] <= top and c["top"] > height * _MARGIN for c in chars)
            below = any(c["top"] >= bottom and c["bottom"] < height * (1 - _MARGIN)
                        for c in chars)
            if above and below:
                continue
        inside = [i for i, c in enumerate(chars)
                  if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2
                  <= bottom]
        if not inside:
            continue
        used.update(inside)
        lines = []
        for r in rows:
            cells = []
            row_chars = []
            for cell in r.cells:
                if cell is None:
                    continue
                cx0, ctop, cx1, cbottom = cell
                cc = [chars[i] for i in inside
                      if cx0 <= (chars[i]["x0"] + chars[i]["x1"]) / 2 <= cx1
                      and ctop <= (chars[i]["top"] + chars[i]["bottom"]) / 2 <= cbottom]
                row_chars.extend(cc)
                cells.append([round(cx0, 2), round(cx1, 2), _cell_text(cc)])
            texts = [c[2] for c in cells if c[2]]
            if texts and row_chars:
                lines.append(_line(row_chars, -1, True, " | ".join(texts), cells))
        if lines:
            tables.append((top, lines))
    return tables, [c for i, c in enumerate(chars) if i not in used]


def _cell_text(chars: list[dict]) -> str:
    """A cell's lines joined: without a space between Japanese characters."""
    parts: list[str] = []
    for row in _rows(chars):
        text = text_of(row)
        if not text:
            continue
        if parts and not (is_cjk(parts[-1][-1:]) and is_cjk(text[:1])):
            if parts[-1].endswith("-") and text[:1].islower():
                parts[-1] = parts[-1][:-1]
            else:
                parts.append(" ")
        parts.append(text)
    return "".join(parts).strip()


# --------------------------------------------------------------------------- pages

def _image_cover(page: Any) -> float:
    """The share of the page that its largest image covers (a scanned page is one image)."""
    area = float(page.width * page.height) or 1.0
    best = 0.0
    for img in page.images:
        w = max(0.0, min(img["x1"], page.width) - max(img["x0"], 0))
        h = max(0.0, min(img["bottom"], page.height) - max(img["top"], 0))
        best = max(best, w * h / area)
    return round(best, 3)


# --------------------------------------------------------------------------- vertical text

def is_vertical(chars: list[dict]) -> bool:
    """Is the page set in vertical lines (縦書き)? In the order the PDF draws them, each
    Japanese character of a vertical line stands right below the one before, in the same
    column, instead of right beside it on the same baseline."""
    down = across = 0
    prev = None
    for c in chars:
        if not is_cjk(c["text"][:1]) or c.get("turned"):
            continue
        if prev is not None:
            size = max(min(c.get("size") or 1.0, prev.get("size") or 1.0), 1.0)
            dx = (c["x0"] + c["x1"]) / 2 - (prev["x0"] + prev["x1"]) / 2
            gap_down = c["top"] - prev["bottom"]
            gap_across = c["x0"] - prev["x1"]
            if abs(dx) < 0.2 * size and -0.1 * size <= gap_down <= 0.6 * size:
                down += 1
            elif abs(c["top"] - prev["top"]) < 0.2 * size \
                    and -0.1 * size <= gap_across <= 0.6 * size:
                across += 1
        prev = c
    return down >= 10 and down > 3 * across


def _margin_chars(chars: list[dict], height: float) -> list[bool]:
    """Which characters of a vertical page are a horizontal header or footer line (a page
    number, a title across the top): in the top or bottom margin band, with no character
    of a column right above or below them."""
    by_col: list[list[int]] = []
    order = sorted(range(len(chars)), key=lambda i: ((chars[i]["x0"] + chars[i]["x1"]) / 2,
                                                      chars[i]["top"]))
    for i in order:
        c = chars[i]
        xc = (c["x0"] + c["x1"]) / 2
        size = max(c.get("size") or 1.0, 1.0)
        if by_col:
            ref = chars[by_col[-1][0]]
            if abs(xc - (ref["x0"] + ref["x1"]) / 2) <= 0.4 * size:
                by_col[-1].append(i)
                continue
        by_col.append([i])
    out = [False] * len(chars)
    for col in by_col:
        col.sort(key=lambda i: chars[i]["top"])
        for k, i in enumerate(col):
            c = chars[i]
            size = max(c.get("size") or 1.0, 1.0)
            if not (c["bottom"] <= height * _MARGIN or c["top"] >= height * (1 - _MARGIN)):
                continue
            above = k > 0 and c["top"] - chars[col[k - 1]]["bottom"] < 1.2 * size
            below = k + 1 < len(col) and chars[col[k + 1]]["top"] - c["bottom"] < 1.2 * size
            out[i] = not above and not below and not c.get("turned")
    return out


def _turned(c: dict, width: float) -> dict:
    """The character in the frame of a page turned a quarter counter-clockwise: a vertical
    column (right to left on the page) becomes a line (top to bottom), read left to right."""
    return dict(c, x0=c["top"], x1=c["bottom"], top=width - c["x1"], bottom=width - c["x0"])


def vertical_page_lines(page: Any, chars: list[dict]) -> dict[str, Any]:
    """A page of vertical text as lines: each column one line, columns from right to left,
    in the frame of the page turned a quarter (the page's height is the lines' width), so
    that the layout rules for horizontal lines apply unchanged. Horizontal lines in the
    margins (page numbers, running titles) are kept as lines of the turned page's top or
    bottom margin, where the layout rules for running headers find them."""
    width, height = float(page.width), float(page.height)
    margin = _margin_chars(chars, height)
    body = [_turned(c, width) for c, m in zip(chars, margin) if not m]
    rows = _rows(body)
    gutter = find_gutter(rows, height)  # 段組: tiers of columns, read tier by tier
    lines = _order_rows(rows, gutter)
    head = [c for c, m in zip(chars, margin) if m and c["top"] < height / 2]
    foot = [c for c, m in zip(chars, margin) if m and c["top"] >= height / 2]
    for group, at_top in ((head, True), (foot, False)):
        for row in _rows(group):
            text = text_of(row)
            if not text:
                continue
            y = 0.0 if at_top else width - 1.0  # in the turned page's margin band
            line = _line(row, 0, text=text)
            line[0], line[1] = row[0]["x0"], row[-1]["x1"]
            line[2], line[3] = y, y + 1.0
            if at_top:
                lines.insert(0, line)
            else:
                lines.append(line)
    return {"width": round(height, 2), "height": round(width, 2), "chars": len(chars),
            "image_cover": _image_cover(page), "columns": 2 if gutter else 1,
            "vertical": True, "lines": [ln for ln in lines if ln[5]]}


def page_lines(page: Any) -> dict[str, Any]:
    chars = _usable_chars(page)
    if is_vertical(chars):
        return vertical_page_lines(page, chars)
    chars = [c for c in chars if not c.get("turned")]
    _mark_struck(chars, _strike_lines(page), float(page.height))
    cjk = sum(1 for c in chars if is_cjk(c["text"][:1])) > len(chars) // 4
    tables, chars = _tables(page, chars, cjk)
    rows = _rows(chars)
    gutter = find_gutter(rows, float(page.width))
    lines = _order_rows(rows, gutter)
    for top, tlines in tables:  # a table goes where it stands on the page
        at = next((i for i, ln in enumerate(lines) if ln[2] > top and ln[6] != 1), len(lines))
        lines[at:at] = tlines
    return {"width": round(float(page.width), 2), "height": round(float(page.height), 2),
            "chars": len(chars) + sum(len(t[1]) for t in tables),
            "image_cover": _image_cover(page), "columns": 2 if gutter else 1,
            "vertical": False, "lines": [ln for ln in lines if ln[5]]}


def _declared_pages(pdf: Any) -> int:
    """The page count the page tree's root declares (0 when it says nothing usable)."""
    try:
        from pdfminer.pdftypes import resolve1

        root = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(root.get("Count")) if isinstance(root, dict) else 0
        return count if isinstance(count, int) and count > 0 else 0
    except Exception:  # a broken tree is found again, and reported, when pages are read
        return 0


def extract(data: bytes, max_pages: int) -> dict[str, Any]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return {"error": "encrypted"}
    except PDFSyntaxError as exc:
        return {"error": f"not a readable PDF ({exc})"}
    with pdf:
        declared = _declared_pages(pdf)
        if declared > max_pages:  # before pdfplumber builds an object for every page
            return {"error": f"too many pages ({declared}; the limit is {max_pages})"}
        try:
            pages = pdf.pages
        except (PDFPasswordIncorrect, PDFEncryptionError):
            return {"error": "encrypted"}
        if len(pages) > max_pages:
            return {"error": f"too many pages ({len(pages)}; the limit is {max_pages})"}
        if not pages:
            return {"error": "the PDF has no pages"}
        out = []
        for page in pages:
            out.append(page_lines(page))
            page.close()
    return {"pages": out}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m clausecheck.reader.pdftext")
    parser.add_argument("--max-pages", type=int, default=1000)
    args = parser.parse_args(argv)
    data = sys.stdin.buffer.read()
    try:
        result = extract(data, args.max_pages)
    except MemoryError:
        sys.stderr.write("MemoryError\n")
        return 3
    except RecursionError:
        result = {"error": "the PDF's object structure is nested too deeply"}
    except Exception as exc:  # a parser failure is the file's problem, said in one line
        # pdfplumber wraps pdfminer's exceptions: judge by the one inside
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        name = type(inner).__name__
        exc = inner
        if "allocat" in str(exc).lower():  # zlib: "Unable to allocate output buffer"
            sys.stderr.write("MemoryError\n")
            return 3
        if "password" in name.lower() or "encrypt" in name.lower():
            result = {"error": "encrypted"}
        else:
            detail = " ".join(str(exc).split())[:200] or name
            result = {"error": f"not a readable PDF (damaged or truncated: {detail})"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
