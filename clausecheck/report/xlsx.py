"""Excel workbook for legal teams: a summary matrix and a findings sheet to circulate.

Sheets: summary (contracts × provisions, coloured, frozen header, filters, counts per
provision), key facts (one row per contract: parties, direction, dates, term, renewal,
survival, law, forum, purpose, as raw values that sort and filter), findings (per contract
the missing, then weak, then present provisions, with evidence, missing elements, guidance
and suggested text), risks, and files not checked. Status, requirement and severity are
stable codes (present/weak/missing, required/recommended, error/…/ok) in their own columns,
each followed by a label column in the workbook's language, so a folder of Japanese and
English contracts filters on one set of values.

The workbook is written in openpyxl's write-only mode: rows stream to the file instead of
living as cell objects, which keeps a workbook of a thousand contracts (26,000 finding rows)
within tens of megabytes. Widths, frozen panes and filters are set before the rows, as that
mode requires.

Streamed: as each report arrives its finding and risk rows are formatted and spooled to temp
files (pickled), and only a small status row per contract is kept for the summary sheet. At
``end()`` the summary sheet is written first (its header, widths and filter range need every
contract), then the spooled rows are copied into their sheets, and the workbook is saved
straight into the output stream.
"""

from __future__ import annotations

from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from clausecheck.model import Facts, Report
from clausecheck.report.common import evidence_texts, severity_label, starts_formula
from clausecheck.report.facts_view import FACT_COLUMNS, expiry, fact_columns, fact_rows
from clausecheck.report.labels import (NOT_CHECKED_SYMBOL, STATUS_SYMBOLS, label,
                                       localize_error, report_lang, side_label,
                                       type_label)
from clausecheck.report.stream import ContractRow, Reporter, RowSpool, Tally

FILLS: dict[str, PatternFill] = {
    sev: PatternFill("solid", start_color=color, end_color=color)
    for sev, color in {"error": "F8CBAD", "warning": "FFE699", "notice": "DDEBF7",
                       "ok": "C6EFCE"}.items()
}
HEADER_FILL = PatternFill("solid", start_color="305496", end_color="305496")
HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="bottom")
ROTATED = Alignment(text_rotation=90, horizontal="center", vertical="bottom", wrap_text=True)
# Excel refuses cells over 32,767 characters; evidence of a huge clause is cut before that.
CELL_LIMIT = 32000
STATUS_ORDER = {"missing": 0, "weak": 1, "present": 2}
_EMPTY_FACTS = Facts()


class XlsxReporter(Reporter):
    keep_rows = True

    def _begin(self) -> None:
        self._findings = RowSpool()  # (values, severity) per finding row
        self._risks = RowSpool()  # (values, severity) per risk row

    def _add(self, report: Report, row: ContractRow | None) -> None:
        for item in _finding_rows(report, self.options.ui_lang):
            self._findings.append(item)
        for risk in report.risks:
            self._risks.append(_risk_row(report, risk))

    def _end(self) -> None:
        tally = self.tally
        lang = tally.lang(self.options.ui_lang)
        wb = Workbook(write_only=True)
        _summary_sheet(wb.create_sheet("概要" if lang == "ja" else "Summary"), tally, lang)
        _facts_sheet(wb.create_sheet(label("facts", lang)), tally, lang,
                     self.options.extra.get("today"))
        _findings_sheet(wb.create_sheet(label("findings", lang)), self._findings, lang)
        if self._risks.count:
            _risks_sheet(wb.create_sheet(label("risks", lang)), self._risks, lang)
        if tally.errors:
            _errors_sheet(wb.create_sheet(label("error", lang)), tally, lang)
        wb.save(self.out)

    def close(self) -> None:
        for spool in (getattr(self, "_findings", None), getattr(self, "_risks", None)):
            if spool is not None:
                spool.close()


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        # control characters other than tab/newline make openpyxl raise IllegalCharacterError
        value = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
        if len(value) > CELL_LIMIT:
            value = value[:CELL_LIMIT] + "…"
    return value


