"""Who acted, in a Russian or Ukrainian sentence: the warring sides of a claim's actors.

The words that name a side ('side_words': "ВСУ", "ЗСУ", "российские", "окупанти") are read by
where they stand, since these languages mark the doer by case rather than by order:

- the **doer** is a side word in the nominative ("ВСУ атаковали", "російська армія обстрілює"),
  a side word next to the weapon ("украинских беспилотников", "российской ракетой"), or one after
  "со стороны" / "з боку";
- "противник", "ворог" take the side opposite the source's, "наши" the source's;
- the side hit is listed too when the event is two-sided (a battle, an interception, an arrest,
  an exchange) or hit the other side's forces ("уничтожили украинский склад": 'military_targets');
- when the sentence names no doer, the report's frame decides as the English stage does: a
  strike is the other side's (of the source, else of the country the place is in, else of the
  outlet's voice); a capture or an interception is the source's own side's.

The actors carry the English stage's names (``actors.json`` 'opponents'): "Military Forces of
Russia", "Military Forces of Ukraine".
"""

from __future__ import annotations

from ...models import Actor
from ...nlp_ruuk import Sentence
from ..lexicon import lexicon
from .triggers import Trigger
from .words import ruuk_lexicon

OTHER = {"russia": "ukraine", "ukraine": "russia"}


def actor_of(side: str) -> Actor:
    return Actor(name=lexicon().opponents[OTHER[side]], side=side)


def _mentions(sent: Sentence, frame: str | None) -> list[tuple[int, str]]:
    """(word index, side) of every word naming a side."""
    lex = ruuk_lexicon()
    out: list[tuple[int, str]] = []
    words = sent.words
    for i, w in enumerate(words):
        side = lex.side_words.get(w.lemma) or lex.side_words.get(w.low)
        if side is None and i + 1 < len(words):  # "Сили оборони", "Збройні сили України"
            side = lex.side_phrases.get(f"{w.lemma} {words[i + 1].lemma}")
        if side is None and frame in OTHER:
            if w.lemma in lex.enemy_words:
                side = OTHER[frame]
            elif w.lemma in lex.own_words:
                side = frame
        if side is not None:
            out.append((i, side))
    return out


def doer(
    sent: Sentence, trig: Trigger, frame: str | None, skip: tuple[tuple[int, int], ...] = ()
) -> str | None:
    """The side the sentence names as the doer of its event, if it names one. Side words
    inside ``skip`` (the source's own title: "Глава ЛНР Пасечник заявил") are not read."""
    lex = ruuk_lexicon()
    words = sent.words
    mentions = [
        (i, side) for i, side in _mentions(sent, frame) if not any(a <= words[i].start < b for a, b in skip)
    ]
    accuse = next((i for i, w in enumerate(words) if w.lemma in lex.accusing), None)
    if accuse is not None:  # "Украина обвинила Россию в ударе по Сумам": the accused did it
        after = [side for i, side in mentions if i > accuse]
        if after:
            return after[0]
    weapons = {i for i, w in enumerate(words) if w.lemma in lex.weapons or w.lemma in lex.aerial}
    if _passive(words[trig.index]):
        for i, side in mentions:  # "силами ПВО сбит": an instrumental doer
            if "ablt" in words[i].tags:
                return side
        hit = next((side for i, side in mentions if _subject(words, i)), None)
        if hit is not None:  # "Российский Су-34 сбит": the passive's subject was hit
            return OTHER[hit]
    for i, side in mentions:
        if _subject(words, i) and (i < trig.index or trig.action in ("capture", "clash", "advance")):
            return side
    for i, side in mentions:
        if any(abs(i - j) <= 2 for j in weapons):
            return side
        prev = tuple(w.lemma for w in words[max(0, i - 2) : i])
        if prev in lex.by_phrases or (i == trig.last + 1 and "gent" in words[i].tags):
            return side
    target = target_side(sent, trig, frame)
    return OTHER[target] if target else None  # "нанесли удар по аэродрому ВСУ"


_OBLIQUE = frozenset({"gent", "datv", "accs", "ablt", "loct"})


def _passive(w) -> bool:  # noqa: ANN001
    return w.pos == "PRTS" or "pssv" in w.tags or (w.pos == "VERB" and "Impe" in w.tags)


