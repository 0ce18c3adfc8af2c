"""Disambiguation (which Novoselivka?) and ACLED-style precision for recognised toponyms.

Each candidate gets an additive score: name-match quality, population, the admin1 written right
after the name (", Kharkiv"), oblasts named in the same sentence and in the document, proximity
to the other places of the document (second pass), and a soft prior for Ukraine and the
front-line oblasts. Confidence is the softmax share of the winner times the match quality.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import math
import re
from typing import Any

from ..models import Location
from .gazetteer import _Q_SCORE, Q_FUZZY, Gazetteer
from .lexicon import GeoLexicon, lexicon
from .toponyms import Toponym
from .variants import fold

_SENT_END = re.compile(r"[.!?\n]+(?=\s|$)")
_BORDER = re.compile(r"\bborder|\bbetween\b", re.IGNORECASE)
_NEAR_RELS = {"near", "outskirts", "direction", "between", "border", "district"}
_NEIGHBOURS = {"Russia": 0.4, "Belarus": 0.3, "Moldova": 0.3}
# Confidence thresholds (docs/geo.md): below CONF_EXACT a match is not exported as "the place
# itself" (geo_precision becomes at least 2); below CONF_FLOOR it is a guess and the place is left
# unresolved (lat/lon None, the guess in runner_up). Measured on dev: under 0.15 no match was
# within 25 km of the gold place; 0.15-0.35 are mostly same-named villages that the front-line
# prior gets right.
CONF_EXACT = 0.6
CONF_FLOOR = 0.15
# A well-known city against a same-named small village: the village needs the text's admin
# context (its oblast named, ", Oblast" after it, or a confident place nearby); without it, it
# loses BIG_CITY_PENALTY when the city is at least BIG_CITY_POP and BIG_CITY_RATIO times larger.
BIG_CITY_POP = 100_000
BIG_CITY_RATIO = 100
BIG_CITY_PENALTY = 4.0
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")  # fmt: skip
_MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
_MON = "|".join(_MONTHS)
_DATE_RE = re.compile(
    rf"\b(?:(\d{{1,2}})\s+({_MON})\s+((?:19|20)\d\d)|({_MON})\s+\d{{1,2}},?\s+((?:19|20)\d\d)|"
    rf"((?:19|20)\d\d)-(\d\d)-\d\d)\b",
    re.IGNORECASE,
)


def text_date(text: str) -> str | None:
    """'YYYY-MM' of the first full date written in the text ("On 9 October 2018", "May 3, 2023",
    "2023-05-03"), else None."""
    m = _DATE_RE.search(text[:2000])
    if not m:
        return None
    if m.group(3):
        return f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}"
    if m.group(5):
        return f"{m.group(5)}-{_MONTHS[m.group(4).lower()]:02d}"
    return f"{m.group(6)}-{m.group(7)}"


def front_bonus(km: float) -> float:
    """Prior for a place ``km`` from a line of the war on the day: 2.0 on it, ~1 at 30 km, 0 past 100."""
    return max(0.0, 2.0 - 0.5 * math.log2(1.0 + km / 10.0)) if km < 100 else 0.0


_FRONT_BONUS = [front_bonus(k) for k in range(256)]


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
        self._static: dict[int, float] = {}  # population + country/oblast prior per entry
        #: ``fronts(day)``: every entry's km to the front of that day from imported control
        #: maps (Geoparser.use_fronts); None when no maps: the hand-drawn lines are used
        self.fronts: Any = None
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
        cands = g.candidates(t.name, every_spelling=t.every_spelling)
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
        front: list[list[int]] | None = None,
        big: int = 0,
    ) -> float:
        g = self.gaz
        st = self._static.get(i)
        if st is None:
            pop = g.pop[i]
            st = (math.log10(pop) - 2.5 if pop > 316 else 0.0) + (
                (1.5 if g.admin1[i] in self.lex.frontline else 1.0)
                if g.country[i] == "Ukraine"
                else _NEIGHBOURS.get(g.country[i] or "", 0.0)
            )
            self._static[i] = st
        s = 3.0 * _Q_SCORE[q] + st
        a1 = g.admin1[i]
        if hint:
            s += 6.0 if a1 == hint else -2.0
        context = bool(a1) and (a1 == hint or a1 in sent_a1 or a1 in doc_a1)
        if a1 in sent_a1:
            s += 3.0
        elif a1 in doc_a1:
            s += 1.5
        if g.country[i] == "Ukraine":
            s += _FRONT_BONUS[g.front[i] if front is None else min([col[i] for col in front])]
        if anchors:
            d = min(haversine(g.lat[i], g.lon[i], la, lo) for la, lo in anchors)
            s += 2.5 if d < 30 else 1.5 if d < 80 else 0.5 if d < 200 else 0.0
            context = context or d < 80
        if big and g.pop[i] * BIG_CITY_RATIO < big and g.kind[i] == "settlement" and not context:
            s -= BIG_CITY_PENALTY  # "Rostov" is Rostov-on-Don, not the village Rostov of Sumy oblast
        return s

    # -- main -------------------------------------------------------------------------------
    def _front_cols(self, text: str, published: _dt.date | str | None) -> list[list[int]] | None:
        """The distance columns of the lines of the war on the document's date (None: all): the
        front of that day from imported control maps when they cover it (with the hand-drawn
        lines the maps do not replace: the Russian border, Kursk), else the hand-drawn lines of
        its month."""
        when = str(published)[:7] if published else text_date(text)
        mapped = None
        if self.fronts is not None and when:
            day = published if isinstance(published, _dt.date) else _dt.date.fromisoformat(f"{when}-15")
            mapped = self.fronts(day)
        if not when or not self.gaz.fronts:
            return [mapped] if mapped is not None else None
        cols = [
            self.gaz.fronts[k]
            for k, (a, b) in self.lex.front_periods.items()
            if a[:7] <= when <= b[:7]
            and k in self.gaz.fronts
            and (mapped is None or k in self.lex.front_kept_with_maps)
        ]
        if mapped is not None:
            cols.append(mapped)
        return cols or None

    def resolve(
        self, text: str, tops: list[Toponym], published: _dt.date | str | None = None
    ) -> list[Location]:
        g = self.gaz
        front = self._front_cols(text, published)
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
            big = max((g.pop[i] for i, _ in cands[k] if self._named(i, t.name)), default=0)
            big = big if big >= BIG_CITY_POP else 0
            return sorted(
                (
                    (
                        self._score(i, q, t.hint, sa, doc_set, anchors, front, big)
                        - (1.5 if official and q else 0.0),
                        i,
                        q,
                    )
                    for i, q in cands[k]
                ),
                key=lambda x: -x[0],
            )

        # pass 1 without proximity; confident settlements become anchors for pass 2
        first = [rank(k, []) for k in range(len(tops))]
        # The anchors of a toponym are the confident settlements of every *other* name (j == k
        # implies the same name). They are only used through min()/any() over distances, so
        # order and repeats do not matter: each distinct (name, point) is kept once and the
        # list is built once per name. Scanning all toponyms for each toponym was quadratic in
        # the length of the text (docs/pipeline.md, "Long texts").
        points: dict[tuple[str, tuple[float, float]], None] = {}
        for j, r in enumerate(first):
            if not r or g.kind[r[0][1]] != "settlement":
                continue
            if len(r) == 1 or r[0][0] - r[1][0] > 1.5:
                points[(tops[j].name, (g.lat[r[0][1]], g.lon[r[0][1]]))] = None
        by_name: dict[str, list[tuple[float, float]]] = {}
        out: list[Location] = []
        for k, t in enumerate(tops):
            anchors = by_name.get(t.name)
            if anchors is None:
                anchors = by_name[t.name] = list(dict.fromkeys(pt for nm, pt in points if nm != t.name))
            ranked = rank(k, anchors) if anchors and len(cands[k]) > 1 else first[k]
            if not t.known:
                ranked = [x for x in ranked if self._fuzzy_ok(x, t, sent_a1, doc_set, anchors, sent)]
            out.append(self._location(t, ranked, sent_a1.get(sent(t.start), []), doc_a1, text))
        return out

    def _named(self, i: int, name: str) -> bool:
        """A settlement whose own name is, or begins with / contains as words, the written name
        ("Rostov" for Rostov-on-Don, "New York" for New York City), not a historical alternate."""
        if self.gaz.kind[i] != "settlement":
            return False
        words, own = fold(name).split(), fold(self.gaz.names[i]).split()
        n = len(words)
        return any(own[k : k + n] == words for k in range(len(own) - n + 1))

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
        if conf < CONF_FLOOR:
            # a guess among many namesakes: unresolved (as an unknown name), the guess kept visible
            loc = self._location(t, [], sa1, doc_a1, text)
            loc.confidence = min(conf, loc.confidence or conf)
            loc.runner_up = f"{g.names[i]} ({g.admin1[i] or g.country[i]}) {g.ids[i]}"
            return loc
        runner = None
        if len(ranked) > 1:
            j = ranked[1][1]
            runner = f"{g.names[j]} ({g.admin1[j] or g.country[j]}) {g.ids[j]}"
        kind = g.kind[i]
        prec = precision(t.relation, kind)
        if conf < CONF_EXACT:
            prec = max(prec, 2)  # not sure enough to say it is the place itself
        return Location(
            name=t.text,
            resolved_name=g.names[i],
            lat=g.lat[i],
            lon=g.lon[i],
            admin1=g.admin1[i],
            admin2=g.admin2[i],
            country=g.country[i],
            geo_precision=prec,
            gazetteer_id=g.ids[i],
            relation=t.relation,
            confidence=conf,
            runner_up=runner,
            context=context,
        )
