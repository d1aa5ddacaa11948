"""One self-contained HTML file: inline CSS, no scripts or external assets, works offline.

A summary matrix (contracts × provisions) links to one section per contract with its findings
and the evidence clause text. Every piece of contract text goes through ``html.escape``.

Streamed: each contract's section (the heavy part, with clause text) is rendered as the
report arrives and spooled to a temp file; only a small status row per contract stays in
memory for the matrix, which is written, with the header and the errors, at the end, followed
by the spooled sections.
"""

from __future__ import annotations

import json
from html import escape
from typing import Iterable

from clausecheck.model import Finding, Report
from clausecheck.report.base import RenderOptions
from clausecheck.report.common import (counts_line, display_names, evidence_texts, excerpt,
                                       severity_label)
from clausecheck.report.facts_view import end_text, expiry, fact_rows, fact_value, reading_line
from clausecheck.report.labels import (NOT_CHECKED_SYMBOL, STATUS_SYMBOLS, label, localize_error,
                                       provision_codes, report_lang, side_label,
                                       type_label)
from clausecheck.report.stream import Cell, ContractRow, Reporter, Tally, TextSpool

HEADER_CHARS = 14  # matrix headers run vertically; the full title is in the tooltip and legend
CSS = """
:root{--err:#c0392b;--warn:#b7791f;--note:#2b6cb0;--ok:#2f855a;--line:#d9dde3}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic","Meiryo",
 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:24px 32px;color:#1f2933;
 background:#f7f8fa;line-height:1.55;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;
 border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0}
.meta{color:#52606d;margin:0 0 16px}
table{border-collapse:collapse;background:#fff}
th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:top}
th{background:#eef1f5;text-align:left;font-weight:600}
.matrix{font-size:13px}
.matrix th.p{writing-mode:vertical-rl;white-space:nowrap;text-align:left;padding:6px 2px;
 font-weight:500;vertical-align:bottom}
.matrix td.c{text-align:center;font-weight:700;min-width:24px}
.matrix td.f{white-space:nowrap;max-width:360px;overflow:hidden;text-overflow:ellipsis}
.matrix tfoot td{text-align:center;color:#52606d;font-size:12px}
.s-error{background:#fbe3df;color:var(--err)}.s-warning{background:#fdf1d6;color:var(--warn)}
.s-notice{background:#e3eefa;color:var(--note)}.s-ok{background:#e2f3ea;color:var(--ok)}
.s-none{color:#9aa5b1}
.legend{margin:8px 0 0;color:#52606d;font-size:12px}
.legend span{margin-right:14px}
.contract{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px 20px;
 margin:20px 0}
.contract .head{display:flex;justify-content:space-between;align-items:baseline;gap:12px;
 flex-wrap:wrap}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.findings{width:100%;margin-top:12px;font-size:13px}
.findings td.sym{text-align:center;font-weight:700;width:28px}
.findings th:nth-child(2){width:24%}.findings th:nth-child(3),.findings th:nth-child(4){width:11%}
.findings .t{font-weight:600}.findings .id{color:#7b8794;font-size:11px}
.ev{white-space:pre-wrap;background:#f5f7fa;border-left:3px solid var(--line);
 padding:4px 8px;margin:4px 0;font-size:12.5px}
.ref{font-weight:600;color:#3e4c59}
details summary{cursor:pointer;color:#2b6cb0}
.sugg{white-space:pre-wrap;background:#f0f7f1;border-left:3px solid #9ae6b4;padding:4px 8px;
 font-size:12.5px}
.muted{color:#7b8794}
.errors td{font-size:13px}
.req{display:inline-block;border-radius:3px;padding:0 5px;font-size:11px;font-weight:700;
 margin-left:4px;white-space:nowrap}
.req-required{background:#1f2933;color:#fff}.req-recommended{border:1px solid #9aa5b1;color:#52606d}
.findings{table-layout:fixed}
.findings col.c-sym{width:30px}.findings col.c-prov{width:24%}.findings col.c-guid{width:9%}
.findings col.c-cl{width:10%}
.findings td,.facts td,.ev,.sugg,.meta,h3,.warn{overflow-wrap:anywhere}
table{max-width:100%}
.group td{background:#eef1f5;font-weight:700;font-size:12px;color:#3e4c59}
.facts{margin:8px 0 4px;font-size:13px;width:100%;table-layout:fixed}
.facts th{width:18%;font-weight:600}.facts td.src{width:12%;color:#52606d;white-space:nowrap}
.read{color:#52606d;font-size:12.5px;margin:2px 0}
.warn{color:#8a5a00;background:#fff6df;border-left:3px solid #e3a008;padding:2px 8px;
 font-size:12.5px;margin:4px 0}
.matrix td.m{white-space:nowrap}
.factsum{font-size:12px;margin-top:8px;width:100%;table-layout:fixed}
.factsum td{vertical-align:top;overflow-wrap:anywhere}
.factsum th:first-child{width:14%}.factsum th:nth-child(3){width:7%}
@page{size:A4 landscape;margin:12mm}
@media print{
 body{background:#fff;padding:0;font-size:10.5px;line-height:1.4}
 h1{font-size:16px}h2{font-size:13px;margin:14px 0 6px}
 .contract{border:none;padding:0;margin:10px 0 18px;break-before:page}
 .contract:first-of-type{break-before:auto}
 tr{break-inside:avoid}thead{display:table-header-group}
 .matrix{font-size:8.5px;width:100%;table-layout:fixed}.matrix th.p{padding:2px 0}
 .matrix th:first-child{width:17%}.matrix th:nth-child(2){width:3%}.matrix th:nth-child(3){width:7%}
 .matrix td.f{max-width:none;overflow:hidden}.matrix td.c{min-width:0}
 .findings,.facts{font-size:10px}.ev,.sugg{font-size:9.5px}
 .factsum{font-size:9px}.factsum td{white-space:normal;overflow:visible}
 tr.ok .ev,tr.ok details{display:none}
 details>summary{list-style:none;color:#3e4c59}
 details:not([open])>summary::after{content:" …"}
 a{color:inherit;text-decoration:none}
 .muted{color:#52606d}
}
"""


