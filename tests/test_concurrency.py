"""Concurrent writers (issue 9): four ingests into one store at once end exactly as one
sequential ingest of the same documents, on SQLite and (when ``FRONTWATCH_TEST_PG`` names a
scratch database) PostgreSQL: the schema is created once, no document is lost, and the ledger
has no "ghost" events (an event row whose claims are not its members)."""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from frontwatch.ledger import Ledger
from frontwatch.store import Store, event_claims_table, events_table, metadata
from test_ledger import busy_front, full_snapshot

PG_URL = os.environ.get("FRONTWATCH_TEST_PG")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
STRESS = Path(__file__).parent / "fixtures" / "stress"


def fresh_url(backend: str, tmp_path: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / name}"
    engine = create_engine(PG_URL)  # type: ignore[arg-type]
    metadata.drop_all(engine)
    engine.dispose()
    return PG_URL  # type: ignore[return-value]


def ghosts(store: Store) -> list[str]:
    """Events whose claim count is not the number of their memberships."""
    with store.engine.connect() as conn:
        members = dict(
            conn.execute(
                select(event_claims_table.c.event_id, func.count()).group_by(event_claims_table.c.event_id)
            ).all()
        )
        rows = conn.execute(select(events_table.c.event_id, events_table.c.n_claims)).all()
    return [eid for eid, n in rows if members.get(eid, 0) != n]


def state(url: str) -> tuple[list[tuple], set[str], list[str]]:
    with Store(url) as st:
        claim_ids = {r.claim.claim_id for r in st.query_claims()}
        return full_snapshot(Ledger(st)), claim_ids, ghosts(st)


def _writer(url: str, items: list, seed: int) -> None:
    """One writer: its documents in small random batches, the ledger updated after each."""
    rng = random.Random(seed)
    with Store(url) as st:
        ledger = Ledger(st)
        start = 0
        while start < len(items):
            size = rng.randrange(1, 8)
            st.add_many(items[start : start + size], "test")
            ledger.update()
            start += size


@pytest.mark.parametrize("backend", BACKENDS)
def test_four_concurrent_writers_end_as_one_sequential_writer(backend, tmp_path) -> None:
    items = busy_front(120)
    url = fresh_url(backend, tmp_path, "sequential.db")
    _writer(url, items, 0)
    expected = state(url)
    assert expected[0] and not expected[2]
    ctx = multiprocessing.get_context("fork")
    for round_ in range(3):
        url = fresh_url(backend, tmp_path, f"concurrent{round_}.db")  # a fresh store: schema race too
        shuffled = items[:]
        random.Random(round_).shuffle(shuffled)
        procs = [ctx.Process(target=_writer, args=(url, shuffled[i::4], round_ * 10 + i)) for i in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(240)
        assert [p.exitcode for p in procs] == [0, 0, 0, 0]
        assert state(url) == expected


def test_four_concurrent_ingest_commands_end_as_one_sequential_ingest(tmp_path) -> None:
    """The command line, as users run it: four `frontwatch ingest` on one new SQLite store."""
    files = sorted(str(p) for p in STRESS.glob("*.jsonl"))
    assert len(files) == 4
    cmd = [sys.executable, "-m", "frontwatch", "ingest"]
    seq_db = tmp_path / "sequential.db"
    done = subprocess.run([*cmd, *files, "--db", str(seq_db)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    conc_db = tmp_path / "concurrent.db"
    procs = [
        subprocess.Popen([*cmd, f, "--db", str(conc_db)], stderr=subprocess.PIPE, text=True) for f in files
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    expected = state(f"sqlite:///{seq_db}")
    assert len(expected[1]) >= 10 and not expected[2]
    assert state(f"sqlite:///{conc_db}") == expected
