"""Factuality: does the text assert a particular occurrence, or only mention one?

A trigger that survives the clause checks of ``events`` (participles used as adjectives, modal,
negated and purpose clauses) is read once more in its sentence and document context. It is not
a claim when the text puts it

- in a **question** ("Will Russia strike Kyiv again?");
- under a **condition** ("if Russia attacks", "in case of an invasion");
- under an **irrealis** noun or verb ("the risk of clashes", "threatened a strike", "tasked with
  capturing"), or a **denial** ("Moscow denied it is planning an assault"), or **negates** it
  ("no shelling was reported", "without a fight");
- in the **past**: a year, a date or a named era more than 30 days before publication ("liberated by
  the Soviet Army", "since Russia annexed Crimea in 2014", "in the first days of the invasion"),
  or in a time-frame clause ("since the town fell");
- as **habitual or generic** ("has repeatedly shelled", "such attacks", "frequent strikes");
- as a **cumulative statistic** ("losses since 1 January reached 66,180");
- as an **umbrella operation** ("launched a counteroffensive", "the full-scale invasion");
- as a **reference** to an event told elsewhere ("after the attack, Zelensky wrote"), an
  **evaluation** ("the counter-attack is strategically important"), an **ongoing description**
  with no place ("Russian soldiers are firing missiles"), or a verbless **subheading**.

``assess`` returns the first class that applies (shown by ``frontwatch extract --explain``), or
None when the trigger asserts an event. The word lists are ``lexicons/factuality.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Span, Token

from .lexicon import _load as load_json
from .lexicon import _words_rx as phrase_rx
from .offsets import starting_in

_NON_SPACE = re.compile(r"\S")  # the same whitespace as str.strip()

#: Days before publication after which a dated event is background, not news (ANNOTATION.md).
NEWS_WINDOW_DAYS = 30


@dataclass(frozen=True)
class FactLexicon:
    conditional_marks: frozenset[str]
    conditional_rx: re.Pattern[str]
    irrealis_nouns: frozenset[str]
    irrealis_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    negative_determiners: frozenset[str]
    negative_subjects: frozenset[str]
    past_eras_rx: re.Pattern[str]
    early_war_rx: re.Pattern[str]
    temporal_marks: frozenset[str]
    habitual_rx: re.Pattern[str]
    generic_determiners: frozenset[str]
    cumulative_rx: re.Pattern[str]
    day_frames_rx: re.Pattern[str]
    umbrella_nouns: frozenset[str]
    umbrella_light_verbs: frozenset[str]
    state_nouns: frozenset[str]
    reference_preps: frozenset[str]
    era_heads: frozenset[str]


@cache
def fact_lexicon() -> FactLexicon:
    d = load_json("factuality.json")
    return FactLexicon(
        conditional_marks=frozenset(d["conditional_marks"]),
        conditional_rx=phrase_rx(d["conditional_phrases"]),
        irrealis_nouns=frozenset(d["irrealis_nouns"]),
        irrealis_verbs=frozenset(d["irrealis_verbs"]),
        denial_verbs=frozenset(d["denial_verbs"]),
        negative_determiners=frozenset(d["negative_determiners"]),
        negative_subjects=frozenset(d["negative_subjects"]),
        past_eras_rx=phrase_rx(d["past_eras"]),
        early_war_rx=phrase_rx(d["early_war"]),
        temporal_marks=frozenset(d["temporal_marks"]),
        habitual_rx=phrase_rx(d["habitual"]),
        generic_determiners=frozenset(d["generic_determiners"]),
        cumulative_rx=phrase_rx(d["cumulative"]),
        day_frames_rx=phrase_rx(d["day_frames"]),
        umbrella_nouns=frozenset(d["umbrella_nouns"]),
        umbrella_light_verbs=frozenset(d["umbrella_light_verbs"]),
        state_nouns=frozenset(d["state_nouns"]),
        reference_preps=frozenset(d["reference_preps"]),
        era_heads=frozenset(d["era_heads"]),
    )


@dataclass(frozen=True)
class DatedSpan:
    """A resolved date mention in the sentence: offsets relative to the sentence, and ACLED precision."""

    start: int
    end: int
    date: date
    precision: int = 1

    @property
    def last_day(self) -> date:
        """The latest day the mention covers ('last month' reaches to the month's end)."""
        if self.precision == 3:
            nxt = (self.date.replace(day=28) + timedelta(days=4)).replace(day=1)
            return nxt - timedelta(days=1)
        if self.precision == 2:
            return self.date + timedelta(days=6)
        return self.date


@dataclass(frozen=True)
class Context:
    """What factuality needs to know beyond the sentence's parse."""

    published: date | None = None
    #: resolved dates mentioned in the sentence
    dates: tuple[DatedSpan, ...] = ()
    #: the sentence is the document's first (a headline or caption): the present tense is news there
    headline: bool = False
    #: the whole document is a caption or a headline (three sentences or fewer)
    short_text: bool = False
    #: the sentence names a place the gazetteer resolves
    named_place: bool = False
    #: countries of the places it names (below country level)
    place_countries: frozenset[str] = frozenset()
    #: the learned gate's probability that the sentence asserts an event (``gate``); None: not asked
    event_probability: float | None = None


_YEAR_RX = re.compile(r"(?<![\d/.-])(19[0-9]\d|20[0-9]\d)(?![\d/-])")
_NUMBER_RX = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?)\b"
)


