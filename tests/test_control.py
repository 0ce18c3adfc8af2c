"""Territorial control (issue 10): control maps read in every form, imported idempotently, who
held a place on a day, changes of hands, the front, and claims checked against the map. The maps
here are small synthetic ones written for these tests (the project ships no DeepStateMap data);
the last test reads the real snapshots in ../shared when they are there."""

from __future__ import annotations

import gzip
import json
import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.control import MapError, import_maps, load_view, polygon_status, read_map
from frontwatch.control.changes import changes
from frontwatch.ledger import Ledger
from frontwatch.store import Store

AVDIIVKA, BAKHMUT, KOSTIANTYNIVKA, HORLIVKA = "UA1416001001", "UA1402001001", "UA1412007001", "UA1406003001"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "control"


def box(lon0: float, lat0: float, lon1: float, lat1: float, z: bool = False) -> list:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return [[[*p, 0.0] if z else p for p in ring]]


def feature(name: str | None, coords: list, kind: str = "Polygon", **props) -> dict:
    p = dict(props)
    if name is not None:
        p["name"] = name
    return {"type": "Feature", "properties": p, "geometry": {"type": kind, "coordinates": coords}}


OCCUPIED = "Окуповано /// Occupied /// geoJSON.status.occupied"
EAST = (37.90, 47.90, 39.00, 48.45)  # Horlivka and east; Avdiivka (37.77) 9-10 km west of its edge
EAST_AND_AVDIIVKA = (37.70, 47.90, 39.00, 48.45)


def write(path: Path, features: list, gz: bool = False, **top) -> Path:
    data = json.dumps({"type": "FeatureCollection", "features": features, **top}).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    """Five snapshots in the three forms: Avdiivka falls between the first and second."""
    d = tmp_path / "maps"
    d.mkdir()
    write(  # 2024-02-01, DeepStateMap's own form: Z coordinates, a GeometryCollection, a joke, a point
        d / "1706745600.geojson",
        [
            feature(OCCUPIED, box(*EAST, z=True)),
            {
                "type": "Feature",
                "properties": {"name": "Звільнено 25.03 /// Liberated 25.03"},
                "geometry": {
                    "type": "GeometryCollection",
                    "geometries": [{"type": "Polygon", "coordinates": box(37.4, 48.6, 37.7, 48.9)}],
                },
            },
            feature("The temporarily occupied territory of Karelia.", box(30.0, 61.0, 34.0, 64.0)),
            feature("Напрямок удару /// Direction of attack", [37.8, 48.2], kind="Point"),
        ],
    )
    write(  # 2024-02-08, gzipped: Avdiivka occupied, Kostiantynivka a grey zone
        d / "1707350400.geojson.gz",
        [
            feature(OCCUPIED, box(*EAST_AND_AVDIIVKA)),
            feature("Статус невідомий /// Unknown status", box(37.65, 48.50, 37.75, 48.55)),
        ],
        gz=True,
    )
    write(  # 2024-02-15, the daily occupied-area form: one MultiPolygon, no properties
        d / "deepstatemap_data_20240215.geojson",
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPolygon", "coordinates": [box(*EAST_AND_AVDIIVKA)]},
            }
        ],
    )
    write(  # 2024-03-20, the daily form again: nothing changed
        d / "deepstatemap_data_20240320.geojson",
        [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPolygon", "coordinates": [box(*EAST_AND_AVDIIVKA)]},
            }
        ],
    )
    write(  # 2024-02-22, a generic map: a status per polygon, the date in the collection
        d / "my-map.geojson",
        [feature(None, box(*EAST_AND_AVDIIVKA), status="occupied")],
        date="2024-02-22",
    )
    return d


def test_polygon_names_say_who_holds_the_ground() -> None:
    assert polygon_status(OCCUPIED) == "russia"
    assert polygon_status("CADR and CALR") == "russia"
    assert polygon_status("Звільнено 16.03-17.03 /// Liberated\xa016.03-17.03") == "ukraine"
    assert polygon_status("Статус невідомий /// Unknown status\n") == "contested"
    assert polygon_status("Transnistria.") is None  # not Ukrainian ground
    assert polygon_status("шойгісти") is None  # a name no list knows says nothing


