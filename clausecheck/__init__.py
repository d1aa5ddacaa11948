"""clausecheck: check NDAs and joint-research agreements against METI's guidance."""

__version__ = "0.1.0"
