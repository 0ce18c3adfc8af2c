"""Fatalities: how many people a sentence says were killed.

Counts before a death word ("three civilians were killed") or after a killing verb or death-toll
phrase ("killing at least five", "a death toll of 30"), numbers as digits or words; all from
``lexicons/casualties.json``. Counts in follow-up sentences are added by ``merging``.
"""

from __future__ import annotations

from .lexicon import lexicon


def fatalities(text: str) -> int | None:
    """The total count of dead a sentence states (None: no count stated)."""
    lex = lexicon()
    total = 0
    low = text.lower()
    for rx in lex.killed_rxs:
        for m in rx.finditer(low):
            raw = m.group(1).replace(",", "")
            n = lex.number_words.get(raw) if not raw.isdigit() else int(raw)
            if n:
                total += n
        if total:
            break
    return total or None
