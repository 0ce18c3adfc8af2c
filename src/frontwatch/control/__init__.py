"""Territorial control: who held each place on each day, from imported control maps
(DeepStateMap snapshots or any GeoJSON with a status per polygon), and claims checked against
them. See docs/control.md.

    from frontwatch.control import import_maps, load_view
    summary = import_maps(store, ["maps/"])          # idempotent; bad files reported, not fatal
    view = load_view(store)
    view.at("UA1402013001", date(2023, 6, 1))        # Control(status="russia", since=..., ...)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

# Submodules load on first use (PEP 562), so extraction can import ``control.claims`` without
# shapely or the store: ``from frontwatch.control import read_map`` still works.
_LAZY = {
    "read_snapshot": "compute",
    "STATUSES": "names",
    "polygon_status": "names",
    "status_value": "names",
    "Places": "places",
    "default_places": "places",
    "MapError": "read",
    "MapFile": "read",
    "file_date": "read",
    "read_map": "read",
    "front_geojson": "storage",
    "area_features": "storage",
    "load_view": "storage",
    "rebuild_intervals": "storage",
    "save_snapshot": "storage",
    "snapshot_list": "storage",
    "snapshot_sha": "storage",
    "stored_places": "storage",
    "UNKNOWN": "view",
    "Control": "view",
    "ControlView": "view",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "area_features",
    "STATUSES",
    "UNKNOWN",
    "Control",
    "ControlView",
    "ImportSummary",
    "MapError",
    "MapFile",
    "Places",
    "file_date",
    "front_geojson",
    "import_maps",
    "load_view",
    "map_files",
    "polygon_status",
    "read_map",
    "snapshot_list",
    "status_value",
]

#: The map a snapshot belongs to when the user names none, by the form of its file.
DEFAULT_MAP = {"deepstatemap": "deepstatemap", "occupied": "deepstatemap-occupied", "generic": "custom"}
SUFFIXES = (".geojson", ".json", ".geojson.gz", ".json.gz")


@dataclass
class ImportSummary:
    """What ``import_maps`` did."""

    imported: int = 0
    unchanged: int = 0  # the same file (same map, day and content) was imported before
    failed: int = 0
    maps: dict[str, int] = field(default_factory=dict)  # snapshots imported per map
    intervals: int = 0
    seconds: float = 0.0


def map_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """``(file, problem)`` for every map file named or found (recursively) in a folder, in
    sorted order; ``problem`` says why a named path cannot be read."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(SUFFIXES))
            if not found:
                yield p, "no .geojson/.json files (optionally .gz) in this folder"
            for f in found:
                yield f, None
        elif p.exists():
            yield p, None
        else:
            yield p, "no such file or directory"


def import_maps(
    store: object,
    paths: Iterable[str | Path],
    *,
    map_name: str | None = None,
    on_problem: Callable[[str, str], None] | None = None,
    on_file: Callable[[], None] | None = None,
    places: Any = None,
) -> ImportSummary:
    """Import control-map files into ``store``: each file is one snapshot (one map, one day),
    read for every settlement (status and km to the front) and stored; the change intervals of
    the maps touched are then rebuilt. Importing a file again changes nothing; a newer file for
    the same map and day replaces the older. A file that cannot be read is reported to
    ``on_problem(path, message)`` and skipped."""
    from .compute import read_snapshot
    from .places import default_places
    from .read import MapError, read_map
    from .storage import (
        areas_geojson,
        load_view,
        rebuild_intervals,
        save_snapshot,
        snapshot_sha,
        stored_places,
    )

    t0 = time.perf_counter()
    summary = ImportSummary()
    stored = stored_places(store, places or default_places())  # type: ignore[arg-type]
    touched: set[str] = set()
    for path, problem in map_files(paths):
        if on_file is not None:
            on_file()
        if problem is None:
            try:
                snap = read_map(path)
            except (MapError, OSError, EOFError) as exc:
                problem = str(exc) or type(exc).__name__
        if problem is not None:
            summary.failed += 1
            if on_problem is not None:
                on_problem(str(path), problem)
            continue
        name = map_name or DEFAULT_MAP[snap.form]
        if snapshot_sha(store, name, snap.date) == snap.sha256:  # type: ignore[arg-type]
            summary.unchanged += 1
            continue
        reading = read_snapshot(stored, snap)
        save_snapshot(
            store, name, snap.date, snap.form, str(path), snap.sha256, reading, areas_geojson(snap.polygons)
        )  # type: ignore[arg-type]
        summary.imported += 1
        summary.maps[name] = summary.maps.get(name, 0) + 1
        touched.add(name)
    if touched:
        summary.intervals = rebuild_intervals(store, load_view(store), touched)  # type: ignore[arg-type]
    summary.seconds = time.perf_counter() - t0
    return summary
