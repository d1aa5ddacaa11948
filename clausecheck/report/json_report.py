"""JSON: the check object for one file, or {"reports", "errors", "summary"} for a scan.

The scan form is produced report by report (``iter_json``) so that writing a report of
thousands of contracts never holds the whole document in memory at once.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, Iterator

from clausecheck.report import Batch, RenderOptions
from clausecheck.report.common import batch_summary


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def iter_json(batch: Batch, options: RenderOptions) -> Iterator[str]:
    if options.mode == "check" and len(batch.reports) == 1 and not batch.errors:
        yield _dumps(batch.reports[0].to_dict(options.explain)) + "\n"
        return
    yield '{\n  "reports": ['
    for index, report in enumerate(batch.reports):
        body = textwrap.indent(_dumps(report.to_dict(options.explain)), "    ")
        yield ("," if index else "") + "\n" + body
    yield ("\n  " if batch.reports else "") + "],\n"
    errors = textwrap.indent(_dumps([e.to_dict() for e in batch.errors]), "  ").lstrip()
    summary = textwrap.indent(_dumps(batch_summary(batch)), "  ").lstrip()
    yield f'  "errors": {errors},\n  "summary": {summary}\n}}\n'


def render_json(batch: Batch, options: RenderOptions) -> str:
    return "".join(iter_json(batch, options))