def years_in(text: str) -> list[tuple[int, int]]:
    """Four-digit years written in a text, with their offsets ("in 2014", "the 1990s")."""
    return [(m.start(1), int(m.group(1))) for m in _YEAR_RX.finditer(text)]


#: Dependencies that open another clause: its words do not modify the trigger's clause.
OTHER_CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "relcl", "parataxis", "acl", "csubj"})


def clause_text(tok: Token) -> tuple[str, list[tuple[int, int]]]:
    """The lower-cased words of the trigger's own clause (other clauses pruned) and their
    sentence-relative character ranges, so a cue in a neighbouring clause does not count."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    keep: list[Token] = []
    stack = [head]
    while stack:
        t = stack.pop()
        keep.append(t)
        for c in t.children:
            if c.dep_ in OTHER_CLAUSE_DEPS and c.i != tok.i and tok not in c.subtree:
                continue
            stack.append(c)
    keep.sort(key=lambda t: t.i)
    base = tok.sent.start_char
    return " ".join(t.lower_ for t in keep), [(t.idx - base, t.idx - base + len(t)) for t in keep]


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def recent(ctx: Context, ranges: list[tuple[int, int]] | None = None) -> bool:
    """The sentence (or the clause's ``ranges``) fixes a day within the news window."""
    if ctx.published is None:
        return False
    lo = ctx.published - timedelta(days=NEWS_WINDOW_DAYS)
    return any(
        d.last_day >= lo and d.date <= ctx.published + timedelta(days=1)
        for d in ctx.dates
        if ranges is None or _inside(d.start, ranges)
    )


def question(sent: Span) -> str | None:
    """A sentence that asks does not assert."""
    return "question" if sent.text.rstrip(" \"'”’»)").endswith("?") else None


def conditional(tok: Token, low: str) -> str | None:
    """'if Russia attacks', 'unless they withdraw', 'in case of an invasion'."""
    fl = fact_lexicon()
    for anc in [tok, *tok.ancestors]:
        for c in anc.children:
            if c.dep_ == "mark" and c.lower_ in fl.conditional_marks:
                return f"conditional: {c.lower_}"
    if tok.pos_ not in ("VERB", "AUX"):
        m = fl.conditional_rx.search(low)
        if m and m.end() <= tok.idx - tok.sent.start_char + 1:
            return f"conditional: {m.group(0)}"
    return None


def irrealis(tok: Token) -> str | None:
    """The event is the complement of a word that does not assert it: 'the risk of clashes',
    'threatened a strike', 'tasked with capturing', 'invasion plans'; or of a denial."""
    fl = fact_lexicon()
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in fl.irrealis_nouns:
        return f"irrealis: {tok.head.lemma_.lower()}"  # "attack plans", "invasion threat"
    cur = tok
    for _ in range(6):
        head = cur.head
        if head.i == cur.i:
            break
        lemma = head.lemma_.lower()
        if cur.dep_ in ("pobj", "pcomp") and head.dep_ == "prep":
            # "the risk of clashes", "tasked with capturing", "a pretext for an invasion"
            gov = head.head
            glemma = gov.lemma_.lower()
            if gov.pos_ in ("NOUN", "PROPN") and glemma in fl.irrealis_nouns:
                return f"irrealis: {glemma} {head.lower_}"
            if gov.pos_ in ("VERB", "ADJ") and (glemma in fl.irrealis_verbs or glemma == "task"):
                return f"irrealis: {glemma} {head.lower_}"
            cur = gov
            continue
        if cur.dep_ in ("dobj", "nsubjpass", "ccomp", "xcomp") and head.pos_ in ("VERB", "AUX"):
            if lemma in fl.denial_verbs:
                return f"denied: {lemma}"
            if lemma in fl.irrealis_verbs and cur.dep_ in ("dobj", "xcomp"):
                return f"irrealis: {lemma}"
            if (
                cur.dep_ == "ccomp"
                and lemma in fl.irrealis_verbs
                and lemma in ("fear", "warn", "predict", "expect")
            ):
                return f"irrealis: {lemma}"
        break
    return None


def negated(tok: Token) -> str | None:
    """'no shelling', 'without a fight', 'nobody was killed', 'never captured'."""
    fl = fact_lexicon()
    if any(c.dep_ in ("det", "neg") and c.lower_ in fl.negative_determiners for c in tok.children):
        return "negated"
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        return "negated: without"
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    if verb is not None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and (
                c.lower_ in fl.negative_subjects
                or (c.lower_ == "one" and any(g.lower_ == "no" for g in c.children))
            ):
                return "negated: no one"
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
                return "negated"
    return None


def past(tok: Token, sent: Span, ctx: Context) -> str | None:
    """Background: a date, year or era more than 30 days before publication in the trigger's
    clause, or a time-frame clause ('since the town fell'). A clause that also fixes a recent day
    is news."""
    fl = fact_lexicon()
    clause, ranges = clause_text(tok)
    if recent(ctx, ranges):
        return None
    pub = ctx.published
    if pub is not None:
        horizon = pub - timedelta(days=NEWS_WINDOW_DAYS)
        old = [d for d in ctx.dates if d.last_day < horizon and _inside(d.start, ranges)]
        if old:
            return f"background: {old[0].date.isoformat()}"
        for pos, year in years_in(sent.text):
            if date(year, 12, 31) < horizon and _inside(pos, ranges):
                return f"background: {year}"
    for m in fl.past_eras_rx.finditer(clause):
        following = clause[m.end() :].lstrip(" -").split(" ", 1)[0]
        if following not in fl.era_heads:  # "a WWII veteran" is today's person
            return f"background: {m.group(0)}"
    m = fl.early_war_rx.search(clause)
    if m:
        return f"background: {m.group(0)}"
    if fl.day_frames_rx.search(clause):
        return None  # "since the beginning of the day": today's news
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in fl.temporal_marks for c in anc.children):
            return "background: time frame"  # "since Russia captured the town"
        if anc.dep_ == "pobj" and anc.head.lower_ in fl.temporal_marks:
            return f"background: {anc.head.lower_}"  # "since the capture of the town"
    return None


