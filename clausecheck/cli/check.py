"""`clausecheck check` (placeholder until implemented)."""

from __future__ import annotations

import click

from clausecheck.errors import ClausecheckError


@click.command("check")
def command() -> None:
    """Not implemented yet."""
    raise ClausecheckError("'check' is not implemented yet")
