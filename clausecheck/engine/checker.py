"""The Checker: judge every provision of a contract-type profile for one Document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator

from clausecheck.engine import learned as learnedmod
from clausecheck.engine import risks as riskmod
from clausecheck.engine.align import (
    HEADING_FUZZY_MIN, PREAMBLE_FACTOR, STRONG, THRESHOLD, W_BODY, W_ELEMENT, W_HEADING, CompiledProvision, Layout,
    SentenceMatch, Unit, build_layout, compile_provision, heading_score, match_sentences)
from clausecheck.engine.cues import CueCompiler, cue_matches, find_offset
from clausecheck.engine.detect import detect_contract_type
from clausecheck.facts import extract_facts
from clausecheck.model import (
    Document, Evidence, Finding, MissingElement, Report, Risk)
from clausecheck.nlp import get_analyzer, is_formality, states_term

EVIDENCE_CHARS = 300
CUE_LABEL_CHARS = 90
_NEGATED_NAME = {"ja": "義務の免除（〜を要しない等）", "en": "obligation excused (e.g. \"not required to\")"}


@dataclass
class ProvisionResult:
    """The alignment of one provision, before it becomes a Finding."""

    id: str
    evidence: list[tuple[Unit, float, str]] = field(default_factory=list)  # unit, score, text
    elements: dict[str, list[str]] = field(default_factory=dict)   # element id -> refs
    weakening: dict[str, list[str]] = field(default_factory=dict)
    negated: list[str] = field(default_factory=list)               # refs of excused duties
    considered: list[dict[str, Any]] = field(default_factory=list)
    learned: dict[str, list[str]] = field(default_factory=dict)    # "added"/"vetoed" -> refs
    # per evidence unit, the sentences that decided: what provides the provision, what weakens
    # it, what excuses the duty ("" for none)
    deciding: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    matched: set[int] = field(default_factory=set)   # sentences where a cue of it matched


def _shown(label: str, limit: int = CUE_LABEL_CHARS) -> str:
    """A cue as --explain shows it: long patterns cut, so one record stays one readable line
    (the full cue is in the library file)."""
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _trim(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip() + "…"


_SHIPPED = object()


class Checker:
    """Holds the library, the analyzers and the learned layer; ``check`` judges one document.

    ``learned``: the learned layer's model (``engine.learned``); by default the one shipped
    with clausecheck, ``None`` for rules alone.
    """

    def __init__(self, library: Any, learned: Any = _SHIPPED) -> None:
        self.library = library
        self._learned = learned     # _SHIPPED: the packaged model, loaded when first needed
        self._compiled: dict[str, tuple[CueCompiler, dict[str, CompiledProvision]]] = {}

    # -- compilation (once per language) -------------------------------------------------
    @property
    def learned(self) -> Any:
        """The learned layer's model (None: rules alone)."""
        if self._learned is _SHIPPED:
            self._learned = learnedmod.load_model()
        return self._learned

    @learned.setter
    def learned(self, model: Any) -> None:
        self._learned = model

    def _model_for(self, explain: bool) -> Any:
        """The model a check uses: none when it cannot change a verdict (adds and vetoes
        switched off, as shipped) and its scores are not asked for; the packaged one is then
        not even loaded (a cold check is faster by its load)."""
        if not explain:
            if self._learned is _SHIPPED and learnedmod.model_is_inert():
                return None
            if self._learned is not _SHIPPED and (self._learned is None or self._learned.inert):
                return None
        return self.learned

    def _compiled_for(self, lang: str) -> tuple[CueCompiler, dict[str, CompiledProvision]]:
        hit = self._compiled.get(lang)
        if hit is None:
            compiler = CueCompiler(get_analyzer(lang))
            provisions = {p.id: compile_provision(p, compiler) for p in self.library.provisions}
            # Profile detection cues are matched in the same pass as everything else.
            for profile in self.library.profiles.values():
                compiler.compile_all(profile.detect.get(lang))
                compiler.compile_all(profile.content.get(lang))
            hit = (compiler, provisions)
            self._compiled[lang] = hit
        return hit

    def warm_up(self, langs: Iterable[str] = ("ja", "en")) -> None:
        """Load the analyzers and compile the cues now (scan workers call this once)."""
        for lang in langs:
            self._compiled_for(lang)

    # -- the public entry point ----------------------------------------------------------
    def check(self, document: Document, *, contract_type: str = "auto",
              side: str = "discloser", ui_lang: str = "auto",
              provisions: Iterable[str] | None = None, lang: str | None = None,
              explain: bool = True) -> Report:
        """Judge every provision of the profile (or the given ``provisions``).

        ``explain``: record the learned layer's scores in each finding's explanation even
        when the layer cannot change a verdict (False skips it then: faster).

        ``lang`` ("ja"/"en") forces the language the contract is read in (``--lang``).
        ``side`` may be a party name of the type (``Library.side``); ValueError if unknown."""
        if lang not in (None, "", "auto"):
            if lang not in ("ja", "en"):
                raise ValueError(f"unknown language {lang!r} (choose from ja, en)")
            document = replace(document, language=lang)
        lang_detected = lang in (None, "", "auto")
        lang = document.language if document.language in ("ja", "en") else "en"
        ui = lang if ui_lang in ("auto", "", None) else ui_lang
        compiler, compiled = self._compiled_for(lang)
        layout = build_layout(document, compiler.analyzer, compiler)

        detected = contract_type in ("auto", "", None)
        if detected:
            ctype, type_explain = detect_contract_type(document, self.library, compiler, layout)
        elif contract_type in self.library.profiles:
            ctype, type_explain = contract_type, {}
        else:
            raise ValueError(f"unknown contract type {contract_type!r} (this library knows "
                             f"{', '.join(self.library.type_ids)})")
        profile = self.library.profile(ctype)
        side = self.library.side(side, ctype)   # 委託者 / licensee: the type's own party names
        levels = profile.requirements(side)
        wanted = list(provisions) if provisions is not None else list(levels)

        results: dict[str, ProvisionResult] = {}
        chosen = []
        model = self._model_for(explain)
        probs = (model.score_units(learnedmod.layout_features(layout, compiler.analyzer))
                 if model is not None else {})
        for pid in wanted:
            provision = self.library.find(pid)
            if provision is None:  # a profile or caller naming a provision this library lacks
                continue
            chosen.append((pid, provision))
            results[provision.id] = self._align(compiled[provision.id], layout, compiler,
                                                probs.get(provision.id))
            self._weakening_checks(provision, results[provision.id], layout, lang)
        risks = self._risks([p for _pid, p in chosen], results, layout, compiler, compiled,
                            profile, side, lang, ui)
        findings: list[Finding] = []
        facts = extract_facts(document)
        for pid, provision in chosen:
            raised = [r for r in risks if r.provision == provision.id]
            findings.append(self._finding(provision, results[provision.id],
                                          levels.get(pid, "recommended"), lang, ui, raised,
                                          law=facts.governing_law))
        if type_explain and findings:
            findings[0].explanation.setdefault("contract_type", type_explain)
        role = profile.role(side)
        return Report(file=document.path, language=lang, contract_type=ctype, side=side,
                      findings=tuple(findings), risks=tuple(risks), title=document.title,
                      document=document, type_detected=detected,
                      language_detected=lang_detected, facts=facts,
                      warnings=language_warnings(document, ui, lang_detected),
                      type_title={"ja": profile.title.ja, "en": profile.title.en},
                      type_short={"ja": profile.label.ja, "en": profile.label.en},
                      role={"ja": role.ja, "en": role.en} if role else {},
                      conversion=document.conversion)

    # -- alignment of one provision ------------------------------------------------------
    def _align(self, prov: CompiledProvision, layout: Layout, compiler: CueCompiler,
               probs: list[float] | None = None) -> ProvisionResult:
        analyzer = compiler.analyzer
        per_sentence = match_sentences(prov, layout, compiler)
        result = ProvisionResult(prov.id)
        result.matched = {i for i, m in per_sentence.items() if m.body or m.elements}
        model = self.learned if probs is not None else None
        required_ids = {eid for eid, req, _cues in prov.elements if req}
        trusted = model is not None and model.trusted(prov.id, compiler.lang)
        chosen: list[Unit] = []
        covered: list[range] = []     # sentence ranges already inside chosen evidence
        covered_at: set[int] = set()  # their sentences: a set lookup, not a scan of ranges
        candidates: list[tuple[Unit, float, bool]] = []
        for index, unit in enumerate(layout.units):
            h_score, h_cue = 0.0, ""
            if unit.kind == "article":
                memo = layout.heading_scores.get((prov.id, unit.heading))
                if memo is None:
                    memo = heading_score(prov, unit.heading, analyzer, compiler)
                    layout.heading_scores[(prov.id, unit.heading)] = memo
                h_score, h_cue = memo
            body: set[str] = set()
            mentions: set[str] = set()
            elems: set[str] = set()
            exempt_hits = False
            operative = False     # a matched sentence states a term (duty, definition)
            for i in unit.own:
                m = per_sentence.get(i)
                if m is None:
                    continue
                if unit.kind == "preamble" and (m.body or m.elements) and not operative:
                    operative = i in layout.defining or states_term(layout.sentences[i].flat,
                                                                    compiler.lang)
                if layout.sentences[i].exempt:
                    exempt_hits = exempt_hits or bool(m.body or m.elements)
                body.update(m.body)
                mentions.update(m.mentions)
                elems.update(m.elements)
            if elems:
                # A defined term (「委託先」, "Research Personnel") counts next to a part of the
                # provision ("disclosure to a 委託先 needs prior consent"), never alone: "the
                # Research Personnel" in a storage or non-solicitation duty only names them.
                body |= mentions
            if h_score and not body and not elems and len(unit.tree) and all(
                    is_formality(layout.sentences[i].flat, compiler.lang) for i in unit.tree):
                # A heading 「（目的）」 over the signing formula and the parties' details
                # names the deal: it provides no purpose.
                h_score = 0.0
            score = (W_HEADING if h_score else 0.0) + W_BODY * len(body) + W_ELEMENT * len(elems)
            if unit.kind == "preamble" and not operative:
                # A recital names the deal; a term stated before the first article (a
                # definitions section, lettered terms under "Whereas") still binds.
                score *= PREAMBLE_FACTOR
            p = probs[index] if probs is not None else None
            learned = ""
            if model is not None and p is not None and unit.kind != "preamble":
                # Support is a part that characterises the provision (a required element,
                # a defined term, a cue); a generic element ("prior written consent") is not.
                supported = bool(mentions or body or elems & required_ids)
                if (score < THRESHOLD and p >= (model.add if supported else model.add_alone)
                        and self._states_something(unit, layout)):
                    # Unseen wording of a known duty: the learned layer adds the unit.
                    learned, score = "added", THRESHOLD
                elif (trusted and THRESHOLD <= score < STRONG and not h_score
                      and p < model.veto):
                    # One cue alone, and a model that knows this provision in this language
                    # finds nothing of it here: a passing mention, not the provision.
                    learned = "vetoed"
            if not (h_score or body or elems or learned):
                continue
            record = {"clause": unit.ref, "score": round(score, 2), "threshold": THRESHOLD,
                      "heading": {"cue": h_cue, "score": round(h_score, 1),
                                  "min": HEADING_FUZZY_MIN} if h_score else None,
                      "body_cues": sorted(_shown(c) for c in body), "elements": sorted(elems)}
            if p is not None:
                record["learned"] = {"p": round(p, 3), **({"effect": learned} if learned else {})}
            result.considered.append(record)
            if learned:
                result.learned.setdefault(learned, []).append(unit.ref)
            if score >= THRESHOLD and learned != "vetoed":
                # Only a heading backed by the article's own words anchors the provision: a
                # heading that merely shares a word (「データ解析サービス」) does not.
                candidates.append((unit, score, bool(h_score) and any(
                    per_sentence.get(i) is not None and (per_sentence[i].body
                                                         or per_sentence[i].elements)
                    for i in unit.tree)))
        # When an article's heading announces the provision, that article is the anchor and
        # other clauses join it only on strong evidence (STRONG): a defined term such as
        # 「本目的」 recurring in every article must not spread the provision over the whole
        # contract. Without any such heading, every unit over the threshold is evidence.
        if any(h for _u, _s, h in candidates):
            anchored: set[str] = set()
            for unit, _s, h in candidates:
                if h:
                    anchored.update(self._elements_in(unit.tree, per_sentence, layout))
            # A clause elsewhere joins when it is strong or brings an element the anchor
            # lacks: the provision is spread over several clauses.
            candidates = [c for c in candidates if c[2] or c[1] >= STRONG
                          or self._elements_in(c[0].tree, per_sentence, layout) - anchored]
        for unit, score, _h in candidates:
            if unit.list_parent >= 0:
                # An item of a list is judged with its lead-in and its sibling items:
                # "may terminate if the other Party: (b) becomes insolvent; (e) undergoes a
                # change of control" is one clause.
                unit = layout.units[unit.list_parent]
            if unit.own and unit.own.start in covered_at:
                continue  # already inside an ancestor taken as evidence
            # Evidence covers the unit's subtree: a lead-in ("The Recipient shall:") is
            # completed by its items, and a heading speaks for the whole article.
            span = unit.tree
            chosen.append(unit)
            covered.append(span)
            covered_at.update(span)
            text = " ".join(layout.text(i) for i in span) or unit.heading
            result.evidence.append((unit, min(1.0, score / (THRESHOLD * 2)), text))
        # Elements, weakening and excused duties across every evidence span.
        for unit, span in zip(chosen, covered):
            for i in span:
                m = per_sentence.get(i)
                if m is None:
                    continue
                sent = layout.sentences[i]
                if sent.exempt and (m.body or m.elements):
                    result.negated.append(unit.ref)
                    continue
                for eid in m.elements:
                    result.elements.setdefault(eid, []).append(unit.ref)
                for wid in m.weakening:
                    result.weakening.setdefault(wid, []).append(unit.ref)
            result.deciding[unit.ref] = _deciding_sentences(span, per_sentence, layout)
        # The other paragraphs of an evidence article may complete the provision ("the
        # information stays the discloser's property" next to "improvements belong to the
        # discloser"): their elements count, their weakening terms do not.
        seen = covered_at
        for unit in chosen:
            article = layout.units[unit.article]
            for i in article.tree:
                m = per_sentence.get(i)
                if i in seen or m is None or layout.sentences[i].exempt:
                    continue
                for eid in m.elements:
                    result.elements.setdefault(eid, []).append(article.ref)
        # A defined term the evidence uses brings its definition: "may disclose it only to its
        # Authorized Users" is completed by '"Authorized Users" means employees who need to use
        # it'. The definition's elements count, its weakening terms do not.
        if chosen and layout.terms:
            owner = _sentence_units(layout)
            for i in sorted(covered_at):
                for j in layout.definitions_used(i):
                    m = per_sentence.get(j)
                    if j in seen or m is None or layout.sentences[j].exempt:
                        continue
                    ref = owner[j].ref if owner[j] is not None else ""
                    for eid in m.elements:
                        result.elements.setdefault(eid, []).append(ref)
        return result

    @staticmethod
    def _weakening_checks(provision: Any, result: ProvisionResult, layout: Layout,
                          lang: str) -> None:
        """Weakening terms that are computed checks, run on the provision's evidence: on
        the sentences of it where a cue of the provision matched, so that a period stated
        elsewhere in the cited article (a payment due 30 days after the stay) is not read as
        the provision's own."""
        for weakening in provision.weakening:
            if weakening.check is None:
                continue
            for unit, _score, _text in result.evidence:
                hit = next(_check_holds(weakening.check, unit, result, layout, lang), None)
                if hit is not None:
                    result.weakening.setdefault(weakening.id, []).append(unit.ref)
                    provides, weakens, excuses = result.deciding.get(unit.ref, ("", "", ""))
                    result.deciding[unit.ref] = (provides, weakens or _sentence_shown(layout, hit),
                                                 excuses)

    @staticmethod
    def _states_something(unit: Unit, layout: Layout) -> bool:
        """Rules keep the last word on polarity: a unit whose every sentence excuses a duty
        or only defers to other articles states nothing the learned layer could add."""
        return any(not layout.sentences[i].exempt and i not in layout.defers
                   for i in unit.own)

    @staticmethod
    def _elements_in(span: range, per_sentence: dict[int, SentenceMatch],
                     layout: Layout) -> set[str]:
        out: set[str] = set()
        for i in span:
            m = per_sentence.get(i)
            if m is not None and not layout.sentences[i].exempt:
                out.update(m.elements)
        return out

    # -- verdict -------------------------------------------------------------------------
    def _finding(self, provision: Any, result: ProvisionResult, requirement: str,
                 lang: str, ui: str, raised: list[Risk], law: str | None = None) -> Finding:
        """The verdict; its suggestion is the recommended text for the contract's governing
        law ``law`` (key facts; None when it names none)."""
        missing = tuple(MissingElement(e.id, e.name.get(ui)) for e in provision.elements
                        if e.required and e.id not in result.elements)
        weak_names = [_fill(w.name.get(ui), w.check.placeholders() if w.check else {})
                      for w in provision.weakening if w.id in result.weakening]
        if result.negated and not result.elements:
            weak_names.append(_NEGATED_NAME.get(ui, _NEGATED_NAME["en"]))
        # A risk raised on the provision (archival copies kept, a short survival...) is the
        # guidance's "typical weak version": the clause is there but weak. A risk whose flag
        # says `weakens: false` (a foreign law or court) is reported beside a provision that
        # stays present.
        weakening_flags = {spec.flag for spec in provision.risk_flags if spec.weakens}
        weak_names.extend(r.title for r in raised
                          if r.flag in weakening_flags and r.title not in weak_names)
        core_lacking = bool(result.evidence) and bool(provision.core) and not any(
            c in result.elements for c in provision.core)
        if not result.evidence:
            status, missing = "missing", tuple(MissingElement(e.id, e.name.get(ui))
                                               for e in provision.elements if e.required)
            weak_names = []
        elif core_lacking:
            # Related clauses are there but none of the core elements ("returns only on
            # request", termination on insolvency only): the guidance's typical weak version.
            # The provision is weak, the core element is named first among what is missing,
            # and the weakening says what the clauses hold instead.
            # Only a clause that gives part of the protection (one element of the provision)
            # is its weak version; a clause that merely mentions the subject ("a change of
            # control is not an assignment") provides nothing: missing, still cited.
            status = "weak" if result.elements else "missing"
            core = provision.core_elements
            missing = tuple(MissingElement(e.id, e.name.get(ui)) for e in core) + tuple(
                m for m in missing if m.id not in provision.core)
            weak_names.insert(0, _core_note(provision, result, ui, bool(result.weakening)))
        elif missing or weak_names:
            status = "weak"
        else:
            status = "present"
        severity = _severity(status, requirement)
        excused = bool(result.negated and not result.elements)
        flagged = [e.sentence for r in raised for e in r.evidence if e.sentence]
        evidence = tuple(Evidence(ref=u.ref, text=_trim(text), score=score, source=u.source,
                                  sentence=_decided(result.deciding.get(u.ref), status, excused,
                                                    _flagged_in(text, flagged)),
                                  clause_id=u.clause_id)
                         for u, score, text in result.evidence)
        explanation = {
            "threshold": THRESHOLD,
            "weights": {"heading": W_HEADING, "body_cue": W_BODY, "element": W_ELEMENT},
            "considered": result.considered[:40],
            "elements_found": {k: sorted(set(v)) for k, v in result.elements.items()},
            "weakening_found": {k: sorted(set(v)) for k, v in result.weakening.items()},
            "excused": sorted(set(result.negated)),
        }
        if result.learned:
            explanation["learned"] = {k: sorted(set(v)) for k, v in result.learned.items()}
        if provision.core:
            explanation["core"] = {"elements": list(provision.core),
                                   "found": sorted(c for c in provision.core
                                                   if c in result.elements),
                                   "rule": "evidence without any core element: weak when it holds another element, else missing; the core element named missing"}
        could_add = () if status == "missing" else tuple(
            MissingElement(e.id, e.name.get(ui)) for e in provision.elements
            if not e.required and e.id not in result.elements)
        return Finding(
            could_add=could_add,
            provision=provision.id, title=provision.title.get(ui), status=status,
            severity=severity, requirement=requirement, guidance=tuple(provision.guidance),
            evidence=evidence, missing_elements=missing, weakening=tuple(weak_names),
            suggestion=provision.recommended.text_for(law).get(lang) if status != "present"
            else "",
            why=provision.why.get(ui), explanation=explanation, code=provision.code,
            placement=provision.placement)

    # -- risk flags ----------------------------------------------------------------------
    def _risks(self, checked: list[Any], results: dict[str, ProvisionResult], layout: Layout,
               compiler: CueCompiler, compiled: dict[str, CompiledProvision], profile: Any,
               side: str, lang: str, ui: str) -> list[Risk]:
        """The risk flags of the provisions checked (the profile's, or those asked for)."""
        out: list[Risk] = []
        unit_of = _sentence_units(layout)
        for provision in checked:
            prov = compiled[provision.id]
            for spec in provision.risk_flags:
                severity = profile.risk_severity(spec.flag, spec.severity, side)
                if severity is None:
                    continue
                cues = next((c for f, c in prov.risks if f == spec.flag), ())
                refs = self._risk_hits(cues, layout, compiler, unit_of)
                if spec.check is not None:
                    # A period or a court only means something inside its provision: "one
                    # year after the end" in a non-solicitation clause is no short survival.
                    inside = self._evidence_sentences(results.get(provision.id))
                    refs = [(u, i) for u, i in refs if set(u.own) & inside]
                    refs += self._check_hits(spec.check, results.get(provision.id), layout,
                                             unit_of, lang)
                if not refs:
                    continue
                seen: dict[str, tuple[Unit, int]] = {}
                for unit, i in refs:
                    seen.setdefault(unit.ref, (unit, i))
                evidence = tuple(Evidence(u.ref, _trim(u.clause.text if u.clause else ""),
                                          1.0, u.source, sentence=_sentence_shown(layout, i),
                                          clause_id=u.clause_id)
                                 for u, i in seen.values())
                fill = spec.check.placeholders() if spec.check is not None else {}
                out.append(Risk(flag=spec.flag, title=_fill(spec.title.get(ui), fill),
                                severity=severity, provision=provision.id, evidence=evidence,
                                note=_fill(spec.note.get(ui), fill),
                                suggestion=_fill(spec.suggestion.get(lang), fill)))
        return out

    @staticmethod
    def _evidence_sentences(result: ProvisionResult | None) -> set[int]:
        out: set[int] = set()
        for unit, _score, _text in (result.evidence if result else ()):
            out.update(unit.tree)
        return out

    @staticmethod
    def _risk_hits(cues: tuple, layout: Layout, compiler: CueCompiler,
                   unit_of: list[Unit | None]) -> list[tuple[Unit, int]]:
        """The units where a risk cue matches, each with the sentence it matched in."""
        hits: list[tuple[Unit, int]] = []
        if not cues:
            return hits
        for i, (sent, leaves) in enumerate(zip(layout.sentences, layout.hits.hits)):
            if not leaves or unit_of[i] is None:
                continue
            for cue in cues:
                if cue_matches(cue, sent, leaves, compiler) and not riskmod.negated_near(
                        sent, find_offset(cue, sent, compiler), compiler.lang):
                    hits.append((unit_of[i], i))
                    break
        return hits

    @staticmethod
    def _check_hits(check: Any, result: ProvisionResult | None, layout: Layout,
                    unit_of: list[Unit | None], lang: str) -> list[tuple[Unit, int]]:
        """The units of the provision's own evidence where a computed check holds, each with
        the sentence it holds in: one of the sentences where a cue of the provision matched (a
        payment due 30 days after the stay, in the article cited for survival, is no survival
        period)."""
        if result is None:
            return []
        return [(unit_of[i] or unit, i) for unit, _score, _text in result.evidence
                for i in _check_holds(check, unit, result, layout, lang)]


