"""Incremental clustering of claims into events, by spatial and temporal blocking.

Each claim is looked up only in the index cells its radius and time window can reach
(grid cells of ``GRID_DEG`` degrees and ``DATE_BUCKET_DAYS``-day buckets), never against all
claims. Only claims located at a settlement are matched at all: a claim located at a country,
oblast or district, an unresolved name or no place is too vague to be the same happening as
another claim and stays an event of its own.
An index entry summarises the members of one event at one place in one bucket, so a busy
place costs one comparison per event, not one per claim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .rules import (
    DATE_BUCKET_DAYS,
    GRID_DEG,
    KM_PER_DEG,
    OPPOSITE,
    base_window_days,
    max_span_days,
    radius_km,
    window_days,
    xy_km,
)


@dataclass(slots=True)
class LClaim:
    """The ledger's compact view of one claim (what clustering and statuses need)."""

    claim_id: str
    action: str
    family: str
    day: int | None  # date.toordinal(); the document's publication date when the claim has none
    time_precision: int | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    admin1: str | None  # normalised
    name_key: str | None  # normalised written/resolved place name
    side: str | None  # offensive side
    claimant_side: str = "unknown"
    content_hash: str | None = None
    # used by the statuses (optional for clustering)
    event_type: str | None = None
    claimant_name: str | None = None
    source: str | None = None
    doc_id: str | None = None
    published: int | None = None  # ordinal
    verification: str = "unverified"
    fatalities: int | None = None
    hedged: bool = False
    evidence: str = ""
    text: str | None = None  # document text, for near-duplicate detection
    actor_sides: tuple[str | None, ...] = ()
    place_name: str | None = None
    gazetteer_id: str | None = None
    region: bool = False  # located at a country/oblast/district entry of the gazetteer
    x: float = 0.0
    y: float = 0.0

    def __post_init__(self) -> None:
        if self.lat is not None and self.lon is not None:
            self.x, self.y = xy_km(self.lat, self.lon)

    @property
    def precise(self) -> bool:
        return self.lat is not None and self.lon is not None and (self.geo_precision or 1) < 3

    @property
    def at_settlement(self) -> bool:
        """Located at a settlement (or near one): the only claims precise enough to be matched
        with other claims. Country-, oblast- or district-level claims, unresolved names and
        claims without a place each stay an event of their own."""
        return self.precise and not self.region


@dataclass(slots=True)
class EventState:
    """An event during clustering: its members and what joining it requires."""

    event_id: str
    seq: int  # creation order: the older event absorbs the younger when they merge
    family: str
    side: str | None
    first: int | None
    last: int | None
    members: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Entry:
    """One event's anchor place (grid point, admin1 or name) and the dates of its members."""

    event_id: str
    x: float
    y: float
    lo: int
    hi: int
    radius: float
    window: int
    claims: list[LClaim]
    keys: set[tuple]
    space: tuple = ()
    lat: float | None = None
    lon: float | None = None


def make_event_id(founder_claim_id: str) -> str:
    """``ev_`` + the founding claim's id without its ``c_`` prefix: readable and stable."""
    return "ev_" + founder_claim_id.removeprefix("c_")


@dataclass
class ClusterResult:
    """What one ``add`` did."""

    event_id: str
    created: bool
    merged: list[str]  # event ids absorbed into event_id
    #: nearby claims blaming the other side: candidates only; ``status.swap_contradictions``
    #: keeps those about the same settlement (every clustering path must call it)
    swapped_with: list[LClaim]


