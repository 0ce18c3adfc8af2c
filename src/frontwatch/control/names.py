"""Who holds the ground a polygon covers, read from its name or status (``lexicons/control.json``).

DeepStateMap names its polygons "Ukrainian /// English /// code" ("Окуповано /// Occupied ///
geoJSON.status.occupied", "Звільнено 25.03 /// Liberated 25.03", "CADR and CALR"); early files
are Ukrainian only. The name is case-folded, digits dropped, and matched against the phrase
lists of four classes in order: ignore, contested, russia, ukraine. A generic map says the
status in a ``status`` property instead (``status_value``).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

STATUSES = ("ukraine", "russia", "contested")
_ORDER = ("ignore", "contested", "russia", "ukraine")
_DIGITS = re.compile(r"[\d.\-–]+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return json.loads(files("frontwatch").joinpath("lexicons", "control.json").read_text("utf-8"))


def normalise(name: str) -> str:
    """Case-folded, digits and date punctuation dropped, white space (NBSP too) collapsed."""
    return _SPACE.sub(" ", _DIGITS.sub(" ", name.casefold())).strip()


@lru_cache(maxsize=4096)
def polygon_status(name: str) -> str | None:
    """``ukraine``, ``russia`` or ``contested`` for a polygon's name; None for a polygon that says
    nothing about control of Ukrainian ground (ignored, or a name no list knows)."""
    text = normalise(name)
    if not text:
        return None
    lex = _lexicon()
    for cls in _ORDER:
        if any(p in text for p in lex[cls]["phrases"]):
            return None if cls == "ignore" else cls
    return None


def status_value(value: object) -> str | None:
    """The status a generic map's ``status`` property means (``ukraine``/``russia``/``contested``)."""
    if not isinstance(value, str):
        return None
    return _lexicon()["status_aliases"].get(value.strip().casefold())
