"""The claims stage: parsed sentences in, claims out (docs/claims.md).

``extract_claims`` is a pure function of the document, its parsed candidate sentences, its
toponyms and their resolutions. It finds event groups (``events``), their actors (``actors``),
who says so (``attribution``), hedging and verification, the place and date, and the flags.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..models import Actor, Claim, Document, Evidence, Location, make_claim_id
from ..models import Claimant as ClaimantModel
from ..models import Span as FieldSpan
from ..time import event_date, find_dates
from .actors import ActorRef, find_actors, left_actor, normalise
from .attribution import Claimant, People, find_claimant, headline_claimant, side_from_vocabulary
from .events import EventGroup, find_triggers, group_triggers, object_of, weapon_class
from .lexicon import lexicon

__all__ = ["SentenceParse", "extract_claims", "split_sentences"]

_SENT_RX = re.compile(r"(?<=[.!?])[\"”’'»]?\s+(?=\S)|\n+")
_ABBREV_RX = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|No|Jr|Sr|Gov|Rep|Sen|Prof|Vol|approx|vs|etc|U\.S|U\.K|e\.g|i\.e)|\b[A-Z])\.$"
)
#: Capture verbs that free people or recover things: only ground taken back is an event.
FREEING_VERBS = frozenset({"free", "liberate", "recover", "release", "rescue"})
#: Protests over earlier killings: the killings are the cause, not force used on the protesters.
_PROTEST_CAUSE_RX = re.compile(
    r"\b(?:mourn\w*|commemorat\w*|justice for|in memory of|anniversary|vigils?|funerals?|accidents?|"
    r"(?:against|over|condemn\w*) (?:the )?(?:killings?|deaths?|murders?))\b"
)
NON_VIOLENT_FAMILIES = frozenset({"protest", "arrest", "agreement", "group", "base", "disrupt"})
TERRITORY_WEAKER = frozenset({"advance", "clash", "counterattack", "repel"})
FACILITY_WORDS = frozenset(
    {
        "mine",
        "plant",
        "bridge",
        "airport",
        "airfield",
        "station",
        "base",
        "dam",
        "factory",
        "depot",
        "port",
        "refinery",
        "village",
        "town",
        "city",
        "height",
        "heights",
        "complex",
        "facility",
        "school",
        "hospital",
    }
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a": 1,
    "an": 1,
    "dozens": 24,
    "dozen": 12,
}
_NUM = r"(\d[\d,]*|" + "|".join(NUMBER_WORDS) + r")"
_KILLED_RX = [
    re.compile(
        rf"\b{_NUM}\s+(?:\w+[- ]){{0,4}}?(?:were |was |have been |has been |had been )?(?:killed|dead|died|dies|lost their lives)\b"
    ),
    re.compile(
        rf"\b(?:killing|killed|kills|claimed the lives of|death toll (?:rose|rises|climbed|reached|stands at|of))\s+(?:at least |more than |over |about |up to )?{_NUM}\b"
    ),
]


@dataclass(frozen=True)
class SentenceParse:
    """A sentence of the document: its offsets, and its parse if it was a claim candidate."""

    start: int
    end: int
    parse: Span | None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cheap rule-based sentence boundaries (character offsets), so only candidates get parsed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_RX.finditer(text):
        if "\n" not in m.group(0) and (
            text[m.end() : m.end() + 1].islower() or _ABBREV_RX.search(text[start : m.start()])
        ):
            continue  # "e.g. the", "Gen. Ivanov": not a sentence end
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def is_candidate(sentence: str) -> bool:
    return lexicon().candidate_rx.search(sentence.lower()) is not None


@dataclass
class _Draft:
    group: EventGroup
    offset: int
    sent_index: int
    action: str
    agents: list[ActorRef]
    patients: list[ActorRef]
    target: str | None
    target_keys: set[str]
    target_side: str | None
    claimant: Claimant | None
    exclude: list[tuple[int, int]]
    flags: set[str] = field(default_factory=set)
    hedged: bool = False
    verification: str = "unverified"
    fatalities: int | None = None
    extra_sents: list[int] = field(default_factory=list)


def _doc_span(tok: Token, offset: int) -> tuple[int, int]:
    toks = sorted(tok.subtree, key=lambda t: t.i)
    return toks[0].idx + offset, toks[-1].idx + len(toks[-1].text) + offset


def _target(group: EventGroup, theatre: bool) -> tuple[str | None, set[str], str | None]:
    """What was hit or taken, its name keys (for escalation) and the side of anyone on it."""
    trig = group.head.token
    verb = trig if trig.pos_ in ("VERB", "AUX") else group.clause
    cands: list[Token] = []
    for tok in (trig, verb):
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                cands.append(child)
            elif child.dep_ == "prep" and child.lower_ in ("to", "at", "on", "of", "upon", "towards"):
                cands.extend(g for g in child.children if g.dep_ == "pobj")
    for cand in cands:
        if cand.ent_type_ in ("GPE", "LOC") or normalise(cand.text) is not None:
            continue
        toks = [
            t
            for t in cand.subtree
            if t.dep_ not in ("relcl", "acl") and abs(t.i - cand.i) <= 4 and t.i <= cand.i
        ]
        toks.sort(key=lambda t: t.i)
        text = " ".join(t.text for t in toks if t.dep_ != "det" and t.pos_ != "PUNCT").strip()
        keys = {t.lower_.strip("‘’'\"") for t in toks if t.text[:1].isupper() or t.pos_ == "PROPN"}
        if cand.lemma_.lower() in FACILITY_WORDS:
            keys.add(cand.lemma_.lower())
        side = None
        for t in cand.subtree:  # "a bridge ... used by retreating Ukrainian troops"
            if t.dep_ in ("amod", "compound", "nsubj", "pobj", "poss") and t.pos_ in ("ADJ", "PROPN", "NOUN"):
                norm = normalise(t.text, None, theatre)
                if norm and norm[1] in ("russia", "ukraine") and norm[2] != "civilians":
                    side = norm[1]
                    break
        return (text or cand.text), keys, side
    return None, set(), None


def _fatalities(text: str) -> int | None:
    total = 0
    low = text.lower()
    for rx in _KILLED_RX:
        for m in rx.finditer(low):
            raw = m.group(1).replace(",", "")
            n = NUMBER_WORDS.get(raw) if not raw.isdigit() else int(raw)
            if n:
                total += n
        if total:
            break
    return total or None


def _capture_object(draft: _Draft, places: list[tuple[int, int]]) -> str:
    """What a capture verb took: 'territory', 'weapons', 'person', 'goods' or 'none' (no object).

    ``places`` are the document spans of resolved toponyms: an object the gazetteer knows is
    territory whatever NER thinks of it ("captured Avdiivka" is not a person taken)."""
    lex = lexicon()
    trig = draft.group.head.token
    if trig.pos_ not in ("VERB", "AUX") or draft.group.head.phrase:
        return "territory"
    obj = next((c for c in trig.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None:
        return "none"
    words = {t.lower_ for t in obj.subtree}
    obj_at = obj.idx + draft.offset
    if (
        any(a <= obj_at < b for a, b in places)
        or obj.ent_type_ in ("GPE", "LOC", "FAC")
        or obj.lower_ in lex.territory_objects
        or obj.lemma_.lower() in lex.territory_objects
        or any(
            c.dep_ == "compound" and c.lemma_.lower() in lex.territory_objects for c in obj.children
        )  # "a district centre", "hill posts"
    ):
        return "territory"
    if obj.lower_ in lex.person_objects or obj.lemma_.lower() in lex.person_objects:
        return "person"  # "captured a commander of the explosives unit": the person, not the weapons
    if weapon_class(" ".join(words)) or words & lex.weapon_words:
        return "weapons"
    if obj.ent_type_ in ("PERSON", "NORP"):
        return "person"
    if obj.pos_ == "PROPN":
        return "territory"
    return "goods"


def _type(
    draft: _Draft,
    sent_low: str,
    theatre: bool,
    crime: bool = False,
    places: list[tuple[int, int]] | None = None,
) -> tuple[str, str, str] | None:
    """ACLED event type, sub-event type and action for a draft (None: not an event after all)."""
    lex = lexicon()
    action = draft.action
    head_lemma = draft.group.head.token.lemma_.lower()
    if action == "shoot_down" and not draft.group.head.phrase:
        head_tok = draft.group.head.token
        if draft.group.head.nominal:  # "the interception of this individual"
            of = next((c for c in head_tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        else:
            obj = object_of(head_tok)
        if obj is not None and (
            obj.lemma_.lower() in lex.person_objects
            or obj.ent_type_ == "PERSON"
            or obj.pos_ == "PRON"
            or obj.lemma_.lower() == "individual"
        ):
            if crime or lex.crime_rx.search(sent_low):
                return None  # a suspect caught in an ordinary criminal case
            action = "arrest"  # "intercepted 15 suspected members of the group"
    if action == "capture":
        taken = _capture_object(draft, places or [])
        if taken != "territory" and head_lemma in FREEING_VERBS:
            return None  # "freed the hostages", "recovered the bodies": no capture
        if taken == "weapons":
            action = "seize_weapons"
        elif taken == "person":
            action = (
                "arrest"
                if not draft.agents or draft.agents[0].kind in ("state",) or not theatre
                else "abduction"
            )
        elif taken == "goods":
            return None
    if (
        action == "shoot_down"
        and lex.manned_aircraft_rx.search(sent_low)
        and not weapon_class(sent_low) & {"drone"}
    ):
        # ACLED codes downing a manned aircraft as an attack on its crew, not an interception
        action = "missile_strike"
    if (
        action == "explosion"
        and re.search(
            r"\b(?:found|discovered|defused|dismantled|neutrali[sz]ed|seized|recovered)\b", sent_low
        )
        and not re.search(r"\b(?:exploded|detonated|went off|blast|killed|injured|wounded)\b", sent_low)
    ):
        action = "defuse"
    weapons = weapon_class(sent_low)
    if "drone" in weapons:
        weapons.discard("grenade")  # grenades dropped from drones are drone strikes (ACLED)
    family = lex.actions[action].family
    agent_kind = draft.agents[0].kind if draft.agents else None
    agent_side = draft.agents[0].side if draft.agents else None
    civilians_hit = any(p.kind == "civilians" for p in draft.patients) or _target_in(
        draft, lex.civilian_places
    )
    protesters_hit = any(p.kind == "protesters" for p in draft.patients) or (
        any(p.kind == "protesters" for p in draft.agents) and not civilians_hit
    )
    # The delivery weapon does not matter when the payload is chemical or the bomber a suicide
    # bomber, nor when grenades were thrown: these sub-types win over any clash or strike reading.
    special = [w for w in ("chemical", "suicide", "grenade") if w in weapons]
    if special and family in ("strike", "attack", "clash", "casualty") and action != "sexual_violence":
        action = lex.weapon_actions[special[0]]
        at = lex.actions[action]
        return at.event_type, at.sub_event_type, action
    if (
        action != "sexual_violence"
        and (
            family in ("clash", "attack", "casualty") or (family == "strike" and not weapons - {"small_arms"})
        )
        and (
            protesters_hit
            or re.search(r"\b(?:protest\w*|demonstrat(?:ors?|ions?)|rall(?:y|ies)|sit-ins?)\b", sent_low)
        )
    ):
        action = "protest"  # clashes with protesters, shooting at demonstrators: typed as a protest below
    military_hit = any(p.kind in ("state", "nonstate") for p in draft.patients) or (
        not civilians_hit and _target_in(draft, lex.military_places)
    )
    head = draft.group.head
    # A clash verb ("clashed", "fought") stays an armed clash whatever weapons were used; only the
    # generic fire phrases ("opened fire", "fired on") are typed by the weapon.
    true_clash = action == "clash" and not head.phrase and head.token.lemma_.lower() != "raid"
    if (
        family in ("strike", "attack", "clash", "casualty")
        and action
        not in ("advance", "counterattack", "repel", "mass_killing")  # graves: typed as what they are
        and not true_clash
    ):
        strong = [w for w in lex.weapon_priority if w in weapons]
        if strong:
            best = strong[0]
            if best in ("artillery", "missile") and "small_arms" in weapons and family == "clash":
                best = "small_arms"
            if best == "small_arms" and family in ("attack", "clash") and civilians_hit and not military_hit:
                best = None  # gunmen on civilians: violence against civilians
            if best is not None:
                action = lex.weapon_actions[best]
            elif family == "clash":
                action = "attack"
        elif (
            action in ("air_strike",)
            and not theatre
            and not re.search(r"\b(?:air|aircraft|jet|plane|helicopter|drone)", sent_low)
        ):
            action = "explosion"  # a 'bombing' outside an air war is usually a planted bomb
        elif action in ("strike", "destroy"):
            if military_hit and action == "destroy":
                action = "clash"
            elif theatre:
                action = "shelling"
            elif action == "destroy":
                action = "looting"
            else:
                action = "attack"
        elif action == "attack":
            if military_hit or (theatre and not civilians_hit):
                action = "clash"
        elif family == "clash" and head.phrase and civilians_hit and not military_hit:
            action = "attack"  # "gunmen opened fire on farmers": violence against civilians
        elif action == "casualties":
            if theatre and civilians_hit and not military_hit:
                action = "shelling"
            elif not theatre:
                action = "attack" if civilians_hit else "clash"
    if action in ("protest", "riot"):
        cause = _PROTEST_CAUSE_RX.search(sent_low) is not None
        if not cause and re.search(
            r"\b(?:killed|killing|died|dead|shot dead|gunfire|opened fire on|fired (?:live )?(?:bullets|rounds) at|live (?:ammunition|rounds|bullets|fire)|beat(?:s|en|ing)?|beat(?:en)? to death|brutal(?:ly)?|crackdown|excessive force|violently (?:suppress|disperse)\w*)\b",
            sent_low,
        ):
            return "Protests", "Excessive force against protesters", "protest_force"
        if re.search(
            r"\b(?:pelted|stones|stone-throwing|molotov|torched|set fire|vandali[sz]\w+|clash(?:es|ed|ing)?|violent|rampage|ransack\w*|looted|smashed|throwing|threw|hurled|pull(?:ed)? down|stormed|attacked|confront\w*|bottles|fireworks|firecrackers|attack(?:s|ing)?|barricad\w*|block(?:ed|ing|ade|ades)? (?:\w+ ){0,2}(?:roads?|highways?|streets?|thoroughfares?|entrances?|traffic|railways?|bridges?)|shut down (?:\w+ ){0,2}(?:roads?|highways?|streets?|offices))\b",
            sent_low,
        ):
            return "Riots", "Violent demonstration", "riot"
        if re.search(
            r"\b(?:dispers\w+|tear ?gas|teargas|water cannons?|baton|lathi|rubber bullets|arrest\w*|detain\w*|suppress\w*|broke up|break up|cleared|chased?|intervened|cut short)\b",
            sent_low,
        ):
            return "Protests", "Protest with intervention", "protest_intervention"
        if action == "riot":
            return "Riots", "Violent demonstration", "riot"
        return "Protests", "Peaceful protest", "protest"
    at = lex.actions[action]
    sub = at.sub_event_type
    if sub == "territory" or (action == "recapture" and (draft.agents or draft.patients)):
        if draft.agents:
            government = agent_kind == "state" and agent_side != "russia"
        else:  # "the militants were pushed back from": the loser tells who won
            loser = next((p for p in draft.patients if p.kind in ("state", "nonstate")), None)
            government = loser is not None and (loser.kind == "nonstate" or loser.side == "russia")
            if loser is None and action == "recapture":
                government = True
        sub = "Government regains territory" if government else "Non-state actor overtakes territory"
    return at.event_type, sub, action


def _target_in(draft: _Draft, places: frozenset[str]) -> bool:
    """Whether what the event hit is one of ``places``: a bus, a school, a village (civilian), a
    checkpoint, a convoy, a base (military)."""
    trig = draft.group.head.token
    verb = trig if trig.pos_ in ("VERB", "AUX") else draft.group.clause
    for tok in (trig, verb):
        for child in tok.children:
            objs = [child] if child.dep_ in ("dobj", "nsubjpass") else []
            if child.dep_ == "prep" and child.lower_ in ("on", "at", "upon", "in", "into", "against"):
                objs = [g for g in child.children if g.dep_ == "pobj"]
            for obj in objs:
                if (
                    obj.lower_ in places
                    or obj.lemma_.lower() in places
                    or any(c.lower_ in places for c in obj.children if c.dep_ in ("amod", "compound"))
                ):
                    return True
    return False


def _civilians_of(actor: Actor, country: str) -> Actor:
    """Civilians hurt outside Ukraine are that country's civilians (ACLED: 'Civilians (Russia)')."""
    if actor.name != "Civilians (Ukraine)":
        return actor
    side = "russia" if country == "Russia" else "civilians"
    return Actor(name=f"Civilians ({country})", side=side)


