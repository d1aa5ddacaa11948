"""Options shared by several commands, declared once."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

import click

from clausecheck.errors import ClausecheckError
from clausecheck.model import SIDES

type_option = click.option(
    "--type", "contract_type", metavar="TYPE", default="auto", show_default=True,
    help="Contract type: a profile id of the library (nda, joint_research, outsourcing, "
         "license, poc, supply, other in the built-in one; 'clausecheck library list' shows "
         "them); auto detects it from the title, preamble and content.")


def check_type(contract_type: str, library_dir: Path | None) -> None:
    """Refuse a --type the library has no profile for (exit 2, naming the known types)."""
    if contract_type in ("auto", "", None):
        return
    from clausecheck.library import load_library

    known = load_library(library_dir).type_ids
    if contract_type not in known:
        raise ClausecheckError(f"--type: unknown contract type {contract_type!r} (this "
                               f"library knows: auto, {', '.join(known)})")


def check_side(side: str, contract_type: str, library_dir: Path | None) -> None:
    """Refuse a --side that is no side and no party name of the library (exit 2, naming the
    sides and party names it knows)."""
    if side in SIDES:
        return
    from clausecheck.library import load_library

    try:
        load_library(library_dir).side(side, None if contract_type in ("auto", "", None)
                                       else contract_type)
    except ValueError as exc:
        raise ClausecheckError(f"--side: {exc}") from None


side_option = click.option(
    "--side", metavar="SIDE", default="discloser", show_default=True,
    help="Your side: discloser (the technology holder, the guidance's view), recipient or "
         "mutual; or your party's name in the contract type: 委託者/client, 受託者/contractor, "
         "licensor, licensee, 発注者/buyer, supplier … ('clausecheck library list' shows them).")
library_option = click.option(
    "--library", "library_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None, help="A clause library directory (your company playbook) instead of the built-in one.")
ui_lang_option = click.option(
    "--ui-lang", type=click.Choice(["auto", "ja", "en"]), default="auto", show_default=True,
    help="Language of labels and messages; auto follows the contract's language.")
ocr_option = click.option(
    "--no-ocr", "no_ocr", is_flag=True,
    help="Do not read scanned pages (PDF pages without text, .png/.jpg/.tif) by OCR: "
         "they are refused instead (OCR takes about 5 s a page).")
lang_option = click.option(
    "--lang", type=click.Choice(["auto", "ja", "en"]), default="auto", show_default=True,
    help="Language the contract is read in; auto detects it (and warns when much of the text "
         "is in a language clausecheck cannot read).")


_JA_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def ui_language(ui_lang: str, paths: Iterable[str | os.PathLike[str]]) -> str:
    """The language of labels and messages, "ja" or "en": --ui-lang when given; for auto,
    that of most of the contracts (a quick look at their text), else the user's locale
    (LC_ALL, LC_MESSAGES, LANG; C and POSIX say nothing), else Japanese when a file name is
    Japanese, else English. One rule for the report and for the errors: a file that cannot
    be read still gets its reason in the language its report would have had."""
    if ui_lang in ("ja", "en"):
        return ui_lang
    from clausecheck.reader.reading import majority_language

    names = [os.fspath(p) for p in paths]
    peeked = majority_language(names)
    if peeked is not None:
        return peeked
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            if code in ("ja", "en"):
                return code
            break  # the first one set decides, as for every program (C, POSIX: no language)
    if any(_JA_NAME.search(os.path.basename(n)) for n in names):
        return "ja"
    return "en"
