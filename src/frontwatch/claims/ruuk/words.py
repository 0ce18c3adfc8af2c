"""The Russian and Ukrainian word lists (``lexicons/ruuk_claims.json``), loaded once.

Only words live here: what they mean (actions, weapon classes, sides, officials' roles) is the
English stage's (``claims.lexicon``), so both languages type and attribute claims alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ...nlp_ruuk import fold


@dataclass(frozen=True)
class RuUkLexicon:
    triggers: dict[str, dict[str, str]]  # lang -> lemma -> action (one word)
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # lang -> (lemma sequence, action)
    aerial: frozenset[str]
    weapons: dict[str, str]  # lemma -> English weapon class
    war_words: frozenset[str]
    reporting: frozenset[str]
    according: tuple[str, ...]  # folded surface phrases, longest first
    about_this: tuple[str, ...]
    people: dict[str, str]  # Cyrillic surname lemma -> claimants.json key
    bodies: tuple[tuple[re.Pattern[str], str], ...]
    roles: dict[str, str | None]
    role_heads: frozenset[str]  # the first word of each role ("губернатор", "начальник")
    side_words: dict[str, str]
    side_phrases: dict[str, str]
    enemy_words: frozenset[str]
    own_words: frozenset[str]
    military_targets: frozenset[str]
    voice: dict[str, frozenset[str]]
    negation: frozenset[str]
    irrealis: frozenset[str]
    denial: frozenset[str]
    not_so: frozenset[str]
    destination_verbs: frozenset[str]
    bare_bodies: frozenset[str]
    hedges: frozenset[str]
    habitual: frozenset[str]
    cumulative: tuple[str, ...]  # lemma phrases
    future: frozenset[str]
    phase_verbs: frozenset[str]
    air_words: frozenset[str]
    ground_words: frozenset[str]
    generic_taking: frozenset[str]
    all_quantifiers: frozenset[str]
    accusing: frozenset[str]
    object_prepositions: frozenset[str]
    impersonal: frozenset[str]
    pronouns: frozenset[str]
    metonyms: dict[str, str]
    residents: frozenset[str]
    title_nouns: frozenset[str]
    contested: frozenset[str]
    by_phrases: frozenset[tuple[str, ...]]
    relative_words: frozenset[str]
    origin_prepositions: frozenset[str]
    protection_words: frozenset[str]
    purpose_prepositions: frozenset[str]
    kin_nouns: frozenset[str]
    topic_shifts: tuple[str, ...]
    person_taken: frozenset[str]
    territory_words: frozenset[str]
    war_context: frozenset[str]
    past_phrases: tuple[str, ...]
    past_units: frozenset[str]
    irrealis_phrases: tuple[str, ...]
    long_periods: frozenset[str]
    not_event_words: frozenset[str]
    furniture: tuple[str, ...]


def _lemmas(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=1)
def ruuk_lexicon() -> RuUkLexicon:
    d = json.loads(files("frontwatch").joinpath("lexicons", "ruuk_claims.json").read_text("utf-8"))
    single: dict[str, dict[str, str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for lang, table in d["triggers"].items():
        single[lang] = {fold(k): v for k, v in table.items() if " " not in k}
        phrases[lang] = sorted(
            ((tuple(fold(k).split()), v) for k, v in table.items() if " " in k), key=lambda p: -len(p[0])
        )
    return RuUkLexicon(
        triggers=single,
        phrases=phrases,
        aerial=_lemmas(d["aerial"]),
        weapons={fold(k): v for k, v in d["weapons"].items()},
        war_words=_lemmas(d["war_words"]),
        reporting=_lemmas(d["reporting"]["ru"] + d["reporting"]["uk"]),
        according=tuple(
            sorted((fold(p) for p in d["according"]["ru"] + d["according"]["uk"]), key=len, reverse=True)
        ),
        about_this=tuple(fold(p) for p in d["about_this"]),
        people={fold(k): v for k, v in d["people"].items()},
        bodies=tuple((re.compile(rx), side) for rx, side in d["bodies"]),
        roles={fold(k): v for k, v in d["roles"].items()},
        role_heads=frozenset(fold(k).split()[0] for k in d["roles"]),
        side_words={fold(k): v for k, v in d["side_words"].items()},
        side_phrases={fold(k): v for k, v in d["side_phrases"].items()},
        enemy_words=_lemmas(d["enemy_words"]),
        own_words=_lemmas(d["own_words"]),
        military_targets=_lemmas(d["military_targets"]),
        voice={side: _lemmas(words) for side, words in d["voice"].items()},
        negation=_lemmas(d["negation"]),
        irrealis=_lemmas(d["irrealis"]),
        denial=_lemmas(d["denial"]),
        not_so=_lemmas(d["not_so"]),
        destination_verbs=_lemmas(d["destination_verbs"]),
        bare_bodies=_lemmas(d["bare_bodies"]),
        hedges=_lemmas(d["hedges"]),
        habitual=_lemmas(d["habitual"]),
        cumulative=tuple(fold(p) for p in d["cumulative"]),
        future=_lemmas(d["future"]),
        phase_verbs=_lemmas(d["phase_verbs"]),
        air_words=_lemmas(d["air_words"]),
        ground_words=_lemmas(d["ground_words"]),
        generic_taking=_lemmas(d["generic_taking"]),
        all_quantifiers=_lemmas(d["all_quantifiers"]),
        accusing=_lemmas(d["accusing"]),
        object_prepositions=_lemmas(d["object_prepositions"]),
        impersonal=_lemmas(d["impersonal"]),
        pronouns=_lemmas(d["pronouns"]),
        metonyms={fold(k): v for k, v in d["metonyms"].items()},
        residents=_lemmas(d["residents"]),
        title_nouns=_lemmas(d["title_nouns"]),
        contested=frozenset(d["contested"]),
        by_phrases=frozenset(tuple(fold(p).split()) for p in d["by_phrases"]),
        relative_words=_lemmas(d["relative_words"]),
        origin_prepositions=_lemmas(d["origin_prepositions"]),
        protection_words=_lemmas(d["protection_words"]),
        purpose_prepositions=_lemmas(d["purpose_prepositions"]),
        kin_nouns=_lemmas(d["kin_nouns"]),
        topic_shifts=tuple(fold(p) for p in d["topic_shifts"]),
        person_taken=_lemmas(d["person_taken"]),
        territory_words=_lemmas(d["territory_words"]),
        war_context=(
            _lemmas(d["war_words"])
            | _lemmas(d["military_targets"])
            | _lemmas(d["enemy_words"])
            | _lemmas(d["aerial"])
            | _lemmas(list(d["weapons"]))
            | _lemmas(list(d["side_words"]))
            | _lemmas(d["more_war_words"])
        ),
        past_phrases=tuple(fold(p) for p in d["past_phrases"]),
        past_units=_lemmas(d["past_units"]),
        irrealis_phrases=tuple(fold(p) for p in d["irrealis_phrases"]),
        long_periods=_lemmas(d["long_periods"]),
        not_event_words=_lemmas(d["not_event_words"]),
        furniture=tuple(fold(p) for p in d["furniture"]),
    )
