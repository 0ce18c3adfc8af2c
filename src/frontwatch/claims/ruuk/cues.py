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


def assess(sent: Sentence, trig: Trigger, text: str, published: date | None, dates: list) -> str | None:
    """Why the trigger asserts no particular event (the class), or None when it does."""
    lex = ruuk_lexicon()
    words = sent.words
    a, b = clause(sent, trig)
    clause_lemmas = _lemmas(sent, a, b)
    clause_set = set(clause_lemmas)
    sent_set = {w.lemma for w in words}
    if words and words[-1].text == "?":
        return "question"
    before = [w.lemma for w in words[max(a, trig.index - 2) : trig.index]]
    if lex.negation & set(before):
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
    if lex.irrealis & clause_set:
        return "irrealis"
    if lex.future & {w.low for w in words[a:b]}:
        return "future"
    if lex.habitual & clause_set:
        return "habitual"
    joined = " " + " ".join(clause_lemmas) + " "
    if any(f" {p} " in joined for p in lex.cumulative):
        return "cumulative"
    if published is not None and _past(sent, text, published, dates):
        return "past"
    if lex.not_event_words & sent_set:
        return "not an event"
    return None


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
