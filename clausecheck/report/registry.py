"""Which Reporter writes which format: the one module that knows every reporter.

The reporters are imported when a format is first asked for (openpyxl alone costs ~0.3 s).
"""

from __future__ import annotations

import io
from typing import IO, BinaryIO

from clausecheck.report.base import Batch, Format, RenderOptions
from clausecheck.report.stream import Reporter


def reporter_class(fmt: str) -> type[Reporter]:
    """The Reporter for a format; imported lazily (openpyxl costs ~0.3 s)."""
    fmt = Format(fmt)
    if fmt is Format.JSON:
        from clausecheck.report.json_report import JsonReporter
        return JsonReporter
    if fmt is Format.CSV:
        from clausecheck.report.csv_report import CsvReporter
        return CsvReporter
    if fmt is Format.TABLE:
        from clausecheck.report.table import TableReporter
        return TableReporter
    if fmt is Format.XLSX:
        from clausecheck.report.xlsx import XlsxReporter
        return XlsxReporter
    if fmt is Format.HTML:
        from clausecheck.report.html_report import HtmlReporter
        return HtmlReporter
    from clausecheck.report.text import TextReporter
    return TextReporter


def open_reporter(fmt: str, out: BinaryIO | IO[bytes],
                  options: RenderOptions | None = None) -> Reporter:
    return reporter_class(fmt)(out, options)


def stream_batch(fmt: str, batch: Batch, options: RenderOptions | None = None) -> bytes:
    """A whole Batch through the streaming reporter, into memory: reports first, then errors
    (the order a scan produces them in does not change the output)."""
    buf = io.BytesIO()
    reporter = open_reporter(fmt, buf, options)
    reporter.begin(files=[r.file for r in batch.reports] + [e.file for e in batch.errors],
                   skipped=batch.skipped)
    for report in batch.reports:
        reporter.add(report)
    for error in batch.errors:
        reporter.add_error(error)
    reporter.end()
    return buf.getvalue()
