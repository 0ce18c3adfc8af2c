"""The ledger: events from claims, statuses and their precedence, contradictions, timelines,
incremental updates, persistence across re-extraction, exports and the bench."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from frontwatch.export import export_events
from frontwatch.ledger import Clusterer, LClaim, Ledger, assess
from frontwatch.models import Actor, Claim, Claimant, Document, Evidence, Location
from frontwatch.store import Store, event_claims_table, events_table

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"
AVDIIVKA = (48.12787, 37.77046)
KRAMATORSK = (48.72588, 37.572)
SIDES = {"ru": "russia", "ua": "ukraine", "civ": "civilians"}


def claim(
    cid: str,
    action: str,
    when: str,
    *,
    actors: str = "ru,ua",
    claimant: str | None = "Russian Defense Ministry",
    cside: str = "russia",
    place: tuple[float, float] = AVDIIVKA,
    name: str = "Avdiivka",
    gp: int = 1,
    tp: int = 1,
    admin1: str = "Donetsk",
    fatalities: int | None = None,
    verification: str = "unverified",
    sentence: str | None = None,
) -> Claim:
    event_type = "Explosions/Remote violence" if "strike" in action or action == "shelling" else "Battles"
    return Claim(
        claim_id=cid,
        event_type=event_type,
        sub_event_type="x",
        action=action,
        actors=[Actor(name=s, side=SIDES[s]) for s in actors.split(",") if s],
        location=Location(
            name=name,
            resolved_name=name,
            lat=place[0],
            lon=place[1],
            geo_precision=gp,
            admin1=admin1,
            gazetteer_id="UA" + str(abs(hash(name)) % 10**10),
        ),
        date=when,
        time_precision=tp,
        claimant=Claimant(name=claimant, side=cside),
        verification=verification,
        fatalities=fatalities,
        evidence=Evidence(sentence=sentence or f"{cid}: {action} at {name} on {when}.", start=0, end=10),
    )


def doc(doc_id: str, source: str, published: str, text: str | None = None) -> Document:
    return Document(
        id=doc_id, text=text or f"Report {doc_id} from {source}.", source=source, published=published
    )


@pytest.fixture
def store(tmp_path) -> Store:
    with Store(str(tmp_path / "ledger.db")) as s:
        yield s


def add(store: Store, *items: tuple[Document, list[Claim]]) -> None:
    store.add_many(items, "test")


def only_event(ledger: Ledger, **filters):
    events = list(ledger.events(**filters))
    assert len(events) == 1, [(e.event_id, e.claim_ids) for e in events]
    return events[0]


# -- events and statuses ----------------------------------------------------------------------------


def test_advance_then_capture_admitted_by_loser_is_one_confirmed_story(store) -> None:
    add(
        store,
        (doc("tass-1", "TASS", "2024-02-10"), [claim("c_adv", "advance", "2024-02-10")]),
        (doc("tass-2", "TASS", "2024-02-17"), [claim("c_cap", "capture", "2024-02-17")]),
        (
            doc("ukr-1", "Ukrinform", "2024-02-17"),
            [
                claim(
                    "c_wd",
                    "withdraw",
                    "2024-02-17",
                    actors="ua",
                    claimant="Oleksandr Syrskyi",
                    cside="ukraine",
                )
            ],
        ),
    )
    ledger = Ledger(store)
    summary = ledger.update()
    assert summary.new_claims == 3
    ev = only_event(ledger)
    assert ev.event_id == "ev_adv"  # the earliest claim founds the event and names it
    assert ev.status == "confirmed_by_adversary"
    assert ev.family == "ground"
    assert set(ev.claim_ids) == {"c_adv", "c_cap", "c_wd"}
    assert (ev.first_date, ev.last_date) == (date(2024, 2, 10), date(2024, 2, 17))
    assert ev.attacker_side == "russia"
    assert ev.place_name == "Avdiivka"


def test_independent_sources_corroborate_but_copies_and_requotes_do_not(store) -> None:
    text = "Russian forces captured the town of Avdiivka after four months of heavy fighting, officials said."
    add(
        store,
        (
            doc("reuters", "Reuters", "2024-02-18", text),
            [claim("c_r", "capture", "2024-02-17", claimant=None, cside="unknown")],
        ),
        (
            doc("yahoo", "Yahoo", "2024-02-18", text + " (Reuters)"),
            [claim("c_y", "capture", "2024-02-17", claimant=None, cside="unknown")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "single_source"  # a syndicated copy is not a second source

    add(
        store,
        (
            doc("afp", "AFP", "2024-02-18"),
            [claim("c_a", "capture", "2024-02-17", claimant="ISW", cside="third_party")],
        ),
    )
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "corroborated"
    assert ev.n_sources == 2
    story = ledger.event(ev.event_id)
    origins = {c.claim_id: c.origin for c in story.claims}
    assert origins["c_r"] == origins["c_y"] != origins["c_a"]


def test_same_claimant_quoted_by_two_outlets_is_one_source(store) -> None:
    add(
        store,
        (doc("tass", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("ria", "RIA", "2024-02-17"),
            [claim("c_2", "capture", "2024-02-17", claimant="the Russian Defense Ministry")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "single_source"


def test_capture_vs_repel_is_disputed_with_a_recorded_contradiction(store) -> None:
    add(
        store,
        (doc("tass", "TASS", "2024-02-17"), [claim("c_cap", "capture", "2024-02-17")]),
        (
            doc("ukr", "Ukrinform", "2024-02-17"),
            [
                claim(
                    "c_rep", "repel", "2024-02-17", actors="ua,ru", claimant="General Staff", cside="ukraine"
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "disputed"
    assert [(c.kind, c.claim_a, c.claim_b) for c in ev.contradictions] == [
        ("capture_vs_repel", "c_cap", "c_rep")
    ]
    assert "General Staff" in ev.contradictions[0].explanation


def test_repel_before_the_capture_is_not_a_contradiction(store) -> None:
    add(
        store,
        (
            doc("ukr", "Ukrinform", "2024-02-15"),
            [
                claim(
                    "c_rep", "repel", "2024-02-15", actors="ua,ru", claimant="General Staff", cside="ukraine"
                )
            ],
        ),
        (doc("tass", "TASS", "2024-02-17"), [claim("c_cap", "capture", "2024-02-17")]),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert not ev.contradictions
    # two origins, but a repulsion and a capture two days later are not the same report:
    # nothing corroborates either of them
    assert ev.status == "single_source" and ev.n_sources == 2


def test_continued_fighting_after_a_claimed_capture(store) -> None:
    add(
        store,
        (doc("tass", "TASS", "2024-02-17"), [claim("c_cap", "capture", "2024-02-17")]),
        (
            doc("ukr", "Ukrinform", "2024-02-18"),
            [
                claim(
                    "c_fight",
                    "clash",
                    "2024-02-18",
                    actors="ru,ua",
                    claimant="General Staff",
                    cside="ukraine",
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "disputed"
    assert [c.kind for c in ev.contradictions] == ["capture_vs_fighting"]


def test_text_verification_disputed_makes_the_event_disputed(store) -> None:
    add(
        store,
        (
            doc("ukr", "Ukrinform", "2024-02-17"),
            [claim("c_1", "capture", "2024-02-17", verification="disputed")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "disputed"


def test_later_revision_by_the_same_source_supersedes(store) -> None:
    kw = {
        "actors": "ru,civ",
        "claimant": "Vadym Filashkin",
        "cside": "ukraine",
        "place": KRAMATORSK,
        "name": "Kramatorsk",
    }
    add(
        store,
        (
            doc("ukr-1", "Ukrinform", "2024-07-14"),
            [claim("c_two", "drone_strike", "2024-07-14", fatalities=2, **kw)],
        ),
        (
            doc("ukr-2", "Ukrinform", "2024-07-15"),
            [claim("c_five", "drone_strike", "2024-07-14", fatalities=5, **kw)],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "superseded"
    story = {c.claim_id: c for c in ledger.event(ev.event_id).claims}
    assert story["c_two"].claim_status == "superseded" and story["c_two"].superseded_by == "c_five"
    assert story["c_five"].claim_status == "active"
    assert not ev.contradictions  # a revision is not a casualty-figure dispute


def test_casualty_figures_differ_between_sources(store) -> None:
    kw = {"actors": "ru,civ", "place": KRAMATORSK, "name": "Kramatorsk"}
    add(
        store,
        (
            doc("a", "Ukrinform", "2024-07-14"),
            [
                claim(
                    "c_a",
                    "drone_strike",
                    "2024-07-14",
                    fatalities=2,
                    claimant="Governor",
                    cside="ukraine",
                    **kw,
                )
            ],
        ),
        (
            doc("b", "Suspilne", "2024-07-14"),
            [
                claim(
                    "c_b",
                    "drone_strike",
                    "2024-07-14",
                    fatalities=4,
                    claimant="Police",
                    cside="ukraine",
                    **kw,
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "corroborated"
    assert [c.kind for c in ev.contradictions] == ["casualty_figures"]


def test_struck_vs_intercepted_and_adversary_hit_confirmation(store) -> None:
    kw = {"place": KRAMATORSK, "name": "Kramatorsk"}
    add(
        store,
        (doc("tass", "TASS", "2024-07-14"), [claim("c_hit", "missile_strike", "2024-07-14", **kw)]),
        (
            doc("ukr", "Ukrinform", "2024-07-14"),
            [
                claim(
                    "c_int",
                    "shoot_down",
                    "2024-07-14",
                    actors="ua,ru",
                    claimant="Air Force",
                    cside="ukraine",
                    **kw,
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "disputed"
    assert [c.kind for c in ev.contradictions] == ["strike_vs_intercept"]
    # the hit side now admits the hit: both belligerents assert it
    add(
        store,
        (
            doc("ukr2", "Suspilne", "2024-07-14"),
            [claim("c_adm", "missile_strike", "2024-07-14", claimant="Governor", cside="ukraine", **kw)],
        ),
    )
    ledger.update()
    assert only_event(ledger).status == "confirmed_by_adversary"


def test_victim_report_alone_is_not_an_admission(store) -> None:
    add(
        store,
        (
            doc("ukr", "Ukrinform", "2024-07-14"),
            [
                claim(
                    "c_1",
                    "drone_strike",
                    "2024-07-14",
                    claimant="Governor",
                    cside="ukraine",
                    place=KRAMATORSK,
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "single_source"


def test_swapped_blame_makes_two_disputed_events(store) -> None:
    kw = {"place": (47.09, 37.54), "name": "Mariupol"}
    add(
        store,
        (
            doc("ukr", "Ukrinform", "2024-03-01"),
            [
                claim(
                    "c_ua",
                    "shelling",
                    "2024-03-01",
                    actors="ru,civ",
                    claimant="Governor",
                    cside="ukraine",
                    **kw,
                )
            ],
        ),
        (
            doc("tass", "TASS", "2024-03-01"),
            [
                claim(
                    "c_ru",
                    "shelling",
                    "2024-03-01",
                    actors="ua,civ",
                    claimant="DPR head",
                    cside="russia",
                    **kw,
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    events = list(ledger.events())
    assert len(events) == 2
    assert {e.status for e in events} == {"disputed"}
    for e in events:
        assert [(c.kind, c.claim_a, c.claim_b) for c in e.contradictions] == [
            ("actors_swapped", "c_ru", "c_ua")
        ] or [(c.kind, c.claim_a, c.claim_b) for c in e.contradictions] == [
            ("actors_swapped", "c_ua", "c_ru")
        ]


# -- clustering bounds -----------------------------------------------------------------------------


def lc(
    cid: str,
    day: int,
    lat: float,
    lon: float,
    *,
    gp: int = 1,
    tp: int = 1,
    action: str = "shelling",
    side: str | None = "russia",
    admin1: str | None = "donetsk",
) -> LClaim:
    family = "ground" if action in ("capture", "advance", "clash") else "strike"
    return LClaim(cid, action, family, day, tp, lat, lon, gp, admin1, None, side)


D0 = date(2024, 1, 1).toordinal()


@pytest.mark.parametrize(
    ("second", "together"),
    [
        (lc("c_b", D0, 48.72 + 8 / 111.32, 37.57), True),  # 8 km, precision 1 (10 km)
        (lc("c_b", D0, 48.72 + 15 / 111.32, 37.57), False),  # 15 km, precision 1
        (lc("c_b", D0, 48.72 + 15 / 111.32, 37.57, gp=2), True),  # 15 km, precision 2 (25 km)
        (lc("c_b", D0 + 1, 48.72, 37.57), True),  # strikes: +-1 day at precision 1
        (lc("c_b", D0 + 3, 48.72, 37.57), False),
        (lc("c_b", D0 + 5, 48.72, 37.57, tp=2), True),  # precision 2: +-7 days
        (lc("c_b", D0, 48.72, 37.57, side="ukraine"), False),  # the other attacker
        (lc("c_b", D0, 48.72, 37.57, side=None), True),  # unknown attacker is compatible
        (lc("c_b", D0, 48.72, 37.57, action="capture"), False),  # another family
        (lc("c_b", D0, 48.0, 38.0, gp=3), False),  # oblast-level claims only meet each other
    ],
)
def test_pair_rules(second: LClaim, together: bool) -> None:
    cl = Clusterer()
    first = cl.add(lc("c_a", D0, 48.72, 37.57))
    assert (cl.add(second).event_id == first.event_id) is together


def test_region_level_claims_never_join_other_claims() -> None:
    """'Fighting in Donetsk Oblast' twice is not evidence of one happening: claims located
    only at a country, oblast or district each stay an event of their own."""
    cl = Clusterer()
    a = cl.add(lc("c_a", D0, 48.0, 37.8, gp=3, tp=3))
    assert cl.add(lc("c_b", D0, 48.0, 37.8, gp=3, tp=3)).event_id != a.event_id
    district = lc("c_d", D0, 48.6, 38.0)
    district.region = True  # a raion centroid at precision 2 is still a region
    town = cl.add(lc("c_t", D0, 48.6, 38.0))
    assert cl.add(district).event_id != town.event_id
    assert cl.add(lc("c_u", D0, 48.6, 38.0)).event_id == town.event_id
    unresolved = LClaim("c_n", "shelling", "strike", D0, 1, None, None, None, None, "novyi", "russia")
    assert cl.add(unresolved).created
    assert cl.add(
        LClaim("c_n2", "shelling", "strike", D0, 1, None, None, None, None, "novyi", "russia")
    ).created


def test_advance_and_capture_a_week_apart_join_but_a_month_later_does_not() -> None:
    cl = Clusterer()
    a = cl.add(lc("c_a", D0, 48.13, 37.77, action="advance"))
    assert cl.add(lc("c_b", D0 + 7, 48.13, 37.77, action="capture")).event_id == a.event_id
    assert cl.add(lc("c_c", D0 + 40, 48.13, 37.77, action="capture")).event_id != a.event_id


def test_a_bridging_claim_merges_events_and_the_older_id_survives(store) -> None:
    kw = {"place": (48.13, 37.77)}
    add(
        store,
        (doc("d1", "TASS", "2024-02-01"), [claim("c_early", "advance", "2024-02-01", **kw)]),
        (
            doc("d2", "TASS", "2024-02-10"),
            [claim("c_late", "advance", "2024-02-14", claimant="Other", cside="russia", **kw)],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert len(list(ledger.events())) == 2
    add(
        store,
        (doc("d3", "RIA", "2024-02-09"), [claim("c_bridge", "clash", "2024-02-08", claimant="Third", **kw)]),
    )
    summary = ledger.update()
    assert summary.events_merged == 1
    ev = only_event(ledger)
    assert ev.event_id == "ev_early"
    assert ledger.event("ev_late").event.event_id == "ev_early"  # the absorbed id still resolves
    assert ledger.event("ev_early").aliases == ["ev_late"]


# -- incremental updates, rebuild and re-extraction ----------------------------------------------------


def corpus() -> list[tuple[Document, list[Claim]]]:
    items = []
    for i in range(40):
        day = date(2024, 1, 1) + timedelta(days=i % 10 * 3)
        place = (48.0 + (i % 4) * 0.3, 37.5 + (i % 3) * 0.3)
        side = "ukraine" if i % 5 == 0 else "russia"
        c = claim(
            f"c_{i:03d}",
            "shelling" if i % 2 else "capture",
            day.isoformat(),
            place=place,
            name=f"P{i % 4}",
            claimant=f"Claimant {i % 6}",
            cside=side,
        )
        items.append((doc(f"d{i}", f"Outlet {i % 7}", day.isoformat()), [c]))
    return items


def snapshot(ledger: Ledger) -> list[tuple]:
    return sorted((e.event_id, e.status, e.claim_ids) for e in ledger.events())


def test_incremental_updates_match_a_rebuild(store) -> None:
    items = corpus()
    ledger = Ledger(store)
    for start in range(0, len(items), 10):
        add(store, *items[start : start + 10])
        ledger.update()
    incremental = snapshot(ledger)
    ledger.rebuild()
    assert snapshot(ledger) == incremental
    ledger.rebuild()
    assert snapshot(ledger) == incremental  # deterministic ids
    assert ledger.update().new_claims == 0  # nothing new: nothing done


def test_reextraction_drops_vanished_claims(store) -> None:
    d1, d2 = doc("tass", "TASS", "2024-02-17"), doc("ria", "AFP", "2024-02-17")
    add(
        store,
        (d1, [claim("c_1", "capture", "2024-02-17")]),
        (d2, [claim("c_2", "capture", "2024-02-17", claimant="ISW", cside="third_party")]),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "corroborated"
    store.replace_claims(
        [(d2.content_hash, [claim("c_2b", "capture", "2024-02-17", claimant="ISW", cside="third_party")])],
        "v2",
    )
    summary = ledger.update()
    assert summary.removed_claims == 1 and summary.new_claims == 1
    ev = only_event(ledger)
    assert set(ev.claim_ids) == {"c_1", "c_2b"} and ev.event_id == "ev_1"
    store.replace_claims([(d1.content_hash, []), (d2.content_hash, [])], "v3")
    assert ledger.update().events_deleted == 1
    assert list(ledger.events()) == []
    with store.engine.connect() as conn:
        assert conn.execute(event_claims_table.select()).first() is None
        assert conn.execute(events_table.select()).first() is None


# -- timelines, filters, exports -----------------------------------------------------------------------


def test_place_timeline_shows_the_escalation(store) -> None:
    add(
        store,
        (doc("d3", "TASS", "2024-02-17"), [claim("c_cap", "capture", "2024-02-17")]),
        (doc("d1", "TASS", "2024-02-10"), [claim("c_adv", "advance", "2024-02-10", name="Avdiivka", gp=2)]),
        (
            doc("d2", "Ukrinform", "2024-02-14"),
            [claim("c_rep", "repel", "2024-02-14", actors="ua,ru", claimant="GS", cside="ukraine")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    timeline = ledger.place_timeline("avdiivka")
    assert [t.action for t in timeline] == ["advance", "repel", "capture"]
    assert len({t.event_id for t in timeline}) == 1
    # the Ministry revised its advance into a capture; the General Staff's repulsion three
    # days earlier reports another happening, so it corroborates neither
    assert {t.event_status for t in timeline} == {"superseded"}
    assert [t.claim_id for t in ledger.place_timeline((48.1, 37.8, 10.0))] == ["c_adv", "c_rep", "c_cap"]


def test_event_filters(store) -> None:
    add(
        store,
        (doc("d1", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("d2", "TASS", "2024-07-14"),
            [claim("c_2", "missile_strike", "2024-07-14", place=KRAMATORSK, name="Kramatorsk")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert [e.claim_ids for e in ledger.events(family="strike")] == [("c_2",)]
    assert [e.claim_ids for e in ledger.events(since=date(2024, 3, 1))] == [("c_2",)]
    assert [e.claim_ids for e in ledger.events(near=AVDIIVKA, radius_km=5)] == [("c_1",)]
    assert [e.claim_ids for e in ledger.events(place="kramatorsk")] == [("c_2",)]
    assert list(ledger.events(status="disputed")) == []
    assert len(list(ledger.events(status="single_source", side="russia"))) == 2


def test_events_export_formats(store, tmp_path) -> None:
    add(
        store,
        (doc("d1", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("d2", "Ukrinform", "2024-02-17"),
            [claim("c_2", "withdraw", "2024-02-17", actors="ua", claimant="GS", cside="ukraine")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    buf = io.StringIO()
    assert export_events(ledger.stories(), "jsonl", buf).written == 1
    record = json.loads(buf.getvalue())
    assert record["status"] == "confirmed_by_adversary"
    assert [c["claim_id"] for c in record["claims"]] == ["c_1", "c_2"]
    path = tmp_path / "events.csv"
    export_events(ledger.stories(), "csv", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [(r["event_id"], r["claim_id"]) for r in rows] == [("ev_1", "c_1"), ("ev_1", "c_2")]
    buf = io.StringIO()
    export_events(ledger.stories(), "geojson", buf)
    feature = json.loads(buf.getvalue())["features"][0]
    assert feature["geometry"]["coordinates"] == [AVDIIVKA[1], AVDIIVKA[0]]
    assert feature["properties"]["claim_ids"] == "c_1;c_2"
    with pytest.raises(ValueError):
        export_events([], "parquet", buf)


def test_assess_is_pure_and_orders_statuses() -> None:
    a = LClaim(
        "c_a",
        "capture",
        "ground",
        D0,
        1,
        48.1,
        37.7,
        1,
        None,
        None,
        "russia",
        claimant_side="russia",
        claimant_name="MoD",
        content_hash="h1",
    )
    b = LClaim(
        "c_b",
        "repel",
        "ground",
        D0,
        1,
        48.1,
        37.7,
        1,
        None,
        None,
        "russia",
        claimant_side="ukraine",
        claimant_name="GS",
        content_hash="h2",
        actor_sides=("ukraine", "russia"),
    )
    c = LClaim(
        "c_c",
        "withdraw",
        "ground",
        D0,
        1,
        48.1,
        37.7,
        1,
        None,
        None,
        "russia",
        claimant_side="ukraine",
        claimant_name="Syrskyi",
        content_hash="h3",
    )
    assert assess([a, b]).status == "disputed"
    assert assess([a, b, c]).status == "confirmed_by_adversary"  # the admission outranks the dispute


# -- through the real extractor ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Document, list[Claim]]]:
    from frontwatch.pipeline import Extractor

    extractor = Extractor()
    docs = [
        Document.model_validate_json(line)
        for line in (FIXTURES / "avdiivka_reports.jsonl").read_text().splitlines()
    ]
    return [(d, extractor.extract(d).claims) for d in docs]


def test_extracted_reports_make_one_avdiivka_story(store, extracted) -> None:
    add(store, *extracted)
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger, family="ground")
    assert ev.place_name == "Avdiivka" and ev.attacker_side == "russia"
    assert ev.n_claims == 7
    story = ledger.event(ev.event_id)
    by_doc = {c.doc_id: c for c in story.claims}
    assert story.claims[0].doc_id == "tass-0210" and ev.event_id == "ev_" + story.claims[0].claim_id[2:]
    # the syndicated copy is the same origin as the wire story; the two MoD quotes are one origin
    assert by_doc["reuters-0218"].origin == by_doc["yahoo-0218"].origin
    assert by_doc["tass-0217"].origin == by_doc["ukrinform-0217a"].origin
    # the General Staff's "repelled" is revised by its own later "withdrawn"
    assert by_doc["ukrinform-0216"].superseded_by == by_doc["ukrinform-0218"].claim_id
    # Ukraine admits the withdrawal: that outranks the denial reported on Feb 17
    assert ev.status == "confirmed_by_adversary"
    assert any("verification 'disputed'" in r for r in ev.reasons)  # the denial stays on record


def test_extracted_reports_without_the_admission_are_disputed(store, extracted) -> None:
    add(store, *[item for item in extracted if item[0].id != "ukrinform-0218"])
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger, family="ground")
    assert ev.status == "disputed"
    timeline = ledger.place_timeline("Avdiivka")
    assert [t.action for t in timeline][0] == "advance" and timeline[-1].action == "capture"


# -- the bench ------------------------------------------------------------------------------------------


def test_bench_small_in_child() -> None:
    from frontwatch.bench_ledger import format_ledger_bench, run_ledger_bench

    result = run_ledger_bench(n_claims=3000, seed=1, store_claims=1000)
    mem, st = result["memory"], result["store"]
    assert mem["claims"] == 3000 and mem["events"] > 300 and mem["peak_rss_mb"] > 0
    assert set(mem["statuses"]) <= {
        "confirmed_by_adversary",
        "disputed",
        "corroborated",
        "superseded",
        "single_source",
    }
    assert (
        st["claims"] + st["late_claims"] + st["recent_claims"] == 1000 and st["noop_update_new_claims"] == 0
    )
    assert st["late_claims"] == st["recent_claims"] == 2 and st["late_update_equals_rebuild"] is True
    assert "claims/s" in format_ledger_bench(result)


def test_event_ids_follow_the_claims_and_old_ids_still_resolve(store) -> None:
    """An event is named after its oldest claim whatever happened before: when that claim is
    re-extracted away the event takes the next one's name (as a rebuild would), the old id
    resolves to it, and when the claim returns as another event the name is its own again."""
    d1, d2 = doc("d1", "TASS", "2024-02-17"), doc("d2", "AFP", "2024-02-17")
    add(
        store,
        (d1, [claim("c_1", "capture", "2024-02-17")]),
        (d2, [claim("c_2", "capture", "2024-02-17", claimant="ISW")]),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).event_id == "ev_1"
    store.replace_claims([(d1.content_hash, [])], "v2")
    ledger.update()
    assert only_event(ledger).event_id == "ev_2"
    assert ledger.event("ev_1").event.event_id == "ev_2"  # a saved link still works
    strike = claim("c_1", "missile_strike", "2024-07-14", place=KRAMATORSK, name="Kramatorsk")
    store.replace_claims([(d1.content_hash, [strike])], "v3")
    ledger.update()
    assert sorted(e.event_id for e in ledger.events()) == ["ev_1", "ev_2"]
    assert ledger.event("ev_1").event.family == "strike"
    incremental = snapshot(ledger)
    ledger.rebuild()
    assert snapshot(ledger) == incremental


# -- statuses rest on pairs of claims at one settlement (docs/ledger.md, section 2) -----------------
# Each class below is one way a real-news ledger went wrong; the claims are written for the test.

BAKHMUT = (48.59522, 38.00197)
# a village 5 km from Avdiivka: within the 10 km clustering radius, but another settlement
NEAR_AVDIIVKA = (48.12787 + 5 / 111.32, 37.77046)


def at(c: Claim, gazetteer_id: str, gp: int | None = None) -> Claim:
    """The claim located at a real gazetteer entry (country, oblast, raion or settlement)."""
    c.location.gazetteer_id = gazetteer_id
    if gp is not None:
        c.location.geo_precision = gp
    return c


def ua(cid: str, action: str, when: str, **kw) -> Claim:
    kw.setdefault("claimant", "General Staff")
    return claim(cid, action, when, cside="ukraine", **kw)


def test_country_and_oblast_level_claims_never_corroborate_each_other(store) -> None:
    """'Russian forces are advancing in Ukraine' from two outlets is not one happening."""
    country = {"place": (48.779, 30.7802), "name": "Ukraine", "gp": 3, "admin1": None}
    add(
        store,
        (
            doc("a", "Outlet A", "2024-03-01"),
            [at(claim("c_1", "advance", "2024-03-01", **country), "country:UA")],
        ),
        (
            doc("b", "Outlet B", "2024-03-01"),
            [at(ua("c_2", "advance", "2024-03-01", **country), "country:UA")],
        ),
        (
            doc("c", "Outlet C", "2024-03-01"),
            [at(claim("c_3", "capture", "2024-03-01", claimant="ISW", cside="third_party", gp=3), "UA14")],
        ),
        (
            doc("d", "Outlet D", "2024-03-01"),
            [at(ua("c_4", "withdraw", "2024-03-01", actors="ua", gp=3), "UA14")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    events = list(ledger.events())
    assert len(events) == 4 and {e.status for e in events} == {"single_source"}


def test_a_district_level_claim_stays_apart_even_at_precision_two_and_after_reloading(store) -> None:
    """A raion centroid is a region even when the geoparser calls it precision 2; the ledger
    keeps it apart in a rebuild and in an incremental update alike."""
    raion = {"place": (48.64956, 38.08651), "name": "Bakhmutskyi", "gp": 2}
    add(
        store,
        (doc("a", "TASS", "2024-03-01"), [at(claim("c_1", "advance", "2024-03-01", **raion), "UA1402")]),
    )
    ledger = Ledger(store)
    ledger.update()
    add(
        store,
        (doc("b", "AFP", "2024-03-01"), [claim("c_2", "advance", "2024-03-01", claimant="ISW", **raion)]),
    )
    ledger.update()
    incremental = snapshot(ledger)
    assert [e[2] for e in incremental] == [("c_1",), ("c_2",)]
    ledger.rebuild()
    assert snapshot(ledger) == incremental


def test_a_lone_admission_is_not_confirmed_by_adversary(store) -> None:
    """A Ukrainian source saying Russia captured a village is an admission only when Russia
    claims it too; alone it may be a mis-read sentence (or a background mention)."""
    add(store, (doc("u", "Ukrinform", "2024-02-17"), [ua("c_1", "capture", "2024-02-17")]))
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "single_source"


def test_admission_needs_the_claimant_on_the_losing_side_as_the_actors_type_it(store) -> None:
    # the Russian ministry reporting a Russian capture is no admission, however it is worded
    add(
        store,
        (doc("t", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (doc("r", "RIA", "2024-02-17"), [claim("c_2", "capture", "2024-02-17", claimant="Army spokesman")]),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "corroborated"
    # the Ukrainian command reporting the same capture is one
    add(store, (doc("u", "Ukrinform", "2024-02-18"), [ua("c_3", "withdraw", "2024-02-18", actors="ua")]))
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "confirmed_by_adversary"
    assert any(r.startswith("c_3:") and "c_1" in r for r in ev.reasons)  # both claims named


def test_unknown_or_third_party_claimants_corroborate_but_never_confirm(store) -> None:
    add(
        store,
        (doc("t", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("a", "AFP", "2024-02-17"),
            [claim("c_2", "capture", "2024-02-17", claimant="a NATO official", cside="third_party")],
        ),
        (
            doc("b", "Outlet B", "2024-02-17"),
            [claim("c_3", "withdraw", "2024-02-17", actors="ua", claimant=None, cside="unknown")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "corroborated"
    assert any("c_1" in r and "c_2" in r for r in ev.reasons)


def test_admission_about_another_settlement_does_not_confirm(store) -> None:
    """Both within the clustering radius, but a withdrawal from a neighbouring village does
    not confirm the capture of the town."""
    add(
        store,
        (doc("t", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("u", "Ukrinform", "2024-02-17"),
            [ua("c_2", "withdraw", "2024-02-17", actors="ua", place=NEAR_AVDIIVKA, name="Lastochkyne")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "single_source" and ev.n_sources == 2


def test_admission_must_be_within_the_window_of_the_claim_it_confirms() -> None:
    kw = {"claimant_name": "General Staff", "actor_sides": ("russia", "ukraine")}
    cap = LClaim(
        "c_1",
        "capture",
        "ground",
        D0,
        1,
        48.1,
        37.7,
        1,
        None,
        "a",
        "russia",
        "russia",
        "h1",
        claimant_name="Defence Ministry",
        actor_sides=("russia", "ukraine"),
    )
    late = LClaim(
        "c_2", "capture", "ground", D0 + 12, 1, 48.1, 37.7, 1, None, "a", "russia", "ukraine", "h2", **kw
    )
    soon = LClaim(
        "c_3", "capture", "ground", D0 + 3, 1, 48.1, 37.7, 1, None, "a", "russia", "ukraine", "h3", **kw
    )
    assert assess([cap, late]).status != "confirmed_by_adversary"
    assert assess([cap, soon]).status == "confirmed_by_adversary"
    hedged = LClaim(
        "c_4", "capture", "ground", D0, 1, 48.1, 37.7, 1, None, "a", "russia", "ukraine", "h4", **kw
    )
    hedged.hedged = True  # "Russian forces may have taken the town", says the Ukrainian side
    assert assess([cap, hedged]).status != "confirmed_by_adversary"


def test_contradiction_with_a_neutral_or_unknown_claimant_is_recorded_but_not_a_dispute(store) -> None:
    add(
        store,
        (doc("t", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("a", "AFP", "2024-02-17"),
            [claim("c_2", "repel", "2024-02-17", actors="ua,ru", claimant="ISW", cside="third_party")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert [c.kind for c in ev.contradictions] == ["capture_vs_repel"]
    assert ev.status == "single_source"


def test_opposite_claims_about_two_different_villages_are_no_dispute(store) -> None:
    add(
        store,
        (doc("t", "TASS", "2024-02-17"), [claim("c_1", "capture", "2024-02-17")]),
        (
            doc("u", "Ukrinform", "2024-02-17"),
            [ua("c_2", "repel", "2024-02-17", actors="ua,ru", place=NEAR_AVDIIVKA, name="Lastochkyne")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "single_source"


def test_swapped_blame_about_two_different_villages_is_no_dispute(store) -> None:
    kw = {"actors": "ru,civ", "claimant": "Governor"}
    add(
        store,
        (doc("u", "Ukrinform", "2024-03-01"), [ua("c_ua", "shelling", "2024-03-01", **kw)]),
        (
            doc("t", "TASS", "2024-03-01"),
            [
                claim(
                    "c_ru",
                    "shelling",
                    "2024-03-01",
                    actors="ua,civ",
                    claimant="DPR head",
                    place=NEAR_AVDIIVKA,
                    name="Lastochkyne",
                )
            ],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert {e.status for e in ledger.events()} == {"single_source"}


def test_a_denial_cue_counts_only_on_a_belligerents_claim_about_a_settlement(store) -> None:
    """'disputed'/'denied' in a sentence by an unknown speaker, or about a whole oblast, or about
    diplomacy, is not the other side denying an act of war."""
    add(
        store,
        (
            doc("a", "Outlet A", "2024-03-01"),
            [claim("c_1", "capture", "2024-03-01", claimant=None, cside="unknown", verification="disputed")],
        ),
        (
            doc("b", "Outlet B", "2024-03-05"),
            [at(claim("c_2", "capture", "2024-03-05", gp=3, verification="disputed"), "UA14")],
        ),
    )
    ledger = Ledger(store)
    ledger.update()
    assert {e.status for e in ledger.events()} == {"single_source"}


def test_bare_claims_do_not_corroborate_each_other(store) -> None:
    """Two unattributed sentences that name no actor ('an attack on the city is possible') are
    a verb and a place name each: no corroboration. A named claimant or a typed actor is."""
    bare = {"actors": "", "claimant": None, "cside": "unknown"}
    add(
        store,
        (doc("a", "Outlet A", "2024-03-01"), [claim("c_1", "clash", "2024-03-01", **bare)]),
        (doc("b", "Outlet B", "2024-03-01"), [claim("c_2", "clash", "2024-03-01", **bare)]),
    )
    ledger = Ledger(store)
    ledger.update()
    assert only_event(ledger).status == "single_source"
    add(store, (doc("c", "Outlet C", "2024-03-01"), [claim("c_3", "clash", "2024-03-01", claimant="Mayor")]))
    ledger.update()
    assert only_event(ledger).status == "single_source"  # c_3 names a claimant, but c_1/c_2 are bare
    add(store, (doc("d", "Outlet D", "2024-03-01"), [ua("c_4", "repel", "2024-03-01", actors="ua,ru")]))
    ledger.update()
    ev = only_event(ledger)
    # an attack reported by the attacker's side and its repulsion reported by the defender agree
    assert ev.status == "corroborated" and any("c_3" in r and "c_4" in r for r in ev.reasons)


def test_strike_reports_corroborate_only_a_day_apart() -> None:
    """Strikes on a city recur: Monday's and Thursday's strike are two happenings, even when
    both reports are only week-precise."""
    kw = {"claimant_name": "Mayor", "actor_sides": ("russia", "civilians")}
    a = LClaim(
        "c_1", "missile_strike", "strike", D0, 2, 50.0, 36.2, 1, None, "k", "russia", "ukraine", "h1", **kw
    )
    b = LClaim(
        "c_2", "drone_strike", "strike", D0 + 3, 2, 50.0, 36.2, 1, None, "k", "russia", "unknown", "h2"
    )
    b.claimant_name, b.actor_sides = "Police", ("russia",)
    assert assess([a, b]).status == "single_source"
    b.day = D0 + 1
    assert assess([a, b]).status == "corroborated"


def test_another_verb_for_the_same_fighting_is_no_revision(store) -> None:
    add(
        store,
        (doc("t1", "TASS", "2024-02-10"), [claim("c_1", "clash", "2024-02-10")]),
        (doc("t2", "TASS", "2024-02-11"), [claim("c_2", "advance", "2024-02-11")]),
    )
    ledger = Ledger(store)
    ledger.update()
    ev = only_event(ledger)
    assert ev.status == "single_source"
    assert {c.claim_status for c in ledger.event(ev.event_id).claims} == {"active"}


# -- the in-memory path and the store path agree ------------------------------------------------


def bench_claim(cid: str, action: str, day: int, place: tuple[str, float, float], **kw) -> dict:
    """One claim in the bench generator's dict form (``bench_ledger.generate``)."""
    name, lat, lon = place
    strike = action in ("shelling", "missile_strike", "shoot_down")
    d = {
        "claim_id": cid,
        "action": action,
        "day": day,
        "tp": 1,
        "lat": lat,
        "lon": lon,
        "gp": 1,
        "admin1": "Donetsk",
        "name": name,
        "actors": ["russia", "ukraine"],
        "claimant": "Russian Defense Ministry",
        "claimant_side": "russia",
        "outlet": "Outlet A",
        "published": day,
        "verification": "unverified",
        "fatalities": None,
        "event_type": "Explosions/Remote violence" if strike else "Battles",
    }
    d.update(kw)
    d.setdefault(
        "text",
        f"Report {cid}: {d['claimant'] or 'our correspondent'} told {d['outlet']} about "
        f"{action.replace('_', ' ')} near {name} on day {day}.",
    )
    return d


