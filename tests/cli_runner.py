"""Run the ``clausecheck`` entry point in-process, as a user's shell would see it."""

from __future__ import annotations

import pytest

from clausecheck.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``clausecheck ARGV`` (``main`` always exits)."""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    code = exc.value.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0 if code is None else 2), out, err
