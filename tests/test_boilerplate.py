"""Page furniture (frontwatch.boilerplate) and genre (frontwatch.genre) on texts written for these
tests: each furniture class is found, news lines that look a little like furniture are not, the
extractor takes no claim from furniture, and each genre has its cues."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

import frontwatch.pipeline as pipeline
from frontwatch.boilerplate import boilerplate_spans, in_spans
from frontwatch.claims import is_candidate
from frontwatch.genre import KINDS, Genre, genre
from frontwatch.models import Document
from frontwatch.pipeline import Extractor

HEADLINE = "Drones hit fuel depot in border region"
LEAD = "Ukrainian drones struck a fuel depot in the Bryansk region overnight, the regional governor said on Tuesday."
FOLLOW = "The governor said nobody was hurt and firefighters were working at the site."


def masked(text: str) -> list[str]:
    return [text[s:e] for s, e in boilerplate_spans(text)]


def story(*middle: str) -> str:
    """A headline, a news paragraph, the lines under test, and a closing news paragraph."""
    return "\n\n".join([HEADLINE, LEAD, *middle, FOLLOW])


def only_masked(*lines: str) -> None:
    text = story(*lines)
    assert masked(text) == list(lines), masked(text)


# --- each class of furniture -------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our free morning briefing newsletter.",
        "Get the day's top stories delivered to your inbox every weekday.",
        "Newsletter The Frontline Brief",
        "Thank you for reading.Subscribe to our newsletter to receive the best of our reporting.",
        "Support independent journalism: please consider supporting us today.",
        "Our newsroom is now on YouTube: documentaries and explainers every week.",
    ],
)
def test_newsletter_and_subscription_prompts(line: str) -> None:
    only_masked(line)


@pytest.mark.parametrize(
    "line",
    [
        "Watch live: the minister's press conference",
        "See the video: how the air defence crews work at night",
        "VIDEO Firefighters battle the blaze at the depot",
        "2:15 Minister visits front-line hospital – video",
        "The rest of the article is below the video.",
        "The story continues under the video.",
        "You can follow the latest news in our live coverage",
        "Listen to this article",
    ],
)
def test_watch_live_and_video_promos(line: str) -> None:
    only_masked(line)


@pytest.mark.parametrize(
    "line", ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Expand"]
)
def test_advertisement_markers_and_widget_labels(line: str) -> None:
    only_masked(line)


def test_related_box_heading_and_its_title_lines() -> None:
    only_masked(
        "Related:",
        "Russian strikes hit power plants across Ukraine",
        "Kyiv says air defences downed 20 drones",
    )


@pytest.mark.parametrize(
    "heading", ["Read more", "More on this story", "Other topics of interest", "You may also like", "Related"]
)
def test_related_headings_alone_take_the_titles_under_them(heading: str) -> None:
    only_masked(heading, "Russian strikes hit power plants across Ukraine")


@pytest.mark.parametrize(
    "line",
    [
        "Read also: Russian strikes hit power plants across Ukraine",
        "READ MORE: Ten charts that explain the war",
        "Related: Border villages evacuated as shelling intensifies",
        "Read more here.",
        "Other Topics of Interest Border Villages Evacuated Officials say buses left at dawn Drone Makers Expand",
        "See also: Ministers meet in Brussels",
    ],
)
def test_related_heading_and_title_on_one_line(line: str) -> None:
    only_masked(line)


def test_related_box_stops_at_the_next_news_sentence() -> None:
    text = story(
        "Read more:",
        "Russian strikes hit power plants across Ukraine",
        "Russian shelling killed two people in Kherson, officials said.",
    )
    assert masked(text) == ["Read more:", "Russian strikes hit power plants across Ukraine"]


def test_all_caps_link_headlines_but_not_the_headline_on_top() -> None:
    only_masked("RUSSIAN ARMY CLAIMS ADVANCE NEAR RIVER CROSSING, BLOGGERS SAY")
    only_masked("CLICK HERE TO DOWNLOAD OUR APP FOR ALERTS")
    top = "RUSSIAN FORCES SHELL BORDER TOWN, TWO KILLED\n\n" + LEAD
    assert masked(top) == []


def test_a_text_written_in_capitals_is_not_all_furniture() -> None:
    telex = "\n".join(
        [
            "ARTILLERY FIRE REPORTED NEAR THE RIVER CROSSING",
            "TWO CIVILIANS WOUNDED IN THE VILLAGE OF EXAMPLEVKA",
            "REGIONAL ADMINISTRATION SAYS SHELTERS ARE OPEN",
        ]
    )
    assert masked(telex) == []


@pytest.mark.parametrize(
    "line",
    [
        "By Anna Kowalska and Piotr Nowak, Reuters",
        "Photo: Jan Lis/Reuters",
        "Photo credit: Regional Military Administration",
        "Jan Lis/AFP/Getty Images",
        "Source: Interfax, local media",
        "Author: AB/CD",
        "Reporting by Anna Kowalska; Editing by Piotr Nowak",
        "The Associated Press contributed to this report.",
        "Maria Novak Courtesy of Maria Novak",
        "Authors: Anna Kowalska, Piotr Nowak, Maria Novak, Jan Lis, Olena Shevchuk, Taras Bondar, Ivan Petrenko and Oksana Melnyk",
    ],
)
def test_bylines_and_credits(line: str) -> None:
    only_masked(line)


@pytest.mark.parametrize(
    "line",
    [
        "Follow us on Telegram for the latest updates.",
        "Share this article",
        "Join us on Facebook and X",
        "Click here to download the app",
    ],
)
def test_share_and_follow_prompts(line: str) -> None:
    only_masked(line)


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 Example Media. All rights reserved.",
        "We use cookies to improve your experience on our site.",
        "The views expressed in this article are the author's own.",
        "Copyright 2024 Example Media",
        "More news from the region on our main page",
        "Maria Novak is a contributing columnist on security policy.",
        "Reprinted from the author's blog with permission.",
    ],
)
def test_copyright_cookie_and_site_notices(line: str) -> None:
    only_masked(line)


def test_untitled_link_list_at_the_end() -> None:
    links = [
        "Border Villages Evacuated As Shelling Grows",
        "Ministers Meet To Discuss Air Defence",
        "How Drone Makers Adapt To Jamming",
    ]
    text = story() + "\n\n" + "\n".join(links)
    assert masked(text) == links


def test_menu_of_short_lines_on_top() -> None:
    text = "Home\nWorld\nEurope\nLive TV\n" + HEADLINE + "\n" + LEAD
    assert masked(text) == ["Home", "World", "Europe", "Live TV"]


def test_label_before_a_caption_masks_only_the_label() -> None:
    caption = "View image in fullscreen Firefighters at the depot in Bryansk after the strike."
    text = story(caption)
    assert masked(text) == ["View image in fullscreen"]


def test_prompt_in_a_long_paragraph_masks_only_its_sentence() -> None:
    para = (
        "Russian forces shelled the outskirts of the town on Monday, damaging a school and two houses, "
        "according to the head of the local military administration, who added that emergency crews "
        "had restored power to most homes by the evening and that a curfew would stay in place until "
        "further notice. Sign up for our newsletter to get the latest updates."
    )
    text = story(para)
    assert masked(text) == ["Sign up for our newsletter to get the latest updates."]


# --- news that stays news ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "KYIV, Ukraine (Reuters) - Russian drones struck an energy facility in the capital overnight.",
        "Smoke rises over the fuel depot after the drone strike. Photo: Jan Lis/Reuters",
        "Photo: Ukrainian soldiers fire a howitzer near the front line",
        "Two people were killed.",
        "The rebels' newsletter claimed that their fighters shot down a helicopter near the border.",
        "By Tuesday evening Russian forces had entered the village.",
        "Related to the strikes, the ministry said it had evacuated 40 people.",
        "Residents who follow the war on Telegram reported explosions near the airfield.",
        "Video footage showed Russian tanks moving through the village.",
        "More than 200 people were evacuated from the district.",
        "Battle for the bridge",
        "- Kharkiv: two civilians wounded",
        "Finland wants to become a member of the coalition supplying drones.",
    ],
)
def test_news_lines_are_not_furniture(line: str) -> None:
    assert masked(story(line)) == [], line


def test_headline_on_top_is_content() -> None:
    for top in [
        "Watch: moment a missile hits the shopping centre",
        "Video Russian drones attack the port",
        HEADLINE,
    ]:
        assert masked(top + "\n\n" + LEAD) == [], top


def test_list_of_news_items_at_the_end_stays() -> None:
    items = [
        "- Kharkiv region: two civilians wounded",
        "- Sumy region: a school damaged",
        "- Dnipro: power cut after strike",
    ]
    assert masked(story() + "\n" + "\n".join(items)) == []


def test_in_spans_needs_most_of_the_sentence() -> None:
    spans = [(10, 20), (30, 40)]
    assert in_spans(10, 20, spans)
    assert in_spans(12, 22, spans)
    assert not in_spans(0, 20, spans)
    assert not in_spans(20, 30, spans)
    assert not in_spans(5, 5, spans)


def test_every_furniture_class_is_documented() -> None:
    lex = json.loads(files("frontwatch").joinpath("lexicons", "boilerplate.json").read_text("utf-8"))
    for name, spec in lex["classes"].items():
        assert spec.get("_doc"), name
    for name in ("related", "credit", "caps_headline", "link_list"):
        assert lex[name].get("_doc"), name


# --- the extractor takes no claim from furniture -----------------------------------------

ARTICLE = "\n".join(
    [
        HEADLINE,
        LEAD,
        "Related:",
        "Russian strikes hit power plants across Ukraine",
        "Kyiv says air defences downed 20 drones",
        "Sign up for our newsletter for the latest updates from the front.",
        FOLLOW,
    ]
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_extractor_takes_no_claim_from_a_related_links_box(extractor: Extractor, monkeypatch) -> None:
    link = ARTICLE.index("Russian strikes hit")
    box_end = ARTICLE.index(FOLLOW)
    assert is_candidate("Russian strikes hit power plants across Ukraine")  # would be parsed otherwise
    doc = Document(id="furniture", text=ARTICLE, published="2024-05-14")
    claims = extractor.extract(doc).claims
    assert claims, "the article's own event sentence still yields its claim"
    assert any(c.evidence.sentence == LEAD for c in claims)
    assert not [c for c in claims if link <= c.evidence.start < box_end]
    # without the masking the link title does become a claim: the test has teeth
    monkeypatch.setattr(pipeline, "boilerplate_spans", lambda text: [])
    unmasked = extractor.extract(doc).claims
    assert [c for c in unmasked if link <= c.evidence.start < box_end]


# --- genre ------------------------------------------------------------------------------

NEWS = "\n\n".join(
    [LEAD, FOLLOW, "Russia's defence ministry said its air defences shot down 14 drones over the region."]
)

ARGUMENT = (
    "I have spent a decade watching this conflict, and I think we have learned the wrong lessons. "
    "We keep telling ourselves that time is on our side. It is not. Europe must stop pretending that "
    "sanctions alone will end the war; we need to build the factories that make shells, and we should "
    "do it now rather than after the next winter. I believe our governments know this. My worry is "
    "that they will wait for a crisis before they act, as they always have. Let us be honest about "
    "what that costs. Every month of delay means more towns under fire and more families on the road. "
    "I have met those families, and I cannot accept that we ask them to wait while we argue about "
    "budgets. We must decide whether our security is worth paying for. If it is, we have to pay now. "
    "If we think it is not, we should say so plainly and stop making promises we do not keep. "
    "In my view the choice is simple, and our leaders should make it this year, not next. "
    "I know many readers will disagree with me, and I welcome that argument, but we cannot keep "
    "postponing it. My own country has been slow, and I have said so to its ministers in person. "
    "We owe our neighbours more than speeches, and I think most of us already know it."
)


def test_genre_returns_a_kind_and_a_reason() -> None:
    g = genre(NEWS, "Drones hit fuel depot")
    assert isinstance(g, Genre) and g.kind in KINDS
    assert g == Genre("news", "no genre cue")


@pytest.mark.parametrize(
    "title",
    [
        "Opinion | Europe cannot wait for the next winter",
        "Why Europe must act now - opinion",
        "Op-Ed: the shells we owe",
    ],
)
def test_opinion_from_the_title(title: str) -> None:
    g = genre(NEWS, title)
    assert g.kind == "opinion" and "title" in g.reason


def test_opinion_from_a_disclaimer_even_in_furniture() -> None:
    text = (
        NEWS
        + "\n\nThe views expressed in this article are the author's and not necessarily those of the paper."
    )
    g = genre(text, None)
    assert g.kind == "opinion" and "views expressed" in g.reason


def test_opinion_from_first_person_argument() -> None:
    g = genre(ARGUMENT, None)
    assert g.kind == "opinion" and "first person" in g.reason


def test_news_that_mentions_an_op_ed_or_quotes_a_speaker_stays_news() -> None:
    text = (
        NEWS
        + "\n\nIn an op-ed last week, the minister argued that the alliance should send more air defence systems."
    )
    assert genre(text, None).kind == "news"
    quoted = NEWS + '\n\n"I think we must do more, and I believe we will," the minister told reporters.'
    assert genre(quoted, None).kind == "news"


def test_transcript_from_q_and_a_lines() -> None:
    text = "\n".join(
        [
            "Q: What did you see in the village?",
            "A: Most houses were damaged and the school had no roof.",
            "Q: Were people still living there?",
            "A: About forty, mostly elderly residents.",
        ]
    )
    g = genre(text, None)
    assert g.kind == "transcript" and "Q:/A:" in g.reason


def test_transcript_from_dash_led_speech() -> None:
    text = "\n".join(
        [
            "- We will rebuild every bridge and every school.",
            "- Our engineers are already at work in the liberated districts.",
            "- I thank every soldier who holds the line tonight.",
            "- The partners who help us will not be forgotten.",
        ]
    )
    assert genre(text, None).kind == "transcript"


def test_dash_quotes_with_an_attribution_are_news() -> None:
    text = "\n".join(
        [
            "- We will rebuild every bridge - said the minister on Monday.",
            "- The engineers are already at work - he added.",
            "- Nobody will be forgotten - the minister stressed.",
            "- We need more air defence - he said.",
        ]
    )
    assert genre(text, None).kind == "news"


def test_transcript_from_an_address_and_its_salutations() -> None:
    text = "\n\n".join(
        [
            "Fellow citizens!",
            "Today our air defence worked all night over the capital.",
            "I am grateful to every crew.",
            "Glory to all who defend us!",
        ]
    )
    g = genre(text, None)
    assert g.kind == "transcript" and "salutations" in g.reason
    assert genre(NEWS + "\n\nThe full text of the address is below.", None).kind == "transcript"


def test_explainer_cues() -> None:
    assert genre(NEWS, "What we know about the strike on the depot").kind == "explainer"
    assert genre(NEWS, "Why does the bridge matter?").kind == "explainer"
    timeline = "\n".join(
        [
            "March 2014: Russia annexes the peninsula.",
            "April 2014: Fighting breaks out in the east.",
            "24 February 2022 - Russia launches its full-scale invasion.",
        ]
    )
    g = genre(timeline, None)
    assert g.kind == "explainer" and "timeline" in g.reason
    questions = "\n".join(
        [
            "What happened at the depot?",
            LEAD,
            "Why does the region matter?",
            FOLLOW,
            "What happens next?",
            "Officials expect more attacks.",
        ]
    )
    assert genre(questions, None).kind == "explainer"


def test_live_blog_cues() -> None:
    assert genre(NEWS, "Ukraine war live: drones hit fuel depot").kind == "live"
    entries = "\n".join(
        [
            "09:42 GMT - Air raid alert across the east.",
            "10:15 GMT - Governor reports a fire at a fuel depot.",
            "11:03 GMT - Firefighters say the blaze is contained.",
        ]
    )
    g = genre(entries, None)
    assert g.kind == "live" and "time-stamped" in g.reason


def test_live_updates_link_in_furniture_does_not_make_a_live_blog() -> None:
    text = NEWS + "\n\nRUSSIA-UKRAINE WAR: LIVE UPDATES\n\n" + FOLLOW
    assert genre(text, None).kind == "news"
