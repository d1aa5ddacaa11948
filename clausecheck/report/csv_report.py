"""CSV: one row per contract × provision; a file that could not be read is one error row.

Status, requirement and severity are stable codes (present/weak/missing, required/
recommended, error/warning/notice/ok) that filter the same in a folder of Japanese and English
contracts; beside each, a ``*_label`` column in the report's UI language. The contract's key
facts repeat on every row of the contract (``fact_*`` columns, raw values: ISO dates, months,
country codes) so that a filtered sheet keeps them.

Streamed: a contract's rows are written as it arrives; error rows come last, as before.
"""

from __future__ import annotations

import csv
import io

from clausecheck.model import Report
from clausecheck.report.base import FileError
from clausecheck.report.common import csv_text
from clausecheck.report.facts_view import FACT_COLUMNS, expiry, fact_columns
from clausecheck.report.labels import label, localize_error, report_lang
from clausecheck.report.stream import ContractRow, Reporter

COLUMNS = ("file", "language", "contract_type", "side", "provision", "title", "requirement",
           "requirement_label", "status", "status_label", "severity", "severity_label",
           "clauses", "evidence", "missing_elements", "weakening", "guidance",
           *(f"fact_{c}" for c in FACT_COLUMNS), "error")
# Lists inside a cell: "; " reads well in Excel and never occurs in clause refs.
SEP = "; "


class _SafeWriter:
    """csv.writer whose fields never start a spreadsheet formula (``common.csv_text``)."""

    def __init__(self, buf: io.StringIO) -> None:
        self._writer = csv.writer(buf, lineterminator="\r\n")

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([csv_text(v) for v in row])


class CsvReporter(Reporter):
    def _begin(self) -> None:
        self._buf = io.StringIO()
        self._writer = _SafeWriter(self._buf)
        self._today = self.options.extra.get("today")
        # --expiring-within adds when each term next ends or renews, and the notice deadline
        self._columns = COLUMNS[:-1] + (("fact_next_end", "fact_notice_by")
                                        if self._today is not None else ()) + COLUMNS[-1:]
        self._writer.writerow(list(self._columns))
        self._flush()

    def _add(self, report: Report, row: ContractRow | None) -> None:
        lang = report_lang(report, self.options.ui_lang)
        values = fact_columns(report.facts)
        if self._today is not None:
            values.extend(expiry(report.facts, self._today))
        facts = ["" if v is None else v for v in values]
        for f in report.findings:
            first = f.evidence[0] if f.evidence else None
            evidence = f"{first.ref}: {first.sentence or first.text}" if first else ""
            self._writer.writerow([
                report.file, report.language, report.contract_type, report.side,
                f.provision, f.title, f.requirement, label(f.requirement, lang),
                f.status, label(f.status, lang), f.severity, label(f"sev_{f.severity}", lang),
                SEP.join(f.clauses), evidence,
                SEP.join(m.name or m.id for m in f.missing_elements),
                SEP.join(f.weakening), SEP.join(f.guidance), *facts, "",
            ])
        self._flush()

    def _end(self) -> None:
        for err in self.tally.errors:
            self._error_row(err)
        self._flush()

    def _error_row(self, err: FileError) -> None:
        row = [""] * len(self._columns)
        lang = self.tally.lang(self.options.ui_lang)
        row[0], row[COLUMNS.index("status")] = err.file, "error"
        row[COLUMNS.index("status_label")] = label("error", lang)
        row[-1] = localize_error(err.error, lang)
        self._writer.writerow(row)

    def _flush(self) -> None:
        self.write(self._buf.getvalue())
        self._buf.seek(0)
        self._buf.truncate()
