"""The learned event gate: how likely a candidate sentence asserts a particular political-violence event.

A logistic regression over binary features of the sentence's spaCy parse (docs/gate.md):
interpretable linguistic features (tense and aspect of the main verb, modal, negation, a year, a
relative day, a number with a casualty word, first/second person, quotes and questions, entity
counts, length, whether the trigger is a noun or a verb) plus lemma unigrams and bigrams in which
named entities and numbers are replaced by their type. The weights ship in ``data/gate.json``
(trained by ``scripts/train_gate.py``); they are loaded once and nothing is downloaded. Scoring works
from the Span the claims stage already parsed: no extra spaCy pass.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Span

from .events import find_triggers
from .factuality import Context
from .lexicon import _load

#: Bump when ``sentence_features`` changes meaning; the model file records the version it was trained on.
FEATURE_VERSION = 1

_LENGTH_BUCKETS = (6, 12, 20, 30, 45)
_QUOTES = frozenset('"“”«»„')


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    lex = _load("gate.json")
    return {k: (frozenset(v) if isinstance(v, list) else v) for k, v in lex.items() if not k.startswith("_")}


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def _count(n: int) -> str:
    return str(n) if n < 2 else "2+"


def _year(tok) -> int | None:
    if tok.shape_ == "dddd" and tok.text.isdigit():
        y = int(tok.text)
        if 1800 <= y <= 2100:
            return y
    return None


def _ngram_token(tok, ent_types: frozenset[str]) -> str | None:
    if tok.is_punct or tok.is_space:
        return None
    if tok.ent_type_ in ent_types:
        return f"<{tok.ent_type_}>"
    if tok.like_num:
        return "<NUM>"
    return tok.lemma_.lower()


def sentence_features(sent: Span, published: date | None = None) -> list[str]:
    """The binary features of a parsed sentence (names, each present once)."""
    w = _words()
    feats: set[str] = {"bias"}
    toks = [t for t in sent if not t.is_space]
    words = [t for t in toks if not t.is_punct]
    lowers = {t.lower_ for t in words}
    lemmas = {t.lemma_.lower() for t in words}
    text = sent.text

    feats.add("len:" + _bucket(len(words), _LENGTH_BUCKETS))
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        feats.add("shape:caps")
    if text.lstrip()[:1] in ("-", "•", "–", "—", "*", ">"):
        feats.add("shape:bullet")
    if any(c in _QUOTES for c in text):
        feats.add("punct:quote")
    if "?" in text:
        feats.add("punct:question")
    if "!" in text:
        feats.add("punct:exclaim")
    if ":" in text:
        feats.add("punct:colon")

    # The main verb: tense, aspect, voice, modal, negation.
    root = sent.root
    feats.add("root:" + root.tag_)
    kids = list(root.children)
    aux = [c for c in kids if c.dep_ in ("aux", "auxpass")]
    if any(c.lemma_ == "have" for c in aux):
        feats.add("root:perfect")
    if root.tag_ == "VBG" and any(c.lemma_ == "be" for c in aux):
        feats.add("root:progressive")
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in kids):
        feats.add("root:passive")
    modals = [c for c in aux if c.tag_ == "MD"]
    if modals:
        feats.add("root:modal")
        feats.add("root:modal=" + modals[0].lower_)
    if any(c.dep_ == "neg" for c in kids):
        feats.add("root:neg")
    if any(t.tag_ == "MD" for t in toks):
        feats.add("any:modal")
    if any(t.dep_ == "neg" for t in toks):
        feats.add("any:neg")
    if any(t.tag_ == "VBD" for t in toks):
        feats.add("any:VBD")
    if any(t.lower_ == "will" and t.tag_ == "MD" for t in toks) or "going to" in text.lower():
        feats.add("any:future")

    # Time anchors.
    years = [y for t in toks if (y := _year(t)) is not None]
    if years:
        feats.add("year:any")
        if published is None:
            feats.add("year:nopub")
        elif min(years) < published.year:
            feats.add("year:before_pub")
        else:
            feats.add("year:pub_or_later")
    if lowers & w["relative_days"]:
        feats.add("time:relative_day")
    if any(e.label_ in ("DATE", "TIME") for e in sent.ents):
        feats.add("ent:date_or_time")

    # Casualties, person, word classes.
    if lemmas & w["casualty_lemmas"] and any(t.like_num or t.ent_type_ == "CARDINAL" for t in words):
        feats.add("num_casualty")
    if lowers & w["person_pronouns"]:
        feats.add("pron:first_second")
    for cls in ("hypothetical", "history", "cumulative"):
        if (lemmas | lowers) & w[cls]:
            feats.add("class:" + cls)

    # Entities.
    ent_labels = [e.label_ for e in sent.ents]
    feats.add("ent:place=" + _count(sum(lbl in ("GPE", "LOC", "FAC") for lbl in ent_labels)))
    for lbl in ("NORP", "PERSON", "ORG", "CARDINAL"):
        if lbl in ent_labels:
            feats.add("ent:" + lbl)

    # Triggers as the claims stage reads them.
    try:
        trigs = find_triggers(sent)
    except Exception:  # a rule bug must not break scoring
        trigs = []
    feats.add("trig:n=" + _count(len(trigs)))
    if trigs:
        head = trigs[0]
        feats.add("trig:nominal" if head.nominal else "trig:verbal")
        feats.add("trig:action=" + head.action)
        if not head.nominal:
            feats.add("trig:tag=" + head.token.tag_)
            if head.token.i == root.i:
                feats.add("trig:is_root")

    # Lemma n-grams, entities and numbers by type.
    seq = [g for t in toks if (g := _ngram_token(t, w["entity_types"])) is not None]
    feats.update("w:" + g for g in seq)
    feats.update(f"b:{a}_{b}" for a, b in zip(["<S>", *seq], [*seq, "</S>"], strict=True))
    feats.update(f"v:{t.lemma_.lower()}/{t.tag_}" for t in toks if t.pos_ in ("VERB", "AUX"))
    return sorted(feats)


class GateModel:
    """Logistic-regression weights by feature name, with the threshold chosen at training time."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.weights: dict[str, float] = data["weights"]
        self.bias: float = float(data.get("bias", 0.0))
        self.threshold: float = float(data.get("threshold", 0.5))
        self.feature_version: int = int(data.get("feature_version", FEATURE_VERSION))
        self.meta: dict[str, Any] = {k: v for k, v in data.items() if k != "weights"}

    def score_features(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


#: Environment variable naming another weights file to load instead of the shipped one (a fold model
#: for out-of-fold figures, an experiment), or one of ``MODEL_OFF`` to run the claims stage without the gate.
MODEL_ENV = "FRONTWATCH_GATE_MODEL"
MODEL_OFF = frozenset({"off", "none", "0"})


@lru_cache(maxsize=1)
def load_model() -> GateModel:
    """The gate's weights, loaded once: the shipped ``frontwatch/data/gate.json``, or the file named by
    ``FRONTWATCH_GATE_MODEL``; ``FRONTWATCH_GATE_MODEL=off`` gives an empty model with threshold 0, under
    which no sentence falls (the rules alone). The variable is read on the first call;
    ``load_model.cache_clear()`` makes the next call read it again."""
    override = os.environ.get(MODEL_ENV, "").strip()
    if override.lower() in MODEL_OFF:
        return GateModel({"weights": {}, "bias": 0.0, "threshold": 0.0, "disabled": True})
    if override:  # an explicit file that cannot be read is an error, never a silent fallback
        raw = Path(override).read_text(encoding="utf-8")
    else:
        raw = resources.files("frontwatch").joinpath("data/gate.json").read_text(encoding="utf-8")
    return GateModel(json.loads(raw))


def event_probability(sent: Span, published: date | None = None, model: GateModel | None = None) -> float:
    """How likely the parsed sentence asserts a particular political-violence event (0..1).

    ``published`` (the document's date) lets the gate tell a background year ("in 1945") from this
    year's; without it the year counts as of unknown age.
    """
    return (model or load_model()).score_features(sentence_features(sent, published))


def default_threshold() -> float:
    """The threshold recommended with the shipped weights (docs/gate.md)."""
    return load_model().threshold


def with_gate(facts: Context, sent: Span, published: date | None) -> Context:
    """``facts`` with the gate's probability for the sentence (``judge`` compares it with
    ``default_threshold``)."""
    return replace(facts, event_probability=event_probability(sent, published))
