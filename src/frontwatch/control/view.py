"""Imported control maps in memory, for lookups by place and day (``ControlView.at``), the front
distance of every place on a day (geo), and the change intervals (``intervals``).

A place's status on a day is what the most recent snapshot on or before that day shows, from
the map whose latest such snapshot is newest (ties: the map with more to say, ``MAP_RANK``);
a snapshot more than ``STALE_DAYS`` older than the day says nothing (``unknown``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from .compute import MAX_FRONT_KM, NAMES

#: A snapshot older than this (days) does not say who holds a place on a later day.
STALE_DAYS = 45
#: Prefer a map that tells contested ground apart (lower is better).
MAP_RANK = {"deepstatemap": 0, "deepstatemap-occupied": 2}
_UNKNOWN = ord("?")


@dataclass
class MapSeries:
    """One map's snapshots: ``days`` (ordinals, ascending), ``codes`` and ``km`` (snapshots x places)."""

    name: str
    days: np.ndarray
    codes: np.ndarray
    km: np.ndarray


@dataclass(frozen=True)
class Control:
    """Who holds a place on a day, by a map (``docs/control.md``)."""

    status: str  # ukraine | russia | contested | unknown
    since: date | None  # first snapshot of this map showing the status without a break
    snapshot: date | None  # the snapshot that says it
    front_km: int | None  # km to the front line of that snapshot (None: no front known)
    map: str | None

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "since": self.since.isoformat() if self.since else None,
            "snapshot": self.snapshot.isoformat() if self.snapshot else None,
            "front_km": self.front_km,
            "map": self.map,
        }


UNKNOWN = Control("unknown", None, None, None, None)


class ControlView:
    def __init__(self, place_ids: list[str], maps: list[MapSeries]) -> None:
        self.place_ids = place_ids
        self.index = {gid: i for i, gid in enumerate(place_ids)}
        self.maps = maps

    def __bool__(self) -> bool:
        return any(len(m.days) for m in self.maps)

    def snapshot_for(self, day: int) -> tuple[MapSeries, int] | None:
        """The map and snapshot index that speak for ``day`` (an ordinal): the latest snapshot on
        or before it of the map whose such snapshot is newest (ties: ``MAP_RANK``), at most
        ``STALE_DAYS`` old; None when none reaches the day."""
        best: tuple[tuple, MapSeries, int] | None = None
        for m in self.maps:
            k = int(np.searchsorted(m.days, day, side="right")) - 1
            if k < 0 or day - int(m.days[k]) > STALE_DAYS:
                continue
            key = (-int(m.days[k]), MAP_RANK.get(m.name, 1), m.name)
            if best is None or key < best[0]:
                best = (key, m, k)
        return None if best is None else (best[1], best[2])

    def at(self, gazetteer_id: str | None, day: date | None) -> Control:
        """The place's control on ``day`` (``UNKNOWN`` for a place no map covers, or a day no
        snapshot reaches)."""
        i = self.index.get(gazetteer_id or "")
        if i is None or day is None:
            return UNKNOWN
        picked = self.snapshot_for(day.toordinal())
        if picked is None:
            return UNKNOWN
        m, k = picked
        code = int(m.codes[k, i])
        if code == _UNKNOWN:
            return UNKNOWN
        column = m.codes[: k + 1, i]
        breaks = np.nonzero(column != code)[0]
        start = int(breaks[-1]) + 1 if len(breaks) else 0
        km = int(m.km[k, i])
        return Control(
            NAMES[code],
            date.fromordinal(int(m.days[start])),
            date.fromordinal(int(m.days[k])),
            None if km >= MAX_FRONT_KM else km,
            m.name,
        )

    def histories(
        self, gazetteer_id: str | None, first: date, last: date
    ) -> list[tuple[str, list[tuple[date, str]], bool]]:
        """Per map that covers the place: ``(map, [(snapshot day, status), ...], complete)``,
        from its last snapshot on or before ``first`` through its snapshots up to ``last``;
        ``complete`` when the map reaches ``last`` (otherwise the story is not over yet). Maps
        by preference (``MAP_RANK``)."""
        i = self.index.get(gazetteer_id or "")
        if i is None:
            return []
        out = []
        for m in sorted(self.maps, key=lambda m: (MAP_RANK.get(m.name, 1), m.name)):
            k = int(np.searchsorted(m.days, last.toordinal(), side="right")) - 1
            if k < 0 or int(m.days[k]) < first.toordinal() - STALE_DAYS:
                continue
            j = max(0, int(np.searchsorted(m.days, first.toordinal(), side="right")) - 1)
            seen = [
                (date.fromordinal(int(m.days[n])), NAMES[int(m.codes[n, i])])
                for n in range(j, k + 1)
                if int(m.codes[n, i]) != _UNKNOWN
            ]
            if seen:
                out.append((m.name, seen, int(m.days[-1]) >= last.toordinal()))
        return out

    def front_km(self, day: date | str | None) -> np.ndarray | None:
        """Every place's km to the front on ``day`` (uint8, 255 = far), or None."""
        if day is None:
            return None
        d = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        picked = self.snapshot_for(d.toordinal())
        return None if picked is None else picked[0].km[picked[1]]

    def intervals(self, m: MapSeries) -> list[dict]:
        """Runs of one status per place, as ``control_intervals`` rows (unknown runs left out)."""
        codes = m.codes
        rows: list[dict] = []
        if not len(m.days):
            return rows
        change = np.ones(codes.shape, dtype=bool)
        change[1:] = codes[1:] != codes[:-1]
        places, starts = np.nonzero(change.T)  # (place, first snapshot of a run), place by place
        n = len(m.days)
        for j in range(len(places)):
            p, s = int(places[j]), int(starts[j])
            end = int(starts[j + 1]) - 1 if j + 1 < len(places) and int(places[j + 1]) == p else n - 1
            code = int(codes[s, p])
            if code == _UNKNOWN:
                continue
            rows.append(
                {
                    "map": m.name,
                    "gazetteer_id": self.place_ids[p],
                    "since": date.fromordinal(int(m.days[s])),
                    "until": date.fromordinal(int(m.days[end])),
                    "status": NAMES[code],
                }
            )
        return rows
