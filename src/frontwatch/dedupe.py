"""When two arrivals are the same text: the normalised text key (docs/store.md, "Copies").

A syndicated or re-posted report differs from the stored one only in what a reader does not
see or does not read as the story: Unicode composition ("é" as one character or as "e" and an
accent), line endings (CRLF, CR, LF), runs of spaces and blank lines, and page furniture
(newsletter prompts, credits, related links: ``boilerplate.boilerplate_spans``). The key is the
SHA-256 of the text with all of that normalised away, so such an arrival is recognised as a
*copy* of the stored document: it keeps its own id, outlet, URL and date, but its text is not
stored or extracted again, and the ledger never counts it as an independent source.
"""

from __future__ import annotations

import hashlib
import unicodedata

from .boilerplate import boilerplate_spans

__all__ = ["normalise", "text_key"]


def normalise(text: str) -> str:
    """The text as the key sees it: NFC, one kind of line ending, furniture removed, every
    run of white space one space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    spans = boilerplate_spans(text)
    if spans:
        pieces, last = [], 0
        for start, end in spans:
            pieces.append(text[last:start])
            last = end
        pieces.append(text[last:])
        text = " ".join(pieces)
    return " ".join(text.split())


def text_key(text: str) -> str:
    """SHA-256 (hex) of ``normalise(text)``: equal for copies of one text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
