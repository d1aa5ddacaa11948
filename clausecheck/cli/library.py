"""`clausecheck library` (placeholder until implemented)."""

from __future__ import annotations

import click

from clausecheck.errors import ClausecheckError


@click.command("library")
def command() -> None:
    """Not implemented yet."""
    raise ClausecheckError("'library' is not implemented yet")
