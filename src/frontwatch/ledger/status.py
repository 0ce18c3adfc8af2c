"""Statuses and contradictions of one event, from its member claims (pure functions).

Precedence, highest first (docs/ledger.md): ``confirmed_by_adversary`` > ``confirmed_by_map`` >
``disputed`` > ``corroborated`` > ``superseded`` > ``single_source``. Superseded claims (revised later by
the same origin) are set aside before the other statuses are judged. Every status above
``single_source`` rests on a *pair* of claims at the same settlement (an admission and the
claim it confirms, two opposite-side claims that contradict each other, two independent
claims that agree), and its reason names both claims.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from .cluster import LClaim
from .rules import (
    KNOWN_ACTOR_SIDES,
    OPPOSITE,
    RADIUS_KM,
    SAME_SETTLEMENT_KM,
    WAR_FAMILIES,
    assertion,
    base_window_days,
    gain_side,
    norm_key,
    pair_window_days,
    polarity,
    window_days,
)

STATUSES = (
    "confirmed_by_adversary",
    "confirmed_by_map",
    "disputed",
    "corroborated",
    "superseded",
    "single_source",
)
PRECEDENCE = {s: i for i, s in enumerate(STATUSES)}
CONTRADICTION_KINDS = (
    "capture_vs_repel",
    "capture_vs_fighting",
    "strike_vs_intercept",
    "casualty_figures",
    "actors_swapped",
)
#: Kinds that make an event ``disputed`` when the two claimants are on different sides.
DISPUTING = frozenset({"capture_vs_repel", "capture_vs_fighting", "strike_vs_intercept", "actors_swapped"})
NEAR_DUPLICATE = 0.8
SHINGLE = 4
_WORD_RX = re.compile(r"\w+")


@dataclass(frozen=True)
class Contradiction:
    kind: str
    claim_a: str
    claim_b: str
    explanation: str
    event_a: str | None = None
    event_b: str | None = None


@dataclass
class Assessment:
    status: str
    origins: dict[str, int]  # claim id -> origin number (0-based, by first appearance)
    superseded_by: dict[str, str]
    contradictions: list[Contradiction] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    map_checks: dict[str, str] = field(default_factory=dict)  # claim id -> the map's verdict

    @property
    def n_sources(self) -> int:
        active = {o for cid, o in self.origins.items() if cid not in self.superseded_by}
        return len(active)


# -- near-duplicate texts -------------------------------------------------------------------------


def shingles(text: str, k: int = SHINGLE) -> frozenset[int]:
    """Hashes of the word k-grams of ``text`` (lower-cased); single words for short texts."""
    words = _WORD_RX.findall(text.lower())
    if len(words) < k:
        return frozenset(hash(w) for w in words)
    return frozenset(hash(tuple(words[i : i + k])) for i in range(len(words) - k + 1))


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Containment |A∩B| / min(|A|, |B|): a copy with a paragraph added still scores ~1."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def origin_key(c: LClaim) -> str:
    """Who asserts the claim: the named claimant, else the outlet (the author's own words)."""
    return (
        "claimant:" + (norm_key(c.claimant_name) or "")
        if norm_key(c.claimant_name)
        else ("outlet:" + (norm_key(c.source) or c.doc_id or c.content_hash or c.claim_id))
    )


def origins(claims: list[LClaim], threshold: float = NEAR_DUPLICATE) -> dict[str, int]:
    """Group claims into independent origins: same claimant (or outlet when unattributed), or
    near-duplicate texts (syndicated copies, republished wire stories) are one origin."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    first: dict[str, int] = {}
    for i, c in enumerate(claims):
        key = origin_key(c)
        if key in first:
            union(first[key], i)
        else:
            first[key] = i
        if c.content_hash:
            hk = "doc:" + c.content_hash
            if hk in first:
                union(first[hk], i)
            else:
                first[hk] = i
    sigs = [shingles(c.text or c.evidence) for c in claims]
    for i, j in combinations(range(len(claims)), 2):
        if find(i) != find(j) and resemblance(sigs[i], sigs[j]) >= threshold:
            union(i, j)
    numbering: dict[int, int] = {}
    return {c.claim_id: numbering.setdefault(find(i), len(numbering)) for i, c in enumerate(claims)}


# -- contradictions -------------------------------------------------------------------------------


def _d(day: int | None) -> str:
    return date.fromordinal(day).isoformat() if day else "undated"


def _who(c: LClaim) -> str:
    return f"{c.claimant_name or c.source or 'unattributed'} ({c.claimant_side})"


def same_settlement(a: LClaim, b: LClaim) -> bool:
    """Both claims are located at one settlement: the same gazetteer entry, or the same place
    name a few km apart, or (neither has an id or a name) the same point. Country-, oblast- or
    district-level claims and unresolved ones are never at the same settlement as anything."""
    if not (a.at_settlement and b.at_settlement):
        return False
    dx, dy = a.x - b.x, a.y - b.y
    d2 = dx * dx + dy * dy
    if a.gazetteer_id and b.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    if a.name_key and b.name_key and a.name_key == b.name_key:
        return d2 <= RADIUS_KM[1] ** 2
    return d2 <= SAME_SETTLEMENT_KM**2


def opposite_sides(a: LClaim, b: LClaim) -> bool:
    """The two claimants are on opposite belligerent sides (russia vs ukraine)."""
    return a.claimant_side in OPPOSITE and b.claimant_side == OPPOSITE[a.claimant_side]


def pair_contradiction(a: LClaim, b: LClaim) -> Contradiction | None:
    """The contradiction between two claims of one event, if any (a dated no later than b)."""
    if a.content_hash is not None and a.content_hash == b.content_hash:
        return None  # one document: its own sentences are not a dispute between sources
    if a.day is None or b.day is None:
        return None
    if (b.day, b.claim_id) < (a.day, a.claim_id):
        a, b = b, a
    w = max(base_window_days(a.time_precision), base_window_days(b.time_precision))
    gap = b.day - a.day
    pa, pb = polarity(a.action, a.family), polarity(b.action, b.family)
    if a.family == "ground":
        for x, y, px, py in ((a, b, pa, pb), (b, a, pb, pa)):
            if px != "outcome":
                continue
            later = y.day - x.day  # type: ignore[operator]
            if py == "defence" and 0 <= later <= w:
                return Contradiction(
                    "capture_vs_repel",
                    x.claim_id,
                    y.claim_id,
                    f"{_who(x)} says {x.action} on {_d(x.day)}; {_who(y)} says {y.action} on {_d(y.day)}",
                )
            if py == "fighting" and y.action != "casualties" and 0 < later <= w:
                return Contradiction(
                    "capture_vs_fighting",
                    x.claim_id,
                    y.claim_id,
                    f"{_who(x)} says {x.action} on {_d(x.day)}; {_who(y)} reports {y.action} still on {_d(y.day)}",
                )
    if (
        a.family == "strike"
        and {pa, pb} == {"hit", "defence"}
        and gap <= w
        and a.claimant_side in OPPOSITE
        and b.claimant_side == OPPOSITE[a.claimant_side]
    ):
        hit, block = (a, b) if pa == "hit" else (b, a)
        return Contradiction(
            "strike_vs_intercept",
            a.claim_id,
            b.claim_id,
            f"{_who(hit)} says it was hit ({hit.action}); {_who(block)} says it was intercepted",
        )
    if (
        a.fatalities is not None
        and b.fatalities is not None
        and a.fatalities != b.fatalities
        and gap <= w
        and origin_key(a) != origin_key(b)
    ):
        return Contradiction(
            "casualty_figures",
            a.claim_id,
            b.claim_id,
            f"{_who(a)} gives {a.fatalities} killed; {_who(b)} gives {b.fatalities}",
        )
    return None


def swapped_contradiction(a: LClaim, b: LClaim) -> Contradiction:
    """Two claims about one place and time, each blaming the other side."""
    if (b.day or 0, b.claim_id) < (a.day or 0, a.claim_id):
        a, b = b, a
    return Contradiction(
        "actors_swapped",
        a.claim_id,
        b.claim_id,
        f"{_who(a)} says {a.side} attacked ({a.action}); {_who(b)} says {b.side} attacked ({b.action})",
    )


def swap_contradictions(c: LClaim, others: list[LClaim]) -> list[Contradiction]:
    """The ``actors_swapped`` contradictions between ``c`` and the nearby claims the clusterer
    found blaming the other side (``ClusterResult.swapped_with``): only those about the same
    settlement, since blame traded about two different places is no dispute. Every path that
    clusters (the store's ``update``/``rebuild``, the in-memory bench) must use this one rule,
    with full claim records, or the paths disagree on ``disputed``."""
    return [swapped_contradiction(c, o) for o in others if same_settlement(c, o)]


# -- the status -----------------------------------------------------------------------------------


def _revises(old: LClaim, new: LClaim) -> bool:
    """The later claim changes the story about the same settlement: another outcome
    ("repelled" -> "withdrawn", "advancing" -> "captured") or another death toll. Another
    verb for the same kind of fighting ("clash" -> "advance") is no revision."""
    if not same_settlement(old, new):
        return False
    return polarity(old.action, old.family) != polarity(new.action, new.family) or (
        new.fatalities is not None and old.fatalities != new.fatalities
    )


def _when(c: LClaim) -> tuple[int, int, str]:
    return (c.published or c.day or 0, c.day or 0, c.claim_id)


def superseded(claims: list[LClaim]) -> dict[str, str]:
    """claim id -> the latest claim of the same origin that revises it (published later)."""
    by_origin: dict[str, list[LClaim]] = {}
    for c in claims:
        by_origin.setdefault(origin_key(c), []).append(c)
    out: dict[str, str] = {}
    for group in by_origin.values():
        if len(group) < 2:
            continue
        group.sort(key=_when)
        latest = group[-1]
        for old in group[:-1]:
            if _when(old)[0] < _when(latest)[0] and _revises(old, latest):
                out[old.claim_id] = latest.claim_id
    return out


def substantive(c: LClaim) -> bool:
    """The claim says who acted (an actor of a known side) or who says so (a named claimant).
    A bare claim ("an attack on the capital", unattributed, no actor) says only that a verb
    and a place name met in a sentence; two of them agreeing is no corroboration."""
    return bool(norm_key(c.claimant_name)) or any(s in KNOWN_ACTOR_SIDES for s in c.actor_sides)


def _agree(a: LClaim, b: LClaim) -> bool:
    """Two claims report the same happening: the same assertion (rules.assertion), no
    conflicting attacker, at the same settlement, within the pair's window."""
    if a.day is None or b.day is None or a.family != b.family:
        return False
    if assertion(a.action, a.family) != assertion(b.action, b.family):
        return False
    if a.side is not None and b.side is not None and a.side != b.side:
        return False
    if abs(a.day - b.day) > pair_window_days(a.family, a.time_precision, b.time_precision):
        return False
    return substantive(a) and substantive(b) and same_settlement(a, b)


def admission_pair(loser: LClaim, winner: LClaim, org: dict[str, int]) -> str | None:
    """The side ``g`` that ``loser``'s claim favours when it is an admission against interest
    confirmed by ``winner``: ``loser``'s claimant is on the side that loses by it (as its
    actors type the event), ``winner``'s claimant is on ``g`` and claims the same gain, at the
    same settlement, within the family window, from another origin. None otherwise."""
    if loser.family not in WAR_FAMILIES or winner.family != loser.family:
        return None
    if loser.verification == "disputed" or loser.hedged or loser.day is None or winner.day is None:
        return None
    g = gain_side(loser.action, loser.family, loser.side)
    if g is None or loser.claimant_side != OPPOSITE[g] or winner.claimant_side != g:
        return None
    if org[loser.claim_id] == org[winner.claim_id]:
        return None
    if polarity(winner.action, winner.family) != polarity(loser.action, loser.family):
        return None
    if gain_side(winner.action, winner.family, winner.side) != g:
        return None
    w = max(
        window_days(loser.family, loser.time_precision), window_days(winner.family, winner.time_precision)
    )
    if abs(loser.day - winner.day) > w or not same_settlement(loser, winner):
        return None
    return g


def _is_denied_in_text(c: LClaim) -> bool:
    """A belligerent's claim about an act of war at a settlement, whose own sentence reports
    a denial ("X captured Y, the ministry claimed, but the General Staff denied it"). A
    denial cue on a claim by an unknown or third-party claimant, at a country or oblast, or
    about something other than fighting or strikes, is not a dispute between the sides."""
    return (
        c.verification == "disputed"
        and c.claimant_side in OPPOSITE
        and c.family in WAR_FAMILIES
        and c.at_settlement
    )


def assess(
    claims: list[LClaim],
    external: list[Contradiction] = (),  # type: ignore[assignment]
    map_checks: dict[str, tuple[str, str]] | None = None,
) -> Assessment:
    """Status, origins, revisions and contradictions of one event (docs/ledger.md, section 2).

    ``external`` are contradictions found against claims outside the event (actors swapped,
    already checked for opposite-side claimants at the same settlement); they count for
    ``disputed`` while this event's claim in them is active. ``map_checks`` are the control
    map's verdicts on claims (``map_check.verdict``): an active claim the map bears out makes
    the event ``confirmed_by_map``; every verdict is a reason.
    """
    org = origins(claims)
    sup = superseded(claims)
    contras: list[Contradiction] = []
    ordered = sorted(claims, key=lambda c: (c.day or 0, c.claim_id))
    seen_figures: set[tuple] = set()
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            found = pair_contradiction(a, b)
            if found is None:
                continue
            if found.kind == "casualty_figures":  # one record per pair of differing figures
                figures = tuple(sorted((a.fatalities or 0, b.fatalities or 0)))
                if figures in seen_figures:
                    continue
                seen_figures.add(figures)
            contras.append(found)
    by_id = {c.claim_id: c for c in claims}
    active = [c for c in ordered if c.claim_id not in sup]
    reasons: list[str] = []

    # 1. Admission against interest, confirmed by the side that gains: two claims.
    admissions: list[str] = []
    undenied_first = sorted(active, key=lambda w: w.verification == "disputed")
    for loser in active:
        for winner in undenied_first:
            g = admission_pair(loser, winner, org) if winner is not loser else None
            if g is not None:
                admissions.append(
                    f"{loser.claim_id}: {_who(loser)} reports {loser.action}, in {g}'s favour: "
                    f"confirms {winner.claim_id}: {_who(winner)} reports {winner.action}"
                )
                break
    reasons += admissions

    # 2. Disputes: opposite-side claimants contradicting each other about one settlement.
    disputes: list[str] = []
    for x in contras:
        if x.kind not in DISPUTING or x.claim_a in sup or x.claim_b in sup:
            continue
        ca, cb = by_id[x.claim_a], by_id[x.claim_b]
        if opposite_sides(ca, cb) and same_settlement(ca, cb):
            disputes.append(f"{x.kind}: {x.claim_a} vs {x.claim_b}: {x.explanation}")
    for x in external:
        if x.kind not in DISPUTING:
            continue
        mine = [cid for cid in (x.claim_a, x.claim_b) if cid in by_id]
        if mine and all(cid not in sup for cid in mine):
            disputes.append(f"{x.kind}: {x.claim_a} vs {x.claim_b}: {x.explanation}")
    disputes += [
        f"{c.claim_id}: verification 'disputed' in the text: {_who(c)} says {c.action}, denied"
        for c in active
        if _is_denied_in_text(c)
    ]
    reasons += disputes

    # 3. Corroboration: two independent origins reporting the same happening.
    agreeing: list[str] = []
    paired: set[tuple[int, int]] = set()
    for i, a in enumerate(active):
        for b in active[i + 1 :]:
            key = tuple(sorted((org[a.claim_id], org[b.claim_id])))
            if key[0] == key[1] or key in paired or not _agree(a, b):
                continue
            paired.add(key)  # type: ignore[arg-type]
            agreeing.append(
                f"{a.claim_id}: {_who(a)} ({a.action}) and {b.claim_id}: {_who(b)} ({b.action}) "
                f"independently report it"
            )

    # 4. The control map, an independent source (ledger.map_check).
    checks = {c.claim_id: map_checks[c.claim_id] for c in ordered if map_checks and c.claim_id in map_checks}
    by_map = [reason for cid, (v, reason) in checks.items() if v == "confirmed" and cid not in sup]

    n_active = len({org[c.claim_id] for c in active})
    if admissions:
        status = "confirmed_by_adversary"
    elif by_map:
        status = "confirmed_by_map"
    elif disputes:
        status = "disputed"
    elif agreeing:
        status = "corroborated"
        reasons += agreeing
    elif sup:
        status = "superseded"
        reasons += [f"{old} revised by {new}" for old, new in sup.items()]
    else:
        status = "single_source"
        if n_active >= 2:
            reasons.append(
                f"{n_active} origins, but no two of them report the same happening at the same "
                "settlement within the window"
            )
    reasons += [reason for _v, reason in checks.values()]
    return Assessment(status, org, sup, contras, reasons, {cid: v for cid, (v, _r) in checks.items()})


def majority(values: list, default=None):  # type: ignore[no-untyped-def]
    """The most common non-None value; ties go to the earliest."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    best = max(counts.values())
    return next(v for v in values if v is not None and counts[v] == best)
