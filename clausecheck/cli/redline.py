"""`clausecheck redline` (placeholder until implemented)."""

from __future__ import annotations

import click

from clausecheck.errors import ClausecheckError


@click.command("redline")
def command() -> None:
    """Not implemented yet."""
    raise ClausecheckError("'redline' is not implemented yet")
