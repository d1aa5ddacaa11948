"""Report + source .docx → the same draft with Word comments and tracked changes.

    from clausecheck.redline import redline
    result = redline("draft.docx", report, "draft.clausecheck.docx", author="Legal")

This package is the only place in clausecheck that writes WordprocessingML. It never re-checks:
it places what the ``Report`` says, drafted in the contract's own words (``vocabulary``: its
parties and roles, one-way or mutual, its terms for the purpose and the information, its
article numbers) from the library's templates and the playbook's values for the user's side.

- each weak finding → amended where it stands: a tracked edit inside the clause where the
  library says how (「事前の」, a longer survival period, "upon termination"), and the
  recommended paragraphs that supply its missing elements as tracked new paragraphs of its
  article; a comment says what was missing and why (otherwise a comment with the wording);
- text of the counterparty's that weakens a provision (a residuals clause and its definition,
  a right to keep copies) → struck as a tracked deletion where the library says how
  (``recommended.amend`` with ``strike``), a comment saying why; a paragraph keeps its number
  as 「削除」 / "Intentionally omitted" where later numbers would otherwise move;
- each other risk → a comment on the offending clause with a safer wording;
- each missing required provision (and recommended ones on request) → the recommended text
  inserted as a tracked article after the most related article or before the general
  provisions, in the contract's heading style, with a branch number (第5条の2 / 5.A /
  Article 5.A) under typed and automatic numbering alike, so no existing article is
  renumbered and every cross-reference stays true; its paragraphs are numbered from 1 (in a
  contract of plain paragraphs it is one plain paragraph, as every clause there is);
- a provision whose text would contradict a clause (no licence where a licence is granted)
  → a comment on that clause instead of an insertion.

Everything else in the package is left as it was.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from lxml import etree

from clausecheck.errors import InputError, OutputError
from clausecheck.model import Clause, Document, Finding, Report
from clausecheck.redline import messages
from clausecheck.redline.layout import (ArticleShape, is_title_line, learn_shape,
                                        paragraph_text, text_runs_rpr)
from clausecheck.redline.numbering import (Line, PrefixStyle, list_level, prefix_from_level, branch_label,
                                           default_prefix, label_core, number_value, parse_branch,
                                           split_recommended)
from clausecheck.redline.ooxml import (NSMAP, IdAllocator, Revision, anchor_comment, clean_ppr,
                                       close_after, inserted_paragraph, iter_ids, local,
                                       make_run, open_after, parse_revision_date,
                                       revision_date, set_indent, w, xpath)
from clausecheck.redline.placement import anchor_after, article_of, provision_articles
from clausecheck.redline.vocabulary import (ContractWords, Vocabulary, article_reference, own_name,
                                           read_vocabulary)

__all__ = ["RedlineResult", "redline", "default_output", "body_paragraphs", "check_output_paths"]

DEFAULT_AUTHOR = "clausecheck"


@dataclass
class RedlineResult:
    """What was written: counts for the summary line, and anything that could not be placed."""

    output: Path
    comments: int = 0
    insertions: int = 0
    inserted: list[str] = field(default_factory=list)  # provision ids, in document order
    amended: list[str] = field(default_factory=list)  # weak provisions fixed in their article
    conflicts: list[str] = field(default_factory=list)  # not inserted: a clause says otherwise
    # weak provisions whose fix would restate what their clause already says (a second
    # return duty beside "return on request"): a comment with the wording to merge into it
    merged: list[str] = field(default_factory=list)
    comment_ids: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # human-readable notes
    # risk flags and weakenings whose text was struck (a residuals clause, a right to keep
    # copies): commented on where the deletion is, not again as a risk
    struck: list[str] = field(default_factory=list)


def default_output(src: str | Path) -> Path:
    """``NAME.clausecheck.docx`` beside the input."""
    path = Path(src)
    return path.with_name(f"{path.stem}.clausecheck.docx")


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    """The body's ``w:p`` in document order incl. table cells, excluding text boxes: the
    sequence ``Clause.source`` indexes into (the reader's own function, so both agree)."""
    from clausecheck.reader.docx import iter_body_paragraphs

    return list(iter_body_paragraphs(body))


# ---------------------------------------------------------------------------------------------
# the public entry point


def redline(src: str | Path, report: Report, out: str | Path | None = None, *,
            author: str = DEFAULT_AUTHOR, include_recommended: bool = False,
            library_dir: str | Path | None = None, force: bool = False,
            document: Document | None = None, library: Any = None) -> RedlineResult:
    """Write the annotated copy of ``src`` to ``out`` (default ``NAME.clausecheck.docx``).

    Raises ``InputError`` when ``src`` is not a readable .docx and ``OutputError`` when ``out``
    exists (without ``force``), is the input itself, or cannot be written.
    """
    src_path = Path(src)
    out_path = Path(out) if out is not None else default_output(src_path)
    check_output_paths(src_path, out_path, force)
    document = document or report.document
    if document is None:
        from clausecheck.api import read_document

        document = read_document(src_path)
    package = _open_docx(src_path)
    editor = _Editor(package, document, report, author=author or DEFAULT_AUTHOR,
                     library=library if library is not None else _load_library(library_dir))
    result = RedlineResult(output=out_path)
    editor.amend_weak(include_recommended, result)
    editor.insert_missing(include_recommended, result)
    editor.comment_weak(result)
    editor.comment_risks(result)
    editor.close_insertions()
    editor.define_info_term()
    _save_atomically(package, out_path, editor.date)
    return result


# ---------------------------------------------------------------------------------------------
# paths and files


def check_output_paths(src: Path, out: Path, force: bool) -> None:
    if not src.exists():
        raise InputError(str(src), "no such file")
    if src.suffix.lower() != ".docx":
        raise InputError(str(src), "redline needs a .docx file (Word); use 'clausecheck check' "
                                   "for .txt and .md")
    if out.suffix.lower() != ".docx":
        raise OutputError(f"{out}: the output must be a .docx file")
    if out.exists() and out.resolve() == src.resolve():
        raise OutputError(f"{out}: refusing to overwrite the input file")
    if out.exists() and not force:
        raise OutputError(f"{out}: already exists (use --force to overwrite)")
    if not out.parent.exists() or not out.parent.is_dir():
        raise OutputError(f"{out}: directory {out.parent} does not exist")


def _open_docx(path: Path) -> Any:
    import docx

    if not zipfile.is_zipfile(path):
        raise InputError(str(path), "not a .docx file (not a zip package; encrypted or legacy "
                                    ".doc files are not supported)")
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises a variety of errors for broken packages
        raise InputError(str(path), f"cannot open as a Word document ({exc.__class__.__name__})")


def _zip_with_fixed_times(data: bytes, date: str) -> bytes:
    """The package with every zip entry stamped with the revision date, so that the same input
    and the same fixed date give the same bytes (python-docx stamps entries with the clock)."""
    stamp = parse_revision_date(date).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the zip format cannot store earlier dates
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            zout.writestr(entry, zin.read(info))
    return out.getvalue()


def _save_atomically(package: Any, out: Path, date: str) -> None:
    """The package written through ``report.atomic_output``: a locked temp file renamed over
    ``out``, and temp files left by a killed earlier run removed."""
    from clausecheck.report.output import write_atomic

    buffer = io.BytesIO()
    package.save(buffer)
    write_atomic(out, _zip_with_fixed_times(buffer.getvalue(), date))


def _load_library(library_dir: str | Path | None) -> Any:
    """The clause library, for the recommended titles; None when it cannot be loaded (the
    findings' own titles and suggestions are used then)."""
    try:
        from clausecheck.library import load_library
    except ImportError:
        return None
    return load_library(library_dir)


def package_ids(package: Any) -> list[int]:
    """Every ``w:id`` used in any XML part of the package."""
    out: list[int] = []
    for part in package.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None:
            blob = getattr(part, "blob", b"")
            if not str(getattr(part, "content_type", "")).endswith("+xml"):
                continue
            try:
                element = etree.fromstring(blob)
            except etree.XMLSyntaxError:
                continue
        out.extend(iter_ids(element))
    return out


# ---------------------------------------------------------------------------------------------
# the editor


@dataclass
class _Planned:
    finding: Finding
    title: str
    text: str
    blanks: list[str] = field(default_factory=list)  # what the user must fill in (descriptions)
    label: str = ""


@dataclass
class _StrikePlan:
    """The changes planned for one weak provision before any is marked: new texts of
    paragraphs (amendments and partial deletions), paragraphs struck whole, the item before a
    struck last item that closes its list, and why each deletion is made."""

    edits: dict[int, str] = field(default_factory=dict)
    whole: set[int] = field(default_factory=set)
    closing: dict[int, tuple[int, str]] = field(default_factory=dict)
    struck: dict[int, tuple[tuple[str, str], str]] = field(default_factory=dict)
    done: list[etree._Element] = field(default_factory=list)  # paragraphs struck
    replaced: bool = False  # an amendment other than a deletion was planned


class _Editor:
    """Applies one report to one opened python-docx document."""

    def __init__(self, package: Any, document: Document, report: Report, *, author: str,
                 library: Any) -> None:
        self.package = package
        self.document = document
        self.report = report
        self.lang = document.language
        self.library = library
        self.author = author
        self.initials = "".join(word[0] for word in author.split()[:3]).upper() or "CC"
        self.date = revision_date()
        self.ids = IdAllocator(package_ids(package))
        self.rev = Revision(author, self.date, self.ids)
        self.paragraphs = body_paragraphs(package.element.body)
        self.owned = self._owned_paragraphs()
        self.vocab: Vocabulary = read_vocabulary(document, report)
        self.side = report.side
        # the contract's governing law (key facts): the texts written for it (export control
        # naming 外為法 under Japanese law, neutral words under another law or none)
        self.law = getattr(getattr(report, "facts", None), "governing_law", None)
        self._runs_in = False  # the article being built runs its first paragraph in
        self.appended: dict[int, etree._Element] = {}  # article -> last paragraph added to it
        self.appended_count: dict[int, int] = {}  # article -> paragraphs added to it
        self.opened: list[tuple[etree._Element, etree._Element]] = []  # see _open_after
        self.title_runs: list[etree._Element] = []  # the runs of inserted headings

    def _owned_paragraphs(self) -> set[int]:
        owned = set(self.document.preamble_source) | set(self.document.signature_source)
        for clause in self.document.walk():
            owned.update(clause.source)
        for annex in self.document.annexes:
            owned.update(annex.source)
        return owned

    # -- comments -------------------------------------------------------------------------

    def add_comment(self, first: etree._Element, last: etree._Element, text: str,
                    result: RedlineResult, inserted: bool = False) -> int:
        """A python-docx comment anchored on paragraphs ``first``..``last``.

        python-docx 1.2 creates the comment in comments.xml (making the part if needed); its id
        is then moved above every id in the package, and the range markers are placed at
        paragraph boundaries so the anchor holds whatever wraps the runs.
        """
        comment = self.package.comments.add_comment(text=text, author=self.author,
                                                    initials=self.initials)
        element = comment._comment_elm  # python-docx has no public setter for id/date
        comment_id = self.ids.next()
        element.id = comment_id
        element.date = parse_revision_date(self.date)
        anchor_comment(first, last, comment_id, self.rev if inserted else None)
        result.comments += 1
        result.comment_ids.append(comment_id)
        return comment_id

    def _clause_range(self, clause: Clause, article: bool) -> tuple[int, int] | None:
        sources = clause.all_sources
        if not sources:
            return None
        start, end = min(sources), max(sources)
        if article and start > 0 and start - 1 not in self.owned and \
                is_title_line(paragraph_text(self.paragraphs[start - 1])):
            start -= 1  # the heading line （目的） the reader keeps outside the article
        return start, end

    def _evidence_range(self, sources: Sequence[int], ref: str) -> tuple[int, int] | None:
        """The paragraph range of the clause an evidence points at: the smallest clause whose
        paragraphs hold all the evidence's paragraphs (or whose reference matches)."""
        wanted = set(sources)
        best: tuple[Clause, bool] | None = None
        for article in self.document.clauses:
            for clause in article.walk():
                covers = wanted <= set(clause.all_sources) if wanted else \
                    bool(ref) and clause.ref == ref
                if covers and (best is None or
                               len(clause.all_sources) < len(best[0].all_sources)):
                    best = (clause, clause is article)
        if best is not None:
            return self._clause_range(*best)
        if wanted:
            valid = [i for i in wanted if 0 <= i < len(self.paragraphs)]
            return (min(valid), max(valid)) if valid else None
        return None

    def comment_weak(self, result: RedlineResult) -> None:
        for finding in self.report.findings:
            if finding.status != "weak" or finding.provision in result.amended or \
                    finding.provision in result.merged:
                continue
            span = self._first_range(finding.evidence)
            if span is None:
                result.skipped.append(f"{finding.provision}: no clause to anchor the comment on")
                continue
            self.add_comment(self.paragraphs[span[0]], self.paragraphs[span[1]],
                             messages.weak_comment(finding, self.lang), result)

    def comment_risks(self, result: RedlineResult) -> None:
        for risk in self.report.risks:
            if risk.flag in result.struck:
                continue  # its text is struck, and the deletion says why
            span = self._first_range(self._risk_evidence_order(risk))
            if span is None:
                result.skipped.append(f"{risk.flag}: no clause to anchor the comment on")
                continue
            self.add_comment(self.paragraphs[span[0]], self.paragraphs[span[1]],
                             messages.risk_comment(risk, self.lang), result)

    def _risk_evidence_order(self, risk: Any) -> list[Any]:
        """A risk's evidence, best anchor first: clauses inside an article that provides the
        risk's provision (the survival article for a short survival, not a non-solicitation
        clause that happens to name a period), then by score, then as the engine listed them."""
        finding = self.report.finding(risk.provision)
        home = {article_of(self.document, e.source, e.ref)
                for e in (finding.evidence if finding is not None else ())} - {None}
        ranked = sorted(enumerate(risk.evidence), key=lambda pair: (
            article_of(self.document, pair[1].source, pair[1].ref) not in home,
            -pair[1].score, pair[0]))
        return [item for _, item in ranked]

    def _first_range(self, evidence: Iterable[Any]) -> tuple[int, int] | None:
        for item in evidence:
            span = self._evidence_range(item.source, item.ref)
            if span is not None and span[1] < len(self.paragraphs):
                return self._outside_tables(span)
        return None

    def _outside_tables(self, span: tuple[int, int]) -> tuple[int, int]:
        """Keep a range from starting outside a table and ending inside one (or the reverse):
        Word and LibreOffice disagree on such ranges, so end on the last body paragraph."""
        start, end = span
        in_table = [xpath(self.paragraphs[i], "boolean(ancestor::w:tbl)")
                    for i in range(start, end + 1)]
        if in_table[0] == in_table[-1]:
            return span
        outside = [start + k for k, inside in enumerate(in_table) if not inside]
        return (outside[0], outside[-1]) if outside else span

    # -- insertions ----------------------------------------------------------------------

    def _recommended(self, finding: Finding) -> _Planned | None:
        provision = self.library.find(finding.provision) if self.library is not None else None
        if provision is None:
            if not finding.suggestion.strip():
                return None
            return _Planned(finding, finding.title.strip(), finding.suggestion)
        title = self.draft_title(provision)
        text, blanks = self.draft(provision)
        if not text.strip():
            return None
        return _Planned(finding, title.strip(), text, blanks)

    def draft_title(self, provision: Any) -> str:
        """The recommended title in this contract's words (「秘密情報」 → its own term, 本契約
        → 本覚書)."""
        rec = provision.recommended
        template = getattr(rec, "title_template", None)
        if template is None:
            return own_name(rec.title.get(self.lang), self.vocab)
        from clausecheck.library.templates import render

        return own_name(render(template.get(self.lang),
                               ContractWords(self.vocab, rec.values))[0], self.vocab)

    def draft(self, provision: Any, paragraphs: Sequence[int] | None = None,
              placed: bool = True, items: Mapping[int, set[int]] | None = None
              ) -> tuple[str, list[str]]:
        """The provision's recommended text in this contract's words (its parties, roles,
        direction, defined terms and article numbers, the playbook's values for the user's
        side), and the descriptions of what is left blank for the user. ``paragraphs``
        (1-based) keeps only those paragraphs with their items; ``items`` keeps only some
        items of a paragraph (paragraph → item numbers, 1-based). A ``placed`` text that
        defines the purpose term (「本目的」とは…) where the contract has none makes every
        later text use that term, not "本契約の目的" beside it."""
        rec = provision.recommended
        plain_mutual = self.vocab.mutual and self.vocab.roles is None
        if not hasattr(rec, "for_side"):  # a plain text (a library built in code)
            return rec.text.get(self.lang), []
        template, values = rec.for_side(self.side, plain_mutual, self.law)
        lines = _paragraph_blocks(template.get(self.lang))
        if paragraphs:
            lines = self._alone(rec, lines, set(paragraphs))
        keep = set(paragraphs) if paragraphs else set(range(1, len(lines) + 1))
        contract_terms = set(getattr(self.vocab, "defined", ()) or ())
        defined = getattr(self.vocab, "purpose", "")
        for term, numbers in rec.defines.items():
            if term == "purpose" and defined:
                keep -= set(numbers)  # the contract has its own term: do not define another
        if paragraphs:
            # a paragraph added to an existing article never defines again a term the
            # contract already defines ("Confidential Information" means …)
            keep = {n for n in keep
                    if not (set(_terms_defined(lines[n - 1], self.lang)) & contract_terms)}
            # a term a kept paragraph uses but another paragraph defines comes with it
            for n, block in enumerate(lines, 1):
                if n not in keep and any(term in lines[k - 1] for k in keep
                                         for term in _terms_defined(block, self.lang)):
                    keep.add(n)
        chosen = [_keep_items(block, items[n], self.lang) if items and n in items else block
                  for n, block in enumerate(lines, 1) if n in keep]
        defines_purpose = any(n in keep for n in rec.defines.get("purpose", ()))
        words = ContractWords(self.vocab, values,
                              defines_purpose=defines_purpose and not defined)
        from clausecheck.library.templates import render

        text, blank_keys = render("\n".join(chosen), words)
        if placed and words.defines_purpose:
            self.vocab.purpose = words.term("purpose")
        if self.lang == "en":
            # "Each party shall not" is no English: "Neither party shall"
            text = re.sub(r"\b([Ee])ach party shall not\b",
                          lambda m: ("N" if m.group(1) == "E" else "n") + "either party shall",
                          text)
        if paragraphs:
            text = _standalone_references(text, self.lang)
        text = own_name(text, self.vocab)
        blanks = [rec.fill[k].get(self.lang) for k in blank_keys if k in rec.fill]
        return text, blanks

    def _alone(self, rec: Any, lines: list[str], requested: set[int]) -> list[str]:
        """The template's paragraphs with the library's ``alone`` wording for each requested
        paragraph added without the paragraphs before it (those that define the terms it
        would name: 「役職員」 in a clause that says 研究参加者及び役員)."""
        alone = getattr(rec, "alone", {}) or {}
        out, before = list(lines), True  # every requested paragraph so far has its own wording
        for n in sorted(requested):
            if n in alone and before and 0 < n <= len(out):
                out[n - 1] = alone[n].get(self.lang)
            else:
                before = False
        return out

    def insert_missing(self, include_recommended: bool, result: RedlineResult) -> None:
        wanted = [f for f in self.report.findings if f.status == "missing" and
                  (f.requirement == "required" or include_recommended) and
                  f.provision not in result.amended and f.provision not in result.merged]
        wanted = [f for f in wanted if f.provision not in result.conflicts and
                  not self._not_for_a_person(f, result) and not self._conflicting(f, result)]
        if not wanted:
            return
        if not self.document.clauses:
            result.skipped.extend(f"{f.provision}: the contract has no articles to insert after"
                                  for f in wanted)
            return
        provided = provision_articles(self.report, self.document)
        groups: dict[int, list[Finding]] = {}
        for finding in wanted:
            anchor = anchor_after(finding.provision, self.report, self.document, provided)
            groups.setdefault(self._after_branches(anchor or 0), []).append(finding)
        # number every insertion first, so that texts can refer to each other's articles
        # (the survival article names the inserted return article)
        labels: dict[str, str] = {}
        for anchor in sorted(groups):
            for offset, finding in enumerate(groups[anchor]):
                labels[finding.provision] = self._label(anchor, offset)
                ref = self._reference(labels[finding.provision])
                if ref and finding.provision not in self.vocab.articles:
                    self.vocab.articles[finding.provision] = ref
                    self.vocab.titles[finding.provision] = self._title_of(finding)
        for anchor in sorted(groups):
            planned: list[_Planned] = []
            for finding in groups[anchor]:
                item = self._recommended(finding)
                if item is None:
                    result.skipped.append(f"{finding.provision}: no recommended text")
                    continue
                item.label = labels[finding.provision]
                planned.append(item)
            if planned:
                self._insert_group(anchor, planned, result)

    def _conflicting(self, finding: Finding, result: RedlineResult) -> bool:
        """True (and a comment placed) when a clause of the contract says the opposite of the
        recommended text (a licence granted, where the text says none is): inserting it would
        make the contract contradict itself."""
        provision = self.library.find(finding.provision) if self.library is not None else None
        patterns = getattr(getattr(provision, "recommended", None), "conflicts", {}) or {}
        found: list[Clause] = []
        for article in self.document.clauses:
            for clause in article.walk():
                text = clause.text if self.lang == "en" else \
                    unicodedata.normalize("NFKC", clause.text)
                if clause.source and any(p.search(text) for p in patterns.get(self.lang, ())):
                    found.append(clause)
                    break
        if not found:
            return False
        span = self._evidence_range(found[0].source, found[0].ref)
        if span is None:
            return False
        text, _ = self.draft(provision, placed=False)
        self.add_comment(self.paragraphs[span[0]], self.paragraphs[span[1]],
                         messages.conflict_comment(finding, self.lang, [c.ref for c in found],
                                                   text), result)
        result.conflicts.append(finding.provision)
        return True

    # -- amending weak clauses in place ------------------------------------------------------

    def amend_weak(self, include_recommended: bool, result: RedlineResult) -> None:
        """Fix each weak provision where it stands: a tracked edit inside the clause where the
        library says how (``recommended.amend``), and the recommended paragraphs that supply
        its missing elements as tracked new paragraphs at the end of its article. A provision
        that is missing although related clauses exist (a return duty only on request) is
        amended the same way instead of getting a second article on the same subject."""
        if self.library is None:
            return
        for finding in self.report.findings:
            if finding.status == "present" or not finding.evidence:
                continue
            if finding.status == "missing" and not (finding.requirement == "required" or
                                                    include_recommended):
                continue
            provision = self.library.find(finding.provision)
            if provision is None or not hasattr(provision.recommended, "supplies"):
                continue
            if self._not_for_a_person(finding, result):
                continue
            if self._conflicting(finding, result):
                continue  # adding the missing elements would contradict another clause
            self._amend(finding, provision, result)

    def _not_for_a_person(self, finding: Finding, result: RedlineResult) -> bool:
        """True (and noted) when the receiving party is a natural person (a pledge by 私,
        "I … agree") and the provision's text is drafted for a company only (its officers and
        employees, its merger): 「私の役員及び従業員」 or the termination of an intern's pledge
        on a change of its shareholders would make no sense."""
        if not self.vocab.individual or self.library is None:
            return False
        provision = self.library.find(finding.provision)
        fits = getattr(getattr(provision, "recommended", None), "individual", True)
        if fits is True or fits and finding.status == "weak":
            return False  # (an amendment keeps to the paragraphs that fit a person)
        note = f"{finding.provision}: drafted for a company; the receiving party is a person"
        if note not in result.skipped:
            result.skipped.append(note)
        return True

    def _targets(self, finding: Finding, provision: Any) -> list[str]:
        """The element, weakening and risk-flag ids this finding is weak on."""
        out = [m.id for m in finding.missing_elements]
        names = set(finding.weakening)
        out += [wk.id for wk in provision.weakening
                if wk.name.get("ja") in names or wk.name.get("en") in names]
        out += [r.flag for r in self.report.risks if r.provision == finding.provision]
        return out

    def _amendment_order(self, finding: Finding, targets: Sequence[str]) -> list[Any]:
        """The finding's evidence, the clause to amend first: the one where a weakening or a
        risk being fixed was found (the sentence that says "on request only"), then the one
        whose own text states the provision best (its cues and elements, by the engine's
        score), not one that only shares a heading word (「委託先の選定」 before 「再委託」);
        the engine's order on a tie, and when the report carries no explanation."""
        explanation = finding.explanation or {}
        records = [r for r in explanation.get("considered", ()) if isinstance(r, dict)]
        found = explanation.get("weakening_found", {}) or {}
        hit = {ref for t in targets for ref in found.get(t, ())}
        hit |= {e.ref for r in self.report.risks
                if r.provision == finding.provision and r.flag in targets for e in r.evidence}

        def strength(pair: tuple[int, Any]) -> tuple:
            position, evidence = pair
            inside = [r for r in records if _within(str(r.get("clause", "")), evidence.ref)]
            states = any(r.get("body_cues") or r.get("elements") for r in inside)
            score = max((float(r.get("score") or 0) for r in inside), default=0.0)
            hits = any(_within(ref, evidence.ref) or _within(evidence.ref, ref) for ref in hit)
            return (not hits, not states, -score, -evidence.score, position)

        return [e for _, e in sorted(enumerate(finding.evidence), key=strength)]

    def _amend(self, finding: Finding, provision: Any, result: RedlineResult) -> None:
        targets = self._targets(finding, provision)
        ranked = self._amendment_order(finding, targets)
        index = article_of(self.document, ranked[0].source, ranked[0].ref)
        if index is None:
            return
        article = self.document.clauses[index]
        rec = provision.recommended
        fixed: set[str] = set()
        # the anchor article's paragraphs first, then the other evidence in its order
        sources = list(dict.fromkeys([*sorted(article.all_sources),
                                      *(i for e in ranked for i in sorted(e.source))]))
        # every change to a paragraph is planned on its text first (two amendments of one
        # sentence: 「本契約が終了したとき、又は」 and 「甲の指示に従い」), then marked at once
        plan = _StrikePlan()
        for amendment in rec.amend:
            if amendment.target not in targets or amendment.target in fixed:
                continue
            if amendment.strikes:
                done = self._plan_strike(amendment, finding, provision, plan)
            else:
                done = self._apply_amendment(amendment, provision, sources, plan.edits)
                plan.replaced = plan.replaced or done
            if done:
                fixed.add(amendment.target)
        edited = self._carry_out(plan, finding, provision, result)
        missing = [t for t in targets if t in rec.supplies and t not in fixed]
        paragraphs = sorted({n for t in missing for n in rec.supplies[t]})
        # elements provided by single items of a paragraph (a change of control among the
        # grounds for termination): the clause already lists the other grounds
        by_item = getattr(rec, "supply_items", {})
        whole = {n for t in missing if t not in by_item for n in rec.supplies[t]}
        items: dict[int, set[int]] = {}
        for t in missing:
            for n, k in by_item.get(t, ()):
                if n not in whole:
                    items.setdefault(n, set()).add(k)
        # A whole paragraph that also states what the clause already holds (the return duty
        # of a clause that returns "on request", the permission of a compelled-disclosure
        # clause lacking only the notice) would be a second statement of the same duty beside
        # it: a lawyer amends the clause instead, so its wording goes into the comment.
        held = set((finding.explanation or {}).get("elements_found", {}) or {})
        merge = [n for n in paragraphs if n not in items and
                 any(n in rec.supplies.get(e, ()) for e in held)]
        paragraphs = [n for n in paragraphs if n not in merge]
        fits = getattr(rec, "individual", True)
        if self.vocab.individual and fits is not True:
            # a person's pledge: only the paragraphs drafted to fit a person
            fits = set(fits or ())
            paragraphs = [n for n in paragraphs if n in fits]
            merge = [n for n in merge if n in fits]
        added: list[etree._Element] = []
        blanks: list[str] = []
        if paragraphs:
            text, blanks = self.draft(provision, paragraphs, items=items)
            added = self._append_paragraphs(index, text)
        wording = ""
        if merge:
            wording, more = self.draft(provision, merge, placed=False)
            # words to work into a clause: not a numbered paragraph of its own
            wording = re.sub(r"(?m)^[0-9]+\.\s*", "", wording)
            blanks += [b for b in more if b not in blanks]
        if not edited and not added and not wording:
            return
        first = self.paragraphs[min(article.all_sources)]
        span = self._clause_range(article, True)
        if span is not None:
            first = self.paragraphs[span[0]]
        last = added[-1] if added else self.paragraphs[max(article.all_sources)]
        changed = bool(edited or added)
        self.add_comment(first, last, messages.amendment_comment(
            finding, self.lang, blanks, merge=wording, changed=changed,
            clause=article_reference(self.document, index, self.vocab.reference) or
            finding.evidence[0].ref, struck=bool(plan.done) and not plan.replaced and
            not added), result, inserted=bool(added))
        # Only text struck, and what the clause lacks left to merge by hand (a retention
        # proviso struck from a return duty whose end-of-contract trigger the clause does not
        # have): the provision is not fixed in place, the comment gives the wording to merge.
        fixed_in_place = changed and not (wording and not plan.replaced and not added)
        (result.amended if fixed_in_place else result.merged).append(finding.provision)

    def _apply_amendment(self, amendment: Any, provision: Any, sources: Sequence[int],
                         edits: dict[int, str]) -> bool:
        """Plan one in-place amendment on the first paragraph among ``sources`` where its
        pattern matches (on the text as earlier amendments left it, ``edits``); True when
        one was planned."""
        from clausecheck.library.templates import render

        pattern = amendment.find.get(self.lang)
        template, values = provision.recommended.for_side(self.side, law=self.law)
        replacement, _ = render(amendment.replace.get(self.lang),
                                ContractWords(self.vocab, values))
        replacement = own_name(replacement, self.vocab)
        for i in sources:
            text = self._editable_text(i, edits)
            if text is None:
                continue
            m = pattern.search(text)
            if m is None:
                continue
            new = m.expand(replacement.replace("\\", "\\\\").replace("\\\\g<", "\\g<"))
            if self.lang == "en":
                new = _sentence_case(text, m, new)
            changed = text[:m.start()] + new + text[m.end():]
            if changed != text:
                edits[i] = changed
                return True
        return False

    def _editable_text(self, i: int, edits: Mapping[int, str]) -> str | None:
        """Paragraph ``i``'s text as planned so far, None when it cannot be edited in place."""
        from clausecheck.redline.amend import editable_runs, paragraph_plain_text

        if i in edits:
            return edits[i]
        if not 0 <= i < len(self.paragraphs):
            return None
        pieces = editable_runs(self.paragraphs[i])
        return paragraph_plain_text(pieces) if pieces else None

    # -- striking the text that weakens a provision -------------------------------------------

    def _shortfall_paragraphs(self, finding: Finding, target: str) -> list[int]:
        """The paragraphs where shortfall ``target`` was found: a risk flag's evidence (the
        residuals clause, and its definition item), a weakening's clauses, else the finding's
        evidence."""
        found: list[int] = []
        for risk in self.report.risks:
            if risk.flag == target and risk.provision == finding.provision:
                found += [i for e in risk.evidence for i in e.source]
        if not found:
            refs = set(((finding.explanation or {}).get("weakening_found", {}) or {})
                       .get(target, ()))
            for clause in self.document.walk():
                if clause.ref in refs:
                    found += list(clause.all_sources)
        if not found:
            found = [i for e in finding.evidence for i in e.source]
        return sorted({i for i in found if 0 <= i < len(self.paragraphs)})

    def _plan_strike(self, amendment: Any, finding: Finding, provision: Any,
                     plan: "_StrikePlan") -> bool:
        """Plan the deletion of the text that weakens the provision (``amendment.strike``):
        in each paragraph where the shortfall was found, the sentences a pattern matches (or
        the pattern's group ``strike``) and the sentences right after them that lean on them
        (「この場合、」, 「ただし、」, "Such …"). A term such a sentence defines ("Retained
        Skills" means …, （以下「残留知識」という。）) goes with it: the sentences of the
        contract's clauses that use it are struck too (the residuals clause that uses the
        defined term, not only its definition). A paragraph left with nothing goes whole when
        no number after it would change (the last paragraph or item of its list: the item
        before it then ends the list, "; and" → "."); otherwise it keeps its number and reads
        「削除」 / "Intentionally omitted" so that the numbers after it, and references to
        them, stay true. True when something was planned."""
        patterns = amendment.strike.get(self.lang, ())
        if not patterns:
            return False
        reason = (amendment.target, finding.provision)
        terms: list[str] = []
        planned = False
        for i in self._shortfall_paragraphs(finding, amendment.target):
            struck = self._strike_in(i, patterns, reason, plan)
            planned = planned or bool(struck)
            terms += [t for t in _terms_defined_in(struck, self.lang) if t not in terms]
        own = {self.vocab.info, self.vocab.purpose, *self.vocab.parties}
        terms = [t for t in terms if t not in own]
        if terms:
            flags = 0 if self.lang == "ja" else re.IGNORECASE
            uses = [re.compile(re.escape(t) if self.lang == "ja" else
                               rf"(?<![\w-]){re.escape(t)}(?![\w-])", flags) for t in terms]
            for article in self.document.clauses:
                for i in sorted(article.all_sources):
                    if i not in plan.struck and 0 <= i < len(self.paragraphs):
                        planned = bool(self._strike_in(i, uses, reason, plan)) or planned
        return planned

    def _strike_in(self, i: int, patterns: Sequence[re.Pattern[str]],
                   reason: tuple[str, str], plan: "_StrikePlan") -> str:
        """Plan the strike of ``patterns`` in paragraph ``i`` (see ``_plan_strike``); the text
        struck, "" when nothing is."""
        if i in plan.whole:
            return ""
        editable = self._editable_text(i, plan.edits)
        text = editable if editable is not None else paragraph_text(self.paragraphs[i])
        label = len(_STRUCK_LABEL.match(text).group(0)) if text else 0
        spans = _strike_spans(text, label, patterns, self.lang)
        if not spans:
            return ""
        rest = _without(text, spans)
        gone = "".join(text[a:b] for a, b in spans)
        if rest[label:].strip(" \t\u3000.;:、。"):
            if editable is None:
                return ""  # the rest cannot be kept as it is: left to the comment
            plan.edits[i] = rest
            plan.struck[i] = (reason, "part")
            return gone
        how = self._when_emptied(i)
        if how == "whole":
            plan.whole.add(i)
            plan.edits.pop(i, None)
            plan.struck[i] = (reason, "whole")
            self._close_list_before(i, text, plan)
            return gone
        if how == "omitted" and editable is not None:
            end = re.search(r"(?:[;,]\s*(?:and|or)|[.;:。])?\s*$", text).group(0).strip()
            plan.edits[i] = text[:label] + ("削除" if self.lang == "ja" else
                                            "Intentionally omitted" + (end or "."))
            plan.struck[i] = (reason, "omitted")
            return gone
        return ""

    def _clause_at(self, i: int) -> tuple[Clause | None, Sequence[Clause]]:
        """The smallest clause holding paragraph ``i`` and the list of clauses it is one of
        (its parent's children, or the articles)."""
        best: tuple[Clause | None, Sequence[Clause]] = (None, ())

        def visit(siblings: Sequence[Clause]) -> None:
            nonlocal best
            for clause in siblings:
                if i in clause.all_sources:
                    if i in clause.source:
                        best = (clause, siblings)
                    visit(clause.children)

        visit(self.document.clauses)
        return best

    def _when_emptied(self, i: int) -> str:
        """What becomes of paragraph ``i`` when all its text is struck: "whole" (it goes: the
        last of its list, or a line that continues a clause), "omitted" (it keeps its number:
        numbers after it would change), "" (left alone: it heads items of its own)."""
        clause, siblings = self._clause_at(i)
        if clause is None:
            return ""
        if clause.children:
            return ""
        if i != min(clause.source):
            return "whole"  # a line that continues its clause: no number of its own
        if len(clause.source) > 1:
            return ""
        if clause.kind != "article" and siblings and siblings[-1] is clause:
            return "whole"
        return "omitted"

    def _close_list_before(self, i: int, text: str, plan: "_StrikePlan") -> None:
        """Where the last item of a list goes, the item before it closes the list with the
        struck item's own end ("(g) …; and" becomes "(g) … .")."""
        clause, siblings = self._clause_at(i)
        if self.lang != "en" or clause is None or clause.kind != "item":
            return
        at = next((k for k, c in enumerate(siblings) if c is clause), 0)
        if at == 0 or not siblings[at - 1].source:
            return
        j = max(siblings[at - 1].source)
        before = self._editable_text(j, plan.edits)
        if before is None or j in plan.whole:
            return
        end = "." if text.rstrip().endswith(".") else ";"
        m = re.search(r"(?:\s*[;,]\s*(?:and|or)|\s*;)\s*$", before)
        if m is not None and before[m.start():] != end:
            plan.closing[i] = (j, before[:m.start()] + end)

    def _carry_out(self, plan: "_StrikePlan", finding: Finding, provision: Any,
                   result: RedlineResult) -> list[etree._Element]:
        """Mark what ``plan`` holds as tracked changes and comment on each deletion; the
        paragraphs changed."""
        from clausecheck.redline.amend import strike_paragraph, tracked_edit

        changed: list[etree._Element] = []
        for i in sorted(plan.whole):
            p = self.paragraphs[i]
            if not strike_paragraph(p, self.rev):
                plan.struck.pop(i, None)
                continue
            changed.append(p)
            plan.done.append(p)
            if i in plan.closing:
                j, closed = plan.closing[i]
                plan.edits[j] = closed
        for i, new in sorted(plan.edits.items()):
            p = self.paragraphs[i]
            if tracked_edit(p, new, self.rev):
                changed.append(p)
                if i in plan.struck:
                    plan.done.append(p)
            else:
                plan.struck.pop(i, None)
        for i, ((target, _provision), how) in sorted(plan.struck.items()):
            title, note = self._shortfall_words(finding, provision, target)
            p = self.paragraphs[i]
            self.add_comment(p, p, messages.strike_comment(title, note, self.lang,
                                                           kept_number=how == "omitted"),
                             result)
            if target not in result.struck:
                result.struck.append(target)
        return changed

    def _shortfall_words(self, finding: Finding, provision: Any, target: str
                         ) -> tuple[str, str]:
        """The title and the note that say why text was struck: the risk's own (as the report
        worded it), else the weakening's name with the provision's reason."""
        for risk in self.report.risks:
            if risk.flag == target and risk.provision == finding.provision:
                return risk.title, risk.note
        for weakening in getattr(provision, "weakening", ()):
            if weakening.id == target:
                return weakening.name.get(self.lang), finding.why
        return finding.title, finding.why

    def _append_paragraphs(self, index: int, text: str) -> list[etree._Element]:
        """The paragraphs of ``text`` as tracked new paragraphs at the end of article
        ``index``, numbered on from its last paragraph in its own style."""
        article = self.document.clauses[index]
        shape = self._shape(index)
        lines = split_recommended(text)
        paragraphs_now = [c for c in article.children if c.kind == "paragraph"]
        number = len(paragraphs_now) + 1
        last = _last_number(paragraphs_now)
        if last is not None:
            number = last + 1  # ２…７ under an unnumbered first paragraph: ８ comes next
        if not paragraphs_now:
            number = 2 if self.lang == "ja" else 0  # ja: the body is paragraph 1
        if number:
            number += self.appended_count.get(index, 0)  # another amendment added some
        out: list[etree._Element] = []
        index_in_para = 0
        parent = label_core(article.number) if article.number else ""
        own_para = next((self.paragraphs[min(c.source)] for c in paragraphs_now if c.source),
                        None)
        if self.document.structure == "paragraphs":
            lines_to_write: list[Line] = []
            out = self._build_plain(shape, lines)  # a clause of its own, like every paragraph
        else:
            lines_to_write = lines
        for line in lines_to_write:
            if line.level == "item":
                index_in_para += 1
                out.append(self._numbered(_first_of(shape.item_p, shape.para_p, shape.body_p),
                                          shape.item_prefix, "item", index_in_para, line.text,
                                          shape, parent))
                continue
            index_in_para = 0
            template = own_para if own_para is not None else _first_of(shape.body_p,
                                                                       shape.para_p)
            if number == 0:
                out.append(self._para(template, line.text, shape.body_rpr))
            elif own_para is not None and self._numbering_of(own_para) is not None:
                # the article's own list: Word counts the new paragraph on (3 after 2)
                out.append(self._para(own_para, line.text, shape.body_rpr, keep_numbering=True))
                number += 1
            else:
                # the article's own paragraphs, else those of its nearest article ("2." in a
                # contract that writes "1.", "2."; ２ where none has any)
                out.append(self._numbered(template if own_para is not None else None,
                                          shape.para_prefix, "paragraph", number, line.text,
                                          shape, parent))
                number += 1
        sources = article.all_sources
        position = self.appended.get(index)
        if position is None:
            position = self._open_after(_block_level(self._article_end(sources)))
        for p in out:
            position.addnext(p)
            position = p
        if out:
            self.appended[index] = out[-1]
            self.appended_count[index] = self.appended_count.get(index, 0) + \
                sum(1 for line in lines if line.level == "paragraph")
        return out

    def _title_of(self, finding: Finding) -> str:
        provision = self.library.find(finding.provision) if self.library is not None else None
        return self.draft_title(provision) if provision is not None else finding.title

    def _label(self, anchor: int, offset: int) -> str:
        """The number of the ``offset``-th article inserted after article ``anchor``: a branch
        number (第5条の2, 5.A, Article 5.A), so no existing article is renumbered and every
        cross-reference stays true (automatic numbering included)."""
        if self.document.numbering not in ("typed", "auto"):
            return ""
        article = self.document.clauses[anchor]
        branch = parse_branch(article.number, self.lang)
        if branch is not None:
            return branch_label(branch.base, branch.index + 1 + offset, self.lang)
        if article.number:
            return branch_label(article.number, 2 + offset, self.lang)
        return ""

    def _reference(self, label: str) -> str:
        """How the contract's text would refer to an article labelled ``label``."""
        if not label:
            return ""
        if self.lang == "ja":
            return label.strip()
        m = re.match(r"\s*(?:(article|section|clause)\s+)?(\d+(?:\.[0-9A-Z]+)*)", label, re.I)
        if not m:
            return ""
        word = (m.group(1) or self.vocab.reference or "Section").capitalize()
        return f"{word} {m.group(2)}"

    def _after_branches(self, index: int) -> int:
        """Skip forward over existing branch articles (第5条の2 after 第5条) so a new branch
        takes the next free number and stays in order."""
        if self.document.numbering not in ("typed", "auto"):
            return index
        base = parse_branch(self.document.clauses[index].number, self.lang)
        while base is not None and index + 1 < len(self.document.clauses):
            nxt = parse_branch(self.document.clauses[index + 1].number, self.lang)
            if nxt is None or nxt.base != base.base:
                break
            index += 1
        return index

    def _insert_group(self, anchor: int, planned: list[_Planned], result: RedlineResult) -> None:
        article = self.document.clauses[anchor]
        shape = self._shape(anchor)
        sources = article.all_sources
        if not sources or max(sources) >= len(self.paragraphs):
            result.skipped.extend(f"{p.finding.provision}: article {article.ref} has no "
                                  "position in the document" for p in planned)
            return
        position = self.appended.get(anchor)  # after paragraphs an amendment added to it
        if position is None:
            position = self._open_after(_block_level(self._article_end(sources)))
        for item in planned:
            new = self._build_article(shape, item.label, item)
            for p in new:
                position.addnext(p)
                position = p
            self.add_comment(new[0], new[-1], messages.insertion_comment(
                item.finding, self.lang, blanks=item.blanks), result, inserted=True)
            result.insertions += 1
            result.inserted.append(item.finding.provision)

    def _article_end(self, sources: Sequence[int]) -> etree._Element:
        """The last paragraph of the article whose clauses sit in ``sources``: paragraphs the
        reader attached to no clause right after it (the list that completes a sentence
        "… and is either", a continuation line) still belong to it, so an insertion never
        lands inside a sentence or a list. A heading line （目的） opens the next article."""
        end = max(sources)
        j = end + 1
        while j < len(self.paragraphs) and j not in self.owned:
            text = paragraph_text(self.paragraphs[j]).strip()
            if is_title_line(text) or xpath(self.paragraphs[j], "boolean(ancestor::w:tbl)") != \
                    xpath(self.paragraphs[end], "boolean(ancestor::w:tbl)"):
                break
            if text:
                end = j
            j += 1
        return self.paragraphs[self._before_signing(min(sources), end)]

    def _before_signing(self, start: int, end: int) -> int:
        """``end``, or the paragraph before the signing block that closes the last article
        when the reader kept it there (a pledge's 「2024年〇月〇日 / インターン生 / 住所 / 氏名」,
        "Date: / Name: / Signature:"): new text never follows the signatures."""
        if any(i in self.owned for i in range(end + 1, len(self.paragraphs))
               if paragraph_text(self.paragraphs[i]).strip() and
               i not in self.document.signature_source):
            return end  # another clause follows: this is no closing signing block
        run: list[str] = []
        i = end
        while i > start:
            text = paragraph_text(self.paragraphs[i]).strip()
            if text and (len(text) > 40 or re.search(r"[。．.;；:]$", text) and
                         not _SIGNING_FIELD.match(text)):
                break
            run.append(text)
            i -= 1
        if any(_SIGNING_DATE.match(t) or _SIGNING_FIELD.match(t) for t in run if t):
            return i
        return end

    def _open_after(self, position: etree._Element) -> etree._Element:
        """Where to insert new paragraphs after ``position``: Word's own way of typing at the
        end of a paragraph (``ooxml.open_after``). The anchor's content moves into a new
        paragraph whose mark is a tracked insertion; the original paragraph, with its mark,
        attributes and any section break, receives the last inserted paragraph when the
        redline is finished (``close_insertions``), so the new article stays in the anchor's
        section and the paragraph after it is untouched. A table (or a paragraph that cannot
        be opened) is simply inserted after."""
        head = open_after(position, self.rev)
        if head is None:
            return position
        self.opened.append((position, head))
        for index, p in enumerate(self.paragraphs):
            if p is position:
                self.paragraphs[index] = head
        return head

    def close_insertions(self) -> None:
        """Give each opened anchor paragraph the last paragraph inserted after it."""
        for original, head in self.opened:
            close_after(original, head, self.rev)
        self.opened.clear()

    def define_info_term(self) -> None:
        """Where the contract has no term for the information (it says 「本契約に基づき相手方から
        開示された情報」, "all information disclosed … based on this Agreement") and no inserted
        text defines the one they use, the first inserted paragraph that uses it (in document
        order, not a heading or an item) opens with its definition: 「本契約において「秘密情報」と
        は、本契約に基づき開示された一切の情報をいう。」, "“Confidential Information” means any
        information disclosed under this Agreement." Every inserted text then uses a term the
        contract defines."""
        if self.vocab.info:  # the contract's own term, defined or used as it stands
            return
        term = ContractWords(self.vocab, {}).term("info")
        paragraphs = []
        for p in self.package.element.body.iter(w("p")):
            runs = [r for r in p.iter(w("r")) if r.find(w("t")) is not None and
                    not xpath(r, "ancestor::w:del or ancestor::w:txbxContent")]
            if runs and all(xpath(r, "boolean(ancestor::w:ins[@w:author=$a])", a=self.author)
                            for r in runs):
                paragraphs.append([r for r in runs if not any(r is t for t in self.title_runs)])
        texts = ["".join(t.text or "" for r in runs for t in r.iter(w("t"))) for runs in paragraphs]
        defines = (rf"「{re.escape(term)}」(?:とは|という)" if self.lang == "ja" else
                   rf"[\"“]{re.escape(term)}[\"”]|\b{re.escape(term)} (?:means|shall mean)\b")
        if any(re.search(defines, text) for text in texts):
            return
        if self.lang == "ja":
            definition = f"本契約において「{term}」とは、本契約に基づき開示された一切の情報をいう。"
        else:
            curly = self.document.text.count("“") > self.document.text.count('"')
            open_q, close_q = ("“", "”") if curly else ('"', '"')
            definition = f"{open_q}{term}{close_q} means any information disclosed under this " \
                "Agreement. "
        definition = own_name(definition, self.vocab)
        for runs, text in zip(paragraphs, texts):
            if term not in text or not runs:
                continue
            first = next(t for t in runs[0].iter(w("t")))
            number = _LEADING_NUMBER.match(first.text or "")
            rest = (first.text or "")[number.end():]
            if self.lang == "ja" and re.match(r"[（(][0-9０-９a-zａ-ｚ一二三四五六七八九十]+[)）]", rest) or \
                    self.lang != "ja" and not rest[:1].isupper():
                continue  # an item, or a sentence going on: no place for a definition
            first.text = number.group(0) + definition + rest
            if first.text != first.text.strip():
                first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            return

    def _shape(self, anchor: int) -> ArticleShape:
        """The layout of the anchor article; how paragraphs and items are numbered comes from
        the nearest article that has them when the anchor has none."""
        def learn(index: int) -> ArticleShape:
            return learn_shape(self.paragraphs, self.document.clauses[index],
                               self.document.numbering, self.lang, self.owned)

        shape = learn(anchor)
        count = len(self.document.clauses)
        nearest = sorted(range(count), key=lambda i: (abs(i - anchor), i))
        if shape.para_p is None:
            donors = (learn(i) for i in nearest[1:] if self._has_kind(i, "paragraph"))
            donor = next((d for d in donors if d.para_p is not None), None)
            if donor is not None:
                shape.para_p, shape.para_prefix = donor.para_p, donor.para_prefix
                shape.para_start, shape.para_auto = donor.para_start, donor.para_auto
            else:
                # Japanese drafting leaves the first paragraph unnumbered (２, ３ follow)
                shape.para_start = 2 if self.lang == "ja" else 1
        if shape.item_p is None:
            donors = (learn(i) for i in nearest[1:] if self._has_kind(i, "item"))
            donor = next((d for d in donors if d.item_p is not None), None)
            if donor is not None:
                shape.item_p, shape.item_prefix = donor.item_p, donor.item_prefix
                shape.item_auto = donor.item_auto
        return shape

    def _has_kind(self, index: int, kind: str) -> bool:
        return any(c.kind == kind and c.source for c in self.document.clauses[index].walk())

    def _build_article(self, shape: ArticleShape, label: str, item: _Planned
                       ) -> list[etree._Element]:
        lines = split_recommended(item.text)
        if self.document.structure == "paragraphs":
            return self._build_plain(shape, lines)
        title = item.title.upper() if shape.upper_titles else item.title
        out: list[etree._Element] = []
        if shape.title_line is not None:
            out.append(self._para(shape.title_line, shape.title_line_format.format(title=title),
                                  _first_rpr(shape.title_line)))
            self.title_runs.extend(out[-1].iter(w("r")))
        head = shape.head
        head_list = self._numbering_of(head)
        body_lines = list(lines)
        paragraph_count = sum(1 for line in lines if line.level == "paragraph")
        self._runs_in = bool(shape.inline_body and body_lines and
                             body_lines[0].level == "paragraph" and
                             (self.lang == "ja" or paragraph_count == 1))
        head_text = self._head_text(shape, label, title, head_list)
        runs = [make_run(head_text, shape.head_rpr)] if head_text else []
        self.title_runs.extend(runs)
        first_unnumbered = False
        # run the first paragraph into the heading only where the contract does so and the
        # text would not leave its first paragraph unnumbered among numbered ones (English)
        if self._runs_in:
            runs.append(make_run(body_lines.pop(0).text, shape.body_rpr))
            first_unnumbered = True
        head_p = self._para_runs(head, runs, keep_numbering=False)
        if head_list is not None and (label or self.document.numbering == "auto"):
            # the article's number is typed (a branch number): the list must not count it,
            # or every later article would be renumbered
            _suppress_numbering(head_p)
        elif head_list is not None and not label:
            head_p = self._para_runs(head, runs, keep_numbering=True)
        out.append(head_p)
        number = 1
        if first_unnumbered:
            number = 2
        elif shape.para_start == 2 or paragraph_count == 1:
            # Japanese style: the first paragraph carries no number, the second is ２
            first_unnumbered = True
        index_in_para = 0
        label_core_text = label_core(label) if label else ""
        if self.lang == "ja" and "の" in label:
            label_core_text = ""  # 第5条の2 has no dotted form (5.1, 5.2): plain numbers
        if self.lang != "ja" and label_core_text and (
                shape.para_prefix is None or shape.para_prefix.kind == "dotted"):
            # paragraphs numbered 5.A.1, 5.A.2: "paragraph 1" becomes "Section 5.A.1"
            word = self.vocab.reference or "Section"
            body_lines = [Line(line.level, _dotted_references(line.text, label_core_text, word))
                          for line in body_lines]
        for line in body_lines:
            if line.level == "item":
                index_in_para += 1
                out.append(self._numbered(_first_of(shape.item_p, shape.para_p, shape.body_p),
                                          shape.item_prefix, "item", index_in_para, line.text,
                                          shape, label_core_text))
                continue
            index_in_para = 0
            if first_unnumbered and number == 1:
                template = shape.body_p if shape.body_p is not None else shape.para_p
                p = self._para(template, line.text, shape.body_rpr, keep_numbering=False)
                if self._numbering_of(template) is not None:
                    _suppress_numbering(p)
                out.append(p)
                number = 2
                continue
            out.append(self._numbered(_first_of(shape.para_p, shape.body_p), shape.para_prefix,
                                      "paragraph", number, line.text, shape, label_core_text))
            number += 1
        return out

    def _build_plain(self, shape: ArticleShape, lines: list[Line]) -> list[etree._Element]:
        """An inserted article in a contract of plain paragraphs (no article numbers, no
        headings), where every paragraph is a clause: one paragraph like the contract's own,
        its paragraphs on lines of their own (line breaks), its items run into their lead-in
        in English ("…: (a) …; (b) …") and on lines of their own in Japanese, without a
        heading or paragraph numbers. A heading would make the reader take the inserted
        articles for the contract's articles after "accept all" and read the contract's own
        paragraphs as their text (or as a preamble); separate paragraphs would each be a
        clause, splitting the provision. References between its parts are worded without
        numbers; the comment names the provision."""
        template = shape.head
        item_style = shape.item_prefix or default_prefix("item", self.lang)
        parts: list[str] = []
        index_in_para = 0
        for line, text in zip(lines, _unnumbered_references(lines, self.lang)):
            if line.level == "item":
                index_in_para += 1
                item = item_style.render(index_in_para) + text
                if self.lang == "ja" or not parts:
                    parts.append(item)  # 号 stand on lines of their own
                else:
                    parts[-1] += " " + item  # "… if the other party: (a) …; (b) …; or (c) …"
            else:
                index_in_para = 0
                parts.append(text)
        p = self._para(template, "\n".join(parts), shape.body_rpr, keep_numbering=False)
        if self._numbering_of(template) is not None:
            _suppress_numbering(p)
        return [p]

    def _head_text(self, shape: ArticleShape, label: str, title: str,
                   head_list: tuple[etree._Element | None, bool] | None) -> str:
        """The heading text of an inserted article: its typed number in the contract's
        heading format (the list's own format, "Article %1.", when Word numbers the
        headings) and its title."""
        fmt = shape.head_format
        if label and "{num}" not in fmt:
            lvl = head_list[0] if head_list is not None else None
            typed = prefix_from_level(lvl) if lvl is not None else None
            if self.lang != "ja" and typed is not None and (typed.open or typed.close):
                number = f"{typed.open}{label_core(label)}{typed.close}{typed.sep or ' '}"
            else:
                sep = typed.sep if typed is not None and typed.sep else \
                    ("　" if self.lang == "ja" else " ")
                number = label + sep
            text = number + fmt.lstrip(" \t　").format(num=label, title=title)
        else:
            text = fmt.format(num=label, title=title)
            text = text.lstrip() if not label else text
        # the body follows on the next paragraph unless it runs in: no trailing space
        return text if shape.inline_body and self._runs_in else text.rstrip(" \t")

    def _numbering_of(self, p: etree._Element | None) -> tuple[etree._Element | None, bool] | None:
        """The list level numbering paragraph ``p`` (directly or through its style) and
        whether it comes from the style; None when ``p`` is not numbered."""
        if p is None:
            return None
        direct = p.find("w:pPr/w:numPr/w:numId", NSMAP)
        if direct is not None:
            if direct.get(w("val")) == "0":
                return None
            return self._list_level(p), False
        style = p.find("w:pPr/w:pStyle", NSMAP)
        if style is None:
            return None
        found = self._style_numbering(style.get(w("val")))
        if found is None:
            return None
        num_id, ilvl = found
        try:
            numbering = self.package.part.numbering_part.element
        except Exception:
            return None
        return list_level(numbering, num_id, ilvl), True

    def _style_numbering(self, style_id: str | None, depth: int = 0) -> tuple[str, str] | None:
        if not style_id or depth > 5:
            return None
        styles = self.package.styles.element
        found = xpath(styles, "./w:style[@w:styleId=$s]", s=style_id)
        if not found:
            return None
        num = found[0].find("w:pPr/w:numPr/w:numId", NSMAP)
        if num is not None:
            ilvl = found[0].find("w:pPr/w:numPr/w:ilvl", NSMAP)
            return num.get(w("val")), ilvl.get(w("val")) if ilvl is not None else "0"
        based = found[0].find("w:basedOn", NSMAP)
        return self._style_numbering(based.get(w("val")) if based is not None else None,
                                     depth + 1)

    def _numbered(self, template: etree._Element | None, prefix: PrefixStyle | None, level: str,
                  n: int, text: str, shape: ArticleShape, parent: str) -> etree._Element:
        """A paragraph or item of an inserted article numbered ``n``. The number is always
        typed: copying the contract's list would continue its count ((5), (6)… or 3., 4.)
        instead of starting the new article from 1; the list's format and indentation are
        kept."""
        numbering = self._numbering_of(template) if prefix is None else None
        if template is not None and numbering is not None:
            lvl, from_style = numbering
            typed = (prefix_from_level(lvl) if lvl is not None else None) or \
                default_prefix(level, self.lang)
            if typed.kind == "dotted" and (not parent or level == "item" or
                                           (self.lang == "ja" and not parent.isdigit())):
                typed = default_prefix(level, self.lang)
            p = self._para(template, typed.render(n, parent) + text, shape.body_rpr,
                           keep_numbering=False)
            if from_style:
                _suppress_numbering(p)
            indent = lvl.find("w:pPr/w:ind", NSMAP) if lvl is not None and \
                template.find("w:pPr/w:ind", NSMAP) is None else None
            if indent is not None:
                set_indent(p, indent)
            return p
        style = prefix or default_prefix(level, self.lang)
        if prefix is None and level == "paragraph" and self.lang != "ja" and \
                self.document.numbering not in ("typed", "auto"):
            # a contract without numbered articles: "1." would make the new paragraphs read
            # as the contract's first numbered articles, "(1)" keeps them inside the heading
            style = PrefixStyle("", "(", "digit", ")", " ")
        elif prefix is None and level == "paragraph" and self.lang != "ja" and parent:
            # no sample to follow: "1." would read as an article number of the contract
            style = PrefixStyle("", "", "dotted", "", " ")
        if style.kind == "dotted" and (not parent or level == "item" or
                                       (self.lang == "ja" and not parent.isdigit())):
            # 5.1 under article 5 only: items get their own marks, and a Japanese branch
            # article (第5条の2) has no dotted form
            style = default_prefix(level, self.lang)
        return self._para(template, style.render(n, parent) + text, shape.body_rpr,
                          keep_numbering=False)

    def _list_level(self, p: etree._Element) -> etree._Element | None:
        """The ``w:lvl`` that numbers paragraph ``p`` (direct ``w:numPr`` only)."""
        num_id = p.find("w:pPr/w:numPr/w:numId", NSMAP)
        ilvl = p.find("w:pPr/w:numPr/w:ilvl", NSMAP)
        if num_id is None:
            return None
        try:
            numbering = self.package.part.numbering_part.element
        except Exception:  # no numbering part: nothing to learn from
            return None
        return list_level(numbering, num_id.get(w("val")),
                          ilvl.get(w("val")) if ilvl is not None else "0")

    def _list_prefix(self, p: etree._Element) -> PrefixStyle | None:
        """The typed equivalent of a paragraph's automatic number format ("(%3)" → "(1)")."""
        lvl = self._list_level(p)
        return prefix_from_level(lvl) if lvl is not None else None

    def _list_indent(self, p: etree._Element) -> etree._Element | None:
        """The indentation the list level gives ``p`` unless ``p`` sets its own."""
        if p.find("w:pPr/w:ind", NSMAP) is not None:
            return None
        lvl = self._list_level(p)
        return lvl.find("w:pPr/w:ind", NSMAP) if lvl is not None else None

    def _para(self, template: etree._Element | None, text: str, rpr: etree._Element | None,
              keep_numbering: bool = False) -> etree._Element:
        return self._para_runs(template, [make_run(text, rpr)], keep_numbering)

    def _para_runs(self, template: etree._Element | None, runs: list[etree._Element],
                   keep_numbering: bool) -> etree._Element:
        ppr = clean_ppr(template.find(w("pPr")) if template is not None else None,
                        keep_numbering=keep_numbering)
        return inserted_paragraph(ppr, runs, self.rev)


# CT_PPrBase children that come before w:numPr
_PPR_BEFORE_NUMPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                     "widowControl")


