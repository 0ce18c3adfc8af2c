"""Trigger words of Russian and Ukrainian reports: which words say that something happened.

A trigger is a word (or a lemma sequence: "взять под контроль", "завдати удару") whose lemma
names one of the English stage's actions (``lexicons/ruuk_claims.json`` 'triggers'). Three
triggers depend on their neighbours:

- "уничтожить"/"знищити" is an interception when an aerial weapon is named in its clause
  ("уничтожены 92 БПЛА", "знищено 40 шахедів"), and destruction otherwise;
- "отразить атаку"/"відбити атаку" is an interception of an air attack and a repelled assault
  otherwise; a capture word as a participle before its noun ("оккупированный Энергодар") states
  who holds a place, not that it was taken;
- a detention ("задержать", "затримати") is an arrest in the war only with a war word in the
  sentence (a saboteur, an agent, a soldier: 'war_words'); otherwise it is police work.

A sentence's triggers are ranked by the English priority of their actions (``events.json``
'priority'): the strongest names the event the sentence reports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...nlp_ruuk import Sentence
from ..lexicon import lexicon
from .words import ruuk_lexicon


@dataclass(frozen=True)
class Trigger:
    index: int  # the first word's index in the sentence
    last: int  # the last word's index
    action: str
    start: int
    end: int
    text: str
    #: in a relative clause ("агента, который корректировал удары"): a description, not the news
    relative: bool = False


def find_triggers(sent: Sentence, lang: str) -> list[Trigger]:
    """The trigger words of a sentence, in order."""
    lex = ruuk_lexicon()
    words = sent.words
    table = lex.triggers.get(lang, {})
    phrases = lex.phrases.get(lang, [])
    lemma_set = {lem for w in words for lem in w.lemmas}
    out: list[Trigger] = []
    taken: set[int] = set()
    for seq, action in phrases:
        n = len(seq)
        if action == "repel_or_down":
            action = "shoot_down" if (lex.aerial | lex.air_words) & lemma_set else "repel"
        for i in range(len(words) - n + 1):
            span = _phrase_at(words, i, seq)
            if span is not None and not taken & set(range(i, span + 1)):
                out.append(_trigger(sent, i, span, action))
                taken.update(range(i, span + 1))
    for i, w in enumerate(words):
        if i in taken:
            continue
        action = next((table[lem] for lem in w.lemmas[:2] if lem in table), None)
        if action is None:
            continue
        if action == "destroy_or_down":  # "оборонці неба ліквідували 15 з них": air defence downs
            action = "shoot_down" if _aerial_destroyed(words, i, lemma_set) else "destroy"
        if action == "shoot_down" and not (lex.aerial | lex.air_words) & lemma_set:
            continue  # "сбил пешехода": no aircraft, no interception
        if action == "strike_if_weapon":  # "ракета попала в ТЭЦ", but "попал в больницу"
            if not (set(lex.weapons) | lex.aerial) & lemma_set:
                continue
            action = "strike"
        if action == "repel" and (lex.aerial | lex.air_words) & lemma_set:
            action = "shoot_down"  # "атака БПЛА отражена": an air attack repelled is intercepted
        if action in ("capture", "withdraw") and w.pos == "PRTF" and _attributive(words, i):
            continue  # "оккупированный Энергодар", "окупована Горлівка": a state, not a happening
        if action == "arrest" and not lex.war_words & lemma_set:
            continue
        out.append(_trigger(sent, i, i, action))
    rel = next(
        (
            k
            for k, w in enumerate(words)
            if w.lemma in lex.relative_words and k > 0 and words[k - 1].text == ","
        ),
        None,
    )
    if rel is not None:
        out = [replace(t, relative=t.index > rel) for t in out]
    out.sort(key=lambda t: t.index)
    return out


def _aerial_destroyed(words, i: int, lemma_set: set[str]) -> bool:  # noqa: ANN001
    """What "уничтожить/знищити" destroyed was in the air: air defence is named, or an aerial
    weapon is its object (after it) or the subject of its passive ("уничтожены 92 БПЛА"). An
    aerial weapon before an active verb is the instrument ("дрон уничтожил танк": a strike)."""
    lex = ruuk_lexicon()
    if lex.air_words & lemma_set:
        return True
    w = words[i]
    passive = w.pos in ("PRTS", "PRTF") or "pssv" in w.tags or w.low.endswith(("но", "то"))
    after = any(x.lemma in lex.aerial for x in words[i + 1 : i + 8])
    before = any(x.lemma in lex.aerial for x in words[max(0, i - 8) : i])
    return after or (passive and before)


def _phrase_at(words, i: int, seq: tuple[str, ...]) -> int | None:  # noqa: ANN001
    """The index of the last word of the lemma sequence ``seq`` starting at word i, adjectives
    allowed between its words ("отразили воздушную атаку", "завдали потужного удару")."""
    j = i
    for k, lemma in enumerate(seq):
        if k:
            gaps = 0
            while (
                j < len(words) and words[j].lemma != lemma and words[j].pos in ("ADJF", "PRTF") and gaps < 2
            ):
                j += 1
                gaps += 1
        if j >= len(words) or words[j].lemma != lemma:
            return None
        j += 1
    return j - 1


def _attributive(words, i: int) -> bool:  # noqa: ANN001
    """A participle that modifies the noun after it ("оккупированный Энергодар")."""
    nxt = next((w for w in words[i + 1 : i + 3] if w.pos in ("NOUN", "ADJF") or w.capitalised), None)
    if nxt is None:
        return False
    case = {"nomn", "gent", "datv", "accs", "ablt", "loct"}
    return bool(words[i].tags & nxt.tags & case)


def _trigger(sent: Sentence, first: int, last: int, action: str) -> Trigger:
    a, b = sent.words[first].start, sent.words[last].end
    return Trigger(first, last, action, a, b, " ".join(w.text for w in sent.words[first : last + 1]))


def main_trigger(triggers: list[Trigger]) -> Trigger:
    """The trigger that names the sentence's event: the English priority of actions decides, a
    casualty or a bare strike word yielding to any more specific action. An explosion yields to a
    strike named with it ("после обстрела прогремели взрывы": the explosions are the strike's)."""
    prio = lexicon().priority
    return min(
        triggers, key=lambda t: (t.relative, t.action == "explosion", prio.get(t.action, len(prio)), t.index)
    )
