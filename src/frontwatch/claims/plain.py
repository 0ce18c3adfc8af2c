"""Plain text for lexicon matching: typographic apostrophes folded to ASCII.

News writes "Russia’s defence ministry" with a curly apostrophe (’), a modifier letter (ʼ) or a
backtick as often as with "'"; the lexicons are written with "'". Folding is one character for one,
so offsets found in the folded text are offsets in the original.
"""

from __future__ import annotations

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "′": "'"})


def plain(text: str) -> str:
    """``text`` with typographic apostrophes as "'" (same length)."""
    return text.translate(_APOSTROPHES)


def plain_lower(text: str) -> str:
    """Lower case with typographic apostrophes as "'" (same length for the texts of news)."""
    return text.translate(_APOSTROPHES).lower()