def _suppress_numbering(p: etree._Element) -> None:
    """Switch off the automatic number a paragraph would get from its style
    (``w:numId w:val="0"``), in schema order."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    old = ppr.find(w("numPr"))
    if old is not None:
        ppr.remove(old)
    num = etree.Element(w("numPr"))
    etree.SubElement(num, w("ilvl"), {w("val"): "0"})
    etree.SubElement(num, w("numId"), {w("val"): "0"})
    index = 0
    for i, child in enumerate(ppr):
        if local(child) in _PPR_BEFORE_NUMPR:
            index = i + 1
    ppr.insert(index, num)


def _num_id(p: etree._Element | None) -> str | None:
    found = p.find("w:pPr/w:numPr/w:numId", NSMAP) if p is not None else None
    return found.get(w("val")) if found is not None else None


def _separate_list(template: etree._Element, head: etree._Element | None) -> bool:
    """True when ``template`` is numbered by a list instance other than the article heading's
    (its count would not restart in a new article)."""
    mine, heads = _num_id(template), _num_id(head)
    return mine is not None and heads is not None and mine != heads


def _last_number(paragraphs: Sequence[Clause]) -> int | None:
    """The number of the last of an article's paragraphs ("7", "2.3" → 3), None when it has
    no readable one."""
    if not paragraphs or not paragraphs[-1].number:
        return None
    from clausecheck.redline.numbering import number_value

    m = re.search(r"([0-9０-９]+|[一二三四五六七八九十]+)\D*$", paragraphs[-1].number)
    return number_value(m.group(1)) if m else None


def _first_of(*elements: etree._Element | None) -> etree._Element | None:
    """The first element that exists (lxml elements must not be truth-tested)."""
    return next((e for e in elements if e is not None), None)


def _first_rpr(p: etree._Element) -> etree._Element | None:
    rprs = text_runs_rpr(p)
    return rprs[0] if rprs else None


def _block_level(p: etree._Element) -> etree._Element:
    """The ancestor of ``p`` that is a direct child of the body (the table around a cell
    paragraph), so insertions never land inside a table."""
    node = p
    while node.getparent() is not None and local(node.getparent()) != "body":
        node = node.getparent()
    return node


# the lines of a signing block: a date alone (2024年〇月〇日, 令和　年　月　日, "Date: ____"), a
# field to fill in (住所, 氏名, 印, "Name:", "Signature:", "By: ____")
_SIGNING_DATE = re.compile(r"^(?:(?:令和|平成|西暦)\s*)?[0-9０-９〇○●元\s]{0,4}年\s*[0-9０-９〇○●\s]{0,2}月"
                           r"\s*[0-9０-９〇○●\s]{0,2}日$|^date\s*[:：]", re.IGNORECASE)
_SIGNING_FIELD = re.compile(r"^(?:住所|所在地|氏名|名前|署名|記名|所属|学校名|生年月日|電話番号|"
                            r"代表者|会社名|商号|印|㊞|\(印\)|（印）)|^(?:name|title|signature|signed|"
                            r"by|address|witness|position)\s*[:：_]", re.IGNORECASE)


def _within(ref: str, parent: str) -> bool:
    """Is clause ``ref`` the clause ``parent`` or inside it ("第9条 1. (2)" in "第9条",
    "7.1" in "7")?"""
    return bool(parent) and (ref == parent or ref.startswith(parent + " ") or
                             ref.startswith(parent + "."))


def _sentence_case(text: str, m: re.Match[str], new: str) -> str:
    """An English amendment that puts words before a sentence's first word takes over its
    capital: "On request, …" becomes "Upon the termination … or on request, …"."""
    found = m.group(0)
    head = text[:m.start()]
    starts = not head.strip() or re.search(r"[.!?:][\"”’)]?\s+$", head) is not None
    if not (starts and found[:1].isupper() and new and not new.startswith(found)):
        return new
    at = new.find(found)
    if at > 0:
        new = new[:at] + found[0].lower() + found[1:] + new[at + len(found):]
    return new[0].upper() + new[1:]


def _paragraph_blocks(template: str) -> list[str]:
    """A template's paragraphs, each with its indented item lines."""
    blocks: list[str] = []
    for line in template.splitlines():
        if not line.strip():
            continue
        if line[:1].isspace() and blocks:
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
    return blocks