def _possessive_person(top: object, sent: SentenceParse) -> bool:
    """A name followed by 's and a noun, tagged as a person: "Ivanov's units"."""
    doc = sent.parse
    assert doc is not None
    offset = sent.start - doc.start_char
    for tok in doc:
        if tok.idx + offset == top.start:  # type: ignore[attr-defined]
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            return bool(nxt is not None and nxt.tag_ == "POS" and tok.ent_type_ == "PERSON")
    return False


def _choose_location(
    draft: _Draft,
    sents: list[SentenceParse],
    toponyms: list,
    locations: list[Location],
    facility_index: dict[str, int],
) -> tuple[Location | None, object | None]:
    sent = sents[draft.sent_index]
    trig_pos = draft.group.head.start

    def usable(i: int) -> bool:
        top = toponyms[i]
        return not any(a <= top.start < b for a, b in draft.exclude)

    def score(i: int) -> float:
        top, loc = toponyms[i], locations[i]
        base = {"settlement": 3.0, "admin3": 1.6, "admin2": 1.5, "admin1": 1.0, "country": 0.2}.get(
            top.kind, 2.5
        )
        if not top.known:
            base = 2.5 if top.cue else 0.5
        if loc.lat is None and top.known:
            base -= 1
        if top.relation == "direction":
            base -= 0.8
        elif top.cue:  # "outskirts of X", "near X": the text itself marks it as the place
            base += 0.5
        if sents[draft.sent_index].parse is not None and _possessive_person(toponyms[i], sent):
            base -= 2.5  # "Gen. Ivanov's units": a person, not the town
        return base - abs(top.start - trig_pos) / 400

    in_sent = [i for i, t in enumerate(toponyms) if sent.start <= t.start < sent.end and usable(i)]
    best = max(in_sent, key=score) if in_sent else None
    if best is None or toponyms[best].kind in ("admin1", "country") or toponyms[best].relation == "direction":
        for key in draft.target_keys:  # "the 'X' mine ... located near Y" elsewhere in the text
            if key in facility_index and key not in FACILITY_WORDS:
                i = facility_index[key]
                loc = locations[i].model_copy(
                    update={"relation": "near", "geo_precision": max(2, locations[i].geo_precision or 2)}
                )
                return loc, toponyms[i]
    if best is None:
        for j in (draft.sent_index - 1, draft.sent_index + 1):
            if 0 <= j < len(sents):
                near = [
                    i
                    for i, t in enumerate(toponyms)
                    if sents[j].start <= t.start < sents[j].end and t.kind == "settlement"
                ]
                if near and len(sents) <= 4:
                    best = near[0]
                    break
    if best is None:
        return None, None
    return locations[best], toponyms[best]


