"""Trigger sense: is the word used in its violent (or territorial, or street-protest) sense?

Many trigger words have everyday senses that assert no event. A trigger is dropped when

- it only **names a kind of weapon or unit** ("battle tank", "attack helicopter", "strike group");
- it is **ambiguous** ("attack", "hit", "fight", "engage", "enter", "fall"...) and its sentence has
  no armed actor, no weapon, no physical target, no casualty and no place of its own ("engaged
  with world leaders", "prices shot up", "Ukraine enters talks");
- its object is **abstract** ("an attack on democracy", "a fight for sovereignty", "hit by
  sanctions");
- it is **criticism** ("blasted the decision", "hit out at critics", "slammed Washington");
- it is a **diplomatic protest** or "demonstrate" meaning "show" ("summoned the ambassador in
  protest", "demonstrated its attitude"): a protest needs people gathering;
- it is an **agreement** that is not between the warring sides taking effect (anything but a
  prisoner exchange, a ceasefire entering force, a surrender);
- it is **troop presence, a deployment or an exercise** ("amassed troops near the border",
  "deployed 30,000 troops to Belarus", "engaged in a naval exercise");
- it is a **weapon noun with no act of use** ("the ratio of artillery to ammunition").

``assess`` returns the class that applies (shown by ``frontwatch extract --explain``), or None.
Word lists: ``lexicons/sense.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from .factuality import clause_text
from .lexicon import _load as load_json
from .lexicon import _words_rx as phrase_rx
from .lexicon import lexicon


@dataclass(frozen=True)
class SenseLexicon:
    modified_heads: frozenset[str]
    ambiguous: frozenset[str]
    armed_rx: re.Pattern[str]
    abstract_objects: frozenset[str]
    criticism_verbs: frozenset[str]
    criticism_particles: frozenset[str]
    speech_objects: frozenset[str]
    crowd_rx: re.Pattern[str]
    diplomatic_protest_rx: re.Pattern[str]
    agreement_rx: re.Pattern[str]
    weapon_nouns: frozenset[str]
    weapon_use_verbs: frozenset[str]
    no_event_actions: frozenset[str]
    no_event_lemmas: frozenset[str]
    exercise_rx: re.Pattern[str]
    border_rx: re.Pattern[str]


@cache
def sense_lexicon() -> SenseLexicon:
    d = load_json("sense.json")
    return SenseLexicon(
        modified_heads=frozenset(d["modified_heads"]),
        ambiguous=frozenset(d["ambiguous"]),
        armed_rx=phrase_rx(d["armed_words"]),
        abstract_objects=frozenset(d["abstract_objects"]),
        criticism_verbs=frozenset(d["criticism_verbs"]),
        criticism_particles=frozenset(d["criticism_particles"]),
        speech_objects=frozenset(d["speech_objects"]),
        crowd_rx=phrase_rx(d["crowd_words"]),
        diplomatic_protest_rx=phrase_rx(d["diplomatic_protest"]),
        agreement_rx=phrase_rx(d["agreement_cues"]),
        weapon_nouns=frozenset(d["weapon_nouns"]),
        weapon_use_verbs=frozenset(d["weapon_use_verbs"]),
        no_event_actions=frozenset(d["no_event_actions"]),
        no_event_lemmas=frozenset(d["no_event_lemmas"]),
        exercise_rx=phrase_rx(d["exercise_words"]),
        border_rx=phrase_rx(d["border_words"]),
    )


def _objects(tok: Token) -> list[Token]:
    """What the trigger is aimed at: its object, passive subject, or the object of on/against/for/at."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "for", "at", "upon", "into", "of"):
            out.extend(g for g in prep.children if g.dep_ == "pobj")
    return out


def weapon_name(tok: Token, phrase: bool = False) -> str | None:
    """'battle tank', 'attack helicopter', 'assault rifle': the word names a kind of thing."""
    if (
        not phrase
        and tok.dep_ in ("compound", "amod", "nmod")
        and tok.head.lemma_.lower() in sense_lexicon().modified_heads
    ):
        return f"names a kind: {tok.lower_} {tok.head.lower_}"
    return None


def abstract_object(tok: Token) -> str | None:
    """'an attack on democracy', 'a fight for sovereignty', 'hit the economy'."""
    sl = sense_lexicon()
    if tok.lemma_.lower() not in sl.ambiguous:
        return None
    for obj in _objects(tok):
        if obj.lemma_.lower() in sl.abstract_objects or obj.lower_ in sl.abstract_objects:
            return f"abstract object: {obj.lower_}"
    return None


def criticism(tok: Token, low: str) -> str | None:
    """'blasted the decision', 'hit out at critics', 'slammed Washington's policies'."""
    sl = sense_lexicon()
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB",) or lemma not in sl.criticism_verbs:
        return None
    if any(c.dep_ == "prt" and c.lower_ in sl.criticism_particles for c in tok.children):
        return f"criticism: {lemma} {'out' if 'out' in low else 'back'}"
    if lemma in ("attack", "hit", "fire", "shoot", "target", "strike") and sl.armed_rx.search(low):
        return None
    objs = _objects(tok)
    if objs and all(
        o.lemma_.lower() in sl.speech_objects
        or o.lower_ in sl.speech_objects
        or (any(c.dep_ == "poss" for c in o.children) and o.lemma_.lower() in sl.abstract_objects)
        for o in objs
    ):
        if lemma in ("attack", "hit", "fire", "shoot", "target", "strike"):
            return f"criticism: {lemma} {objs[0].lower_}"
        return f"criticism: {lemma}"
    if lemma in ("blast", "slam", "lash", "lambast", "rail", "bash", "savage") and not sl.armed_rx.search(
        low
    ):
        return f"criticism: {lemma}"
    return None


