"""The claim's fields on news language: who says so (also from the sentences around the claim),
the source's side, the actors the wording implies, and the fatality count of the one event.

Every text here is written for these tests."""

from __future__ import annotations

import pytest

from frontwatch.claims.attribution import side_of
from frontwatch.claims.casualties import fatalities
from frontwatch.models import Claim, Document
from frontwatch.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def claims_of(extractor: Extractor, text: str) -> list[Claim]:
    return extractor.extract(Document(id="t", text=text, published="2024-03-12")).claims


def one(claims: list[Claim], word: str) -> Claim:
    """The claim whose sentence has ``word``."""
    found = [c for c in claims if word in c.evidence.sentence]
    assert found, [c.evidence.sentence for c in claims]
    return found[0]


# 1. Attribution across sentences


def test_a_following_passive_attribution_sentence_names_the_source(extractor: Extractor) -> None:
    text = (
        "Russian troops shelled the village of Velyka Pysarivka overnight, damaging a school. "
        "This was reported by the head of the regional military administration Ivan Petrenko."
    )
    claim = one(claims_of(extractor, text), "Pysarivka")
    assert claim.claimant.name == "Ivan Petrenko"
    assert claim.claimant.side == "ukraine"


def test_x_said_this_on_telegram_attributes_the_sentence_before(extractor: Extractor) -> None:
    text = (
        "Two drones struck a fuel depot near Novorossiysk at dawn.\n"
        "Governor Oleksandr Bondarenko of the Krasnodar region said this on Telegram."
    )
    claim = one(claims_of(extractor, text), "Novorossiysk")
    assert claim.claimant.name == "Oleksandr Bondarenko"


def test_an_unrelated_sentence_stops_the_search_for_a_following_source(extractor: Extractor) -> None:
    text = (
        "Russian aircraft bombed a bridge near Vovchansk. The town had a market on Sundays. "
        "The mayor said this on television."
    )
    assert one(claims_of(extractor, text), "Vovchansk").claimant.name is None


def test_according_to_him_is_the_last_named_person(extractor: Extractor) -> None:
    text = (
        "Governor Oleksandr Prokudin spoke on local television on Monday evening.\n"
        "According to him, Russian artillery struck a school in Kherson."
    )
    claim = one(claims_of(extractor, text), "Kherson")
    assert claim.claimant.name == "Oleksandr Prokudin"
    assert claim.claimant.side == "ukraine"


def test_a_quote_closed_after_the_claims_sentence_is_attributed_to_its_speaker(
    extractor: Extractor,
) -> None:
    text = (
        '"The enemy shelled our positions near Robotyne all night. We held every trench," '
        "Ukrainian brigade spokesman Petro Ivanenko said."
    )
    claim = one(claims_of(extractor, text), "Robotyne")
    assert claim.claimant.name == "Petro Ivanenko"
    assert claim.claimant.side == "ukraine"
    # "the enemy" of a Ukrainian source is Russia
    assert "russia" in {a.side for a in claim.actors}


# 2. Claimant sides


def test_curly_apostrophes_do_not_hide_the_side(extractor: Extractor) -> None:
    claim = one(
        claims_of(extractor, "Russia’s defence ministry said its troops captured the village of Krasne."),
        "Krasne",
    )
    assert claim.claimant.side == "russia"


def test_a_bare_ministry_takes_the_side_of_the_ministry_named_before(extractor: Extractor) -> None:
    text = (
        "Russia's defence ministry held its daily briefing in Moscow on Tuesday, as Kyiv and Kharkiv "
        "braced for more strikes and Bakhmut stayed quiet.\n"
        "Air defences shot down nine drones over the Kursk region overnight, the ministry said."
    )
    claim = one(claims_of(extractor, text), "Kursk")
    assert claim.claimant.side == "russia"