def _facility_index(
    sents: list[SentenceParse], text: str, toponyms: list, locations: list[Location]
) -> dict[str, int]:
    """Names in quotes or capitalised before a facility word, mapped to a settlement in their sentence."""
    index: dict[str, int] = {}
    rx = re.compile(r"[‘'\"“]?([A-Z][\w-]+)[’'\"”]?\s+(" + "|".join(FACILITY_WORDS) + r")\b")
    for s in sents:
        chunk = text[s.start : s.end]
        names = [m.group(1).lower() for m in rx.finditer(chunk)]
        if not names:
            continue
        tops = [
            i
            for i, t in enumerate(toponyms)
            if s.start <= t.start < s.end
            and t.kind in ("settlement", "unknown")
            and locations[i].lat is not None
        ]
        if tops:
            for name in names:
                if not any(toponyms[i].text.lower().startswith(name[:5]) for i in tops):
                    index.setdefault(name, tops[0])
    return index


def extract_claims(
    doc: Document,
    sents: list[SentenceParse],
    toponyms: list,
    locations: list[Location],
    pipeline: str | None = None,
) -> list[Claim]:
    """The claims a document asserts, one per event per source."""
    lex = lexicon()
    text = doc.text
    theatre = bool(lex.theatre_rx.search(text)) or any(
        (loc.country or "") in ("Ukraine", "Russia") for loc in locations if loc.lat is not None
    )
    people = People()
    doc_low = text.lower()
    # A document about an accident or a disaster with no word of violence anywhere gives no violent
    # claim. Inside the war a single accident sentence never silences the rest of the report: there
    # the check is per sentence only.
    doc_disaster = lex.disaster_rx.search(doc_low) is not None and lex.violence_rx.search(doc_low) is None
    doc_quiet = doc_disaster and not theatre
    doc_crime = not theatre and lex.crime_rx.search(doc_low) is not None
    headline = headline_claimant(text) if len(sents) <= 2 else None
    drafts: list[_Draft] = []
    for si, sp in enumerate(sents):
        sent = sp.parse
        if sent is None:
            continue
        offset = sp.start - sent.start_char
        low = sent.text.lower()
        background = lex.background_rx.search(low) is not None
        # accidents and natural disasters, and ordinary crime outside the war: no political violence
        disaster = lex.disaster_rx.search(low) is not None and lex.violence_rx.search(low) is None
        crime = not theatre and lex.crime_rx.search(low) is not None
        for group in group_triggers(sent, find_triggers(sent, offset)):
            trig = group.head.token
            family = lex.actions[group.head.action].family
            if (disaster or doc_quiet) and family not in NON_VIOLENT_FAMILIES:
                continue
            if crime and family not in ("protest", "riot", "agreement", "group"):
                continue
            claimant = find_claimant(trig, sent, people)
            if background and claimant is None:
                continue  # the author's background and commentary: no claim
            exclude: list[tuple[int, int]] = []
            if claimant is not None:
                people.last = claimant
                for anc in [trig, *trig.ancestors]:
                    for c in anc.children:
                        if c.dep_ in ("nsubj",) and anc.lemma_.lower() in lex.reporting_verbs:
                            exclude.append(_doc_span(c, offset))
                for tok in sent:
                    if tok.lower_ == "according":
                        exclude.append(_doc_span(tok, offset))
                claimant.start = claimant.start + offset if claimant.start >= 0 else -1
                claimant.end = claimant.end + offset if claimant.end >= 0 else -1
            elif headline is not None:
                claimant = headline
                exclude.append((claimant.start, claimant.end))
            claimant_side = claimant.side if claimant else None
            agents, patients = find_actors(trig, group.clause, claimant_side, theatre)
            for other in group.triggers[1:]:  # "shelled the town, injuring three civilians"
                if lex.actions[other.action].family == "casualty":
                    extra = find_actors(other.token, group.clause, claimant_side, theatre)[1]
                    patients.extend(p for p in extra if p.kind == "civilians" and p not in patients)
                elif other.token.pos_ in ("VERB", "AUX"):  # "shelled and destroyed a Russian vehicle"
                    more_agents, more_patients = find_actors(
                        other.token, group.clause, claimant_side, theatre
                    )
                    if not agents:
                        agents.extend(more_agents[:1])
                    patients.extend(p for p in more_patients if p not in patients and p not in agents)
            if not agents and trig.pos_ in ("VERB", "AUX"):
                ref = left_actor(trig, claimant_side, theatre)
                if ref is not None and all(ref.start != p.start for p in patients):
                    agents.append(ref)
            target, keys, target_side = _target(group, theatre)
            action = group.head.action
            drafts.append(
                _Draft(
                    group, offset, si, action, agents, patients, target, keys, target_side, claimant, exclude
                )
            )
    _apply_sentence_cues(drafts, sents, text)
    dates_all = find_dates(text, doc.published)  # once per document: merging and dating both read them
    anchors = _sentence_anchors(sents, toponyms, locations, dates_all)
    drafts = _merge_and_escalate(drafts, sents, text, anchors)
    facility_index = _facility_index(sents, text, toponyms, locations)
    vocab_side = None
    claims: list[Claim] = []
    known_places = [
        (t.start, t.end) for t, loc in zip(toponyms, locations, strict=True) if loc.lat is not None
    ]
    for ordinal, d in enumerate(drafts):
        sp = sents[d.sent_index]
        sent_text = text[sp.start : sp.end]
        low = sent_text.lower()
        typed = _type(d, low, theatre, doc_crime, known_places)
        if typed is None:
            continue
        event_type, sub_event_type, action = typed
        actors = _actors(d, lex, theatre, event_type, action)
        if d.claimant is not None and d.claimant.side == "unknown":
            vocab_side = vocab_side or side_from_vocabulary(text)
            d.claimant.side = vocab_side
        location, top = _choose_location(d, sents, toponyms, locations, facility_index)
        if location is not None and location.country not in (None, "Ukraine"):
            actors = [_civilians_of(a, location.country) for a in actors]
        own_dates = [m for m in dates_all if sp.start <= m.start < sp.end]
        own_dates.sort(key=lambda m: abs(m.start - d.group.head.start))
        if not own_dates and len(sents) <= 4:
            own_dates = [m for m in dates_all if m.date is not None][:1]
        date, precision, date_mention = event_date(own_dates, doc.published)
        flags = set(d.flags)
        if location is not None and location.lat is None:
            flags.add("unresolved_location")
        if _inconsistent(actors, d, lex.actions[action].family):
            flags.add("actor_inconsistency")
        spans: dict[str, FieldSpan] = {
            "trigger": FieldSpan(text=text[d.group.start : d.group.end], start=d.group.start, end=d.group.end)
        }
        if top is not None:
            spans["location"] = FieldSpan(text=top.text, start=top.start, end=top.end)
        if date_mention is not None:
            spans["date"] = FieldSpan(text=date_mention.text, start=date_mention.start, end=date_mention.end)
        if d.claimant is not None and d.claimant.start >= 0:
            spans["claimant"] = FieldSpan(
                text=text[d.claimant.start : d.claimant.end], start=d.claimant.start, end=d.claimant.end
            )
        for key, ref in (
            ("actor1", d.agents[0] if d.agents else None),
            ("actor2", d.patients[0] if d.patients else None),
        ):
            if ref is not None:
                s, e = ref.start + d.offset, ref.end + d.offset
                spans[key] = FieldSpan(text=text[s:e], start=s, end=e)
        hedged = d.hedged or bool(d.claimant and d.claimant.hedge)
        claimant = (
            ClaimantModel(name=d.claimant.name, role=d.claimant.role, side=d.claimant.side)
            if d.claimant
            else ClaimantModel()
        )
        claims.append(
            Claim(
                claim_id=make_claim_id(doc, d.group.start, d.group.end, action, ordinal),
                event_type=event_type,
                sub_event_type=sub_event_type,
                action=action,
                actors=actors,
                target=d.target,
                location=location,
                date=date,
                time_precision=precision,
                claimant=claimant,
                attribution=d.claimant.kind if d.claimant else "unattributed",
                hedged=hedged,
                verification=d.verification,
                flags=sorted(flags),
                fatalities=d.fatalities,
                evidence=Evidence(sentence=sent_text, start=sp.start, end=sp.end, spans=spans),
                pipeline=pipeline,
            )
        )
    if not claims and theatre and not doc_disaster and len(text) <= CAPTION_MAX_CHARS and len(sents) <= 3:
        caption = _caption_claim(doc, toponyms, locations, headline, pipeline, dates_all)
        if caption is not None:
            claims.append(caption)
    return claims


