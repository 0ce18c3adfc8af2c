#!/usr/bin/env python3
"""Train the learned event gate (frontwatch/claims/gate.py) and report grouped cross-validated figures.

usage:
    .venv/bin/python scripts/train_gate.py [--data ../shared/eval/dev] [--out src/frontwatch/data/gate.json]
        [--report docs/gate_cv.json] [--simulate news=/tmp/g.jsonl --simulate case2021=/tmp/gc.jsonl
        --simulate-dir /tmp/gate_sim] [--thresholds 0.2,0.3] [--fold-dir /tmp/gate_folds]

Training rows are candidate sentences (frontwatch.claims.is_candidate), parsed with the claims
pipeline exactly as the extractor parses them, labelled 1 when they assert a particular
political-violence event:

- news.jsonl (whole articles, exhaustive gold): a sentence is 1 when it overlaps a gold event's
  ``evidence`` (one contains the other, or most of the shorter one's words are in the other), else 0;
- case2021.jsonl (short snippets): every candidate sentence of a snippet without events is 0; those of
  a snippet with events are 1 at reduced weight (not every sentence of the snippet asserts it);
- acled / ucdp / bellingcat notes: positives, sampled and down-weighted (another register: short,
  dated, formulaic), so the gate does not learn "short means event".

Nothing of the data is written to the repository except the learned weights. Cross-validation is
k-fold grouped by document (all sentences of one article in the same fold); the figures are out-of-fold.
Only numpy is needed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from frontwatch.claims import is_candidate, split_sentences
from frontwatch.claims.gate import FEATURE_VERSION, GateModel, sentence_features

NOTE_FILES = ("acled", "ucdp", "bellingcat")


@dataclass
class Row:
    group: str  # document id: the unit of cross-validation
    dataset: str
    feats: list[str]
    label: int
    weight: float


# ---------------------------------------------------------------- data


def load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", s.lower()))


def overlaps(sentence: str, evidence: str, min_share: float = 0.8) -> bool:
    """Whether a sentence is (part of) a gold event's evidence: containment either way, or most of
    the shorter one's words in the other (the gold evidence may be cut or joined differently)."""
    s, e = _norm(sentence), _norm(evidence)
    if not s or not e:
        return False
    if s in e or e in s:
        return True
    ws, we = _words(s), _words(e)
    if min(len(ws), len(we)) < 4:
        return False
    return len(ws & we) / min(len(ws), len(we)) >= min_share


def _published(doc: dict) -> date | None:
    try:
        return date.fromisoformat(doc.get("published") or "")
    except ValueError:
        return None


def candidate_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text) if is_candidate(text[s:e])]


def build_rows(
    data_dir: Path,
    nlp,
    *,
    notes_per_file: int = 150,
    notes_weight: float = 0.3,
    case_pos_weight: float = 0.5,
    seed: int = 13,
) -> list[Row]:
    """Labelled candidate sentences from the evaluation files found in ``data_dir``."""
    pending: list[tuple[str, str, date | None, int, float]] = []  # group, dataset, text, published, label, w
    for doc in load_jsonl(data_dir / "news.jsonl"):
        evidences = [e.get("evidence") or "" for e in doc.get("events") or []]
        for sent in candidate_sentences(doc["text"]):
            label = int(any(overlaps(sent, ev) for ev in evidences))
            pending.append((str(doc["id"]), "news", sent, _published(doc), label, 1.0))
    for doc in load_jsonl(data_dir / "case2021.jsonl"):
        pos = bool(doc.get("events"))
        for sent in candidate_sentences(doc["text"]):
            pending.append(
                (str(doc["id"]), "case2021", sent, _published(doc), int(pos), case_pos_weight if pos else 1.0)
            )
    rng = random.Random(seed)
    for name in NOTE_FILES:
        docs = [d for d in load_jsonl(data_dir / f"{name}.jsonl") if d.get("events")]
        rng.shuffle(docs)
        for doc in docs[:notes_per_file]:
            sents = candidate_sentences(doc["text"])
            for sent in sents[:1]:  # the first sentence states the event; the rest are notes on it
                pending.append((str(doc["id"]), name, sent, _published(doc), 1, notes_weight))
    parsed = nlp.pipe([p[2] for p in pending], batch_size=256)
    rows = []
    for (group, ds, _text, pub, label, w), doc in zip(pending, parsed, strict=True):
        rows.append(Row(group, ds, sentence_features(doc[:], pub), label, w))
    return rows


