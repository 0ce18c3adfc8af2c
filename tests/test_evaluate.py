"""frontwatch.evaluate against the project scorer (a verbatim copy in tests/fixtures) and by hand."""

from __future__ import annotations

import json
import logging
import random
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwatch.evaluate import (
    EXHAUSTIVE_FLOOR,
    evaluate,
    format_report,
    match,
    report_json,
    score_files,
    score_records,
)
from frontwatch.models import Claim, ClaimRecord, Document, Evidence

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = FIXTURES / "reference_score.py"
GOLD = FIXTURES / "eval_gold.jsonl"
PRED = FIXTURES / "eval_pred.jsonl"


def reference(gold: Path, pred: Path, *flags: str) -> str:
    """stdout of the reference scorer run as the project runs it."""
    cmd = [sys.executable, str(REFERENCE), str(gold), str(pred), *flags]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def assert_same_as_reference(gold: Path, pred: Path) -> None:
    report = score_files(gold, pred)
    assert format_report(report) + "\n" == reference(gold, pred)
    assert report_json(report) + "\n" == reference(gold, pred, "--json")


# --- against the reference scorer ----------------------------------------------------------------


def test_fixture_matches_reference_text_and_json() -> None:
    assert_same_as_reference(GOLD, PRED)


def test_fixture_covers_every_metric() -> None:
    keys = {k for r in score_files(GOLD, PRED).values() for k in r}
    assert keys == {
        "docs",
        "recall",
        "claims_per_gold_event",
        "event_type",
        "sub_event_type",
        "date",
        "sides",
        "claimant",
        "claimant_side",
        "verification",
        "flags",
        "loc_acc10",
        "loc_acc25",
        "loc_median_km",
        "false_alarm_rate",
    }


def _random_location(rng: random.Random) -> object:
    lat, lon = rng.choice([(48.35, 37.21), (50.45, 30.52), (46.64, 32.62)])
    lat, lon = lat + rng.uniform(-0.6, 0.6), lon + rng.uniform(-0.6, 0.6)
    return rng.choice(
        [
            {"name": "x", "lat": lat, "lon": lon},
            {"name": "x", "lat": lat, "lon": lon},
            {"name": "x", "lat": str(lat), "lon": lon},
            {"name": "x", "lat": None, "lon": None},
            {"name": "x"},
            None,
        ]
    )


def _random_fields(rng: random.Random) -> dict[str, Any]:
    fields = {
        "event_type": rng.choice(["Battles", "Explosions/Remote violence", "Protests", None]),
        "sub_event_type": rng.choice(["Armed clash", "Air/drone strike", "Peaceful protest", None]),
        "date": rng.choice(["2024-05-01", "2024-05-02", None]),
        "location": _random_location(rng),
        "verification": rng.choice(["confirmed", "disputed", "unverified", None]),
        "flags": rng.sample(
            ["actor_inconsistency", "claim_escalation", "unresolved_location"], rng.randint(0, 2)
        ),
    }
    return {k: v for k, v in fields.items() if v is not None or rng.random() < 0.3}


def _random_event(rng: random.Random) -> dict[str, Any]:
    event = _random_fields(rng)
    event["actor_sides"] = rng.sample(["russia", "ukraine"], rng.randint(0, 2))
    event["claimant"] = rng.choice(["Igor Kimakovsky", "American journalists", "OVA", ""])
    event["claimant_side"] = rng.choice(["russia", "ukraine", "third_party", "unknown", ""])
    return event


def _random_claim(rng: random.Random) -> object:
    if rng.random() < 0.05:
        return "not a claim"
    claim = _random_fields(rng)
    sides = rng.sample(["russia", "ukraine", "civilians", "other", None], rng.randint(0, 3))
    claim["actors"] = [{"name": "a", "side": s} for s in sides]
    claim["claimant"] = rng.choice(
        [
            {"name": "Kimakovsky", "side": "russia"},
            {"name": None, "side": "ukraine"},
            {"name": "ova", "side": "unknown"},
            {},
        ]
    )
    return claim


