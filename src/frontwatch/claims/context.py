"""Context: whether a document and a sentence speak of political violence at all.

Decides, before any claim is built, which trigger groups are skipped and why: accidents and
natural disasters with no word of violence (``events.json`` 'disaster', 'violence'), ordinary
crime outside the war (``events.json`` 'crime'), and the author's background and commentary
without a source (``reporting.json`` 'background'). The war theatre itself is recognised from
``actors.json`` 'theatre_cues' or from resolved places in Ukraine or Russia.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Location
from .events import EventGroup
from .lexicon import lexicon

#: Action families a disaster or accident context does not silence (no violence is claimed by them).
NON_VIOLENT_FAMILIES = frozenset({"protest", "arrest", "agreement", "group", "base", "disrupt"})
#: Action families an ordinary-crime context does not silence.
CRIME_KEPT_FAMILIES = frozenset({"protest", "riot", "agreement", "group"})


@dataclass(frozen=True)
class DocumentContext:
    """What the whole document is about."""

    theatre: bool  # the war in Ukraine (or the Russian side of it)
    disaster: bool  # an accident or disaster document with no word of violence anywhere
    quiet: bool  # such a document outside the war: no violent claim at all
    crime: bool  # outside the war, a document about ordinary crime


@dataclass(frozen=True)
class SentenceContext:
    """What one sentence is about."""

    background: bool  # the author's background and commentary
    disaster: bool  # an accident or natural disaster, no violence cue
    crime: bool  # ordinary crime outside the war


def document_context(text: str, locations: list[Location]) -> DocumentContext:
    lex = lexicon()
    theatre = bool(lex.theatre_rx.search(text)) or any(
        (loc.country or "") in ("Ukraine", "Russia") for loc in locations if loc.lat is not None
    )
    doc_low = text.lower()
    # A document about an accident or a disaster with no word of violence anywhere gives no violent
    # claim. Inside the war a single accident sentence never silences the rest of the report: there
    # the check is per sentence only.
    disaster = lex.disaster_rx.search(doc_low) is not None and lex.violence_rx.search(doc_low) is None
    return DocumentContext(
        theatre=theatre,
        disaster=disaster,
        quiet=disaster and not theatre,
        crime=not theatre and lex.crime_rx.search(doc_low) is not None,
    )


def sentence_context(low: str, doc: DocumentContext) -> SentenceContext:
    """``low``: the lower-cased sentence."""
    lex = lexicon()
    return SentenceContext(
        background=lex.background_rx.search(low) is not None,
        # accidents and natural disasters, and ordinary crime outside the war: no political violence
        disaster=lex.disaster_rx.search(low) is not None and lex.violence_rx.search(low) is None,
        crime=not doc.theatre and lex.crime_rx.search(low) is not None,
    )


def context_skip(group: EventGroup, sent: SentenceContext, doc: DocumentContext) -> str | None:
    """Why a trigger group is no claim in its context ("disaster", "crime"), or None."""
    family = lexicon().actions[group.head.action].family
    if (sent.disaster or doc.quiet) and family not in NON_VIOLENT_FAMILIES:
        return "disaster"
    if sent.crime and family not in CRIME_KEPT_FAMILIES:
        return "crime"
    return None
