"""Places written in Cyrillic and inflected (docs/geo.md, "Russian and Ukrainian").

A Russian or Ukrainian report writes its places in the case the sentence needs: "в Покровске",
"під Покровськом", "Покровського району", "на Запорожском направлении", "Курской области". The
English recogniser cannot read them; this one turns each mention into the same ``Toponym`` the
resolver takes, so namesakes are weighed exactly as in English (front line, document context).

Linguistic classes, each a rule below with its words in ``lexicons/geo_cyrillic.json``:

- **a region**: an adjective before "область", "край" ... (also coordinated: "Брянской и
  Тамбовской областей"), a one-word region ("Харківщина", "Сумщина") or "ДНР": its nominative
  feminine form names the admin1 ('regions');
- **a district, a direction, a hromada, a facility**: an adjective before "район", "направление",
  "громада", or before a facility ("Кременчугский НПЗ", "Сєвєродонецький «Азот»") names its town: the adjective's ending is replaced by a town's ('adjective_endings',
  'town_endings') until the gazetteer knows the form ("Покровського" -> "Покровськ");
- **a settlement**: one to three capitalised words put in the nominative by their own readings
  ("Великой Новоселке" -> "Великая Новоселка", "Херсоні" -> "Херсон") that the gazetteer knows.
  A word that opens a sentence must be a place by its dictionary reading (Geox); a name in
  «quotes» after a unit word, a person's name or a known non-place ('not_places') is none;
- **a name the gazetteer lacks** is still a place after a settlement word ("в селе Белица") or in
  a list with a known place ("Днепряны, Каховку, Пролетарку"): an unknown toponym, left to the
  resolver's fuzzy match and otherwise kept unresolved;
- the preposition before a place gives its relation ('cues': "под"/"під"/"біля" near).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files

from ..nlp_ruuk import Sentence, Word, fold, parse_word
from .gazetteer import Gazetteer
from .toponyms import Toponym

_PERSON = frozenset({"Name", "Surn", "Patr"})
SKIP_RUN = "\x00skip"  # _settlement's answer for a capitalised run that is no place
#: How far before its region a place may stand and still lie in it ("поселок Новониколаевка и
#: село Привольное в Запорожской области").
HINT_REACH = 80
UNKNOWN = "unknown"  # the kind of a settlement named with a strong cue that the gazetteer lacks
_QUOTES = frozenset('«"„“')
#: Parts of speech that never start or continue a place's name.
_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "ADVB", "INTJ", "NUMR", "PRED", "COMP"})


@dataclass(frozen=True)
class CyrillicLexicon:
    regions: dict[str, str]
    region_nouns: frozenset[str]
    district_nouns: frozenset[str]
    direction_nouns: frozenset[str]
    community_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    cues: dict[str, str]
    locative_cues: frozenset[str]
    adjective_endings: tuple[str, ...]
    adjective_links: tuple[str, ...]
    linked_town_endings: tuple[str, ...]
    town_endings: tuple[str, ...]
    not_places: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> CyrillicLexicon:
    d = json.loads(files("frontwatch").joinpath("lexicons", "geo_cyrillic.json").read_text("utf-8"))
    return CyrillicLexicon(
        regions={fold(k): v for k, v in d["regions"].items()},
        region_nouns=frozenset(d["region_nouns"]),
        district_nouns=frozenset(d["district_nouns"]),
        direction_nouns=frozenset(d["direction_nouns"]),
        community_nouns=frozenset(d["community_nouns"]),
        facility_nouns=frozenset(fold(w) for w in d["facility_nouns"]),
        settlement_nouns=frozenset(fold(w) for w in d["settlement_nouns"]),
        cues=d["cues"],
        locative_cues=frozenset(d["locative_cues"]),
        adjective_endings=tuple(sorted(d["adjective_endings"], key=len, reverse=True)),
        adjective_links=tuple(d["adjective_links"]),
        linked_town_endings=tuple(d["linked_town_endings"]),
        town_endings=tuple(d["town_endings"]),
        not_places=frozenset(fold(w) for w in d["not_places"]),
    )


def nominative(lang: str, word: str) -> list[str]:
    """The nominative forms a word can stand for, most likely first ("Новоселке" -> "Новоселка";
    an adjective keeps its gender and number: "Великой" -> "Великая")."""
    out: list[str] = []
    parses = parse_word(lang, word)[:4]
    parses.sort(key=lambda p: "Geox" not in p.tag.grammemes)  # a place's reading first ("Покровском")
    for p in parses:
        form = p.inflect({"nomn"}) if "nomn" not in p.tag.grammemes else p
        for cand in (form.word if form else None, p.normal_form):
            if cand and cand not in out:
                out.append(cand)
    return [_cap(w) for w in out]


def _cap(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.replace("ё", "е").split("-"))


class CyrillicRecognizer:
    """Place mentions in the sentences of a Russian or Ukrainian text (``nlp_ruuk.sentences``)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.lex = lexicon()
        self._known: dict[str, str | None] = {}
        self._regions: set[str] = set()

    def _kind(self, name: str) -> str | None:
        """The best kind of entry the gazetteer has under ``name`` (settlement first), or None."""
        key = fold(name)
        if key not in self._known:
            kinds = {self.gaz.kind[i] for i, _ in self.gaz.exact(name)}
            best = next(
                (k for k in ("settlement", "admin2", "admin3", "admin1", "country") if k in kinds), None
            )
            if len(self._known) > 100_000:
                self._known.clear()
            self._known[key] = best
        return self._known[key]

    def find(self, text: str, sents: list[Sentence], lang: str) -> list[Toponym]:
        # the regions the report names: a district's or hromada's centre is looked for there first
        self._regions = {
            found[0]
            for sent in sents
            for i in range(len(sent.words))
            if (found := self._region(sent.words, i, lang)) is not None and found[1] == "admin1"
        }
        out: list[Toponym] = []
        for sent in sents:
            out.extend(self._hinted(self._sentence(text, sent, lang)))
        return out

    def _hinted(self, tops: list[Toponym]) -> list[Toponym]:
        """A place followed by its region ("село Тихое в Харьковской области", "Лисичанск
        Луганской области") takes the region as its hint, as ", Kharkiv" does in English."""
        out = list(tops)
        for k, a in enumerate(tops):
            if a.kind == "admin1":
                continue
            b = next((t for t in tops[k + 1 :] if t.kind == "admin1"), None)
            if b is not None and 0 <= b.start - a.end <= HINT_REACH:
                out[k] = replace(a, hint=self._admin1_name(b.name))  # also the list before it
        return out

    def _admin1_name(self, name: str) -> str | None:
        """The admin1 name the gazetteer gives a region named ``name``."""
        for i, _ in self.gaz.exact(name):
            if self.gaz.kind[i] == "admin1":
                return self.gaz.admin1[i] or self.gaz.names[i]
        return name

    # -- one sentence -----------------------------------------------------------------------
    def _sentence(self, text: str, sent: Sentence, lang: str) -> list[Toponym]:
        lex = self.lex
        words = sent.words
        out: list[Toponym] = []
        spans: list[tuple[int, int]] = []  # word index ranges of the places found
        i = 0
        while i < len(words):
            w = words[i]
            if not _cyrillic_word(w):
                i += 1
                continue
            found = self._region(words, i, lang) or self._unit(words, i, lang)
            if found is None and w.capitalised:
                found = self._settlement(words, i, lang)
            if found is None:
                i += 1
                continue
            name, kind, j, relation = found
            if name is SKIP_RUN:
                i = j  # a capitalised run that names no place: none of its words is one
                continue
            rel = self._cue(words, i) if relation is None else relation
            cue = words[i - 1].text if i > 0 and rel else None
            out.append(
                Toponym(
                    text[words[i].start : words[j - 1].end],
                    words[i].start,
                    words[j - 1].end,
                    name,
                    rel,
                    "settlement" if kind == UNKNOWN else kind,
                    kind != UNKNOWN,
                    cue,
                    every_spelling=lang == "ru" and not self._russian_town(name),
                )
            )
            spans.append((i, j))
            i = j
        out.extend(self._list_siblings(text, words, spans, lang))
        out.sort(key=lambda t: t.start)
        return [t for t in out if fold(t.text) not in lex.not_places and fold(t.name) not in lex.not_places]

    def _list_siblings(
        self, text: str, words: tuple[Word, ...], spans: list[tuple[int, int]], lang: str
    ) -> list[Toponym]:
        """Names listed with a known place that the gazetteer does not know ("атаковали
        Днепряны, Каховку, Пролетарку ..."): places too, left for the resolver's fuzzy match."""
        covered = {k for a, b in spans for k in range(a, b)}
        out: list[Toponym] = []
        for _, j in sorted(spans):
            while j + 1 < len(words) and words[j].low in (",", "и", "і", "й", "та") and j + 1 not in covered:
                k = j + 1
                run = []
                while k < len(words) and k < j + 3 and _name_word(words[k]) and k not in covered:
                    run.append(words[k])
                    k += 1
                if not run or (_PERSON & run[0].tags and "Geox" not in run[0].tags):
                    break
                name = " ".join(nominative(lang, w.text)[0] for w in run)
                out.append(
                    Toponym(
                        text[run[0].start : run[-1].end],
                        run[0].start,
                        run[-1].end,
                        name,
                        None,
                        "settlement",
                        False,
                    )
                )
                covered.update(range(j + 1, k))
                j = k
        return out

    def _cue(self, words: tuple[Word, ...], i: int) -> str | None:
        if i == 0:
            return None
        prev = words[i - 1].low
        if prev in self.lex.settlement_nouns and i > 1:
            prev = words[i - 2].low
        return self.lex.cues.get(prev)

    def _region(self, words: tuple[Word, ...], i: int, lang: str) -> tuple[str, str, int, str | None] | None:
        """A region: "Курской области", "Брянской и Тамбовской областей", "Харківщина", "ДНР"."""
        w = words[i]
        regions = self.lex.regions
        if w.low in regions and (w.text.isupper() or w.capitalised):
            return regions[w.low], "admin1", i + 1, "region"
        if w.lemma in regions and w.pos == "NOUN" and w.capitalised:
            return regions[w.lemma], "admin1", i + 1, "region"  # "на Харківщині"
        if w.pos not in ("ADJF", None) or not w.capitalised:
            return None
        noun = self._noun_after(words, i, self.lex.region_nouns)
        if noun is None:
            return None
        end = noun + 1 if noun == i + 1 else i + 1
        forms = self._feminine(w, lang)
        for form in forms:
            if form in regions:
                return regions[form], "admin1", end, "region"
        for form in forms:  # a region the table does not list: the gazetteer's own name for it
            if self._kind(_cap(form)) == "admin1":
                return _cap(form), "admin1", end, "region"
        return SKIP_RUN, "", end, None  # "Красноярского края": a region the gazetteer lacks

    def _feminine(self, w: Word, lang: str) -> list[str]:
        forms = [w.low, *w.lemmas]
        for p in parse_word(lang, w.text)[:3]:
            for tags in ({"nomn", "femn", "sing"}, {"nomn", "masc", "sing"}, {"nomn", "femn"}):
                f = p.inflect(tags)
                if f:
                    forms.append(fold(f.word))
        return list(dict.fromkeys(forms))

    def _noun_after(self, words: tuple[Word, ...], i: int, nouns: frozenset[str]) -> int | None:
        """The index of a noun of ``nouns`` right after word i, or after a coordinated list of
        adjectives ("Белгородской, Саратовской и Воронежской областях")."""
        j = i + 1
        while j < len(words) and j <= i + 24:  # "Краснопольская, Белопольская, ... громады"
            w = words[j]
            if w.lemma in nouns or w.low in nouns or (w.low.rstrip(".") in nouns and w.low.endswith(".")):
                return j
            if w.low in (",", "и", "і", "й", "та", "а", "также") or (w.capitalised and _cyrillic_word(w)):
                j += 1
                continue
            if w.low == "." and j > 0 and words[j - 1].low in nouns:
                return j - 1
            return None
        return None

    def _russian_town(self, name: str) -> bool:
        """A name that is a town of Russia or Belarus as written ("Брянск", "Россошь"): it does
        not stand for the Ukrainian places of its skeleton (Brianka)."""
        return any(
            self.gaz.country[i] in ("Russia", "Belarus") and self.gaz.kind[i] == "settlement"
            for i, _ in self.gaz.exact(name)
        )

    def _unit_noun(self, words: tuple[Word, ...], k: int) -> bool:
        """Word k is a region, district, direction or hromada noun."""
        if k >= len(words):
            return False
        w = words[k]
        lex = self.lex
        return any(
            w.lemma in nouns or w.low in nouns
            for nouns in (lex.region_nouns, lex.district_nouns, lex.direction_nouns, lex.community_nouns)
        )

    def _unit(self, words: tuple[Word, ...], i: int, lang: str) -> tuple[str, str, int, str | None] | None:
        """A district, direction or hromada named by its centre's adjective."""
        w = words[i]
        if (
            not (w.pos == "ADJF" or w.low.endswith(self.lex.adjective_endings))
            or not w.capitalised
            or i + 1 >= len(words)
        ):
            return None
        nxt = words[i + 1]
        if nxt.text in _QUOTES or nxt.lemma in self.lex.facility_nouns or nxt.low in self.lex.facility_nouns:
            town = self._town_of(
                w, {self._admin1_name(r) for r in self._regions}
            )  # "Сєвєродонецькому «Азоту»"
            if town is not None:
                return town, "settlement", i + 1, None
        for nouns, relation in (
            (self.lex.district_nouns, "district"),
            (self.lex.direction_nouns, "direction"),
            (self.lex.community_nouns, "district"),
        ):
            noun = self._noun_after(words, i, nouns)  # also "Краснопольская, Белопольская ... громады"
            if noun is not None:
                town = self._town_of(w, {self._admin1_name(r) for r in self._regions})
                end = noun + 1 if noun == i + 1 else i + 1
                if town is not None:
                    return town, "settlement", end, relation
                return SKIP_RUN, "", end, None  # a district whose centre is not known: not a village
        return None

    def _town_of(self, w: Word, regions: set[str | None] | frozenset = frozenset()) -> str | None:
        """The town a district, direction or hromada adjective is named after: the first form
        the gazetteer knows in a region the report names, else the first it knows at all."""
        low = w.low
        for ending in self.lex.adjective_endings:
            if low.endswith(ending) and len(low) > len(ending) + 2:
                stem = low[: -len(ending)]
                forms = [_cap(stem + t) for t in self.lex.town_endings]
                for link in self.lex.adjective_links:  # "Клинцовский" <- Клинцы, "Ворожбянский" <- Ворожба
                    if stem.endswith(link) and len(stem) > len(link) + 2:
                        forms += [_cap(stem[: -len(link)] + t) for t in self.lex.linked_town_endings]
                known = [name for name in forms if self._kind(name) == "settlement"]
                for name in known:
                    if regions & {self.gaz.admin1[i] for i, _ in self.gaz.exact(name)}:
                        return name
                return known[0] if known else None
        return None

    def _settlement(
        self, words: tuple[Word, ...], i: int, lang: str
    ) -> tuple[str, str, int, str | None] | None:
        """One to three capitalised words the gazetteer knows in the nominative."""
        w = words[i]
        if w.text.isupper() and len(w.text) > 1:
            return None  # ВСУ, ЗСУ, РФ: bodies and abbreviations
        if w.pos in _FUNCTION_WORDS:
            return None  # "В Воронеже": the capital is the preposition's
        run = [w]
        for k in range(i + 1, min(i + 3, len(words))):
            if not _name_word(words[k]) or self._unit_noun(words, k + 1):
                break  # "Запесочье Погарского района": the village, then its district
            run.append(words[k])
        skip = (SKIP_RUN, "", i + len(run), None)  # none of the run's words is a place either
        if (
            i > 0
            and words[i - 1].text in _QUOTES
            and not (i > 1 and words[i - 2].low in self.lex.settlement_nouns)
        ):
            return skip  # «Восток», «Хортиця»: a unit's or an operation's name
        cued = i > 0 and (words[i - 1].low in self.lex.cues or words[i - 1].low in self.lex.settlement_nouns)
        if (
            _PERSON & w.tags
            and "Geox" not in w.tags
            and not (cued and words[i - 1].low in self.lex.locative_cues)
        ):
            return skip  # "Олег Синєгубов"; but "в Алешках" is the town, whatever else Алешка is
        if i == 0 and "Geox" not in w.tags:
            # a capital that only opens the sentence: "Новая Каховка" is read whole or not at
            # all, but "Обстрел Херсона", "Під Торецьком" go on to the next word
            return skip if w.pos == "ADJF" else None
        if (
            i > 0
            and not cued
            and words[i - 1].low in (".", "!", "?", "—", "–", "-", "«", ":")
            and "Geox" not in w.tags
        ):
            return skip
        for n in range(len(run), 0, -1):
            part = run[:n]
            if n < len(run) and (w.pos == "ADJF" or n > 1):
                continue  # "Новую Маячку", "Кучерів Яр": the whole name or none of it
            names = self._names(part, lang)
            kinds = [(name, self._kind(name)) for name in names]
            # a town before a hromada or district spelt like the word ("Покровська" is the
            # genitive of Покровськ before it is Покровська громада)
            for name, kind in sorted(kinds, key=lambda nk: nk[1] != "settlement"):
                if kind in ("settlement", "admin2", "admin3"):
                    return name, "settlement", i + n, None
                if kind == "admin1" and n == 1 and "Geox" in w.tags:
                    return name, "admin1", i + n, None
        if i > 0 and (
            words[i - 1].low in self.lex.settlement_nouns or words[i - 1].lemma in self.lex.settlement_nouns
        ):
            # "в селе Белица", "хутор Каюковка": a settlement the gazetteer may not know
            return " ".join(nominative(lang, x.text)[0] for x in run), UNKNOWN, i + len(run), None
        return skip

    def _names(self, part: list[Word], lang: str) -> list[str]:
        surface = " ".join(_cap(x.low) for x in part)
        if len(part) == 1:
            return list(
                dict.fromkeys([surface, *nominative(lang, part[0].text), *_case_stripped(part[0].low)])
            )
        forms = [nominative(lang, x.text)[:2] or [x.text] for x in part]
        out = [surface, " ".join(f[0] for f in forms)]
        if all(len(f) > 1 for f in forms):
            out.append(" ".join(f[1] for f in forms))
        return list(dict.fromkeys(out))


#: Case endings of masculine town names, for the towns the dictionaries do not list
#: ("Покровська", "Покровську", "Покровськом" -> "Покровськ"); longest first.
_CASE_ENDINGS = ("ом", "ові", "ем", "а", "у", "і", "е", "я", "ю")


def _case_stripped(low: str) -> list[str]:
    """A masculine town's nominative under its case ending, when what is left ends in a consonant."""
    out = []
    for ending in _CASE_ENDINGS:
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 4 and stem[-1] not in "аеєиіїоуюяьйы'":
            out.append(_cap(stem))
    return out


def _name_word(w: Word) -> bool:
    return w.capitalised and _cyrillic_word(w) and not w.text.isupper() and w.pos not in _FUNCTION_WORDS


def _cyrillic_word(w: Word) -> bool:
    return bool(w.text) and "\u0400" <= w.text[0] <= "\u04ff"
