"""``bench --ledger``: clustering throughput of the ledger on a generated corpus.

``run_ledger_bench(n_claims=200_000, seed=0)`` generates a synthetic war-reporting corpus
(claims spread along the front-line oblasts over two years, several sources and claimants per
event, syndicated copies, revisions, denials, swapped blame) and measures, each in a fresh
spawned process pinned to one core (``bench.run_in_child``), with peak RSS from VmHWM:

* ``memory``: clustering every claim (``Clusterer.add``, oldest first) and assessing every
  event (status, origins, contradictions), on in-memory ``LClaim`` records;
* ``store`` (``store_claims`` > 0): the same kind of corpus as ``Document``/``Claim`` rows in a
  fresh SQLite store, then ``Ledger(store).rebuild()`` (read, cluster, assess, write).
"""

from __future__ import annotations

import math
import random
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from . import bench
from .ledger.cluster import Clusterer, LClaim, sort_key
from .ledger.rules import OPPOSITE, family_of, offensive_side
from .ledger.status import Assessment, assess, swap_contradictions

TARGET_SECONDS = 60.0
TARGET_RSS_MB = 2048.0

#: A rough front line, north to south (lat, lon).
FRONT = [
    (50.35, 36.95),  # Vovchansk
    (49.71, 37.62),  # Kupiansk
    (49.0, 38.0),  # Lyman / Kreminna
    (48.59, 38.0),  # Bakhmut
    (48.13, 37.75),  # Avdiivka
    (47.78, 37.25),  # Vuhledar
    (47.45, 35.84),  # Robotyne
    (46.75, 33.4),  # Dnipro river
    (46.64, 32.62),  # Kherson
]
OBLASTS = {
    "Kharkiv": (49.6, 36.8),
    "Luhansk": (48.9, 38.9),
    "Donetsk": (48.1, 37.7),
    "Zaporizhzhia": (47.4, 35.6),
    "Kherson": (46.7, 33.2),
    "Dnipropetrovsk": (48.4, 35.2),
    "Sumy": (50.9, 34.8),
}
CITIES = [
    ("Kharkiv", 49.99, 36.23),
    ("Zaporizhzhia", 47.84, 35.14),
    ("Dnipro", 48.46, 35.05),
    ("Sumy", 50.91, 34.8),
]
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
CLAIMANTS = {
    "russia": [f"Russian official {i}" for i in range(12)],
    "ukraine": [f"Ukrainian official {i}" for i in range(15)],
    "third_party": [f"Monitor {i}" for i in range(6)],
    "unknown": [None],
}
STRIKES = ["shelling", "missile_strike", "drone_strike", "air_strike", "strike"]
START = date(2022, 6, 1).toordinal()


def _places(rng: random.Random, n: int = 3000) -> list[tuple[str, float, float, str]]:
    out = []
    for i in range(n):
        k = rng.randrange(len(FRONT) - 1)
        t = rng.random()
        (a, b), (c, d) = FRONT[k], FRONT[k + 1]
        lat = a + (c - a) * t + rng.gauss(0, 0.2)
        lon = b + (d - b) * t + rng.gauss(0, 0.3)
        admin1 = min(OBLASTS, key=lambda o: (OBLASTS[o][0] - lat) ** 2 + (OBLASTS[o][1] - lon) ** 2)
        out.append((f"Place {i:04d}", lat, lon, admin1))
    out += [
        (name, lat, lon, min(OBLASTS, key=lambda o: abs(OBLASTS[o][0] - lat))) for name, lat, lon in CITIES
    ]
    return out


