"""What the readers may spend on one file: time budgets and whether OCR runs."""

from __future__ import annotations

from dataclasses import dataclass

# Page limits: a long real contract has a few hundred pages; far more is a hostile file.
MAX_PDF_PAGES = 2000
MAX_OCR_PAGES = 300


@dataclass(frozen=True)
class ReadOptions:
    """``timeout``: seconds for a PDF's text layer or a LibreOffice conversion;
    ``ocr_timeout``: seconds for the OCR of every scanned page of one file (about 5 s a
    page on one core); ``ocr``: False refuses files that only OCR could read."""

    ocr: bool = True
    timeout: float = 120.0
    ocr_timeout: float = 1200.0


DEFAULT = ReadOptions()
