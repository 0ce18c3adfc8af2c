"""The read-only HTTP API over a store: ``create_app(store_url, token)`` gives a FastAPI app.

Each route is a thin layer over the Python API (``Store``, ``Ledger``, ``control``, ``export``):
it parses the query, calls it, and returns JSON (or GeoJSON/CSV written by ``frontwatch.export``).
The paged claim and event queries and the counts are in ``queries``; nothing here writes SQL.

Safety, for a page that renders what reporters wrote: every response carries a
Content-Security-Policy that forbids inline script and anything from elsewhere, and
``X-Content-Type-Options: nosniff``; stored text only ever leaves as JSON strings (with ``<``,
``>`` and ``&`` escaped as ``\\u003c``... so even JSON pasted into HTML stays inert), as GeoJSON
built the same way, or as a CSV attachment. The one writing route, ``POST /api/documents``,
exists only when a token is configured and wants ``Authorization: Bearer <token>``.

The analysts' map page (``/``, its files under ``/static/``) is served by the same app from
``frontwatch/web/static``; those responses get ``PAGE_CSP``, which adds only what MapLibre needs
(its worker from a ``blob:`` URL, ``data:`` images) and still no inline script.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import mimetypes
import os
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..ledger import STATUSES, Ledger
from ..store import Store
from . import queries
from .docs_page import docs_html
from .params import ApiError, Near, bad, gazetteer_place, parse_bbox, parse_day, resolve_near
from .places import place_timeline

log = logging.getLogger(__name__)

#: The environment variable that configures the token of ``POST /api/documents``.
TOKEN_ENV = "FRONTWATCH_TOKEN"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
#: The largest document ``POST /api/documents`` reads (as ``frontwatch ingest`` reads files).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_RAW_HEADERS = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
#: The map page's policy: the API's, plus what MapLibre GL needs and nothing else. Its worker is
#: started from a ``blob:`` URL of its own code (worker-src); its control icons are ``data:``
#: SVG in its stylesheet, as is the page's empty icon (img-src). Script stays ``'self'`` only:
#: no inline script, no event-handler attributes, no eval. Styles stay ``'self'``: MapLibre sets
#: element styles from script, which a policy does not restrict.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; worker-src blob:; img-src 'self' data:; "
    "style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_PAGE_RAW_HEADERS = [
    (k, PAGE_CSP.encode("latin-1") if k == b"content-security-policy" else v) for k, v in _RAW_HEADERS
]
#: The page's files: index.html, app.js, app.css, the vendored MapLibre and the offline basemap.
WEB_DIR = FilePath(__file__).resolve().parent.parent / "web" / "static"
# Module scripts need a JavaScript type (nosniff); .geojson is not in every mime table.
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/geo+json", ".geojson")


# ----------------------------------------------------------------------------------- responses


def _inert(text: str) -> str:
    """JSON text with ``<``, ``>`` and ``&`` as ``\\u`` escapes: the same JSON value, but no
    tag or entity even if someone pastes it into HTML. (In JSON text these characters only
    occur inside strings, so replacing them everywhere is exact.)"""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class SafeJSONResponse(JSONResponse):
    """JSON (UTF-8, dates as ISO strings) with ``<``, ``>``, ``&`` escaped inside strings."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str)
        return _inert(text).encode("utf-8")


class GeoJSONResponse(SafeJSONResponse):
    media_type = "application/geo+json"


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> SafeJSONResponse:
    return SafeJSONResponse({"error": message}, status_code=status, headers=headers)


def _text_response(text: str, fmt: str, total: int, name: str) -> Response:
    """An export written by ``frontwatch.export`` as the response body, the total in a header."""
    headers = {"X-Total-Count": str(total)}
    if fmt == "geojson":
        return Response(_inert(text), media_type="application/geo+json", headers=headers)
    headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


