"""The claims stage: parsed sentences in, claims out (docs/claims.md).

``extract_claims`` is a pure function of the document, its parsed candidate sentences, its
toponyms and their resolutions. It only orchestrates; every decision lives in a named module with
its word lists in ``frontwatch/lexicons/`` (the table in docs/claims.md says which):

- ``sentences``: sentence boundaries and the candidate pre-filter;
- ``context``: documents and sentences that speak of no political violence (disaster, crime,
  background);
- ``events``: trigger words and trigger groups; ``attribution``: who says so; ``actors``: actor
  phrases; ``drafts``: a trigger group with its source, actors and target;
- ``factuality`` (a particular occurrence, asserted?) and ``sense`` (the violent sense of the
  word?), asked by ``judge``;
- ``cues``: hedging and verification; ``casualties``: fatality counts;
- ``merging``: one claim per event, escalation;
- ``records``: the claim record, asking ``event_typing`` (ACLED type), ``actor_roles``,
  ``location_choice`` and ``time``;
- ``captions``: short captions with no clause-level claim.
"""

from __future__ import annotations

from ..models import Claim, Document, Location
from ..time import find_dates
from .attribution import People, document_speaker, find_claimant, headline_claimant
from .captions import CAPTION_MAX_CHARS, caption_claim
from .context import context_skip, document_context, sentence_context
from .cues import apply_sentence_cues
from .drafts import Draft, build_draft
from .events import find_triggers, group_triggers
from .factuality import sentence_facts
from .gate import with_gate
from .judge import Decision, judge
from .location_choice import facility_index
from .merging import merge_and_escalate, merge_restatements, sentence_anchors
from .records import ClaimContext, build_claims
from .sentences import SentenceParse, is_candidate, split_sentences

#: Clause-check verdicts (``events``) that mean the text does not assert the event: such a
#: sentence must not come back as a caption claim.
NOT_ASSERTED = frozenset(
    {"modal or negated", "plan", "purpose", "plan or purpose", "negated", "not asserted"}
)

__all__ = ["Decision", "SentenceParse", "extract_claims", "is_candidate", "split_sentences"]


def extract_claims(
    doc: Document,
    sents: list[SentenceParse],
    toponyms: list,
    locations: list[Location],
    pipeline: str | None = None,
    trace: list[Decision] | None = None,
    genre: str = "news",
) -> list[Claim]:
    """The claims a document asserts, one per event per source. ``trace``, when given, receives
    one ``Decision`` per trigger group: taken, or why not (``frontwatch extract --explain``)."""
    text = doc.text
    doc_ctx = document_context(text, locations)
    headline = headline_claimant(text) if len(sents) <= 2 else None
    if headline is None and genre == "transcript":
        headline = document_speaker(text, doc.title)  # a speech's own voice is its speaker's
    people = People()  # coreference: "he said" is the last named source

    # 1. Drafts: each trigger group of each parsed sentence is accepted or skipped (with a reason).
    dates = find_dates(text, doc.published)  # once per document: factuality, merging, dating read them
    drafts: list[Draft] = []
    judged_out = False  # a trigger group was read as no event: the caption fallback must not revive it
    for si, sp in enumerate(sents):
        sent = sp.parse
        if sent is None:
            continue  # not a candidate sentence: never parsed
        offset = sp.start - sent.start_char
        rejected: list = []
        triggers = find_triggers(sent, offset, rejected)
        judged_out = judged_out or any(why in NOT_ASSERTED for _, why in rejected)
        if trace is not None:
            trace.extend(Decision.rejected(trig, sp, why) for trig, why in rejected)
        if not triggers:
            continue  # nothing to judge: no facts, no gate (the hot path)
        sent_ctx = sentence_context(sent.text.lower(), doc_ctx)
        facts = sentence_facts(
            sp.start, sp.end, text, dates, doc.published, toponyms, locations, short_text=len(sents) <= 3
        )
        facts = with_gate(facts, sent, doc.published)  # the learned gate's reading of the sentence
        for group in group_triggers(sent, triggers):
            skip = context_skip(group, sent_ctx, doc_ctx)  # "disaster", "crime"
            claimant = find_claimant(group.head.token, sent, people) if skip is None else None
            if skip is None and sent_ctx.background and claimant is None:
                skip = "background: commentary"  # the author's background and commentary
            draft = None
            if skip is None:
                draft = build_draft(group, sent, si, offset, claimant, headline, people, doc_ctx.theatre)
                skip = judge(draft, sent, facts, genre)  # genre, factuality, sense, then the gate
                judged_out = judged_out or skip is not None
            if trace is not None:
                trace.append(Decision.of(group, sp, skip))
            if skip is None and draft is not None:
                drafts.append(draft)

    # 2. Cues over sentences, then one draft per event.
    apply_sentence_cues(drafts, sents, text)
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
    claims, merged = merge_restatements(claims)  # the same happening restated is one claim
    if trace is not None:
        trace.extend(Decision.restated(claim, first) for claim, first in merged)

    # 4. A short caption with no clause-level claim.
    if (
        not claims
        and not judged_out
        and doc_ctx.theatre
        and not doc_ctx.disaster
        and len(text) <= CAPTION_MAX_CHARS
        and len(sents) <= 3
    ):
        caption = caption_claim(doc, toponyms, locations, headline, pipeline, dates)
        if caption is not None:
            claims.append(caption)
    return claims
