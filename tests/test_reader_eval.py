"""The annotated Japanese model contracts in ../shared/eval/ja: articles 1..N, in order, with
headings; the interleaved commentary never becomes an article or part of one.

Skipped when ../shared is not beside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.reader import read_document

EVAL_JA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "ja"
# Article counts of the four model contracts, keyed by the number their file names start with.
EXPECTED_ARTICLES = {"5": 12, "6": 17, "7": 28, "8": 19}
COMMENTARY_MARKS = ("＜ポイント＞", "＜解説＞", "【コラム】", "想定シーン")


def _files(pattern: str) -> list[Path]:
    if not EVAL_JA.is_dir():
        return []
    return sorted(EVAL_JA.glob(pattern))


def _key(path: Path) -> str:
    return path.name.removeprefix("word_")[:1]


@pytest.fixture(params=["word_*.docx", "[0-9]_*.md"])
def model_files(request: pytest.FixtureRequest) -> list[Path]:
    files = _files(request.param)
    if not files:
        pytest.skip("../shared/eval/ja is not available")
    return files


def test_model_contract_articles_in_order_with_headings(model_files: list[Path]) -> None:
    for path in model_files:
        doc = read_document(path)
        count = EXPECTED_ARTICLES.get(_key(path))
        numbers = [c.number for c in doc.clauses]
        assert numbers == [f"第{i}条" for i in range(1, len(numbers) + 1)], path.name
        if count is not None:
            assert len(numbers) == count, path.name
        assert all(c.title for c in doc.clauses), path.name
        assert all(c.text for c in doc.clauses), path.name
        assert doc.language == "ja" and doc.title and doc.preamble, path.name
        for clause in doc.walk():
            for mark in COMMENTARY_MARKS:
                assert mark not in clause.full_text, (path.name, clause.ref, mark)


def test_docx_and_markdown_versions_agree() -> None:
    docx_files = {_key(p): p for p in _files("word_*.docx")}
    md_files = {_key(p): p for p in _files("[0-9]_*.md")}
    common = sorted(set(docx_files) & set(md_files))
    if not common:
        pytest.skip("../shared/eval/ja is not available")
    for key in common:
        a, b = read_document(docx_files[key]), read_document(md_files[key])
        assert [(c.number, c.title) for c in a.clauses] == [(c.number, c.title) for c in b.clauses]
        # Paragraph structure matches too, apart from labels the Markdown export dropped.
        assert len(a.annexes) == len(b.annexes), key
