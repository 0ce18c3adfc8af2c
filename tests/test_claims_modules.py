"""Unit tests of the claims stage's named modules (sentences written for these tests)."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from frontwatch.claims.casualties import fatalities
from frontwatch.claims.event_typing import protest_type
from frontwatch.claims.lexicon import lexicon
from frontwatch.claims.sentences import split_sentences


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Gen. Petrenko and J. Smith visited the depot, e.g. the north gate. The town was quiet."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Gen. Petrenko and J. Smith visited the depot, e.g. the north gate.",
        "The town was quiet.",
    ]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Three civilians were killed and two soldiers died overnight.", 5),
        ("The blast killed at least 12 people in the square.", 12),
        ("Twelve fighters lost their lives near the river.", 12),
        ("The strike damaged a warehouse.", None),
    ],
)
def test_fatalities_count_words_and_digits(sentence, count):
    assert fatalities(sentence) == count


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("police fired live rounds at the marchers", "Excessive force against protesters"),
        ("mourners marched in memory of the men killed last year", "Peaceful protest"),
        ("the crowd hurled bottles and blocked the main road", "Violent demonstration"),
        ("officers used tear gas to disperse the rally", "Protest with intervention"),
        ("hundreds gathered outside the town hall", "Peaceful protest"),
    ],
)
def test_protest_sub_types_by_cue_class(sentence, sub_event_type):
    assert protest_type("protest", sentence)[1] == sub_event_type


def test_cue_lists_are_whole_words_or_prefixes():
    lex = lexicon()
    assert lex.explosive_found_rx.search("sappers defused the mine")
    assert not lex.explosive_found_rx.search("the founders met")
    assert lex.air_words_rx.search("an airstrike hit the bridge")  # prefix list
    assert lex.capture_summary_rx.search("the fall of the village")
    assert lex.facility_name_rx.search("the 'Krasna' mine near the river").group(1) == "Krasna"


@pytest.mark.parametrize("name", ["sentences", "casualties", "typing", "merging", "facilities", "clauses"])
def test_every_lexicon_entry_documents_its_language_class(name):
    data = json.loads(files("frontwatch").joinpath("lexicons", f"{name}.json").read_text("utf-8"))
    assert "_doc" in data
    for key in data:
        if not key.startswith("_"):
            assert f"_doc_{key}" in data, f"{name}.json: {key} has no _doc_{key}"


#: Word lists moved out of the claims modules into lexicons that document only some older entries.
MOVED_ENTRIES = {
    "actors": ["target_prepositions", "opponent_verbs", "opponent_prepositions"],
    "claimants": [
        "pronouns",
        "person_pronouns",
        "non_source_subjects",
        "container_prepositions",
        "bare_body_determiners",
    ],
    "reporting": ["container_nouns", "back_reference_starts"],
    "casualties": ["wounded_connectors"],
}


@pytest.mark.parametrize(("name", "keys"), sorted(MOVED_ENTRIES.items()))
def test_moved_word_lists_document_their_language_class(name, keys):
    data = json.loads(files("frontwatch").joinpath("lexicons", f"{name}.json").read_text("utf-8"))
    for key in keys:
        assert data[key], f"{name}.json: {key} is empty"
        assert data.get(f"_doc_{key}"), f"{name}.json: {key} has no _doc_{key}"


def test_clause_grammar_comes_from_the_lexicon():
    lex = lexicon()
    assert {"could", "will", "'ll"} <= lex.modals and "have" in lex.perfect_auxiliaries
    assert "threaten" in lex.plan_verbs and "underscore" in lex.commentary_verbs
    assert "march" in lex.month_names and "police" in lex.equipment_heads
    assert "against" in lex.target_prepositions and "clash" in lex.opponent_verbs
    assert "he" in lex.person_pronouns and "footage" in lex.container_nouns


@pytest.mark.parametrize(
    "sentence",
    ["Ten soldiers were killed/wounded near the bridge.", "Four guards were killed and injured at the gate."],
)
def test_killed_joined_to_wounded_is_no_death_count(sentence):
    assert fatalities(sentence) is None
