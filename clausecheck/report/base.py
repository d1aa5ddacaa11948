"""What every reporter shares: the output formats, a batch of reports, the render options.

The reporters import these from here, never from the package (``clausecheck.report``), whose
``render`` and ``open_reporter`` reach every reporter through ``report.registry``: so the
package's modules import one another in one direction only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

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
    brief: bool = False    # text: one screen (summary, key facts, one line per defect)
    extra: dict[str, object] = field(default_factory=dict)


# check offers text/json/html; scan offers table/json/csv/xlsx/html
CHECK_FORMATS: tuple[Format, ...] = (Format.TEXT, Format.JSON, Format.HTML)
SCAN_FORMATS: tuple[Format, ...] = (Format.TABLE, Format.JSON, Format.CSV, Format.XLSX,
                                    Format.HTML)
BINARY_FORMATS: frozenset[Format] = frozenset({Format.XLSX})