def test_memory_and_store_paths_give_the_same_events_and_statuses(tmp_path) -> None:
    """Regression: the bench's in-memory path counted swapped blame about two different
    villages as a dispute while ``Ledger.rebuild()`` did not (same events, other statuses)."""
    from frontwatch import bench_ledger as bl

    d0 = date(2024, 5, 6).toordinal()
    north = ("Northvale", 48.40, 37.90)
    west = ("Westbrook", 48.30, 37.60)
    city = ("Rivertown", 48.55, 37.30)
    hamlet = ("Oakfield", 48.20, 38.10)
    other = ("Pinegrove", 48.20 + 5 / 111.32, 38.10)  # another village 5 km away: one radius
    ua = {"claimant": "Ukrainian General Staff", "claimant_side": "ukraine", "outlet": "Outlet B"}
    dicts = [
        # confirmed_by_adversary: Russia claims the capture, Ukraine reports withdrawing
        bench_claim("c_conf_ru", "capture", d0, north),
        bench_claim("c_conf_ua", "withdraw", d0 + 1, north, actors=["ukraine", "russia"], **ua),
        # disputed: Russia claims the capture, Ukraine says it repelled the attack
        bench_claim("c_disp_ru", "capture", d0, west),
        bench_claim("c_disp_ua", "repel", d0 + 1, west, actors=["ukraine", "russia"], **ua),
        # corroborated: a monitor and a Ukrainian governor report the same shelling of a city
        bench_claim("c_corr_mon", "shelling", d0, city, claimant="Monitor", claimant_side="third_party"),
        bench_claim(
            "c_corr_gov",
            "shelling",
            d0,
            city,
            claimant="Regional governor",
            **{k: v for k, v in ua.items() if k != "claimant"},
        ),
        # swapped blame about one village: two disputed events
        bench_claim(
            "c_swap_ua",
            "shelling",
            d0,
            hamlet,
            claimant="Regional governor",
            **{k: v for k, v in ua.items() if k != "claimant"},
        ),
        bench_claim("c_swap_ru", "shelling", d0, hamlet, actors=["ukraine", "russia"], claimant="DPR head"),
        # swapped blame about two villages 5 km apart: no dispute (the claims do not meet)
        bench_claim(
            "c_far_ua",
            "shelling",
            d0 + 20,
            hamlet,
            claimant="Regional governor",
            **{k: v for k, v in ua.items() if k != "claimant"},
        ),
        bench_claim(
            "c_far_ru", "shelling", d0 + 20, other, actors=["ukraine", "russia"], claimant="DPR head"
        ),
    ]
    _, assessed, _, _ = bl.assess_in_memory([bl.to_lclaim(d) for d in dicts])
    memory = {eid: a.status for eid, a in assessed.items()}

    with Store(str(tmp_path / "rebuild.db")) as s:
        s.add_many(bl._store_items(dicts), "test")
        Ledger(s).rebuild()
        rebuilt = {e.event_id: e.status for e in Ledger(s).events()}
    with Store(str(tmp_path / "incremental.db")) as s:
        for item in bl._store_items(sorted(dicts, key=lambda d: (d["day"], d["claim_id"]))):
            s.add_many([item], "test")
            Ledger(s).update()
        incremental = {e.event_id: e.status for e in Ledger(s).events()}

    assert memory == rebuilt == incremental
    assert memory == {
        "ev_conf_ru": "confirmed_by_adversary",
        "ev_disp_ru": "disputed",
        "ev_corr_gov": "corroborated",
        "ev_swap_ru": "disputed",
        "ev_swap_ua": "disputed",
        "ev_far_ru": "single_source",
        "ev_far_ua": "single_source",
    }


