"""Frozen dataclasses passed between the stages.

Data flows one way: file -> Document (reader) -> Findings -> Report (engine) -> reporter or
redliner. Every object has ``to_dict()`` giving plain JSON-ready data; no stage reaches back
into an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal

Language = Literal["ja", "en"]
# A contract type is a profile id of the clause library ("nda", "outsourcing", ...).
ContractType = str
Side = Literal["discloser", "recipient", "mutual"]
Status = Literal["present", "weak", "missing"]
# error: a required provision is missing; warning: a required one is weak (or a risk that
# matters to the side); notice: a recommended provision is missing or weak; ok: present.
Severity = Literal["error", "warning", "notice", "ok"]
ClauseKind = Literal["article", "paragraph", "item"]

LANGUAGES: tuple[str, ...] = ("ja", "en")
SIDES: tuple[str, ...] = ("discloser", "recipient", "mutual")
SEVERITIES: tuple[str, ...] = ("error", "warning", "notice", "ok")


def first_words(text: str, lang: str = "") -> str:
    """The opening words of a text, to cite a clause that has neither number nor heading:
    「甲及び乙は、本契約の…」 (16 characters), “The Recipient shall keep…” (6 words)."""
    flat = " ".join(text.split())
    if not flat:
        return ""
    japanese = lang == "ja" or (not lang and any("\u3040" <= c <= "\u9fff" for c in flat[:20]))
    if japanese:
        return f"「{flat[:16]}…」" if len(flat) > 16 else f"「{flat}」"
    words = flat.split(" ")
    return f"“{' '.join(words[:6])}…”" if len(words) > 6 else f"“{flat}”"


@dataclass(frozen=True)
class Clause:
    """One numbered unit of a contract: an article, a paragraph of it, or an item.

    ``number`` is the label as a reader sees it ("第3条", "2", "①", "(a)", "4.2", "" when the
    unit has none); ``title`` the heading without brackets ("秘密保持", "Confidentiality");
    ``text`` the unit's own text (the heading line excluded, children excluded);
    ``path`` the numbers from the article down to this unit, e.g. ("第8条", "2", "(1)");
    ``source`` where the unit's own text sits: for .docx the indexes of its paragraphs in
    ``reader.docx.iter_body_paragraphs`` order, for .txt/.md the 0-based line indexes.
    ``label`` is how an article without a number is cited, carried by its paragraphs and
    items: its heading (「（秘密保持）」, "Confidentiality") or, without one, its first words;
    the reader makes it unique in the document. ``position`` is the unit's place in the tree
    (1-based: article, paragraph, item), for machines: see ``id``. ``chapter`` is the
    chapter (or part) heading an article stands under, as written (「第2章　秘密情報の取扱い」,
    "CHAPTER 2 CONFIDENTIALITY"); a chapter heading is no clause of its own.
    """

    number: str
    title: str
    text: str
    kind: ClauseKind = "article"
    path: tuple[str, ...] = ()
    source: tuple[int, ...] = ()
    children: tuple["Clause", ...] = ()
    label: str = ""
    position: tuple[int, ...] = ()
    chapter: str = ""

    @property
    def ref(self) -> str:
        """How reports cite the unit: the path joined ("第8条 2 (1)", "8.2 (a)"); under an
        article without a number, its label first ("（秘密保持） 2", "Confidentiality (a)")."""
        parts = [p for p in self.path if p]
        if self.label and not (self.path and self.path[0]):
            parts.insert(0, self.label)
        return " ".join(parts) or self.number or self.label or self.title \
            or first_words(self.text)

    @property
    def id(self) -> str:
        """A stable machine reference, the same whatever the unit's heading or number says:
        "a3" for the third article, "a3.2" for its second paragraph, "a3.2.1" below it
        ("" for a clause built without a position)."""
        return "a" + ".".join(map(str, self.position)) if self.position else ""

    @property
    def full_text(self) -> str:
        """Own text followed by all descendants' text, one unit per line."""
        parts = [self.text] if self.text else []
        parts.extend(c.full_text for c in self.children)
        return "\n".join(p for p in parts if p)

    @property
    def all_sources(self) -> tuple[int, ...]:
        """Source indexes of this unit and all its descendants, in order."""
        out = list(self.source)
        for child in self.children:
            out.extend(child.all_sources)
        return tuple(sorted(set(out)))

    def walk(self) -> Iterator["Clause"]:
        """This unit, then its descendants depth-first in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "kind": self.kind,
            "ref": self.ref,
            "id": self.id,
            "label": self.label,
            **({"chapter": self.chapter} if self.chapter else {}),
            "text": self.text,
            "source": list(self.source),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True)
class Annex:
    """An annex, schedule or exhibit (別紙 / Schedule / Exhibit), kept apart from the clauses."""

    title: str
    text: str
    source: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text, "source": list(self.source)}


@dataclass(frozen=True)
class Conversion:
    """How a file other than .docx/.txt/.md became text: a PDF's text layer, OCR of page
    images, or a conversion by LibreOffice (legacy .doc, .rtf, .odt).

    ``method``: "pdf_text", "ocr" (every page read by OCR), "pdf_text+ocr" (some pages
    scanned), "libreoffice"; ``tool`` names the program and version; ``ocr_pages`` the
    1-based pages read by OCR, ``ocr_confidence`` their mean word confidence (0-100, as
    Tesseract gives it) and ``low_confidence_pages`` those below the warning threshold;
    ``vertical_pages`` the pages read as vertical text (縦書き, columns right to left) and
    ``vertical_unread_pages`` scanned pages that look vertical but were read as horizontal
    lines (no vertical OCR model installed: their text is unreliable).
    """

    method: Literal["pdf_text", "ocr", "pdf_text+ocr", "libreoffice"]
    tool: str = ""
    pages: int = 0
    ocr_pages: tuple[int, ...] = ()
    ocr_confidence: float | None = None
    page_confidence: tuple[float, ...] = ()
    low_confidence_pages: tuple[int, ...] = ()
    skipped_pages: tuple[int, ...] = ()
    converted_from: str = ""
    vertical_pages: tuple[int, ...] = ()
    vertical_unread_pages: tuple[int, ...] = ()

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "tool": self.tool,
            "pages": self.pages,
            "ocr_pages": list(self.ocr_pages),
            "ocr_confidence": (round(self.ocr_confidence, 1)
                               if self.ocr_confidence is not None else None),
            "page_confidence": [round(c, 1) for c in self.page_confidence],
            "low_confidence_pages": list(self.low_confidence_pages),
            "skipped_pages": list(self.skipped_pages),
            "converted_from": self.converted_from,
            "vertical_pages": list(self.vertical_pages),
            "vertical_unread_pages": list(self.vertical_unread_pages),
        }


@dataclass(frozen=True)
class Document:
    """A contract as read: its clause tree and the parts around it.

    ``numbering`` says how article numbers were produced: "auto" (Word automatic numbering),
    "typed" (written in the text) or "none"; the redliner numbers its insertions to match.
    ``structure`` what the reader took for the articles: "numbered" (article labels: 第N条,
    Article N, "N."), "headings" (headings without numbers), "list" (the items of a list the
    whole contract is: (1), ①, 一、, ア, (i)), "paragraphs" (neither: each paragraph); "" for
    a Document built without the segmenter.
    """

    path: str
    format: Literal["docx", "txt", "md", "pdf", "image"]
    language: Language
    title: str
    preamble: str
    clauses: tuple[Clause, ...]
    annexes: tuple[Annex, ...] = ()
    signature: str = ""
    numbering: Literal["auto", "typed", "none"] = "typed"
    preamble_source: tuple[int, ...] = ()
    signature_source: tuple[int, ...] = ()
    char_count: int = 0
    # set when the file was converted (PDF, OCR, LibreOffice); None for .docx/.txt/.md
    conversion: Conversion | None = None
    # Share of the text in each language ("ja", "en", "zh", "ko", "ru", "und"), largest first.
    languages: tuple[tuple[str, float], ...] = ()
    structure: Literal["numbered", "headings", "list", "paragraphs", ""] = ""

    def walk(self) -> Iterator[Clause]:
        """Every clause of every article, depth-first in document order."""
        for clause in self.clauses:
            yield from clause.walk()

    @property
    def text(self) -> str:
        """The whole readable text: title, preamble, clauses, annexes."""
        parts = [self.title, self.preamble]
        for clause in self.clauses:
            head = " ".join(p for p in (clause.number, clause.title) if p)
            parts.extend([head, clause.full_text])
        parts.extend(a.title + "\n" + a.text for a in self.annexes)
        return "\n".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "format": self.format,
            "language": self.language,
            "title": self.title,
            "numbering": self.numbering,
            "structure": self.structure,
            "languages": dict(self.languages),
            "preamble": self.preamble,
            "clauses": [c.to_dict() for c in self.clauses],
            "annexes": [a.to_dict() for a in self.annexes],
            "signature": self.signature,
            **({"conversion": self.conversion.to_dict()} if self.conversion else {}),
        }


@dataclass(frozen=True)
class Party:
    """A party as the contract names it: ``name`` as written (None when the contract leaves
    it blank or a placeholder), ``alias`` its defined short name (甲, "Recipient"), ``role``
    "discloser" / "recipient" in a one-way agreement (None when mutual or unclear)."""

    name: str | None
    alias: str | None = None
    role: Literal["discloser", "recipient"] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "alias": self.alias, "role": self.role}


@dataclass(frozen=True)
class Facts:
    """The contract's key facts, read from its text (``clausecheck.facts.extract_facts``).

    What the contract does not say is None, never a guess; a field whose value is a blank of
    a template (「●年間」, ``{{END_DATE}}``, "[district court]") is None and listed in
    ``placeholders``. ``sources`` maps a field to the clause it came from ("第10条",
    "preamble", "signature"). Codes rather than words are used wherever a report localises:

    * ``direction``: "one_way" | "mutual"; ``discloser``: the discloser's alias (one-way only);
    * ``term_start``: an ISO date, or "signature" (締結日), "effective_date", "disclosure";
    * ``term_note``: "until_terminated" (runs until notice), "while_obligations" (as long as
      any obligation lasts), "while_information_held" (as long as the recipient holds the
      information), "until_event" (ends on an event, no period), "or_earlier_event"
      (``term_months`` or an earlier event);
    * ``renewal_notice``: an ISO 8601 duration ("P3M", "P60D");
    * ``survival_from``: "end" (after the contract ends) | "disclosure";
    * ``survival_note``: "indefinite" (no end stated), "while_secret" (as long as the
      information stays secret), "trade_secrets_longer" (the period, and trade secrets for as
      long as they stay secret);
    * ``governing_law``: ISO 3166-1 alpha-2 ("JP", "US", "GB"), ``governing_law_region`` a
      state or part of a country as written in English ("New York", "England and Wales").
    """

    parties: tuple[Party, ...] = ()
    direction: Literal["one_way", "mutual"] | None = None
    discloser: str | None = None
    effective_date: str | None = None
    term_start: str | None = None
    term_months: int | None = None
    term_note: str | None = None
    end_date: str | None = None
    auto_renewal: bool | None = None
    renewal_months: int | None = None
    renewal_notice: str | None = None
    survival_months: int | None = None
    survival_from: str | None = None
    survival_note: str | None = None
    governing_law: str | None = None
    governing_law_region: str | None = None
    forum: str | None = None
    forum_exclusive: bool | None = None
    arbitration_seat: str | None = None
    purpose: str | None = None
    defined_terms: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def alias_of(self, role: str) -> str | None:
        """The alias of the party with ``role`` ("discloser"/"recipient"), if known."""
        return next((p.alias for p in self.parties if p.role == role), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "parties": [p.to_dict() for p in self.parties],
            "direction": self.direction,
            "discloser": self.discloser,
            "effective_date": self.effective_date,
            "term_start": self.term_start,
            "term_months": self.term_months,
            "term_note": self.term_note,
            "end_date": self.end_date,
            "auto_renewal": self.auto_renewal,
            "renewal_months": self.renewal_months,
            "renewal_notice": self.renewal_notice,
            "survival_months": self.survival_months,
            "survival_from": self.survival_from,
            "survival_note": self.survival_note,
            "governing_law": self.governing_law,
            "governing_law_region": self.governing_law_region,
            "forum": self.forum,
            "forum_exclusive": self.forum_exclusive,
            "arbitration_seat": self.arbitration_seat,
            "purpose": self.purpose,
            "defined_terms": list(self.defined_terms),
            "placeholders": list(self.placeholders),
            "sources": dict(self.sources),
        }


@dataclass(frozen=True)
class Reading:
    """How the reader found the contract's structure, so a report says what it stands on.

    ``mode``: "numbered" (numbered articles), "headings" (headed sections without numbers),
    "list" (one list of numbered items, (1) ① 一、 ア (i), and no article labels),
    "paragraphs" (neither: every paragraph is a unit); ``warnings`` are codes a report
    localises: "no_numbering", "few_clauses", "short_text", "language_uncertain" (pdf/OCR readers may add
    their own, e.g. "ocr_low_confidence").
    """

    mode: Literal["numbered", "headings", "list", "paragraphs"]
    articles: int
    clauses: int
    chars: int
    warnings: tuple[str, ...] = ()

    @property
    def doubtful(self) -> bool:
        return bool(self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "articles": self.articles, "clauses": self.clauses,
                "chars": self.chars, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class Evidence:
    """A clause that provides (part of) a provision, with the text that shows it."""

    ref: str
    text: str
    score: float = 0.0
    source: tuple[int, ...] = ()
    sentence: str = ""   # the one sentence of the clause that decided (empty: not chosen)
    clause_id: str = ""  # Clause.id ("a3.2"), "preamble" for the preamble

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.ref, "clause_id": self.clause_id, "source": list(self.source),
                "text": self.text, "sentence": self.sentence, "score": round(self.score, 3)}


@dataclass(frozen=True)
class MissingElement:
    id: str
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class Placement:
    """Where the redliner inserts a provision that is missing (from its library file).

    ``after``: provisions after whose article it reads naturally, best first; ``general``: it
    is one of the general provisions that open the boilerplate at the end (term, survival,
    governing law); ``closing``: it goes last, before a closing consultation or
    entire-agreement article.
    """

    after: tuple[str, ...] = ()
    general: bool = False
    closing: bool = False


@dataclass(frozen=True)
class Finding:
    """The verdict on one provision of the profile.

    ``requirement`` is "required" or "recommended" for this contract type and side;
    ``title`` is in the report's language; ``suggestion`` is the library's recommended text in
    the contract's language (empty when present and complete); ``explanation`` holds the
    matched cues and scores against thresholds that ``--explain`` prints.
    """

    provision: str
    title: str
    status: Status
    severity: Severity
    requirement: Literal["required", "recommended"]
    guidance: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    missing_elements: tuple[MissingElement, ...] = ()
    weakening: tuple[str, ...] = ()
    suggestion: str = ""
    why: str = ""
    explanation: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    code: str = ""                   # the provision's short report code (CF, RD...)
    placement: Placement = field(default_factory=Placement, compare=False)
    # Elements of a good clause that are not there but whose absence does not make the
    # provision weak (a duty of care beside an absolute ban on disclosure): worth adding.
    could_add: tuple[MissingElement, ...] = ()

    @property
    def clauses(self) -> tuple[str, ...]:
        return tuple(e.ref for e in self.evidence)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "provision": self.provision,
            "title": self.title,
            "status": self.status,
            "severity": self.severity,
            "requirement": self.requirement,
            "clauses": list(self.clauses),
            "evidence": " / ".join(e.text for e in self.evidence),
            "evidence_clauses": [e.to_dict() for e in self.evidence],
            "missing_elements": [m.id for m in self.missing_elements],
            "missing_element_names": [m.name for m in self.missing_elements],
            "could_add": [m.id for m in self.could_add],
            "could_add_names": [m.name for m in self.could_add],
            "weakening": list(self.weakening),
            "guidance": list(self.guidance),
            "why": self.why,
            "suggestion": self.suggestion,
        }
        if explain:
            out["explanation"] = self.explanation
        return out


@dataclass(frozen=True)
class Risk:
    """A clause that hurts the user's side although the provision is present."""

    flag: str
    title: str
    severity: Severity
    provision: str
    evidence: tuple[Evidence, ...] = ()
    note: str = ""
    suggestion: str = ""

    @property
    def clauses(self) -> tuple[str, ...]:
        return tuple(e.ref for e in self.evidence)

    def to_dict(self) -> dict[str, Any]:
        return {
            "flag": self.flag,
            "title": self.title,
            "severity": self.severity,
            "provision": self.provision,
            "clauses": list(self.clauses),
            "evidence": " / ".join(e.text for e in self.evidence),
            "note": self.note,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class Report:
    """Everything a reporter or the redliner needs about one contract; they never re-check."""

    file: str
    language: Language
    contract_type: ContractType
    side: Side
    findings: tuple[Finding, ...]
    risks: tuple[Risk, ...] = ()
    title: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)
    type_detected: bool = True
    language_detected: bool = True
    facts: Facts | None = None
    reading: Reading | None = None
    # The profile's names, so that reporters need no library: {"ja": ..., "en": ...}.
    type_title: dict[str, str] = field(default_factory=dict, compare=False)
    type_short: dict[str, str] = field(default_factory=dict, compare=False)
    # What the profile calls the party on ``side`` (委託者, licensee); empty = generic.
    role: dict[str, str] = field(default_factory=dict, compare=False)
    # how a PDF, scan or legacy file was read (kept when a scan drops the Document)
    conversion: Conversion | None = None
    # What the reader should know before trusting the verdicts (a language clausecheck cannot
    # read, ...), one sentence each, in the report's language.
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """True when something required is missing or weak (exit code 1)."""
        return any(f.severity in ("error", "warning") and f.requirement == "required"
                   for f in self.findings)

    def counts(self) -> dict[str, int]:
        out = {"present": 0, "weak": 0, "missing": 0}
        for f in self.findings:
            out[f.status] += 1
        return out

    def finding(self, provision: str) -> Finding | None:
        return next((f for f in self.findings if f.provision == provision), None)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        return {
            "file": self.file,
            "title": self.title,
            "language": self.language,
            "contract_type": self.contract_type,
            "side": self.side,
            "facts": self.facts.to_dict() if self.facts is not None else None,
            "reading": self.reading.to_dict() if self.reading is not None else None,
            "warnings": list(self.warnings),
            "summary": self.counts(),
            "findings": [f.to_dict(explain) for f in self.findings],
            "risks": [r.to_dict() for r in self.risks],
            **({"conversion": self.conversion.to_dict()} if self.conversion else {}),
        }
