"""Cues: hedging, verification and dispute of a claim, and its fatality count.

Hedge words and hedging reporting verbs in the claim's own sentence make it ``hedged``
(``reporting.json`` 'hedge_words', 'hedge_verbs'); 'disputed', 'not_confirmed' and 'confirmed' cues
set its verification, in its own sentence or in a later one that refers back to "the claim" or
"the report" without asserting an event of its own.
"""

from __future__ import annotations

from .casualties import fatalities
from .drafts import Draft
from .lexicon import lexicon
from .sentences import SentenceParse
from .source_context import attribute_in_context


def apply_sentence_cues(drafts: list[Draft], sents: list[SentenceParse], text: str) -> None:
    """Hedging in a claim's own sentence; verification and disputes in it or in a later sentence
    that refers back to 'the claim' / 'the report' without asserting an event of its own."""
    lex = lexicon()
    attribute_in_context(drafts, sents, text)  # sources named outside the claim's sentence
    by_sent: dict[int, list[Draft]] = {}
    for d in drafts:
        by_sent.setdefault(d.sent_index, []).append(d)
    for d in drafts:
        sp = sents[d.sent_index]
        low = text[sp.start : sp.end].lower()
        d.hedged = bool(lex.hedge_rx.search(low))
        d.fatalities = fatalities(low)
    last: list[Draft] = []
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