# ---------------------------------------------------------------- model


class Vocab:
    def __init__(self, rows: list[Row], min_df: int) -> None:
        df: dict[str, int] = defaultdict(int)
        for r in rows:
            for f in r.feats:
                df[f] += 1
        self.names = sorted(f for f, n in df.items() if n >= min_df and f != "bias")
        self.index = {f: i for i, f in enumerate(self.names)}

    def matrix(self, rows: list[Row]) -> np.ndarray:
        X = np.zeros((len(rows), len(self.names)), dtype=np.float32)
        for i, r in enumerate(rows):
            for f in r.feats:
                j = self.index.get(f)
                if j is not None:
                    X[i, j] = 1.0
        return X


def fit_logreg(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, iters: int = 400) -> tuple:
    """Weighted L2-regularised logistic regression by full-batch Adam (convex; converges)."""
    n, d = X.shape
    y, w = y.astype(np.float32), w.astype(np.float32)
    beta = np.zeros(d, dtype=np.float32)
    b = float(np.log((np.sum(w * y) + 1) / (np.sum(w * (1 - y)) + 1)))
    wn = w / w.sum()
    m = np.zeros(d + 1, dtype=np.float32)
    v = np.zeros(d + 1, dtype=np.float32)
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    for t in range(1, iters + 1):
        z = X @ beta + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        r = wn * (p - y)
        g = np.concatenate([X.T @ r + l2 * beta, [r.sum()]])
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step = lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        beta -= step[:d].astype(np.float32)
        b -= float(step[d])
    return beta, b


@dataclass
class Params:
    l2: float = 3e-3
    min_df: int = 2
    ngrams: bool = True

    def use(self, feats: list[str]) -> list[str]:
        if self.ngrams:
            return feats
        return [f for f in feats if not f.startswith(("w:", "b:", "v:"))]


def train(rows: list[Row], params: Params) -> GateModel:
    rows = [Row(r.group, r.dataset, params.use(r.feats), r.label, r.weight) for r in rows]
    vocab = Vocab(rows, params.min_df)
    X = vocab.matrix(rows)
    y = np.array([r.label for r in rows], dtype=np.float64)
    w = np.array([r.weight for r in rows], dtype=np.float64)
    beta, b = fit_logreg(X, y, w, params.l2)
    weights = {f: round(float(x), 4) for f, x in zip(vocab.names, beta, strict=True) if abs(x) >= 5e-4}
    return GateModel({"weights": weights, "bias": round(b, 4), "feature_version": FEATURE_VERSION})


def predict(model: GateModel, rows: list[Row]) -> np.ndarray:
    return np.array([model.score_features(r.feats) for r in rows])


# ---------------------------------------------------------------- cross-validation and metrics


def fold_of(groups_by_dataset: dict[str, list[str]], k: int, seed: int) -> dict[str, int]:
    """Documents to folds, each dataset spread evenly over the k folds (grouped: a document is whole)."""
    out: dict[str, int] = {}
    rng = random.Random(seed)
    for ds in sorted(groups_by_dataset):
        groups = sorted(set(groups_by_dataset[ds]))
        rng.shuffle(groups)
        for i, g in enumerate(groups):
            out[g] = i % k
    return out