CAPTION_MAX_CHARS = 240
_CAPTION_TYPES = {
    "capture": ("Battles", "Non-state actor overtakes territory", "capture"),
    "grave": ("Violence against civilians", "Attack", "attack"),
    "protest": ("Protests", "Peaceful protest", "protest"),
    "damage": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelling"),
    "presence": ("Strategic developments", "Other", "military_presence"),
}


def _caption_claim(
    doc: Document,
    toponyms: list,
    locations: list[Location],
    headline: Claimant | None,
    pipeline: str | None,
    dates: list,
) -> Claim | None:
    """One claim for a short caption that names a place and an incident but has no clause for it."""
    lex = lexicon()
    text = doc.text
    low = text.lower()
    found = next(((kind, m) for kind, rx in lex.captions if (m := rx.search(low)) is not None), None)
    if found is None:
        return None
    kind, m = found
    places = [
        i
        for i, t in enumerate(toponyms)
        if t.kind not in ("country",) and not (headline and t.start >= headline.start >= 0)
    ]
    if not places:
        return None
    best = max(
        places,
        key=lambda i: (
            {"settlement": 3, "unknown": 2}.get(toponyms[i].kind, 1),
            locations[i].lat is not None,
            -toponyms[i].start,
        ),
    )
    event_type, sub_event_type, action = _CAPTION_TYPES[kind]
    if kind == "damage":
        weapons = weapon_class(low)
        strong = [w for w in lex.weapon_priority if w in weapons and w != "small_arms"]
        if strong:
            action = lex.weapon_actions[strong[0]]
            at = lex.actions[action]
            event_type, sub_event_type = at.event_type, at.sub_event_type
    actors: list[Actor] = []
    for word in re.findall(r"[\w'-]+", low):
        norm = normalise(word, None, True)
        if (
            norm
            and norm[1] in ("russia", "ukraine")
            and norm[2] != "civilians"
            and all(a.name != norm[0] for a in actors)
        ):
            actors.append(Actor(name=norm[0], side=norm[1]))
    if kind == "capture" and actors and len(actors) == 1:
        side = actors[0].side
        actors.append(Actor(name=lex.opponents[side], side="ukraine" if side == "russia" else "russia"))
    date, precision, mention = event_date([m2 for m2 in dates if m2.date is not None][:1], doc.published)
    top = toponyms[best]
    spans = {
        "trigger": FieldSpan(text=text[m.start() : m.end()], start=m.start(), end=m.end()),
        "location": FieldSpan(text=top.text, start=top.start, end=top.end),
    }
    if mention is not None:
        spans["date"] = FieldSpan(text=mention.text, start=mention.start, end=mention.end)
    location = locations[best]
    claimant = (
        ClaimantModel(name=headline.name, role=headline.role, side=headline.side)
        if headline
        else ClaimantModel()
    )
    return Claim(
        claim_id=make_claim_id(doc, m.start(), m.end(), action, 0),
        event_type=event_type,
        sub_event_type=sub_event_type,
        action=action,
        actors=actors,
        location=location,
        date=date,
        time_precision=precision,
        claimant=claimant,
        attribution=headline.kind if headline else "unattributed",
        flags=["unresolved_location"] if location.lat is None else [],
        evidence=Evidence(sentence=text.strip(), start=0, end=len(text.rstrip()), spans=spans),
        pipeline=pipeline,
    )


