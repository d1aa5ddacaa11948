"""What the pages show, built from the check JSON and the Document: never a re-check.

The result page is drawn from the same dict that ``clausecheck check --format json`` prints,
from the Document for the contract text, and from the report's key facts in the words every
report uses (``report.facts_view``). Each clause of the text knows the provisions it serves, each
finding the clauses that prove it; the page's script only toggles classes on these links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any, Iterable

from markupsafe import Markup

from clausecheck.model import Clause, Document, Facts
from clausecheck.report import facts_view
from clausecheck.report.labels import (STATUS_SYMBOLS, label, provision_codes, ref_label,
                                       role_label, type_label)
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
    chapter: str = ""   # the chapter heading drawn above the first article of a chapter

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
    chapter = ""
    for unit, clause in zip(units, document.clauses):
        if clause.chapter and clause.chapter != chapter:
            unit.chapter = clause.chapter
        chapter = clause.chapter
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
        view["links"] = [(ref_label(ref), unit_of_ref.get(ref)) for ref in f.get("clauses", [])]
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
        view["links"] = [(ref_label(ref), unit_of_ref.get(ref)) for ref in r.get("clauses", [])]
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


# the fields of ``Facts`` each row of the reports' key facts rests on: a row links to every
# clause one of them comes from, and names the blanks of a template among them
FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "parties": ("parties",),
    "direction": ("direction", "discloser"),
    "effective_date": ("effective_date",),
    "term": ("term_months", "term_start", "term_note", "end_date"),
    "renewal": ("auto_renewal", "renewal_months", "renewal_notice"),
    "survival": ("survival_months", "survival_from", "survival_note"),
    "governing_law": ("governing_law", "governing_law_region"),
    "forum": ("forum", "forum_exclusive", "arbitration_seat"),
    "purpose": ("purpose",),
}


def fact_rows(facts: Facts | None, lang: str, unit_of_ref: dict[str, str]) -> list[FactRow]:
    """The key facts as label/value rows in the words of the downloaded reports
    (``report.facts_view``: one wording for the page, the HTML, Excel and the terminal), each
    linked to the clauses it comes from; then the blanks a template left and the defined
    terms. What the contract does not state is said so, never left out."""
    if facts is None:
        return []
    titles = dict(facts_view.FACT_KEYS)
    rows: list[FactRow] = []
    for key, title in facts_view.FACT_KEYS:
        value = facts_view.fact_value(facts, key, lang)
        rows.append(FactRow(key=key, label=label(title, lang),
                            value=value if value is not None else label("not_stated", lang),
                            links=_fact_links(facts.sources, FACT_FIELDS.get(key, (key,)),
                                              unit_of_ref, lang),
                            stated=value is not None))
    blank_rows = []
    for name in facts.placeholders:
        row = next((k for k, fields in FACT_FIELDS.items() if name in fields), None)
        text = label(titles[row], lang) if row in titles else name
        if text not in blank_rows:
            blank_rows.append(text)
    if blank_rows:
        rows.append(FactRow(key="placeholders", label=ui_label("fact_placeholders", lang),
                            value=("、" if lang == "ja" else ", ").join(blank_rows),
                            links=_fact_links(facts.sources, facts.placeholders, unit_of_ref,
                                              lang)))
    if facts.defined_terms:
        rows.append(FactRow(key="defined_terms", label=ui_label("fact_defined_terms", lang),
                            value=("、" if lang == "ja" else ", ").join(facts.defined_terms),
                            links=_fact_links(facts.sources, ("defined_terms",), unit_of_ref,
                                              lang)))
    return rows


def _fact_links(sources: dict[str, str], fields: Iterable[str], unit_of_ref: dict[str, str],
                lang: str) -> list[tuple[str, str | None]]:
    """(what the link says, the unit id or None) per clause the fields come from."""
    links: list[tuple[str, str | None]] = []
    for name in fields:
        ref = sources.get(name)
        if not ref:
            continue
        link = (facts_view.source_label(ref, lang), unit_of_ref.get(ref))
        if link not in links:
            links.append(link)
    return links


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


# --------------------------------------------------------------------------- the side menu

@dataclass(frozen=True)
class SideOption:
    value: str  # what the form sends: a side id or a party name, as ``check --side`` takes
    label: str
    side: str  # the side it stands for (discloser, recipient, mutual)
    types: str  # the contract-type menus it is offered under ("auto" and type ids), spaced


@dataclass(frozen=True)
class SideGroup:
    label: str  # "" for the generic sides, else the contract type's name
    options: tuple[SideOption, ...]


def side_menu(library: Any, lang: str) -> list[SideGroup]:
    """The start page's side menu: the generic sides, then each contract type's parties in
    the page's language (委託者（開示者）, licensee (recipient)), then mutual again for the
    types that name their parties (below them rather than above). Each option says under
    which type choices it is offered: a type that names its parties shows those instead of
    the generic ones; "auto" shows the generic sides and every party name that stands for
    one side whatever type is detected (the page's script hides the rest; without it all
    are shown, and the server resolves any of them as ``--side`` does)."""
    from clausecheck.model import SIDES

    types = library.type_ids
    named = [t for t in types if library.profile(t).roles]

    def generic(side: str, under: list[str]) -> SideOption:
        return SideOption(side, ui_label(f"side_menu_{side}", lang), side, " ".join(under))

    groups = [SideGroup("", tuple(
        generic(side, ["auto"] + [t for t in types if t not in named]) for side in SIDES))]
    for t in named:
        profile = library.profile(t)
        options = []
        for side in SIDES:
            role = profile.role(side)
            if role is None:
                continue
            name = role.get(lang) or role.get("en")
            under = [t]
            if name != label(side, lang) and _one_side_everywhere(library, name, side):
                under.insert(0, "auto")
            options.append(SideOption(name, role_label(name, side, lang), side, " ".join(under)))
        groups.append(SideGroup(profile.title.get(lang), tuple(options)))
    # below a type's own parties, not above them, the generic sides that type does not name
    # (mutual: both parties disclose, whatever they are called)
    last = [generic(side, [t for t in named if library.profile(t).role(side) is None])
            for side in SIDES]
    groups.append(SideGroup("", tuple(o for o in last if o.types)))
    return groups


def _one_side_everywhere(library: Any, name: str, side: str) -> bool:
    """True when ``--side name`` means ``side`` whichever type the contract turns out to be."""
    try:
        return library.side(name, None) == side
    except ValueError:
        return False
