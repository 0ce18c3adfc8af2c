"""Long single-line texts: no stage may rescan the whole document for every sentence, claim or
toponym (docs/pipeline.md, "Long texts"). These tests count work, they do not time it; speed is
measured with ``scripts/bench_long_text.py``."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

from frontwatch.claims.factuality import sentence_facts
from frontwatch.claims.offsets import starting_in
from frontwatch.geo import Geoparser
from frontwatch.geo import resolve as resolve_mod

# A few sentences written for these tests, each naming a town, repeated into one long line.
SENTENCES = [
    "Artillery hit a depot near Kupiansk on Monday.",
    "Officials in Sumy said two drones were shot down.",
    "A market in Kherson was shelled overnight.",
    "Residents of Izium queued for water after the strike.",
    "Troops advanced towards Pokrovsk, the governor said.",
    "Sirens sounded in Dnipro before dawn.",
]


def long_text(repeats: int) -> str:
    return " ".join(SENTENCES * repeats)


@pytest.fixture(scope="module")
def gp() -> Geoparser:
    return Geoparser()


def test_resolve_distance_work_grows_linearly_with_the_number_of_toponyms(gp, monkeypatch):
    # Each toponym's second pass used to collect every other toponym's confident settlement as an
    # anchor, so distance computations grew with toponyms x toponyms.
    calls = 0
    real = resolve_mod.haversine

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(resolve_mod, "haversine", counting)
    counts = []
    for repeats in (20, 40):
        text = long_text(repeats)
        tops = gp.find(text)
        assert len(tops) >= 4 * repeats
        calls = 0
        gp.resolve(text, tops, published="2023-06-01")
        counts.append(calls)
    assert counts[0] > 0
    assert counts[1] <= 2.2 * counts[0], counts  # twice the text, at most ~twice the work


def test_resolve_anchors_ignore_repeats_of_the_same_places(gp):
    # The same places written once or many times resolve the same way.
    once = long_text(1)
    many = long_text(30)
    a = [(x.resolved_name, x.lat, x.lon, x.confidence) for x in gp.resolve(once, gp.find(once))]
    b = [(x.resolved_name, x.lat, x.lon, x.confidence) for x in gp.resolve(many, gp.find(many))]
    assert b == a * 30


class Counted:
    """An item whose ``start`` reads are counted."""

    reads = 0

    def __init__(self, start: int) -> None:
        self._start = start

    @property
    def start(self) -> int:
        Counted.reads += 1
        return self._start


def test_starting_in_equals_a_scan_in_list_order():
    rnd = random.Random(7)
    for n in (0, 1, 5, 60):
        items = [Counted(rnd.randrange(0, 200)) for _ in range(n)]  # unsorted, with repeats
        for _ in range(50):
            a, b = sorted((rnd.randrange(-5, 210), rnd.randrange(-5, 210)))
            want = [i for i, x in enumerate(items) if a <= x.start < b]
            assert starting_in(items, a, b) == want


def test_starting_in_does_not_rescan_the_list_per_span():
    items = [Counted(k * 10) for k in range(1000)]
    starting_in(items, 0, 10)  # builds the index: one read per item
    Counted.reads = 0
    for k in range(100):
        assert starting_in(items, k * 10, k * 10 + 10) == [k]
    assert Counted.reads == 0


def test_starting_in_reindexes_a_list_that_grew():
    items = [Counted(5)]
    assert starting_in(items, 0, 10) == [0]
    items.append(Counted(7))
    assert starting_in(items, 0, 10) == [0, 1]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    date: object = None
    precision: str = "day"


@pytest.mark.parametrize(
    ("text", "start", "headline"),
    [
        ("Shelling in Kharkiv.", 0, True),
        ("  \u2003\n Shelling in Kharkiv.", 5, True),  # only (any kind of) whitespace before it
        ("Title. Shelling in Kharkiv.", 7, False),
        ("\u200bShelling in Kharkiv.", 1, False),  # a zero-width space is no whitespace to strip()
    ],
)
def test_headline_is_only_whitespace_before_the_sentence(text, start, headline):
    ctx = sentence_facts(start, len(text), text, [], None, [], [])
    assert ctx.headline is headline
    assert ctx.headline is (not text[:start].strip())


def test_document_text_is_hashed_once_for_all_its_claim_ids(monkeypatch):
    from frontwatch.models import Document
    from frontwatch.pipeline import Extractor

    hashes = 0
    real = Document.content_hash

    def counting(self: Document) -> str:
        nonlocal hashes
        hashes += 1
        return real.fget(self)

    monkeypatch.setattr(Document, "content_hash", property(counting))
    text = (
        "Russian forces shelled Kharkiv on Monday, killing two people. "
        "A drone struck a fuel depot in Sumy overnight, the governor said. "
        "Missiles hit the railway station in Kramatorsk on Tuesday."
    )
    rec = Extractor().extract(Document(id="three-strikes", text=text, published="2023-06-01"))
    assert len(rec.claims) >= 2
    assert len({c.claim_id for c in rec.claims}) == len(rec.claims)
    assert hashes == 1
