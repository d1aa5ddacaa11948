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
from clausecheck.report.labels import STATUS_SYMBOLS, provision_codes
from clausecheck.serve.labels import ui_label


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
    units = [build(c) for c in document.clauses]
    annexes = [Unit(id=f"a{i}", ref=a.title, kind="annex", heading=a.title,
                    text=Markup(escape(a.text))) for i, a in enumerate(document.annexes)]
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

KNOWN_FACTS = ("parties", "direction", "discloser", "effective_date", "term_months",
               "auto_renewal", "survival_months", "governing_law", "forum", "purpose")
# shown beside the field they qualify, not as rows of their own
_QUALIFIERS = {"survival_note": "survival_months", "governing_law_region": "governing_law"}


@dataclass
class FactRow:
    key: str
    label: str
    value: str
    note: str = ""
    links: list[tuple[str, str | None]] = field(default_factory=list)
    stated: bool = True


def fact_rows(facts: Any, lang: str, unit_of_ref: dict[str, str]) -> list[FactRow]:
    """The key facts as label/value rows, with links to the clause each comes from.

    Tolerant by design: the ``facts`` object is another part's output and may gain fields;
    an unknown scalar field is shown under its own name, a null one as "not stated".
    """
    if not isinstance(facts, dict):
        return []
    sources = facts.get("sources") if isinstance(facts.get("sources"), dict) else {}
    keys = [k for k in KNOWN_FACTS if k in facts]
    keys += [k for k in facts if k not in KNOWN_FACTS and k != "sources"
             and k not in _QUALIFIERS and not isinstance(facts[k], (dict, list))]
    rows = []
    for key in keys:
        value = facts.get(key)
        label_key = f"fact_{key}"
        label = ui_label(label_key, lang)
        if label == label_key:
            label = key.replace("_", " ")
        text = _fact_text(key, value, facts, lang)
        note = ""
        for qual, target in _QUALIFIERS.items():
            if target == key and facts.get(qual):
                note = str(facts[qual])
        rows.append(FactRow(key=key, label=label,
                            value=text if text else ui_label("fact_not_stated", lang),
                            note=note, links=_fact_links(sources.get(key), unit_of_ref),
                            stated=bool(text) or bool(note)))
    return rows


def _fact_text(key: str, value: Any, facts: dict[str, Any], lang: str) -> str:
    if value is None or value == "" or value == []:
        return ""
    if key == "parties" and isinstance(value, list):
        names = []
        for p in value:
            if isinstance(p, dict):
                name, alias = p.get("name") or "", p.get("alias") or ""
                names.append(f"{name}（{alias}）" if name and alias and lang == "ja"
                             else f"{name} ({alias})" if name and alias else name or alias)
            else:
                names.append(str(p))
        return " / ".join(n for n in names if n)
    if key == "direction":
        return ui_label(f"fact_{value}", lang) if value in ("one_way", "mutual") else str(value)
    if key in ("term_months", "survival_months") and isinstance(value, int):
        return _months(value, lang)
    if isinstance(value, bool):
        return ui_label("yes" if value else "no", lang)
    if key == "governing_law" and facts.get("governing_law_region"):
        return f"{value}（{facts['governing_law_region']}）" if lang == "ja" \
            else f"{value} ({facts['governing_law_region']})"
    if isinstance(value, (dict, list)):
        return ", ".join(str(v) for v in (value.values() if isinstance(value, dict) else value))
    return str(value)


def _months(n: int, lang: str) -> str:
    if n and n % 12 == 0:
        return ui_label("years_months", lang, y=n // 12)
    return ui_label("months", lang, n=n)


def _fact_links(source: Any, unit_of_ref: dict[str, str]) -> list[tuple[str, str | None]]:
    refs: list[str] = []
    items = source if isinstance(source, list) else [source]
    for item in items:
        if isinstance(item, str) and item:
            refs.append(item)
        elif isinstance(item, dict):
            ref = item.get("clause") or item.get("ref")
            if isinstance(ref, str) and ref:
                refs.append(ref)
    return [(ref, unit_of_ref.get(ref)) for ref in refs]


# --------------------------------------------------------------------------- portfolio

def matrix_view(results: list[Any], lang: str) -> dict[str, Any]:
    """Rows (contracts) × columns (provisions, in profile order of first appearance)."""
    columns: dict[str, str] = {}
    for res in results:
        for f in res.report.findings:
            if res.report.language == lang or f.provision not in columns:
                columns.setdefault(f.provision, f.title)
    codes = provision_codes(columns)
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
                     "type": res.report.contract_type, "failed": res.report.failed,
                     "counts": res.report.counts(), "risks": len(res.report.risks),
                     "cells": cells})
    return {"columns": [{"id": pid, "title": t, "code": codes[pid]} for pid, t in columns.items()],
            "rows": rows}
