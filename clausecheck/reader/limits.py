"""How much text the reader accepts, and the counter that enforces it while reading.

The limits are generous for real contracts and stop hostile or broken files early, before
their size turns into minutes of work or gigabytes of memory downstream. A 500-page contract
has about 1.5 million characters (English; Japanese fewer) in 10,000-20,000 paragraphs, and
its longest paragraph a few thousand characters; the limits leave twice that or more.
Documented in README.md ("Limits").
"""

from __future__ import annotations

from clausecheck.errors import InputError

MAX_CHARS = 3_000_000          # characters of text in the whole document
MAX_PARAGRAPHS = 50_000        # non-empty paragraphs (docx) or lines (txt/md)
MAX_PARAGRAPH_CHARS = 200_000  # characters in one paragraph or line
# XML tags in word/document.xml, counted before parsing: the parsed tree costs ~170 bytes per
# element, so this keeps it near 500 MB. Word writes about one tag per character of text.
MAX_XML_TAGS = 6_000_000
MAX_XML_PARAGRAPHS = 4 * MAX_PARAGRAPHS  # w:p elements, empty ones included


class TextBudget:
    """Counts paragraphs and characters as a front end produces them; raises InputError as
    soon as a limit is passed, so that nothing beyond it is built."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.paragraphs = 0
        self.chars = 0

    def add(self, text: str) -> None:
        """One non-empty paragraph or line of ``text``."""
        size = len(text)
        if size > MAX_PARAGRAPH_CHARS:
            raise InputError(self.name, f"a paragraph of {size:,} characters (the limit is "
                                        f"{MAX_PARAGRAPH_CHARS:,}); is this really a contract?")
        self.paragraphs += 1
        self.chars += size
        if self.paragraphs > MAX_PARAGRAPHS:
            raise InputError(self.name, f"more than {MAX_PARAGRAPHS:,} paragraphs (the limit; "
                                        "a 500-page contract has about 20,000)")
        if self.chars > MAX_CHARS:
            raise InputError(self.name, f"more than {MAX_CHARS:,} characters of text (the "
                                        "limit; a 500-page contract has about 1,500,000)")


def check_xml_size(data: bytes, name: str, part: str) -> None:
    """Refuse a part whose tree would be far beyond the limits, before building it."""
    tags = data.count(b"<")
    if tags > MAX_XML_TAGS:
        raise InputError(name, f"{part} has {tags:,} XML tags (the limit is {MAX_XML_TAGS:,}; "
                               "a 500-page contract has about 2,000,000)")
    paragraphs = data.count(b"<w:p>") + data.count(b"<w:p ") + data.count(b"<w:p/>")
    if paragraphs > MAX_XML_PARAGRAPHS:
        raise InputError(name, f"more than {MAX_XML_PARAGRAPHS:,} paragraphs, empty ones "
                               "included (a 500-page contract has about 30,000)")


def check_text_size(text: str, name: str) -> None:
    """Refuse a decoded text file far beyond the character limit before splitting it."""
    if len(text) > MAX_CHARS * 2:  # whitespace and blank lines are not counted as text
        raise InputError(name, f"{len(text):,} characters (the limit is {MAX_CHARS:,} "
                               "characters of text)")