class SecurityHeaders:
    """ASGI middleware: ``SECURITY_HEADERS`` on every HTTP response, errors and ``/docs`` included."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable[[dict], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path = scope.get("path", "")
        extra = _PAGE_RAW_HEADERS if path == "/" or path.startswith("/static/") else _RAW_HEADERS

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in extra}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = kept + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ----------------------------------------------------------------------------------- parameters


class Side(StrEnum):
    russia = "russia"
    ukraine = "ukraine"
    civilians = "civilians"
    third_party = "third_party"
    other = "other"
    unknown = "unknown"


Status = StrEnum("Status", {s: s for s in STATUSES})  # type: ignore[misc]


class Format(StrEnum):
    json = "json"
    geojson = "geojson"
    csv = "csv"


Since = Annotated[
    str | None,
    Query(description="On or after this day (YYYY-MM-DD).", json_schema_extra={"format": "date"}),
]
Until = Annotated[
    str | None,
    Query(description="On or before this day (YYYY-MM-DD).", json_schema_extra={"format": "date"}),
]
NearQ = Annotated[
    str | None,
    Query(
        max_length=200,
        description='A place name in any spelling ("Artemovsk", "Bakhmut") or "LAT,LON".',
    ),
]
Radius = Annotated[float | None, Query(ge=0, le=20000, description="Kilometres around `near` (default 25).")]
SideQ = Annotated[Side | None, Query(description="An actor's side or the claimant's side.")]
QText = Annotated[
    str | None,
    Query(max_length=200, description="Case-insensitive substring of the evidence sentence."),
]
BBoxQ = Annotated[
    str | None,
    Query(
        max_length=200,
        description="minlon,minlat,maxlon,maxlat (WGS 84): only located items inside the box.",
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many items (≤ {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many matching items first.")]
FormatQ = Annotated[
    Format,
    Query(
        alias="format",
        description="json: `{items, total}`; geojson or csv: the same page as frontwatch's exports write "
        "it, the total in the `X-Total-Count` header.",
    ),
]


def _near_dict(near: Near | None) -> dict[str, Any]:
    return {"near": near.to_dict()} if near is not None else {}


# ----------------------------------------------------------------------------------- the app


class _State:
    """What an app holds: its store for reading, and (for ``POST /api/documents``) a second
    store, the extractor and a lock, made on first use."""

    def __init__(self, store_url: str | None, token: str | None) -> None:
        self.store = Store(store_url)
        self.token = token
        self.lock = threading.Lock()
        self._writer: Store | None = None
        self._extractor: Any = None

    def writer(self) -> Store:
        # A store of its own: a ledger update holds one transaction on its store, and readers
        # in other threads must not share it.
        if self._writer is None:
            self._writer = Store(self.store.url)
        return self._writer

    def extractor(self) -> Any:
        if self._extractor is None:
            from ..control import load_view
            from ..pipeline import Extractor

            extractor = Extractor()
            view = load_view(self.writer())
            if view:
                extractor.use_control(view)
            self._extractor = extractor
        return self._extractor

    def close(self) -> None:
        self.store.close()
        if self._writer is not None:
            self._writer.close()


def create_app(store_url: str | None = None, token: str | None = None) -> FastAPI:
    """The API over the store at ``store_url`` (a SQLAlchemy URL or SQLite path; default
    ``$FRONTWATCH_DB`` or the user data dir). ``token`` (default ``$FRONTWATCH_TOKEN``) turns
    on ``POST /api/documents``; without one the API only reads.

    The app brings the ledger up to date with the stored claims once, when it is made (as
    every reading command of the CLI does first); a store it cannot write to is served as it is.
    """
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    state = _State(store_url, token)
    try:
        Ledger(state.store).update()
    except Exception as exc:  # a read-only store: serve the ledger as it stands
        log.warning("ledger not brought up to date: %s", str(exc).splitlines()[0] if str(exc) else exc)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(
        title="frontwatch",
        lifespan=lifespan,
        version=__version__,
        description=(
            "The ledger of claims as JSON: claims, events with their status and story, place "
            "timelines, the front line of a day and counts. Read-only; dates are YYYY-MM-DD."
        ),
        docs_url=None,
        redoc_url=None,
        default_response_class=SafeJSONResponse,
    )
    app.state.frontwatch = state
    app.add_middleware(SecurityHeaders)
    _errors(app)
    _routes(app, state)
    if token:
        _write_routes(app, state)

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_html(app.openapi()))

    _page(app)
    return app


def _page(app: FastAPI) -> None:
    """The map page at ``/`` and its files under ``/static/`` (when the package has them)."""
    index = WEB_DIR / "index.html"
    if not index.is_file():
        return

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(
            index, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"}
        )

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> Response:
        return _error(exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> Response:
        return _error(422, _validation_message(exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> Response:
        log.exception("internal error")
        response = _error(500, f"internal error ({type(exc).__name__})")
        response.headers.update(SECURITY_HEADERS)  # this handler runs outside the middleware
        return response


def _validation_message(errors: Any) -> str:
    """FastAPI's list of validation errors as one line: ``limit: Input should be ... (got '5000')``."""
    parts = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body", "header")]
        value = e.get("input")
        got = f" (got {value!r:.60})" if isinstance(value, str | int | float) else ""
        parts.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}{got}")
    return "; ".join(parts) or "invalid request"


