"""The claims stage: parsed sentences in, claims out (docs/claims.md).

``extract_claims`` is a pure function of the document, its parsed candidate sentences, its
toponyms and their resolutions. It only orchestrates; every decision lives in a named module with
its word lists in ``frontwatch/lexicons/`` (the table in docs/claims.md says which):

- ``sentences``: sentence boundaries and the candidate pre-filter;
- ``context``: documents and sentences that speak of no political violence (disaster, crime,
  background);
- ``events``: trigger words and trigger groups; ``attribution``: who says so; ``actors``: actor
  phrases; ``drafts``: a trigger group with its source, actors and target;
- ``cues``: hedging and verification; ``casualties``: fatality counts;
- ``merging``: one claim per event, escalation;
- ``records``: the claim record, asking ``event_typing`` (ACLED type), ``actor_roles``,
  ``location_choice`` and ``time``;
- ``captions``: short captions with no clause-level claim.
"""

from __future__ import annotations

from ..models import Claim, Document, Location
from ..time import find_dates
from .attribution import People, find_claimant, headline_claimant
from .captions import CAPTION_MAX_CHARS, caption_claim
from .context import context_skip, document_context, sentence_context
from .cues import apply_sentence_cues
from .drafts import Draft, build_draft
from .events import find_triggers, group_triggers
from .location_choice import facility_index
from .merging import merge_and_escalate, sentence_anchors
from .records import ClaimContext, build_claims
from .sentences import SentenceParse, is_candidate, split_sentences

__all__ = ["SentenceParse", "extract_claims", "is_candidate", "split_sentences"]


def extract_claims(
    doc: Document,
    sents: list[SentenceParse],
    toponyms: list,
    locations: list[Location],
    pipeline: str | None = None,
) -> list[Claim]:
    """The claims a document asserts, one per event per source."""
    text = doc.text
    doc_ctx = document_context(text, locations)
    headline = headline_claimant(text) if len(sents) <= 2 else None
    people = People()  # coreference: "he said" is the last named source

    # 1. Drafts: each trigger group of each parsed sentence is accepted or skipped (with a reason).
    drafts: list[Draft] = []
    for si, sp in enumerate(sents):
        sent = sp.parse
        if sent is None:
            continue  # not a candidate sentence: never parsed
        offset = sp.start - sent.start_char
        sent_ctx = sentence_context(sent.text.lower(), doc_ctx)
        for group in group_triggers(sent, find_triggers(sent, offset)):
            skip = context_skip(group, sent_ctx, doc_ctx)  # "disaster", "crime"
            if skip is not None:
                continue
            claimant = find_claimant(group.head.token, sent, people)
            if sent_ctx.background and claimant is None:
                continue  # skip "background": the author's background and commentary
            drafts.append(build_draft(group, sent, si, offset, claimant, headline, people, doc_ctx.theatre))

    # 2. Cues over sentences, then one draft per event.
    apply_sentence_cues(drafts, sents, text)
    dates = find_dates(text, doc.published)  # once per document: merging and dating both read them
    drafts = merge_and_escalate(drafts, sents, text, sentence_anchors(sents, toponyms, locations, dates))

    # 3. Claim records.
    ctx = ClaimContext(
        doc=doc,
        sents=sents,
        toponyms=toponyms,
        locations=locations,
        dates=dates,
        theatre=doc_ctx.theatre,
        crime=doc_ctx.crime,
        pipeline=pipeline,
        facility_index=facility_index(sents, text, toponyms, locations),
        known_places=[
            (t.start, t.end) for t, loc in zip(toponyms, locations, strict=True) if loc.lat is not None
        ],
    )
    claims = [c for ordinal, d in enumerate(drafts) for c in build_claims(d, ordinal, ctx)]

    # 4. A short caption with no clause-level claim.
    if (
        not claims
        and doc_ctx.theatre
        and not doc_ctx.disaster
        and len(text) <= CAPTION_MAX_CHARS
        and len(sents) <= 3
    ):
        caption = caption_claim(doc, toponyms, locations, headline, pipeline, dates)
        if caption is not None:
            claims.append(caption)
    return claims
