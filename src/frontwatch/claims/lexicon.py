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


def _alternatives(entries: list[str]) -> str:
    """Lexicon entries as one alternation, in their written order: plain entries are words or
    phrases, an entry written ``re:...`` is a regular expression ("re:mourn\\w*")."""
    return "|".join(e[3:] if e.startswith("re:") else re.escape(e) for e in entries)


def _cues_rx(entries: list[str], prefix: bool = False) -> re.Pattern[str]:
    """Whole words or phrases (``prefix``: word beginnings, "air" also matches "airstrike")."""
    return re.compile(rf"\b(?:{_alternatives(entries)})" + ("" if prefix else r"\b"))


def _killed_rxs(cas: dict[str, Any]) -> list[re.Pattern[str]]:
    """The fatality-count patterns of ``casualties.json``: a count before the death word, then a
    killing verb or death-toll phrase before the count. Group 1 is the count."""
    num = r"(\d[\d,]*|" + "|".join(cas["number_words"]) + r")"
    before, after = cas["count_before"], cas["count_after"]
    gap = int(before["max_words_between"])
    aux, dead = _alternatives(before["auxiliaries"]), _alternatives(before["death_words"])
    kill, approx = _alternatives(after["killing_words"]), _alternatives(after["approximators"])
    return [
        re.compile(rf"\b{num}\s+(?:\w+[- ]){{0,{gap}}}?(?:(?:{aux}) )?(?:{dead})\b"),
        re.compile(rf"\b(?:{kill})\s+(?:(?:{approx}) )?{num}\b"),
    ]


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
    verb_subjects: dict[str, frozenset[str]]
    war_only_actions: frozenset[str]
    war_only_lemmas: frozenset[str]
    recent_adverbs: frozenset[str]
    weapon_words: frozenset[str]
    captions: list[tuple[str, re.Pattern[str]]]
    # sentences.json
    sentence_boundary_rx: re.Pattern[str]
    abbreviation_rx: re.Pattern[str]
    # casualties.json
    number_words: dict[str, int]
    killed_rxs: list[re.Pattern[str]]
    # typing.json
    freeing_verbs: frozenset[str]
    protest_words_rx: re.Pattern[str]
    protest_cause_rx: re.Pattern[str]
    protest_force_rx: re.Pattern[str]
    riot_rx: re.Pattern[str]
    protest_intervention_rx: re.Pattern[str]
    explosive_found_rx: re.Pattern[str]
    explosive_went_off_rx: re.Pattern[str]
    air_words_rx: re.Pattern[str]
    # merging.json
    capture_summary_rx: re.Pattern[str]
    attributed_summary_rx: re.Pattern[str]
    # facilities.json
    facility_words: frozenset[str]
    facility_name_rx: re.Pattern[str]
    place_anaphors: frozenset[str]
    # clauses.json: the clause-level grammar of triggers (events.py)
    modals: frozenset[str]
    epistemic_modals: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    plan_verbs: frozenset[str]
    try_verbs: frozenset[str]
    aspect_verbs: frozenset[str]
    commentary_verbs: frozenset[str]
    month_names: frozenset[str]
    equipment_heads: frozenset[str]
    negative_determiners: frozenset[str]
    unasserted_modifiers: frozenset[str]
    death_adjectives: frozenset[str]
    # actors.json: prepositions and verbs of the actor roles (actors.py)
    target_prepositions: frozenset[str]
    opponent_verbs: frozenset[str]
    opponent_prepositions: frozenset[str]
    # claimants.json, reporting.json: words of the source (attribution.py, source_context.py)
    pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    non_source_subjects: frozenset[str]
    container_prepositions: frozenset[str]
    container_nouns: frozenset[str]
    back_reference_starts: tuple[str, ...]


