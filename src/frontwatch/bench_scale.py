"""Scaling benchmark (``frontwatch bench --workers 1,2 [--dask]``, docs/scale.md).

The same documents are extracted with 1, 2, ... worker processes (``frontwatch.parallel``) and,
with ``dask``, on a Dask ``LocalCluster`` of as many processes as the largest worker count, over
the corpus cut into shards. Each run is its own fresh child process (``bench.run_in_child``, not
pinned to a core: it needs them all). Loading the pipeline, forking the workers and starting
the Dask workers' pipelines are outside the timed part; writing the Dask claim shards is inside
it, as in real use. Each worker's peak resident memory (VmHWM) and its proportional share of
the memory it shares with the others (Pss, Linux) are read before the workers stop.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .bench import _MEASURES, WARMUP_TEXT, BenchError, StrPath, read_corpus, run_in_child
from .models import Document

#: Shards per Dask worker when the corpus is cut for the Dask run.
SHARDS_PER_WORKER = 12


def _proc_memory(pid: int) -> tuple[float | None, float | None]:
    """(VmHWM, Pss) of a process in MB, from /proc (None where it cannot be read)."""
    hwm = pss = None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return hwm, pss


def _measure_workers(payload: dict[str, Any]) -> dict[str, Any]:
    """``ParallelExtractor`` with ``workers`` processes over the documents."""
    from .parallel import ParallelExtractor
    from .pipeline import Extractor

    extractor = Extractor(payload["model"])
    extractor.extract(Document(id="bench-warmup", text=WARMUP_TEXT))
    docs: list[Document] = payload["docs"]
    n = payload["workers"]
    with ParallelExtractor(extractor, n) as par:
        par.start()  # fork the workers before the clock starts
        t0 = time.perf_counter()
        count = claims = 0
        digest = hashlib.sha256()
        for record in par.extract_many(docs):
            count += 1
            claims += len(record.claims)
            digest.update(record.to_json().encode() + b"\n")
        wall = time.perf_counter() - t0
        workers = [_proc_memory(p.pid) for p in multiprocessing.active_children()]
    return {
        "docs": count,
        "claims": claims,
        "wall_s": wall,
        "workers_memory": workers,
        "records": digest.hexdigest(),
    }


def _measure_dask(payload: dict[str, Any]) -> dict[str, Any]:
    """``cluster.extract_shards`` on a ``LocalCluster`` over the documents cut into shards."""
    from .cluster import client_for, extract_shards, warm_worker

    docs: list[Document] = payload["docs"]
    n = payload["workers"]
    with tempfile.TemporaryDirectory(prefix="frontwatch-bench-") as tmp:
        shards = max(1, n * SHARDS_PER_WORKER)
        size = -(-len(docs) // shards)
        for i in range(0, len(docs), size):
            with open(Path(tmp, f"in-{i // size:05d}.jsonl"), "w", encoding="utf-8") as fh:
                for d in docs[i : i + size]:
                    fh.write(d.model_dump_json(exclude_none=True) + "\n")
        with client_for("local", n) as client:
            client.run(warm_worker, payload["model"])  # each worker loads its pipeline, untimed
            t0 = time.perf_counter()
            results = extract_shards([tmp], str(Path(tmp, "out")), client=client, model=payload["model"])
            wall = time.perf_counter() - t0
            memory = client.run(lambda: _proc_memory(__import__("os").getpid()))
        digest = hashlib.sha256()
        for part in sorted(Path(tmp, "out").glob("part-*.jsonl")):
            digest.update(part.read_bytes())
    return {
        "records": digest.hexdigest(),
        "docs": sum(r.documents for r in results),
        "claims": sum(r.claims for r in results),
        "wall_s": wall,
        "workers_memory": list(memory.values()),
        "shards": len(results),
    }


_MEASURES["workers"] = _measure_workers
_MEASURES["dask"] = _measure_dask


@dataclass(frozen=True)
class ScaleRow:
    how: str  # "1 worker", "2 workers", "dask local, 2 workers"
    workers: int
    docs: int
    claims: int
    wall_s: float
    docs_per_s: float
    speedup: float  # against 1 worker
    per_core_docs_per_s: float
    worker_peak_mb: float | None  # the largest worker's VmHWM (the calling process for 1 worker)
    worker_pss_mb: float | None


def run_scaling(
    corpus_path: StrPath,
    workers: list[int],
    *,
    dask: bool = False,
    limit: int | None = None,
    model: str | None = None,
) -> dict[str, Any]:
    """Throughput at each worker count (and on Dask at the largest), one fresh child each."""
    docs, skipped = read_corpus(corpus_path, limit)
    if not docs:
        raise BenchError(f"{corpus_path}: no usable documents")
    counts = sorted(set(workers) | {1})
    rows: list[ScaleRow] = []
    runs = [("workers", n) for n in counts] + ([("dask", max(counts))] if dask else [])
    base = None
    digests: list[str] = []
    for kind, n in runs:
        # the measure travels in the payload: unpickling it in the spawned child imports this
        # module, which registers the scaling measures (as bench_ledger does)
        measure = _MEASURES[kind]
        raw = run_in_child(
            kind, {"model": model, "docs": docs, "workers": n, "pin": False, "_measure": measure}
        )
        digests.append(raw["records"])
        rate = raw["docs"] / raw["wall_s"] if raw["wall_s"] > 0 else float("inf")
        base = base or rate
        mem = [m for m in raw["workers_memory"] if m[0] is not None]
        peak = max((m[0] for m in mem), default=None) if mem else raw["peak_rss_mb"]
        pss = max((m[1] for m in mem if m[1] is not None), default=None)
        how = f"{n} worker{'s' if n > 1 else ''}" if kind == "workers" else f"dask local, {n} workers"
        rows.append(
            ScaleRow(
                how, n, raw["docs"], raw["claims"], raw["wall_s"], rate, rate / base, rate / n, peak, pss
            )
        )
    return {
        "benchmark": "scaling",
        "records_identical": len({raw_digest for raw_digest in digests}) == 1,
        "corpus": Path(corpus_path).name,
        "docs": len(docs),
        "words": sum(len(d.text.split()) for d in docs),
        "skipped_lines": skipped,
        "rows": [asdict(r) for r in rows],
    }


def format_scaling(result: dict[str, Any]) -> str:
    """A plain-text table of a ``run_scaling`` result."""
    header = ["run", "docs/s", "x 1 worker", "docs/s per core", "wall s", "worker peak MB", "worker Pss MB"]
    rows = [header]
    for r in result["rows"]:
        rows.append(
            [
                r["how"],
                f"{r['docs_per_s']:,.1f}",
                f"{r['speedup']:.2f}",
                f"{r['per_core_docs_per_s']:,.1f}",
                f"{r['wall_s']:.1f}",
                f"{r['worker_peak_mb']:,.0f}" if r["worker_peak_mb"] else "",
                f"{r['worker_pss_mb']:,.0f}" if r["worker_pss_mb"] else "",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    same = "the same records from every run" if result["records_identical"] else "RECORDS DIFFER between runs"
    lines = [f"{result['corpus']}: {result['docs']} docs, {result['words']:,} words; {same}"]
    for k, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