def _subject(words, i: int) -> bool:  # noqa: ANN001
    """Word i names the doer: in the nominative, or an abbreviation that is no preposition's
    object ("ВСУ ударили", "ЗСУ знищили", "войска РФ")."""
    w = words[i]
    if "nomn" in w.tags and "Fixd" not in w.tags:
        return True
    if w.text.isupper() and len(w.text) > 1:
        prev = words[i - 1] if i > 0 else None
        if prev is not None and prev.lemma in ruuk_lexicon().object_prepositions:
            return False
        oblique_only = bool(_OBLIQUE & w.tags) and "nomn" not in w.tags
        after_subject = prev is not None and "nomn" in prev.tags and prev.pos == "NOUN"
        return not oblique_only or after_subject
    return False


def target_side(sent: Sentence, trig: Trigger, frame: str | None = None) -> str | None:
    """The side whose forces the event hit, named after the trigger on a military noun
    ("по аэродрому ВСУ", "уничтожили украинский склад", and "вражескую разведгруппу" in a
    report of the side ``frame``)."""
    lex = ruuk_lexicon()
    words = sent.words
    for i in range(trig.last + 1, min(len(words), trig.last + 7)):
        side = lex.side_words.get(words[i].lemma)
        if side is None and frame in OTHER and words[i].lemma in lex.enemy_words:
            side = OTHER[frame]
        near = words[max(trig.last + 1, i - 2) : i + 3]
        if side in OTHER and any(w.lemma in lex.military_targets for w in near):
            return side
    return None


def weapon_side(sent: Sentence, frame: str | None = None) -> str | None:
    """The side whose aerial weapons the sentence names ("украинских беспилотников", and
    "вражеских беспилотников" in a report of the side ``frame``)."""
    lex = ruuk_lexicon()
    words = sent.words
    for i, w in enumerate(words):
        if w.lemma in lex.aerial:
            for j in range(max(0, i - 3), i):
                side = lex.side_words.get(words[j].lemma)
                if side is None and frame in OTHER and words[j].lemma in lex.enemy_words:
                    side = OTHER[frame]
                if side in OTHER:
                    return side
    return None


def claim_actors(
    sent: Sentence,
    trig: Trigger,
    event_type: str,
    sub_event_type: str,
    source_side: str | None,
    place_country: str | None,
    voice: str | None,
    place_admin1: str | None = None,
    skip: tuple[tuple[int, int], ...] = (),
) -> list[Actor]:
    """Actor 1 then actor 2 of a claim (actor 2 only when military: a battle, a capture, an
    interception, an arrest). With no doer named and no source's side, a strike is the other
    side's of the country the place is in, except where that is contested (occupied oblasts:
    a shelling of Donetsk is claimed by both sides)."""
    frame = source_side if source_side in OTHER else voice if voice in OTHER else None
    by_place = (
        None
        if place_admin1 in ruuk_lexicon().contested
        else {"Russia": "ukraine", "Ukraine": "russia"}.get(place_country or "")
    )
    two_sided = event_type == "Battles" or sub_event_type in ("Disrupted weapons use", "Arrests", "Agreement")
    if sub_event_type == "Disrupted weapons use":
        launched = weapon_side(sent, frame)
        if launched in OTHER:
            agent = OTHER[launched]
        else:
            agent = doer(sent, trig, frame, skip) or frame or (OTHER[by_place] if by_place else None)
    elif event_type == "Battles" or sub_event_type == "Arrests":
        agent = doer(sent, trig, frame, skip) or frame or (OTHER[by_place] if by_place else None)
    else:
        agent = doer(sent, trig, frame, skip)
        if agent is None:
            agent = OTHER.get(frame or "") or by_place
    if agent not in OTHER:
        return []
    two_sided = two_sided or target_side(sent, trig, frame) == OTHER[agent]  # the other side's forces hit
    return [actor_of(agent), actor_of(OTHER[agent])] if two_sided else [actor_of(agent)]


def voice_side(sents: list[Sentence]) -> str | None:
    """The side the outlet's own wording leans to (two more words of one side's than the
    other's), as ``attribution.side_from_vocabulary`` reads English."""
    lex = ruuk_lexicon()
    counts = {side: 0 for side in lex.voice}
    for s in sents:
        for w in s.words:
            for side, words in lex.voice.items():
                if w.lemma in words or w.low in words:
                    counts[side] += 1
    ru, ua = counts.get("russia", 0), counts.get("ukraine", 0)
    if ru >= ua + 2:
        return "russia"
    if ua >= ru + 2:
        return "ukraine"
    return None
