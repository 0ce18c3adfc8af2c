"""Score claims against gold documents: a faithful port of the project scorer ``score.py``.

The definitions are the scorer's, unchanged (docs/evaluation.md): gold events and predicted
claims of a document are paired greedily by affinity, then every gold field is checked against
its paired claim (a missing claim or field counts as wrong), per dataset. On exhaustive gold
documents (``"exhaustive": true``: every event of the text is listed) a pair must reach
``EXHAUSTIVE_FLOOR`` to count, and the claims there give ``precision`` and ``f1``. ``format_report`` and
``report_json`` print exactly what ``score.py GOLD PRED`` and ``score.py GOLD PRED --json`` print.

Standard library only at scoring time; ``evaluate`` adds the extractor in front.
"""

from __future__ import annotations

import json
import logging
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from os import PathLike
from typing import Any, Protocol

from pydantic import ValidationError

from .models import ClaimRecord, Document

log = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0
#: Per-event fields scored by exact equality with the paired claim's field.
EXACT_FIELDS = ("event_type", "sub_event_type", "date")
#: Accuracy keys of the report, in the order the scorer writes them.
ACCURACY_FIELDS = (
    "event_type",
    "sub_event_type",
    "date",
    "sides",
    "claimant",
    "claimant_side",
    "verification",
    "flags",
)
SCORED_SIDES = ("russia", "ukraine")
#: On exhaustive gold, the least affinity for a claim to be the same event as a gold event:
#: the same event type (2) or a location within 25 km (2 - 25/25 = 1).
EXHAUSTIVE_FLOOR = 1.0
DEFAULT_DATASET = "all"

Point = tuple[float, float]
Event = dict[str, Any]
DatasetReport = dict[str, Any]
Report = dict[str, DatasetReport]
StrPath = str | PathLike[str]


class SupportsExtractMany(Protocol):
    """What ``evaluate`` needs of an extractor (``frontwatch.pipeline.Extractor`` has it)."""

    def extract_many(self, docs: Iterable[Document], batch_size: int = ...) -> Iterator[ClaimRecord]: ...


# --- the scorer's definitions --------------------------------------------------------------------


def km(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance in km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(h)))


