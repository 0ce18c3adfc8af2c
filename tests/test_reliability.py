"""Nothing lost, nothing invented (issue 9), as a user meets it on the command line: a document
whose extraction fails is stored as failed and retried; copies of a stored text keep their
provenance and show in the event's story; a read-only store is one line. Texts written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import frontwatch.pipeline
from frontwatch.cli import app
from frontwatch.ledger import Ledger
from frontwatch.store import Store

STRIKE = "Russian forces shelled Kramatorsk on March 3, 2024, killing two civilians, the governor said."
REPEL = (
    "Ukrainian troops repelled a Russian assault near Chasiv Yar on March 4, 2024, the General Staff said."
)
POISON = "A report that trips the rules: Russian forces shelled Sloviansk on March 5, 2024."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_failing_document_is_stored_as_failed_and_reextract_failed_retries_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = jsonl(
        tmp_path / "feed.jsonl",
        {"id": "ok-1", "text": STRIKE, "published": "2024-03-04"},
        {"id": "bad-2", "text": POISON, "published": "2024-03-06"},
        {"id": "ok-3", "text": REPEL, "published": "2024-03-05"},
    )
    real = frontwatch.pipeline.extract_claims

    def faulty(doc, *args, **kwargs):  # a rule bug that only this text triggers
        if "trips the rules" in doc.text:
            raise OverflowError("date value out of range")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(frontwatch.pipeline, "extract_claims", faulty)
    db = str(tmp_path / "fw.db")
    result = runner.invoke(app, ["ingest", str(feed), "--db", db])
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if x.startswith("frontwatch:")]
    assert lines == [
        f"frontwatch: {feed}:2 (id bad-2): extraction failed (OverflowError: date value out of range); "
        "stored without claims; retry with `frontwatch reextract --failed`"
    ]
    assert "3 new documents" in result.stderr and "1 failed" in result.stderr
    with Store(db) as st:
        assert sorted({r.doc_id for r in st.query_claims()}) == ["ok-1", "ok-3"]
        assert [d.id for d in st.iter_documents(failed=True)] == ["bad-2"]

    again = runner.invoke(app, ["reextract", "--failed", "--db", db])  # still broken: still failed
    assert again.exit_code == 2 and "extraction failed again" in again.stderr

    monkeypatch.setattr(frontwatch.pipeline, "extract_claims", real)  # the bug is fixed
    fixed = runner.invoke(app, ["reextract", "--failed", "--db", db])
    assert fixed.exit_code == 0, fixed.stderr
    assert "re-extracted 1 document" in fixed.stderr
    with Store(db) as st:
        assert "bad-2" in {r.doc_id for r in st.query_claims()}
        assert list(st.iter_documents(failed=True)) == []
    assert "no stored document failed" in runner.invoke(app, ["reextract", "--failed", "--db", db]).stderr


def test_copies_keep_their_provenance_and_are_never_corroboration(runner: CliRunner, tmp_path: Path) -> None:
    """The same report re-posted with CRLF line endings, doubled spaces and a newsletter prompt,
    under another id, outlet, URL and date: one document, one copy, the same claims and events,
    and `event` names the copy. Sent again exactly, it is already stored."""
    db = str(tmp_path / "fw.db")
    original = {"id": "wire-1", "text": STRIKE + "\n\n" + REPEL + "\n", "published": "2024-03-05"}
    original |= {"source": "Kyiv Wire", "url": "https://kyiv.example/1"}
    assert (
        runner.invoke(app, ["ingest", str(jsonl(tmp_path / "a.jsonl", original)), "--db", db]).exit_code == 0
    )
    with Store(db) as st:
        before = sorted((e.event_id, e.status, e.n_sources) for e in Ledger(st).events())
        n_claims = st.stats()["claims"]
    repost = {
        "id": "daily-77",
        "text": STRIKE.replace(" on ", "  on ") + "\r\n\r\n" + REPEL + "\r\nSign up for our newsletter.\r\n",
        "published": "2024-03-06",
        "source": "Daily Digest",
        "url": "https://digest.example/77",
    }
    copy_feed = jsonl(tmp_path / "b.jsonl", repost)
    result = runner.invoke(app, ["ingest", str(copy_feed), "--db", db])
    assert result.exit_code == 0, result.stderr
    assert "0 new documents, 1 copy of stored texts" in result.stderr
    with Store(db) as st:
        assert st.stats()["documents"] == 1 and st.stats()["claims"] == n_claims
        assert sorted((e.event_id, e.status, e.n_sources) for e in Ledger(st).events()) == before
        event_id = before[0][0]
    story = runner.invoke(app, ["event", event_id, "--db", db])
    assert "same text also from Daily Digest (2024-03-06, https://digest.example/77)" in story.stdout
    data = json.loads(runner.invoke(app, ["event", event_id, "--db", db, "--json"]).stdout)
    assert data["claims"][0]["copies"][0]["doc_id"] == "daily-77"
    resent = runner.invoke(app, ["ingest", str(copy_feed), "--db", db])
    assert "0 new documents, 1 already stored" in resent.stderr


def test_a_read_only_store_is_one_line_and_still_readable(runner: CliRunner, tmp_path: Path) -> None:
    """A store opened read-only (here a SQLite URI with mode=ro; a file without write permission
    behaves the same): writing is refused in one line, nothing is lost, reading works."""
    db = tmp_path / "fw.db"
    feed = jsonl(tmp_path / "a.jsonl", {"id": "r1", "text": STRIKE, "published": "2024-03-04"})
    assert runner.invoke(app, ["ingest", str(feed), "--db", str(db)]).exit_code == 0
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    other = jsonl(tmp_path / "b.jsonl", {"id": "r2", "text": REPEL, "published": "2024-03-05"})
    result = runner.invoke(app, ["ingest", str(other), "--db", read_only])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "frontwatch: error: store: cannot write to the store: attempt to write a readonly database "
        "(everything before it is kept)"
    ]
    listed = runner.invoke(app, ["claims", "--db", read_only, "--format", "jsonl"])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == 1


def every_command(group=None, prefix=()):
    import typer.main

    cmd = typer.main.get_command(app) if group is None else group
    for name, sub in getattr(cmd, "commands", {}).items():
        yield (*prefix, name)
        yield from every_command(sub, (*prefix, name))


def test_help_shows_plain_value_names_and_every_default(runner: CliRunner) -> None:
    """`--help` names values as TEXT, INTEGER, PATH..., choices as a|b, flags with none: never a
    Python annotation (<bool>, <str>, <list[str]>), and a bracketed default is not eaten."""
    commands = list(every_command())
    assert ("gazetteer", "lookup") in commands and ("ingest",) in commands
    for command in commands:
        shown = runner.invoke(app, [*command, "--help"], terminal_width=200).stdout
        for annotation in ("<bool>", "<str>", "<int", "<float", "list[", "<Path>"):
            assert annotation not in shown, (command, annotation)
    ingest = runner.invoke(app, ["ingest", "--help"], terminal_width=200).stdout
    assert any(line.split()[1:3] == ["paths...", "TEXT..."] for line in ingest.splitlines())
    flat = " ".join(" ".join(line.strip(" │").split()) for line in ingest.splitlines())  # unwrap the table
    assert "[default: $FRONTWATCH_DB or the user data dir]" in flat


@pytest.mark.parametrize(
    ("value", "stored"),
    [("20240306", "2024-03-06"), ("2024-03-06", "2024-03-06"), ("2024-03-06T23:10:00+02:00", "2024-03-06")],
)
def test_published_in_iso_8601_basic_or_extended_form_is_read(value, stored, tmp_path: Path) -> None:
    from frontwatch.ingest import read_documents

    feed = jsonl(tmp_path / "a.jsonl", {"id": "r1", "text": STRIKE, "published": value})
    (doc,) = read_documents([feed])
    assert doc.published.isoformat() == stored


@pytest.mark.parametrize("value", ["March 6", 20240306, "2024-13-01"])
def test_a_published_value_that_is_not_a_date_says_so(value, tmp_path: Path) -> None:
    from frontwatch.ingest import read_documents

    feed = jsonl(tmp_path / "a.jsonl", {"id": "r1", "text": STRIKE, "published": value})
    (problem,) = read_documents([feed])
    assert str(problem) == f"{feed}:1: published: not a date (YYYY-MM-DD) (got {value!r})"


@pytest.mark.parametrize("value", ["0001-01-01", "3000-01-01"])
def test_an_absurd_published_option_is_refused_once_before_reading(
    runner: CliRunner, value, tmp_path
) -> None:
    feed = jsonl(tmp_path / "a.jsonl", {"id": "r1", "text": STRIKE}, {"id": "r2", "text": REPEL})
    result = runner.invoke(app, ["extract", str(feed), "--published", value])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr.count("\n") == 1
        and f"--published {value} is outside the allowed range" in result.stderr
    )
