"""The data contract: input documents and claim records (docs/formats.md).

Field names and meanings follow ``docs/formats.md`` exactly; frontwatch only *adds* fields
(``confidence``, ``runner_up``, ``context`` on a location; ``spans`` on evidence; ``pipeline``
on a claim), it never renames or changes one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

Side = Literal["russia", "ukraine", "civilians", "other"]
ClaimantSide = Literal["russia", "ukraine", "third_party", "unknown"]
Attribution = Literal["direct_quote", "reported_speech", "according_to", "unattributed"]
Verification = Literal["confirmed", "disputed", "unverified"]

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

FLAGS = ("actor_inconsistency", "claim_escalation", "unresolved_location")


class Document(BaseModel):
    """One input report. Extra keys in an input line (``dataset``, ``events``...) are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    #: en | ru | uk | other; None: detected when the document is read (frontwatch.lang)
    language: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_to_str(cls, v: object) -> str:
        if v is None or (isinstance(v, str) and not v.strip()):
            raise ValueError("id must be a non-empty string")
        return str(v)

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, v: object) -> object:
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return None
            try:  # ISO 8601, extended (2024-03-06) or basic (20240306); of a timestamp, the date
                return date.fromisoformat(v[:8] if len(v) >= 8 and v[:8].isdigit() else v[:10])
            except ValueError:
                raise ValueError("not a date (YYYY-MM-DD)") from None
        if isinstance(v, int | float) and not isinstance(v, bool):  # never a Unix timestamp
            raise ValueError("not a date (YYYY-MM-DD)")
        return v

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, v: object) -> object:
        if v is None or (isinstance(v, str) and v.strip().lower() in ("", "auto")):
            return None
        code = str(v).strip().lower()[:2] if str(v).strip().lower() != "other" else "other"
        if code not in ("en", "ru", "uk", "other"):
            return "other"
        return code

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        return v

    #: Where the document was read (``file:line``, or a file name), for messages; not stored.
    _origin: str | None = PrivateAttr(default=None)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the exact text: the stored document's key."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    _key: tuple[str, str] | None = PrivateAttr(default=None)

    @property
    def text_key(self) -> str:
        """SHA-256 of the normalised text (``dedupe.text_key``): equal for copies of one text,
        which are stored once. Computed once per text."""
        if self._key is None or self._key[0] is not self.text:
            from .dedupe import text_key

            self._key = (self.text, text_key(self.text))
        return self._key[1]

    def where(self) -> str:
        """Where the document came from, for a one-line message: ``file:line (id X)``."""
        return f"{self._origin} (id {self.id})" if self._origin else f"id {self.id}"


class Actor(BaseModel):
    name: str
    side: Side | None = None


class Location(BaseModel):
    name: str
    resolved_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    gazetteer_id: str | None = None
    relation: str | None = None
    # frontwatch additions
    confidence: float | None = None
    runner_up: str | None = None
    context: list[str] = Field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


class Claimant(BaseModel):
    name: str | None = None
    role: str | None = None
    side: ClaimantSide = "unknown"


class Span(BaseModel):
    text: str
    start: int
    end: int


class Evidence(BaseModel):
    sentence: str
    start: int
    end: int
    spans: dict[str, Span] = Field(default_factory=dict)


class ClaimControl(BaseModel):
    """What an imported control map says about a claim's place (frontwatch.control): who held
    it on the claim's date and 14 days later, since when, and how far it was from the front."""

    status: str  # ukraine | russia | contested | unknown
    status_after: str  # the same, 14 days after the claim's date
    since: str | None = None  # first snapshot showing ``status`` without a break
    front_km: int | None = None  # km to the front line of the day (None: far, or no front)
    snapshot: str | None = None  # the snapshot that says ``status``
    map: str | None = None


class Claim(BaseModel):
    """One event that one source asserts, as the text states it."""

    claim_id: str
    event_type: str
    sub_event_type: str
    action: str
    actors: list[Actor] = Field(default_factory=list)
    target: str | None = None
    location: Location | None = None
    date: str | None = None
    time_precision: int | None = Field(default=None, ge=1, le=3)
    claimant: Claimant = Field(default_factory=Claimant)
    attribution: Attribution = "unattributed"
    hedged: bool = False
    verification: Verification = "unverified"
    flags: list[str] = Field(default_factory=list)
    fatalities: int | None = None
    evidence: Evidence
    pipeline: str | None = None
    #: frontwatch addition, only when control maps are imported and the place is covered
    control: ClaimControl | None = None


class ClaimRecord(BaseModel):
    """One output line of ``frontwatch extract``."""

    id: str
    claims: list[Claim] = Field(default_factory=list)
    #: ``extract --explain`` only: the document's genre and every trigger group's verdict
    genre: str | None = None
    decisions: list[dict] | None = None
    #: Set when extraction failed (one line: the exception's type and message); ``claims`` is
    #: then empty, and a store records the document as failed (``reextract --failed``).
    error: str | None = None
    #: The document's language when it is not English (``ru``, ``uk``, ``other``), and why it
    #: has no claims: only English is read so far.
    language: str | None = None
    note: str | None = None

    def to_json(self) -> str:
        data = self.model_dump(mode="json")
        for key in ("genre", "decisions", "error", "language", "note"):
            if data[key] is None:
                del data[key]
        for claim in data["claims"]:
            if claim.get("control") is None:
                claim.pop("control", None)
        return json.dumps(data, ensure_ascii=False)


def make_claim_id(doc: Document, start: int, end: int, action: str, ordinal: int = 0) -> str:
    """Deterministic id from the document's id *and* text hash, the claim's span and action: stable
    across runs, and an edited text stored under the same id never reuses the old claims' ids."""
    raw = f"{doc.id}\x1f{doc.content_hash}\x1f{start}\x1f{end}\x1f{action}\x1f{ordinal}"
    return "c_" + hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()
