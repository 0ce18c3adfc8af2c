"""Recall on real-news language, per the annotation guide: coordinated places (one event per named
place), stative and intransitive event wording, reduced relatives and appositions that assert an
event, and sentences glued together without a space in scraped text. Every sentence here is
written for the project."""

from __future__ import annotations

import datetime

import pytest

from frontwatch.claims import split_sentences
from frontwatch.models import Claim, Document
from frontwatch.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def claims_of(extractor: Extractor, text: str) -> list[Claim]:
    doc = Document(id="recall-test", text=text, published=datetime.date(2022, 9, 20))
    return extractor.extract(doc).claims


def places(claims: list[Claim]) -> list[str | None]:
    return [c.location.name if c.location else None for c in claims]


# --- coordinated places: one event per named place -------------------------------------------


def test_a_list_of_struck_places_is_one_claim_per_place(extractor: Extractor) -> None:
    text = "Russian missiles struck Kharkiv, Poltava and the Sumy region overnight."
    claims = claims_of(extractor, text)
    assert places(claims) == ["Kharkiv", "Poltava", "Sumy"]
    assert len({c.claim_id for c in claims}) == 3
    assert {c.event_type for c in claims} == {"Explosions/Remote violence"}
    for c in claims:  # each claim's location span points at its own place
        span = c.evidence.spans["location"]
        assert text[span.start : span.end] == span.text
        assert c.location is not None and span.text.startswith(c.location.name)


def test_coordinated_locative_phrases_are_one_claim_each(extractor: Extractor) -> None:
    claims = claims_of(extractor, "Ukrainian troops repelled attacks southwest of Bakhmut and near Avdiivka.")
    assert places(claims) == ["Bakhmut", "Avdiivka"]


def test_ongoing_fighting_in_a_list_of_towns(extractor: Extractor) -> None:
    claims = claims_of(extractor, "Fighting continues in Bakhmut, Soledar and Vuhledar.")
    assert places(claims) == ["Bakhmut", "Soledar", "Vuhledar"]
    assert all(c.event_type == "Battles" for c in claims)


def test_coordinated_verbs_with_their_own_places(extractor: Extractor) -> None:
    claims = claims_of(extractor, "Russian forces shelled Kherson and struck Mykolaiv with drones.")
    assert places(claims) == ["Kherson", "Mykolaiv"]


def test_places_that_are_agents_are_not_multiplied(extractor: Extractor) -> None:
    claims = claims_of(extractor, "Russia, Belarus and Kazakhstan signed a border agreement on Friday.")
    assert len(claims) <= 1


def test_launch_sites_are_not_multiplied(extractor: Extractor) -> None:
    claims = claims_of(extractor, "Missiles launched from Belarus and Russia struck Kyiv on Monday.")
    assert len(claims) == 1


def test_a_region_after_its_settlement_is_no_list_member(extractor: Extractor) -> None:
    claims = claims_of(
        extractor, "On 15 September, Russian forces shelled Chuhuiv, Kharkiv, damaging houses."
    )
    assert places(claims) == ["Chuhuiv"]


# --- sentences glued without a space in scraped text -------------------------------------------


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_glued_sentences_are_split_after_a_lower_case_word() -> None:
    assert split("Two people died in a rocket attack.At dawn, the shelling resumed.") == [
        "Two people died in a rocket attack.",
        "At dawn, the shelling resumed.",
    ]
    assert split("A drone hit the depot.A second drone was shot down.")[1] == "A second drone was shot down."


def test_glued_sentences_are_split_after_a_closing_quote() -> None:
    assert split('He said: "We held the line.\u201dThen the shelling began.') == [
        'He said: "We held the line.\u201d',
        "Then the shelling began.",
    ]
    assert split("It was \u201ca provocation\u201d.The talks stalled.")[1] == "The talks stalled."


def test_abbreviations_initials_decimals_and_domains_are_not_glued_boundaries() -> None:
    for text in (
        "The U.S.Army sent advisers.",
        "J.R.R.Tolkien wrote it.",
        "Figures from Gazeta.pl show 3.8 per cent growth.",
        "Heavy weapons, e.g.Howitzers, arrived.",
        "Gen.Ivanov arrived in the town.",
    ):
        assert split(text) == [text], text