_ITEM_LABEL = re.compile(r"^\s*(?:[(（][0-9０-９a-z]{1,3}[)）]|[①-⑳])\s*")


def _keep_items(block: str, wanted: set[int], lang: str) -> str:
    """A template paragraph with only the items ``wanted`` (1-based). One item left is run
    into the paragraph's sentence, as one would write it: 「相手方について合併…変動が生じた
    ときは」, "if the other party undergoes a change of control …"."""
    lead, *listed = block.split("\n")
    kept = [listed[k - 1] for k in sorted(wanted) if 0 < k <= len(listed)]
    if len(kept) != 1:
        return "\n".join([lead, *kept])
    item = _ITEM_LABEL.sub("", kept[0]).strip()
    if lang == "ja":
        for phrase, joined in (("が次の各号のいずれかに該当したとき", "について" + item),
                               ("次の各号のいずれかに該当したとき", item)):
            if phrase in lead:
                return lead.replace(phrase, joined, 1)
    elif lead.rstrip().endswith(":"):
        item = re.sub(r"(?:;|,)?(?:\s+(?:or|and))?\s*[.;]?$", "", item)
        return f"{lead.rstrip()[:-1]} {item}."
    return "\n".join([lead, *kept])


_JA_DEFINES = re.compile(r"「([^「」]{1,20})」(?:とは|という)")
_EN_DEFINES = re.compile(r"[\"“]([A-Z][A-Za-z ]{1,40})[\"”]\)?\s*(?:means|\))")


