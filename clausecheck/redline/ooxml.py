"""Low-level WordprocessingML helpers: the only code in clausecheck that builds OOXML.

Everything here works on lxml elements of the document part (python-docx's oxml layer). The
rules that keep a redline honest:

- new ``w:id`` values never collide with any id already in the package (comments, tracked
  changes, bookmarks, in every part), see ``IdAllocator``;
- a tracked insertion wraps runs in ``w:ins``; a wholly inserted paragraph also marks its
  paragraph mark as inserted (``w:pPr/w:rPr/w:ins``) so that rejecting it removes the paragraph
  and leaves the neighbours exactly as they were;
- copied paragraph and run properties never carry section breaks or old revision marks.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS}

# Environment variable holding a fixed revision date (ISO, e.g. 2026-11-26T00:00:00Z) so that
# tests and reproducible builds get byte-stable output.
DATE_ENV = "CLAUSECHECK_REDLINE_DATE"

# Children of w:pPr that must never be copied into a new paragraph: a section break would
# split the document, and revision records belong to the paragraph they were made on.
_PPR_DROP = ("sectPr", "pPrChange")
# Children of w:rPr (run or paragraph-mark properties) that record revisions.
_RPR_DROP = ("ins", "del", "moveFrom", "moveTo", "rPrChange")
# Order of the trailing children of w:pPr (CT_PPrBase ends with ..., rPr, sectPr, pPrChange).
_PPR_AFTER_RPR = ("sectPr", "pPrChange")


def w(tag: str) -> str:
    """Clark notation for a tag or attribute in the WordprocessingML namespace."""
    return f"{{{W_NS}}}{tag}"


def xpath(el: etree._Element, expr: str, **variables: str) -> Any:
    """XPath with the ``w:`` prefix bound. Calls lxml directly because python-docx's element
    classes override ``xpath`` with a signature that takes no namespaces or variables."""
    return etree._Element.xpath(el, expr, namespaces=NSMAP, **variables)


def local(el: etree._Element) -> str:
    """The local name of an element (no namespace)."""
    return etree.QName(el).localname


def revision_date(now: dt.datetime | None = None) -> str:
    """The revision timestamp in UTC ISO form: fixed by ``$CLAUSECHECK_REDLINE_DATE`` or
    ``$SOURCE_DATE_EPOCH`` when set (reproducible output), else the current time."""
    fixed = os.environ.get(DATE_ENV, "").strip()
    if fixed:
        value = dt.datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
    elif os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        value = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc)
    else:
        value = now or dt.datetime.now(dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_revision_date(value: str) -> dt.datetime:
    """A ``revision_date()`` string back as an aware datetime (for python-docx's comment date)."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# ---------------------------------------------------------------------------------------------
# ids


def iter_ids(root: etree._Element) -> Iterator[int]:
    """Every integer ``w:id`` attribute value under ``root``."""
    for value in xpath(root, "//@w:id"):
        text = str(value).strip()
        if text.lstrip("-").isdigit():
            yield int(text)


class IdAllocator:
    """Hands out ``w:id`` values above every id already used in the package.

    Word keeps separate id spaces for comments and revisions, but the schema calls all of them
    annotation ids and some consumers treat them as one space; keeping them all distinct is
    the safe choice.
    """

    # ST_DecimalNumber is a signed 32-bit integer: Word (and python-docx) refuse anything above
    MAX_ID = 2_147_483_647

    def __init__(self, used: Iterable[int] = ()) -> None:
        self._used: set[int] = set()
        self._next = 0
        self.reserve(used)

    def reserve(self, used: Iterable[int]) -> None:
        """Make sure later ids are above ``used`` too (or, at the top of the range, not
        among them)."""
        used = [u for u in used if 0 <= u <= self.MAX_ID]
        self._used.update(used)
        self._next = max(self._next, max(used, default=-1) + 1)

    def next(self) -> int:
        # Above every id used while there is room; a package that already uses an id near
        # the top of the range (2147483646 is valid) gets the free ids from 0 up instead.
        if self._next > self.MAX_ID:
            self._next = 0
        while self._next in self._used:
            self._next += 1
        value = self._next
        self._used.add(value)
        self._next += 1
        return value


@dataclass(frozen=True)
class Revision:
    """Who made a tracked change, and when; ``ids`` numbers each change."""

    author: str
    date: str
    ids: IdAllocator

    def attrs(self) -> dict[str, str]:
        return {w("id"): str(self.ids.next()), w("author"): self.author, w("date"): self.date}


# ---------------------------------------------------------------------------------------------
# building runs and paragraphs


def clean_rpr(rpr: etree._Element | None) -> etree._Element | None:
    """A copy of run properties without revision marks; None when nothing is left."""
    if rpr is None:
        return None
    out = copy.deepcopy(rpr)
    for child in list(out):
        if local(child) in _RPR_DROP:
            out.remove(child)
    return out if len(out) else None


def clean_ppr(ppr: etree._Element | None, *, keep_numbering: bool = True) -> etree._Element:
    """A copy of paragraph properties fit for a new paragraph: no section break, no revision
    records; without ``keep_numbering`` the automatic number (``w:numPr``) is dropped."""
    out = etree.Element(w("pPr")) if ppr is None else copy.deepcopy(ppr)
    for child in list(out):
        name = local(child)
        if name in _PPR_DROP or (name == "numPr" and not keep_numbering):
            out.remove(child)
        elif name == "rPr":
            cleaned = clean_rpr(child)
            if cleaned is None:
                out.remove(child)
            else:
                out.replace(child, cleaned)
    return out


# CT_PPrBase children that come after w:ind (a new w:ind goes before the first of them).
_PPR_AFTER_IND = ("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
                  "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                  "sectPr", "pPrChange")


def set_indent(p: etree._Element, ind: etree._Element) -> None:
    """Give paragraph ``p`` a copy of the indentation ``ind``, in schema order."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    old = ppr.find(w("ind"))
    if old is not None:
        ppr.remove(old)
    new = copy.deepcopy(ind)
    for index, child in enumerate(ppr):
        if local(child) in _PPR_AFTER_IND:
            ppr.insert(index, new)
            return
    ppr.append(new)


def make_run(text: str, rpr: etree._Element | None = None) -> etree._Element:
    """A ``w:r`` holding ``text`` (tabs become ``w:tab``, newlines ``w:br``) with a copy of
    ``rpr`` stripped of revision marks."""
    run = etree.Element(w("r"))
    cleaned = clean_rpr(rpr)
    if cleaned is not None:
        run.append(cleaned)
    buffer = ""

    def flush() -> None:
        nonlocal buffer
        if buffer:
            t = etree.SubElement(run, w("t"))
            t.text = buffer
            if buffer != buffer.strip():
                t.set(f"{{{XML_NS}}}space", "preserve")
            buffer = ""

    for char in text:
        if char == "\t":
            flush()
            etree.SubElement(run, w("tab"))
        elif char == "\n":
            flush()
            etree.SubElement(run, w("br"))
        else:
            buffer += char
    flush()
    return run


def mark_rpr(ppr: etree._Element) -> etree._Element:
    """The paragraph-mark run properties of ``ppr``, created in schema order if absent."""
    found = ppr.find(w("rPr"))
    if found is not None:
        return found
    rpr = etree.Element(w("rPr"))
    for index, child in enumerate(ppr):
        if local(child) in _PPR_AFTER_RPR:
            ppr.insert(index, rpr)
            return rpr
    ppr.append(rpr)
    return rpr


def mark_paragraph_inserted(p: etree._Element, rev: Revision) -> etree._Element:
    """Mark the paragraph mark of ``p`` as inserted (``w:pPr/w:rPr/w:ins``): rejecting the
    change then removes the paragraph itself, not only its text. Returns the ``w:ins``."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    rpr = mark_rpr(ppr)
    ins = etree.Element(w("ins"), rev.attrs())
    rpr.insert(0, ins)  # CT_ParaRPr: the revision marks come first
    return ins


def wrap_insertion(elements: Sequence[etree._Element], rev: Revision) -> etree._Element:
    """Wrap consecutive sibling runs in one ``w:ins`` at the position of the first."""
    if not elements:
        raise ValueError("nothing to wrap")
    first = elements[0]
    parent = first.getparent()
    if parent is None or any(el.getparent() is not parent for el in elements):
        raise ValueError("elements to wrap must be siblings")
    ins = etree.Element(w("ins"), rev.attrs())
    first.addprevious(ins)
    for el in elements:
        ins.append(el)  # lxml moves the element
    return ins


def new_paragraph(ppr: etree._Element | None, runs: Sequence[etree._Element]) -> etree._Element:
    """A ``w:p`` with a copy of ``ppr`` (already cleaned by the caller) and ``runs``."""
    p = etree.Element(w("p"))
    if ppr is not None and (len(ppr) or ppr.attrib):
        p.append(copy.deepcopy(ppr))
    for run in runs:
        p.append(run)
    return p


def inserted_paragraph(ppr: etree._Element | None, runs: Sequence[etree._Element],
                       rev: Revision) -> etree._Element:
    """A wholly inserted paragraph: its runs in ``w:ins`` and its paragraph mark inserted."""
    p = new_paragraph(ppr, runs)
    if runs:
        wrap_insertion(list(runs), rev)
    mark_paragraph_inserted(p, rev)
    return p


# ---------------------------------------------------------------------------------------------
# paragraphs inserted after an existing one, the way Word records typing at its end


def open_after(p: etree._Element, rev: Revision) -> etree._Element | None:
    """Prepare to insert paragraphs after paragraph ``p`` as Word records typing at its end
    (Enter, then the new text): ``p``'s content moves into a new paragraph before it, with a
    copy of its properties and an inserted mark; ``p`` itself, with its mark, its section
    break and its attributes, stays at the end of what is inserted and later receives the
    last inserted paragraph (``close_after``). Returns the new paragraph to insert after, or
    None where ``p`` cannot be opened (its mark already carries a revision).

    Marking the *anchor's* mark as inserted, not the last new paragraph's, keeps the
    paragraph that follows the insertion intact in every consumer: LibreOffice joins a
    removed paragraph mark with the paragraph after it and numbers that one with the
    removed paragraph's properties, so a style-numbered heading after an insertion was
    shown with a wrong "original number" ("Article 10.[Article 9.]").

    A paragraph whose properties already carry someone else's tracked change
    (``w:pPrChange``) is opened only when it ends a section (the new paragraphs must come
    before the break); it then stays as an empty paragraph after them. A paragraph whose
    mark is deleted is not opened (its mark would end the last new paragraph)."""
    if local(p) != "p" or (p.find("w:pPr/w:pPrChange", NSMAP) is not None and
                           p.find("w:pPr/w:sectPr", NSMAP) is None):
        return None
    if p.find("w:pPr/w:rPr/w:del", NSMAP) is not None:
        return None  # a paragraph struck whole: the new ones simply follow it
    head = inserted_paragraph(clean_ppr(p.find(w("pPr")), keep_numbering=True), [], rev)
    for child in [c for c in p if local(c) != "pPr"]:
        head.append(child)
    p.addprevious(head)
    return head


_PPR_KEEP = ("rPr", "sectPr", "pPrChange")


def close_after(p: etree._Element, head: etree._Element, rev: Revision) -> None:
    """Finish what ``open_after(p)`` began (``head`` is what it returned): the last inserted
    paragraph (the one right before ``p``) moves into ``p``, whose properties become that
    paragraph's, with a tracked property change holding the old ones (Word's
    ``w:pPrChange``); the paragraph mark keeps its own run properties and section break.
    Rejecting everything then gives back ``p`` exactly as it was. When nothing was inserted,
    ``p`` gets its content back."""
    last = p.getprevious()
    if last is None or local(last) != "p":
        return
    at = 1 if p.find(w("pPr")) is not None else 0
    for offset, child in enumerate([c for c in last if local(c) != "pPr"]):
        p.insert(at + offset, child)
    new_ppr = last.find(w("pPr"))
    last.getparent().remove(last)
    if last is head:
        return
    old_ppr = p.find(w("pPr"))
    old_base = [c for c in old_ppr if local(c) not in _PPR_KEEP] if old_ppr is not None else []
    new_base = [c for c in new_ppr if local(c) not in _PPR_KEEP] if new_ppr is not None else []
    if [etree.tostring(c, method="c14n") for c in old_base] == \
            [etree.tostring(c, method="c14n") for c in new_base]:
        return
    if old_ppr is None:
        old_ppr = etree.Element(w("pPr"))
        p.insert(0, old_ppr)
    for child in old_base:
        old_ppr.remove(child)
    for index, child in enumerate(new_base):
        old_ppr.insert(index, child)
    change = etree.SubElement(old_ppr, w("pPrChange"), rev.attrs())
    before = etree.SubElement(change, w("pPr"))
    for child in old_base:
        before.append(child)


# ---------------------------------------------------------------------------------------------
# comment anchors


def _content_children(p: etree._Element) -> list[etree._Element]:
    return [c for c in p if local(c) != "pPr"]


def comment_reference_run(comment_id: int) -> etree._Element:
    """The run that shows a comment's mark in the text (as Word writes it)."""
    run = etree.Element(w("r"))
    rpr = etree.SubElement(run, w("rPr"))
    etree.SubElement(rpr, w("rStyle"), {w("val"): "CommentReference"})
    etree.SubElement(run, w("commentReference"), {w("id"): str(comment_id)})
    return run


def anchor_comment(first: etree._Element, last: etree._Element, comment_id: int,
                   rev: Revision | None = None) -> None:
    """Anchor comment ``comment_id`` on paragraphs ``first``..``last`` (inclusive).

    The range starts right after ``first``'s properties and ends after ``last``'s content, so
    it covers whole paragraphs whatever their runs are wrapped in (hyperlinks, existing tracked
    changes). With ``rev`` the reference run is itself a tracked insertion (used for comments
    on inserted paragraphs, so rejecting the insertion takes the mark away too).
    """
    start = etree.Element(w("commentRangeStart"), {w("id"): str(comment_id)})
    ppr = first.find(w("pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        first.insert(0, start)
    end = etree.Element(w("commentRangeEnd"), {w("id"): str(comment_id)})
    ref = comment_reference_run(comment_id)
    last.append(end)
    last.append(ref)
    if rev is not None:
        wrap_insertion([ref], rev)


# ---------------------------------------------------------------------------------------------
# accepting (rejecting is in ``revisions``), used by the round-trip checks


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    # keep any tail text (never used in WordprocessingML, but be exact)
    parent.remove(el)


def merge_into_next(p: etree._Element) -> None:
    """Remove paragraph ``p`` because its mark went away: its content joins the next one."""
    parent = p.getparent()
    assert parent is not None
    following = p.getnext()
    content = _content_children(p)
    if following is not None and local(following) == "p" and content:
        anchor = following.find(w("pPr"))
        for offset, child in enumerate(content):
            if anchor is not None:
                following.insert(following.index(anchor) + 1 + offset, child)
            else:
                following.insert(offset, child)
    parent.remove(p)


def accept_all_revisions(root: etree._Element) -> etree._Element:
    """Accept every tracked change under ``root`` in place: insertions stay, deletions go.

    Covers what clausecheck and ordinary Word drafts contain: ``w:ins``/``w:del`` around runs,
    moves, paragraph marks inserted or deleted, and formatting changes.
    """
    for el in xpath(root, ".//w:del[not(ancestor::w:rPr)] | .//w:moveFrom[not(ancestor::w:rPr)]"):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for el in xpath(root, ".//w:ins[not(ancestor::w:rPr)] | .//w:moveTo[not(ancestor::w:rPr)]"):
        _unwrap(el)
    for el in xpath(root, ".//w:rPrChange | .//w:pPrChange | .//w:sectPrChange"
                         " | .//w:tblPrChange | .//w:trPrChange | .//w:tcPrChange"):
        el.getparent().remove(el)
    for p in xpath(root, ".//w:p[w:pPr/w:rPr/w:del or w:pPr/w:rPr/w:moveFrom]"):
        merge_into_next(p)
    for mark in xpath(root, ".//w:pPr/w:rPr/w:ins | .//w:pPr/w:rPr/w:moveTo"
                           " | .//w:rPr/w:ins | .//w:rPr/w:del"):
        rpr = mark.getparent()
        rpr.remove(mark)
    return root


def remove_comment_marks(root: etree._Element, comment_ids: Iterable[int]) -> etree._Element:
    """Remove the range markers and reference runs of the given comments under ``root``."""
    wanted = {str(i) for i in comment_ids}
    for el in xpath(root, ".//w:commentRangeStart | .//w:commentRangeEnd"):
        if el.get(w("id")) in wanted:
            el.getparent().remove(el)
    for ref in xpath(root, ".//w:r[w:commentReference]"):
        if ref.find(w("commentReference")).get(w("id")) in wanted:
            ref.getparent().remove(ref)
    return root
