"""`clausecheck redline`: the draft back as a .docx with Word comments and tracked insertions."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

import click

from clausecheck.cli.options import (check_side, check_type, library_option, side_option,
                                     type_option)
from clausecheck.errors import InputError
from clausecheck.signals import describe_interrupt, output_left

PRINTED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
CONVERTED_SUFFIXES = (".doc", ".rtf", ".odt")


@contextlib.contextmanager
def _as_docx(file: Path) -> Iterator[Path]:
    """The file itself when it is a .docx; else the .docx LibreOffice makes of it, in a
    private temporary folder (the redline then goes to NAME.clausecheck.docx as usual)."""
    if file.suffix.lower() == ".docx":
        yield file
        return
    from clausecheck.reader import _read_bytes
    from clausecheck.reader.convert import convert_to_docx

    data = convert_to_docx(_read_bytes(file, str(file)), str(file), file.suffix.lower())
    with tempfile.TemporaryDirectory(prefix="clausecheck-redline-") as tmp:
        src = Path(tmp) / (file.stem + ".docx")
        src.write_bytes(data)
        yield src


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


EPILOG = """\b
Examples:
  clausecheck redline draft.docx                    writes draft.clausecheck.docx beside it
  clausecheck redline draft.docx -o reviewed.docx --author "Legal Dept."
  clausecheck redline draft.docx --include recommended   also insert recommended provisions
  clausecheck redline draft.docx -o reviewed.docx --force  replace an earlier output
  clausecheck redline old.doc                       .doc/.rtf/.odt: a new old.clausecheck.docx

A PDF or a scan cannot be redlined (it holds no Word comments or tracked changes): ask for
the .docx, or use 'clausecheck check'.

Open the result in Word: weak clauses are amended where they stand (text that weakens
them, such as a residuals clause or a right to keep copies, is struck) and missing
provisions inserted, as tracked changes in the contract's own terms (parties, defined terms,
article numbers; --side recipient drafts for the receiving side), each with a comment
saying why. Inserted articles take branch numbers (第5条の2, 5.A), so no existing article is
renumbered. Accept or reject them in Word. The input file is never modified.
"""


@click.command("redline", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Where to write the annotated copy "
                                 "[default: NAME.clausecheck.docx beside the input].")
@type_option
@side_option
@click.option("--author", default="clausecheck", show_default=True,
              help="Author name recorded on every comment and tracked change.")
@click.option("--include", "include", type=click.Choice(["recommended"]), multiple=True,
              help="Also insert missing recommended provisions (required ones always are).")
@library_option
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def command(file: Path, output: Path | None, contract_type: str, side: str, author: str,
            include: tuple[str, ...], library_dir: Path | None, force: bool) -> None:
    """Write a copy of FILE.docx (or of a .doc/.rtf/.odt, converted by LibreOffice) with each
    weak clause amended and each missing provision inserted as a tracked change, and a Word
    comment on each change and each risky clause (accept or reject them in Word).

    The input file is never modified. Set CLAUSECHECK_REDLINE_DATE (e.g.
    2026-11-26T00:00:00Z) to stamp every change with a fixed date for reproducible output.

    \b
    Example:
      clausecheck redline draft.docx --side discloser -o draft.reviewed.docx
    """
    from clausecheck.redline import check_output_paths, default_output, redline

    check_type(contract_type, library_dir)
    check_side(side, contract_type, library_dir)
    suffix = file.suffix.lower()
    if suffix in PRINTED_SUFFIXES:
        raise InputError(str(file), "a PDF or scanned image cannot carry Word comments and "
                                    "tracked changes; ask for the Word (.docx) file to "
                                    "redline, or run 'clausecheck check' for the findings")
    if suffix not in (".docx",) + CONVERTED_SUFFIXES:
        raise InputError(str(file), "redline needs a .docx file (Word); use 'clausecheck check' "
                                    "for .txt and .md")
    if not file.exists():
        raise InputError(str(file), "no such file")
    out = output if output is not None else default_output(file)
    with _as_docx(file) as src:
        # fail fast, before the (slower) check, when the output cannot be written
        check_output_paths(src, out, force)
        if out.exists() and _same(out, file):
            raise InputError(str(file), "refusing to overwrite the input file")

        from clausecheck.api import check_document, read_document

        with describe_interrupt(lambda: output_left(out)):
            document = read_document(src)
            report = check_document(document, contract_type=contract_type, side=side,
                                    library_dir=library_dir, explain=False)
            result = redline(src, report, out, author=author, force=force,
                             include_recommended="recommended" in include,
                             library_dir=library_dir, document=document)

    def count(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    click.echo(f"{count(result.comments, 'comment')}, {count(result.insertions, 'insertion')}, "
               f"{count(len(result.amended), 'amended clause')}: {result.output}")
    for note in result.skipped:
        click.echo(f"  not placed: {note}", err=True)
