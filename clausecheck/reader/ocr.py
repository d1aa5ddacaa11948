"""OCR of scanned pages with Tesseract (Japanese and English models), offline.

Scanned PDFs are rasterised page by page with poppler's ``pdftoppm`` (long side 3508 px: 300
dpi on A4), images (.png, .jpg, .tif) are given to Tesseract as they are. Tesseract's TSV
output gives every word with its box and confidence; words become lines (spaces only where
the script writes them), lines go through the same layout rules as a text PDF. Every program
runs as a child under a time and memory limit (``reader.tools``), in a private temporary
folder; the input is never written.
"""

from __future__ import annotations

import functools
import io
import os
import re
import statistics
import tempfile
import time
from dataclasses import dataclass

from clausecheck.errors import InputError
from clausecheck.reader import tools
from clausecheck.reader.layout import Line, Page
from clausecheck.reader.options import MAX_OCR_PAGES, ReadOptions
from clausecheck.reader.pdftext import is_cjk

INSTALL_TESSERACT = ("install Tesseract with its Japanese and English models: "
                     "'apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng' "
                     "(Debian/Ubuntu), 'brew install tesseract tesseract-lang' (macOS)")
INSTALL_POPPLER = ("install poppler's pdftoppm: 'apt-get install poppler-utils' "
                   "(Debian/Ubuntu), 'brew install poppler' (macOS)")
RASTER_LONG_SIDE = 3508  # pixels: A4 at 300 dpi
LOW_CONFIDENCE = 70.0     # a page whose mean word confidence is below this gets a warning
MAX_IMAGE_PIXELS = 120_000_000  # an A0 scan at 300 dpi is 140 M: far beyond any contract page
PAGE_TIMEOUT = 300.0      # one page: a dense A4 page takes about 5 s


VERTICAL_MODEL = "jpn_vert"  # Debian: tesseract-ocr-jpn-vert; macOS: tesseract-lang


@dataclass(frozen=True)
class OcrPage:
    page: Page
    confidence: float  # mean word confidence, weighted by characters (0-100)
    lang: str = ""     # the Tesseract model used
    vertical: bool = False          # read as vertical text (縦書き) with the vertical model
    vertical_unread: bool = False   # looks vertical, read as horizontal lines (no model)


@functools.lru_cache(maxsize=1)
def tesseract_info() -> tuple[str, tuple[str, ...]] | None:
    """(version line, installed languages), or None when Tesseract is not installed."""
    exe = tools.which("tesseract")
    if exe is None:
        return None
    try:
        version = tools.run([exe, "--version"], timeout=30, what="tesseract")
        langs = tools.run([exe, "--list-langs"], timeout=30, what="tesseract")
    except tools.ToolFailed:
        return None
    text = (version.stdout + version.stderr).decode("utf-8", "replace").split()
    ver = text[1] if len(text) > 1 else "?"
    found = tuple(ln.strip() for ln in langs.stdout.decode("utf-8", "replace").splitlines()
                  if ln.strip() and not ln.startswith("List of"))
    return ver, found


def _languages(name: str) -> tuple[list[str], str]:
    """(the models to try, first the Japanese one; version) or InputError saying what to
    install."""
    info = tesseract_info()
    if info is None:
        raise InputError(name, f"a scanned document needs OCR, and Tesseract is not "
                               f"installed; {INSTALL_TESSERACT}")
    version, langs = info
    wanted = [lang for lang in ("jpn", "eng") if lang in langs]
    if not wanted:
        raise InputError(name, f"Tesseract has neither its Japanese nor its English model; "
                               f"{INSTALL_TESSERACT}")
    return wanted, version


def tool_name(name: str, lang: str) -> str:
    _, version = _languages(name)
    return f"Tesseract {version}, {lang}"


