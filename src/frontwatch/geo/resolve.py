"""Disambiguation (which Novoselivka?) and ACLED-style precision for recognised toponyms.

Each candidate gets an additive score: name-match quality, population, the admin1 written right
after the name (", Kharkiv"), oblasts named in the same sentence and in the document, proximity
to the other places of the document (second pass), and a soft prior for Ukraine and the
front-line oblasts. Confidence is the softmax share of the winner times the match quality.
"""

from __future__ import annotations

import bisect
import math
import re

from ..models import Location
from .gazetteer import _Q_SCORE, Q_FUZZY, Gazetteer
from .lexicon import GeoLexicon, lexicon
from .toponyms import Toponym

_SENT_END = re.compile(r"[.!?\n]+(?=\s|$)")
_BORDER = re.compile(r"\bborder|\bbetween\b", re.IGNORECASE)
_NEAR_RELS = {"near", "outskirts", "direction", "between", "border", "district"}
_NEIGHBOURS = {"Russia": 0.4, "Belarus": 0.3, "Moldova": 0.3}


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def precision(relation: str | None, kind: str) -> int:
    """ACLED geo-precision: 1 the place itself, 2 near it / part of a region, 3 only a region."""
    if kind in ("admin1", "country"):
        return 3
    if kind in ("admin2", "admin3"):
        return 2
    if relation and (relation in _NEAR_RELS or relation.startswith("within")):
        return 2
    return 1


