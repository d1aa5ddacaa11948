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
import difflib
import re
from dataclasses import dataclass

from lxml import etree

from clausecheck.redline.ooxml import XML_NS, Revision, local, make_run, mark_rpr, w, xpath


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
    text = paragraph_plain_text(pieces)
    return tracked_edit(p, text[:start] + new + text[end:], rev)


def tracked_edit(p: etree._Element, new: str, rev: Revision) -> bool:
    """Make paragraph ``p`` read ``new`` with tracked changes, each place that changes marked
    on its own, as one edits by hand with tracking on (「甲の指示に従い、」 put in before the
    object and 「乙の判断により」 struck further on are two changes, not one that deletes and
    retypes the words between them). False when the paragraph cannot be edited safely or
    reads ``new`` already."""
    pieces = editable_runs(p)
    if not pieces:
        return False
    old = paragraph_plain_text(pieces)
    hunks = edit_hunks(old, new)
    if not hunks:
        return False
    for a, b, inserted in reversed(hunks):  # right to left: the offsets on the left hold
        pieces = _mark(pieces, a, b, inserted, rev)
    return True


# The shortest stretch of unchanged text that splits one change in two: a few characters of
# Japanese, a few words of English (shorter runs make a change read as confetti).
_MIN_KEPT = {"ja": 5, "en": 4}
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def edit_hunks(old: str, new: str) -> list[tuple[int, int, str]]:
    """The changes that turn ``old`` into ``new``: (start, end, inserted text) spans of ``old``
    in order. The common beginning and end are kept; inside, an unchanged stretch long enough
    (``_MIN_KEPT``: characters for Japanese, words and the spaces between them for English)
    splits the change."""
    if old == new:
        return []
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and \
            old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    # an English change starts and ends at a word's edge: "at its option" → "as directed" is
    # no "a" kept and "t its option" struck
    while prefix and _latin(old[prefix - 1]) and (_latin(old[prefix:prefix + 1]) or
                                                   _latin(new[prefix:prefix + 1])):
        prefix -= 1
    while suffix and _latin(old[len(old) - suffix]) and \
            (_latin(old[len(old) - suffix - 1:len(old) - suffix]) or
             _latin(new[len(new) - suffix - 1:len(new) - suffix])):
        suffix -= 1
    a, b = prefix, len(old) - suffix
    while not new[prefix:len(new) - suffix] and a and old[a - 1] == old[b - 1] == " ":
        a, b = a - 1, b - 1  # words struck with the space before them, as one selects them
    middle_new = new[prefix:len(new) - suffix]
    return _split_hunk(old, a, b, middle_new)


def _latin(char: str) -> bool:
    return len(char) == 1 and char.isascii() and char.isalnum()


def _split_hunk(old: str, a: int, b: int, inserted: str) -> list[tuple[int, int, str]]:
    japanese = bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", old[a:b] + inserted))
    left = list(old[a:b]) if japanese else _TOKENS.findall(old[a:b])
    right = list(inserted) if japanese else _TOKENS.findall(inserted)
    if left and right:
        match = difflib.SequenceMatcher(None, left, right, autojunk=False).find_longest_match(
            0, len(left), 0, len(right))
        words = sum(1 for t in left[match.a:match.a + match.size] if not t.isspace())
        if match.size and (match.size if japanese else words) >= _MIN_KEPT["ja" if japanese
                                                                           else "en"]:
            at = a + len("".join(left[:match.a]))
            kept = len("".join(left[match.a:match.a + match.size]))
            cut = len("".join(right[:match.b]))
            rest = len("".join(right[:match.b + match.size]))
            return [*_split_hunk(old, a, at, inserted[:cut]),
                    *_split_hunk(old, at + kept, b, inserted[rest:])]
    while a == b and inserted and b < len(old) and inserted[0] == old[b] and \
            inserted[0] in "、，":
        a = b = b + 1  # words put in after the comma they follow: 「…には、{甲の指示に従い、}」
        inserted = inserted[1:] + inserted[0]
    return [(a, b, inserted)] if a < b or inserted else []


def _mark(pieces: list[_Piece], a: int, b: int, inserted: str, rev: Revision) -> list[_Piece]:
    """Mark characters ``a``..``b`` as deleted and ``inserted`` as inserted there; returns the
    pieces before ``a`` (still plain runs, for changes further left)."""
    for at in (a, b):
        pieces = _cut(pieces, at)
    deleted = [piece.run for piece in pieces if a <= piece.start and piece.end <= b and a < b]
    before = [piece.run for piece in pieces if piece.end <= a]
    after = [piece.run for piece in pieces if piece.start >= b]
    style_run = deleted[0] if deleted else (before[-1] if before else after[0])
    anchor: etree._Element | None = before[-1] if before else None
    if deleted:
        anchor = _wrap_deleted(deleted, rev)
    if inserted:
        ins = etree.Element(w("ins"), rev.attrs())
        ins.append(make_run(inserted, style_run.find(w("rPr"))))
        if anchor is not None:
            anchor.addnext(ins)
        else:
            after[0].addprevious(ins)
    return [piece for piece in pieces if piece.end <= a]


def _wrap_deleted(runs: list[etree._Element], rev: Revision) -> etree._Element:
    """Move adjacent ``runs`` into one ``w:del`` where the first stood (their text as
    ``w:delText``) and return it."""
    deletion = etree.Element(w("del"), rev.attrs())
    runs[0].addprevious(deletion)
    for run in runs:
        for t in run.findall(w("t")):
            t.tag = w("delText")
        deletion.append(run)
    return deletion


def strike_paragraph(p: etree._Element, rev: Revision) -> bool:
    """Delete the whole paragraph ``p`` as Word records it: every run that shows text in
    ``w:del`` (a run someone else inserted stays in its ``w:ins``, with the deletion inside it)
    and the paragraph mark deleted (``w:pPr/w:rPr/w:del``), so that accepting removes the
    paragraph and rejecting gives it back as it was. False (nothing changed) where that
    cannot be recorded cleanly: a section break or a revision on its mark, text in a field,
    or empty properties whose removal on rejection could not be told from ours."""
    if local(p) != "p":
        return False
    ppr = p.find(w("pPr"))
    if ppr is not None:
        rpr = ppr.find(w("rPr"))
        if ppr.find(w("sectPr")) is not None or ppr.find(w("pPrChange")) is not None or \
                (not len(ppr) and not ppr.attrib):
            return False
        # (a mark we inserted is the paragraph opened to add paragraphs after it, ``ooxml.
        # open_after``: deleted too, accepting removes it and rejecting joins it up as before)
        if rpr is not None and (not len(rpr) or any(
                local(c) in ("del", "moveFrom", "moveTo") or
                local(c) == "ins" and c.get(w("author")) != rev.author for c in rpr)):
            return False
    if xpath(p, "boolean(.//w:fldChar | .//w:instrText | .//w:fldSimple | .//w:txbxContent)"):
        return False
    groups: list[list[etree._Element]] = []
    for run in xpath(p, ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and "
                        "not(w:commentReference)]"):
        if groups and groups[-1][-1].getnext() is run:
            groups[-1].append(run)
        else:
            groups.append([run])
    if not any(xpath(run, "boolean(w:t)") for group in groups for run in group):
        return False
    for group in groups:
        _wrap_deleted(group, rev)
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    mark = etree.Element(w("del"), rev.attrs())
    rpr = mark_rpr(ppr)
    rpr.insert(1 if rpr.find(w("ins")) is not None else 0, mark)  # CT_ParaRPr: ins, del first
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
