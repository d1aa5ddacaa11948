"""The .docx front end: zip and XML safety, body walk, paragraph text, automatic numbering.

python-docx's ``paragraph.text`` drops text inside ``w:ins`` (tracked insertions), so the
paragraph text is read from the XML directly. The text is the *accepted* version of the
document: insertions and moved-to text in, deletions and moved-from text out; field results
in, field instructions out; text boxes after their anchor paragraph; headers, footers,
comments and footnotes are separate parts and never read.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from typing import Iterator

from lxml import etree

from clausecheck.errors import InputError
from clausecheck.model import Document
from clausecheck.reader.limits import TextBudget, check_xml_size
from clausecheck.reader.numbering import Numbering, Styles, parse_styles, run_bold
from clausecheck.reader.segment import Block, segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200          # a zip bomb inflates thousands of times; Word XML about 5-30 times
MAX_MEMBERS = 5000

_P, _R, _T, _TAB, _PTAB, _BR, _CR = (W + t for t in ("p", "r", "t", "tab", "ptab", "br", "cr"))
_TBL, _SDT, _TXBX = W + "tbl", W + "sdt", W + "txbxContent"
_SKIP = {W + t for t in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr",
                         "rPr", "footnoteReference", "endnoteReference", "commentReference",
                         "annotationRef", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
                         "fldData", "bookmarkStart", "bookmarkEnd", "proofErr",
                         "commentRangeStart", "commentRangeEnd", "lastRenderedPageBreak")}
_SKIP.add(MC + "Fallback")  # the same content as mc:Choice, for older readers


def _parser() -> etree.XMLParser:
    # No DTD loading, no entity expansion, no network: a hostile part cannot reach outside.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


# ISO/IEC 29500 Strict documents ("Strict Open XML Document" in Word's Save As) use other
# namespace names for the same elements; read them as the transitional ones.
_STRICT_NS = ((b"http://purl.oclc.org/ooxml/wordprocessingml/main",
               b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
              (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
               b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"))


def parse_xml(data: bytes, name: str, part: str) -> etree._Element:
    # The whole part, not only its head: a DTD may hide after a long comment or whitespace.
    # (The parser would not expand or fetch anything either; this gives the clearer reason.)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputError(name, f"{part} declares a DTD/entities, which Word never writes; "
                               "refusing to read it")
    for strict, transitional in _STRICT_NS:
        if strict in data:
            data = data.replace(strict, transitional)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "Resource limit exceeded" in (exc.msg or ""):
            raise InputError(name, f"{part} holds a text or structure far beyond the reader's "
                                   f"limits ({exc.msg})") from None
        raise InputError(name, f"corrupt .docx: {part} is not well-formed XML ({exc.msg})") \
            from None
    except (ValueError, etree.LxmlError) as exc:
        raise InputError(name, f"corrupt .docx: {part} cannot be parsed ({exc})") from None


# --- body walk ------------------------------------------------------------------------------

def iter_body_paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """Every ``w:p`` of the body in document order, table cells included, text boxes not.

    ``Clause.source`` indexes into this sequence; the redliner uses the same function.
    """
    for p, _ in _walk(body, False):
        yield p


def _walk(el: etree._Element, in_toc: bool) -> Iterator[tuple[etree._Element, bool]]:
    for child in el:
        tag = child.tag
        if tag == _P:
            yield child, in_toc
        elif tag == _TXBX or tag == MC + "Fallback" or not isinstance(tag, str):
            continue
        elif tag == _SDT:
            yield from _walk(child, in_toc or _is_toc_sdt(child))
        elif tag in (W + "sectPr", W + "tblPr", W + "tblGrid"):
            continue
        else:
            yield from _walk(child, in_toc)


def _is_toc_sdt(sdt: etree._Element) -> bool:
    pr = sdt.find(W + "sdtPr")
    if pr is None:
        return False
    gallery = pr.find(f"{W}docPartObj/{W}docPartGallery")
    return gallery is not None and "Table of Contents" in (gallery.get(W + "val") or "")


# --- paragraph text -------------------------------------------------------------------------

def paragraph_text(p: etree._Element,
                   hidden: set[etree._Element] | None = None) -> tuple[str, list[str]]:
    """The accepted text of one paragraph, and the texts of text boxes anchored in it.

    ``hidden`` is the set of runs formatted as hidden text (``hidden_runs``); computing it
    once per document is much cheaper than looking at every run's properties.
    """
    parts: list[str] = []
    boxes: list[str] = []
    _collect(p, parts, boxes, hidden if hidden is not None else hidden_runs(p))
    return "".join(parts), boxes


def hidden_runs(root: etree._Element) -> set[etree._Element]:
    """Runs whose own properties say w:vanish (hidden text, not shown or printed by Word)."""
    out = set()
    for vanish in root.iter(W + "vanish"):
        rpr = vanish.getparent()
        run = rpr.getparent() if rpr is not None else None
        if run is not None and run.tag == _R and \
                vanish.get(W + "val") not in ("0", "false", "off"):
            out.add(run)
    return out


def _collect(el: etree._Element, parts: list[str], boxes: list[str],
             hidden: set[etree._Element]) -> None:
    for child in el:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _R:
            if not hidden or child not in hidden:
                _collect(child, parts, boxes, hidden)
        elif tag in _SKIP or not isinstance(tag, str):
            continue
        elif tag == _TAB or tag == _PTAB:
            parts.append("\t")
        elif tag == _BR or tag == _CR:
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == _TXBX:
            for bp in iter_body_paragraphs(child):
                text, inner = paragraph_text(bp, hidden)
                if text.strip():
                    boxes.append(text)
                boxes.extend(inner)
        elif tag == _P:
            continue
        else:  # w:ins, w:moveTo, w:hyperlink, w:fldSimple, w:smartTag, w:sdt, drawings...
            _collect(child, parts, boxes, hidden)


# --- package --------------------------------------------------------------------------------

def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    if not data.startswith(b"PK"):
        raise InputError(name, "not a valid .docx (not a zip archive)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(name, "corrupt or truncated .docx (the zip directory is unreadable)") \
            from None
    except (OSError, ValueError, NotImplementedError) as exc:
        raise InputError(name, f"corrupt .docx ({exc})") from None
    _check_zip_directory(zf, name)
    return zf


def _check_zip_directory(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse zip bombs from the directory alone, before anything is inflated."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputError(name, f"refusing .docx with {len(infos)} parts (limit {MAX_MEMBERS})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(name, "refusing .docx: its parts would inflate beyond "
                                   f"{MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)} MB (zip bomb?)")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(name, f"refusing .docx: part {info.filename} has a compression "
                                   f"ratio above {MAX_RATIO}:1 (zip bomb?)")


def _read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes | None:
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise InputError(name, "password-protected (encrypted) .docx")
    try:
        with zf.open(info) as fh:
            # Never trust the declared size: stop reading past the limit.
            data = fh.read(MAX_MEMBER_UNCOMPRESSED + 1)
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, OverflowError) as exc:
        # zlib.error: a damaged deflate stream ("invalid distance too far back")
        raise InputError(name, f"corrupt .docx: {member} cannot be decompressed ({exc})") \
            from None
    if len(data) > MAX_MEMBER_UNCOMPRESSED:
        raise InputError(name, f"refusing .docx: {member} inflates beyond the limit (zip bomb?)")
    return data


def _main_part(zf: zipfile.ZipFile, name: str) -> str:
    rels = _read_member(zf, "_rels/.rels", name)
    if rels:
        root = parse_xml(rels, name, "_rels/.rels")
        for rel in root.iter(REL_NS + "Relationship"):
            if (rel.get("Type") or "").endswith("/officeDocument"):
                return (rel.get("Target") or "").lstrip("/")
    return "word/document.xml"


def _part_rels(zf: zipfile.ZipFile, main: str, name: str) -> dict[str, str]:
    """Relationship type suffix -> part path for the main document (styles, numbering)."""
    folder, _, file = main.rpartition("/")
    data = _read_member(zf, f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels",
                        name)
    out: dict[str, str] = {}
    if not data:
        return out
    for rel in parse_xml(data, name, "document relationships").iter(REL_NS + "Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        out[kind] = target.lstrip("/") if target.startswith("/") else \
            (f"{folder}/{target}" if folder else target)
    return out


def _deleted_paragraph(ppr: etree._Element | None, text: str) -> bool:
    if text.strip() or ppr is None:
        return False
    rpr = ppr.find(W + "rPr")
    return rpr is not None and (rpr.find(W + "del") is not None
                                or rpr.find(W + "moveFrom") is not None)


class _Row:
    """Paragraphs of one table row gathered into a single text block."""

    def __init__(self, tr: etree._Element, source: int, skip: bool) -> None:
        self.tr = tr
        self.source = source
        self.skip = skip
        self.cells: list[tuple[etree._Element | None, list[str]]] = []

    def add(self, tc: etree._Element | None, text: str) -> None:
        if not self.cells or self.cells[-1][0] is not tc:
            self.cells.append((tc, []))
        if text:
            self.cells[-1][1].append(text)

    def block(self) -> Block:
        text = " | ".join(" ".join(parts) for _, parts in self.cells if parts)
        return Block(text=text, source=self.source, skip=self.skip or not text, table=True)


def _all_bold(p: etree._Element, style_id: str, styles: Styles,
              hidden: set[etree._Element]) -> bool:
    """Every run holding text is bold (its own properties, its character style, else the
    paragraph style): how an unnumbered heading is often marked instead of a heading style."""
    para_bold = styles.is_bold(style_id)
    seen = False
    for run in p.iter(_R):
        if run in hidden or not any((t.text or "").strip() for t in run.iter(_T)):
            continue
        if any(a.tag in (W + "del", W + "moveFrom") for a in run.iterancestors()):
            continue
        rpr = run.find(W + "rPr")
        bold = run_bold(rpr)
        if bold is None and rpr is not None:
            rstyle = rpr.find(W + "rStyle")
            if rstyle is not None:
                bold = styles.char_bold.get(rstyle.get(W + "val") or "")
        if not (para_bold if bold is None else bold):
            return False
        seen = True
    return seen


def _row_and_cell(p: etree._Element) -> tuple[etree._Element | None, etree._Element | None]:
    """The nearest enclosing table row and cell of a paragraph (None outside tables)."""
    parent = p.getparent()
    tc = None
    while parent is not None and parent.tag != W + "body":
        if parent.tag == W + "tc" and tc is None:
            tc = parent
        elif parent.tag == W + "tr":
            return parent, tc
        parent = parent.getparent()
    return None, None


def docx_blocks(data: bytes, name: str) -> tuple[list[Block], bool]:
    """Blocks of a .docx body and whether it holds images (for the 'scanned?' message)."""
    zf = _open_zip(data, name)
    with zf:
        main = _main_part(zf, name)
        doc_bytes = _read_member(zf, main, name)
        if doc_bytes is None:
            raise InputError(name, "not a Word document (no word/document.xml inside)")
        rels = _part_rels(zf, main, name)
        styles_bytes = _read_member(zf, rels.get("styles", "word/styles.xml"), name)
        numbering_bytes = _read_member(zf, rels.get("numbering", "word/numbering.xml"), name)
        has_media = any(n.startswith("word/media/") for n in zf.namelist())
    check_xml_size(doc_bytes, name, main)
    root = parse_xml(doc_bytes, name, main)
    body = root.find(W + "body")
    if body is None:
        raise InputError(name, "corrupt .docx: the document has no body")
    styles = parse_styles(parse_xml(styles_bytes, name, "styles.xml") if styles_bytes else None)
    numbering = Numbering(parse_xml(numbering_bytes, name, "numbering.xml")
                          if numbering_bytes else None, styles)
    blocks: list[Block] = []
    row: _Row | None = None
    hidden = hidden_runs(body)
    budget = TextBudget(name)
    for index, (p, in_toc) in enumerate(_walk(body, False)):
        ppr = p.find(W + "pPr")
        text, boxes = paragraph_text(p, hidden)
        if text:
            budget.add(text)
        for box in boxes:
            budget.add(box)
        # A paragraph deleted as a tracked change is gone in the accepted text: it must not
        # advance the automatic numbering either.
        label, sep = ("", "") if _deleted_paragraph(ppr, text) else numbering.next_label(ppr)
        style_id = ""
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style_id = (ps.get(W + "val") or "") if ps is not None else ""
        skip = in_toc or styles.is_toc(style_id)
        clean = text.replace("\t", " ").strip()
        if clean and label:
            clean = f"{label}{' ' if sep else ''}{clean}"
        tr, tc = _row_and_cell(p)
        if row is not None and tr is not row.tr:
            blocks.append(row.block())
            row = None
        if tr is not None:
            # A table row reads as one line, cells separated by " | ".
            row = row or _Row(tr, index, skip)
            row.add(tc, clean)
        elif clean:
            blocks.append(Block(text=clean, source=index, heading=styles.heading_level(style_id),
                                auto=bool(label), skip=skip,
                                bold=_all_bold(p, style_id, styles, hidden)))
        for box in boxes:
            blocks.append(Block(text=box.replace("\t", " "), source=index, skip=skip))
    if row is not None:
        blocks.append(row.block())
    return blocks, has_media or bool(body.find(f".//{W}drawing") is not None)


def read_docx_bytes(data: bytes, name: str) -> Document:
    blocks, has_images = docx_blocks(data, name)
    if not any(b.text.strip() for b in blocks if not b.skip):
        if has_images:
            raise InputError(name, "no text found; scanned image? run OCR first")
        raise InputError(name, "empty document (no text)")
    from clausecheck.reader import _require_text

    _require_text(blocks, name, empty_reason="empty document (no text)")
    return segment(blocks, path=name, fmt="docx")
