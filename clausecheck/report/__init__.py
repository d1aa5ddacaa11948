"""Reporters: format Reports, never re-check.

One streaming ``Reporter`` per ``Format``. ``render`` formats a ``Batch`` (the reports of one
``check`` or one ``scan``, plus the files that could not be read) with ``RenderOptions`` and
returns ``str`` (text formats) or ``bytes`` (xlsx).

    from clausecheck.report import Batch, Format, RenderOptions, render
    out = render(Format.HTML, Batch(reports=[report]), RenderOptions(mode="check"))

Every format is implemented as a streaming ``Reporter`` (``clausecheck.report.stream``):
``begin()``, ``add(report)`` / ``add_error(error)`` in path order, ``end()``, writing to an
open binary stream, so that ``scan`` never holds all its Reports; ``render`` streams a whole
Batch through the same reporter into memory.

    reporter = open_reporter("csv", out_stream, RenderOptions(mode="scan"))

Modules: ``base`` (formats, Batch, RenderOptions), ``stream`` (the Reporter protocol, tallies
and spools), one module per format, and ``registry`` (which Reporter writes which format).
Imports go one way: reporters use ``base`` and ``stream``; only ``registry`` knows the
reporters; nothing inside the package imports the package itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from clausecheck.report.base import (BINARY_FORMATS, CHECK_FORMATS, SCAN_FORMATS, Batch,
                                     FileError, Format, RenderOptions)

if TYPE_CHECKING:
    from clausecheck.report.stream import Reporter

__all__ = ["BINARY_FORMATS", "CHECK_FORMATS", "SCAN_FORMATS", "Batch", "FileError", "Format",
           "RenderOptions", "open_reporter", "render"]


def render(fmt: Format | str, batch: Batch, options: RenderOptions | None = None) -> str | bytes:
    """Format a whole batch in memory: ``str`` for text formats, ``bytes`` for xlsx."""
    from clausecheck.report.registry import stream_batch

    fmt = Format(fmt)
    data = stream_batch(fmt.value, batch, options or RenderOptions())
    return data if fmt in BINARY_FORMATS else data.decode("utf-8")


def open_reporter(fmt: Format | str, out: "BinaryIO", options: RenderOptions | None = None
                  ) -> "Reporter":
    """A streaming reporter for ``fmt`` writing to the binary stream ``out``."""
    from clausecheck.report.registry import open_reporter as _open

    return _open(fmt, out, options)
