"""Toponym recognition: a gazetteer matcher over capitalised token runs, with context cues.

No NER model: one compiled regex finds runs of capitalised words; every n-gram of a run (longest
first, up to 4 words) is looked up in the name index; cue phrases before/after a name decide
its relation ("near", "outskirts", "direction"...) and kind (a name + "region" is an oblast);
stop-lists and person-name guards keep "May", "Igor Kimakovsky" or "Russian" out. An unknown
capitalised name introduced by a strong cue ("the village of X") is kept with ``known=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import Q_ALT, Q_BASE, Q_SKELETON, Gazetteer
from .lexicon import GeoLexicon, lexicon
from .variants import _adjective_bases as _adj_bases
from .variants import adjective_bases, fold

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ"
_WORD = rf"[{_UPPER}][\w'’ʼ]*(?:-[\w'’ʼ]+)*"
RUN_RE = re.compile(rf"(?<![\w'’ʼ-]){_WORD}(?: {_WORD})*")
_POSSESSIVE = re.compile(r"(?:['’ʼ]s|['’ʼ])$")
_AFTER_OF_CITY = re.compile(rf"^\s*(?:district|raion|neighbourhood|neighborhood|microdistrict)\s+of\s+(?:the\s+city\s+of\s+)?(?={_WORD})", re.IGNORECASE)  # fmt: skip
_FAC_IN = re.compile(r"^['’]?\s+[\w-]+(?:\s+[\w-]+)?\s+(?:in|at)\s+(?:the\s+)?[A-ZА-ЯІЇЄ]")
_CODED_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,3}\s*\(coded to\b", re.IGNORECASE)
_UA_ENDING = re.compile(
    r"(?:ivka|ovka|yivka|ka|ske|tske|sk|pol|opil|iv|ov|ev|ne|ve|ye|ia|ya|ytsia|ychi|ino|ovo|ets|yn|hrad|grad|horod|ove|ive|ynka|yne|ny)$"
)
_SENT_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“‘]\s*)$")
_NON_LOCATIVE = frozenset({"of", "on", "from", "by", "towards", "toward"})


def _is_shouted(s: str) -> bool:
    """An all-caps word or run of more than five letters ("MASSIVE", "BREAKING NEWS")."""
    letters = [ch for ch in s if ch.isalpha()]
    return len(letters) > 5 and all(ch.isupper() for ch in letters)


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Levenshtein + adjacent transpositions), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        prev2, prev = prev, cur
    return prev[-1]


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place mention. ``text``/``start``/``end`` locate it in the text; ``name`` is the base
    form looked up (e.g. "Pokrovsk" for "the Pokrovsky direction")."""

    text: str
    start: int
    end: int
    name: str
    relation: str | None = None
    kind: str = "unknown"
    known: bool = False
    cue: str | None = None
    hint: str | None = field(default=None, compare=False)  # admin1 written right after (", Kharkiv")
    #: a name written in another language than the gazetteer's own for the place (a Russian
    #: report's "Песчаное" for Піщане): every place of the same skeleton is a candidate
    every_spelling: bool = field(default=False, compare=False)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    name: str
    known: bool
    kind: str
    relation: str | None = None
    cue: str | None = None
    hint: str | None = None
    cands: list[tuple[int, int]] = field(default_factory=list)