class HtmlReporter(Reporter):
    keep_rows = True

    def _begin(self) -> None:
        self._sections = TextSpool()

    def _add(self, report: Report, row: ContractRow | None) -> None:
        # "\n" before each section: the parts of the page are joined by newlines
        self._sections.write("\n" + _contract(report, self.tally.checked - 1, self.options))

    def _end(self) -> None:
        self.write("\n".join(_head_parts(self.tally, self.options)))
        self._sections.copy_to(self.out)
        self.write("\n</body>\n</html>\n")

    def close(self) -> None:
        if hasattr(self, "_sections"):
            self._sections.close()


def _head_parts(tally: Tally, options: RenderOptions) -> list[str]:
    """Everything before the first contract section: header, matrix, errors."""
    lang = tally.lang(options.ui_lang)
    single = options.mode == "check" and tally.checked == 1
    title = (f"{label('report_title', lang)} — {tally.first_file}" if single
             else label("report_title", lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(label('report_title', lang))}</h1>",
        f'<p class="meta">{escape(_summary_text(tally, lang))} · '
        f"{escape(label('generated_by', lang))}</p>",
    ]
    if tally.checked and not single:
        parts.append(f"<h2>{escape(label('summary', lang))}</h2>")
        parts.append(_matrix(tally, lang))
        parts.append(_facts_summary(tally, lang, options))
    if tally.errors:
        parts.append(_errors(tally, lang))
    return parts


def _summary_text(tally: Tally, lang: str) -> str:
    s = tally.summary()
    if lang == "ja":
        return (f"契約書 {s['checked']} 件、必須条項に不備 {s['failed']} 件、"
                f"読み込みエラー {s['errors']} 件")
    noun = "contract" if s["checked"] == 1 else "contracts"
    return (f"{s['checked']} {noun}, {s['failed']} with required provisions missing or "
            f"weak, {s['errors']} not readable")


def _matrix(tally: Tally, lang: str) -> str:
    pids = tally.provision_ids
    titles = tally.titles(lang)
    codes = provision_codes(pids, tally.codes)
    head = "".join(
        f'<th class="p" title="{escape(titles.get(pid, pid))} [{escape(pid)}]">'
        f"{escape(codes[pid])} {escape(excerpt(titles.get(pid, pid), HEADER_CHARS))}</th>"
        for pid in pids)
    names = display_names([r.file for r in tally.rows])
    rows = []
    for index, report in enumerate(tally.rows):
        cells = "".join(_matrix_cell(report.cells.get(pid), lang) for pid in pids)
        counts = report.counts
        rows.append(
            f'<tr><td class="f" title="{escape(report.file)}">'
            f'<a href="#c{index}">{escape(names[report.file])}</a></td>'
            f'<td class="m">{escape(report.language)}</td>'
            f'<td class="m">{escape(type_label(report, lang))}</td>'
            f"{cells}<td>{counts['missing']}</td><td>{counts['weak']}</td></tr>")
    foot = []
    for status in ("missing", "weak"):
        counts = "".join(f"<td>{tally.by_provision[pid][status]}</td>" for pid in pids)
        foot.append(f'<tr><td colspan="3">{STATUS_SYMBOLS[status]} '
                    f"{escape(label('count_' + status, lang))}</td>{counts}<td></td><td></td></tr>")
    legend = " ".join(
        f'<span class="s-{sev}">{STATUS_SYMBOLS[st]} {escape(label(st, lang))}'
        f" ({escape(severity_label(sev, lang))})</span>"
        for st, sev in (("present", "ok"), ("weak", "warning"), ("missing", "error")))
    legend += (f' <span class="s-notice">△/✗ {escape(label("recommended", lang))}</span>'
               f' <span class="s-none">{NOT_CHECKED_SYMBOL} '
               f"{escape(label('not_checked', lang))}</span>")
    return (
        '<table class="matrix"><thead><tr>'
        f"<th>{escape(label('file', lang))}</th><th>{escape(label('language', lang))}</th>"
        f"<th>{escape(label('contract_type', lang))}</th>{head}"
        f'<th class="p">{escape(label("count_missing", lang))}</th>'
        f'<th class="p">{escape(label("count_weak", lang))}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody><tfoot>{''.join(foot)}</tfoot></table>"
        f'<p class="legend">{legend}</p>')


