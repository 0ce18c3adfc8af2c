"""Russian and Ukrainian reports read in their own language (docs/claims.md, "Russian and
Ukrainian"): the same ``Claim`` records as English, with English event types, sides and actor
names, ``location.name`` as written (inflected) and evidence offsets into the original text.

``extract_claims_ruuk`` only orchestrates; each decision is a named module with its words in
``lexicons/ruuk_claims.json``:

- ``nlp_ruuk``: sentences, words, lemmas (razdel, pymorphy3); ``geo.cyrillic``: inflected places;
  ``time_ruuk``: dates;
- ``triggers``: which words report an event, and the sentence's main one;
- ``cues``: the English factuality classes (negated, denied, irrealis, future, habitual,
  cumulative, past) and hedges;
- ``sources``: who says so (reported speech, "по данным", "Об этом сообщил ...");
- ``sides``: who acted;
- typing (``type_trigger`` below) is the English stage's: actions and their ACLED types
  (``events.json``), the weapon priority (``event_typing.strongest_weapon``) and the territory
  rule (``event_typing.territory_sub_event``); one claim per event per document is the English
  ``merging.merge_restatements``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...geo.resolve import haversine
from ...models import Claim, Document, Evidence, Location, make_claim_id
from ...models import Claimant as ClaimantModel
from ...models import Span as FieldSpan
from ...nlp_ruuk import Sentence, fold, sentences
from ...time import event_date
from ...time_ruuk import find_dates
from ..attribution import Claimant
from ..event_typing import strongest_weapon, territory_sub_event
from ..judge import Decision
from ..lexicon import lexicon
from ..merging import event_kind, merge_restatements
from . import cues, sides, sources
from .triggers import Trigger, find_triggers, main_trigger
from .words import ruuk_lexicon

__all__ = ["extract_claims_ruuk", "read_places"]

#: Kinds of place that name where an event happened; a country is too vague (ANNOTATION.md).
_EVENT_PLACE_KINDS = ("settlement", "admin2", "admin3", "admin1")


@dataclass
class _Doc:
    doc: Document
    lang: str
    sents: list[Sentence]
    toponyms: list
    locations: list[Location]
    dates: list
    voice: str | None
    pipeline: str | None
    trace: list[Decision] | None
    claims: list[Claim] = field(default_factory=list)
    war_report: bool = False  # two or more sentences speak of the war (cues.war_context)
    triggers: list[list[Trigger]] = field(default_factory=list)  # each sentence's trigger words


def read_places(geo, doc: Document, lang: str) -> tuple[list[Sentence], list, list[Location]]:  # noqa: ANN001
    """Sentences, place mentions and their resolutions of a Russian or Ukrainian document."""
    sents = sentences(doc.text, lang)
    toponyms = geo.find_cyrillic(doc.text, sents, lang)
    locations = geo.resolve(doc.text, toponyms, published=doc.published)
    return sents, toponyms, _plausible(toponyms, locations)


#: How far from every place the gazetteer knows in a report a guessed spelling may lie.
GUESS_REACH_KM = 250


def _plausible(toponyms: list, locations: list[Location]) -> list[Location]:
    """A name the gazetteer does not know, matched by a guess at its spelling, is dropped back
    to unresolved when it lies far from every known place of the report ("Білу Гору" listed
    with Лисичанськ is not a village called Bila 900 km away)."""
    known = [loc for t, loc in zip(toponyms, locations, strict=True) if t.known and loc.lat is not None]
    out = []
    for t, loc in zip(toponyms, locations, strict=True):
        if not t.known and loc.lat is not None and known:
            near = min(haversine(loc.lat, loc.lon, k.lat, k.lon) for k in known)
            if near > GUESS_REACH_KM:
                loc = Location(name=loc.name, relation=loc.relation, runner_up=loc.resolved_name)
        out.append(loc)
    return out


def extract_claims_ruuk(
    doc: Document,
    lang: str,
    geo,  # noqa: ANN001 - a frontwatch.geo.Geoparser
    pipeline: str | None = None,
    trace: list[Decision] | None = None,
) -> list[Claim]:
    """The claims a Russian (``lang="ru"``) or Ukrainian (``"uk"``) document asserts, one per
    event per document; ``trace`` receives one ``Decision`` per trigger."""
    sents, toponyms, locations = read_places(geo, doc, lang)
    d = _Doc(
        doc,
        lang,
        sents,
        toponyms,
        locations,
        find_dates(doc.text, doc.published),
        sides.voice_side(sents),
        pipeline,
        trace,
    )
    d.war_report = sum(cues.war_context(s) for s in sents) >= 2
    d.triggers = [find_triggers(s, lang) if not _furniture(d, s) else [] for s in sents]  # once each
    own = [_own_source(d, s) for s in sents]
    speaker = next((h for s in sents if (h := sources.headline_source(s, doc.text, lang))), None)
    last: sources.Source | bool | None = None  # False: the outlet's own voice took over
    last_at: list[sources.Source | bool | None] = []  # the source in force at each sentence
    for si in range(len(sents)):
        src = own[si]
        if isinstance(src, sources.Source) and src.claimant.name is None:
            # "в ведомстве заявили", "ідеться в повідомленні", "он сообщил": the source before
            before = last or sources.official_named(sents[max(0, si - 2) : si], doc.text, lang)
            own[si] = src = sources.Source(before.claimant, src.start, src.end) if before else False
        if src is not None:
            last = src
        last_at.append(last)
    for si, sent in enumerate(sents):
        last = last_at[si]
        triggers = d.triggers[si]
        if not triggers:
            continue
        official = isinstance(own[si], sources.Source) and own[si].claimant.side in ("russia", "ukraine")
        kept = [t for t in triggers if not _judged_out(d, sent, t, official)]
        if not kept:
            continue
        trig = main_trigger(kept)
        source = _source_for(d, si, own, last, speaker)
        if source is not None and source.claimant.side == "unknown" and d.voice:
            # a source no lexicon places: the side of the report's wording (as English does)
            claimant = Claimant(**{**source.claimant.__dict__, "side": d.voice})
            source = sources.Source(claimant, source.start, source.end)
        _claims_of(d, sent, trig, source)
    # the English restatement rule for claims at a place; a claim with no place is folded here,
    # only into a claim whose doer it does not contradict
    placed, merged = merge_restatements([c for c in d.claims if c.location is not None])
    claims = sorted(placed + [c for c in d.claims if c.location is None], key=lambda c: c.evidence.start)
    claims, folded = _fold_placeless(claims, sents[0].start if sents else 0)
    if trace is not None:
        trace.extend(Decision.restated(c, first) for c, first in merged + folded)
    return claims


# -- sources ------------------------------------------------------------------------------------
def _own_source(d: _Doc, sent: Sentence) -> sources.Source | None | bool:
    return sources.sentence_source(sent, d.doc.text, d.lang)


def _source_for(
    d: _Doc,
    si: int,
    own: list,
    last: sources.Source | bool | None,
    speaker: sources.Source | None,
) -> sources.Source | None:
    """The sentence's own source; else one that attributes it right after ("Об этом сообщил
    ..."); else the last source named before it (none when the outlet's own voice spoke last:
    "Накануне сообщалось, что ..."); else the report's speaker line ("Богомаз: ...", "Евгений
    Балицкий: ..." under a post); else the one source the report names after it."""
    if isinstance(own[si], sources.Source):
        return own[si]
    if own[si] is False:
        return None  # the outlet's own voice: "сообщалось", "як повідомляв Укрінформ"
    for j in range(si + 1, min(si + 3, len(own))):
        if isinstance(own[j], sources.Source) and sources.about_this(d.sents[j], d.doc.text):
            return own[j]
        if own[j] is not None:
            break
    if last is False:
        return None
    if isinstance(last, sources.Source):
        return last
    if speaker is not None:
        return speaker
    later = next((s for s in own[si + 1 :] if isinstance(s, sources.Source)), None)
    return later  # the report's only source, named at its end ("Новину оприлюднила ...")


