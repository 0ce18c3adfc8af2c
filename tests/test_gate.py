"""The learned event gate (claims/gate.py, docs/gate.md): shipped weights, scoring, and the training script.

Every sentence here is written for the test; none comes from the evaluation data.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
import time
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from frontwatch.claims import gate
from frontwatch.nlp import claim_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "eval" / "dev"


def _train_module():
    spec = importlib.util.spec_from_file_location("train_gate", ROOT / "scripts" / "train_gate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_gate", mod)  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def nlp():
    return claim_pipeline()


def _p(nlp, text: str, published: date | None = date(2024, 3, 14)) -> float:
    return gate.event_probability(nlp(text)[:], published)


EVENTS = [
    "Russian missiles struck a power plant in Lviv on Tuesday, killing two workers, the governor said.",
    "Ukrainian drones hit an oil depot in the Bryansk region overnight, the regional governor reported.",
    "Three civilians were wounded when artillery shelled a market in Kherson on Monday morning.",
]
NON_EVENTS = [
    "Ukraine's president engaged with world leaders at the summit.",  # the word in another sense
    "The camp was liberated by the Soviet Army in 1945.",  # historical background
    "Sign up for our newsletter.",  # page boilerplate
    "Russia could attack again if talks fail.",  # hypothetical
]


def test_shipped_model_is_small_and_loads_fast():
    path = resources.files("frontwatch").joinpath("data/gate.json")
    raw = path.read_bytes()
    assert len(raw) < 2 * 1024 * 1024
    gate.load_model.cache_clear()
    t0 = time.perf_counter()
    model = gate.load_model()
    assert time.perf_counter() - t0 < 0.5
    assert model.feature_version == gate.FEATURE_VERSION
    assert 0.0 < model.threshold < 1.0
    assert model.weights


def test_event_reports_score_above_non_events(nlp):
    ev = [_p(nlp, s) for s in EVENTS]
    non = [_p(nlp, s) for s in NON_EVENTS]
    assert min(ev) > max(non), (ev, non)
    assert all(0.0 <= x <= 1.0 for x in ev + non)


def test_features_read_the_parse(nlp):
    feats = set(
        gate.sentence_features(nlp("The camp was liberated by the Soviet Army in 1945.")[:], date(2024, 1, 1))
    )
    assert {"year:any", "year:before_pub", "root:passive"} <= feats
    feats = set(gate.sentence_features(nlp("Russia could attack again if talks fail.")[:]))
    assert {"root:modal", "class:hypothetical"} <= feats
    feats = set(gate.sentence_features(nlp("Shelling killed two people in Kharkiv yesterday.")[:]))
    assert {"num_casualty", "time:relative_day", "ent:place=1"} <= feats
    assert "w:<GPE>" in feats  # places are generalised to their entity type


def test_scoring_is_fast(nlp):
    span = nlp(EVENTS[0])[:]
    gate.event_probability(span)
    t0 = time.perf_counter()
    for _ in range(200):
        gate.event_probability(span)
    assert (time.perf_counter() - t0) / 200 < 0.005


# A tiny synthetic corpus, written for this test, in the evaluation files' format.
_NEWS = [
    {
        "id": f"n{i}",
        "dataset": "news",
        "exhaustive": True,
        "published": f"2024-05-0{i + 1}",
        "text": f"Artillery shelled a school in {town} on Monday, killing {n} people, officials said. "
        f"The war began in 2014 and could escalate further. Leaders discussed the fight for sovereignty.",
        "events": [
            {
                "event_type": "Explosions/Remote violence",
                "evidence": f"Artillery shelled a school in {town} on Monday, killing {n} people, officials said.",
            }
        ],
    }
    for i, (town, n) in enumerate([("Sumy", 2), ("Izium", 3), ("Kupiansk", 4), ("Nikopol", 5)])
]
_CASE = [
    {
        "id": "c1",
        "dataset": "case2021",
        "text": "Police fired tear gas at protesters in the capital on Friday.",
        "events": [{"event_type": "Protests"}],
    },
    {
        "id": "c2",
        "dataset": "case2021",
        "text": "A bomb exploded near a bus station, wounding six people.",
        "events": [{"event_type": "Explosions/Remote violence"}],
    },
    {
        "id": "c3",
        "dataset": "case2021",
        "text": "The minister warned that attacks could follow if the deal collapses.",
        "events": [],
    },
    {
        "id": "c4",
        "dataset": "case2021",
        "text": "Prices shot up after the storm destroyed the harvest.",
        "events": [],
    },
]


def test_training_script_runs_on_synthetic_data(tmp_path):
    data = tmp_path / "dev"
    data.mkdir()
    (data / "news.jsonl").write_text("".join(json.dumps(d) + "\n" for d in _NEWS))
    (data / "case2021.jsonl").write_text("".join(json.dumps(d) + "\n" for d in _CASE))
    out = tmp_path / "gate.json"
    report = tmp_path / "cv.json"
    mod = _train_module()
    assert (
        mod.main(
            ["--data", str(data), "--out", str(out), "--report", str(report), "-k", "2", "--min-df", "1"]
            + ["--fold-dir", str(tmp_path / "folds")]
        )
        == 0
    )
    model = gate.GateModel(json.loads(out.read_text()))
    assert model.weights
    cv = json.loads(report.read_text())
    assert cv["cv"]["news_sentences"]["n"] > 0
    assert cv["cv"]["news_sentences"]["roc_auc"] is not None
    # Fold models for whole-system out-of-fold runs: every document held out by exactly one fold.
    meta = json.loads((tmp_path / "folds" / "folds.json").read_text())
    assert meta["k"] == 2 and meta["threshold"] == model.threshold
    assert set(meta["folds"]["news"]) == {d["id"] for d in _NEWS}
    assert set(meta["folds"]["case2021"]) == {d["id"] for d in _CASE}
    for i in range(2):
        fold = gate.GateModel(json.loads((tmp_path / "folds" / f"fold{i}.json").read_text()))
        assert fold.threshold == model.threshold and fold.meta["fold"] == i


# ---------------------------------------------------------------- loader override


@pytest.fixture
def gate_env(monkeypatch):
    """Set FRONTWATCH_GATE_MODEL for one test; the shipped model is reloaded afterwards."""

    def use(value: str) -> gate.GateModel:
        monkeypatch.setenv(gate.MODEL_ENV, value)
        gate.load_model.cache_clear()
        return gate.load_model()

    yield use
    gate.load_model.cache_clear()  # monkeypatch restores the variable after this


def test_loader_override_reads_another_weights_file(tmp_path, gate_env, nlp):
    path = tmp_path / "tiny.json"
    path.write_text(
        json.dumps(
            {
                "feature_version": gate.FEATURE_VERSION,
                "threshold": 0.42,
                "bias": 1.0,
                "weights": {"punct:question": -3.0},
            }
        )
    )
    model = gate_env(str(path))
    assert model.weights == {"punct:question": -3.0}
    assert gate.default_threshold() == 0.42
    asked = gate.event_probability(nlp("Did the shelling of the depot stop?")[:])
    told = gate.event_probability(nlp("The shelling of the depot stopped.")[:])
    assert asked == pytest.approx(1 / (1 + math.exp(2.0)))
    assert told == pytest.approx(1 / (1 + math.exp(-1.0)))


def test_loader_override_off_lets_every_sentence_through(gate_env, nlp):
    model = gate_env("off")
    assert not model.weights and gate.default_threshold() == 0.0
    assert gate.event_probability(nlp("Sign up for our newsletter.")[:]) >= gate.default_threshold()


def test_loader_override_missing_file_is_an_error(tmp_path, gate_env):
    with pytest.raises(FileNotFoundError):
        gate_env(str(tmp_path / "no_such_model.json"))


def test_shipped_model_comes_back_without_override(gate_env, monkeypatch):
    gate_env("off")
    monkeypatch.delenv(gate.MODEL_ENV)
    gate.load_model.cache_clear()
    assert gate.load_model().weights and gate.default_threshold() > 0.0


def test_overlap_labelling():
    mod = _train_module()
    ev = "Drones hit a depot in the port on Sunday. Two guards were hurt, the mayor said."
    assert mod.overlaps("Drones hit a depot in the port on Sunday.", ev)
    assert not mod.overlaps("Talks resumed in the capital.", ev)


def test_grouped_folds_keep_documents_whole():
    mod = _train_module()
    folds = mod.fold_of({"news": ["a", "a", "b", "c", "d"], "case2021": ["x", "y"]}, k=2, seed=1)
    assert set(folds) == {"a", "b", "c", "d", "x", "y"}
    assert set(folds.values()) == {0, 1}


@pytest.mark.skipif(
    not (SHARED_DEV / "news.jsonl").exists(), reason="evaluation data (../shared) not available"
)
def test_real_data_builds_rows(nlp):
    mod = _train_module()
    rows = mod.build_rows(SHARED_DEV, nlp, notes_per_file=5)
    news = [r for r in rows if r.dataset == "news"]
    assert any(r.label == 1 for r in news) and any(r.label == 0 for r in news)
