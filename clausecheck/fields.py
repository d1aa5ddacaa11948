"""A field of a cover sheet or term sheet: "Term: 2 years", 「契約期間：2年」.

The one definition of such a line, for the reader (a field is a line of its own, never joined
to the line before it) and for the language layer (a field states a term of the deal).
Pure string work, no import of spaCy or of the reader, so both may use it.

Two questions, one shape:

* :func:`split_label` — is the line written ``Label: value`` (or ``Label:`` alone) at all? A
  label is one to four words (at most 32 characters; Japanese: at most 12 characters) that
  starts with a letter, then a colon (``:`` or ``：``). Headings and recitals written that way
  (「第3条：秘密保持」, "Section 3: Confidentiality", "WHEREAS:") have this shape too, and
  like a field they start a line of their own: the line joiners ask this.
* :func:`is_field` — is it a field, a label naming one fact of the deal and its value? Not a
  heading with a colon (the label names a numbered part of the contract), not a recital.

>>> is_field("Term: 2 years"), is_field("契約期間：2年"), is_field("Governing Law: Japan")
(True, True, True)
>>> is_field("Section 3: Confidentiality"), is_field("第3条：秘密保持")
(False, False)
>>> split_label("Section 3: Confidentiality")
('Section 3', 'Confidentiality')

The text may be as written or normalised (NFKC, lower case): the label is matched on the
width-folded text and without regard to case.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_field", "split_label"]

# A label is short; looking further than this for its colon is looking into a sentence.
_LABEL_CHARS = 32
_LABEL_CHARS_JA = 12
_LABEL_WORDS = 4
# A word of a label: letters and digits (any script), joined by an apostrophe, hyphen,
# ampersand, slash, 「・」 or brackets ("Licensee's", "E-mail", "Term/Termination",
# 「甲（委託者）」); an abbreviation keeps its stop at the end ("Contract No.").
_WORD = re.compile(r"[^\W_][\w'’&/\-・ー()「」『』]*\.?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_OPENERS, _CLOSERS = "(「『", ")」』"

# The label names a numbered part of the contract: the line is a heading ("Section 3:
# Confidentiality", "Schedule A: Services", 「第3条：秘密保持」, 「別紙1：対象データ」).
_PART_EN = re.compile(r"(?:article|art\.?|section|sec\.?|clause|chapter|part|schedule|annex"
                      r"|appendix|exhibit|attachment|addendum|rider|table|figure|rule|paragraph)"
                      r"(?: \S+)?$")
_PART_JA = re.compile(r"第\s*[0-9〇一二三四五六七八九十百千]+\s*[条章節款項号編部]"
                      r"|(?:別紙|別表|別添|別記|付属書|附属書|添付資料|様式)\s*[0-9〇一二三四五六七八九十]*$")
# A recital is never a field: "Background: …", "WHEREAS: …", 「前文：…」, 「経緯：…」.
_RECITAL = re.compile(r"(?:whereas|background|recitals?|preamble)\b|前文|経緯|背景")
# A one-character label is a party's alias (「甲：株式会社アルファ」); "X：…", "Q: …", 「注：…」
# (a dialogue in a commentary, a question, a note) are not fields.
_PARTY_ALIASES = "甲乙丙丁"


def split_label(line: str) -> tuple[str, str] | None:
    """``(label, value)`` when the line is written ``Label: value`` (see the module doc),
    ``(label, "")`` for ``Label:`` alone ("WHEREAS:", "Address:"), else None. Both come
    width-folded (NFKC), the value only as far as looked at.

    >>> split_label("Governing Law: the laws of Japan")
    ('Governing Law', 'the laws of Japan')
    >>> split_label("準拠法：日本法")
    ('準拠法', '日本法')
    >>> split_label("WHEREAS: the parties wish to cooperate")[0]
    'WHEREAS'
    >>> split_label("Address:")
    ('Address', '')
    >>> [split_label(s) for s in ("http://example.com", "(a) Term: 2 years",
    ...                           "The Entire Contract consists of the following: (1) this")]
    [None, None, None]
    """
    head = unicodedata.normalize("NFKC", line.lstrip()[:2 * _LABEL_CHARS + 8])
    colon = head.find(":")
    if colon <= 0:
        return None
    label, value = head[:colon].strip(), head[colon + 1:].strip()
    if value.startswith("//") or not label[:1].isalpha() \
            or head[colon - 1:colon].isdigit() and value[:1].isdigit():
        return None  # "http://…"; "(a) Term: …", "“Term”: …"; a time or a ratio ("at 10:00")
    words = label.split()
    if len(label) > _LABEL_CHARS or len(words) > _LABEL_WORDS \
            or not all(_WORD.fullmatch(w) for w in words) or not _balanced(label):
        return None
    if _CJK.search(label) and len(label) > _LABEL_CHARS_JA:
        return None
    return label, value


def is_field(line: str) -> bool:
    """True when the line is a field of a cover sheet or term sheet: a label naming one fact
    of the deal, a colon, and its value.

    Fields: "Term: 2 years", "Governing Law: Japan", "Effective Date: the date of the last
    signature", "By: /s/ J. Smith", "Party A: Alpha Co., Ltd.", 「契約期間：2年」,
    「準拠法：日本法」, 「甲：株式会社アルファ」, 「甲（委託者）：株式会社アルファ」.

    Not fields: a heading with a colon — "Section 3: Confidentiality", "Schedule A: Fees",
    "Note 1: …", "Table A-1: …" (an English label holding a number names a numbered thing),
    「第3条：秘密保持」, 「別紙1：対象データ」; a recital — "WHEREAS: …", "Background: …",
    「前文：…」; a label alone ("Address:"); a lead-in sentence ending in a colon
    ("The Entire Contract consists of the following: …", more than four words); a line
    starting with an item label or a bracket ("(a) Term: 2 years", 「（別紙1：本検証）」); a
    one-character label other than a party's alias ("X：…", "Q: …", 「注：…」); a URL.
    """
    parts = split_label(line)
    if parts is None or not parts[1]:
        return False
    label = parts[0].lower()
    if _RECITAL.match(label):
        return False
    if _CJK.search(label):
        if _PART_JA.match(label):
            return False
    elif _PART_EN.match(label) or any(ch.isdigit() for ch in label):
        return False
    return len(label) > 1 or label in _PARTY_ALIASES


def _balanced(label: str) -> bool:
    """No bracket left open: 「（別紙1：本検証）」 has its colon inside the bracket."""
    depth = 0
    for ch in label:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0
