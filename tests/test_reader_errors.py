"""Bad input: every case raises InputError with a reason a user can act on."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from clausecheck.errors import InputError
from clausecheck.reader import read_document
from test_reader_helpers import build_docx, p

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _reason(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.path == str(path)
    assert "\n" not in str(info.value)
    return info.value.reason


def _good_docx(tmp_path: Path, name: str = "good.docx") -> Path:
    return build_docx(tmp_path / name, p("秘密保持契約書") + p("第1条（目的）本文。"))


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _reason(tmp_path / "nope.docx")


def test_directory(tmp_path: Path) -> None:
    assert "directory" in _reason(tmp_path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("this is plain text, not a Word file")
    assert "not a zip" in _reason(path)


def test_truncated_docx(tmp_path: Path) -> None:
    good = _good_docx(tmp_path).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    assert "corrupt or truncated" in _reason(path)


def test_corrupt_member(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><unclosed>")
    assert "not well-formed" in _reason(path)


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("content.xml", "<x/>")
    assert "no word/document.xml" in _reason(path)


def test_password_protected_docx(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    path.write_bytes(OLE)
    assert "password-protected (encrypted) .docx" in _reason(path)


def test_damaged_legacy_doc(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(OLE)
    reason = _reason(path)
    assert "legacy Word .doc" in reason and "LibreOffice" in reason


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(b"%PDF-1.7\n...")
    assert "not a readable PDF" in _reason(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "c.pages"
    path.write_text("hello")
    assert "unsupported file type .pages" in _reason(path)
    other = tmp_path / "c.xyz"
    other.write_text("hello")
    assert "unsupported file type" in _reason(other)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "e.txt"
    path.write_bytes(b"")
    assert "empty" in _reason(path)
    blank = tmp_path / "blank.md"
    blank.write_text("\n   \n\n")
    assert "empty document" in _reason(blank)


def test_empty_docx(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "empty.docx", p(""))
    assert "empty document" in _reason(path)


def test_docx_with_only_images(tmp_path: Path) -> None:
    image = ('<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData/></a:graphic>'
             '</wp:inline></w:drawing></w:r></w:p>')
    path = build_docx(tmp_path / "scan.docx", image)
    assert "no text found; scanned image? run OCR first" in _reason(path)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: nothing is really written
    assert "too large" in _reason(path)


def test_zip_bomb_refused_from_directory(tmp_path: Path) -> None:
    data = bytearray(_good_docx(tmp_path).read_bytes())
    # Declare a huge uncompressed size in every central-directory entry.
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", data, pos + 24, 0x7FFF_FFFF)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path = tmp_path / "bomb.docx"
    path.write_bytes(bytes(data))
    assert "zip bomb" in _reason(path)


def test_zip_bomb_compression_ratio(tmp_path: Path) -> None:
    path = _good_docx(tmp_path, "ratio.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/zeros.bin", b"\x00" * (3 * 1024 * 1024))
    assert "compression ratio" in _reason(path)


def test_xml_with_dtd_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.docx"
    doc = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", doc)
    assert "DTD" in _reason(path)


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "bin.txt"
    path.write_bytes(bytes(range(1, 32)) * 50 + b"\x00\xff\x00")
    assert "text" in _reason(path) or "decode" in _reason(path)


def test_docx_renamed_to_txt(tmp_path: Path) -> None:
    path = tmp_path / "renamed.txt"
    path.write_bytes(_good_docx(tmp_path).read_bytes())
    assert "rename it to .docx" in _reason(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("第1条 本文")
    path.chmod(0)
    try:
        assert "permission denied" in _reason(path)
    finally:
        path.chmod(0o644)