# -- the ledger is a function of its claims (issue 9) -------------------------------------------------


def busy_front(n: int = 90) -> list[tuple[Document, list[Claim]]]:
    """A month of reports on three villages a few km apart (inside each other's radius), from
    both sides, with advances, captures, withdrawals, repelled attacks and strikes, so that
    events chain, bridge and contradict each other; some dated only by publication."""
    rng = random.Random(7)
    places = [((48.13, 37.77), "Avdiivka"), ((48.16, 37.74), "Stepove"), ((48.10, 37.81), "Lastochkyne")]
    actions = ["advance", "capture", "withdraw", "repel", "clash", "shelling", "missile_strike"]
    items = []
    for i in range(n):
        day = date(2024, 2, 1) + timedelta(days=rng.randrange(40))
        place, name = rng.choice(places)
        action = rng.choice(actions)
        side = rng.choice(["russia", "ukraine", "third_party"])
        actors = rng.choice(["ru,ua", "ua,ru", "ru", "ua"])
        c = claim(
            f"c_{i:03d}",
            action,
            day.isoformat(),
            actors=actors,
            claimant=f"{side} source {rng.randrange(4)}",
            cside=side,
            place=place,
            name=name,
            tp=rng.choice([1, 1, 2]),
            fatalities=rng.choice([None, None, 3, 12]),
        )
        published = day + timedelta(days=rng.randrange(3))
        items.append((doc(f"d{i:03d}", f"Outlet {rng.randrange(5)}", published.isoformat()), [c]))
    return items


