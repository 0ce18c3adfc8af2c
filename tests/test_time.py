"""Dates from explicit and relative expressions, resolved against the publication date."""

from __future__ import annotations

from datetime import date, timedelta

from frontwatch.time import event_date, find_dates, weekday_date

PUB = date(2024, 5, 10)  # a Friday


def first(text: str, published: date | None = PUB):
    return event_date([m for m in find_dates(text, published)], published)


def test_explicit_day_month_year() -> None:
    assert first("On 13 March 2023, forces shelled the town.")[:2] == ("2023-03-13", 1)


def test_month_day_year_and_iso() -> None:
    assert first("On July 14, 2023 the bridge was hit.")[:2] == ("2023-07-14", 1)
    assert first("Reported 2024-02-01.")[:2] == ("2024-02-01", 1)


def test_day_month_without_year_takes_the_latest_past_one() -> None:
    assert first("On July 14 the bridge was hit.")[:2] == ("2023-07-14", 1)
    assert first("On 2 May the bridge was hit.")[:2] == ("2024-05-02", 1)


def test_yesterday_and_last_night() -> None:
    assert first("Yesterday the city was shelled.")[:2] == ("2024-05-09", 1)
    assert first("Last night drones attacked the port.")[:2] == ("2024-05-09", 1)


def test_weekday_resolves_to_the_past() -> None:
    assert first("On Tuesday a missile hit the school.")[:2] == ("2024-05-07", 1)


# Weekdays (lexicons/weekdays.json). May 2024: Mon 6, Tue 7, Wed 8, ... Sun 12, Mon 13, Tue 14.
TUE, WED, MON = date(2024, 5, 14), date(2024, 5, 15), date(2024, 5, 13)


def test_bare_weekday_equal_to_publication_weekday_is_the_publication_day() -> None:
    # news convention: "on Tuesday" in a Tuesday report is that same day, not a week before
    assert first("A drone struck a depot near the river on Tuesday, the governor said.", TUE)[:2] == (
        "2024-05-14",
        1,
    )
    assert first("Tuesday: shelling damaged two houses in the village.", TUE)[:2] == ("2024-05-14", 1)


def test_bare_weekday_is_the_most_recent_such_day() -> None:
    assert first("Rockets hit a warehouse on Tuesday, officials reported.", WED)[:2] == ("2024-05-14", 1)
    assert first("On Sunday the bridge was shelled again.", MON)[:2] == ("2024-05-12", 1)
    # a weekday later in the week than publication is the previous week's one
    assert first("Troops repelled an assault on Friday.", TUE)[:2] == ("2024-05-10", 1)


def test_last_weekday_is_strictly_before_publication() -> None:
    assert first("Last Tuesday a missile hit the train station.", TUE)[:2] == ("2024-05-07", 1)
    assert first("A drone attack last Tuesday damaged a school.", WED)[:2] == ("2024-05-14", 1)
    assert first("This past Tuesday the ferry was struck.", TUE)[:2] == ("2024-05-07", 1)


def test_this_weekday_is_on_or_before_publication() -> None:
    assert first("This Tuesday the dam was shelled.", TUE)[:2] == ("2024-05-14", 1)
    assert first("This Monday artillery hit the market.", WED)[:2] == ("2024-05-13", 1)
    # "this Friday" in a Tuesday report: the week's Friday is still ahead, the past one is kept
    assert first("This Friday sirens sounded over the port.", TUE)[:2] == ("2024-05-10", 1)


def test_night_of_a_weekday_reads_like_the_weekday() -> None:
    for text in (
        "Drones attacked the oil depot on Tuesday night, the mayor said.",
        "On the night of Tuesday, drones attacked the oil depot.",
        "Drones attacked the oil depot overnight on Tuesday.",
        "In the early hours of Tuesday drones attacked the oil depot.",
    ):
        assert first(text, TUE)[:2] == ("2024-05-14", 1), text
        assert first(text, WED)[:2] == ("2024-05-14", 1), text
    mention = find_dates("Strikes hit the city overnight on Tuesday.", WED)[0]
    assert mention.text == "overnight on Tuesday"  # one mention, not "overnight" = publication day


def test_next_weekday_is_future_and_never_an_event_date() -> None:
    mention = find_dates("Talks will resume next Wednesday in the capital.", TUE)[0]
    assert mention.date == date(2024, 5, 15) and mention.future
    # the day after publication is within the slack for explicit dates, not for "next Wednesday"
    assert first("Talks will resume next Wednesday in the capital.", TUE)[:2] == ("2024-05-14", 2)
    assert find_dates("The convoy leaves next Tuesday.", TUE)[0].date == date(2024, 5, 21)


def test_weekday_without_publication_date_is_unresolved() -> None:
    assert find_dates("On Tuesday the town was shelled.", None)[0].date is None
    assert first("On Tuesday the town was shelled.", None)[:2] == (None, None)


def test_weekday_date_arithmetic_for_every_pair_of_days() -> None:
    for pub_offset in range(7):
        published = MON + timedelta(days=pub_offset)
        for weekday in range(7):
            on = weekday_date(weekday, published)
            last = weekday_date(weekday, published, "before")
            nxt = weekday_date(weekday, published, "after")
            assert on.weekday() == last.weekday() == nxt.weekday() == weekday
            assert 0 <= (published - on).days <= 6
            assert 1 <= (published - last).days <= 7
            assert 1 <= (nxt - published).days <= 7


def test_days_ago() -> None:
    assert first("Three days ago the village was taken.")[:2] == ("2024-05-07", 1)


def test_month_precision() -> None:
    assert first("Fighting raged in March 2024 near the town.")[:2] == ("2024-03-01", 3)


def test_no_date_gives_publication_week_never_day() -> None:
    assert first("Forces shelled the town.")[:2] == ("2024-05-10", 2)
    assert first("Forces shelled the town.", None)[:2] == (None, None)


def test_future_dates_are_not_event_dates() -> None:
    assert first("Talks are planned for 2024-06-20.")[:2] == ("2024-05-10", 2)
