"""Statuses and contradictions of one event, from its member claims (pure functions).

Precedence, highest first (docs/ledger.md): ``confirmed_by_adversary`` > ``disputed`` >
``corroborated`` > ``superseded`` > ``single_source``. Superseded claims (revised later by
the same origin) are set aside before the other statuses are judged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from .cluster import LClaim
from .rules import OPPOSITE, base_window_days, gain_side, norm_key, polarity

STATUSES = ("confirmed_by_adversary", "disputed", "corroborated", "superseded", "single_source")
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


# -- the status -----------------------------------------------------------------------------------


def _revises(old: LClaim, new: LClaim) -> bool:
    return (
        old.action != new.action
        or old.fatalities != new.fatalities
        or polarity(old.action, old.family) != polarity(new.action, new.family)
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


def assess(claims: list[LClaim], external: list[Contradiction] = ()) -> Assessment:  # type: ignore[assignment]
    """Status, origins, revisions and contradictions of one event.

    ``external`` are contradictions found against claims outside the event (actors swapped);
    they count for ``disputed`` like the others.
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
    active = [c for c in claims if c.claim_id not in sup]
    reasons: list[str] = []

    # A strike reported by the side that was hit is the victim's report, not an admission: it
    # counts only when the attacker's side claims the hit too (both belligerents assert it).
    hit_claimed_by = {
        c.claimant_side for c in active if c.family == "strike" and polarity(c.action, c.family) == "hit"
    }
    admissions: list[LClaim] = []
    for c in active:
        g = gain_side(c.action, c.family, c.side)
        if g is None or c.claimant_side != OPPOSITE[g] or c.verification == "disputed":
            continue
        if c.family == "strike" and polarity(c.action, c.family) == "hit" and g not in hit_claimed_by:
            continue
        admissions.append(c)
        reasons.append(f"{c.claim_id}: {_who(c)} reports {c.action}, in {g}'s favour")

    disputes: list[str] = []
    for x in contras + list(external):
        if x.kind not in DISPUTING or x.claim_a in sup or x.claim_b in sup:
            continue
        ca, cb = by_id.get(x.claim_a), by_id.get(x.claim_b)
        sa = ca.claimant_side if ca else None
        sb = cb.claimant_side if cb else None
        if ca is None or cb is None or sa != sb:
            disputes.append(f"{x.kind}: {x.explanation}")
    disputes += [
        f"{c.claim_id}: verification 'disputed' in the text" for c in active if c.verification == "disputed"
    ]
    reasons += disputes

    n_active = len({org[c.claim_id] for c in active})
    if admissions:
        status = "confirmed_by_adversary"
    elif disputes:
        status = "disputed"
    elif n_active >= 2:
        status = "corroborated"
        reasons.append(f"{n_active} independent origins")
    elif sup:
        status = "superseded"
        reasons += [f"{old} revised by {new}" for old, new in sup.items()]
    else:
        status = "single_source"
    return Assessment(status, org, sup, contras, reasons)


def majority(values: list, default=None):  # type: ignore[no-untyped-def]
    """The most common non-None value; ties go to the earliest."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    best = max(counts.values())
    return next(v for v in values if v is not None and counts[v] == best)
