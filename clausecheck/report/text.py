"""Terminal text for `check`: a header, one block per provision, the risks, a summary line."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from clausecheck.model import Finding, Report, Risk
from clausecheck.report.base import Batch, RenderOptions
from clausecheck.report.common import (counts_line, display_width, evidence_texts, excerpt,
                                       one_line)
from clausecheck.report.facts_view import fact_rows, reading_line
from clausecheck.report.labels import (RISK_SYMBOL, STATUS_SYMBOLS, label, localize_error,
                                       report_lang, side_label, type_label)
from clausecheck.report.stream import ContractRow, Reporter

SEVERITY_COLORS: dict[str, str] = {"error": "red", "warning": "yellow", "notice": "cyan",
                                   "ok": "green"}
INDENT = "    "
WIDTH = 100
EVIDENCE_LIMIT = 160
SUGGESTION_LINES = 4
NO_LINE_START = "、。，．）」』】〕］｝〉》ー・：；？！"


class TextReporter(Reporter):
    """`check`'s text through the streaming interface: one contract, so it holds its reports
    and writes them at the end."""

    def _begin(self) -> None:
        self._held: list[Report] = []

    def _add(self, report: Report, row: ContractRow | None) -> None:
        self._held.append(report)

    def _end(self) -> None:
        self.write(render_text(Batch(reports=self._held, errors=self.tally.errors),
                               self.options))


def render_text(batch: Batch, options: RenderOptions) -> str:
    blocks = [_render_report(r, options) for r in batch.reports]
    for err in batch.errors:
        blocks.append(f"{err.file}: {localize_error(err.error, options.ui_lang)}")
    return "\n\n".join(blocks) + "\n"


def _style(text: str, options: RenderOptions, **kwargs: Any) -> str:
    return click.style(text, **kwargs) if options.color else text


def _render_report(report: Report, options: RenderOptions) -> str:
    """Summary and key facts first, then what is required and missing or weak, then the
    recommended ones, the risks, and last the provisions present (one line each)."""
    lang = report_lang(report, options.ui_lang)
    lines = _header(report, lang, options)
    lines.append("")
    lines.append(_summary(report, lang, options))
    lines.extend(_facts_block(report, lang, options))
    required = [f for f in report.findings if f.requirement == "required" and f.status != "present"]
    recommended = [f for f in report.findings
                   if f.requirement != "required" and f.status != "present"]
    present = [f for f in report.findings if f.status == "present"]
    for key, group, color in (("sec_required", required, "red"),
                              ("sec_recommended", recommended, "cyan")):
        if not group:
            continue
        lines.append("")
        lines.append(_style(f"{label(key, lang)} ({len(group)})", options, fg=color, bold=True))
        for finding in group:
            if options.brief:
                lines.append(_finding_line(finding, lang, options))
            else:
                lines.append("")
                lines.extend(_finding_block(report, finding, lang, options))
    if report.risks:
        lines.append("")
        lines.append(_style(f"{label('risks', lang)} ({len(report.risks)})", options, bold=True))
        for risk in report.risks:
            if options.brief:
                lines.append(_risk_line(risk, lang, options))
            else:
                lines.extend(_risk_block(risk, lang, options))
    if present and not options.brief:
        lines.append("")
        lines.append(_style(f"{label('sec_present', lang)} ({len(present)})", options,
                            fg="green", bold=True))
        for finding in present:
            if options.explain:
                lines.append("")
                lines.extend(_finding_block(report, finding, lang, options))
            else:
                lines.append(_finding_line(finding, lang, options))
    if options.brief:
        lines.append("")
        lines.append(f"({label('brief_more', lang)})")
    else:
        lines.append("")
        lines.append(_summary(report, lang, options))
    return "\n".join(lines)


def _header(report: Report, lang: str, options: RenderOptions) -> list[str]:
    from clausecheck.report.conversion import with_conversion

    def how(detected: bool) -> str:
        return label("detected" if detected else "given", lang)

    read_as, warnings = reading_line(report.reading, lang)
    read_as, warnings = with_conversion(report.conversion, read_as, warnings, lang)
    warnings = list(warnings) + list(getattr(report, "warnings", ()))   # e.g. languages
    rows = [
        (label("file", lang), report.file),
        (label("title", lang), report.title),
        (label("language", lang), _paren(label('lang_' + report.language, lang),
                                         how(report.language_detected), lang)),
        (label("contract_type", lang),
         _paren(f"{type_label(report, lang)} [{report.contract_type}]",
                how(report.type_detected), lang)),
        (label("side", lang), f"{side_label(report, lang)} [{report.side}]"),
        (label("read_as", lang), read_as),
    ]
    rows.extend((label("warning", lang), f"⚠ {w}") for w in warnings)
    width = max(display_width(k) for k, _ in rows)
    out = []
    for key, value in rows:
        if value:
            pad = " " * (width - display_width(key))
            text = f"{_style(key, options, bold=True)}{pad}  {value}"
            if value.startswith("⚠"):
                text = _style(text, options, fg="yellow")
            out.append(text)
    return out


def _paren(text: str, note: str, lang: str) -> str:
    return f"{text}（{note}）" if lang == "ja" else f"{text} ({note})"


def _facts_block(report: Report, lang: str, options: RenderOptions) -> list[str]:
    rows = fact_rows(report.facts, lang)
    if not rows:
        return []
    out = ["", _style(label("facts", lang), options, bold=True)]
    width = max(display_width(name) for _k, name, _v, _s in rows)
    limit = WIDTH - width - len(INDENT) - 2
    for _key, name, value, source in rows:
        pad = " " * (width - display_width(name))
        shown = value if options.explain else _fit_width(value, limit - (
            display_width(source) + 3 if source else 0))
        tail = f"  [{source}]" if source else ""
        out.append(f"{INDENT}{name}{pad}  {shown}{tail}")
    return out


def _fit_width(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    out, used = [], 1
    for ch in text:
        w = display_width(ch)
        if used + w > limit:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _finding_head(finding: Finding, lang: str, options: RenderOptions) -> str:
    symbol = STATUS_SYMBOLS.get(finding.status, "?")
    color = SEVERITY_COLORS.get(finding.severity)
    required = finding.requirement == "required"
    req = label(finding.requirement, lang)
    return (f"{_style(symbol, options, fg=color, bold=True)} "
            f"{_style(finding.title or finding.provision, options, bold=True)}"
            f" [{finding.provision}]  "
            f"{_style(label(finding.status, lang), options, fg=color)}"
            f" · {_style(req.upper() if required and lang == 'en' else req, options, bold=required)}")


def _finding_line(finding: Finding, lang: str, options: RenderOptions) -> str:
    """One line: head, the clauses and (for a defect) what is missing."""
    sep = "、" if lang == "ja" else ", "
    line = _finding_head(finding, lang, options)
    if finding.clauses:
        line += f"  {sep.join(finding.clauses[:3])}"
        if len(finding.clauses) > 3:
            line += f" {_more(len(finding.clauses) - 3, lang)}"
    if finding.status != "present":
        lacking = [m.name or m.id for m in finding.missing_elements]
        if lacking:
            # named as lacking: 「第16条 — 契約終了時の返還・廃棄」 would read as what 第16条 holds
            line += f" — {label('lacks', lang)}: {sep.join(lacking[:3])}"
        elif finding.weakening:
            line += f" — {sep.join(finding.weakening[:3])}"
    return line


def _finding_block(report: Report, finding: Finding, lang: str,
                   options: RenderOptions) -> list[str]:
    out = [_finding_head(finding, lang, options)]
    sep = "、" if lang == "ja" else ", "
    if finding.missing_elements:
        names = sep.join(m.name or m.id for m in finding.missing_elements)
        out.append(_field(label("missing_elements", lang), names))
    if finding.weakening:
        out.append(_field(label("weakening", lang), sep.join(finding.weakening)))
    if options.explain:
        if finding.guidance:
            out.append(_field(label("guidance", lang), sep.join(finding.guidance)))
        for ref, text in evidence_texts(report, finding):
            shown = one_line(text)
            out.append(_field(label("evidence", lang), f"{ref}: {shown}" if ref else shown))
    elif finding.evidence:
        # the one sentence that decided, with its clause; the whole clause on --explain
        first = finding.evidence[0]
        limit = EVIDENCE_LIMIT // 2 if lang == "ja" else EVIDENCE_LIMIT
        shown = excerpt(first.sentence or first.text, limit)
        more = len(finding.evidence) - 1
        tail = (f"（{_more(more, lang)}）" if lang == "ja" else f" ({_more(more, lang)})") \
            if more else ""
        out.append(_field(label("evidence", lang), f"{first.ref}: {shown}{tail}"))
    if finding.status != "present" or finding.suggestion:
        out.extend(_suggestion(finding, lang, options))
    if options.explain:
        if finding.why:
            out.append(_field(label("why", lang), one_line(finding.why)))
        if finding.explanation:
            out.append(f"{INDENT}{label('explanation', lang)}:")
            out.extend(_explanation_lines(finding.explanation, INDENT * 2))
    return out


def _more(n: int, lang: str) -> str:
    return label("more_clause" if n == 1 else "more_clauses", lang).format(n=n)


def _field(name: str, value: str) -> str:
    return f"{INDENT}{name}: {value}"


def _suggestion(finding: Finding, lang: str, options: RenderOptions) -> list[str]:
    if not finding.suggestion:
        return []
    lines = [f"{INDENT}{label('suggestion', lang)}:"]
    body: list[str] = []
    for para in finding.suggestion.splitlines():
        wrapped = _wrap(para, lang) if para.strip() else [""]
        body.extend(wrapped)
    if not options.explain and len(body) > SUGGESTION_LINES:
        body = body[:SUGGESTION_LINES]
        body[-1] = body[-1].rstrip() + f" … ({label('more', lang)})"
    lines.extend(f"{INDENT * 2}{line}" for line in body)
    return lines


def _wrap(text: str, lang: str) -> list[str]:
    # Japanese has no spaces to break at: cut by characters, counting wide ones double.
    limit = WIDTH - 2 * len(INDENT)
    if lang != "ja":
        return textwrap.wrap(text, limit) or [""]
    out, line, width = [], "", 0
    for ch in text:
        w = display_width(ch)
        # kinsoku: closing punctuation never starts a line, it may overhang by one character
        if width + w > limit and ch not in NO_LINE_START:
            out.append(line)
            line, width = "", 0
        line += ch
        width += w
    out.append(line)
    return out


def _explanation_lines(data: Any, indent: str) -> list[str]:
    """The engine's explanation dict, one key per line; nested values as compact JSON."""
    if not isinstance(data, dict):
        return [f"{indent}{json.dumps(data, ensure_ascii=False, default=str)}"]
    out = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            # e.g. every clause considered with its score: one line each reads far better
            out.append(f"{indent}{key}:")
            out.extend(f"{indent}  - {_compact(v)}" for v in value)
            continue
        if isinstance(value, (dict, list)):
            value = _compact(value)
        out.append(f"{indent}{key}: {value}")
    return out


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, separators=(", ", ": "))