def _facts_summary(tally: Tally, lang: str, options: RenderOptions) -> str:
    """One row per contract: its key facts, and with --expiring-within its next end date."""
    today = options.extra.get("today")
    keys = ("parties", "direction", "term", "end", "renewal", "survival", "governing_law",
            "forum")
    names = display_names([r.file for r in tally.rows])
    head = "".join(f"<th>{escape(label('fact_' + k, lang))}</th>" for k in keys)
    if today is not None:
        head = (f"<th>{escape(label('ends_on', lang))}</th>"
                f"<th>{escape(label('notice_by', lang))}</th>") + head
    rows = []
    for index, row in enumerate(tally.rows):
        cells = ""
        if today is not None:
            end, notice = expiry(row.facts, today)
            cells = f"<td>{escape(end or '')}</td><td>{escape(notice or '')}</td>"
        for key in keys:
            if key == "end":  # a date, else the end in words (「受領者が秘密情報を保有する限り」)
                text = end_text(row.facts, lang)
            else:
                value = fact_value(row.facts, key, lang) if row.facts is not None else None
                text = value if value is not None else label("not_stated", lang)
            cells += f'<td title="{escape(text)}">{escape(text)}</td>'
        rows.append(f'<tr><td><a href="#c{index}">{escape(names[row.file])}</a></td>{cells}</tr>')
    title = label("expiring", lang) if today is not None else label("facts", lang)
    return (f"<h2>{escape(title)}</h2>"
            f'<table class="factsum"><thead><tr><th>{escape(label("file", lang))}</th>{head}'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _matrix_cell(finding: Cell | None, lang: str) -> str:
    if finding is None:
        return f'<td class="c s-none">{NOT_CHECKED_SYMBOL}</td>'
    tip = f"{finding.title}: {label(finding.status, lang)}"
    return (f'<td class="c s-{finding.severity}" title="{escape(tip)}">'
            f"{STATUS_SYMBOLS.get(finding.status, '?')}</td>")


def _errors(tally: Tally, lang: str) -> str:
    rows = "".join(f"<tr><td>{escape(e.file)}</td><td>{escape(localize_error(e.error, lang))}</td></tr>"
                   for e in tally.errors)
    return (f"<h2>{escape(label('errors', lang))} ({len(tally.errors)})</h2>"
            f'<table class="errors"><thead><tr><th>{escape(label("file", lang))}</th>'
            f"<th>{escape(label('error', lang))}</th></tr></thead><tbody>{rows}</tbody></table>")


def _contract(report: Report, index: int, options: RenderOptions) -> str:
    lang = report_lang(report, options.ui_lang)
    verdict = label("required_failed" if report.failed else "required_ok", lang)
    badge = "s-error" if report.failed else "s-ok"
    meta = " · ".join(x for x in (
        report.title, f"{label('language', lang)}: {label('lang_' + report.language, lang)}",
        f"{label('contract_type', lang)}: {type_label(report, lang)}",
        f"{label('side', lang)}: {side_label(report, lang)}", counts_line(report, lang)) if x)
    read_as, warnings = reading_line(report.reading, lang)
    from clausecheck.report.conversion import with_conversion

    read_as, warnings = with_conversion(report.conversion, read_as, warnings, lang)
    warnings = list(warnings) + list(getattr(report, "warnings", ()))   # e.g. languages
    reading = (f'<p class="read">{escape(label("read_as", lang))}: {escape(read_as)}</p>'
               if read_as else "")
    reading += "".join(f'<p class="warn">⚠ {escape(w)}</p>' for w in warnings)
    groups = (
        ("sec_required", [f for f in report.findings
                          if f.requirement == "required" and f.status != "present"]),
        ("sec_recommended", [f for f in report.findings
                             if f.requirement != "required" and f.status != "present"]),
        ("sec_present", [f for f in report.findings if f.status == "present"]),
    )
    rows = "".join(
        f'<tr class="group"><td colspan="5">{escape(label(key, lang))} ({len(items)})</td></tr>'
        + "".join(_finding_row(report, f, lang, options) for f in items)
        for key, items in groups if items)
    return (
        f'<section class="contract" id="c{index}"><div class="head">'
        f"<h3>{escape(report.file)}</h3>"
        f'<span class="badge {badge}">{escape(verdict)}</span></div>'
        f'<p class="meta">{escape(meta)}</p>{reading}'
        f"{_facts_table(report, lang)}"
        f'<table class="findings"><colgroup><col class="c-sym"><col class="c-prov">'
        f'<col class="c-guid"><col class="c-cl"><col></colgroup><thead><tr><th></th>'
        f"<th>{escape(label('provision', lang))}</th><th>{escape(label('guidance', lang))}</th>"
        f"<th>{escape(label('clauses', lang))}</th><th>{escape(label('evidence', lang))}</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
        f"{_risks(report, lang)}</section>")


def _facts_table(report: Report, lang: str) -> str:
    rows = fact_rows(report.facts, lang)
    if not rows:
        return ""
    body = "".join(
        f"<tr><th>{escape(name)}</th><td>{escape(value)}</td>"
        f'<td class="src">{escape(source)}</td></tr>' for _k, name, value, source in rows)
    return (f"<h4>{escape(label('facts', lang))}</h4>"
            f'<table class="facts"><tbody>{body}</tbody></table>')


def _finding_row(report: Report, f: Finding, lang: str, options: RenderOptions) -> str:
    sym = STATUS_SYMBOLS.get(f.status, "?")
    req = (f'<span class="req req-{f.requirement}">{escape(label(f.requirement, lang))}'
           f"</span>")
    name = (f'<div class="t">{escape(f.title or f.provision)}{req}</div>'
            f'<div class="id">{escape(f.provision)} · {escape(label(f.status, lang))}</div>')
    details = []
    if f.missing_elements:
        details.append(_list(label("missing_elements", lang),
                             (m.name or m.id for m in f.missing_elements)))
    if f.weakening:
        details.append(_list(label("weakening", lang), f.weakening))
    evidence = ""
    if f.evidence:
        # the sentence that decided, then the whole clauses folded (open with --explain)
        first = f.evidence[0]
        evidence = (f'<div class="ev"><span class="ref">{escape(first.ref)}</span> '
                    f"{escape(first.sentence or first.text)}</div>")
        full = "".join(
            f'<div class="ev"><span class="ref">{escape(ref)}</span> {escape(text)}</div>'
            for ref, text in evidence_texts(report, f))
        open_attr = " open" if options.explain else ""
        evidence += (f"<details{open_attr}><summary>{escape(label('evidence', lang))}: "
                     f"{escape(', '.join(f.clauses))}</summary>{full}</details>")
    if f.suggestion and f.status != "present":
        open_attr = " open" if options.explain else ""
        evidence += (f"<details{open_attr}><summary>{escape(label('suggestion', lang))}"
                     f'</summary><div class="sugg">{escape(f.suggestion)}</div></details>')
    if f.why and f.status != "present":
        evidence += f'<div class="muted">{escape(f.why)}</div>'
    if options.explain and f.explanation:
        dumped = json.dumps(f.explanation, ensure_ascii=False, indent=1, default=str)
        evidence += (f'<details><summary>{escape(label("explanation", lang))}</summary>'
                     f'<pre class="ev">{escape(dumped)}</pre></details>')
    row_class = ' class="ok"' if f.status == "present" else ""
    return (f'<tr{row_class}><td class="sym s-{f.severity}">{sym}</td><td>{name}{"".join(details)}</td>'
            f"<td>{escape(', '.join(f.guidance))}</td>"
            f"<td>{escape(', '.join(f.clauses))}</td><td>{evidence}</td></tr>")


def _list(title: str, items: Iterable[str]) -> str:
    lis = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f'<div class="muted">{escape(title)}:</div><ul>{lis}</ul>'


def _risks(report: Report, lang: str) -> str:
    if not report.risks:
        return ""
    rows = "".join(
        f'<tr><td class="sym s-{r.severity}">!</td><td><div class="t">{escape(r.title or r.flag)}'
        f'</div><div class="id">{escape(r.flag)}</div></td>'
        f"<td>{escape(', '.join(r.clauses))}</td>"
        f"<td>{''.join(_ev_div(e.sentence or e.text) for e in r.evidence)}"
        f"<div>{escape(r.note)}</div></td></tr>" for r in report.risks)
    return (f"<h4>{escape(label('risks', lang))}</h4>"
            f'<table class="findings"><tbody>{rows}</tbody></table>')


def _ev_div(text: str) -> str:
    return f'<div class="ev">{escape(text)}</div>'
