"""Commands that run the pipeline over reports: ``extract`` (to stdout or a file), ``ingest``
(into the store, then the ledger) and ``reextract`` (stored documents again, with the current
pipeline). Bad input is one line on stderr and exit status 2; the batch goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .display import claims_table, console, err, explain_table, plural
from .options import (
    EXIT_SKIPPED,
    DbOpt,
    ExtractFormat,
    Fail,
    LangChoice,
    LangOpt,
    ModelOpt,
    PathsArg,
    PublishedOpt,
    SourceOpt,
    UnorderedOpt,
    WorkersOpt,
    load_extractor,
    open_store,
    parallel,
    parse_date,
    progress,
    update_ledger,
)

if TYPE_CHECKING:
    from ..models import Claim, Document

INGEST_BATCH = 256  # documents read, checked against the store and extracted together
WORKER_DIED = "a worker process died (killed, or out of memory): try fewer --workers"


def register(app: typer.Typer) -> None:
    app.command()(extract)
    app.command()(ingest)
    app.command()(reextract)


class _Problems:
    """Counts and prints bad input without stopping the batch."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, problem: object) -> None:
        """Input that could not be read: skipped."""
        self.count += 1
        err.print(f"frontwatch: skipped {problem}", markup=False)

    def fail(self, message: str) -> None:
        """A document that was read but failed later (extraction, storing): one line."""
        self.count += 1
        err.print(f"frontwatch: {message}", markup=False)

    def exit_code(self) -> int:
        return EXIT_SKIPPED if self.count else 0


def _documents(
    paths: list[str] | None,
    published: str | None,
    source: str | None,
    problems: _Problems,
    lang: str = "auto",
) -> Iterator[Document]:
    from ..ingest import InputProblem, read_documents

    pub = parse_date(published, "--published")
    for item in read_documents(paths or ["-"], published=pub, source=source, stdin=sys.stdin):
        if isinstance(item, InputProblem):
            problems.report(item)
        else:
            if lang != "auto" and item.language is None:
                item.language = lang
            yield item


def extract(
    paths: PathsArg = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o", "--output", help="Write here instead of stdout (with --dask: a directory or URL)."
        ),
    ] = None,
    published: PublishedOpt = None,
    source: SourceOpt = None,
    lang: LangOpt = LangChoice.auto,
    fmt: Annotated[
        ExtractFormat,
        typer.Option("--format", help="jsonl: one claim record per document; table: for reading."),
    ] = ExtractFormat.jsonl,
    model: ModelOpt = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say why: each record gets the document's genre and every trigger word's verdict "
            "('taken', or the class that made it no claim); with --format table, printed per sentence.",
        ),
    ] = False,
    workers: WorkersOpt = None,
    unordered: UnorderedOpt = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="SCHEDULER|local",
            help="Extract on a Dask cluster: 'local' starts one on this machine (--workers processes), "
            "else a scheduler's address (tcp://host:8786). Inputs are shards (.jsonl, .jsonl.gz, "
            ".parquet; directories, globs, fsspec URLs); -o names the directory (or URL) for the "
            "claim shards (part-NNNNN.jsonl and .parquet). Needs frontwatch[dask].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract claims from reports: one JSON claim record per input document (docs/formats.md).

    Examples:

      frontwatch extract report.txt

      frontwatch extract reports/ -o claims.jsonl

      cat feed.jsonl | frontwatch extract - --format table

      frontwatch extract report.txt --explain --format table

      frontwatch extract archive/ -o claims.jsonl --workers 8

      frontwatch extract s3://bucket/archive/ --dask tcp://scheduler:8786 -o s3://bucket/claims/
    """
    if dask is not None:
        _extract_on_dask(paths, output, dask, workers, model, published, source, fmt, explain, lang.value)
        return
    output_path = Path(output) if output else None
    problems = _Problems()
    extractor = parallel(load_extractor(model, default_maps=True), workers, ordered=not unordered)
    docs = _documents(paths, published, source, problems, lang.value)
    table_rows: list[tuple[str, Claim]] = []
    explained: list[tuple[str, str, list[dict]]] = []
    n_docs = n_claims = 0
    try:
        sink = output_path.open("w", encoding="utf-8") if output_path else sys.stdout
    except OSError as exc:
        raise Fail(f"{output}: {exc.strerror or exc}") from None
    try:
        with extractor, progress("extracting") as advance:
            for doc, record in extractor.pairs(docs, explain=explain):
                if record.error:
                    problems.fail(f"{doc.where()}: extraction failed ({record.error})")
                if record.note:  # a report in a language frontwatch does not read: said, not an error
                    err.print(f"frontwatch: {doc.where()}: {record.note}", markup=False)
                n_docs += 1
                n_claims += len(record.claims)
                if fmt is ExtractFormat.jsonl:
                    sink.write(record.to_json() + "\n")
                else:
                    table_rows.extend((record.id, c) for c in record.claims)
                    if explain:
                        explained.append((record.id, record.genre or "", record.decisions or []))
                advance()
        if fmt is ExtractFormat.table:
            console(sink).print(claims_table(table_rows))
            for doc_id, genre, rows in explained:
                console(sink).print(explain_table(doc_id, genre, rows))
    except BrokenProcessPool:
        raise Fail(f"{WORKER_DIED}; the {plural(n_docs, 'record')} written are complete") from None
    finally:
        if output:
            sink.close()
    if output:
        err.print(f"{plural(n_docs, 'document')}, {plural(n_claims, 'claim')} -> {output}")
    raise typer.Exit(problems.exit_code())


def _extract_on_dask(
    paths: list[str] | None,
    output: Path | str | None,
    scheduler: str,
    workers: int | None,
    model: str | None,
    published: str | None,
    source: str | None,
    fmt: ExtractFormat,
    explain: bool,
    lang: str = "auto",
) -> None:
    """``extract --dask``: every input shard on the cluster, one claim shard each; the claims
    are checked against the default store's control maps, as ``extract`` does."""
    if not paths or "-" in paths:
        raise Fail("--dask reads shards from files or URLs, not stdin")
    if output is None:
        raise Fail("--dask needs -o DIR (or a URL): where the claim shards go")
    if fmt is not ExtractFormat.jsonl or explain:
        raise Fail(
            "--dask writes claim shards (JSONL and Parquet): --format table and --explain do not apply"
        )
    try:
        from ..cluster import client_for, extract_shards
    except ImportError:
        raise Fail('--dask needs Dask: pip install "frontwatch[dask]"') from None
    from .options import default_control_view

    pub = parse_date(published, "--published")
    where = "a local cluster" if scheduler == "local" else scheduler
    maps = default_control_view()
    try:
        with progress(f"extracting shards on {where}"), client_for(scheduler, workers) as client:
            results = extract_shards(
                [str(p) for p in paths],
                output,
                client=client,
                model=model,
                published=pub,
                source=source,
                lang=None if lang == "auto" else lang,
                control=maps,
            )
    except (OSError, ValueError) as exc:
        raise Fail(str(exc)) from None
    problems = _Problems()
    for r in results:
        for line in r.problems:
            problems.fail(line)
    docs, claims = sum(r.documents for r in results), sum(r.claims for r in results)
    err.print(
        f"{plural(len(results), 'shard')}, {plural(docs, 'document')}, {plural(claims, 'claim')} -> {output}"
        f" (load them with: frontwatch ingest --from-parquet {output})"
    )
    raise typer.Exit(problems.exit_code())


