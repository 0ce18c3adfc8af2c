"""Places that changed hands, and when, from the stored change intervals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..store import Store, control_intervals_table, control_places_table, haversine_km

#: The same change seen by two maps within this many days is one change.
SAME_CHANGE_DAYS = 14


@dataclass(frozen=True)
class Change:
    """``place`` went from ``before`` to ``after``: last seen ``before`` on ``last_before``,
    first seen ``after`` on ``day`` (the change happened in between)."""

    gazetteer_id: str
    place: str
    lat: float
    lon: float
    day: date
    last_before: date
    before: str
    after: str
    maps: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "place": self.place,
            "gazetteer_id": self.gazetteer_id,
            "date": self.day.isoformat(),
            "last_before": self.last_before.isoformat(),
            "from": self.before,
            "to": self.after,
            "lat": self.lat,
            "lon": self.lon,
            "maps": list(self.maps),
        }


def changes(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    near: tuple[float, float] | None = None,
    radius_km: float | None = None,
    gazetteer_ids: set[str] | None = None,
) -> list[Change]:
    """Every change of hands the imported maps show, oldest first; the same change seen by
    several maps within ``SAME_CHANGE_DAYS`` is listed once (with every map that shows it)."""
    t, p = control_intervals_table, control_places_table
    query = select(
        t.c.map, t.c.gazetteer_id, t.c.since, t.c.until, t.c.status, p.c.name, p.c.lat, p.c.lon
    ).join(p, p.c.gazetteer_id == t.c.gazetteer_id)
    if gazetteer_ids is not None:
        query = query.where(t.c.gazetteer_id.in_(sorted(gazetteer_ids)))
    query = query.order_by(t.c.gazetteer_id, t.c.map, t.c.since)
    found: dict[tuple, list[Change]] = {}
    with store._connect() as conn:
        prev = None
        for r in conn.execute(query):
            if (
                near is not None
                and radius_km is not None
                and haversine_km(near[0], near[1], r.lat, r.lon) > radius_km
            ):
                prev = None
                continue
            if (
                prev is not None
                and prev.gazetteer_id == r.gazetteer_id
                and prev.map == r.map
                and prev.status != r.status
            ):
                c = Change(
                    r.gazetteer_id, r.name, r.lat, r.lon, r.since, prev.until, prev.status, r.status, (r.map,)
                )
                same = found.setdefault((r.gazetteer_id, r.status), [])
                for i, other in enumerate(same):
                    if abs((other.day - c.day).days) <= SAME_CHANGE_DAYS:
                        first = min(other, c, key=lambda x: (x.day, x.maps))
                        same[i] = Change(
                            first.gazetteer_id, first.place, first.lat, first.lon, first.day, first.last_before,
                            first.before, first.after, tuple(sorted(set(other.maps) | set(c.maps))),
                        )  # fmt: skip
                        break
                else:
                    same.append(c)
            prev = r
    out = [c for cs in found.values() for c in cs]
    if since is not None:
        out = [c for c in out if c.day >= since]
    if until is not None:
        out = [c for c in out if c.day <= until]
    return sorted(out, key=lambda c: (c.day, c.place, c.gazetteer_id))


def changes_at_place(store: Store, name: str, radius_km: float | None = None) -> list[Change]:
    """The changes of hands at the settlement a name (or gazetteer id) means, Ukraine's and
    Russia's first (as ``frontwatch place``), or within ``radius_km`` of it; [] when the name is
    no such settlement or no maps were imported."""
    from ..geo import default_gazetteer

    gaz = default_gazetteer()
    cands = [gaz.candidate(gaz.by_id[name])] if name in gaz.by_id else gaz.lookup(name, limit=10)
    cands = [c for c in cands if c.country in ("Ukraine", "Russia") and c.kind == "settlement"]
    if not cands:
        return []
    if radius_km:
        return changes(store, near=(cands[0].lat, cands[0].lon), radius_km=radius_km)
    return changes(store, gazetteer_ids={cands[0].id})