def habitual(tok: Token, ctx: Context) -> str | None:
    """Repeated or open-ended aspect and generic event nouns: 'has repeatedly shelled', 'has been
    targeting', 'such attacks', 'frequent strikes'."""
    fl = fact_lexicon()
    if tok.pos_ in ("NOUN", "PROPN"):
        for c in tok.children:
            if c.dep_ in ("amod", "det", "predet", "nummod", "advmod") and c.lower_ in fl.generic_determiners:
                return f"generic: {c.lower_}"
    clause, ranges = clause_text(tok)
    if recent(ctx, ranges):
        return None
    m = fl.habitual_rx.search(clause)
    if m:
        return f"habitual: {m.group(0)}"
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    if verb is not None and verb.tag_ == "VBG":
        auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
        if "been" in auxes and any(a in ("has", "have", "had", "'s", "'ve") for a in auxes):
            return "habitual: has been ...ing"  # "Russia has been targeting ports"
    if (
        verb is not None
        and verb.tag_ in ("VBZ", "VBP")
        and not ctx.headline
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    ):
        return "generic: simple present"  # "Russia attacks Ukraine with missiles and Europe with prices"
    return None


def cumulative(tok: Token) -> str | None:
    """Totals over a period: 'losses since 1 January reached 66,180', 'a total of 300 drones'."""
    fl = fact_lexicon()
    clause, _ = clause_text(tok)
    m = fl.cumulative_rx.search(clause)
    if m and _NUMBER_RX.search(clause) and not fl.day_frames_rx.search(clause):
        return f"cumulative: {m.group(0)}"
    return None