def _japanese(lines: list[Line]) -> bool:
    """Enough Japanese characters to keep the Japanese model. The model reads Latin
    letters too, but the two models together invent English words in Japanese text
    ("FROGS" for 甲及び乙は), so one model is chosen per document."""
    text = "".join(ln.text for ln in lines)
    cjk = sum(1 for ch in text if is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return cjk >= 20 and cjk * 3 >= latin


# --------------------------------------------------------------------------- TSV -> lines

def _join_words(words: list[tuple[float, float, float, float, float, str]]) -> str:
    """Words of one line (sorted by x) as text. Tesseract cuts Japanese into short
    "words": next to a Japanese character a space is written only where the gap on the page
    is one (a character's width: "甲　株式会社…"; less after a leading number: "２ 前項"),
    between Latin words always."""
    out = ""
    prev = None
    for w in words:
        text = w[5]
        if prev is not None:
            gap = w[0] - (prev[0] + prev[2])
            height = max(prev[3], w[3], 1.0)
            a, b = out[-1], text[0]
            label = all(ch.isascii() and not ch.isalpha() for ch in out)
            if a in _NO_SPACE_AFTER or b in _NO_SPACE_BEFORE \
                    or is_cjk(a) and b in _NO_SPACE_AFTER or is_cjk(b) and a in _NO_SPACE_BEFORE:
                pass  # 「すること（以下」, 「。）とは」: brackets sit against Japanese text
            elif label and gap > 0.2 * height:
                out += " "
            elif is_cjk(a) and is_cjk(b):
                if gap > 1.5 * height:  # a real gap (signature blocks, 甲　住所)
                    out += " "
            elif not (is_cjk(a) or is_cjk(b)) or gap > 0.9 * height:
                out += " "
        out += text
        prev = w
    return correct(out)


_NO_SPACE_BEFORE = set("、。，．,.）)」』】〕］:：;；")
_NO_SPACE_AFTER = set("（(「『【〔［")

# Tesseract's Japanese model reads some characters of contract print as look-alikes that a
# contract never contains at that place: the ideographic comma as the iteration mark ヽ,
# 条 after 第N as 奈 / 粂 / 朱 / 余, 甲 next to 乙 as 皿.
_RE_ARTICLE_LOOKALIKE = re.compile(r"(第\s*[0-9０-９一二三四五六七八九十百]+\s*)[奈粂朱余桑灸冬休]")


# 甲 read as 皿 where it stands beside 乙 as the other party (「皿及び乙は」).
_RE_PARTY_LOOKALIKE = re.compile(r"皿(?=(及び|又は|並びに|と|、)乙)|(?<=乙及び)皿|(?<=乙又は)皿"
                                 r"|(?<=乙と)皿|(?<=乙、)皿")
# 乙 after 「甲及び」 / 「甲又は」 read as ご / こ / と / Z / 7, or lost (「甲又はは、」).
_RE_OTSU_LOOKALIKE = re.compile(r"((?<=甲及び)|(?<=皿及び))[ごことZz7己](?=[はがのにをへも、])"
                                r"|((?<=甲又は)|(?<=皿又は))[ごこZz7己](?=[はがのにをへも、])")
# Words of contracts read with one look-alike character, in forms that are no word.
_WORD_LOOKALIKES = {"立ち人": "立ち入", "立人り": "立入り", "足任": "責任", "落約書": "誓約書",
                    "秘客": "秘密", "療良なる": "善良なる", "減失": "滅失"}
_RE_OTSU_LOST = re.compile(r"甲(及び|又は)(?=は、|が、)")
# 乙 opening a paragraph read as ご, after an article label even as のご: 「第5条のごは、」.
_RE_OTSU_AT_START = re.compile(r"^(第\s*[0-9]+\s*条)?\s*の?ご(?=[はが]、)")


def correct(text: str) -> str:
    """Undo the look-alike readings above."""
    text = text.replace("ヽ", "、")
    for wrong, right in _WORD_LOOKALIKES.items():
        text = text.replace(wrong, right)
    text = _RE_OTSU_LOOKALIKE.sub("乙", text)
    text = _RE_OTSU_AT_START.sub(lambda m: (m.group(1) + " " if m.group(1) else "") + "乙", text)
    text = _RE_PARTY_LOOKALIKE.sub("甲", text)
    text = _RE_OTSU_LOST.sub(r"甲\1乙", text)
    return _RE_ARTICLE_LOOKALIKE.sub(r"\1条", text)


def parse_tsv(tsv: str, width: float,
              vertical: bool = False) -> list[tuple[int, list[Line], float, int]]:
    """Tesseract TSV -> per page: (page_num, lines, confidence, characters).

    ``vertical``: the page was read as vertical text; every column becomes a line in the
    frame of the page turned a quarter counter-clockwise (columns right to left become
    lines top to bottom, as the text PDF reader does), so that the layout rules apply."""
    pages: dict[int, dict] = {}
    header = True
    for raw in tsv.splitlines():
        if header:
            header = False
            continue
        cols = raw.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            if len(cols) >= 12 and cols[0] == "1":
                # the page's width; turned a quarter, its height is the lines' width
                page = pages.setdefault(int(cols[1]), {"lines": {}})
                page["w"] = float(cols[9] if vertical else cols[8])
                page["x"] = float(cols[8])
            continue
        text = cols[11].strip()
        if not text:
            continue
        page_num = int(cols[1])
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        left, top, w, h = (float(c) for c in cols[6:10])
        conf = float(cols[10])
        page = pages.setdefault(page_num, {"lines": {}, "w": width})
        if vertical:
            page_w = page.get("x") or page["w"]
            page["x"] = page_w
            left, top, w, h = top, page_w - (left + w), h, w
        page["lines"].setdefault(key, []).append((left, top, w, h, conf, text))
    out = []
    for num in sorted(pages):
        info = pages[num]
        page_width = info["w"] or width
        if vertical:
            info["lines"] = _columns(info["lines"])
        blocks: dict[int, list[float]] = {}
        for (block, _, _), words in info["lines"].items():
            b = blocks.setdefault(block, [1e9, -1e9])
            b[0] = min(b[0], min(w[0] for w in words))
            b[1] = max(b[1], max(w[0] + w[2] for w in words))
        lines, confs, chars = [], 0.0, 0
        for (block, _, _), words in info["lines"].items():
            words.sort(key=lambda w: w[0])
            bx0, bx1 = blocks[block]
            col = 0 if bx1 < page_width * 0.55 and bx0 < page_width * 0.45 else \
                1 if bx0 > page_width * 0.45 else 0
            heights = [w[3] for w in words]
            lines.append(Line(page=num, x0=min(w[0] for w in words),
                              x1=max(w[0] + w[2] for w in words),
                              top=min(w[1] for w in words),
                              bottom=max(w[1] + w[3] for w in words),
                              size=float(statistics.median(heights)),
                              text=_join_words(words), col=col))
            for w in words:
                if w[4] >= 0:
                    confs += w[4] * len(w[5])
                    chars += len(w[5])
        out.append((num, lines, confs / chars if chars else 0.0, chars))
    return out


# --------------------------------------------------------------------------- vertical pages

def _blank_runs(profile: list[int], min_len: int) -> int:
    """How many runs of at least ``min_len`` blank (0) entries the profile has."""
    runs = run = 0
    for value in profile:
        if value == 0:
            run += 1
            continue
        runs += run >= min_len
        run = 0
    return runs


def vertical_layout(image_path: str) -> str:
    """"vertical", "maybe" or "" for a page image, from where its ink leaves white space.

    Horizontal lines leave blank rows between them and almost no blank column across the
    text; vertical lines (縦書き) leave a blank column between every two columns. Counted on
    a thumbnail (1000 px on the long side) as gaps of at least 5 px (half a character of
    10.5 pt text); a page with a few columns only (or a table) is "maybe": both readings are
    tried and the more confident kept."""
    from PIL import Image

    try:
        with Image.open(image_path) as img:
            img.seek(0)
            gray = img.convert("L")
    except Exception:  # noqa: BLE001 - Tesseract reports what is wrong with the image
        return ""
    gray.thumbnail((1000, 1000))
    ink = gray.point(lambda v: 255 if v < 160 else 0)
    box = ink.getbbox()
    if box is None:
        return ""
    ink = ink.crop(box)
    w, h = ink.size
    cols = _blank_runs(list(ink.resize((w, 1), Image.BOX).tobytes()), 5)
    rows = _blank_runs(list(ink.resize((1, h), Image.BOX).tobytes()), 5)
    if cols >= 6 and 3 * rows <= cols:
        return "vertical"
    if cols >= 3 and 2 * cols >= rows:
        return "maybe"
    return ""


def _read_page(read, image: str, lang: str, installed: tuple[str, ...],
               japanese_doc: bool) -> tuple[list[Line], float, str, bool, bool]:
    """(lines, confidence, model, read as vertical, looks vertical but read horizontally)
    for one page image. ``read(model, vertical)`` runs Tesseract and parses its output."""
    layout = vertical_layout(image) if japanese_doc else ""
    if layout and VERTICAL_MODEL in installed:
        if layout == "vertical":
            lines, conf = read(VERTICAL_MODEL, True)
            return lines, conf, VERTICAL_MODEL, True, False
        h_lines, h_conf = read(lang, False)
        v_lines, v_conf = read(VERTICAL_MODEL, True)
        if v_conf > h_conf:
            return v_lines, v_conf, VERTICAL_MODEL, True, False
        return h_lines, h_conf, lang, False, False
    lines, conf = read(lang, False)
    # without the vertical model: warn where the page looks vertical and reads poorly
    unread = layout == "vertical" or layout == "maybe" and conf < LOW_CONFIDENCE
    return lines, conf, lang, False, unread


def _columns(lines: dict[tuple, list]) -> dict[tuple, list]:
    """The words of a vertical page (turned frame) regrouped by column. Tesseract's blocks
    cut vertical columns into pieces (a paragraph's short last column, a bracketed title)
    and give them out of order; the words of one column share the same place across the
    page, which orders the columns from right to left."""
    words = sorted((w for ws in lines.values() for w in ws), key=lambda w: w[1] + w[3] / 2)
    if not words:
        return {}
    size = statistics.median(w[3] for w in words)
    out: dict[tuple, list] = {}
    col, centre = 0, None
    for w in words:
        mid = w[1] + w[3] / 2
        if centre is None or mid - centre > 0.5 * size:  # the next column to the left
            col += centre is not None
            centre = mid
        out.setdefault((0, 0, col), []).append(w)
    return out


# --------------------------------------------------------------------------- running

class _Budget:
    def __init__(self, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def left(self, done: int, total: int) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise InputError(self.name, f"OCR took longer than {self.seconds:g} s "
                                        f"({done} of {total} pages read); scan it again with "
                                        f"a longer --timeout")
        return min(left, PAGE_TIMEOUT)


def _tesseract(image: str, langs: str, dpi: int | None, timeout: float, name: str) -> str:
    # --psm 3 (automatic layout) for the vertical model too: it finds the columns
    cmd = [tools.which("tesseract") or "tesseract", image, "stdout", "-l", langs, "--psm", "3"]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    cmd.append("tsv")
    try:
        result = tools.run(cmd, timeout=timeout, what="Tesseract")
    except tools.ToolFailed as exc:
        raise InputError(name, f"OCR failed: {exc.reason}") from None
    return result.stdout.decode("utf-8", "replace")


def ocr_pdf_pages(data: bytes, pages: list[int], sizes: dict[int, tuple[float, float]],
                  name: str, options: ReadOptions) -> list[OcrPage]:
    """OCR of the given 1-based pages of a PDF, in order."""
    models, _ = _languages(name)
    installed = tesseract_info()[1]
    pdftoppm = tools.which("pdftoppm")
    if pdftoppm is None:
        raise InputError(name, f"a scanned PDF needs its pages rendered for OCR, and "
                               f"pdftoppm is not installed; {INSTALL_POPPLER}")
    if len(pages) > MAX_OCR_PAGES:
        raise InputError(name, f"too many scanned pages to read by OCR ({len(pages)}; the "
                               f"limit is {MAX_OCR_PAGES})")
    budget = _Budget(name, options.ocr_timeout)
    out = []
    lang = models[0]
    with tempfile.TemporaryDirectory(prefix="clausecheck-ocr-") as tmp:
        src = os.path.join(tmp, "in.pdf")
        with open(src, "wb") as fh:
            fh.write(data)
        for done, num in enumerate(pages):
            target = os.path.join(tmp, f"page{num}")
            try:
                tools.run([pdftoppm, "-f", str(num), "-l", str(num), "-scale-to",
                           str(RASTER_LONG_SIDE), "-gray", "-png", "-singlefile", src, target],
                          timeout=budget.left(done, len(pages)), what="pdftoppm")
            except tools.ToolFailed as exc:
                raise InputError(name, f"cannot render page {num} for OCR: {exc.reason}") \
                    from None
            width, height = sizes.get(num, (595.0, 842.0))
            dpi = round(RASTER_LONG_SIDE / (max(width, height, 1.0) / 72.0))
            scale = dpi / 72.0

            def read(model: str, vertical: bool = False) -> tuple[list[Line], float]:
                tsv = _tesseract(target + ".png", model, dpi, budget.left(done, len(pages)),
                                 name)
                parsed = parse_tsv(tsv, (height if vertical else width) * scale, vertical)
                return (parsed[0][1], parsed[0][2]) if parsed else ([], 0.0)

            japanese_doc = lang == "jpn"
            lines, conf, used, vertical, unread = _read_page(
                read, target + ".png", lang, installed, japanese_doc)
            if done == 0 and not vertical and len(models) > 1 and not _japanese(lines):
                lang = used = models[1]  # an English document: the English model from now on
                lines, conf = read(lang)
                unread = False
            os.unlink(target + ".png")
            for ln in lines:
                ln.page = num
            size = (height, width) if vertical else (width, height)
            out.append(OcrPage(Page(size[0] * scale, size[1] * scale, lines), conf, used,
                               vertical, unread))
    return out


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def ocr_image(data: bytes, suffix: str, name: str, options: ReadOptions) -> list[OcrPage]:
    """OCR of an image file (every frame of a multi-page TIFF)."""
    width, height, frames = _image_size(data, name)
    models, _ = _languages(name)
    if frames > MAX_OCR_PAGES:
        raise InputError(name, f"too many pages to read by OCR ({frames}; the limit is "
                               f"{MAX_OCR_PAGES})")
    budget = _Budget(name, options.ocr_timeout)
    with tempfile.TemporaryDirectory(prefix="clausecheck-ocr-") as tmp:
        src = os.path.join(tmp, "page" + suffix)
        with open(src, "wb") as fh:
            fh.write(data)
        # one call for all frames: the timeout is the whole budget
        lang = models[0]

        def call() -> float:  # every frame in one call: its share of the budget
            budget.left(0, frames)
            return min(budget.deadline - time.monotonic(), PAGE_TIMEOUT * frames)

        result: dict[str, list] = {}

        def read(model: str, vertical: bool = False) -> tuple[list[Line], float]:
            parsed = parse_tsv(_tesseract(src, model, None, call(), name),
                               float(height if vertical else width), vertical)
            result[model] = parsed
            return (parsed[0][1], parsed[0][2]) if parsed else ([], 0.0)

        # the first frame decides the model for all (one call reads every frame)
        _, _, used, vertical, unread = _read_page(read, src, lang, tesseract_info()[1],
                                                  lang == "jpn")
        parsed = result[used]
        if not vertical and len(models) > 1 \
                and not _japanese([ln for p in parsed[:1] for ln in p[1]]):
            used = models[1]
            unread = False
            read(used)
            parsed = result[used]
    size = (float(height), float(width)) if vertical else (float(width), float(height))
    return [OcrPage(Page(size[0], size[1], lines), conf, used, vertical, unread)
            for _, lines, conf, _ in parsed]


def _image_size(data: bytes, name: str) -> tuple[int, int, int]:
    """(width, height, frames) from the image header, refusing bombs before decoding."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            width, height = img.size
            frames = getattr(img, "n_frames", 1)
    except Image.DecompressionBombError:
        raise InputError(name, "image too large to read (more pixels than any scanned page "
                               "has)") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad files
        raise InputError(name, f"not a readable image ({type(exc).__name__})") from None
    if width * height > MAX_IMAGE_PIXELS:
        raise InputError(name, f"image too large to read ({width}×{height} pixels; the limit "
                               f"is {MAX_IMAGE_PIXELS // 1_000_000} megapixels)")
    if width < 50 or height < 50:
        raise InputError(name, f"image too small to hold a readable page ({width}×{height} "
                               "pixels)")
    return width, height, frames
