"""The public Python API: read a contract, check it, get a Report.

    from clausecheck.api import check_file
    report = check_file("draft.docx", contract_type="auto", side="discloser")
    for finding in report.findings:
        print(finding.provision, finding.status)

The command line and the batch scanner call only these functions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clausecheck.model import Document, Report

if TYPE_CHECKING:
    from clausecheck.engine import Checker
    from clausecheck.reader.options import ReadOptions


def read_document(path: str | Path, options: "ReadOptions | None" = None) -> Document:
    """Read a contract (.docx/.txt/.md, PDF, scanned image, .doc/.rtf/.odt) into a Document;
    raises InputError on bad input. ``options``: time budgets and OCR on or off."""
    from clausecheck.reader import read_document as _read

    return _read(path, options)


def get_checker(library_dir: str | Path | None = None) -> "Checker":
    """A Checker with the library and language models loaded (cached per process)."""
    from clausecheck.engine import get_checker as _get

    return _get(library_dir)


def check_document(document: Document, *, contract_type: str = "auto", side: str = "discloser",
                   library_dir: str | Path | None = None, ui_lang: str = "auto",
                   lang: str = "auto", explain: bool = True) -> Report:
    """Judge every provision of the profile for an already read Document (``lang`` "ja" or
    "en" forces the language it is read in). ``side`` is discloser, recipient, mutual or a
    party name of the type (委託者, licensee); ``report.side`` is always one of the three.

    The Report also says how the document was read (``report.reading``); each evidence
    clause carries the sentence that decided (``Evidence.sentence``, set by the checker).
    ``explain=False`` leaves out what only ``--explain`` shows and costs time (the learned
    layer's scores while it cannot change a verdict); the verdicts are the same.
    """
    import dataclasses

    from clausecheck.reader.reading import describe_reading

    checker = get_checker(library_dir)
    report = checker.check(document, contract_type=contract_type, side=side, ui_lang=ui_lang,
                           lang=lang, explain=explain)
    return dataclasses.replace(report, reading=describe_reading(document))


def check_file(path: str | Path, *, contract_type: str = "auto", side: str = "discloser",
               library_dir: str | Path | None = None, ui_lang: str = "auto",
               read_options: "ReadOptions | None" = None, lang: str = "auto",
               explain: bool = True) -> Report:
    """Read and check one contract file."""
    return check_document(read_document(path, read_options), contract_type=contract_type,
                          side=side, library_dir=library_dir, ui_lang=ui_lang, lang=lang,
                          explain=explain)
