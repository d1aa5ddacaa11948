"""Errors a user can act on. Each carries a one-line message for stderr."""

from __future__ import annotations

import contextvars
import os
import unicodedata

# A message names a value, it does not reproduce it: a hostile playbook or file name must
# not turn one error line into megabytes.
MAX_MESSAGE_CHARS = 2000

# Characters that would change how a line reads on a terminal or in a spreadsheet: bidi
# overrides and isolates can disguise an extension ("txt.exe" shown as "exe.txt").
_BIDI = {0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def printable_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A file name as data a report can always show: every byte sequence survives.

    Bytes that are not UTF-8 (held by Python as surrogates, ``os.fsdecode``) are shown as
    ``\\xff``; control characters (newlines, escape sequences) and bidi overrides as ``\\x1b``
    or ``\\u202e``. Valid names, Japanese ones included, are returned unchanged.
    """
    name = os.fsdecode(path) if isinstance(path, bytes) else os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    out = []
    for ch in name:
        cp = ord(ch)
        if 0xDC80 <= cp <= 0xDCFF:           # an undecodable byte (surrogateescape)
            out.append(f"\\x{cp - 0xDC00:02x}")
        elif 0xD800 <= cp <= 0xDFFF or cp in _BIDI:
            out.append(f"\\u{cp:04x}")
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}")
        else:
            out.append(ch)
    return "".join(out)


# The language of the one-line messages on stderr ("ja"/"en"): the command sets it from
# --ui-lang or the contracts it reads (cli.options.ui_language), so that an error speaks the
# language the report would have spoken.
_MESSAGE_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("message_lang", default="en")


def set_message_language(lang: str) -> None:
    _MESSAGE_LANG.set(lang if lang in ("ja", "en") else "en")


def message_language() -> str:
    return _MESSAGE_LANG.get()


def one_line(message: object, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Whitespace collapsed to single spaces, cut at ``limit`` characters."""
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[:limit] + "…"


class ClausecheckError(Exception):
    """Base class: the CLI prints ``str(err)`` on one line and exits with 2."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class InputError(ClausecheckError):
    """The input file cannot be read as a contract (missing, corrupt, encrypted, empty...)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = printable_path(path)
        self.reason = one_line(reason)
        super().__init__(f"{self.path}: {self.reason}")


class LibraryError(ClausecheckError):
    """The clause library is invalid; the message names the file and the field."""


class OutputError(ClausecheckError):
    """An output cannot be written (exists without --force, directory missing...)."""
