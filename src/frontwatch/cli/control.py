"""The ``control`` command group: import control maps, and ask who held a place on a day, which
places changed hands, and where the front ran (docs/control.md)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .display import err, out, plural
from .options import EXIT_SKIPPED, DbOpt, Fail, open_store, parse_date, progress, resolve_near


class ChangesFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Territorial control: import control maps; who held a place on a day; changes of hands; the front.",
        no_args_is_help=True,
    )
    group.command("import")(control_import)
    group.command("at")(control_at)
    group.command("changes")(control_changes)
    group.command("front")(control_front)
    group.command("list")(control_list)
    app.add_typer(group, name="control")


def control_import(
    paths: Annotated[
        list[Path], typer.Argument(help="Map files (.geojson/.json, optionally .gz) or folders.")
    ],
    map_name: Annotated[
        str | None,
        typer.Option("--map", help="Name of the map these snapshots belong to [default: by file form]."),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Import control-map snapshots (DeepStateMap archive files, daily occupied-area files, or any
    GeoJSON with a status per polygon): every settlement's status and distance to the front,
    stored as change intervals. Idempotent; a bad file is one line, the rest goes on.

    The maps are yours to obtain and to use on their terms (DeepStateMap's data is theirs);
    frontwatch ships none.

    Examples:

      frontwatch control import deepstatemap-archive/ deepstate-map-data/

      frontwatch control import isw_2024-05-01.geojson --map isw
    """
    from ..control import import_maps, map_files
    from ..ledger import Ledger

    store = open_store(db)
    problems = 0

    def on_problem(path: str, message: str) -> None:
        nonlocal problems
        problems += 1
        err.print(f"frontwatch: skipped {path}: {message}", markup=False)

    files = sum(1 for _ in map_files(paths))
    with store, progress("importing maps", total=files) as advance:
        summary = import_maps(store, paths, map_name=map_name, on_problem=on_problem, on_file=advance)
        refreshed = Ledger(store).refresh_map_statuses() if summary.imported else 0
    per_map = ", ".join(f"{name} {n}" for name, n in sorted(summary.maps.items()))
    err.print(
        f"imported {plural(summary.imported, 'snapshot')}"
        + (f" ({per_map})" if per_map else "")
        + f", {summary.unchanged} unchanged, {summary.failed} failed; "
        f"{summary.intervals:,} status intervals; {refreshed} events re-assessed; {summary.seconds:.0f} s"
    )
    raise typer.Exit(EXIT_SKIPPED if problems else 0)


def _place(name: str) -> Any:
    """The gazetteer entry for a place name in any spelling (Ukraine and Russia first), or an id."""
    from ..geo import Geoparser

    gaz = Geoparser().gazetteer
    if name in gaz.by_id:
        return gaz.candidate(gaz.by_id[name])
    cands = gaz.lookup(name, limit=10)
    near = [c for c in cands if c.country in ("Ukraine", "Russia") and c.kind == "settlement"]
    if not (near or cands):
        raise Fail(f"no place matches {name!r} (try `frontwatch gazetteer lookup {name}`)")
    return (near or cands)[0]