def _write_jsonl(path: Path, rows: Iterable[object]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


#: Random datasets and how their documents are marked: the chance of ``"exhaustive"`` being set
#: (to a random true or false JSON value), and whether the documents may have gold events at all.
RANDOM_DATASETS = {
    "acled": (0.0, True),  # never exhaustive: no precision
    "news": (0.9, True),  # mostly exhaustive
    "mixed": (0.5, True),
    "quiet": (1.0, False),  # exhaustive, no events: precision without recall
}


def _random_exhaustive(rng: random.Random) -> object:
    """A value for ``exhaustive``: the scorer takes its truth value, so 1 and 0 count like booleans."""
    return rng.choice([True, True, True, False, 1, 0, None])


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_gold_matches_reference(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    gold, pred = [], []
    for n in range(300):
        doc_id: object = n if rng.random() < 0.2 else f"d{n}"
        doc: dict[str, Any] = {"id": doc_id, "text": "t"}
        exhaustive_chance, has_events = 0.0, True
        if rng.random() < 0.8:
            doc["dataset"] = rng.choice([*RANDOM_DATASETS, "ucdp", "bellingcat"])
            exhaustive_chance, has_events = RANDOM_DATASETS.get(doc["dataset"], (0.0, True))
        if rng.random() < exhaustive_chance:
            doc["exhaustive"] = _random_exhaustive(rng)
        n_events = rng.choice([0, 0, 1, 1, 2, 3]) if has_events else 0
        doc["events"] = [_random_event(rng) for _ in range(n_events)]
        gold.append(doc)
        if rng.random() < 0.85:
            claims = [_random_claim(rng) for _ in range(rng.choice([0, 1, 1, 2, 3, 4]))]
            pred.append({"id": str(doc_id), "claims": claims if claims or rng.random() < 0.5 else None})
    rng.shuffle(pred)
    _write_jsonl(tmp_path / "gold.jsonl", gold)
    _write_jsonl(tmp_path / "pred.jsonl", pred)
    assert_same_as_reference(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl")
    report = score_files(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl")
    # the cases reach the new keys: precision where exhaustive claims were made, none without
    assert {"precision", "f1"} <= set(report["news"]) and "precision" not in report["acled"]
    assert "recall" not in report["quiet"] and report["quiet"]["precision"] == 0.0


# --- by hand -------------------------------------------------------------------------------------


def test_hand_computed_case() -> None:
    gold = [
        {
            "id": "h1",
            "dataset": "hand",
            "events": [
                {
                    "event_type": "Battles",
                    "sub_event_type": "Armed clash",
                    "location": {"lat": 48.0, "lon": 37.0},
                },
                {"event_type": "Protests"},
            ],
        },
        {"id": "h2", "dataset": "hand", "events": []},
    ]
    # 0.135 degrees north along a meridian: 6371 km * 0.135 * pi / 180 = 15.01 km, within 25 not 10
    claim = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "location": {"lat": 48.135, "lon": 37.0},
    }
    report = score_records(gold, {"h1": [claim], "h2": [{"event_type": "Riots"}]})
    assert report == {
        "hand": {
            "docs": 2,
            "recall": 0.5,
            "claims_per_gold_event": 0.5,
            "event_type": 0.5,
            "sub_event_type": 1.0,
            "loc_acc10": 0.0,
            "loc_acc25": 1.0,
            "loc_median_km": 15.01,
            "false_alarm_rate": 1.0,
        }
    }
    assert list(report["hand"])[:3] == ["docs", "recall", "claims_per_gold_event"]  # order is the contract
    assert format_report(report) == (
        "hand: docs=2, recall=0.5, claims_per_gold_event=0.5, event_type=0.5, sub_event_type=1.0, "
        "loc_acc10=0.0, loc_acc25=1.0, loc_median_km=15.01, false_alarm_rate=1.0"
    )


def _event(event_type: str, lat: float, lon: float, **more: str) -> dict[str, Any]:
    return {"event_type": event_type, "location": {"name": "x", "lat": lat, "lon": lon}, **more}


def test_hand_computed_exhaustive_precision_and_f1() -> None:
    # Exhaustive gold: a clash and a shelling in one text, nothing in the other; four claims.
    clash = _event("Battles", 48.0, 37.0, sub_event_type="Armed clash", date="2024-05-10")
    shelling = _event("Explosions/Remote violence", 46.6, 32.6)
    gold = [
        {"id": "e1", "dataset": "hand", "exhaustive": True, "events": [clash, shelling]},
        {"id": "e2", "dataset": "hand", "exhaustive": True, "events": []},
    ]
    predictions = {
        "e1": [
            dict(clash),  # same event: affinity 5.5
            # another type, 0.09 degrees (10.0 km) north of the shelling: affinity 2 - 10/25 = 1.6
            _event("Strategic developments", 46.69, 32.6),
            _event("Protests", 50.45, 30.52),  # another type, hundreds of km away: a false claim
        ],
        "e2": [_event("Battles", 48.0, 37.0)],  # on the text with no event: a false claim
    }
    report = score_records(gold, predictions)["hand"]
    # 2 of 4 claims are true, both gold events are found: f1 = 2 * 0.5 * 1 / 1.5
    assert report["recall"] == 1.0 and report["claims_per_gold_event"] == 1.5
    assert report["false_alarm_rate"] == 1.0
    assert report["precision"] == 0.5 and report["f1"] == 0.6667
    assert list(report)[-3:] == ["false_alarm_rate", "precision", "f1"]  # order is the contract


def test_exhaustive_gold_pairs_only_the_same_event() -> None:
    # A claim 30 km away of another type (affinity 2 - 30/25 = 0.8) is a different event on exhaustive
    # gold; on other gold it is still paired, and there is no precision.
    gold_event = _event("Battles", 48.0, 37.0)
    far_claim = _event("Protests", 48.0 + 30 / 111.19, 37.0)
    docs = [
        {"id": "x", "dataset": "exhaustive", "exhaustive": True, "events": [gold_event]},
        {"id": "y", "dataset": "partial", "events": [gold_event]},
    ]
    report = score_records(docs, {"x": [far_claim], "y": [far_claim]})
    assert report["exhaustive"]["recall"] == 0.0 and report["exhaustive"]["loc_acc25"] == 0.0
    assert report["exhaustive"]["precision"] == 0.0 and report["exhaustive"]["f1"] == 0.0
    assert report["partial"]["recall"] == 1.0 and "precision" not in report["partial"]
    # the floor is inclusive: sharing only the sub-event type is an affinity of exactly 1
    gold_clash = {"sub_event_type": "Armed clash"}
    riot_claim = {"sub_event_type": "Armed clash", "event_type": "Riots"}
    assert match([gold_clash], [riot_claim], floor=EXHAUSTIVE_FLOOR) == {0: riot_claim}
    assert match([{"date": "2024-05-01"}], [{"date": "2024-05-01"}], floor=EXHAUSTIVE_FLOOR) == {}


def test_exhaustive_document_without_claims_gives_no_precision() -> None:
    gold = [{"id": "q", "exhaustive": True, "events": [{"event_type": "Battles"}]}]
    assert score_records(gold, {}) == {
        "all": {"docs": 1, "recall": 0.0, "claims_per_gold_event": 0.0, "event_type": 0.0}
    }


def test_equal_affinity_goes_to_the_later_claim() -> None:
    gold = [{"event_type": "Protests"}]
    first, second = {"event_type": "Protests", "n": 1}, {"event_type": "Protests", "n": 2}
    assert match(gold, [first, second]) == {0: second}


def test_missing_document_and_empty_report() -> None:
    report = score_records([{"id": 1, "events": [{"claimant": "Igor Kimakovsky"}]}], {})
    assert report == {"all": {"docs": 1, "recall": 0.0, "claims_per_gold_event": 0.0, "claimant": 0.0}}
    assert format_report({}) == ""


# --- evaluate: extractor in front of the scorer ------------------------------------------------


class FakeExtractor:
    """Claims Battles at Rodynske, dated the publication day, for every document mentioning it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_many(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[ClaimRecord]:
        for doc in docs:
            self.seen.append(doc.id)
            claims = []
            if "Rodynske" in doc.text:
                claims.append(
                    Claim.model_validate(
                        {
                            "claim_id": "c",
                            "event_type": "Battles",
                            "sub_event_type": "Armed clash",
                            "action": "clash",
                            "location": {"name": "Rodynske", "lat": 48.3538, "lon": 37.2087},
                            "date": str(doc.published),
                            "evidence": Evidence(sentence=doc.text, start=0, end=len(doc.text)),
                        }
                    )
                )
            yield ClaimRecord(id=doc.id, claims=claims)


def test_evaluate_scores_what_extract_would_write(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    gold_path = tmp_path / "gold.jsonl"
    bad = {"id": "empty", "dataset": "alpha", "text": " ", "events": [{"event_type": "Battles"}]}
    gold_path.write_text(GOLD.read_text(encoding="utf-8") + json.dumps(bad) + "\n", encoding="utf-8")
    extractor = FakeExtractor()
    with caplog.at_level(logging.WARNING, logger="frontwatch.evaluate"):
        report, records = evaluate(gold_path, extractor)
    assert "1 gold document(s) are not valid input" in caplog.text
    assert "empty" not in extractor.seen and len(records) == len(extractor.seen) == 10
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    assert report == score_files(gold_path, pred_path)
    assert format_report(report) + "\n" == reference(gold_path, pred_path)
    alpha = report["alpha"]
    assert alpha["docs"] == 5 and alpha["recall"] == 0.2  # one of five alpha events found
    assert alpha["loc_acc10"] == 0.3333 and alpha["loc_median_km"] == 0.0 and alpha["date"] == 0.0