def full_snapshot(ledger: Ledger) -> list[tuple]:
    return sorted(
        (
            e.event_id,
            e.status,
            tuple(sorted(e.claim_ids)),
            e.n_sources,
            tuple(e.reasons),
            tuple(sorted((x.kind, x.claim_a, x.claim_b) for x in e.contradictions)),
        )
        for e in ledger.events()
    )


@pytest.mark.parametrize("seed", range(6))
def test_any_arrival_order_and_batches_give_the_events_of_a_rebuild(tmp_path, seed) -> None:
    """Property: the same claims, arriving shuffled in random batches with an update after
    each, end with exactly the events, ids, statuses and contradictions of a rebuild."""
    items = busy_front()
    rng = random.Random(seed)
    rng.shuffle(items)
    with Store(str(tmp_path / "shuffled.db")) as st:
        ledger = Ledger(st)
        start = 0
        while start < len(items):
            size = rng.randrange(1, 25)
            add(st, *items[start : start + size])
            ledger.update()
            start += size
        incremental = full_snapshot(ledger)
        ledger.rebuild()
        assert full_snapshot(ledger) == incremental
        assert len(incremental) < len(items)  # claims did join into events


@pytest.mark.parametrize("seed", range(4))
def test_arrivals_and_re_extractions_interleaved_give_the_events_of_a_rebuild(tmp_path, seed) -> None:
    """Property: documents arrive in random batches while random earlier documents are
    re-extracted (their claims vanish, or come back), with an update after each step; the
    ledger always ends as a rebuild of the claims then stored."""
    items = busy_front(120)
    rng = random.Random(seed)
    rng.shuffle(items)
    with Store(str(tmp_path / "interleaved.db")) as st:
        ledger = Ledger(st)
        start, seen = 0, []
        while start < len(items):
            size = rng.randrange(1, 20)
            add(st, *items[start : start + size])
            seen += items[start : start + size]
            start += size
            for _ in range(rng.randrange(3)):
                d, claims = rng.choice(seen)
                st.replace_claims(
                    [(d.content_hash, [] if rng.random() < 0.5 else claims)], f"v{rng.randrange(5)}"
                )
            ledger.update()
        incremental = full_snapshot(ledger)
        ledger.rebuild()
        assert full_snapshot(ledger) == incremental


