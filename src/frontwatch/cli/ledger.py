"""Commands that read the ledger: ``events`` (claims of one happening joined, with their status),
``event`` (one event's story) and ``place`` (a place's timeline). Each brings the ledger up to
date with the stored claims first.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Annotated, Any

import typer

from .display import err, events_table, out, place_table, plural, print_story
from .options import (
    DbOpt,
    EventStatus,
    Fail,
    LimitOpt,
    NearOpt,
    QueryFormat,
    RadiusOpt,
    SideOpt,
    SinceOpt,
    UntilOpt,
    open_store,
    parse_date,
    resolve_near,
    update_ledger,
)


def register(app: typer.Typer) -> None:
    app.command("events")(events_cmd)
    app.command("event")(event_cmd)
    app.command("place")(place_cmd)


def events_cmd(
    status: Annotated[
        EventStatus | None, typer.Option("--status", help="Only events with this status.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    near: NearOpt = None,
    radius: RadiusOpt = None,
    side: SideOpt = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Events at this place (name or gazetteer id).")
    ] = None,
    min_claims: Annotated[
        int | None, typer.Option("--min-claims", help="Only events with at least N claims.")
    ] = None,
    limit: LimitOpt = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table, jsonl, csv or geojson (to stdout).")
    ] = QueryFormat.table,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute every event from the stored claims first.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Events across reports: claims of one happening joined, with their status.

    Statuses: single_source, corroborated (independent sources agree), confirmed_by_adversary
    (the side that loses by it admits it), confirmed_by_map (an imported control map shows the
    place changing hands as claimed), disputed (the sides contradict each other), superseded
    (a later claim by the same source revises it). See docs/ledger.md.

    Examples:

      frontwatch events --status disputed

      frontwatch events --near Pokrovsk --radius 30 --format geojson > events.geojson
    """
    from ..export import export_events
    from ..ledger import Ledger

    store = open_store(db, must_exist=True)
    with store:
        note = update_ledger(store, rebuild=rebuild)
        if rebuild:
            err.print(note)
        ledger = Ledger(store)
        point, radius_km = resolve_near(near, radius)
        filters = dict(
            status=status.value if status else None,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            near=point,
            radius_km=radius_km,
            side=side.value if side else None,
            place=place,
            min_claims=min_claims,
            limit=limit,
        )
        if fmt is not QueryFormat.table:
            export_events(ledger.stories(**filters), fmt.value, sys.stdout)
            return
        table, n = events_table(ledger.events(**filters))
        out.print(table)
        err.print(plural(n, "event"))


def event_cmd(
    event_id: Annotated[str, typer.Argument(help="An event id from `frontwatch events`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the event and its claims as JSON.")] = False,
    db: DbOpt = None,
) -> None:
    """One event's story: each claim, who claims it and on which side, and the evidence sentence."""
    from ..ledger import Ledger

    store = open_store(db, must_exist=True)
    with store:
        update_ledger(store)
        story = Ledger(store).event(event_id)
    if story is None:
        raise Fail(f"no event {event_id!r} (list them with `frontwatch events`)")
    if as_json:
        typer.echo(json.dumps(story.to_dict(), ensure_ascii=False, indent=1, default=str))
        return
    print_story(story)


def _place_entries(ledger: Any, name: str, radius: float | None) -> list[Any]:
    """``place NAME``'s claims for any spelling ``--near`` accepts: the name is resolved through the
    gazetteer as ``--near`` does, and the claims resolved to that place (its gazetteer id and its
    name) are joined with those whose place is written or resolved as ``name`` itself (places the
    gazetteer does not know stay findable as written). With ``radius``, claims within that many km
    of the resolved place too."""
    from ..geo import Geoparser

    gazetteer = Geoparser().gazetteer
    cands = gazetteer.lookup(name, limit=1) or gazetteer.lookup(name.split(",")[0].strip(), limit=1)
    found = {e.claim_id: e for e in ledger.place_timeline(name, radius_km=radius)}
    if cands:
        c = cands[0]
        if c.id != name:
            err.print(f"place {c.name} ({c.admin1 or c.country}, {c.lat:.4f},{c.lon:.4f}) id {c.id}")
        queries: list[Any] = [c.id, c.name]
        if radius is not None:
            queries.append((c.lat, c.lon, radius))
        for query in queries:
            for e in ledger.place_timeline(query):
                found.setdefault(e.claim_id, e)
    return sorted(found.values(), key=lambda e: (e.date or date.max, e.claim_id))


def place_cmd(
    name: Annotated[
        str, typer.Argument(help="A place name (as resolved or as written), a gazetteer id, or LAT,LON.")
    ],
    radius: Annotated[
        float | None, typer.Option("--radius", help="Also claims within this many km of the place.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per claim.")] = False,
    db: DbOpt = None,
) -> None:
    """A place's timeline: every claim about it in date order with its event's status.

    Example:

      frontwatch place Avdiivka --radius 5
    """
    from ..ledger import Ledger

    point: tuple[float, float, float] | None = None
    try:
        lat_s, lon_s = name.split(",")
        point = (float(lat_s), float(lon_s), radius if radius is not None else 10.0)
    except ValueError:
        pass
    store = open_store(db, must_exist=True)
    with store:
        update_ledger(store)
        ledger = Ledger(store)
        entries = ledger.place_timeline(point) if point else _place_entries(ledger, name, radius)
        hands = _control_changes(store, name, point, radius)
    if not entries and not hands:
        raise Fail(f"no claims about {name!r} in the store")
    if as_json:
        rows = [(e.date, 1, {"kind": "claim"} | e.to_dict()) for e in entries]
        rows += [(c.day, 0, {"kind": "control"} | c.to_dict()) for c in hands]
        for _day, _kind, obj in sorted(rows, key=lambda r: (r[0] or date.max, r[1])):
            typer.echo(json.dumps(obj, ensure_ascii=False, default=str))
        return
    out.print(place_table(name, entries, hands))


def _control_changes(
    store: Any, name: str, point: tuple[float, float, float] | None, radius: float | None
) -> list:
    """The control map's changes of hands for the place (by its gazetteer entry), or within
    ``radius`` km of it / of the point; [] when no maps were imported."""
    from ..control.changes import changes, changes_at_place

    if point is not None:
        return changes(store, near=(point[0], point[1]), radius_km=point[2])
    return changes_at_place(store, name, radius)
