"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

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
side_option = click.option(
    "--side", type=click.Choice(list(SIDES)), default="discloser", show_default=True,
    help="Your side: discloser (the technology holder, the guidance's view), recipient or mutual.")
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
