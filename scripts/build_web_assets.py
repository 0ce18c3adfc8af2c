"""Build the web page's offline assets (issue "The ledger on a map"): nothing is fetched at run
time, so the page works with no internet at all.

    .venv/bin/python scripts/build_web_assets.py [--boundaries ../shared/data/boundaries]

1. **MapLibre GL JS**, pinned (``MAPLIBRE_VERSION``), from the npm registry tarball, checked
   against the registry's SHA-512 integrity, unpacked to
   ``src/frontwatch/web/static/vendor/maplibre-gl/`` with its licence (BSD-3-Clause).
2. **Place names**: the packaged gazetteer's settlements in Ukraine of at least
   ``PLACE_MIN_POP`` people (COD-AB and GeoNames, see GAZETTEER-ATTRIBUTION.md), as
   ``basemap/places.json`` (``[name, lon, lat, population]``, largest first): the page labels the
   largest ones in view as the user zooms in.
3. **The basemap**, from data the project may ship: Natural Earth 1:110m countries (public
   domain) around Ukraine, and Ukraine's oblasts from geoBoundaries ADM1 (CC BY 4.0, attribution
   in ``ATTRIBUTION.md``), simplified and with coordinates rounded to ~100 m, to
   ``src/frontwatch/web/static/basemap/``.

Run it again to update; the outputs are committed, so installing frontwatch downloads nothing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

import shapely

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "frontwatch" / "web" / "static"
MAPLIBRE_VERSION = "4.7.1"
REGISTRY = "https://registry.npmjs.org/maplibre-gl"
MAPLIBRE_FILES = {
    "package/dist/maplibre-gl.js": "maplibre-gl.js",
    "package/dist/maplibre-gl.css": "maplibre-gl.css",
    "package/LICENSE.txt": "LICENSE.txt",
}
#: lon_min, lat_min, lon_max, lat_max of the countries kept: Ukraine and its neighbourhood.
BASEMAP_BBOX = (10.0, 36.0, 50.0, 60.0)
SIMPLIFY_DEG = 0.005
PLACE_MIN_POP = 1000
DECIMALS = 3

ATTRIBUTION = """# Offline basemap: sources and licences

- `countries.geojson`: Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries
  (https://www.naturalearthdata.com/). Public domain. Countries intersecting {bbox} kept,
  properties reduced to `name` and `iso_a3`.
- `oblasts.geojson`: geoBoundaries, Ukraine ADM1 (https://www.geoboundaries.org/), by the William
  & Mary geoLab. CC BY 4.0: Runfola, D. et al. (2020) geoBoundaries: A global database of political
  administrative boundaries. PLoS ONE 15(4): e0231866. Simplified to {tol} degrees, properties
  reduced to `name` and `iso`.

- `places.json`: settlement names, positions and populations from frontwatch's gazetteer
  (OCHA/HDX COD-AB for Ukraine, via the `ua-location` package, ISC; GeoNames, CC BY 4.0): see
  `src/frontwatch/data/GAZETTEER-ATTRIBUTION.md`. Settlements of at least {min_pop} people.

Built by `scripts/build_web_assets.py`.
"""


def fetch_maplibre(out: Path) -> None:
    meta = json.loads(urllib.request.urlopen(REGISTRY, timeout=60).read())
    dist = meta["versions"][MAPLIBRE_VERSION]["dist"]
    data = urllib.request.urlopen(dist["tarball"], timeout=120).read()
    algo, _, expected = dist["integrity"].partition("-")
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if digest != expected:
        raise SystemExit(f"maplibre-gl {MAPLIBRE_VERSION}: integrity mismatch")
    out.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member, name in MAPLIBRE_FILES.items():
            fh = tar.extractfile(member)
            if fh is None:
                raise SystemExit(f"maplibre-gl {MAPLIBRE_VERSION}: {member} missing")
            (out / name).write_bytes(fh.read())
    (out / "VERSION").write_text(f"maplibre-gl {MAPLIBRE_VERSION} ({dist['tarball']}, {dist['integrity']})\n")


def _rounded(geom: object) -> dict:
    geom = shapely.set_precision(shapely.simplify(geom, SIMPLIFY_DEG), 10**-DECIMALS)
    return json.loads(shapely.to_geojson(geom))


def build_basemap(boundaries: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    box = shapely.box(*BASEMAP_BBOX)
    countries = json.loads((boundaries / "natural-earth-110m-countries.json").read_text(encoding="utf-8"))
    kept = []
    for f in countries["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        if geom.intersects(box):
            p = f["properties"]
            kept.append(
                {
                    "type": "Feature",
                    "properties": {"name": p.get("ADMIN") or p.get("NAME"), "iso_a3": p.get("ADM0_A3")},
                    "geometry": _rounded(geom),
                }
            )
    (out / "countries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": kept}), encoding="utf-8"
    )
    oblasts = json.loads((boundaries / "ukraine-adm1-simplified.geojson").read_text(encoding="utf-8"))
    feats = [
        {
            "type": "Feature",
            "properties": {"name": f["properties"].get("shapeName"), "iso": f["properties"].get("shapeISO")},
            "geometry": _rounded(shapely.geometry.shape(f["geometry"])),
        }
        for f in oblasts["features"]
    ]
    (out / "oblasts.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8"
    )
    (out / "ATTRIBUTION.md").write_text(
        ATTRIBUTION.format(bbox=BASEMAP_BBOX, tol=SIMPLIFY_DEG, min_pop=PLACE_MIN_POP), encoding="utf-8"
    )


def build_places(out: Path) -> None:
    from frontwatch.geo.gazetteer import Gazetteer

    g = Gazetteer.load(extra=Path("/nonexistent"))  # the packaged gazetteer only, not a user's additions
    rows = [
        [g.names[i], round(g.lon[i], 4), round(g.lat[i], 4), g.pop[i]]
        for i in range(len(g.ids))
        if g.country[i] == "Ukraine" and g.kind[i] == "settlement" and g.pop[i] >= PLACE_MIN_POP
    ]
    rows.sort(key=lambda r: (-r[3], r[0]))
    (out / "places.json").write_text(
        json.dumps(rows, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--boundaries", type=Path, default=ROOT.parent / "shared" / "data" / "boundaries")
    ap.add_argument("--skip-maplibre", action="store_true")
    args = ap.parse_args()
    if not args.skip_maplibre:
        fetch_maplibre(STATIC / "vendor" / "maplibre-gl")
    build_basemap(args.boundaries, STATIC / "basemap")
    build_places(STATIC / "basemap")
    for p in sorted(STATIC.rglob("*")):
        if p.is_file():
            print(f"{p.relative_to(ROOT)}  {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