def test_a_dateline_gives_a_bare_body_its_side() -> None:
    from frontwatch.claims.attribution import body_side_in_context

    text = "MOSCOW, March 3 (Reuters) - The defence ministry said troops repelled an attack."
    assert body_side_in_context("defence ministry", text, 40) == "russia"
    assert body_side_in_context("ministry", "Nothing here. The ministry said so.", 20) == "unknown"


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Joe Biden", None),
        ("Irish prime minister", None),
        ("NORAD", None),
        ("a Russian court", None),
        ("U.K. officials", None),
        ("Pentagon", None),
        ("Human Rights Watch", None),
        ("Anna Berg", "German ambassador to Ukraine"),
    ],
)
def test_third_parties_are_third_party(name: str, role: str | None) -> None:
    assert side_of(name, role) == "third_party"


def test_a_body_of_a_country_takes_that_country() -> None:
    assert side_of("spokesman for the Ministry of Foreign Affairs of Ukraine", None) == "ukraine"
    assert side_of("Russia’s Investigative Committee", None) == "russia"


def test_a_country_or_its_capital_speaks_for_its_side() -> None:
    assert side_of("Russia", None) == "russia"
    assert side_of("the Kremlin", None) == "russia"
    assert side_of("Kyiv", None) == "ukraine"


def test_standard_english_place_spellings_point_to_no_side() -> None:
    from frontwatch.claims.attribution import side_from_vocabulary

    text = "Officials in Kyiv, Kharkiv and Zaporizhzhia met in Mykolaiv to discuss Bakhmut and Pokrovsk."
    assert side_from_vocabulary(text) == "unknown"
    assert side_from_vocabulary("The occupiers and the invaders shelled the town; the aggressor") == "ukraine"


# 3. Actors the wording implies


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The occupants shelled the village of Bilozerka overnight.", "russia"),
        ("Racists fired on the centre of Nikopol with heavy artillery.", "russia"),
        ("Kherson came under fire from Russian artillery on Monday.", "russia"),
        ("Ukrainian drones attacked an oil refinery in Ryazan.", "ukraine"),
        ("The ongoing Russian attacks on Kharkiv destroyed a school.", "russia"),
        ("Russian forces continued to conduct ground attacks near Kreminna.", "russia"),
    ],
)
def test_the_attacker_implied_by_the_wording(extractor: Extractor, text: str, side: str) -> None:
    claims = claims_of(extractor, text)
    assert claims
    assert claims[0].actors and claims[0].actors[0].side == side


def test_racists_name_the_russian_forces_only_in_this_war() -> None:
    from frontwatch.claims.actors import normalise

    assert normalise("racists", None, theatre=True)[1] == "russia"
    assert normalise("racists", None, theatre=False) is None


def test_the_enemy_in_the_outlets_own_voice_takes_the_side_its_wording_shows(
    extractor: Extractor,
) -> None:
    text = (
        "The occupiers keep terrorising the frontline towns, and the invaders do not stop. "
        "The enemy shelled Nikopol with heavy artillery overnight."
    )
    claim = one(claims_of(extractor, text), "Nikopol")
    assert claim.claimant.name is None
    assert claim.actors and claim.actors[0].side == "russia"


# 4. Fatalities of the one event


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("A dozen fighters lost their lives in the assault on the bridge.", 12),
        ("Half a dozen soldiers were killed when the shell hit their dugout.", 6),
        ("The sprinter who ran at the Games in 2012 has been killed at the front.", None),
        ("On 4 May 2021, two border guards were killed and one was wounded near the post.", 2),
        ("Since the start of the war 300 teachers have been killed, the union said.", None),
        ("Nearly 9,000 people have died in the conflict, the monitors say.", None),
        ("The strike killed at least 7 people, bringing the total since January to 210.", 7),
        ("Ten people were killed or wounded in the shelling of the market.", None),
        ("Three civilians were killed and five wounded in the village.", 3),
    ],
)
def test_fatalities_count_the_dead_of_this_event(sentence: str, count: int | None) -> None:
    assert fatalities(sentence) == count


def test_a_year_in_a_report_is_never_its_death_toll(extractor: Extractor) -> None:
    text = "A volunteer medic who trained in Lviv in 2019 was killed in a Russian drone strike on Kherson."
    claim = one(claims_of(extractor, text), "Kherson")
    assert claim.fatalities == 1 or claim.fatalities is None
    assert claim.fatalities != 2019