class Resolver:
    def __init__(self, gazetteer: Gazetteer, lex: GeoLexicon | None = None) -> None:
        self.gaz = gazetteer
        self.lex = lex or lexicon()
        self._a1_entry = {
            self.gaz.admin1[i]: i
            for i in range(len(self.gaz))
            if self.gaz.kind[i] == "admin1" and self.gaz.country[i] == "Ukraine"
        }

    # -- candidates -----------------------------------------------------------------------
    def _cands(self, t: Toponym) -> list[tuple[int, int]]:
        g = self.gaz
        if not t.known:
            return [(i, Q_FUZZY) for i, d in g.fuzzy(t.name, 2 if len(t.name) >= 7 else 1)]
        grp = self.lex.region_groups.get(t.name.lower().replace("-", " "))
        if grp:
            names = [self.lex.admin1_names[p] for p in grp]
            return [(self._a1_entry[n], 0) for n in names if n in self._a1_entry][:1]
        cands = g.candidates(t.name)
        want = t.kind
        if want == "settlement":
            cs = [c for c in cands if g.kind[c[0]] == "settlement"]
        else:
            cs = [c for c in cands if g.kind[c[0]] == want]
        return cs or [c for c in cands if g.kind[c[0]] in ("settlement", "admin1", "country")]

    def _score(
        self,
        i: int,
        q: int,
        hint: str | None,
        sent_a1: set[str],
        doc_a1: set[str],
        anchors: list[tuple[float, float]],
    ) -> float:
        g = self.gaz
        pop = g.pop[i]
        s = 3.0 * _Q_SCORE[q] + (math.log10(pop) - 2.5 if pop > 316 else 0.0)
        a1 = g.admin1[i]
        country = g.country[i]
        if hint:
            s += 6.0 if a1 == hint else -2.0
        if a1 in sent_a1:
            s += 3.0
        elif a1 in doc_a1:
            s += 1.5
        if country == "Ukraine":
            s += 1.0
            if a1 in self.lex.frontline:
                s += 0.5
            fr = g.front[i]
            s += 2.0 if fr < 10 else 1.5 if fr < 25 else 1.0 if fr < 50 else 0.5 if fr < 80 else 0.0
        else:
            s += _NEIGHBOURS.get(country or "", 0.0)
        if anchors:
            d = min(haversine(g.lat[i], g.lon[i], la, lo) for la, lo in anchors)
            s += 2.5 if d < 30 else 1.5 if d < 80 else 0.5 if d < 200 else 0.0
        return s

    # -- main -------------------------------------------------------------------------------
    def resolve(self, text: str, tops: list[Toponym]) -> list[Location]:
        g = self.gaz
        ends = [m.end() for m in _SENT_END.finditer(text)]

        def sent(pos: int) -> int:
            return bisect.bisect_right(ends, pos)

        # oblasts mentioned: per sentence and per document
        sent_a1: dict[int, list[str]] = {}
        doc_a1: list[str] = []
        for t in tops:
            names: list[str] = []
            if t.kind == "admin1" and t.known:
                cs = self._cands(t)
                names = [g.admin1[i] for i, _ in cs[:1] if g.admin1[i]]
                grp = self.lex.region_groups.get(t.name.lower().replace("-", " "))
                if grp:
                    names = [self.lex.admin1_names[p] for p in grp]
            if t.hint:
                names.append(t.hint)
            for a in names:
                sent_a1.setdefault(sent(t.start), [])
                if a not in sent_a1[sent(t.start)]:
                    sent_a1[sent(t.start)].append(a)
                if a not in doc_a1:
                    doc_a1.append(a)
        doc_set = set(doc_a1)
        cands = [self._cands(t) for t in tops]

        def rank(k: int, anchors: list[tuple[float, float]]) -> list[tuple[float, int, int]]:
            t = tops[k]
            sa = set(sent_a1.get(sent(t.start), ()))
            # an alternate/odd spelling of one place loses to a place officially so named
            official = any(q == 0 for _, q in cands[k])
            return sorted(
                (
                    (self._score(i, q, t.hint, sa, doc_set, anchors) - (1.5 if official and q else 0.0), i, q)
                    for i, q in cands[k]
                ),
                key=lambda x: -x[0],
            )

        # pass 1 without proximity; confident settlements become anchors for pass 2
        first = [rank(k, []) for k in range(len(tops))]
        out: list[Location] = []
        for k, t in enumerate(tops):
            anchors = []
            for j, r in enumerate(first):
                if j == k or not r or tops[j].name == t.name or g.kind[r[0][1]] != "settlement":
                    continue
                if len(r) == 1 or r[0][0] - r[1][0] > 1.5:
                    anchors.append((g.lat[r[0][1]], g.lon[r[0][1]]))
            ranked = rank(k, anchors) if anchors and len(cands[k]) > 1 else first[k]
            if not t.known:
                ranked = [x for x in ranked if self._fuzzy_ok(x, t, sent_a1, doc_set, anchors, sent)]
            out.append(self._location(t, ranked, sent_a1.get(sent(t.start), []), doc_a1, text))
        return out

    def _fuzzy_ok(self, x, t, sent_a1, doc_set, anchors, sent) -> bool:  # noqa: ANN001
        """A fuzzy match of an unknown name needs corroboration: its oblast is named, or it is
        close to another place of the document."""
        i = x[1]
        g = self.gaz
        if g.kind[i] != "settlement" or g.country[i] != "Ukraine":
            return False
        if g.admin1[i] in doc_set:
            return True
        return any(haversine(g.lat[i], g.lon[i], la, lo) < 60 for la, lo in anchors)

    def _location(
        self, t: Toponym, ranked: list[tuple[float, int, int]], sa1: list[str], doc_a1: list[str], text: str
    ) -> Location:
        g = self.gaz
        context = list(dict.fromkeys(([t.hint] if t.hint else []) + sa1)) or list(doc_a1)
        if not ranked:
            loc = Location(name=t.text, relation=t.relation, context=context)
            regions = list(dict.fromkeys(([t.hint] if t.hint else []) + sa1))
            sentence = text[max(0, t.start - 200) : t.end + 200]
            if len(regions) == 1 and not _BORDER.search(sentence) and regions[0] in self._a1_entry:
                i = self._a1_entry[regions[0]]  # ACLED: unknown place, known oblast -> its centroid
                loc.resolved_name, loc.lat, loc.lon = g.names[i], g.lat[i], g.lon[i]
                loc.admin1, loc.country, loc.geo_precision = regions[0], "Ukraine", 3
                loc.gazetteer_id, loc.confidence = g.ids[i], 0.3
            elif len(regions) == 1:
                loc.admin1, loc.country = regions[0], "Ukraine"
            return loc
        top_s, i, q = ranked[0]
        exps = [math.exp(min(50.0, s - top_s)) for s, _, _ in ranked[:10]]
        share = exps[0] / sum(exps)
        conf = round(share * _Q_SCORE[q], 3)
        runner = None
        if len(ranked) > 1:
            j = ranked[1][1]
            runner = f"{g.names[j]} ({g.admin1[j] or g.country[j]}) {g.ids[j]}"
        kind = g.kind[i]
        return Location(
            name=t.text,
            resolved_name=g.names[i],
            lat=g.lat[i],
            lon=g.lon[i],
            admin1=g.admin1[i],
            admin2=g.admin2[i],
            country=g.country[i],
            geo_precision=precision(t.relation, kind),
            gazetteer_id=g.ids[i],
            relation=t.relation,
            confidence=conf,
            runner_up=runner,
            context=context,
        )
