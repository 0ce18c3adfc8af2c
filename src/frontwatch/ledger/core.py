"""The store-backed ledger: incremental updates, queries, stories and place timelines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ..store import Store
from .cluster import Clusterer, LClaim, sort_key
from .map_check import verdict
from .rules import MAX_WINDOW_DAYS, REGION_KINDS, family_of, norm_key, offensive_side
from .status import Assessment, Contradiction, assess, majority, swap_contradictions

_GAZ_ID_RX = re.compile(r"^[A-Z]{2}\d{2,}$")


# ---------------------------------------------------------------------------------------------
# Public records


@dataclass(frozen=True)
class Event:
    event_id: str
    status: str
    family: str
    event_type: str | None
    claim_ids: tuple[str, ...]
    place_name: str | None
    lat: float | None
    lon: float | None
    gazetteer_id: str | None
    admin1: str | None
    geo_precision: int | None
    first_date: date | None
    last_date: date | None
    sides: tuple[str, ...]
    attacker_side: str | None
    n_claims: int
    n_sources: int
    reasons: tuple[str, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()

    @property
    def place(self) -> tuple[str | None, float | None, float | None]:
        return (self.place_name, self.lat, self.lon)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "status": self.status,
            "family": self.family,
            "event_type": self.event_type,
            "place": {
                "name": self.place_name,
                "lat": self.lat,
                "lon": self.lon,
                "gazetteer_id": self.gazetteer_id,
                "admin1": self.admin1,
                "geo_precision": self.geo_precision,
            },
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "sides": list(self.sides),
            "attacker_side": self.attacker_side,
            "n_claims": self.n_claims,
            "n_sources": self.n_sources,
            "claim_ids": list(self.claim_ids),
            "reasons": list(self.reasons),
            "contradictions": [
                {"kind": c.kind, "claim_a": c.claim_a, "claim_b": c.claim_b, "explanation": c.explanation}
                for c in self.contradictions
            ],
        }


@dataclass(frozen=True)
class StoryClaim:
    """One claim behind an event, as an analyst reads it."""

    claim_id: str
    date: date | None
    action: str
    claimant: str | None
    claimant_side: str
    evidence: str
    source: str | None
    doc_id: str
    published: date | None
    url: str | None
    place_name: str | None
    fatalities: int | None
    verification: str
    hedged: bool
    origin: int | None  # claims with the same number are not independent of each other
    claim_status: str  # active | superseded
    superseded_by: str | None
    #: other arrivals of the same text (``Store.copies_of``): syndicated copies and re-posts,
    #: each with its own id, outlet, URL and date. They are the same source as this claim's
    #: document, never corroboration, so the event's status and ``n_sources`` ignore them.
    copies: tuple[dict[str, Any], ...] = ()
    #: the control map's verdict on the claim (ledger.map_check): confirmed, not_borne_out,
    #: implausible_control, or None (no map, or nothing to check yet)
    map_check: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        for k in ("date", "published"):
            d[k] = d[k].isoformat() if d[k] else None
        d["copies"] = list(self.copies)
        return d


@dataclass(frozen=True)
class EventStory:
    event: Event
    claims: list[StoryClaim]
    aliases: list[str] = field(default_factory=list)  # ids of events merged into this one

    def to_dict(self) -> dict[str, Any]:
        return {**self.event.to_dict(), "aliases": self.aliases, "claims": [c.to_dict() for c in self.claims]}


@dataclass(frozen=True)
class TimelineEntry:
    date: date | None
    claim_id: str
    action: str
    event_type: str | None
    place_name: str | None
    claimant: str | None
    claimant_side: str
    source: str | None
    doc_id: str
    evidence: str
    event_id: str | None
    event_status: str | None
    claim_status: str | None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass(frozen=True)
class UpdateSummary:
    new_claims: int = 0
    removed_claims: int = 0
    events_created: int = 0
    events_merged: int = 0
    events_touched: int = 0
    events_deleted: int = 0
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------------
# Row conversion


_REGION_IDS: dict[str, bool] = {}


def is_region(gazetteer_id: str | None) -> bool:
    """The gazetteer entry is a country, oblast, district or hromada, not a settlement (a
    claim located there is too vague to be matched with other claims). Ids the gazetteer does
    not know count as settlements."""
    if not gazetteer_id:
        return False
    hit = _REGION_IDS.get(gazetteer_id)
    if hit is None:
        from ..geo import default_gazetteer

        gaz = default_gazetteer()
        idx = gaz.by_id.get(gazetteer_id)
        hit = isinstance(idx, int) and gaz.kind[idx] in REGION_KINDS
        _REGION_IDS[gazetteer_id] = hit
    return hit


def _ordinal(d: date | None) -> int | None:
    return d.toordinal() if d else None


def lclaim_from_row(row: Any) -> LClaim:
    """A store claim row (``Store.ledger_claim_rows``/``ledger_unclustered``) as an LClaim."""
    rec = row.record if isinstance(row.record, dict) else {}
    loc = rec.get("location") or {}
    actor_sides = tuple(a.get("side") for a in rec.get("actors") or [])
    action = row.action or ""
    family = family_of(action, row.event_type)
    d = row.date or row.published
    mapping = row._mapping
    return LClaim(
        claim_id=row.claim_id,
        action=action,
        family=family,
        day=_ordinal(d),
        time_precision=row.time_precision if row.date else (row.time_precision or 2),
        lat=row.lat,
        lon=row.lon,
        geo_precision=row.geo_precision,
        admin1=norm_key(row.admin1),
        name_key=norm_key(row.resolved_name or row.location_name),
        side=offensive_side(action, list(actor_sides)),
        claimant_side=row.claimant_side or "unknown",
        content_hash=row.content_hash,
        event_type=row.event_type,
        claimant_name=row.claimant_name,
        source=row.source,
        doc_id=row.doc_id,
        published=_ordinal(row.published),
        verification=row.verification or "unverified",
        fatalities=row.fatalities,
        hedged=bool(row.hedged),
        evidence=(rec.get("evidence") or {}).get("sentence", ""),
        text=mapping.get("text"),
        actor_sides=actor_sides,
        place_name=row.resolved_name or row.location_name,
        gazetteer_id=loc.get("gazetteer_id"),
        region=is_region(loc.get("gazetteer_id")),
    )


#: ``sort_key``'s day for a claim without one: such claims come last.
UNDATED = 10**9


def _successor(event_id: str, members: list[Any], event_of: dict[str, str]) -> str | None:
    """Where a replaced event's id should now point: the event holding its founding claim,
    else the one holding most of its former claims (ties: the smaller id); None when all its
    claims are gone."""
    target = event_of.get(_founder(event_id))
    if target is not None:
        return target
    counts: dict[str, int] = {}
    for r in members:
        if r.event_id == event_id and r.claim_id in event_of:
            counts[event_of[r.claim_id]] = counts.get(event_of[r.claim_id], 0) + 1
    return min(counts, key=lambda e: (-counts[e], e)) if counts else None


def _control_view(store: Store) -> Any:
    """The store's control maps (``frontwatch.control``), or None when none were imported."""
    from ..control import load_view

    view = load_view(store)
    return view if view else None