# -- judging -------------------------------------------------------------------------------------
def _furniture(d: _Doc, sent: Sentence) -> bool:
    low = fold(d.doc.text[sent.start : sent.end])
    return any(p in low for p in ruuk_lexicon().furniture)


def _judged_out(d: _Doc, sent: Sentence, trig: Trigger, official: bool = False) -> bool:
    """Whether the trigger asserts no event (``cues.assess``); a sentence an official or a body
    of either side reports counts as speaking of the war."""
    named = any(sent.start <= t.start < sent.end and t.kind != "country" for t in d.toponyms)
    why = cues.assess(sent, trig, d.doc.text, d.doc.published, d.dates, d.war_report or official, named)
    if why is not None and d.trace is not None:
        d.trace.append(Decision(sent.start, sent.end, trig.text, trig.start, trig.end, trig.action, why))
    return why is not None


# -- typing ------------------------------------------------------------------------------------
def weapons_of(sent: Sentence) -> set[str]:
    """The English weapon classes a sentence names."""
    rlex = ruuk_lexicon()
    return {rlex.weapons[k] for w in sent.words for k in (w.low, *w.lemmas) if k in rlex.weapons}


def type_trigger(
    sent: Sentence, trig: Trigger, context_weapons: set[str] | None = None
) -> tuple[str, str, str]:
    """ACLED type, sub-event type and action, by the English tables: a strike, attack or
    casualty takes its weapon's action (weapon priority), the weapon of the report's earlier
    sentences when its own names none ("У Дніпрі агресор поцілив по підприємству" after a drone
    attack); a bare strike word in the war is shelling; territory's sub-type is decided with the
    doer (``_claims_of``)."""
    lex = lexicon()
    action = trig.action
    family = lex.actions[action].family
    weapons = weapons_of(sent) or set(context_weapons or ())
    if family in ("strike", "attack", "casualty") or action in ("explosion", "destroy"):
        best = strongest_weapon(weapons)
        if best is not None:
            action = lex.weapon_actions[best]
        elif action in ("strike", "destroy", "casualties"):
            action = "shelling"
        elif action == "attack":
            action = "clash" if _ground(sent) else "shelling"
    at = lex.actions[action]
    return at.event_type, at.sub_event_type, action