def _routes(app: FastAPI, state: _State) -> None:
    store = state.store

    @app.get("/api/claims", summary="Claims, filtered and paged")
    def claims(
        since: Since = None,
        until: Until = None,
        near: NearQ = None,
        radius: Radius = None,
        side: SideQ = None,
        event_type: Annotated[
            str | None,
            Query(
                alias="type",
                max_length=100,
                description="Event type, sub-event type or action (Battles, Air/drone strike, capture).",
            ),
        ] = None,
        claimant: Annotated[
            str | None, Query(max_length=200, description="Case-insensitive part of the claimant's name.")
        ] = None,
        q: QText = None,
        bbox: BBoxQ = None,
        claim_id: Annotated[
            list[str] | None,
            Query(
                description="Only these claims (repeat the parameter: claim_id=c_1&claim_id=c_2; at most 1000)."
            ),
        ] = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
        fmt: FormatQ = Format.json,
    ) -> Any:
        """Claims matching every filter, oldest first (a claim's day is its date, else its
        document's publication date). Each item is a claim record as `frontwatch export
        --format jsonl` writes it: the claim with its evidence, plus doc_id, source,
        published, url and title. `total` counts every match; `near` (when given) says which
        place the name resolved to."""
        from ..export import export

        point = resolve_near(near, radius)
        filters = queries.ClaimFilters(
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            near=point,
            side=side.value if side else None,
            event_type=event_type or None,
            claimant=claimant or None,
            q=q or None,
            bbox=parse_bbox(bbox),
            claim_ids=_claim_ids(claim_id),
        )
        rows, total = queries.claim_page(store, filters, limit, offset)
        buf = io.StringIO()
        if fmt is not Format.json:
            export(rows, fmt.value, buf)
            return _text_response(buf.getvalue(), fmt.value, total, "claims")
        export(rows, "jsonl", buf)
        items = [json.loads(line) for line in buf.getvalue().splitlines()]
        return {"items": items, "total": total, **_near_dict(point)}

    @app.get("/api/events", summary="Events across reports, filtered and paged")
    def events(
        since: Since = None,
        until: Until = None,
        near: NearQ = None,
        radius: Radius = None,
        side: SideQ = None,
        claimant_side: Annotated[
            Side | None, Query(description="Events with a claim whose claimant is of this side.")
        ] = None,
        status: Annotated[Status | None, Query(description="Only events with this status.")] = None,
        event_type: Annotated[
            str | None,
            Query(
                alias="type",
                max_length=100,
                description="Family (ground, strike, civilian_harm...) or ACLED event type (Battles).",
            ),
        ] = None,
        place: Annotated[
            str | None,
            Query(
                max_length=200, description="Events at this place: a name in any spelling or a gazetteer id."
            ),
        ] = None,
        q: Annotated[
            str | None,
            Query(
                max_length=200,
                description="Case-insensitive substring of any of its claims' evidence sentences.",
            ),
        ] = None,
        bbox: BBoxQ = None,
        limit: Limit = DEFAULT_LIMIT,
        offset: Offset = 0,
        fmt: FormatQ = Format.json,
    ) -> Any:
        """Events (claims of one happening joined by the ledger) whose span overlaps
        since..until, oldest first. Each item is the event as `Ledger.events` gives it:
        status, family, place, dates, sides, counts, claim ids, reasons and contradictions.
        geojson and csv are `frontwatch export --events`'s formats (with every claim)."""
        from ..export import export_events

        point = resolve_near(near, radius)
        names, ids = _place_keys(place)
        filters = queries.EventFilters(
            since=parse_day(since, "since"),
            until=parse_day(until, "until"),
            near=point,
            side=side.value if side else None,
            claimant_side=claimant_side.value if claimant_side else None,
            status=status.value if status else None,
            event_type=event_type or None,
            place_names=names,
            place_ids=ids,
            place_given=bool(place),
            q=q or None,
            bbox=parse_bbox(bbox),
        )
        ledger = Ledger(store)
        found, total = queries.event_page(store, ledger, filters, limit, offset)
        if fmt is not Format.json:
            buf = io.StringIO()
            export_events(queries.stories_of(ledger, found), fmt.value, buf)
            return _text_response(buf.getvalue(), fmt.value, total, "events")
        return {"items": [ev.to_dict() for ev in found], "total": total, **_near_dict(point)}

    @app.get(
        "/api/events/{event_id}",
        summary="One event's story",
        responses={404: {"description": "No such event"}},
    )
    def event(event_id: Annotated[str, Path(max_length=100, description="An event id (ev_...).")]) -> Any:
        """The event and every claim behind it in date order, each with who claims it, on which
        side, the evidence sentence, its source and copies, and whether a later claim superseded
        it. An id absorbed by a merge resolves to the event that absorbed it (listed in
        `aliases`)."""
        story = Ledger(store).event(event_id)
        if story is None:
            raise ApiError(404, f"no event {event_id!r}")
        return story.to_dict()

    @app.get(
        "/api/places/{name}",
        summary="A place's timeline",
        responses={404: {"description": "Nothing about the place"}},
    )
    def place(
        name: Annotated[
            str,
            Path(max_length=200, description="A place name in any spelling, a gazetteer id, or LAT,LON."),
        ],
        radius: Annotated[
            float | None, Query(ge=0, le=500, description="Also claims within this many km of the place.")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many items.")] = MAX_LIMIT,
        offset: Offset = 0,
    ) -> Any:
        """Every claim about the place in date order, with its event and the event's status
        (`"kind": "claim"`), and, when control maps are imported, the place's changes of hands
        (`"kind": "control"`), as `frontwatch place NAME --json` prints them. `place` is the
        gazetteer entry the name resolved to."""
        found, items = place_timeline(store, name, radius)
        if not items:
            raise ApiError(404, f"no claims about {name!r} in the store")
        return {"place": found, "items": items[offset : offset + limit], "total": len(items)}

    @app.get(
        "/api/control",
        summary="The front line of a day",
        response_class=GeoJSONResponse,
        responses={404: {"description": "No control maps, or none reaches the day"}},
    )
    def control(
        day: Annotated[
            str,
            Query(
                alias="date",
                description="YYYY-MM-DD: the snapshot on or before it is used.",
                json_schema_extra={"format": "date"},
            ),
        ],
    ) -> Any:
        """The front line and the areas of a day as a GeoJSON FeatureCollection (lon/lat), from
        the snapshot the control maps use for that day (the latest on or before it, at most 45
        days old): first the front (`kind: "front"`, a MultiLineString), then the Russian-held
        and the contested areas (`kind: "area"`, `status: "russia"|"contested"`,
        (Multi)Polygons); properties `map`, `date` (the snapshot's) and, on the front, `asked`."""
        from ..control import area_features

        when = parse_day(day, "date")
        if when is None:
            raise bad("date is needed (YYYY-MM-DD)")
        feature = queries.front_of_day(store, when)
        if feature is None:
            raise ApiError(404, queries.no_front_message(store, when))
        props = feature["properties"]
        areas = area_features(store, props["map"], date.fromisoformat(props["date"]))
        return GeoJSONResponse({"type": "FeatureCollection", "features": [feature, *areas]})

    @app.get("/api/stats", summary="Counts")
    def stats() -> Any:
        """Documents, claims and events; claims by event type and by side; events by status and
        by side; claims per day (dated by the claim, else by its document)."""
        return queries.stats(store)


def _claim_ids(values: list[str] | None) -> tuple[str, ...] | None:
    """``claim_id`` parameters: at most 1000, each a claim id's shape (``c_`` and hex)."""
    if not values:
        return None
    if len(values) > 1000:
        raise bad("at most 1000 claim_id values")
    if any(not re.fullmatch(r"[\w-]{1,80}", v) for v in values):
        raise bad("claim_id: letters, digits, '_' or '-' only")
    return tuple(dict.fromkeys(values))


def _place_keys(place: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The names (lower case) and gazetteer ids an event's place may be stored under for
    ``place``: as given, and the gazetteer entry it resolves to (any spelling)."""
    if not place:
        return frozenset(), frozenset()
    names, ids = {place.lower()}, {place}
    found = gazetteer_place(place)
    if found:
        names.add(found[0].name.lower())
        ids.add(found[0].id)
    return frozenset(names), frozenset(ids)


# ----------------------------------------------------------------------------------- writing

_BEARER = re.compile(r"^Bearer\s+(\S+)\s*$", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _write_routes(app: FastAPI, state: _State) -> None:
    document_schema = {
        "type": "object",
        "required": ["id", "text"],
        "properties": {
            "id": {"type": "string"},
            "text": {"type": "string"},
            "published": {"type": "string", "format": "date"},
            "source": {"type": "string"},
            "url": {"type": "string"},
            "title": {"type": "string"},
        },
    }

    @app.post(
        "/api/documents",
        summary="Ingest one document (needs the token)",
        responses={401: {"description": "Missing or wrong token"}, 413: {"description": "Too large"}},
        openapi_extra={
            "requestBody": {"required": True, "content": {"application/json": {"schema": document_schema}}}
        },
    )
    async def add_document(request: Request) -> Any:
        """One input document (`{"id", "text", "published"?, "source"?, "url"?, "title"?}`, as
        a line of `frontwatch ingest`'s JSONL) is extracted, stored and joined into the ledger,
        as `frontwatch ingest` does. Needs `Authorization: Bearer <token>`. Returns the
        document, what the store did with it (added, copy, already_stored, failed), the claims
        stored and the ledger's update."""
        given = _BEARER.match(request.headers.get("authorization", ""))
        if not (given and state.token and hmac.compare_digest(given.group(1).encode(), state.token.encode())):
            return _error(
                401, "a valid token is needed: Authorization: Bearer <token>", {"WWW-Authenticate": "Bearer"}
            )
        doc = _document(await _read_body(request))
        return await run_in_threadpool(_ingest, state, doc)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_DOCUMENT_BYTES:
        raise ApiError(413, f"the document is over {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_DOCUMENT_BYTES:
            raise ApiError(413, f"the document is over {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    return bytes(body)


def _document(body: bytes) -> Any:
    """The request body as a ``Document``, checked as ``frontwatch ingest`` checks a JSONL line."""
    from pydantic import ValidationError

    from ..ingest import published_problem
    from ..models import Document

    try:
        record = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad(f"the body is not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise bad(f"expected a JSON object, got {type(record).__name__}")
    try:
        doc = Document.model_validate(record)
    except ValidationError as exc:
        raise bad(_validation_message(exc.errors())) from None
    problem = published_problem(doc.published)
    if problem:
        raise bad(f"published: {problem}")
    text = _SURROGATE.sub("\ufffd", doc.text.replace("\x00", ""))  # as ingest cleans its input
    return doc.model_copy(update={"text": text}) if text != doc.text else doc


def _ingest(state: _State, doc: Any) -> dict[str, Any]:
    """Extract, store and update the ledger, one writer at a time."""
    from ..export import export
    from ..store import StoredClaim

    with state.lock:
        store = state.writer()
        extractor = state.extractor()
        claims: list[Any] = []
        error: str | None = None
        if doc.text_key not in store.stored_keys([doc.text_key]):
            record = extractor.extract(doc)
            claims, error = record.claims, record.error
        refused: list[str] = []
        summary = store.add_many(
            [(doc, claims, error)], extractor.version, on_error=lambda _d, message: refused.append(message)
        )
        update = Ledger(store).update()
    if summary.failed:
        result = "failed"
    elif summary.added:
        result = "added"
    elif summary.copies:
        result = "copy"
    else:
        result = "already_stored"
    stored = claims if result == "added" else []
    buf = io.StringIO()
    export(
        (
            StoredClaim(c, doc.id, doc.source, doc.published, doc.url, doc.title, doc.content_hash)
            for c in stored
        ),
        "jsonl",
        buf,
    )
    return {
        "document": {
            "id": doc.id,
            "content_hash": doc.content_hash,
            "published": doc.published.isoformat() if doc.published else None,
            "source": doc.source,
            "url": doc.url,
        },
        "result": result,
        "error": error or (refused[0] if refused else None),
        "claims": [json.loads(line) for line in buf.getvalue().splitlines()],
        "ledger": {
            "events_created": update.events_created,
            "events_updated": update.events_touched,
            "events_merged": update.events_merged,
        },
    }
