"""The claim store: idempotent ingest, all-or-nothing re-extraction, query filters."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, update

from frontwatch.models import Actor, Claim, Claimant, Document, Evidence, Location
from frontwatch.store import (
    SCHEMA_VERSION,
    AddSummary,
    Store,
    StoreError,
    default_db_url,
    haversine_km,
    meta_table,
    metadata,
)

KRAMATORSK = (48.7233, 37.5563)


def make_doc(text: str, doc_id: str = "d1", published: date | None = date(2024, 7, 15)) -> Document:
    return Document(id=doc_id, text=text, published=published, source="Test Wire", url="https://t.example/1")


def make_claim(
    claim_id: str,
    *,
    event_type: str = "Explosions/Remote violence",
    sub_event_type: str = "Air/drone strike",
    action: str = "strike",
    when: str | None = "2024-07-14",
    lat: float | None = KRAMATORSK[0],
    lon: float | None = KRAMATORSK[1],
    actors: tuple[tuple[str, str | None], ...] = (("Russian forces", "russia"),),
    claimant: str | None = "Oleh Syniehubov",
    claimant_side: str = "ukraine",
) -> Claim:
    location = Location(name="Kramatorsk", resolved_name="Kramatorsk", lat=lat, lon=lon, geo_precision=1)
    return Claim(
        claim_id=claim_id,
        event_type=event_type,
        sub_event_type=sub_event_type,
        action=action,
        actors=[Actor(name=n, side=s) for n, s in actors],
        location=location,
        date=when,
        time_precision=1 if when else None,
        claimant=Claimant(name=claimant, role="governor", side=claimant_side),
        attribution="according_to",
        evidence=Evidence(sentence="A drone hit Kramatorsk, the governor said.", start=0, end=42),
    )


PG_URL = os.environ.get("FRONTWATCH_TEST_PG")  # e.g. postgresql+psycopg://postgres@localhost/fwtest


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def store(request, tmp_path) -> Iterator[Store]:
    """A fresh store; also on PostgreSQL when $FRONTWATCH_TEST_PG names a scratch database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fw.db'}"
    else:
        url = PG_URL
        engine = create_engine(url)
        metadata.drop_all(engine)
        engine.dispose()
    with Store(url) as s:
        yield s


def ids(rows) -> list[str]:
    return [r.claim.claim_id for r in rows]


# -- ingest -------------------------------------------------------------------------------------


def test_same_text_is_stored_once(store: Store) -> None:
    assert store.add(make_doc("A drone hit Kramatorsk."), [make_claim("c1")], "v1") is True
    again = make_doc("A drone hit Kramatorsk.", doc_id="other-id")
    assert store.add(again, [make_claim("c2")], "v2") is False
    stats = store.stats()
    assert (stats["documents"], stats["claims"]) == (1, 1)
    assert ids(store.query_claims()) == ["c1"]
    assert stats["by_pipeline"] == {"v1": 1}


def test_claims_read_back_equal_and_carry_document_fields(store: Store) -> None:
    claim = make_claim("c1")
    store.add(make_doc("A drone hit Kramatorsk."), [claim], "v1")
    (row,) = store.query_claims()
    assert row.claim == claim.model_copy(update={"pipeline": "v1"})
    assert (row.doc_id, row.source, row.published) == ("d1", "Test Wire", date(2024, 7, 15))
    assert row.content_hash == make_doc("A drone hit Kramatorsk.").content_hash


def test_add_many_batches_and_counts_duplicates(store: Store) -> None:
    texts = ["one", "two", "one", "three", "four"]  # "one" twice, across batches, under two ids
    items = [(make_doc(t, doc_id=f"d{i}"), [make_claim(f"c{i}")]) for i, t in enumerate(texts)]
    progress: list[AddSummary] = []
    summary = store.add_many(items, "v1", batch_size=2, on_batch=progress.append)
    assert summary == AddSummary(added=4, copies=1)  # the second "one" is a copy: d2 of d0's text
    assert len(progress) == 3 and progress[-1] == summary
    assert store.stats()["claims"] == 4
    assert store.add_many(items, "v1") == AddSummary(added=0, skipped_duplicates=5)


def test_add_many_keeps_work_done_when_input_fails(store: Store) -> None:
    def items():
        for i in range(3):
            yield make_doc(f"text {i}", doc_id=f"d{i}"), [make_claim(f"c{i}")]
        raise RuntimeError("extractor crashed")

    with pytest.raises(RuntimeError):
        store.add_many(items(), "v1", batch_size=100)
    assert store.stats()["documents"] == 3


