"""frontwatch.bench on a tiny corpus: both sides measured in their own child processes."""

from __future__ import annotations

import json
import logging
import math
import os
from pathlib import Path

import pytest

from frontwatch.bench import BenchError, BenchResult, read_corpus, run_bench

CORPUS = Path(__file__).parent / "fixtures" / "bench_corpus.jsonl"  # 4 documents, 2 bad lines


@pytest.fixture(scope="module")
def result() -> BenchResult:
    return run_bench(CORPUS, limit=3)


def test_read_corpus_skips_and_counts_bad_lines(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="frontwatch.bench"):
        docs, skipped = read_corpus(CORPUS)
    assert [d.id for d in docs] == ["b1", "b3", "b4", "b5"] and skipped == 2
    assert "skipped 2 bad line(s)" in caplog.text
    docs, skipped = read_corpus(CORPUS, limit=1)
    assert [d.id for d in docs] == ["b1"] and skipped == 0
    with pytest.raises(ValueError):
        read_corpus(CORPUS, limit=0)


def test_both_sides_measured_on_the_same_texts(result: BenchResult) -> None:
    assert result.docs == result.frontwatch.docs == result.spacy.docs == 3
    assert result.skipped_lines == 2
    assert result.tokens > 0 and result.frontwatch.tokens == result.spacy.tokens == result.tokens
    for side in (result.frontwatch, result.spacy):
        assert 0 < side.docs_per_s < math.inf and 0 < side.tokens_per_s < math.inf
        assert side.wall_s > 0 and side.load_s > 0
        assert side.peak_rss_mb > 0
    if hasattr(os, "sched_getaffinity"):
        assert result.frontwatch.cpu == result.spacy.cpu == min(os.sched_getaffinity(0))


def test_ratio_and_rates_from_known_timings() -> None:
    from frontwatch.bench import SideResult

    def side(name: str, wall: float) -> SideResult:
        return SideResult(
            name,
            docs=100,
            tokens=50_000,
            wall_s=wall,
            cpu_s=wall,
            load_s=1.0,
            peak_rss_mb=100.0,
            peak_rss_source="VmHWM",
            cpu=0,
        )

    fast, slow = side("frontwatch", 5.0), side("spacy", 10.0)
    assert (fast.docs_per_s, fast.tokens_per_s) == (20.0, 10_000.0)
    result = BenchResult("c.jsonl", "m", 100, 50_000, 0, 64, 7, fast, slow)
    assert result.docs_per_s_ratio == 2.0 and result.tokens_per_s_ratio == 2.0
    assert result.to_dict()["ratio"] == {"docs_per_s": 2.0, "tokens_per_s": 2.0}
    assert "2.00" in result.format_table()


def test_outputs(result: BenchResult) -> None:
    data = json.loads(json.dumps(result.to_dict()))
    assert data["frontwatch"]["tokens"] == data["spacy"]["tokens"] == result.tokens
    table = result.format_table()
    assert "frontwatch / spacy" in table and f"{result.docs_per_s_ratio:.3f}" in table
    assert result.rich_table().row_count == 3


def test_a_failing_child_is_reported(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="not installed"):
        run_bench(CORPUS, limit=1, model="no_such_spacy_pipeline_xyz")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(BenchError, match="no usable documents"):
        run_bench(empty)
