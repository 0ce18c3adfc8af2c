"""Document in, claim record out: the stages in order (docs/pipeline.md).

    document -> sentences -> toponyms -> claims -> geo resolution -> dates -> ClaimRecord

Each stage is a pure function of its inputs; this module only wires them and batches the
spaCy work across documents.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from itertools import islice

from . import __version__
from .boilerplate import boilerplate_spans, in_spans
from .claims import Decision, SentenceParse, extract_claims, is_candidate, split_sentences
from .genre import genre
from .geo import Geoparser
from .models import ClaimRecord, Document
from .nlp import claim_pipeline

log = logging.getLogger(__name__)

#: Bumped whenever the rules or lexicons change what is extracted; stored with every claim so
#: ``frontwatch reextract`` knows which documents are stale.
RULES_VERSION = "6"
PIPELINE_VERSION = f"frontwatch-{__version__}+rules.{RULES_VERSION}"


class Extractor:
    """Extracts claim records from documents. Load once, reuse: models and gazetteer are cached.

    Only sentences that can hold a claim (a trigger word, a weapon, a casualty) go through the
    spaCy pipeline; the rest of the text is read by cheap rules (sentence split, toponyms, dates).
    A sentence that lies mostly in page furniture (``boilerplate_spans``: newsletter prompts,
    related-link boxes, credits ...) is never a candidate, so it never yields a claim.
    """

    def __init__(self, model: str | None = None, geoparser: Geoparser | None = None) -> None:
        self.model = model
        self.nlp = claim_pipeline(model)
        self.geo = geoparser or Geoparser()
        self.version = PIPELINE_VERSION

    def extract(self, doc: Document, explain: bool = False) -> ClaimRecord:
        return next(self.extract_many([doc], explain=explain))

    def extract_many(
        self, docs: Iterable[Document], batch_size: int = 64, explain: bool = False
    ) -> Iterator[ClaimRecord]:
        """Claim records in input order; spaCy runs over the candidate sentences of a whole batch.
        With ``explain``, each record also lists every trigger group's decision (``decisions``)."""
        it = iter(docs)
        while batch := list(islice(it, batch_size)):
            yield from self._batch(batch, explain)

    def _batch(self, batch: list[Document], explain: bool = False) -> Iterator[ClaimRecord]:
        plans: list[list[tuple[int, int, bool]]] = []
        texts: list[str] = []
        for doc in batch:
            spans = split_sentences(doc.text)
            furniture = boilerplate_spans(doc.text)
            plan = [(s, e, is_candidate(doc.text[s:e]) and not in_spans(s, e, furniture)) for s, e in spans]
            texts.extend(doc.text[s:e] for s, e, cand in plan if cand)
            plans.append(plan)
        parsed = iter(self.nlp.pipe(texts, batch_size=256))
        for doc, plan in zip(batch, plans, strict=True):
            sents = [SentenceParse(s, e, next(parsed)[:] if cand else None) for s, e, cand in plan]
            trace: list[Decision] | None = [] if explain else None
            kind = genre(doc.text, doc.title)
            try:
                toponyms = self.geo.find(doc.text)
                locations = self.geo.resolve(doc.text, toponyms, published=doc.published)
                claims = extract_claims(
                    doc, sents, toponyms, locations, pipeline=self.version, trace=trace, genre=kind.kind
                )
            except Exception:  # a rule bug must not sink a whole batch: report it and go on
                log.exception("extraction failed for document %s", doc.id)
                claims = []
            record = ClaimRecord(id=doc.id, claims=claims)
            if trace is not None:
                record.genre = f"{kind.kind} ({kind.reason})" if kind.reason else kind.kind
                record.decisions = [
                    asdict(d) | {"sentence": doc.text[d.sentence_start : d.sentence_end]} for d in trace
                ]
            yield record
