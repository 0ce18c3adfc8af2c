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


def test_ratio_is_the_quotient(result: BenchResult) -> None:
    assert result.docs_per_s_ratio == result.frontwatch.docs_per_s / result.spacy.docs_per_s
    assert result.tokens_per_s_ratio == result.frontwatch.tokens_per_s / result.spacy.tokens_per_s
    ratio = result.to_dict()["ratio"]
    assert ratio == {"docs_per_s": result.docs_per_s_ratio, "tokens_per_s": result.tokens_per_s_ratio}


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