def point(loc: object) -> Point | None:
    """A location's (lat, lon), or None where it is not a dict or has no numeric lat/lon."""
    if not isinstance(loc, dict):
        return None
    try:
        return float(loc["lat"]), float(loc["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def sides(claim: Event) -> list[str]:
    """The sorted set of russia/ukraine sides among a claim's actors (other sides are not scored)."""
    actors = claim.get("actors") or []
    return sorted({a.get("side") for a in actors if isinstance(a, dict) and a.get("side") in SCORED_SIDES})


def affinity(gold: Event, pred: Event) -> float:
    """How well a claim fits a gold event: type 2, sub-type 1, location up to 2 (0 at 50 km), date 0.5."""
    s = 0.0
    if gold.get("event_type") and gold["event_type"] == pred.get("event_type"):
        s += 2
    if gold.get("sub_event_type") and gold["sub_event_type"] == pred.get("sub_event_type"):
        s += 1
    gp, pp = point(gold.get("location")), point(pred.get("location"))
    if gp and pp:
        s += max(0.0, 2 - km(gp, pp) / 25)
    if gold.get("date") and gold["date"] == pred.get("date"):
        s += 0.5
    return s


def match(gold: list[Event], pred: list[Event], floor: float | None = None) -> dict[int, Event]:
    """Greedy one-to-one pairing, best affinity first (ties: higher gold, then claim, index first).

    Returns gold index -> paired claim. Without a ``floor`` every gold event is paired while
    claims remain, even at affinity 0: recall counts gold events that got *some* claim. With a
    floor (``EXHAUSTIVE_FLOOR`` on exhaustive gold) pairs below it are never made, so a gold
    event is left unpaired rather than given a claim about something else.
    """
    pairs = sorted(
        ((affinity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, Event] = {}
    for a, i, j in pairs:
        if floor is not None and a < floor:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out[i] = pred[j]
    return out


# --- tallying ------------------------------------------------------------------------------------


def _tally_event(t: Counter[str], errors: list[float], g: Event, p: Event | None) -> None:
    """Count one gold event against its paired claim ``p`` (None when unmatched)."""
    t["found"] += p is not None
    for field in EXACT_FIELDS:
        if g.get(field):
            t[field + "_n"] += 1
            t[field + "_ok"] += bool(p and p.get(field) == g[field])
    gp = point(g.get("location"))
    if gp:
        t["loc_n"] += 1
        pp = point(p.get("location")) if p else None
        if pp:
            d = km(gp, pp)
            errors.append(d)
            t["loc_10"] += d <= 10
            t["loc_25"] += d <= 25
    if g.get("actor_sides"):
        t["sides_n"] += 1
        t["sides_ok"] += bool(p and sides(p) == sorted(g["actor_sides"]))
    if g.get("claimant"):
        t["claimant_n"] += 1
        name = ((p or {}).get("claimant") or {}).get("name") or ""
        t["claimant_ok"] += g["claimant"].split()[-1].lower() in name.lower()
    if g.get("claimant_side"):
        t["claimant_side_n"] += 1
        t["claimant_side_ok"] += bool(p and ((p.get("claimant") or {}).get("side") == g["claimant_side"]))
    if g.get("verification"):
        t["verification_n"] += 1
        t["verification_ok"] += bool(p and p.get("verification") == g["verification"])
    for flag in g.get("flags") or []:
        t["flags_n"] += 1
        t["flags_ok"] += bool(p and flag in (p.get("flags") or []))


def _tally_doc(t: Counter[str], errors: list[float], doc: Mapping[str, Any], pred: list[Event]) -> None:
    """Count one gold document: a negative document (no events) only counts false alarms.

    On an exhaustive document every claim counts in ``exhaustive_claims`` (on a negative one too:
    they are all false), and each claim paired at ``EXHAUSTIVE_FLOOR`` or better in ``true_claims``.
    """
    gold = doc.get("events") or []
    t["docs"] += 1
    exhaustive = bool(doc.get("exhaustive"))
    if exhaustive:
        t["exhaustive_claims"] += len(pred)
    if not gold:
        t["negative_docs"] += 1
        t["false_alarms"] += bool(pred)
        return
    t["gold_events"] += len(gold)
    t["predicted_claims"] += len(pred)
    paired = match(gold, pred, floor=EXHAUSTIVE_FLOOR if exhaustive else None)
    if exhaustive:
        t["true_claims"] += len(paired)
    for i, g in enumerate(gold):
        _tally_event(t, errors, g, paired.get(i))


def _dataset_report(t: Counter[str], errors: list[float]) -> DatasetReport:
    """One dataset's line of the report: keys, order and rounding as the scorer writes them."""
    r: DatasetReport = {"docs": int(t["docs"])}
    if t["gold_events"]:
        r["recall"] = round(t["found"] / t["gold_events"], 4)
        r["claims_per_gold_event"] = round(t["predicted_claims"] / t["gold_events"], 3)
    for field in ACCURACY_FIELDS:
        if t[field + "_n"]:
            r[field] = round(t[field + "_ok"] / t[field + "_n"], 4)
    if t["loc_n"]:
        r["loc_acc10"] = round(t["loc_10"] / t["loc_n"], 4)
        r["loc_acc25"] = round(t["loc_25"] / t["loc_n"], 4)
        r["loc_median_km"] = round(statistics.median(errors), 2) if errors else None
    if t["negative_docs"]:
        r["false_alarm_rate"] = round(t["false_alarms"] / t["negative_docs"], 4)
    if t["exhaustive_claims"] or t["true_claims"]:
        # f1 combines the unrounded precision with the *rounded* recall, as the scorer does.
        precision = t["true_claims"] / t["exhaustive_claims"] if t["exhaustive_claims"] else 0.0
        r["precision"] = round(precision, 4)
        recall = r.get("recall", 0.0)
        r["f1"] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return r


def score_records(gold_docs: Iterable[Mapping[str, Any]], predictions: Mapping[str, list[Event]]) -> Report:
    """Score gold documents (dicts with ``id``, ``events``, optional ``dataset`` and ``exhaustive``)
    against claims by id.

    ``predictions`` maps a document id to its claims (dicts as ``frontwatch extract`` writes them);
    a document missing from it counts as no claims. Returns dataset -> metrics, datasets sorted.
    """
    tallies: defaultdict[str, Counter[str]] = defaultdict(Counter)
    errors: defaultdict[str, list[float]] = defaultdict(list)
    for doc in gold_docs:
        dataset = doc.get("dataset", DEFAULT_DATASET)
        pred = [c for c in predictions.get(str(doc["id"]), []) if isinstance(c, dict)]
        _tally_doc(tallies[dataset], errors[dataset], doc, pred)
    return {name: _dataset_report(t, errors[name]) for name, t in sorted(tallies.items())}


# --- files and printing --------------------------------------------------------------------------


def iter_jsonl(path: StrPath) -> Iterator[Any]:
    """The JSON value of every non-blank line (lines split as a text file splits them)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def predictions_by_id(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Event]]:
    """Claim record dicts -> id -> claims (dict claims only; a later line for an id wins)."""
    return {str(d["id"]): [c for c in d.get("claims") or [] if isinstance(c, dict)] for d in records}


def load_predictions(path: StrPath) -> dict[str, list[Event]]:
    """Read ``frontwatch extract`` output (one ``{"id", "claims"}`` per line) into id -> claims."""
    return predictions_by_id(iter_jsonl(path))


def score_files(gold_path: StrPath, pred_path: StrPath) -> Report:
    """``score.py GOLD PRED``: score a gold JSONL file against a claim-record JSONL file."""
    predictions = load_predictions(pred_path)
    return score_records(iter_jsonl(gold_path), predictions)


def format_report(report: Report) -> str:
    """The scorer's text output: one ``dataset: key=value, key=value`` line per dataset."""
    return "\n".join(name + ": " + ", ".join(f"{k}={v}" for k, v in r.items()) for name, r in report.items())


def report_json(report: Report) -> str:
    """The scorer's ``--json`` output (without the trailing newline ``print`` adds)."""
    return json.dumps(report, indent=1)


# --- scoring the extractor -----------------------------------------------------------------------


def _gold_documents(gold: list[dict[str, Any]], gold_path: StrPath) -> list[Document]:
    """The gold lines that are valid input documents; the others are scored as getting no claims."""
    docs: list[Document] = []
    bad: list[str] = []
    for line in gold:
        try:
            docs.append(Document.model_validate(line))
        except ValidationError as exc:
            bad.append(f"{line.get('id')!r}: {exc.errors()[0]['msg']}")
    if bad:
        log.warning(
            "%s: %d gold document(s) are not valid input and get no claims (first: %s)",
            gold_path,
            len(bad),
            bad[0],
        )
    return docs


def evaluate(
    gold_path: StrPath, extractor: SupportsExtractMany, *, batch_size: int = 64
) -> tuple[Report, list[ClaimRecord]]:
    """Run ``extractor`` over the gold documents and score its claims; returns (report, records).

    The gold file is input documents plus ``dataset`` and ``events`` (FORMAT.md). Claims are
    scored as ``frontwatch extract`` would write them, so the report equals
    ``score_files(gold_path, <extract output>)``.
    """
    gold = list(iter_jsonl(gold_path))
    records = list(extractor.extract_many(_gold_documents(gold, gold_path), batch_size=batch_size))
    predictions = predictions_by_id(r.model_dump(mode="json") for r in records)
    return score_records(gold, predictions), records
