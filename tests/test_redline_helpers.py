"""Builders shared by the redline tests: tiny .docx files with known paragraph indexes, stub
Documents/Reports matching them, and XML comparisons. (No tests here besides self-checks.)"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Sequence

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from clausecheck.model import Clause, Document, Evidence, Finding, MissingElement, Report, Risk
from clausecheck.redline.ooxml import DATE_ENV, NSMAP, remove_comment_marks, w
from clausecheck.redline.revisions import reject_revisions

# ---------------------------------------------------------------------------------------------
# building .docx


@dataclass
class P:
    """One body paragraph of a test document."""

    text: str
    level: int | None = None     # automatic numbering level (0 article, 1 paragraph, 2 item)
    bold: bool = False
    tracked: str = ""            # "ins" or "del": the whole text is an existing tracked change
    comment: str = ""            # an existing comment on the paragraph
    table: Sequence[Sequence[str]] = ()  # a table placed after this paragraph


def _add_numbering(document: Any, levels: Sequence[tuple[str, str, int]]) -> int:
    numbering = document.part.numbering_part.element
    abstract_ids = [int(e.get(qn("w:abstractNumId"))) for e in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=0) + 1
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    num_ids = [int(e.get(qn("w:numId"))) for e in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                               f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'))
    return num_id


JA_LEVELS = [("decimal", "第%1条", 1), ("decimalFullWidth", "%2", 2), ("decimal", "(%3)", 1)]
EN_LEVELS = [("decimal", "%1.", 1), ("decimal", "%1.%2", 1), ("lowerLetter", "(%3)", 1)]


def build_docx(path: Path, paragraphs: Sequence[P], lang: str = "ja") -> Path:
    """Write a .docx with these paragraphs; levels use one automatic multilevel list."""
    document = docx.Document()
    body = document.element.body
    for p in list(body.iter(qn("w:p"))):
        body.remove(p)
    num_id = None
    if any(p.level is not None for p in paragraphs):
        num_id = _add_numbering(document, JA_LEVELS if lang == "ja" else EN_LEVELS)
    rev_id = 900
    for spec in paragraphs:
        paragraph = document.add_paragraph()
        if spec.level is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{spec.level}"/>'
                                 f'<w:numId w:val="{num_id}"/></w:numPr>'))
        if spec.tracked:
            rev_id += 1
            tag = "w:delText" if spec.tracked == "del" else "w:t"
            paragraph._p.append(parse_xml(
                f'<w:{spec.tracked} {nsdecls("w")} w:id="{rev_id}" w:author="Other" '
                f'w:date="2026-01-01T00:00:00Z"><w:r><{tag} xml:space="preserve">{spec.text}'
                f'</{tag}></w:r></w:{spec.tracked}>'))
            paragraph.add_run("。")
        else:
            run = paragraph.add_run(spec.text)
            run.bold = spec.bold or None
        if spec.comment:
            document.add_comment(paragraph.runs, text=spec.comment, author="Counterparty",
                                 initials="CP")
        if spec.table:
            table = document.add_table(rows=len(spec.table), cols=len(spec.table[0]))
            for r, row in enumerate(spec.table):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    document.save(str(path))
    return path


# ---------------------------------------------------------------------------------------------
# stub model objects


def article(number: str, title: str, text: str, source: Sequence[int],
            children: Sequence[Clause] = ()) -> Clause:
    return Clause(number=number, title=title, text=text, kind="article", path=(number,),
                  source=tuple(source), children=tuple(children))


def child(parent: str, number: str, text: str, source: Sequence[int],
          kind: str = "paragraph") -> Clause:
    return Clause(number=number, title="", text=text, kind=kind, path=(parent, number),
                  source=tuple(source))


def make_document(path: Path, clauses: Sequence[Clause], lang: str = "ja",
                  numbering: str = "typed", preamble_source: Sequence[int] = ()) -> Document:
    return Document(path=str(path), format="docx", language=lang, title="T", preamble="",
                    clauses=tuple(clauses), numbering=numbering,
                    preamble_source=tuple(preamble_source))


def finding(provision: str, status: str, *, requirement: str = "required",
            evidence: Sequence[Clause] = (), missing: Sequence[str] = (),
            suggestion: str = "", title: str = "") -> Finding:
    return Finding(
        provision=provision, title=title or provision, status=status,  # type: ignore[arg-type]
        severity="error" if status == "missing" else "warning",
        requirement=requirement,  # type: ignore[arg-type]
        guidance=("4-2-⑩",),
        evidence=tuple(Evidence(ref=c.ref, text=c.text, score=1.0, source=c.source)
                       for c in evidence),
        missing_elements=tuple(MissingElement(m, m + " name") for m in missing),
        suggestion=suggestion, why=f"why {provision} matters", **_library_hints(provision))


def _library_hints(provision: str) -> dict:
    """The code and placement hints the engine copies from the provision's library file."""
    from clausecheck.library import load_library

    found = load_library().find(provision)
    return {"code": found.code, "placement": found.placement} if found else {}


