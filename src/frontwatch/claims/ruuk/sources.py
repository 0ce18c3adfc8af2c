"""Who says so, in a Russian or Ukrainian report (the English ``attribution`` classes).

- **reported speech**: a reporting verb ("сообщил", "заявила", "повідомив", "сообщается") and
  the source it names in its sentence: an official by surname (any case: "Гладкова" is Гладков),
  a body ("Минобороны РФ", "Генштаб ЗСУ", "Сумская ОВА"), or a role with a name;
- **according to**: "по данным", "по словам", "за даними", "як повідомив" + the source;
- **after the fact**: "Об этом сообщило Минобороны РФ", "Про це повідомив Синєгубов": the source
  of the sentences before it (``Sources.after``);
- **the outlet's own voice**: a reporting verb with no source the lexicons know ("сообщалось",
  "як повідомляв Укрінформ"): unattributed.

The side and role of an official come from the one table of officials (``claimants.json``
'people', reached through 'people' in ``ruuk_claims.json``); a body's side from its pattern; a
role word ("губернатор", "начальник ОВА") gives a side when the name is not known.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...nlp_ruuk import Sentence, Word, fold, parse_word
from ..attribution import Claimant
from ..lexicon import lexicon
from .words import ruuk_lexicon

_CASES = frozenset({"gent", "datv", "accs", "ablt", "loct", "gen2", "loc2", "voct"})
_STOP = frozenset({",", ".", ";", ":", "—", "–", "»", "«", "(", ")", "!", "?", '"'})


@dataclass
class Source:
    claimant: Claimant
    start: int
    end: int


def nominative_phrase(words: list[Word], lang: str) -> str:
    """A phrase in the nominative ("Генерального штабу ЗСУ" -> "Генеральний штаб ЗСУ"): each
    noun or adjective up to the head noun is put in the nominative, keeping its number; the
    words after the head ("обороны РФ") as written."""
    out: list[tuple[Word, str]] = []
    head_seen = False
    for w in words:
        form = w.text
        if not head_seen and w.pos in ("NOUN", "ADJF") and w.tags & _CASES and not w.text.isupper():
            p = parse_word(lang, w.text)[0]
            f = p.inflect({"nomn"})
            if f is not None:
                form = f.word
                form = form[:1].upper() + form[1:] if w.capitalised else form
        out.append((w, form))
        head_seen = head_seen or w.pos == "NOUN"  # "Министерства обороны РФ": the head only
    text = ""  # the words as spaced in the text ("«Юг»", not "« Юг »")
    for k, (w, form) in enumerate(out):
        text += form if k == 0 or out[k - 1][0].end == w.start else " " + form
    return text


def _person(words: tuple[Word, ...], lo: int, hi: int) -> tuple[int, str] | None:
    """The first official of the people table among words[lo:hi]: (index, claimants.json key)."""
    lex = ruuk_lexicon()
    for i in range(max(lo, 0), min(hi, len(words))):
        w = words[i]
        if not w.capitalised:
            continue
        for lem in (w.low, *w.lemmas):
            if lem in lex.people:
                return i, lem
    return None


def _surname(words: tuple[Word, ...], lo: int, hi: int) -> int | None:
    """An unknown person's surname: a capitalised word read as a surname (Surn)."""
    for i in range(max(lo, 0), min(hi, len(words))):
        w = words[i]
        if w.capitalised and "Surn" in w.tags and not w.text.isupper():
            return i
    return None


def _role_before(words: tuple[Word, ...], i: int) -> tuple[str | None, str | None]:
    """The role written before a name (up to six words back) and the side it gives."""
    lex = ruuk_lexicon()
    lemmas = [w.lemma for w in words[max(0, i - 6) : i]]
    text = " ".join(lemmas)
    for role in sorted(lex.roles, key=len, reverse=True):
        if f" {role} " in f" {text} ":
            side = lex.roles[role]
            for rx, body_side in lex.bodies:  # "начальник Харківської ОВА"
                if rx.search(fold(" ".join(w.text for w in words[max(0, i - 6) : i]))):
                    side = side or body_side
                    break
            return role, side
    return None, None


def _body(sent: Sentence, text: str, lo: int, hi: int) -> tuple[int, int, str] | None:
    """The first body the lexicon knows in text[lo:hi]: its span and side."""
    low = fold(text[lo:hi])
    best = None
    for rx, side in ruuk_lexicon().bodies:
        m = rx.search(low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end(), side)
    if best is None:
        return None
    return lo + best[0], lo + best[1], best[2]


def _claimant_at(sent: Sentence, text: str, lang: str, lo: int, hi: int, kind: str) -> Source | None:
    """The source named among the words lo..hi of a sentence: an official, a body, a surname."""
    words = sent.words
    people = lexicon().people
    hit = _person(words, lo, hi)
    if hit is not None:
        i, surname = hit
        full, role, side = people[ruuk_lexicon().people[surname]]
        name = surname[:1].upper() + surname[1:]  # the nominative the table lists
        return Source(Claimant(name, role, side, kind), words[i].start, words[i].end)
    a = words[max(lo, 0)].start if lo < len(words) else sent.end
    b = words[min(hi, len(words)) - 1].end if hi > 0 else sent.start
    body = _body(sent, text, a, b)
    if body is not None:
        s, e, side = body
        span = [w for w in words if w.start >= s and w.end <= e]
        name = nominative_phrase(span, lang) if span else text[s:e]
        return Source(Claimant(name, None, side, kind), s, e)
    i = _surname(words, lo, hi)
    if i is not None:
        role, side = _role_before(words, i)
        name = words[i].lemma[:1].upper() + words[i].lemma[1:]
        return Source(Claimant(name, role, side or "unknown", kind), words[i].start, words[i].end)
    return None