class Clusterer:
    """Assigns claims to events. Feed claims oldest first (``sort_key``) for stable ids;
    ``restore`` replays stored claims before an update's new ones (ledger.core)."""

    def __init__(self, first_seq: int = 0) -> None:
        self.events: dict[str, EventState] = {}
        self.alias: dict[str, str] = {}  # absorbed event id -> the event that absorbed it
        self.event_of: dict[str, str] = {}
        self.entry_of: dict[str, str] = {}  # claim id -> the event it joined or founded (merges aside)
        self.claims: dict[str, LClaim] = {}
        self._index: dict[tuple, list[Entry]] = {}
        self._entries: dict[tuple, Entry] = {}
        self._seq = first_seq

    # -- index ----------------------------------------------------------------------------------

    @staticmethod
    def _space_key(c: LClaim) -> tuple | None:
        if c.precise:
            return ("g", round(c.lat, 4), round(c.lon, 4))  # type: ignore[arg-type]
        if c.admin1:
            return ("a", c.admin1)
        if c.name_key:
            return ("n", c.name_key)
        return None

    @staticmethod
    def _cells(lat: float, lon: float, r: float) -> list[tuple[int, int]]:
        dlat = r / KM_PER_DEG
        dlon = r / (KM_PER_DEG * max(0.1, math.cos(math.radians(lat))))
        cy0, cy1 = int((lat - dlat) // GRID_DEG), int((lat + dlat) // GRID_DEG)
        cx0, cx1 = int((lon - dlon) // GRID_DEG), int((lon + dlon) // GRID_DEG)
        return [(cy, cx) for cy in range(cy0, cy1 + 1) for cx in range(cx0, cx1 + 1)]

    def _keys(
        self, family: str, space: tuple, lat: float | None, lon: float | None, r: float, d0: int, d1: int
    ) -> list[tuple]:
        """Index keys reached from a place with radius ``r`` over the days ``d0..d1``."""
        buckets = range(d0 // DATE_BUCKET_DAYS, d1 // DATE_BUCKET_DAYS + 1)
        if space[0] != "g":
            return [(family, *space, b) for b in buckets]
        return [(family, "g", cy, cx, b) for cy, cx in self._cells(lat, lon, r) for b in buckets]  # type: ignore[arg-type]

    def _index_claim(self, c: LClaim, event_id: str) -> None:
        """Index the event's *anchor*: the place of its first claim (per kind of place: grid,
        admin1 or name). Later members extend the anchor's date range but add no new places,
        so every member lies within a radius of the anchor and events cannot chain across a
        region. An entry is stored under every key its radius and window reach; a lookup then
        only visits the keys the claim's own radius and window reach (the pair uses the larger)."""
        if c.day is None or not c.at_settlement:
            return  # never a candidate for another claim: see LClaim.at_settlement
        space = self._space_key(c)
        if space is None:
            return
        kind = space[0]
        ekey = (event_id, kind)
        entry = self._entries.get(ekey)
        window = window_days(c.family, c.time_precision)
        r = radius_km(c.geo_precision)
        if entry is None:
            entry = Entry(event_id, c.x, c.y, c.day, c.day, r, window, [c], set())
            entry.space, entry.lat, entry.lon = space, c.lat, c.lon
            self._entries[ekey] = entry
        else:
            entry.claims.append(c)
            if entry.lo <= c.day <= entry.hi and window <= entry.window:
                return
            entry.lo, entry.hi = min(entry.lo, c.day), max(entry.hi, c.day)
            entry.window = max(entry.window, window)
        for key in self._keys(
            c.family,
            entry.space,
            entry.lat,
            entry.lon,
            entry.radius,
            entry.lo - entry.window,
            entry.hi + entry.window,
        ):
            if key not in entry.keys:
                entry.keys.add(key)
                self._index.setdefault(key, []).append(entry)

    def find(self, event_id: str) -> str:
        while event_id in self.alias:
            event_id = self.alias[event_id]
        return event_id

    def _attach(self, ev: EventState, c: LClaim) -> None:
        ev.members.append(c.claim_id)
        if ev.side is None and c.side is not None:
            ev.side = c.side
        if c.day is not None:
            ev.first = c.day if ev.first is None else min(ev.first, c.day)
            ev.last = c.day if ev.last is None else max(ev.last, c.day)
        self.event_of[c.claim_id] = ev.event_id
        self.entry_of[c.claim_id] = ev.event_id
        self.claims[c.claim_id] = c
        self._index_claim(c, ev.event_id)

    def restore(self, c: LClaim, entry_id: str, seq: int, merged: list[str] = ()) -> None:  # type: ignore[assignment]
        """Replay one stored claim exactly as ``add`` once placed it: first the merges its
        arrival caused (``merged``, in their order: each absorbed into ``entry_id``), then the
        claim attached to ``entry_id``, the event it joined or founded (with its stored
        ``seq``). Fed in ``sort_key`` order, this rebuilds the clusterer's state (events, their
        anchors and entries, aliases) as it was after those claims, without comparing anything."""
        for absorbed in merged:
            self._absorb(self.events[entry_id], self.events.pop(absorbed))
        ev = self.events.get(entry_id)
        if ev is None:
            ev = EventState(entry_id, seq, c.family, c.side, None, None)
            self.events[entry_id] = ev
            self._seq = max(self._seq, seq + 1)
        self._attach(ev, c)

    # -- adding ---------------------------------------------------------------------------------

    def _fits(self, ev: EventState, c: LClaim, lo: int | None, hi: int | None) -> bool:
        if lo is None or hi is None:
            return True
        # A week- or month-precise date is not a point: its own window may stretch the span.
        limit = max(max_span_days(ev.family), window_days(c.family, c.time_precision))
        return max(hi, c.day) - min(lo, c.day) <= limit  # type: ignore[type-var]

    def add(self, c: LClaim) -> ClusterResult:
        """Put ``c`` into the event it belongs to (merging events it bridges), or a new one."""
        if c.claim_id in self.event_of:
            return ClusterResult(self.event_of[c.claim_id], False, [], [])
        candidates: dict[str, float] = {}
        anchors: dict[str, Entry] = {}
        swapped: list[LClaim] = []
        if c.day is not None and c.at_settlement:
            cw = window_days(c.family, c.time_precision)
            cr = radius_km(c.geo_precision)
            precise = c.precise
            bw = base_window_days(c.time_precision)
            space = self._space_key(c)
            keys = (
                [] if space is None else self._keys(c.family, space, c.lat, c.lon, cr, c.day - cw, c.day + cw)
            )
            seen: set[int] = set()
            for key in keys:
                bucket = self._index.get(key)
                if not bucket:
                    continue
                for e in bucket:
                    if id(e) in seen:
                        continue
                    seen.add(id(e))
                    w = cw if cw > e.window else e.window
                    if c.day - w > e.hi or c.day + w < e.lo:
                        continue
                    if precise:
                        r = cr if cr > e.radius else e.radius
                        dx, dy = c.x - e.x, c.y - e.y
                        d2 = dx * dx + dy * dy
                        if d2 > r * r:
                            continue
                    else:
                        d2 = 0.0
                    ev_id = self.find(e.event_id)
                    ev = self.events[ev_id]
                    if ev.side is not None and c.side is not None and ev.side != c.side:
                        if c.claimant_side in OPPOSITE:
                            swapped.extend(
                                o
                                for o in e.claims
                                if o.side == OPPOSITE[c.side]
                                and o.claimant_side == OPPOSITE[c.claimant_side]
                                and c.claimant_side != c.side
                                and o.claimant_side != o.side
                                and abs(o.day - c.day) <= max(bw, base_window_days(o.time_precision))  # type: ignore[operator]
                            )
                        continue
                    if not self._fits(ev, c, ev.first, ev.last):
                        continue
                    score = abs(c.day - (e.lo + e.hi) / 2) * 1000 + d2
                    if ev_id not in candidates or score < candidates[ev_id]:
                        candidates[ev_id] = score
                        anchors[ev_id] = e
        if not candidates:
            ev = EventState(make_event_id(c.claim_id), self._seq, c.family, c.side, None, None)
            while ev.event_id in self.events or ev.event_id in self.alias:
                ev.event_id += "_"
            self._seq += 1
            self.events[ev.event_id] = ev
            self._attach(ev, c)
            return ClusterResult(ev.event_id, True, [], swapped)
        ordered = sorted(candidates, key=lambda eid: self.events[eid].seq)
        target = self.events[ordered[0]]
        merged: list[str] = []
        if len(ordered) > 1:
            # Merge every candidate that stays compatible with the growing event (oldest first).
            lo, hi, side = target.first, target.last, target.side or c.side
            for eid in ordered[1:]:
                other = self.events[eid]
                if side is not None and other.side is not None and other.side != side:
                    continue
                a, b = anchors[target.event_id], anchors[eid]
                if a.space[0] != b.space[0] or (a.space[0] != "g" and a.space != b.space):
                    continue
                reach = max(a.radius, b.radius)
                if a.space[0] == "g" and (a.x - b.x) ** 2 + (a.y - b.y) ** 2 > reach * reach:
                    continue  # the claim lies between two events: it joins the older, they stay apart
                nlo = min(x for x in (lo, other.first) if x is not None) if (lo or other.first) else None
                nhi = max(x for x in (hi, other.last) if x is not None) if (hi or other.last) else None
                if nlo is not None and nhi is not None and nhi - nlo > max_span_days(target.family):
                    continue
                if not self._fits(target, c, nlo, nhi):
                    continue
                lo, hi, side = nlo, nhi, side or other.side
                merged.append(eid)
            for eid in merged:
                self._absorb(target, self.events.pop(eid))
        self._attach(target, c)
        return ClusterResult(target.event_id, False, merged, swapped)

    def _absorb(self, target: EventState, other: EventState) -> None:
        self.alias[other.event_id] = target.event_id
        for cid in other.members:
            self.event_of[cid] = target.event_id
        target.members.extend(other.members)
        if target.side is None:
            target.side = other.side
        for attr, pick in (("first", min), ("last", max)):
            vals = [v for v in (getattr(target, attr), getattr(other, attr)) if v is not None]
            setattr(target, attr, pick(vals) if vals else None)

    def members(self, event_id: str) -> list[LClaim]:
        return [self.claims[cid] for cid in self.events[self.find(event_id)].members]


def sort_key(c: LClaim) -> tuple:
    """The processing order that makes event ids reproducible: date, then claim id."""
    return (c.day if c.day is not None else 10**9, c.published or 0, c.claim_id)
