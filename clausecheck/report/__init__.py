"""Reporters: format Reports, never re-check.

One formatter per format, registered in ``FORMATTERS`` under a ``Format``. A formatter takes a
``Batch`` (the reports of one ``check`` or one ``scan``, plus the files that could not be read)
and ``RenderOptions``, and returns ``str`` (text formats) or ``bytes`` (xlsx).

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
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterator, Literal

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
    extra: dict[str, object] = field(default_factory=dict)


Formatter = Callable[[Batch, RenderOptions], "str | bytes"]

# check offers text/json/html; scan offers table/json/csv/xlsx/html
CHECK_FORMATS: tuple[Format, ...] = (Format.TEXT, Format.JSON, Format.HTML)
SCAN_FORMATS: tuple[Format, ...] = (Format.TABLE, Format.JSON, Format.CSV, Format.XLSX,
                                    Format.HTML)
BINARY_FORMATS: frozenset[Format] = frozenset({Format.XLSX})


def _load(fmt: Format) -> Formatter:
    # Imported lazily: openpyxl costs ~0.3 s and only xlsx needs it.
    if fmt is Format.TEXT:
        from clausecheck.report.text import render_text
        return render_text
    if fmt is Format.TABLE:
        from clausecheck.report.table import render_table
        return render_table
    if fmt is Format.JSON:
        from clausecheck.report.json_report import render_json
        return render_json
    if fmt is Format.CSV:
        from clausecheck.report.csv_report import render_csv
        return render_csv
    if fmt is Format.XLSX:
        from clausecheck.report.xlsx import render_xlsx
        return render_xlsx
    from clausecheck.report.html_report import render_html
    return render_html


FORMATTERS: dict[Format, Callable[[], Formatter]] = {f: (lambda f=f: _load(f)) for f in Format}


def get_formatter(fmt: Format | str) -> Formatter:
    return FORMATTERS[Format(fmt)]()


def render(fmt: Format | str, batch: Batch, options: RenderOptions | None = None) -> str | bytes:
    """Format a batch as one string (bytes for xlsx)."""
    return get_formatter(fmt)(batch, options or RenderOptions())


def render_chunks(fmt: Format | str, batch: Batch,
                  options: RenderOptions | None = None) -> Iterator[str | bytes]:
    """Kept for callers of the old API: the output in one piece. To stream, use a Reporter
    (``open_reporter``)."""
    yield render(fmt, batch, options)


def open_reporter(fmt: Format | str, out: "BinaryIO", options: RenderOptions | None = None
                  ) -> "Reporter":
    """A streaming reporter for ``fmt`` writing to the binary stream ``out``."""
    from clausecheck.report.stream import open_reporter as _open

    return _open(fmt, out, options)
