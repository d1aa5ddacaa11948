"""CSV: one row per contract × provision; a file that could not be read is one error row.

Streamed: a contract's rows are written as it arrives; error rows come last, as before.
"""

from __future__ import annotations

import csv
import io

from clausecheck.model import Report
from clausecheck.report import FileError
from clausecheck.report.stream import ContractRow, Reporter

COLUMNS = ("file", "language", "contract_type", "side", "provision", "title", "requirement",
           "status", "severity", "clauses", "missing_elements", "weakening", "guidance",
           "error")
# Lists inside a cell: "; " reads well in Excel and never occurs in clause refs.
SEP = "; "


class CsvReporter(Reporter):
    def _begin(self) -> None:
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\r\n")
        self._writer.writerow(COLUMNS)
        self._flush()

    def _add(self, report: Report, row: ContractRow | None) -> None:
        for f in report.findings:
            self._writer.writerow([
                report.file, report.language, report.contract_type, report.side,
                f.provision, f.title, f.requirement, f.status, f.severity,
                SEP.join(f.clauses), SEP.join(m.name or m.id for m in f.missing_elements),
                SEP.join(f.weakening), SEP.join(f.guidance), "",
            ])
        self._flush()

    def _end(self) -> None:
        for err in self.tally.errors:
            self._error_row(err)
        self._flush()

    def _error_row(self, err: FileError) -> None:
        self._writer.writerow([err.file, "", "", "", "", "", "", "error", "", "", "", "", "",
                               err.error])

    def _flush(self) -> None:
        self.write(self._buf.getvalue())
        self._buf.seek(0)
        self._buf.truncate()
