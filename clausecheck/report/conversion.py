"""How a PDF, a scan or a legacy file was read, in the report's language: one line for the
header and the warnings a reader must see (low OCR confidence, pages not read)."""

from __future__ import annotations

from clausecheck.model import Conversion, Report

WORDS: dict[str, dict[str, str]] = {
    "pdf_text": {"ja": "PDF（テキスト）{pages}ページ", "en": "PDF text layer, {pages} pages"},
    "ocr": {"ja": "OCR（{tool}）{pages}ページ、平均信頼度 {conf}%",
            "en": "OCR ({tool}), {pages} pages, mean confidence {conf}%"},
    "pdf_text+ocr": {"ja": "PDF（テキスト）{pages}ページ、うち{n}ページを OCR（{tool}）、"
                           "平均信頼度 {conf}%",
                     "en": "PDF text layer, {pages} pages; {n} scanned pages by OCR ({tool}), "
                           "mean confidence {conf}%"},
    "libreoffice": {"ja": "{src} を {tool} で .docx に変換",
                    "en": "converted from {src} by {tool}"},
    "low_confidence": {"ja": "OCR の信頼度が低いページ: {pages}（判定は原本と照合してください）",
                       "en": "low OCR confidence on page {pages}: check these verdicts "
                             "against the original"},
    "skipped_pages": {"ja": "OCR をしていないスキャンページ（--no-ocr）: {pages}",
                      "en": "scanned pages not read (--no-ocr): {pages}"},
    "vertical": {"ja": "縦書き: {pages}ページ", "en": "vertical text (縦書き) on page {pages}"},
    "vertical_unread": {"ja": "縦書きと見られるページ {pages} を横書きとして OCR しました（本文は"
                              "信頼できません。縦書きのモデル tesseract-ocr-jpn-vert を入れて"
                              "読み直してください）",
                        "en": "page {pages} looks like vertical text (縦書き) and was read by "
                              "OCR as horizontal lines: its text is unreliable; install the "
                              "vertical Japanese model (tesseract-ocr-jpn-vert) and check "
                              "again"},
    "read_by_ocr": {"ja": "OCR で読み取ったファイル", "en": "Read by OCR"},
}


def word(key: str, lang: str) -> str:
    entry = WORDS[key]
    return entry.get(lang) or entry["en"]


def _pages(nums: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in nums)


def _tool(conversion: Conversion) -> str:
    tool = conversion.tool
    return tool.split(", ", 1)[1] if conversion.method == "pdf_text+ocr" and ", " in tool \
        else tool


def conversion_line(conversion: Conversion, lang: str) -> str:
    """"OCR (Tesseract 5.3.0, jpn), 3 pages, mean confidence 91%"."""
    conf = f"{conversion.ocr_confidence:.0f}" if conversion.ocr_confidence is not None else "?"
    line = word(conversion.method, lang).format(
        pages=conversion.pages, tool=_tool(conversion), conf=conf,
        n=len(conversion.ocr_pages), src="." + conversion.converted_from)
    if conversion.vertical_pages:
        sep = "、" if lang == "ja" else ", "
        line += sep + word("vertical", lang).format(pages=_pages(conversion.vertical_pages))
    return line


def conversion_warnings(conversion: Conversion, lang: str) -> list[str]:
    out = []
    if conversion.low_confidence_pages:
        out.append(word("low_confidence", lang).format(
            pages=_pages(conversion.low_confidence_pages)))
    if conversion.vertical_unread_pages:
        out.append(word("vertical_unread", lang).format(
            pages=_pages(conversion.vertical_unread_pages)))
    if conversion.skipped_pages:
        out.append(word("skipped_pages", lang).format(pages=_pages(conversion.skipped_pages)))
    return out


def with_conversion(conversion: Conversion | None, read_as: str, warnings: list[str],
                    lang: str) -> tuple[str, list[str]]:
    """The header's "read as" line and warnings with the conversion put first:
    "PDF text layer, 8 pages; numbered articles (31 articles, …)"."""
    if conversion is None:
        return read_as, warnings
    line = conversion_line(conversion, lang)
    sep = "、" if lang == "ja" else "; "
    return (line + sep + read_as if read_as else line), \
        conversion_warnings(conversion, lang) + list(warnings)


def ocr_note(report: Report) -> str:
    """A short mark for scan tables: "OCR 91%" (and the low-confidence pages), or ""."""
    c = report.conversion
    if c is None or not c.ocr:
        return ""
    conf = f" {c.ocr_confidence:.0f}%" if c.ocr_confidence is not None else ""
    low = f", p. {_pages(c.low_confidence_pages)} ⚠" if c.low_confidence_pages else ""
    return f"OCR{conf}{low}"
