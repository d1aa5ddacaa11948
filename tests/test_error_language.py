"""Errors speak the report's language: --ui-lang, else that of the contracts, else the
user's locale, else that of the file names; one line on stderr and exit 2 in every case."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cli_runner import run
from clausecheck.report.labels import localize_message

JA_TEXT = "秘密保持契約書\n第1条（目的）甲は乙に秘密情報を開示する。\n"


@pytest.fixture(autouse=True)
def c_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    return lines[0]


def test_a_japanese_contract_that_fails_gets_a_japanese_reason(tmp_path: Path, capsys,
                                                                monkeypatch) -> None:
    from clausecheck import api

    monkeypatch.setattr(api, "check_file", lambda *_a, **_k: time.sleep(30))
    path = tmp_path / "nda.txt"
    path.write_text(JA_TEXT, encoding="utf-8")
    code, out, err = run(["check", str(path), "--timeout", "1"], capsys)
    assert code == 2 and not out
    assert _one_line(err) == f"clausecheck: エラー: {path}: 1 秒で処理を打ち切りました（--timeout）"
    code, _out, err = run(["check", str(path), "--timeout", "1", "--ui-lang", "en"], capsys)
    assert _one_line(err).startswith(f"clausecheck: error: {path}: gave up after 1 s")


def test_an_unreadable_file_follows_the_locale_then_its_name(tmp_path: Path, capsys,
                                                             monkeypatch) -> None:
    empty_ja = tmp_path / "秘密保持契約書.txt"
    empty_ja.write_bytes(b"")
    broken = tmp_path / "nda.docx"
    broken.write_bytes(b"PK\x03\x04 broken")
    # nothing to read, C locale: the Japanese file name says who the user is
    assert _one_line(run(["check", str(empty_ja)], capsys)[2]) == \
        f"clausecheck: エラー: {empty_ja}: 空のファイルです"
    # an ASCII name and a C locale say nothing: English
    assert _one_line(run(["check", str(broken)], capsys)[2]).startswith(
        f"clausecheck: error: {broken}: corrupt or truncated .docx")
    # a Japanese locale speaks before the names, an English one too
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert _one_line(run(["check", str(broken)], capsys)[2]) == (
        f"clausecheck: エラー: {broken}: 破損または途中で切れた .docx です（zip の目録を読み取れません）")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert _one_line(run(["check", str(empty_ja)], capsys)[2]) == \
        f"clausecheck: error: {empty_ja}: empty file"


def test_output_errors_speak_the_language_of_the_report(tmp_path: Path, capsys) -> None:
    path = tmp_path / "nda.txt"
    path.write_text(JA_TEXT, encoding="utf-8")
    out = tmp_path / "missing" / "report.html"
    code, _out, err = run(["check", str(path), "-o", str(out)], capsys)
    assert code == 2
    assert _one_line(err) == f"clausecheck: エラー: {out}: フォルダ {out.parent} がありません"


def test_scan_of_unreadable_japanese_files_says_so_in_japanese(tmp_path: Path, capsys) -> None:
    (tmp_path / "空.txt").write_bytes(b"")
    (tmp_path / "壊れ.docx").write_bytes(b"not a zip")
    code, out, err = run(["scan", str(tmp_path)], capsys)
    assert code == 2 and not out
    assert err.strip().splitlines() == [
        f"{tmp_path / '壊れ.docx'}: 有効な .docx ではありません（zip 形式ではありません）",
        f"{tmp_path / '空.txt'}: 空のファイルです",
        "clausecheck: エラー: 2 件のファイルのいずれも読み取れませんでした"]
    code, _out, err = run(["scan", str(tmp_path), "--ui-lang", "en"], capsys)
    assert err.strip().splitlines()[-1] == "clausecheck: error: none of the 2 files could be read"


def test_scan_of_a_folder_without_contracts_in_the_ui_language(tmp_path: Path, capsys) -> None:
    (tmp_path / "memo.xls").write_bytes(b"x")
    _code, _out, err = run(["scan", str(tmp_path), "--ui-lang", "ja"], capsys)
    assert _one_line(err).startswith("clausecheck: エラー: 契約書のファイルが見つかりません")
    _code, _out, err = run(["scan", str(tmp_path)], capsys)
    assert _one_line(err).startswith("clausecheck: error: no contract files found")


@pytest.mark.parametrize("message, shown", [
    ("a.pdf: password-protected (encrypted) PDF: it cannot be opened without its password",
     "a.pdf: パスワード保護（暗号化）された PDF です。"),
    ("a.docx: password-protected (encrypted) .docx", "a.docx: パスワード保護（暗号化）された .docx です"),
    ("a: b.pdf: not a readable PDF (damaged)", "a: b.pdf: PDF として読み取れません（damaged）"),
    ("scan.png: an image: reading it needs OCR, which is turned off (--no-ocr)",
     "scan.png: 画像です。読み取りには OCR が必要ですが、無効にされています（--no-ocr）"),
    ("out.html: is a directory", "out.html: フォルダです（出力先にはファイル名を指定してください）"),
    ("in: is a directory, not a contract file (use 'clausecheck scan' for folders)",
     "in: フォルダです（フォルダには clausecheck scan を使ってください）"),
    ("x: something new", "x: something new"),
])
def test_reasons_are_translated_with_the_file_name_kept(message: str, shown: str) -> None:
    assert localize_message(message, "ja").startswith(shown)
    assert localize_message(message, "en") == message
