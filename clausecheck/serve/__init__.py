"""``clausecheck serve``: a local web app over the same checker, reporters and redliner.

    from clausecheck.serve import ServeConfig, create_app
    app = create_app(ServeConfig(port=8765))   # an ASGI app; the command runs it with uvicorn

The app only formats what ``clausecheck.api`` and the reporters produce; checks run in a
pool of worker processes (``serve.pool``); uploads live in a private temporary folder
(``serve.uploads``). See ``serve.app`` for the routes.
"""

from __future__ import annotations

from clausecheck.serve.app import ServeConfig, create_app, state_of

__all__ = ["ServeConfig", "create_app", "state_of"]
