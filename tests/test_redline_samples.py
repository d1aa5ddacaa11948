"""Redline on the bundled sample contracts (automatic numbering, tables, existing comments and
tracked changes, Japanese and English), read by the real reader, with a stub report; plus the
LibreOffice rendering check and, when the engine and library load, the accept-and-recheck
round trip."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from clausecheck.model import Clause, Document
from clausecheck.reader import read_document
from clausecheck.redline import redline
from clausecheck.redline.ooxml import NSMAP, w
from clausecheck.redline.revisions import inserted_paragraphs
from test_redline_helpers import (body_of, c14n, finding, make_report, paragraphs_of, part_xml,
                                  restored_body, risk, stub_library, text_of)
from test_redline_helpers import LIB, LIB_EN, fixed_date  # noqa: F401  (autouse fixture)

SAMPLES = Path(__file__).resolve().parent.parent / "sample_contracts"
SAMPLE_FILES = sorted(SAMPLES.glob("*.docx"))

def _confidentiality(document: Document) -> Clause:
    for article in document.clauses:
        title = article.title.upper()
        if article.title == "秘密保持" or title.startswith("CONFIDENTIALITY"):
            return article
    return document.clauses[len(document.clauses) // 3]


def _stub_report(document: Document):
    conf = _confidentiality(document)
    last = document.clauses[-1]
    return make_report(document, [
        finding("confidentiality", "weak", evidence=[conf], missing=["duty_of_care"],
                suggestion="wording"),
        finding("governing_law", "present", evidence=[last]),
        finding("return_deletion", "missing"),
        finding("survival", "missing"),
    ], risks=[risk("foreign_forum", last, "governing_law")])


def _redlined_sample(sample: str | Path, tmp_path: Path, report: Any = _stub_report,
                     library: Any = None) -> tuple[Path, Document, Any]:
    """A copy of a sample contract (a path, or the name of a built one: skipped when it is not
    built), the document the reader reads from it, and its redline by ``report(document)``
    (the stub report) with ``library`` (the stub library of the contract's language)."""
    src_file = Path(sample) if isinstance(sample, Path) else SAMPLES / f"{sample}.docx"
    if not src_file.exists():
        pytest.skip(f"{src_file.name} not built")
    src = tmp_path / src_file.name
    shutil.copyfile(src_file, src)
    document = read_document(src)
    if library is None:
        library = LIB if document.language == "ja" else LIB_EN
    return src, document, redline(src, report(document), tmp_path / "out.docx", library=library)


@pytest.fixture(params=SAMPLE_FILES, ids=lambda p: p.stem)
def sample(request: pytest.FixtureRequest, tmp_path: Path):
    return _redlined_sample(request.param, tmp_path)


@pytest.mark.skipif(not SAMPLE_FILES, reason="no sample contracts built yet")
class TestSamples:
    def test_comments_and_insertions_are_added(self, sample) -> None:
        src, document, result = sample
        assert result.insertions == 2 and result.comments == 4 and not result.skipped
        opened = docx.Document(str(result.output))
        assert len(list(opened.comments)) >= result.comments

    def test_rejecting_gives_back_the_original_body(self, sample) -> None:
        src, document, result = sample
        restored = restored_body(result.output, "clausecheck", result.comment_ids)
        assert c14n(restored) == c14n(body_of(src))

    def test_other_parts_are_the_same(self, sample) -> None:
        src, document, result = sample
        with zipfile.ZipFile(src) as before, zipfile.ZipFile(result.output) as after:
            for name in before.namelist():
                if name in ("word/document.xml", "word/comments.xml"):
                    continue
                old, new = before.read(name), after.read(name)
                if old == new:
                    continue
                assert name.endswith((".xml", ".rels")), name
                old_xml, new_xml = etree.fromstring(old), etree.fromstring(new)
                if name in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                    # a comments part was added: only entries for it may appear
                    kept = [c14n(e) for e in old_xml]
                    now = [c14n(e) for e in new_xml]
                    assert all(e in now for e in kept), name
                    extra = [e for e in new_xml if c14n(e) not in kept]
                    assert all("comments" in (e.get("PartName", "") + e.get("Target", ""))
                               for e in extra), name
                else:
                    assert c14n(old_xml) == c14n(new_xml), name

    def test_existing_comments_survive_and_ids_are_unique(self, sample) -> None:
        src, document, result = sample
        with zipfile.ZipFile(src) as z:
            had_comments = "word/comments.xml" in z.namelist()
        after = part_xml(result.output, "word/comments.xml").findall(w("comment"))
        if had_comments:
            before = part_xml(src, "word/comments.xml").findall(w("comment"))
            assert [c14n(c) for c in after[:len(before)]] == [c14n(c) for c in before]
        body = body_of(result.output)
        ids = [int(e.get(w("id"))) for e in body.iter(w("ins"), w("del"))]
        ids += [int(c.get(w("id"))) for c in after]
        assert len(ids) == len(set(ids))

    def test_new_articles_follow_the_contract_numbering(self, sample) -> None:
        src, document, result = sample
        texts = [text_of(p) for p in paragraphs_of(result.output)]
        conf = _confidentiality(document)
        if document.numbering == "typed" and document.language == "ja":
            assert any(t.startswith(conf.number + "の2") for t in texts)
        elif document.numbering == "typed":
            assert any(t.startswith(conf.number.rstrip(".") + ".A ") for t in texts)
        else:
            # automatic numbering: the new article heading carries the same numbering
            # properties (numPr or a numbered paragraph style) as the article it follows
            inserted = inserted_paragraphs(body_of(result.output), "clausecheck")
            numbered = [p for p in inserted if p.find("w:pPr/w:numPr", NSMAP) is not None
                        or p.find("w:pPr/w:pStyle", NSMAP) is not None]
            assert numbered
            assert not any(text_of(p)[:2] in ("1.", "2.", "１．") for p in inserted)


# ---------------------------------------------------------------------------------------------
# rendering with LibreOffice

PDF_FILTER = ('pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
              '"ExportNotesInMargin":{"type":"boolean","value":"true"}}')


def to_pdf(path: Path, outdir: Path) -> Path:
    """Convert with LibreOffice headless; comments go to the margin on LibreOffice >= 7.6 and
    become PDF text annotations on older versions."""
    profile = outdir / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", PDF_FILTER, "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=240)
    return outdir / (path.stem + ".pdf")


