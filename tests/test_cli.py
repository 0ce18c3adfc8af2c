"""The command line as a user drives it: every command through typer's CliRunner, plus one run of
the installed console script. Texts are written for these tests."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.evaluate import score_files

REPORT = (
    "On 3 March 2024, Russian forces shelled Kupiansk, Kharkiv region, with artillery, "
    "the regional governor said. Two civilians were killed."
)
REPORT_2 = "Ukrainian forces repelled a Russian assault near Chasiv Yar on Tuesday, the General Staff of Ukraine reported."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    lines = [
        {"id": "r1", "text": REPORT, "published": "2024-03-04", "source": "Test Wire"},
        {"id": "r2", "text": REPORT_2, "published": "2024-03-07", "source": "Other Wire"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_extract_jsonl_writes_one_record_per_document(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "claims.jsonl"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["r1", "r2"]
    shelling = records[0]["claims"][0]
    assert shelling["sub_event_type"] == "Shelling/artillery/missile attack"
    assert shelling["date"] == "2024-03-03" and shelling["time_precision"] == 1
    assert shelling["location"]["resolved_name"] == "Kupiansk"
    assert shelling["fatalities"] == 2


def test_extract_text_file_from_stdin_and_published(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", "2024-03-04"], input=REPORT)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["id"] == "stdin" and record["claims"]


def test_bad_line_is_reported_with_file_and_line_and_the_rest_goes_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    feed = tmp_path / "mixed.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "text": REPORT})
        + "\n{not json\n"
        + json.dumps({"id": "b", "text": REPORT_2})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(feed)])
    assert result.exit_code == 2
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a", "b"]
    problem = next(line for line in result.stderr.splitlines() if f"{feed}:2:" in line)
    assert "invalid JSON" in problem and "column" in problem  # the whole message on one line
    assert "Traceback" not in result.stderr


def test_unknown_extension_and_missing_file_are_skipped_not_fatal(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["extract", str(odd), str(tmp_path / "missing.txt"), str(corpus)])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr.count("skipped") == 2


def test_bad_option_value_is_one_line(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus), "--published", "March 3"])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "--published" in result.stderr


def test_extract_table_format(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus), "--format", "table"])
    assert result.exit_code == 0
    assert "Kupiansk" in result.stdout and "General Staff" in result.stdout


def test_ingest_is_idempotent_and_claims_query_filters(
    runner: CliRunner, corpus: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "fw.db")
    first = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert first.exit_code == 0 and "2 new documents" in first.stderr
    again = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert "0 new documents, 2 already stored" in again.stderr

    near = runner.invoke(
        app, ["claims", "--db", db, "--near", "Kupyansk", "--radius", "20", "--format", "jsonl"]
    )
    assert near.exit_code == 0
    rows = [json.loads(x) for x in near.stdout.splitlines()]
    assert rows and all(r["doc_id"] == "r1" for r in rows)

    ukr = runner.invoke(app, ["claims", "--db", db, "--claimant", "General Staff", "--format", "jsonl"])
    assert {json.loads(x)["doc_id"] for x in ukr.stdout.splitlines()} == {"r2"}

    table = runner.invoke(app, ["claims", "--db", db, "--since", "2024-03-05"])
    assert "Chasiv Yar" in table.stdout and "Kupiansk" not in table.stdout


def test_export_csv_and_geojson(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "fw.db")
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    out_csv = tmp_path / "c.csv"
    result = runner.invoke(app, ["export", "--db", db, "--format", "csv", "-o", str(out_csv)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert list(rows[0])[:4] == ["event_id_cnty", "event_date", "time_precision", "event_type"]
    assert {r["location"] for r in rows} >= {"Kupiansk"}
    out_geo = tmp_path / "c.geojson"
    runner.invoke(app, ["export", "--db", db, "--format", "geojson", "-o", str(out_geo)])
    fc = json.loads(out_geo.read_text())
    assert fc["type"] == "FeatureCollection"
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert 22 < lon < 41 and 44 < lat < 53  # [lon, lat] inside Ukraine


def test_reextract_only_touches_stale_documents(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "fw.db")
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    fresh = runner.invoke(app, ["reextract", "--db", db])
    assert "nothing to do" in fresh.stderr
    forced = runner.invoke(app, ["reextract", "--db", db, "--all"])
    assert forced.exit_code == 0 and "re-extracted 2 documents" in forced.stderr


def test_eval_agrees_with_scoring_the_extract_output(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "dataset": "mine",
                "text": REPORT,
                "published": "2024-03-04",
                "events": [
                    {
                        "event_type": "Explosions/Remote violence",
                        "sub_event_type": "Shelling/artillery/missile attack",
                        "date": "2024-03-03",
                        "actor_sides": ["russia", "ukraine"],
                        "location": {"name": "Kupiansk", "lat": 49.71, "lon": 37.61},
                    }
                ],
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "g2",
                "dataset": "mine",
                "text": "The weather was mild and markets were calm.",
                "events": [],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    pred = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", str(gold), "--json", "--out", str(pred)])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == score_files(gold, pred)
    assert json.loads(result.stdout)["mine"]["recall"] == 1.0


def test_demo_stores_shows_and_exports_the_seed(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Kimakovsky" in result.stdout and "Kostiantynivka" in result.stdout
    for name in ("demo.db", "claims.csv", "claims.geojson", "claims.jsonl"):
        assert (tmp_path / name).stat().st_size > 0
        assert str(tmp_path / name) in result.stdout
    assert len((tmp_path / "claims.jsonl").read_text().splitlines()) == 4


def test_gazetteer_lookup_finds_russian_spelling(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gazetteer", "lookup", "Konstantinovka", "--limit", "3"])
    assert result.exit_code == 0
    assert "Kostiantynivka" in result.stdout


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    for command in (
        "extract",
        "ingest",
        "reextract",
        "claims",
        "export",
        "eval",
        "bench",
        "demo",
        "gazetteer",
    ):
        assert command in result.stdout


def test_installed_console_script_runs(tmp_path: Path) -> None:
    exe = shutil.which("frontwatch", path=os.path.dirname(sys.executable)) or shutil.which("frontwatch")
    assert exe, "the frontwatch console script is not installed"
    doc = tmp_path / "report.txt"
    doc.write_text(REPORT_2, encoding="utf-8")
    proc = subprocess.run(
        [exe, "extract", str(doc), "--published", "2024-03-07"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["id"] == "report.txt"
    claimant = record["claims"][0]["claimant"]
    assert claimant["side"] == "ukraine"


LEDGER_REPORTS = [
    {
        "id": "ru-1",
        "source": "Moscow Daily",
        "published": "2024-06-02",
        "text": "Russian forces captured the village of Staromaiorske on June 1, the Russian Defence Ministry said.",
    },
    {
        "id": "ua-1",
        "source": "Kyiv Post",
        "published": "2024-06-02",
        "text": "Ukrainian troops repelled Russian attacks near Staromaiorske on June 1, the General Staff of Ukraine said.",
    },
]


@pytest.fixture
def ledger_db(runner: CliRunner, tmp_path: Path) -> str:
    feed = tmp_path / "ledger.jsonl"
    feed.write_text("".join(json.dumps(x) + "\n" for x in LEDGER_REPORTS), encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    result = runner.invoke(app, ["ingest", str(feed), "--db", db])
    assert result.exit_code == 0 and "ledger:" in result.stderr
    return db


def test_events_shows_a_disputed_capture(runner: CliRunner, ledger_db: str) -> None:
    result = runner.invoke(app, ["events", "--db", ledger_db, "--format", "jsonl"])
    assert result.exit_code == 0
    (event,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert event["status"] == "disputed"
    assert len(event["claims"]) == 2
    table = runner.invoke(app, ["events", "--db", ledger_db, "--status", "disputed"])
    assert event["event_id"] in table.stdout


def test_event_story_and_place_timeline(runner: CliRunner, ledger_db: str) -> None:
    listing = runner.invoke(app, ["events", "--db", ledger_db, "--format", "jsonl"])
    event_id = json.loads(listing.stdout.splitlines()[0])["event_id"]
    story = runner.invoke(app, ["event", event_id, "--db", ledger_db])
    assert story.exit_code == 0
    assert "General Staff of Ukraine" in story.stdout and "Russian Defence Ministry" in story.stdout
    missing = runner.invoke(app, ["event", "ev_nope", "--db", ledger_db])
    assert missing.exit_code == 1 and "no event" in missing.stderr
    timeline = runner.invoke(app, ["place", "Staromaiorske", "--db", ledger_db, "--json"])
    actions = [json.loads(x)["action"] for x in timeline.stdout.splitlines()]
    assert sorted(actions) == ["capture", "repel"]


def test_export_events(runner: CliRunner, ledger_db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    result = runner.invoke(
        app, ["export", "--events", "--db", ledger_db, "--format", "geojson", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert json.loads(out.read_text())["features"][0]["properties"]["status"] == "disputed"


def test_bench_ledger_small(runner: CliRunner) -> None:
    result = runner.invoke(app, ["bench", "--ledger", "--claims", "2000", "--json"])
    assert result.exit_code == 0, result.output
    memory = json.loads(result.stdout)["memory"]
    assert memory["claims"] == 2000
    assert 0 < memory["events"] < 2000  # claims were joined into fewer events
    assert sum(memory["statuses"].values()) == memory["events"]


def test_reading_commands_refuse_a_store_that_does_not_exist(runner: CliRunner, tmp_path: Path) -> None:
    typo = tmp_path / "fw-typo.db"
    for args in (
        ["claims"],
        ["export", "--format", "csv", "-o", str(tmp_path / "x.csv")],
        ["events"],
        ["place", "Kyiv"],
    ):
        result = runner.invoke(app, [*args, "--db", str(typo)])
        assert result.exit_code == 1 and "no store at" in result.stderr, args
    assert not typo.exists()  # a mistyped --db does not leave an empty store behind


def test_bad_query_values_are_refused(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "fw.db")
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert runner.invoke(app, ["claims", "--db", db, "--near", "999,999"]).exit_code == 1
    assert runner.invoke(app, ["claims", "--db", db, "--radius", "-5", "--near", "Kyiv"]).exit_code == 2
    assert runner.invoke(app, ["claims", "--db", db, "--limit", "0"]).exit_code == 2
    assert runner.invoke(app, ["claims", "--db", db, "--side", "martians"]).exit_code == 2
    ok = runner.invoke(
        app, ["claims", "--db", db, "--near", "Kupiansk, Ukraine", "--radius", "10", "--format", "jsonl"]
    )
    assert ok.exit_code == 0 and ok.stdout.strip()


def test_reingesting_stored_texts_does_not_extract_them_again(
    runner: CliRunner, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontwatch.pipeline import Extractor

    db = str(tmp_path / "fw.db")
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    extracted: list[str] = []
    real = Extractor.extract_many

    def counting(self, docs, batch_size=64, explain=False):
        docs = list(docs)
        extracted.extend(d.id for d in docs)
        return real(self, docs, batch_size, explain)

    monkeypatch.setattr(Extractor, "extract_many", counting)
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert "0 new documents, 2 already stored" in result.stderr
    assert extracted == []


def test_extract_explain_says_why_each_trigger_was_or_was_not_taken(runner: CliRunner) -> None:
    text = (
        "Russian artillery shelled Kupiansk on Monday, the governor said. "
        "Officials fear a new offensive could follow. The town was first occupied in 1941."
    )
    result = runner.invoke(app, ["extract", "-", "--published", "2024-03-06", "--explain"], input=text)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    verdicts = {d["trigger"]: d["verdict"] for d in record["decisions"]}
    assert verdicts["artillery shelled"] == "taken"  # one trigger group: the weapon and the verb
    assert verdicts["occupied"].startswith("background")
    assert all(d["sentence"] in text for d in record["decisions"])
    assert record["genre"].startswith("news")
    table = runner.invoke(
        app, ["extract", "-", "--published", "2024-03-06", "--explain", "--format", "table"], input=text
    )
    assert "why" in table.stdout and "background: 1941" in table.stdout
    plain = runner.invoke(app, ["extract", "-"], input=text)
    assert "decisions" not in plain.stdout


# --------------------------------------------------------------------------- URLs, drivers, plurals, places

SECRET_URL = "postgresql://u:secret@127.0.0.1:1/db?connect_timeout=3"  # nothing listens on port 1


@pytest.mark.parametrize(
    "url",
    [
        SECRET_URL,
        "postgresql+psycopg://u:secret@127.0.0.1:1/db?connect_timeout=3",
        "postgresql://u:secret@127.0.0.1:notaport/db",  # not even a URL SQLAlchemy can parse
    ],
)
def test_a_password_in_the_store_url_is_never_printed(runner: CliRunner, url: str) -> None:
    for args in (["claims"], ["events"], ["place", "Kyiv"]):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == 1, (args, result.output)  # fails fast and cleanly, no traceback
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "secret" not in result.stdout + result.stderr, args
        assert result.stderr.startswith("frontwatch:")


def test_a_missing_postgres_driver_names_the_extra(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in ("psycopg", "psycopg2"):  # None in sys.modules: importing it fails as if not installed
        monkeypatch.setitem(sys.modules, module, None)
    for url in (SECRET_URL, "postgresql+psycopg://u:secret@127.0.0.1:1/db"):
        result = runner.invoke(app, ["claims", "--db", url])
        assert result.exit_code == 1
        assert (
            result.stderr.strip()
            == 'frontwatch: PostgreSQL needs a driver: pip install "frontwatch[postgres]"'
        )


def test_counts_are_pluralised(runner: CliRunner, tmp_path: Path) -> None:
    from frontwatch.cli.display import plural

    assert [plural(k, "document") for k in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]
    db = str(tmp_path / "one.db")
    result = runner.invoke(app, ["ingest", "-", "--published", "2024-03-04", "--db", db], input=REPORT)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("1 new document, 0 already stored; 1 claim in sqlite:///")
    assert "ledger: 1 event created" in result.stderr


SPELLING_REPORTS = [
    {
        "id": "ua-spelling",
        "source": "Kyiv Wire",
        "published": "2023-05-04",
        "text": "Russian troops shelled Bakhmut on May 3, the regional governor said.",
    },
    {
        "id": "ru-spelling",
        "source": "Moscow Wire",
        "published": "2023-05-05",
        "text": "Russian forces advanced in Artemovsk on May 4, the Russian Defence Ministry said.",
    },
]


def test_place_accepts_every_spelling_near_accepts(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "spellings.jsonl"
    feed.write_text("".join(json.dumps(x) + "\n" for x in SPELLING_REPORTS), encoding="utf-8")
    db = str(tmp_path / "spellings.db")
    assert runner.invoke(app, ["ingest", str(feed), "--db", db]).exit_code == 0
    near = runner.invoke(
        app, ["claims", "--db", db, "--near", "Artemovsk", "--radius", "1", "--format", "jsonl"]
    )
    near_ids = {json.loads(x)["claim_id"] for x in near.stdout.splitlines()}
    assert len(near_ids) == 2
    for spelling in ("Artemovsk", "Bakhmut", "bakhmut", "Artemivsk", "UA1402001001"):
        result = runner.invoke(app, ["place", spelling, "--db", db, "--json"])
        assert result.exit_code == 0, (spelling, result.output)
        assert {json.loads(x)["claim_id"] for x in result.stdout.splitlines()} == near_ids, spelling
    nowhere = runner.invoke(app, ["place", "Kupiansk", "--db", db])
    assert nowhere.exit_code == 1 and "no claims about" in nowhere.stderr