def test_a_document_the_database_refuses_is_stored_without_claims_and_marked_failed(store: Store) -> None:
    """A clash of claim ids (or any value the database refuses) costs that document its claims,
    never the batch: the others are stored, the refusal is reported in one line, and the
    document is marked failed so that `reextract --failed` retries it."""
    items = [
        (make_doc("first"), [make_claim("c1")]),
        (make_doc("second", doc_id="d2"), [make_claim("c1")]),  # same claim id, different text
        (make_doc("third", doc_id="d3"), [make_claim("c3")]),
    ]
    reported: list[tuple[str, str]] = []
    summary = store.add_many(items, "v1", on_error=lambda d, m: reported.append((d.id, m)))
    assert summary == AddSummary(added=3, failed=1)
    assert store.stats()["documents"] == 3 and ids(store.query_claims()) == ["c1", "c3"]
    assert [(d, "\n" in m) for d, m in reported] == [("d2", False)]
    assert "stored without claims" in reported[0][1]
    assert [d.id for d in store.iter_documents(failed=True)] == ["d2"]


def test_extraction_errors_are_stored_as_failed_documents_until_a_retry_succeeds(store: Store) -> None:
    ok, bad = make_doc("fine"), make_doc("broken", doc_id="d2")
    store.add_many(
        [(ok, [make_claim("c1")]), (bad, [make_claim("c2")], "OverflowError: date value out of range")], "v1"
    )
    assert ids(store.query_claims()) == ["c1"]
    assert [d.id for d in store.iter_documents(failed=True)] == ["d2"]
    assert [d.id for d in store.iter_documents(outdated_for="v1")] == ["d2"]  # plain reextract retries it
    store.replace_claims([(bad.content_hash, [], "OverflowError: again")], "v2")
    assert [d.id for d in store.iter_documents(failed=True)] == ["d2"]
    store.replace_claims([(bad.content_hash, [make_claim("c2")])], "v2")
    assert list(store.iter_documents(failed=True)) == [] and ids(store.query_claims()) == ["c1", "c2"]


# -- re-extraction ------------------------------------------------------------------------------


def test_replace_claims_replaces_and_sets_pipeline(store: Store) -> None:
    doc = make_doc("A drone hit Kramatorsk.")
    store.add(doc, [make_claim("old1"), make_claim("old2")], "v1")
    assert [d.id for d in store.iter_documents(outdated_for="v2")] == ["d1"]

    n = store.replace_claims(
        ((d.content_hash, [make_claim("new1")]) for d in store.iter_documents(outdated_for="v2")), "v2"
    )
    assert n == 1
    assert ids(store.query_claims()) == ["new1"]
    assert list(store.iter_documents(outdated_for="v2")) == []
    assert store.stats()["by_pipeline"] == {"v2": 1}


def test_failing_replace_claims_changes_nothing(store: Store) -> None:
    a, b = make_doc("first text", "a"), make_doc("second text", "b")
    store.add(a, [make_claim("a1")], "v1")
    store.add(b, [make_claim("b1")], "v1")

    def updates():
        yield a.content_hash, [make_claim("a2")]
        raise RuntimeError("extractor crashed mid-run")

    with pytest.raises(RuntimeError):
        store.replace_claims(updates(), "v2")
    assert sorted(ids(store.query_claims())) == ["a1", "b1"]
    assert store.stats()["by_pipeline"] == {"v1": 2}


def test_replace_claims_unknown_document_rolls_back(store: Store) -> None:
    doc = make_doc("first text")
    store.add(doc, [make_claim("a1")], "v1")
    with pytest.raises(StoreError, match="unknown document"):
        store.replace_claims([(doc.content_hash, []), ("0" * 64, [])], "v2")
    assert ids(store.query_claims()) == ["a1"]


def test_iter_documents_pages_through_everything(store: Store) -> None:
    store.add_many(((make_doc(f"t{i}", f"d{i}"), []) for i in range(1203)), "v1")
    assert len({d.id for d in store.iter_documents()}) == 1203


# -- queries ------------------------------------------------------------------------------------


def test_near_radius_keeps_10km_and_drops_60km(store: Store) -> None:
    lat, lon = KRAMATORSK
    north_10 = lat + 10 / 111.2
    north_60 = lat + 60 / 111.2
    corner = (lat + 0.4, lon + 0.55)  # inside the SQL bounding box, ~60 km away
    claims = [
        make_claim("k10", lat=north_10, lon=lon),
        make_claim("k60", lat=north_60, lon=lon),
        make_claim("corner", lat=corner[0], lon=corner[1]),
        make_claim("nowhere", lat=None, lon=None),
    ]
    store.add(make_doc("strikes"), claims, "v1")
    assert haversine_km(lat, lon, *corner) > 50
    assert ids(store.query_claims(near=KRAMATORSK, radius_km=50)) == ["k10"]
    assert sorted(ids(store.query_claims(near=KRAMATORSK, radius_km=70))) == ["corner", "k10", "k60"]


