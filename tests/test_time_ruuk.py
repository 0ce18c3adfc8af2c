"""Russian and Ukrainian dates and counts (frontwatch.time_ruuk), on phrases written for these
tests: the same DateMention and precisions as English, resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from frontwatch.time_ruuk import count, find_dates

PUBLISHED = date(2024, 7, 16)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "said", "day", "precision"),
    [
        ("Удар был нанесен 14 июля, сообщил губернатор.", "14 июля", "2024-07-14", 1),
        ("Атака сталася 14 липня 2024 року.", "14 липня 2024 року", "2024-07-14", 1),
        ("Обстрел 22 июля 2023 г. унес жизни двоих.", "22 июля 2023 г.", "2023-07-22", 1),
        ("В ночь на 5 марта дроны атаковали город.", "В ночь на 5 марта", "2024-03-05", 1),
        ("У ніч на 5 березня дрони атакували місто.", "У ніч на 5 березня", "2024-03-05", 1),
        ("Вчера вечером был обстрел.", "Вчера", "2024-07-15", 1),
        ("Вчора вранці пролунали вибухи.", "Вчора", "2024-07-15", 1),
        ("Позавчера был обстрел.", "Позавчера", "2024-07-14", 1),
        ("Удар нанесли в пятницу.", "в пятницу", "2024-07-12", 1),
        ("Удар завдали у п’ятницю.", "у п’ятницю", "2024-07-12", 1),
        ("Бои шли в июле.", "в июле", "2024-07-01", 3),
        ("Бої тривали у липні.", "у липні", "2024-07-01", 3),
        ("На прошлой неделе войска продвинулись.", "На прошлой неделе", "2024-07-16", 2),
        ("Минулого тижня війська просунулися.", "Минулого тижня", "2024-07-16", 2),
        ("1 листопада", "1 листопада", "2023-11-01", 1),  # a day after publication is last year's
    ],
)
def test_dates_in_russian_and_ukrainian(text: str, said: str, day: str, precision: int) -> None:
    (m,) = find_dates(text, PUBLISHED)
    assert (m.text, str(m.date), m.precision) == (said, day, precision)
    assert text[m.start : m.end] == said  # offsets into the original text


@pytest.mark.parametrize(
    "text",
    [
        "в майском наступлении",  # the adjective of May is no date
        "двое получили 2 травми",  # Ukrainian 'травми' (injuries) is not 'травня' (May)
        "у лютих боях",  # 'fierce battles', not February
        "у червоному будинку",  # 'in the red house', not June
    ],
)
def test_look_alike_words_are_not_dates(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_offsets_are_shifted_by_the_sentence_start() -> None:
    (m,) = find_dates("Вчора був обстріл.", PUBLISHED, offset=100)
    assert (m.start, m.end) == (100, 105)


@pytest.mark.parametrize(
    ("word", "n"), [("трое", 3), ("Двоє", 2), ("п’ятеро", 5), ("пятеро", 5), ("12", 12), ("семеро", 7)]
)
def test_counts(word: str, n: int) -> None:
    assert count(word) == n


def test_a_word_that_is_no_count() -> None:
    assert count("много") is None and count("кілька") is None