def umbrella(tok: Token, ctx: Context) -> str | None:
    """Launching or waging a whole war or offensive is no particular event: 'launched a
    counteroffensive', 'the full-scale invasion', 'waged war'. An offensive at or from a named
    settlement is a particular assault ('launched an offensive from Lysychansk')."""
    fl = fact_lexicon()
    lemma = tok.lemma_.lower()
    if (
        lemma in fl.state_nouns
        and tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ not in ("compound", "amod", "nmod")
    ):
        return f"state: {lemma}"  # "a city under Russian occupation"
    if ctx.named_place:
        return None
    if tok.pos_ in ("NOUN", "PROPN") and lemma in fl.umbrella_nouns:
        return f"umbrella: {lemma}"
    if tok.pos_ in ("VERB", "AUX") and lemma in fl.umbrella_light_verbs:
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and obj.lemma_.lower() in fl.umbrella_nouns:
            return f"umbrella: {lemma} {obj.lemma_.lower()}"
    return None


def reference(tok: Token, ctx: Context) -> str | None:
    """A definite event noun in a temporal adjunct points at an event told elsewhere: 'after the
    attack', 'following Tuesday's strike'. An indefinite one may report it ('after a missile hit'),
    and so does one with a place of its own ('after the shelling of Izium')."""
    if ctx.named_place or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
        return None
    prep = tok.head
    if prep.lower_ not in fact_lexicon().reference_preps:
        return None
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in tok.children):
        return f"reference: {prep.lower_} the {tok.lower_}"
    return None


def evaluation(tok: Token) -> str | None:
    """An event noun whose only predicate is an evaluation: 'the counter-attack is strategically
    important', 'such strikes are unacceptable'."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "nsubj":
        return None
    head = tok.head
    if head.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in head.children):
        return "commentary: evaluation"
    return None


def ongoing(tok: Token, ctx: Context) -> str | None:
    """Present progressive or present passive with no place of its own: a description of the war,
    not a report ('Russian soldiers are firing missiles', 'the regions are occupied'). Ongoing
    fighting at a named place is news ('fighting continues in Sievierodonetsk')."""
    if ctx.named_place or ctx.headline or tok.pos_ not in ("VERB", "AUX"):
        return None
    auxes = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"is", "are", "'re", "am"} and not recent(ctx):
        return "ongoing: present tense, no place"
    return None


def headless(sent: Span, ctx: Context) -> str | None:
    """A short line with no verb that is not the headline: a subheading or teaser
    ('The arrest of European politicians', 'Attack on Israel.')."""
    if ctx.headline or ctx.short_text or len(sent) > 10:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return None
    return "subheading: no verb"


def assess(trigger: Token, sent: Span, ctx: Context) -> str | None:
    """Why ``trigger`` asserts no particular event (the class), or None when it does."""
    low = sent.text.lower()
    return (
        question(sent)
        or headless(sent, ctx)
        or conditional(trigger, low)
        or negated(trigger)
        or irrealis(trigger)
        or umbrella(trigger, ctx)
        or reference(trigger, ctx)
        or evaluation(trigger)
        or past(trigger, sent, ctx)
        or cumulative(trigger)
        or habitual(trigger, ctx)
        or ongoing(trigger, ctx)
    )


def sentence_facts(
    sent_start: int,
    sent_end: int,
    text: str,
    dates: list,
    published: date | None,
    toponyms: list,
    locations: list,
    short_text: bool = False,
) -> Context:
    """The factuality context of one sentence: its resolved dates (sentence-relative), whether it
    is the headline, and whether it names a place the gazetteer resolves below country level."""
    spans = tuple(
        DatedSpan(m.start - sent_start, m.end - sent_start, m.date, m.precision)
        for m in (dates[i] for i in starting_in(dates, sent_start, sent_end))
        if m.date is not None and not getattr(m, "future", False)
    )
    # only whitespace before the sentence (searching, not slicing: a prefix copy per sentence
    # is quadratic in the text's length)
    headline = _NON_SPACE.search(text, 0, sent_start) is None
    if len(toponyms) != len(locations):
        raise ValueError("toponyms and locations differ in length")
    named = [
        loc
        for t, loc in ((toponyms[i], locations[i]) for i in starting_in(toponyms, sent_start, sent_end))
        if loc.lat is not None and t.kind not in ("country", "admin1")
    ]
    return Context(
        published=published,
        dates=spans,
        headline=headline,
        short_text=short_text,
        named_place=bool(named),
        place_countries=frozenset(loc.country or "" for loc in named),
    )