def _check_holds(check: Any, unit: Unit, result: ProvisionResult, layout: Layout,
                 lang: str) -> Iterator[int]:
    """The sentences of an evidence unit where a computed check holds: only those where a cue
    of the provision matched (a period stated elsewhere in the cited article is not the
    provision's own). Shared by weakening terms and risk flags that name a check."""
    for i in unit.tree:
        if i in result.matched and riskmod.run_check(check, layout.text(i), lang):
            yield i


def _deciding_sentences(span: range, per_sentence: dict[int, SentenceMatch],
                        layout: Layout) -> tuple[str, str, str]:
    """The sentences of an evidence span that decided, as the reports show them: the one
    with most of the provision (elements count double, the provision's other words once; the
    first sentence when no cue matched, as for a heading or the learned layer), the first
    one holding a weakening term, and the first one excusing the duty ("" when none does)."""
    provides, best, weakens, excuses = -1, 0, -1, -1
    for i in span:
        m = per_sentence.get(i)
        if m is None:
            continue
        if layout.sentences[i].exempt:
            if excuses < 0 and (m.body or m.elements):
                excuses = i
            continue
        if weakens < 0 and m.weakening:
            weakens = i
        weight = 2 * len(m.elements) + len(m.body)
        if weight > best:
            provides, best = i, weight
    if provides < 0:
        provides = next((i for i in span if layout.text(i).strip()), -1)
    return tuple(_sentence_shown(layout, i) if i >= 0 else ""  # type: ignore[return-value]
                 for i in (provides, weakens, excuses))


