"""The ``serve`` command: the read-only HTTP API (``frontwatch.api``, docs/api.md) over a store,
in one uvicorn process."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from .display import err
from .options import DbOpt, Fail, open_store


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    db: DbOpt = None,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; the default answers this machine only."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
) -> None:
    """Serve the ledger as a read-only JSON API: claims, events and their stories, place
    timelines, the front line of a day, counts. /docs lists every route; /openapi.json
    describes them. Ctrl-C stops it.

    Writing is off unless $FRONTWATCH_TOKEN is set; then POST /api/documents ingests
    a document sent with "Authorization: Bearer $FRONTWATCH_TOKEN".

    Examples:

      frontwatch serve --db fw.db

      curl 'http://127.0.0.1:8765/api/events?place=Avdiivka&status=disputed'

      curl 'http://127.0.0.1:8765/api/claims?since=2024-02-01&format=geojson'
    """
    from ..api import TOKEN_ENV

    store = open_store(db, must_exist=True)
    url = store.url
    shown = store.display_url
    store.close()
    try:
        import uvicorn

        from ..api import create_app
    except ModuleNotFoundError as exc:  # an install without the API's dependencies
        raise Fail(f"the API needs {exc.name}: pip install fastapi uvicorn") from None
    app = create_app(url)
    writing = "on (POST /api/documents with the token)" if os.environ.get(TOKEN_ENV) else "off"
    err.print(
        f"frontwatch API for {shown} on http://{_url_host(host)}:{port}  (the map page: /, the API: /api, its docs: /docs; writing {writing}); Ctrl-C stops it",
        markup=False,
        highlight=False,
    )
    if not _loopback(host):
        err.print(
            f"frontwatch: warning: listening on {host}: anyone who can reach this machine can read the store",
            markup=False,
        )
    uvicorn.run(app, host=host, port=port, workers=1, log_level="warning")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
