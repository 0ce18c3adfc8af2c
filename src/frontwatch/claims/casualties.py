"""Fatalities: how many people a sentence says were killed in the event it reports.

Counts before a death word ("three civilians were killed") or after a killing verb or death-toll
phrase ("killing at least five", "a death toll of 30"), numbers as digits or words ("a dozen
fighters lost their lives" is 12); all from ``lexicons/casualties.json``. Never a count: a year
("the Games in 2016 ... was killed"), the killed-or-wounded ("ten killed or wounded"), a total
over a period ("since the start of the war 500 children have been killed"). Counts in follow-up
sentences are added by ``merging``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

from .lexicon import lexicon

#: Where a clause ends for the cumulative test: commas, semicolons, colons, dashes, brackets, and
#: a full stop not inside a number (sentences glued without a space: "this year.Two colonels").
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s-\s|\.(?!\d)")


@cache
def _rules() -> tuple[tuple[int, int], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cas = json.loads(files("frontwatch").joinpath("lexicons", "casualties.json").read_text("utf-8"))
    lo, hi = cas["year_range"]
    alts = "|".join(e[3:] if e.startswith("re:") else re.escape(e) for e in cas["cumulative"])
    not_killed = "|".join(re.escape(w) for w in cas["not_killed_words"])
    joined = "|".join(re.escape(w) for w in cas["wounded_connectors"])
    return (
        (lo, hi),
        re.compile(rf"\b(?:{alts})"),
        re.compile(rf"\b(?:{not_killed})\b"),
        re.compile(rf"\s*(?:{joined})\s*(?:{not_killed})\b"),  # "killed or wounded"
    )


def _clause(low: str, start: int, end: int) -> str:
    """The clause around a match: from the delimiter before it to the one after it."""
    before = [m.end() for m in _CLAUSE_END.finditer(low, 0, start)]
    after = _CLAUSE_END.search(low, end)
    return low[before[-1] if before else 0 : after.start() if after else len(low)]


def fatalities(text: str) -> int | None:
    """The total count of dead a sentence states for its event (None: no count stated)."""
    lex = lexicon()
    (year_lo, year_hi), cumulative_rx, not_killed_rx, or_wounded_rx = _rules()
    total = 0
    low = text.lower()
    for rx in lex.killed_rxs:
        pos = 0
        while (m := rx.search(low, pos)) is not None:
            pos = m.end()
            raw = m.group(1).replace(",", "")
            if raw.isdigit() and len(raw) == 4 and year_lo <= int(raw) <= year_hi:
                pos = m.end(1)  # a year, not a count: "On 11 March 2019, two soldiers were killed"
                continue
            if not_killed_rx.search(m.group(0)) or or_wounded_rx.match(low, m.end()):
                continue  # the killed and the wounded together
            if cumulative_rx.search(_clause(low, m.start(), m.end())):
                continue  # a total over a period, not this event's dead
            n = lex.number_words.get(raw) if not raw.isdigit() else int(raw)
            if n:
                total += n
        if total:
            break
    return total or None
