"""The claim store: documents and their claims in SQLite (default) or PostgreSQL.

SQLAlchemy 2 Core with portable types only, so the same code runs on both backends.
Documents are keyed by the SHA-256 of their text (``Document.content_hash``): adding the same
text twice stores it once. Claims are keyed by their deterministic ``claim_id`` so later
tables (the ledger ``events``) can reference them. See ``docs/store.md``.
"""

from __future__ import annotations

import importlib.util
import math
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from .models import Claim, Document

SCHEMA_VERSION = 4
"""Bumped by every schema change; ``meta.schema_version`` records what a database holds, and
opening an older one upgrades it in place (``_migrate``).

1: documents, claims; the ledger tables (additive, created on open).
2: ``documents.text_key`` (normalised text hash: copies are one document), ``documents.extract_error``
   (extraction failed: ``reextract --failed``), and the ``copies`` table (every other arrival of a
   stored text, with its own id, outlet, URL and date); the ledger's bookkeeping for exact
   incremental updates (``event_claims.entry_id``/``published``, ``event_aliases.merged_by``/
   ``merge_rank``/``seq``): the ledger of a version-1 store is rebuilt on the next update.
3: ``control_snapshots.areas`` (the Russian-held and contested areas of each snapshot, for the map
   page); snapshots imported before keep none until imported again.
4: ``documents.language`` (en, ru, uk, other); documents stored before have NULL (read as English
   by ``reextract``, as they were)."""

DEFAULT_BATCH_SIZE = 500
#: Above this many ids, a lookup reads the whole table once instead of in IN (...) chunks.
FULL_SCAN_IDS = 20_000
#: How long a SQLite writer waits for another writer's transaction before giving up (seconds).
SQLITE_BUSY_SECONDS = 600
#: Tries at switching a new SQLite file to WAL while another process does (about a minute).
WAL_SWITCH_TRIES = 130
#: Connection execution option marking a write transaction (SQLite: ``BEGIN IMMEDIATE``).
WRITE_OPTION = "frontwatch_write"
#: PostgreSQL transaction-level advisory lock key every writer takes: one writer at a time.
PG_WRITER_LOCK = 0x66776C6B  # "fwlk"
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 111.32

metadata = MetaData()

meta_table = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

