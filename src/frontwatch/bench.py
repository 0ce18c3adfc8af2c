"""Throughput benchmarks (docs/evaluation.md), each side measured in its own fresh process.

``run_bench`` compares frontwatch's extractor with the bare spaCy pipeline it builds on, over the
same texts in the same run. Every measured side runs in a child started with the "spawn"
context, one after the other, so that model loading, warm-up and peak memory of one side never
leak into the other; the child is pinned to one core with BLAS/OpenMP limited to one thread.

The building blocks are generic: a *measure* is a function ``payload -> dict`` registered in
``_MEASURES`` and run by ``run_in_child``, which adds the peak RSS and the core it ran on. A
second benchmark (``bench --ledger``: clustering throughput on a generated corpus) adds its own
measure and ``run_*`` function beside ``run_bench``.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection, wait
from os import PathLike
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .models import Document

log = logging.getLogger(__name__)

#: Set in the child's environment before it starts, so before numpy/spaCy are imported there.
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
#: Processed once, untimed, after loading: first-call initialisation is not throughput.
WARMUP_TEXT = "Russian forces shelled Kharkiv on Monday, the regional governor said."
DEFAULT_BATCH_SIZE = 64

StrPath = str | PathLike[str]
Measure = Callable[[dict[str, Any]], dict[str, Any]]


class BenchError(RuntimeError):
    """A benchmark could not run: no usable documents, or a measuring child failed."""


# --- the corpus ----------------------------------------------------------------------------------


def read_corpus(path: StrPath, limit: int | None = None) -> tuple[list[Document], int]:
    """Read up to ``limit`` input documents from a JSONL file; returns (documents, bad lines skipped).

    Blank lines are ignored; a line that is not a JSON object or not a valid document is skipped
    and counted, with one warning for the file.
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    docs: list[Document] = []
    bad: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if limit is not None and len(docs) >= limit:
                break
            if not line.strip():
                continue
            try:
                docs.append(Document.model_validate(json.loads(line)))
            except json.JSONDecodeError as exc:
                bad.append(f"line {lineno}: not JSON ({exc.msg})")
            except ValidationError as exc:
                error = exc.errors()[0]
                field = ".".join(str(part) for part in error["loc"]) or "line"
                bad.append(f"line {lineno}: {field}: {error['msg']}")
    if bad:
        log.warning("%s: skipped %d bad line(s) (first: %s)", path, len(bad), bad[0])
    return docs, len(bad)


# --- results -------------------------------------------------------------------------------------


def _per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


@dataclass(frozen=True)
class SideResult:
    """One measured side: what it processed, how long it took, and its peak memory."""

    name: str
    docs: int
    tokens: int
    wall_s: float
    cpu_s: float
    load_s: float
    peak_rss_mb: float
    peak_rss_source: str
    cpu: int | None

    @property
    def docs_per_s(self) -> float:
        return _per_second(self.docs, self.wall_s)

    @property
    def tokens_per_s(self) -> float:
        return _per_second(self.tokens, self.wall_s)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "docs_per_s": self.docs_per_s, "tokens_per_s": self.tokens_per_s}


