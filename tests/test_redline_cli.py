"""`clausecheck redline` on the command line: default output, never touching the input, refusing
to overwrite, bad input; the checker is stubbed so only the command is under test."""

from __future__ import annotations

from pathlib import Path

import pytest

import clausecheck.api
import clausecheck.redline
from cli_runner import run
from clausecheck.redline.ooxml import DATE_ENV, w
from test_redline import LIB, ja_typed
from test_redline_helpers import body_of, part_xml


calls: list[dict] = []


@pytest.fixture
def contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(DATE_ENV, "2026-11-26T00:00:00Z")
    path, document, report = ja_typed(tmp_path)
    monkeypatch.setattr(clausecheck.api, "read_document", lambda p: document)
    calls.clear()
    monkeypatch.setattr(clausecheck.api, "check_document",
                        lambda d, **kw: calls.append(kw) or report)
    monkeypatch.setattr(clausecheck.redline, "_load_library", lambda d: LIB)
    return path




def test_writes_the_default_output_beside_the_input(contract: Path, capsys) -> None:
    before = contract.read_bytes(), contract.stat().st_mtime_ns
    code, out, err = run(["redline", str(contract)], capsys)
    assert code == 0, err
    target = contract.with_name("nda.clausecheck.docx")
    assert target.exists()
    assert out.strip() == f"4 comments, 2 insertions, 0 amended clauses: {target}"
    assert (contract.read_bytes(), contract.stat().st_mtime_ns) == before
    assert not [p for p in contract.parent.iterdir() if p.name.endswith(".tmp")]


def test_output_option_author_and_date(contract: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "review.docx"
    code, out, err = run(["redline", str(contract), "-o", str(target), "--author", "Legal Team"],
                         capsys)
    assert code == 0, err
    marks = list(body_of(target).iter(w("ins"))) + list(body_of(target).iter(w("del")))
    assert {(m.get(w("author")), m.get(w("date"))) for m in marks} == \
        {("Legal Team", "2026-11-26T00:00:00Z"), ("Other", "2026-01-01T00:00:00Z")}
    comments = part_xml(target, "word/comments.xml").findall(w("comment"))
    new = [c for c in comments if c.get(w("author")) == "Legal Team"]
    assert len(new) == 4 and all(c.get(w("date")) == "2026-11-26T00:00:00Z" for c in new)
    assert {c.get(w("initials")) for c in new} == {"LT"}


def test_refuses_to_overwrite_without_force(contract: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "review.docx"
    target.write_bytes(b"existing")
    code, out, err = run(["redline", str(contract), "-o", str(target)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "--force" in err
    assert target.read_bytes() == b"existing"
    code, out, err = run(["redline", str(contract), "-o", str(target), "--force"], capsys)
    assert code == 0 and target.read_bytes() != b"existing"


def test_never_writes_over_the_input(contract: Path, capsys) -> None:
    before = contract.read_bytes()
    code, out, err = run(["redline", str(contract), "-o", str(contract), "--force"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert contract.read_bytes() == before


@pytest.mark.parametrize("name", ["draft.txt", "draft.md"])
def test_text_input_is_refused_with_one_line(tmp_path: Path, capsys, name: str) -> None:
    path = tmp_path / name
    path.write_text("第1条（目的）\n本契約は…\n", encoding="utf-8")
    code, out, err = run(["redline", str(path)], capsys)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and ".docx" in err
    assert "Traceback" not in err


def test_missing_file_and_missing_directory(tmp_path: Path, contract: Path, capsys) -> None:
    code, out, err = run(["redline", str(tmp_path / "nope.docx")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, err = run(["redline", str(contract), "-o", str(tmp_path / "no" / "x.docx")],
                         capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_corrupt_docx_is_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run(["redline", str(path)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_help_mentions_the_options(capsys) -> None:
    code, out, err = run(["redline", "--help"], capsys)
    assert code == 0
    for option in ("--output", "--type", "--side", "--author", "--include", "--library",
                   "--force"):
        assert option in out


def test_type_and_side_reach_the_checker(contract: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(["redline", str(contract), "-o", str(tmp_path / "r.docx"),
                          "--type", "joint_research", "--side", "recipient"], capsys)
    assert code == 0, err
    assert calls[-1]["contract_type"] == "joint_research" and calls[-1]["side"] == "recipient"


def test_include_recommended_inserts_more(contract: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run(["redline", str(contract), "-o", str(tmp_path / "r.docx"),
                          "--include", "recommended"], capsys)
    assert code == 0, err
    assert "3 insertions" in out
