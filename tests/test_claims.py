"""Behaviour of the claims stage on the seed report and on short texts written for these tests."""

from __future__ import annotations

from importlib.resources import files

import pytest

from frontwatch.models import Document
from frontwatch.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def claims(extractor: Extractor, text: str, published: str | None = "2024-05-10"):
    return extractor.extract(Document(id="t", text=text, published=published)).claims


@pytest.fixture(scope="module")
def seed(extractor: Extractor):
    text = files("frontwatch").joinpath("data", "seed_article.txt").read_text("utf-8")
    return extractor.extract(Document(id="seed", text=text, published="2025-07-16")).claims


def test_seed_gives_exactly_four_claims(seed) -> None:
    assert [c.sub_event_type for c in seed] == [
        "Armed clash",
        "Non-state actor overtakes territory",
        "Air/drone strike",
        "Armed clash",
    ]


def test_seed_claimants_and_sides(seed) -> None:
    assert [c.claimant.name for c in seed] == ["Igor Kimakovsky"] * 3 + ["American journalists"]
    assert [c.claimant.side for c in seed] == ["russia"] * 3 + ["third_party"]
    for c in seed[:2] + seed[3:]:
        assert sorted({a.side for a in c.actors}) == ["russia", "ukraine"]


def test_seed_coreference_keeps_the_role(seed) -> None:
    assert "Donetsk People" in (seed[0].claimant.role or "")
    assert seed[1].claimant.role == seed[2].claimant.role == seed[0].claimant.role


def test_seed_flags_and_verification(seed) -> None:
    assert "claim_escalation" in seed[0].flags
    assert "unresolved_location" in seed[1].flags
    assert "actor_inconsistency" in seed[2].flags
    assert seed[2].date == "2025-07-14" and seed[2].time_precision == 1
    assert all(c.verification == "unverified" for c in seed)
    assert all(c.evidence.start < c.evidence.end for c in seed)


def test_speculation_and_background_give_no_claim(extractor) -> None:
    text = (
        "The loss of the depot could hinder supplies to the front. "
        "Officials fear the army may withdraw from the town next month. "
        "The plant is one of the largest steel producers in the region."
    )
    assert claims(extractor, text) == []


def test_headline_suffix_gives_claimant_and_side(extractor) -> None:
    got = claims(extractor, "Two drones shot down over Kherson region - Russian Defense Ministry")
    assert len(got) == 1
    assert got[0].claimant.side == "russia"
    assert got[0].attribution == "according_to"


def test_headline_suffix_with_known_surname(extractor) -> None:
    got = claims(extractor, "Enemy shelled Nikopol overnight, two people wounded - Lysak")
    assert got and got[0].claimant.name.endswith("Lysak") and got[0].claimant.side == "ukraine"


def test_ukrainian_recapture_is_government_regains_territory(extractor) -> None:
    got = claims(extractor, "On 3 May 2024, Ukrainian forces recaptured the village of Robotyne, Zaporizhia.")
    assert got[0].event_type == "Battles"
    assert got[0].sub_event_type == "Government regains territory"
    assert got[0].date == "2024-05-03"


def test_russian_capture_is_non_state_actor_overtakes_territory(extractor) -> None:
    got = claims(extractor, "On 3 May 2024, Russian forces captured the village of Ocheretyne, Donetsk.")
    assert got[0].sub_event_type == "Non-state actor overtakes territory"
    assert sorted({a.side for a in got[0].actors}) == ["russia", "ukraine"]


def test_drone_shoot_down_is_disrupted_weapons_use(extractor) -> None:
    got = claims(extractor, "On 2 May 2024, Ukrainian air defence shot down 12 Shahed drones over Odesa.")
    assert got[0].sub_event_type == "Disrupted weapons use"
    assert got[0].action == "shoot_down"


def test_month_name_is_not_a_protest(extractor) -> None:
    got = claims(
        extractor,
        "On 9 March 2024, Russian forces shelled near Stepnohirsk, Zaporizhia. Casualties unknown.",
        published="2024-03-10",  # within the news window: a date two months back would be background
    )
    assert [c.sub_event_type for c in got] == ["Shelling/artillery/missile attack"]


def test_shelling_during_ground_fighting_is_one_armed_clash(extractor) -> None:
    got = claims(
        extractor,
        "On 2 April 2024, Russian units shelled, stormed and were repulsed from Ukrainian trenches near Kurakhove, Donetsk.",
    )
    assert [c.sub_event_type for c in got] == ["Armed clash"]


def test_denial_gives_disputed(extractor) -> None:
    text = (
        "The Russian Defence Ministry said its troops destroyed a Ukrainian ammunition depot near Kramatorsk. "
        "Ukraine's General Staff denied the claim."
    )
    got = claims(extractor, text)
    assert got and got[0].verification == "disputed"
    assert got[0].claimant.side == "russia"


