"""The places a control map is read for: every settlement of the gazetteer in Ukraine, and in
Russia near it (``REGION``), with coordinates in the km projection all control geometry uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: lon_min, lat_min, lon_max, lat_max: Ukraine and the Russian land along it. Polygons wholly
#: outside it (DeepStateMap's joke polygons over Karelia or the Kurils) are ignored.
REGION = (21.5, 43.5, 41.5, 53.5)
#: The projection: x = lon * KX, y = lat * KY (km). One cosine for the whole country
#: (latitude 48.5): across 44-53 degrees north the error in distances stays under 10 %.
KY = 111.32
KX = 111.32 * float(np.cos(np.radians(48.5)))
COUNTRIES = ("Ukraine", "Russia")


@dataclass(frozen=True)
class Places:
    """Settlements, in a fixed order: ``ids[i]`` is at ``x[i], y[i]`` (km) in ``country[i]``."""

    ids: list[str]
    names: list[str]
    lat: np.ndarray
    lon: np.ndarray
    x: np.ndarray
    y: np.ndarray
    in_russia: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.ids)


def project(lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(lon) * KX, np.asarray(lat) * KY


def from_gazetteer(gaz: object | None = None) -> Places:
    """The settlements of ``gaz`` (the packaged gazetteer with the user's extension by default)
    in Ukraine, and in Russia inside ``REGION``."""
    if gaz is None:
        from ..geo.gazetteer import Gazetteer

        gaz = Gazetteer.load()
    g = gaz
    lo0, la0, lo1, la1 = REGION
    keep = [
        i
        for i in range(len(g.ids))  # type: ignore[attr-defined]
        if g.kind[i] == "settlement"  # type: ignore[attr-defined]
        and g.country[i] in COUNTRIES  # type: ignore[attr-defined]
        and lo0 <= g.lon[i] <= lo1  # type: ignore[attr-defined]
        and la0 <= g.lat[i] <= la1  # type: ignore[attr-defined]
    ]
    lat = np.array([g.lat[i] for i in keep], dtype=float)  # type: ignore[attr-defined]
    lon = np.array([g.lon[i] for i in keep], dtype=float)  # type: ignore[attr-defined]
    x, y = project(lon, lat)
    return Places(
        ids=[g.ids[i] for i in keep],  # type: ignore[attr-defined]
        names=[g.names[i] for i in keep],  # type: ignore[attr-defined]
        lat=lat,
        lon=lon,
        x=x,
        y=y,
        in_russia=np.array([g.country[i] == "Russia" for i in keep], dtype=bool),  # type: ignore[attr-defined]
    )


@lru_cache(maxsize=1)
def default_places() -> Places:
    return from_gazetteer()