def test_a_merge_made_before_an_update_survives_every_later_update(store) -> None:
    """A week-precise report bridges two events of one town (an advance on the 1st, a capture
    on the 10th, more than a day-precise window apart): they merge. Later reports near it make
    updates rewind to before that merge's neighbours; each must re-apply the merge from the
    stored record, or the ledger splits the event again where a rebuild keeps it whole."""
    kw = {"place": AVDIIVKA}
    add(
        store,
        (doc("d1", "TASS", "2024-02-01"), [claim("c_1", "advance", "2024-02-01", **kw)]),
        (doc("d2", "RIA", "2024-02-10"), [claim("c_2", "capture", "2024-02-10", claimant="B", **kw)]),
        (doc("d3", "AFP", "2024-02-11"), [claim("c_3", "clash", "2024-02-10", tp=2, claimant="C", **kw)]),
    )
    ledger = Ledger(store)
    ledger.update()
    assert len(list(ledger.events())) == 1
    for n, day in enumerate(("2024-02-20", "2024-02-21", "2024-02-19"), start=4):
        add(
            store, (doc(f"d{n}", f"Outlet {n}", day), [claim(f"c_{n}", "clash", day, claimant=f"S{n}", **kw)])
        )
        ledger.update()
    incremental = full_snapshot(ledger)
    ledger.rebuild()
    assert full_snapshot(ledger) == incremental
