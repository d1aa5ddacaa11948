"""Helpers shared by the reporters: columns of a portfolio, titles, excerpts, the summary."""

from __future__ import annotations

import os

from clausecheck.model import Finding, Report
from clausecheck.report.labels import label


def one_line(text: str) -> str:
    return " ".join(text.split())


def excerpt(text: str, limit: int) -> str:
    """``text`` on one line, cut at ``limit`` characters with an ellipsis."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    return flat[: max(limit - 1, 1)].rstrip() + "…"


def evidence_texts(report: Report, finding: Finding) -> list[tuple[str, str]]:
    """(clause ref, text) per evidence; the full clause text when the Document is attached."""
    clauses = {}
    if report.document is not None:
        clauses = {c.ref: c for c in report.document.walk()}
    out = []
    for ev in finding.evidence:
        clause = clauses.get(ev.ref)
        text = ev.text
        if clause is not None and len(clause.full_text) > len(text):
            text = clause.full_text
        out.append((ev.ref, text))
    return out


def status_label(status: str, lang: str) -> str:
    return label(status, lang)


def severity_label(severity: str, lang: str) -> str:
    return label(f"sev_{severity}", lang)


def counts_line(report: Report, lang: str) -> str:
    counts = report.counts()
    sep = "、" if lang == "ja" else ", "
    return sep.join(f"{label('count_' + k, lang)} {counts[k]}"
                    for k in ("present", "weak", "missing"))


def char_width(ch: str) -> int:
    """Terminal columns taken by one character: East Asian wide characters take two."""
    import unicodedata

    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def fit(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` padded or cut to exactly ``width`` terminal columns.

    ``keep_end`` cuts from the left, which suits paths: the file name matters more than the
    folders above it.
    """
    if display_width(text) > width:
        chars = list(reversed(text)) if keep_end else list(text)
        out, used = [], 1  # room for the ellipsis
        for ch in chars:
            w = char_width(ch)
            if used + w > width:
                break
            out.append(ch)
            used += w
        text = ("…" + "".join(reversed(out))) if keep_end else ("".join(out) + "…")
    return text + " " * (width - display_width(text))


def display_names(files: list[str]) -> dict[str, str]:
    """Paths relative to their common folder: shorter rows, and still unique."""
    if not files:
        return {}
    try:
        base = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
    except ValueError:  # different drives on Windows
        return {f: f for f in files}
    return {f: os.path.relpath(os.path.abspath(f), base) for f in files}


# Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with one of these
# is a formula to Excel, LibreOffice and Google Sheets ("=HYPERLINK(...)", "+cmd|...",
# "@SUM(...)"). File names and contract text are data from outside and must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value: object) -> object:
    """A CSV field that no spreadsheet evaluates: a leading quote, as OWASP recommends."""
    return "'" + value if starts_formula(value) else value  # type: ignore[operator]