def _actors(d: _Draft, lex, theatre: bool, event_type: str, action: str) -> list[Actor]:
    """Actor 1 then actor 2, with the implied opponent where the typed event implies one."""
    out: list[Actor] = []
    seen: set[str] = set()
    for ref in d.agents[:1] + d.patients:
        if ref.name not in seen:
            out.append(Actor(name=ref.name, side=ref.side))
            seen.add(ref.name)
    family = lex.actions[action].family
    sides = {a.side for a in out}
    if theatre and family in ("clash", "territory", "casualty") and event_type == "Battles":
        for side in ("russia", "ukraine"):
            if side in sides and ({"russia", "ukraine"} - sides):
                other = "ukraine" if side == "russia" else "russia"
                out.append(Actor(name=lex.opponents[side], side=other))
                break
        if not sides & {"russia", "ukraine"} and d.claimant and d.claimant.side in ("russia", "ukraine"):
            out = [
                Actor(
                    name=lex.opponents["ukraine" if d.claimant.side == "russia" else "russia"],
                    side=d.claimant.side,
                ),
                Actor(
                    name=lex.opponents[d.claimant.side],
                    side="ukraine" if d.claimant.side == "russia" else "russia",
                ),
            ]
    if d.agents and d.agents[0].side is None and not out:
        out.append(Actor(name=d.agents[0].name, side=None))
    if not d.agents and out and family == "territory" and out[0].side in ("russia", "ukraine"):
        # "Ukrainian forces were pushed back": the loser is actor 2, the implied winner actor 1
        out = out[1:] + out[:1] if len(out) > 1 else out
    return out