def test_near_needs_radius(store: Store) -> None:
    with pytest.raises(ValueError):
        store.query_claims(near=KRAMATORSK)


def test_date_filters_are_inclusive_and_fall_back_to_published(store: Store) -> None:
    claims = [
        make_claim("jul01", when="2024-07-01"),
        make_claim("jul10", when="2024-07-10"),
        make_claim("jul20", when="2024-07-20"),
        make_claim("undated", when=None),  # document published 2024-07-15
    ]
    store.add(make_doc("timeline"), claims, "v1")
    assert ids(store.query_claims(since=date(2024, 7, 10))) == ["jul10", "undated", "jul20"]
    assert ids(store.query_claims(until=date(2024, 7, 10))) == ["jul01", "jul10"]
    got = store.query_claims(since=date(2024, 7, 2), until=date(2024, 7, 15))
    assert ids(got) == ["jul10", "undated"]


def test_side_matches_actor_or_claimant(store: Store) -> None:
    claims = [
        make_claim("ru_actor", actors=(("Russian forces", "russia"),), claimant_side="unknown"),
        make_claim(
            "ua_second_actor",
            actors=(("Russian forces", "russia"), ("Ukrainian forces", "ukraine")),
            claimant_side="unknown",
        ),
        make_claim("ua_third_actor", actors=(("a", None), ("b", "other"), ("c", "ukraine"))),
        make_claim("ua_claimant", actors=(), claimant_side="ukraine"),
    ]
    store.add(make_doc("sides"), claims, "v1")
    assert sorted(ids(store.query_claims(side="ukraine"))) == [
        "ua_claimant",
        "ua_second_actor",
        "ua_third_actor",
    ]
    assert sorted(ids(store.query_claims(side="russia"))) == ["ru_actor", "ua_second_actor"]
    assert ids(store.query_claims(side="civilians")) == []


def test_event_type_claimant_and_limit(store: Store) -> None:
    claims = [
        make_claim("strike", claimant="Oleh Syniehubov"),
        make_claim("battle", event_type="Battles", sub_event_type="Armed clash", action="advance"),
        make_claim("shell", sub_event_type="Shelling/artillery/missile attack", claimant="Igor Kimakovsky"),
    ]
    store.add(make_doc("mixed"), claims, "v1")
    assert ids(store.query_claims(event_type="battles")) == ["battle"]
    assert ids(store.query_claims(event_type="Air/drone strike")) == ["strike"]
    assert ids(store.query_claims(event_type="advance")) == ["battle"]
    assert ids(store.query_claims(claimant="kimakov")) == ["shell"]
    assert ids(store.query_claims(claimant="100%")) == []
    assert len(list(store.query_claims(limit=2))) == 2
    assert len(list(store.query_claims(near=KRAMATORSK, radius_km=5, limit=1))) == 1


def test_stats_counts_by_event_type(store: Store) -> None:
    claims = [make_claim("a"), make_claim("b"), make_claim("c", event_type="Battles")]
    store.add(make_doc("mixed"), claims, "v1")
    assert store.stats()["by_event_type"] == {"Explosions/Remote violence": 2, "Battles": 1}


# -- opening ------------------------------------------------------------------------------------


