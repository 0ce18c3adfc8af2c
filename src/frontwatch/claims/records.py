"""Claim records: a merged draft typed, given actors, place, date and flags, with evidence spans.

``build_claim`` asks each deciding module in turn: ``event_typing`` (ACLED type; None drops the
draft), ``actor_roles`` (actor 1 and 2), ``attribution`` (a source's side from the report's
vocabulary), ``location_choice`` (the place), ``time`` (the date) and ``actor_roles`` again
(``actor_inconsistency``). It decides nothing itself beyond the ``unresolved_location`` flag.
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
from .location_choice import choose_location
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


def build_claim(d: Draft, ordinal: int, ctx: ClaimContext) -> Claim | None:
    """The claim record of a merged draft (None: typing found it is no event after all)."""
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
    own_dates = [m for m in ctx.dates if sp.start <= m.start < sp.end]
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
    return Claim(
        claim_id=make_claim_id(ctx.doc, d.group.start, d.group.end, action, ordinal),
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
