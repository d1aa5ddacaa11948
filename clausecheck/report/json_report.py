"""JSON: the check object for one file, or {"reports", "errors", "summary"} for a scan.

The scan form is streamed: each report is written as it arrives, the errors and the summary
(small tallies) at the end, so a report of thousands of contracts is never held in memory.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from clausecheck.model import Report
from clausecheck.report.facts_view import expiry
from clausecheck.report.labels import label, localize_error, report_lang
from clausecheck.report.stream import ContractRow, Reporter


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def report_data(report: Report, explain: bool, ui_lang: str,
                today: Any = None) -> dict[str, Any]:
    """``report.to_dict()`` with, beside each stable code (status, requirement, severity),
    its label in the report's UI language: filters use the codes, people read the labels."""
    data = report.to_dict(explain)
    lang = report_lang(report, ui_lang)
    data["ui_lang"] = lang
    for finding in data["findings"]:
        finding["status_label"] = label(finding["status"], lang)
        finding["requirement_label"] = label(finding["requirement"], lang)
        finding["severity_label"] = label(f"sev_{finding['severity']}", lang)
    for risk in data["risks"]:
        risk["severity_label"] = label(f"sev_{risk['severity']}", lang)
    if today is not None and data.get("facts") is not None:
        # --expiring-within: when the term next ends or renews, and the notice deadline
        data["facts"]["next_end"], data["facts"]["notice_by"] = expiry(report.facts, today)
    return data


class JsonReporter(Reporter):
    """Scan mode streams; check mode (one file) holds its report to decide the shape at the
    end: the check object alone when there is exactly one report and no error."""

    def _begin(self) -> None:
        self._held: list[Report] = []
        if self.options.mode != "check":
            self.write('{\n  "reports": [')

    def _add(self, report: Report, row: ContractRow | None) -> None:
        if self.options.mode == "check":
            self._held.append(report)
            return
        self._write_report(report, first=self.tally.checked == 1)

    def _write_report(self, report: Report, first: bool) -> None:
        body = textwrap.indent(_dumps(report_data(report, self.options.explain,
                                                  self.options.ui_lang,
                                                  self.options.extra.get("today"))), "    ")
        self.write(("" if first else ",") + "\n" + body)

    def _end(self) -> None:
        if self.options.mode == "check":
            if len(self._held) == 1 and not self.tally.errors:
                self.write(_dumps(report_data(self._held[0], self.options.explain,
                                              self.options.ui_lang)) + "\n")
                return
            self.write('{\n  "reports": [')
            for index, report in enumerate(self._held):
                self._write_report(report, first=index == 0)
        self.write(("\n  " if self.tally.checked else "") + "],\n")
        lang = self.tally.lang(self.options.ui_lang)
        errors = textwrap.indent(_dumps([{**e.to_dict(), "error_label": localize_error(e.error, lang)}
                                         for e in self.tally.errors]), "  ").lstrip()
        summary = textwrap.indent(_dumps(self.tally.summary()), "  ").lstrip()
        self.write(f'  "errors": {errors},\n  "summary": {summary}\n}}\n')
