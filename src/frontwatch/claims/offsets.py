"""Which items of a document-wide list (toponyms, date mentions) start inside a span, without
scanning the whole list for every sentence or claim.

A per-sentence ``[x for x in items if start <= x.start < end]`` is O(sentences x items): quadratic
in the length of a long text (docs/pipeline.md, "Long texts"). ``starting_in`` gives the same
indices, in list order, by bisecting a sorted index of the starts built once per list.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

# id(list) -> (the list itself, its length, positions in start order, starts in that order).
# Holding the list keeps its id from being reused while it is cached.
_INDEX: dict[int, tuple[Sequence, int, list[int], list[int]]] = {}
_MAX_CACHED = 32


def _index(items: Sequence) -> tuple[list[int], list[int]]:
    hit = _INDEX.get(id(items))
    if hit is not None and hit[0] is items and hit[1] == len(items):
        return hit[2], hit[3]
    order = sorted(range(len(items)), key=lambda i: items[i].start)
    starts = [items[i].start for i in order]
    if len(_INDEX) >= _MAX_CACHED:
        _INDEX.clear()
    _INDEX[id(items)] = (items, len(items), order, starts)
    return order, starts


def starting_in(items: Sequence, start: int, end: int) -> list[int]:
    """Indices ``i`` of ``items`` with ``start <= items[i].start < end``, in list order (the same
    as scanning the list). Items need a ``start``; the list must not change its starts later."""
    if start >= end or not items:
        return []
    order, starts = _index(items)
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end)
    return sorted(order[lo:hi])
