"""What the pages show, built from the check JSON and the Document: never a re-check.

The result page is drawn from the same dict that ``clausecheck check --format json`` prints
(so whatever the JSON gains, such as a ``facts`` object, reaches the page) and from the
Document for the contract text. Each clause of the text knows the provisions it serves, each
finding the clauses that prove it; the page's script only toggles classes on these links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Iterable

from markupsafe import Markup

from clausecheck.model import Clause, Document
from clausecheck.report.labels import STATUS_SYMBOLS, provision_codes, type_label
from clausecheck.serve.labels import UI_FACT_WORDS, country_name, ui_label


@dataclass
class Unit:
    """One clause of the contract text as the page draws it (nested like the contract)."""

    id: str
    ref: str
    kind: str
    heading: str
    text: Markup
    children: list["Unit"] = field(default_factory=list)
    serves: list[dict[str, str]] = field(default_factory=list)  # provisions, risks

    @property
    def evidence(self) -> bool:
        return bool(self.serves)

    @property
    def worst(self) -> str:
        order = ["error", "warning", "notice", "ok"]
        sev = [s["severity"] for s in self.serves if s["severity"] in order]
        return min(sev, key=order.index) if sev else ""


@dataclass
class TextView:
    title: str
    preamble: Unit | None
    units: list[Unit]
    annexes: list[Unit]
    signature: str
    unit_of_ref: dict[str, str]  # clause ref -> unit id


def text_view(document: Document | None, check: dict[str, Any], lang: str) -> TextView:
    """The contract text with, on each clause, the provisions and risks it serves."""
    serves: dict[str, list[dict[str, str]]] = {}
    marks: dict[str, list[str]] = {}
    for f in check.get("findings", []):
        for ev in f.get("evidence_clauses", []):
            serves.setdefault(ev["clause"], []).append(_tag(f["provision"], f["title"],
                                                            f["status"], f["severity"]))
            marks.setdefault(ev["clause"], []).append(ev.get("text", ""))
    for i, r in enumerate(check.get("risks", [])):
        for ref in r.get("clauses", []):
            serves.setdefault(ref, []).append(
                {"id": f"risk-{i}", "title": r["title"], "status": "risk", "symbol": "!",
                 "severity": r["severity"]})
    if document is None:
        return TextView("", None, [], [], "", {})
    counter = iter(range(1, 1_000_000))
    unit_of_ref: dict[str, str] = {}

    def build(clause: Clause) -> Unit:
        uid = f"u{next(counter)}"
        ref = clause.ref
        unit_of_ref.setdefault(ref, uid)
        heading = " ".join(p for p in (clause.number, clause.title) if p)
        unit = Unit(id=uid, ref=ref, kind=clause.kind, heading=heading,
                    text=marked(clause.text, marks.get(ref, ())),
                    serves=_unique(serves.get(ref, [])))
        unit.children = [build(c) for c in clause.children]
        return unit

    preamble = None
    if document.preamble.strip():
        ref = "前文" if document.language == "ja" else "Preamble"
        preamble = Unit(id="u0", ref=ref, kind="preamble", heading=ui_label("preamble", lang),
                        text=marked(document.preamble, marks.get(ref, ())),
                        serves=_unique(serves.get(ref, [])))
        unit_of_ref[ref] = "u0"
        unit_of_ref.setdefault("preamble", "u0")  # how the key facts name it
    units = [build(c) for c in document.clauses]
    annexes = [Unit(id=f"a{i}", ref=a.title, kind="annex", heading=a.title,
                    text=Markup(escape(a.text))) for i, a in enumerate(document.annexes)]
    if document.signature:
        unit_of_ref.setdefault("signature", "sig")
    if document.title:
        unit_of_ref.setdefault("title", "doc-title")
    return TextView(document.title, preamble, units, annexes, document.signature, unit_of_ref)


def _tag(pid: str, title: str, status: str, severity: str) -> dict[str, str]:
    return {"id": f"f-{pid}", "title": title, "status": status,
            "symbol": STATUS_SYMBOLS.get(status, "?"), "severity": severity}


def _unique(tags: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for tag in tags:
        if tag["id"] not in seen:
            seen.add(tag["id"])
            out.append(tag)
    return out


def marked(text: str, evidence: Iterable[str]) -> Markup:
    """``text`` escaped, with each evidence passage that is a strict part of it in <mark>.

    When the evidence is the whole clause the clause itself is highlighted instead (the
    page's classes), so only sentences picked out of a longer clause get a <mark>.
    """
    spans: list[tuple[int, int]] = []
    for piece in evidence:
        piece = piece.strip()
        if not piece or len(piece) >= len(text.strip()):
            continue
        start = text.find(piece)
        if start >= 0:
            spans.append((start, start + len(piece)))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:  # overlapping passages make one mark
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[str] = []
    pos = 0
    for start, end in merged:
        out.append(escape(text[pos:start]))
        out.append('<mark class="ev-mark">' + escape(text[start:end]) + "</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out))


# --------------------------------------------------------------------------- findings

@dataclass
class FindingGroups:
    to_fix: list[dict[str, Any]]
    notices: list[dict[str, Any]]
    present: list[dict[str, Any]]


def finding_groups(check: dict[str, Any], unit_of_ref: dict[str, str]) -> FindingGroups:
    """Findings split as a reviewer reads them: required defects, recommended, present."""
    groups = FindingGroups([], [], [])
    for f in check.get("findings", []):
        view = dict(f)
        view["symbol"] = STATUS_SYMBOLS.get(f["status"], "?")
        view["links"] = [(ref, unit_of_ref.get(ref)) for ref in f.get("clauses", [])]
        view["elements"] = list(zip(f.get("missing_elements", []),
                                    f.get("missing_element_names", [])))
        if f["status"] == "present":
            groups.present.append(view)
        elif f["severity"] in ("error", "warning"):
            groups.to_fix.append(view)
        else:
            groups.notices.append(view)
    return groups


def risk_views(check: dict[str, Any], unit_of_ref: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for i, r in enumerate(check.get("risks", [])):
        view = dict(r)
        view["id"] = f"risk-{i}"
        view["links"] = [(ref, unit_of_ref.get(ref)) for ref in r.get("clauses", [])]
        out.append(view)
    return out


# --------------------------------------------------------------------------- key facts

@dataclass
class FactRow:
    key: str
    label: str
    value: str
    links: list[tuple[str, str | None]] = field(default_factory=list)
    stated: bool = True


# one row per question a reviewer asks; each lists the fields of the ``facts`` object it uses
FACT_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("parties", ("parties",)),
    ("direction", ("direction", "discloser")),
    ("effective_date", ("effective_date",)),
    ("term", ("term_months", "term_start", "term_note", "end_date")),
    ("renewal", ("auto_renewal", "renewal_months", "renewal_notice")),
    ("survival", ("survival_months", "survival_from", "survival_note")),
    ("governing_law", ("governing_law", "governing_law_region")),
    ("forum", ("forum", "forum_exclusive", "arbitration_seat")),
    ("purpose", ("purpose",)),
    ("placeholders", ("placeholders",)),
    ("defined_terms", ("defined_terms",)),
)
_CONSUMED = {k for _, keys in FACT_ROWS for k in keys} | {"sources"}


def fact_rows(facts: Any, lang: str, unit_of_ref: dict[str, str]) -> list[FactRow]:
    """The key facts as label/value rows, each linked to the clause it comes from.

    Tolerant by design: the ``facts`` object belongs to another part and may gain fields; an
    unknown scalar is shown under its own name, and what the contract does not state is
    said so ("not stated"), never left out silently.
    """
    if not isinstance(facts, dict):
        return []
    sources = facts.get("sources") if isinstance(facts.get("sources"), dict) else {}
    rows: list[FactRow] = []
    for key, fields in FACT_ROWS:
        if not any(f in facts for f in fields):
            continue
        try:
            text = _FORMAT[key](facts, lang)
        except (TypeError, ValueError, KeyError, AttributeError):
            text = ", ".join(str(facts[f]) for f in fields if facts.get(f) not in (None, ""))
        if not text and key in ("placeholders", "defined_terms"):
            continue  # nothing to say: no blanks left, no defined terms
        links: list[tuple[str, str | None]] = []
        for f in fields:
            for link in _fact_links(sources.get(f), unit_of_ref, lang):
                if link not in links:
                    links.append(link)
        rows.append(FactRow(key=key, label=ui_label(f"fact_{key}", lang),
                            value=text or ui_label("fact_not_stated", lang),
                            links=links, stated=bool(text)))
    for key, value in facts.items():
        if key in _CONSUMED or isinstance(value, (dict, list)) or value in (None, ""):
            continue
        rows.append(FactRow(key=key, label=key.replace("_", " "), value=str(value),
                            links=_fact_links(sources.get(key), unit_of_ref, lang)))
    return rows


def _t(key: str, lang: str, **values: object) -> str:
    return ui_label(key, lang, **values)


def _paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "ja" else f" ({text})"


def _parties(facts: dict[str, Any], lang: str) -> str:
    names = []
    for p in facts.get("parties") or []:
        if not isinstance(p, dict):
            names.append(str(p))
            continue
        name = p.get("name") or _t("fact_blank", lang)
        extra = [x for x in (p.get("alias"), _t(p["role"], lang) if p.get("role") else None) if x]
        names.append(name + (_paren("・".join(extra) if lang == "ja" else ", ".join(extra), lang)
                             if extra else ""))
    return " / ".join(names)


def _direction(facts: dict[str, Any], lang: str) -> str:
    value = facts.get("direction")
    if value is None:
        return ""
    text = _t(f"fact_{value}", lang) if value in ("one_way", "mutual") else str(value)
    if value == "one_way" and facts.get("discloser"):
        text += _paren(f"{_t('fact_discloser', lang)}: {facts['discloser']}", lang)
    return text


def _term(facts: dict[str, Any], lang: str) -> str:
    parts = []
    months = facts.get("term_months")
    period = _months(months, lang) if isinstance(months, int) else ""
    start = facts.get("term_start")
    if start:
        words = f"fact_start_{start}"
        start = _t(words, lang) if words in UI_FACT_WORDS else str(start)
        parts.append(_t("fact_period_from", lang, start=start, period=period) if period
                     else _t("fact_from", lang, start=start))
    elif period:
        parts.append(period)
    if facts.get("end_date"):
        parts.append(_t("fact_until", lang, date=facts["end_date"]))
    note = facts.get("term_note")
    if note:
        parts.append(_t(f"fact_note_{note}", lang) if f"fact_note_{note}" in UI_FACT_WORDS
                     else str(note))
    return ("、" if lang == "ja" else ", ").join(parts)


def _renewal(facts: dict[str, Any], lang: str) -> str:
    auto = facts.get("auto_renewal")
    if auto is None:
        return ""
    if not auto:
        return _t("no", lang)
    extra = []
    if isinstance(facts.get("renewal_months"), int):
        extra.append(_t("fact_each", lang, period=_months(facts["renewal_months"], lang)))
    if facts.get("renewal_notice"):
        extra.append(_t("fact_notice", lang, period=_duration(facts["renewal_notice"], lang)))
    sep = "、" if lang == "ja" else ", "
    return _t("yes", lang) + (_paren(sep.join(extra), lang) if extra else "")


def _survival(facts: dict[str, Any], lang: str) -> str:
    note = facts.get("survival_note")
    months = facts.get("survival_months")
    parts = []
    if isinstance(months, int):
        origin = facts.get("survival_from") or "end"
        parts.append(_t(f"fact_after_{origin}", lang, period=_months(months, lang))
                     if f"fact_after_{origin}" in UI_FACT_WORDS else _months(months, lang))
    if note:
        parts.append(_t(f"fact_note_{note}", lang) if f"fact_note_{note}" in UI_FACT_WORDS
                     else str(note))
    return ("、" if lang == "ja" else ", ").join(parts)


def _law(facts: dict[str, Any], lang: str) -> str:
    code = facts.get("governing_law")
    if not code:
        return ""
    text = country_name(code, lang)
    region = facts.get("governing_law_region")
    if region:
        return f"{text}（{region}）" if lang == "ja" else f"{region}, {text}"
    return text


def _forum(facts: dict[str, Any], lang: str) -> str:
    parts = []
    if facts.get("forum"):
        forum = str(facts["forum"])
        if facts.get("forum_exclusive") is True:
            forum += _paren(_t("fact_exclusive", lang), lang)
        elif facts.get("forum_exclusive") is False:
            forum += _paren(_t("fact_non_exclusive", lang), lang)
        parts.append(forum)
    if facts.get("arbitration_seat"):
        parts.append(_t("fact_arbitration", lang, seat=facts["arbitration_seat"]))
    return " / ".join(parts)


def _listed(key: str) -> Any:
    def fmt(facts: dict[str, Any], lang: str) -> str:
        items = facts.get(key) or []
        if key == "placeholders":
            items = [ui_label(f"fact_{i}", lang) if f"fact_{i}" in UI_FACT_WORDS else str(i)
                     for i in items]
        return ("、" if lang == "ja" else ", ").join(str(i) for i in items)
    return fmt


_FORMAT = {
    "parties": _parties, "direction": _direction,
    "effective_date": lambda f, lang: str(f.get("effective_date") or ""),
    "term": _term, "renewal": _renewal, "survival": _survival, "governing_law": _law,
    "forum": _forum, "purpose": lambda f, lang: str(f.get("purpose") or ""),
    "placeholders": _listed("placeholders"), "defined_terms": _listed("defined_terms"),
}


def _months(n: int, lang: str) -> str:
    if n and n % 12 == 0:
        return ui_label("year" if n == 12 else "years", lang, y=n // 12)
    return ui_label("month" if n == 1 else "months", lang, n=n)


def _duration(iso: str, lang: str) -> str:
    """An ISO 8601 period as words ("P1M" -> 1か月 / 1 month); other strings as they are."""
    import re

    m = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", str(iso))
    if not m or not any(m.groups()):
        return str(iso)
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    parts = []
    if y or mo:
        parts.append(_months(12 * y + mo, lang))
    if w:
        parts.append(ui_label("week" if w == 1 else "weeks", lang, n=w))
    if d:
        parts.append(ui_label("day" if d == 1 else "days", lang, n=d))
    return " ".join(parts)


# where a fact can come from besides a clause, as the facts object names it
_PARTS = {"preamble": "preamble", "signature": "signature", "title": "title_ref"}


def _fact_links(source: Any, unit_of_ref: dict[str, str], lang: str = "en"
                ) -> list[tuple[str, str | None]]:
    refs: list[str] = []
    items = source if isinstance(source, list) else [source]
    for item in items:
        if isinstance(item, str) and item:
            refs.append(item)
        elif isinstance(item, dict):
            ref = item.get("clause") or item.get("ref")
            if isinstance(ref, str) and ref:
                refs.append(ref)
    return [(ui_label(_PARTS[ref], lang) if ref in _PARTS else ref, unit_of_ref.get(ref))
            for ref in refs]


# --------------------------------------------------------------------------- portfolio

def matrix_view(results: list[Any], lang: str) -> dict[str, Any]:
    """Rows (contracts) × columns (provisions, in profile order of first appearance)."""
    columns: dict[str, str] = {}
    for res in results:
        for f in res.report.findings:
            if res.report.language == lang or f.provision not in columns:
                columns.setdefault(f.provision, f.title)
    codes = provision_codes(columns, {f.provision: f.code for res in results
                                      for f in res.report.findings if f.code})
    rows = []
    for res in results:
        by_id = {f.provision: f for f in res.report.findings}
        cells = []
        for pid in columns:
            f = by_id.get(pid)
            cells.append(None if f is None else {
                "status": f.status, "severity": f.severity, "symbol": STATUS_SYMBOLS[f.status],
                "title": f.title, "requirement": f.requirement})
        rows.append({"id": res.id, "name": res.name, "title": res.report.title,
                     "type": res.report.contract_type,
                     "type_name": type_label(res.report, lang), "failed": res.report.failed,
                     "counts": res.report.counts(), "risks": len(res.report.risks),
                     "cells": cells})
    types = {row["type"]: row["type_name"] for row in rows}
    return {"columns": [{"id": pid, "title": t, "code": codes[pid]} for pid, t in columns.items()],
            "rows": rows, "types": sorted(types.items())}