def _cell(ws: WriteOnlyWorksheet, value: Any, *, font: Font | None = None,
          fill: PatternFill | None = None, alignment: Alignment | None = None,
          border: Border | None = BORDER) -> WriteOnlyCell:
    text = _cell_text(value)
    cell = WriteOnlyCell(ws, value=text)
    if starts_formula(text):
        # "=1+2.txt" is a file name, not a formula: a string cell, shown with Excel's quote
        # prefix so that editing the cell does not turn it into one either.
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _header_row(ws: WriteOnlyWorksheet, titles: Iterable[str],
                rotate_from: int | None = None) -> list[WriteOnlyCell]:
    return [_cell(ws, title, font=HEADER_FONT, fill=HEADER_FILL,
                  alignment=ROTATED if rotate_from is not None and col >= rotate_from
                  else HEADER_ALIGN)
            for col, title in enumerate(titles, start=1)]


def _layout(ws: WriteOnlyWorksheet, widths: list[float], freeze: str,
            header_height: float | None = None) -> None:
    """Widths, frozen header and header height: must precede the first row."""
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = freeze
    if header_height:
        ws.row_dimensions[1].height = header_height


def _summary_sheet(ws: WriteOnlyWorksheet, tally: Tally, lang: str) -> None:
    pids = tally.provision_ids
    titles = tally.titles(lang)
    fixed = [label("file", lang), label("title", lang), label("language", lang),
             label("contract_type", lang), label("side", lang), label("count_missing", lang),
             label("count_weak", lang), label("risks", lang)]
    first_prov = len(fixed) + 1
    _layout(ws, [40, 28, 8, 16, 10, 8, 8, 8] + [5] * len(pids), "B2", header_height=150)
    last_col = len(fixed) + len(pids)
    if tally.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{1 + len(tally.rows)}"
    ws.append(_header_row(ws, fixed + [titles.get(p, p) for p in pids], first_prov))
    for report in tally.rows:
        counts = report.counts
        values = [report.file, report.title, report.language,
                  type_label(report, lang), side_label(report, lang),
                  counts["missing"], counts["weak"], report.risks]
        row = [_cell(ws, v) for v in values]
        for pid in pids:
            finding = report.cells.get(pid)
            if finding is None:
                row.append(_cell(ws, NOT_CHECKED_SYMBOL, alignment=CENTER))
            else:
                row.append(_cell(ws, STATUS_SYMBOLS.get(finding.status, "?"),
                                 alignment=CENTER, fill=FILLS[finding.severity]))
        ws.append(row)
    # counts per provision under the matrix, outside the filter range so filtering keeps them
    ws.append([])
    for status in ("missing", "weak", "present"):
        row = [_cell(ws, f"{STATUS_SYMBOLS[status]} {label('count_' + status, lang)}",
                     font=BOLD, border=None)]
        row.extend(_cell(ws, None, border=None) for _ in range(first_prov - 2))
        for pid in pids:
            row.append(_cell(ws, tally.by_provision[pid][status], alignment=CENTER))
        ws.append(row)


def _facts_sheet(ws: WriteOnlyWorksheet, tally: Tally, lang: str, today: Any = None) -> None:
    """One row per contract: the raw facts (sortable, filterable), then the readable line."""
    readable = [label("shown", lang).format(name)
                for _k, name, _v, _s in fact_rows(_EMPTY_FACTS, lang)]
    dated = ["next_end", "notice_by"] if today is not None else []
    headers = [label("file", lang), label("title", lang)] + [
        label(f"col_{c}", lang) for c in list(FACT_COLUMNS) + dated] + readable
    _layout(ws, [40, 28] + [14] * (len(FACT_COLUMNS) + len(dated)) + [30] * len(readable), "C2")
    if tally.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{1 + len(tally.rows)}"
    ws.append(_header_row(ws, headers))
    for row in tally.rows:
        values = [row.file, row.title] + fact_columns(row.facts) + (
            list(expiry(row.facts, today)) if today is not None else []) + [
            f"{value} [{source}]" if source else value
            for _k, _n, value, source in fact_rows(row.facts or _EMPTY_FACTS, lang)]
        ws.append([_cell(ws, v, alignment=WRAP_TOP) for v in values])


