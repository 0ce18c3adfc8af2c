#!/usr/bin/env python3
"""Whole-system figures for the learned gate: the full extractor run with the gate off, with the
out-of-fold gate, and with the shipped (in-sample) gate, on the dev files the gate was trained on.

usage:
    .venv/bin/python scripts/train_gate.py --data ../shared/eval/dev --out src/frontwatch/data/gate.json \\
        --fold-dir /tmp/gate_folds
    .venv/bin/python scripts/gate_oof_eval.py --data ../shared/eval/dev --folds /tmp/gate_folds \\
        --out-dir /tmp/gate_eval [--datasets news,case2021] [--configs off,oof,shipped]
    python3 ../shared/eval/score.py ../shared/eval/dev/news.jsonl /tmp/gate_eval/news.oof.jsonl

Out-of-fold: for each fold i, the documents held out in fold i (``folds.json`` written by
``train_gate.py --fold-dir``) go through ``frontwatch.pipeline.Extractor`` with
``FRONTWATCH_GATE_MODEL`` pointing at ``fold<i>.json``, the model that never saw them; the records are
written back in input order. ``off`` runs the rules alone (``FRONTWATCH_GATE_MODEL=off``), ``shipped``
the weights in ``frontwatch/data/gate.json`` (trained on these very documents: optimistic). All runs
share one process, so they see the same code and lexicons. With ``--score``, each output is scored by
the evaluation's ``score.py`` and a summary printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from frontwatch.claims import gate
from frontwatch.ingest import InputProblem, read_documents
from frontwatch.models import Document

CONFIGS = ("off", "oof", "shipped")
FIELDS = (
    "precision",
    "recall",
    "f1",
    "false_alarm_rate",
    "claimant",
    "claimant_side",
    "loc_acc25",
    "sub_event_type",
)


def use_gate(value: str | None) -> None:
    """Point the claims stage at another gate model (None: the shipped one) for the next documents."""
    if value is None:
        os.environ.pop(gate.MODEL_ENV, None)
    else:
        os.environ[gate.MODEL_ENV] = value
    gate.load_model.cache_clear()


def documents(path: Path) -> list[Document]:
    docs = []
    for item in read_documents([path]):
        if isinstance(item, InputProblem):
            raise SystemExit(f"{path}: {item}")
        docs.append(item)
    return docs


def run(extractor, docs: list[Document]) -> dict[str, str]:
    return {r.id: r.to_json() for r in extractor.extract_many(docs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/eval/dev"))
    ap.add_argument("--folds", type=Path, default=Path("/tmp/gate_folds"), help="train_gate.py --fold-dir")
    ap.add_argument("--out-dir", type=Path, default=Path("/tmp/gate_eval"))
    ap.add_argument("--datasets", default="news,case2021")
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--score", type=Path, default=None, help="the evaluation's score.py: score every output")
    args = ap.parse_args(argv)

    from frontwatch.pipeline import Extractor

    meta = json.loads((args.folds / "folds.json").read_text(encoding="utf-8"))
    configs = [c for c in args.configs.split(",") if c]
    if unknown := set(configs) - set(CONFIGS):
        raise SystemExit(f"unknown configs: {sorted(unknown)}")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    extractor = Extractor()
    outputs: list[tuple[str, str, Path]] = []
    for name in [d for d in args.datasets.split(",") if d]:
        docs = documents(args.data / f"{name}.jsonl")
        for config in configs:
            t0 = time.time()
            if config == "oof":
                fold_of = meta["folds"].get(name, {})
                missing = [d.id for d in docs if d.id not in fold_of]
                if missing:  # a document no fold held out has no honest prediction
                    raise SystemExit(f"{name}: {len(missing)} documents without a fold, e.g. {missing[:3]}")
                records: dict[str, str] = {}
                for i in range(meta["k"]):
                    use_gate(str(args.folds / f"fold{i}.json"))
                    records.update(run(extractor, [d for d in docs if fold_of[d.id] == i]))
            else:
                use_gate("off" if config == "off" else None)
                records = run(extractor, docs)
            path = args.out_dir / f"{name}.{config}.jsonl"
            path.write_text("".join(records[d.id] + "\n" for d in docs), encoding="utf-8")
            outputs.append((name, config, path))
            print(f"wrote {path} ({len(docs)} documents, {time.time() - t0:.0f}s)", file=sys.stderr)
    use_gate(None)

    if args.score:
        summary = {}
        for name, config, path in outputs:
            out = subprocess.run(
                [sys.executable, str(args.score), str(args.data / f"{name}.jsonl"), str(path), "--json"],
                check=True,
                capture_output=True,
                text=True,
            )
            summary[f"{name}.{config}"] = json.loads(out.stdout)
        (args.out_dir / "scores.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        for key, report in summary.items():
            print(key, json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
