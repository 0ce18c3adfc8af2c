"""Sentences: where a document's sentences begin and end, and which are worth parsing.

Boundaries are cheap rules (``lexicons/sentences.json``: sentence-final punctuation and line
breaks, abbreviations such as "Gen." and "e.g." that do not end a sentence; scraped sentences glued
without a space, "...in a rocket attack.At dawn...", after a lower-case word or a closing quote
before a capitalised one, but never inside "U.S.", "3.8" or "Gazeta.pl"). A sentence is a claim
candidate, and gets parsed, only if a trigger stem, phrase or weapon word of ``events.json`` occurs
in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from .lexicon import lexicon


@dataclass(frozen=True)
class SentenceParse:
    """A sentence of the document: its offsets, and its parse if it was a claim candidate."""

    start: int
    end: int
    parse: Span | None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cheap rule-based sentence boundaries (character offsets), so only candidates get parsed."""
    lex = lexicon()
    spans: list[tuple[int, int]] = []
    start = 0
    for m in lex.sentence_boundary_rx.finditer(text):
        if "\n" not in m.group(0) and (
            text[m.end() : m.end() + 1].islower() or lex.abbreviation_rx.search(text[start : m.start()])
        ):
            continue  # "e.g. the", "Gen. Ivanov": not a sentence end
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def is_candidate(sentence: str) -> bool:
    """Whether a sentence names any trigger, phrase or weapon word (cheap pre-filter before parsing)."""
    return lexicon().candidate_rx.search(sentence.lower()) is not None
