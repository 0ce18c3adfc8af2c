"""The read-only HTTP API over a store (docs/api.md): ``frontwatch serve`` runs it.

    from frontwatch.api import create_app
    app = create_app("fw.db")            # a FastAPI app; uvicorn or TestClient serve it

Routes: ``/api/claims``, ``/api/events``, ``/api/events/{id}``, ``/api/places/{name}``,
``/api/control``, ``/api/stats``; ``/openapi.json`` and ``/docs`` describe them. With a token
(``create_app(..., token=...)`` or ``$FRONTWATCH_TOKEN``), ``POST /api/documents`` ingests.
"""

from __future__ import annotations

from .app import TOKEN_ENV, create_app

__all__ = ["TOKEN_ENV", "create_app"]
