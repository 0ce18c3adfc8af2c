"""Export stored claims as JSON Lines, CSV (ACLED column names), GeoJSON or Parquet.

Every writer takes an iterable of :class:`~frontwatch.store.StoredClaim` and streams it:
rows are written as they arrive (Parquet in row groups of ``PARQUET_BATCH_ROWS``).
See ``docs/store.md`` for samples.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .store import StoredClaim, parse_date

FORMATS = ("jsonl", "csv", "geojson", "parquet")

PARQUET_BATCH_ROWS = 10_000

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "action",
    "target",
    "claimant",
    "claimant_role",
    "claimant_side",
    "attribution",
    "hedged",
    "verification",
    "flags",
    "location_as_written",
    "relation",
    "published",
    "url",
    "pipeline",
)
COLUMNS = ACLED_COLUMNS + CLAIM_COLUMNS
"""The flat columns of CSV, Parquet and GeoJSON properties, in order."""

_PARQUET_TYPES = {
    "event_date": pa.date32(),
    "published": pa.date32(),
    "latitude": pa.float64(),
    "longitude": pa.float64(),
    "time_precision": pa.int8(),
    "geo_precision": pa.int8(),
    "fatalities": pa.int64(),
    "hedged": pa.bool_(),
}
PARQUET_SCHEMA = pa.schema([(name, _PARQUET_TYPES.get(name, pa.string())) for name in COLUMNS])
"""Column types for Parquet; anything not listed is a nullable string."""


@dataclass(frozen=True)
class ExportSummary:
    """How many claims were written, and how many were skipped (GeoJSON: no coordinates)."""

    written: int
    skipped: int = 0


def flat_row(row: StoredClaim) -> dict[str, Any]:
    """One claim as a flat dict of scalars keyed by ``COLUMNS`` (dates as ``date``, None kept)."""
    c = row.claim
    loc = c.location
    actors = c.actors
    return {
        "event_id_cnty": c.claim_id,
        "event_date": parse_date(c.date),
        "time_precision": c.time_precision,
        "event_type": c.event_type,
        "sub_event_type": c.sub_event_type,
        "actor1": actors[0].name if actors else None,
        "actor2": actors[1].name if len(actors) > 1 else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "location": loc.resolved_name if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "source": row.source,
        "notes": c.evidence.sentence,
        "fatalities": c.fatalities,
        "claim_id": c.claim_id,
        "doc_id": row.doc_id,
        "action": c.action,
        "target": c.target,
        "claimant": c.claimant.name,
        "claimant_role": c.claimant.role,
        "claimant_side": c.claimant.side,
        "attribution": c.attribution,
        "hedged": c.hedged,
        "verification": c.verification,
        "flags": ";".join(c.flags) if c.flags else None,
        "location_as_written": loc.name if loc else None,
        "relation": loc.relation if loc else None,
        "published": row.published,
        "url": row.url,
        "pipeline": c.pipeline,
    }


#: A text cell starting with one of these is a formula to a spreadsheet (``=HYPERLINK(...)`` in a
#: scraped outlet name would run when an analyst opens the CSV): such cells get a leading ``'``,
#: which spreadsheets show as text and do not display (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# ---------------------------------------------------------------------------------------------
# Writers


def write_jsonl(rows: Iterable[StoredClaim], fh: IO[str]) -> ExportSummary:
    """One JSON object per line: the full claim plus ``doc_id, source, published, url, title``."""
    n = 0
    for row in rows:
        record = row.claim.model_dump(mode="json")
        record.update(
            doc_id=row.doc_id,
            source=row.source,
            published=_json_value(row.published),
            url=row.url,
            title=row.title,
        )
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return ExportSummary(written=n)


def write_csv(rows: Iterable[StoredClaim], fh: IO[str]) -> ExportSummary:
    """ACLED-named columns first, then frontwatch's claim columns; empty cells for None.

    Open ``fh`` with ``newline=""`` (``export`` does when given a path).
    """
    writer = csv.writer(fh)
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        flat = flat_row(row)
        writer.writerow([_cell(flat[name]) for name in COLUMNS])
        n += 1
    return ExportSummary(written=n)


def write_geojson(rows: Iterable[StoredClaim], fh: IO[str]) -> ExportSummary:
    """An RFC 7946 FeatureCollection of Points ([lon, lat]); claims without coordinates skipped.

    Properties are the flat ``COLUMNS`` (scalars only) so GIS tools show them as attributes.
    """
    written = skipped = 0
    fh.write('{"type": "FeatureCollection", "features": [')
    for row in rows:
        flat = flat_row(row)
        lat, lon = flat["latitude"], flat["longitude"]
        if lat is None or lon is None:
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": flat["claim_id"],
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {k: _json_value(v) for k, v in flat.items()},
        }
        fh.write(("\n" if written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    fh.write("\n]}\n")
    return ExportSummary(written=written, skipped=skipped)


def _record_batches(rows: Iterable[StoredClaim]) -> Iterator[pa.RecordBatch]:
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    size = 0
    for row in rows:
        flat = flat_row(row)
        for name in COLUMNS:
            columns[name].append(flat[name])
        size += 1
        if size >= PARQUET_BATCH_ROWS:
            yield pa.RecordBatch.from_pydict(columns, schema=PARQUET_SCHEMA)
            columns, size = {name: [] for name in COLUMNS}, 0
    if size:
        yield pa.RecordBatch.from_pydict(columns, schema=PARQUET_SCHEMA)


def write_parquet(rows: Iterable[StoredClaim], path: str | Path | IO[bytes]) -> ExportSummary:
    """The flat ``COLUMNS`` with real types: dates as date32, floats, nullable ints, bool."""
    n = 0
    with pq.ParquetWriter(path, PARQUET_SCHEMA) as writer:
        for batch in _record_batches(rows):
            writer.write_batch(batch)
            n += batch.num_rows
    return ExportSummary(written=n)


_TEXT_WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}


def export(rows: Iterable[StoredClaim], fmt: str, path_or_fh: str | Path | IO[Any]) -> ExportSummary:
    """Write ``rows`` in ``fmt`` (one of ``FORMATS``) to a path, an open file, or ``"-"`` (stdout)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        target = sys.stdout.buffer if path_or_fh == "-" else path_or_fh
        return write_parquet(rows, target)
    return _write_text(_TEXT_WRITERS[fmt], rows, path_or_fh)


