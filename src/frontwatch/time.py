"""The time stage: date expressions in text, resolved against the publication date.

Precision follows ACLED's ``time_precision``: 1 the day is known, 2 the week, 3 the month.
A text that gives no date never gets the publication date as a day-precise event date: such a
claim is dated to the publication date with precision 2 (reports describe the last few days).
Weekdays are plain date arithmetic from the publication date (``weekday_date``), read as the
word before them says (``lexicons/weekdays.json``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
#: Weekday names in ``date.weekday()`` order (Monday is 0).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: How a weekday is read: on or before publication, strictly before it, or after it (future).
WEEKDAY_READINGS = ("on_or_before", "before", "after")
#: Word(s) before a weekday -> its reading (``lexicons/weekdays.json``); no word is "on_or_before".
WEEKDAY_QUALIFIERS: dict[str, str] = json.loads(
    files("frontwatch").joinpath("lexicons", "weekdays.json").read_text("utf-8")
)["qualifiers"]
if not set(WEEKDAY_QUALIFIERS.values()) <= set(WEEKDAY_READINGS):
    raise ValueError(f"lexicons/weekdays.json: readings must be among {WEEKDAY_READINGS}")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_WEEKDAY_QUALIFIER = (
    r"(?P<qualifier>"
    + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(WEEKDAY_QUALIFIERS, key=len, reverse=True))
    + r")"
)

# Order matters: the most specific pattern is tried first at each position.
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("dmy_num", r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
    ("dmy", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
    ("mdy", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    ("dm", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![a-z])"),
    ("md", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:km|kilomet|mile|%|people|civilians))"),
    ("my", rf"\b(?:in|during|since|early|late|mid-?)\s+{_MONTH},?\s+{_YEAR}\b"),
    # before "relday": "on the night of Monday", "overnight on Monday" are one weekday mention
    ("weekday", rf"\b(?:{_WEEKDAY_QUALIFIER}\s+)?{_WEEKDAY}\b"),
    (
        "relday",
        r"\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight|the day before|on the night of)\b",
    ),
    ("ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+(?P<unit>days?|weeks?)\s+ago\b"),
    (
        "relweek",
        r"\b(?P<relw>last week|this week|past week|past few days|earlier this week|over the weekend|this weekend|last weekend)\b",
    ),
    ("relmonth", r"\b(?P<relm>this month|last month|earlier this month|past month)\b"),
]
_RX = re.compile("|".join(f"(?P<{k}>{p.replace('(?P<', f'(?P<{k}_')})" for k, p in _PATTERNS), re.IGNORECASE)
_NUM_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    date: date | None
    precision: int  # 1 day, 2 week, 3 month
    #: The text itself puts the date after publication ("next Tuesday"): never an event date.
    future: bool = False


def _group(m: re.Match[str], kind: str, name: str) -> str | None:
    return m.groupdict().get(f"{kind}_{name}")


def _safe_date(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _month_num(s: str) -> int:
    return int(s) if s.isdigit() else MONTHS[s.lower().rstrip(".")]


def _no_year(mo: int, d: int, published: date | None) -> date | None:
    """A day and month without a year: the latest such date not after publication (+1 day slack)."""
    if published is None:
        return None
    guess = _safe_date(published.year, mo, d)
    if guess and guess > published + timedelta(days=1):
        guess = _safe_date(published.year - 1, mo, d)
    return guess


def weekday_date(weekday: int, published: date, reading: str = "on_or_before") -> date:
    """The day a weekday (0 Monday .. 6 Sunday) names in a text published on ``published``.

    ``on_or_before`` (a bare "Tuesday", "on Tuesday", "this Tuesday"): the most recent such day on
    or before publication, the publication day itself when the weekdays agree. ``before`` ("last
    Tuesday"): strictly before publication, so 7 days back on the same weekday. ``after`` ("next
    Tuesday"): the first such day strictly after publication.
    """
    if reading == "after":
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    back = (published.weekday() - weekday) % 7
    if reading == "before" and back == 0:
        back = 7
    return published - timedelta(days=back)


def _weekday_reading(m: re.Match[str]) -> str:
    """The reading of a weekday match, from the word(s) before the weekday (none: on or before)."""
    qualifier = " ".join((_group(m, "weekday", "qualifier") or "").lower().split())
    return WEEKDAY_QUALIFIERS.get(qualifier, "on_or_before")


def _resolve(m: re.Match[str], published: date | None) -> tuple[date | None, int]:
    kind = m.lastgroup or ""
    g = lambda name: _group(m, kind, name)  # noqa: E731
    if kind in ("iso", "dmy_num", "dmy", "mdy"):
        return _safe_date(int(g("year")), _month_num(g("month")), int(g("day"))), 1
    if kind in ("dm", "md"):
        day = int(g("day"))
        if not 1 <= day <= 31:
            return None, 1
        return _no_year(_month_num(g("month")), day, published), 1
    if kind == "my":
        return _safe_date(int(g("year")), _month_num(g("month")), 1), 3
    if published is None:
        return None, 1
    if kind == "relday":
        rel = g("rel").lower()
        if rel in ("yesterday", "last night", "the day before"):
            return published - timedelta(days=1), 1
        if rel == "on the night of":
            return None, 1
        return published, 1
    if kind == "ago":
        n = g("n").lower()
        n_val = _NUM_WORDS.get(n) or int(n)
        unit = g("unit").lower()
        days = n_val * (7 if unit.startswith("week") else 1)
        return published - timedelta(days=days), 1 if unit.startswith("day") else 2
    if kind == "weekday":
        return weekday_date(WEEKDAYS.index(g("weekday").lower()), published, _weekday_reading(m)), 1
    if kind == "relweek":
        rel = g("relw").lower()
        return (published - timedelta(days=7) if rel.startswith("last") else published), 2
    if kind == "relmonth":
        rel = g("relm").lower()
        if rel == "last month":
            first = published.replace(day=1) - timedelta(days=1)
            return first.replace(day=1), 3
        return published.replace(day=1), 3
    return None, 1


def find_dates(text: str, published: date | None = None, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` with its resolved date (None where it cannot be resolved)."""
    out: list[DateMention] = []
    for m in _RX.finditer(text):
        d, precision = _resolve(m, published)
        future = m.lastgroup == "weekday" and _weekday_reading(m) == "after"
        out.append(DateMention(m.group(0), m.start() + offset, m.end() + offset, d, precision, future))
    return out


def event_date(
    mentions: list[DateMention], published: date | None
) -> tuple[str | None, int | None, DateMention | None]:
    """The date of an event given the date mentions that belong to it (nearest first).

    Returns ``(YYYY-MM-DD, time_precision, mention)``. A mention the text puts in the future
    ("next Tuesday") is not usable. Without a usable mention the publication date is used with
    precision 2, never 1.
    """
    for mention in mentions:
        if mention.future:
            continue
        if mention.date is not None and (published is None or mention.date <= published + timedelta(days=1)):
            return mention.date.isoformat(), mention.precision, mention
    if published is not None:
        return published.isoformat(), 2, None
    return None, None, None