def generate(n_claims: int, seed: int = 0) -> list[dict[str, Any]]:
    """Synthetic claims as plain dicts (the fields both bench paths need), in no order."""
    rng = random.Random(seed)
    places = _places(rng)
    out: list[dict[str, Any]] = []
    ev = 0
    while len(out) < n_claims:
        ev += 1
        r = rng.random()
        family = "ground" if r < 0.45 else "strike" if r < 0.9 else "civilian_harm" if r < 0.95 else "protest"
        name, lat, lon, admin1 = (
            places[-rng.randrange(1, 5)] if family == "strike" and rng.random() < 0.2 else rng.choice(places)
        )
        day = START + rng.randrange(730)
        attacker = "russia" if rng.random() < 0.75 else "ukraine"
        defender = OPPOSITE[attacker]
        k = 1 + min(12, int(rng.expovariate(1 / 3)))
        fatalities = rng.choice([None, None, 1, 2, 3, 5, 8]) if family != "protest" else None
        base_action = rng.choice(STRIKES) if family == "strike" else "clash"
        for j in range(k):
            if len(out) >= n_claims:
                break
            cside = rng.choices(["russia", "ukraine", "third_party", "unknown"], [0.35, 0.4, 0.1, 0.15])[0]
            action = {"strike": base_action, "civilian_harm": "attack", "protest": "protest"}.get(
                family, "clash"
            )
            actors = [attacker, defender]
            if family == "ground":
                action = rng.choices(["advance", "clash", "capture", "repel", "withdraw"], [3, 3, 2, 1, 1])[0]
                if action in ("repel", "withdraw"):
                    actors = [defender, attacker]
            elif family == "strike" and cside == defender and rng.random() < 0.15:
                action, actors = "shoot_down", [defender, attacker]
            if rng.random() < 0.03 and cside in OPPOSITE:  # blame swapped: the other side did it
                actors = [OPPOSITE[cside], cside]
            tp = rng.choices([1, 2, 3], [0.85, 0.12, 0.03])[0]
            gp = rng.choices([1, 2, 3], [0.7, 0.25, 0.05])[0]
            claimant = rng.choice(CLAIMANTS[cside])
            outlet = rng.choice(OUTLETS)
            cday = day + (rng.randint(-1, 1) if tp == 1 else rng.randint(-3, 3)) + (j // 4)
            jitter = 0.02 if gp == 1 else 0.08
            text = (
                f"{actors[0].title()} forces {action.replace('_', ' ')} at {name} on "
                f"{date.fromordinal(cday).isoformat()}, {claimant or 'our correspondent'} said; report {ev}-{j}."
            )
            fat = fatalities if rng.random() < 0.85 else (fatalities or 0) + rng.randint(1, 4)
            claim = {
                "claim_id": f"c_{ev:07d}{j:02d}",
                "action": action,
                "day": cday,
                "tp": tp,
                "lat": lat + rng.uniform(-jitter, jitter),
                "lon": lon + rng.uniform(-jitter, jitter),
                "gp": gp,
                "admin1": admin1,
                "name": name,
                "actors": actors,
                "claimant": claimant,
                "claimant_side": cside,
                "outlet": outlet,
                "published": cday + rng.randint(0, 2),
                "verification": "disputed" if rng.random() < 0.01 else "unverified",
                "fatalities": fat if family in ("strike", "civilian_harm") else None,
                "text": text,
                "event_type": {"ground": "Battles", "strike": "Explosions/Remote violence"}.get(
                    family, "Violence against civilians" if family == "civilian_harm" else "Protests"
                ),
            }
            out.append(claim)
            if rng.random() < 0.08 and len(out) < n_claims:  # a syndicated copy in another outlet
                out.append(
                    {
                        **claim,
                        "claim_id": claim["claim_id"] + "s",
                        "outlet": rng.choice(OUTLETS),
                        "text": claim["text"] + " (syndicated)",
                        "published": claim["published"] + 1,
                    }
                )
    return out


def to_lclaim(d: dict[str, Any]) -> LClaim:
    family = family_of(d["action"], d["event_type"])
    return LClaim(
        claim_id=d["claim_id"],
        action=d["action"],
        family=family,
        day=d["day"],
        time_precision=d["tp"],
        lat=d["lat"],
        lon=d["lon"],
        geo_precision=d["gp"],
        admin1=d["admin1"].lower(),
        name_key=d["name"].lower(),
        side=offensive_side(d["action"], d["actors"]),
        claimant_side=d["claimant_side"],
        content_hash=d["claim_id"],
        event_type=d["event_type"],
        claimant_name=d["claimant"],
        source=d["outlet"],
        doc_id=d["claim_id"],
        published=d["published"],
        verification=d["verification"],
        fatalities=d["fatalities"],
        evidence=d["text"],
        text=d["text"],
        actor_sides=tuple(d["actors"]),
        place_name=d["name"],
    )


def assess_in_memory(claims: list[LClaim]) -> tuple[Clusterer, dict[str, Assessment], int, float]:
    """Cluster (oldest first) and assess every event on in-memory records, by the same rules
    as ``Ledger.update`` (swapped blame through ``status.swap_contradictions``): the clusterer,
    each event's assessment, the number of swapped-blame contradictions and the clustering
    seconds. A store ``rebuild()`` of the same claims must give the same ids and statuses."""
    claims.sort(key=sort_key)
    t0 = time.perf_counter()
    cl = Clusterer()
    swaps = []
    for c in claims:
        res = cl.add(c)
        swaps.extend(swap_contradictions(c, res.swapped_with))
    t_cluster = time.perf_counter() - t0
    by_claim: dict[str, list] = {}
    for x in swaps:
        by_claim.setdefault(x.claim_a, []).append(x)
        by_claim.setdefault(x.claim_b, []).append(x)
    out: dict[str, Assessment] = {}
    for ev in cl.events.values():
        members = [cl.claims[cid] for cid in ev.members]
        ext = [x for cid in ev.members for x in by_claim.get(cid, ())]
        out[ev.event_id] = assess(members, ext)
    return cl, out, len(swaps), t_cluster


def cluster_all(claims: list[LClaim]) -> dict[str, Any]:
    """Cluster (oldest first) and assess every event; the figures of the run."""
    claims.sort(key=sort_key)  # outside the timing, as before; the second sort is linear
    t0 = time.perf_counter()
    cl, assessed, contradictions, t_cluster = assess_in_memory(claims)
    statuses: dict[str, int] = {}
    for a in assessed.values():
        statuses[a.status] = statuses.get(a.status, 0) + 1
        contradictions += len(a.contradictions)
    return {
        "seconds": time.perf_counter() - t0,
        "cluster_seconds": t_cluster,
        "events": len(cl.events),
        "merges": len(cl.alias),
        "statuses": dict(sorted(statuses.items())),
        "contradictions": contradictions,
    }


def _measure_ledger_memory(payload: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    claims = [to_lclaim(d) for d in generate(payload["n_claims"], payload["seed"])]
    gen_s = time.perf_counter() - t0
    cpu0 = time.process_time()
    result = cluster_all(claims)
    return {
        **result,
        "claims": len(claims),
        "generate_seconds": gen_s,
        "cpu_seconds": time.process_time() - cpu0,
    }


def _store_items(dicts: list[dict[str, Any]]) -> list[tuple[Any, list[Any]]]:
    from .models import Actor, Claim, Claimant, Document, Evidence, Location

    items = []
    for d in dicts:
        doc = Document(
            id=d["claim_id"], text=d["text"], published=date.fromordinal(d["published"]), source=d["outlet"]
        )
        family = family_of(d["action"], d["event_type"])
        claim = Claim(
            claim_id=d["claim_id"],
            event_type=d["event_type"],
            sub_event_type="Armed clash" if family == "ground" else "Shelling/artillery/missile attack",
            action=d["action"],
            actors=[Actor(name=f"Military Forces of {s.title()}", side=s) for s in d["actors"]],
            location=Location(
                name=d["name"],
                resolved_name=d["name"],
                lat=d["lat"],
                lon=d["lon"],
                admin1=d["admin1"],
                geo_precision=d["gp"],
            ),
            date=date.fromordinal(d["day"]).isoformat(),
            time_precision=d["tp"],
            claimant=Claimant(name=d["claimant"], side=d["claimant_side"]),
            verification=d["verification"],
            fatalities=d["fatalities"],
            evidence=Evidence(sentence=d["text"], start=0, end=len(d["text"])),
        )
        items.append((doc, [claim]))
    return items


def _measure_ledger_store(payload: dict[str, Any]) -> dict[str, Any]:
    from .ledger import Ledger
    from .store import Store

    items = _store_items(generate(payload["n_claims"], payload["seed"]))
    # Hold back two sets of 0.25 % of the claims: the most recent ones (the next day's news:
    # an incremental update should cost only their neighbourhood) and ones dated anywhere in
    # the two years (late reports: the update replays from the earliest). After both, the
    # ledger must be what a rebuild makes of the same claims.
    n_held = max(1, len(items) // 400)
    dates = [str(claims[0].date) for _doc, claims in items]
    by_date = sorted(range(len(items)), key=lambda i: (dates[i], i))
    recent_ids = set(by_date[-n_held:])
    rng = random.Random(payload["seed"] + 1)
    late_ids = set(rng.sample(sorted(set(range(len(items))) - recent_ids), n_held))
    recent = [items[i] for i in sorted(recent_ids)]
    late = [items[i] for i in sorted(late_ids)]
    items = [item for i, item in enumerate(items) if i not in recent_ids | late_ids]
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "bench.db")) as store:
        t0 = time.perf_counter()
        store.add_many(items, "bench", batch_size=2000)
        ingest_s = time.perf_counter() - t0
        del items
        cpu0, t0 = time.process_time(), time.perf_counter()
        summary = Ledger(store).rebuild()
        seconds = time.perf_counter() - t0
        cpu_s = time.process_time() - cpu0
        t1 = time.perf_counter()
        again = Ledger(store).update()
        noop_s = time.perf_counter() - t1
        store.add_many(recent, "bench")
        t1 = time.perf_counter()
        recent_update = Ledger(store).update()
        recent_s = time.perf_counter() - t1
        store.add_many(late, "bench")
        t1 = time.perf_counter()
        late_update = Ledger(store).update()
        late_s = time.perf_counter() - t1
        incremental = _event_snapshot(store)
        Ledger(store).rebuild()
        rebuilt = _event_snapshot(store)
    statuses: dict[str, int] = {}
    for status in rebuilt.values():
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "claims": summary.new_claims,
        "seconds": seconds,
        "cpu_seconds": cpu_s,
        "ingest_seconds": ingest_s,
        "noop_update_seconds": noop_s,
        "noop_update_new_claims": again.new_claims,
        "recent_claims": recent_update.new_claims,
        "recent_update_seconds": recent_s,
        "recent_update_events_rewritten": recent_update.events_touched,
        "late_claims": late_update.new_claims,
        "late_update_seconds": late_s,
        "late_update_events_rewritten": late_update.events_touched,
        "late_update_equals_rebuild": incremental == rebuilt,
        "events": len(rebuilt),
        "statuses": dict(sorted(statuses.items())),
    }