def _risk_block(risk: Risk, lang: str, options: RenderOptions) -> list[str]:
    color = SEVERITY_COLORS.get(risk.severity)
    refs = ("、" if lang == "ja" else ", ").join(risk.clauses)
    head = (f"{_style(RISK_SYMBOL, options, fg=color, bold=True)} "
            f"{_style(risk.title or risk.flag, options, bold=True)} [{risk.flag}]"
            + (f"  {refs}" if refs else ""))
    out = [head]
    if risk.note:
        out.append(_field(label("note", lang), one_line(risk.note)))
    if risk.evidence:
        first = risk.evidence[0]
        limit = EVIDENCE_LIMIT // 2 if lang == "ja" else EVIDENCE_LIMIT
        shown = one_line(first.text) if options.explain else excerpt(first.sentence or first.text,
                                                                     limit)
        out.append(_field(label("evidence", lang), f"{first.ref}: {shown}" if first.ref else shown))
    if risk.suggestion:
        out.append(_field(label("suggestion", lang), excerpt(risk.suggestion, 300)))
    return out


def _risk_line(risk: Risk, lang: str, options: RenderOptions) -> str:
    color = SEVERITY_COLORS.get(risk.severity)
    refs = ("、" if lang == "ja" else ", ").join(risk.clauses)
    return (f"{_style(RISK_SYMBOL, options, fg=color, bold=True)} "
            f"{_style(risk.title or risk.flag, options, bold=True)} [{risk.flag}]"
            + (f"  {refs}" if refs else ""))


def _summary(report: Report, lang: str, options: RenderOptions) -> str:
    verdict = label("required_failed" if report.failed else "required_ok", lang)
    color = "red" if report.failed else "green"
    req = [f for f in report.findings if f.requirement == "required"]
    r_missing = sum(f.status == "missing" for f in req)
    r_weak = sum(f.status == "weak" for f in req)
    rec = sum(f.requirement != "required" and f.status != "present" for f in report.findings)
    if lang == "ja":
        detail = f"（必須の欠落 {r_missing}・不十分 {r_weak}、推奨の不備 {rec}）"
        risks = f"、{label('risks', lang)} {len(report.risks)}"
    else:
        detail = (f" (required: {r_missing} missing, {r_weak} weak; recommended: {rec} "
                  f"missing or weak)")
        n = len(report.risks)
        risks = f", {n} {label('risks' if n != 1 else 'risk', lang).lower()}"
    text = f"{verdict}{detail} — {counts_line(report, lang)}{risks}"
    return _style(f"{label('summary', lang)}: {text}", options, fg=color, bold=True)
