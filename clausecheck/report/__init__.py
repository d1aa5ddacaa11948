"""Reporters: format Reports, never re-check.

One formatter per format, registered in ``FORMATTERS`` under a ``Format``. A formatter takes a
``Batch`` (the reports of one ``check`` or one ``scan``, plus the files that could not be read)
and ``RenderOptions``, and returns ``str`` (text formats) or ``bytes`` (xlsx).

    from clausecheck.report import Batch, Format, RenderOptions, render
    out = render(Format.HTML, Batch(reports=[report]), RenderOptions(mode="check"))
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Iterator, Literal

from clausecheck.model import Report


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
    """The same output in pieces: JSON and CSV come report by report, so that a batch of
    thousands is written without its whole text in memory; other formats in one piece."""
    fmt = Format(fmt)
    options = options or RenderOptions()
    if fmt is Format.JSON:
        from clausecheck.report.json_report import iter_json
        yield from iter_json(batch, options)
    elif fmt is Format.CSV:
        from clausecheck.report.csv_report import iter_csv
        yield from iter_csv(batch, options)
    else:
        yield render(fmt, batch, options)
