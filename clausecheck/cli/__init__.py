"""The ``clausecheck`` command line: click commands only.

Each command lives in its own module; they parse options, call ``clausecheck.api`` and pick a
reporter. Heavy imports (spaCy, python-docx, openpyxl) happen inside the commands so that
``--help`` stays instant.
"""

from __future__ import annotations

import os
import sys

import click

from clausecheck import __version__
from clausecheck.errors import ClausecheckError, message_language, one_line, set_message_language
from clausecheck.signals import Interrupted, stop_on_signals

EPILOG = """\b
Examples:
  clausecheck check draft.docx                 verdict per provision, in the terminal
  clausecheck check draft.docx --format json   the same as JSON
  clausecheck scan contracts/ -o summary.xlsx  a whole folder as an Excel summary
  clausecheck redline draft.docx               a copy with Word comments and tracked insertions
  clausecheck outline draft.docx               the clause tree as read
  clausecheck library list                     the provisions the checker knows
  clausecheck serve --open                     the web app in the browser (local only)

Exit codes: 0 nothing required is missing or weak, 1 something is, 2 error.
Everything runs offline: no contract text ever leaves the machine.
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EPILOG)
@click.version_option(__version__, prog_name="clausecheck")
def cli() -> None:
    """Check NDAs (秘密保持契約), joint-research agreements (共同研究契約) and other technology
    agreements (業務委託, licences, PoC, supply) against METI's technology-leakage guidance:
    each recommended provision is reported as present, weak (with the missing elements
    named) or missing, with evidence and a suggested text."""


def _register() -> None:
    from clausecheck.cli import check, library, outline, redline, scan, serve

    for module in (check, scan, redline, outline, library, serve):
        cli.add_command(module.command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: user errors become one line on stderr and exit 2; SIGINT,
    SIGTERM and SIGHUP stop the command cleanly, with one line and exit 128 + the signal."""
    with stop_on_signals():
        try:
            code = _run(argv)
        except Interrupted as exc:
            _say(f"clausecheck: {exc.message()}")
            code = exc.exit_code
    sys.exit(code)


def _run(argv: list[str] | None) -> int | str | None:
    set_message_language("en")  # until the command knows its contracts (in-process runs too)
    try:
        # Without standalone mode click returns the code of ``ctx.exit(n)`` instead of exiting.
        code = cli.main(args=argv, prog_name="clausecheck", standalone_mode=False)
    except SystemExit as exc:
        return exc.code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        _say("clausecheck: aborted")
        return 130
    except click.ClickException as exc:
        exc.show()
        return 2
    except ClausecheckError as exc:
        _say(error_line(str(exc)))
        return 2
    except KeyboardInterrupt:
        _say("clausecheck: interrupted")
        return 130
    except MemoryError:
        _say(error_line("out of memory"))
        return 2
    except RecursionError:
        _say(error_line("input structure too deeply nested"))
        return 2
    except Exception as exc:  # a bug: still one line, never a traceback in a user's face
        if os.environ.get("CLAUSECHECK_DEBUG"):
            raise
        _say(f"clausecheck: internal error: {type(exc).__name__}: {one_line(exc, 300)} "
             "(a bug: please report it; CLAUSECHECK_DEBUG=1 shows the traceback)")
        return 2
    return code if isinstance(code, int) else 0


def error_line(message: str) -> str:
    """``clausecheck: error: …`` in the language of the command's messages."""
    from clausecheck.report.labels import label, localize_message

    lang = message_language()
    return f"clausecheck: {label('error_prefix', lang)}: {localize_message(message, lang)}"


def _say(line: str) -> None:
    """One line on stderr; after a hang-up the terminal may be gone, and that is no error."""
    try:
        click.echo(line, err=True)
    except OSError:
        pass
