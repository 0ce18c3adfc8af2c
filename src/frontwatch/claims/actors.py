"""Who did it to whom: actor phrases from the parse, normalised through ``lexicons/actors.json``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Token

from .lexicon import ActorRule, lexicon
from .plain import plain_lower

#: Dependency labels of the agent and patient of a verb (parser labels, not vocabulary). The
#: prepositions of targets and opponents and the verbs of mutual fighting are in ``actors.json``.
AGENT_DEPS = ("nsubj", "agent")
PATIENT_DEPS = ("dobj", "nsubjpass", "attr")


@cache
def _theatre_actors() -> list[ActorRule]:
    """``actors.json`` 'theatre_actors': words that name an actor only in this war's reports."""
    data = json.loads(files("frontwatch").joinpath("lexicons", "actors.json").read_text("utf-8"))
    return [ActorRule(re.compile(p), n, s, k) for p, n, s, k in data["theatre_actors"]]


@dataclass(frozen=True)
class ActorRef:
    name: str
    side: str | None
    kind: str
    text: str
    start: int
    end: int


def _phrase(tok: Token) -> tuple[str, int, int]:
    """A noun phrase without its relative clauses and appositions (kept short)."""
    toks = [tok]
    for child in tok.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "prep") and child.i > tok.i:
            continue
        toks.extend(child.subtree)
    for child in tok.children:  # "Military Forces of Ukraine", "forces of the DPR"
        if child.dep_ == "prep" and child.lower_ == "of":
            toks.extend(child.subtree)
    toks.sort(key=lambda t: t.i)
    toks = [t for t in toks if abs(t.i - tok.i) <= 10]
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return tok.doc.text[start:end], start, end


def normalise(
    text: str, claimant_side: str | None = None, theatre: bool = False
) -> tuple[str, str | None, str] | None:
    """(canonical name, side, kind) for an actor phrase, or None if it names no actor."""
    lex = lexicon()
    low = plain_lower(text)  # "Russia’s forces": lexicons are written with "'"
    if claimant_side in ("russia", "ukraine"):
        if lex.enemy_rx.search(low):
            other = "ukraine" if claimant_side == "russia" else "russia"
            return lex.opponents[claimant_side], other, "state" if other == "ukraine" else "nonstate"
        if lex.own_rx.search(low):
            name = lex.opponents["ukraine" if claimant_side == "russia" else "russia"]
            return name, claimant_side, "state" if claimant_side == "ukraine" else "nonstate"
    if theatre:
        for rule in _theatre_actors():
            if rule.rx.search(low):
                return rule.name, rule.side, rule.kind
    for rule in lex.actors:
        if rule.rx.search(low):
            if rule.kind == "civilians":
                return (
                    ("Civilians (Ukraine)", "ukraine", "civilians")
                    if theatre
                    else (rule.name, rule.side, rule.kind)
                )
            if rule.kind == "protesters" and theatre:
                return f"{rule.name} (Ukraine)", "ukraine", rule.kind
            return rule.name, rule.side, rule.kind
    return None


def _ref(tok: Token, claimant_side: str | None, theatre: bool) -> ActorRef | None:
    text, start, end = _phrase(tok)
    norm = normalise(text, claimant_side, theatre)
    if norm is None:
        return None
    return ActorRef(norm[0], norm[1], norm[2], text, start, end)


def _nominal_agent(
    tok: Token, claimant_side: str | None = None, theatre: bool = False, sided: bool = True
) -> Token | None:
    """'Ukrainian aviation strike', 'Russia's attack', 'strike by Russian forces', 'ongoing Russian
    attacks': the first modifier or 'by' object that names a warring side (``sided``; not for
    losses, whose modifier is the victim: "Russian losses"), else the first modifier."""
    cands: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod"):
            cands.append(child)
        if child.dep_ == "prep" and child.lower_ == "by":
            cands.extend(g for g in child.children if g.dep_ == "pobj")
    for cand in cands if sided else []:
        norm = normalise(_phrase(cand)[0], claimant_side, theatre)
        if norm is not None and norm[1] in ("russia", "ukraine") and norm[2] != "civilians":
            return cand
    return cands[0] if cands else None