def test_reported_speech_and_hedge(extractor) -> None:
    got = claims(
        extractor,
        "Governor Oleh Syniehubov claimed that a missile strike hit a school in Kharkiv on Tuesday.",
    )
    assert got[0].claimant.side == "ukraine"
    assert got[0].hedged is True
    assert got[0].attribution == "reported_speech"


def test_civilians_in_ukraine_count_as_side_ukraine(extractor) -> None:
    got = claims(
        extractor, "On 5 May 2024, Russian forces shelled Kherson with artillery, injuring three civilians."
    )
    assert got[0].sub_event_type == "Shelling/artillery/missile attack"
    assert ("Civilians (Ukraine)", "ukraine") in {(a.name, a.side) for a in got[0].actors}


def test_fatalities_are_read(extractor) -> None:
    got = claims(extractor, "A Russian missile strike on Dnipro killed five people on Friday.")
    assert got[0].fatalities == 5


def test_accidents_and_responsibility_claims_are_not_events(extractor) -> None:
    assert (
        claims(
            extractor, "Twelve people were killed when a gas boiler exploded at a factory in Lagos on Monday."
        )
        == []
    )
    assert (
        claims(
            extractor, "The group claimed responsibility for the bombing that killed four people last week."
        )
        == []
    )


def test_protest_intervention(extractor) -> None:
    got = claims(
        extractor, "Police fired tear gas to disperse thousands of protesters in Nairobi on Tuesday."
    )
    assert got[0].sub_event_type == "Protest with intervention"


def test_gunmen_attacking_a_bus_is_violence_against_civilians(extractor) -> None:
    got = claims(
        extractor, "Unknown gunmen opened fire on a passenger bus near Maiduguri, killing three people."
    )
    assert got[0].event_type == "Violence against civilians"


def test_short_caption_yields_a_claim(extractor) -> None:
    got = claims(extractor, "Destroyed bridge near Irpin", published=None)
    assert len(got) == 1
    assert got[0].event_type == "Explosions/Remote violence"
    assert got[0].location is not None


def test_undated_claim_is_never_day_precise(extractor) -> None:
    got = claims(extractor, "Russian forces shelled Nikopol with artillery.")
    assert got[0].date == "2024-05-10" and got[0].time_precision == 2