def _ground(sent: Sentence) -> bool:
    """An attack on positions or by infantry is a battle, not a strike from afar."""
    return bool({w.lemma for w in sent.words} & ruuk_lexicon().ground_words)


# -- claims --------------------------------------------------------------------------------------
def _places(d: _Doc, sent: Sentence, source: sources.Source | None) -> list[int]:
    """Indices of the toponyms naming where the sentence's event happened: not the source's own
    ("губернатор Курской области"), a region or district only when no place inside it is named
    ("поселок Запесочье Погарского района": the village)."""
    text = d.doc.text
    bodies = sources.body_spans(text, sent.start, sent.end)
    idx = [
        i
        for i, t in enumerate(d.toponyms)
        if sent.start <= t.start < sent.end
        and (d.locations[i].lat is not None or not t.known)  # a cued name the gazetteer lacks
        and t.kind in _EVENT_PLACE_KINDS
        and not (source is not None and source.start <= t.start < source.end)
        and not any(a <= t.start < b for a, b in bodies)
        and not _in_role(text, sent, t)
        and not _destination(sent, t)
        and t.relation != "from"  # "ворог тисне з Попасної", "удар из Белгорода": the launch site
    ]
    settlements = [i for i in idx if d.toponyms[i].kind != "admin1" and d.toponyms[i].relation != "district"]
    out = []
    for i in idx:
        t = d.toponyms[i]
        region = d.locations[i].admin1
        if t.kind == "admin1" and any(
            d.toponyms[j].kind != "admin1" and d.locations[j].admin1 == region for j in idx
        ):
            continue  # the region a named place lies in ("село Бологовка в Харьковской области")
        if (
            t.relation == "district"
            and settlements
            and any(
                0 <= t.start - d.toponyms[j].end <= 2 or 0 <= d.toponyms[j].start - t.end <= 2
                for j in settlements
            )
        ):
            continue  # "Запесочье Погарского района", "в Петровском районе Донецка": the town
        out.append(i)
    return out