def test_every_form_is_read_with_its_date(maps: Path) -> None:
    first = read_map(maps / "1706745600.geojson")
    assert (first.form, first.date) == ("deepstatemap", date(2024, 2, 1))
    assert (
        set(first.polygons) == {"russia", "ukraine"} and first.ignored == 1
    )  # the joke (points are no polygons)
    second = read_map(maps / "1707350400.geojson.gz")
    assert set(second.polygons) == {"russia", "contested"}
    daily = read_map(maps / "deepstatemap_data_20240215.geojson")
    assert (daily.form, daily.date, set(daily.polygons)) == ("occupied", date(2024, 2, 15), {"russia"})
    generic = read_map(maps / "my-map.geojson")
    assert (generic.form, generic.date) == ("generic", date(2024, 2, 22))


def test_files_that_are_not_maps_say_why(tmp_path: Path) -> None:
    (tmp_path / "broken.geojson").write_text("{not json")
    with pytest.raises(MapError, match="not GeoJSON"):
        read_map(tmp_path / "broken.geojson")
    write(tmp_path / "points_20240101.geojson", [feature("x", [37.0, 48.0], kind="Point")])
    with pytest.raises(MapError):
        read_map(tmp_path / "points_20240101.geojson")
    write(tmp_path / "undated.geojson", [feature(None, box(*EAST), status="russia")])
    with pytest.raises(MapError, match="no date"):
        read_map(tmp_path / "undated.geojson")


PG_URL = os.environ.get("FRONTWATCH_TEST_PG")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def test_import_is_idempotent_and_answers_who_held_a_place(maps: Path, tmp_path: Path, backend: str) -> None:
    url = str(tmp_path / "fw.db")
    if backend == "postgresql":
        from sqlalchemy import create_engine

        from frontwatch.store import metadata

        engine = create_engine(PG_URL)  # type: ignore[arg-type]
        metadata.drop_all(engine)
        engine.dispose()
        url = PG_URL  # type: ignore[assignment]
    with Store(url) as st:
        summary = import_maps(st, [maps])
        assert summary.imported == 5 and summary.failed == 0
        assert summary.maps == {"deepstatemap": 2, "deepstatemap-occupied": 2, "custom": 1}
        again = import_maps(st, [maps])
        assert (again.imported, again.unchanged) == (0, 5)
        view = load_view(st)
        before, after = view.at(AVDIIVKA, date(2024, 2, 5)), view.at(AVDIIVKA, date(2024, 2, 10))
        assert before.status == "ukraine" and 5 <= before.front_km <= 15  # 9-10 km from the edge
        assert (after.status, after.since, after.snapshot) == ("russia", date(2024, 2, 8), date(2024, 2, 8))
        assert view.at(HORLIVKA, date(2024, 2, 2)).status == "russia"
        assert view.at(KOSTIANTYNIVKA, date(2024, 2, 9)).status == "contested"
        assert view.at(BAKHMUT, date(2024, 2, 9)).status == "ukraine"
        assert view.at(AVDIIVKA, date(2023, 1, 1)).status == "unknown"  # before any snapshot
        assert view.at(AVDIIVKA, date(2024, 6, 1)).status == "unknown"  # over 45 days past the last
        found = {(c.place, c.before, c.after, c.day) for c in changes(st)}
        assert ("Avdiivka", "ukraine", "russia", date(2024, 2, 8)) in found


def test_control_commands(maps: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "fw.db")
    (maps / "notes.json").write_text("[1, 2]")
    imported = runner.invoke(app, ["control", "import", str(maps), "--db", db])
    assert imported.exit_code == 2  # one bad file, the rest imported
    assert (
        f"frontwatch: skipped {maps / 'notes.json'}: not a GeoJSON FeatureCollection or Feature"
        in imported.stderr
    )
    assert "imported 5 snapshots" in imported.stderr
    at = runner.invoke(app, ["control", "at", "Avdeevka", "2024-02-10", "--json", "--db", db])
    record = json.loads(at.stdout)
    assert {k: record[k] for k in ("place", "gazetteer_id", "date", "status", "since", "snapshot")} == {
        "place": "Avdiivka",
        "gazetteer_id": AVDIIVKA,
        "date": "2024-02-10",
        "status": "russia",
        "since": "2024-02-08",
        "snapshot": "2024-02-08",
    }
    assert isinstance(record["front_km"], int)
    listed = runner.invoke(
        app, ["control", "changes", "--near", "Avdiivka", "--radius", "5", "--format", "jsonl", "--db", db]
    )
    rows = [json.loads(x) for x in listed.stdout.splitlines()]
    assert ("Avdiivka", "ukraine", "russia", "2024-02-08") in [
        (r["place"], r["from"], r["to"], r["date"]) for r in rows
    ]
    assert {(r["from"], r["to"], r["date"]) for r in rows} == {
        ("ukraine", "russia", "2024-02-08")
    }  # its neighbours too
    front = tmp_path / "front.geojson"
    assert runner.invoke(app, ["control", "front", "2024-02-03", "-o", str(front), "--db", db]).exit_code == 0
    geometry = json.loads(front.read_text())["features"][0]["geometry"]
    assert geometry["type"] == "MultiLineString" and geometry["coordinates"]
    lons = [p[0] for line in geometry["coordinates"] for p in line]
    assert min(lons) >= 37.85 and any(abs(lon - 37.90) < 0.01 for lon in lons)  # along the western edge


