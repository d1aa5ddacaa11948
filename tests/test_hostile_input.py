"""Hostile input: damaged compression, absurd numbers, oversized documents, pathological lines.

Each case is a finding of the fuzz run (issue 14/16): a file that once gave a traceback, a
hang or gigabytes of memory. Every one must now give one line of reason (InputError) or a
normal reading.
"""

from __future__ import annotations

import random
import zipfile
import zlib
from pathlib import Path

import pytest

from clausecheck.errors import InputError
from clausecheck.reader import read_document, read_text
from clausecheck.reader.limits import MAX_CHARS, MAX_PARAGRAPH_CHARS, MAX_PARAGRAPHS
from clausecheck.reader.numbering import format_number
from test_reader_helpers import build_docx, lvl, numbering, p


def _reason(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    assert "\n" not in str(info.value)
    return info.value.reason


def _member_data(path: Path, member: str) -> tuple[int, int]:
    """(offset, size) of a member's compressed bytes inside the zip file."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    raw = path.read_bytes()
    header = info.header_offset
    name_len = int.from_bytes(raw[header + 26:header + 28], "little")
    extra_len = int.from_bytes(raw[header + 28:header + 30], "little")
    return header + 30 + name_len + extra_len, info.compress_size


def _contract_docx(path: Path) -> Path:
    body = p("秘密保持契約書") + "".join(
        p(f"第{i}条（目的）甲及び乙は、本契約に基づき開示される秘密情報を第三者に開示しない。")
        for i in range(1, 40))
    return build_docx(path, body)


def test_corrupt_deflate_stream_is_one_line_reason(tmp_path: Path) -> None:
    good = _contract_docx(tmp_path / "good.docx")
    start, size = _member_data(good, "word/document.xml")
    raw = good.read_bytes()
    rng = random.Random(14)
    zlib_errors = 0
    for n in range(40):
        bad = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            bad[start + rng.randrange(size)] ^= 1 << rng.randrange(8)
        try:
            zlib.decompressobj(-15).decompress(bytes(bad[start:start + size]))
        except zlib.error:
            zlib_errors += 1
        path = tmp_path / f"flip{n}.docx"
        path.write_bytes(bytes(bad))
        try:
            read_document(path)
        except InputError as exc:
            assert "\n" not in str(exc) and exc.reason
    assert zlib_errors >= 5  # the damaged-deflate path was really exercised


@pytest.mark.parametrize("start", ["9" * 20, "9" * 4000, "-5", "2147483647", "32768"])
@pytest.mark.parametrize("fmt", ["upperRoman", "lowerLetter", "japaneseCounting",
                                 "japaneseLegal", "decimalEnclosedCircle", "ideographTraditional",
                                 "decimalZero", "aiueo"])
def test_absurd_numbering_start_gives_short_labels(tmp_path: Path, start: str,
                                                   fmt: str) -> None:
    numbering_xml = numbering({1: lvl(0, fmt, "第%1条", start=0).replace(
        'w:val="0"/><w:numFmt', f'w:val="{start}"/><w:numFmt')}, {1: (1, "")})
    body = p("秘密保持契約書") + "".join(p("甲は秘密を守る。", num=(1, 0)) for _ in range(3))
    doc = read_document(build_docx(tmp_path / "n.docx", body, numbering_xml=numbering_xml))
    assert doc.clauses
    assert all(len(c.number) < 40 for c in doc.walk())


@pytest.mark.parametrize("ilvl", ["2147483647", "-1", "9", "99999999999999999999"])
def test_level_outside_word_range_is_ignored(tmp_path: Path, ilvl: str) -> None:
    numbering_xml = numbering({1: lvl(0, "decimal", "第%1条") + lvl(1, "decimal", "%2.")},
                              {1: (1, f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride '
                                      f'w:val="5"/></w:lvlOverride>')})
    body = p("秘密保持契約書") + p("甲は秘密を守る。", num=(1, 0)) + \
        p("乙も守る。").replace("<w:p>", f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/>'
                                      '<w:numId w:val="1"/></w:numPr></w:pPr>', 1)
    doc = read_document(build_docx(tmp_path / "l.docx", body, numbering_xml=numbering_xml))
    assert [c.number for c in doc.clauses] == ["第1条"]
    assert "乙も守る" in doc.clauses[0].full_text


def test_huge_level_text_is_cut(tmp_path: Path) -> None:
    numbering_xml = numbering({1: lvl(0, "decimal", "%1" + "x" * 100_000)}, {1: (1, "")})
    body = p("契約書") + "".join(p("甲は秘密を守る。", num=(1, 0)) for _ in range(50))
    doc = read_document(build_docx(tmp_path / "t.docx", body, numbering_xml=numbering_xml))
    assert all(len(c.full_text) < 200 for c in doc.walk())


def test_format_number_is_bounded() -> None:
    for fmt in ("upperRoman", "lowerLetter", "japaneseCounting", "japaneseLegal", "aiueo"):
        assert format_number(10 ** 30, fmt) == str(10 ** 30)
        assert len(format_number(9999, fmt)) < 40
        assert format_number(-3, fmt) == "-3"


def test_article_number_of_thousands_of_digits() -> None:
    text = "秘密保持契約書\n第1条（目的）本契約は目的を定める。\n第" + "9" * 5000 + "条（雑則）雑則。\n"
    doc = read_text(text)
    assert [c.number for c in doc.clauses] == ["第1条"]
    doc = read_text("AGREEMENT\nArticle 1 Purpose\nText.\nArticle " + "7" * 5000 + " X\n"
                    + "(" + "8" * 5000 + ") item\n" + "9" * 5000 + ". item\n")
    assert doc.clauses


def test_kanji_article_number_of_thousands_of_digits() -> None:
    doc = read_text("秘密保持契約書\n第一条（目的）目的。\n第" + "九" * 5000 + "条 本文。\n")
    assert doc.clauses[0].number == "第一条"


def test_too_many_lines_refused_early() -> None:
    with pytest.raises(InputError) as info:
        read_text("契約書\n" + "甲\n" * (MAX_PARAGRAPHS + 1))
    assert "paragraphs" in info.value.reason


def test_too_many_characters_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("AGREEMENT\n" + ("The Recipient shall keep it. " * 1000 + "\n") * (
        MAX_CHARS // 29_000 + 10))
    assert "characters" in _reason(path)


def test_one_huge_paragraph_refused(tmp_path: Path) -> None:
    path = tmp_path / "para.txt"
    path.write_text("AGREEMENT\n" + "secret " * (MAX_PARAGRAPH_CHARS // 7 + 10) + "\n")
    assert "paragraph of" in _reason(path)
    rng = random.Random(16)
    body = p("Agreement") + p(" ".join(str(rng.random()) for _ in range(MAX_PARAGRAPH_CHARS // 10)))
    assert "paragraph of" in _reason(build_docx(tmp_path / "para.docx", body))


def test_too_many_docx_paragraphs_refused(tmp_path: Path) -> None:
    rng = random.Random(16)  # varied text: a repeated one compresses like a zip bomb
    body = p("Agreement") + "".join(p(f"{rng.random()} shall keep it.")
                                    for _ in range(MAX_PARAGRAPHS + 1))
    assert "paragraphs" in _reason(build_docx(tmp_path / "many.docx", body))


def test_dtd_after_a_long_prologue_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.docx"
    build_docx(path, p("契約書"))
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    doc = parts["word/document.xml"]
    head, _, rest = doc.partition(b"\n")
    parts["word/document.xml"] = (head + b"\n<!--" + b" " * 5000 + b"-->\n"
                                  b'<!DOCTYPE d [<!ENTITY x "y">]>' + rest)
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert "DTD" in _reason(path)


def test_strict_ooxml_is_read(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "strict.docx", p("秘密保持契約書") + p("第1条（目的）本文。"))
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data.replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main"))
    doc = read_document(path)
    assert [c.number for c in doc.clauses] == ["第1条"]


@pytest.mark.parametrize("line", ["[" * 60_000, "[a](" * 30_000, "<br" * 60_000,
                                  " " * 60_000 + "x", "|" + " -" * 30_000 + "x",
                                  "**" * 30_000 + "x", "> " * 30_000 + "x"])
def test_pathological_markdown_lines(line: str) -> None:
    doc = read_text("# 秘密保持契約書\n\n第1条（目的）本文。\n\n" + line + "\n", fmt="md")
    assert doc.clauses


# --- encodings and garbage (issue 16) ----------------------------------------------------------

JA = "秘密保持契約書\n第1条（目的）本契約は、甲乙間で開示される秘密情報の取扱いを定める。\n"


@pytest.mark.parametrize("codec", ["iso2022_jp", "euc_jp", "cp932", "utf-16"])
def test_japanese_encodings_are_detected(tmp_path: Path, codec: str) -> None:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(JA.encode(codec))
    doc = read_document(path)
    assert doc.title == "秘密保持契約書" and doc.language == "ja"
    assert "秘密情報の取扱い" in doc.clauses[0].text


@pytest.mark.parametrize("data", [
    bytes(random.Random(3).randrange(0xA1, 0xE0) for _ in range(4000)),   # cp932 kana noise
    ("\u200b" * 5000).encode(),
    "".join(chr(0x1F300 + i % 300) for i in range(3000)).encode(),
    b"12 34 56\n--- *** ///\n",
])
def test_garbage_is_no_readable_contract_text(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(data)
    assert "no readable contract text" in _reason(path)


def test_garbage_docx_is_no_readable_contract_text(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "emoji.docx", p("\U0001F600" * 50) + p("\u200b" * 100))
    assert "no readable contract text" in _reason(path)


def test_control_characters_are_dropped_from_text(tmp_path: Path) -> None:
    path = tmp_path / "ctl.txt"
    path.write_bytes(JA.replace("本契約", "本\x1b[31m契約\x07").encode())
    doc = read_document(path)
    assert "\x1b" not in doc.clauses[0].text and "本[31m契約" in doc.clauses[0].text


def test_sentence_that_nfkc_expands_beyond_sudachi_limit(checker) -> None:
    # U+FDFA becomes 18 characters under NFKC: 1,500 of them are ~80 KB for Sudachi
    doc = read_text("秘密保持契約書\n第1条（目的）本契約は目的を定める。\n第2条（雑則）"
                    + "\ufdfa" * 1500 + "。\n")
    report = checker.check(doc)
    assert report.findings


def test_dangling_link_loop_and_fifo(tmp_path: Path) -> None:
    import os

    if os.name != "posix":
        pytest.skip("POSIX links and FIFOs")
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    os.symlink("nowhere.txt", tmp_path / "d.txt")
    os.mkfifo(tmp_path / "f.txt")
    assert "symbolic link loop" in _reason(tmp_path / "a.txt")
    assert "dangling symbolic link" in _reason(tmp_path / "d.txt")
    assert "named pipe" in _reason(tmp_path / "f.txt")


def test_xml_far_beyond_the_limits_is_refused_before_parsing(tmp_path: Path) -> None:
    from clausecheck.reader.limits import MAX_XML_PARAGRAPHS

    body = "<w:p/>" * (MAX_XML_PARAGRAPHS + 1) + p("契約書")
    path = build_docx(tmp_path / "empty-paras.docx", body)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:  # stored: no zip-bomb ratio
        for name, data in parts.items():
            zf.writestr(name, data)
    assert "paragraphs, empty ones included" in _reason(path)
