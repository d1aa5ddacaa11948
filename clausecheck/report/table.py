"""Terminal table for `scan`: one row per contract, one column per provision, then errors.

Column headers are two-letter codes so that 26 provisions fit in about 80 columns; a legend
under the table gives each code's title.
"""

from __future__ import annotations

import click

from clausecheck.model import Facts
from clausecheck.report.base import RenderOptions
from clausecheck.report.common import char_width, display_names, display_width, fit
from clausecheck.report.facts_view import (REGION_NAMES_JA, end_text, expiry, fact_value,
                                           months_text)
from clausecheck.report.labels import (NOT_CHECKED_SYMBOL, STATUS_SYMBOLS, label,
                                       localize_error, provision_codes, type_label)
from clausecheck.report.stream import ContractRow, Reporter, Tally
from clausecheck.report.text import SEVERITY_COLORS

FILE_WIDTH = 32
CELL_WIDTH = 3
# the key-facts table under the matrix: (fact, header label, width); a longer value wraps
# inside its cell, nothing is cut
FACT_CELLS: tuple[tuple[str, str, int], ...] = (
    ("direction", "fact_direction", 10), ("end", "fact_end", 22), ("renewal", "fact_renewal", 20),
    ("survival", "col_survival_short", 20), ("governing_law", "fact_governing_law", 18),
    ("forum", "fact_forum", 26))
_BREAK_AFTER = frozenset(" 、，,）)・/")


class TableReporter(Reporter):
    """Keeps one small status row per contract and draws the table at the end.

    The rows could be printed as they come (the cells have fixed widths), but the columns
    (provisions judged in any contract) and the header language (that of most contracts) are
    only known once every contract is in; the rows hold no clause text, so they cost a few
    bytes per provision, and the table stays the same as for a whole batch.
    """

    keep_rows = True

    def _end(self) -> None:
        self.write(render_rows(self.tally, self.options))


def render_rows(tally: Tally, options: RenderOptions) -> str:
    lang = tally.lang(options.ui_lang)
    pids = tally.provision_ids
    codes = provision_codes(pids, tally.codes)
    names = display_names([r.file for r in tally.rows] + [e.file for e in tally.errors])
    lines: list[str] = []
    if tally.rows:
        lines.append(_header_row(pids, codes, lang, options))
        for row in tally.rows:
            lines.append(_row(row, names[row.file], pids, options))
        lines.append("")
        lines.extend(_legend(tally, pids, codes, lang))
        lines.extend(_ocr_lines(tally, names, lang))
        lines.append("")
        lines.extend(_facts_table(tally, names, lang, options))
    today = options.extra.get("today")
    if today is not None and tally.rows:
        lines.append("")
        until = options.extra.get("expiring_until")
        lines.append(_bold(f"{label('expiring', lang)} (〜{until})" if lang == "ja" else
                           f"{label('expiring', lang)} (until {until})", options))
        for row in tally.rows:
            end, notice = expiry(row.facts, today)
            renewal = fact_value(row.facts, "renewal", lang) if row.facts else None
            parts = [f"{label('ends_on', lang)} {end}"]
            if notice:
                parts.append(f"{label('notice_by', lang)} {notice}")
            if renewal:
                parts.append(renewal)
            lines.append(f"  {names[row.file]}: " + ("、" if lang == "ja" else "; ").join(parts))
    if tally.errors:
        lines.append("")
        lines.append(_bold(f"{label('errors', lang)} ({len(tally.errors)})", options))
        for err in tally.errors:
            lines.append(f"  ✗ {names[err.file]}: {localize_error(err.error, lang)}")
    lines.append("")
    lines.append(_summary_line(tally, lang))
    return "\n".join(lines) + "\n"


def _bold(text: str, options: RenderOptions) -> str:
    return click.style(text, bold=True) if options.color else text


def _header_row(pids: list[str], codes: dict[str, str], lang: str,
                options: RenderOptions) -> str:
    cells = "".join(fit(codes[p], CELL_WIDTH) for p in pids)
    head = (fit(label("file", lang), FILE_WIDTH) + " " + fit(label("language", lang)[:4], 4)
            + " " + fit("類型" if lang == "ja" else "type", 5) + " " + cells + " " + "✗ △")
    return _bold(head.rstrip(), options)


def _row(report: ContractRow, name: str, pids: list[str], options: RenderOptions) -> str:
    cells = []
    for pid in pids:
        finding = report.cells.get(pid)
        if finding is None:
            cells.append(fit(NOT_CHECKED_SYMBOL, CELL_WIDTH))
            continue
        symbol = fit(STATUS_SYMBOLS.get(finding.status, "?"), CELL_WIDTH)
        if options.color:
            symbol = click.style(symbol, fg=SEVERITY_COLORS.get(finding.severity),
                                 bold=finding.severity in ("error", "warning"))
        cells.append(symbol)
    counts = report.counts
    ctype = type_label(report, "en", short=True)
    tail = f"{counts['missing']:>1} {counts['weak']:>1}"
    if report.risks:
        tail += f"  !{report.risks}"
    return (fit(name, FILE_WIDTH, keep_end=True) + " " + fit(report.language, 4) + " "
            + fit(ctype, 5) + " " + "".join(cells) + " " + tail)