def risk(flag: str, clause: Clause, provision: str = "return_deletion") -> Risk:
    return Risk(flag=flag, title=f"risk {flag}", severity="warning", provision=provision,
                evidence=(Evidence(ref=clause.ref, text=clause.text, source=clause.source),),
                note=f"note {flag}", suggestion=f"safer {flag}")


def make_report(document: Document, findings: Sequence[Finding],
                risks: Sequence[Risk] = ()) -> Report:
    return Report(file=document.path, language=document.language, contract_type="nda",
                  side="discloser", findings=tuple(findings), risks=tuple(risks),
                  document=document)


def stub_library(texts: dict[str, tuple[str, str]]) -> Any:
    """A stand-in for ``clausecheck.library.Library``: provision id -> (title, text)."""
    def find(pid: str) -> Any:
        if pid not in texts:
            return None
        title, text = texts[pid]
        return SimpleNamespace(recommended=SimpleNamespace(
            title=SimpleNamespace(get=lambda lang, t=title: t),
            text=SimpleNamespace(get=lambda lang, t=text: t)))
    return SimpleNamespace(find=find)


# ---------------------------------------------------------------------------------------------
# reading results


def part_xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def body_of(path: Path) -> etree._Element:
    return part_xml(path, "word/document.xml").find(w("body"))


def paragraphs_of(path: Path) -> list[etree._Element]:
    return [p for p in body_of(path).iter(w("p"))
            if not p.xpath("ancestor::w:txbxContent", namespaces=NSMAP)]


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def c14n(el: etree._Element) -> bytes:
    return etree.tostring(copy.deepcopy(el), method="c14n")


def restored_body(path: Path, author: str, comment_ids: Sequence[int]) -> etree._Element:
    """The output's body with our changes rejected and our comment marks removed."""
    body = copy.deepcopy(body_of(path))
    reject_revisions(body, author)
    remove_comment_marks(body, comment_ids)
    return body


def test_helpers_build_a_readable_docx(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "a.docx", [P("第1条（目的）"), P("本文", level=1)])
    assert [text_of(p) for p in paragraphs_of(path)] == ["第1条（目的）", "本文"]


# ---------------------------------------------------------------------------------------------
# shared by the redline test modules

LIB = stub_library({
    "return_deletion": ("秘密情報の返還等",
                        "1. 乙は、本契約が終了したときは、秘密情報を甲に返還し、又は廃棄する。\n"
                        "2. 乙は、廃棄したときは、その旨の証明書を甲に提出する。"),
    "survival": ("存続条項", "本契約の終了後も、秘密保持義務は5年間存続する。"),
    "no_reverse_engineering": ("解析の禁止", "乙は、試料を分析してはならない。"),
})
LIB_EN = stub_library({
    "return_deletion": ("Return and Destruction",
                        "1. On termination the Recipient shall return or destroy all copies.\n"
                        "2. The Recipient shall certify the destruction in writing."),
    "survival": ("Survival", "The obligations of confidentiality survive for five years."),
})


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATE_ENV, "2026-11-26T00:00:00Z")