def roc_auc(y: np.ndarray, p: np.ndarray) -> float | None:
    pos, neg = p[y == 1], p[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return None
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    allp = np.concatenate([pos, neg])[order]
    # average ranks for ties
    i = 0
    while i < len(allp):
        j = i
        while j + 1 < len(allp) and allp[j + 1] == allp[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def pr_at(y: np.ndarray, p: np.ndarray, t: float) -> dict:
    keep = p >= t
    tp = int(np.sum(keep & (y == 1)))
    return {
        "threshold": t,
        "precision": round(tp / max(1, int(keep.sum())), 4),
        "recall": round(tp / max(1, int(np.sum(y == 1))), 4),
        "kept": round(float(keep.mean()), 4) if len(keep) else 0.0,
    }


def summary(y: np.ndarray, p: np.ndarray, thresholds: list[float]) -> dict:
    auc = roc_auc(y, p)
    return {
        "n": len(y),
        "positives": int(np.sum(y == 1)),
        "roc_auc": None if auc is None else round(auc, 4),
        "at": [pr_at(y, p, t) for t in thresholds],
    }


def snippet_level(rows: list[Row], p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A snippet is scored by its most event-like candidate sentence."""
    best: dict[str, float] = {}
    label: dict[str, int] = {}
    for r, x in zip(rows, p, strict=True):
        best[r.group] = max(best.get(r.group, 0.0), float(x))
        label[r.group] = r.label
    groups = sorted(best)
    return np.array([label[g] for g in groups]), np.array([best[g] for g in groups])


def cross_validate(rows: list[Row], folds: dict[str, int], k: int, params: Params) -> tuple:
    """Out-of-fold probabilities, and the k fold models (model i never saw fold i)."""
    oof = np.zeros(len(rows))
    models = []
    for i in range(k):
        train_rows = [r for r in rows if folds[r.group] != i]
        test_idx = [j for j, r in enumerate(rows) if folds[r.group] == i]
        model = train(train_rows, params)
        models.append(model)
        if test_idx:
            oof[test_idx] = predict(model, [rows[j] for j in test_idx])
    return oof, models


def evaluate(rows: list[Row], oof: np.ndarray, thresholds: list[float]) -> dict:
    out = {}
    news = [j for j, r in enumerate(rows) if r.dataset == "news"]
    if news:
        out["news_sentences"] = summary(np.array([rows[j].label for j in news]), oof[news], thresholds)
    case = [j for j, r in enumerate(rows) if r.dataset == "case2021"]
    if case:
        ys, ps = snippet_level([rows[j] for j in case], oof[case])
        out["case2021_snippets"] = summary(ys, ps, thresholds)
    return out


def choose_threshold(y: np.ndarray, p: np.ndarray, min_recall: float) -> float:
    """The highest threshold (0.01 steps) whose out-of-fold recall on news sentences stays >= min_recall."""
    best = 0.05
    for t in np.arange(0.02, 0.951, 0.01):
        if pr_at(y, p, float(t))["recall"] >= min_recall:
            best = round(float(t), 2)
    return best


# ---------------------------------------------------------------- simulation on extracted claims


def simulate(
    gold_path: Path,
    pred_path: Path,
    nlp,
    model: GateModel,
    fold_models: list[GateModel] | None,
    folds: dict[str, int],
    threshold: float,
) -> dict[str, list[dict]]:
    """Extractor output with claims whose evidence sentence scores under ``threshold`` dropped, scored
    by the shipped model (in-sample) and by the fold model that never saw the document (out-of-fold)."""
    pub = {str(d["id"]): _published(d) for d in load_jsonl(gold_path)}
    preds = load_jsonl(pred_path)
    sents = [c.get("evidence", {}).get("sentence") or "" for d in preds for c in d.get("claims") or []]
    spans = [doc[:] for doc in nlp.pipe(sents, batch_size=256)]
    out: dict[str, list[dict]] = {"insample": [], "oof": []}
    it = iter(spans)
    for d in preds:
        kept_in, kept_oof = [], []
        for c in d.get("claims") or []:
            feats = sentence_features(next(it), pub.get(str(d["id"])))
            if model.score_features(feats) >= threshold:
                kept_in.append(c)
            fm = fold_models[folds[str(d["id"])]] if fold_models and str(d["id"]) in folds else model
            if fm.score_features(feats) >= threshold:
                kept_oof.append(c)
        out["insample"].append({"id": d["id"], "claims": kept_in})
        out["oof"].append({"id": d["id"], "claims": kept_oof})
    return out


# ---------------------------------------------------------------- fold models for whole-system figures


def write_folds(
    out_dir: Path,
    fold_models: list[GateModel],
    folds: dict[str, int],
    groups: dict[str, list[str]],
    threshold: float,
    params: Params,
) -> None:
    """The k fold models as loadable weight files (``FRONTWATCH_GATE_MODEL=<dir>/fold<i>.json``) and
    ``folds.json``: for each dataset, document id -> the fold it was held out in. Model i never saw a
    document of fold i, so running the extractor on fold i's documents with model i is out-of-fold."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for i, m in enumerate(fold_models):
        data = {
            "_doc": f"Fold {i} model of scripts/train_gate.py: trained without the documents of fold {i}.",
            "feature_version": FEATURE_VERSION,
            "threshold": threshold,
            "bias": m.bias,
            "params": vars(params),
            "fold": i,
            "weights": dict(sorted(m.weights.items())),
        }
        path = out_dir / f"fold{i}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    mapping = {
        ds: {g: folds[g] for g in sorted(set(ids)) if g in folds} for ds, ids in sorted(groups.items())
    }
    (out_dir / "folds.json").write_text(
        json.dumps({"k": len(fold_models), "threshold": threshold, "folds": mapping}) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(fold_models)} fold models and folds.json to {out_dir}", file=sys.stderr)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/eval/dev"))
    ap.add_argument("--out", type=Path, default=Path("src/frontwatch/data/gate.json"))
    ap.add_argument("--report", type=Path, default=None, help="write the CV figures as JSON here")
    ap.add_argument("-k", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--l2", type=float, default=3e-3)
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--no-ngrams", action="store_true", help="interpretable linguistic features only")
    ap.add_argument("--notes-per-file", type=int, default=150)
    ap.add_argument("--notes-weight", type=float, default=0.3)
    ap.add_argument("--case-pos-weight", type=float, default=0.5)
    ap.add_argument("--min-recall", type=float, default=0.9, help="threshold: OOF news-sentence recall kept")
    ap.add_argument("--threshold", type=float, default=None, help="fix the threshold instead of choosing it")
    ap.add_argument("--thresholds", default="0.1,0.2,0.3,0.4,0.5", help="report P/R at these too")
    ap.add_argument("--simulate", action="append", default=[], metavar="NAME=PRED.jsonl")
    ap.add_argument("--simulate-dir", type=Path, default=Path("/tmp/gate_sim"))
    ap.add_argument("--simulate-thresholds", default="", help="simulate at these (default: the chosen one)")
    ap.add_argument("--compare", action="store_true", help="also cross-validate a small grid of settings")
    ap.add_argument(
        "--fold-dir",
        type=Path,
        default=None,
        help="also write the k fold models (fold<i>.json, model i never saw fold i; the shipped threshold) "
        "and folds.json (document id -> fold per dataset) here, for scripts/gate_oof_eval.py",
    )
    args = ap.parse_args(argv)

    from frontwatch.nlp import claim_pipeline

    t0 = time.time()
    nlp = claim_pipeline()
    rows = build_rows(
        args.data,
        nlp,
        notes_per_file=args.notes_per_file,
        notes_weight=args.notes_weight,
        case_pos_weight=args.case_pos_weight,
        seed=args.seed,
    )
    if not rows or len({r.label for r in rows}) < 2:
        print(f"no usable training data under {args.data}", file=sys.stderr)
        return 1
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        counts[r.dataset][r.label] += 1
    print(f"rows: {dict(counts)} (negatives, positives) parsed in {time.time() - t0:.1f}s", file=sys.stderr)

    params = Params(l2=args.l2, min_df=args.min_df, ngrams=not args.no_ngrams)
    thresholds = [float(x) for x in args.thresholds.split(",") if x]
    groups: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        groups[r.dataset].append(r.group)
    for name in ("news", "case2021"):  # every document gets a fold, with or without candidates
        for d in load_jsonl(args.data / f"{name}.jsonl"):
            groups[name].append(str(d["id"]))
    folds = fold_of(groups, args.k, args.seed)

    report: dict = {"params": vars(params), "k": args.k, "seed": args.seed, "rows": dict(counts)}
    if args.compare:
        grid = []
        for ngrams in (False, True):
            for l2 in (1e-3, 3e-3, 1e-2, 3e-2):
                p = Params(l2=l2, min_df=args.min_df, ngrams=ngrams)
                oof, _ = cross_validate(rows, folds, args.k, p)
                ev = evaluate(rows, oof, [])
                grid.append(
                    {
                        "ngrams": ngrams,
                        "l2": l2,
                        **{key: val["roc_auc"] for key, val in ev.items()},
                    }
                )
                print("compare", grid[-1], file=sys.stderr)
        report["compare"] = grid

    oof, fold_models = cross_validate(rows, folds, args.k, params)
    news_idx = [j for j, r in enumerate(rows) if r.dataset == "news"]
    if args.threshold is not None:
        threshold = args.threshold
    elif news_idx:
        threshold = choose_threshold(
            np.array([rows[j].label for j in news_idx]), oof[news_idx], args.min_recall
        )
    else:
        threshold = 0.5
    thresholds = sorted({*thresholds, threshold})
    report["threshold"] = threshold
    report["cv"] = evaluate(rows, oof, thresholds)

    # Leave one dataset out: trained without any news article, tested on the news sentences.
    if news_idx and any(r.dataset != "news" for r in rows):
        lodo = train([r for r in rows if r.dataset != "news"], params)
        news_rows = [rows[j] for j in news_idx]
        report["leave_news_out"] = summary(
            np.array([r.label for r in news_rows]), predict(lodo, news_rows), thresholds
        )

    model = train(rows, params)
    data = {
        "_doc": "Learned event gate (frontwatch/claims/gate.py): logistic-regression weights by feature "
        "name. Trained by scripts/train_gate.py; figures and data in docs/gate.md.",
        "feature_version": FEATURE_VERSION,
        "threshold": threshold,
        "bias": model.bias,
        "params": vars(params),
        "training_rows": dict(counts),
        "cv": {
            key: {
                "roc_auc": val["roc_auc"],
                "at_threshold": next(a for a in val["at"] if a["threshold"] == threshold),
            }
            for key, val in report["cv"].items()
        },
        "weights": dict(sorted(model.weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, {len(model.weights)} weights)",
        file=sys.stderr,
    )

    if args.fold_dir is not None:
        write_folds(args.fold_dir, fold_models, folds, groups, threshold, params)

    sim_thresholds = [float(x) for x in args.simulate_thresholds.split(",") if x] or [threshold]
    for spec in args.simulate:
        name, _, pred = spec.partition("=")
        args.simulate_dir.mkdir(parents=True, exist_ok=True)
        for t in sim_thresholds:
            sim = simulate(args.data / f"{name}.jsonl", Path(pred), nlp, model, fold_models, folds, t)
            for kind, recs in sim.items():
                path = args.simulate_dir / f"{name}.{kind}.{t:g}.jsonl"
                path.write_text(
                    "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8"
                )
                print(f"wrote {path}", file=sys.stderr)

    text = json.dumps(report, indent=1)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
