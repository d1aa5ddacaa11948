"""Shared fixtures. spaCy is loaded once per test session (the analyzers are process-wide)."""

from __future__ import annotations

import pytest


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
