"""Drafts: an accepted trigger group with its source, actors and target, before typing.

A draft is what a sentence says happened, as found in the parse: the trigger group (``events``),
who says so and which spans that source covers (``attribution``), actor 1 and 2 (``actors``), and
what was hit or taken (the target, with name keys that ``merging`` uses to join an advance and a
later capture of the same place; facility words come from ``lexicons/facilities.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .actors import ActorRef, find_actors, left_actor, normalise, weapon_actor
from .attribution import Claimant, People
from .events import EventGroup
from .lexicon import lexicon


@dataclass
class Draft:
    group: EventGroup
    offset: int
    sent_index: int
    action: str
    agents: list[ActorRef]
    patients: list[ActorRef]
    target: str | None
    target_keys: set[str]
    target_side: str | None
    claimant: Claimant | None
    exclude: list[tuple[int, int]]
    flags: set[str] = field(default_factory=set)
    hedged: bool = False
    verification: str = "unverified"
    fatalities: int | None = None
    extra_sents: list[int] = field(default_factory=list)
    #: where the claimant was found: "sentence" (its own), "headline", "context" (a following
    #: attribution sentence, a closing quote: ``source_context``), "" (none)
    claimant_origin: str = ""
    theatre: bool = False


def build_draft(
    group: EventGroup,
    sent: Span,
    sent_index: int,
    offset: int,
    claimant: Claimant | None,
    headline: Claimant | None,
    people: People,
    theatre: bool,
) -> Draft:
    """The draft of an accepted trigger group; ``claimant`` is the source found in its sentence."""
    origin = "sentence" if claimant is not None else "headline" if headline is not None else ""
    claimant, exclude = _claimant_scope(group.head.token, sent, offset, claimant, headline, people)
    agents, patients = _group_actors(group, claimant.side if claimant else None, theatre)
    target, keys, target_side = find_target(group, theatre)
    return Draft(
        group,
        offset,
        sent_index,
        group.head.action,
        agents,
        patients,
        target,
        keys,
        target_side,
        claimant,
        exclude,
        claimant_origin=origin,
        theatre=theatre,
    )


def reread_actors(d: Draft, side: str | None = None) -> None:
    """Actors again once a claimant was found outside the sentence (or the side of the outlet's
    own voice, ``side``): "the enemy" and "our troops" resolve against that side."""
    side = side or (d.claimant.side if d.claimant else None)
    d.agents, d.patients = _group_actors(d.group, side, d.theatre)


def _claimant_scope(
    trig: Token,
    sent: Span,
    offset: int,
    claimant: Claimant | None,
    headline: Claimant | None,
    people: People,
) -> tuple[Claimant | None, list[tuple[int, int]]]:
    """The claim's source in document offsets (the headline's source if the sentence names none),
    and the spans that name the source, which are never the event's place."""
    lex = lexicon()
    exclude: list[tuple[int, int]] = []
    if claimant is not None:
        people.last = claimant
        for anc in [trig, *trig.ancestors]:
            for c in anc.children:
                if c.dep_ in ("nsubj",) and anc.lemma_.lower() in lex.reporting_verbs:
                    exclude.append(doc_span(c, offset))
        for tok in sent:
            if tok.lower_ == "according":
                exclude.append(doc_span(tok, offset))
        claimant.start = claimant.start + offset if claimant.start >= 0 else -1
        claimant.end = claimant.end + offset if claimant.end >= 0 else -1
    elif headline is not None:
        claimant = headline
        exclude.append((claimant.start, claimant.end))
    return claimant, exclude


def _group_actors(
    group: EventGroup, claimant_side: str | None, theatre: bool
) -> tuple[list[ActorRef], list[ActorRef]]:
    """Agents and patients of the head trigger, completed from the group's other triggers."""
    lex = lexicon()
    trig = group.head.token
    casualty = lex.actions[group.head.action].family == "casualty"
    agents, patients = find_actors(trig, group.clause, claimant_side, theatre, casualty)
    for other in group.triggers[1:]:  # "shelled the town, injuring three civilians"
        if lex.actions[other.action].family == "casualty":
            extra = find_actors(other.token, group.clause, claimant_side, theatre)[1]
            patients.extend(p for p in extra if p.kind == "civilians" and p not in patients)
        elif other.token.pos_ in ("VERB", "AUX"):  # "shelled and destroyed a Russian vehicle"
            more_agents, more_patients = find_actors(other.token, group.clause, claimant_side, theatre)
            if not agents:
                agents.extend(more_agents[:1])
            patients.extend(p for p in more_patients if p not in patients and p not in agents)
    if not agents and trig.pos_ in ("VERB", "AUX"):
        ref = left_actor(trig, claimant_side, theatre)
        if ref is not None and all(ref.start != p.start for p in patients):
            agents.append(ref)
    if not agents and theatre:  # "came under fire from Russian artillery"
        ref = weapon_actor(trig, claimant_side, theatre)
        if ref is not None and all(ref.start != p.start for p in patients):
            agents.append(ref)
    return agents, patients


def doc_span(tok: Token, offset: int) -> tuple[int, int]:
    """Document offsets of a token's subtree."""
    toks = sorted(tok.subtree, key=lambda t: t.i)
    return toks[0].idx + offset, toks[-1].idx + len(toks[-1].text) + offset


def find_target(group: EventGroup, theatre: bool) -> tuple[str | None, set[str], str | None]:
    """What was hit or taken, its name keys (for escalation) and the side of anyone on it."""
    lex = lexicon()
    trig = group.head.token
    verb = trig if trig.pos_ in ("VERB", "AUX") else group.clause
    cands: list[Token] = []
    for tok in (trig, verb):
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                cands.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("to", "at", "on", "of", "upon", "towards"):
                cands.extend(g for g in child.children if g.dep_ == "pobj")
    for cand in cands:
        if cand.ent_type_ in ("GPE", "LOC") or normalise(cand.text) is not None:
            continue
        toks = [
            t
            for t in cand.subtree
            if t.dep_ not in ("relcl", "acl") and abs(t.i - cand.i) <= 4 and t.i <= cand.i
        ]
        toks.sort(key=lambda t: t.i)
        text = " ".join(t.text for t in toks if t.dep_ != "det" and t.pos_ != "PUNCT").strip()
        keys = {t.lower_.strip("‘’'\"") for t in toks if t.text[:1].isupper() or t.pos_ == "PROPN"}
        if cand.lemma_.lower() in lex.facility_words:
            keys.add(cand.lemma_.lower())
        side = None
        for t in cand.subtree:  # "a bridge ... used by retreating Ukrainian troops"
            if t.dep_ in ("amod", "compound", "nsubj", "pobj", "poss") and t.pos_ in ("ADJ", "PROPN", "NOUN"):
                norm = normalise(t.text, None, theatre)
                if norm and norm[1] in ("russia", "ukraine") and norm[2] != "civilians":
                    side = norm[1]
                    break
        return (text or cand.text), keys, side
    return None, set(), None
