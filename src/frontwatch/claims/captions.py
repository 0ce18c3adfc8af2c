"""Captions: one claim for a short text that reports an incident without a clause.

Photo and video captions and headlines ("Destroyed bridge near X", "Russian tanks in Y") in the
theatre with no clause-level claim: the ``caption_*`` cues of ``events.json`` give a capture,
a mass grave, a protest, damage (typed by the weapon named, shelling by default) or military
presence at the text's best-named place.
"""

from __future__ import annotations

import re

from ..models import Actor, Claim, Document, Evidence, Location, make_claim_id
from ..models import Claimant as ClaimantModel
from ..models import Span as FieldSpan
from ..time import event_date
from .actors import normalise
from .attribution import Claimant
from .events import weapon_class
from .lexicon import lexicon

CAPTION_MAX_CHARS = 240
_CAPTION_TYPES = {
    "capture": ("Battles", "Non-state actor overtakes territory", "capture"),
    "grave": ("Violence against civilians", "Attack", "attack"),
    "protest": ("Protests", "Peaceful protest", "protest"),
    "damage": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelling"),
    "presence": ("Strategic developments", "Other", "military_presence"),
}


def caption_claim(
    doc: Document,
    toponyms: list,
    locations: list[Location],
    headline: Claimant | None,
    pipeline: str | None,
    dates: list,
) -> Claim | None:
    """One claim for a short caption that names a place and an incident but has no clause for it."""
    lex = lexicon()
    text = doc.text
    low = text.lower()
    found = next(((kind, m) for kind, rx in lex.captions if (m := rx.search(low)) is not None), None)
    if found is None:
        return None
    kind, m = found
    places = [
        i
        for i, t in enumerate(toponyms)
        if t.kind not in ("country",) and not (headline and t.start >= headline.start >= 0)
    ]
    if not places:
        return None
    best = max(
        places,
        key=lambda i: (
            {"settlement": 3, "unknown": 2}.get(toponyms[i].kind, 1),
            locations[i].lat is not None,
            -toponyms[i].start,
        ),
    )
    event_type, sub_event_type, action = _CAPTION_TYPES[kind]
    if kind == "damage":
        weapons = weapon_class(low)
        strong = [w for w in lex.weapon_priority if w in weapons and w != "small_arms"]
        if strong:
            action = lex.weapon_actions[strong[0]]
            at = lex.actions[action]
            event_type, sub_event_type = at.event_type, at.sub_event_type
    actors: list[Actor] = []
    for word in re.findall(r"[\w'-]+", low):
        norm = normalise(word, None, True)
        if (
            norm
            and norm[1] in ("russia", "ukraine")
            and norm[2] != "civilians"
            and all(a.name != norm[0] for a in actors)
        ):
            actors.append(Actor(name=norm[0], side=norm[1]))
    if kind == "capture" and actors and len(actors) == 1:
        side = actors[0].side
        actors.append(Actor(name=lex.opponents[side], side="ukraine" if side == "russia" else "russia"))
    date, precision, mention = event_date([m2 for m2 in dates if m2.date is not None][:1], doc.published)
    top = toponyms[best]
    spans = {
        "trigger": FieldSpan(text=text[m.start() : m.end()], start=m.start(), end=m.end()),
        "location": FieldSpan(text=top.text, start=top.start, end=top.end),
    }
    if mention is not None:
        spans["date"] = FieldSpan(text=mention.text, start=mention.start, end=mention.end)
    location = locations[best]
    claimant = (
        ClaimantModel(name=headline.name, role=headline.role, side=headline.side)
        if headline
        else ClaimantModel()
    )
    return Claim(
        claim_id=make_claim_id(doc, m.start(), m.end(), action, 0),
        event_type=event_type,
        sub_event_type=sub_event_type,
        action=action,
        actors=actors,
        location=location,
        date=date,
        time_precision=precision,
        claimant=claimant,
        attribution=headline.kind if headline else "unattributed",
        flags=["unresolved_location"] if location.lat is None else [],
        evidence=Evidence(sentence=text.strip(), start=0, end=len(text.rstrip()), spans=spans),
        pipeline=pipeline,
    )
