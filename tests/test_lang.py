"""Which language a report is in (frontwatch.lang), and what happens to each: English, Russian
and Ukrainian reports are read, each in its own language, and stored with it; a report in another
language gets a record that says so and is never run through the English rules. Texts written
for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.lang import detect
from frontwatch.models import Document
from frontwatch.store import Store

RU = "Российские войска обстреляли Краматорск во вторник, сообщил губернатор Донецкой области."
UK = "Російські війська обстріляли Краматорськ у вівторок, повідомив голова обласної адміністрації."
EN = "Russian forces shelled Kramatorsk on Tuesday, the regional governor said."
DE = (
    "Russische Truppen haben die Stadt am Dienstag mit Artillerie beschossen, teilte der Gouverneur "
    "der Region mit. Nach seinen Angaben wurden zwei Menschen verletzt und mehrere Häuser beschädigt. "
    "Die Angaben ließen sich zunächst nicht unabhängig überprüfen."
)


@pytest.mark.parametrize(("text", "code"), [(RU, "ru"), (UK, "uk"), (EN, "en"), (DE, "other")])
def test_the_language_of_a_report(text: str, code: str) -> None:
    assert detect(text).code == code


def test_a_short_latin_note_is_english_not_other() -> None:
    """Short notes get odd verdicts from a character model: 'other' needs a long, sure text."""
    assert detect("Shelling in Vuhledar. No casualties.").code == "en"
    assert detect("12:40 — update").code == "en"


def test_a_mixed_batch_is_read_in_each_language_and_stored_with_it(tmp_path: Path) -> None:
    feed = tmp_path / "mixed.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"id": i, "text": t, "published": "2024-03-05"}) + "\n"
            for i, t in (("ru1", RU), ("en1", EN), ("uk1", UK), ("de1", DE))
        ),
        encoding="utf-8",
    )
    runner = CliRunner()
    out = runner.invoke(app, ["extract", str(feed)])
    assert out.exit_code == 0
    records = [json.loads(x) for x in out.stdout.splitlines()]
    assert [(r["id"], r.get("language"), len(r["claims"])) for r in records] == [
        ("ru1", "ru", 1),
        ("en1", None, 1),
        ("uk1", "uk", 1),
        ("de1", "other", 0),
    ]
    for r in records[:3]:  # the same event, read in three languages
        (claim,) = r["claims"]
        assert (claim["sub_event_type"], claim["location"]["resolved_name"]) == (
            "Shelling/artillery/missile attack",
            "Kramatorsk",
        )
        assert [a["side"] for a in claim["actors"]][:1] == ["russia"]
    assert records[0]["claims"][0]["location"]["name"] == "Краматорск"  # as written
    assert "not English, Russian or Ukrainian" in records[3]["note"]
    assert f"{feed}:4 (id de1): not English, Russian or Ukrainian" in out.stderr
    db = str(tmp_path / "fw.db")
    ingested = runner.invoke(app, ["ingest", str(feed), "--db", db])
    assert ingested.exit_code == 0 and "1 not read (other 1" in ingested.stderr
    with Store(db) as st:
        assert sorted((d.id, d.language) for d in st.iter_documents()) == [
            ("de1", "other"),
            ("en1", "en"),
            ("ru1", "ru"),
            ("uk1", "uk"),
        ]
    forced = json.loads(runner.invoke(app, ["extract", str(feed), "--lang", "en"]).stdout.splitlines()[0])
    assert "language" not in forced and forced["claims"] == []  # --lang en: the English rules find nothing


def test_a_stated_language_is_kept() -> None:
    assert Document(id="x", text=EN, language="uk").language == "uk"
    assert Document(id="x", text=EN, language="Russian").language == "ru"
    assert Document(id="x", text=EN, language="auto").language is None
