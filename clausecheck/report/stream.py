"""Streaming reporters: Reports handed over one at a time, in path order, never all held.

A scan of a thousand contracts must not keep a thousand Reports (with their evidence text)
alive until the end just so that a formatter can see them all. A ``Reporter`` writes to an
open binary stream as reports arrive and keeps only what its end needs: small tallies for the
summary (``Tally``) and, for the formats that draw a contracts × provisions matrix, one
``ContractRow`` of a few bytes per provision. Heavy parts that must come after the matrix
(HTML sections, Excel finding rows) go to spooled temp files, not memory.

    reporter = open_reporter("json", out, RenderOptions(mode="scan"))
    reporter.begin(skipped=skipped)
    for report in reports_in_path_order:
        reporter.add(report)
    for error in errors:
        reporter.add_error(error)      # may also come between reports
    reporter.end()

``render(fmt, batch)`` (``clausecheck.report``) streams a whole ``Batch`` through the same
reporter into memory (``registry.stream_batch``), so one code path produces every output.
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, Iterator, Sequence

from clausecheck.errors import one_line, printable_path
from clausecheck.model import Facts, Report
from clausecheck.report.base import FileError, RenderOptions

# Spooled temp files stay in memory up to this size, then move to disk: small batches never
# touch the disk, large ones do not grow the process.
SPOOL_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Cell:
    """One provision of one contract, as a matrix cell needs it."""

    status: str
    severity: str
    title: str  # shared with the Report's title string, not a copy


@dataclass(frozen=True, slots=True)
class ContractRow:
    """What a matrix row needs of one Report: a few bytes per provision, no clause text."""

    file: str
    title: str
    language: str
    contract_type: str
    side: str
    type_title: dict[str, str]
    type_short: dict[str, str]
    role: dict[str, str]
    cells: dict[str, Cell]
    counts: dict[str, int]
    risks: int
    failed: bool
    facts: Facts | None = None   # small: a few short strings, no clause text
    ocr: str = ""  # "OCR 91%" when the file was read by OCR (report.conversion.ocr_note)

    @classmethod
    def of(cls, report: Report) -> "ContractRow":
        from clausecheck.report.conversion import ocr_note

        return cls(file=report.file, title=report.title, language=report.language,
                   contract_type=report.contract_type, side=report.side,
                   type_title=report.type_title, type_short=report.type_short, role=report.role,
                   cells={f.provision: Cell(f.status, f.severity, f.title)
                          for f in report.findings},
                   counts=report.counts(), risks=len(report.risks), failed=report.failed,
                   facts=report.facts,
                   ocr=ocr_note(report))


class Tally:
    """Running counts over the reports seen so far: everything the summaries need."""

    def __init__(self, keep_rows: bool = False) -> None:
        self.keep_rows = keep_rows
        self.rows: list[ContractRow] = []
        self.errors: list[FileError] = []  # one short line per unreadable file
        self.skipped = 0
        self.checked = 0
        self.failed = 0
        self.required_missing = False
        self.required_weak = False
        self.first_file = ""
        self.languages: Counter[str] = Counter()
        self.by_provision: dict[str, dict[str, int]] = {}
        self.by_severity = {"error": 0, "warning": 0, "notice": 0, "ok": 0}
        # per contract language, the first title seen for each provision
        self._titles: dict[str, dict[str, str]] = {}
        self.codes: dict[str, str] = {}   # provision -> its library code, as findings say

    def add(self, report: Report) -> ContractRow | None:
        if not self.checked:
            self.first_file = report.file
        self.checked += 1
        self.failed += report.failed
        self.languages[report.language] += 1
        titles = self._titles.setdefault(report.language, {})
        for f in report.findings:
            counts = self.by_provision.setdefault(f.provision,
                                                  {"present": 0, "weak": 0, "missing": 0})
            counts[f.status] += 1
            self.by_severity[f.severity] += 1
            if f.title:
                titles.setdefault(f.provision, f.title)
            if f.code:
                self.codes.setdefault(f.provision, f.code)
            if f.requirement == "required":
                self.required_missing |= f.status == "missing"
                self.required_weak |= f.status == "weak"
        if not self.keep_rows:
            return None
        row = ContractRow.of(report)
        self.rows.append(row)
        return row

    def add_error(self, error: FileError) -> None:
        self.errors.append(error)

    @property
    def provision_ids(self) -> list[str]:
        """Every provision judged, in order of first appearance."""
        return list(self.by_provision)

    def lang(self, ui_lang: str) -> str:
        """The language of batch-level labels (as ``batch_lang``)."""
        if ui_lang in ("ja", "en"):
            return ui_lang
        if not self.languages:
            return "en"
        # a Counter keeps first-seen order on ties, as batch_lang does for a sorted batch
        return self.languages.most_common(1)[0][0]

    def titles(self, lang: str) -> dict[str, str]:
        """A title per provision, preferring one from a contract in ``lang``."""
        out = dict(self._titles.get(lang, {}))
        for other, titles in self._titles.items():
            if other != lang:
                for pid, title in titles.items():
                    out.setdefault(pid, title)
        return out

    def summary(self) -> dict[str, Any]:
        """Counts of the files, checks, failures and errors seen."""
        return {
            "files": self.checked + len(self.errors),
            "checked": self.checked,
            "errors": len(self.errors),
            "skipped": self.skipped,
            "failed": self.failed,
            "by_severity": dict(self.by_severity),
            "by_provision": {pid: dict(c) for pid, c in self.by_provision.items()},
        }


class Reporter:
    """Base of the streaming reporters; subclasses override the ``_`` hooks.

    Call ``begin`` once, then ``add`` / ``add_error`` in path order, then ``end`` once. The
    reporter writes bytes to ``out`` (UTF-8 for text formats) and never closes it.
    """

    keep_rows = False  # True for formats that draw the contracts × provisions matrix

    def __init__(self, out: BinaryIO | IO[bytes], options: RenderOptions | None = None) -> None:
        self.out = out
        self.options = options or RenderOptions()
        self.tally = Tally(keep_rows=self.keep_rows)
        self.files: list[str] = []

    def begin(self, files: Sequence[str] = (), skipped: Sequence[str] = ()) -> None:
        # File names are data: undecodable bytes and control characters arrive escaped, so
        # that no writer fails on them at the end of a long scan (errors.printable_path).
        self.files = [printable_path(f) for f in files]
        self.tally.skipped = len(skipped)
        self._begin()

    def add(self, report: Report) -> None:
        if printable_path(report.file) != report.file:
            report = dataclasses.replace(report, file=printable_path(report.file))
        row = self.tally.add(report)
        self._add(report, row)

    def add_error(self, error: FileError) -> None:
        error = FileError(printable_path(error.file), one_line(error.error))
        self.tally.add_error(error)
        self._add_error(error)

    def end(self) -> None:
        try:
            self._end()
            self.out.flush()
        finally:
            self.close()

    def close(self) -> None:
        """Drop temp files; ``end`` calls it, and a caller whose scan failed should too."""

    # hooks
    def _begin(self) -> None:
        pass

    def _add(self, report: Report, row: ContractRow | None) -> None:
        pass

    def _add_error(self, error: FileError) -> None:
        pass  # errors are listed at the end by every format; the tally keeps them

    def _end(self) -> None:
        pass

    def write(self, text: str) -> None:
        # backslashreplace: a stray surrogate costs one escaped character, never the report
        self.out.write(text.encode("utf-8", "backslashreplace"))


class TextSpool:
    """Text written now and copied out later, in memory while small, then on disk."""

    def __init__(self) -> None:
        self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)

    def write(self, text: str) -> None:
        self.file.write(text.encode("utf-8", "backslashreplace"))

    def copy_to(self, out: BinaryIO | IO[bytes]) -> None:
        self.file.seek(0)
        while chunk := self.file.read(1 << 16):
            out.write(chunk)

    def close(self) -> None:
        self.file.close()


class RowSpool:
    """Python values (table rows) pickled one by one to a temp file and read back in order."""

    def __init__(self) -> None:
        self.file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        self.count = 0

    def append(self, row: Any) -> None:
        pickle.dump(row, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        self.file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self.file)

    def close(self) -> None:
        self.file.close()
