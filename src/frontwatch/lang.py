"""Which language a report is written in: ``en``, ``ru``, ``uk``, or ``other`` (docs/input.md,
"Languages").

Offline and small: the script of the letters decides first (a report mostly in Cyrillic is
Russian or Ukrainian, and ``py3langid``'s naive Bayes model, shipped in its wheel, tells the two
apart); a report in Latin letters is English unless the model is sure it is another language
and the text is long enough to be sure about. ``py3langid`` (BSD-3-Clause) loads on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGUAGES = ("en", "ru", "uk")
OTHER = "other"
#: Share of Cyrillic among the letters above which a text is Russian or Ukrainian.
CYRILLIC_SHARE = 0.3
#: A Latin-script text is "other" only when the model gives another language at least this
#: probability, over at least this many letters (short English notes get odd verdicts).
OTHER_MIN_PROBABILITY = 0.95
OTHER_MIN_LETTERS = 200
SAMPLE_CHARS = 5000


@dataclass(frozen=True)
class Language:
    code: str  # en | ru | uk | other
    probability: float
    reason: str


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect(text: str) -> Language:
    """The language of ``text`` (its first ``SAMPLE_CHARS`` characters)."""
    sample = text[:SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return Language("en", 0.0, "no letters")
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters)
    if cyrillic >= CYRILLIC_SHARE:
        for code, probability in _identifier().rank(sample):
            if code in ("ru", "uk"):
                return Language(code, float(probability), f"Cyrillic ({cyrillic:.0%} of letters)")
        return Language("ru", 0.0, "Cyrillic")
    top, probability = _identifier().classify(sample)
    if top not in LANGUAGES and probability >= OTHER_MIN_PROBABILITY and len(letters) >= OTHER_MIN_LETTERS:
        return Language(OTHER, float(probability), f"looks like {top}")
    return Language("en", float(probability) if top == "en" else 0.0, "Latin letters")