@dataclass(frozen=True)
class BenchResult:
    """frontwatch against bare spaCy over the same texts; ratios are frontwatch / bare."""

    corpus: str
    model: str
    docs: int
    tokens: int
    skipped_lines: int
    batch_size: int
    claims: int
    frontwatch: SideResult
    spacy: SideResult

    @property
    def docs_per_s_ratio(self) -> float:
        return self.frontwatch.docs_per_s / self.spacy.docs_per_s

    @property
    def tokens_per_s_ratio(self) -> float:
        return self.frontwatch.tokens_per_s / self.spacy.tokens_per_s

    def to_dict(self) -> dict[str, Any]:
        return {
            "benchmark": "extract",
            "corpus": self.corpus,
            "model": self.model,
            "docs": self.docs,
            "tokens": self.tokens,
            "skipped_lines": self.skipped_lines,
            "batch_size": self.batch_size,
            "claims": self.claims,
            "frontwatch": self.frontwatch.to_dict(),
            "spacy": self.spacy.to_dict(),
            "ratio": {"docs_per_s": self.docs_per_s_ratio, "tokens_per_s": self.tokens_per_s_ratio},
        }

    def _rows(self) -> list[list[str]]:
        rows = [
            [
                s.name,
                f"{s.docs_per_s:,.1f}",
                f"{s.tokens_per_s:,.0f}",
                f"{s.wall_s:.3f}",
                f"{s.load_s:.2f}",
                f"{s.peak_rss_mb:,.1f}",
            ]
            for s in (self.frontwatch, self.spacy)
        ]
        rows.append(
            [
                "frontwatch / spacy",
                f"{self.docs_per_s_ratio:.3f}",
                f"{self.tokens_per_s_ratio:.3f}",
                "",
                "",
                "",
            ]
        )
        return rows

    def _title(self) -> str:
        cpu = self.spacy.cpu
        core = "one core" if cpu is None else f"one core (cpu {cpu})"
        return (
            f"{self.corpus}: {self.docs} docs, {self.tokens:,} tokens, {self.claims} claims, "
            f"{self.model}, batch {self.batch_size}, {core}"
        )

    def format_table(self) -> str:
        """A plain-text table: one row per side and the frontwatch/spaCy ratio row."""
        header = ["side", "docs/s", "tokens/s", "wall s", "load s", "peak RSS MB"]
        rows = [header, *self._rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines = [self._title()]
        for n, row in enumerate(rows):
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        if self.skipped_lines:
            lines.append(f"({self.skipped_lines} bad corpus line(s) skipped)")
        return "\n".join(lines)

    def rich_table(self) -> Any:
        """The same table as a ``rich.table.Table`` for a console."""
        from rich.table import Table

        table = Table(title=self._title())
        table.add_column("side")
        for col in ("docs/s", "tokens/s", "wall s", "load s", "peak RSS MB"):
            table.add_column(col, justify="right")
        for row in self._rows():
            table.add_row(*row)
        return table


# --- running a measure in a fresh, pinned child ----------------------------------------------------


@contextmanager
def _single_thread_env() -> Iterator[None]:
    """Set SINGLE_THREAD_ENV in this process while a child is spawned (it inherits it), then restore."""
    saved = {k: os.environ.get(k) for k in SINGLE_THREAD_ENV}
    os.environ.update(SINGLE_THREAD_ENV)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _pin_to_one_core() -> int | None:
    """Pin this process to the first CPU it may run on; None where the OS has no affinity call."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _peak_rss() -> tuple[float, str]:
    """Peak RSS of this process in MB.

    Linux's VmHWM is the high-water mark of this process image alone. ``ru_maxrss`` is the
    fallback; on Linux it also carries the *parent's* peak over the fork/exec that started a
    spawned child, which would charge the parent's memory to the measured side.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024, "VmHWM"
    except OSError:
        pass
    import resource

    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024), "ru_maxrss"


