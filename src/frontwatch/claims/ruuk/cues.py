"""Factuality of a Russian or Ukrainian trigger: the English classes (``claims.factuality``) read
in these languages.

The trigger's clause is the run of words between the punctuation around it (a comma, a dash, a
semicolon, a quote); a cue counts only there, so "ракета сбита, угрозы нет" does not make the
interception a threat. In order, the first class that applies is the verdict:

- a **question**;
- **negated**: a negation right before the trigger ("не обстреливали", "не було атак"), or a
  casualty word with "нет"/"немає"/"без" in its clause ("жертв и пострадавших нет");
- **not so**: "не" before "було", "подтвердилась", "зафіксовано" in the clause ("атак не
  було", "информация о жертвах не подтвердилась": 'not_so');
- **denied**: a denial in the sentence ("опровергли", "спростували", "фейк");
- **irrealis**: a threat, plan, possibility, alert, order or purpose in the clause ("угроза атаки
  БПЛА", "планують наступ", "могут ударить", "щоб захопити");
- **future**: a future auxiliary or day in the clause ("будет", "буде", "завтра");
- **habitual**: "регулярно", "постоянно", "щодня" in the clause;
- **cumulative**: a total over a period ("всего", "за неделю", "з початку року");
- **past**: a date or a year in the sentence more than the news window (30 days) before
  publication, and no recent date ("в 2014 году", "14 июля 2022");
- **not an event**: the sentence speaks of a trial, an anniversary, aid, sport or films
  ('not_event_words').

Hedges ("якобы", "нібито", "предположительно") do not stop a claim: they make it ``hedged``.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...nlp_ruuk import Sentence
from ..factuality import NEWS_WINDOW_DAYS, years_in
from .triggers import Trigger
from .words import ruuk_lexicon

_CLAUSE_BREAKS = frozenset({",", ";", "—", "–", ":", "«", "»", "(", ")", '"', "“", "”"})


def clause(sent: Sentence, trig: Trigger) -> tuple[int, int]:
    """Word indices [a, b) of the trigger's clause."""
    words = sent.words
    a = trig.index
    while a > 0 and words[a - 1].text not in _CLAUSE_BREAKS:
        a -= 1
    b = trig.last + 1
    while b < len(words) and words[b].text not in _CLAUSE_BREAKS:
        b += 1
    return a, b


def _lemmas(sent: Sentence, a: int, b: int) -> list[str]:
    return [w.lemma for w in sent.words[a:b]]


def assess(
    sent: Sentence,
    trig: Trigger,
    text: str,
    published: date | None,
    dates: list,
    war_report: bool = True,
    place_named: bool = True,
) -> str | None:
    """Why the trigger asserts no particular event (the class), or None when it does.
    ``war_report``: the document speaks of the war elsewhere (``war_context``); ``place_named``:
    the sentence names a place."""
    lex = ruuk_lexicon()
    words = sent.words
    a, b = clause(sent, trig)
    clause_lemmas = _lemmas(sent, a, b)
    clause_set = set(clause_lemmas)
    sent_set = {w.lemma for w in words}
    if words and words[-1].text == "?":
        return "question"
    if (
        trig.action in WAR_WORD_NEEDED
        and not war_context(sent)
        and (trig.action not in CONSEQUENCES or not war_report)
        and not (trig.action == "capture" and place_named)  # "звільнення Архангельського"
    ):
        return "not the war"  # "ураганный ветер повредил крыши", "ударил ножом", "забил ударом"
    generic = words[trig.index].lemma in lex.generic_taking and trig.last == trig.index
    if trig.action == "capture" and (
        lex.person_taken & sent_set or (generic and not (place_named or lex.territory_words & clause_set))
    ):
        return "no ground taken"  # "взяли в плен", "захватили заложников", "заняли первое место"
    described = _description(sent, trig, a)
    if described:
        return described
    before = [w.lemma for w in words[max(a, trig.index - 2) : trig.index]]
    after = {w.lemma for w in words[trig.last + 1 : min(b, trig.last + 4)]}
    if lex.negation & set(before) and not after & lex.all_quantifiers:  # "не смогла перехватить все ракеты"
        return "negated"
    if trig.action == "casualties" and clause_set & {
        "нет",
        "немає",
        "нема",
        "без",
        "отсутствовать",
        "відсутній",
    }:
        return "negated"
    if any(x == "не" and y in lex.not_so for x, y in zip(clause_lemmas, clause_lemmas[1:], strict=False)):
        return "negated"  # "атак на місто не було", "информация о жертвах не подтвердилась"
    if lex.denial & sent_set:
        return "denied"
    governing = _governing(sent, a)  # "Эксперты ожидают, что армия попытается захватить ..."
    if lex.irrealis & (clause_set | governing):
        return "irrealis"
    head = words[trig.index]
    if head.pos == "INFN" and not (lex.phase_verbs & set(_lemmas(sent, max(a, trig.index - 2), trig.index))):
        return "irrealis"  # "прагне захопити", "намерен атаковать" (but "начали обстреливать")
    if (
        "futr" in head.tags
        or lex.future & {w.low for w in words[a:b]}
        or any("futr" in w.tags and w.pos == "VERB" for w in words[a:b])
    ):
        return "future"  # "освободят", "обстрілюватиме", "нанесет удар", "продолжит наносить"
    clause_lows = [w.low for w in words[a:b]]
    if _relative_past(clause_lemmas, clause_lows) or _relative_past(list(governing)):
        return "past"  # "десять лет назад", "рік тому", "в прошлом году"
    lows = " " + " ".join(clause_lows) + " "
    if any(f" {p} " in lows for p in lex.irrealis_phrases):
        return "irrealis"  # "в случае обстрела", "у разі атаки"
    if "раз" in clause_set and lex.long_periods & (clause_set | set(clause_lows)):
        return "cumulative"  # "минулого тижня атакували Одесу понад 20 разів"
    if lex.habitual & (clause_set | {w.low for w in words[a:b]}):
        return "habitual"  # "регулярно", "годами", "который год"
    if {"уже", "вже"} & {w.low for w in words[a:b]} and {"год", "рік", "месяц", "місяць"} & (
        clause_set | {w.low for w in words[a:b]}
    ):
        return "habitual"  # "вже третій рік", "уже второй месяц"
    joined = " " + " ".join(clause_lemmas) + " "
    if any(f" {p} " in joined for p in lex.cumulative):
        return "cumulative"
    if published is not None and _past(sent, text, published, dates):
        return "past"
    if lex.not_event_words & sent_set:
        return "not an event"
    return None


