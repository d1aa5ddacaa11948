"""Tracked edits inside an existing paragraph: a deletion and an insertion where a weak clause
is fixed in place (「書面による承諾」 → 「事前の書面による承諾」, "one year" → "five years").

Only the characters that change are marked: the runs around the edit are split at its ends
(as Word does when one types with tracking on), the old characters go into ``w:del`` as
``w:delText`` and the new ones into a ``w:ins`` run with the same formatting. Rejecting the
change gives back the same text with the same formatting; the run is then in two or three
pieces where it was one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from lxml import etree

from clausecheck.redline.ooxml import XML_NS, Revision, local, make_run, w, xpath


@dataclass
class _Piece:
    run: etree._Element
    start: int
    end: int


def editable_runs(p: etree._Element) -> list[_Piece] | None:
    """The paragraph's text as runs that hold only text, with their character spans; None
    when the paragraph's text sits in anything else (fields, hyperlinks, other revisions,
    tabs), where an edit could not be placed safely."""
    pieces: list[_Piece] = []
    pos = 0
    for child in p:
        name = local(child)
        if name in ("pPr", "bookmarkStart", "bookmarkEnd", "commentRangeStart",
                    "commentRangeEnd", "proofErr"):
            continue
        if name != "r":
            if xpath(child, "boolean(.//w:t)"):
                return None
            continue
        parts = [c for c in child if local(c) != "rPr"]
        if any(local(c) not in ("t",) for c in parts):
            if any(local(c) == "t" for c in parts):
                return None
            continue  # a comment reference or a break alone: no text to edit
        text = "".join(t.text or "" for t in parts)
        if text:
            pieces.append(_Piece(child, pos, pos + len(text)))
            pos += len(text)
    return pieces


def paragraph_plain_text(pieces: list[_Piece]) -> str:
    return "".join(_run_text(piece.run) for piece in pieces)


def _run_text(run: etree._Element) -> str:
    return "".join(t.text or "" for t in run.iter(w("t")))


def _set_text(run: etree._Element, text: str, tag: str = "t") -> None:
    for child in [c for c in run if local(c) != "rPr"]:
        run.remove(child)
    t = etree.SubElement(run, w(tag))
    t.text = text
    if text != text.strip():
        t.set(f"{{{XML_NS}}}space", "preserve")


def _split(run: etree._Element, at: int) -> etree._Element:
    """Split ``run`` at character ``at``; returns the second half (inserted after it)."""
    text = _run_text(run)
    tail = copy.deepcopy(run)
    _set_text(run, text[:at])
    _set_text(tail, text[at:])
    run.addnext(tail)
    return tail


def tracked_replace(p: etree._Element, start: int, end: int, new: str, rev: Revision) -> bool:
    """Replace characters ``start``..``end`` of paragraph ``p`` by ``new`` as a tracked
    change (only the differing middle is marked). False when the paragraph cannot be edited
    safely or nothing changes."""
    pieces = editable_runs(p)
    if not pieces:
        return False
    old = paragraph_plain_text(pieces)[start:end]
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and \
            old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    a, b = start + prefix, end - suffix
    inserted = new[prefix:len(new) - suffix]
    if a == b and not inserted:
        return False
    for at in (a, b):
        pieces = _cut(pieces, at)
    deleted = [piece.run for piece in pieces if a <= piece.start and piece.end <= b and a < b]
    before = [piece.run for piece in pieces if piece.end <= a]
    after = [piece.run for piece in pieces if piece.start >= b]
    style_run = deleted[0] if deleted else (before[-1] if before else after[0])
    anchor: etree._Element | None = before[-1] if before else None
    if deleted:
        deletion = etree.Element(w("del"), rev.attrs())
        deleted[0].addprevious(deletion)
        for run in deleted:
            for t in run.findall(w("t")):
                t.tag = w("delText")
            deletion.append(run)
        anchor = deletion
    if inserted:
        ins = etree.Element(w("ins"), rev.attrs())
        ins.append(make_run(inserted, style_run.find(w("rPr"))))
        if anchor is not None:
            anchor.addnext(ins)
        else:
            after[0].addprevious(ins)
    return True


def _cut(pieces: list[_Piece], at: int) -> list[_Piece]:
    """The pieces with a run boundary at character ``at``."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.start < at < piece.end:
            tail = _split(piece.run, at - piece.start)
            out.append(_Piece(piece.run, piece.start, at))
            out.append(_Piece(tail, at, piece.end))
        else:
            out.append(piece)
    return out


def reject_deletions(root: etree._Element, author: str) -> etree._Element:
    """Reject the deletions made by ``author``: the deleted runs come back as text."""
    for deletion in xpath(root, ".//w:del[not(ancestor::w:rPr)][@w:author=$a]", a=author):
        parent = deletion.getparent()
        index = parent.index(deletion)
        for offset, run in enumerate(list(deletion)):
            for t in run.findall(w("delText")):
                t.tag = w("t")
            parent.insert(index + offset, run)
        parent.remove(deletion)
    return root


def merge_split_runs(root: etree._Element) -> etree._Element:
    """Join neighbouring text-only runs with the same formatting (what rejecting a tracked
    edit leaves split), for comparing texts and formatting."""
    for p in root.iter(w("p")):
        previous: etree._Element | None = None
        for child in list(p):
            if local(child) != "r" or any(local(c) not in ("rPr", "t") for c in child):
                previous = None
                continue
            if previous is not None and etree.tostring(previous.find(w("rPr")) if
                                                       previous.find(w("rPr")) is not None
                                                       else etree.Element("x")) == \
                    etree.tostring(child.find(w("rPr")) if child.find(w("rPr")) is not None
                                   else etree.Element("x")):
                _set_text(previous, _run_text(previous) + _run_text(child))
                p.remove(child)
                continue
            previous = child
    return root
