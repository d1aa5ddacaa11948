"""`clausecheck outline`: print the clause tree as the reader sees it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

EPILOG = """\b
Examples:
  clausecheck outline draft.docx                 indented tree: number, heading, text start
  clausecheck outline nda.txt --format json      the same as JSON (articles at the top level)

Use it to see how a contract was read before trusting a check: every article should appear
with its number and heading, in order. A chapter heading (第2章, PART II) is no clause: it is
shown in brackets above its first article (JSON: "chapter" on each article under it).
"""

SNIPPET = 60


@click.command("outline", epilog=EPILOG)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: an indented tree; json: the full Document.")
def command(file: Path, fmt: str) -> None:
    """Show the title, preamble, articles, paragraphs and items read from FILE
    (.docx, .txt, .md, PDF, scanned image, .doc/.rtf/.odt)."""
    from clausecheck.reader import read_document

    document = read_document(file)
    if fmt == "json":
        click.echo(json.dumps(document.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(text_outline(document)))


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[:SNIPPET - 1] + "…"


def text_outline(document: Any) -> list[str]:
    """Lines of the indented tree (exposed for tests and for other commands)."""
    read_as = f", read as: {document.structure}" if document.structure else ""
    lines = [f"{document.path}  [{document.format}, {document.language}, "
             f"numbering: {document.numbering}{read_as}]"]
    if document.title:
        lines.append(f"Title: {document.title}")
    if document.preamble:
        lines.append(f"Preamble: {_snippet(document.preamble)}")
    chapter = ""
    for clause in document.clauses:
        if clause.chapter and clause.chapter != chapter:
            lines.append(f"[{clause.chapter}]")
        chapter = clause.chapter
        _clause_lines(clause, 0, lines)
    for annex in document.annexes:
        lines.append(f"Annex: {annex.title}" + (f" — {_snippet(annex.text)}" if annex.text else ""))
    if document.signature:
        lines.append(f"Signature: {_snippet(document.signature)}")
    if not document.clauses:
        lines.append("(no clauses found)")
    return lines


def _clause_lines(clause: Any, depth: int, out: list[str]) -> None:
    head = clause.number
    if clause.title:
        head = f"{head} ({clause.title})" if head else clause.title
    text = _snippet(clause.text)
    out.append("  " * depth + (f"{head}  {text}" if head and text else head or text))
    for child in clause.children:
        _clause_lines(child, depth + 1, out)
