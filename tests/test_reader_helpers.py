"""Build tiny .docx files for the reader tests (no tests here).

``build_docx(path, body_xml, numbering_xml=..., styles_xml=...)`` writes a minimal but valid
WordprocessingML package with a header, a footer and a comments part, so tests can check
that those never reach the text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>
</Relationships>"""

HEADER = f'<w:hdr {NS}><w:p><w:r><w:t>HEADER-SECRET</w:t></w:r></w:p></w:hdr>'
FOOTER = f'<w:ftr {NS}><w:p><w:r><w:t>FOOTER-SECRET</w:t></w:r></w:p></w:ftr>'
COMMENTS = (f'<w:comments {NS}><w:comment w:id="0" w:author="A"><w:p><w:r>'
            '<w:t>COMMENT-SECRET</w:t></w:r></w:p></w:comment></w:comments>')

STYLES = f"""<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/><w:basedOn w:val="Normal"/>
<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>
</w:styles>"""


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, suff: str = "space",
        pstyle: str = "") -> str:
    ps = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{ps}'
            f'<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/></w:lvl>')


def numbering(abstracts: dict[int, str], nums: dict[int, tuple[int, str]]) -> str:
    """abstracts: id -> concatenated <w:lvl>; nums: numId -> (abstractId, extra override XML)."""
    parts = [f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>'
             for a, levels in abstracts.items()]
    parts += [f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{extra}</w:num>'
              for n, (a, extra) in nums.items()]
    return f"<w:numbering {NS}>{''.join(parts)}</w:numbering>"


def p(text: str = "", *, num: tuple[int, int] | None = None, style: str = "",
      runs: str = "") -> str:
    """A paragraph; ``runs`` is raw run-level XML appended after the plain text."""
    ppr = ""
    if style or num:
        st = f'<w:pStyle w:val="{style}"/>' if style else ""
        np_ = (f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
               if num else "")
        ppr = f"<w:pPr>{st}{np_}</w:pPr>"
    plain = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{plain}{runs}</w:p>"


def build_docx(path: Path, body: str, *, numbering_xml: str | None = None,
               styles_xml: str = STYLES) -> Path:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document {NS}><w:body>{body}<w:sectPr>'
                '<w:headerReference w:type="default" r:id="rId3"/>'
                '<w:footerReference w:type="default" r:id="rId4"/></w:sectPr>'
                '</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/styles.xml", styles_xml)
        zf.writestr("word/numbering.xml", numbering_xml or numbering({}, {}))
        zf.writestr("word/header1.xml", HEADER)
        zf.writestr("word/footer1.xml", FOOTER)
        zf.writestr("word/comments.xml", COMMENTS)
    return path