def _terms_defined(text: str, lang: str) -> list[str]:
    """The terms a template paragraph defines (「本発明等」という / ("New IP"))."""
    pattern = _JA_DEFINES if lang == "ja" else _EN_DEFINES
    return [m.group(1) for m in pattern.finditer(text)]


def _standalone_references(text: str, lang: str) -> str:
    """References to neighbouring paragraphs of the recommended text (前項, "paragraph 1")
    made true for paragraphs added to an existing article, where those neighbours are not."""
    if lang == "ja":
        return re.sub(r"前(?:[二三四]|各)?項", "本条", text)
    return re.sub(r"\b((?:under|with|in|of) )?paragraphs? \d+(?:\s*(?:and|or|to)\s*\d+)?"
                  r"(?:\([a-z]\))?", lambda m: (m.group(1) or "") + "this clause", text)


# A typed paragraph number opening an inserted paragraph: "1.", "(1)", "5.A.1", ２, "19.A.1".
_LEADING_NUMBER = re.compile(r"^[ \t　]*(?:(?:[0-9]+(?:\.[0-9A-Z]+)*\.?|[（(][0-9０-９]+[)）]|"
                             r"[０-９]+)[ \t　]+)?")


# Sentences that lean on the one before (a proviso, "in that case", "such …"): struck with it.
_LEANS_BACK = {
    "ja": re.compile(r"^[\s\u3000]*(?:ただし|但し|この場合|その場合|当該|前文|前段|かかる|これらの)"),
    "en": re.compile(r"^\s*(?:however|provided|in (?:that|such|this|each|any) case|such|these|those|"
                     r"the foregoing|any such|the same)\b", re.IGNORECASE),
}
_EN_ABBREVIATIONS = {"e.g", "i.e", "inc", "ltd", "co", "corp", "no", "nos", "mr", "ms", "mrs",
                     "dr", "st", "etc", "cf", "vs", "art", "sec", "para", "u.s", "u.k", "p", "pp"}