def _inconsistent(actors: list[Actor], d: _Draft, family: str) -> bool:
    if family not in ("strike", "attack", "clash"):
        return False
    if not d.agents or d.agents[0].side not in ("russia", "ukraine") or d.agents[0].kind == "civilians":
        return False
    attacker = d.agents[0].side
    targets = [p.side for p in d.patients if p.kind != "civilians"] + (
        [d.target_side] if d.target_side else []
    )
    return attacker in targets


def _apply_sentence_cues(drafts: list[_Draft], sents: list[SentenceParse], text: str) -> None:
    """Hedging in a claim's own sentence; verification and disputes in it or in a later sentence
    that refers back to 'the claim' / 'the report' without asserting an event of its own."""
    lex = lexicon()
    by_sent: dict[int, list[_Draft]] = {}
    for d in drafts:
        by_sent.setdefault(d.sent_index, []).append(d)
    for d in drafts:
        sp = sents[d.sent_index]
        low = text[sp.start : sp.end].lower()
        d.hedged = bool(lex.hedge_rx.search(low))
        d.fatalities = _fatalities(low)
    last: list[_Draft] = []
    for si, sp in enumerate(sents):
        low = text[sp.start : sp.end].lower()
        own = by_sent.get(si, [])
        targets = own or (last if lex.claim_reference_rx.search(low) else [])
        if own:
            last = own
        if not targets:
            continue
        masked = lex.not_confirmed_rx.sub(" ", low)
        verdict = None
        if lex.disputed_rx.search(masked):
            verdict = "disputed"
        elif lex.not_confirmed_rx.search(low):
            verdict = "unverified"
        elif lex.confirmed_rx.search(masked):
            verdict = "confirmed"
        if verdict:
            for d in targets:
                d.verification = verdict
                if verdict == "unverified" and not own:
                    d.hedged = True


