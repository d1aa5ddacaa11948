"""How a contract was read: numbered articles, headings only, one list, or plain paragraphs.

``describe_reading(document)`` gives a ``model.Reading`` that every report shows in its header,
with warnings when the reading is doubtful (few clauses found, very little text, a language
that is neither Japanese nor English), so nobody trusts a verdict built on a bad parse.
"""

from __future__ import annotations

import os
import re
import stat

from clausecheck.model import Document, Reading
from clausecheck.reader.langid import SAMPLE_CHARS, language_of

FEW_ARTICLES = 4       # fewer articles than this: the structure was probably not recognised
SHORT_TEXT_CHARS = 400
FEW_WORDS = 30         # too few words to doubt the language of


def describe_reading(document: Document) -> Reading:
    articles = list(document.clauses)
    numbered = sum(1 for a in articles if a.number)
    headed = sum(1 for a in articles if a.title)
    if articles and document.structure == "list":
        mode = "list"
    elif articles and numbered >= max(1, len(articles) // 2):
        mode = "numbered"
    elif articles and headed >= max(1, len(articles) // 2):
        mode = "headings"
    else:
        mode = "paragraphs"
    clauses = sum(1 for _ in document.walk())
    text = document.text
    chars = document.char_count or len(text)
    warnings: list[str] = []
    if mode == "paragraphs":
        warnings.append("no_numbering")
    if len(articles) < FEW_ARTICLES:
        warnings.append("few_clauses")
    if len(text.strip()) < SHORT_TEXT_CHARS:
        warnings.append("short_text")
    if (document.language == "en" and len(text[:SAMPLE_CHARS].split()) >= FEW_WORDS
            and language_of(text) == "und"):
        # read as English, but too few English function words: another Latin-script language
        warnings.append("language_uncertain")
    return Reading(mode=mode, articles=len(articles), clauses=clauses, chars=chars,
                   warnings=tuple(warnings))


PEEK_BYTES = 256 * 1024


def peek_language(path: str) -> str | None:
    """The language of a contract file from a quick look at its first text ("ja"/"en"), or
    None when it cannot be read cheaply: for choosing one UI language for a whole folder
    before the scan, never for a verdict."""
    import zipfile

    from clausecheck.reader.segment import detect_language

    try:
        # Regular files only: opening a FIFO in a scanned folder would block for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            if path.lower().endswith(".docx"):
                with zipfile.ZipFile(fh) as archive:
                    with archive.open("word/document.xml") as part:
                        raw = part.read(PEEK_BYTES).decode("utf-8", "ignore")
                text = re.sub(r"<[^>]*>", " ", raw)
                return detect_language(text) if text.strip() else None
            if not path.lower().endswith((".txt", ".text", ".md", ".markdown")):
                return None  # PDF, scans, .doc: binary, no cheap look at their text
            raw = fh.read(PEEK_BYTES // 4)
            for encoding in ("utf-8", "cp932"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                return None
    except Exception:  # a best-effort look (a damaged zip raises zlib.error): no language
        return None
    return detect_language(text) if text.strip() else None


def majority_language(paths: list[str]) -> str | None:
    """The most common language among ``paths`` (ties: Japanese first, the project's home);
    None when no file could be peeked at."""
    counts = {"ja": 0, "en": 0}
    for path in paths:
        lang = peek_language(path)
        if lang in counts:
            counts[lang] += 1
    if not any(counts.values()):
        return None
    return "en" if counts["en"] > counts["ja"] else "ja"
