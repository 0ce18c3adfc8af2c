"""Archives at scale (frontwatch.parallel, frontwatch.cluster, frontwatch.shards): the same
records from one process, from worker processes and from a Dask cluster, on a corpus written
for these tests."""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.models import Document
from frontwatch.parallel import ParallelExtractor
from frontwatch.pipeline import Extractor
from frontwatch.store import Store

PLACES = ["Kharkiv", "Kupiansk", "Izium", "Pokrovsk", "Kostiantynivka", "Zaporizhzhia", "Kherson", "Sumy"]
TEMPLATES = [
    "Russian forces shelled {p} on Tuesday, injuring two civilians, the regional governor said.",
    "A Russian drone struck an apartment block in {p} overnight, local officials said.",
    "Ukrainian troops repelled an assault near {p}, the General Staff said on Monday.",
    "Air defence shot down three drones over {p}, the air force said.",
    "Officials in {p} said the town had a quiet night and schools reopened.",
]
UK = "Російська армія обстріляла Куп'янськ, повідомив Синєгубов."
RU = "Российские войска обстреляли Краматорск, сообщил Филашкин."


def corpus(n: int = 40) -> list[Document]:
    docs = []
    for i in range(n):
        text = TEMPLATES[i % len(TEMPLATES)].format(p=PLACES[i % len(PLACES)])
        if i % 7 == 3:
            text = UK if i % 2 else RU
        docs.append(Document(id=f"d{i:03d}", text=text, published="2025-03-04"))
    return docs


