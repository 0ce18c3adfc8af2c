"""The API's read-only queries: one page of claims or events with the total that match, and the
counts of ``/api/stats``.

``Store.query_claims`` and ``Ledger.events`` stream every match and have no offset, no count,
no text search and no bounding box, which a map that pages needs. The queries here add them
over the store's public tables and engine, read only (no write, no transaction of the store's
own), with the same meaning as the store's filters: a claim's day is its date or else its
document's publication date; ``near`` is a bounding box in SQL, then the exact great-circle
distance in Python; ``side`` is any actor's or the claimant's side; events overlap
``since``/``until``. Claims come back as ``StoredClaim`` and events as the ledger's ``Event``,
so the records are exactly those of the Python API and the exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, cast, func, or_, select

from ..ledger import Event, EventStory, Ledger
from ..store import (
    Store,
    StoredClaim,
    bbox_clause,
    claims_table,
    documents_table,
    escape_like,
    event_claims_table,
    events_table,
    has_side,
    haversine_km,
    stored_claim,
)
from .params import BBox, Near

_claims, _docs, _events = claims_table, documents_table, events_table
_claim_day = func.coalesce(_claims.c.date, _docs.c.published)
_CLAIMS_JOIN = _claims.join(_docs, _claims.c.content_hash == _docs.c.content_hash)
_CLAIM_ORDER = (_claim_day.asc().nulls_last(), _docs.c.doc_id, _claims.c.content_hash, _claims.c.ordinal)
_EVENT_ORDER = (_events.c.first_date.asc().nulls_last(), _events.c.event_id)
_SENTENCE = _claims.c.record[("evidence", "sentence")].as_string()


@dataclass(frozen=True)
class ClaimFilters:
    since: date | None = None
    until: date | None = None
    near: Near | None = None
    side: str | None = None
    event_type: str | None = None  # event type, sub-event type or action
    claimant: str | None = None  # substring of the claimant's name
    q: str | None = None  # substring of the evidence sentence
    bbox: BBox | None = None
    claim_ids: tuple[str, ...] | None = None  # only these claims


@dataclass(frozen=True)
class EventFilters:
    since: date | None = None
    until: date | None = None
    near: Near | None = None
    side: str | None = None
    claimant_side: str | None = None  # a claim of the event made by a claimant of this side
    status: str | None = None
    event_type: str | None = None  # family (ground, strike...) or ACLED event type
    place_names: frozenset[str] = frozenset()  # lower-case names; with place_ids: either matches
    place_ids: frozenset[str] = frozenset()
    place_given: bool = False
    q: str | None = None  # substring of any of its claims' evidence sentences
    bbox: BBox | None = None


# -------------------------------------------------------------------------------------- claims


def claim_page(store: Store, f: ClaimFilters, limit: int, offset: int) -> tuple[list[StoredClaim], int]:
    """Claims ``offset .. offset+limit`` of those matching ``f`` (oldest first, as
    ``Store.query_claims``), and how many match in all."""
    conds = _claim_conditions(f, _is_sqlite(store))
    with store.engine.connect() as conn:
        if f.near is None and not f.q:  # a count, then the page
            total = conn.scalar(select(func.count()).select_from(_CLAIMS_JOIN).where(*conds)) or 0
            query = _claim_select().where(*conds).order_by(*_CLAIM_ORDER).limit(limit).offset(offset)
            return [stored_claim(r) for r in conn.execute(query)], int(total)
        # near (exact distance in Python) or q (a scan of every claim's text): scan once for the
        # ids in order, then read the page
        near = f.near
        light = (
            select(_claims.c.claim_id, _claims.c.lat, _claims.c.lon)
            .select_from(_CLAIMS_JOIN)
            .where(*conds, *(_box(_claims.c.lat, _claims.c.lon, near) if near else ()))
            .order_by(*_CLAIM_ORDER)
        )
        ids = [r.claim_id for r in conn.execute(light) if near is None or _within(near, r.lat, r.lon)]
        page = ids[offset : offset + limit]
        rows = {r.claim_id: r for r in conn.execute(_claim_select().where(_claims.c.claim_id.in_(page)))}
    return [stored_claim(rows[cid]) for cid in page if cid in rows], len(ids)


def _claim_select() -> Any:
    return select(
        _claims.c.claim_id,
        _claims.c.record,
        _claims.c.content_hash,
        _docs.c.doc_id,
        _docs.c.source,
        _docs.c.published,
        _docs.c.url,
        _docs.c.title,
    ).select_from(_CLAIMS_JOIN)


def _claim_conditions(f: ClaimFilters, sqlite: bool) -> list[ColumnElement[bool]]:
    c = _claims.c
    conds: list[ColumnElement[bool]] = []
    if f.since is not None or f.until is not None:
        # the claim's day (its date, else its document's) within since..until, written so
        # that SQLite can use the index on claims.date (100,000 claims: 12 ms instead of 135)
        dated = _between(c.date, f.since, f.until)
        undated = [c.date.is_(None), *_between(_docs.c.published, f.since, f.until)]
        conds.append(or_(and_(*dated), and_(*undated)))
    if f.side:
        conds.append(has_side(c.sides, f.side))
    if f.claim_ids is not None:
        conds.append(c.claim_id.in_(f.claim_ids))
    if f.event_type:
        wanted = f.event_type.lower()
        conds.append(
            or_(
                func.lower(c.event_type) == wanted,
                func.lower(c.sub_event_type) == wanted,
                func.lower(c.action) == wanted,
            )
        )
    if f.claimant:
        conds.append(_contains(c.claimant_name, f.claimant, sqlite))
    if f.q:
        conds.extend(_says(f.q, sqlite))
    if f.bbox is not None:
        conds.extend(_in_bbox(c.lat, c.lon, f.bbox))
    return conds


# -------------------------------------------------------------------------------------- events


def event_page(
    store: Store, ledger: Ledger, f: EventFilters, limit: int, offset: int
) -> tuple[list[Event], int]:
    """Events ``offset .. offset+limit`` of those matching ``f`` (oldest first, as
    ``Ledger.events``), with their claim ids and contradictions, and how many match in all."""
    conds = _event_conditions(f, _is_sqlite(store))
    e = _events.c
    with store.engine.connect() as conn:
        if f.near is None and not f.q:  # a count, then the page
            total = conn.scalar(select(func.count()).select_from(_events).where(*conds)) or 0
            query = select(_events).where(*conds).order_by(*_EVENT_ORDER).limit(limit).offset(offset)
            rows = list(conn.execute(query))
        else:  # near or q: scan once for the ids in order, then read the page
            near = f.near
            light = (
                select(e.event_id, e.lat, e.lon)
                .where(*conds, *(_box(e.lat, e.lon, near) if near else ()))
                .order_by(*_EVENT_ORDER)
            )
            ids = [r.event_id for r in conn.execute(light) if near is None or _within(near, r.lat, r.lon)]
            total, page = len(ids), ids[offset : offset + limit]
            by_id = {r.event_id: r for r in conn.execute(select(_events).where(e.event_id.in_(page)))}
            rows = [by_id[i] for i in page if i in by_id]
    return events_from_rows(ledger, rows), int(total)


def _event_conditions(f: EventFilters, sqlite: bool) -> list[ColumnElement[bool]]:
    e = _events.c
    conds: list[ColumnElement[bool]] = []
    if f.status:
        conds.append(e.status == f.status)
    if f.event_type:
        wanted = f.event_type.lower()
        conds.append(or_(e.family == wanted, func.lower(e.event_type) == wanted))
    if f.since is not None:
        conds.append(e.last_date >= f.since)
    if f.until is not None:
        conds.append(e.first_date <= f.until)
    if f.side:
        conds.append(has_side(e.sides, f.side))
    if f.claimant_side:
        ec = event_claims_table.c
        conds.append(e.event_id.in_(select(ec.event_id).where(ec.claimant_side == f.claimant_side)))
    if f.place_given:
        either = []
        if f.place_names:
            either.append(func.lower(e.place_name).in_(sorted(f.place_names)))
        if f.place_ids:
            either.append(e.gazetteer_id.in_(sorted(f.place_ids)))
        conds.append(or_(*either) if either else e.event_id.is_(None))
    if f.q:
        ec = event_claims_table.c
        said = select(ec.event_id).join(_claims, _claims.c.claim_id == ec.claim_id).where(*_says(f.q, sqlite))
        conds.append(e.event_id.in_(said))
    if f.bbox is not None:
        conds.extend(_in_bbox(e.lat, e.lon, f.bbox))
    return conds


def events_from_rows(ledger: Ledger, rows: Sequence[Any]) -> list[Event]:
    """The ledger's ``Event`` for each row of the ``events`` table, in order.

    The Ledger has no public "these events, by id" (``Ledger.events`` filters and streams, it
    does not page), so this and ``stories_of`` are the only places the API calls the Ledger's
    own row conversion: the records stay exactly the Ledger's. A public ``Ledger.events_by_id``
    would replace both."""
    return list(ledger.events_from_rows(list(rows))) if rows else []


def stories_of(ledger: Ledger, events: list[Event]) -> list[EventStory]:
    """Each event with every claim behind it (``EventStory``), as ``Ledger.stories`` gives them."""
    return ledger.stories_of(events) if events else []


# -------------------------------------------------------------------------------------- stats


def stats(store: Store) -> dict[str, Any]:
    """Counts: documents, claims, events; claims by event type and by side; events by status
    and by side; claims per day (the claim's date, else its document's publication date)."""
    base = store.stats()
    day = _claim_day.label("day")
    with store.engine.connect() as conn:
        by_status = dict(
            list(conn.execute(select(_events.c.status, func.count()).group_by(_events.c.status)))
        )
        claim_sides = list(conn.execute(select(_claims.c.sides, func.count()).group_by(_claims.c.sides)))
        event_sides = list(conn.execute(select(_events.c.sides, func.count()).group_by(_events.c.sides)))
        per_day = list(
            conn.execute(select(day, func.count()).select_from(_CLAIMS_JOIN).group_by(day).order_by(day))
        )
    dated = [(d, n) for d, n in per_day if d is not None]
    return {
        "documents": base["documents"],
        "claims": base["claims"],
        "events": sum(by_status.values()),
        "claims_by_event_type": base["by_event_type"],
        "claims_by_side": _side_counts(claim_sides),
        "events_by_status": dict(sorted(by_status.items(), key=lambda kv: (-kv[1], kv[0]))),
        "events_by_side": _side_counts(event_sides),
        "claims_per_day": [{"date": _iso(d), "claims": n} for d, n in dated],
        "undated_claims": sum(n for d, n in per_day if d is None),
    }


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _side_counts(rows: list[Any]) -> dict[str, int]:
    """``,russia,ukraine,`` groups as counts per side (a claim or event counts once per side)."""
    counts: dict[str, int] = {}
    for sides, n in rows:
        for side in {s for s in (sides or "").split(",") if s}:
            counts[side] = counts.get(side, 0) + n
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


# -------------------------------------------------------------------------------------- helpers


def _contains(column: Any, text: str, sqlite: bool) -> ColumnElement[bool]:
    """Case-insensitive substring: SQLite's LIKE ignores the case of ASCII letters (other
    letters match as written); elsewhere ILIKE."""
    pattern = f"%{escape_like(text)}%"
    return column.like(pattern, escape="\\") if sqlite else column.ilike(pattern, escape="\\")


def _between(column: Any, since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    out = []
    if since is not None:
        out.append(column >= since)
    if until is not None:
        out.append(column <= until)
    return out


def _says(q: str, sqlite: bool) -> list[ColumnElement[bool]]:
    """The claim's evidence sentence contains ``q`` (case-insensitive).

    Reading the sentence out of every claim's JSON is most of the cost of a text search, so a
    plain ``q`` (printable ASCII without ``"`` or ``\\``, which JSON writes as they are) first
    looks for itself in the raw JSON text, and only the claims that hold it are read (on SQLite,
    100,000 claims: 75 ms instead of 165)."""
    exact = _contains(_SENTENCE, q, sqlite)
    if not (q.isascii() and q.isprintable() and '"' not in q and "\\" not in q):
        return [exact]
    prefilter = _contains(cast(_claims.c.record, Text), q, sqlite)
    return [prefilter, exact]  # in this order: SQLite tests the cheap one first


def _is_sqlite(store: Store) -> bool:
    return store.engine.dialect.name == "sqlite"


def _in_bbox(lat: Any, lon: Any, box: BBox) -> list[ColumnElement[bool]]:
    return [lat.between(box.min_lat, box.max_lat), lon.between(box.min_lon, box.max_lon)]


def _box(lat: Any, lon: Any, near: Near) -> list[ColumnElement[bool]]:
    """A SQL prefilter that holds every point within ``near``'s radius (and some more)."""
    return [bbox_clause(lat, lon, near.lat, near.lon, near.radius_km)]


def _within(near: Near, lat: float | None, lon: float | None) -> bool:
    return (
        lat is not None and lon is not None and haversine_km(near.lat, near.lon, lat, lon) <= near.radius_km
    )


# -------------------------------------------------------------------------------------- control


def front_of_day(store: Store, day: date) -> dict[str, Any] | None:
    """The front line of ``day`` as a GeoJSON Feature: the stored front of the snapshot the
    control maps use for that day (``ControlView``'s choice: the latest on or before it, at
    most ``STALE_DAYS`` old, the map that tells contested ground apart on a tie), or None.

    Which snapshot that is depends only on the maps' snapshot days, so the view is built from
    ``snapshot_list`` (days, no statuses) rather than by loading every snapshot."""
    import numpy as np

    from ..control import front_geojson, snapshot_list
    from ..control.view import ControlView, MapSeries

    days: dict[str, list[int]] = {}
    for snap in snapshot_list(store):
        days.setdefault(snap.map, []).append(snap.day.toordinal())
    empty = np.zeros((0, 0), dtype=np.uint8)
    view = ControlView(
        [], [MapSeries(m, np.array(sorted(d), dtype=np.int64), empty, empty) for m, d in days.items()]
    )
    picked = view.snapshot_for(day.toordinal()) if view else None
    if picked is None:
        return None
    series, k = picked
    feature = front_geojson(store, series.name, date.fromordinal(int(series.days[k])))
    feature["properties"]["asked"] = day.isoformat()
    return feature


def no_front_message(store: Store, day: date) -> str:
    from ..control import snapshot_list
    from ..control.view import STALE_DAYS

    if not snapshot_list(store):
        return "no control maps in this store (import some with `frontwatch control import`)"
    return f"no control-map snapshot within {STALE_DAYS} days before {day.isoformat()}"