def _member_key(row: Any) -> tuple:
    """``sort_key`` of a stored membership row (``event_claims``)."""
    day = row.day.toordinal() if row.day else UNDATED
    return (day, row.published.toordinal() if row.published else 0, row.claim_id)


def _lclaim_from_member(row: Any) -> LClaim:
    """The clustering view of a stored membership (what ``Clusterer.restore`` replays)."""
    return LClaim(
        claim_id=row.claim_id,
        action=row.action or "",
        family=row.family,
        day=_ordinal(row.day),
        time_precision=row.time_precision,
        lat=row.lat,
        lon=row.lon,
        geo_precision=row.geo_precision,
        admin1=row.admin1,
        name_key=row.name_key,
        side=row.side,
        claimant_side=row.claimant_side or "unknown",
        content_hash=row.content_hash,
        published=_ordinal(row.published),
    )


def _contradiction_row(x: Contradiction) -> dict[str, Any]:
    return {"kind": x.kind, "claim_a": x.claim_a, "claim_b": x.claim_b, "explanation": x.explanation}


def _founder(event_id: str) -> str:
    """The claim whose id an event id was made from (``make_event_id``)."""
    return "c_" + event_id.removeprefix("ev_").rstrip("_")


def _member_row(c: LClaim, event_id: str, a: Assessment, entry_id: str) -> dict[str, Any]:
    return {
        "claim_id": c.claim_id,
        "event_id": event_id,
        "entry_id": entry_id,
        "published": date.fromordinal(c.published) if c.published else None,
        "family": c.family,
        "action": c.action,
        "day": date.fromordinal(c.day) if c.day else None,
        "time_precision": c.time_precision,
        "lat": c.lat,
        "lon": c.lon,
        # a region-level claim is stored as precision 3 ("only a region"), so that events
        # reloaded for an incremental update never match it with other claims either
        "geo_precision": 3 if c.region else c.geo_precision,
        "admin1": c.admin1,
        "name_key": c.name_key,
        "side": c.side,
        "claimant_side": c.claimant_side,
        "content_hash": c.content_hash,
        "origin": a.origins.get(c.claim_id),
        "map_check": a.map_checks.get(c.claim_id),
        "claim_status": "superseded" if c.claim_id in a.superseded_by else "active",
        "superseded_by": a.superseded_by.get(c.claim_id),
    }


