"""The read-only HTTP API (frontwatch.api) through FastAPI's TestClient, on a store built here:
filters, paging and totals, formats, stories and aliases, place timelines with control maps,
the front of a day, counts, errors, the security headers, hostile text, the token-guarded
POST, and ``frontwatch serve``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from frontwatch.api import create_app
from frontwatch.cli import app as cli_app
from frontwatch.control import import_maps
from frontwatch.export import COLUMNS, EVENT_COLUMNS, export
from frontwatch.ledger import Ledger
from frontwatch.store import Store
from test_ledger import add, claim, doc

AVDIIVKA = (48.12787, 37.77046)
MARINKA = (47.94, 37.50)
KRAMATORSK = (48.72588, 37.572)
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = f"{SCRIPT} Russian forces shelled Kramatorsk on March 5, {IMG} the governor said."
HOSTILE_URL = "javascript:alert(document.cookie)"


def build(path: Path) -> str:
    """A small ledger: an Avdiivka story the loser admits (3 claims), two events at Marinka that a
    later claim merges (an alias), and a strike on Kramatorsk whose text and source are hostile."""
    url = str(path)
    with Store(url) as store:
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
            (
                doc("m-1", "TASS", "2024-02-01"),
                [claim("c_early", "advance", "2024-02-01", place=MARINKA, name="Marinka")],
            ),
            (
                doc("m-2", "TASS", "2024-02-10"),
                [claim("c_late", "advance", "2024-02-14", claimant="Other", place=MARINKA, name="Marinka")],
            ),
        )
        Ledger(store).update()
        hostile = doc("evil-1", IMG, "2024-03-06", text=f"Report {SCRIPT} from nowhere.")
        hostile = hostile.model_copy(update={"url": HOSTILE_URL})
        add(
            store,
            (
                doc("m-3", "RIA", "2024-02-09"),
                [claim("c_bridge", "clash", "2024-02-08", claimant="Third", place=MARINKA, name="Marinka")],
            ),
            (
                hostile,
                [
                    claim(
                        "c_evil",
                        "shelling",
                        "2024-03-05",
                        actors="ru,civ",
                        claimant="Vadym Filashkin",
                        cside="ukraine",
                        place=KRAMATORSK,
                        name="Kramatorsk",
                        sentence=HOSTILE_SENTENCE,
                    )
                ],
            ),
        )
    return url


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("api") / "api.db")


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    app = create_app(db)  # brings the ledger up to date: the bridge claim merges Marinka's events
    with TestClient(app) as c:
        yield c


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item.get("claim_id") or item.get("event_id") for item in response.json()["items"]]


# -- claims -----------------------------------------------------------------------------------------


def test_claims_page_with_totals_in_the_store_order(client: TestClient, db: str) -> None:
    everything = client.get("/api/claims").json()
    assert everything["total"] == 7
    assert [i["claim_id"] for i in everything["items"]] == [
        "c_early",
        "c_bridge",
        "c_adv",
        "c_late",
        "c_cap",
        "c_wd",
        "c_evil",
    ]
    first, second = (
        client.get("/api/claims?limit=3").json(),
        client.get("/api/claims?limit=3&offset=3").json(),
    )
    assert first["total"] == second["total"] == 7
    assert [i["claim_id"] for i in first["items"] + second["items"]] == [
        i["claim_id"] for i in everything["items"][:6]
    ]
    assert client.get("/api/claims?offset=100").json() == {"items": [], "total": 7}
    # each item is exactly a line of `frontwatch export --format jsonl`
    buf = io.StringIO()
    with Store(db) as store:
        export(store.query_claims(), "jsonl", buf)
    assert everything["items"] == [json.loads(line) for line in buf.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("since=2024-02-15", {"c_cap", "c_wd", "c_evil"}),
        ("until=2024-02-08", {"c_early", "c_bridge"}),
        ("since=2024-02-10&until=2024-02-14", {"c_adv", "c_late"}),
        ("side=civilians", {"c_evil"}),
        ("side=ukraine&type=withdraw", {"c_wd"}),
        ("type=Explosions/Remote violence", {"c_evil"}),
        ("claimant=SYRSK", {"c_wd"}),
        ("q=ALERT(1)", {"c_evil"}),
        ("q=capture at avdiivka", {"c_cap"}),
        ("near=Avdeevka&radius=5", {"c_adv", "c_cap", "c_wd"}),  # a Russian spelling
        ("near=48.72,37.57&radius=3", {"c_evil"}),
        ("near=Kramatorsk", {"c_evil"}),
        ("bbox=37.4,47.9,37.6,48.0", {"c_early", "c_late", "c_bridge"}),
        ("bbox=37.4,47.9,37.6,48.0&type=clash", {"c_bridge"}),
        ("q=100%", set()),
    ],
)
def test_claim_filters(client: TestClient, query: str, expected: set[str]) -> None:
    body = client.get(f"/api/claims?{query}").json()
    assert {i["claim_id"] for i in body["items"]} == expected
    assert body["total"] == len(expected)


def test_a_claim_without_a_date_is_dated_by_its_document(tmp_path: Path) -> None:
    url = str(tmp_path / "undated.db")
    with Store(url) as store:
        add(
            store,
            (doc("u-1", "Wire", "2024-05-01"), [claim("c_undated", "shelling", None, place=KRAMATORSK)]),
            (
                doc("u-2", "Wire", "2024-05-03"),
                [claim("c_dated", "shelling", "2024-04-20", place=KRAMATORSK)],
            ),
        )
    with TestClient(create_app(url)) as client:
        assert ids(client.get("/api/claims?since=2024-04-30")) == ["c_undated"]
        assert ids(client.get("/api/claims?until=2024-04-30")) == ["c_dated"]
        assert ids(client.get("/api/claims?since=2024-04-01&until=2024-05-01")) == ["c_dated", "c_undated"]
        assert ids(client.get("/api/claims?since=2024-05-02")) == []


def test_text_search_beyond_ascii(tmp_path: Path) -> None:
    url = str(tmp_path / "unicode.db")
    sentence = "Російські війська обстріляли Київ уночі, повідомив «Голова ОВА» — 100% підтверджено."
    with Store(url) as store:
        add(
            store,
            (
                doc("k-1", "Wire", "2024-05-01"),
                [claim("c_kyiv", "shelling", "2024-05-01", claimant="Сергій Попко", sentence=sentence)],
            ),
        )
    with TestClient(create_app(url)) as client:
        for q in ("Київ", "«Голова ОВА»", "100% під", "уночі"):
            assert ids(client.get("/api/claims", params={"q": q})) == ["c_kyiv"], q
        assert ids(client.get("/api/claims", params={"claimant": "Попко"})) == ["c_kyiv"]
        assert ids(client.get("/api/events", params={"q": "обстріляли Київ"})) == ["ev_kyiv"]
        assert ids(client.get("/api/claims", params={"q": "Харків"})) == []


def test_near_says_which_place_the_name_resolved_to(client: TestClient) -> None:
    body = client.get("/api/claims?near=Avdeevka&radius=5&limit=1").json()
    assert body["near"]["name"] == "Avdiivka" and body["near"]["radius_km"] == 5
    assert body["total"] == 3 and len(body["items"]) == 1
    assert client.get("/api/claims?near=Avdeevka&radius=5&offset=2").json()["items"][0]["claim_id"] == "c_wd"


def test_claims_as_geojson_and_csv_are_the_exports_of_the_page(client: TestClient) -> None:
    r = client.get("/api/claims?limit=2&offset=1&format=geojson")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    assert r.headers["x-total-count"] == "7"
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    assert [f["id"] for f in fc["features"]] == ["c_bridge", "c_adv"]
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [MARINKA[1], MARINKA[0]]}
    r = client.get("/api/claims?side=civilians&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-total-count"] == "1"
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 2
    assert rows[1][COLUMNS.index("notes")] == HOSTILE_SENTENCE


# -- events -----------------------------------------------------------------------------------------


def test_events_filters_paging_and_totals(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 3
    assert [i["event_id"] for i in body["items"]] == ["ev_early", "ev_adv", "ev_evil"]
    adv = body["items"][1]
    assert adv["status"] == "confirmed_by_adversary" and set(adv["claim_ids"]) == {"c_adv", "c_cap", "c_wd"}
    assert adv["place"]["name"] == "Avdiivka" and adv["first_date"] == "2024-02-10"
    assert ids(client.get("/api/events?limit=1&offset=1")) == ["ev_adv"]
    assert client.get("/api/events?limit=1&offset=1").json()["total"] == 3
    assert ids(client.get("/api/events?status=confirmed_by_adversary")) == ["ev_adv"]
    assert ids(client.get("/api/events?type=strike")) == ["ev_evil"]
    assert ids(client.get("/api/events?type=battles")) == ["ev_early", "ev_adv"]
    assert ids(client.get("/api/events?side=civilians")) == ["ev_evil"]
    # who claims it, apart from who acted: the Avdiivka story has a Ukrainian claimant (the withdrawal)
    by_claimant = ids(client.get("/api/events?claimant_side=ukraine"))
    assert "ev_adv" in by_claimant and all(
        "ukraine" in {c["claimant_side"] for c in client.get(f"/api/events/{e}").json()["claims"]}
        for e in by_claimant
    )
    assert client.get("/api/events?claimant_side=martian").status_code == 422
    assert ids(client.get("/api/events?since=2024-02-15&until=2024-02-20")) == ["ev_adv"]
    assert ids(client.get("/api/events?place=Avdeevka")) == ["ev_adv"]  # any spelling
    assert ids(client.get("/api/events?place=marinka")) == ["ev_early"]
    assert ids(client.get("/api/events?place=Atlantis")) == []
    assert ids(client.get("/api/events?q=clash at marinka")) == ["ev_early"]
    assert ids(client.get("/api/events?near=Kramatorsk&radius=10")) == ["ev_evil"]
    assert ids(client.get("/api/events?bbox=37.7,48.0,37.9,48.2")) == ["ev_adv"]
    body = client.get("/api/events?near=Avdiivka&radius=50&limit=1").json()
    assert body["total"] == 2 and body["near"]["gazetteer_id"] == "UA1416001001"


def test_events_as_geojson_and_csv(client: TestClient) -> None:
    r = client.get("/api/events?type=ground&format=geojson")
    assert r.headers["x-total-count"] == "2"
    features = r.json()["features"]
    assert [f["id"] for f in features] == ["ev_early", "ev_adv"]
    assert {c["claim_id"] for c in features[1]["properties"]["claims"]} == {"c_adv", "c_cap", "c_wd"}
    r = client.get("/api/events?status=confirmed_by_adversary&format=csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0])[: len(EVENT_COLUMNS)] == list(EVENT_COLUMNS)
    assert {row["claim_id"] for row in rows} == {"c_adv", "c_cap", "c_wd"}


def test_event_story_and_an_absorbed_id(client: TestClient) -> None:
    story = client.get("/api/events/ev_adv").json()
    assert story["status"] == "confirmed_by_adversary"
    assert [c["claim_id"] for c in story["claims"]] == ["c_adv", "c_cap", "c_wd"]
    assert story["claims"][2]["claimant"] == "Oleksandr Syrskyi"
    assert story["claims"][0]["evidence"] == "c_adv: advance at Avdiivka on 2024-02-10."
    merged = client.get("/api/events/ev_late").json()  # merged into ev_early by the bridging claim
    assert merged["event_id"] == "ev_early" and merged["aliases"] == ["ev_late"]
    assert {c["claim_id"] for c in merged["claims"]} == {"c_early", "c_late", "c_bridge"}


# -- places, control, stats ---------------------------------------------------------------------------


def test_place_timeline(client: TestClient) -> None:
    body = client.get("/api/places/Avdeevka").json()
    assert body["place"]["name"] == "Avdiivka" and body["place"]["gazetteer_id"] == "UA1416001001"
    assert [(i["kind"], i["claim_id"], i["date"]) for i in body["items"]] == [
        ("claim", "c_adv", "2024-02-10"),
        ("claim", "c_cap", "2024-02-17"),
        ("claim", "c_wd", "2024-02-17"),
    ]
    assert body["total"] == 3
    assert {i["event_id"] for i in body["items"]} == {"ev_adv"}
    assert body["items"][0]["event_status"] == "confirmed_by_adversary"
    assert client.get("/api/places/Avdiivka?limit=1&offset=2").json()["items"][0]["claim_id"] == "c_wd"
    near = client.get("/api/places/48.13,37.77").json()  # LAT,LON: within 10 km
    assert near["place"] is None and len(near["items"]) == 3


def test_stats(client: TestClient) -> None:
    s = client.get("/api/stats").json()
    assert (s["documents"], s["claims"], s["events"]) == (7, 7, 3)
    assert s["claims_by_event_type"] == {"Battles": 6, "Explosions/Remote violence": 1}
    assert s["events_by_status"] == {"confirmed_by_adversary": 1, "single_source": 2}
    assert s["claims_by_side"] == {"ukraine": 7, "russia": 6, "civilians": 1}  # c_wd: Ukrainians only
    assert s["events_by_side"]["civilians"] == 1
    assert s["claims_per_day"][0] == {"date": "2024-02-01", "claims": 1}
    assert sum(d["claims"] for d in s["claims_per_day"]) == 7 and s["undated_claims"] == 0


def box(lon0: float, lat0: float, lon1: float, lat1: float) -> list:
    return [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]


def test_control_front_and_changes_of_hands_in_the_timeline(tmp_path: Path) -> None:
    url = build(tmp_path / "maps.db")
    for day, east in (("2024-02-01", 37.90), ("2024-02-15", 37.70)):  # Avdiivka falls in between
        feature = {
            "type": "Feature",
            "properties": {"status": "occupied"},
            "geometry": {"type": "Polygon", "coordinates": box(east, 47.9, 39.0, 48.45)},
        }
        (tmp_path / f"map-{day}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "date": day, "features": [feature]}), encoding="utf-8"
        )
    with TestClient(create_app(url)) as client:
        assert client.get("/api/control?date=2024-02-20").status_code == 404  # no maps yet
        with Store(url) as store:
            assert import_maps(store, [tmp_path], map_name="test").imported == 2
        r = client.get("/api/control?date=2024-02-20")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
        front = r.json()["features"][0]
        assert front["geometry"]["type"] == "MultiLineString"
        assert front["properties"] == {
            "kind": "front",
            "map": "test",
            "date": "2024-02-15",
            "asked": "2024-02-20",
        }
        areas = r.json()["features"][1:]  # the Russian-held area of that snapshot, under the front
        assert [(a["properties"]["kind"], a["properties"]["status"]) for a in areas] == [("area", "russia")]
        assert areas[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert (
            client.get("/api/control?date=2024-02-10").json()["features"][0]["properties"]["date"]
            == "2024-02-01"
        )
        gone = client.get("/api/control?date=2023-01-01")
        assert gone.status_code == 404 and "within 45 days" in gone.json()["error"]
        items = client.get("/api/places/Avdiivka").json()["items"]
        hands = [i for i in items if i["kind"] == "control"]
        assert [(h["from"], h["to"], h["date"]) for h in hands] == [("ukraine", "russia", "2024-02-15")]
        assert [i["kind"] for i in items] == ["claim", "control", "claim", "claim"]


# -- errors and safety ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("/api/claims?since=March", 422, "since 'March' is not a date (YYYY-MM-DD)"),
        ("/api/events?until=2024-13-01", 422, "until '2024-13-01' is not a date (YYYY-MM-DD)"),
        ("/api/claims?since=1700000000", 422, "not a date"),
        ("/api/claims?bbox=1,2,3", 422, "bbox '1,2,3' is not minlon,minlat,maxlon,maxlat"),
        ("/api/claims?bbox=40,50,30,45", 422, "minlon <= maxlon"),
        ("/api/claims?limit=0", 422, "limit:"),
        ("/api/claims?limit=1001", 422, "limit: Input should be less than or equal to 1000"),
        ("/api/claims?radius=5", 422, "radius needs near"),
        ("/api/claims?near=Qwxzzyville", 422, "no such place in the gazetteer"),
        ("/api/claims?near=95,37", 422, "latitude must be within"),
        ("/api/events?status=rumour", 422, "status:"),
        ("/api/claims?side=martians", 422, "side:"),
        ("/api/claims?format=xml", 422, "format:"),
        ("/api/control", 422, "date:"),
        ("/api/control?date=yesterday", 422, "date 'yesterday' is not a date"),
        ("/api/events/ev_nope", 404, "no event 'ev_nope'"),
        ("/api/places/Qwxzzyville", 404, "no claims about 'Qwxzzyville'"),
        ("/api/control?date=2024-02-01", 404, "no control maps in this store"),
        ("/api/nothing", 404, "Not Found"),
    ],
)
def test_errors_are_one_json_message(client: TestClient, url: str, status: int, says: str) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert list(body) == ["error"] and isinstance(body["error"], str)
    assert says in body["error"]
    assert r.headers["content-security-policy"] == CSP


@pytest.mark.parametrize(
    "url", ["/api/claims", "/api/events?format=csv", "/api/stats", "/openapi.json", "/docs", "/api/nothing"]
)
def test_every_response_forbids_inline_script_and_sniffing(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"


def test_hostile_text_comes_back_as_plain_json_strings(client: TestClient) -> None:
    r = client.get("/api/claims?side=civilians")
    assert r.headers["content-type"].startswith("application/json")
    item = r.json()["items"][0]
    assert item["evidence"]["sentence"] == HOSTILE_SENTENCE  # the same string, untouched
    assert (item["source"], item["url"]) == (IMG, HOSTILE_URL)
    for body in (r.text, client.get("/api/claims?side=civilians&format=geojson").text):
        assert "<script" not in body and "<img" not in body  # escaped as \u003c inside strings
        assert "\\u003cscript\\u003e" in body
    story = client.get("/api/events/ev_evil").json()
    assert story["claims"][0]["evidence"] == HOSTILE_SENTENCE and story["claims"][0]["url"] == HOSTILE_URL
    assert "<script" not in client.get("/api/events/ev_evil").text
    timeline = client.get("/api/places/Kramatorsk").json()
    assert timeline["items"][0]["evidence"] == HOSTILE_SENTENCE and timeline["items"][0]["source"] == IMG
    assert "<img" not in client.get(f"/api/claims?q={IMG}").text  # the echo of a bad value too


def test_openapi_and_a_docs_page_without_script(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/claims",
        "/api/events",
        "/api/events/{event_id}",
        "/api/places/{name}",
        "/api/control",
        "/api/stats",
    } <= set(spec["paths"])
    assert "/api/documents" not in spec["paths"]  # no token: no writing
    params = {p["name"] for p in spec["paths"]["/api/claims"]["get"]["parameters"]}
    assert {
        "since",
        "until",
        "near",
        "radius",
        "side",
        "type",
        "claimant",
        "q",
        "bbox",
        "limit",
        "offset",
        "format",
    } <= params
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/api/claims" in page.text and "<script" not in page.text and "<style" not in page.text


# -- writing ------------------------------------------------------------------------------------------------

REPORT = {
    "id": "r-post-1",
    "text": "Russian troops shelled Kostiantynivka with Grad rockets on Tuesday, killing two civilians, "
    "the regional governor said.",
    "published": "2024-03-07",
    "source": "Example Wire",
    "url": "https://news.example/1",
}


def test_no_token_no_writing(client: TestClient) -> None:
    assert client.post("/api/documents", json=REPORT).status_code in (404, 405)


def test_posting_a_document_needs_the_token_and_stores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = build(tmp_path / "write.db")
    monkeypatch.setenv("FRONTWATCH_TOKEN", "s3cret-token")
    with TestClient(create_app(url)) as client:
        assert "/api/documents" in client.get("/openapi.json").json()["paths"]
        assert client.post("/api/documents", json=REPORT).status_code == 401
        wrong = client.post("/api/documents", json=REPORT, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.json() == {
            "error": "a valid token is needed: Authorization: Bearer <token>"
        }
        assert wrong.headers["www-authenticate"] == "Bearer"
        assert wrong.headers["content-security-policy"] == CSP
        auth = {"Authorization": "Bearer s3cret-token"}
        r = client.post("/api/documents", json=REPORT, headers=auth)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["result"] == "added" and body["error"] is None
        assert body["document"]["id"] == "r-post-1"
        (stored,) = body["claims"]
        assert stored["action"] == "shelling" and stored["location"]["resolved_name"] == "Kostiantynivka"
        assert stored["doc_id"] == "r-post-1" and stored["url"] == "https://news.example/1"
        assert body["ledger"]["events_created"] == 1
        found = client.get("/api/claims?q=grad rockets").json()
        assert found["total"] == 1 and found["items"][0] == stored
        assert client.get("/api/events?near=Kostiantynivka&radius=5").json()["total"] == 1
        again = client.post("/api/documents", json=REPORT, headers=auth).json()
        assert again["result"] == "already_stored" and again["claims"] == []
        copy = client.post(
            "/api/documents", json=REPORT | {"id": "r-post-2", "source": "Other"}, headers=auth
        )
        assert copy.json()["result"] == "copy"
        evil = REPORT | {"id": SCRIPT, "text": REPORT["text"] + " " + SCRIPT, "url": HOSTILE_URL}
        r = client.post("/api/documents", json=evil, headers=auth)
        assert r.json()["document"]["id"] == SCRIPT and "<script" not in r.text
        for bad, says in (
            ({"id": "x"}, "text: Field required"),
            ({"id": "x", "text": "  "}, "text is empty"),
            ({"id": "x", "text": "Shelling.", "published": "March"}, "not a date"),
            ({"id": "x", "text": "Shelling.", "published": "0001-01-01"}, "outside the allowed range"),
        ):
            r = client.post("/api/documents", json=bad, headers=auth)
            assert r.status_code == 422 and says in r.json()["error"], r.text
        r = client.post("/api/documents", content=b"[1, 2", headers=auth)
        assert r.status_code == 422 and "not JSON" in r.json()["error"]


# -- the app factory and `frontwatch serve` ------------------------------------------------------------------


def test_the_app_factory_makes_an_app_over_a_fresh_store(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "empty.db"))
    assert isinstance(app, FastAPI)
    with TestClient(app) as client:
        assert client.get("/api/claims").json() == {"items": [], "total": 0}
        assert client.get("/api/stats").json()["events"] == 0


def test_serve_help_and_a_missing_store(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.stdout and "--port" in result.stdout and "Examples" in result.stdout
    assert "serve" in runner.invoke(cli_app, ["--help"]).stdout
    missing = runner.invoke(cli_app, ["serve", "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1
    assert missing.stderr.strip().startswith("frontwatch: error: no store at")
    assert len(missing.stderr.strip().splitlines()) == 1


def test_serve_runs_one_uvicorn_process_on_loopback(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli_app, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    ((app, kw),) = calls
    assert isinstance(app, FastAPI)
    assert (kw["host"], kw["port"], kw["workers"]) == ("127.0.0.1", 8765, 1)
    assert "http://127.0.0.1:8765" in result.stderr
    with TestClient(app) as client:
        assert client.get("/api/claims").json()["total"] == 7


def test_an_internal_error_is_one_json_line_with_the_headers(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontwatch.api import queries

    def broken(_store):
        raise RuntimeError("<script>boom</script>")

    monkeypatch.setattr(queries, "stats", broken)
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        r = client.get("/api/stats")
    assert r.status_code == 500
    assert r.json() == {"error": "internal error (RuntimeError)"}  # no detail of the store leaks
    assert r.headers["content-security-policy"] == CSP and r.headers["x-content-type-options"] == "nosniff"


def test_claims_by_their_ids(client: TestClient) -> None:
    """The page reads an event card's claims by id, in one request."""
    body = client.get("/api/claims?claim_id=c_cap&claim_id=c_wd&claim_id=c_nosuch").json()
    assert sorted(i["claim_id"] for i in body["items"]) == ["c_cap", "c_wd"] and body["total"] == 2
    assert client.get("/api/claims?claim_id=c_cap%3Bdrop").status_code == 422