# ---------------------------------------------------------------------------------------------
# Events (frontwatch.ledger): each event with its claims

EVENT_FORMATS = ("jsonl", "csv", "geojson")
EVENT_COLUMNS = (
    "event_id",
    "status",
    "family",
    "event_type",
    "first_date",
    "last_date",
    "place",
    "latitude",
    "longitude",
    "geo_precision",
    "gazetteer_id",
    "admin1",
    "sides",
    "attacker_side",
    "n_claims",
    "n_sources",
    "contradictions",
)
EVENT_CLAIM_COLUMNS = (
    "claim_id",
    "claim_date",
    "action",
    "claimant",
    "claimant_side",
    "source",
    "doc_id",
    "published",
    "url",
    "fatalities",
    "verification",
    "origin",
    "claim_status",
    "superseded_by",
    "evidence",
)


def _event_flat(story: Any) -> dict[str, Any]:
    ev = story.event
    return {
        "event_id": ev.event_id,
        "status": ev.status,
        "family": ev.family,
        "event_type": ev.event_type,
        "first_date": ev.first_date,
        "last_date": ev.last_date,
        "place": ev.place_name,
        "latitude": ev.lat,
        "longitude": ev.lon,
        "geo_precision": ev.geo_precision,
        "gazetteer_id": ev.gazetteer_id,
        "admin1": ev.admin1,
        "sides": ";".join(ev.sides),
        "attacker_side": ev.attacker_side,
        "n_claims": ev.n_claims,
        "n_sources": ev.n_sources,
        "contradictions": ";".join(f"{c.kind}:{c.claim_a}:{c.claim_b}" for c in ev.contradictions) or None,
    }


def write_events_jsonl(stories: Iterable[Any], fh: IO[str]) -> ExportSummary:
    """One event per line: the event, its contradictions and every claim behind it."""
    n = 0
    for story in stories:
        fh.write(json.dumps(story.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return ExportSummary(written=n)


def write_events_csv(stories: Iterable[Any], fh: IO[str]) -> ExportSummary:
    """One row per (event, claim): the event's columns repeated, then the claim's."""
    writer = csv.writer(fh)
    writer.writerow(EVENT_COLUMNS + EVENT_CLAIM_COLUMNS)
    n = 0
    for story in stories:
        flat = _event_flat(story)
        head = [_cell(flat[k]) for k in EVENT_COLUMNS]
        for c in story.claims:
            d = c.to_dict()
            d["claim_date"] = d.pop("date")
            writer.writerow(head + [_cell(d.get(k)) for k in EVENT_CLAIM_COLUMNS])
        n += 1
    return ExportSummary(written=n)


def write_events_geojson(stories: Iterable[Any], fh: IO[str]) -> ExportSummary:
    """One Point feature per located event; scalar event properties plus ``claims`` (a list)."""
    written = skipped = 0
    fh.write('{"type": "FeatureCollection", "features": [')
    for story in stories:
        flat = _event_flat(story)
        if flat["latitude"] is None or flat["longitude"] is None:
            skipped += 1
            continue
        props = {k: _json_value(v) for k, v in flat.items()}
        props["claim_ids"] = ";".join(c.claim_id for c in story.claims)
        props["claims"] = [c.to_dict() for c in story.claims]
        feature = {
            "type": "Feature",
            "id": flat["event_id"],
            "geometry": {"type": "Point", "coordinates": [flat["longitude"], flat["latitude"]]},
            "properties": props,
        }
        fh.write(("\n" if written == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        written += 1
    fh.write("\n]}\n")
    return ExportSummary(written=written, skipped=skipped)


_EVENT_WRITERS = {"jsonl": write_events_jsonl, "csv": write_events_csv, "geojson": write_events_geojson}


def _write_text(
    writer: Callable[[Any, IO[str]], ExportSummary], items: Iterable[Any], target: Any
) -> ExportSummary:
    """Run a text writer on ``"-"`` (stdout), a path (opened and closed here) or an open file."""
    if target == "-":
        return writer(items, sys.stdout)
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="") as fh:
            return writer(items, fh)
    return writer(items, target)


def export_events(stories: Iterable[Any], fmt: str, path_or_fh: str | Path | IO[Any]) -> ExportSummary:
    """Write event stories (``Ledger.stories(...)``) in ``fmt`` to a path, open file or ``"-"``."""
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown events format {fmt!r}; choose one of {', '.join(EVENT_FORMATS)}")
    return _write_text(_EVENT_WRITERS[fmt], stories, path_or_fh)
