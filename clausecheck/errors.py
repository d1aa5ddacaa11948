"""Errors a user can act on. Each carries a one-line message for stderr."""

from __future__ import annotations


class ClausecheckError(Exception):
    """Base class: the CLI prints ``str(err)`` on one line and exits with 2."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class InputError(ClausecheckError):
    """The input file cannot be read as a contract (missing, corrupt, encrypted, empty...)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


class LibraryError(ClausecheckError):
    """The clause library is invalid; the message names the file and the field."""


class OutputError(ClausecheckError):
    """An output cannot be written (exists without --force, directory missing...)."""
