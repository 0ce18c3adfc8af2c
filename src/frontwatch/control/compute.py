"""One snapshot read against the places: who holds each, and how far each is from the front.

Statuses are decided per place with vectorised point-in-polygon tests (``shapely.contains_xy``
on each status's merged area: one call per status, never a loop over places): unmarked ground is
Ukraine's in Ukraine and Russia's in Russia; then Ukrainian-marked areas (liberated), Russian-held
areas (occupied, the 2014 republics, Crimea) and contested areas are laid on in that order, so
a grey zone wins over both and a later occupation over an old "liberated" piece.

The **front** is where Russian-held ground meets ground Ukraine holds: the boundary of the
Russian-held area, sampled every ``STEP_KM``, keeping the points within ``NEAR_KM`` of a place
Ukraine holds (this drops the coasts and the border with Russia, where no Ukrainian-held place
is near, and keeps river fronts across a wide reservoir), plus the boundary of contested areas. Every place's distance to it comes from one
nearest-neighbour query (``shapely.STRtree``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .places import KX, KY, Places
from .read import MapFile

#: Status codes stored per place (one byte each).
CODES = {"ukraine": b"u", "russia": b"r", "contested": b"c", "unknown": b"?"}
NAMES = {v[0]: k for k, v in CODES.items()}
STEP_KM = 1.0
NEAR_KM = 25.0
#: Distances are stored in whole km, capped: farther than this is "far from the front".
MAX_FRONT_KM = 255


@dataclass
class Reading:
    """A snapshot read for every place: ``statuses`` (one code byte each), ``front_km`` (uint8,
    ``MAX_FRONT_KM`` = that far or more, or no front), and the front line as lines (km coords)."""

    statuses: bytes
    front_km: bytes
    front: object  # shapely MultiLineString in km coordinates (may be empty)


def _area(polys: list) -> object | None:
    if not polys:
        return None
    merged = shapely.union_all(polys)
    shapely.prepare(merged)
    return merged


def statuses(places: Places, snapshot: MapFile) -> np.ndarray:
    """Status code (uint8: ord of ``CODES``) per place."""
    out = np.where(places.in_russia, ord("r"), ord("u")).astype(np.uint8)
    for status in ("ukraine", "russia", "contested"):
        area = _area(snapshot.polygons.get(status, []))
        if area is None:
            continue
        inside = shapely.contains_xy(area, places.x, places.y)
        out[inside] = ord(CODES[status])
    return out


def _runs(coords: np.ndarray, keep: np.ndarray) -> list[np.ndarray]:
    """Consecutive kept points of one ring/line as separate runs of two or more points."""
    runs, start = [], None
    for i, k in enumerate(keep):  # one ring at a time: a few thousand points
        if k and start is None:
            start = i
        elif not k and start is not None:
            if i - start >= 2:
                runs.append(coords[start:i])
            start = None
    if start is not None and len(keep) - start >= 2:
        runs.append(coords[start:])
    return runs


def front_line(places: Places, codes: np.ndarray, snapshot: MapFile) -> object:
    """The front (km coordinates): see the module docstring."""
    held = codes == ord("u")
    held_points = shapely.points(places.x[held], places.y[held])
    if len(held_points) == 0:
        return shapely.MultiLineString([])
    tree = shapely.STRtree(held_points)
    lines = []
    russian = _area(snapshot.polygons.get("russia", []))
    if russian is not None:
        boundary = shapely.segmentize(shapely.boundary(russian), STEP_KM)
        for ring in shapely.get_parts(boundary):
            coords = shapely.get_coordinates(ring)
            if len(coords) < 2:
                continue
            near = tree.query(shapely.points(coords), predicate="dwithin", distance=NEAR_KM)
            keep = np.zeros(len(coords), dtype=bool)
            keep[np.unique(near[0])] = True
            lines.extend(shapely.linestrings(run) for run in _runs(coords, keep))
    contested = _area(snapshot.polygons.get("contested", []))
    if contested is not None:
        lines.extend(shapely.get_parts(shapely.segmentize(shapely.boundary(contested), STEP_KM)))
    return (
        shapely.MultiLineString([ln for ln in lines if not ln.is_empty])
        if lines
        else shapely.MultiLineString([])
    )


def front_distances(places: Places, front: object) -> np.ndarray:
    """Whole km from each place to ``front`` (uint8, capped at ``MAX_FRONT_KM``)."""
    if shapely.is_empty(front):
        return np.full(len(places), MAX_FRONT_KM, dtype=np.uint8)
    segments = shapely.get_parts(front)
    tree = shapely.STRtree(segments)
    pts = shapely.points(places.x, places.y)
    _idx, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
    return np.minimum(np.round(dist), MAX_FRONT_KM).astype(np.uint8)


def read_snapshot(places: Places, snapshot: MapFile) -> Reading:
    codes = statuses(places, snapshot)
    front = front_line(places, codes, snapshot)
    km = front_distances(places, front)
    return Reading(codes.tobytes(), km.tobytes(), front)


def to_lonlat(geom: object) -> object:
    """A km-projected geometry back in longitude/latitude (for GeoJSON)."""
    return shapely.transform(geom, lambda c: c / np.array([KX, KY]))
