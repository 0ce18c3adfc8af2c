"""Query parameters as Python values: dates, ``near`` (a place in any spelling or LAT,LON),
``bbox``, and the one-message error every bad value becomes (HTTP 422).

Nothing here imports the command line: ``resolve_near`` is the API's twin of the CLI's
``--near`` (same gazetteer lookup, same default radius), raising :class:`ApiError` instead of
printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

#: Kilometres around ``near`` when no ``radius`` is given (as the CLI's ``--radius``).
DEFAULT_RADIUS_KM = 25.0
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ApiError(Exception):
    """A request the API refuses: answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad(message: str) -> ApiError:
    """A bad parameter value (422)."""
    return ApiError(422, message)


def parse_day(value: str | None, name: str) -> date | None:
    """``YYYY-MM-DD`` as a date; anything else (``March``, a Unix timestamp) is a 422."""
    if value is None or value == "":
        return None
    if _ISO_DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise bad(f"{name} {value!r} is not a date (YYYY-MM-DD)")


@dataclass(frozen=True)
class Near:
    """The point ``near`` resolved to, the radius, and the gazetteer entry when a name was given."""

    lat: float
    lon: float
    radius_km: float
    name: str | None = None
    admin1: str | None = None
    gazetteer_id: str | None = None

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "gazetteer_id": self.gazetteer_id,
            "lat": self.lat,
            "lon": self.lon,
            "radius_km": self.radius_km,
        }


def parse_point(text: str) -> tuple[float, float] | None:
    """``"lat,lon"`` as floats (checked for range), or None when ``text`` is not two numbers."""
    try:
        lat, lon = (float(x) for x in text.split(","))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise bad(f"near {text!r}: latitude must be within ±90 and longitude within ±180")
    return lat, lon


def gazetteer_place(name: str) -> Any:
    """The gazetteer's best entry for a place name in any spelling (or its first comma part:
    "Pokrovsk, Donetsk"), or None."""
    from ..geo import default_gazetteer

    gazetteer = default_gazetteer()
    return gazetteer.lookup(name, limit=1) or gazetteer.lookup(name.split(",")[0].strip(), limit=1) or None


def resolve_near(near: str | None, radius: float | None) -> Near | None:
    """``near`` and ``radius`` as a :class:`Near`: LAT,LON as given, a name through the gazetteer
    (any spelling: "Artemovsk" is Bakhmut); ``radius`` alone, or an unknown place, is a 422."""
    if near is None or not near.strip():
        if radius is not None:
            raise bad("radius needs near (a place name or LAT,LON)")
        return None
    km = radius if radius is not None else DEFAULT_RADIUS_KM
    point = parse_point(near)
    if point is not None:
        return Near(point[0], point[1], km)
    found = gazetteer_place(near.strip())
    if not found:
        raise bad(f"near {near!r}: no such place in the gazetteer (give LAT,LON instead)")
    c = found[0]
    return Near(c.lat, c.lon, km, c.name, c.admin1 or c.country, c.id)


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


def parse_bbox(value: str | None) -> BBox | None:
    """``minlon,minlat,maxlon,maxlat`` (GeoJSON's order) as a :class:`BBox`; a 422 otherwise."""
    if value is None or value == "":
        return None
    try:
        parts = [float(x) for x in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise bad(f"bbox {value!r} is not minlon,minlat,maxlon,maxlat (four numbers)")
    box = BBox(*parts)
    if not (-180 <= box.min_lon <= box.max_lon <= 180 and -90 <= box.min_lat <= box.max_lat <= 90):
        raise bad(f"bbox {value!r}: need -180 <= minlon <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90")
    return box