LEAD_CHARS = 120


def _sentence_shown(layout: Layout, i: int) -> str:
    """Sentence ``i`` as a report shows it: an item of a list with its lead-in, as the
    engine read it (「甲は、乙が次の各号のいずれかに該当したときは…解除できる。 … 支払停止…」);
    a long lead-in is cut so that the item itself stays in view."""
    shown = layout.text(i)
    read = layout.sentences[i].text
    if read == shown or not read.endswith(shown):
        return _trim(shown)
    lead = read[:len(read) - len(shown)].strip()
    return f"{_trim(lead, LEAD_CHARS)} … {_trim(shown, EVIDENCE_CHARS - LEAD_CHARS)}" if lead \
        else _trim(shown)


def _decided(sentences: tuple[str, str, str] | None, status: str, excused: bool,
             flagged: str) -> str:
    """The one sentence a report shows for an evidence clause: for a defect, the one with a
    weakening term (listed first among what is lacking), else the one where a risk raised on
    the provision matched, else the one that excuses the duty, when there is one."""
    provides, weakens, excuses = sentences or ("", "", "")
    if status == "present":
        return provides
    return weakens or flagged or (excuses if excused else "") or provides


def _flagged_in(text: str, flagged: list[str]) -> str:
    """The first risk sentence that stands in an evidence clause's text."""
    flat = " ".join(text.split())
    return next((s for s in flagged if s.rstrip("…") in flat), "")


