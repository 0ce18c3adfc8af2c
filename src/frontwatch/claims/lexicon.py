"""Loads the claims stage's lexicons (``frontwatch/lexicons/*.json``) once and compiles them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any


def _load(name: str) -> dict[str, Any]:
    return json.loads(files("frontwatch").joinpath("lexicons", name).read_text("utf-8"))


def _words_rx(words: list[str]) -> re.Pattern[str]:
    """Whole words or phrases; an entry written ``re:...`` is a regular expression ("grenades" but
    not "grenade launchers")."""
    alt = "|".join(
        w[3:] if w.startswith("re:") else re.escape(w) for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])")


@dataclass(frozen=True)
class ActionType:
    family: str
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class ActorRule:
    rx: re.Pattern[str]
    name: str
    side: str
    kind: str


@dataclass(frozen=True)
class Lexicon:
    actions: dict[str, ActionType]
    priority: dict[str, int]
    phrases: list[tuple[re.Pattern[str], str]]
    verbs: dict[str, str]
    nouns: dict[str, str]
    weapons: dict[str, re.Pattern[str]]
    weapon_priority: list[str]
    weapon_actions: dict[str, str]
    candidate_rx: re.Pattern[str]
    actors: list[ActorRule]
    opponents: dict[str, str]
    enemy_rx: re.Pattern[str]
    own_rx: re.Pattern[str]
    theatre_rx: re.Pattern[str]
    people: dict[str, tuple[str, str, str]]
    institutions: list[tuple[re.Pattern[str], str]]
    role_sides: list[tuple[re.Pattern[str], str]]
    reporting_verbs: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_rx: re.Pattern[str]
    speculation_rx: re.Pattern[str]
    background_rx: re.Pattern[str]
    not_confirmed_rx: re.Pattern[str]
    confirmed_rx: re.Pattern[str]
    disputed_rx: re.Pattern[str]
    claim_reference_rx: re.Pattern[str]
    headline_dash_rx: re.Pattern[str]
    side_vocab: dict[str, re.Pattern[str]]
    manned_aircraft_rx: re.Pattern[str]
    disaster_rx: re.Pattern[str]
    violence_rx: re.Pattern[str]
    crime_rx: re.Pattern[str]
    reaction: frozenset[str]
    civilian_places: frozenset[str]
    territory_objects: frozenset[str]
    person_objects: frozenset[str]
    military_places: frozenset[str]
    verb_objects: dict[str, frozenset[str]]
    weapon_words: frozenset[str]
    captions: list[tuple[str, re.Pattern[str]]]


@cache
def lexicon() -> Lexicon:
    ev, ac, cl, rp = (
        _load("events.json"),
        _load("actors.json"),
        _load("claimants.json"),
        _load("reporting.json"),
    )
    actions = {k: ActionType(**v) for k, v in ev["actions"].items()}
    stems = set()
    for word in list(ev["verbs"]) + list(ev["nouns"]):
        stems.add(re.escape(word[:-1] if word.endswith("e") and len(word) > 4 else word))
        if word in ev["verbs"] and word.endswith("y") and word[-2:-1] not in "aeiou":
            stems.add(re.escape(word[:-1] + "ie"))  # "rallied", "occupied"
    # irregular past forms that do not contain their stem ("fought", "found", "withdrew")
    stems.update(re.escape(w) for w in ev.get("verb_forms", []))
    # A sentence is a claim candidate if any trigger stem or phrase occurs in it (cheap pre-filter
    # that spares the parser the background sentences).
    candidate = "|".join(sorted(stems, key=len, reverse=True))
    phrase_alts = "|".join(p for p, _ in ev["phrases"])
    weapon_words = [w for ws in ev["weapons"].values() for w in ws]
    candidate_rx = re.compile(
        rf"\b(?:{candidate})|{phrase_alts}|{_words_rx(weapon_words).pattern}|\b(?:killed|wounded|injured|dead|died)\b"
    )
    return Lexicon(
        actions=actions,
        priority={a: i for i, a in enumerate(ev["priority"])},
        phrases=[(re.compile(p), a) for p, a in ev["phrases"]],
        verbs=ev["verbs"],
        nouns=ev["nouns"],
        weapons={k: _words_rx(v) for k, v in ev["weapons"].items()},
        weapon_priority=ev["weapon_priority"],
        weapon_actions=ev["weapon_actions"],
        candidate_rx=candidate_rx,
        actors=[ActorRule(re.compile(p), n, s, k) for p, n, s, k in ac["actors"]],
        opponents=ac["opponents"],
        enemy_rx=_words_rx(ac["enemy_words"]),
        own_rx=_words_rx(ac["own_words"]),
        theatre_rx=re.compile(ac["theatre_cues"], re.IGNORECASE),
        people={k: tuple(v) for k, v in cl["people"].items()},
        institutions=[(re.compile(p), s) for p, s in cl["institutions"]],
        role_sides=[(re.compile(p), s) for p, s in cl["role_sides"]],
        reporting_verbs=frozenset(rp["reporting_verbs"]),
        hedge_verbs=frozenset(rp["hedge_verbs"]),
        hedge_rx=re.compile(rp["hedge_words"]),
        speculation_rx=re.compile(rp["speculation"]),
        background_rx=re.compile(rp["background"]),
        not_confirmed_rx=re.compile(rp["not_confirmed"]),
        confirmed_rx=re.compile(rp["confirmed"]),
        disputed_rx=re.compile(rp["disputed"]),
        claim_reference_rx=re.compile(rp["claim_reference"]),
        headline_dash_rx=re.compile(rp["headline_dash"]),
        side_vocab={k: re.compile(v) for k, v in rp["side_vocabulary"].items()},
        manned_aircraft_rx=re.compile(ev["manned_aircraft"]),
        disaster_rx=re.compile(ev["disaster"]),
        violence_rx=re.compile(ev["violence"]),
        crime_rx=re.compile(ev["crime"]),
        reaction=frozenset(ev["reaction"]),
        civilian_places=frozenset(ev["civilian_places"]),
        territory_objects=frozenset(ev["territory_objects"]),
        person_objects=frozenset(ev["person_objects"]),
        military_places=frozenset(ev["military_places"]),
        verb_objects={k: frozenset(v) for k, v in ev["verb_objects"].items() if not k.startswith("_")},
        weapon_words=frozenset(ev["weapon_words"]),
        captions=[
            (k, re.compile(ev["caption_" + k])) for k in ("capture", "grave", "protest", "damage", "presence")
        ],
    )
