"""Golden outlines of the sample contracts: every article's number and heading, in order.

The goldens live in ``tests/golden/outline/<file>.json``. Regenerate them on purpose with

    CLAUSECHECK_REGEN_GOLDEN=1 python -m pytest tests/test_samples_outline.py -q

A second test checks each golden against the sample's own source markup, so a golden
regenerated from a reader that went wrong is caught rather than silently accepted.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest

from clausecheck.api import read_document
from sample_contracts import SAMPLES_DIR
from sample_contracts.build import SRC_DIR, auto_labels, parse_source

GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "outline"
REGEN = os.environ.get("CLAUSECHECK_REGEN_GOLDEN") == "1"
SAMPLE_FILES = sorted(
    p.name for p in Path(SAMPLES_DIR).iterdir()
    if p.suffix in (".docx", ".txt", ".md") and p.name != "README.md"
)


def golden_path(filename: str) -> Path:
    """nda_ja_sound.docx -> nda_ja_sound.json; text renderings keep their suffix."""
    stem, suffix = filename.rsplit(".", 1)
    return GOLDEN_DIR / (f"{stem}.json" if suffix == "docx" else f"{filename}.json")


def outline_of(filename: str) -> dict:
    doc = read_document(Path(SAMPLES_DIR) / filename)
    return {
        "file": filename,
        "language": doc.language,
        "title": doc.title,
        "numbering": doc.numbering,
        "articles": [{"number": c.number, "title": c.title} for c in doc.clauses],
        "annexes": [a.title for a in doc.annexes],
    }


def write_golden(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    os.replace(tmp, path)


def load_golden(filename: str) -> dict:
    path = golden_path(filename)
    if not path.exists():
        pytest.fail(f"no golden for {filename}; run with CLAUSECHECK_REGEN_GOLDEN=1")
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_sample_is_covered():
    assert len(SAMPLE_FILES) >= 8
    assert {n.rsplit(".", 1)[0] for n in SAMPLE_FILES} >= {
        f"{kind}_{lang}_{grade}" for kind in ("nda", "jr", "rca") for lang in ("ja", "en")
        for grade in ("sound", "weak") if (kind, lang) not in (("jr", "en"), ("rca", "ja"))}


@pytest.mark.parametrize("filename", SAMPLE_FILES)
def test_outline_matches_golden(filename):
    actual = outline_of(filename)
    if REGEN:
        write_golden(golden_path(filename), actual)
        return
    golden = load_golden(filename)
    assert actual["articles"] == golden["articles"]
    assert actual["annexes"] == golden["annexes"]
    assert (actual["language"], actual["title"], actual["numbering"]) == (
        golden["language"], golden["title"], golden["numbering"])


# --------------------------------------------------------------------- golden vs. the source

def _strip_brackets(title: str) -> str:
    return title.strip().strip("（）()").strip()


def articles_from_source(name: str) -> list[tuple[str, str]]:
    """(number, heading) of every article, read from the markup rather than from a reader."""
    src = parse_source(SRC_DIR / f"{name}.md")
    out = []
    heading = ""
    for block, label in zip(src.blocks, auto_labels(src)):
        if block.tag == "H":
            heading = _strip_brackets(block.text)
        if block.tag != "A":
            continue
        if src.auto and src.lang == "ja":
            out.append((label, heading))
        elif src.auto:
            out.append((label, block.text.strip()))
        elif src.lang == "ja":
            match = re.match(r"^(第\d+条)\s*（(.+)）$", block.text)
            out.append((match.group(1), match.group(2)))
        else:
            match = re.match(r"^(\d+)\.\s+(.+)$", block.text)
            out.append((match.group(1), match.group(2)))
    return out


def _plain_number(number: str) -> str:
    """Compare numbers without the trailing full stop ("Article 1." and "Article 1" agree)."""
    return number.rstrip(".．").strip()


@pytest.mark.parametrize("filename", SAMPLE_FILES)
def test_golden_agrees_with_source(filename):
    golden = load_golden(filename)
    expected = articles_from_source(filename.rsplit(".", 1)[0])
    got = [(_plain_number(a["number"]), a["title"]) for a in golden["articles"]]
    assert got == [(_plain_number(n), t) for n, t in expected]
    annexes = [b for b in parse_source(SRC_DIR / f"{filename.rsplit('.', 1)[0]}.md").blocks
               if b.tag == "X"]
    assert len(golden["annexes"]) == len(annexes)


def test_tracked_changes_are_read_as_accepted_and_comments_left_out():
    ja = read_document(Path(SAMPLES_DIR) / "nda_ja_weak.docx")
    survival = next(c for c in ja.clauses if c.title == "存続条項")
    assert "1年間" in survival.text and "5年間" not in survival.text
    assert "保管用コピー" not in ja.text and "短すぎます" not in ja.text
    en = read_document(Path(SAMPLES_DIR) / "nda_en_weak.docx")
    law = next(c for c in en.clauses if c.title.startswith("GOVERNING LAW"))
    assert "State of New York" in law.full_text and "Japan" not in law.full_text
    assert "Tokyo District Court" not in law.full_text
    assert "standard position" not in en.text