def ingest(
    paths: PathsArg = None,
    db: DbOpt = None,
    published: PublishedOpt = None,
    source: SourceOpt = None,
    lang: LangOpt = LangChoice.auto,
    model: ModelOpt = None,
    workers: WorkersOpt = None,
    from_parquet: Annotated[
        str | None,
        typer.Option(
            "--from-parquet",
            metavar="DIR",
            help="Store the claim shards an `extract --dask` wrote there (a directory or URL) "
            "without extracting again; then update the ledger.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract reports and store documents and claims; the same text twice is stored once.

    Examples:

      frontwatch ingest reports/

      frontwatch ingest feed.jsonl --db postgresql+psycopg://me@host/frontwatch

      frontwatch ingest archive/ --workers 8

      frontwatch ingest --from-parquet claims/
    """
    from ..store import AddSummary, StoreError, hide_password

    if from_parquet is not None:
        if paths:
            raise Fail("--from-parquet stores claim shards: give no other inputs")
        _ingest_shards(from_parquet, db)
        return
    problems = _Problems()
    store = open_store(db)
    extractor = parallel(load_extractor(model, store), workers)
    retry = "; retry with `frontwatch reextract --failed`"
    not_read: dict[str, int] = {}

    def new_documents() -> Iterator[tuple[Document, list[Claim], str | None]]:
        """Stream the input in batches; texts already in the store (copies included) are not
        extracted again; a document whose extraction fails is stored as failed."""
        docs = _documents(paths, published, source, problems, lang.value)
        while batch := list(islice(docs, INGEST_BATCH * extractor.workers)):
            known = store.stored_keys(d.text_key for d in batch)
            fresh = [d for d in batch if d.text_key not in known]
            yield from ((d, [], None) for d in batch if d.text_key in known)
            for d, rec in zip(fresh, extractor.extract_many(fresh), strict=True):
                if rec.error:
                    problems.fail(
                        f"{d.where()}: extraction failed ({rec.error}); stored without claims{retry}"
                    )
                if rec.note:
                    not_read[rec.language or "other"] = not_read.get(rec.language or "other", 0) + 1
                yield d, rec.claims, rec.error

    with store, extractor, progress("ingesting") as advance:
        done = AddSummary()

        def on_batch(summary: AddSummary) -> None:
            nonlocal done
            advance(summary.seen - done.seen)
            done = summary

        def on_error(doc: Document, message: str) -> None:
            problems.fail(hide_password(f"{doc.where()}: {message}", store.url) + retry)

        try:
            summary = store.add_many(new_documents(), extractor.version, on_batch=on_batch, on_error=on_error)
        except StoreError as exc:
            raise Fail(hide_password(f"store: {exc} (everything before it is kept)", store.url)) from None
        except BrokenProcessPool:
            raise Fail(
                f"{WORKER_DIED}; the documents stored so far are kept: run the same ingest again"
            ) from None
        except KeyboardInterrupt:
            raise Fail(
                "interrupted: the documents stored so far are kept; run the same ingest again to go on", 130
            ) from None
        claims = store.stats()["claims"]
        events = update_ledger(store)
    copies = _copies(summary.copies)
    failed = f", {summary.failed} failed" if summary.failed else ""
    if not_read:  # stored, with their language, for when those languages are read
        langs = ", ".join(f"{k} {v}" for k, v in sorted(not_read.items()))
        failed += (
            f", {sum(not_read.values())} not read ({langs}: only English, Russian and Ukrainian are read)"
        )
    err.print(
        f"{plural(summary.added, 'new document')}{copies}, {summary.skipped_duplicates} already stored{failed}; "
        f"{plural(claims, 'claim')} in {store.display_url}; {events}"
    )
    raise typer.Exit(problems.exit_code())


def _ingest_shards(location: str, db: str | None) -> None:
    """``ingest --from-parquet``: documents and claims from claim shards, no extraction."""
    from ..shards import list_shards, read_shard
    from ..store import AddSummary, StoreError, hide_password

    try:
        shards = list_shards(location)
    except (OSError, ValueError) as exc:
        raise Fail(f"{location}: {exc}") from None
    if not shards:
        raise Fail(f"{location}: no claim shards (*.parquet) there")
    problems = _Problems()
    store = open_store(db)
    total = AddSummary()
    with store, progress("storing claim shards", total=len(shards)) as advance:
        for shard in shards:
            try:
                rows = list(read_shard(shard))
            except (OSError, ValueError) as exc:
                problems.report(f"{shard}: {exc}")
                advance()
                continue
            for version in dict.fromkeys(r.pipeline for r in rows):  # one extractor per shard, as a rule
                items = ((r.document, r.record.claims, r.record.error) for r in rows if r.pipeline == version)
                try:
                    total = total + store.add_many(
                        items,
                        version,
                        on_error=lambda doc, msg: problems.fail(
                            hide_password(f"{doc.where()}: {msg}", store.url)
                        ),
                    )
                except StoreError as exc:
                    raise Fail(
                        hide_password(f"store: {exc} (everything before it is kept)", store.url)
                    ) from None
            advance()
        events = update_ledger(store)
    copies = _copies(total.copies)
    err.print(
        f"{plural(len(shards), 'shard')}: {plural(total.added, 'new document')}{copies}, {total.skipped_duplicates} "
        f"already stored; {plural(store.stats()['claims'], 'claim')} in {store.display_url}; {events}"
    )
    raise typer.Exit(problems.exit_code())


def _copies(n: int) -> str:
    """The part of an ingest summary that counts copies of texts already stored."""
    return f", {n} {'copy' if n == 1 else 'copies'} of stored texts" if n else ""


def reextract(
    db: DbOpt = None,
    all_docs: Annotated[
        bool, typer.Option("--all", help="Re-run every document, not only those from older pipelines.")
    ] = False,
    failed: Annotated[
        bool,
        typer.Option(
            "--failed", help="Re-run only the documents whose extraction failed (stored without claims)."
        ),
    ] = False,
    model: ModelOpt = None,
    workers: WorkersOpt = None,
) -> None:
    """Re-run the current pipeline over stored documents and replace their claims in one transaction.

    Without options: documents extracted by an older pipeline, and those whose extraction
    failed. A document that fails again stays failed (one line each; exit status 2).

    Examples:

      frontwatch reextract

      frontwatch reextract --failed

      frontwatch reextract --all --db archive.db
    """
    from ..store import StoreError, hide_password

    problems = _Problems()
    store = open_store(db)
    extractor = parallel(load_extractor(model, store), workers)
    with store, extractor:
        if failed:
            docs = list(store.iter_documents(failed=True))
        else:
            docs = list(store.iter_documents(outdated_for=None if all_docs else extractor.version))
        if not docs:
            if failed:
                err.print("nothing to do: no stored document failed extraction")
            else:
                err.print(f"nothing to do: every document was extracted by {extractor.version}")
            return
        with progress("re-extracting", total=len(docs)) as advance:

            def updates() -> Iterator[tuple[str, list[Claim], str | None]]:
                for doc, rec in zip(docs, extractor.extract_many(docs), strict=True):
                    advance()
                    if rec.error:
                        problems.fail(f"{doc.where()}: extraction failed again ({rec.error})")
                    yield doc.content_hash, rec.claims, rec.error

            try:
                n = store.replace_claims(updates(), extractor.version)
            except StoreError as exc:
                raise Fail(hide_password(f"store: {exc} (nothing was changed)", store.url)) from None
            except BrokenProcessPool:
                raise Fail(f"{WORKER_DIED}; nothing was changed") from None
        events = update_ledger(store)
    still = f" ({problems.count} failed again)" if problems.count else ""
    err.print(f"re-extracted {plural(n, 'document')} with {extractor.version}{still}; {events}")
    raise typer.Exit(problems.exit_code())
