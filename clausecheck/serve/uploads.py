"""Uploaded files: a private folder, a streaming multipart reader with limits, safe zips.

Uploads are written straight from the request stream into the server's private folder (mode
0700, created at start and removed at shutdown) under random names; the name the user gave
is only ever a label. Limits are enforced while reading, so a 5 GB upload is cut off at the
limit rather than stored first: ``TooLarge`` becomes 413, ``BadUpload`` 400.

Zip archives (a folder sent at once) are unpacked member by member with bounds on the number
of entries, each entry's size, the total size and the compression ratio; members are read
with a hard cap whatever the archive declares, so a zip bomb is refused, not expanded.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import AsyncIterator

from python_multipart.multipart import MultipartParser, parse_options_header

from clausecheck.locked import LOCK_NAME, LockedFolder
from clausecheck.reader import MAX_FILE_BYTES

MAX_FIELD_BYTES = 4096  # type, side, ui_lang...: a few bytes each
MAX_PARTS = 1000
MAX_NAME_CHARS = 200


class TooLarge(Exception):
    """The upload is over a limit (413)."""


class BadUpload(Exception):
    """The request is not an upload we accept (400); the message is one line."""


@dataclass
class Limits:
    file_bytes: int = MAX_FILE_BYTES  # each file
    total_bytes: int = MAX_FILE_BYTES  # the whole request body
    files: int = 1


@dataclass
class StoredFile:
    name: str  # the user's name for it: a label, never a path
    path: Path  # where it is, inside the private folder
    size: int


@dataclass
class Upload:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[StoredFile] = field(default_factory=list)

    def discard(self) -> None:
        for f in self.files:
            remove(f.path)


PRIVATE_PREFIX = "clausecheck-serve-"


class PrivateDir:
    """The server's own temporary folder: 0700, random file names, removed at shutdown;
    locked while the server lives, so that the next server removes it if this one is killed
    (``locked.remove_unlocked``)."""

    def __init__(self, parent: str | None = None) -> None:
        self._folder = LockedFolder(PRIVATE_PREFIX, parent)
        self.path = self._folder.path

    def new_path(self, suffix: str = "") -> Path:
        return self.path / f"{secrets.token_hex(16)}{suffix}"

    def contents(self) -> list[Path]:
        """What is kept in it now (uploads, redlines being sent), its lock file aside."""
        return sorted(p for p in self.path.iterdir() if p.name != LOCK_NAME)

    def cleanup(self) -> None:
        self._folder.remove()


def display_name(raw: str) -> str:
    """The last component of what the browser sent, without control characters; a label."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if name in ("", ".", ".."):
        name = "upload"
    if len(name) > MAX_NAME_CHARS:
        stem, suffix = _split_suffix(name)
        name = stem[:MAX_NAME_CHARS - len(suffix)] + suffix
    return name


def safe_suffix(name: str) -> str:
    """The name's extension when it is a plain one (".docx"), else "": it decides which
    reader runs, and is the only part of a user's name that reaches the file system."""
    suffix = _split_suffix(name)[1].lower()
    return suffix if 1 < len(suffix) <= 9 and suffix[1:].isascii() and suffix[1:].isalnum() \
        else ""