def control_at(
    place: Annotated[
        str, typer.Argument(help="A settlement in any spelling (Artemovsk, Бахмут) or a gazetteer id.")
    ],
    day: Annotated[str, typer.Argument(metavar="DATE", help="YYYY-MM-DD.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOpt = None,
) -> None:
    """Who held a place on a day, by the imported maps: ukraine, russia, contested or unknown;
    since when, by which snapshot, and how far from the front.

    Examples:

      frontwatch control at Bakhmut 2023-06-01

      frontwatch control at Konstantinovka 2025-03-01 --json
    """
    from ..control import load_view

    when = parse_date(day, "DATE")
    entry = _place(place)
    store = open_store(db, must_exist=True)
    with store:
        view = load_view(store)
    if not view:
        raise Fail("no control maps in this store (import some with `frontwatch control import`)")
    c = view.at(entry.id, when)
    record = {"place": entry.name, "gazetteer_id": entry.id, "date": when.isoformat()} | c.to_dict()  # type: ignore[union-attr]
    if as_json:
        typer.echo(json.dumps(record, ensure_ascii=False))
        return
    since = f" since {record['since']}" if record["since"] else ""
    front = f", {record['front_km']} km from the front" if record["front_km"] is not None else ""
    by = (
        f" (map {record['map']}, snapshot {record['snapshot']})"
        if record["snapshot"]
        else " (no snapshot within 45 days)"
    )
    out.print(
        f"{escape(entry.name)} ({entry.admin1 or entry.country}) on {when}: [bold]{c.status}[/bold]{since}{front}{by}"
    )


def control_changes(
    since: Annotated[
        str | None, typer.Option("--since", help="Changes on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Changes on or before this date.")] = None,
    near: Annotated[
        str | None, typer.Option("--near", help="A place name (any spelling) or LAT,LON.")
    ] = None,
    radius: Annotated[
        float | None, typer.Option("--radius", min=0, help="Kilometres around --near \\[default: 25].")
    ] = None,
    fmt: Annotated[
        ChangesFormat, typer.Option("--format", help="table, jsonl or csv (to stdout).")
    ] = ChangesFormat.table,
    db: DbOpt = None,
) -> None:
    """Places that changed hands and when (first snapshot showing the new status, and the last
    showing the old one), oldest first.

    Examples:

      frontwatch control changes --near Pokrovsk --radius 20 --since 2024-08-01

      frontwatch control changes --since 2025-01-01 --format csv > changes.csv
    """
    from ..control.changes import changes

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    point, km = resolve_near(near, radius)
    store = open_store(db, must_exist=True)
    with store:
        rows = changes(store, since=first, until=last, near=point, radius_km=km)
    if fmt is ChangesFormat.jsonl:
        for c in rows:
            sys.stdout.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        return
    if fmt is ChangesFormat.csv:
        fields = ["date", "last_before", "place", "gazetteer_id", "from", "to", "lat", "lon", "maps"]
        w = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for c in rows:
            w.writerow(c.to_dict() | {"maps": ";".join(c.maps)})
        return
    table = Table("date", "last seen before", "place", "from", "to", "maps")
    for c in rows:
        table.add_row(str(c.day), str(c.last_before), escape(c.place), c.before, c.after, ", ".join(c.maps))
    out.print(table)
    out.print(plural(len(rows), "change"))


def control_front(
    day: Annotated[
        str, typer.Argument(metavar="DATE", help="YYYY-MM-DD: the snapshot on or before it is used.")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the GeoJSON here instead of stdout.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """The front line on a day as GeoJSON (a MultiLineString), for QGIS or the web map.

    Examples:

      frontwatch control front 2024-02-20 -o front.geojson
    """
    from ..control import front_geojson, load_view

    when = parse_date(day, "DATE")
    store = open_store(db, must_exist=True)
    with store:
        view = load_view(store)
        picked = view.snapshot_for(when.toordinal()) if view else None  # type: ignore[union-attr]
        if picked is None:
            raise Fail(f"no control-map snapshot within 45 days before {when}")
        series, k = picked
        snap_day = date.fromordinal(int(series.days[k]))
        feature = front_geojson(store, series.name, snap_day)
    text = json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=False)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", encoding="utf-8")
    err.print(f"front of {snap_day} (map {series.name}) -> {output}")


def control_list(db: DbOpt = None) -> None:
    """The imported maps: snapshots per map, first and last day."""
    from ..control import snapshot_list

    store = open_store(db, must_exist=True)
    with store:
        rows = snapshot_list(store)
    table = Table("map", "form", "snapshots", "first", "last")
    by_map: dict[str, list[Any]] = {}
    for r in rows:
        by_map.setdefault(r.map, []).append(r)
    for name, snaps in by_map.items():
        table.add_row(name, snaps[0].form, str(len(snaps)), str(snaps[0].day), str(snaps[-1].day))
    out.print(table)
