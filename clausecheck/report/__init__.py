"""Reporters: format Reports, never re-check.

One streaming ``Reporter`` per ``Format``. ``render`` formats a ``Batch`` (the reports of one
``check`` or one ``scan``, plus the files that could not be read) with ``RenderOptions`` and
returns ``str`` (text formats) or ``bytes`` (xlsx).

    from clausecheck.report import Batch, Format, RenderOptions, render
    out = render(Format.HTML, Batch(reports=[report]), RenderOptions(mode="check"))

Every format is implemented as a streaming ``Reporter`` (``clausecheck.report.stream``):
``begin()``, ``add(report)`` / ``add_error(error)`` in path order, ``end()``, writing to an
open binary stream, so that ``scan`` never holds all its Reports; ``render`` streams a whole
Batch through the same reporter into memory.

    reporter = open_reporter("csv", out_stream, RenderOptions(mode="scan"))
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Literal

from clausecheck.model import Report

if TYPE_CHECKING:
    from clausecheck.report.stream import Reporter


class Format(str, enum.Enum):
    TEXT = "text"
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


@dataclass(frozen=True)
class FileError:
    """A file the scan could not check, with its one-line reason."""

    file: str
    error: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "error": self.error}


@dataclass(frozen=True)
class Batch:
    """What one run produced: reports and errors, each sorted by path."""

    reports: tuple[Report, ...] | list[Report] = ()
    errors: tuple[FileError, ...] | list[FileError] = ()
    skipped: tuple[str, ...] | list[str] = ()

    @property
    def failed(self) -> list[Report]:
        return [r for r in self.reports if r.failed]


@dataclass(frozen=True)
class RenderOptions:
    """``mode`` "check" formats one contract (JSON = the check object), "scan" a portfolio."""

    mode: Literal["check", "scan"] = "scan"
    ui_lang: str = "auto"
    color: bool = False
    explain: bool = False
    brief: bool = False    # text: one screen (summary, key facts, one line per defect)
    extra: dict[str, object] = field(default_factory=dict)


# check offers text/json/html; scan offers table/json/csv/xlsx/html
CHECK_FORMATS: tuple[Format, ...] = (Format.TEXT, Format.JSON, Format.HTML)
SCAN_FORMATS: tuple[Format, ...] = (Format.TABLE, Format.JSON, Format.CSV, Format.XLSX,
                                    Format.HTML)
BINARY_FORMATS: frozenset[Format] = frozenset({Format.XLSX})


def render(fmt: Format | str, batch: Batch, options: RenderOptions | None = None) -> str | bytes:
    """Format a whole batch in memory: ``str`` for text formats, ``bytes`` for xlsx."""
    from clausecheck.report.stream import stream_batch

    fmt = Format(fmt)
    data = stream_batch(fmt.value, batch, options or RenderOptions())
    return data if fmt in BINARY_FORMATS else data.decode("utf-8")


def open_reporter(fmt: Format | str, out: "BinaryIO", options: RenderOptions | None = None
                  ) -> "Reporter":
    """A streaming reporter for ``fmt`` writing to the binary stream ``out``."""
    from clausecheck.report.stream import open_reporter as _open

    return _open(fmt, out, options)
