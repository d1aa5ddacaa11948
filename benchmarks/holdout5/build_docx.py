#!/usr/bin/env python
"""Build the Word files of the fifth held-out set from their text in ``src/``.

    python benchmarks/holdout5/build_docx.py

Each source line starts with a marker:

    #T title (centred, bold)        #P body paragraph (never numbered)
    #H article heading               #N clause (second numbering level, when numbered)
    #I item (third numbering level)  #S bold heading, never numbered (typed numbers)
    #R table row, cells separated by '|'

- ``ja/03_shukko_keiyaku.docx``: two levels of Word automatic numbering, '第%1条' for
  articles and '%2.' for paragraphs; the text holds only the heading （見出し） and sentences;
- ``ja/07_license_option.docx``: typed bold headings '第１条（見出し）', typed paragraph
  numbers, a table of the option terms; no Word numbering;
- ``en/04_research_collaboration.docx``: two levels of automatic numbering, '%1.' for the
  article headings and '%1.%2' for sections; no number is typed; a schedule table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Level:
    text: str                 # level text, e.g. '第%1条'
    fmt: str = "decimal"      # numFmt: decimal, upperRoman, ...
    indent: int = 425         # twips
    legal: bool = False       # isLgl: show every level's number in decimal


def _abstract_num(abstract_id: int, levels: list[Level]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{lv.fmt}"/>'
        + ('<w:isLgl/>' if lv.legal else '')
        + f'<w:lvlText w:val="{lv.text}"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        f'<w:pPr><w:ind w:left="{lv.indent}" w:hanging="{lv.indent}"/></w:pPr></w:lvl>'
        for i, lv in enumerate(levels))
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')


def add_numbering(doc: Document, levels: list[Level]) -> int:
    """Add a numbering definition to the document; return its numId."""
    numbering = doc.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 10
    abstract = parse_xml(_abstract_num(abstract_id, levels))
    existing = numbering.findall(qn("w:num"))
    if existing:
        existing[0].addprevious(abstract)
    else:
        numbering.append(abstract)
    num_ids = [int(n.get(qn("w:numId"))) for n in existing]
    num_id = max(num_ids, default=0) + 1
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'</w:num>'))
    return num_id


def set_number(paragraph, num_id: int, level: int) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                          f'<w:numId w:val="{num_id}"/></w:numPr>'))


def build(src: str, out: str, font: str, numbering: list[Level] | None) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    num_id = add_numbering(doc, numbering) if numbering else 0
    depth = len(numbering or [])
    table = None
    for line in (HERE / "src" / src).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        mark, _, text = line.partition(" ")
        if mark != "#R":
            table = None
        if mark == "#T":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold = True
            run.font.size = Pt(14)
        elif mark == "#H":
            p = doc.add_paragraph()
            p.add_run(text).bold = True
            if num_id:
                set_number(p, num_id, 0)
        elif mark in ("#N", "#I"):
            p = doc.add_paragraph(text)
            level = 1 if mark == "#N" else 2
            if num_id and level < depth:
                set_number(p, num_id, level)
        elif mark == "#P":
            doc.add_paragraph(text)
        elif mark == "#S":
            doc.add_paragraph().add_run(text).bold = True
        elif mark == "#R":
            cells = text.split("|")
            if table is None:
                table = doc.add_table(rows=0, cols=len(cells))
                table.style = "Table Grid"
            row = table.add_row()
            for cell, value in zip(row.cells, cells):
                cell.text = value
        else:
            raise SystemExit(f"{src}: unknown marker {mark!r}")
    doc.save(HERE / out)


def main() -> None:
    build("ja_03_shukko.txt", "ja/03_shukko_keiyaku.docx", "MS Mincho",
          [Level("第%1条", indent=840), Level("%2.", indent=420)])
    build("ja_07_option.txt", "ja/07_license_option.docx", "MS Mincho", None)
    build("en_04_research_collab.txt", "en/04_research_collaboration.docx", "Times New Roman",
          [Level("%1.", indent=567), Level("%1.%2", indent=567)])

if __name__ == "__main__":
    main()
