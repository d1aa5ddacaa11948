#!/usr/bin/env python
"""Build the three Word files of the third held-out set from their text in ``src/``.

    python benchmarks/holdout3/build_docx.py

Each source line starts with a marker:

    #T title (centred, bold)      #P body paragraph
    #H article heading            #N numbered clause (automatic numbering only)
    #S schedule heading           #R table row, cells separated by '|'

- ``ja/03_tokkyo_knowhow_license.docx``: typed article numbers (第N条（見出し）) in bold
  paragraphs, no Word numbering;
- ``ja/07_poc_kensho.docx``: article numbers made by Word automatic numbering (level text
  '第%1条'); the paragraph text holds only the heading （見出し）;
- ``en/03_joint_development.docx``: two-level automatic numbering, '%1.' for articles and
  '%1.%2' for clauses; no number is typed in the text.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def _abstract_num(abstract_id: int, levels: list[tuple[str, str]]) -> str:
    """An abstractNum with one decimal level per (level text, indent twips)."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        for i, (text, indent) in enumerate(levels))
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')


def add_numbering(doc: Document, levels: list[tuple[str, str]]) -> int:
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


def build(src: str, out: str, font: str, numbering: list[tuple[str, str]] | None) -> None:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    num_id = add_numbering(doc, numbering) if numbering else 0
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
        elif mark == "#N":
            p = doc.add_paragraph(text)
            set_number(p, num_id, 1)
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
    build("ja_03_license.txt", "ja/03_tokkyo_knowhow_license.docx", "MS Mincho", None)
    build("ja_07_poc.txt", "ja/07_poc_kensho.docx", "MS Gothic", [("第%1条", "840")])
    build("en_03_jda.txt", "en/03_joint_development.docx", "Calibri",
          [("%1.", "425"), ("%1.%2", "567")])


if __name__ == "__main__":
    main()
