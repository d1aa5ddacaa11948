"""How the contract lays out an article, learnt from one existing article, so that an inserted
article looks native: the heading line, the number paragraph, the heading format, run fonts,
and how its paragraphs and items are numbered (automatically or typed)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from lxml import etree

from clausecheck.model import Clause
from clausecheck.reader.docx import hidden_runs
from clausecheck.reader.docx import paragraph_text as docx_paragraph_text
from clausecheck.redline.numbering import PrefixStyle, learn_prefix, number_value
from clausecheck.redline.ooxml import NSMAP, w, xpath

_TITLE_LINE = re.compile(r"^[ \t　]*[（(【\[](?P<title>[^（()）【】\[\]]{1,40})[）)】\]][ \t　]*$")
_JA_NUM = re.compile(r"^[ \t　]*第[ \t　]*[0-9０-９〇一二三四五六七八九十百]+[ \t　]*条"
                     r"(?:[ \t　]*の[ \t　]*[0-9０-９〇一二三四五六七八九十]+)?")
_EN_NUM = re.compile(r"^[ \t　]*(?:(?:article|section|clause)[ \t]+)?\d+(?:\.[0-9A-Z]+)*\.?",
                     re.I)
_AFTER_TITLE = re.compile(r"^[）)】\]]?[.．:：]?[ \t　]*")


def paragraph_text(p: etree._Element) -> str:
    """The paragraph's text as the reader reads it (``reader.docx.paragraph_text``: deleted,
    moved-from and hidden runs out, text boxes and mc:Fallback copies out, tabs and breaks
    kept), so that the redliner sees the clause texts the checker judged."""
    return docx_paragraph_text(p)[0]


_NOT_SHOWN = ("ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent "
              "or ancestor::*[local-name()='Fallback']")


def text_runs_rpr(p: etree._Element) -> list[etree._Element | None]:
    """The run properties of the runs of ``p`` that show text, in order."""
    out: list[etree._Element | None] = []
    hidden = hidden_runs(p)  # a hidden run's format copied would hide the inserted text
    for run in p.iter(w("r")):
        if run in hidden or xpath(run, _NOT_SHOWN):
            continue
        if run.find(w("t")) is not None:
            out.append(run.find(w("rPr")))
    return out


def is_title_line(text: str) -> bool:
    """A heading line that only holds a bracketed title: （目的）, (Purpose)."""
    return bool(_TITLE_LINE.match(text))


def has_numbering(p: etree._Element) -> bool:
    return p.find("w:pPr/w:numPr", NSMAP) is not None


@dataclass
class ArticleShape:
    """The layout of one article, to be copied by an insertion."""

    head: etree._Element | None
    head_format: str = "{num}（{title}）"
    inline_body: bool = False
    title_line: etree._Element | None = None
    title_line_format: str = "（{title}）"
    head_rpr: etree._Element | None = None
    body_rpr: etree._Element | None = None
    body_p: etree._Element | None = None
    para_p: etree._Element | None = None
    para_prefix: PrefixStyle | None = None
    para_start: int = 1
    item_p: etree._Element | None = None
    item_prefix: PrefixStyle | None = None
    para_auto: bool = False  # paragraph numbers come from Word (numPr or a numbered style)
    item_auto: bool = False
    upper_titles: bool = False  # headings written in capitals ("5. CONFIDENTIALITY")


def _nfkc_same_length(text: str) -> str:
    """NFKC per character when that keeps positions aligned, else the text unchanged."""
    out = "".join(unicodedata.normalize("NFKC", c) if len(unicodedata.normalize("NFKC", c)) == 1
                  else c for c in text)
    return out


def _number_end(text: str, numbering: str, lang: str = "ja") -> int:
    """Where the typed article number at the start of ``text`` ends (0 when none)."""
    if numbering != "typed":
        return 0
    m = (_JA_NUM if lang == "ja" else _EN_NUM).match(text)
    return m.end() if m else 0


def _head_format(text: str, title: str, numbering: str, lang: str) -> tuple[str, bool]:
    """The heading format of a number paragraph ("{num}（{title}）", "{num} {title}.") and
    whether body text follows on the same paragraph."""
    end = _number_end(text, numbering, lang)
    num = "{num}" if end else ""
    rest = text[end:]
    norm = _nfkc_same_length(rest)
    pos = norm.find(_nfkc_same_length(title)) if title else -1
    if pos < 0:
        # no title to learn from: give the new article one anyway, it tells the reader why
        # it is there
        lead = re.match(r"^[ \t　]*", rest).group(0)
        body = rest[len(lead):].strip()
        if lang == "ja":
            return num + "（{title}）", bool(body)
        return num + " {title}." + (" " if body else ""), bool(body)
    sep = rest[:pos]
    if numbering == "typed" and not num and re.search(r"[0-9０-９]", sep):
        # a number the patterns do not know ("1条（", "Clause 1 –"): replace it, keep the
        # bracket or space that opens the title
        num = "{num}"
        sep = re.search(r"[（(【\[ \t　:：.．–-]*$", sep).group(0) or (" " if lang != "ja" else "")
    after = rest[pos + len(title):]
    tail = _AFTER_TITLE.match(after).group(0)
    body = after[len(tail):].strip()
    return num + sep + "{title}" + tail, bool(body)


def _block(paragraphs: Sequence[etree._Element], article: Clause,
           owned: set[int]) -> list[int]:
    """The indexes of the article's paragraphs, with a heading line before its first source
    paragraph that belongs to no clause (the reader may leave it out)."""
    sources = article.all_sources
    if not sources:
        return []
    start, end = min(sources), max(sources)
    if start > 0 and start - 1 not in owned and _TITLE_LINE.match(paragraph_text(paragraphs[start - 1])):
        start -= 1
    return list(range(start, end + 1))


def learn_shape(paragraphs: Sequence[etree._Element], article: Clause, numbering: str,
                lang: str, owned: set[int]) -> ArticleShape:
    """The layout of ``article`` (indexes refer to ``paragraphs``)."""
    block = _block(paragraphs, article, owned)
    if not block:
        return ArticleShape(head=None)
    shape = ArticleShape(head=paragraphs[block[0]])
    shape.upper_titles = article.title.isupper()
    pos = 0
    first_text = paragraph_text(paragraphs[block[0]])
    m = _TITLE_LINE.match(first_text)
    if m and len(block) > 1 and _number_end(first_text, numbering, lang) == 0 and \
            (numbering != "auto" or not has_numbering(paragraphs[block[0]])):
        shape.title_line = paragraphs[block[0]]
        inner = m.group("title")
        shape.title_line_format = first_text.replace(inner, "{title}", 1).strip(" \t")
        pos = 1
    head = paragraphs[block[pos]]
    shape.head = head
    head_text = paragraph_text(head)
    if shape.title_line is not None:
        end = _number_end(head_text, numbering, lang)
        rest = head_text[end:]
        sep = re.match(r"^[ \t　]*", rest).group(0)
        shape.head_format = ("{num}" if end else "") + (sep or ("　" if lang == "ja" else " "))
        shape.inline_body = bool(rest.strip())
    else:
        shape.head_format, shape.inline_body = _head_format(head_text, article.title, numbering,
                                                            lang)
    rprs = text_runs_rpr(head)
    shape.head_rpr = rprs[0] if rprs else None
    shape.body_rpr = rprs[-1] if rprs else None
    child_sources = {i for c in article.children for i in c.all_sources}
    for index in block[pos + 1:]:
        if index not in child_sources and paragraph_text(paragraphs[index]).strip():
            shape.body_p = paragraphs[index]
            body_rprs = text_runs_rpr(paragraphs[index])
            if body_rprs:
                shape.body_rpr = body_rprs[-1]
            break
    _learn_children(shape, paragraphs, article, numbering)
    return shape


def _learn_children(shape: ArticleShape, paragraphs: Sequence[etree._Element], article: Clause,
                    numbering: str) -> None:
    for clause in list(article.walk())[1:]:
        if not clause.source:
            continue
        p = paragraphs[min(clause.source)]
        text = paragraph_text(p)
        if clause.kind == "paragraph" and shape.para_p is None:
            shape.para_p = p
            shape.para_prefix = None if has_numbering(p) else learn_prefix(text, clause.number)
            # the number is not in the text: Word adds it (directly or through the style)
            shape.para_auto = shape.para_prefix is None and (numbering == "auto" or
                                                             has_numbering(p))
            value = number_value(clause.number.strip("()（）.． 　").split(".")[-1])
            shape.para_start = value if value in (1, 2) else 1
            if shape.body_rpr is None or shape.body_p is None:
                rprs = text_runs_rpr(p)
                if rprs:
                    shape.body_rpr = rprs[-1]
        elif clause.kind == "item" and shape.item_p is None:
            shape.item_p = p
            shape.item_prefix = None if has_numbering(p) else learn_prefix(text, clause.number)
            shape.item_auto = shape.item_prefix is None and (numbering == "auto" or
                                                             has_numbering(p))
