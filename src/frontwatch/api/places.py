"""A place's timeline for ``/api/places/{name}``: what ``frontwatch place NAME --json`` prints,
as one list. Claims about the place (``Ledger.place_timeline`` for every way the place may be
stored: its gazetteer id, its gazetteer name, the name as given) and, when control maps are
imported, the place's changes of hands (``control.changes.changes``), in date order; each item
has ``"kind": "claim"`` or ``"kind": "control"``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..ledger import Ledger
from ..store import Store
from .params import gazetteer_place, parse_point

#: Kilometres around a LAT,LON place when no radius is given (as ``frontwatch place``).
POINT_RADIUS_KM = 10.0


def place_timeline(
    store: Store, name: str, radius_km: float | None
) -> tuple[dict[str, Any] | None, list[dict]]:
    """``(place, items)``: the gazetteer entry the name resolved to (None for LAT,LON or an
    unknown name) and the timeline items, claims and changes of hands, oldest first."""
    ledger = Ledger(store)
    point = parse_point(name)
    if point is not None:
        km = radius_km if radius_km is not None else POINT_RADIUS_KM
        entries = ledger.place_timeline((point[0], point[1], km))
        hands = _changes(store, near=point, radius_km=km)
        return None, _merge(entries, hands)
    found = gazetteer_place(name)
    entry = found[0] if found else None
    by_id = {e.claim_id: e for e in ledger.place_timeline(name, radius_km=radius_km)}
    if entry is not None:
        queries: list[Any] = [entry.id, entry.name]
        if radius_km is not None:
            queries.append((entry.lat, entry.lon, radius_km))
        for query in queries:
            for e in ledger.place_timeline(query):
                by_id.setdefault(e.claim_id, e)
    from ..control.changes import changes_at_place

    hands = changes_at_place(store, name, radius_km)
    place = (
        {
            "name": entry.name,
            "admin1": entry.admin1 or entry.country,
            "gazetteer_id": entry.id,
            "lat": entry.lat,
            "lon": entry.lon,
        }
        if entry is not None
        else None
    )
    return place, _merge(list(by_id.values()), hands)


def _merge(entries: list[Any], hands: list[Any]) -> list[dict]:
    """Claims and changes of hands by date; on one day the change of hands first (as ``place``)."""
    rows = [(e.date, 1, e.claim_id, {"kind": "claim"} | e.to_dict()) for e in entries]
    rows += [(c.day, 0, c.gazetteer_id, {"kind": "control"} | c.to_dict()) for c in hands]
    rows.sort(key=lambda r: (r[0] or date.max, r[1], r[2]))
    return [r[3] for r in rows]


def _changes(store: Store, **query: Any) -> list[Any]:
    from ..control.changes import changes

    return changes(store, **query)
