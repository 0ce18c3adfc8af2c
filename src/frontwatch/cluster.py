"""Extraction on a Dask cluster, when an archive outgrows one machine (docs/scale.md).

``extract_shards`` reads an archive as shards (JSONL, JSONL.gz or Parquet files, at local paths
or any fsspec URL), makes a Dask bag with one partition per shard, and has the workers extract
each shard and write its claim shard (``frontwatch.shards``: ``part-NNNNN.jsonl`` and
``.parquet``) to the output location. Each worker process loads its extractor once, on its
first shard (``worker_extractor``), and keeps it. The records are the ones a single process
writes for the same documents.

``scheduler`` is ``"local"`` (a ``LocalCluster`` of ``workers`` processes, one thread each) or
the address of a running scheduler (``tcp://host:8786``); Dask and distributed are needed only
here (``pip install "frontwatch[dask]"``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Memory a worker needs: the spaCy pipeline, the gazetteer and Russian/Ukrainian dictionaries
#: once loaded, plus a shard's documents and records (docs/scale.md gives the measured figure).
WORKER_MEMORY = "1.5GiB"


#: Dask settings for frontwatch's workers: no statistical profiling of the (CPU-bound) tasks.
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
}


@dataclass
class ShardResult:
    shard: str
    documents: int = 0
    claims: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


#: The control maps this worker's extractor checks claims against (``extract_shard``).
_MAPS_IN_USE: Any = None


@lru_cache(maxsize=2)
def worker_extractor(model: str | None) -> Any:
    """The extractor of this worker process, built on its first shard and kept."""
    from .pipeline import Extractor

    return Extractor(model)


def warm_worker(model: str | None) -> str:
    """Load this worker's extractor now and read one short report with it, so that what loads
    on first use (the language model, the gazetteer's indexes) is loaded too
    (``client.run(warm_worker, model)``); returns its version."""
    from .models import Document

    extractor = worker_extractor(model)
    extractor.extract(
        Document(id="warm-up", text="Russian forces shelled Kharkiv on Monday, the governor said.")
    )
    return extractor.version


def extract_shard(
    index: int,
    shard: str,
    out: str,
    *,
    model: str | None = None,
    published: date | None = None,
    source: str | None = None,
    lang: str | None = None,
    formats: tuple[str, ...] = ("parquet", "jsonl"),
    control: Any = None,
) -> ShardResult:
    """Extract one input shard and write its claim shard ``out/part-{index:05d}``; runs on a
    worker. ``lang`` is the language of documents that state none (None: identified);
    ``control``: the control maps the claims are checked against, as ``extract`` does. Bad
    input and failed documents are counted and named, never raised."""
    from .ingest import InputProblem, read_input_shard
    from .shards import write_shard

    result = ShardResult(shard)
    docs = []
    for item in read_input_shard(shard, published=published, source=source):
        if isinstance(item, InputProblem):
            result.problems.append(f"skipped {item}")
        else:
            item.language = item.language or lang
            docs.append(item)
    extractor = worker_extractor(model)
    global _MAPS_IN_USE
    if _MAPS_IN_USE is not control:  # once per worker and set of maps (the same object each task)
        extractor.use_control(control)
        _MAPS_IN_USE = control
    records = list(extractor.extract_many(docs))
    for doc, rec in zip(docs, records, strict=True):
        if rec.error:
            result.failed += 1
            result.problems.append(f"{doc.where()}: extraction failed ({rec.error})")
    result.documents, result.claims = len(docs), sum(len(r.claims) for r in records)
    base = f"{out.rstrip('/')}/part-{index:05d}"
    result.written = write_shard(base, docs, records, extractor.version, formats)
    return result


def input_shards(inputs: list[str]) -> list[str]:
    """The shard files of the inputs: files as given; directories (walked down) and globs
    expanded to their ``.jsonl``, ``.jsonl.gz`` and ``.parquet`` files, sorted. A location
    that names none is a ``ValueError`` naming it."""
    import fsspec

    from .shards import MANIFEST, full_url

    found: list[str] = []
    for location in inputs:
        fs, _, paths = fsspec.get_fs_token_paths(location)
        members: list[str] = []
        for path in paths:
            if fs.isdir(path):
                here = fs.find(path)
                runs = {p.rsplit("/", 1)[0] for p in here if p.endswith("/" + MANIFEST)}
                members += sorted(  # an earlier run's claim shards under the archive are not input
                    p
                    for p in here
                    if p.lower().endswith((".jsonl", ".jsonl.gz", ".parquet"))
                    and p.rsplit("/", 1)[0] not in runs
                )
            else:
                members.append(path)
        if not members:
            raise ValueError(f"{location}: no .jsonl, .jsonl.gz or .parquet shards there")
        found.extend(full_url(fs, p) for p in members)
    return found


def client_for(scheduler: str, workers: int | None = None) -> Any:
    """A Dask client: a new ``LocalCluster`` for ``"local"``, else the scheduler at that address."""
    import dask
    from dask.distributed import Client, LocalCluster

    for name in ("distributed", "dask"):  # its start-up and shut-down chatter is not our output
        logging.getLogger(name).setLevel(logging.WARNING)
    if scheduler == "local":
        # the workers' statistical profiler samples every task's stack 100 times a second: on
        # a CPU-bound pipeline that costs more than it tells (set it alike on a real cluster)
        dask.config.set(WORKER_CONFIG)
        from .parallel import default_workers

        cluster = LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            memory_limit=WORKER_MEMORY,
            dashboard_address=":0",
            silence_logs=logging.WARNING,
        )
        return Client(cluster)
    return Client(scheduler)


def extract_shards(
    inputs: list[str],
    out: str,
    *,
    client: Any,
    model: str | None = None,
    published: date | None = None,
    source: str | None = None,
    lang: str | None = None,
    formats: tuple[str, ...] = ("parquet", "jsonl"),
    control: Any = None,
) -> list[ShardResult]:
    """Every input shard extracted on the cluster of ``client``, one claim shard each, in
    input order of the shards; ``out/_manifest.json`` is written last and says the run finished
    (``ingest --from-parquet`` reads only finished runs). ``control`` (a ``ControlView``) goes
    to each worker once, as one piece of the graph."""
    import dask
    import dask.bag as db
    import fsspec

    from .shards import MANIFEST, full_url, write_manifest

    shards = input_shards(inputs)
    if "://" not in out and "::" not in out:
        out = os.path.abspath(out)  # the workers may run elsewhere: no path relative to here
    fs, _, (root,) = fsspec.get_fs_token_paths(out)
    if fs.exists(root) and any(
        Path(p).name.startswith("part-") or Path(p).name == MANIFEST for p in fs.ls(root, detail=False)
    ):
        # a later ingest --from-parquet would mix an earlier run's shards with this one's
        raise ValueError(f"{out} already holds claim shards: write to a new location")
    fs.makedirs(root, exist_ok=True)
    out = full_url(fs, root)
    maps = dask.delayed(control, traverse=False) if control else None
    bag = db.from_sequence(list(enumerate(shards)), npartitions=len(shards))
    results = bag.map(
        lambda pair, control: extract_shard(
            pair[0],
            pair[1],
            out,
            model=model,
            published=published,
            source=source,
            lang=lang,
            formats=formats,
            control=control,
        ),
        control=maps,
    )
    done = list(client.compute(results).result())
    write_manifest(out, [(r.shard, r.written, r.documents, r.claims, r.failed) for r in done])
    return done
