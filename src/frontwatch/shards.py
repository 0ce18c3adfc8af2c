"""Claim shards: what a distributed extraction writes and ``frontwatch ingest --from-parquet``
loads (docs/scale.md).

A shard is one input shard's output, written twice:

- ``part-NNNNN.jsonl``: its claim records, byte for byte what ``frontwatch extract`` prints for
  those documents, in input order;
- ``part-NNNNN.parquet``: one row per document, enough to store it without extracting again:
  ``id``, ``document`` (the input document as JSON), ``record`` (the claim record as JSON),
  ``claims`` (how many), ``error`` and ``pipeline`` (the extractor version that made it).

Paths may be local or any fsspec URL (``s3://``, ``gs://``, ``file://``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .models import ClaimRecord, Document

SCHEMA_FIELDS = ("id", "document", "record", "claims", "error", "pipeline")


@dataclass(frozen=True)
class StoredRow:
    """One document of a claim shard, ready to store."""

    document: Document
    record: ClaimRecord
    pipeline: str


def _open(url: str, mode: str):  # noqa: ANN202
    """A file at a local path or an fsspec URL."""
    if "://" in url:
        import fsspec

        return fsspec.open(url, mode, encoding="utf-8" if "b" not in mode else None).open()
    return open(url, mode, encoding="utf-8" if "b" not in mode else None)


def write_shard(
    base: str, documents: list[Document], records: list[ClaimRecord], pipeline: str, formats: Iterable[str]
) -> list[str]:
    """Write one shard (``base`` + ``.jsonl`` / ``.parquet``); returns the paths written."""
    written = []
    formats = set(formats)
    if "jsonl" in formats:
        with _open(base + ".jsonl", "w") as fh:
            for rec in records:
                fh.write(rec.to_json() + "\n")
        written.append(base + ".jsonl")
    if "parquet" in formats:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {
                "id": [d.id for d in documents],
                "document": [d.model_dump_json(exclude_none=True) for d in documents],
                "record": [r.to_json() for r in records],
                "claims": pa.array([len(r.claims) for r in records], pa.int32()),
                "error": [r.error for r in records],
                "pipeline": [pipeline] * len(records),
            }
        )
        with _open(base + ".parquet", "wb") as fh:
            pq.write_table(table, fh)
        written.append(base + ".parquet")
    return written


#: Written last by a distributed run: the shards it wrote; its absence means the run did not finish.
MANIFEST = "_manifest.json"


def full_url(fs, path: str) -> str:  # noqa: ANN001
    """A path of an fsspec filesystem as a URL anyone can open (a plain path when local)."""
    proto = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return path if proto in ("file", "local") else fs.unstrip_protocol(path)


def write_manifest(out: str, shards: list[tuple[str, list[str], int, int, int]]) -> None:
    """``out/_manifest.json``: each input shard with the files written for it and its counts."""
    rows = [
        {"input": src, "written": written, "documents": docs, "claims": claims, "failed": failed}
        for src, written, docs, claims, failed in shards
    ]
    with _open(out.rstrip("/") + "/" + MANIFEST, "w") as fh:
        json.dump({"shards": rows}, fh, ensure_ascii=False, indent=1)


def list_shards(location: str, suffix: str = ".parquet") -> list[str]:
    """The claim shard files a finished distributed run wrote at ``location`` (a directory, a
    path or an fsspec URL), in input order, from its manifest; a single shard file as given.
    A directory without a manifest is a ``ValueError``: its run did not finish."""
    import fsspec

    fs, _, paths = fsspec.get_fs_token_paths(location)
    if len(paths) == 1 and not fs.isdir(paths[0]):
        return [full_url(fs, paths[0])] if paths[0].endswith(suffix) else []
    if len(paths) != 1:
        raise ValueError("give the directory of one run")
    manifest = paths[0].rstrip("/") + "/" + MANIFEST
    if not fs.exists(manifest):
        if not any(p.endswith(suffix) for p in fs.ls(paths[0], detail=False)):
            return []
        raise ValueError(
            f"no {MANIFEST}: the run that wrote these shards did not finish (or they are not claim shards)"
        )
    with fs.open(manifest, "r", encoding="utf-8") as fh:
        rows = json.load(fh)["shards"]
    return [w for row in rows for w in row["written"] if w.endswith(suffix)]


def read_shard(url: str) -> Iterator[StoredRow]:
    """The documents of a Parquet claim shard with their records; a row that does not parse is
    a ``ValueError`` naming the shard and row."""
    import pyarrow.parquet as pq

    with _open(url, "rb") as fh:
        table = pq.read_table(fh)
    missing = [f for f in SCHEMA_FIELDS if f not in table.column_names]
    if missing:
        raise ValueError(f"{url}: not a claim shard (no column {', '.join(missing)})")
    for i, row in enumerate(table.select(list(SCHEMA_FIELDS)).to_pylist()):
        try:
            doc = Document.model_validate(json.loads(row["document"]))
            rec = ClaimRecord.model_validate_json(row["record"])
        except ValueError as exc:
            raise ValueError(f"{url}: row {i + 1}: {str(exc).splitlines()[0]}") from None
        yield StoredRow(doc, rec, row["pipeline"])
