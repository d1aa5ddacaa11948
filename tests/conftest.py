"""Shared fixtures. spaCy is loaded once per test session (the analyzers are process-wide)."""

from __future__ import annotations

import pytest

import signal as _signal

# A test run started with SIGINT ignored (a background job of a non-interactive shell, some CI
# runners) would pass that on to every command the tests start, and a command that finds
# SIGINT ignored rightly keeps it ignored (nohup). The stop-signal tests need the usual
# disposition: restore Python's default handler for the session (children then start with it).
if _signal.getsignal(_signal.SIGINT) is _signal.SIG_IGN:
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)


@pytest.fixture(scope="session")
def analyzer_ja():
    from clausecheck.nlp import get_analyzer

    return get_analyzer("ja")


@pytest.fixture(scope="session")
def analyzer_en():
    from clausecheck.nlp import get_analyzer

    return get_analyzer("en")


@pytest.fixture(scope="session")
def checker():
    """The Checker over the built-in clause library (loaded once)."""
    from clausecheck.engine import get_checker

    return get_checker()


@pytest.fixture(scope="session")
def make_document():
    """Build a Document from contract text through the reader (``read_text``)."""
    from clausecheck.reader import read_text

    def make(text: str, name: str = "case.txt"):
        return read_text(text, name=name, fmt="txt")

    return make