def test_the_ledger_checks_claims_against_the_map(maps: Path, tmp_path: Path) -> None:
    """A capture of Avdiivka the map bears out makes its event confirmed_by_map; a capture of
    Bakhmut the map never shows is not_borne_out; a Russian strike on Russian-held Horlivka is
    implausible_control. Maps imported after the claims re-assess the events."""
    from test_ledger import add, claim, doc

    with Store(str(tmp_path / "fw.db")) as st:
        avdiivka = claim("c_cap", "capture", "2024-02-07", place=(48.12787, 37.77046))
        avdiivka.location.gazetteer_id = AVDIIVKA
        bakhmut = claim("c_bak", "capture", "2024-02-05", place=(48.59522, 38.00197), name="Bakhmut")
        bakhmut.location.gazetteer_id = BAKHMUT
        strike = claim("c_str", "shelling", "2024-02-09", place=(48.32351, 38.03669), name="Horlivka")
        strike.location.gazetteer_id = HORLIVKA
        add(st, (doc("a", "TASS", "2024-02-07"), [avdiivka]), (doc("b", "RIA", "2024-02-05"), [bakhmut]))
        add(st, (doc("c", "TASS", "2024-02-09"), [strike]))
        ledger = Ledger(st)
        ledger.update()
        assert {e.status for e in ledger.events()} == {"single_source"}
        import_maps(st, [maps])
        assert ledger.refresh_map_statuses() == 3
        by_claim = {e.claim_ids[0]: e for e in ledger.events()}
        assert by_claim["c_cap"].status == "confirmed_by_map"
        assert any("passing to russia on 2024-02-08" in r for r in by_claim["c_cap"].reasons)
        assert any("which the map shows russia holding" in r for r in by_claim["c_str"].reasons)
        story = ledger.event(by_claim["c_str"].event_id)
        assert story.claims[0].map_check == "implausible_control"
        assert by_claim["c_bak"].status == "single_source"  # a flag, not a status
        assert any(
            "but the map (deepstatemap-occupied) shows it ukraine on 2024-02-15" in r
            for r in by_claim["c_bak"].reasons
        )
        assert ledger.event(by_claim["c_bak"].event_id).claims[0].map_check == "not_borne_out"


@pytest.mark.skipif(not SHARED.exists(), reason="the shared DeepStateMap snapshots are not here")
def test_the_transitions_every_analyst_knows(tmp_path: Path) -> None:
    """From the real weekly snapshots: ten places that changed hands, before and after."""
    known = [
        ("Kherson", "2022-10-15", "russia", "2022-11-25", "ukraine"),
        ("Izium", "2022-08-20", "russia", "2022-09-20", "ukraine"),
        ("Lyman", "2022-09-10", "russia", "2022-10-10", "ukraine"),
        ("Bakhmut", "2023-02-01", "ukraine", "2023-06-01", "russia"),
        ("Robotyne", "2023-07-15", "russia", "2023-09-15", "ukraine"),
        ("Avdiivka", "2024-01-15", "ukraine", "2024-03-01", "russia"),
        ("Vuhledar", "2024-09-15", "ukraine", "2024-11-01", "russia"),
        ("Kurakhove", "2024-11-15", "ukraine", "2025-02-15", "russia"),
        ("Toretsk", "2024-07-01", "ukraine", "2025-03-01", "russia"),
        ("Mariupol", "2022-06-01", "russia", "2023-06-01", "russia"),
    ]
    from frontwatch.geo.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    with Store(str(tmp_path / "real.db")) as st:
        summary = import_maps(st, [SHARED / "deepstatemap-archive"])
        assert summary.failed == 0 and summary.imported >= 170
        view = load_view(st)
        for name, d0, s0, d1, s1 in known:
            gid = next(c.id for c in gaz.lookup(name, limit=5) if c.country == "Ukraine")
            got = (view.at(gid, date.fromisoformat(d0)).status, view.at(gid, date.fromisoformat(d1)).status)
            assert got == (s0, s1), name