def _sentence_anchors(
    sents: list[SentenceParse], toponyms: list, locations: list[Location], dates: list
) -> list[set[str]]:
    """For each sentence, the places (resolved name, or as written) and dates it names itself."""
    anchors: list[set[str]] = [set() for _ in sents]
    starts = [sp.start for sp in sents]

    def index(pos: int) -> int | None:
        i = bisect_right(starts, pos) - 1
        return i if i >= 0 and pos < sents[i].end else None

    for top, loc in zip(toponyms, locations, strict=True):
        if top.kind != "country" and (i := index(top.start)) is not None:
            anchors[i].add("place:" + (loc.resolved_name or top.name).lower())
    for mention in dates:
        if mention.date is not None and (i := index(mention.start)) is not None:
            anchors[i].add("date:" + mention.date.isoformat())
    return anchors


def _continues(prev: _Draft, d: _Draft, anchors: list[set[str]]) -> bool:
    """A follow-up sentence continues the previous claim if it refers back to it ("The shelling
    killed...", "The fall of the town is...") or names no other place or date of its own."""
    head = d.group.head
    if head.nominal and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.token.children
    ):
        return True
    own = anchors[d.sent_index]
    before = set().union(*(anchors[i] for i in [prev.sent_index, *prev.extra_sents]))
    return own <= before


