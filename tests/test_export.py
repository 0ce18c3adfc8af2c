"""Export writers: ACLED-named CSV, valid GeoJSON, typed Parquet, JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from frontwatch.export import ACLED_COLUMNS, COLUMNS, FORMATS, ExportSummary, export, write_csv, write_geojson
from frontwatch.models import Actor, Claim, Claimant, Document, Evidence, Location
from frontwatch.store import Store, StoredClaim

SENTENCE = 'Russian drones struck Kramatorsk overnight, killing 2, "a clear crime", the governor said.'


def make_claim(claim_id: str, *, lat: float | None = 48.7233, lon: float | None = 37.5563) -> Claim:
    return Claim(
        claim_id=claim_id,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        action="strike",
        actors=[Actor(name="Russian forces", side="russia"), Actor(name="civilians", side="civilians")],
        target="residential building",
        location=Location(
            name="Kramatorsk city",
            resolved_name="Kramatorsk",
            lat=lat,
            lon=lon,
            admin1="Donetsk",
            admin2="Kramatorskyi",
            geo_precision=1 if lat is not None else None,
            relation="in",
        ),
        date="2024-07-14",
        time_precision=1,
        claimant=Claimant(name="Vadym Filashkin", role="governor", side="ukraine"),
        attribution="according_to",
        hedged=True,
        flags=["claim_escalation", "actor_inconsistency"],
        fatalities=2,
        evidence=Evidence(sentence=SENTENCE, start=0, end=len(SENTENCE)),
        pipeline="v1",
    )


def stored(claim: Claim) -> StoredClaim:
    return StoredClaim(
        claim=claim,
        doc_id="doc-7",
        source="Test Wire",
        published=date(2024, 7, 15),
        url="https://t.example/7",
        title="Strike on Kramatorsk",
        content_hash="ab" * 32,
    )


@pytest.fixture
def rows() -> list[StoredClaim]:
    unlocated = make_claim("c_nowhere", lat=None, lon=None)
    bare = make_claim("c_bare").model_copy(update={"fatalities": None, "flags": [], "location": None})
    return [stored(make_claim("c_1")), stored(unlocated), stored(bare)]


def test_csv_starts_with_acled_columns_and_round_trips(rows) -> None:
    buf = io.StringIO(newline="")
    assert write_csv(rows, buf) == ExportSummary(written=3)
    buf.seek(0)
    reader = csv.DictReader(buf)
    assert tuple(reader.fieldnames[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert reader.fieldnames[:3] == ["event_id_cnty", "event_date", "time_precision"]
    first, unlocated, bare = list(reader)
    assert first["event_id_cnty"] == first["claim_id"] == "c_1"
    assert first["event_date"] == "2024-07-14"
    assert (first["latitude"], first["longitude"]) == ("48.7233", "37.5563")
    assert (first["actor1"], first["actor2"]) == ("Russian forces", "civilians")
    assert first["location"] == "Kramatorsk" and first["location_as_written"] == "Kramatorsk city"
    assert first["notes"] == SENTENCE  # commas and quotes survive
    assert first["fatalities"] == "2" and first["hedged"] == "true"
    assert first["flags"] == "claim_escalation;actor_inconsistency"
    assert (first["claimant"], first["claimant_side"], first["published"]) == (
        "Vadym Filashkin",
        "ukraine",
        "2024-07-15",
    )
    assert unlocated["latitude"] == "" and unlocated["geo_precision"] == ""
    assert bare["location"] == "" and bare["fatalities"] == "" and bare["flags"] == ""


def test_geojson_is_valid_lon_lat_and_skips_unlocated(rows) -> None:
    buf = io.StringIO()
    summary = write_geojson(rows, buf)
    assert summary == ExportSummary(written=1, skipped=2)
    data = json.loads(buf.getvalue())
    assert data["type"] == "FeatureCollection" and "crs" not in data
    (feature,) = data["features"]
    assert feature["type"] == "Feature" and feature["id"] == "c_1"
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.5563, 48.7233]}
    props = feature["properties"]
    assert list(props) == list(COLUMNS)
    assert all(not isinstance(v, dict | list) for v in props.values())
    assert props["flags"] == "claim_escalation;actor_inconsistency" and props["hedged"] is True


def test_geojson_with_nothing_located_is_still_valid() -> None:
    buf = io.StringIO()
    assert write_geojson([], buf) == ExportSummary(written=0)
    assert json.loads(buf.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_parquet_reads_back_with_types(rows, tmp_path) -> None:
    path = tmp_path / "claims.parquet"
    assert export(rows, "parquet", path) == ExportSummary(written=3)
    table = pq.read_table(path)
    assert table.num_rows == 3
    assert table.column_names == list(COLUMNS)
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("published").type == pa.date32()
    assert schema.field("latitude").type == pa.float64()
    assert pa.types.is_integer(schema.field("fatalities").type)
    assert pa.types.is_integer(schema.field("time_precision").type)
    assert schema.field("hedged").type == pa.bool_()
    data = table.to_pydict()
    assert data["event_date"][0] == date(2024, 7, 14)
    assert data["fatalities"] == [2, 2, None]
    assert data["latitude"] == [48.7233, None, None]


def test_jsonl_has_claim_and_document_fields(rows, tmp_path) -> None:
    path = tmp_path / "claims.jsonl"
    assert export(rows, "jsonl", path).written == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert (first["doc_id"], first["published"], first["title"]) == (
        "doc-7",
        "2024-07-15",
        "Strike on Kramatorsk",
    )
    claim_fields = {k: v for k, v in first.items() if k in Claim.model_fields}
    assert Claim.model_validate(claim_fields) == rows[0].claim


def test_export_from_store_end_to_end(tmp_path) -> None:
    doc = Document(id="doc-7", text="Drones struck Kramatorsk.", published=date(2024, 7, 15))
    with Store(str(tmp_path / "fw.db")) as store:
        store.add(doc, [make_claim("c_1"), make_claim("c_2", lat=None, lon=None)], "v1")
        for fmt in FORMATS:
            out = tmp_path / f"out.{fmt}"
            summary = export(store.query_claims(), fmt, out)
            assert summary.written + summary.skipped == 2
            assert out.stat().st_size > 0


def test_unknown_format_is_refused(rows) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(rows, "xlsx", io.StringIO())


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_kept_as_text() -> None:
    """A scraped outlet name or sentence starting with '=', '+', '-' or '@' would run as a formula
    when an analyst opens the CSV: such cells start with a quote; numbers are left alone."""
    row = stored(make_claim("c_1"))
    hostile = StoredClaim(
        **{**row.__dict__, "source": '=HYPERLINK("http://evil.example","x")', "title": "@SUM(1)"}
    )
    fh = io.StringIO()
    write_csv([hostile], fh)
    record = next(csv.DictReader(io.StringIO(fh.getvalue())))
    assert record["source"] == '\'=HYPERLINK("http://evil.example","x")'
    assert record["longitude"] == "37.5563" and record["notes"] == SENTENCE
