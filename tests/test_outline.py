"""`clausecheck outline`: text tree, JSON, errors as one line with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausecheck.cli import cli, main

CONTRACT = ("秘密保持契約書\n甲と乙は、次のとおり契約を締結する。\n"
            "第1条（目的）本契約は、共同開発の検討のために開示される情報の取扱いを定めるものであり、"
            "その範囲を明確にし、当事者の義務を定めることを目的とする。\n"
            "第2条（秘密保持）乙は、秘密情報を第三者に開示しない。\n２　前項は次の場合を除く。\n"
            "（１）法令による場合\n（２）裁判所の命令による場合\n"
            "以上\n別紙　開示情報\n設計図面\n")


@pytest.fixture()
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "nda.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    return path


def test_text_outline(contract: Path) -> None:
    result = CliRunner().invoke(cli, ["outline", str(contract)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Title: 秘密保持契約書" in lines
    first = next(line for line in lines if line.startswith("第1条 (目的)  本契約は"))
    assert len(first) <= len("第1条 (目的)  ") + 60
    assert "  2  前項は次の場合を除く。" in lines
    assert "    (1)  法令による場合" in lines
    assert "Annex: 別紙 開示情報 — 設計図面" in lines
    assert any(line.startswith("Signature: 以上") for line in lines)


def test_json_outline(contract: Path) -> None:
    result = CliRunner().invoke(cli, ["outline", str(contract), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["file"] == str(contract)
    assert data["language"] == "ja" and data["title"] == "秘密保持契約書"
    assert [(c["number"], c["title"]) for c in data["clauses"]] == [("第1条", "目的"),
                                                                  ("第2条", "秘密保持")]
    para = data["clauses"][1]["children"][0]
    assert para["number"] == "2" and para["text"] == "前項は次の場合を除く。"
    assert [c["number"] for c in para["children"]] == ["(1)", "(2)"]
    assert data["annexes"][0]["title"] == "別紙 開示情報"


def test_outline_docx(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in ("NON-DISCLOSURE AGREEMENT", "This Agreement is made between A and B.",
                 "1. Purpose. The parties will evaluate a project.",
                 "2. Confidentiality. The Recipient shall keep information secret."):
        d.add_paragraph(line)
    path = tmp_path / "nda.docx"
    d.save(str(path))
    result = CliRunner().invoke(cli, ["outline", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(c["number"], c["title"]) for c in data["clauses"]] == [("1", "Purpose"),
                                                                  ("2", "Confidentiality")]


def test_help_has_example() -> None:
    result = CliRunner().invoke(cli, ["outline", "--help"])
    assert result.exit_code == 0
    assert "clausecheck outline draft.docx" in result.output
    assert "--format" in result.output


@pytest.mark.parametrize("name,content,reason", [
    ("missing.docx", None, "no such file"),
    ("scan.pdf", b"%PDF-1.4", "not a readable PDF"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Word .doc"),
])
def test_errors_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     name: str, content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SystemExit) as info:
        main(["outline", str(path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and reason in err and err.startswith("clausecheck: error:")


def test_subprocess_no_traceback(tmp_path: Path, contract: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    proc = subprocess.run([sys.executable, "-m", "clausecheck", "outline", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert "corrupt or truncated" in proc.stderr
    ok = subprocess.run([sys.executable, "-m", "clausecheck", "outline", str(contract)],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "第2条 (秘密保持)" in ok.stdout