def _has_japanese_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True)
    return bool(listing.stdout.strip())


def pdf_annotation_texts(data: bytes) -> list[str]:
    """The texts of the PDF's text annotations (LibreOffice < 7.6 exports Word comments as
    these), decoded from the hex UTF-16 strings it writes."""
    out = []
    for match in re.finditer(rb"/Subtype\s*/Text\b.{0,400}?/Contents\s*<([0-9A-Fa-f\s]+)>", data,
                             re.S):
        raw = bytes.fromhex(re.sub(rb"\s", b"", match.group(1)).decode("ascii"))
        out.append(raw[2:].decode("utf-16-be", "replace") if raw.startswith(b"\xfe\xff")
                   else raw.decode("latin-1"))
    return out


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.parametrize("name", ["nda_ja_weak", "nda_en_weak"])
def test_redlined_sample_renders_to_pdf(name: str, tmp_path: Path) -> None:
    _, document, result = _redlined_sample(name, tmp_path)
    pdf = to_pdf(result.output, tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and re.search(rb"/Type\s*/Page\b", data)
    text = ""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        flat = re.sub(r"\s", "", text)
        wanted = "秘密情報の返還等" if document.language == "ja" else "RETURNANDDESTRUCTION"
        # Japanese text only survives into the PDF when a Japanese font is installed
        # (fonts-noto-cjk); without one, the page count and the comments are still checked
        if document.language == "en" or _has_japanese_font():
            assert wanted in flat
    # every comment we added is in the PDF: in the margin (newer LibreOffice) or as a note
    notes = pdf_annotation_texts(data)
    tag = "【clausecheck】" if document.language == "ja" else "[clausecheck]"
    shown = sum(t.count(tag) for t in notes) + text.count(tag)
    assert shown >= result.comments


def test_items_of_a_list_restarting_per_article_are_typed(tmp_path: Path) -> None:
    """nda_ja_weak numbers each article's items with a list instance of its own: an inserted
    article must show (1), (2), not continue another article's count."""
    def report(document: Document):
        return make_report(document, [finding("purpose", "present",
                                              evidence=[document.clauses[0]]),
                                      finding("ci_definition", "missing")])

    library = stub_library({"ci_definition": ("定義", "1. 次の各号に定める。\n(1) 技術情報\n(2) 営業情報")})
    _, _, result = _redlined_sample("nda_ja_weak", tmp_path, report, library)
    paragraphs = paragraphs_of(result.output)
    texts = [text_of(p) for p in paragraphs]
    i = texts.index("（定義）")
    assert texts[i + 1] == "第1条の2 次の各号に定める。"
    items = paragraphs[i + 2:i + 4]
    assert [text_of(p).split()[0] for p in items] == ["(1)", "(2)"]
    assert [text_of(p).split()[-1] for p in items] == ["技術情報", "営業情報"]
    assert all(p.find("w:pPr/w:numPr", NSMAP) is None for p in items)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext not installed")
def test_headings_after_an_insertion_keep_their_numbers_in_libreoffice(tmp_path: Path) -> None:
    """rca_en_weak numbers its headings by style. LibreOffice shows, beside each automatic
    number, the number the paragraph had before the tracked changes when the two differ;
    an insertion recorded on the marks of the new paragraphs made it join the next heading
    to the inserted text in that view, so every later heading read "Article 10.[Article 9.]".
    Recorded as Word records typing, the page shows the contract's own numbers only."""
    src, _, result = _redlined_sample("rca_en_weak", tmp_path)
    assert result.insertions == 2

    def rendered(path: Path) -> str:
        outdir = tmp_path / path.stem
        outdir.mkdir()
        text = subprocess.run(["pdftotext", "-layout", str(to_pdf(path, outdir)), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        return text.replace("\f", "\n")  # a heading at the top of a page starts a line

    before, after = rendered(src), rendered(result.output)
    headings = re.compile(r"^(Article \d+\.|\d+\.\d+) ", re.M)
    assert headings.findall(after) == headings.findall(before) and \
        len(headings.findall(before)) > 40
    assert not re.search(r"\d\.?\[(?:Article )?\d+(?:\.\d+)*\.?\]", after)


def test_inserted_english_articles_are_read_as_articles_after_accepting(tmp_path: Path) -> None:
    """After "accept all", the reader reads the branch numbers the redliner writes ("Article
    7.A", "7.A.1") as an article of its own with its paragraphs, not as text of the article
    before it; every original article keeps its number and paragraphs."""
    from clausecheck.redline.revisions import accepted_copy

    _, document, result = _redlined_sample("rca_en_weak", tmp_path)
    accepted = read_document(accepted_copy(result.output, tmp_path / "accepted.docx"))
    outline = {a.number: (a.title, [c.number for c in a.children]) for a in accepted.clauses}
    assert len(accepted.clauses) == len(document.clauses) + result.insertions
    assert outline["Article 7.A"] == ("Return and Destruction", ["7.A.1", "7.A.2"])
    for article in document.clauses:
        assert outline[article.number] == (article.title, [c.number for c in article.children])
