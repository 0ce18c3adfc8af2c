"""The time stage for Russian and Ukrainian reports (issue 12): date expressions and counts in
Cyrillic, resolved against the publication date exactly as ``time.find_dates`` resolves English
ones (same ``DateMention``, same precisions: 1 day, 2 week, 3 month; the year of a day without
one is the publication's, or the year before when that puts it after publication).

Handles "14 июля", "14 липня 2024 года/року", "в июле", "у липні", "вчера", "вчора", "в пятницу",
"у п'ятницю", "в ночь на 5 марта" (the night ending that day), "на прошлой неделе",
"минулого тижня". The word lists are ``lexicons/time_ruuk.json``. Counts: ``count`` reads
"двое", "двоє", "трое раненых", "п'ять" and digits.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import lru_cache
from importlib.resources import files

from .time import DateMention, weekday_date

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


def fold(text: str) -> str:
    """Lower case with Ukrainian apostrophes as "'" (same length: offsets stay valid)."""
    return text.translate(_APOSTROPHES).lower()


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads(files("frontwatch").joinpath("lexicons", "time_ruuk.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, int], dict[str, int]]:
    """One pattern for every kind of expression; each use of the month names gets its own
    group names (``n``, ``d``, ``i`` prefixes), mapped back to the month's number."""
    lex = _lexicon()
    month_of: dict[str, int] = {}

    def month(prefix: str) -> str:
        alts = []
        for num, stems in lex["months"].items():
            if num.startswith("_"):
                continue
            for i, stem in enumerate(stems):
                name = f"{prefix}m{num}_{i}"
                alts.append(f"(?P<{name}>{stem})(?!\\w)")
                month_of[name] = int(num)
        return "(?:" + "|".join(alts) + ")"

    weekday_alts, weekday_of = [], {}
    for num, stems in lex["weekdays"].items():
        if num.startswith("_"):
            continue
        for i, stem in enumerate(stems):
            name = f"w{num}_{i}"
            weekday_alts.append(f"(?P<{name}>{re.escape(stem)}\\w*)")
            weekday_of[name] = int(num)
    rel_words = sorted((k for k in lex["relative_days"] if not k.startswith("_")), key=len, reverse=True)
    rel = "|".join(re.escape(k) for k in rel_words)
    weeks = "|".join(re.escape(p) for p in sorted(lex["relative_weeks"]["phrases"], key=len, reverse=True))
    night = "|".join(re.escape(p) for p in sorted(lex["night_before"]["phrases"], key=len, reverse=True))
    b, e = r"(?<![\w'])", r"(?![\w'])"
    pattern = (
        rf"{b}(?P<night>{night})\s+(?:(?P<nfrom>[0-3]?\d)\s+(?:на|по)\s+)?(?P<nday>[0-3]?\d)\s+{month('n')}{e}"
        rf"|{b}(?P<day>[0-3]?\d)\s+{month('d')}(?:\s+(?P<year>(?:19|20)\d\d))?(?:\s*(?:года|г\.|року|р\.))?"
        rf"|{b}(?:в|у|во)\s+{month('i')}(?:\s+(?P<myear>(?:19|20)\d\d))?{e}"
        rf"|{b}(?:в|у|во)\s+(?:{'|'.join(weekday_alts)}){e}"
        rf"|{b}(?P<rel>{rel}){e}"
        rf"|{b}(?P<weeks>{weeks}){e}"
        rf"|{b}(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d){e}"
        rf"|{b}(?P<dmy>[0-3]?\d)\.(?P<dmo>[01]\d)\.(?P<dyear>(?:19|20)\d\d){e}"
    )
    return re.compile(pattern), month_of, weekday_of


def _matched(m: re.Match[str], table: dict[str, int]) -> int | None:
    for name, value in table.items():
        if m.group(name):
            return value
    return None


def _day(year: int | None, month: int, day: int, published: date | None) -> date | None:
    try:
        if year is not None:
            return date(year, month, day)
        if published is None:
            return None
        d = date(published.year, month, day)
        return d if d <= published + timedelta(days=1) else date(published.year - 1, month, day)
    except ValueError:
        return None


def find_dates(text: str, published: date | None = None, offset: int = 0) -> list[DateMention]:
    """Every Russian/Ukrainian date expression in ``text`` with its resolved date."""
    rx, month_of, weekday_of = _patterns()
    out: list[DateMention] = []
    for m in rx.finditer(fold(text)):
        d: date | None = None
        precision = 1
        month = _matched(m, month_of)
        weekday = _matched(m, weekday_of)
        if m.group("night") and month is not None:
            d = _day(None, month, int(m.group("nday")), published)
        elif m.group("day") and month is not None:
            d = _day(int(m.group("year")) if m.group("year") else None, month, int(m.group("day")), published)
        elif month is not None:  # "в июле", "у липні 2024"
            year = int(m.group("myear")) if m.group("myear") else (published.year if published else None)
            if year is not None:
                d = date(year, month, 1)
                if published is not None and d > published:
                    d = date(year - 1, month, 1)
            precision = 3
        elif weekday is not None:
            d = weekday_date(weekday, published) if published else None
        elif m.group("rel"):
            back = _lexicon()["relative_days"][m.group("rel")]
            d = published - timedelta(days=back) if published else None
        elif m.group("weeks"):
            d, precision = published, 2
        elif m.group("iso"):
            d = date.fromisoformat(m.group("iso"))
        elif m.group("dmy"):
            d = _day(int(m.group("dyear")), int(m.group("dmo")), int(m.group("dmy")), published)
        out.append(DateMention(text[m.start() : m.end()], m.start() + offset, m.end() + offset, d, precision))
    return out


#: Count words, both languages, in the forms casualty reports use ("двое погибших", "двоє загиблих",
#: "пятеро раненых", "п'ятеро поранених").
_COUNTS = {
    1: ("один", "одна", "одного", "одной", "одну", "одна", "одну"),
    2: ("два", "две", "двое", "двух", "дві", "двоє", "двох"),
    3: ("три", "трое", "трех", "трёх", "троє", "трьох"),
    4: ("четыре", "четверо", "четырех", "чотири", "четверо", "чотирьох"),
    5: ("пять", "пятеро", "пяти", "п'ять", "п'ятеро", "п'яти"),
    6: ("шесть", "шестеро", "шести", "шість", "шестеро", "шести"),
    7: ("семь", "семеро", "семи", "сім", "семеро", "семи"),
    8: ("восемь", "восьмеро", "восьми", "вісім", "восьмеро", "восьми"),
    9: ("девять", "девятеро", "девяти", "дев'ять", "дев'ятеро", "дев'яти"),
    10: ("десять", "десятеро", "десяти", "десятеро", "десяти"),
}
_COUNT_OF = {w: n for n, words in _COUNTS.items() for w in words}


def count(word: str) -> int | None:
    """The number a Russian/Ukrainian count word or digits say ("трое" 3, "п’ятеро" 5, "12" 12)."""
    w = fold(word).strip()
    if w.isdigit():
        return int(w)
    return _COUNT_OF.get(w)
