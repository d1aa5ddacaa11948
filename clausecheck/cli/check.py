"""`clausecheck check FILE`: the verdict on every provision of one contract."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from clausecheck.cli.options import (check_side, check_type, lang_option, library_option, ocr_option,
                                     side_option, type_option, ui_lang_option, ui_language)
from clausecheck.errors import ClausecheckError, set_message_language
from clausecheck.signals import describe_interrupt, output_left


def use_color(stream: object) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def sample_names() -> list[str]:
    from sample_contracts import SAMPLES_DIR

    return sorted(p.stem for p in Path(SAMPLES_DIR).glob("*.docx"))


def sample_path(name: str) -> Path:
    from sample_contracts import SAMPLES_DIR

    path = Path(SAMPLES_DIR) / f"{name}.docx"
    if not path.is_file():
        names = ", ".join(sample_names()) or "none installed"
        raise ClausecheckError(f"unknown sample {name!r}; available: {names}")
    return path


EPILOG = """\b
Examples:
  clausecheck check draft.docx                         verdicts in the terminal
  clausecheck check draft.docx --side recipient        judged from the recipient's side
  clausecheck check nda.txt --format json -o nda.json  machine-readable findings
  clausecheck check draft.docx -o report.html          one self-contained HTML page
  clausecheck check draft.docx --brief                 one screen: verdict, key facts, defects
  clausecheck check draft.docx --explain               why: whole clauses, cues, scores
  clausecheck check signed.pdf                         a PDF; scanned pages are read by OCR
  clausecheck check --sample nda_ja_weak               a bundled sample contract
"""


@click.command("check", epilog=EPILOG)
# dir_okay: a folder gets the reader's one-line reason (use scan), not click's usage text
@click.argument("file", required=False, type=click.Path(path_type=Path))
@type_option
@side_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default=None,
              help="Output format  [default: text; or from the -o extension]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file (atomically) instead of stdout.")
@click.option("--timeout", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Give up on the file after this long  [default: 120]")
@click.option("--explain", is_flag=True,
              help="Show why: the whole evidence clauses, cues matched, scores against "
                   "thresholds, full suggestions.")
@click.option("--brief", is_flag=True,
              help="Text: one screen - the summary, the key facts and one line per defect.")
@library_option
@ui_lang_option
@lang_option
@click.option("--sample", metavar="NAME", default=None,
              help="Check a bundled sample contract instead of FILE (e.g. nda_ja_weak).")
@ocr_option
def command(file: Path | None, contract_type: str, side: str, fmt: str | None,
            output: Path | None, timeout: float | None, explain: bool, brief: bool,
            library_dir: Path | None, ui_lang: str, lang: str, sample: str | None,
            no_ocr: bool) -> None:
    """Check one contract (.docx, .txt, .md, PDF, scanned .png/.jpg/.tif, .doc/.rtf/.odt):
    each provision present, weak or missing.

    The report leads with the verdict and the contract's key facts (parties, direction,
    term, renewal, survival, governing law, forum, purpose, each with its clause), then the
    required provisions missing or weak, the recommended ones, the risks, and the provisions
    present. Evidence is the one sentence that decided; --explain shows the whole clause.

    Exit status: 0 nothing required is missing or weak, 1 something is, 2 error.
    """
    from clausecheck import api
    from clausecheck.batch import DEFAULT_TIMEOUT
    from clausecheck.deadline import time_limit
    from clausecheck.errors import printable_path
    from clausecheck.report import Batch, RenderOptions, render
    from clausecheck.report.output import check_writable, write_atomic, write_stdout

    path = _input_path(file, sample)
    set_message_language(ui_language(ui_lang, [path]))
    check_type(contract_type, library_dir)
    check_side(side, contract_type, library_dir)
    fmt = fmt or _format_from_suffix(output) or "text"
    if brief and explain:
        raise click.UsageError("--brief and --explain exclude each other")
    if output is not None:
        if output.exists() and _same_file(output, path):
            raise ClausecheckError(f"{output}: the output would overwrite the input")
        check_writable(output)
    from clausecheck.batch import ScanOptions
    from clausecheck.reader import ReadOptions

    # The library loads first, outside the limit: its errors are not the file's. A file that
    # OCR may read gets the scan's longer limit.
    api.get_checker(library_dir)
    limit = ScanOptions(timeout=timeout or DEFAULT_TIMEOUT, ocr=not no_ocr).timeout_for(str(path))
    with describe_interrupt(lambda: output_left(output)):
        with time_limit(limit, printable_path(path)):
            report = api.check_file(path, contract_type=contract_type, side=side,
                                    library_dir=library_dir, ui_lang=ui_lang,
                                    read_options=ReadOptions(ocr=not no_ocr), lang=lang,
                                    explain=explain)
        from clausecheck.report.labels import label, report_lang

        lang = report_lang(report, ui_lang)
        set_message_language(lang)  # the language the report speaks, for any later error
        for warning in report.warnings:
            click.echo(f"{label('warning_prefix', lang)}: {warning}", err=True)
        color = output is None and fmt == "text" and use_color(sys.stdout)
        data = render(fmt, Batch(reports=[report]),
                      RenderOptions(mode="check", ui_lang=ui_lang, color=color,
                                    explain=explain, brief=brief))
        if output is None:
            write_stdout(data)
        else:
            write_atomic(output, data)
    # SystemExit rather than click's Exit: cli.main() runs click with standalone_mode=False,
    # where click turns Exit into a return value that would be lost.
    sys.exit(1 if report.failed else 0)


def _input_path(file: Path | None, sample: str | None) -> Path:
    if sample and file:
        raise click.UsageError("give either FILE or --sample NAME, not both")
    if sample:
        return sample_path(sample)
    if file is None:
        raise click.UsageError("missing FILE (or --sample NAME; samples: "
                               f"{', '.join(sample_names()) or 'none installed'})")
    return file


def _format_from_suffix(output: Path | None) -> str | None:
    if output is None:
        return None
    return {".json": "json", ".html": "html", ".htm": "html", ".txt": "text"}.get(
        output.suffix.lower())


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
