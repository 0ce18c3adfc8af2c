"""The ledger's rules as data: action families, radii, time windows, sides and polarity.

Everything the clustering and the statuses decide is derived from the tables here, so an
analyst can read (and challenge) one file. ``docs/ledger.md`` explains each table.
"""

from __future__ import annotations

import math
import re

WAR_SIDES = ("russia", "ukraine")
OPPOSITE = {"russia": "ukraine", "ukraine": "russia"}

#: Action -> ledger family. Claims only join events of the same family. ``ground`` is one
#: territorial story (fighting, advance, capture, withdrawal, repulsion at a place);
#: ``strike`` holds remote violence *and* shoot-downs/interceptions, because "struck" and
#: "intercepted" are two versions of the same attack.
ACTION_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        ("clash", "advance", "counterattack", "repel", "capture", "recapture", "withdraw", "casualties"),
        "ground",
    ),
    **dict.fromkeys(
        (
            "shelling",
            "missile_strike",
            "air_strike",
            "drone_strike",
            "strike",
            "explosion",
            "grenade",
            "suicide_bombing",
            "chemical_attack",
            "destroy",
            "shoot_down",
        ),
        "strike",
    ),
    **dict.fromkeys(("attack", "sexual_violence"), "civilian_harm"),
    **dict.fromkeys(("seize_weapons", "defuse"), "disrupt"),
    **dict.fromkeys(("protest", "protest_intervention", "protest_force"), "protest"),
    **dict.fromkeys(("riot", "mob_violence"), "riot"),
}
#: Fallback for an action not listed above: by ACLED event type.
EVENT_TYPE_FAMILY = {
    "Battles": "ground",
    "Explosions/Remote violence": "strike",
    "Violence against civilians": "civilian_harm",
    "Protests": "protest",
    "Riots": "riot",
}

#: Radius in km within which two claims can be the same event, by ACLED geo_precision
#: (the pair uses the larger of its two radii). Precision 3 means "somewhere in this oblast":
#: such claims are matched by admin1 only, and only with other precision-3 claims.
RADIUS_KM = {1: 10.0, 2: 25.0}
#: Half-width in days of the time window by ACLED time_precision (pair: the larger).
BASE_WINDOW_DAYS = {1: 2, 2: 7, 3: 31}
#: Family-specific windows: a territorial story (advance, then capture a week later) needs a
#: wider window than a strike, which is one night.
FAMILY_WINDOW_DAYS = {
    "ground": {1: 7, 2: 14, 3: 31},
    "strike": {1: 1, 2: 7, 3: 31},
}
#: Half-width in days within which two claims can report the *same* happening (corroboration),
#: by time precision. Strikes on a city recur nearly daily, so two strike reports agree only a
#: day apart whatever their precision (a report dated only by its publication is week-precise,
#: and a week would match last Monday's strike with Friday's); a change of hands happens once,
#: so two month-precise capture reports may be a month apart.
SAME_HAPPENING_DAYS = {
    "ground": {1: 2, 2: 7, 3: 31},
    "strike": {1: 1, 2: 1, 3: 1},
    "other": {1: 2, 2: 7, 3: 7},
}
#: An event never spans more days than this (first to last claim date), so daily strikes on
#: the same city, or months of fighting for one town, do not chain into one endless event.
MAX_SPAN_DAYS = {"ground": 31, "strike": 3}
DEFAULT_MAX_SPAN_DAYS = 7
#: The widest window of any family and precision: a claim never reaches an event whose last
#: claim is more days before it (incremental updates rewind this far).
MAX_WINDOW_DAYS = max(max(w.values()) for w in (*FAMILY_WINDOW_DAYS.values(), BASE_WINDOW_DAYS))

#: Actions whose first actor is the *defender*: the offensive side is the other one.
DEFENDER_FIRST = frozenset({"repel", "withdraw", "shoot_down"})
#: Polarity: what the claim says happened to the offensive side's attempt.
OUTCOME = frozenset({"capture", "recapture", "withdraw"})  # ground changed hands
DEFENCE = frozenset({"repel", "shoot_down"})  # the attempt failed
FIGHTING = frozenset({"clash", "advance", "counterattack", "casualties"})  # still under way