def sentence_source(sent: Sentence, text: str, lang: str) -> Source | None | bool:
    """The source a sentence names for what it reports; False when it reports in the outlet's
    own voice (a reporting verb, no source known: "сообщалось", "як повідомляв Укрінформ");
    None when it has no reporting words at all."""
    lex = ruuk_lexicon()
    words = sent.words
    low = fold(text[sent.start : sent.end])
    shift = any(low.startswith(p) for p in lex.topic_shifts)
    for phrase in lex.according:
        at = low.find(phrase)
        if at >= 0 and (at == 0 or not low[at - 1].isalpha()):
            first = next(
                (i for i, w in enumerate(words) if w.start >= sent.start + at + len(phrase)), len(words)
            )
            last = next((i for i in range(first, len(words)) if words[i].text in _STOP), len(words))
            src = _claimant_at(sent, text, lang, first, min(last + 1, first + 8), "according_to")
            if src is not None:
                return src
    signed = _signature(sent, text, lang)
    if signed is not None:
        return signed  # "... ранены двое. — Гладков.", "... — Минобороны РФ"
    if shift and not any(w.lemma in lex.reporting for w in words):
        return False  # "Тем временем в Киеве прогремели взрывы": the outlet turns to other news
    verbs = [
        i
        for i, w in enumerate(words)
        if w.lemma in lex.reporting
        and w.pos in ("VERB", "INFN", "PRTS", "GRND", "ADJS", "PRED", "ADVB", None)
    ]
    if not verbs:
        return None
    if all(words[v].lemma in lex.impersonal for v in verbs):
        return False  # "стало известно, что ...", "сообщается": the outlet's own voice
    quoted = any(w.text in ("«", "»", "“", "”", '"') for w in words)
    kind = "direct_quote" if quoted else "reported_speech"
    verbs = [v for v in verbs if words[v].lemma not in lex.impersonal]
    for v in verbs:  # the source stands by its verb: "Гладков сообщил", "повідомили в ПвК"
        src = _claimant_at(sent, text, lang, max(0, v - WINDOW), v + WINDOW + 1, kind)
        if src is not None:
            return src
    for v in verbs:  # "Россия заявила", "у Києві заявили": a country or capital for its side
        for w in words[max(0, v - 2) : v + 3]:
            side = lex.metonyms.get(w.lemma)
            if side is not None and ("nomn" in w.tags or w.text.isupper()):
                return Source(Claimant(w.text, None, side, kind), w.start, w.end)
    for v in verbs:  # "в ведомстве заявили": the body named before (``BARE``)
        near = words[max(0, v - 3) : v + 4]  # "в ведомстве заявили", "он добавил": the source before
        bare = next((w for w in near if w.lemma in lex.bare_bodies or w.lemma in lex.pronouns), None)
        if bare is not None:
            return Source(Claimant(None, None, "unknown", kind), bare.start, bare.end)
    return False


#: How many words from its reporting verb a source may stand.
WINDOW = 7


_DASHES = frozenset({"—", "–", "-", "―"})


def _signature(sent: Sentence, text: str, lang: str) -> Source | None:
    """A source signed after a final dash ("... — Федоров.", or a line "— Минобороны РФ." of its
    own, which signs the sentences before it), an official or a body the lexicons place."""
    words = sent.words
    end = len(words)
    while end > 0 and not words[end - 1].is_word:
        end -= 1
    dash = next((k for k in range(end - 1, max(-1, end - 7), -1) if words[k].text in _DASHES), None)
    if dash is None or end - dash - 1 < 1:
        return None
    src = _claimant_at(sent, text, lang, dash + 1, end, "direct_quote")
    return src if src is not None and src.claimant.side in ("russia", "ukraine") else None


def about_this(sent: Sentence, text: str) -> bool:
    """'Об этом сообщил ...', 'Про це повідомив ...', or a signature line '— Федоров.': the
    sentence attributes what came before."""
    low = fold(text[sent.start : sent.end])
    if sent.words and sent.words[0].text in _DASHES:
        return True
    return any(low.startswith(p) or f" {p} " in f" {low[:40]} " for p in ruuk_lexicon().about_this)


def headline_source(sent: Sentence, text: str, lang: str) -> Source | None:
    """A speaker line, 'Богомаз: ...' or 'Евгений Балицкий: ...' (a headline, or a post's
    title line): an official the people table knows, or a body, before a colon."""
    words = sent.words
    colon = next((i for i, w in enumerate(words[:5]) if w.text == ":"), None)
    if colon is None or colon == 0:
        return None
    src = _claimant_at(sent, text, lang, 0, colon, "reported_speech")
    return src if src is not None and src.claimant.side != "unknown" else None


def body_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the bodies named in text[start:end] ("Сили оборони", "Головного управління
    розвідки"): their words are never the event's place."""
    low = fold(text[start:end])
    return [(start + m.start(), start + m.end()) for rx, _ in ruuk_lexicon().bodies for m in rx.finditer(low)]


def official_named(sents: list[Sentence], text: str, lang: str) -> Source | None:
    """The last official of the people table the sentences name, whatever their role in them
    ("Гладков попал под обстрел ... Об этом он сообщил": "он" is Гладков)."""
    for sent in reversed(sents):
        hit = _person(sent.words, 0, len(sent.words))
        if hit is not None:
            return _claimant_at(sent, text, lang, hit[0], hit[0] + 1, "reported_speech")
    return None
