"""Sentences, words and lemmas of a Russian or Ukrainian text (docs/claims.md, "Russian and
Ukrainian").

``razdel`` splits sentences and words (a line break also ends a sentence: headlines and datelines
stand on their own lines); ``pymorphy3`` with its Russian or Ukrainian dictionary gives every word's
lemmas and grammemes. Both load on the first Russian or Ukrainian text, never before: an English
batch does not pay for them (``frontwatch bench`` measures it).

Lemmas are folded (lower case, "ё" as "е", Ukrainian apostrophes as "'"), the form the lexicons
(``lexicons/ruuk_claims.json``, ``lexicons/geo_cyrillic.json``) are written in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_FOLD = str.maketrans({"ё": "е", "Ё": "Е", "’": "'", "ʼ": "'", "`": "'", "‘": "'"})


def fold(text: str) -> str:
    """Lower case, "ё" as "е", Ukrainian apostrophes as "'" (same length: offsets stay valid)."""
    return text.translate(_FOLD).lower()


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    low: str  # folded surface form
    lemma: str  # folded lemma of the most likely reading
    lemmas: tuple[str, ...]  # folded lemmas of every reading, most likely first
    pos: str | None  # OpenCorpora part of speech of the most likely reading (NOUN, VERB, PRTS ...)
    tags: frozenset[str]  # grammemes of the most likely reading (Geox, Surn, gent, plur ...)

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    words: tuple[Word, ...]
    index: int

    def lemma_text(self) -> str:
        """The sentence as space-joined lemmas (phrases in the lexicons are matched on it)."""
        return " ".join(w.lemma for w in self.words if w.is_word)


@lru_cache(maxsize=2)
def analyser(lang: str) -> Any:
    """pymorphy3's analyser for ``ru`` or ``uk`` (its dictionary package), loaded once."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


#: Typographic apostrophes as the dictionaries write them; soft hyphens and zero-width marks out.
_CANON = str.maketrans(
    {
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "‘": "'",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
    }
)


def canonical(word: str) -> str:
    """A word as the dictionaries spell it ("Слов’янську" -> "Слов'янську"), case kept."""
    return word.translate(_CANON)


@lru_cache(maxsize=200_000)
def _readings(lang: str, word: str) -> tuple[tuple[str, ...], str | None, frozenset[str]]:
    parses = analyser(lang).parse(canonical(word))
    if not parses:
        return (fold(word),), None, frozenset()
    lemmas = tuple(dict.fromkeys(fold(p.normal_form) for p in parses))
    top = parses[0]
    return lemmas, top.tag.POS, frozenset(top.tag.grammemes)


def parse_word(lang: str, word: str) -> list[Any]:
    """Every pymorphy3 reading of a word (for inflecting place names to the nominative)."""
    return analyser(lang).parse(canonical(word))


def _word(lang: str, text: str, start: int, end: int) -> Word:
    if not text[:1].isalnum():
        return Word(text, start, end, text, text, (text,), "PNCT", frozenset())
    lemmas, pos, tags = _readings(lang, text)
    if len(text) > 1 and text.isupper():  # an abbreviation ("БПЛА", "ЗСУ") is its own lemma
        lemmas = (fold(text), *(x for x in lemmas if x != fold(text)))
    else:  # an abbreviation with a case ending ("КАБами", "БПЛАми", "ЗСУшники"): its letters too
        caps = len(text) - len(text.lstrip("АБВГҐДЕЄЁЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"))
        if caps >= 2 and text[caps:].islower():
            lemmas = (*lemmas, fold(text[:caps]))
    return Word(text, start, end, fold(text), lemmas[0], lemmas, pos, tags)


_APOSTROPHES = frozenset("'’ʼ`")


def _split_symbols(a: int, b: int, text: str) -> list[tuple[int, int, str]]:
    """A token with symbols glued to its letters ("⚡️Прилёт", "🔴ВСУ") as the symbols and the word."""
    k = 0
    while k < len(text) and not text[k].isalnum():
        k += 1
    if 0 < k < len(text):
        return [(a, a + k, text[:k]), (a + k, b, text[k:])]
    return [(a, b, text)]


def _joined(tokens: Any, offset: int) -> list[tuple[int, int]]:
    """Token spans, a word broken at a Ukrainian apostrophe joined again ("Куп'янськ", "п'ять"),
    an emoji glued to a word split off it."""
    toks = [p for t in tokens for p in _split_symbols(offset + t.start, offset + t.stop, t.text)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        a, b, word = toks[i]
        while (
            i + 2 < len(toks)
            and toks[i + 1][2] in _APOSTROPHES
            and toks[i + 1][0] == b
            and toks[i + 2][0] == toks[i + 1][1]
            and word[-1:].isalpha()
            and toks[i + 2][2][:1].isalpha()
        ):
            b, word = toks[i + 2][1], toks[i + 2][2]
            i += 2
        spans.append((a, b))
        i += 1
    return spans


def sentences(text: str, lang: str) -> list[Sentence]:
    """The sentences of a text with their words; offsets index ``text``."""
    from razdel import sentenize, tokenize

    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        for s in sentenize(line):
            words = tuple(
                _word(lang, line[a:b], base + a, base + b) for a, b in _joined(tokenize(s.text), s.start)
            )
            if words:
                out.append(Sentence(base + s.start, base + s.stop, words, len(out)))
    return out
