"""Reading control-map files: which form a file is, its date, and its polygons by status.

Three forms (docs/control.md):

* ``deepstatemap``: DeepStateMap's own FeatureCollection (the volunteer archive): polygons and
  points named "Ukrainian /// English /// code"; coordinates with Z; some GeometryCollections;
  joke polygons far outside Ukraine. Status from the name (``names.polygon_status``).
* ``occupied``: one (Multi)Polygon feature that *is* the occupied area on the day, properties
  empty (the daily ``deepstatemap_data_YYYYMMDD.geojson`` files). Everything in it is ``russia``.
* ``generic``: any FeatureCollection whose polygon features carry ``status`` (``ukraine``,
  ``russia``, ``contested`` or an alias), for other maps (ISW layers exported as GeoJSON, your
  own). Unmarked ground is Ukraine's in Ukraine and Russia's in Russia, as for the other forms.

The date comes from a ``date`` property (of the collection, or of every feature alike), else
from the file name: ``1669329757.geojson`` (Unix time, UTC) or ``..._20240708.geojson`` /
``2024-07-08``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from .names import polygon_status, status_value
from .places import KX, KY, REGION

_UNIX_NAME = re.compile(r"^(\d{10})(?:\D|$)")
_YMD_NAME = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
#: Largest file read (bytes, decompressed): a real weekly map is a few MB.
MAX_BYTES = 200 * 1024 * 1024


class MapError(ValueError):
    """A file that is not a control map this reader understands (the message says why)."""


@dataclass
class MapFile:
    """One map snapshot as read: polygons (km projection, 2-D, valid) by status."""

    path: str
    form: str
    date: date
    sha256: str
    polygons: dict[str, list[Any]] = field(default_factory=dict)
    ignored: int = 0  # polygons whose name says nothing about control, or outside the region


def file_date(name: str) -> date | None:
    """The date a file name gives: Unix time (``1669329757.geojson``) or ``YYYYMMDD``/``YYYY-MM-DD``."""
    base = Path(name).name
    m = _UNIX_NAME.match(base)
    if m:
        return datetime.fromtimestamp(int(m.group(1)), UTC).date()
    m = _YMD_NAME.search(base)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def _load(path: Path) -> tuple[Any, str]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        with gzip.open(path) as fh:
            raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise MapError(f"larger than {MAX_BYTES // 2**20} MB")
    digest = hashlib.sha256(raw).hexdigest()
    try:
        return json.loads(raw), digest
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MapError(f"not GeoJSON: {exc}") from None


def _features(doc: Any) -> list[dict]:
    if (
        isinstance(doc, dict)
        and doc.get("type") == "FeatureCollection"
        and isinstance(doc.get("features"), list)
    ):
        return [f for f in doc["features"] if isinstance(f, dict)]
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [doc]
    raise MapError("not a GeoJSON FeatureCollection or Feature")


def _polygons(geometry: Any) -> list[Any]:
    """The polygonal parts of a GeoJSON geometry, 2-D, projected to km, made valid."""
    if not isinstance(geometry, dict):
        return []
    try:
        geom = shapely.geometry.shape(geometry)
    except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException):
        return []
    parts = [
        g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection")
    ]
    out = []
    for part in parts:
        if part.geom_type == "GeometryCollection":
            out.extend(_polygons(shapely.geometry.mapping(part)))
            continue
        part = shapely.force_2d(part)
        lo, la, lo2, la2 = part.bounds
        if lo2 < REGION[0] or lo > REGION[2] or la2 < REGION[1] or la > REGION[3]:
            continue  # outside Ukraine and its neighbourhood: not about this war's ground
        part = shapely.transform(part, lambda c: c * np.array([KX, KY]))
        if not part.is_valid:
            part = shapely.make_valid(part)
        out.extend(
            p for p in shapely.get_parts(part) if p.geom_type in ("Polygon", "MultiPolygon") and p.area > 0
        )
    return out


def _form(doc: Any, features: list[dict]) -> str:
    props = [f.get("properties") or {} for f in features]
    if any("status" in p for p in props):
        return "generic"
    if any(isinstance(p.get("name"), str) for p in props):
        return "deepstatemap"
    polys = [f for f in features if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    if polys and len(polys) == len(features):
        return "occupied"
    raise MapError(
        "no polygons with a status: expected DeepStateMap names, an occupied-area polygon, or 'status' properties"
    )


def _date(doc: Any, features: list[dict], path: Path) -> date:
    values = set()
    if isinstance(doc, dict) and isinstance(doc.get("date"), str):
        values.add(doc["date"])
    values.update(
        str((f.get("properties") or {}).get("date"))
        for f in features
        if (f.get("properties") or {}).get("date")
    )
    if len(values) == 1:
        try:
            return date.fromisoformat(next(iter(values))[:10])
        except ValueError:
            raise MapError(f"date {next(iter(values))!r} is not YYYY-MM-DD") from None
    if len(values) > 1:
        raise MapError(f"features carry {len(values)} different dates; one file is one day's map")
    found = file_date(path.name.removesuffix(".gz"))
    if found is None:
        raise MapError(
            "no date: give the collection a 'date' property or put it in the file name (…_YYYYMMDD.geojson)"
        )
    return found


def read_map(path: str | Path) -> MapFile:
    """Read one control-map file (plain or gzipped). Raises ``MapError`` (or ``OSError``)."""
    p = Path(path)
    doc, digest = _load(p)
    features = _features(doc)
    form = _form(doc, features)
    out = MapFile(str(p), form, _date(doc, features, p), digest)
    for f in features:
        geometry = f.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
            "GeometryCollection",
        ):
            continue  # points (attack directions, unit positions) and lines say nothing of control
        props = f.get("properties") or {}
        if form == "occupied":
            status = "russia"
        elif form == "generic":
            status = status_value(props.get("status"))
        else:
            status = polygon_status(str(props.get("name") or ""))
        polys = _polygons(geometry) if status else []
        if not polys:
            out.ignored += 1
            continue
        out.polygons.setdefault(status, []).extend(polys)
    if not out.polygons:
        raise MapError("no polygon says who holds any ground in Ukraine")
    return out
