"""The gazetteer: entries (places) and the name indexes built by scripts/build_gazetteer.py.

Storage is columnar (one list per field) and the indexes map a key to entry indexes, so loading
is one ``json.loads`` and nothing is materialised until a lookup asks for it.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .variants import fold, loose, skeleton

# name quality (lower is better), packed into the name index as idx*4 + q
Q_OFFICIAL, Q_ALT, Q_RULE, Q_BASE = 0, 1, 2, 3
Q_SKELETON, Q_FUZZY = 4, 5
_Q_SCORE = {0: 1.0, 1: 0.9, 2: 0.8, 3: 0.6, 4: 0.65, 5: 0.4}

EXTRA_ENV = "FRONTWATCH_GAZETTEER_EXTRA"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry offered for a name, with the quality of the name match."""

    name: str
    id: str
    lat: float
    lon: float
    admin1: str | None
    admin2: str | None
    country: str | None
    kind: str
    population: int
    score: float
    idx: int = -1
    quality: int = 0


def extra_path() -> Path:
    """User gazetteer extension file (``Gazetteer.import_geonames`` writes it)."""
    env = os.environ.get(EXTRA_ENV)
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("frontwatch")) / "gazetteer-extra.jsonl"


def _levenshtein(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            cur.append(v)
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


class Gazetteer:
    """Places with coordinates, admin names and a multi-level name index."""

    def __init__(self, data: dict, extra: Path | None = None) -> None:
        e = data["entries"]
        self.ids: list[str] = e["id"]
        self.names: list[str] = e["name"]
        self.lat: list[float] = e["lat"]
        self.lon: list[float] = e["lon"]
        self.admin1: list[str | None] = e["admin1"]
        self.admin2: list[str | None] = e["admin2"]
        self.country: list[str | None] = e["country"]
        self.kind: list[str] = e["kind"]
        self.pop: list[int] = e["pop"]
        self.front: list[int] = e.get("front") or [255] * len(self.ids)
        # distance (km, capped at 255) to each dated line of the war (geo_frontline.json)
        self.fronts: dict[str, list[int]] = e.get("fronts") or {}
        self._names: dict[str, int | list[int]] = data["names"]
        self._skel: dict[str, int | list[int]] = data["skeletons"]
        self._buckets: dict[str, list[str]] | None = None
        self._cand_cache: dict[str, list[tuple[int, int]]] = {}
        self._fuzzy_cache: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self.by_id = {i: n for n, i in enumerate(self.ids)}
        # spelling-tolerant matches (skeleton, fuzzy) are only offered for the region of the war
        self._near = {"Ukraine", "Russia", "Belarus", "Moldova"}
        if extra is not None and extra.exists():
            self._load_extra(extra)

    # -- loading ----------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, extra: Path | None = None) -> Gazetteer:
        """Load the packaged gazetteer (or ``path``) plus the user extension file if present."""
        if path is None:
            raw = resources.files("frontwatch.data").joinpath("gazetteer.json.gz").read_bytes()
        else:
            raw = Path(path).read_bytes()
        data = json.loads(gzip.decompress(raw))
        return cls(data, extra=extra if extra is not None else extra_path())

    def _add_entry(self, **kw: object) -> int:
        idx = len(self.ids)
        self.ids.append(str(kw["id"]))
        self.names.append(str(kw["name"]))
        self.lat.append(float(kw["lat"]))  # type: ignore[arg-type]
        self.lon.append(float(kw["lon"]))  # type: ignore[arg-type]
        self.admin1.append(kw.get("admin1"))  # type: ignore[arg-type]
        self.admin2.append(kw.get("admin2"))  # type: ignore[arg-type]
        self.country.append(kw.get("country"))  # type: ignore[arg-type]
        self.kind.append(str(kw.get("kind") or "settlement"))
        self.pop.append(int(kw.get("pop") or 0))  # type: ignore[call-overload]
        self.front.append(255)
        for col in self.fronts.values():
            col.append(255)
        self.by_id[self.ids[-1]] = idx
        return idx

    def _index(self, idx: int, name: str, q: int) -> None:
        self._cand_cache.clear()
        k = fold(name)
        if len(k) < 2:
            return
        packed = idx * 4 + q
        cur = self._names.get(k)
        if cur is None:
            self._names[k] = packed
        elif isinstance(cur, int):
            self._names[k] = [cur, packed]
        else:
            cur.append(packed)
        sk = skeleton(k)
        if len(sk) >= 3:
            cur = self._skel.get(sk)
            if cur is None:
                self._skel[sk] = idx
            elif isinstance(cur, int):
                self._skel[sk] = [cur, idx]
            else:
                cur.append(idx)

    def _load_extra(self, path: Path) -> None:
        added: list[int] = []
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                if r["id"] in self.by_id:
                    continue
                cc = r.get("country")
                if cc and len(cc) == 2 and f"country:{cc.upper()}" in self.by_id:
                    r["country"] = self.names[self.by_id[f"country:{cc.upper()}"]]  # "UA" -> "Ukraine"
                idx = self._add_entry(**r)
                self._index(idx, r["name"], Q_OFFICIAL)
                for a in r.get("alternates", []):
                    self._index(idx, a, Q_ALT)
                added.append(idx)
        self._adopt_neighbours(added)

    def _adopt_neighbours(self, added: list[int]) -> None:
        """Imported places take admin1/admin2 and the front-line distances of the nearest packaged
        settlement within ~10 km (GeoNames dumps carry only numeric admin codes)."""
        todo = [
            i for i in added if self.country[i] in ("Ukraine", "Russia", "Belarus") and not self.admin1[i]
        ]
        if not todo:
            return
        grid: dict[tuple[int, int], list[int]] = {}
        n0 = min(added)
        for i in range(n0):
            if self.kind[i] == "settlement":
                grid.setdefault((int(self.lat[i] * 10), int(self.lon[i] * 10)), []).append(i)
        for i in todo:
            ci, cj = int(self.lat[i] * 10), int(self.lon[i] * 10)
            best, bd = -1, 1e9
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for j in grid.get((ci + di, cj + dj), ()):
                        if self.country[j] != self.country[i]:
                            continue
                        d = (self.lat[j] - self.lat[i]) ** 2 + ((self.lon[j] - self.lon[i]) * 0.66) ** 2
                        if d < bd:
                            best, bd = j, d
            if best >= 0 and bd < 0.01:  # ~11 km
                self.admin1[i], self.admin2[i] = self.admin1[best], self.admin2[best]
                self.front[i] = self.front[best]
                for col in self.fronts.values():
                    col[i] = col[best]

    @staticmethod
    def import_geonames(path: str | Path, out: str | Path | None = None, min_population: int = 0) -> int:
        """Extend the gazetteer from a GeoNames country dump (e.g. ``UA.txt``, tab-separated).

        Populated places (feature class P) are appended to the user file (``extra_path()``,
        or ``out``), which :meth:`load` reads on every start. Returns the number of places added.
        """
        dest = Path(out) if out else extra_path()
        dest.parent.mkdir(parents=True, exist_ok=True)
        seen: set[str] = set()
        if dest.exists():
            with dest.open(encoding="utf-8") as f:
                seen = {json.loads(x)["id"] for x in f if x.strip()}
        n = 0
        with Path(path).open(encoding="utf-8", newline="") as f, dest.open("a", encoding="utf-8") as w:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 15 or row[6] != "P":
                    continue
                pop = int(row[14] or 0)
                gid = f"geonames:{row[0]}"
                if pop < min_population or gid in seen:
                    continue
                alts = sorted({a for a in row[3].split(",") if a} | {row[2]})
                rec = {
                    "id": gid, "name": row[1], "lat": float(row[4]), "lon": float(row[5]),
                    "admin1": None, "admin2": None, "country": row[8], "kind": "settlement",
                    "pop": pop, "alternates": alts,
                }  # fmt: skip
                w.write(json.dumps(rec, ensure_ascii=False) + "\n")
                seen.add(gid)
                n += 1
        return n

    # -- lookups ----------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def exact(self, name: str) -> list[tuple[int, int]]:
        """(entry index, quality) for an exact (folded) name."""
        v = self._names.get(fold(name))
        if v is None:
            return []
        if isinstance(v, int):
            return [(v >> 2, v & 3)]
        return [(x >> 2, x & 3) for x in v]

    def by_skeleton(self, name: str) -> list[int]:
        v = self._skel.get(skeleton(name))
        if v is None:
            return []
        return [i for i in ([v] if isinstance(v, int) else v) if self.country[i] == "Ukraine"]

    def fuzzy(self, name: str, max_dist: int | None = None) -> list[tuple[int, int]]:
        """Entries whose skeleton is within a small edit distance: (index, distance)."""
        sk = skeleton(name)
        if len(sk) < 5:
            return []
        if max_dist is None:
            max_dist = 1 if len(sk) < 8 else 2
        key = (sk, max_dist)
        hit = self._fuzzy_cache.get(key)
        if hit is not None:
            return hit
        if self._buckets is None:
            buckets: dict[str, list[str]] = {}
            for k in self._skel:
                buckets.setdefault(k[:3], []).append(k)
            self._buckets = buckets
        out: list[tuple[int, int]] = []
        for k in self._buckets.get(sk[:3], ()):
            if abs(len(k) - len(sk)) > max_dist:
                continue
            d = _levenshtein(sk, k, max_dist)
            if d <= max_dist:
                v = self._skel[k]
                out.extend(
                    (i, d) for i in ([v] if isinstance(v, int) else v) if self.country[i] in self._near
                )
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[key] = out
        return out

    def candidate(self, idx: int, quality: int = 0, score: float | None = None) -> Candidate:
        return Candidate(
            name=self.names[idx], id=self.ids[idx], lat=self.lat[idx], lon=self.lon[idx],
            admin1=self.admin1[idx], admin2=self.admin2[idx], country=self.country[idx],
            kind=self.kind[idx], population=self.pop[idx],
            score=_Q_SCORE[quality] if score is None else score, idx=idx, quality=quality,
        )  # fmt: skip

    def candidates(
        self, name: str, fuzzy: bool = False, every_spelling: bool = False
    ) -> list[tuple[int, int]]:
        """(index, quality) for a name: exact keys plus skeleton-equal entries (a namesake spelt
        otherwise), else (if asked) fuzzy matches. ``every_spelling``: the skeleton-equal entries
        are kept even when the name is some place's own: a Russian name ("Песчаное") stands for
        the Ukrainian places so named ("Піщане") as much as for those listed under it."""
        key = fold(name) + ("\x00all" if every_spelling else "")
        hit = self._cand_cache.get(key)
        if hit is None:
            hit = self._candidates(name, every_spelling)
            if len(self._cand_cache) > 200_000:
                self._cand_cache.clear()
            self._cand_cache[key] = hit
        if not hit and fuzzy:
            return [(i, Q_FUZZY) for i, _ in self.fuzzy(name)]
        return hit

    def _alt_counts(self, i: int, key: str) -> bool:
        """Whether a GeoNames alternate name ``key`` (folded) may stand for the far-away town ``i``.

        Outside the region of the war (Ukraine, Russia, Belarus, Moldova) the Latin alternates of
        GeoNames towns are mostly other languages' exonyms, airport codes and noise ("led" for
        Saint Petersburg's airport, "Hamas" for Hamm, "Media" for Médéa, "Google" for Topeka); an
        English text names such a town by its own name or by words of it ("New York" for New York
        City, "Frankfurt"). Cyrillic alternates (the Russian/Ukrainian names) always count. A Latin
        alternate of three letters or fewer is an airport or other code ("LED", "KBP") anywhere."""
        if self.kind[i] != "settlement" or not key.isascii():
            return True
        if len(key.replace(" ", "")) <= 3:
            return False
        if self.country[i] in self._near:
            return True
        words, own = key.split(), fold(self.names[i]).split()
        n = len(words)
        return any(own[k : k + n] == words for k in range(len(own) - n + 1))

    def _candidates(self, name: str, every_spelling: bool = False) -> list[tuple[int, int]]:
        best: dict[int, int] = {}
        key = fold(name)
        for i, q in self.exact(name):
            if q == Q_ALT and not self._alt_counts(i, key):
                continue
            best[i] = min(q, best.get(i, 9))
        skel = [i for i in self.by_skeleton(name) if i not in best]
        lk = loose(name)
        for i in skel:
            best[i] = Q_SKELETON
        for i, q in best.items():
            if q and self.country[i] == "Ukraine" and loose(self.names[i]) == lk:
                # "Vodyane" for "Vodiane", "Troyitske" for "Troitske": only the romanization differs
                best[i] = Q_OFFICIAL
        if skel and not every_spelling and any(q <= Q_RULE for q in best.values()):
            # a name that is some place's own (or rule-made) spelling does not also stand
            # for every place whose skeleton it shares ("Orlivka" is not "Horlivka")
            best = {i: q for i, q in best.items() if q != Q_SKELETON}
        return sorted(best.items())

    def lookup(self, name: str, limit: int = 10) -> list[Candidate]:
        """Candidates for a name, best first (name quality, then population, then kind)."""
        import math

        hits = self.candidates(name, fuzzy=True)
        kind_bonus = {"country": 0.3, "admin1": 0.2, "settlement": 0.0, "admin2": -0.1, "admin3": -0.2}
        scored = []
        for i, q in hits:
            s = _Q_SCORE[q] + 0.1 * math.log10(1 + self.pop[i]) + kind_bonus.get(self.kind[i], 0)
            if self.country[i] == "Ukraine":
                s += 0.1 + (0.1 if self.front[i] < 50 else 0.0)
            scored.append((round(s, 3), i, q))
        scored.sort(key=lambda t: -t[0])
        return [self.candidate(i, q, s) for s, i, q in scored[:limit]]
