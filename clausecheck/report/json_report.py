"""JSON: the check object for one file, or {"reports", "errors", "summary"} for a scan."""

from __future__ import annotations

import json
from typing import Any

from clausecheck.report import Batch, RenderOptions
from clausecheck.report.common import batch_summary


def render_json(batch: Batch, options: RenderOptions) -> str:
    data: Any
    if options.mode == "check" and len(batch.reports) == 1 and not batch.errors:
        data = batch.reports[0].to_dict(options.explain)
    else:
        data = {
            "reports": [r.to_dict(options.explain) for r in batch.reports],
            "errors": [e.to_dict() for e in batch.errors],
            "summary": batch_summary(batch),
        }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
