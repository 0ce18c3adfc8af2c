"""Merging: one claim per event, and escalation.

A follow-up sentence joins the claim it continues ("The shelling killed two civilians.") unless it
names a place or date of its own; its casualty counts add to the claim. An author's unattributed
capture of ground that a source only said was approached is no claim of its own but a
``claim_escalation`` flag on the source's claim, and so is the author's later summary that calls
it a capture (``lexicons/merging.json``). Once claims are built, a restatement of the same
happening elsewhere in the text (headline, lead, summary) folds into the first claim of it
(``merge_restatements``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..models import Claim, Location
from .casualties import fatalities
from .drafts import Draft
from .lexicon import lexicon
from .sentences import SentenceParse

#: Ground actions weaker than a capture: a later capture of the same place escalates them.
TERRITORY_WEAKER = frozenset({"advance", "clash", "counterattack", "repel"})
#: Words of a sentence, quotes kept so quoted names can be stripped of them.
_WORD_RX = re.compile(r"[\w‘’'\"-]+")


def sentence_anchors(
    sents: list[SentenceParse], toponyms: list, locations: list[Location], dates: list
) -> list[set[str]]:
    """For each sentence, the places (resolved name, or as written) and dates it names itself."""
    anchors: list[set[str]] = [set() for _ in sents]
    starts = [sp.start for sp in sents]

    def index(pos: int) -> int | None:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < sents[i].end else None

    for top, loc in zip(toponyms, locations, strict=True):
        if top.kind != "country" and (i := index(top.start)) is not None:
            anchors[i].add("place:" + (loc.resolved_name or top.name).lower())
    for mention in dates:
        if mention.date is not None and (i := index(mention.start)) is not None:
            anchors[i].add("date:" + mention.date.isoformat())
    return anchors


def continues(prev: Draft, d: Draft, anchors: list[set[str]]) -> bool:
    """A follow-up sentence continues the previous claim if it refers back to it ("The shelling
    killed...", "The fall of the town is...") or names no other place or date of its own."""
    head = d.group.head
    if head.nominal and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.token.children
    ):
        return True
    own = anchors[d.sent_index]
    before = set().union(*(anchors[i] for i in [prev.sent_index, *prev.extra_sents]))
    return own <= before


def merge_and_escalate(
    drafts: list[Draft], sents: list[SentenceParse], text: str, anchors: list[set[str]]
) -> list[Draft]:
    """Join follow-up sentences into the claim they continue; turn an author's unattributed 'capture'
    of what a source only said was approached into a ``claim_escalation`` flag on that claim."""
    lex = lexicon()
    out: list[Draft] = []
    for d in drafts:
        family = lex.actions[d.action].family
        if family == "territory" and d.claimant is None:
            weaker = [
                o
                for o in out
                if o.action in TERRITORY_WEAKER and o.claimant is not None and (o.target_keys & d.target_keys)
            ]
            if weaker:
                for o in weaker:
                    o.flags.add("claim_escalation")
                continue
        prev = out[-1] if out else None
        if prev is not None and d.sent_index - prev.sent_index <= 1:
            pfam = lex.actions[prev.action].family
            same_source = (d.claimant is None) or (
                prev.claimant is not None and d.claimant.name == prev.claimant.name
            )
            if not continues(prev, d, anchors):
                out.append(d)  # "... hit Odesa on Tuesday. ... shelled Kherson on Wednesday": two events
                continue
            if family == "casualty" and same_source:
                prev.extra_sents.append(d.sent_index)
                prev.patients.extend(p for p in d.patients if p.kind == "civilians")
                continue
            if family == pfam and same_source and d.claimant is None and d.sent_index != prev.sent_index:
                prev.extra_sents.append(d.sent_index)  # "The shelling killed two civilians."
                prev.patients.extend(
                    p for p in d.patients if p.kind == "civilians" and p not in prev.patients
                )
                continue
        out.append(d)
    # Casualty counts and civilian victims stated in a follow-up sentence belong to the claim.
    for d in out:
        for si in d.extra_sents:
            sp = sents[si]
            extra = fatalities(text[sp.start : sp.end].lower())
            if extra:
                d.fatalities = (d.fatalities or 0) + extra
    # The author's own summary sentences that call an approach a capture (parsed as commentary).
    for si, sp in enumerate(sents):
        low = text[sp.start : sp.end].lower()
        if not lex.capture_summary_rx.search(low):
            continue
        if lex.attributed_summary_rx.search(low):
            continue  # somebody's statement, not the author's summary
        words = {w.strip("‘’'\"") for w in _WORD_RX.findall(low)}
        for o in out:
            if o.action in TERRITORY_WEAKER and o.claimant is not None and si > o.sent_index:
                names = {k for k in o.target_keys if k not in lex.facility_words}
                if names & words or (not names and o.target_keys & words):
                    o.flags.add("claim_escalation")
    return out


def _place_key(claim: Claim) -> str | None:
    loc = claim.location
    if loc is None or loc.lat is None:
        return None
    return loc.gazetteer_id or (loc.resolved_name or "").lower() or None


def _same_time(a: Claim, b: Claim) -> bool:
    """Dates that can be one happening: the same day, or either not fixed to a day."""
    return a.date == b.date or a.time_precision != 1 or b.time_precision != 1


#: Event types a bare casualty report can restate.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def event_kind(claim: Claim) -> str:
    """What a restatement must share: the event type, with ground changing hands kept apart from
    fighting ("an offensive from the recently captured city": two happenings)."""
    if claim.event_type == "Battles" and "territory" in claim.sub_event_type:
        return "Battles/territory"
    return claim.event_type


def restatement_of(claim: Claim, kept: list[Claim]) -> Claim | None:
    """The earlier claim of the document that ``claim`` restates, if any (ANNOTATION.md: "the same
    happening mentioned twice (lead, body, summary) is one event"): the same kind of event (``_kind``), at the
    same resolved place, on a compatible date; or the same kind and date with no place
    named at all ("The attack killed three." after "Missiles hit Odesa.")."""
    key = _place_key(claim)
    for other in kept:
        if not _same_time(claim, other):
            continue
        if event_kind(other) != event_kind(claim) and not (
            claim.action == "casualties" and key is None and other.event_type in VIOLENT_TYPES
        ):
            continue  # a bare death report ("two died at the scene") restates the attack that killed
        if key is not None and key == _place_key(other):
            return other
        if claim.location is None:
            return other
    return None


def merge_restatements(claims: list[Claim]) -> tuple[list[Claim], list[tuple[Claim, Claim]]]:
    """One claim per event per document: each restatement is folded into the first claim of its
        happening, which keeps the larger death count, every flag, and the actors the restatement
    names where the first mention had none (the claimant stays the first who asserts it). Returns the kept claims and the
        (restatement, kept claim) pairs."""
    kept: list[Claim] = []
    merged: list[tuple[Claim, Claim]] = []
    for claim in claims:
        first = restatement_of(claim, kept)
        if first is None:
            kept.append(claim)
            continue
        merged.append((claim, first))
        if not any(a.side in ("russia", "ukraine") for a in first.actors) and claim.actors:
            first.actors = claim.actors
        if claim.fatalities and (first.fatalities or 0) < claim.fatalities:
            first.fatalities = claim.fatalities
        first.flags = sorted(set(first.flags) | (set(claim.flags) - {"unresolved_location"}))
    return kept, merged