def _marchers_are_armed(tok: Token) -> bool:
    """Who marches: the verb's subject, or the noun's possessor and modifiers ("the march of the
    mercenaries", "Wagner's march toward Moscow")."""
    sl = sense_lexicon()
    if tok.pos_ == "VERB":
        who = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    else:
        who = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod")]
        who += [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
    words = " ".join(t.lower_ for w in who for t in w.subtree)
    return bool(words and sl.armed_rx.search(words))


def protest_sense(tok: Token, action: str, low: str) -> str | None:
    """A protest is people gathering; 'in protest', 'lodged a protest', 'demonstrated its resolve'
    are not."""
    if lexicon().actions[action].family not in ("protest", "riot"):
        return None
    sl = sense_lexicon()
    lemma = tok.lemma_.lower()
    if (
        lemma == "demonstrate"
        and tok.pos_ == "VERB"
        and any(c.dep_ in ("dobj", "ccomp") for c in tok.children)
    ):
        return "demonstrate: showed"
    m = sl.diplomatic_protest_rx.search(low)
    if m and not sl.crowd_rx.search(low.replace(m.group(0), " ")):
        return f"diplomatic protest: {m.group(0)}"
    gathering = sl.crowd_rx.search(low) or any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in tok.sent)
    if (
        lemma in ("protest", "demonstrate", "demonstration", "rally", "march", "picket", "boycott")
        and not gathering
    ):
        return "protest without people or place"
    return None


def agreement_sense(tok: Token, action: str, low: str) -> str | None:
    """Only an agreement between the warring sides that is carried out is an event: a ceasefire,
    exchange or surrender anywhere in the sentence, or an armed party in the agreement's own clause
    ('reached an agreement with the mutinous soldiers', not 'fire prohibited by the agreements')."""
    if action != "agreement":
        return None
    sl = sense_lexicon()
    if sl.agreement_rx.search(low) or sl.armed_rx.search(clause_text(tok)[0]):
        return None
    return "diplomacy: no ceasefire, exchange or surrender, no armed party"


def deployment(tok: Token, action: str, low: str, in_ukraine: bool) -> str | None:
    """Troop presence, build-ups, deployments and exercises are not events (ANNOTATION.md); troops
    seen inside a named Ukrainian settlement are the invasion itself ('Russian tanks in Bucha')."""
    sl = sense_lexicon()
    if action in sl.no_event_actions and not (in_ukraine and not sl.border_rx.search(low)):
        return "deployment or presence, not an event"
    if lexicon().actions[action].family == "group" and tok.lemma_.lower() in sl.no_event_lemmas:
        return f"deployment: {tok.lemma_.lower()}"
    m = sl.exercise_rx.search(low)
    if m:
        return f"exercise: {m.group(0)}"
    return None


def weapon_alone(tok: Token) -> str | None:
    """'artillery' or 'mortar' reports an event only with an act of using it."""
    sl = sense_lexicon()
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in sl.weapon_nouns:
        return None
    verbs = lexicon().verbs
    if any(
        t.lemma_.lower() in sl.weapon_use_verbs or t.lemma_.lower() in verbs
        for t in tok.sent
        if t.pos_ == "VERB"
    ):
        return None
    if any(c.lower_ == "fire" for c in tok.head.children) or tok.head.lower_ in ("fire", "attack", "strike"):
        return None
    return f"weapon named without an action: {tok.lower_}"


def needs_armed_context(tok: Token, sent: Span, low: str, armed_actor: bool, named_place: bool) -> str | None:
    """An ambiguous trigger needs an armed actor, a weapon, a physical target, a casualty or a place."""
    sl = sense_lexicon()
    lemma = tok.lemma_.lower()
    if lemma not in sl.ambiguous or armed_actor or named_place:
        return None
    if sl.armed_rx.search(low):
        return None
    if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in sent):
        return None
    return f"no armed actor, weapon or target for '{tok.lower_}'"


def assess(
    tok: Token,
    action: str,
    sent: Span,
    *,
    armed_actor: bool = False,
    named_place: bool = False,
    phrase: bool = False,
    in_ukraine: bool = False,
) -> str | None:
    """Why ``tok`` is not used in an event sense (the class), or None when it is."""
    low = sent.text.lower().replace("’", "'")
    return (
        weapon_name(tok, phrase)
        or deployment(tok, action, low, in_ukraine)
        or agreement_sense(tok, action, low)
        or protest_sense(tok, action, low)
        or criticism(tok, low)
        or abstract_object(tok)
        or weapon_alone(tok)
        or needs_armed_context(tok, sent, low, armed_actor, named_place)
    )
