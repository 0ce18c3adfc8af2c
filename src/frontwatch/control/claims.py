"""The control stage of extraction: each claim with a resolved place and a date gets what the
imported maps say about that place then (``Claim.control``): who held it on the claim's date
and ``AFTER_DAYS`` later, since when, and its distance to the front line of the day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..models import Claim, ClaimControl

AFTER_DAYS = 14


def _day(claim: Claim, published: date | None) -> date | None:
    if claim.date:
        try:
            return date.fromisoformat(claim.date[:10])
        except ValueError:
            return None
    return published


def annotate(claims: list[Claim], view: Any, published: date | None = None) -> list[Claim]:
    """Set ``control`` on every claim the maps cover (in place; returns ``claims``)."""
    if not view:
        return claims
    for claim in claims:
        loc = claim.location
        day = _day(claim, published)
        if loc is None or not loc.gazetteer_id or day is None:
            continue
        now = view.at(loc.gazetteer_id, day)
        if now.status == "unknown":
            continue
        later = view.at(loc.gazetteer_id, day + timedelta(days=AFTER_DAYS))
        claim.control = ClaimControl(
            status=now.status,
            status_after=later.status,
            since=now.since.isoformat() if now.since else None,
            front_km=now.front_km,
            snapshot=now.snapshot.isoformat() if now.snapshot else None,
            map=now.map,
        )
    return claims


class FrontColumns:
    """The front line of a day as the geoparser weighs namesakes (``geo.resolve``): every
    gazetteer entry's km to the front of the snapshot that speaks for the day (255 for places
    the maps do not cover), one column per snapshot, made once and kept."""

    def __init__(self, view: Any, gazetteer: Any) -> None:
        import numpy as np

        self.view = view
        self._map = np.array([view.index.get(gid, -1) for gid in gazetteer.ids], dtype=np.int64)
        self._cache: dict[tuple[str, int], Any] = {}

    def __call__(self, day: date) -> Any:
        import numpy as np

        picked = self.view.snapshot_for(day.toordinal())
        if picked is None:
            return None
        series, k = picked
        key = (series.name, k)
        col = self._cache.get(key)
        if col is None:
            km = series.km[k]
            col = np.where(self._map >= 0, km[np.maximum(self._map, 0)], 255).astype(np.uint8).tolist()
            self._cache = {key: col} if len(self._cache) > 64 else {**self._cache, key: col}
        return col