@pytest.mark.parametrize(
    ("caption", "event_type", "sub_event_type"),
    [
        ("Mass grave of civilians found in Izium", "Violence against civilians", "Attack"),
        ("Crowd protesting outside the city council in Kherson", "Protests", "Peaceful protest"),
        (
            "Targeted apartment block in Zaporizhzhia",
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ("Russian military trucks moving through Melitopol", "Strategic developments", "Other"),
    ],
)
def test_caption_classes(extractor, caption: str, event_type: str, sub_event_type: str) -> None:
    (claim,) = claims(extractor, caption)
    assert (claim.event_type, claim.sub_event_type) == (event_type, sub_event_type)
    assert claim.location is not None and claim.location.lat is not None


def _subs(extractor: Extractor, text: str) -> list[str]:
    return [c.sub_event_type for c in claims(extractor, text)]


def test_subject_shared_by_joined_verbs_gives_both_sides(extractor) -> None:
    text = (
        "On 3 May 2024, Russian units stormed and were repulsed from Ukrainian trenches along the front line."
    )
    found = claims(extractor, text)
    assert found and found[0].event_type == "Battles"
    assert sorted({a.side for a in found[0].actors}) == ["russia", "ukraine"]


def test_chemical_payload_wins_over_the_delivery_weapon(extractor) -> None:
    text = "Rebels fired mortar shells filled with chlorine gas at an army post on Monday, officials said."
    assert _subs(extractor, text)[:1] == ["Chemical weapon"]


def test_thrown_grenades_are_grenades_launchers_are_a_firefight(extractor) -> None:
    assert _subs(extractor, "A man threw two grenades at a police patrol in the market town.")[:1] == [
        "Grenade"
    ]
    text = "Soldiers fired grenade launchers and machine guns at rebel positions in the hills."
    assert _subs(extractor, text)[:1] == ["Armed clash"]


def test_capture_is_typed_by_who_takes_or_loses_the_ground(extractor) -> None:
    text = "The insurgents were pushed back from three villages in the eastern province."
    assert _subs(extractor, text)[:1] == ["Government regains territory"]
    text = "Rebel fighters recaptured the town from the army on Sunday."
    assert _subs(extractor, text)[:1] == ["Non-state actor overtakes territory"]


def test_weapons_found_is_disrupted_weapons_use_a_body_found_is_not(extractor) -> None:
    text = "Soldiers found a cache of rifles and ammunition in an abandoned farmhouse on Tuesday."
    assert _subs(extractor, text)[:1] == ["Disrupted weapons use"]
    text = "Police found the body of a man near the river on Tuesday."
    assert "Disrupted weapons use" not in _subs(extractor, text)


def test_bases_group_changes_and_agreements(extractor) -> None:
    text = "Soldiers set up a new observation point on the hill overlooking the border, the ministry said."
    assert _subs(extractor, text)[:1] == ["Headquarters or base established"]
    text = "The two militias announced the formation of a new alliance on Friday."
    assert _subs(extractor, text)[:1] == ["Change to group/activity"]
    # troop deployments are no events (ANNOTATION.md), even where ACLED would code a strategic development
    text = "The government deployed troops to the northern province on Friday."
    assert _subs(extractor, text) == []
    text = "After two months of clashes, the army and the insurgent group signed a truce in the capital."
    assert _subs(extractor, text)[:1] == ["Agreement"]
    assert _subs(extractor, "Forty rebel fighters surrendered to the army on Monday.")[:1] == ["Agreement"]


def test_protest_types_from_what_the_crowd_did_and_why(extractor) -> None:
    text = "Hundreds of protesters blocked the main roads into the capital on Monday."
    assert _subs(extractor, text)[:1] == ["Violent demonstration"]
    text = "Thousands of students rallied in the capital to mourn classmates killed in a bus accident."
    assert _subs(extractor, text)[:1] == ["Peaceful protest"]
    text = "Security forces continue to detain people who take part in the demonstrations."
    assert _subs(extractor, text)[:1] == ["Arrests"]


def test_accidents_and_ordinary_crime_give_no_claim(extractor) -> None:
    text = (
        "A fire broke out at a chemical storage tank in an industrial plant. The blast killed three workers."
    )
    assert claims(extractor, text) == []
    text = "Two men were intercepted at the port as part of a drug smuggling investigation."
    assert claims(extractor, text) == []


def test_capturing_a_known_town_is_territory_not_a_person(extractor) -> None:
    (claim,) = claims(
        extractor, "Russian forces captured Vuhledar on Tuesday, the Russian Defence Ministry said."
    )
    assert claim.sub_event_type == "Non-state actor overtakes territory"
    assert {a.side for a in claim.actors} == {"russia", "ukraine"}


def test_title_before_the_name_is_the_role_and_gives_the_side(extractor) -> None:
    (claim,) = claims(
        extractor, "Ukrainian army spokesman Petro Ivanenko said Russian troops attacked near Huliaipole."
    )
    assert claim.claimant.name == "Petro Ivanenko"
    assert claim.claimant.role == "Ukrainian army spokesman"
    assert claim.claimant.side == "ukraine"
    assert {a.side for a in claim.actors} == {
        "russia",
        "ukraine",
    }  # an attack on the front implies the defender


def test_consecutive_reports_of_different_places_stay_separate_events(extractor) -> None:
    text = (
        "Russian missiles hit Odesa on Tuesday. Russian artillery shelled Kherson on Wednesday, killing four "
        "civilians. Ukrainian forces captured Robotyne on Thursday. Ukrainian forces liberated Klishchiivka on Friday."
    )
    got = claims(extractor, text, published="2024-03-09")
    by_place = {c.location.resolved_name: c for c in got}
    assert set(by_place) == {"Odesa", "Kherson", "Robotyne", "Klishchiivka"}
    assert by_place["Kherson"].fatalities == 4 and by_place["Odesa"].fatalities is None
    assert by_place["Odesa"].date == "2024-03-05" and by_place["Kherson"].date == "2024-03-06"


def test_a_follow_up_sentence_adds_victims_to_its_claim(extractor) -> None:
    (claim,) = claims(
        extractor, "Russian forces shelled Kupiansk on Monday. The shelling killed two civilians."
    )
    assert claim.fatalities == 2
    assert "Civilians (Ukraine)" in [a.name for a in claim.actors]


def test_an_accident_elsewhere_in_a_war_report_does_not_silence_it(extractor) -> None:
    text = (
        "Ukrainian forces repelled an assault near Vuhledar on Monday, the General Staff said. "
        "Separately, a road accident in Kyiv injured two people."
    )
    assert [c.action for c in claims(extractor, text)] == ["repel"]
    assert [
        c.action
        for c in claims(
            extractor, "Ukrainian forces repelled an assault near Vuhledar as the front line collapsed."
        )
    ] == ["repel"]


def test_sentences_starting_with_cyrillic_or_a_symbol_are_split() -> None:
    from frontwatch.claims import split_sentences

    text = "Russian forces shelled Харків. Дрони struck Odesa. «Quiet» night in Lviv. e.g. not a start."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Russian forces shelled Харків.",
        "Дрони struck Odesa.",
        "«Quiet» night in Lviv. e.g. not a start.",
    ]


def test_a_definite_follow_up_refers_back_to_the_event_just_reported(extractor) -> None:
    text = "Russian forces captured the town of Marinka on Monday. The fall of the town is the largest gain since Soledar."
    got = claims(extractor, text)
    assert [c.location.resolved_name for c in got] == ["Marinka"]
