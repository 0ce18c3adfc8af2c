"""Claims checked against the control map: the map is an independent source (docs/ledger.md,
"The map as a source").

* A claim that ground changed hands (capture, recapture, withdrawal: the *outcome* actions) is
  **borne out** (``confirmed``) when the map shows its place passing to the side that gains by
  it between ``BEFORE_DAYS`` before and ``AFTER_DAYS`` after the claim's date; it is
  **not borne out** (``not_borne_out``) when, ``AFTER_DAYS`` after the claim, the map still does
  not show that side holding the place. A place that side held already before the window is
  neither (old news, consistent with the map).
* A strike whose attacking side already holds the struck place on the day, at least
  ``IMPLAUSIBLE_MIN_FRONT_KM`` behind the front, is **implausible** (``implausible_control``): a
  side does not shell its own ground (the claim has the attacker or the place wrong).

Only claims at a settlement the map covers, with a date and a known side, are checked; a
claim too recent for the map to have caught up gets no verdict yet.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .cluster import LClaim
from .rules import OUTCOME, gain_side

BEFORE_DAYS = 14
#: A strike on a place within this many km of the front is never implausible: a weekly map and a
#: settlement's single point cannot say which side held a front-line village on the day (on the
#: ACLED dev notes, most "attacker holds the target" cases were front-line villages, rightly placed).
IMPLAUSIBLE_MIN_FRONT_KM = 5
AFTER_DAYS = 30
VERDICTS = ("confirmed", "not_borne_out", "implausible_control")


def verdict(c: LClaim, view: Any) -> tuple[str, str] | None:
    """``(verdict, reason)`` for one claim, or None when the map says nothing about it."""
    if view is None or c.day is None or not c.gazetteer_id or c.region:
        return None
    day = date.fromordinal(c.day)
    if c.family == "ground" and c.action in OUTCOME:
        gain = gain_side(c.action, c.family, c.side)
        if gain is None:
            return None
        maps = view.histories(
            c.gazetteer_id, day - timedelta(days=BEFORE_DAYS), day + timedelta(days=AFTER_DAYS)
        )
        where = c.place_name or c.gazetteer_id
        for name, seen, _complete in maps:  # any map that shows the place passing to ``gain``
            turned = next(
                (d for (d, s), (_, prev) in zip(seen[1:], seen, strict=False) if s == gain and prev != gain),
                None,
            )
            if turned is not None:
                return (
                    "confirmed",
                    f"{c.claim_id}: the map ({name}) shows {where} passing to {gain} on {turned} ({c.action} claimed {day})",
                )
        for name, seen, complete in maps:  # the first map that has the whole story
            if not complete:
                continue
            held_before = seen[0][1] == gain and seen[0][0] <= day - timedelta(days=BEFORE_DAYS)
            if held_before or seen[-1][1] == gain:
                return None  # old news, or already so on the map's first look: consistent
            return (
                "not_borne_out",
                f"{c.claim_id}: {c.action} of {where} claimed {day}, but the map ({name}) shows it {seen[-1][1]} on {seen[-1][0]}",
            )
        return None
    if c.family == "strike" and c.side in ("russia", "ukraine"):
        now = view.at(c.gazetteer_id, day)
        if now.status == c.side and (now.front_km is None or now.front_km >= IMPLAUSIBLE_MIN_FRONT_KM):
            return (
                "implausible_control",
                f"{c.claim_id}: {c.side} said to strike {c.place_name or c.gazetteer_id}, which the map shows {c.side} holding on {now.snapshot}",
            )
    return None
