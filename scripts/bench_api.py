"""Latency of the read-only API on a large store (docs/api.md, "Speed").

    .venv/bin/python scripts/bench_api.py                      # 100,000 claims, 200 requests
    .venv/bin/python scripts/bench_api.py --claims 20000 --requests 50
    .venv/bin/python scripts/bench_api.py --db /tmp/bench_api.db   # keep the store and reuse it

Builds a SQLite store of generated claims (the ledger bench's generator: front-line oblasts,
two years, several sources per event, syndicated copies, contradictions), brings the ledger up
to date, then times pages of ``/api/events`` with varied filters through FastAPI's TestClient
(in process: the figures are the app's and the store's, not the network's), and a few pages of
``/api/claims`` for comparison. Prints p50/p95/max per filter kind and overall.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from frontwatch.api import create_app
from frontwatch.bench_ledger import CITIES, _store_items, generate
from frontwatch.ledger import Ledger
from frontwatch.store import Store

TARGET_P95_MS = 200.0


def build(path: Path, n_claims: int, seed: int) -> None:
    t0 = time.perf_counter()
    with Store(str(path)) as store:
        store.add_many(_store_items(generate(n_claims, seed)), "bench")
        t1 = time.perf_counter()
        summary = Ledger(store).update()
        events = store.ledger_event_count()
    t2 = time.perf_counter()
    print(
        f"store: {n_claims:,} claims stored in {t1 - t0:.1f} s; ledger {events:,} events in {t2 - t1:.1f} s "
        f"({summary.events_created:,} created)",
        flush=True,
    )


def _day(rng: random.Random) -> str:
    from datetime import date, timedelta

    return (date(2022, 6, 1) + timedelta(days=rng.randrange(700))).isoformat()


def _window(rng: random.Random) -> str:
    from datetime import date, timedelta

    start = date(2022, 6, 1) + timedelta(days=rng.randrange(700))
    return f"since={start.isoformat()}&until={(start + timedelta(days=rng.choice((7, 30, 90)))).isoformat()}"


def _bbox(rng: random.Random) -> str:
    """A box of 1 degree of longitude by 0.7 of latitude somewhere over the front."""
    lon, lat = 36 + 2 * rng.random(), 47 + 2 * rng.random()
    return f"bbox={lon:.2f},{lat:.2f},{lon + 1:.2f},{lat + 0.7:.2f}"


#: Filter kinds for /api/events: name -> a function of the generator giving a query string.
EVENT_QUERIES: dict[str, Callable[[random.Random], str]] = {
    "first page": lambda r: "",
    "deep page": lambda r: f"offset={r.randrange(1000, 15000)}",
    "status": lambda r: f"status={r.choice(['disputed', 'corroborated', 'confirmed_by_adversary'])}",
    "type+side": lambda r: (
        f"type={r.choice(['ground', 'strike', 'Battles'])}&side={r.choice(['russia', 'ukraine'])}"
    ),
    "since/until": _window,
    "near name": lambda r: (
        f"near={r.choice(['Avdiivka', 'Bakhmut', 'Kupiansk', 'Kherson', 'Pokrovsk'])}&radius={r.choice([10, 25, 50])}"
    ),
    "near lat,lon": lambda r: f"near={48 + r.random():.3f},{37 + r.random():.3f}&radius=30&since={_day(r)}",
    "bbox": lambda r: _bbox(r),
    "place": lambda r: f"place={r.choice(['Place 0042', 'Place 1234', CITIES[r.randrange(len(CITIES))][0]])}",
    "q": lambda r: f"q={r.choice(['capture at Place 0', 'shelling at', 'Monitor 2 said', 'no such words'])}",
    "combined": lambda r: f"status=single_source&type=strike&{_window(r)}&bbox=35,46,39,50&limit=200",
}
CLAIM_QUERIES: dict[str, Callable[[random.Random], str]] = {
    "claims first page": lambda r: "",
    "claims since/until": _window,
    "claims near": lambda r: f"near={r.choice(['Avdiivka', 'Bakhmut', 'Kherson'])}&radius=25",
    "claims type+side": lambda r: f"type={r.choice(['capture', 'shelling'])}&side=ukraine",
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run(client: TestClient, path: str, queries: dict[str, Callable], n: int, rng: random.Random) -> dict:
    kinds = list(queries)
    times: dict[str, list[float]] = {k: [] for k in kinds}
    totals: dict[str, list[int]] = {k: [] for k in kinds}
    for i in range(n):
        kind = kinds[i % len(kinds)]
        query = queries[kind](rng)
        t0 = time.perf_counter()
        r = client.get(f"{path}?{query}")
        times[kind].append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            sys.exit(f"{path}?{query}: {r.status_code} {r.text[:200]}")
        totals[kind].append(r.json()["total"])
    return {"times": times, "totals": totals}


def report(title: str, result: dict) -> list[float]:
    print(f"\n{title}")
    print(f"  {'filter':<20} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'median total':>13}")
    everything: list[float] = []
    for kind, ms in result["times"].items():
        everything += ms
        print(
            f"  {kind:<20} {len(ms):>4} {percentile(ms, 50):>8.1f} {percentile(ms, 95):>8.1f} "
            f"{max(ms):>8.1f} {statistics.median(result['totals'][kind]):>13,.0f}"
        )
    print(
        f"  {'all':<20} {len(everything):>4} {percentile(everything, 50):>8.1f} "
        f"{percentile(everything, 95):>8.1f} {max(everything):>8.1f}"
    )
    return everything


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--db", type=Path, help="store to build (or reuse, if it exists) instead of a temporary one"
    )
    args = ap.parse_args()

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench_api_")
        args.db = Path(tmp.name) / "bench.db"
    if not args.db.exists():
        build(args.db, args.claims, args.seed)
    else:
        print(f"store: reusing {args.db}")
    t0 = time.perf_counter()
    app = create_app(str(args.db))
    print(f"app: created in {time.perf_counter() - t0:.2f} s (ledger up to date)")
    rng = random.Random(args.seed)
    with TestClient(app) as client:
        client.get("/api/events?near=Avdiivka")  # load the gazetteer once, as a running server has
        events = report(
            f"/api/events, {args.requests} requests, cpu {os.cpu_count()}",
            run(client, "/api/events", EVENT_QUERIES, args.requests, rng),
        )
        report("/api/claims, 40 requests", run(client, "/api/claims", CLAIM_QUERIES, 40, rng))
    p95 = percentile(events, 95)
    verdict = "meets" if p95 <= TARGET_P95_MS else "MISSES"
    print(f"\n/api/events p95 {p95:.1f} ms: {verdict} the target p95 <= {TARGET_P95_MS:.0f} ms")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
