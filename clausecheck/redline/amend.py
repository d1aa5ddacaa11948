"""Tracked edits inside an existing paragraph: a deletion and an insertion where a weak clause
is fixed in place (「書面による承諾」 → 「事前の書面による承諾」, "one year" → "five years").

Only the characters that change are marked: the runs around the edit are split at its ends
(as Word does when one types with tracking on), the old characters go into ``w:del`` as
``w:delText`` and the new ones into a ``w:ins`` run with the same formatting. The pieces of a
split run keep the run's attributes and formatting, so ``join_runs`` can put them back
together when the change is rejected (``revisions.reject_revisions``): the paragraph is then
the same XML as before, not only the same text.
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


def _needs_preserve(text: str) -> bool:
    return text != text.strip()


def _preserve(t: etree._Element) -> None:
    """Keep the spaces at the ends of a piece of text (Word drops them without the flag)."""
    if _needs_preserve(t.text or "") and t.get(_SPACE) != "preserve":
        t.set(_SPACE, "preserve")


_SPACE = f"{{{XML_NS}}}space"


def _split(run: etree._Element, at: int) -> etree._Element:
    """Split ``run`` at character ``at``; returns the second half (inserted after it). Both
    halves keep the run's attributes, formatting and the attributes of its text elements."""
    tail = copy.deepcopy(run)
    pos = 0
    for head_t, tail_t in zip([c for c in run if local(c) == "t"],
                              [c for c in tail if local(c) == "t"]):
        text = head_t.text or ""
        start, end = pos, pos + len(text)
        pos = end
        if end <= at:
            tail.remove(tail_t)
        elif start >= at:
            run.remove(head_t)
        else:
            head_t.text, tail_t.text = text[:at - start], text[at - start:]
            _preserve(head_t)
            _preserve(tail_t)
    run.addnext(tail)
    return tail


def joinable(left: etree._Element | None, right: etree._Element | None) -> bool:
    """True when ``left`` and ``right`` are text-only runs with the same attributes and the
    same formatting: the two halves of a run that an edit split (or two runs Word would
    merge anyway when it saves)."""
    if left is None or right is None or local(left) != "r" or local(right) != "r":
        return False
    if dict(left.attrib) != dict(right.attrib):
        return False
    for run in (left, right):
        if any(local(c) not in ("rPr", "t") for c in run) or run.find(w("t")) is None:
            return False
    return _formatting(left) == _formatting(right)


def _formatting(run: etree._Element) -> bytes:
    rpr = run.find(w("rPr"))
    return etree.tostring(rpr, method="c14n") if rpr is not None else b""


def join_runs(left: etree._Element, right: etree._Element) -> None:
    """Put the halves of a split run back together (the inverse of ``_split``): the text
    element at the seam gets the joined text and its own ``xml:space`` again unless the
    joined text needs it."""
    left_t = [c for c in left if local(c) == "t"][-1]
    right_ts = [c for c in right if local(c) == "t"]
    first, rest = right_ts[0], right_ts[1:]
    piece = left_t.text or ""
    joined = piece + (first.text or "")
    if left_t.get(_SPACE) == "preserve" and not _needs_preserve(joined) and \
            _needs_preserve(piece):
        del left_t.attrib[_SPACE]  # set by the split for the piece's own end spaces
    left_t.text = joined
    _preserve(left_t)
    for t in rest:
        left.append(t)
    right.getparent().remove(right)


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
