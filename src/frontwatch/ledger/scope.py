"""Which stored claims an incremental update must cluster again, so that the ledger stays a
function of its claims: the same claims, arriving in any order or in any batches, give the
same events, ids and statuses as clustering all of them at once (``Ledger.rebuild``).

Clustering is greedy in date order (``sort_key``), so a claim that arrives late but is dated
early could have changed every decision after its date. It can only have changed decisions
about claims it could *reach*: clustering compares a claim only with events of the same family
whose anchor lies within the larger radius (``RADIUS_KM``) and whose dates lie within the
larger window (``window_days``), and an event spans at most ``max_span_days``. So the claims
split into independent groups, and only the groups that hold a new or vanished claim change.

A group is found on a coarse grid, conservatively: a *block* is one family, one square of
``REACH_KM`` in the clusterer's own projection (``xy_km``) and one period of ``REACH_DAYS``;
two claims that can reach each other always lie in the same or neighbouring blocks, so the
connected occupied blocks around the new claims hold every claim whose event could change.
Clustering a block group again from scratch, oldest claim first, gives exactly what a rebuild
gives for it. Claims the clusterer never matches (no date, not at a settlement) are groups of
their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .rules import (
    BASE_WINDOW_DAYS,
    DEFAULT_MAX_SPAN_DAYS,
    FAMILY_WINDOW_DAYS,
    MAX_SPAN_DAYS,
    RADIUS_KM,
    xy_km,
)

#: Widest time window of any family and precision (days).
MAX_WINDOW_DAYS = max(max(w.values()) for w in (*FAMILY_WINDOW_DAYS.values(), BASE_WINDOW_DAYS))
#: How far in time a claim can reach another claim's event member: its window, plus the span
#: of the event (an event is never longer than its family's span, or a claim's own window).
REACH_DAYS = MAX_WINDOW_DAYS + max(max(MAX_SPAN_DAYS.values()), DEFAULT_MAX_SPAN_DAYS, MAX_WINDOW_DAYS)
#: How far in space a claim can reach an event's anchor (the larger of the two radii).
REACH_KM = max(RADIUS_KM.values())


@dataclass(frozen=True, slots=True)
class Placed:
    """What grouping needs of a claim: its id, event (None when new), family, day and place."""

    claim_id: str
    event_id: str | None
    family: str
    day: int | None
    lat: float | None
    lon: float | None
    geo_precision: int | None

    @property
    def block(self) -> tuple | None:
        """The claim's block, or None when the clusterer never matches it with another claim."""
        if self.day is None or self.lat is None or self.lon is None or (self.geo_precision or 1) >= 3:
            return None
        x, y = xy_km(self.lat, self.lon)
        return (self.family, math.floor(x / REACH_KM), math.floor(y / REACH_KM), self.day // REACH_DAYS)


def _neighbours(block: tuple) -> Iterable[tuple]:
    family, bx, by, bt = block
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for dt in (-1, 0, 1):
                yield (family, bx + dx, by + dy, bt + dt)


def affected_events(stored: Iterable[Placed], seeds: Iterable[Placed]) -> set[str]:
    """The stored events that must be clustered again when ``seeds`` (new claims, and the
    stored records of claims that vanished) change: every event with a member in a block
    connected to a seed's block, and the seeds' own events."""
    by_block: dict[tuple, list[Placed]] = {}
    for p in stored:
        b = p.block
        if b is not None:
            by_block.setdefault(b, []).append(p)
    events: set[str] = set()
    frontier: list[tuple] = []
    seen: set[tuple] = set()
    for s in seeds:
        if s.event_id is not None:
            events.add(s.event_id)
        b = s.block
        if b is not None and b not in seen:
            seen.add(b)
            frontier.append(b)
    while frontier:
        block = frontier.pop()
        for p in by_block.get(block, ()):
            events.add(p.event_id)  # type: ignore[arg-type]
        for n in _neighbours(block):
            if n not in seen and n in by_block:
                seen.add(n)
                frontier.append(n)
    return events
