"""The ``clausecheck`` command line: click commands only.

Each command lives in its own module; they parse options, call ``clausecheck.api`` and pick a
reporter. Heavy imports (spaCy, python-docx, openpyxl) happen inside the commands so that
``--help`` stays instant.
"""

from __future__ import annotations

import sys

import click

from clausecheck import __version__
from clausecheck.errors import ClausecheckError

EPILOG = """\b
Examples:
  clausecheck check draft.docx                 verdict per provision, in the terminal
  clausecheck check draft.docx --format json   the same as JSON
  clausecheck scan contracts/ -o summary.xlsx  a whole folder as an Excel summary
  clausecheck redline draft.docx               a copy with Word comments and tracked insertions
  clausecheck outline draft.docx               the clause tree as read
  clausecheck library list                     the provisions the checker knows

Exit codes: 0 nothing required is missing or weak, 1 something is, 2 error.
Everything runs offline: no contract text ever leaves the machine.
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EPILOG)
@click.version_option(__version__, prog_name="clausecheck")
def cli() -> None:
    """Check NDAs (秘密保持契約) and joint-research agreements (共同研究契約) against METI's
    technology-leakage guidance: each recommended provision is reported as present, weak
    (with the missing elements named) or missing, with evidence and a suggested text."""


def _register() -> None:
    from clausecheck.cli import check, library, outline, redline, scan

    for module in (check, scan, redline, outline, library):
        cli.add_command(module.command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: user errors become one line on stderr and exit 2."""
    try:
        # Without standalone mode click returns the code of ``ctx.exit(n)`` instead of exiting.
        code = cli.main(args=argv, prog_name="clausecheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("clausecheck: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except ClausecheckError as exc:
        click.echo(f"clausecheck: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("clausecheck: interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
