"""Event typing: the ACLED event type, sub-event type and action of a draft.

Starts from the trigger's action (``events.json`` 'actions') and refines it by the language
around it: what a capture took (ground, weapons, a person, goods), who was hit (civilians,
military places, protesters), the weapons named (``events.json`` 'weapons', 'weapon_priority'),
explosives found rather than exploded, and the kind of protest (``typing.json``: force against
protesters, violent demonstration, intervention). A draft that turns out to be no event
("freed the hostages", goods seized) is typed None.
"""

from __future__ import annotations

from .drafts import Draft
from .events import object_of, weapon_class
from .lexicon import lexicon


def capture_object(draft: Draft, places: list[tuple[int, int]]) -> str:
    """What a capture verb took: 'territory', 'weapons', 'person', 'goods' or 'none' (no object).

    ``places`` are the document spans of resolved toponyms: an object the gazetteer knows is
    territory whatever NER thinks of it ("captured Avdiivka" is not a person taken)."""
    lex = lexicon()
    trig = draft.group.head.token
    if trig.pos_ not in ("VERB", "AUX") or draft.group.head.phrase:
        return "territory"
    obj = object_of(trig)  # also the noun a participle modifies: "X, a town recently liberated"
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


def type_event(
    draft: Draft,
    sent_low: str,
    theatre: bool,
    crime: bool = False,
    places: list[tuple[int, int]] | None = None,
) -> tuple[str, str, str] | None:
    """ACLED event type, sub-event type and action for a draft (None: not an event after all)."""
    lex = lexicon()
    action = draft.action
    head_lemma = draft.group.head.token.lemma_.lower()
    if (
        (action in lex.war_only_actions or head_lemma in lex.war_only_lemmas)
        and not theatre
        and not lex.violence_rx.search(sent_low)
    ):
        return None  # a fire or a disappearance in peacetime, with no word of violence: no event
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
        taken = capture_object(draft, places or [])
        if taken != "territory" and head_lemma in lex.freeing_verbs:
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
        and lex.explosive_found_rx.search(sent_low)
        and not lex.explosive_went_off_rx.search(sent_low)
    ):
        action = "defuse"
    weapons = weapon_class(sent_low)
    if "drone" in weapons:
        weapons.discard("grenade")  # grenades dropped from drones are drone strikes (ACLED)
    family = lex.actions[action].family
    agent_kind = draft.agents[0].kind if draft.agents else None
    agent_side = draft.agents[0].side if draft.agents else None
    civilians_hit = any(p.kind == "civilians" for p in draft.patients) or target_in(
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
        and (protesters_hit or lex.protest_words_rx.search(sent_low))
    ):
        action = "protest"  # clashes with protesters, shooting at demonstrators: typed as a protest below
    military_hit = any(p.kind in ("state", "nonstate") for p in draft.patients) or (
        not civilians_hit and target_in(draft, lex.military_places)
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
        best = strongest_weapon(weapons)
        if best is not None:
            if best in ("artillery", "missile") and "small_arms" in weapons and family == "clash":
                best = "small_arms"
            if best == "small_arms" and family in ("attack", "clash") and civilians_hit and not military_hit:
                best = None  # gunmen on civilians: violence against civilians
            if best is not None:
                action = lex.weapon_actions[best]
            elif family == "clash":
                action = "attack"
        elif action in ("air_strike",) and not theatre and not lex.air_words_rx.search(sent_low):
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
        return protest_type(action, sent_low)
    at = lex.actions[action]
    sub = at.sub_event_type
    if sub == "territory" or (action == "recapture" and (draft.agents or draft.patients)):
        if draft.agents:
            government = governs(agent_kind, agent_side)
        else:  # "the militants were pushed back from": the loser tells who won
            loser = next((p for p in draft.patients if p.kind in ("state", "nonstate")), None)
            government = loser is not None and (loser.kind == "nonstate" or loser.side == "russia")
            if loser is None and action == "recapture":
                government = True
        sub = "Government regains territory" if government else "Non-state actor overtakes territory"
    return at.event_type, sub, action


def strongest_weapon(weapons: set[str]) -> str | None:
    """The weapon class that names the sub-event type when several are mentioned
    (``events.json`` 'weapon_priority': a drone strike with artillery is a drone strike)."""
    return next((w for w in lexicon().weapon_priority if w in weapons), None)


def governs(agent_kind: str | None, agent_side: str | None) -> bool:
    """Whether territory taken by this actor is 'Government regains territory' (ACLED's practice
    for this war: Russian forces take ground the non-state way; actors.json)."""
    return agent_kind == "state" and agent_side != "russia"


def territory_sub_event(agent_kind: str | None, agent_side: str | None) -> str:
    return (
        "Government regains territory"
        if governs(agent_kind, agent_side)
        else "Non-state actor overtakes territory"
    )


def target_in(draft: Draft, places: frozenset[str]) -> bool:
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


def protest_type(action: str, sent_low: str) -> tuple[str, str, str]:
    """ACLED type of a protest or riot: excessive force against protesters > violent demonstration
    > protest with intervention > peaceful protest (cue lists in ``typing.json``)."""
    lex = lexicon()
    cause = lex.protest_cause_rx.search(sent_low) is not None
    if not cause and lex.protest_force_rx.search(sent_low):
        return "Protests", "Excessive force against protesters", "protest_force"
    if lex.riot_rx.search(sent_low):
        return "Riots", "Violent demonstration", "riot"
    if lex.protest_intervention_rx.search(sent_low):
        return "Protests", "Protest with intervention", "protest_intervention"
    if action == "riot":
        return "Riots", "Violent demonstration", "riot"
    return "Protests", "Peaceful protest", "protest"
