"""Dates from explicit and relative expressions, resolved against the publication date."""

from __future__ import annotations

from datetime import date

from frontwatch.time import event_date, find_dates

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


def test_days_ago() -> None:
    assert first("Three days ago the village was taken.")[:2] == ("2024-05-07", 1)


def test_month_precision() -> None:
    assert first("Fighting raged in March 2024 near the town.")[:2] == ("2024-03-01", 3)


def test_no_date_gives_publication_week_never_day() -> None:
    assert first("Forces shelled the town.")[:2] == ("2024-05-10", 2)
    assert first("Forces shelled the town.", None)[:2] == (None, None)


def test_future_dates_are_not_event_dates() -> None:
    assert first("Talks are planned for 2024-06-20.")[:2] == ("2024-05-10", 2)