def test_a_glued_second_sentence_gives_its_own_claim(extractor: Extractor) -> None:
    text = "The mayor spoke to reporters about the budget.Russian forces shelled Nikopol overnight."
    claims = claims_of(extractor, text)
    assert places(claims) == ["Nikopol"]
    assert claims[0].evidence.sentence == "Russian forces shelled Nikopol overnight."


# --- stative and intransitive event wording ----------------------------------------------------

#: Neutral sentences before the one under test, so the text is no short caption (captions.py).
PREAMBLE = (
    "The regional council met on Tuesday to discuss the budget. Officials spoke about road repairs "
    "and the new school year. The mayor thanked local volunteers for their help. "
)


def test_a_place_on_fire_is_an_event(extractor: Extractor) -> None:
    for sentence in (
        "An oil depot in Novorossiysk caught fire overnight.",
        "The warehouse in Kherson was engulfed in flames on Sunday.",
        "Fuel tanks in Belgorod are ablaze.",
    ):
        claims = claims_of(extractor, PREAMBLE + sentence)
        assert len(claims) == 1, sentence
        assert claims[0].event_type == "Explosions/Remote violence"
        assert claims[0].sub_event_type == "Remote explosive/landmine/IED"  # cause not stated


def test_a_fire_after_a_named_strike_joins_it(extractor: Extractor) -> None:
    claims = claims_of(
        extractor, PREAMBLE + "A Russian drone hit a warehouse in Odesa, which went up in flames."
    )
    assert len(claims) == 1
    assert claims[0].sub_event_type == "Air/drone strike"


def test_a_peacetime_fire_is_no_event(extractor: Extractor) -> None:
    assert (
        claims_of(extractor, PREAMBLE + "A barn caught fire in a village near Lyon, the fire brigade said.")
        == []
    )


def test_a_place_reduced_to_rubble_is_an_event(extractor: Extractor) -> None:
    for sentence in (
        "The school in Derhachi was reduced to rubble.",
        "The town of Rubizhne has been razed to the ground.",
    ):
        claims = claims_of(extractor, PREAMBLE + sentence)
        assert [c.event_type for c in claims] == ["Explosions/Remote violence"], sentence


def test_a_person_who_disappeared_is_a_forced_disappearance(extractor: Extractor) -> None:
    claims = claims_of(extractor, PREAMBLE + "A Ukrainian journalist disappeared near Bakhmut on Monday.")
    assert [c.sub_event_type for c in claims] == ["Abduction/forced disappearance"]


def test_things_that_disappear_are_no_abduction(extractor: Extractor) -> None:
    assert claims_of(extractor, PREAMBLE + "The plane disappeared from radar over the Black Sea.") == []


# --- reduced relatives and appositions that assert an event -----------------------------------


def test_an_apposition_with_a_recent_participle_is_a_capture(extractor: Extractor) -> None:
    claims = claims_of(
        extractor, PREAMBLE + "Reporters travelled to Izium, a town recently liberated by Ukrainian troops."
    )
    assert [(c.sub_event_type, places([c])[0]) for c in claims] == [("Government regains territory", "Izium")]


def test_a_participle_clause_with_an_agent_is_a_capture(extractor: Extractor) -> None:
    claims = claims_of(
        extractor, PREAMBLE + "Officials visited Kupiansk, a city retaken by Ukrainian forces."
    )
    assert [(c.sub_event_type, places([c])[0]) for c in claims] == [
        ("Government regains territory", "Kupiansk")
    ]


def test_the_recently_captured_city_is_its_own_event(extractor: Extractor) -> None:
    claims = claims_of(
        extractor, PREAMBLE + "Russia launched an offensive from the recently captured city of Lysychansk."
    )
    assert sorted(c.event_type + "/" + c.sub_event_type for c in claims) == [
        "Battles/Armed clash",
        "Battles/Non-state actor overtakes territory",
    ]
    assert set(places(claims)) == {"Lysychansk"}


def test_a_participle_without_recency_is_background_state(extractor: Extractor) -> None:
    assert claims_of(extractor, PREAMBLE + "Residents returned to occupied territories in the south.") == []
    assert claims_of(extractor, PREAMBLE + "The captured city of Mariupol was visited by the minister.") == []


def test_the_recent_participle_place_is_the_claims_place(extractor: Extractor) -> None:
    text = (
        PREAMBLE + "Journalists from Kyiv visited Balakliia, a town recently liberated by Ukrainian troops."
    )
    assert places(claims_of(extractor, text)) == ["Balakliia"]
