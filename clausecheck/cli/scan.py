"""`clausecheck scan PATH...`: a folder of contracts in, one portfolio report out."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Iterator

import click

from clausecheck.cli.check import use_color
from clausecheck.cli.options import (check_side, check_type, lang_option, library_option, ocr_option,
                                     side_option, type_option, ui_language)
from clausecheck.errors import ClausecheckError, OutputError, set_message_language
from clausecheck.signals import describe_interrupt, output_left

if TYPE_CHECKING:
    import datetime as dt

    from clausecheck.report.stream import Tally

SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html",
                  ".htm": "html", ".txt": "table"}


EPILOG = """\b
Examples:
  clausecheck scan contracts/                       one row per contract in the terminal
  clausecheck scan contracts/ -r -o summary.xlsx    Excel summary and findings, sub-folders too
  clausecheck scan a.docx b.txt --format csv        one row per contract and provision
  clausecheck scan contracts/ -o report.html        a self-contained page to circulate
  clausecheck scan contracts/ --fail-on missing     exit 1 only when something required is missing
  clausecheck scan contracts/ --expiring-within 90d only contracts ending or renewing in 90 days
  clausecheck scan archive/ -r --no-ocr             fast: skip images, refuse scanned PDFs

PDFs, .doc/.rtf/.odt (with LibreOffice) and scanned images (.png/.jpg/.tif, by OCR with
Tesseract) are read too; scanned pages take about 5 s each, and files that may need OCR get
ten times --timeout. The report says which files were read by OCR.
"""
TODAY_ENV = "CLAUSECHECK_TODAY"  # YYYY-MM-DD: the "today" of --expiring-within (tests, audits)


@click.command("scan", epilog=EPILOG)
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("-r", "--recursive", is_flag=True, help="Also scan sub-folders (links to folders are listed, not followed).")
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
@click.option("--expiring-within", "expiring", metavar="PERIOD", default=None,
              help="Report only the contracts whose term ends or renews within PERIOD from "
                   "today (e.g. 90d, 12w, 6m, 1y), with the date and the notice deadline. "
                   f"Today is the system date, or {TODAY_ENV}=YYYY-MM-DD.")
@click.option("--max-memory", type=click.IntRange(min=0), default=None, metavar="MB",
              help="Memory (address space) allowed to each worker process; a file that needs "
                   "more is reported as an error (--jobs 1 checks in this process, without a "
                   "limit)  [default: 2048; 0 = no limit]")
@library_option
@click.option("--ui-lang", type=click.Choice(["auto", "ja", "en"]), default="auto",
              show_default=True,
              help="Language of every label and message of the report; auto: the language "
                   "of most contracts in the folder.")
@ocr_option
@lang_option
def command(paths: tuple[Path, ...], recursive: bool, contract_type: str, side: str,
            fmt: str | None, output: Path | None, jobs: int | None, fail_on: str,
            timeout: float | None, expiring: str | None, max_memory: int | None,
            library_dir: Path | None, ui_lang: str, no_ocr: bool, lang: str) -> None:
    """Check every contract under PATH... (.docx, .txt, .md, PDF, scanned images,
    .doc/.rtf/.odt) and report them side by side.

    Every format carries each contract's key facts (parties, direction, term, renewal,
    survival, governing law, forum) as columns. Bad files are listed with their reason and
    the scan goes on. Exit status: 0 nothing reaches --fail-on, 1 some contract does, 2
    usage error or no file could be read, 130/143 stopped by Ctrl-C (SIGINT) / SIGTERM (the
    previous -o file is left as it was).
    """
    from clausecheck.batch import (DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIMEOUT, FAULT_ENV,
                                   ProgressBar, ScanOptions, collect_files, iter_scan,
                                   parse_faults)
    from clausecheck.report import FileError, RenderOptions, open_reporter
    from clausecheck.report.output import check_writable

    from clausecheck.report.common import display_names
    from clausecheck.report.labels import label, localize_message

    check_type(contract_type, library_dir)
    check_side(side, contract_type, library_dir)
    fmt = fmt or (SUFFIX_FORMATS.get(output.suffix.lower()) if output else None) or "table"
    window = _expiring_window(expiring) if expiring else None
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE.xlsx (a workbook cannot go to "
                               "the terminal)")
    files, skipped = collect_files(paths, recursive=recursive, images=not no_ocr)
    # one language for the whole report and its messages: that of most contracts
    ui_lang = ui_language(ui_lang, files or [str(p) for p in (*skipped, *paths)])
    set_message_language(ui_lang)
    if output is not None:
        _refuse_input_as_output(output, files)
        check_writable(output)  # fail now, not after a long scan
    if not files:
        raise ClausecheckError(
            label("no_files_found", ui_lang)
            + (label("other_files_skipped", ui_lang).format(n=len(skipped)) if skipped else "")
            + ("" if recursive else label("use_recursive", ui_lang)))
    options = ScanOptions(contract_type=contract_type, side=side,
                          library_dir=str(library_dir) if library_dir else None,
                          ui_lang=ui_lang, lang=lang, jobs=jobs or 0,
                          timeout=timeout or DEFAULT_TIMEOUT,
                          memory_limit_mb=(DEFAULT_MEMORY_LIMIT_MB if max_memory is None
                                           else max_memory),
                          keep_evidence_text=fmt in ("json", "xlsx", "html"),
                          full_clause_text=fmt in ("xlsx", "html"),
                          faults=parse_faults(os.environ.get(FAULT_ENV)), ocr=not no_ocr)
    color = output is None and fmt == "table" and use_color(sys.stdout)
    extra: dict[str, object] = {}
    if window is not None:
        extra = {"today": window[0], "expiring_until": window[1]}
    render_options = RenderOptions(mode="scan", ui_lang=ui_lang, color=color, extra=extra)
    bar = ProgressBar(sys.stderr, lang=ui_lang) if _is_tty(sys.stderr) else None
    progress = _Counter(bar)
    unknown_end: list[tuple[str, str]] = []  # --expiring-within: (file, its end in words)

    # Each report goes to the reporter as soon as it and every earlier file are done, and is
    # dropped; -o is a temp file that replaces OUT only once the scan has finished.
    with describe_interrupt(lambda: _interrupted_line(progress, len(files), output)), \
            _destination(output, bom=fmt == "csv") as out:
        reporter = open_reporter(fmt, out, render_options)
        reporter.begin(files=files, skipped=skipped)
        try:
            with contextlib.closing(iter_scan(files, options, progress=progress)) as results:
                for path, (tag, payload) in results:
                    if tag == "ok":
                        if window is not None and not _ends_within(payload, window):
                            if _end_unknown(payload):
                                unknown_end.append((path, _end_in_words(payload, ui_lang)))
                            continue
                        out.release()  # something readable: the output is worth showing
                        reporter.add(payload)
                    else:
                        reporter.add_error(FileError(path, payload))
        except BaseException:
            reporter.close()  # its temp files; the output's temp file goes with _destination
            raise
        finally:
            if bar:
                bar.close()
        tally = reporter.tally
        if unknown_end:
            # named, with the end in words: 「受領者が秘密情報を保有する限り」 is an answer too
            click.echo(label("no_end_known", ui_lang).format(n=len(unknown_end)), err=True)
            shown = display_names([p for p, _w in unknown_end])
            for path, words in unknown_end:
                click.echo(f"  {shown[path]}: {words}", err=True)
        if window is not None and not tally.checked and not tally.errors:
            reporter.close()
            click.echo(_none_expiring_line(ui_lang, window), err=True)
            sys.exit(0)
        if window is not None:
            out.release()  # the files were read; only none ends in the window
        elif not tally.checked:
            # nothing readable: say why for each file, keep any existing output untouched
            for err in tally.errors:
                click.echo(f"{err.file}: {localize_message(err.error, ui_lang)}", err=True)
            reporter.close()
            raise ClausecheckError(label("none_readable", ui_lang).format(n=len(files)))
        reporter.end()
    if output is not None:
        click.echo(_done_line(tally, output, ui_lang), err=True)
    sys.exit(_exit_code(tally, fail_on))


def _expiring_window(spec: str) -> tuple["dt.date", "dt.date"]:
    """(today, last day) for --expiring-within 90d / 12w / 6m / 1y."""
    import datetime as dt
    import re

    from clausecheck.facts.dates import add_months

    m = re.fullmatch(r"\s*(\d{1,4})\s*([dwmy]?)\s*", spec.lower())
    if not m:
        raise click.BadParameter(f"{spec!r}: give a period such as 90d, 12w, 6m or 1y",
                                 param_hint="--expiring-within")
    today_text = os.environ.get(TODAY_ENV)
    try:
        today = dt.date.fromisoformat(today_text) if today_text else dt.date.today()
    except ValueError:
        raise ClausecheckError(f"{TODAY_ENV}={today_text!r} is not a date (YYYY-MM-DD)") \
            from None
    n, unit = int(m.group(1)), m.group(2) or "d"
    if unit in ("d", "w"):
        end = today + dt.timedelta(days=n * (7 if unit == "w" else 1))
    else:
        end = add_months(today, n * (12 if unit == "y" else 1))
    return today, end


def _ends_within(report: Any, window: tuple["dt.date", "dt.date"]) -> bool:
    from clausecheck.facts import next_term_end

    if report.facts is None:
        return False
    end = next_term_end(report.facts, window[0])
    return end is not None and window[0] <= end <= window[1]


def _end_in_words(report: Any, lang: str) -> str:
    """「受領者が秘密情報を保有する限り [5]」: the end as the contract puts it, with its clause."""
    from clausecheck.report.facts_view import end_text, fact_source, source_label

    words = end_text(report.facts, lang)
    ref = fact_source(report.facts, "term") if report.facts is not None else ""
    return f"{words}  [{source_label(ref, lang)}]" if ref else words


def _end_unknown(report: Any) -> bool:
    from clausecheck.facts import term_end

    return report.facts is None or term_end(report.facts) is None


def _none_expiring_line(lang: str, window: tuple["dt.date", "dt.date"]) -> str:
    if lang == "ja":
        return f"{window[1].isoformat()} までに満了・更新する契約はありません"
    return f"no contract ends or renews by {window[1].isoformat()}"


class _Counter:
    """Files done so far (for the message of an interrupted scan), passed on to the bar."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.done = 0

    def __call__(self, done: int, total: int, path: str = "") -> None:
        self.done = done
        if self.bar:
            self.bar(done, total, path)


