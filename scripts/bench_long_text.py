"""Time the extraction of one long single-line document at several sizes (docs/pipeline.md,
"Long texts"). Speed is measured here, not in timed tests.

    .venv/bin/python scripts/bench_long_text.py 100 200 400 1000     # sizes in KB

The text is made of sentences written for this benchmark (no corpus text), each naming a town,
varied by a seeded generator and joined with spaces into one line, like a scraped page with no
paragraph breaks. Extraction time should grow linearly with the size.
"""

from __future__ import annotations

import random
import resource
import sys
import time

from frontwatch.models import Document
from frontwatch.pipeline import Extractor

PLACES = ["Kharkiv", "Kherson", "Bakhmut", "Avdiivka", "Zaporizhzhia", "Odesa", "Mykolaiv", "Sumy",
          "Pokrovsk", "Kupiansk", "Izium", "Donetsk", "Luhansk", "Dnipro", "Kramatorsk", "Sloviansk",
          "Chernihiv", "Lyman", "Vuhledar", "Marinka"]  # fmt: skip
ACTORS = ["Russian forces", "Ukrainian troops", "the army", "separatist fighters", "drone units"]
VERBS = ["shelled", "struck", "attacked", "bombed", "hit with missiles"]
OBJECTS = ["a school", "the railway station", "a residential block", "a power plant", "a market"]
WHEN = ["on Monday", "on Tuesday", "on 3 March", "overnight", "early on Friday", "on 12 May 2023"]
FILLER = [
    "Officials said the situation remained tense in {p}.",
    "Residents of {p} queued for water.",
    "The governor of the region around {p} urged calm.",
    "Prices rose again in {p} markets.",
    "Schools in {p} moved lessons online.",
    "Dr. Ivanenko, a doctor in {p}, described long shifts.",
    "Mr. Petrenko said the U.S. aid had arrived in {p}.",
]


def sentences(n: int = 600, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        p = PLACES[i % len(PLACES)]
        if i % 3 == 0:
            out.append(rnd.choice(FILLER).format(p=p))
        else:
            out.append(
                f"{rnd.choice(ACTORS).capitalize()} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)} in {p} "
                f"{rnd.choice(WHEN)}, killing {i % 9 + 1} people, the regional governor said."
            )
    return out


def long_text(nbytes: int) -> str:
    base = sentences()
    parts: list[str] = []
    size = 0
    while size < nbytes:
        s = base[len(parts) % len(base)]
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)[:nbytes]


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [100, 200, 400]
    ex = Extractor()
    ex.extract(Document(id="warm-up", text="Russian forces shelled Kharkiv on Monday."))
    for kb in sizes:
        doc = Document(id=f"long-{kb}", text=long_text(kb * 1000), published="2023-06-01")
        t0 = time.perf_counter()
        rec = ex.extract(doc)
        secs = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{kb:>6} KB  {secs:8.1f} s  {kb / secs:7.1f} KB/s  {len(rec.claims):>5} claims  peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
