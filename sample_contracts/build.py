"""Build the sample contracts (.docx, and some .txt/.md) from ``sample_contracts/src/*.md``.

    python sample_contracts/build.py            # rebuild every sample
    python sample_contracts/build.py --check    # exit 1 if a committed file is out of date
    python sample_contracts/build.py nda_ja_sound   # rebuild one sample

The sources use a small line-based markup (see ``sample_contracts/README.md``) so that one
text can say which parts use Word automatic numbering, where a table, a tracked change, a
comment or an annex is. The output is deterministic: fixed document dates, fixed revision
ids and fixed zip timestamps, so the same source always gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import re
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "src"
FIXED_DATE = dt.datetime(2026, 4, 1, 9, 0, 0, tzinfo=dt.timezone.utc)
ZIP_DATE = (2026, 4, 1, 9, 0, 0)
INLINE_RE = re.compile(r"(\{\+.*?\+\}|\{-.*?-\})")

# Numbering levels for automatic numbering. Japanese: the article number starts the first body
# paragraph (第%1条), later paragraphs are full-width digits starting at ２ (the first paragraph
# of a Japanese article carries no paragraph number), items are (1). English: "Article %1."
# headings, "%1.%2" sections, "(%3)" lower-letter items.
AUTO_LEVELS = {
    "ja": [
        dict(fmt="decimal", text="第%1条", start=1, ind=0, hanging=0),
        dict(fmt="decimalFullWidth", text="%2", start=2, ind=210, hanging=210),
        dict(fmt="decimal", text="(%3)", start=1, ind=630, hanging=420),
    ],
    "en": [
        dict(fmt="decimal", text="Article %1.", start=1, ind=0, hanging=0),
        dict(fmt="decimal", text="%1.%2", start=1, ind=720, hanging=720),
        dict(fmt="lowerLetter", text="(%3)", start=1, ind=1440, hanging=720),
    ],
}
# English automatic numbering is attached to paragraph styles (as law-firm templates do),
# Japanese automatic numbering directly to the paragraphs.
EN_LEVEL_STYLES = ("Article Heading", "Clause Level 2", "Clause Level 3")


@dataclass
class Block:
    """One line of the source: a tag (A, P, I, H, X, C, R, T, BR, or '' for plain) and text."""

    tag: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Source:
    name: str
    meta: dict[str, str]
    blocks: list[Block]

    @property
    def lang(self) -> str:
        return self.meta.get("lang", "ja")

    @property
    def auto(self) -> bool:
        return self.meta.get("numbering", "typed") == "auto"

    @property
    def outputs(self) -> list[str]:
        return self.meta.get("also", "").split()


def parse_source(path: Path) -> Source:
    """Parse the markup: '@key value' metadata, tagged lines, '|' table rows, '>' comments."""
    meta: dict[str, str] = {}
    blocks: list[Block] = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip() or line.startswith("%%"):
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            meta[key] = value.strip()
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1].tag == "T":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("T", rows=[cells]))
        elif line.startswith(">"):
            author, _, text = line[1:].strip().partition(":")
            if not blocks:
                raise SystemExit(f"{path}:{lineno}: a comment needs a paragraph before it")
            blocks[-1].comments.append((author.strip(), text.strip()))
        elif line == "---":
            blocks.append(Block("BR"))
        else:
            match = re.match(r"^([APIHXCR]):\s?(.*)$", line)
            if match:
                blocks.append(Block(match.group(1), match.group(2)))
            else:
                blocks.append(Block("", line))
    return Source(path.stem, meta, blocks)


# ----------------------------------------------------------------------------- plain text

def _accepted(text: str) -> str:
    """The text with insertions kept and deletions dropped (what a reader should see)."""
    text = re.sub(r"\{-.*?-\}", "", text)
    return re.sub(r"\{\+(.*?)\+\}", r"\1", text)


def _digits_fullwidth(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def auto_labels(src: Source) -> list[str]:
    """The number label Word shows for each block ('' for unnumbered blocks)."""
    counters = [0, 0, 0]
    labels = []
    previous = ""
    for block in src.blocks:
        level = "API".find(block.tag) if block.tag else -1
        if not src.auto or level < 0:
            labels.append("")
            if block.tag:
                previous = block.tag
            continue
        if src.lang == "ja" and level == 2 and previous != "I":
            counters[2] = 0  # each run of items is its own restarted list
        counters[level] += 1
        for deeper in range(level + 1, 3):
            counters[deeper] = 0
        levels = AUTO_LEVELS[src.lang]
        value = counters[level] + levels[level]["start"] - 1
        if src.lang == "ja":
            label = [f"第{value}条", _digits_fullwidth(value), f"({value})"][level]
        else:
            letter = chr(ord("a") + value - 1)
            label = [f"Article {value}.", f"{counters[0]}.{value}", f"({letter})"][level]
        labels.append(label)
        previous = block.tag
    return labels


def render_text(src: Source, markdown: bool) -> str:
    """A plain-text (or Markdown) rendering, numbers written out as a reader would see them."""
    space = "　" if src.lang == "ja" else " "
    out: list[str] = []
    for block, label in zip(src.blocks, auto_labels(src)):
        if block.tag == "BR":
            continue
        if block.tag == "T":
            out.extend(_table_lines(block.rows, markdown))
            continue
        text = _accepted(block.text)
        if label:
            text = f"{label}{space}{text}"
        if markdown and block.tag == "C" and not out:
            text = "# " + text
        elif markdown and (block.tag == "X" or (block.tag == "A" and src.lang == "en"
                                                 and not src.auto and _is_heading(text))):
            text = "## " + text
        out.append(text)
    body = "\n".join(out)
    if markdown:
        body = body.replace("\n", "\n\n")
    return body + "\n"


def _is_heading(text: str) -> bool:
    return len(text) < 80 and not text.endswith(".")


def _table_lines(rows: list[list[str]], markdown: bool) -> list[str]:
    if not markdown:
        return ["\t".join(row) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return lines


# ----------------------------------------------------------------------------- .docx

class DocxBuilder:
    """Turns a parsed Source into a python-docx Document."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.doc = docx.Document()
        self.rev_id = 100
        self.num_id = 0
        self.item_abstract_id = 0
        self.item_num_id = 0
        self.previous_tag = ""
        self.title_done = False
        self._setup_page_and_styles()
        if src.auto:
            self.num_id = self._add_numbering()
            if src.lang == "en":
                self._add_level_styles()

    # -- setup
    def _setup_page_and_styles(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
        normal = self.doc.styles["Normal"]
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        if self.src.lang == "ja":
            fonts.set(qn("w:ascii"), "Century")
            fonts.set(qn("w:hAnsi"), "Century")
            fonts.set(qn("w:eastAsia"), "ＭＳ 明朝")
            normal.font.size = Pt(10.5)
        else:
            fonts.set(qn("w:ascii"), "Times New Roman")
            fonts.set(qn("w:hAnsi"), "Times New Roman")
            normal.font.size = Pt(11)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "ja-JP")
        normal.paragraph_format.space_after = Pt(3)
        normal.paragraph_format.space_before = Pt(0)
        core = self.doc.core_properties
        core.author = "clausecheck sample"
        core.last_modified_by = "clausecheck sample"
        core.created = core.modified = FIXED_DATE.replace(tzinfo=None)
        core.revision = 1
        core.title = self.src.name
        core.comments = "Written for clausecheck; not legal advice."

    def _add_numbering(self) -> int:
        numbering = self.doc.part.numbering_part.element
        abstract_ids = [int(e.get(qn("w:abstractNumId")))
                        for e in numbering.findall(qn("w:abstractNum"))]
        abstract_id = max(abstract_ids) + 1
        style_links = EN_LEVEL_STYLES if self.src.lang == "en" else (None, None, None)
        specs = AUTO_LEVELS[self.src.lang]
        if self.src.lang == "ja":
            # Japanese items "(1)" are a separate one-level list that Word restarts for every
            # run of items (a new w:num with a startOverride), as drafters usually do; putting
            # them on level 3 of the article list would make renderers count the skipped level.
            self.item_abstract_id = abstract_id + 1
            self._append_abstract(numbering, self.item_abstract_id, [specs[2]], (None,))
            specs = specs[:2]
        self._append_abstract(numbering, abstract_id, specs, style_links)
        return self._append_num(numbering, abstract_id)

    def _append_abstract(self, numbering, abstract_id: int, specs: list[dict],
                         style_links) -> None:
        lvls = []
        for ilvl, spec in enumerate(specs):
            text = spec["text"] if len(specs) > 1 else spec["text"].replace("%3", "%1")
            pstyle = (f'<w:pStyle w:val="{style_links[ilvl].replace(" ", "")}"/>'
                      if style_links[ilvl] else "")
            lvls.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{spec["start"]}"/>'
                f'<w:numFmt w:val="{spec["fmt"]}"/>{pstyle}'
                f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{spec["ind"]}" '
                f'w:hanging="{spec["hanging"]}"/></w:pPr></w:lvl>')
        multi = "multilevel" if len(specs) > 1 else "singleLevel"
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="5A3C{abstract_id:04X}"/><w:multiLevelType w:val="{multi}"/>'
            + "".join(lvls) + "</w:abstractNum>")
        # the schema wants every abstractNum before the first num
        numbering.findall(qn("w:abstractNum"))[-1].addnext(abstract)

    def _append_num(self, numbering, abstract_id: int, restart: bool = False) -> int:
        num_id = max(int(e.get(qn("w:numId"))) for e in numbering.findall(qn("w:num"))) + 1
        override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                    if restart else "")
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))
        return num_id

    def _add_level_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        for ilvl, name in enumerate(EN_LEVEL_STYLES):
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.doc.styles["Normal"]
            style.element.set(qn("w:styleId"), name.replace(" ", ""))
            if ilvl == 0:
                style.font.bold = True
                style.paragraph_format.space_before = Pt(12)
                style.paragraph_format.keep_with_next = True
            ppr = style.element.get_or_add_pPr()
            ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/>'
                                    f'<w:numId w:val="{self.num_id}"/></w:numPr>'))

    # -- blocks
    def build(self) -> docx.Document:
        body_blocks = self.src.blocks
        for block in body_blocks:
            handler = getattr(self, f"_block_{block.tag or 'plain'}")
            paragraph = handler(block)
            self.previous_tag = block.tag
            for author, text in block.comments:
                self._comment(paragraph, author, text)
        return self.doc

    def _paragraph(self, text: str, style: str | None = None):
        paragraph = self.doc.add_paragraph(style=style)
        self._runs(paragraph, text)
        return paragraph

    def _runs(self, paragraph, text: str) -> None:
        """Plain runs, with {+inserted+} and {-deleted-} text as tracked changes."""
        for part in INLINE_RE.split(text):
            if not part:
                continue
            if part.startswith("{+"):
                self._tracked(paragraph, part[2:-2], "ins")
            elif part.startswith("{-"):
                self._tracked(paragraph, part[2:-2], "del")
            else:
                paragraph.add_run(part)

    def _tracked(self, paragraph, text: str, kind: str) -> None:
        author = self.src.meta.get("reviser", "Reviewer")
        self.rev_id += 1
        tag = "w:delText" if kind == "del" else "w:t"
        xml = (f'<w:{kind} {nsdecls("w")} w:id="{self.rev_id}" w:author="{author}" '
               f'w:date="{FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")}"><w:r>'
               f'<{tag} xml:space="preserve">{_xml_escape(text)}</{tag}></w:r></w:{kind}>')
        paragraph._p.append(parse_xml(xml))

    def _comment(self, paragraph, author: str, text: str) -> None:
        runs = paragraph.runs or [paragraph.add_run("")]
        initials = "".join(w[0] for w in author.split())[:3]
        comment = self.doc.add_comment(runs, text=text, author=author, initials=initials)
        comment._comment_elm.date = FIXED_DATE.replace(tzinfo=None)

    def _numbered(self, block: Block, ilvl: int):
        if self.src.lang == "en":
            return self._paragraph(block.text, style=EN_LEVEL_STYLES[ilvl])
        num_id, word_level = self.num_id, ilvl
        if ilvl == 2:
            if self.previous_tag != "I":
                numbering = self.doc.part.numbering_part.element
                self.item_num_id = self._append_num(numbering, self.item_abstract_id, True)
            num_id, word_level = self.item_num_id, 0
        paragraph = self._paragraph(block.text)
        paragraph._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{word_level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'))
        return paragraph

    def _block_A(self, block: Block):
        if self.src.auto:
            return self._numbered(block, 0)
        paragraph = self._paragraph(block.text)
        if self.src.lang == "en" and _is_heading(block.text):
            paragraph.paragraph_format.space_before = Pt(10)
            paragraph.paragraph_format.keep_with_next = True
            for run in paragraph.runs:
                run.bold = True
        elif self.src.lang == "ja":
            _hang(paragraph, 0, 210)
        return paragraph

    def _block_P(self, block: Block):
        if self.src.auto:
            return self._numbered(block, 1)
        paragraph = self._paragraph(block.text)
        _hang(paragraph, 210 if self.src.lang == "ja" else 720,
              210 if self.src.lang == "ja" else 720)
        return paragraph

    def _block_I(self, block: Block):
        if self.src.auto:
            return self._numbered(block, 2)
        paragraph = self._paragraph(block.text)
        _hang(paragraph, 630 if self.src.lang == "ja" else 1440,
              420 if self.src.lang == "ja" else 720)
        return paragraph

    def _block_H(self, block: Block):
        paragraph = self._paragraph(block.text)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        return paragraph

    def _block_X(self, block: Block):
        paragraph = self._paragraph(block.text)
        paragraph.paragraph_format.page_break_before = True
        for run in paragraph.runs:
            run.bold = True
        return paragraph

    def _block_C(self, block: Block):
        paragraph = self._paragraph(block.text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not self.title_done:  # the first centred line is the title
            self.title_done = True
            for run in paragraph.runs:
                run.bold = True
                run.font.size = Pt(14)
            paragraph.paragraph_format.space_after = Pt(12)
        return paragraph

    def _block_R(self, block: Block):
        paragraph = self._paragraph(block.text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return paragraph

    def _block_plain(self, block: Block):
        return self._paragraph(block.text)

    def _block_BR(self, block: Block):
        paragraph = self.doc.add_paragraph()
        paragraph.add_run().add_break(WD_BREAK.PAGE)
        return paragraph

    def _block_T(self, block: Block):
        width = max(len(r) for r in block.rows)
        table = self.doc.add_table(rows=len(block.rows), cols=width)
        table.style = self.doc.styles["Table Grid"]
        for r, row in enumerate(block.rows):
            for c in range(width):
                cell = table.cell(r, c)
                cell.paragraphs[0].text = ""
                self._runs(cell.paragraphs[0], row[c] if c < len(row) else "")
                if r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        # a paragraph after the table keeps Word from merging it with the next one
        return self.doc.add_paragraph()


def _hang(paragraph, left_twips: int, hanging_twips: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="{left_twips}" '
                         f'w:hanging="{hanging_twips}"/>'))


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def deterministic_zip(data: bytes) -> bytes:
    """Re-pack a .docx with fixed timestamps and attributes so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "docProps/thumbnail.jpeg":
                continue  # the template's thumbnail shows an unrelated page
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            payload = src.read(item.filename)
            if item.filename in ("[Content_Types].xml", "_rels/.rels"):
                payload = _drop_thumbnail_refs(payload)
            dst.writestr(info, payload)
    return out.getvalue()


def _drop_thumbnail_refs(payload: bytes) -> bytes:
    text = payload.decode("utf-8")
    text = re.sub(r'<Relationship [^>]*thumbnail\.jpeg"/>', "", text)
    text = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", text)
    return text.encode("utf-8")


def build_outputs(src: Source) -> dict[str, bytes]:
    """Every output file of one source, by file name."""
    buffer = io.BytesIO()
    DocxBuilder(src).build().save(buffer)
    outputs = {f"{src.name}.docx": deterministic_zip(buffer.getvalue())}
    for ext in src.outputs:
        outputs[f"{src.name}.{ext}"] = render_text(src, markdown=(ext == "md")).encode("utf-8")
    return outputs


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sources(names: list[str]) -> list[Path]:
    paths = sorted(SRC_DIR.glob("*.md"))
    if names:
        wanted = set(names)
        paths = [p for p in paths if p.stem in wanted]
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            raise SystemExit(f"unknown sample(s): {', '.join(sorted(unknown))}")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="sample names (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="verify the committed files match the sources; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path in sources(args.names):
        for filename, data in build_outputs(parse_source(path)).items():
            target = HERE / filename
            if args.check:
                if not target.exists() or target.read_bytes() != data:
                    stale.append(filename)
            elif not target.exists() or target.read_bytes() != data:
                write_atomic(target, data)
                print(f"wrote {target.relative_to(HERE.parent)}")
    if stale:
        print("out of date (run python sample_contracts/build.py): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
