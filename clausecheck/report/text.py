"""Terminal text for `check`: a header, one block per provision, the risks, a summary line."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from clausecheck.model import Finding, Report, Risk
from clausecheck.report import Batch, RenderOptions
from clausecheck.report.common import (counts_line, display_width, evidence_texts, excerpt,
                                       one_line, severity_label)
from clausecheck.report.labels import (RISK_SYMBOL, STATUS_SYMBOLS, label, report_lang)
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
        blocks.append(f"{err.file}: {err.error}")
    return "\n\n".join(blocks) + "\n"


def _style(text: str, options: RenderOptions, **kwargs: Any) -> str:
    return click.style(text, **kwargs) if options.color else text


def _render_report(report: Report, options: RenderOptions) -> str:
    lang = report_lang(report, options.ui_lang)
    lines = _header(report, lang, options)
    for finding in report.findings:
        lines.append("")
        lines.extend(_finding_block(report, finding, lang, options))
    if report.risks:
        lines.append("")
        lines.append(_style(label("risks", lang), options, bold=True))
        for risk in report.risks:
            lines.extend(_risk_block(risk, lang, options))
    lines.append("")
    lines.append(_summary(report, lang, options))
    return "\n".join(lines)


def _header(report: Report, lang: str, options: RenderOptions) -> list[str]:
    def how(detected: bool) -> str:
        return label("detected" if detected else "given", lang)

    rows = [
        (label("file", lang), report.file),
        (label("title", lang), report.title),
        (label("language", lang), f"{report.language} ({how(report.language_detected)})"),
        (label("contract_type", lang),
         f"{label(report.contract_type, lang)} [{report.contract_type}]"
         f" ({how(report.type_detected)})"),
        (label("side", lang), f"{label(report.side, lang)} [{report.side}]"),
    ]
    width = max(display_width(k) for k, _ in rows)
    out = []
    for key, value in rows:
        if value:
            pad = " " * (width - display_width(key))
            out.append(f"{_style(key, options, bold=True)}{pad}  {value}")
    return out


def _finding_block(report: Report, finding: Finding, lang: str,
                   options: RenderOptions) -> list[str]:
    symbol = STATUS_SYMBOLS.get(finding.status, "?")
    color = SEVERITY_COLORS.get(finding.severity)
    head = (f"{_style(symbol, options, fg=color, bold=True)} "
            f"{_style(finding.title or finding.provision, options, bold=True)}"
            f" [{finding.provision}]  "
            f"{_style(label(finding.status, lang), options, fg=color)}"
            f" · {label(finding.requirement, lang)}"
            f" · {severity_label(finding.severity, lang)}")
    out = [head]
    sep = "、" if lang == "ja" else ", "
    if finding.guidance:
        out.append(_field(label("guidance", lang), sep.join(finding.guidance)))
    if finding.clauses:
        out.append(_field(label("clauses", lang), sep.join(finding.clauses)))
    if finding.missing_elements:
        names = sep.join(m.name or m.id for m in finding.missing_elements)
        out.append(_field(label("missing_elements", lang), names))
    if finding.weakening:
        out.append(_field(label("weakening", lang), sep.join(finding.weakening)))
    for ref, text in evidence_texts(report, finding)[:1 if not options.explain else None]:
        # a Japanese character takes two columns: half as many keep the excerpt on ~2 lines
        limit = EVIDENCE_LIMIT // 2 if lang == "ja" else EVIDENCE_LIMIT
        shown = one_line(text) if options.explain else excerpt(text, limit)
        out.append(_field(label("evidence", lang), f"{ref}: {shown}" if ref else shown))
    if finding.status != "present" or finding.suggestion:
        out.extend(_suggestion(finding, lang, options))
    if options.explain:
        if finding.why:
            out.append(_field(label("why", lang), one_line(finding.why)))
        if finding.explanation:
            out.append(f"{INDENT}{label('explanation', lang)}:")
            out.extend(_explanation_lines(finding.explanation, INDENT * 2))
    return out


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
        out.append(_field(label("evidence", lang),
                          excerpt(risk.evidence[0].text, EVIDENCE_LIMIT)))
    if risk.suggestion:
        out.append(_field(label("suggestion", lang), excerpt(risk.suggestion, 300)))
    return out


def _summary(report: Report, lang: str, options: RenderOptions) -> str:
    verdict = label("required_failed" if report.failed else "required_ok", lang)
    color = "red" if report.failed else "green"
    risks = f"、{label('risks', lang)} {len(report.risks)}" if lang == "ja" else \
        f", {len(report.risks)} {label('risks', lang).lower()}"
    text = f"{counts_line(report, lang)}{risks} — {verdict}"
    return _style(f"{label('summary', lang)}: {text}", options, fg=color, bold=True)

