"""`clausecheck scan` (placeholder until implemented)."""

from __future__ import annotations

import click

from clausecheck.errors import ClausecheckError


@click.command("scan")
def command() -> None:
    """Not implemented yet."""
    raise ClausecheckError("'scan' is not implemented yet")
