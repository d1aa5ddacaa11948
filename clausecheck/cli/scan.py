"""`clausecheck scan PATH...`: a folder of contracts in, one portfolio report out."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from clausecheck.cli.check import use_color
from clausecheck.cli.options import library_option, side_option, type_option, ui_lang_option
from clausecheck.errors import ClausecheckError, OutputError
from clausecheck.report import Batch

SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html",
                  ".htm": "html", ".txt": "table"}


@click.command("scan")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("-r", "--recursive", is_flag=True, help="Also scan sub-folders.")
@type_option
@side_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx", "html"]),
              default=None, help="Output format  [default: table; or from the -o extension]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report here (atomically, once the scan has finished).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes  [default: one per core; 1 = no subprocesses]")
@click.option("--fail-on", type=click.Choice(["missing", "weak", "never"]), default="weak",
              show_default=True,
              help="Exit 1 when some contract has a required provision missing (missing), "
                   "missing or weak (weak), or never.")
@click.option("--timeout", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Give up on a file after this long  [default: 120]")
@library_option
@ui_lang_option
def command(paths: tuple[Path, ...], recursive: bool, contract_type: str, side: str,
            fmt: str | None, output: Path | None, jobs: int | None, fail_on: str,
            timeout: float | None, library_dir: Path | None, ui_lang: str) -> None:
    """Check every contract under PATH... (.docx, .txt, .md) and report them side by side.

    Bad files are listed with their reason and the scan goes on. Exit status: 0 nothing
    reaches --fail-on, 1 some contract does, 2 usage error or no file could be read.
    """
    from clausecheck.batch import (DEFAULT_TIMEOUT, FAULT_ENV, ProgressBar, ScanOptions,
                                   collect_files, parse_faults, scan_files)
    from clausecheck.report import RenderOptions, render_chunks
    from clausecheck.report.output import check_writable, write_atomic, write_stdout

    fmt = fmt or (SUFFIX_FORMATS.get(output.suffix.lower()) if output else None) or "table"
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE.xlsx (a workbook cannot go to "
                               "the terminal)")
    files, skipped = collect_files(paths, recursive=recursive)
    if output is not None:
        _refuse_input_as_output(output, files)
        check_writable(output)  # fail now, not after a long scan
    if not files:
        raise ClausecheckError("no contract files found (.docx, .txt, .md)"
                               + (f"; {len(skipped)} other files skipped" if skipped else "")
                               + ("" if recursive else "; use --recursive for sub-folders"))
    options = ScanOptions(contract_type=contract_type, side=side,
                          library_dir=str(library_dir) if library_dir else None,
                          ui_lang=ui_lang, jobs=jobs or 0,
                          timeout=timeout or DEFAULT_TIMEOUT,
                          keep_evidence_text=fmt in ("json", "xlsx", "html"),
                          full_clause_text=fmt in ("xlsx", "html"),
                          faults=parse_faults(os.environ.get(FAULT_ENV)))
    progress = ProgressBar(sys.stderr) if _is_tty(sys.stderr) else None
    try:
        batch = scan_files(files, options, skipped=skipped, progress=progress)
    finally:
        if progress:
            progress.close()
    if not batch.reports:
        # nothing readable: say why for each file, keep any existing output untouched
        for err in batch.errors:
            click.echo(f"{err.file}: {err.error}", err=True)
        raise ClausecheckError(f"none of the {len(files)} files could be read")
    color = output is None and fmt == "table" and use_color(sys.stdout)
    data = render_chunks(fmt, batch, RenderOptions(mode="scan", ui_lang=ui_lang, color=color))
    if output is None:
        write_stdout(data)
    else:
        write_atomic(output, data, bom=fmt == "csv")
        click.echo(_done_line(batch, output), err=True)
    sys.exit(_exit_code(batch, fail_on))


def _is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _refuse_input_as_output(output: Path, files: list[str]) -> None:
    if not output.exists():
        return
    for name in files:
        try:
            if os.path.samefile(name, output):
                raise OutputError(f"{output}: the output would overwrite an input contract")
        except OSError:
            continue


def _exit_code(batch: Batch, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    for report in batch.reports:
        for finding in report.findings:
            if finding.requirement != "required":
                continue
            if finding.status == "missing" or (fail_on == "weak" and finding.status == "weak"):
                return 1
    return 0


def _done_line(batch: Batch, output: Path) -> str:
    text = f"{len(batch.reports)} contracts checked, {len(batch.failed)} failing"
    if batch.errors:
        text += f", {len(batch.errors)} not readable"
    return f"{text}; report written to {output}"