def _child_main(conn: Connection, kind: str, payload: dict[str, Any]) -> None:
    """Entry point of a measuring child: pin, run the measure, send back its result or traceback."""
    os.environ.update(SINGLE_THREAD_ENV)  # already inherited; kept for children started otherwise
    try:
        cpu = _pin_to_one_core() if payload.get("pin", True) else None  # scaling runs need every core
        result = _MEASURES[kind](payload)
        rss_mb, rss_source = _peak_rss()
        conn.send(("ok", {**result, "cpu": cpu, "peak_rss_mb": rss_mb, "peak_rss_source": rss_source}))
    except BaseException:
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def run_in_child(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Run the registered measure ``kind`` in a fresh spawned process and return its result dict."""
    ctx = multiprocessing.get_context("spawn")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child_main, args=(child_conn, kind, payload), name=f"frontwatch-bench-{kind}")
    with _single_thread_env():
        proc.start()
    child_conn.close()
    try:
        wait([parent_conn, proc.sentinel])
        message = parent_conn.recv() if parent_conn.poll() else None
    except EOFError:
        message = None
    finally:
        proc.join()
        parent_conn.close()
    if message is None:
        raise BenchError(f"{kind} benchmark process exited with code {proc.exitcode} without a result")
    status, body = message
    if status != "ok":
        raise BenchError(f"{kind} benchmark failed in its process:\n{body}")
    return body


# --- the measures (run inside the child) -----------------------------------------------------------


def _measure_spacy(payload: dict[str, Any]) -> dict[str, Any]:
    """Bare spaCy: the full pipeline over the texts with ``nlp.pipe``; also counts tokens, untimed."""
    start = time.perf_counter()
    from .nlp import load_pipeline

    nlp = load_pipeline(payload["model"])
    nlp(WARMUP_TEXT)
    load_s = time.perf_counter() - start
    texts: list[str] = payload["texts"]
    cpu0, t0 = time.process_time(), time.perf_counter()
    docs = sum(1 for _ in nlp.pipe(texts, batch_size=payload["batch_size"]))
    wall_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
    tokens = sum(len(nlp.tokenizer(text)) for text in texts)
    meta = nlp.meta
    model = f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"
    return {
        "docs": docs,
        "tokens": tokens,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "load_s": load_s,
        "model": model,
    }


def _measure_frontwatch(payload: dict[str, Any]) -> dict[str, Any]:
    """frontwatch: ``Extractor.extract_many`` over the documents, every record consumed."""
    start = time.perf_counter()
    from .pipeline import Extractor

    extractor = Extractor(payload["model"])
    extractor.extract(Document(id="bench-warmup", text=WARMUP_TEXT))
    load_s = time.perf_counter() - start
    docs: list[Document] = payload["docs"]
    cpu0, t0 = time.process_time(), time.perf_counter()
    n = claims = 0
    for record in extractor.extract_many(docs, batch_size=payload["batch_size"]):
        n += 1
        claims += len(record.claims)
    wall_s, cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
    return {"docs": n, "claims": claims, "wall_s": wall_s, "cpu_s": cpu_s, "load_s": load_s}


_MEASURES: dict[str, Measure] = {"spacy": _measure_spacy, "frontwatch": _measure_frontwatch}


# --- benchmarks ----------------------------------------------------------------------------------


def _side(name: str, raw: dict[str, Any], tokens: int) -> SideResult:
    return SideResult(
        name=name,
        docs=raw["docs"],
        tokens=tokens,
        wall_s=raw["wall_s"],
        cpu_s=raw["cpu_s"],
        load_s=raw["load_s"],
        peak_rss_mb=raw["peak_rss_mb"],
        peak_rss_source=raw["peak_rss_source"],
        cpu=raw["cpu"],
    )


def run_bench(
    corpus_path: StrPath,
    *,
    limit: int | None = None,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> BenchResult:
    """Extraction throughput of frontwatch against bare spaCy over the first ``limit`` documents.

    Bare spaCy runs first, then frontwatch, each in its own spawned child on one core; loading
    and one warm-up document are outside the timed part (reported as ``load_s``). Tokens are
    spaCy's tokenizer output over the texts, counted once and used for both sides.
    """
    docs, skipped = read_corpus(corpus_path, limit)
    if not docs:
        raise BenchError(f"{corpus_path}: no usable documents")
    common = {"model": model, "batch_size": batch_size}
    bare = run_in_child("spacy", {**common, "texts": [d.text for d in docs]})
    ours = run_in_child("frontwatch", {**common, "docs": docs})
    tokens = bare["tokens"]
    return BenchResult(
        corpus=Path(corpus_path).name,
        model=bare["model"],
        docs=len(docs),
        tokens=tokens,
        skipped_lines=skipped,
        batch_size=batch_size,
        claims=ours["claims"],
        frontwatch=_side("frontwatch", ours, tokens),
        spacy=_side("spacy", bare, tokens),
    )
