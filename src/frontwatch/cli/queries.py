"""Commands that read stored claims: ``claims`` (filtered, as a table or to stdout) and
``export`` (claims, or ledger events, to a file in ACLED CSV, GeoJSON, Parquet or JSONL).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .display import claims_table, err, out, plural
from .options import (
    ClaimantOpt,
    DbOpt,
    ExportFormat,
    Fail,
    LimitOpt,
    NearOpt,
    QueryFormat,
    RadiusOpt,
    SideOpt,
    SinceOpt,
    TypeOpt,
    UntilOpt,
    open_store,
    parse_date,
    resolve_near,
)

if TYPE_CHECKING:
    from ..store import StoredClaim


def register(app: typer.Typer) -> None:
    app.command()(claims)
    app.command("export")(export_cmd)


def _query(
    store: Any,
    since: str | None,
    until: str | None,
    near: str | None,
    radius: float | None,
    side: str | None,
    event_type: str | None,
    claimant: str | None,
    limit: int | None,
) -> Iterator[StoredClaim]:
    point, radius_km = resolve_near(near, radius)
    return store.query_claims(
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        near=point,
        radius_km=radius_km,
        side=side.value if side else None,
        event_type=event_type,
        claimant=claimant,
        limit=limit,
    )


def claims(
    since: SinceOpt = None,
    until: UntilOpt = None,
    near: NearOpt = None,
    radius: RadiusOpt = None,
    side: SideOpt = None,
    event_type: TypeOpt = None,
    claimant: ClaimantOpt = None,
    limit: LimitOpt = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table, jsonl, csv or geojson (to stdout).")
    ] = QueryFormat.table,
    db: DbOpt = None,
) -> None:
    """Query stored claims.

    Examples:

      frontwatch claims --near Pokrovsk --radius 30 --since 2024-08-01

      frontwatch claims --side russia --type capture --format csv > captures.csv
    """
    store = open_store(db, must_exist=True)
    with store:
        try:
            rows = _query(store, since, until, near, radius, side, event_type, claimant, limit)
            if fmt is QueryFormat.table:
                items = [(r.doc_id, r.claim) for r in rows]
                out.print(claims_table(items))
                err.print(plural(len(items), "claim"))
                return
            from ..export import export

            summary = export(rows, fmt.value, sys.stdout)
        except ValueError as exc:
            raise Fail(str(exc)) from None
    if summary.skipped:
        err.print(f"{plural(summary.skipped, 'claim')} without coordinates left out of the GeoJSON")


def export_cmd(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="jsonl, csv (ACLED columns first), geojson or parquet.")
    ],
    output: Annotated[str, typer.Option("-o", "--output", help="File to write, or - for stdout.")],
    since: SinceOpt = None,
    until: UntilOpt = None,
    side: SideOpt = None,
    event_type: TypeOpt = None,
    events: Annotated[
        bool,
        typer.Option(
            "--events", help="Export ledger events with their claims instead of claims (jsonl, csv, geojson)."
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Export stored claims (ACLED-compatible CSV, GeoJSON for QGIS, Parquet, JSONL), or events.

    Examples:

      frontwatch export --format csv -o claims.csv

      frontwatch export --format geojson -o claims.geojson

      frontwatch export --events --format jsonl -o events.jsonl
    """
    from ..export import export, export_events

    store = open_store(db, must_exist=True)
    with store:
        target: Any = output
        if output == "-":
            target = sys.stdout.buffer if fmt is ExportFormat.parquet else sys.stdout
        try:
            if events:
                if fmt is ExportFormat.parquet:
                    raise Fail("events export as jsonl, csv or geojson")
                from ..ledger import Ledger

                ledger = Ledger(store)
                ledger.update()
                stories = ledger.stories(
                    since=parse_date(since, "--since"),
                    until=parse_date(until, "--until"),
                    side=side.value if side else None,
                )
                summary = export_events(stories, fmt.value, target)
            else:
                rows = _query(store, since, until, None, None, side, event_type, None, None)
                summary = export(rows, fmt.value, target)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): handled quietly by run()
        except OSError as exc:
            raise Fail(f"{output}: {exc.strerror or exc}") from None
    note = f" ({summary.skipped} without coordinates left out)" if summary.skipped else ""
    err.print(f"{plural(summary.written, 'event' if events else 'claim')} -> {output}{note}")