def test_default_url_honours_env(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FRONTWATCH_DB", "postgresql+psycopg://u@h/db")
    assert default_db_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("FRONTWATCH_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = default_db_url()
    assert url.startswith("sqlite:///") and url.endswith("frontwatch.db")


def test_plain_path_opens_sqlite_and_data_persists(tmp_path) -> None:
    path = tmp_path / "sub" / "ledger.db"
    with Store(str(path)) as s:
        s.add(make_doc("kept"), [make_claim("c1")], "v1")
    with Store(str(path)) as s:
        assert s.stats()["claims"] == 1
        assert s.schema_version == SCHEMA_VERSION == 4


def test_newer_schema_is_refused(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fw.db'}"
    with Store(url) as s, s.engine.begin() as conn:
        conn.execute(update(meta_table).where(meta_table.c.key == "schema_version").values(value="99"))
    with pytest.raises(StoreError, match="newer"):
        Store(url)


def test_replace_claims_conflicting_claim_id_rolls_back(store: Store) -> None:
    a, b = make_doc("first text", "a"), make_doc("second text", "b")
    store.add(a, [make_claim("a1")], "v1")
    store.add(b, [make_claim("b1")], "v1")
    with pytest.raises(StoreError, match="nothing changed"):
        store.replace_claims([(a.content_hash, [make_claim("b1")])], "v2")  # b1 belongs to b
    assert sorted(ids(store.query_claims())) == ["a1", "b1"]


def test_stored_hashes_tells_which_texts_are_already_there(tmp_path) -> None:
    from frontwatch.models import Document
    from frontwatch.store import Store

    with Store(f"sqlite:///{tmp_path / 's.db'}") as store:
        kept = Document(id="a", text="Shelling reported near the river crossing.")
        store.add(kept, [], "test")
        fresh = Document(id="b", text="A different report.")
        assert store.stored_hashes([kept.content_hash, fresh.content_hash]) == {kept.content_hash}
        many = [f"{i:064x}" for i in range(1200)] + [kept.content_hash]  # more than one query's worth
        assert store.stored_hashes(many) == {kept.content_hash}


def test_urls_in_messages_and_reprs_hide_the_password(tmp_path) -> None:
    from frontwatch.store import display_url, hide_password

    url = "postgresql+psycopg://analyst:s3cr3t-pw@db.example:5432/frontwatch"
    assert display_url(url) == "postgresql+psycopg://analyst:***@db.example:5432/frontwatch"
    unparsable = "postgresql://analyst:s3cr3t-pw@db.example:port/frontwatch"
    assert "s3cr3t-pw" not in display_url(unparsable)
    message = f"could not connect to {url} as analyst with s3cr3t-pw"
    assert "s3cr3t-pw" not in hide_password(message, url)
    assert "s3cr3t-pw" not in hide_password(f"bad URL {unparsable!r}", unparsable)
    assert display_url("sqlite:///fw.db") == "sqlite:///fw.db"  # nothing to hide: unchanged

    shown = Store.__new__(Store)  # a Store's repr and display_url, without a server to connect to
    shown.url = url
    assert "s3cr3t-pw" not in repr(shown) and "s3cr3t-pw" not in shown.display_url
    with Store(str(tmp_path / "fw.db")) as store:
        assert repr(store) == f"Store('sqlite:///{tmp_path / 'fw.db'}')"


def test_a_version_1_store_is_upgraded_in_place_and_recognises_copies(tmp_path) -> None:
    """A store written before copies and failed documents existed opens, keeps every document,
    gets its text keys, and from then on stores a re-post of an old text as a copy."""
    path = tmp_path / "v1.db"
    with Store(str(path)) as s:
        s.add(make_doc("Shelling of Kramatorsk.\n"), [make_claim("c1")], "v1")
    con = sqlite3.connect(path)  # turn it back into a version-1 database
    con.executescript(
        "DROP INDEX ix_documents_text_key; ALTER TABLE documents DROP COLUMN text_key;"
        "ALTER TABLE documents DROP COLUMN extract_error; DROP TABLE copies;"
        "UPDATE meta SET value = '1' WHERE key = 'schema_version';"
    )
    con.close()
    with Store(str(path)) as s:
        assert s.schema_version == SCHEMA_VERSION == 4 and s.stats()["claims"] == 1
        repost = Document(id="wire-9", text="Shelling  of Kramatorsk.\r\n", source="Other Wire")
        assert s.add_many([(repost, [])], "v1") == AddSummary(copies=1)
        (h,) = s.stored_hashes([make_doc("Shelling of Kramatorsk.\n").content_hash])
        assert [c["doc_id"] for c in s.copies_of([h])[h]] == ["wire-9"]


def test_a_value_the_database_cannot_hold_costs_only_that_document(store: Store) -> None:
    """PostgreSQL text cannot hold NUL (the reader drops it; the API may still be given one):
    the documents around it are stored, and the refusal is one reported line, not a traceback."""
    items = [
        (make_doc("A drone hit Kramatorsk."), [make_claim("c1")]),
        (make_doc("A drone hit\x00 Sloviansk.", doc_id="d2"), [make_claim("c2")]),
        (make_doc("A drone hit Druzhkivka.", doc_id="d3"), [make_claim("c3")]),
    ]
    reported: list[str] = []
    store.add_many(items, "v1", on_error=lambda d, m: reported.append(f"{d.id}: {m}"))
    kept = {r.doc_id for r in store.query_claims()}
    assert {"d1", "d3"} <= kept
    if store.engine.dialect.name == "postgresql":
        assert (
            len(reported) == 1 and reported[0].startswith("d2: store refused it:") and "\n" not in reported[0]
        )
    else:
        assert reported == [] and "d2" in kept
