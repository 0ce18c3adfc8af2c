"""The ledger: claims grouped into events, each with a status, its contradictions, and
timelines per place (docs/ledger.md).

    ledger = Ledger(store)
    ledger.update()                       # cluster claims not in any event yet (incremental)
    for ev in ledger.events(status="disputed"): ...
    story = ledger.event("ev_...")        # the event and each claim behind it
    ledger.place_timeline("Avdiivka")     # every claim about a place, in date order
"""

from __future__ import annotations

from .cluster import Clusterer, LClaim, make_event_id, sort_key
from .core import Event, EventStory, Ledger, StoryClaim, TimelineEntry, UpdateSummary
from .rules import ACTION_FAMILY, family_of, offensive_side
from .status import CONTRADICTION_KINDS, STATUSES, Assessment, Contradiction, assess

__all__ = [
    "ACTION_FAMILY",
    "CONTRADICTION_KINDS",
    "STATUSES",
    "Assessment",
    "Clusterer",
    "Contradiction",
    "Event",
    "EventStory",
    "LClaim",
    "Ledger",
    "StoryClaim",
    "TimelineEntry",
    "UpdateSummary",
    "assess",
    "family_of",
    "make_event_id",
    "offensive_side",
    "sort_key",
]
