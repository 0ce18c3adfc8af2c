"""Claim records: a merged draft typed, given actors, place, date and flags, with evidence spans.

``build_claim`` asks each deciding module in turn: ``event_typing`` (ACLED type; None drops the
draft), ``actor_roles`` (actor 1 and 2), ``attribution`` (a source's side from the report's
vocabulary), ``location_choice`` (the place), ``time`` (the date) and ``actor_roles`` again
(``actor_inconsistency``). It decides nothing itself beyond the ``unresolved_location`` flag.
``build_claims`` adds one claim per further place of a coordinated list (``lists``: "struck
Kharkiv, Poltava and the Sumy region" is three events), each with its own id and location span.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Claim, Document, Evidence, Location, make_claim_id
from ..models import Claimant as ClaimantModel
from ..models import Span as FieldSpan
from ..time import event_date
from .actor_roles import civilians_of, claim_actors, inconsistent
from .attribution import side_from_vocabulary
from .drafts import Draft
from .event_typing import type_event
from .lexicon import lexicon
from .lists import coordinated_places
from .location_choice import choose_location
from .offsets import starting_in
from .sentences import SentenceParse


@dataclass
class ClaimContext:
    """What every claim of one document is built from."""

    doc: Document
    sents: list[SentenceParse]
    toponyms: list
    locations: list[Location]
    dates: list  # the document's date mentions, found once
    theatre: bool
    crime: bool  # an ordinary-crime document outside the war
    pipeline: str | None
    facility_index: dict[str, int]  # facility name -> toponym index ("the 'X' mine near Y")
    known_places: list[tuple[int, int]]  # spans of resolved toponyms
    vocab_side: str | None = None  # the report's own side by its vocabulary, computed on first need
    _id_source: _IdSource | None = None

    @property
    def id_source(self) -> _IdSource:
        """What ``make_claim_id`` reads of the document, its text hashed once per document
        rather than once per claim (quadratic in a long text; docs/pipeline.md, "Long texts")."""
        if self._id_source is None:
            self._id_source = _IdSource(self.doc.id, self.doc.content_hash)
        return self._id_source


@dataclass(frozen=True)
class _IdSource:
    id: str
    content_hash: str


def build_claims(d: Draft, ordinal: int, ctx: ClaimContext) -> list[Claim]:
    """The claim records of a merged draft: one, plus one per further place coordinated with its
    place ("struck Kharkiv, Poltava and the Sumy region"); [] when typing finds no event.

    A further place's claim is the draft's claim at that place: its own id (from the place's
    span), location, location span and ``unresolved_location`` flag; the fatality count stays
    with the first claim only, since the text does not say how it splits."""
    built = _build(d, ordinal, ctx)
    if built is None:
        return []
    claim, top = built
    if top is None:
        return [claim]
    out = [claim]
    for i in coordinated_places(d, top, ctx.sents, ctx.toponyms, ctx.locations):
        place, loc = ctx.toponyms[i], ctx.locations[i]
        flags = set(claim.flags) - {"unresolved_location"}
        if loc.lat is None:
            flags.add("unresolved_location")
        spans = dict(claim.evidence.spans)
        spans["location"] = FieldSpan(text=place.text, start=place.start, end=place.end)
        out.append(
            claim.model_copy(
                update={
                    "claim_id": make_claim_id(ctx.id_source, place.start, place.end, claim.action, ordinal),
                    "location": loc,
                    "flags": sorted(flags),
                    "fatalities": None,
                    "evidence": claim.evidence.model_copy(update={"spans": spans}),
                }
            )
        )
    return out


def build_claim(d: Draft, ordinal: int, ctx: ClaimContext) -> Claim | None:
    """The claim record of a merged draft at its chosen place (None: typing found it is no event)."""
    built = _build(d, ordinal, ctx)
    return built[0] if built is not None else None


def _build(d: Draft, ordinal: int, ctx: ClaimContext) -> tuple[Claim, object | None] | None:
    """The claim record of a merged draft and the toponym its place was read from."""
    lex = lexicon()
    text = ctx.doc.text
    sp = ctx.sents[d.sent_index]
    sent_text = text[sp.start : sp.end]
    low = sent_text.lower()
    typed = type_event(d, low, ctx.theatre, ctx.crime, ctx.known_places)
    if typed is None:
        return None
    event_type, sub_event_type, action = typed
    actors = claim_actors(d, lex, ctx.theatre, event_type, action)
    if d.claimant is not None and d.claimant.side == "unknown":
        ctx.vocab_side = ctx.vocab_side or side_from_vocabulary(text)
        d.claimant.side = ctx.vocab_side
    location, top = choose_location(d, ctx.sents, ctx.toponyms, ctx.locations, ctx.facility_index)
    if location is not None and location.country not in (None, "Ukraine"):
        actors = [civilians_of(a, location.country) for a in actors]
    own_dates = [ctx.dates[i] for i in starting_in(ctx.dates, sp.start, sp.end)]
    own_dates.sort(key=lambda m: abs(m.start - d.group.head.start))
    if not own_dates and len(ctx.sents) <= 4:
        own_dates = [m for m in ctx.dates if m.date is not None][:1]
    date, precision, date_mention = event_date(own_dates, ctx.doc.published)
    flags = set(d.flags)
    if location is not None and location.lat is None:
        flags.add("unresolved_location")
    if inconsistent(actors, d, lex.actions[action].family):
        flags.add("actor_inconsistency")
    spans: dict[str, FieldSpan] = {
        "trigger": FieldSpan(text=text[d.group.start : d.group.end], start=d.group.start, end=d.group.end)
    }
    if top is not None:
        spans["location"] = FieldSpan(text=top.text, start=top.start, end=top.end)
    if date_mention is not None:
        spans["date"] = FieldSpan(text=date_mention.text, start=date_mention.start, end=date_mention.end)
    if d.claimant is not None and d.claimant.start >= 0:
        spans["claimant"] = FieldSpan(
            text=text[d.claimant.start : d.claimant.end], start=d.claimant.start, end=d.claimant.end
        )
    for key, ref in (
        ("actor1", d.agents[0] if d.agents else None),
        ("actor2", d.patients[0] if d.patients else None),
    ):
        if ref is not None:
            s, e = ref.start + d.offset, ref.end + d.offset
            spans[key] = FieldSpan(text=text[s:e], start=s, end=e)
    hedged = d.hedged or bool(d.claimant and d.claimant.hedge)
    claimant = (
        ClaimantModel(name=d.claimant.name, role=d.claimant.role, side=d.claimant.side)
        if d.claimant
        else ClaimantModel()
    )
    claim = Claim(
        claim_id=make_claim_id(ctx.id_source, d.group.start, d.group.end, action, ordinal),
        event_type=event_type,
        sub_event_type=sub_event_type,
        action=action,
        actors=actors,
        target=d.target,
        location=location,
        date=date,
        time_precision=precision,
        claimant=claimant,
        attribution=d.claimant.kind if d.claimant else "unattributed",
        hedged=hedged,
        verification=d.verification,
        flags=sorted(flags),
        fatalities=d.fatalities,
        evidence=Evidence(sentence=sent_text, start=sp.start, end=sp.end, spans=spans),
        pipeline=ctx.pipeline,
    )
    return claim, top
