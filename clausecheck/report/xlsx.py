"""Excel workbook for legal teams: a summary matrix and a findings sheet to circulate.

Sheets: summary (contracts × provisions, coloured, frozen header, filters, counts per
provision), findings (one row per provision not fully present, then the present ones, with
evidence, missing elements, guidance and suggested text), risks, and files not checked.
"""

from __future__ import annotations

import io
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from clausecheck.report import Batch, RenderOptions
from clausecheck.report.common import (evidence_texts, provision_ids, provision_titles,
                                       severity_label)
from clausecheck.report.labels import (NOT_CHECKED_SYMBOL, STATUS_SYMBOLS, batch_lang, label,
                                       report_lang)

FILLS: dict[str, PatternFill] = {
    sev: PatternFill("solid", start_color=color, end_color=color)
    for sev, color in {"error": "F8CBAD", "warning": "FFE699", "notice": "DDEBF7",
                       "ok": "C6EFCE"}.items()
}
HEADER_FILL = PatternFill("solid", start_color="305496", end_color="305496")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center")
# Excel refuses cells over 32,767 characters; evidence of a huge clause is cut before that.
CELL_LIMIT = 32000
STATUS_ORDER = {"missing": 0, "weak": 1, "present": 2}


def render_xlsx(batch: Batch, options: RenderOptions) -> bytes:
    lang = batch_lang(batch.reports, options.ui_lang)
    wb = Workbook()
    summary = wb.active
    summary.title = "概要" if lang == "ja" else "Summary"
    _summary_sheet(summary, batch, lang)
    _findings_sheet(wb.create_sheet(label("findings", lang)), batch, lang, options.ui_lang)
    if any(r.risks for r in batch.reports):
        _risks_sheet(wb.create_sheet(label("risks", lang)), batch, lang)
    if batch.errors:
        _errors_sheet(wb.create_sheet(label("error", lang)), batch, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell_text(value: Any) -> Any:
    if isinstance(value, str):
        # control characters other than tab/newline make openpyxl raise IllegalCharacterError
        value = "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
        if len(value) > CELL_LIMIT:
            value = value[:CELL_LIMIT] + "…"
    return value


def _header(ws: Worksheet, titles: Iterable[str], *, rotate_from: int | None = None) -> None:
    for col, title in enumerate(titles, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        if rotate_from is not None and col >= rotate_from:
            cell.alignment = Alignment(text_rotation=90, horizontal="center",
                                       vertical="bottom", wrap_text=True)
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def _summary_sheet(ws: Worksheet, batch: Batch, lang: str) -> None:
    pids = provision_ids(batch.reports)
    titles = provision_titles(batch.reports, lang)
    fixed = [label("file", lang), label("title", lang), label("language", lang),
             label("contract_type", lang), label("side", lang), label("count_missing", lang),
             label("count_weak", lang), label("risks", lang)]
    first_prov = len(fixed) + 1
    _header(ws, fixed + [titles.get(p, p) for p in pids], rotate_from=first_prov)
    for row, report in enumerate(batch.reports, start=2):
        counts = report.counts()
        values = [report.file, report.title, report.language,
                  label(report.contract_type, lang), label(report.side, lang),
                  counts["missing"], counts["weak"], len(report.risks)]
        for col, value in enumerate(values, start=1):
            ws.cell(row=row, column=col, value=_cell_text(value)).border = BORDER
        by_id = {f.provision: f for f in report.findings}
        for offset, pid in enumerate(pids):
            cell = ws.cell(row=row, column=first_prov + offset)
            finding = by_id.get(pid)
            cell.border = BORDER
            cell.alignment = CENTER
            if finding is None:
                cell.value = NOT_CHECKED_SYMBOL
                continue
            cell.value = STATUS_SYMBOLS.get(finding.status, "?")
            cell.fill = FILLS[finding.severity]
    last_data_row = 1 + len(batch.reports)
    last_col = len(fixed) + len(pids)
    if batch.reports:
        ws.auto_filter.ref = f"A1:{get_column_letter(last_col)}{last_data_row}"
    _count_rows(ws, batch, pids, first_prov, last_data_row + 2, lang)
    ws.freeze_panes = ws.cell(row=2, column=2)
    ws.row_dimensions[1].height = 150
    for col, width in enumerate([40, 28, 8, 16, 10, 8, 8, 8], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for offset in range(len(pids)):
        ws.column_dimensions[get_column_letter(first_prov + offset)].width = 5


def _count_rows(ws: Worksheet, batch: Batch, pids: list[str], first_prov: int, row: int,
                lang: str) -> None:
    """Counts per provision under the matrix, outside the filter range so filters keep them."""
    for i, status in enumerate(("missing", "weak", "present")):
        name = ws.cell(row=row + i, column=1,
                       value=f"{STATUS_SYMBOLS[status]} {label('count_' + status, lang)}")
        name.font = Font(bold=True)
        for offset, pid in enumerate(pids):
            n = sum(1 for r in batch.reports for f in r.findings
                    if f.provision == pid and f.status == status)
            cell = ws.cell(row=row + i, column=first_prov + offset, value=n)
            cell.alignment = CENTER
            cell.border = BORDER


def _findings_sheet(ws: Worksheet, batch: Batch, lang: str, ui_lang: str) -> None:
    headers = [label(k, lang) for k in ("file", "provision")] + [
        "ID", label("requirement", lang), label("status", lang), label("severity", lang),
        label("guidance", lang), label("clauses", lang), label("evidence", lang),
        label("missing_elements", lang), label("weakening", lang), label("why", lang),
        label("suggestion", lang)]
    widths = [30, 22, 16, 10, 9, 10, 14, 14, 60, 30, 20, 40, 60]
    _header(ws, headers)
    row = 2
    for report in batch.reports:
        rlang = report_lang(report, ui_lang)
        findings = sorted(report.findings, key=lambda f: STATUS_ORDER.get(f.status, 3))
        for f in findings:
            evidence = "\n\n".join(f"[{ref}] {text}" if ref else text
                                   for ref, text in evidence_texts(report, f))
            values = [report.file, f.title, f.provision, label(f.requirement, rlang),
                      f"{STATUS_SYMBOLS.get(f.status, '?')} {label(f.status, rlang)}",
                      severity_label(f.severity, rlang), "\n".join(f.guidance),
                      "\n".join(f.clauses), evidence,
                      "\n".join(m.name or m.id for m in f.missing_elements),
                      "\n".join(f.weakening), f.why if f.status != "present" else "",
                      f.suggestion]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=_cell_text(value))
                cell.alignment = WRAP_TOP
                cell.border = BORDER
            ws.cell(row=row, column=5).fill = FILLS[f.severity]
            row += 1
    _finish_list(ws, widths, row - 1)


def _risks_sheet(ws: Worksheet, batch: Batch, lang: str) -> None:
    headers = [label("file", lang), label("risk", lang), "ID", label("severity", lang),
               label("provision", lang), label("clauses", lang), label("evidence", lang),
               label("note", lang), label("suggestion", lang)]
    _header(ws, headers)
    row = 2
    for report in batch.reports:
        for risk in report.risks:
            values = [report.file, risk.title, risk.flag, severity_label(risk.severity, lang),
                      risk.provision, "\n".join(risk.clauses),
                      "\n\n".join(e.text for e in risk.evidence), risk.note, risk.suggestion]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=_cell_text(value))
                cell.alignment = WRAP_TOP
                cell.border = BORDER
            ws.cell(row=row, column=4).fill = FILLS.get(risk.severity, FILLS["notice"])
            row += 1
    _finish_list(ws, [30, 24, 18, 10, 18, 14, 60, 40, 60], row - 1)


def _errors_sheet(ws: Worksheet, batch: Batch, lang: str) -> None:
    _header(ws, [label("file", lang), label("error", lang)])
    for row, err in enumerate(batch.errors, start=2):
        ws.cell(row=row, column=1, value=_cell_text(err.file))
        ws.cell(row=row, column=2, value=_cell_text(err.error)).alignment = WRAP_TOP
    _finish_list(ws, [50, 80], 1 + len(batch.errors))


def _finish_list(ws: Worksheet, widths: list[int], last_row: int) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    if last_row >= 2:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{last_row}"