def _merge_and_escalate(
    drafts: list[_Draft], sents: list[SentenceParse], text: str, anchors: list[set[str]]
) -> list[_Draft]:
    """Join follow-up sentences into the claim they continue; turn an author's unattributed 'capture'
    of what a source only said was approached into a ``claim_escalation`` flag on that claim."""
    lex = lexicon()
    out: list[_Draft] = []
    for d in drafts:
        family = lex.actions[d.action].family
        if family == "territory" and d.claimant is None:
            weaker = [
                o
                for o in out
                if o.action in TERRITORY_WEAKER and o.claimant is not None and (o.target_keys & d.target_keys)
            ]
            if weaker:
                for o in weaker:
                    o.flags.add("claim_escalation")
                continue
        prev = out[-1] if out else None
        if prev is not None and d.sent_index - prev.sent_index <= 1:
            pfam = lex.actions[prev.action].family
            same_source = (d.claimant is None) or (
                prev.claimant is not None and d.claimant.name == prev.claimant.name
            )
            if not _continues(prev, d, anchors):
                out.append(d)  # "... hit Odesa on Tuesday. ... shelled Kherson on Wednesday": two events
                continue
            if family == "casualty" and same_source:
                prev.extra_sents.append(d.sent_index)
                prev.patients.extend(p for p in d.patients if p.kind == "civilians")
                continue
            if family == pfam and same_source and d.claimant is None and d.sent_index != prev.sent_index:
                prev.extra_sents.append(d.sent_index)  # "The shelling killed two civilians."
                prev.patients.extend(
                    p for p in d.patients if p.kind == "civilians" and p not in prev.patients
                )
                continue
        out.append(d)
    # Casualty counts and civilian victims stated in a follow-up sentence belong to the claim.
    for d in out:
        for si in d.extra_sents:
            sp = sents[si]
            extra = _fatalities(text[sp.start : sp.end].lower())
            if extra:
                d.fatalities = (d.fatalities or 0) + extra
    # The author's own summary sentences that call an approach a capture (parsed as commentary).
    for si, sp in enumerate(sents):
        low = text[sp.start : sp.end].lower()
        if not re.search(r"\b(?:capture[sd]?|seizure|seized|takeover|taken|fall of|fell)\b", low):
            continue
        if re.search(r"\b(?:according to|said|says|stated|claimed|reported (?:that|by|on))\b", low):
            continue
        words = {w.strip("‘’'\"") for w in re.findall(r"[\w‘’'\"-]+", low)}
        for o in out:
            if o.action in TERRITORY_WEAKER and o.claimant is not None and si > o.sent_index:
                names = {k for k in o.target_keys if k not in FACILITY_WORDS}
                if names & words or (not names and o.target_keys & words):
                    o.flags.add("claim_escalation")
    return out