def _finding_rows(report: Report, ui_lang: str) -> Iterable[tuple[list[Any], str]]:
    """(cell values, severity) per finding: missing first, then weak, then present."""
    rlang = report_lang(report, ui_lang)
    # required defects, recommended defects, then what is present
    for f in sorted(report.findings, key=lambda f: (f.status == "present",
                                                    f.requirement != "required",
                                                    STATUS_ORDER.get(f.status, 3))):
        evidence = "\n\n".join(f"[{ref}] {text}" if ref and text else ref or text
                                for ref, text in evidence_texts(report, f))
        first = f.evidence[0] if f.evidence else None
        sentence = f"[{first.ref}] {first.sentence}" if first and first.sentence else ""
        values = [report.file, f.title, f.provision, f.requirement, label(f.requirement, rlang),
                  f.status, f"{STATUS_SYMBOLS.get(f.status, '?')} {label(f.status, rlang)}",
                  f.severity, severity_label(f.severity, rlang), "\n".join(f.guidance),
                  "\n".join(f.clauses), sentence, evidence,
                  "\n".join(m.name or m.id for m in f.missing_elements),
                  "\n".join(f.weakening), f.why if f.status != "present" else "",
                  f.suggestion]
        yield values, f.severity


def _findings_sheet(ws: WriteOnlyWorksheet, rows: RowSpool, lang: str) -> None:
    headers = [label(k, lang) for k in ("file", "provision")] + [
        "ID", label("requirement", lang), label("requirement_label", lang),
        label("status", lang), label("status_label", lang), label("severity", lang),
        label("severity_label", lang), label("guidance", lang), label("clauses", lang),
        label("evidence", lang), label("evidence_full", lang),
        label("missing_elements", lang), label("weakening", lang), label("why", lang),
        label("suggestion", lang)]
    _layout(ws, [30, 22, 16, 11, 9, 9, 9, 9, 9, 14, 14, 50, 60, 30, 20, 40, 60], "A2")
    if rows.count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{1 + rows.count}"
    ws.append(_header_row(ws, headers))
    for values, severity in rows:
        ws.append([_cell(ws, v, alignment=WRAP_TOP,
                         fill=FILLS[severity] if col in (6, 7) else None)
                   for col, v in enumerate(values, start=1)])


def _risk_row(report: Report, risk: Any) -> tuple[list[Any], str]:
    """(cell values, severity); the severity label waits for the workbook's language."""
    values = [report.file, risk.title, risk.flag, None, risk.provision,
              "\n".join(risk.clauses), "\n\n".join(e.text for e in risk.evidence),
              risk.note, risk.suggestion]
    return values, risk.severity


def _risks_sheet(ws: WriteOnlyWorksheet, rows: RowSpool, lang: str) -> None:
    headers = [label("file", lang), label("risk", lang), "ID", label("severity", lang),
               label("provision", lang), label("clauses", lang), label("evidence", lang),
               label("note", lang), label("suggestion", lang)]
    _layout(ws, [30, 24, 18, 10, 18, 14, 60, 40, 60], "A2")
    if rows.count:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{1 + rows.count}"
    ws.append(_header_row(ws, headers))
    for values, severity in rows:
        values[3] = severity_label(severity, lang)
        fill = FILLS.get(severity, FILLS["notice"])
        ws.append([_cell(ws, v, alignment=WRAP_TOP, fill=fill if col == 4 else None)
                   for col, v in enumerate(values, start=1)])


def _errors_sheet(ws: WriteOnlyWorksheet, tally: Tally, lang: str) -> None:
    _layout(ws, [50, 80], "A2")
    ws.auto_filter.ref = f"A1:B{1 + len(tally.errors)}"
    ws.append(_header_row(ws, [label("file", lang), label("error", lang)]))
    for err in tally.errors:
        ws.append([_cell(ws, err.file), _cell(ws, localize_error(err.error, lang),
                                              alignment=WRAP_TOP)])