#: Actions whose words have everyday senses: a word of the war must stand in the sentence
#: ("удар" by a knife or a striker, "атака" of hackers, "бой" of boxers, "наступление" of spring).
WAR_WORD_NEEDED = frozenset(
    {
        "strike",
        "attack",
        "casualties",
        "destroy",
        "explosion",
        "clash",
        "advance",
        "withdraw",
        "counterattack",
        "capture",
    }
)
#: ... of which these may lean on the rest of a war report ("двоє травмовано" after the strike,
#: "под удар попал автомобиль" in a governor's shelling report).
CONSEQUENCES = frozenset({"casualties", "destroy", "explosion", "strike", "attack"})


def war_context(sent: Sentence) -> bool:
    """The sentence names a weapon, a side, a military unit or target, or another word of the war."""
    lex = ruuk_lexicon()
    words = {k for w in sent.words for k in (w.low, *w.lemmas)}
    return bool(words & lex.war_context)


def _description(sent: Sentence, trig: Trigger, a: int) -> str | None:
    """The trigger only describes something the sentence speaks of: a participle's or a
    relative clause ("дом, повреждённый во время боёв", "бойцом, погибшим на фронте"), a
    protection or an origin ("захищену від обстрілів", "эвакуированные из-под обстрелов"), a
    purpose ("стягує сили для наступу"), a cause of damage ("домов, разрушенных обстрелами"),
    or whose people ("тела погибших", "матери погибших")."""
    lex = ruuk_lexicon()
    words = sent.words
    first = next((w for w in words[a : trig.index + 1] if w.is_word), None)
    after_comma = a > 0 and words[a - 1].text == ","
    opens = first is not None and (
        first.pos == "PRTF"
        or first.lemma in lex.relative_words
        or (first is words[trig.index] and first.pos == "ADJF")
    )
    if after_comma and opens:  # ", повреждённый во время боёв", ", погибшим на фронте"
        return "a description"
    k = trig.index - 1
    while k > 0 and words[k].pos == "ADJF":  # "від ракетних ударів"
        k -= 1
    prev = words[k] if k >= 0 else None
    if prev is not None:
        if prev.lemma in lex.origin_prepositions:
            return "a description"  # "из-под обстрелов", "против ударов"
        if prev.lemma in ("от", "від") and lex.protection_words & {
            w.lemma for w in words[max(0, trig.index - 4) : trig.index - 1]
        }:
            return "a description"  # "захищену від обстрілів", but "від ударів здригалися" reports
        if prev.lemma in lex.purpose_prepositions and words[trig.index].pos == "NOUN":
            return "purpose"
        if prev.lemma in lex.kin_nouns and trig.action == "casualties":
            return "a description"
        if prev.pos in ("PRTF", "PRTS") and "ablt" in words[trig.index].tags:
            return "a description"
    return None


def _governing(sent: Sentence, a: int) -> set[str]:
    """The lemmas of the clause that governs a "что/що/чтобы/щоб" clause starting at word a."""
    words = sent.words
    k = a
    while k < len(words) and not words[k].is_word:
        k += 1
    if k >= len(words) or words[k].lemma not in ("что", "що", "чтобы", "щоб", "будто", "нібито", "якобы"):
        return set()
    b = a - 1
    while b > 0 and words[b - 1].text not in _CLAUSE_BREAKS:
        b -= 1
    return {w.lemma for w in words[max(0, b) : a]}


def _relative_past(lemmas: list[str], lows: list[str] | None = None) -> bool:
    """A time counted back from the report more than a month ("десять лет назад", "два роки
    тому", "в прошлом году", "торік"); ``lows``: the same words as written ("тому" is read as
    the noun "том" by its lemma)."""
    lex = ruuk_lexicon()
    lows = lows or lemmas
    for seq in (lemmas, lows):
        joined = " " + " ".join(seq) + " "
        if any(f" {p} " in joined for p in lex.past_phrases):
            return True
    return any(x in lex.past_units and y in ("назад", "тому") for x, y in zip(lemmas, lows[1:], strict=False))


def _past(sent: Sentence, text: str, published: date, dates: list) -> bool:
    """A date or year of the sentence lies before the news window, and none within it."""
    lo = published - timedelta(days=NEWS_WINDOW_DAYS)
    own = [m for m in dates if sent.start <= m.start < sent.end and m.date is not None]
    if any(m.date >= lo for m in own):
        return False
    if own:
        return True
    return any(year < lo.year for _, year in years_in(text[sent.start : sent.end]))


def hedged(sent: Sentence) -> bool:
    return bool(
        ruuk_lexicon().hedges & {w.lemma for w in sent.words}
        | ruuk_lexicon().hedges & {w.low for w in sent.words}
    )