def _split_suffix(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    return (stem, "." + ext) if dot and stem else (name, "")


def remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# --------------------------------------------------------------------------- multipart

async def read_multipart(content_type: str, stream: AsyncIterator[bytes], folder: PrivateDir,
                         limits: Limits) -> Upload:
    """Parse a multipart/form-data body, writing file parts into ``folder`` as they come."""
    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise BadUpload("expected a multipart/form-data upload (a form with a file field)")
    reader = _PartReader(folder, limits)
    parser = MultipartParser(boundary, reader.callbacks())
    total = 0
    try:
        async for chunk in stream:
            total += len(chunk)
            if total > limits.total_bytes + 64 * 1024:  # the form's own bytes on top
                raise TooLarge()
            parser.write(chunk)
            reader.raise_pending()
        parser.finalize()
        reader.raise_pending()
        if not reader.finished:
            raise BadUpload("the upload ended before it was complete")
    except BaseException:
        reader.abort()
        raise
    return reader.upload


class _PartReader:
    """The parser's callbacks: headers into a dict, file data into a file, limits checked.

    Callbacks cannot raise through the parser cleanly, so a broken limit is remembered and
    raised by ``raise_pending`` after each chunk; data past it is dropped.
    """

    def __init__(self, folder: PrivateDir, limits: Limits) -> None:
        self.folder = folder
        self.limits = limits
        self.upload = Upload()
        self.pending: Exception | None = None
        self.finished = False
        self.parts = 0
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._field_name = ""
        self._file: StoredFile | None = None
        self._fh = None
        self._buf = bytearray()

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": self._header_field_data,
            "on_header_value": self._header_value_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
            "on_end": self._end,
        }

    def raise_pending(self) -> None:
        if self.pending is not None:
            raise self.pending

    def _fail(self, exc: Exception) -> None:
        if self.pending is None:
            self.pending = exc

    def _part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            self._fail(BadUpload("too many form fields"))
        self._headers = {}
        self._header_field = self._header_value = b""
        self._field_name = ""
        self._file = None
        self._buf = bytearray()

    def _header_field_data(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        if len(self._headers) < 16:
            self._headers[self._header_field.lower()] = self._header_value
        self._header_field = self._header_value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._field_name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None or self.pending is not None:
            return
        if len(self.upload.files) >= self.limits.files:
            self._fail(BadUpload(f"too many files (at most {self.limits.files} at once)"))
            return
        name = display_name(filename.decode("utf-8", "replace"))
        path = self.folder.new_path(safe_suffix(name))
        self._fh = open(path, "xb")
        self._file = StoredFile(name=name, path=path, size=0)
        self.upload.files.append(self._file)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.pending is not None:
            return
        chunk = data[start:end]
        if self._file is not None:
            self._file.size += len(chunk)
            if self._file.size > self.limits.file_bytes:
                self._fail(TooLarge())
                return
            assert self._fh is not None
            self._fh.write(chunk)
        else:
            self._buf += chunk
            if len(self._buf) > MAX_FIELD_BYTES:
                self._fail(BadUpload(f"form field {self._field_name!r} is too long"))

    def _part_end(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            return
        if self._file is None and self._field_name and self.pending is None:
            self.upload.fields.setdefault(self._field_name,
                                          bytes(self._buf).decode("utf-8", "replace"))

    def _end(self) -> None:
        self.finished = True

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        self.upload.discard()


# --------------------------------------------------------------------------- zip archives

MAX_ZIP_MEMBERS = 1000  # entries in the archive's directory, files or not
MAX_ZIP_FILES = 500  # contracts taken from one archive
MAX_ZIP_TOTAL = 512 * 1024 * 1024  # bytes unpacked from one archive
MAX_RATIO = 200  # unpacked / packed size of one member; Word files are zips already


@dataclass
class ZipContents:
    files: list[StoredFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # names of members not taken
    errors: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


def is_zip(stored: StoredFile) -> bool:
    return stored.path.suffix == ".zip"


def unpack_zip(archive: StoredFile, folder: PrivateDir, accept: tuple[str, ...],
               file_bytes: int = MAX_FILE_BYTES) -> ZipContents:
    """The contract files inside ``archive`` copied into ``folder`` under random names.

    A member's path inside the archive becomes its label ("folder/nda.docx"); it is never
    joined to a file system path: "../../etc/passwd" is the label "etc/passwd". Raises
    ``BadUpload`` for an archive that is not a readable zip or breaks a bound.
    """
    out = ZipContents()
    taken = 0
    try:
        with zipfile.ZipFile(archive.path) as zf:
            members = zf.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise BadUpload(f"{archive.name}: more than {MAX_ZIP_MEMBERS} entries")
            declared = sum(m.file_size for m in members if not m.is_dir())
            if declared > MAX_ZIP_TOTAL:
                raise BadUpload(f"{archive.name}: unpacks to more than "
                                f"{MAX_ZIP_TOTAL // (1024 * 1024)} MB")
            for member in members:
                label = _member_label(archive.name, member.filename)
                if member.is_dir() or _ignored_member(member.filename):
                    continue
                if safe_suffix(label) not in accept:
                    out.skipped.append(label)
                    continue
                if len(out.files) >= MAX_ZIP_FILES:
                    raise BadUpload(f"{archive.name}: more than {MAX_ZIP_FILES} contracts")
                reason = _member_problem(member, file_bytes)
                if reason:
                    out.errors.append((label, reason))
                    continue
                stored = StoredFile(name=label, path=folder.new_path(safe_suffix(label)), size=0)
                try:
                    stored.size = _copy_member(zf, member, stored.path,
                                               min(file_bytes, MAX_ZIP_TOTAL - taken))
                except _MemberTooBig:
                    remove(stored.path)
                    raise BadUpload(f"{archive.name}: {label} unpacks to more than it "
                                    "declares (a zip bomb?); the archive was refused") from None
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError,
                        NotImplementedError) as exc:
                    remove(stored.path)
                    out.errors.append((label, _zip_reason(exc)))
                    continue
                taken += stored.size
                out.files.append(stored)
    except BadUpload:
        for f in out.files:
            remove(f.path)
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            RuntimeError, NotImplementedError) as exc:
        for f in out.files:
            remove(f.path)
        raise BadUpload(f"{archive.name}: not a readable zip archive ({_zip_reason(exc)})") \
            from None
    return out


class _MemberTooBig(Exception):
    pass


def _member_label(archive: str, filename: str) -> str:
    parts = [p for p in PurePosixPath(filename.replace("\\", "/")).parts
             if p not in ("", "/", ".", "..")]
    label = "/".join(parts) or "unnamed"
    label = "".join(ch for ch in unicodedata.normalize("NFC", label)
                    if unicodedata.category(ch)[0] != "C")
    return label[-MAX_NAME_CHARS:]


def _ignored_member(filename: str) -> bool:
    parts = filename.replace("\\", "/").split("/")
    return any(p.startswith(".") and p not in (".", "..") for p in parts) \
        or parts[0] == "__MACOSX" or parts[-1].startswith("~$")


def _member_problem(member: zipfile.ZipInfo, file_bytes: int) -> str:
    if member.flag_bits & 0x1:
        return "encrypted in the archive; unpack it with its password first"
    if member.file_size > file_bytes:
        return (f"file too large ({member.file_size // (1024 * 1024)} MB; the limit is "
                f"{file_bytes // (1024 * 1024)} MB)")
    if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
        return "compressed beyond any real contract (a zip bomb?); not unpacked"
    return ""


def _copy_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, cap: int) -> int:
    """Copy at most ``cap`` bytes; more than that or than declared raises _MemberTooBig."""
    limit = min(cap, member.file_size)
    size = 0
    with zf.open(member) as src, open(dest, "xb") as fh:
        while True:
            chunk = src.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _MemberTooBig()
            fh.write(chunk)
    return size


def _zip_reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