def event_summary(event_id: str, members: list[LClaim], a: Assessment) -> dict[str, Any]:
    """The ``events`` row of one event (without ``seq``/``updated_at``)."""
    located = [c for c in members if c.lat is not None]
    best = min((c.geo_precision or 3 for c in located), default=None)
    pool = [c for c in located if (c.geo_precision or 3) == best] or members
    place = majority([(c.place_name, c.lat, c.lon, c.gazetteer_id, c.admin1, c.geo_precision) for c in pool])
    if place is None:
        place = (
            majority([c.place_name for c in members]),
            None,
            None,
            None,
            majority([c.admin1 for c in members]),
            None,
        )
    days = [c.day for c in members if c.day is not None]
    sides = sorted(
        {s for c in members for s in c.actor_sides if s}
        | {c.claimant_side for c in members if c.claimant_side not in (None, "unknown")}
    )
    return {
        "event_id": event_id,
        "status": a.status,
        "family": members[0].family,
        "event_type": majority([c.event_type for c in members]),
        "first_date": date.fromordinal(min(days)) if days else None,
        "last_date": date.fromordinal(max(days)) if days else None,
        "place_name": place[0],
        "lat": place[1],
        "lon": place[2],
        "gazetteer_id": place[3],
        "admin1": place[4],
        "geo_precision": place[5],
        "sides": "," + ",".join(sides) + ",",
        "attacker_side": majority([c.side for c in members]),
        "n_claims": len(members),
        "n_sources": a.n_sources,
        "reasons": a.reasons,
    }


# ---------------------------------------------------------------------------------------------
# The ledger