#: Two claims are about the *same settlement* when they name the same gazetteer entry, or the
#: same place name within this distance, or (without ids and names) lie within this distance
#: of each other: km.
SAME_SETTLEMENT_KM = 2.0
#: Gazetteer kinds that are regions, not settlements: a claim located at one of them
#: ("in Ukraine", "in Donetsk Oblast", "in Bakhmut district") is too vague to be the same
#: happening as any other claim, so it never joins another claim's event.
REGION_KINDS = frozenset({"country", "admin1", "admin2", "admin3"})
#: Actor sides that say who took part; 'other' (unidentified "government forces"), 'unknown'
#: and no side say nothing.
KNOWN_ACTOR_SIDES = frozenset({"russia", "ukraine", "civilians", "third_party"})
#: Families whose claims are acts of the two belligerents: only here can a belligerent's
#: claimant admit or deny something ("confirmed_by_adversary", text denials).
WAR_FAMILIES = frozenset({"ground", "strike"})

GRID_DEG = 0.25
DATE_BUCKET_DAYS = 8
KM_PER_DEG = 111.32

_NORM_RX = re.compile(r"[^\w]+")


def family_of(action: str | None, event_type: str | None) -> str:
    if action and action in ACTION_FAMILY:
        return ACTION_FAMILY[action]
    if event_type and event_type in EVENT_TYPE_FAMILY:
        return EVENT_TYPE_FAMILY[event_type]
    return (action or event_type or "other").lower()


def window_days(family: str, time_precision: int | None) -> int:
    tp = time_precision if time_precision in (1, 2, 3) else 2
    return FAMILY_WINDOW_DAYS.get(family, BASE_WINDOW_DAYS)[tp]


def base_window_days(time_precision: int | None) -> int:
    return BASE_WINDOW_DAYS[time_precision if time_precision in (1, 2, 3) else 2]


def pair_window_days(family: str, tp_a: int | None, tp_b: int | None) -> int:
    """How far apart (days) two claims may be and still report the *same* happening (for
    corroboration), by time precision; the pair uses the wider of its two claims'. A capture
    a week after an advance is one story (clustering), but not the same report."""
    table = SAME_HAPPENING_DAYS.get(family, SAME_HAPPENING_DAYS["other"])
    return max(table[tp if tp in (1, 2, 3) else 2] for tp in (tp_a, tp_b))


def assertion(action: str, family: str) -> str:
    """What a claim asserts, for agreement between sources: for ground fighting, an attack
    reported by the attacker ("advanced", "clash") and by the defender ("repelled") both say
    the attack took place, so they agree; a change of hands (capture/withdraw) is a different
    assertion. For strikes a hit and an interception are different assertions."""
    pol = polarity(action, family)
    if family == "ground":
        return "outcome" if pol == "outcome" else "attack"
    if family == "strike":
        return pol
    return action or family


def radius_km(geo_precision: int | None) -> float:
    return RADIUS_KM.get(geo_precision or 1, RADIUS_KM[2])


def max_span_days(family: str) -> int:
    return MAX_SPAN_DAYS.get(family, DEFAULT_MAX_SPAN_DAYS)


def offensive_side(action: str, actor_sides: list[str | None]) -> str | None:
    """The side on the offensive in this claim (russia/ukraine), or None when unknown.

    For repel/withdraw/shoot_down the first actor defends, so the attacker is the other side.
    """
    a1 = actor_sides[0] if actor_sides else None
    a2 = actor_sides[1] if len(actor_sides) > 1 else None
    if action in DEFENDER_FIRST:
        if a1 in OPPOSITE:
            return OPPOSITE[a1]
        return a2 if a2 in OPPOSITE else None
    return a1 if a1 in OPPOSITE else None


def polarity(action: str, family: str) -> str:
    """``outcome`` / ``defence`` / ``fighting`` for ground; ``hit`` / ``defence`` for strikes."""
    if action in DEFENCE:
        return "defence"
    if action in OUTCOME:
        return "outcome"
    if action in FIGHTING:
        return "fighting"
    return "hit" if family == "strike" else "other"


def gain_side(action: str, family: str, offensive: str | None) -> str | None:
    """Whose interest the claim serves: the attacker for a capture/advance/hit, the defender
    for a repulsion or interception; None for plain fighting or unknown sides."""
    if offensive is None:
        return None
    pol = polarity(action, family)
    if pol == "defence":
        return OPPOSITE[offensive]
    if pol in ("outcome", "hit") or action == "advance":
        return offensive
    return None


def norm_key(text: str | None) -> str | None:
    """Lower-cased, punctuation-free, without a leading 'the': for names of outlets/claimants."""
    if not text:
        return None
    key = _NORM_RX.sub(" ", text.lower()).strip()
    if key.startswith("the "):
        key = key[4:]
    return key or None


def xy_km(lat: float, lon: float) -> tuple[float, float]:
    """A local equirectangular projection, computed once per claim: over a 25 km radius its
    error is far below the radii's own slack, and pairs compare squared distances without
    trigonometry."""
    return lon * KM_PER_DEG * math.cos(math.radians(lat)), lat * KM_PER_DEG
