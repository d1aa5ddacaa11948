"""`clausecheck redline`: the draft back as a .docx with Word comments and tracked insertions."""

from __future__ import annotations

from pathlib import Path

import click

from clausecheck.cli.options import check_type, library_option, side_option, type_option
from clausecheck.errors import InputError
from clausecheck.signals import describe_interrupt, output_left


EPILOG = """\b
Examples:
  clausecheck redline draft.docx                    writes draft.clausecheck.docx beside it
  clausecheck redline draft.docx -o reviewed.docx --author "Legal Dept."
  clausecheck redline draft.docx --include recommended   also insert recommended provisions
  clausecheck redline draft.docx -o reviewed.docx --force  replace an earlier output

Open the result in Word: weak clauses are amended where they stand and missing
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
    """Write a copy of FILE.docx with each weak clause amended and each missing provision
    inserted as a tracked change, and a Word comment on each change and each risky clause
    (accept or reject them in Word).

    The input file is never modified. Set CLAUSECHECK_REDLINE_DATE (e.g.
    2026-11-26T00:00:00Z) to stamp every change with a fixed date for reproducible output.

    \b
    Example:
      clausecheck redline draft.docx --side discloser -o draft.reviewed.docx
    """
    from clausecheck.redline import check_output_paths, default_output, redline

    check_type(contract_type, library_dir)
    if file.suffix.lower() != ".docx":
        raise InputError(str(file), "redline needs a .docx file (Word); use 'clausecheck check' "
                                    "for .txt and .md")
    if not file.exists():
        raise InputError(str(file), "no such file")
    out = output if output is not None else default_output(file)
    # fail fast, before the (slower) check, when the output cannot be written
    check_output_paths(file, out, force)

    from clausecheck.api import check_document, read_document

    with describe_interrupt(lambda: output_left(out)):
        document = read_document(file)
        report = check_document(document, contract_type=contract_type, side=side,
                                library_dir=library_dir)
        result = redline(file, report, out, author=author, force=force,
                         include_recommended="recommended" in include,
                         library_dir=library_dir, document=document)
    def count(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    click.echo(f"{count(result.comments, 'comment')}, {count(result.insertions, 'insertion')}, "
               f"{count(len(result.amended), 'amended clause')}: {result.output}")
    for note in result.skipped:
        click.echo(f"  not placed: {note}", err=True)