def _facts_table(tally: Tally, names: dict[str, str], lang: str,
                 options: RenderOptions) -> list[str]:
    """The key facts a legal team sorts an inherited folder by, one row per contract: the
    direction, when the term ends (a date, else in words), renewal, survival, law, forum."""
    out = [_bold(label("facts", lang), options)]
    head = [label("file", lang)] + [label(key, lang) for _f, key, _w in FACT_CELLS]
    out.extend(_bold(line, options) for line in _wrapped_row(head))
    for row in tally.rows:
        cells = [names[row.file]] + [_fact_cell(row, fact, lang) for fact, _k, _w in FACT_CELLS]
        out.extend(_wrapped_row(cells))
    return out


def _wrapped_row(cells: list[str]) -> list[str]:
    """One table row over as many lines as its longest cell needs (the file name is cut
    from the left, as in the matrix above)."""
    widths = [FILE_WIDTH] + [w for _f, _k, w in FACT_CELLS]
    columns = [[fit(cells[0], FILE_WIDTH, keep_end=True)]] + [
        _wrap(text, width) for text, width in zip(cells[1:], widths[1:])]
    height = max(len(c) for c in columns)
    return [" ".join(fit(c[i] if i < len(c) else "", w) for c, w in zip(columns, widths)).rstrip()
            for i in range(height)]


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, broken after a space, a comma or a
    closing bracket where one is near, else between characters (Japanese has no spaces)."""
    lines: list[str] = []
    line, used, cut = "", 0, -1
    for ch in text:
        w = char_width(ch)
        if used + w > width and line:
            if cut > 0 and cut >= len(line) // 2:
                lines.append(line[:cut].rstrip())
                line = line[cut:].lstrip()
            else:
                lines.append(line.rstrip())
                line = ""
            used, cut = display_width(line), -1
        line += ch
        used += w
        if ch in _BREAK_AFTER:
            cut = len(line)
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _fact_cell(row: ContractRow, fact: str, lang: str) -> str:
    facts = row.facts
    if fact == "end":
        return end_text(facts, lang)
    if facts is not None and fact == "direction" and facts.direction:
        return label(f"dir_{facts.direction}", lang)  # the arrow is in the HTML and xlsx
    if facts is not None and fact == "renewal" and facts.auto_renewal:
        return _renewal_cell(facts, lang)
    if facts is not None and fact == "survival" and not facts.survival_months \
            and facts.survival_note in ("indefinite", "while_secret"):
        return label(f"surv_{facts.survival_note}_short", lang)
    if facts is not None and fact == "governing_law" and facts.governing_law:
        region = facts.governing_law_region
        if not region:
            return facts.governing_law
        region = REGION_NAMES_JA.get(region, region) if lang == "ja" else region
        return f"{facts.governing_law}・{region}" if lang == "ja" else \
            f"{facts.governing_law} ({region})"
    value = fact_value(facts, fact, lang) if facts is not None else None
    return value if value is not None else label("not_stated", lang)


def _renewal_cell(facts: Facts, lang: str) -> str:
    """「自動（1年ごと、1か月前通知）」, "auto (1 year, 1 month notice)": the renewal in a cell."""
    from clausecheck.report.facts_view import iso_duration_text

    detail = []
    if facts.renewal_months:
        detail.append(months_text(facts.renewal_months, lang, span=False)
                      + ("ごと" if lang == "ja" else ""))
    if facts.renewal_notice:
        notice = iso_duration_text(facts.renewal_notice, lang)
        detail.append(f"{notice}前通知" if lang == "ja" else f"{notice} notice")
    head = label("renew_auto_short", lang)
    if not detail:
        return head
    return f"{head}（{'、'.join(detail)}）" if lang == "ja" else f"{head} ({', '.join(detail)})"


def _legend(tally: Tally, pids: list[str], codes: dict[str, str], lang: str) -> list[str]:
    titles = tally.titles(lang)
    sym = "  ".join(f"{STATUS_SYMBOLS[s]} {label(s, lang)}" for s in ("present", "weak",
                                                                       "missing"))
    out = [f"{label('legend', lang)}: {sym}  {NOT_CHECKED_SYMBOL} {label('not_checked', lang)}"
           f"  ! {label('risks', lang)}"]
    entries = [f"{codes[p]} {titles.get(p, p)}" for p in pids]
    # two entries per line keeps the legend short without a second table layout
    width = max((display_width(e) for e in entries), default=0) + 2
    for i in range(0, len(entries), 2):
        pair = entries[i:i + 2]
        out.append("  " + "".join(fit(e, width) for e in pair[:-1]) + pair[-1])
    return out


def _ocr_lines(tally: Tally, names: dict[str, str], lang: str) -> list[str]:
    """Which contracts were read by OCR, with their confidence: check those by eye."""
    from clausecheck.report.conversion import word

    rows = [r for r in tally.rows if r.ocr]
    if not rows:
        return []
    return ["", f"{word('read_by_ocr', lang)}:"] + [f"  {names[r.file]}: {r.ocr}" for r in rows]


def _summary_line(tally: Tally, lang: str) -> str:
    s = tally.summary()
    if lang == "ja":
        text = (f"{label('summary', lang)}: 契約書 {s['checked']} 件をチェック、"
                f"{label('contracts_failed', lang)} {s['failed']} 件、"
                f"読み込みエラー {s['errors']} 件")
        if s["skipped"]:
            text += f"、{label('skipped', lang)} {s['skipped']} 件"
        return text
    text = (f"{label('summary', lang)}: {s['checked']} contracts checked, {s['failed']} failing "
            f"(required provisions missing or weak), {s['errors']} not readable")
    if s["skipped"]:
        text += f", {s['skipped']} {label('skipped', lang)}"
    return text