class Ledger:
    """Events over a :class:`~frontwatch.store.Store`. Cheap to construct; all state is in
    the store, so any number of processes may read while one updates."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- building -------------------------------------------------------------------------------

    def rebuild(self) -> UpdateSummary:
        """Forget every event and cluster all claims again, oldest first (one transaction:
        readers see the old ledger until the new one is complete)."""
        with self.store.ledger_transaction():
            self.store.ledger_clear()
            return self.update()

    def update(self) -> UpdateSummary:
        """Bring the ledger up to date with the claims table, incrementally and exactly.

        The ledger is a function of its claims: whatever the order and batches in which claims
        arrive (or vanish, on re-extraction), it ends as ``rebuild`` would leave it: same events,
        ids, statuses. Clustering is greedy in claim order (``sort_key``), so an update *rewinds*
        to its earliest new or vanished claim ``k0`` and *replays* from there: the events a claim
        at ``k0`` or later could reach are restored as they stood just before ``k0`` (their
        earlier claims re-attached and earlier merges re-applied from the stored bookkeeping, no
        comparisons), then every claim from ``k0`` on, stored or new, is clustered again in
        order, and the events touched are assessed and written. Events out of reach stay as
        they are. New claims dated after everything stored cost only their own neighbourhood;
        a claim dated a year back replays the year.
        """
        return self._update()

    def refresh_map_statuses(self) -> int:
        """Assess again, without clustering anything, the events the control map can speak to
        (ground and strike events at a settlement): after ``control import`` the map may bear a
        claim out, or not. Returns how many events were assessed."""
        ids = self.store.ledger_map_events()
        return self._update(reassess=ids).events_touched if ids else 0

    def _update(self, reassess: set[str] | None = None) -> UpdateSummary:
        t0 = datetime.now(UTC)
        store = self.store
        with store.ledger_transaction():
            if reassess is not None:  # every claim is before k0: restore and assess, no replay
                vanished: dict[str, str] = {}
                new: list[LClaim] = []
                k0: tuple = (UNDATED + 1, 0, "")
                horizon = store.ledger_event_seqs(reassess)
            else:
                vanished = dict(store.ledger_vanished())
                new = [lclaim_from_row(r) for r in store.ledger_unclustered()]
                if not new and not vanished:
                    return UpdateSummary()
                gone_rows = store.ledger_members(set(vanished.values()))
                keys = [sort_key(c) for c in new] + [
                    _member_key(r) for r in gone_rows if r.claim_id in vanished
                ]
                k0 = min(keys)
                day0 = None if k0[0] >= UNDATED else date.fromordinal(max(1, k0[0] - MAX_WINDOW_DAYS - 1))
                horizon = store.ledger_horizon(day0, vanished)
            members = store.ledger_members(horizon)
            prefix = sorted(
                (r for r in members if r.claim_id not in vanished and _member_key(r) < k0), key=_member_key
            )
            replay_ids = [r.claim_id for r in members if r.claim_id not in vanished and _member_key(r) >= k0]
            prefix_ids = {r.claim_id for r in prefix}
            merges: dict[str, list[Any]] = {}
            seqs = dict(horizon)
            for a in store.ledger_merges_into(horizon):
                seqs[a.alias] = a.seq  # an absorbed event is restored with its own seq
                if a.merged_by in prefix_ids:
                    merges.setdefault(a.merged_by, []).append(a)
            clusterer = Clusterer(first_seq=store.ledger_max_seq() + 1)
            restored_aliases: dict[str, dict[str, Any]] = {}
            for r in prefix:
                done = sorted(merges.get(r.claim_id, ()), key=lambda a: a.merge_rank)
                absorbed = [a.alias for a in done if a.alias in clusterer.events]
                clusterer.restore(
                    _lclaim_from_member(r), r.entry_id or r.event_id, seqs.get(r.entry_id, 0), absorbed
                )
                for a in done:
                    restored_aliases[a.alias] = {
                        "merged_by": a.merged_by,
                        "merge_rank": a.merge_rank,
                        "seq": a.seq,
                    }
            full = {c.claim_id: c for c in new}
            for row in store.ledger_claim_rows([*prefix_ids, *replay_ids]):
                full[row.claim_id] = lclaim_from_row(row)
            seq_at = {eid: ev.seq for eid, ev in clusterer.events.items()} | {
                k: v["seq"] for k, v in restored_aliases.items()
            }
            aliases: list[dict[str, Any]] = []
            swaps: list[Contradiction] = []
            created = 0
            for c in sorted((full[cid] for cid in [*replay_ids, *(c.claim_id for c in new)]), key=sort_key):
                res = clusterer.add(c)
                created += res.created
                if res.created:
                    seq_at[res.event_id] = clusterer.events[res.event_id].seq
                for rank, absorbed in enumerate(res.merged):
                    aliases.append(
                        {
                            "alias": absorbed,
                            "event_id": res.event_id,
                            "merged_by": c.claim_id,
                            "merge_rank": rank,
                        }
                        | {"seq": seq_at.get(absorbed)}
                    )
                if res.swapped_with:
                    swaps.extend(swap_contradictions(c, [full.get(o.claim_id, o) for o in res.swapped_with]))
            # Swap pairs found before k0 still hold; load them for the assessment.
            kept_swaps = [
                Contradiction(r.kind, r.claim_a, r.claim_b, r.explanation)
                for r in store.ledger_contradictions(prefix_ids)
                if r.kind == "actors_swapped" and r.claim_a in prefix_ids and r.claim_b in prefix_ids
            ]
            external: dict[str, list[Contradiction]] = {}
            for x in swaps + kept_swaps:
                external.setdefault(x.claim_a, []).append(x)
                external.setdefault(x.claim_b, []).append(x)
            view = _control_view(store)
            checks = (
                {c.claim_id: v for c in full.values() if (v := verdict(c, view)) is not None} if view else {}
            )
            now = datetime.now(UTC)
            event_rows: list[dict[str, Any]] = []
            members_out: list[dict[str, Any]] = []
            contradictions: list[dict[str, Any]] = []
            entry_of = clusterer.entry_of
            for eid, ev in clusterer.events.items():
                claims = [full[cid] for cid in ev.members]
                related = {
                    (x.kind, x.claim_a, x.claim_b): x for c in claims for x in external.get(c.claim_id, ())
                }
                a = assess(
                    claims, [related[k] for k in sorted(related)], checks
                )  # in one order, however found
                row = event_summary(eid, claims, a)
                row.update(seq=ev.seq, updated_at=now)
                event_rows.append(row)
                members_out.extend(_member_row(c, eid, a, entry_of[c.claim_id]) for c in claims)
                contradictions.extend(_contradiction_row(x) for x in a.contradictions)
            contradictions.extend(_contradiction_row(x) for x in swaps + kept_swaps)
            live = set(clusterer.events)
            merged_ids = {x["alias"] for x in aliases}
            for alias in sorted(set(horizon) - live - merged_ids):  # an id that now names no event
                target = _successor(alias, members, clusterer.event_of)
                if target is not None:
                    aliases.append({"alias": alias, "event_id": target})
            for x in aliases:
                x["event_id"] = clusterer.find(x["event_id"])
            store.ledger_save(
                events=event_rows,
                members=members_out,
                replaced_events=set(horizon),
                replaced_claims={r.claim_id for r in members} | set(vanished),
                aliases=aliases,
                contradictions=contradictions,
                replayed_claims=[*replay_ids, *vanished],
                whole=not prefix_ids and len(horizon) == store.ledger_event_count(),
            )
        return UpdateSummary(
            new_claims=len(new),
            removed_claims=len(vanished),
            events_created=len(live - set(horizon)),
            events_merged=len(aliases),
            events_touched=len(event_rows),
            events_deleted=len(set(horizon) - live - {x["alias"] for x in aliases}),
            seconds=(datetime.now(UTC) - t0).total_seconds(),
        )

    # -- reading --------------------------------------------------------------------------------

    def events(
        self,
        *,
        status: str | None = None,
        family: str | None = None,
        since: date | None = None,
        until: date | None = None,
        near: tuple[float, float] | None = None,
        radius_km: float | None = None,
        side: str | None = None,
        place: str | None = None,
        min_claims: int | None = None,
        limit: int | None = None,
    ) -> Iterator[Event]:
        """Events matching every filter, oldest first, with claim ids and contradictions."""
        rows = self.store.ledger_events(
            status=status,
            family=family,
            since=since,
            until=until,
            near=near,
            radius_km=radius_km,
            side=side,
            place=place,
            min_claims=min_claims,
            limit=limit,
        )
        page: list[Any] = []
        for row in rows:
            page.append(row)
            if len(page) >= 500:
                yield from self.events_from_rows(page)
                page = []
        yield from self.events_from_rows(page)

    def events_from_rows(self, rows: list[Any]) -> Iterator[Event]:
        """``Event`` records for rows of the ``events`` table (with members and contradictions)."""
        if not rows:
            return
        members: dict[str, list[Any]] = {}
        for m in self.store.ledger_members([r.event_id for r in rows]):
            members.setdefault(m.event_id, []).append(m)
        claim_event = {m.claim_id: m.event_id for ms in members.values() for m in ms}
        contras: dict[str, list[Contradiction]] = {}
        for x in self.store.ledger_contradictions(claim_event):
            c = Contradiction(
                x.kind,
                x.claim_a,
                x.claim_b,
                x.explanation,
                claim_event.get(x.claim_a),
                claim_event.get(x.claim_b),
            )
            for eid in {claim_event.get(x.claim_a), claim_event.get(x.claim_b)} - {None}:
                contras.setdefault(eid, []).append(c)  # type: ignore[arg-type]
        for r in rows:
            ms = sorted(members.get(r.event_id, []), key=lambda m: (m.day or date.max, m.claim_id))
            yield Event(
                event_id=r.event_id,
                status=r.status,
                family=r.family,
                event_type=r.event_type,
                claim_ids=tuple(m.claim_id for m in ms),
                place_name=r.place_name,
                lat=r.lat,
                lon=r.lon,
                gazetteer_id=r.gazetteer_id,
                admin1=r.admin1,
                geo_precision=r.geo_precision,
                first_date=r.first_date,
                last_date=r.last_date,
                sides=tuple(s for s in r.sides.split(",") if s),
                attacker_side=r.attacker_side,
                n_claims=r.n_claims,
                n_sources=r.n_sources,
                reasons=tuple(r.reasons or ()),
                contradictions=tuple(
                    sorted(contras.get(r.event_id, []), key=lambda c: (c.kind, c.claim_a, c.claim_b))
                ),
            )

    def event(self, event_id: str) -> EventStory | None:
        """One event (an id absorbed by a merge resolves to the event that absorbed it) and
        every claim behind it in date order; None when unknown."""
        live = self.store.ledger_resolve(event_id)
        if live is None:
            return None
        rows = self.store.ledger_event_rows([live])
        ev = next(self.events_from_rows([rows[live]]))
        story = self.stories_of([ev])[0]
        return EventStory(story.event, story.claims, self.store.ledger_aliases(live))

    def stories(self, **filters: Any) -> Iterator[EventStory]:
        """``EventStory`` for every event ``events(**filters)`` yields (for exports)."""
        page: list[Event] = []
        for ev in self.events(**filters):
            page.append(ev)
            if len(page) >= 200:
                yield from self.stories_of(page)
                page = []
        if page:
            yield from self.stories_of(page)

    def stories_of(self, events: list[Event]) -> list[EventStory]:
        """Each event with its claims as an analyst reads them (``EventStory``)."""
        ids = [cid for ev in events for cid in ev.claim_ids]
        membership = {m.claim_id: m for m in self.store.ledger_members([ev.event_id for ev in events])}
        by_id: dict[str, StoryClaim] = {}
        rows = self.store.ledger_claim_rows(ids, with_text=False)
        copies = self.store.copies_of(r.content_hash for r in rows)
        for r in rows:
            rec = r.record if isinstance(r.record, dict) else {}
            m = membership.get(r.claim_id)
            by_id[r.claim_id] = StoryClaim(
                claim_id=r.claim_id,
                date=r.date,
                action=r.action or "",
                claimant=r.claimant_name,
                claimant_side=r.claimant_side or "unknown",
                evidence=(rec.get("evidence") or {}).get("sentence", ""),
                source=r.source,
                doc_id=r.doc_id,
                published=r.published,
                url=r.url,
                place_name=r.resolved_name or r.location_name,
                fatalities=r.fatalities,
                verification=r.verification or "unverified",
                hedged=bool(r.hedged),
                origin=m.origin if m else None,
                claim_status=m.claim_status if m else "active",
                superseded_by=m.superseded_by if m else None,
                copies=tuple(copies.get(r.content_hash, ())),
                map_check=m.map_check if m else None,
            )
        out = []
        for ev in events:
            claims = [by_id[cid] for cid in ev.claim_ids if cid in by_id]
            claims.sort(
                key=lambda c: (c.date or c.published or date.max, c.published or date.max, c.claim_id)
            )
            out.append(EventStory(ev, claims))
        return out

    def place_timeline(
        self,
        place: str | tuple[float, float, float],
        *,
        radius_km: float | None = None,
    ) -> list[TimelineEntry]:
        """Every claim about a place in date order, with its event and the event's status.

        ``place`` is a gazetteer id (``UA1416001001``), a name (resolved or as written,
        case-insensitive) or ``(lat, lon, radius_km)``. With a name and ``radius_km``, claims
        within that radius of the named place's coordinates are included too.
        """
        store = self.store
        if isinstance(place, tuple):
            lat, lon, radius = place
            rows = store.ledger_place_claims(near=(lat, lon), radius_km=radius)
        elif _GAZ_ID_RX.match(place):
            rows = store.ledger_place_claims(gazetteer_id=place)
        else:
            rows = store.ledger_place_claims(name=place)
            if radius_km is not None:
                located = [r for r in rows if r.lat is not None]
                if located:
                    ref = located[0]
                    seen = {r.claim_id for r in rows}
                    extra = store.ledger_place_claims(near=(ref.lat, ref.lon), radius_km=radius_km)
                    rows += [r for r in extra if r.claim_id not in seen]
        statuses = {
            eid: r.status
            for eid, r in store.ledger_event_rows({r.event_id for r in rows if r.event_id}).items()
        }
        out = []
        for r in rows:
            rec = r.record if isinstance(r.record, dict) else {}
            out.append(
                TimelineEntry(
                    date=r.date or r.published,
                    claim_id=r.claim_id,
                    action=r.action or "",
                    event_type=r.event_type,
                    place_name=r.resolved_name or r.location_name,
                    claimant=r.claimant_name,
                    claimant_side=r.claimant_side or "unknown",
                    source=r.source,
                    doc_id=r.doc_id,
                    evidence=(rec.get("evidence") or {}).get("sentence", ""),
                    event_id=r.event_id,
                    event_status=statuses.get(r.event_id),
                    claim_status=r.claim_status,
                )
            )
        out.sort(key=lambda e: (e.date or date.max, e.claim_id))
        return out
