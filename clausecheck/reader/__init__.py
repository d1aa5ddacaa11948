"""The contract reader: .docx / .txt / .md (and PDF, scans, .doc/.rtf/.odt) -> ``Document``.

    from clausecheck.reader import read_document, read_text
    doc = read_document("draft.docx")
    for clause in doc.clauses:
        print(clause.number, clause.title)

Bad input raises ``clausecheck.errors.InputError(path, reason)`` with a reason a user can act
on. The reader opens its input read-only and never writes to it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from clausecheck.errors import InputError, printable_path
from clausecheck.model import Document
from clausecheck.reader.options import ReadOptions
from clausecheck.reader.segment import Block, detect_language, segment

__all__ = ["read_document", "read_text", "detect_language", "MAX_FILE_BYTES", "ReadOptions"]

MAX_FILE_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def read_document(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read a contract file; raises InputError for anything that is not a readable contract.

    ``options`` bounds the time PDF reading, OCR and LibreOffice conversions may take and
    can turn OCR off.
    """
    p = Path(path)
    name = printable_path(path)  # how the file is named in the Document and in messages
    data = _read_bytes(p, name)
    suffix = p.suffix.lower()
    head = data[:8]
    options = options or ReadOptions()
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        from clausecheck.reader.pdf import read_pdf_bytes

        return read_pdf_bytes(data, name, options)
    if suffix in IMAGE_SUFFIXES:
        from clausecheck.reader.pdf import read_image_bytes

        return read_image_bytes(data, name, suffix, options)
    if suffix in (".doc", ".rtf", ".odt"):
        from clausecheck.reader.convert import read_converted

        return read_converted(data, name, suffix, options)
    if head.startswith(OLE_MAGIC):
        if suffix in (".docx", ".docm", ".dotx"):
            raise InputError(name, "password-protected (encrypted) .docx; remove the password "
                                   "in Word (File > Info > Protect Document) and save again")
        raise InputError(name, "encrypted or legacy .doc (OLE compound file); save it as .docx")
    if suffix in (".docx", ".docm", ".dotx"):
        from clausecheck.reader.docx import read_docx_bytes

        return read_docx_bytes(data, name)
    if suffix in TEXT_SUFFIXES:
        if head.startswith(b"PK\x03\x04"):
            raise InputError(name, "this is a zip/.docx file with a text extension; "
                                   "rename it to .docx")
        from clausecheck.reader.text import DecodeError, decode_bytes

        try:
            text = decode_bytes(data)
        except DecodeError as exc:
            raise InputError(name, str(exc)) from None
        return _read_text(text, name, TEXT_SUFFIXES[suffix])
    if suffix in (".pages", ".xlsx", ".xls", ".pptx", ".html", ".htm"):
        raise InputError(name, f"unsupported file type {suffix}; "
                               "save the contract as .docx, .txt, .md or PDF")
    raise InputError(name, f"unsupported file type {suffix or '(no extension)'}; "
                           "clausecheck reads .docx, .txt, .md, PDF, scanned images "
                           "(.png/.jpg/.tif) and .doc/.rtf/.odt")


def read_text(text: str, *, name: str = "<text>", fmt: str = "txt") -> Document:
    """Segment a contract given as a string ("txt" or "md" rules); no file involved."""
    if fmt not in ("txt", "md"):
        raise ValueError(f"fmt must be 'txt' or 'md', not {fmt!r}")
    return _read_text(text, name, fmt)


def _read_text(text: str, name: str, fmt: str) -> Document:
    from clausecheck.reader.limits import TextBudget, check_text_size
    from clausecheck.reader.text import markdown_blocks, text_blocks

    if text.startswith("\ufeff"):
        text = text[1:]
    check_text_size(text, name)
    budget = TextBudget(name)
    blocks = markdown_blocks(text, budget) if fmt == "md" else text_blocks(text, budget)
    _require_text(blocks, name, empty_reason="empty document")
    return segment(blocks, path=name, fmt=fmt)  # type: ignore[arg-type]


def _require_text(blocks: list[Block], name: str, *, empty_reason: str) -> None:
    from clausecheck.reader.text import readable

    if not any(b.text.strip() for b in blocks if not b.skip):
        raise InputError(name, empty_reason)
    if not readable("\n".join(b.text for b in blocks if not b.skip)):
        raise InputError(name, "no readable contract text (no words in any script: symbols, "
                               "emoji, control or zero-width characters, or text in an "
                               "unrecognised encoding)")


def _read_bytes(p: Path, name: str) -> bytes:
    """The file's bytes, after the checks that need no parsing (exists, size, kind)."""
    try:
        st = os.stat(p)
    except FileNotFoundError:
        if os.path.islink(p):
            raise InputError(name, "dangling symbolic link (its target does not exist)") \
                from None
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(name, "symbolic link loop (the link points back to itself)") \
                from None
        raise InputError(name, f"cannot open ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        if os.path.islink(p):
            raise InputError(name, "symbolic link to a folder, not followed (scan its target "
                                   f"{printable_path(os.path.realpath(p))} to include it)")
        raise InputError(name, "is a directory, not a contract file (use 'clausecheck scan' "
                               "for folders)")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe, FIFO" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "a special file")
        raise InputError(name, f"not a regular file ({kind}); nothing was read from it")
    if st.st_size == 0:
        raise InputError(name, "empty file")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(name, f"file too large ({st.st_size / (1024 * 1024):.1f} MB; the limit "
                               f"is {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since the stat, opening does not
        # wait for a writer; fstat then refuses it.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(name, "not a regular file")
            return fh.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
