"""PDF and scanned-image front end: pages -> lines -> paragraphs -> the common segmenter.

A PDF's text layer is read by pdfplumber (pdfminer.six) in a child process under a time and
memory limit (``reader.pdftext``); a page without usable text that is covered by an image
is a scan and is read by OCR (``reader.ocr``); the paragraphs then go through the same
segmenter as .txt, so 第N条 / 1.1 / (a) numbering is found the same way.
``Clause.source`` indexes are positions in the reading order of the lines (after running
headers and footers are dropped).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from importlib import metadata

from clausecheck.errors import InputError
from clausecheck.model import Conversion, Document
from clausecheck.reader import pdftext, tools
from clausecheck.reader.layout import Line, Page, paragraphs, strip_running
from clausecheck.reader.options import DEFAULT, MAX_PDF_PAGES, ReadOptions
from clausecheck.reader.segment import segment

ENCRYPTED = ("password-protected (encrypted) PDF: it cannot be opened without its password; "
             "ask the sender for an unprotected copy, or open it with the password and save "
             "or print it to a new PDF")
MIN_TEXT_CHARS = 15      # fewer readable characters than this: the page has no text layer
SCANNED_COVER = 0.25     # ...and an image over this share of the page: a scanned page
GARBLED_SHARE = 0.3      # unmapped glyphs beyond this share: the text layer is unusable


def read_pdf_bytes(data: bytes, name: str, options: ReadOptions = DEFAULT) -> Document:
    """A PDF contract as a Document; InputError for what cannot be read, with the reason."""
    pages = _text_layer(data, name, options)
    text_pages, scan_pages, blank = _classify(pages)
    ocr_results = {}
    skipped: tuple[int, ...] = ()
    if scan_pages:
        if not options.ocr:
            if not text_pages:
                raise InputError(name, "a scanned PDF (no text layer): it needs OCR, which "
                                       "is turned off (--no-ocr)")
            skipped = tuple(scan_pages)
        else:
            from clausecheck.reader import ocr

            sizes = {n: (pages[n - 1]["width"], pages[n - 1]["height"]) for n in scan_pages}
            for num, result in zip(scan_pages, ocr.ocr_pdf_pages(data, scan_pages, sizes,
                                                                 name, options)):
                ocr_results[num] = result
    if not text_pages and not ocr_results:
        raise InputError(name, "the PDF has no text (blank pages)")
    layout_pages: list[Page] = []
    for num, page in enumerate(pages, start=1):
        if num in ocr_results:
            layout_pages.append(ocr_results[num].page)
        elif num in text_pages:
            layout_pages.append(_page(num, page))
    conversion = _conversion(len(pages), ocr_results, skipped, name)
    vertical = tuple(sorted({n for n in text_pages if pages[n - 1].get("vertical")}
                            | {n for n, r in ocr_results.items() if r.vertical}))
    conversion = dataclasses.replace(conversion, vertical_pages=vertical)
    return _document(layout_pages, name, "pdf", conversion)


def read_image_bytes(data: bytes, name: str, suffix: str,
                     options: ReadOptions = DEFAULT) -> Document:
    """A scanned page (or multi-page TIFF) as a Document, read by OCR."""
    from clausecheck.reader import ocr

    if not options.ocr:
        raise InputError(name, "an image: reading it needs OCR, which is turned off (--no-ocr)")
    results = ocr.ocr_image(data, suffix, name, options)
    by_page = {i: r for i, r in enumerate(results, start=1)}
    for i, r in by_page.items():
        for ln in r.page.lines:
            ln.page = i
    if not any(r.page.lines for r in results):
        raise InputError(name, "no text found in the image by OCR")
    conversion = dataclasses.replace(
        _conversion(len(results), by_page, (), name),
        vertical_pages=tuple(n for n, r in by_page.items() if r.vertical))
    return _document([r.page for r in results], name, "image", conversion)


# --------------------------------------------------------------------------- text layer

def _text_layer(data: bytes, name: str, options: ReadOptions) -> list[dict]:
    # run as a script, not with -m: the child then imports nothing from the working folder
    cmd = [sys.executable, pdftext.__file__, "--max-pages", str(MAX_PDF_PAGES)]
    try:
        result = tools.run(cmd, timeout=options.timeout, input=data, what="the PDF reader")
    except tools.ToolFailed as exc:
        if exc.kind == "timeout":
            raise InputError(name, f"reading the PDF took longer than {options.timeout:g} s "
                                   "(too many objects or pages?); the file was abandoned") \
                from None
        if exc.kind == "memory":
            raise InputError(name, f"reading the PDF needed more than "
                                   f"{tools.CHILD_MEMORY // 1024 ** 2} MB of memory (a "
                                   "decompression bomb?); the file was abandoned") from None
        raise InputError(name, f"not a readable PDF ({exc.reason})") from None
    try:
        payload = json.loads(result.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(name, "not a readable PDF (the reader gave no result)") from None
    if "error" in payload:
        if payload["error"] == "encrypted":
            raise InputError(name, ENCRYPTED)
        raise InputError(name, payload["error"])
    return payload["pages"]


def _classify(pages: list[dict]) -> tuple[set[int], list[int], list[int]]:
    """Pages with a usable text layer, scanned pages (OCR), blank pages; 1-based."""
    text, scans, blank = set(), [], []
    for num, page in enumerate(pages, start=1):
        chars = "".join(ln[5] for ln in page["lines"])
        readable = sum(1 for c in chars if not c.isspace() and c != "\ufffd")
        garbled = chars.count("\ufffd")
        if readable >= MIN_TEXT_CHARS and garbled <= GARBLED_SHARE * (readable + garbled):
            text.add(num)
        elif page["image_cover"] >= SCANNED_COVER or garbled > 0:
            scans.append(num)
        elif readable:
            text.add(num)  # a short page: 「以上」, a signature page
        else:
            blank.append(num)
    return text, scans, blank


def _page(num: int, page: dict) -> Page:
    lines = [Line(page=num, x0=x0, x1=x1, top=top, bottom=bottom, size=size,
                  text=text.replace("\ufffd", ""), col=col, table=table,
                  cells=tuple((cx0, cx1, ct.replace("\ufffd", "")) for cx0, cx1, ct in cells))
             for x0, x1, top, bottom, size, text, col, table, cells in page["lines"]]
    return Page(page["width"], page["height"], lines)


def _conversion(total: int, ocr_results: dict, skipped: tuple[int, ...],
                name: str) -> Conversion:
    from clausecheck.reader.ocr import LOW_CONFIDENCE, tool_name

    if not ocr_results:
        return Conversion(method="pdf_text", tool=_pdfplumber(), pages=total,
                          skipped_pages=skipped)
    nums = tuple(sorted(ocr_results))
    confs = tuple(ocr_results[n].confidence for n in nums)
    weights = [max(sum(len(ln.text) for ln in ocr_results[n].page.lines), 1) for n in nums]
    mean = sum(c * w for c, w in zip(confs, weights)) / sum(weights)
    method = "ocr" if len(nums) == total else "pdf_text+ocr"
    lang = next((r.lang for r in ocr_results.values() if r.lang), "")
    tool = tool_name(name, lang) if method == "ocr" else \
        f"{_pdfplumber()}, {tool_name(name, lang)}"
    return Conversion(method=method, tool=tool, pages=total, ocr_pages=nums,
                      ocr_confidence=mean, page_confidence=confs,
                      low_confidence_pages=tuple(n for n, c in zip(nums, confs)
                                                 if c < LOW_CONFIDENCE),
                      skipped_pages=skipped,
                      vertical_unread_pages=tuple(n for n in nums
                                                  if ocr_results[n].vertical_unread))


def _pdfplumber() -> str:
    try:
        return f"pdfplumber {metadata.version('pdfplumber')}"
    except metadata.PackageNotFoundError:
        return "pdfplumber"


def _document(pages: list[Page], name: str, fmt: str, conversion: Conversion) -> Document:
    strip_running(pages)
    blocks = paragraphs(pages)
    if not any(b.text.strip() for b in blocks):
        raise InputError(name, "no text found in the document")
    doc = segment(blocks, path=name, fmt=fmt)
    return dataclasses.replace(doc, conversion=conversion)