def _is_target(tok: Token) -> bool:
    """Whether a noun is what an action hit: its object, passive subject, or the object of
    'on/at/against/into'."""
    if tok.dep_ in ("dobj", "nsubjpass"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in lexicon().target_prepositions


def weapon_actor(trigger: Token, claimant_side: str | None, theatre: bool) -> ActorRef | None:
    """Fallback: the side written on a weapon or on an attack noun of the sentence ("came under
    fire from Russian artillery", "debris of a Russian missile fell"), unless that weapon is
    what was hit ("destroyed a Russian tank" names a target, not the attacker)."""
    lex = lexicon()
    weapon_rxs = list(lex.weapons.values())
    for tok in trigger.sent:
        if tok.pos_ not in ("NOUN", "PROPN") or _is_target(tok):
            continue
        if not (tok.lower_ in lex.weapon_words or any(rx.fullmatch(tok.lower_) for rx in weapon_rxs)):
            continue
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i < tok.i:
                ref = _ref(child, claimant_side, theatre)
                if ref is not None and ref.side in ("russia", "ukraine") and ref.kind != "civilians":
                    return ref
    return None


def _shared_subject(verb: Token, claimant_side: str | None, theatre: bool) -> list[ActorRef]:
    """The actor of a verb without a subject of its own: the subject shared by "and"-joined verbs
    ("Russian forces assaulted and were repulsed"), the noun a participle clause hangs on ("forces,
    supported by aviation, clashed" parsed as a clause of "forces"), the subject of the verb an
    infinitive complements ("Russian forces continued to conduct ground attacks")."""
    cur = verb
    for _ in range(4):
        if cur.dep_ in ("conj", "xcomp") and cur.head is not cur:
            cur = cur.head
            for child in cur.children:
                if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                    target = child
                    if child.dep_ == "agent":
                        target = next((g for g in child.children if g.dep_ == "pobj"), child)
                    ref = _ref(target, claimant_side, theatre)
                    if ref:
                        return [ref]
            continue
        if cur.dep_ in ("acl", "relcl") and cur.head.pos_ in ("NOUN", "PROPN") and cur.head.i < cur.i:
            ref = _ref(cur.head, claimant_side, theatre)
            return [ref] if ref else []
        break
    return []


def left_actor(trigger: Token, claimant_side: str | None, theatre: bool) -> ActorRef | None:
    """Fallback for fragile parses: the nearest subject-like actor phrase left of the trigger."""
    sent = trigger.sent
    for tok in reversed(sent[: trigger.i - sent.start]):
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "appos"):
            ref = _ref(tok, claimant_side, theatre)
            if ref is not None and ref.kind not in ("civilians",):
                return ref
    return None


def find_actors(
    trigger: Token, clause: Token, claimant_side: str | None, theatre: bool, casualty: bool = False
) -> tuple[list[ActorRef], list[ActorRef]]:
    """Agents (actor 1 candidates) and patients (actor 2 candidates) of an event trigger
    (``casualty``: a loss or death word, whose modifiers name the victims)."""
    lex = lexicon()
    agents: list[ActorRef] = []
    patients: list[ActorRef] = []
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else clause
    for child in verb.children:
        ref = None
        if child.dep_ in AGENT_DEPS:
            target = child
            if child.dep_ == "agent":
                target = next((g for g in child.children if g.dep_ == "pobj"), child)
            ref = _ref(target, claimant_side, theatre)
            if ref:
                agents.append(ref)
        elif child.dep_ in PATIENT_DEPS:
            ref = _ref(child, claimant_side, theatre)
            if ref:
                patients.append(ref)
        elif child.dep_ == "prep" and (
            child.lower_ in lex.target_prepositions
            or (child.lower_ in lex.opponent_prepositions and verb.lemma_ in lex.opponent_verbs)
        ):
            for g in child.children:
                if g.dep_ == "pobj" and (ref := _ref(g, claimant_side, theatre)):
                    patients.append(ref)
    if not agents and verb.pos_ in ("VERB", "AUX"):
        agents.extend(_shared_subject(verb, claimant_side, theatre))
    if trigger.pos_ not in ("VERB", "AUX"):
        agent_tok = _nominal_agent(trigger, claimant_side, theatre, sided=not casualty)
        if agent_tok is not None and (ref := _ref(agent_tok, claimant_side, theatre)):
            agents.insert(0, ref)
        for child in trigger.children:
            if child.dep_ == "prep" and (child.lower_ in lex.target_prepositions or child.lower_ == "of"):
                for g in child.children:
                    if g.dep_ == "pobj" and (ref := _ref(g, claimant_side, theatre)):
                        patients.append(ref)
    return agents, patients
