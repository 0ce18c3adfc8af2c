"""Judge: is an accepted trigger group a claim? Genre, factuality, the word's sense, then the gate.

``judge`` asks ``factuality`` whether the text asserts a particular occurrence, ``sense``
whether the trigger word is used in its violent sense, and last the learned ``gate`` (so a
rule's class names the reason wherever a rule applies), and returns the first reason against,
or None. ``Decision`` records the verdict for ``frontwatch extract --explain``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..models import Claim
from . import factuality, gate, sense
from .drafts import Draft
from .events import EventGroup, Trigger
from .sentences import SentenceParse

#: Genres that argue from, retell or quote events rather than report them (``genre``): there a
#: claim needs a place of its own that the gazetteer resolves.
HIGH_BAR_GENRES = frozenset({"opinion", "transcript", "explainer"})


def judge(draft: Draft, sent: Span, facts: factuality.Context, genre: str = "news") -> str | None:
    """Why the draft is no claim (the class, e.g. 'background: 2014', 'irrealis: risk of',
    'abstract object: democracy', 'genre: opinion ...'), or None when it is one.

    A group headed by a noun that only names a state or a kind ("liberating [the town] from the
    Russian occupation", "liquidated an official of the occupation administration") is judged
    again by its verb trigger, which then heads the draft."""
    if genre in HIGH_BAR_GENRES and not facts.named_place:
        return f"genre: {genre}, no place of its own"
    head = draft.group.head
    why = _judge_trigger(draft, head.token, head.action, sent, facts)
    if why is None or not why.startswith(NOUN_CLASSES):
        return why
    for trig in draft.group.triggers[1:]:
        if trig.token.pos_ == "VERB" and _judge_trigger(draft, trig.token, trig.action, sent, facts) is None:
            draft.group.triggers.remove(trig)
            draft.group.triggers.insert(0, trig)
            draft.action = trig.action
            return None
    return why


#: Verdicts about what the head noun names, not about the clause: another trigger may still report.
NOUN_CLASSES = ("state:", "umbrella:", "names a kind", "weapon named", "generic:", "reference:")


def _judge_trigger(
    draft: Draft, tok: Token, action: str, sent: Span, facts: factuality.Context
) -> str | None:
    why = factuality.assess(tok, sent, facts)
    if why is not None:
        return why
    armed = any(a.kind in ("state", "nonstate") or a.side in ("russia", "ukraine") for a in draft.agents)
    armed = armed or any(p.kind in ("state", "nonstate", "civilians") for p in draft.patients)
    why = sense.assess(
        tok,
        action,
        sent,
        armed_actor=armed,
        named_place=facts.named_place,
        phrase=draft.group.head.phrase,
        in_ukraine="Ukraine" in facts.place_countries,
    )
    if why is not None:
        return why
    p = facts.event_probability
    if p is not None and p < gate.default_threshold():
        return f"gate: p={p:.2f} below {gate.default_threshold():.2f}"  # the learned reading, last word
    return None


@dataclass(frozen=True)
class Decision:
    """One trigger group's verdict: ``taken`` or the reason it is not a claim."""

    sentence_start: int
    sentence_end: int
    trigger: str
    start: int
    end: int
    action: str
    verdict: str

    @classmethod
    def of(cls, group: EventGroup, sp: SentenceParse, reason: str | None) -> Decision:
        text = " ".join(t.token.text for t in group.triggers)
        return cls(sp.start, sp.end, text, group.start, group.end, group.head.action, reason or "taken")

    @classmethod
    def restated(cls, claim: Claim, first: Claim) -> Decision:
        """A claim folded into an earlier claim of the same happening (``merging``)."""
        ev = claim.evidence
        trig = ev.spans.get("trigger")
        start, end = (trig.start, trig.end) if trig else (ev.start, ev.end)
        text = trig.text if trig else ev.sentence
        return cls(ev.start, ev.end, text, start, end, claim.action, f"restates {first.claim_id}")

    @classmethod
    def rejected(cls, trig: Trigger, sp: SentenceParse, reason: str) -> Decision:
        """A trigger word the clause checks of ``events`` read as no event ('modal or negated')."""
        return cls(sp.start, sp.end, trig.token.text, trig.start, trig.end, trig.action, reason)