def test_plain_extract_checks_claims_against_the_imported_maps(
    maps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `control import` into the default store, `extract` (no flags) gives each claim at
    a covered place what the map says: who held it that day and 14 days later, and the front."""
    db = tmp_path / "default.db"
    monkeypatch.setenv("FRONTWATCH_DB", str(db))
    runner = CliRunner()
    report = tmp_path / "report.txt"
    report.write_text(
        "Russian forces captured Avdiivka on February 7, 2024, the Russian Defence Ministry said."
    )
    plain = json.loads(runner.invoke(app, ["extract", str(report), "--published", "2024-02-08"]).stdout)
    assert "control" not in plain["claims"][0]  # no maps yet: nothing invented
    assert runner.invoke(app, ["control", "import", str(maps)]).exit_code == 0
    record = json.loads(runner.invoke(app, ["extract", str(report), "--published", "2024-02-08"]).stdout)
    control = record["claims"][0]["control"]
    assert (control["status"], control["status_after"], control["snapshot"]) == (
        "ukraine",
        "russia",
        "2024-02-01",
    )
    assert 5 <= control["front_km"] <= 15


def test_place_interleaves_changes_of_hands_with_the_claims(maps: Path, tmp_path: Path) -> None:
    from test_ledger import add, claim, doc

    db = str(tmp_path / "fw.db")
    with Store(db) as st:
        capture = claim("c_cap", "capture", "2024-02-07", place=(48.12787, 37.77046))
        capture.location.gazetteer_id = AVDIIVKA
        add(st, (doc("a", "TASS", "2024-02-07"), [capture]))
        import_maps(st, [maps])
    shown = CliRunner().invoke(app, ["place", "Avdiivka", "--json", "--db", db])
    rows = [json.loads(x) for x in shown.stdout.splitlines()]
    assert [(r["kind"], r["date"]) for r in rows] == [("claim", "2024-02-07"), ("control", "2024-02-08")]
    assert (rows[1]["from"], rows[1]["to"]) == ("ukraine", "russia")
    table = CliRunner().invoke(app, ["place", "Avdiivka", "--db", db], terminal_width=200).stdout
    assert "map: ukraine → russia" in table and "1 change of hands on the map" in table


def test_a_strike_on_a_front_line_village_the_attacker_holds_is_not_flagged() -> None:
    """Weekly maps and one point per village cannot say who held a front-line village on the
    day: only a strike on ground the attacker holds 5 km or more behind the front is flagged."""
    from frontwatch.control import Control
    from frontwatch.ledger import LClaim
    from frontwatch.ledger.map_check import verdict

    class OneAnswer:
        def __init__(self, km: int) -> None:
            self.km = km

        def at(self, gid, day):
            return Control("russia", date(2024, 1, 1), date(2024, 2, 5), self.km, "test")

    strike = LClaim(
        "c_s", "shelling", "strike", date(2024, 2, 9).toordinal(), 1, 48.3, 38.0, 1, "donetsk", "x", "russia"
    )
    strike.gazetteer_id = HORLIVKA
    assert verdict(strike, OneAnswer(2)) is None
    assert verdict(strike, OneAnswer(20))[0] == "implausible_control"


def test_extract_on_dask_checks_claims_against_the_imported_maps(
    maps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The claim shards of `extract --dask` carry what the map says, as plain `extract` does."""
    pytest.importorskip("distributed")
    monkeypatch.setenv("FRONTWATCH_DB", str(tmp_path / "default.db"))
    runner = CliRunner()
    assert runner.invoke(app, ["control", "import", str(maps)]).exit_code == 0
    archive = tmp_path / "archive"
    archive.mkdir()
    text = "Russian forces captured Avdiivka on February 7, 2024, the Russian Defence Ministry said."
    (archive / "a.jsonl").write_text(json.dumps({"id": "r1", "text": text, "published": "2024-02-08"}) + "\n")
    plain = runner.invoke(app, ["extract", str(archive / "a.jsonl")]).stdout
    out = tmp_path / "claims"
    result = runner.invoke(
        app, ["extract", str(archive), "--dask", "local", "--workers", "1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "part-00000.jsonl").read_text() == plain
    assert json.loads(plain)["claims"][0]["control"]["status_after"] == "russia"