def write_jsonl(path: Path, docs: list[Document]) -> Path:
    path.write_text("".join(d.model_dump_json(exclude_none=True) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def single(extractor: Extractor) -> list[str]:
    """The records of one process: the reference."""
    return [r.to_json() for r in extractor.extract_many(corpus())]


def test_workers_write_the_records_of_one_process_in_input_order(
    extractor: Extractor, single: list[str]
) -> None:
    with ParallelExtractor(extractor, 2, batch=4) as par:
        got = [r.to_json() for r in par.extract_many(corpus())]
    assert got == single
    assert sum(len(json.loads(x)["claims"]) for x in got) >= 30  # the corpus has claims to compare


def test_unordered_workers_write_the_same_records(extractor: Extractor, single: list[str]) -> None:
    with ParallelExtractor(extractor, 2, batch=4, ordered=False) as par:
        got = [r.to_json() for r in par.extract_many(corpus())]
    assert sorted(got) == sorted(single)


def children() -> set[int]:
    return {p.pid for p in multiprocessing.active_children()}


def test_a_small_input_starts_no_workers(extractor: Extractor) -> None:
    before = children()
    with ParallelExtractor(extractor, 2) as par:
        records = list(par.extract_many(corpus(3)))
        assert len(records) == 3 and par._pool is None
    assert children() <= before


def test_ctrl_c_stops_the_workers_and_raises(extractor: Extractor) -> None:
    def interrupted():
        yield from corpus(12)
        raise KeyboardInterrupt

    before = children()
    par = ParallelExtractor(extractor, 2, batch=4)
    got = []
    with pytest.raises(KeyboardInterrupt):
        for record in par.extract_many(interrupted()):
            got.append(record)
    assert par._pool is None  # closed, the batches not started cancelled
    deadline = time.monotonic() + 30
    while children() - before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert children() <= before


def test_extract_and_ingest_with_workers_match_one_process(tmp_path: Path) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", corpus())
    runner = CliRunner()
    one = runner.invoke(app, ["extract", str(feed), "--workers", "1"])
    two = runner.invoke(app, ["extract", str(feed), "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 40
    stored, languages = {}, {}
    for n in ("1", "2"):
        db = str(tmp_path / f"w{n}.db")
        out = runner.invoke(app, ["ingest", str(feed), "--db", db, "--workers", n])
        assert out.exit_code == 0, out.output
        with Store(db) as st:
            stored[n] = sorted(c.claim.claim_id for c in st.query_claims())
            languages[n] = sorted((d.id, d.language) for d in st.iter_documents())
    assert stored["1"] == stored["2"] and stored["1"]
    # the language a worker identified is stored with the document, as with one process
    assert languages["1"] == languages["2"] and {lang for _, lang in languages["2"]} == {"en", "ru", "uk"}


# -- Dask -----------------------------------------------------------------------------------------
def shards(tmp_path: Path) -> tuple[Path, list[Document]]:
    """The corpus as three input shards: two JSONL (one gzipped) and one Parquet."""
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = corpus()
    root = tmp_path / "archive"
    root.mkdir()
    write_jsonl(root / "a.jsonl", docs[:15])
    with gzip.open(root / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(d.model_dump_json(exclude_none=True) + "\n" for d in docs[15:30]))
    rows = [json.loads(d.model_dump_json(exclude_none=True)) for d in docs[30:]]
    pq.write_table(pa.Table.from_pylist(rows), root / "c.parquet")
    return root, docs


def test_dask_writes_claim_shards_with_the_records_of_one_process(tmp_path: Path, single: list[str]) -> None:
    pytest.importorskip("distributed")
    root, _ = shards(tmp_path)
    out = tmp_path / "claims"
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(root), "--dask", "local", "--workers", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 shards, 40 documents" in result.stderr
    lines = [x for p in sorted(out.glob("part-*.jsonl")) for x in p.read_text(encoding="utf-8").splitlines()]
    assert lines == single
    assert len(list(out.glob("part-*.parquet"))) == 3
    rerun = runner.invoke(app, ["extract", str(root), "--dask", "local", "--workers", "1", "-o", str(out)])
    assert rerun.exit_code != 0 and "already holds claim shards" in rerun.output

    # the ledger stays incremental: the shards are stored without extracting again
    direct, loaded = str(tmp_path / "direct.db"), str(tmp_path / "loaded.db")
    feed = write_jsonl(tmp_path / "all.jsonl", corpus())
    extracted = runner.invoke(app, ["ingest", str(feed), "--db", direct])
    stored = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", loaded])
    assert extracted.exit_code == 0 and stored.exit_code == 0, stored.output
    assert "3 shards: 36 new documents, 4 copies of stored texts" in stored.stderr
    ledger = extracted.stderr.split("ledger: ")[1]
    assert int(ledger.split()[0]) > 0 and stored.stderr.split("ledger: ")[1] == ledger
    with Store(direct) as a, Store(loaded) as b:
        assert sorted(c.claim.claim_id for c in a.query_claims()) == sorted(
            c.claim.claim_id for c in b.query_claims()
        )
    again = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", loaded])
    assert "0 new documents, 40 already stored" in again.stderr, again.stderr


def test_dask_names_bad_shards_and_goes_on(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    root = tmp_path / "archive"
    root.mkdir()
    write_jsonl(root / "good.jsonl", corpus(3))
    (root / "bad.jsonl").write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    out = tmp_path / "claims"
    result = CliRunner().invoke(
        app, ["extract", str(root), "--dask", "local", "--workers", "1", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "bad.jsonl" in result.stderr and "3 documents" in result.stderr


def test_ingest_from_parquet_refuses_what_is_not_a_claim_shard(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "s").mkdir()
    shard = tmp_path / "s" / "part-00000.parquet"
    pq.write_table(pa.table({"id": ["a"], "text": ["x"]}), shard)
    runner = CliRunner()
    db = str(tmp_path / "x.db")
    out = runner.invoke(app, ["ingest", "--from-parquet", str(shard), "--db", db])
    assert out.exit_code == 2 and "not a claim shard (no column document, record" in out.stderr
    unfinished = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path / "s"), "--db", db])
    assert unfinished.exit_code != 0 and "did not finish" in unfinished.output
    (tmp_path / "e").mkdir()
    empty = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path / "e"), "--db", db])
    assert empty.exit_code != 0 and "no claim shards" in empty.output


def test_bench_reports_the_same_work_at_each_worker_count(tmp_path: Path) -> None:
    from frontwatch.bench_scale import format_scaling, run_scaling

    feed = write_jsonl(tmp_path / "feed.jsonl", corpus(24))
    result = run_scaling(feed, [1, 2])
    rows = result["rows"]
    assert [r["workers"] for r in rows] == [1, 2]
    assert {r["docs"] for r in rows} == {24} and rows[0]["claims"] == rows[1]["claims"] > 0
    assert rows[0]["speedup"] == 1.0 and rows[1]["worker_peak_mb"] > 0
    assert result["records_identical"]
    assert "2 workers" in format_scaling(result)


def test_dask_runs_on_a_scheduler_given_by_address(tmp_path: Path, single: list[str]) -> None:
    """The path a real cluster takes: a running scheduler (here one started for the test)."""
    distributed = pytest.importorskip("distributed")
    root, _ = shards(tmp_path)
    out = tmp_path / "claims"
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        result = CliRunner().invoke(
            app, ["extract", str(root), "--dask", cluster.scheduler_address, "-o", str(out)]
        )
    assert result.exit_code == 0, result.output
    lines = [x for p in sorted(out.glob("part-*.jsonl")) for x in p.read_text(encoding="utf-8").splitlines()]
    assert lines == single


def test_claim_shards_under_the_archive_are_not_read_as_input(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from frontwatch.cluster import input_shards

    root, _ = shards(tmp_path)
    runner = CliRunner()
    first = runner.invoke(
        app, ["extract", str(root), "--dask", "local", "--workers", "1", "-o", str(root / "claims")]
    )
    assert first.exit_code == 0, first.output
    assert [Path(p).name for p in input_shards([str(root)])] == ["a.jsonl", "b.jsonl.gz", "c.parquet"]


def test_unordered_records_name_their_own_input_line(tmp_path: Path) -> None:
    """With --unordered and repeated ids, a note still names the line the document came from."""
    docs = corpus(40)
    lines = [json.loads(d.model_dump_json(exclude_none=True)) | {"id": "same"} for d in docs]
    lines[20]["text"] = (
        "Russische Truppen haben die Stadt am Dienstag mit Artillerie beschossen, teilte der Gouverneur "
        "der Region mit. Nach seinen Angaben wurden zwei Menschen verletzt und mehrere Häuser beschädigt. "
        "Die Angaben ließen sich zunächst nicht unabhängig überprüfen."
    )
    feed = tmp_path / "dup.jsonl"
    feed.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    out = CliRunner().invoke(app, ["extract", str(feed), "--workers", "2", "--unordered"])
    assert out.exit_code == 0
    assert f"{feed}:21 (id same): not English, Russian or Ukrainian" in out.stderr