class Recognizer:
    """Finds toponyms in text using a :class:`Gazetteer`'s name index."""

    def __init__(self, gazetteer: Gazetteer, lex: GeoLexicon | None = None) -> None:
        self.gaz = gazetteer
        self.lex = lex or lexicon()
        self._memo_text: str | None = None
        self._memo: dict[int, tuple[str | None, str | None, bool]] = {}

    # -- helpers --------------------------------------------------------------------------
    def _cands(self, s: str, allow_base: bool = False) -> list[tuple[int, int]]:
        if fold(s) in self.lex.region_groups:
            return []
        c = self.gaz.candidates(s)
        if c and c[0][1] == Q_SKELETON and len(fold(s)) < 5:
            return []
        if not allow_base:
            c = [x for x in c if x[1] < Q_BASE or x[1] == Q_SKELETON]
        return c

    def _kinds(self, cands: list[tuple[int, int]]) -> set[str]:
        return {self.gaz.kind[i] for i, _ in cands}

    def _before_cue(self, text: str, start: int) -> tuple[str | None, str | None, bool]:
        """(relation, cue text, strong) from the words right before ``start`` (memoised per text)."""
        if self._memo_text is not text:
            self._memo_text, self._memo = text, {}
        hit = self._memo.get(start)
        if hit is None:
            hit = self._memo[start] = self._before_cue_uncached(text, start)
        return hit

    def _before_cue_uncached(self, text: str, start: int) -> tuple[str | None, str | None, bool]:
        before = text[max(0, start - 70) : start]
        low = before.lower()
        m = self.lex.within_re.search(before) if ("km" in low or "kilomet" in low) else None
        if m:
            return f"within {m.group(1)} km", m.group(0).strip(), True
        m = self.lex.between_re.search(before) if "between" in low else None
        if m:
            return "between", "between", False
        m = self.lex.before_re.search(before, max(0, len(before) - 48))
        if m:
            cue = m.group(1)
            rel, strong = self.lex.cue_info.get(fold(cue), ("in", False))
            return rel, cue, strong
        return None, None, False

    # -- main -------------------------------------------------------------------------------
    def find(self, text: str) -> list[Toponym]:
        hits: list[_Hit] = []
        for m in RUN_RE.finditer(text):
            self._run(text, m.start(), m.group(0), hits)
        lower = self._lower(text, hits)
        if lower:
            hits = sorted(hits + lower, key=lambda h: h.start)
        if "coded to" in text:
            # "X community (coded to Y, Z region)", ACLED's note convention: the coded place is the one
            hits = [h for h in hits if not _CODED_AFTER.match(text, h.end)]
        self._post(text, hits)
        return [
            Toponym(text[h.start : h.end], h.start, h.end, h.name, h.relation, h.kind, h.known, h.cue, h.hint)
            for h in hits
        ]

    def _run(self, text: str, run_start: int, run: str, hits: list[_Hit]) -> None:
        toks: list[tuple[int, int]] = []
        pos = run_start
        for w in run.split(" "):
            toks.append((pos, pos + len(w)))
            pos += len(w) + 1
        n = len(toks)
        if n > 1:
            last = fold(text[toks[-1][0] : toks[-1][1]])
            if last in self.lex.run_end_located and "nuclear" not in fold(run):
                # "Kherson Regional Hospital": the facility is in the place its first word(s) name
                for L in range(min(4, n - 1), 0, -1):
                    s0, e0 = toks[0][0], toks[L - 1][1]
                    res = self._match(text, s0, e0, text[s0:e0], L, None)
                    if res and adjective_bases(text[s0:e0]) and not self.gaz.exact(text[s0:e0]):
                        return  # "the Zaporizkyi Pedagogical College": named after a place, not in it
                    if res:
                        hits.extend(res)
                        return
                return
            elif last in self.lex.run_end_skip:
                return  # "Bohdana Khmelnytskoho Ave", "Zaporizhzhia Nuclear Power Plant"
            elif fold(text[toks[0][0] : toks[0][1]]) in self.lex.run_start_skip:
                return  # "River Inhulets", "Lake Sasyk"
        i = 0
        while i < n:
            for L in range(min(4, n - i), 0, -1):
                s0, e0 = toks[i][0], toks[i + L - 1][1]
                s = text[s0:e0]
                pm = _POSSESSIVE.search(s)
                if pm:
                    e0 -= len(pm.group(0))
                    s = text[s0:e0]
                if not s:
                    continue
                prev = text[toks[i - 1][0] : toks[i - 1][1]] if i > 0 else None
                res = self._match(text, s0, e0, s, L, prev)
                if res is not None:
                    hits.extend(res)
                    i += L
                    break
            else:
                i += 1

    def _match(self, text: str, s0: int, e0: int, s: str, L: int, prev: str | None) -> list[_Hit] | None:
        """Hits for the span, [] to consume it without a hit, None if it is no place."""
        lex = self.lex
        f = fold(s)
        if prev is not None and (fold(prev) in lex.first_names or fold(prev) in lex.titles):
            return None  # "Igor Kimakovsky", "President Zelensky"
        if L > 1 and f in lex.nonplaces:
            return []  # "White House", "Kyiv Independent": an organisation, not its city (consumed)
        if (
            "-" not in s
            and f not in lex.region_groups
            and not self.gaz.candidates(s)
            and not _adj_bases(s[s.rfind(" ") + 1 :])
        ):
            # fast path: not a name of the index (most capitalised n-grams of a text)
            if L > 1 or f in lex.stopwords or not text[s0].isupper():
                return None
            rel, cue, strong = self._before_cue(text, s0)
            if not strong and rel not in ("in", "near", "outskirts"):
                return None  # only a strong cue (or a typo check) can make it a place
        after = text[e0 : e0 + 60]
        rel, cue, strong = self._before_cue(text, s0)
        # metonymy: the place stands for an agreement or a government, not for where things happen
        named = bool(self.gaz.candidates(s))
        if named and lex.agreement_re.match(after):
            return []  # "the Minsk agreements", "the Normandy format", "the Istanbul peace talks"
        if (
            named
            and rel is None
            and not strong
            and lex.stance_re.match(after)
            and lex.subject_before_re.search(text, max(0, s0 - 30), s0)
        ):
            return []  # "Kyiv has vowed", "Moscow denies", "Washington says": a capital as speaker
        if L == 1 and f in lex.eponyms and not self._eponym_place(text, e0, cue, strong):
            return []  # "Stalin said", "Lenin's statue": the person, not the town once named after him
        if L == 1 and f in lex.first_names and not strong:
            return None
        if not strong and lex.reporting_re.match(after) and not lex.after_region_re.match(after):
            return None  # "Kimakovsky stated"
        a_region = bool(lex.after_region_re.match(after) or lex.after_plural_region_re.match(after))
        a_region = a_region or rel == "region"  # "the region of Kharkiv", "the oblast of Sumy"
        if L == 1 and f in lex.nonplaces and not (strong or a_region or self._locative(cue)):
            return []  # "Nigel", "Hamas", "Media", "Medvedev": people, organisations, common words
        a_raion = bool(lex.after_raion_re.match(after))
        a_hromada = bool(lex.after_hromada_re.match(after))
        a_dir = bool(lex.after_direction_re.match(after))
        a_fac = bool(lex.after_facility_re.match(after))
        if L == 1 and f in lex.stopwords and not (strong or a_region or a_raion or after.startswith(", ")):
            return None
        if f in lex.region_groups:
            return [_Hit(s0, e0, s, True, "admin1", rel or "in", cue)]
        parts = s.split("-") if "-" in s and L == 1 else None
        compass = False
        if parts and len(parts) == 2 and fold(parts[0]) in lex.compass:
            compass = True  # "Southern-Donetsk direction": an axis named after a region
            s0 = s0 + len(parts[0]) + 1
            s = parts[1]
            f = fold(s)
        adjectival = bool(adjective_bases(s)) and not self.gaz.exact(s)
        if a_fac and adjectival:
            return []  # "the Krasnolymansky mine": a facility named after a place, not that place
        if _AFTER_OF_CITY.match(after):
            return []  # "the Kuibyshevsky district of Donetsk": the city carries the location
        if lex.after_street_re.match(after):
            return []  # "Vinnytsia highway", "Odesa street", "Kyivska vulytsia", "Dnipro river"
        name = s
        # "the Pokrovsky direction/district": the base town, even if "Pokrovsky" is a name too
        cands = (
            []
            if (a_dir or a_raion) and adjective_bases(s.split(" ")[-1])
            else self._cands(s, a_raion or a_hromada)
        )
        if not cands and (adjectival or a_dir or a_raion) and L <= 2:
            words = s.split(" ")
            for base in adjective_bases(words[-1]):
                nm = " ".join([*words[:-1], base])
                c = self._cands(nm, allow_base=a_raion or a_hromada)
                if c:
                    cands, name = c, nm
                    break
            if not cands:
                cands = self._cands(s, a_raion or a_hromada)
        if a_fac and cands and all(q == Q_SKELETON for _, q in cands):
            return []  # "the Ilyich plant": a facility named after a person, not a misspelt place
        if f in lex.nonplaces or f in lex.eponyms:
            cands = [c for c in cands if c[1] != Q_SKELETON]  # no sound-alike for a non-place word
            if not cands:
                return []
        if not cands and parts and len(parts) == 2 and not compass:
            out: list[_Hit] = []
            p0 = s0
            for p in parts:
                sub = self._match(text, p0, p0 + len(p), p, 1, None) if len(p) >= 3 else None
                p0 += len(p) + 1
                if sub:
                    for h in sub:
                        if a_dir:
                            h.relation = "direction"
                    out.extend(sub)
            return out or None
        shouted = _is_shouted(s)
        if not cands:
            if shouted:
                return None  # an unknown all-caps headline word ("BREAKING", "LIVE")
            if L == 1 and strong and f not in lex.stopwords and (text[s0].isupper()):
                return [_Hit(s0, e0, s, False, "unknown", rel, cue)]
            if (
                L == 1
                and rel in ("in", "near", "outskirts")
                and f not in lex.stopwords
                and text[s0].isupper()
            ):
                typo = self._typo(s)
                if typo is not None:  # "used in Kramatorak": a misspelt town of some size
                    return [
                        _Hit(
                            s0,
                            e0,
                            self.gaz.names[typo],
                            True,
                            "settlement",
                            rel,
                            cue,
                            cands=[(typo, Q_SKELETON)],
                        )
                    ]
            return None
        if _SENT_START.search(text[max(0, s0 - 3) : s0]) and L == 1 and not strong:
            # sentence-initial capital: only trust a Ukrainian place or a big city
            cands = [
                c
                for c in cands
                if c[1] != Q_SKELETON
                and (
                    self.gaz.country[c[0]] == "Ukraine"
                    or self.gaz.pop[c[0]] >= 100_000
                    or self.gaz.kind[c[0]] == "country"  # "Moldova condemned ..."
                    or (a_region and self.gaz.kind[c[0]] == "admin1")  # "Kursk oblast was shelled"
                )
            ]
            if not cands:
                return None
        if rel is None and not strong and len(f) < 7 and all(q == Q_SKELETON for _, q in cands):
            return None  # an uncued short word that only sounds like a village ("Tents", "Start")
        if a_fac and _FAC_IN.match(after):
            return []  # "Odesa market in Izmail": a facility named after a place, in another
        if s.isupper() and len(s) <= 5:  # acronyms: only "DPR"-style region names or countries
            cands = [c for c in cands if self.gaz.kind[c[0]] in ("admin1", "country")]
            if not cands:
                return None
        elif shouted:
            # an all-caps headline word ("MASSIVE attack") is a place only if it is exactly the
            # name of a large one ("UKRAINE", "KHARKIV"), never a sound-alike or a village
            cands = [c for c in cands if c[1] <= Q_ALT and self._large(c[0])]
            if not cands:
                return None
        kinds = self._kinds(cands)
        if (a_region or compass) and ("admin1" in kinds):
            kind = "admin1"
        elif a_raion and "admin2" in kinds:
            kind = "admin2"
        elif a_hromada and "admin3" in kinds:
            kind = "admin3"
        elif not (a_raion or a_hromada) and any(
            self.gaz.kind[i] == "country" and q <= Q_ALT for i, q in cands
        ):
            # a country named as such ("Moldova", "Georgia") is the country, never a village or
            # town that GeoNames also lists under that name
            kind = "country"
        elif "settlement" in kinds:
            kind = "settlement"
        elif "country" in kinds:
            kind = "country"
        elif "admin1" in kinds:
            kind = "admin1"
        else:
            return None
        if kind in ("admin2", "admin3") and not (a_raion or a_hromada):
            return None
        if (
            kind == "settlement"
            and L == 1
            and not strong
            and rel is None
            and _SENT_START.search(text[max(0, s0 - 3) : s0])
            and all(self.gaz.country[i] not in ("Ukraine", "Russia", "Belarus", "Moldova") for i, _ in cands)
        ):
            return None  # a sentence-initial capitalised word matching only a far-away town
        if a_dir:
            rel, cue = "direction", (cue + " … direction" if cue else "direction")
        return [_Hit(s0, e0, name, True, kind, rel, cue, cands=cands)]

    def _locative(self, cue: str | None) -> bool:
        """A cue that puts what follows at a place ("in", "near", "outside"), not "of"/"on"/"from"."""
        return cue is not None and fold(cue) not in _NON_LOCATIVE

    def _eponym_place(self, text: str, e0: int, cue: str | None, strong: bool) -> bool:
        """A person's name that was a town's name ("Kirov") is that town only after a locative
        cue ("in Kirov", "the city of Kirov") and not in a possessive ("Stalin's")."""
        nxt = text[e0 : e0 + 1]
        if nxt and nxt in "'’ʼ":
            return False
        return strong or self._locative(cue)

    def _large(self, i: int) -> bool:
        """A country, a region, or a town large enough to be shouted in a headline: 10,000+ in
        Ukraine, 100,000+ in Russia/Belarus/Moldova, 1,000,000+ elsewhere (not "SURPRISE", Arizona)."""
        g = self.gaz
        if g.kind[i] in ("country", "admin1"):
            return True
        c = g.country[i]
        need = 10_000 if c == "Ukraine" else 100_000 if c in ("Russia", "Belarus", "Moldova") else 1_000_000
        return g.kind[i] == "settlement" and g.pop[i] >= need

    def _post(self, text: str, hits: list[_Hit]) -> None:
        """Pairwise patterns: "Zemlianky, Kharkiv" (admin hint) and "X and Y regions"."""
        for a, b in zip(hits, hits[1:], strict=False):
            gap = text[a.end : b.start]
            paren = gap.strip() == "(" and text[b.end : b.end + 1] == ")"
            if (gap in (", ", ",") or paren) and b.known and a.kind == "settlement":
                a1 = self._admin1_of(b)
                follow = text[b.end : b.end + 12]
                listed = re.match(r"^(?:,\s*[A-Z]|\s+and\s+[A-Z])", follow)
                if a1 and (paren or not listed) and any(self.gaz.admin1[i] == a1 for i, _ in a.cands):
                    a.hint = a1
                    b.kind, b.relation = "admin1", "region"
            if (
                gap.strip() in ("and", ",", "&")
                and b.kind == "admin1"
                and a.kind != "admin1"
                and self.lex.after_plural_region_re.match(text[a.end : a.end + 60])
                and any(self.gaz.kind[i] == "admin1" for i, _ in a.cands)
            ):
                a.kind = "admin1"

    def _lower(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """Lower-case Ukrainian town names after a locative cue ("Russian forces in berdiansk")."""
        out: list[_Hit] = []
        g = self.gaz
        taken = {h.start for h in hits}
        for m in self.lex.lower_re.finditer(text):
            w = m.group(1)
            s0 = m.start(1)
            if not w[0].islower() or s0 in taken or not _UA_ENDING.search(w):
                continue
            w = _POSSESSIVE.sub("", w)
            f = fold(w)
            if f in self.lex.stopwords:
                continue
            cands = [
                (i, q)
                for i, q in g.exact(w)
                if q <= Q_ALT and g.kind[i] == "settlement" and g.country[i] == "Ukraine" and g.pop[i] >= 1000
            ]
            if cands:
                rel, cue, _ = self._before_cue(text, s0)
                out.append(
                    _Hit(
                        s0,
                        s0 + len(w),
                        g.names[cands[0][0]],
                        True,
                        "settlement",
                        rel or "in",
                        cue,
                        cands=cands,
                    )
                )
        return out

    def _typo(self, s: str) -> int | None:
        """The one Ukrainian town (>= 10k people) within a small spelling distance of an unknown
        capitalised word after a locative cue, else None."""
        f = fold(s)
        if len(f) < 6:
            return None
        g = self.gaz
        lim = 1 if len(f) < 8 else 2
        found = {
            i
            for i, _ in g.fuzzy(s, 2)
            if g.kind[i] == "settlement" and g.country[i] == "Ukraine" and g.pop[i] >= 10_000
            and _osa(f, fold(g.names[i]), 2) <= lim
        }  # fmt: skip
        return found.pop() if len(found) == 1 else None

    def _admin1_of(self, h: _Hit) -> str | None:
        for i, _ in h.cands:
            if self.gaz.kind[i] == "admin1" and self.gaz.country[i] == "Ukraine":
                return self.gaz.admin1[i]
        return None