def _core_note(provision: Any, result: ProvisionResult, ui: str, explained: bool) -> str:
    """Why related clauses do not provide the provision: the core element they lack and,
    unless a weakening term found already says it, what they hold instead
    ("only financial distress (no change of control)")."""
    ui = ui if ui in _CORE_SEP else "en"
    lack = _CORE_SEP[ui].join(_short(e.name.get(ui)) for e in provision.core_elements)
    found = _CORE_SEP[ui].join(_short(e.name.get(ui)) for e in provision.elements
                               if e.id in result.elements and e.id not in provision.core)
    if found and not explained:
        return _CORE_ONLY[ui].format(found=found, lack=lack)
    return _CORE_NONE[ui].format(lack=lack)


def _short(name: str) -> str:
    """An element name without its parenthetical detail, for a one-line note."""
    return re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", name) or name


_CORE_SEP = {"ja": "、", "en": ", "}
_CORE_ONLY = {"ja": "{found}のみ（{lack}がない）", "en": "only {found} (no {lack})"}
_CORE_NONE = {"ja": "{lack}がない", "en": "no {lack}"}


def _fill(text: str, values: dict[str, str]) -> str:
    """A title or note with its check's parameters filled in ("shorter than {years} years")."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


# A share of the text in languages clausecheck cannot read above which the report says so.
FOREIGN_SHARE_WARN = 0.15
_WARN_UNREADABLE = {
    "ja": "この契約書は{langs}で書かれており、clausecheckが読めるのは日本語と英語のみです。判定は信頼できません（--lang で読む言語を指定できます）。",
    "en": "This contract is written in {langs}; clausecheck reads Japanese and English only, so "
          "these verdicts cannot be trusted (--lang forces the language it is read in).",
}
_WARN_PART = {
    "ja": "本文の{share}は{langs}で書かれており、判定の対象外です（{main}の部分のみを判定しました）。",
    "en": "{share} of the text is in {langs}, which clausecheck cannot read; only the {main} "
          "part was checked.",
}


def language_warnings(document: Document, ui: str, detected: bool = True) -> tuple[str, ...]:
    """Say so when much of the contract is in a language clausecheck cannot read."""
    from clausecheck.reader.langid import NAMES, SUPPORTED

    shares = dict(document.languages)
    foreign = {k: v for k, v in shares.items() if k not in SUPPORTED}
    if not foreign or not detected:
        return ()
    ui = ui if ui in _WARN_PART else "en"
    k = 0 if ui == "ja" else 1
    sep = "・" if ui == "ja" else ", "
    langs = sep.join(NAMES.get(code, NAMES["und"])[k] for code in foreign)
    readable = sum(v for code, v in shares.items() if code in SUPPORTED)
    if readable < 0.5:
        return (_WARN_UNREADABLE[ui].format(langs=langs),)
    share = sum(foreign.values())
    if share < FOREIGN_SHARE_WARN:
        return ()
    main = NAMES.get(document.language, NAMES["en"])[k]
    return (_WARN_PART[ui].format(share=f"{share:.0%}", langs=langs, main=main),)


def _sentence_units(layout: Layout) -> list[Unit | None]:
    """For each sentence, the unit that owns it (its own text)."""
    out: list[Unit | None] = [None] * len(layout.sentences)
    for unit in layout.units:
        for i in unit.own:
            out[i] = unit
    return out


def _severity(status: str, requirement: str) -> str:
    if status == "present":
        return "ok"
    if requirement == "required":
        return "error" if status == "missing" else "warning"
    return "notice"
