"""Accepting and rejecting tracked changes, as Word does, for checking what a redline does.

``accept_all_revisions`` (in ``ooxml``) gives the contract as it reads once every change is
accepted; ``reject_revisions`` takes one author's changes out again and must give back the
original XML exactly: that is how the tests and ``benchmarks/redline_roundtrip.py`` prove a
redline is cleanly removable. ``accepted_copy`` / ``rejected_copy`` do the same on files, and
``inserted_paragraphs`` says which paragraphs an author wrote.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterable

from lxml import etree

from clausecheck.redline.amend import join_runs, joinable
from clausecheck.redline.ooxml import (accept_all_revisions, local, merge_into_next,
                                       remove_comment_marks, w, xpath)

__all__ = ["accept_all_revisions", "reject_revisions", "accepted_copy", "rejected_copy",
           "inserted_paragraphs"]

# A placeholder where a rejected change sat, so the halves of a run it split can be joined.
_SEAM = "{urn:clausecheck:redline}seam"


def reject_revisions(root: etree._Element, author: str) -> etree._Element:
    """Reject every tracked change ``author`` made under ``root``, in place (other authors'
    changes stay): inserted runs go, deleted runs come back, paragraphs whose mark was
    inserted join the next one, a paragraph whose mark was deleted gets it back, and paragraph
    properties changed get their old ones back.
    The runs an in-place edit split are joined again, so the result is the XML the
    paragraph had before (runs with the same attributes and formatting on both sides of an
    edit are taken as one split run; Word itself merges such runs when it saves)."""
    for ins in xpath(root, ".//w:ins[not(ancestor::w:rPr)][@w:author=$a]", a=author):
        ins.addprevious(etree.Element(_SEAM))
        ins.getparent().remove(ins)
    for deletion in xpath(root, ".//w:del[not(ancestor::w:rPr)][@w:author=$a]", a=author):
        deletion.addprevious(etree.Element(_SEAM))
        deletion.addnext(etree.Element(_SEAM))
        parent = deletion.getparent()
        index = parent.index(deletion)
        for offset, run in enumerate(list(deletion)):
            for t in run.iter(w("delText")):
                t.tag = w("t")
            parent.insert(index + offset, run)
        parent.remove(deletion)
    for seam in list(root.iter(_SEAM)):
        left, right = seam.getprevious(), seam.getnext()
        while right is not None and right.tag == _SEAM:
            right = right.getnext()
        seam.getparent().remove(seam)
        if joinable(left, right):
            join_runs(left, right)
    for mark in xpath(root, ".//w:pPr/w:rPr/w:ins[@w:author=$a]", a=author):
        merge_into_next(mark.getparent().getparent().getparent())
    for mark in xpath(root, ".//w:pPr/w:rPr/w:del[@w:author=$a]", a=author):
        _restore_mark(mark)
    for change in xpath(root, ".//w:pPr/w:pPrChange[@w:author=$a]", a=author):
        _restore_properties(change)
    return root


def _restore_mark(mark: etree._Element) -> None:
    """A paragraph mark deleted (``amend.strike_paragraph``) comes back: the record goes, and
    with it the properties made to hold it (the deletion is refused where an empty ``w:rPr`` or
    ``w:pPr`` was there before, so an empty one now is ours)."""
    rpr = mark.getparent()
    rpr.remove(mark)
    ppr = rpr.getparent()
    if not len(rpr) and not rpr.attrib:
        ppr.remove(rpr)
    if not len(ppr) and not ppr.attrib:
        ppr.getparent().remove(ppr)


def _restore_properties(change: etree._Element) -> None:
    """Put back the paragraph properties a ``w:pPrChange`` recorded (its mark's run
    properties and section break are not part of the record and stay)."""
    ppr = change.getparent()
    ppr.remove(change)
    for child in [c for c in ppr if local(c) not in ("rPr", "sectPr")]:
        ppr.remove(child)
    old = change.find(w("pPr"))
    for index, child in enumerate(list(old) if old is not None else []):
        ppr.insert(index, child)
    if not len(ppr) and not ppr.attrib:
        ppr.getparent().remove(ppr)


def inserted_paragraphs(root: etree._Element, author: str) -> list[etree._Element]:
    """The paragraphs under ``root`` whose every piece of text ``author`` inserted (the
    paragraphs of an inserted article, a paragraph added to a clause), in document order."""
    out = []
    for p in xpath(root, ".//w:p"):
        texts = xpath(p, ".//w:t[not(ancestor::w:txbxContent)]")
        if texts and all(xpath(t, "boolean(ancestor::w:ins[@w:author=$a])", a=author)
                         for t in texts):
            out.append(p)
    return out


def _rewrite_document(src: Path, dst: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            zout.writestr(info, data)
    return dst


def accepted_copy(src: str | Path, dst: str | Path) -> Path:
    """A copy of the .docx ``src`` at ``dst`` with every tracked change in the main document
    accepted (the contract as it reads when the redline is agreed)."""
    return _rewrite_document(Path(src), Path(dst), accept_all_revisions)


def rejected_copy(src: str | Path, dst: str | Path, author: str,
                  comment_ids: Iterable[int] = ()) -> Path:
    """A copy of the .docx ``src`` at ``dst`` with ``author``'s tracked changes rejected and
    the marks of the comments ``comment_ids`` removed from the main document."""
    ids = list(comment_ids)

    def change(root: etree._Element) -> None:
        reject_revisions(root, author)
        remove_comment_marks(root, ids)

    return _rewrite_document(Path(src), Path(dst), change)