@cache
def lexicon() -> Lexicon:
    ev, ac, cl, rp = (
        _load("events.json"),
        _load("actors.json"),
        _load("claimants.json"),
        _load("reporting.json"),
    )
    se, cas, ty, mg, fa = (
        _load("sentences.json"),
        _load("casualties.json"),
        _load("typing.json"),
        _load("merging.json"),
        _load("facilities.json"),
    )
    cls = _load("clauses.json")
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
        verb_subjects={k: frozenset(v) for k, v in ev["verb_subjects"].items() if not k.startswith("_")},
        war_only_actions=frozenset(ev["war_only"]["actions"]),
        war_only_lemmas=frozenset(ev["war_only"]["lemmas"]),
        recent_adverbs=frozenset(ev["recent_participles"]["adverbs"]),
        weapon_words=frozenset(ev["weapon_words"]),
        captions=[
            (k, re.compile(ev["caption_" + k])) for k in ("capture", "grave", "protest", "damage", "presence")
        ],
        sentence_boundary_rx=re.compile(se["boundary"]),
        # "Gen. Ivanov", "e.g. the": the text before a full stop ends in an abbreviation
        abbreviation_rx=re.compile(rf"\b(?:{_alternatives(se['abbreviations'])})\.$"),
        number_words=dict(cas["number_words"]),
        killed_rxs=_killed_rxs(cas),
        freeing_verbs=frozenset(ty["freeing_verbs"]),
        protest_words_rx=_cues_rx(ty["protest_words"]),
        protest_cause_rx=_cues_rx(ty["protest_cause"]),
        protest_force_rx=_cues_rx(ty["protest_force"]),
        riot_rx=_cues_rx(ty["riot"]),
        protest_intervention_rx=_cues_rx(ty["protest_intervention"]),
        explosive_found_rx=_cues_rx(ty["explosive_found"]),
        explosive_went_off_rx=_cues_rx(ty["explosive_went_off"]),
        air_words_rx=_cues_rx(ty["air_words"], prefix=True),
        capture_summary_rx=_cues_rx(mg["capture_summary"]),
        attributed_summary_rx=_cues_rx(mg["attributed_summary"]),
        facility_words=frozenset(fa["facility_words"]),
        place_anaphors=frozenset(fa["place_anaphors"]),
        # a capitalised or quoted name before a facility word: "the 'Krasna' mine"
        facility_name_rx=re.compile(
            r"[‘'\"“]?([A-Z][\w-]+)[’'\"”]?\s+(" + "|".join(fa["facility_words"]) + r")\b"
        ),
        modals=frozenset(cls["modals"]),
        epistemic_modals=frozenset(cls["epistemic_modals"]),
        perfect_auxiliaries=frozenset(cls["perfect_auxiliaries"]),
        plan_verbs=frozenset(cls["plan_verbs"]),
        try_verbs=frozenset(cls["try_verbs"]),
        aspect_verbs=frozenset(cls["aspect_verbs"]),
        commentary_verbs=frozenset(cls["commentary_verbs"]),
        month_names=frozenset(cls["month_names"]),
        equipment_heads=frozenset(cls["equipment_heads"]),
        negative_determiners=frozenset(cls["negative_determiners"]),
        unasserted_modifiers=frozenset(cls["unasserted_modifiers"]),
        death_adjectives=frozenset(cls["death_adjectives"]),
        target_prepositions=frozenset(ac["target_prepositions"]),
        opponent_verbs=frozenset(ac["opponent_verbs"]),
        opponent_prepositions=frozenset(ac["opponent_prepositions"]),
        pronouns=frozenset(cl["pronouns"]),
        person_pronouns=frozenset(cl["person_pronouns"]),
        non_source_subjects=frozenset(cl["non_source_subjects"]),
        container_prepositions=frozenset(cl["container_prepositions"]),
        container_nouns=frozenset(rp["container_nouns"]),
        # prefixes of the lower-cased sentence, for str.startswith
        back_reference_starts=tuple(rp["back_reference_starts"]),
    )
