"""Control maps in the store (tables ``control_places``, ``control_snapshots``,
``control_intervals``: docs/control.md), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import shapely
from sqlalchemy import delete, insert, select

from ..store import (
    Store,
    control_intervals_table,
    control_places_table,
    control_snapshots_table,
)
from .compute import MAX_FRONT_KM, Reading, to_lonlat
from .places import Places, project
from .view import ControlView, MapSeries

#: Front lines are stored simplified to this tolerance (km): plenty for a map, small to store.
FRONT_TOLERANCE_KM = 0.3


def stored_places(store: Store, places: Places) -> Places:
    """The places snapshot blobs are indexed by: those stored already, in their order, then any
    settlement of ``places`` not stored yet (a gazetteer extended since), appended."""
    t = control_places_table
    with store._begin() as conn:
        rows = conn.execute(select(t).order_by(t.c.idx)).all()
        known = {r.gazetteer_id for r in rows}
        new = [i for i, gid in enumerate(places.ids) if gid not in known]
        if new:
            start = len(rows)
            conn.execute(
                insert(t),
                [
                    {
                        "idx": start + n,
                        "gazetteer_id": places.ids[i],
                        "name": places.names[i],
                        "lat": float(places.lat[i]),
                        "lon": float(places.lon[i]),
                        "in_russia": bool(places.in_russia[i]),
                    }
                    for n, i in enumerate(new)
                ],
            )
            rows = conn.execute(select(t).order_by(t.c.idx)).all()
    lat = np.array([r.lat for r in rows], dtype=float)
    lon = np.array([r.lon for r in rows], dtype=float)
    x, y = project(lon, lat)
    return Places(
        ids=[r.gazetteer_id for r in rows],
        names=[r.name for r in rows],
        lat=lat,
        lon=lon,
        x=x,
        y=y,
        in_russia=np.array([r.in_russia for r in rows], dtype=bool),
    )


def snapshot_sha(store: Store, map_name: str, day: date) -> str | None:
    t = control_snapshots_table
    with store._connect() as conn:
        return conn.scalar(select(t.c.sha256).where((t.c.map == map_name) & (t.c.day == day)))


#: Areas are stored simplified to this tolerance (km) and rounded to about 100 m.
AREA_TOLERANCE_KM = 0.5


def areas_geojson(polygons: dict[str, list]) -> str:
    """The Russian-held and the contested areas of a snapshot (km-projected polygons by status)
    as GeoJSON features in lon/lat, one per status, ``{"kind": "area", "status": ...}``."""
    feats = []
    for status in ("russia", "contested"):
        polys = polygons.get(status) or []
        if not polys:
            continue
        area = shapely.simplify(shapely.union_all(polys), AREA_TOLERANCE_KM)
        geom = shapely.set_precision(to_lonlat(area), 0.001)
        if geom.is_empty:
            continue
        feats.append(
            {
                "type": "Feature",
                "properties": {"kind": "area", "status": status},
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    return json.dumps(feats)


def save_snapshot(
    store: Store,
    map_name: str,
    day: date,
    form: str,
    file: str,
    sha256: str,
    reading: Reading,
    areas: str | None = None,
) -> None:
    """Store one snapshot (replacing a stored one of the same map and day)."""
    simple = shapely.simplify(reading.front, FRONT_TOLERANCE_KM)
    lines = [g for g in shapely.get_parts(simple) if g.geom_type == "LineString" and not g.is_empty]
    front = to_lonlat(shapely.MultiLineString(lines))  # always a MultiLineString, maybe empty
    t = control_snapshots_table
    with store._begin() as conn:
        conn.execute(delete(t).where((t.c.map == map_name) & (t.c.day == day)))
        conn.execute(
            insert(t).values(
                map=map_name,
                day=day,
                form=form,
                file=file,
                sha256=sha256,
                statuses=reading.statuses,
                front_km=reading.front_km,
                front=shapely.to_geojson(front),
                areas=areas,
                imported_at=datetime.now(UTC),
            )
        )


def load_view(store: Store) -> ControlView:
    """Every stored snapshot as a ``ControlView`` (empty when nothing was imported)."""
    p, t = control_places_table, control_snapshots_table
    with store._connect() as conn:
        ids = list(conn.scalars(select(p.c.gazetteer_id).order_by(p.c.idx)))
        rows = conn.execute(
            select(t.c.map, t.c.day, t.c.statuses, t.c.front_km).order_by(t.c.map, t.c.day)
        ).all()
    n = len(ids)
    by_map: dict[str, list[Any]] = {}
    for r in rows:
        by_map.setdefault(r.map, []).append(r)
    series = []
    for name, snaps in by_map.items():
        codes = np.full((len(snaps), n), ord("?"), dtype=np.uint8)
        km = np.full((len(snaps), n), MAX_FRONT_KM, dtype=np.uint8)
        for k, r in enumerate(snaps):
            a = np.frombuffer(r.statuses, dtype=np.uint8)[:n]
            b = np.frombuffer(r.front_km, dtype=np.uint8)[:n]
            codes[k, : len(a)] = a
            km[k, : len(b)] = b
        days = np.array([r.day.toordinal() for r in snaps], dtype=np.int64)
        series.append(MapSeries(name, days, codes, km))
    return ControlView(ids, series)


def rebuild_intervals(store: Store, view: ControlView, maps: set[str]) -> int:
    """Replace the ``control_intervals`` rows of ``maps`` from the snapshots; returns rows written."""
    t = control_intervals_table
    written = 0
    with store._begin() as conn:
        for m in view.maps:
            if m.name not in maps:
                continue
            conn.execute(delete(t).where(t.c.map == m.name))
            rows = view.intervals(m)
            for i in range(0, len(rows), 5000):
                conn.execute(insert(t), rows[i : i + 5000])
            written += len(rows)
    return written


def snapshot_list(store: Store) -> list[Any]:
    """``(map, day, form, file)`` of every stored snapshot, by map and day."""
    t = control_snapshots_table
    with store._connect() as conn:
        return conn.execute(select(t.c.map, t.c.day, t.c.form, t.c.file).order_by(t.c.map, t.c.day)).all()


def front_geojson(store: Store, map_name: str, day: date) -> dict:
    """The stored front line of one snapshot as a GeoJSON Feature."""
    t = control_snapshots_table
    with store._connect() as conn:
        text = conn.scalar(select(t.c.front).where((t.c.map == map_name) & (t.c.day == day)))
    return {
        "type": "Feature",
        "geometry": json.loads(text) if text else None,
        "properties": {"kind": "front", "map": map_name, "date": day.isoformat()},
    }


def area_features(store: Store, map_name: str, day: date) -> list[dict]:
    """The stored Russian-held and contested areas of one snapshot as GeoJSON Features ([] for a
    snapshot imported before areas were kept: import it again)."""
    t = control_snapshots_table
    with store._connect() as conn:
        text = conn.scalar(select(t.c.areas).where((t.c.map == map_name) & (t.c.day == day)))
    feats = json.loads(text) if text else []
    for f in feats:
        f["properties"] |= {"map": map_name, "date": day.isoformat()}
    return feats