def _continuation_places(d: _Doc, sent: Sentence) -> list[int]:
    """A sentence that names no place takes the places of the next one when that one reports
    nothing itself but says where ("... атаковал автомобиль. Инцидент произошел в селе
    Калиновка.")."""
    nxt = sent.index + 1
    if nxt >= len(d.sents) or d.triggers[nxt]:
        return []
    return _places(d, d.sents[nxt], None)


def _destination(sent: Sentence, top) -> bool:  # noqa: ANN001
    """A place someone was taken to ("эвакуировали в Краматорск", "доставили до лікарні в
    Харкові"): where the hurt went, not where the event happened."""
    verbs = ruuk_lexicon().destination_verbs
    before = [w for w in sent.words if w.end <= top.start][-4:]
    return any(w.lemma in verbs for w in before)


def _in_role(text: str, sent: Sentence, top) -> bool:  # noqa: ANN001
    """A place inside a title: "губернатор Брянской области", "начальник Харківської ОВА"."""
    lex = ruuk_lexicon()
    before = fold(text[max(sent.start, top.start - 40) : top.start]).split()[-3:]
    after = fold(text[top.end : top.end + 30]).split()[:2]
    roles = lex.role_heads
    if any(w.strip(",.") in roles | lex.residents for w in before):
        return True  # "губернатор Курской области", "житель Ялты"
    return bool(after) and after[0].strip(",.") in lex.title_nouns


def _claims_of(d: _Doc, sent: Sentence, trig: Trigger, source: sources.Source | None) -> None:
    doc, text = d.doc, d.doc.text
    event_type, sub, action = type_trigger(sent, trig, _context_weapons(d, sent))
    claimant: Claimant | None = source.claimant if source is not None else None
    places = _places(d, sent, source) or _continuation_places(d, sent)
    first_loc = d.locations[places[0]] if places else None
    actors = sides.claim_actors(
        sent,
        trig,
        event_type,
        sub,
        claimant.side if claimant else None,
        first_loc.country if first_loc else None,
        d.voice,
        first_loc.admin1 if first_loc else None,
        _source_phrase(sent, source),
    )
    if sub == "territory" or action in ("capture", "recapture"):
        agent = actors[0].side if actors else None
        kind = "state" if agent == "ukraine" else "nonstate" if agent == "russia" else None
        sub = territory_sub_event(kind, agent)
    own_dates = [m for m in d.dates if sent.start <= m.start < sent.end]
    own_dates.sort(key=lambda m: abs(m.start - trig.start))
    if not own_dates and len(d.sents) <= 4:
        own_dates = [m for m in d.dates if m.date is not None][:1]
    date, precision, mention = event_date(own_dates, doc.published)
    hedged = cues.hedged(sent)
    spans = {"trigger": FieldSpan(text=trig.text, start=trig.start, end=trig.end)}
    if mention is not None:
        spans["date"] = FieldSpan(text=mention.text, start=mention.start, end=mention.end)
    if source is not None and source.start >= 0:
        spans["claimant"] = FieldSpan(
            text=text[source.start : source.end], start=source.start, end=source.end
        )
    side = claimant.side if claimant else "unknown"
    model = ClaimantModel(name=claimant.name, role=claimant.role, side=side) if claimant else ClaimantModel()
    if not places and not actors and claimant is None:
        # "Обстрел.", "Вибух." alone: no place, no side, no source: nothing an analyst can map
        if d.trace is not None:
            d.trace.append(
                Decision(sent.start, sent.end, trig.text, trig.start, trig.end, action, "too vague")
            )
        return
    ordinal = len(d.claims)
    for i in places or [None]:
        loc = d.locations[i] if i is not None else None
        place_spans = dict(spans)
        start, end = trig.start, trig.end
        if i is not None:
            t = d.toponyms[i]
            place_spans["location"] = FieldSpan(text=t.text, start=t.start, end=t.end)
            if i != places[0]:
                start, end = t.start, t.end  # one claim per place of a list, each its own id
        d.claims.append(
            Claim(
                claim_id=make_claim_id(doc, start, end, action, ordinal),
                event_type=event_type,
                sub_event_type=sub,
                action=action,
                actors=actors,
                location=loc,
                date=date,
                time_precision=precision,
                claimant=model,
                attribution=claimant.kind if claimant else "unattributed",
                hedged=hedged,
                flags=["unresolved_location"] if loc is not None and loc.lat is None else [],
                evidence=Evidence(
                    sentence=text[sent.start : sent.end], start=sent.start, end=sent.end, spans=place_spans
                ),
                pipeline=d.pipeline,
            )
        )
    if d.trace is not None:
        d.trace.append(Decision(sent.start, sent.end, trig.text, trig.start, trig.end, action, "taken"))


