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
from typing import Any

from . import __version__
from .boilerplate import boilerplate_spans, in_spans
from .claims import Decision, SentenceParse, extract_claims, is_candidate, split_sentences
from .control.claims import annotate as annotate_control
from .genre import genre
from .geo import Geoparser
from .lang import detect as detect_language
from .models import ClaimRecord, Document
from .nlp import claim_pipeline

log = logging.getLogger(__name__)

#: What a record of a document frontwatch does not read says.
NOT_READ = "not English, Russian or Ukrainian: not read; no claims"

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

    def __init__(
        self, model: str | None = None, geoparser: Geoparser | None = None, control: Any = None
    ) -> None:
        self.model = model
        self.nlp = claim_pipeline(model)
        self.geo = geoparser or Geoparser()
        self.version = PIPELINE_VERSION
        self.control: Any = None
        self.use_control(control)

    def use_control(self, view: Any) -> None:
        """Check claims against these imported control maps (``Claim.control``) and weigh
        namesakes by the front line of each document's day (``frontwatch.control``); None: no
        maps (the geoparser falls back to its hand-drawn lines)."""
        from .control.claims import FrontColumns

        self.control = view if view else None
        self.geo.use_fronts(FrontColumns(view, self.geo.gazetteer) if self.control else None)

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
        """One batch; a document whose extraction raises gets a record with ``error`` set and no
        claims, and never takes the other documents of the batch with it. A document not in
        English (``Document.language``, else ``lang.detect``) gets a record saying so, no claims."""
        english: list[Document] = []
        for doc in batch:
            doc.language = doc.language or detect_language(doc.text).code
            if doc.language == "en":
                english.append(doc)
        by_id = {id(d): d for d in english}
        records = iter(self._english(english, explain))
        for doc in batch:
            if id(doc) in by_id:
                yield next(records)
            elif doc.language in ("ru", "uk"):
                yield self._ruuk(doc, doc.language, explain)
            else:
                yield ClaimRecord(id=doc.id, claims=[], language=doc.language, note=NOT_READ)

    def _ruuk(self, doc: Document, lang: str, explain: bool = False) -> ClaimRecord:
        """A Russian or Ukrainian document, read in its language (``claims.ruuk``); its models load
        on the first such document."""
        from .claims.ruuk import extract_claims_ruuk

        trace: list[Decision] | None = [] if explain else None
        try:
            claims = extract_claims_ruuk(doc, lang, self.geo, pipeline=self.version, trace=trace)
            annotate_control(claims, self.control, doc.published)
        except Exception as exc:  # a rule bug or an absurd value must not sink the batch
            log.warning("extraction failed for document %s: %s", doc.id, _one_line(exc))
            return ClaimRecord(id=doc.id, claims=[], language=lang, error=_one_line(exc))
        record = ClaimRecord(id=doc.id, claims=claims, language=lang)
        if trace is not None:
            record.decisions = [
                asdict(d) | {"sentence": doc.text[d.sentence_start : d.sentence_end]} for d in trace
            ]
        return record

    def _english(self, batch: list[Document], explain: bool = False) -> Iterator[ClaimRecord]:
        plans: list[list[tuple[int, int, bool]] | None] = []
        errors: list[str | None] = []
        for doc in batch:
            try:
                spans = split_sentences(doc.text)
                furniture = boilerplate_spans(doc.text)
                plans.append(
                    [(s, e, is_candidate(doc.text[s:e]) and not in_spans(s, e, furniture)) for s, e in spans]
                )
                errors.append(None)
            except Exception as exc:
                plans.append(None)
                errors.append(_one_line(exc))
        parses = self._parse(batch, plans, errors)
        for doc, plan, parsed, error in zip(batch, plans, parses, errors, strict=True):
            if error is not None or plan is None or parsed is None:
                log.warning("extraction failed for document %s: %s", doc.id, error)
                yield ClaimRecord(id=doc.id, claims=[], error=error)
                continue
            it = iter(parsed)
            sents = [SentenceParse(s, e, next(it)[:] if cand else None) for s, e, cand in plan]
            trace: list[Decision] | None = [] if explain else None
            try:
                kind = genre(doc.text, doc.title)
                toponyms = self.geo.find(doc.text)
                locations = self.geo.resolve(doc.text, toponyms, published=doc.published)
                claims = extract_claims(
                    doc, sents, toponyms, locations, pipeline=self.version, trace=trace, genre=kind.kind
                )
                annotate_control(claims, self.control, doc.published)
            except Exception as exc:  # a rule bug or an absurd value must not sink the batch
                log.warning("extraction failed for document %s: %s", doc.id, _one_line(exc))
                yield ClaimRecord(id=doc.id, claims=[], error=_one_line(exc))
                continue
            record = ClaimRecord(id=doc.id, claims=claims)
            if trace is not None:
                record.genre = f"{kind.kind} ({kind.reason})" if kind.reason else kind.kind
                record.decisions = [
                    asdict(d) | {"sentence": doc.text[d.sentence_start : d.sentence_end]} for d in trace
                ]
            yield record

    def _parse(
        self, batch: list[Document], plans: list[list[tuple[int, int, bool]] | None], errors: list[str | None]
    ) -> list[list[Any] | None]:
        """spaCy over the candidate sentences of the whole batch at once; if that raises, each
        document alone, so only the one that fails is marked (in ``errors``)."""
        texts = [
            [doc.text[s:e] for s, e, cand in plan if cand] if plan else []
            for doc, plan in zip(batch, plans, strict=True)
        ]
        try:
            flat = list(self.nlp.pipe([t for group in texts for t in group], batch_size=256))
        except Exception:
            out: list[list[Any] | None] = []
            for i, group in enumerate(texts):
                try:
                    out.append(list(self.nlp.pipe(group)))
                except Exception as exc:
                    errors[i] = errors[i] or _one_line(exc)
                    out.append(None)
            return out
        out, pos = [], 0
        for group in texts:
            out.append(flat[pos : pos + len(group)])
            pos += len(group)
        return out


def _one_line(exc: BaseException) -> str:
    """``Type: first line of the message``, at most 200 characters: what a record's ``error``
    and the one-line report show."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"
