"""The sample contracts are up to date with their sources and use the Word features they promise."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from sample_contracts import SAMPLES_DIR
from sample_contracts.build import SRC_DIR, build_outputs, main, parse_source

DOCX = sorted(Path(SAMPLES_DIR).glob("*.docx"))


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8") if name in zf.namelist() else ""


def test_committed_files_are_up_to_date():
    assert main(["--check"]) == 0


def test_build_is_deterministic():
    src = parse_source(SRC_DIR / "nda_ja_weak.md")
    assert build_outputs(src) == build_outputs(src)


def test_every_source_has_a_docx():
    from sample_contracts import SAMPLES

    assert {p.stem for p in SRC_DIR.glob("*.md")} == {p.stem for p in DOCX} == set(SAMPLES)


def test_automatic_numbering_in_japanese_and_english():
    levels = {p.stem: part(p, "word/numbering.xml") for p in DOCX}
    assert 'w:val="第%1条"' in levels["nda_ja_sound"]
    assert 'w:val="Article %1."' in levels["rca_en_sound"]
    assert 'w:val="%1.%2"' in levels["rca_en_sound"]
    # English numbering comes from the paragraph styles, Japanese from the paragraphs
    assert "<w:numPr>" in part(Path(SAMPLES_DIR) / "rca_en_sound.docx", "word/styles.xml")
    assert "<w:numPr>" not in part(Path(SAMPLES_DIR) / "rca_en_sound.docx", "word/document.xml")


@pytest.mark.parametrize("name", ["nda_ja_sound", "nda_ja_weak", "rca_en_sound", "rca_en_weak"])
def test_auto_numbered_text_carries_no_article_numbers(name):
    body = part(Path(SAMPLES_DIR) / f"{name}.docx", "word/document.xml")
    paragraph_starts = re.findall(r"<w:p>(?:<w:pPr>.*?</w:pPr>)?<w:r><w:t[^>]*>(.{0,12})", body)
    assert paragraph_starts
    # a label followed by a space or a heading; "第2条から…" (a cross-reference that opens the
    # survival article of nda_ja_sound) is deliberate and is not a typed article number
    assert not [s for s in paragraph_starts if re.match(r"(第\d+条[\s　（(]|Article \d+\.)", s)]


def test_table_tracked_changes_comment_and_annex_are_present():
    bodies = {p.stem: part(p, "word/document.xml") for p in DOCX}
    assert "<w:tbl>" in bodies["jr_ja_sound"] and "<w:tbl>" in bodies["rca_en_sound"]
    for name in ("nda_ja_weak", "nda_en_weak"):
        assert re.search(r'<w:ins w:id="\d+" w:author="[^"]+" w:date="2026-', bodies[name])
        assert re.search(r'<w:del w:id="\d+" w:author="[^"]+" w:date="2026-', bodies[name])
        assert "<w:delText" in bodies[name]
        assert "<w:commentReference" in bodies[name]
        assert "<w:comment " in part(Path(SAMPLES_DIR) / f"{name}.docx", "word/comments.xml")
    assert "別紙" in bodies["nda_ja_sound"] and "SCHEDULE 1" in bodies["rca_en_sound"]


def test_plain_text_renderings_exist():
    names = {p.name for p in Path(SAMPLES_DIR).iterdir()}
    assert {"jr_ja_sound.txt", "nda_en_weak.txt", "nda_ja_sound.md"} <= names
    text = (Path(SAMPLES_DIR) / "nda_ja_sound.md").read_text(encoding="utf-8")
    assert "第1条　本契約は" in text and "{+" not in text