def _event_snapshot(store: Any) -> dict[str, str]:
    """Event id -> status, for every event."""
    from sqlalchemy import select

    from .store import events_table

    with store.engine.connect() as conn:
        return dict(conn.execute(select(events_table.c.event_id, events_table.c.status)).all())


bench._MEASURES.setdefault("ledger_memory", _measure_ledger_memory)
bench._MEASURES.setdefault("ledger_store", _measure_ledger_store)


def _run(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    # The measure function travels in the payload so that unpickling it in the spawned child
    # imports this module, which registers the ledger measures in ``bench._MEASURES``.
    measure = {"ledger_memory": _measure_ledger_memory, "ledger_store": _measure_ledger_store}[kind]
    out = bench.run_in_child(kind, {**payload, "_measure": measure})
    out["claims_per_s"] = out["claims"] / out["seconds"] if out["seconds"] > 0 else math.inf
    out["meets_targets"] = out["seconds"] <= TARGET_SECONDS and out["peak_rss_mb"] <= TARGET_RSS_MB
    return out


def run_ledger_bench(n_claims: int = 200_000, seed: int = 0, *, store_claims: int = 0) -> dict[str, Any]:
    """Ledger clustering benchmark. ``memory`` always; ``store`` when ``store_claims`` > 0
    (e.g. ``store_claims=n_claims``: ingest is reported apart, ``seconds`` is the rebuild).

    Returns ``{"benchmark": "ledger", "n_claims", "seed", "targets", "memory": {...},
    "store": {...}?}``; each side has seconds, claims_per_s, events, statuses, contradictions
    (memory), peak_rss_mb, cpu and ``meets_targets``.
    """
    result: dict[str, Any] = {
        "benchmark": "ledger",
        "n_claims": n_claims,
        "seed": seed,
        "targets": {"seconds": TARGET_SECONDS, "peak_rss_mb": TARGET_RSS_MB},
        "memory": _run("ledger_memory", {"n_claims": n_claims, "seed": seed}),
    }
    if store_claims:
        result["store"] = _run("ledger_store", {"n_claims": store_claims, "seed": seed})
    return result


def format_ledger_bench(result: dict[str, Any]) -> str:
    """A few plain lines for the CLI."""
    lines = [f"ledger bench: {result['n_claims']:,} generated claims, seed {result['seed']}, one core"]
    for side in ("memory", "store"):
        r = result.get(side)
        if not r:
            continue
        ok = "meets" if r["meets_targets"] else "MISSES"
        lines.append(
            f"  {side:6s} {r['claims']:>8,} claims  {r['seconds']:7.2f} s  {r['claims_per_s']:>9,.0f} claims/s  "
            f"{r['events']:>7,} events  peak RSS {r['peak_rss_mb']:,.0f} MB  ({ok} <= 60 s, <= 2 GB)"
        )
        lines.append(f"         statuses: {r['statuses']}")
        if "late_update_seconds" in r:
            same = (
                "the same events as a rebuild"
                if r["late_update_equals_rebuild"]
                else "NOT the events of a rebuild"
            )
            lines.append(
                f"         {r['recent_claims']:,} newest claims: update {r['recent_update_seconds']:.2f} s, "
                f"{r['recent_update_events_rewritten']:,} events rewritten"
            )
            lines.append(
                f"         {r['late_claims']:,} late claims (dated anywhere): update {r['late_update_seconds']:.2f} s, "
                f"{r['late_update_events_rewritten']:,} events rewritten, {same}"
            )
    return "\n".join(lines)
