"""Geo stage: find place mentions in war reporting and resolve them to coordinates.

    from frontwatch.geo import Geoparser
    gp = Geoparser()
    tops = gp.find(text)              # list[Toponym], in text order
    locs = gp.resolve(text, tops)     # list[frontwatch.models.Location], same order

See docs/geo.md for the gazetteer build, variant rules, recognition and disambiguation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..models import Location
from .gazetteer import Candidate, Gazetteer
from .resolve import Resolver, precision
from .toponyms import Recognizer, Toponym

__all__ = ["Candidate", "Gazetteer", "Geoparser", "Toponym", "precision", "best_location"]

_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer (plus the user extension file), loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Gazetteer.load()
    return _DEFAULT


class Geoparser:
    """Toponym recognition + resolution over one gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self._rec = Recognizer(self.gazetteer)
        self._res = Resolver(self.gazetteer)
        self._cyr: Any = None  # the Cyrillic recogniser, built on the first Russian/Ukrainian text

    def use_fronts(self, fronts: object) -> None:
        """Weigh namesakes by the front line of the document's day from imported control maps:
        ``fronts(day)`` gives every gazetteer entry's km to that day's front (or None). None:
        the hand-drawn dated lines only."""
        self._res.fronts = fronts

    def find(self, text: str) -> list[Toponym]:
        """Every place mention in ``text``, in order (known or introduced by a strong cue)."""
        return self._rec.find(text)

    def find_cyrillic(self, text: str, sents: list, lang: str) -> list[Toponym]:
        """Every place mention of a Russian or Ukrainian text, inflected forms read through their
        lemmas (``geo.cyrillic``); ``sents`` are ``nlp_ruuk.sentences(text, lang)``."""
        if self._cyr is None:
            from .cyrillic import CyrillicRecognizer

            self._cyr = CyrillicRecognizer(self.gazetteer)
        return self._cyr.find(text, sents, lang)

    def resolve(self, text: str, tops: list[Toponym], published: date | str | None = None) -> list[Location]:
        """One Location per toponym (same order), disambiguated with the whole document.
        ``published`` (else the first full date in the text) picks the lines of the war of the day
        for the front-line prior."""
        return self._res.resolve(text, tops, published=published)

    def locate(self, text: str, published: date | str | None = None) -> list[Location]:
        """``resolve(text, find(text))``."""
        return self.resolve(text, self.find(text), published=published)


def best_location(locs: list[Location]) -> Location | None:
    """The location a single-event document would use: the first resolved settlement-level
    place (precision 1-2) introduced by a locative cue, else the first such place, else the
    most specific resolved one, else the first unresolved."""
    resolved = [x for x in locs if x.resolved]
    local = [x for x in resolved if x.geo_precision in (1, 2) and x.country is not None]
    for x in local:
        if x.relation and x.relation not in ("from",):
            return x
    if local:
        return local[0]
    if resolved:
        return min(resolved, key=lambda x: x.geo_precision or 3)
    return locs[0] if locs else None