def _interrupted_line(progress: _Counter, total: int, output: Path | None) -> str:
    """``after 12 of 150 files; report.json left as it was`` (the temp output is gone)."""
    text = f"after {progress.done} of {total} files"
    if output is None:
        return text + "; the report on stdout is incomplete"
    return text + output_left(output)


class _Held(io.RawIOBase):
    """Where the report goes: writes are held in memory until ``release()`` (the first
    readable contract), so a scan where nothing could be read prints nothing but the errors;
    after that they pass straight through."""

    def __init__(self, target: IO[bytes] | Any) -> None:
        super().__init__()
        self.target = target
        self.held: io.BytesIO | None = io.BytesIO()

    def writable(self) -> bool:
        return True

    def release(self) -> None:
        if self.held is not None:
            data, self.held = self.held.getvalue(), None
            if data:
                self.target.write(data)

    def write(self, data: Any) -> int:
        if self.held is not None:
            return self.held.write(data)
        self.target.write(bytes(data))
        return len(data)

    def flush(self) -> None:
        if self.held is None:
            self.target.flush()

    # a zip (xlsx) written into a seekable file gets its usual layout, not data descriptors
    def seekable(self) -> bool:
        seekable = getattr(self.target, "seekable", None)
        return self.held is None and bool(seekable and seekable())

    def tell(self) -> int:
        if not self.seekable():
            raise io.UnsupportedOperation("tell")
        return self.target.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        if not self.seekable():
            raise io.UnsupportedOperation("seek")
        return self.target.seek(offset, whence)


@contextlib.contextmanager
def _destination(output: Path | None, *, bom: bool) -> Iterator[_Held]:
    """stdout (streamed), or a temp file beside OUT renamed over it only on success."""
    from clausecheck.report.output import StdoutBytes, atomic_output

    if output is None:
        yield _Held(StdoutBytes())
        return
    with atomic_output(output, bom=bom) as fh:
        yield _Held(fh)


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


def _exit_code(tally: Tally, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    if tally.required_missing or (fail_on == "weak" and tally.required_weak):
        return 1
    return 0


def _done_line(tally: Tally, output: Path, lang: str = "en") -> str:
    if lang == "ja":
        text = f"契約書 {tally.checked} 件をチェック、必須条項に不備 {tally.failed} 件"
        if tally.errors:
            text += f"、読み込めないファイル {len(tally.errors)} 件"
        return f"{text}。結果を {output} に書き出しました"
    text = f"{tally.checked} contracts checked, {tally.failed} failing"
    if tally.errors:
        text += f", {len(tally.errors)} not readable"
    return f"{text}; report written to {output}"
