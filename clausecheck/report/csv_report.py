"""CSV: one row per contract × provision; a file that could not be read is one error row."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from clausecheck.report import Batch, RenderOptions

COLUMNS = ("file", "language", "contract_type", "side", "provision", "title", "requirement",
           "status", "severity", "clauses", "missing_elements", "weakening", "guidance",
           "error")
# Lists inside a cell: "; " reads well in Excel and never occurs in clause refs.
SEP = "; "


def iter_csv(batch: Batch, options: RenderOptions) -> Iterator[str]:
    """The CSV text, one contract at a time."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for report in batch.reports:
        yield _take(buf)
        for f in report.findings:
            writer.writerow([
                report.file, report.language, report.contract_type, report.side,
                f.provision, f.title, f.requirement, f.status, f.severity,
                SEP.join(f.clauses), SEP.join(m.name or m.id for m in f.missing_elements),
                SEP.join(f.weakening), SEP.join(f.guidance), "",
            ])
    for err in batch.errors:
        writer.writerow([err.file, "", "", "", "", "", "", "error", "", "", "", "", "",
                         err.error])
    yield _take(buf)


def _take(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def render_csv(batch: Batch, options: RenderOptions) -> str:
    return "".join(iter_csv(batch, options))