def _source_phrase(sent: Sentence, source: sources.Source | None) -> tuple[tuple[int, int], ...]:
    """The source's words in the sentence with the title before them ("Глава ЛНР Пасечник"):
    the side words there are the source's, not the doer's."""
    if source is None or source.start < 0 or not sent.start <= source.start < sent.end:
        return ()
    at = next((k for k, w in enumerate(sent.words) if w.start >= source.start), 0)
    k = at
    while k > 0 and at - k < 4 and sent.words[k - 1].is_word:
        k -= 1
    return ((sent.words[k].start, source.end),)


def _context_weapons(d: _Doc, sent: Sentence) -> set[str]:
    """The weapons of the nearest of the two sentences before, else of the headline."""
    for j in (sent.index - 1, sent.index - 2, 0):
        if 0 <= j < sent.index:
            found = weapons_of(d.sents[j])
            if found:
                return found
    return set()


def _fold_placeless(claims: list[Claim], first_start: int) -> tuple[list[Claim], list[tuple[Claim, Claim]]]:
    """A claim with no place restates a placed claim of the same kind anywhere in the report
    (a headline's "освободили три населенных пункта" before the list that names them); a claim
    at a region restates a claim of the same kind at a place in it ("... звільнили ще одне село
    на Донеччині" over "звільнили село Кучерів Яр"); a place the gazetteer lacks, named again
    for the same kind of event, is the same event."""
    kept: list[Claim] = []
    folded: list[tuple[Claim, Claim]] = []
    for c in claims:
        if c.location is None:  # fighting with no place beside ground taken: the same battle
            other = next(
                (o for o in claims if o.location is not None and _kin(o, c) and _same_doer(o, c)), None
            )
        elif c.location.geo_precision == 3:
            other = next(
                (o for o in claims if _inside(o, c) and event_kind(o) == event_kind(c) and _same_doer(o, c)),
                None,
            )
        elif c.location.lat is None:  # the same unresolved place named again ("поселок Запесочье")
            key = fold(c.location.name)
            other = next(
                (
                    o
                    for o in kept
                    if o.location
                    and o.location.lat is None
                    and event_kind(o) == event_kind(c)
                    and _same_name(o, key)
                ),
                None,
            )
        else:
            other = None
        if other is not None:
            folded.append((c, other))
            continue
        kept.append(c)
    return kept, folded


def _kin(a: Claim, b: Claim) -> bool:
    """Of one kind for folding a placeless claim: the same event kind, or both battles
    ("Бои за населенные пункты вели ..." after the villages taken)."""
    return event_kind(a) == event_kind(b) or a.event_type == b.event_type == "Battles"


def _same_doer(a: Claim, b: Claim) -> bool:
    """Two claims whose doers do not contradict: one side's strike is not restated by the
    other side's ("ВСУ атаковали Курск" then "российские войска обстреляли позиции ВСУ")."""
    sa = a.actors[0].side if a.actors else None
    sb = b.actors[0].side if b.actors else None
    return sa is None or sb is None or sa == sb


def _same_name(claim: Claim, key: str) -> bool:
    """Two spellings of one unresolved place: the same word stem (inflection aside)."""
    a = fold(claim.location.name) if claim.location else ""
    n = min(len(a), len(key)) - 2
    return n >= 4 and a[:n] == key[:n]


def _inside(place: Claim, region: Claim) -> bool:
    """``place`` names a place below the region ``region`` names ("Харківщина" > Kharkiv)."""
    a, b = place.location, region.location
    return bool(a and b and a.geo_precision != 3 and a.admin1 and a.admin1 == b.admin1)
