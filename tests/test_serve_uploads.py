"""Uploads for `clausecheck serve` (issue 13): names are labels, limits hold while streaming,
zip archives are unpacked within bounds, results expire. No worker process needed."""

from __future__ import annotations

import asyncio
import os
import stat
import time
import zipfile

import pytest

pytest.importorskip("python_multipart", reason="python-multipart is not installed")

from clausecheck.serve import uploads  # noqa: E402
from clausecheck.serve.store import Result, Store  # noqa: E402
from clausecheck.serve.uploads import (BadUpload, Limits, PrivateDir, StoredFile,  # noqa: E402
                                       TooLarge, display_name, read_multipart, safe_suffix,
                                       unpack_zip)

ACCEPT = (".docx", ".txt", ".md", ".pdf", ".doc")


@pytest.fixture()
def folder(tmp_path):
    private = PrivateDir(str(tmp_path))
    yield private
    private.cleanup()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("raw,shown", [
    ("nda.docx", "nda.docx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\legal\\契約書.docx", "契約書.docx"),
    ("a\x00b\r\n.txt", "ab.txt"),
    ("..", "upload"),
    ("", "upload"),
])
def test_a_name_is_only_a_label(raw, shown) -> None:
    assert display_name(raw) == shown


def test_only_a_plain_extension_reaches_the_file_system() -> None:
    assert safe_suffix("Draft.DOCX") == ".docx"
    assert safe_suffix("x.tar.gz") == ".gz"
    assert safe_suffix("evil.d/../x") == ""
    assert safe_suffix("noext") == ""
    assert safe_suffix(".hidden") == ""
    assert safe_suffix("x.ドキュメント") == ""


def test_private_folder_is_owner_only(folder) -> None:
    assert stat.S_IMODE(os.stat(folder.path).st_mode) == 0o700
    a, b = folder.new_path(".txt"), folder.new_path(".txt")
    assert a != b and a.parent == folder.path


def _multipart(parts: list[tuple[str, str | None, bytes]], boundary: str = "BOUNDARY"):
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").encode()
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def _read(folder, content_type: str, body: bytes, limits: Limits, chunk: int = 7):
    async def stream():
        for i in range(0, len(body), chunk):
            yield body[i:i + chunk]

    return asyncio.run(read_multipart(content_type, stream(), folder, limits))


def test_multipart_files_are_streamed_into_the_private_folder(folder) -> None:
    ctype, body = _multipart([("side", None, b"recipient"),
                              ("file", "../契約.txt", b"Article 1 Purpose")])
    upload = _read(folder, ctype, body, Limits(files=1))
    assert upload.fields == {"side": "recipient"}
    [stored] = upload.files
    assert stored.name == "契約.txt" and stored.size == 17
    assert stored.path.parent == folder.path and stored.path.suffix == ".txt"
    assert stored.path.read_bytes() == b"Article 1 Purpose"


def test_a_file_over_the_limit_stops_the_upload_and_leaves_nothing(folder) -> None:
    ctype, body = _multipart([("file", "big.txt", b"x" * 5000)])
    with pytest.raises(TooLarge):
        _read(folder, ctype, body, Limits(file_bytes=1000, total_bytes=10_000))
    assert folder.contents() == []


def test_too_many_files_or_a_huge_field_are_refused(folder) -> None:
    ctype, body = _multipart([("file", "a.txt", b"a"), ("file", "b.txt", b"b")])
    with pytest.raises(BadUpload, match="too many files"):
        _read(folder, ctype, body, Limits(files=1))
    ctype, body = _multipart([("side", None, b"x" * 10_000)])
    with pytest.raises(BadUpload, match="too long"):
        _read(folder, ctype, body, Limits(total_bytes=100_000))
    with pytest.raises(BadUpload, match="multipart"):
        _read(folder, "application/json", b"{}", Limits())
    assert folder.contents() == []