def _sentences(text: str, start: int, lang: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` from ``start`` on, as (start, end) spans; an English span
    takes the spaces after it. Japanese sentences end at 。 outside brackets (「…。」 and
    （…。） stay inside theirs); English ones at . ! ? before a space and a capital, not
    after an abbreviation or inside a number (Section 13.4)."""
    out: list[tuple[int, int]] = []
    begin = start
    if lang == "ja":
        depth = 0
        for k in range(start, len(text)):
            char = text[k]
            if char in "「『（(":
                depth += 1
            elif char in "」』）)":
                depth = max(0, depth - 1)
            elif char == "。" and depth == 0:
                out.append((begin, k + 1))
                begin = k + 1
    else:
        for m in re.finditer(r"[.!?][\"”’)]*(\s+)(?=[A-Z(\"“‘\[])", text[start:]):
            end = start + m.start()
            word = re.search(r"([A-Za-z.]+)$", text[begin:end])
            if word and (word.group(1).lower().rstrip(".") in _EN_ABBREVIATIONS or
                         re.fullmatch(r"[A-Z]", word.group(1))):
                continue
            out.append((begin, start + m.end()))
            begin = start + m.end()
    if text[begin:].strip():
        out.append((begin, len(text)))
    return out


def _strike_spans(text: str, start: int, patterns: Sequence[re.Pattern[str]],
                  lang: str) -> list[tuple[int, int]]:
    """The spans of ``text`` (from ``start``, after its typed number) that strike patterns
    delete: a whole sentence where a pattern matches it, only the group ``strike`` where the
    pattern has one; a sentence right after a struck one that leans on it goes too. Spans
    merged, in order; English text struck to the paragraph's end takes the space before it."""
    sentences = _sentences(text, start, lang)
    struck: set[int] = set()
    spans: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(sentences):
        sentence = text[a:b].rstrip()
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                if "strike" in pattern.groupindex:
                    if m.group("strike"):
                        spans.append((a + m.start("strike"), a + m.end("strike")))
                else:
                    struck.add(k)
    for k in range(1, len(sentences)):
        a, b = sentences[k]
        if k - 1 in struck and k not in struck and _LEANS_BACK[lang].match(text[a:b]):
            struck.add(k)
    spans += [sentences[k] for k in struck]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    if lang != "ja" and merged and merged[-1][1] == len(text) and merged[-1][0] > start:
        a, b = merged[-1]  # struck to the end: the space before it goes too
        merged[-1] = (max(start, len(text[:a].rstrip())), b)
    return merged


# A paragraph's own typed number, kept when its text is struck: 5.2, (b), ２, (iii), ①, 三.
_STRUCK_LABEL = re.compile(r"^[ \t\u3000]*(?:(?:[0-9]+(?:\.[0-9A-Z]+)*\.?|[（(](?:[0-9０-９]{1,3}|[a-z]{1,2}|"
                           r"[ivx]{1,5}|[A-Z])[)）]|[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3}|[①-⑳])"
                           r"[ \t\u3000.．、]+)?")
_DEFINED_EN = re.compile(r"[\"“]([A-Z][\w\-]*(?: [\w\-]+){0,4})[\"”]\)?\s*(?:means|has the meaning|shall mean|\))")
_DEFINED_JA = re.compile(r"「([^「」]{1,20})」(?:とは|という)")


def _terms_defined_in(text: str, lang: str) -> list[str]:
    """The terms struck text defines ("Residuals" means …, ("Residuals"), 以下「残留知識」という)."""
    pattern = _DEFINED_JA if lang == "ja" else _DEFINED_EN
    return list(dict.fromkeys(m.group(1) for m in pattern.finditer(text)))


def _without(text: str, spans: Sequence[tuple[int, int]]) -> str:
    out, at = [], 0
    for a, b in spans:
        out.append(text[at:a])
        at = b
    out.append(text[at:])
    return "".join(out)


def _unnumbered_references(lines: Sequence[Line], lang: str) -> list[str]:
    """The texts of ``lines`` with their references to each other's paragraph numbers
    (「第1項」, 前項, "paragraph 1(a)") worded for paragraphs that carry no number: the one just
    before is 前項 / "the preceding paragraph"; an earlier one is 上記 / "the paragraph above
    beginning “…”"."""
    paragraphs = [line.text for line in lines if line.level == "paragraph"]
    out: list[str] = []
    k = 0
    for line in lines:
        if line.level != "paragraph":
            out.append(line.text)
            continue
        k += 1

        def ja(m: re.Match[str], k: int = k) -> str:
            n = number_value(m.group(1))
            if n is None or n >= k:
                return m.group(0)
            return "前項" if n == k - 1 else "上記"

        def en(m: re.Match[str], k: int = k) -> str:
            n, item = int(m.group(2)), m.group(3) or ""
            if n >= k:
                return m.group(0)
            if n == k - 1:
                where = "the preceding paragraph"
            else:
                words = " ".join(paragraphs[n - 1].split()[:5]).rstrip(",;:")
                where = f"the paragraph above beginning “{words}”"
            where = f"{item} of {where}" if item else where
            return where[0].upper() + where[1:] if m.group(1) == "P" else where

        text = line.text
        if lang == "ja":
            text = re.sub(r"第([0-9０-９]+)項(?=の|第)", ja, text)
        else:
            text = re.sub(r"\b([Pp])aragraph (\d+)(\([a-z]\))?", en, text)
        out.append(text)
    return out


def _dotted_references(text: str, parent: str, word: str) -> str:
    """"paragraph 1(a)" → "Section 5.A.1(a)", "Paragraphs 1 and 2" → "Sections 5.A.1 and
    5.A.2" in an article whose paragraphs are numbered under its own number."""
    def one(m: re.Match[str]) -> str:
        first, sub, conj, second = m.group(2), m.group(3) or "", m.group(4), m.group(5)
        if second:
            return f"{word}s {parent}.{first}{sub} {conj} {parent}.{second}"
        return f"{word} {parent}.{first}{sub}"

    return re.sub(r"\b([Pp])aragraphs? (\d+)(\([a-z]\))?(?:\s+(and|or|to)\s+(\d+))?", one, text)
