"""`clausecheck outline` (placeholder until implemented)."""

from __future__ import annotations

import click

from clausecheck.errors import ClausecheckError


@click.command("outline")
def command() -> None:
    """Not implemented yet."""
    raise ClausecheckError("'outline' is not implemented yet")