documents_table = Table(
    "documents",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("doc_id", Text, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("published", Date),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("pipeline", String(64), index=True),  # NULL: not extracted yet, or extraction failed
    Column("text_key", String(64), index=True),  # dedupe.text_key(text)
    Column("extract_error", Text),  # one line; NULL when extraction succeeded
    Column("language", String(8)),  # en | ru | uk | other (frontwatch.lang); NULL: stored before
)

# Another arrival of a stored text (dedupe.text_key equal): a syndicated copy, a re-post, the
# same story under another id or date. Its text is the stored document's; its provenance is its own.
copies_table = Table(
    "copies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), ForeignKey("documents.content_hash"), nullable=False, index=True),
    Column("doc_id", Text, nullable=False),
    Column("published", Date),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("text_hash", String(64), nullable=False),  # SHA-256 of this arrival's exact text
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

claims_table = Table(
    "claims",
    metadata,
    Column("claim_id", String(64), primary_key=True),
    Column("content_hash", String(64), ForeignKey("documents.content_hash"), nullable=False, index=True),
    Column("ordinal", Integer, nullable=False),  # position in the document's claim list
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text),
    Column("action", Text),
    Column("date", Date),
    Column("time_precision", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("location_name", Text),
    Column("resolved_name", Text),
    Column("admin1", Text),
    Column("claimant_name", Text),
    Column("claimant_side", String(32)),
    Column("actor1", Text),
    Column("actor1_side", String(32)),
    Column("actor2", Text),
    Column("actor2_side", String(32)),
    Column("sides", Text, nullable=False),  # ",russia,ukraine," — every actor side + claimant side
    Column("verification", String(32)),
    Column("hedged", Boolean, nullable=False),
    Column("fatalities", Integer),
    Column("pipeline", String(64)),
    Column("record", JSON, nullable=False),  # the full Claim as JSON
    Index("ix_claims_date", "date"),
    Index("ix_claims_lat_lon", "lat", "lon"),
    Index("ix_claims_event_type", "event_type"),
    Index("ix_claims_claimant_side", "claimant_side"),
)


# The ledger (frontwatch.ledger, docs/ledger.md). No foreign keys to claims: re-extraction
# replaces claims, and the ledger then drops the memberships whose claim ids disappeared.
events_table = Table(
    "events",
    metadata,
    Column("event_id", String(80), primary_key=True),
    Column("seq", Integer, nullable=False),  # creation order; the older event absorbs on merge
    Column("status", String(32), nullable=False, index=True),
    Column("family", String(32), nullable=False, index=True),
    Column("event_type", Text),
    Column("first_date", Date, index=True),
    Column("last_date", Date, index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_name", Text),
    Column("gazetteer_id", Text, index=True),
    Column("admin1", Text),
    Column("geo_precision", Integer),
    Column("sides", Text, nullable=False),  # ",russia,ukraine," like claims.sides
    Column("attacker_side", String(32)),
    Column("n_claims", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_events_lat_lon", "lat", "lon"),
)

event_aliases_table = Table(
    "event_aliases",
    metadata,
    Column("alias", String(80), primary_key=True),  # an event id absorbed by a merge, or renamed
    Column("event_id", String(80), nullable=False, index=True),  # the live event it now points to
    # A merge: the claim whose arrival merged it, its place in that claim's merges, and the
    # absorbed event's seq; all three NULL for a plain redirect (an id that no longer names an
    # event). Incremental updates replay merges from these (ledger.core).
    Column("merged_by", String(64), index=True),
    Column("merge_rank", Integer),
    Column("seq", Integer),
)

event_claims_table = Table(
    "event_claims",
    metadata,
    Column("claim_id", String(64), primary_key=True),
    Column("event_id", String(80), nullable=False, index=True),
    Column("entry_id", String(80)),  # the event the claim joined or founded when it arrived
    Column("published", Date),  # its document's date: part of the clustering order (sort_key)
    Column("family", String(32), nullable=False),
    Column("action", Text),
    Column("day", Date),
    Column("time_precision", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("admin1", Text),
    Column("name_key", Text, index=True),
    Column("side", String(32)),
    Column("claimant_side", String(32)),
    Column("content_hash", String(64)),
    Column("origin", Integer),
    Column("map_check", String(32)),  # the control map's verdict (ledger.map_check), or NULL
    Column("claim_status", String(32), nullable=False),  # active | superseded
    Column("superseded_by", String(64)),
)

contradictions_table = Table(
    "contradictions",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("claim_a", String(64), primary_key=True),
    Column("claim_b", String(64), primary_key=True, index=True),
    Column("explanation", Text, nullable=False),
    Index("ix_contradictions_claim_a", "claim_a"),  # the key starts with kind: not usable alone
)


# Territorial control (frontwatch.control, docs/control.md): imported map snapshots read for
# every settlement, and per settlement the intervals over which each map shows one status.
control_places_table = Table(
    "control_places",
    metadata,
    Column("idx", Integer, primary_key=True, autoincrement=False),  # position in the snapshot blobs
    Column("gazetteer_id", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("in_russia", Boolean, nullable=False),
)

control_snapshots_table = Table(
    "control_snapshots",
    metadata,
    Column("map", String(64), primary_key=True),  # deepstatemap, deepstatemap-occupied, or the user's name
    Column("day", Date, primary_key=True),
    Column("form", String(32), nullable=False),
    Column("file", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("statuses", LargeBinary, nullable=False),  # one byte per control_places.idx: u r c ?
    Column("front_km", LargeBinary, nullable=False),  # one byte per place: km to the front, 255 = far
    Column("front", Text, nullable=False),  # GeoJSON MultiLineString (lon/lat) of the front line
    Column("areas", Text),  # GeoJSON features (lon/lat): the Russian-held and contested areas
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

control_intervals_table = Table(
    "control_intervals",
    metadata,
    Column("map", String(64), primary_key=True),
    Column("gazetteer_id", String(64), primary_key=True),
    Column("since", Date, primary_key=True),  # first snapshot showing this status
    Column("until", Date, nullable=False),  # last snapshot showing it
    Column("status", String(16), nullable=False),  # ukraine | russia | contested
    Index("ix_control_intervals_place", "gazetteer_id", "since"),
    Index("ix_control_intervals_since", "since"),
)


class StoreError(RuntimeError):
    """A store operation failed; nothing from that operation was kept."""


class MissingDriver(StoreError):
    """The database's Python driver is not installed; the message names the extra that installs it."""


@dataclass(frozen=True)
class AddSummary:
    """What ``Store.add_many`` did: documents ``added``, arrivals already stored with the same
    text and provenance (``skipped_duplicates``), arrivals of a stored text with other provenance
    recorded as ``copies``, documents ``failed`` (stored without claims, or not stored)."""

    added: int = 0
    skipped_duplicates: int = 0
    copies: int = 0
    failed: int = 0

    def __add__(self, other: AddSummary) -> AddSummary:
        return AddSummary(
            self.added + other.added,
            self.skipped_duplicates + other.skipped_duplicates,
            self.copies + other.copies,
            self.failed + other.failed,
        )

    @property
    def seen(self) -> int:
        return self.added + self.skipped_duplicates + self.copies


#: One item for ``Store.add_many``: a document, its claims, and the extraction error (or None).
Item = tuple[Document, list[Claim]] | tuple[Document, list[Claim], str | None]


@dataclass(frozen=True)
class StoredClaim:
    """A claim as read back from the store, with the fields of the document it came from."""

    claim: Claim
    doc_id: str
    source: str | None
    published: date | None
    url: str | None
    title: str | None
    content_hash: str


# ---------------------------------------------------------------------------------------------
# URLs and engine


def default_db_url() -> str:
    """``$FRONTWATCH_DB`` if set, else a SQLite file in the user data dir (created if needed)."""
    env = os.environ.get("FRONTWATCH_DB", "").strip()
    if env:
        return resolve_db_url(env)
    data_dir = Path(platformdirs.user_data_dir("frontwatch"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data_dir / 'frontwatch.db'}"


def resolve_db_url(url_or_path: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as a SQLite database)."""
    if "://" in url_or_path:
        return url_or_path
    return f"sqlite:///{Path(url_or_path).expanduser().resolve()}"


def display_url(url: str) -> str:
    """The URL as it may be shown in messages and logs: the password, if any, as ``***``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can parse: mask what sits between ':' and '@' by hand
        scheme, sep, rest = url.partition("://")
        userinfo, at, host = rest.rpartition("@")
        if not (sep and at and ":" in userinfo):
            return url
        return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"


def hide_password(text: str, url: str) -> str:
    """``text`` (an error message, say) with the URL and its password masked wherever they appear."""
    text = text.replace(url, display_url(url))
    try:
        password = make_url(url).password
    except Exception:
        password = url.partition("://")[2].rpartition("@")[0].partition(":")[2] or None
    return text.replace(str(password), "***") if password else text


POSTGRES_DRIVER_HINT = 'PostgreSQL needs a driver: pip install "frontwatch[postgres]"'


def _postgres_url(parsed: Any) -> Any:
    """A bare ``postgresql://`` URL uses psycopg (3), the driver of the ``postgres`` extra, when it is
    installed, and SQLAlchemy's default psycopg2 otherwise."""
    if parsed.drivername != "postgresql" or importlib.util.find_spec("psycopg") is None:
        return parsed
    return parsed.set(drivername="postgresql+psycopg")


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        if parsed.get_backend_name() == "postgresql":
            try:
                return create_engine(_postgres_url(parsed))
            except ModuleNotFoundError:
                raise MissingDriver(POSTGRES_DRIVER_HINT) from None
        return create_engine(url)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    file_backed = bool(database) and database != ":memory:"

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
        # SQLAlchemy, not the sqlite3 module, begins transactions (``_sqlite_begin``), so a
        # writer can take the write lock when it begins instead of failing when it upgrades.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if file_backed:
            # WAL lets `reextract` read documents while its single write transaction is open.
            # Switching a new file to WAL needs a moment alone with it, and SQLite answers
            # "database is locked" at once (no busy wait) when another process is switching
            # it too: several first `ingest`s on one new store wait their turn here.
            for attempt in range(WAL_SWITCH_TRIES):
                try:
                    cursor.execute("PRAGMA journal_mode=WAL")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or attempt == WAL_SWITCH_TRIES - 1:
                        raise
                    time.sleep(min(0.5, 0.01 * 2**attempt))
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        # A write transaction waits (busy timeout) for the one writer before it starts, so two
        # writers never both read, then both fail or both write (``Store._begin``).
        write = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


# ---------------------------------------------------------------------------------------------
# Row building


def parse_date(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` (or longer ISO) string as a date; None when empty or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _document_row(
    doc: Document, pipeline: str, now: datetime, key: str, error: str | None = None
) -> dict[str, Any]:
    return {
        "content_hash": doc.content_hash,
        "doc_id": doc.id,
        "text": doc.text,
        "published": doc.published,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "ingested_at": now,
        "pipeline": None if error else pipeline,
        "text_key": key,
        "extract_error": error,
        "language": doc.language,
    }


def _provenance(doc_id: str, source: str | None, url: str | None, published: date | None) -> tuple:
    """What makes an arrival the same arrival: its id, outlet, URL and date."""
    return (doc_id, source or None, url or None, published)


def _copy_row(content_hash: str, doc: Document, now: datetime) -> dict[str, Any]:
    return {
        "content_hash": content_hash,
        "doc_id": doc.id,
        "published": doc.published,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "text_hash": doc.content_hash,
        "ingested_at": now,
    }


def _split(item: Item) -> tuple[Document, list[Claim], str | None]:
    doc, claim_list, *rest = item
    return doc, claim_list, (rest[0] if rest else None)


def _claim_row(content_hash: str, ordinal: int, claim: Claim, pipeline: str) -> dict[str, Any]:
    if claim.pipeline is None:
        claim = claim.model_copy(update={"pipeline": pipeline})
    loc = claim.location
    actors = claim.actors
    sides = {a.side for a in actors if a.side} | {claim.claimant.side}
    return {
        "claim_id": claim.claim_id,
        "content_hash": content_hash,
        "ordinal": ordinal,
        "event_type": claim.event_type,
        "sub_event_type": claim.sub_event_type,
        "action": claim.action,
        "date": parse_date(claim.date),
        "time_precision": claim.time_precision,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geo_precision": loc.geo_precision if loc else None,
        "location_name": loc.name if loc else None,
        "resolved_name": loc.resolved_name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "claimant_name": claim.claimant.name,
        "claimant_side": claim.claimant.side,
        "actor1": actors[0].name if actors else None,
        "actor1_side": actors[0].side if actors else None,
        "actor2": actors[1].name if len(actors) > 1 else None,
        "actor2_side": actors[1].side if len(actors) > 1 else None,
        "sides": "," + ",".join(sorted(sides)) + ",",
        "verification": claim.verification,
        "hedged": claim.hedged,
        "fatalities": claim.fatalities,
        "pipeline": claim.pipeline,
        "record": claim.model_dump(mode="json"),
    }


def _claim_rows(content_hash: str, claim_list: list[Claim], pipeline: str) -> list[dict[str, Any]]:
    return [_claim_row(content_hash, i, c, pipeline) for i, c in enumerate(claim_list)]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# ---------------------------------------------------------------------------------------------
# Geometry


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bbox_clause(lat_col: Any, lon_col: Any, lat: float, lon: float, radius_km: float) -> Any:
    """A SQL prefilter on the columns ``lat_col``/``lon_col`` that holds every point within
    ``radius_km`` of ``lat, lon`` (and some more); the exact distance is checked afterwards."""
    dlat = radius_km / KM_PER_DEGREE_LAT * 1.01
    lat_clause = lat_col.between(lat - dlat, lat + dlat)
    cos_lat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlon = radius_km / (KM_PER_DEGREE_LAT * cos_lat) * 1.01
    if abs(lat) + dlat >= 90 or dlon >= 180:
        return lat_clause  # near a pole or huge radius: every longitude can qualify
    lo, hi = lon - dlon, lon + dlon
    if lo < -180:  # the box crosses the antimeridian
        return lat_clause & or_(lon_col >= lo + 360, lon_col <= hi)
    if hi > 180:
        return lat_clause & or_(lon_col >= lo, lon_col <= hi - 360)
    return lat_clause & lon_col.between(lo, hi)


def has_side(column: Any, side: str) -> Any:
    """``column`` (``,russia,ukraine,`` as ``claims.sides``/``events.sides``) holds ``side``."""
    return column.like(f"%,{escape_like(side.lower())},%", escape="\\")


def stored_claim(row: Any) -> StoredClaim:
    """A claim row joined with its document's columns as a ``StoredClaim``."""
    return StoredClaim(
        claim=Claim.model_validate(row.record),
        doc_id=row.doc_id,
        source=row.source,
        published=row.published,
        url=row.url,
        title=row.title,
        content_hash=row.content_hash,
    )


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------------------------------------
# The store


def _first_line(exc: object) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {version} is newer than this frontwatch supports "
            f"({SCHEMA_VERSION}); upgrade frontwatch"
        )


def _add_columns(conn: Connection, table: str, columns: Iterable[str]) -> None:
    """``ALTER TABLE table ADD COLUMN`` for each ``"name TYPE"`` the table does not have yet
    (tables new in this version were made complete by ``create_all``)."""
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    for column in columns:
        if column.split()[0] not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))


def _migrate(conn: Connection, version: int) -> None:
    """Upgrade a database of an older schema ``version`` in place (under the writer lock).
    Tables new in a version were already made by ``create_all``; columns are added here."""
    if version < 3:
        _add_columns(conn, "control_snapshots", ("areas TEXT",))
    if version < 4:
        _add_columns(conn, "documents", ("language VARCHAR(8)",))
    if version < 2:
        from .dedupe import text_key

        _add_columns(conn, "documents", ("text_key VARCHAR(64)", "extract_error TEXT"))
        d = documents_table
        after = ""
        while True:
            page = conn.execute(
                select(d.c.content_hash, d.c.text)
                .where(d.c.content_hash > after)
                .order_by(d.c.content_hash)
                .limit(500)
            ).all()
            for h, body in page:
                conn.execute(update(d).where(d.c.content_hash == h).values(text_key=text_key(body)))
            if len(page) < 500:
                break
            after = page[-1][0]
        for index in d.indexes:
            if index.name == "ix_documents_text_key":
                index.create(conn)
        _add_columns(
            conn, "event_claims", ("entry_id VARCHAR(80)", "published DATE", "map_check VARCHAR(32)")
        )
        _add_columns(conn, "event_aliases", ("merged_by VARCHAR(64)", "merge_rank INTEGER", "seq INTEGER"))
        for table in (contradictions_table, event_claims_table, event_aliases_table, events_table):
            conn.execute(delete(table))  # derived data: rebuilt, with the new bookkeeping, on update
        have = {i["name"] for i in inspect(conn).get_indexes("contradictions")}
        for index in contradictions_table.indexes:
            if index.name not in have:
                index.create(conn)


class Store:
    """Documents and claims in one database. Use as a context manager or call ``close()``."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_db_url(url) if url else default_db_url()
        self.engine = _make_engine(self.url)
        self._tx: Connection | None = None  # the open ledger transaction (``ledger_transaction``)
        try:
            self.schema_version = self._open_schema()
        except BaseException:
            self.engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    @property
    def display_url(self) -> str:
        """``url`` with the password masked: what messages show."""
        return display_url(self.url)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release all connections."""
        self.engine.dispose()

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection to read with: the open ledger transaction's, else a fresh one."""
        if self._tx is not None:
            yield self._tx
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        """A write transaction that holds the store's single writer lock from its first
        statement (SQLite: ``BEGIN IMMEDIATE``, waiting up to ``SQLITE_BUSY_SECONDS``;
        PostgreSQL: a transaction advisory lock). Writers therefore run one after another
        and never interleave a read-then-write; readers are never blocked. Inside
        ``ledger_transaction`` it is that transaction."""
        if self._tx is not None:
            yield self._tx
            return
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITER_LOCK})
                yield conn

    @contextmanager
    def ledger_transaction(self) -> Iterator[None]:
        """Run a whole ledger update (its reads and its writes) as one write transaction, so
        concurrent updates serialise and none sees another's half-written events."""
        if self._tx is not None:
            yield
            return
        with self._begin() as conn:
            self._tx = conn
            try:
                yield
            finally:
                self._tx = None

    # -- schema ---------------------------------------------------------------------------------

    def _open_schema(self) -> int:
        """Check the schema and create or upgrade it when needed. Creation and upgrades run
        under the writer lock, so concurrent first opens create it once; a complete, current
        schema is only read (a read-only store opens)."""
        with self.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            found = None
            if "meta" in tables:
                found = conn.scalar(select(meta_table.c.value).where(meta_table.c.key == "schema_version"))
        if found is not None:
            _refuse_newer(int(found))
            if int(found) == SCHEMA_VERSION and tables >= set(metadata.tables):
                return SCHEMA_VERSION
        with self._begin() as conn:
            metadata.create_all(conn)  # checks first, under the lock: another writer may have won
            found = conn.scalar(select(meta_table.c.value).where(meta_table.c.key == "schema_version"))
            if found is None:
                conn.execute(insert(meta_table).values(key="schema_version", value=str(SCHEMA_VERSION)))
                return SCHEMA_VERSION
            _refuse_newer(int(found))
            if int(found) < SCHEMA_VERSION:
                _migrate(conn, int(found))
                conn.execute(
                    update(meta_table)
                    .where(meta_table.c.key == "schema_version")
                    .values(value=str(SCHEMA_VERSION))
                )
        return SCHEMA_VERSION

    # -- writing ------------------------------------------------------------------------------

    def add(self, doc: Document, claims: list[Claim], pipeline: str, error: str | None = None) -> bool:
        """Store one document and its claims in one transaction. Returns False, storing no
        new document, when the same text (``Document.text_key``) is already stored: the
        arrival is then recorded as a copy if its provenance is new (``add_many``)."""
        summary = self.add_many([(doc, claims, error)], pipeline)
        if summary.failed and not summary.added:
            raise StoreError(f"could not store document {doc.id!r}")
        return summary.added == 1

    def add_many(
        self,
        items: Iterable[Item],
        pipeline: str,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        on_batch: Callable[[AddSummary], None] | None = None,
        on_error: Callable[[Document, str], None] | None = None,
    ) -> AddSummary:
        """Store many documents, committing every ``batch_size`` documents.

        Items are ``(document, claims)`` or ``(document, claims, error)``; a document with an
        extraction ``error`` is stored without claims and marked failed (``reextract --failed``).
        An arrival whose text is already stored (``Document.text_key``) is stored as a *copy*
        when its id, outlet, URL or date is new, and skipped when it is the same arrival again.
        A document the database refuses (a constraint, a value it cannot hold) is stored without
        claims if it can be, else reported to ``on_error(document, message)``: it never sinks
        its batch. If ``items`` raises (or the run is interrupted) the documents read so far are
        still committed before the exception propagates. ``on_batch`` gets the running totals
        after each commit (for progress bars). A database that cannot be written at all (read-
        only, full, unreachable) raises ``StoreError`` with one line.
        """
        total = AddSummary()
        batch: list[Item] = []

        def flush() -> None:
            nonlocal total, batch
            if not batch:
                return
            total = total + self._add_batch(batch, pipeline, on_error)
            batch = []
            if on_batch is not None:
                on_batch(total)

        try:
            for item in items:
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
        except BaseException:
            flush()
            raise
        flush()
        return total

    def _add_batch(
        self, batch: list[Item], pipeline: str, on_error: Callable[[Document, str], None] | None
    ) -> AddSummary:
        """Insert one batch in one transaction; when the database refuses it, document by document."""
        keyed = [(*_split(item), _split(item)[0].text_key) for item in batch]  # outside the lock
        try:
            return self._insert(keyed, pipeline)
        except (IntegrityError, DataError) as exc:
            if len(keyed) > 1:
                return sum((self._add_batch([item], pipeline, on_error) for item in batch), AddSummary())
            doc, _claims, error, _key = keyed[0]
            message = f"store refused it: {_first_line(exc.orig or exc)}"
            if not _claims and error is not None:  # even the bare document was refused
                if on_error is not None:
                    on_error(doc, message)
                return AddSummary(failed=1)
            summary = self._add_batch([(doc, [], message)], pipeline, on_error)
            if on_error is not None and summary.added:
                on_error(doc, message + "; stored without claims")
            return summary
        except DBAPIError as exc:
            raise StoreError(f"cannot write to the store: {_first_line(exc.orig or exc)}") from None

    def _insert(
        self, keyed: list[tuple[Document, list[Claim], str | None, str]], pipeline: str
    ) -> AddSummary:
        added = skipped = copies = failed = 0
        with self._begin() as conn:
            stored = self._stored_by_key(conn, [k for *_, k in keyed])
            doc_rows: list[dict[str, Any]] = []
            claim_rows: list[dict[str, Any]] = []
            copy_rows: list[dict[str, Any]] = []
            now = datetime.now(UTC)
            for doc, claim_list, error, key in keyed:
                prov = _provenance(doc.id, doc.source, doc.url, doc.published)
                if key in stored:
                    content_hash, seen = stored[key]
                    if prov in seen:
                        skipped += 1
                    else:
                        seen.add(prov)
                        copy_rows.append(_copy_row(content_hash, doc, now))
                        copies += 1
                    continue
                stored[key] = (doc.content_hash, {prov})
                doc_rows.append(_document_row(doc, pipeline, now, key, error))
                claim_rows.extend(_claim_rows(doc.content_hash, [] if error else claim_list, pipeline))
                added += 1
                failed += error is not None
            if doc_rows:
                conn.execute(insert(documents_table), doc_rows)
            if claim_rows:
                conn.execute(insert(claims_table), claim_rows)
            if copy_rows:
                conn.execute(insert(copies_table), copy_rows)
        return AddSummary(added, skipped, copies, failed)

    @staticmethod
    def _stored_by_key(conn: Connection, keys: list[str]) -> dict[str, tuple[str, set[tuple]]]:
        """For stored text keys: the document's content hash and every provenance seen for it
        (the document's own and its copies')."""
        d, c = documents_table, copies_table
        out: dict[str, tuple[str, set[tuple]]] = {}
        for chunk in _chunks(dict.fromkeys(keys), DEFAULT_BATCH_SIZE):
            rows = conn.execute(
                select(d.c.text_key, d.c.content_hash, d.c.doc_id, d.c.source, d.c.url, d.c.published).where(
                    d.c.text_key.in_(chunk)
                )
            ).all()
            for key, h, doc_id, source, url, published in rows:
                out.setdefault(key, (h, set()))[1].add(_provenance(doc_id, source, url, published))
        by_hash = {h: provs for h, provs in out.values()}
        for chunk in _chunks(list(by_hash), DEFAULT_BATCH_SIZE):
            query = select(c.c.content_hash, c.c.doc_id, c.c.source, c.c.url, c.c.published).where(
                c.c.content_hash.in_(chunk)
            )
            for h, doc_id, source, url, published in conn.execute(query):
                by_hash[h].add(_provenance(doc_id, source, url, published))
        return out

    def replace_claims(self, updates: Iterable[tuple], pipeline: str) -> int:
        """Replace the claims of the given documents and set their pipeline. Updates are
        ``(content_hash, claims)`` or ``(content_hash, claims, error)``: a document whose
        extraction failed again keeps no claims and stays marked failed, with the new error.

        Everything happens in one transaction: if ``updates`` raises or any write fails, no
        document changes. Returns the number of documents updated.
        """
        count = 0
        try:
            with self._begin() as conn:
                for chunk in _chunks(updates, DEFAULT_BATCH_SIZE):
                    count += self._replace_chunk(conn, chunk, pipeline)
        except (IntegrityError, DataError) as exc:
            raise StoreError(
                f"could not replace claims, nothing changed: {_first_line(exc.orig or exc)}"
            ) from exc
        except DBAPIError as exc:
            raise StoreError(f"cannot write to the store: {_first_line(exc.orig or exc)}") from None
        return count

    def _replace_chunk(self, conn: Connection, chunk: list[tuple], pipeline: str) -> int:
        errors = {u[0]: (u[2] if len(u) > 2 else None) for u in chunk}
        claims_of = {u[0]: ([] if errors[u[0]] else u[1]) for u in chunk}
        hashes = list(claims_of)
        missing = set(hashes) - self._existing_hashes(conn, hashes)
        if missing:
            raise StoreError(f"unknown document content_hash: {sorted(missing)[0]}")
        conn.execute(delete(claims_table).where(claims_table.c.content_hash.in_(hashes)))
        rows = [row for h, claim_list in claims_of.items() for row in _claim_rows(h, claim_list, pipeline)]
        if rows:
            conn.execute(insert(claims_table), rows)
        d = documents_table
        ok = [h for h in hashes if errors[h] is None]
        if ok:
            conn.execute(
                update(d).where(d.c.content_hash.in_(ok)).values(pipeline=pipeline, extract_error=None)
            )
        for h in hashes:
            if errors[h] is not None:
                conn.execute(
                    update(d).where(d.c.content_hash == h).values(pipeline=None, extract_error=errors[h])
                )
        return len(hashes)

    @staticmethod
    def _existing_hashes(conn: Connection, hashes: list[str]) -> set[str]:
        if not hashes:
            return set()
        query = select(documents_table.c.content_hash).where(documents_table.c.content_hash.in_(hashes))
        return set(conn.scalars(query))

    # -- reading ------------------------------------------------------------------------------

    def stored_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are already stored (so their text need not be extracted)."""
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with self._connect() as conn:
            for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
                found |= self._existing_hashes(conn, wanted[i : i + 500])
        return found

    def stored_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these text keys (``Document.text_key``) are already stored: arrivals with
        them are copies, not extracted again."""
        wanted = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._connect() as conn:
            for chunk in _chunks(wanted, 500):
                query = select(documents_table.c.text_key).where(documents_table.c.text_key.in_(chunk))
                found.update(conn.scalars(query))
        return found

    def copies_of(self, content_hashes: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Every other arrival of these stored documents' texts (``copies``), oldest first."""
        c = copies_table
        out: dict[str, list[dict[str, Any]]] = {}
        with self._connect() as conn:
            for chunk in _chunks(dict.fromkeys(content_hashes), DEFAULT_BATCH_SIZE):
                query = (
                    select(c.c.content_hash, c.c.doc_id, c.c.source, c.c.url, c.c.published, c.c.title)
                    .where(c.c.content_hash.in_(chunk))
                    .order_by(c.c.published, c.c.id)
                )
                for row in conn.execute(query):
                    out.setdefault(row.content_hash, []).append(
                        {
                            "doc_id": row.doc_id,
                            "source": row.source,
                            "url": row.url,
                            "published": row.published.isoformat() if row.published else None,
                            "title": row.title,
                        }
                    )
        return out

    def iter_documents(self, *, outdated_for: str | None = None, failed: bool = False) -> Iterator[Document]:
        """All documents, or only those whose claims were not produced by ``outdated_for``
        (failed documents included), or with ``failed`` only those whose extraction failed.

        Reads in short keyset-paged queries, so it is safe to write (``replace_claims``) while
        iterating.
        """
        after = ""
        while True:
            query = select(documents_table).where(documents_table.c.content_hash > after)
            if outdated_for is not None:
                query = query.where(
                    or_(documents_table.c.pipeline.is_(None), documents_table.c.pipeline != outdated_for)
                )
            if failed:
                query = query.where(documents_table.c.extract_error.is_not(None))
            query = query.order_by(documents_table.c.content_hash).limit(DEFAULT_BATCH_SIZE)
            with self._connect() as conn:
                page = conn.execute(query).mappings().all()
            for row in page:
                yield Document(
                    id=row["doc_id"],
                    text=row["text"],
                    published=row["published"],
                    source=row["source"],
                    url=row["url"],
                    title=row["title"],
                    language=row.get("language"),
                )
            if len(page) < DEFAULT_BATCH_SIZE:
                return
            after = page[-1]["content_hash"]

    def query_claims(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        near: tuple[float, float] | None = None,
        radius_km: float | None = None,
        side: str | None = None,
        event_type: str | None = None,
        claimant: str | None = None,
        limit: int | None = None,
    ) -> Iterator[StoredClaim]:
        """Claims matching every given filter, oldest first, streamed.

        ``since``/``until`` are inclusive and use the claim's date, or the document's
        publication date when the claim has none. ``near`` is ``(lat, lon)`` and needs
        ``radius_km``. ``side`` matches any actor's side or the claimant's side.
        ``event_type`` matches the event type, sub-event type or action (case-insensitive).
        ``claimant`` is a case-insensitive substring of the claimant's name.
        """
        if (near is None) != (radius_km is None):
            raise ValueError("near and radius_km must be given together")
        query = self._claims_query(since, until, near, radius_km, side, event_type, claimant)
        if limit is not None and near is None:
            query = query.limit(limit)
        keep = None if near is None else (lambda row: haversine_km(*near, row.lat, row.lon) <= radius_km)
        return self._iter_claims(query, keep, limit)

    def _iter_claims(
        self, query: Any, keep: Callable[[Any], bool] | None, limit: int | None
    ) -> Iterator[StoredClaim]:
        if limit is not None and limit <= 0:
            return
        yielded = 0
        with self._connect() as conn:
            result = conn.execute(query, execution_options={"yield_per": 1000})
            try:
                for row in result:
                    if keep is not None and not keep(row):
                        continue
                    yield stored_claim(row)
                    yielded += 1
                    if limit is not None and yielded >= limit:
                        return
            finally:
                result.close()  # a server-side cursor on PostgreSQL

    @staticmethod
    def _claims_query(
        since: date | None,
        until: date | None,
        near: tuple[float, float] | None,
        radius_km: float | None,
        side: str | None,
        event_type: str | None,
        claimant: str | None,
    ) -> Any:
        event_date = func.coalesce(claims_table.c.date, documents_table.c.published)
        query = select(
            claims_table.c.record,
            claims_table.c.lat,
            claims_table.c.lon,
            claims_table.c.content_hash,
            documents_table.c.doc_id,
            documents_table.c.source,
            documents_table.c.published,
            documents_table.c.url,
            documents_table.c.title,
        ).join(documents_table, claims_table.c.content_hash == documents_table.c.content_hash)
        if since is not None:
            query = query.where(event_date >= since)
        if until is not None:
            query = query.where(event_date <= until)
        if near is not None and radius_km is not None:
            query = query.where(
                bbox_clause(claims_table.c.lat, claims_table.c.lon, near[0], near[1], radius_km)
            )
        if side:
            query = query.where(has_side(claims_table.c.sides, side))
        if event_type:
            wanted = event_type.lower()
            query = query.where(
                or_(
                    func.lower(claims_table.c.event_type) == wanted,
                    func.lower(claims_table.c.sub_event_type) == wanted,
                    func.lower(claims_table.c.action) == wanted,
                )
            )
        if claimant:
            pattern = f"%{escape_like(claimant.lower())}%"
            query = query.where(func.lower(claims_table.c.claimant_name).like(pattern, escape="\\"))
        return query.order_by(
            event_date.asc().nulls_last(),
            documents_table.c.doc_id,
            claims_table.c.content_hash,
            claims_table.c.ordinal,
        )

    def stats(self) -> dict[str, Any]:
        """Counts for the CLI: documents, claims, claims by event type, documents by pipeline."""
        with self._connect() as conn:
            n_docs = conn.scalar(select(func.count()).select_from(documents_table)) or 0
            n_claims = conn.scalar(select(func.count()).select_from(claims_table)) or 0
            by_type = conn.execute(
                select(claims_table.c.event_type, func.count()).group_by(claims_table.c.event_type)
            ).all()
            by_pipeline = conn.execute(
                select(documents_table.c.pipeline, func.count()).group_by(documents_table.c.pipeline)
            ).all()
        return {
            "documents": n_docs,
            "claims": n_claims,
            "by_event_type": dict(sorted(by_type, key=lambda kv: (-kv[1], kv[0]))),
            "by_pipeline": {str(p): n for p, n in by_pipeline},
        }

    # -- the ledger (frontwatch.ledger) -----------------------------------------------------------

    _LEDGER_CLAIM_COLUMNS = (
        claims_table.c.claim_id,
        claims_table.c.content_hash,
        claims_table.c.ordinal,
        claims_table.c.event_type,
        claims_table.c.action,
        claims_table.c.date,
        claims_table.c.time_precision,
        claims_table.c.lat,
        claims_table.c.lon,
        claims_table.c.geo_precision,
        claims_table.c.location_name,
        claims_table.c.resolved_name,
        claims_table.c.admin1,
        claims_table.c.claimant_name,
        claims_table.c.claimant_side,
        claims_table.c.actor1_side,
        claims_table.c.actor2_side,
        claims_table.c.verification,
        claims_table.c.hedged,
        claims_table.c.fatalities,
        claims_table.c.record,
        documents_table.c.doc_id,
        documents_table.c.source,
        documents_table.c.published,
        documents_table.c.url,
    )

    def ledger_clear(self) -> None:
        """Drop every event, membership, alias and contradiction (claims are untouched)."""
        with self._begin() as conn:
            for table in (contradictions_table, event_claims_table, event_aliases_table, events_table):
                conn.execute(delete(table))

    def ledger_vanished(self) -> list[tuple[str, str]]:
        """``(claim_id, event_id)`` of memberships whose claim no longer exists (re-extraction)."""
        query = (
            select(event_claims_table.c.claim_id, event_claims_table.c.event_id)
            .outerjoin(claims_table, claims_table.c.claim_id == event_claims_table.c.claim_id)
            .where(claims_table.c.claim_id.is_(None))
        )
        with self._connect() as conn:
            return [(r.claim_id, r.event_id) for r in conn.execute(query)]

    def ledger_unclustered(self, *, with_text: bool = True) -> Iterator[Any]:
        """Claims (joined with their documents) that belong to no event yet, oldest first."""
        cols = self._LEDGER_CLAIM_COLUMNS + ((documents_table.c.text,) if with_text else ())
        event_date = func.coalesce(claims_table.c.date, documents_table.c.published)
        query = (
            select(*cols)
            .join(documents_table, claims_table.c.content_hash == documents_table.c.content_hash)
            .outerjoin(event_claims_table, event_claims_table.c.claim_id == claims_table.c.claim_id)
            .where(event_claims_table.c.claim_id.is_(None))
            .order_by(event_date.asc().nulls_last(), claims_table.c.claim_id)
        )
        with self._connect() as conn:
            result = conn.execute(query, execution_options={"yield_per": 2000})
            try:
                yield from result
            finally:
                result.close()

    def ledger_claim_rows(self, claim_ids: Iterable[str], *, with_text: bool = True) -> list[Any]:
        """Claim rows (joined with their documents) for the given ids; missing ids are skipped.
        Many ids are read in one pass over the table rather than in thousands of lookups."""
        cols = self._LEDGER_CLAIM_COLUMNS + ((documents_table.c.text,) if with_text else ())
        joined = select(*cols).join(
            documents_table, claims_table.c.content_hash == documents_table.c.content_hash
        )
        wanted = list(dict.fromkeys(claim_ids))
        out: list[Any] = []
        with self._connect() as conn:
            if len(wanted) > FULL_SCAN_IDS:
                keep = set(wanted)
                result = conn.execute(joined, execution_options={"yield_per": 2000})
                out.extend(r for r in result if r.claim_id in keep)
                return out
            for chunk in _chunks(wanted, DEFAULT_BATCH_SIZE):
                out.extend(conn.execute(joined.where(claims_table.c.claim_id.in_(chunk))))
        return out

    def ledger_members(self, event_ids: Iterable[str]) -> list[Any]:
        """Membership rows of the given events (many events: one pass over the table)."""
        wanted = list(dict.fromkeys(event_ids))
        out: list[Any] = []
        with self._connect() as conn:
            if len(wanted) > FULL_SCAN_IDS:
                keep = set(wanted)
                return [r for r in conn.execute(select(event_claims_table)) if r.event_id in keep]
            for chunk in _chunks(wanted, DEFAULT_BATCH_SIZE):
                query = select(event_claims_table).where(event_claims_table.c.event_id.in_(chunk))
                out.extend(conn.execute(query))
        return out

    def ledger_contradictions(self, claim_ids: Iterable[str]) -> list[Any]:
        """Contradictions that involve any of the given claims."""
        wanted = list(dict.fromkeys(claim_ids))
        c = contradictions_table
        out: dict[tuple, Any] = {}
        with self._connect() as conn:
            if len(wanted) > FULL_SCAN_IDS:
                keep = set(wanted)
                return [r for r in conn.execute(select(c)) if r.claim_a in keep or r.claim_b in keep]
            for chunk in _chunks(wanted, DEFAULT_BATCH_SIZE):
                for col in (c.c.claim_a, c.c.claim_b):  # one indexed lookup each; an OR scans the table
                    for row in conn.execute(select(c).where(col.in_(chunk))):
                        out[(row.kind, row.claim_a, row.claim_b)] = row
        return list(out.values())

    def ledger_resolve(self, event_id: str) -> str | None:
        """The live id of an event, following merge aliases; None when unknown."""
        with self._connect() as conn:
            for _ in range(64):
                if conn.scalar(select(events_table.c.event_id).where(events_table.c.event_id == event_id)):
                    return event_id
                target = conn.scalar(
                    select(event_aliases_table.c.event_id).where(event_aliases_table.c.alias == event_id)
                )
                if target is None:
                    return None
                event_id = target
        return None

    def ledger_event_count(self) -> int:
        """How many live events the ledger holds."""
        with self._connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(events_table)) or 0)

    def ledger_max_seq(self) -> int:
        """The largest event ``seq`` stored, of live events and of absorbed ones (an update may
        restore an absorbed event with its seq, so a new event must come after it too); -1
        when there are none."""
        with self._connect() as conn:
            live = conn.scalar(select(func.max(events_table.c.seq)))
            absorbed = conn.scalar(select(func.max(event_aliases_table.c.seq)))
        found = [int(v) for v in (live, absorbed) if v is not None]
        return max(found) if found else -1

    def ledger_aliases(self, event_id: str) -> list[str]:
        with self._connect() as conn:
            query = select(event_aliases_table.c.alias).where(event_aliases_table.c.event_id == event_id)
            return sorted(conn.scalars(query))

    def ledger_horizon(self, day: date | None, claim_ids: Iterable[str] = ()) -> dict[str, int]:
        """``event_id -> seq`` of the events a claim dated ``day`` or later could still reach or
        be part of: those whose last date is ``day`` or later, the undated ones, and those
        holding any of ``claim_ids``. ``day`` None: only the last two kinds."""
        e, m = events_table, event_claims_table
        out: dict[str, int] = {}
        with self._connect() as conn:
            cond = (
                e.c.last_date.is_(None) if day is None else or_(e.c.last_date.is_(None), e.c.last_date >= day)
            )
            out.update(conn.execute(select(e.c.event_id, e.c.seq).where(cond)).all())
            for chunk in _chunks(claim_ids, DEFAULT_BATCH_SIZE):
                query = (
                    select(e.c.event_id, e.c.seq)
                    .join(m, m.c.event_id == e.c.event_id)
                    .where(m.c.claim_id.in_(chunk))
                )
                out.update(conn.execute(query).all())
        return out

    def ledger_event_seqs(self, event_ids: Iterable[str]) -> dict[str, int]:
        """``event_id -> seq`` of the given live events."""
        e = events_table
        out: dict[str, int] = {}
        with self._connect() as conn:
            for chunk in _chunks(event_ids, DEFAULT_BATCH_SIZE):
                out.update(conn.execute(select(e.c.event_id, e.c.seq).where(e.c.event_id.in_(chunk))).all())
        return out

    def ledger_map_events(self) -> set[str]:
        """Events a control map can speak to: ground or strike events with a member at a
        gazetteer place (the map checks claims, not events, so any such member counts)."""
        e = events_table
        with self._connect() as conn:
            query = select(e.c.event_id).where(e.c.family.in_(("ground", "strike")))
            return set(conn.scalars(query))

    def ledger_merges_into(self, event_ids: Iterable[str]) -> list[Any]:
        """The merge records (``event_aliases`` rows with ``merged_by``) of the given live events."""
        a = event_aliases_table
        out: list[Any] = []
        with self._connect() as conn:
            for chunk in _chunks(event_ids, DEFAULT_BATCH_SIZE):
                query = select(a).where(a.c.event_id.in_(chunk) & a.c.merged_by.is_not(None))
                out.extend(conn.execute(query))
        return out

    def ledger_save(
        self,
        *,
        events: list[dict[str, Any]],
        members: list[dict[str, Any]],
        replaced_events: Iterable[str] = (),
        replaced_claims: Iterable[str] = (),
        aliases: list[dict[str, Any]] = (),  # type: ignore[assignment]
        contradictions: list[dict[str, Any]] = (),  # type: ignore[assignment]
        replayed_claims: Iterable[str] = (),
        whole: bool = False,
    ) -> None:
        """Write one ledger update in one transaction. ``replaced_events`` (the events the
        update recomputed) and the memberships of ``replaced_claims`` are removed, with every
        contradiction of those claims (those that still hold come back in ``contradictions``),
        and every alias whose merge a ``replayed_claims`` claim caused (merges caused earlier
        stay); then ``events``, ``members``, ``aliases`` and ``contradictions`` are inserted. An alias pointing to a replaced event that is gone is
        re-pointed (plain redirects in ``aliases`` say where); one naming a live event is dropped.
        ``whole``: the update replayed every claim (no event kept anything from before its
        rewind point), so whole tables are emptied instead of row by row; plain redirects stay."""
        removed = [] if whole else list(replaced_claims)
        gone = set(replaced_events)
        live = [e["event_id"] for e in events]
        a, c = event_aliases_table, contradictions_table
        with self._begin() as conn:
            if whole:  # nothing before the rewind point: only plain redirects survive
                for table in (event_claims_table, events_table, c):
                    conn.execute(delete(table))
                conn.execute(delete(a).where(a.c.merged_by.is_not(None)))
            for chunk in [] if whole else _chunks(replayed_claims, DEFAULT_BATCH_SIZE):
                conn.execute(delete(a).where(a.c.merged_by.in_(chunk)))
            for chunk in _chunks(removed, DEFAULT_BATCH_SIZE):
                conn.execute(delete(event_claims_table).where(event_claims_table.c.claim_id.in_(chunk)))
                for col in (c.c.claim_a, c.c.claim_b):
                    conn.execute(
                        delete(c).where(col.in_(chunk))
                    )  # the ones that still hold are in ``contradictions``
            for chunk in [] if whole else _chunks(sorted(gone | set(live)), DEFAULT_BATCH_SIZE):
                conn.execute(delete(events_table).where(events_table.c.event_id.in_(chunk)))
            new_aliases = {row["alias"]: row for row in aliases if row["alias"] not in set(live)}
            for chunk in _chunks(live + list(new_aliases), DEFAULT_BATCH_SIZE):
                conn.execute(delete(a).where(a.c.alias.in_(chunk)))
            for alias, row in new_aliases.items():  # older aliases follow the id they pointed to
                conn.execute(update(a).where(a.c.event_id == alias).values(event_id=row["event_id"]))
            for chunk in _chunks(sorted(gone - set(live) - set(new_aliases)), DEFAULT_BATCH_SIZE):
                conn.execute(delete(a).where(a.c.event_id.in_(chunk)))  # pointed to an event now gone
            if new_aliases:
                conn.execute(
                    insert(a),
                    [
                        {
                            "alias": k,
                            "event_id": v["event_id"],
                            "merged_by": v.get("merged_by"),
                            "merge_rank": v.get("merge_rank"),
                            "seq": v.get("seq"),
                        }
                        for k, v in new_aliases.items()
                    ],
                )
            for chunk in _chunks(events, DEFAULT_BATCH_SIZE):
                conn.execute(insert(events_table), chunk)
            for chunk in _chunks(members, 5000):
                conn.execute(insert(event_claims_table), chunk)
            fresh: dict[tuple, dict[str, Any]] = {}
            for x in contradictions:
                fresh.setdefault((x["kind"], x["claim_a"], x["claim_b"]), x)
            existing: set[tuple] = set()
            for chunk in _chunks(sorted({k[1] for k in fresh}), DEFAULT_BATCH_SIZE):
                q = select(c.c.kind, c.c.claim_a, c.c.claim_b).where(c.c.claim_a.in_(chunk))
                existing.update(tuple(r) for r in conn.execute(q))
            rows = [v for k, v in fresh.items() if k not in existing]
            for chunk in _chunks(rows, DEFAULT_BATCH_SIZE):
                conn.execute(insert(c), chunk)

    def ledger_events(
        self,
        *,
        status: str | None = None,
        family: str | None = None,
        since: date | None = None,
        until: date | None = None,
        near: tuple[float, float] | None = None,
        radius_km: float | None = None,
        side: str | None = None,
        place: str | None = None,
        min_claims: int | None = None,
        limit: int | None = None,
    ) -> Iterator[Any]:
        """Event rows matching every filter, oldest first (``since``/``until`` overlap the span)."""
        if (near is None) != (radius_km is None):
            raise ValueError("near and radius_km must be given together")
        t = events_table
        query = select(t)
        if status:
            query = query.where(t.c.status == status)
        if family:
            query = query.where(t.c.family == family)
        if since is not None:
            query = query.where(t.c.last_date >= since)
        if until is not None:
            query = query.where(t.c.first_date <= until)
        if side:
            query = query.where(has_side(t.c.sides, side))
        if place:
            query = query.where(func.lower(t.c.place_name) == place.lower())
        if min_claims:
            query = query.where(t.c.n_claims >= min_claims)
        if near is not None and radius_km is not None:
            query = query.where(bbox_clause(t.c.lat, t.c.lon, near[0], near[1], radius_km))
        query = query.order_by(t.c.first_date.asc().nulls_last(), t.c.event_id)
        yielded = 0
        with self._connect() as conn:
            result = conn.execute(query, execution_options={"yield_per": 1000})
            try:
                for row in result:
                    if (
                        near is not None
                        and radius_km is not None
                        and (row.lat is None or haversine_km(near[0], near[1], row.lat, row.lon) > radius_km)
                    ):
                        continue
                    yield row
                    yielded += 1
                    if limit is not None and yielded >= limit:
                        return
            finally:
                result.close()

    def ledger_event_rows(self, event_ids: Iterable[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        with self._connect() as conn:
            for chunk in _chunks(event_ids, DEFAULT_BATCH_SIZE):
                for row in conn.execute(select(events_table).where(events_table.c.event_id.in_(chunk))):
                    out[row.event_id] = row
        return out

    def ledger_place_claims(
        self,
        *,
        gazetteer_id: str | None = None,
        name: str | None = None,
        near: tuple[float, float] | None = None,
        radius_km: float | None = None,
    ) -> list[Any]:
        """Claim rows (joined with documents and their event membership) about one place:
        by gazetteer id, by name (resolved or as written, case-insensitive), or within a radius."""
        cols = (*self._LEDGER_CLAIM_COLUMNS, event_claims_table.c.event_id, event_claims_table.c.claim_status)
        query = (
            select(*cols)
            .join(documents_table, claims_table.c.content_hash == documents_table.c.content_hash)
            .outerjoin(event_claims_table, event_claims_table.c.claim_id == claims_table.c.claim_id)
        )
        conds = []
        if gazetteer_id:
            conds.append(claims_table.c.record["location"]["gazetteer_id"].as_string() == gazetteer_id)
        if name:
            low = name.lower()
            conds.append(func.lower(claims_table.c.resolved_name) == low)
            conds.append(func.lower(claims_table.c.location_name) == low)
        if near is not None and radius_km is not None:
            conds.append(bbox_clause(claims_table.c.lat, claims_table.c.lon, near[0], near[1], radius_km))
        if not conds:
            return []
        query = query.where(or_(*conds))
        with self._connect() as conn:
            rows = list(conn.execute(query))
        if near is not None and radius_km is not None and not (gazetteer_id or name):
            rows = [r for r in rows if r.lat is not None and haversine_km(*near, r.lat, r.lon) <= radius_km]
        return rows