def _archive(folder, entries, name="in.zip") -> StoredFile:
    path = folder.new_path(".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry, data in entries:
            zf.writestr(entry, data)
    return StoredFile(name=name, path=path, size=path.stat().st_size)


def test_zip_members_become_labelled_copies(folder) -> None:
    archive = _archive(folder, [("a/nda.txt", b"one"), ("../../../tmp/evil.md", b"two"),
                                ("a/", b""), ("a/picture.png", b"\x89PNG"),
                                ("__MACOSX/a/._nda.txt", b"x"), (".DS_Store", b"x"),
                                ("a/~$lock.docx", b"x")])
    got = unpack_zip(archive, folder, ACCEPT)
    assert sorted(f.name for f in got.files) == ["a/nda.txt", "tmp/evil.md"]
    assert all(f.path.parent == folder.path for f in got.files)
    assert got.skipped == ["a/picture.png"]
    assert sorted(f.path.read_bytes() for f in got.files) == [b"one", b"two"]


def test_a_zip_bomb_member_is_refused_without_inflating_it(folder) -> None:
    archive = _archive(folder, [("bomb.txt", b"0" * (4 * 1024 * 1024)), ("ok.txt", b"fine")])
    got = unpack_zip(archive, folder, ACCEPT)
    assert [f.name for f in got.files] == ["ok.txt"]
    assert got.errors[0][0] == "bomb.txt" and "zip bomb" in got.errors[0][1]


def test_a_zip_over_its_bounds_is_refused_whole(folder, monkeypatch) -> None:
    monkeypatch.setattr(uploads, "MAX_ZIP_MEMBERS", 3)
    many = _archive(folder, [(f"{i}.txt", b"x") for i in range(4)])
    with pytest.raises(BadUpload, match="more than 3 entries"):
        unpack_zip(many, folder, ACCEPT)
    monkeypatch.setattr(uploads, "MAX_ZIP_TOTAL", 10)
    big = _archive(folder, [("a.txt", b"x" * 20)])
    with pytest.raises(BadUpload, match="unpacks to more than"):
        unpack_zip(big, folder, ACCEPT)


def test_a_member_larger_than_declared_is_caught(folder) -> None:
    archive = _archive(folder, [("a.txt", b"A" * 5000)])
    # forge the central directory: declare 10 bytes for a 5000-byte member
    data = bytearray(archive.path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    archive.path.write_bytes(bytes(data))
    try:
        got = unpack_zip(archive, folder, ACCEPT)
    except BadUpload:  # our cap on what a member may inflate to
        got = None
    # or zipfile's own checks (size, CRC): then it is that member's error
    assert got is None or (not got.files and got.errors)
    assert [p for p in folder.contents() if p.suffix != ".zip"] == []


def test_not_a_zip_and_encrypted_members(folder) -> None:
    path = folder.new_path(".zip")
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(BadUpload, match="not a readable zip"):
        unpack_zip(StoredFile("x.zip", path, 14), folder, ACCEPT)
    archive = _archive(folder, [("a.txt", b"secret")])
    data = bytearray(archive.path.read_bytes())
    # set the "encrypted" flag in the local header and in the central directory
    data[6] |= 1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 1
    archive.path.write_bytes(bytes(data))
    got = unpack_zip(archive, folder, ACCEPT)
    assert not got.files and "encrypted" in got.errors[0][1]


def test_results_expire_and_take_their_files(folder) -> None:
    store = Store(max_results=2, ttl=3600)
    made = []
    for i in range(3):
        source = folder.new_path(".docx")
        source.write_bytes(b"x")
        result = Result(id=f"r{i}", name=f"{i}.docx", report=None, check_json="{}",
                        options={}, source=source)
        result.used = time.monotonic() + i  # r0 is the least recently used
        made.append(result)
        store.add(result)
    assert store.get("r0") is None and not made[0].source
    assert store.get("r2") is made[2]
    made[1].used -= 7200
    store.expire()
    assert store.get("r1") is None
    store.close()
    assert folder.contents() == []
