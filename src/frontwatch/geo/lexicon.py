"""Loads the geo lexicons (data files under frontwatch/lexicons/geo_*) once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .variants import fold


def _read(name: str) -> str:
    return resources.files("frontwatch.lexicons").joinpath(name).read_text(encoding="utf-8")


def _alt(words: list[str], space: str = r"\s+") -> str:
    return "|".join(re.escape(w).replace(r"\ ", space) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class GeoLexicon:
    stopwords: frozenset[str]  # folded
    first_names: frozenset[str]
    before_re: re.Pattern[str]  # matches a cue ending right before a name
    cue_info: dict[str, tuple[str, bool]]  # folded cue -> (relation, strong)
    within_re: re.Pattern[str]
    between_re: re.Pattern[str]
    after_region_re: re.Pattern[str]
    after_raion_re: re.Pattern[str]
    after_hromada_re: re.Pattern[str]
    after_direction_re: re.Pattern[str]
    after_facility_re: re.Pattern[str]
    after_plural_region_re: re.Pattern[str]
    compass: frozenset[str]
    run_end_skip: frozenset[str]  # a capitalised run ending in one of these is a street/facility
    run_end_located: frozenset[str]  # ... unless it is a facility inside its first word(s)' place
    run_start_skip: frozenset[str]  # "River X", "Lake X"
    after_street_re: re.Pattern[str]  # "Vinnytsia highway", "Odesa street"
    lower_re: re.Pattern[str]  # a cue + a lower-case word ("in berdiansk")
    reporting_re: re.Pattern[str]
    titles: frozenset[str]
    admin1_names: dict[str, str]  # OCHA P-code -> readable name
    region_groups: dict[str, list[str]]  # folded group name -> P-codes
    frontline: frozenset[str]  # readable admin1 names
    front_periods: dict[str, tuple[str, str]]  # line name -> (from, to) ISO dates
    front_kept_with_maps: frozenset[str]  # lines imported control maps do not replace
    nonplaces: frozenset[str]  # folded: people, organisations, common words (geo_nonplaces.json)
    eponyms: frozenset[str]  # folded: people Soviet towns were named after ("Stalin", "Kirov")
    agreement_re: re.Pattern[str]  # right after a name: "... agreements/talks/format" (metonymy)
    stance_re: re.Pattern[str]  # right after a name: "... has vowed / denies / says" (metonymy)
    subject_before_re: re.Pattern[str]  # right before a name: a clause starts ("", ", ", "while ")


@lru_cache(maxsize=1)
def lexicon() -> GeoLexicon:
    stop: set[str] = set()
    first: set[str] = set()
    section = ""
    for line in _read("geo_stopwords.txt").splitlines():
        line = line.strip()
        if line.startswith("#"):
            section = line.lower()
            continue
        if line:
            stop.add(fold(line))
            if "first names" in section:
                first.add(fold(line))
    nonp = json.loads(_read("geo_nonplaces.json"))
    first |= {fold(w) for w in nonp["first_names"]}
    nonplaces = {
        fold(w)
        for key in ("first_names", "public_figures", "organisations", "common_words")
        for w in nonp[key]
    }
    met = json.loads(_read("geo_metonymy.json"))
    nouns, nums = _alt(met["agreement_nouns"]), _alt(met["numerals"])
    # the words of one clause: spaces only (a line break ends a headline), capitals case-sensitive
    agreement_re = re.compile(
        rf"^(?:[- ]+(?:{nums}))?(?: +and +(?:the +)?(?-i:[A-Z])[\w'’-]*(?:[- ]+(?:{nums}))?)?"
        rf" +(?:peace +)?(?:{nouns})\b",
        re.IGNORECASE,
    )
    stance_re = re.compile(
        r"^(?: +(?:and|&) +(?-i:[A-Z])[\w'’-]*)?(?: +(?:" + _alt(met["auxiliaries"], " +") + r"))*"
        r" +(?:" + _alt(met["stance_verbs"], " +") + r")\b",
        re.IGNORECASE,
    )
    subject_before_re = re.compile(
        r"(?:^|[.!?;:\n,(“‘—–]\s*|[\"]\s*|(?<![\w'’-])(?:" + _alt(met["clause_openers"]) + r")\s+)$",
        re.IGNORECASE,
    )
    cues = json.loads(_read("geo_cues.json"))
    before = [c["cue"] for c in cues["before"]]
    cue_info = {fold(c["cue"]): (c["relation"], bool(c["strong"])) for c in cues["before"]}
    before_re = re.compile(
        r"(?:^|(?<=[^\w]))(" + _alt(before) + r")\s+(?:the\s+|a\s+)?(?:(?:so-called|occupied|frontline|"
        r"front-line|liberated|captured|embattled|besieged|small|large)\s+)?['‘“\"]?$",
        re.IGNORECASE,
    )
    after = lambda key: re.compile(r"^['’”\"]?\s*(?:" + _alt(cues[key]) + r")\b", re.IGNORECASE)  # noqa: E731
    adm = json.loads(_read("geo_admin1.json"))
    groups = {fold(k): v for k, v in adm["region_groups"].items() if not k.startswith("_")}
    a1 = {pc: v["name"] for pc, v in adm["ukraine"].items()}
    return GeoLexicon(
        stopwords=frozenset(stop),
        first_names=frozenset(first),
        before_re=before_re,
        cue_info=cue_info,
        within_re=re.compile(cues["within_km"] + r"\s+(?:the\s+)?$", re.IGNORECASE),
        between_re=re.compile(r"\bbetween\s+(?:the\s+)?[\w'’ -]{2,40}?\s+and\s+(?:the\s+)?$", re.IGNORECASE),
        after_region_re=after("after_region"),
        after_raion_re=after("after_raion"),
        after_hromada_re=after("after_hromada"),
        after_direction_re=after("after_direction"),
        after_facility_re=after("after_facility"),
        after_plural_region_re=re.compile(
            r"^(?:\s*(?:,|and|&)\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)+\s+(?:regions|oblasts|provinces)\b"
        ),
        compass=frozenset(fold(c) for c in cues["compass_prefix"]),
        run_end_skip=frozenset(fold(c) for c in cues["run_end_skip"]),
        run_end_located=frozenset(fold(c) for c in cues["run_end_located"]),
        run_start_skip=frozenset(fold(c) for c in cues["run_start_skip"]),
        after_street_re=re.compile(r"^['’]?\s+(?:" + _alt(cues["after_street"]) + r")\b", re.IGNORECASE),
        lower_re=re.compile(
            r"(?<![\w-])(?:"
            + _alt(cues["lower_before"])
            + r")\s+(?:the\s+)?([a-zа-яіїєґ][a-zа-яіїєґ'’ʼ-]{4,})(?![\w'’ʼ-])",
            re.IGNORECASE,
        ),
        reporting_re=re.compile(r"^\s+(?:" + _alt(cues["reporting_verbs"]) + r")\b", re.IGNORECASE),
        titles=frozenset(fold(t) for t in cues["person_titles"]),
        admin1_names=a1,
        region_groups=groups,
        frontline=frozenset(a1[pc] for pc in adm["frontline"] if pc in a1),
        nonplaces=frozenset(nonplaces),
        eponyms=frozenset(fold(w) for w in nonp["eponyms"]),
        agreement_re=agreement_re,
        stance_re=stance_re,
        subject_before_re=subject_before_re,
        front_periods={
            k: (v["from"], v["to"]) for k, v in json.loads(_read("geo_frontline.json"))["lines"].items()
        },
        front_kept_with_maps=frozenset(json.loads(_read("geo_frontline.json"))["kept_with_maps"]["lines"]),
    )
