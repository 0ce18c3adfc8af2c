"""Extraction on every core of one machine (docs/scale.md).

``ParallelExtractor`` wraps an ``Extractor`` and gives the same ``extract_many``: claim records
for documents, in input order (or, with ``ordered=False``, as they are done). Documents go to
worker processes in batches; each worker holds one extractor, spaCy and the gazetteer loaded
once. On Linux the workers are forked from the process that already loaded them (and read a
few short reports, so what loads on first use is loaded too), so their memory is shared
copy-on-write until touched; elsewhere each worker loads its own, with the same control maps.

Only records come back to the calling process, which alone writes output or the store (SQLite
stays safe: one writer). A small input (one batch or less) is extracted in the calling process,
with no workers started. The language a worker identifies is set on the caller's documents. Workers ignore Ctrl-C: the caller stops reading, cancels the batches not
started and leaves nothing half-written (``extract`` writes whole lines; ``ingest`` commits
whole batches).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from functools import partial
from itertools import chain, islice
from typing import Any

from .models import ClaimRecord, Document

#: Documents per task sent to a worker: large enough to batch spaCy's work, small enough to
#: keep every worker busy near the end of the input.
BATCH = 16

_WORKER: Any = None  # the extractor of a worker process (inherited when forked)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _init_worker(factory: Callable[[], Any] | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller handles Ctrl-C
    global _WORKER
    if _WORKER is None and factory is not None:
        _WORKER = factory()


def _extract_batch(docs: list[Document], explain: bool) -> list[tuple[str | None, str]]:
    """A worker's task: each document's language (identified in the worker) and its record as
    a JSON line (what ``extract`` prints)."""
    records = _WORKER.extract_many(docs, batch_size=len(docs) or 1, explain=explain)
    return [(doc.language, r.to_json()) for doc, r in zip(docs, records, strict=True)]


def _rebuild(model: str | None, control: Any) -> Any:
    """A worker's extractor where workers cannot be forked: loaded anew, with the same maps."""
    from .pipeline import Extractor

    extractor = Extractor(model)
    extractor.use_control(control)
    return extractor


#: Read once by the calling process before it forks, so the workers inherit what loads on first
#: use (the language model, the gazetteer's indexes, the Russian and Ukrainian dictionaries).
WARM_UP = (
    "Russian forces shelled Kharkiv on Monday, the governor said.",
    "Российские войска обстреляли Харьков, сообщил губернатор.",
    "Російські війська обстріляли Харків, повідомив губернатор.",
)


class ParallelExtractor:
    """``Extractor.extract_many`` on ``workers`` processes. Use as a context manager (or call
    ``close``) so the workers stop when the work is done."""

    def __init__(
        self,
        extractor: Any,
        workers: int | None = None,
        *,
        ordered: bool = True,
        batch: int = BATCH,
        factory: Callable[[], Any] | None = None,
    ) -> None:
        """``factory`` builds a worker's extractor where workers cannot be forked (it must be
        picklable); by default they inherit ``extractor``."""
        self.extractor = extractor
        self.workers = max(1, workers or default_workers())
        self.ordered = ordered
        self.batch = max(1, batch)
        self.factory = factory
        self._pool: ProcessPoolExecutor | None = None
        self._fork = "fork" in multiprocessing.get_all_start_methods() and factory is None

    @property
    def version(self) -> str:
        return self.extractor.version

    def __enter__(self) -> ParallelExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=not cancel, cancel_futures=True)
            self._pool = None

    def start(self) -> None:
        """Start the workers now (otherwise on the first batch that needs them) and have each
        read a short report, so a timed run does not count their start (``bench --workers``)."""
        if self.workers > 1:
            pool = self._start()
            warm = [[Document(id=f"warm-{i}", text=WARM_UP[0])] for i in range(self.workers)]
            list(pool.map(_extract_batch, warm, [False] * self.workers))

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            global _WORKER
            factory = self.factory
            if self._fork:
                warm = [Document(id=f"warm-up-{i}", text=t) for i, t in enumerate(WARM_UP)]
                list(self.extractor.extract_many(warm))
                _WORKER = self.extractor  # the forked workers inherit it, loaded and warm
                context = multiprocessing.get_context("fork")
            else:
                context = multiprocessing.get_context("spawn")
                factory = factory or partial(
                    _rebuild, getattr(self.extractor, "model", None), self.extractor.control
                )
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(factory,),
            )
        return self._pool

    def extract_many(self, docs: Iterable[Document], explain: bool = False) -> Iterator[ClaimRecord]:
        """The documents' claim records (in input order unless ``ordered=False``)."""
        return (record for _, record in self.pairs(docs, explain))

    def pairs(
        self, docs: Iterable[Document], explain: bool = False
    ) -> Iterator[tuple[Document, ClaimRecord]]:
        """Each document with its record: with ``ordered=False`` the caller cannot tell them
        apart by position (and ids may repeat)."""
        it = iter(docs)
        first = list(islice(it, self.batch + 1))
        if self.workers == 1 or len(first) <= self.batch:  # one batch or less: no workers
            read: deque[Document] = deque()

            def remembered() -> Iterator[Document]:
                for doc in chain(first, it):
                    read.append(doc)
                    yield doc

            for record in self.extractor.extract_many(remembered(), explain=explain):
                yield read.popleft(), record
            return
        rest = chain(first, it)
        batches = iter(lambda: list(islice(rest, self.batch)), [])
        try:
            if self.ordered:
                yield from self._ordered(batches, explain)
            else:
                yield from self._unordered(batches, explain)
        except BaseException:
            self.close(cancel=True)  # Ctrl-C or a failure: the batches not started never run
            raise

    def _ordered(
        self, batches: Iterator[list[Document]], explain: bool
    ) -> Iterator[tuple[Document, ClaimRecord]]:
        pool = self._start()
        window: deque[tuple[Future[Any], list[Document]]] = deque()
        for batch in batches:
            window.append((pool.submit(_extract_batch, batch, explain), batch))
            if len(window) >= 2 * self.workers:
                yield from _records(*window.popleft())
        while window:
            yield from _records(*window.popleft())

    def _unordered(
        self, batches: Iterator[list[Document]], explain: bool
    ) -> Iterator[tuple[Document, ClaimRecord]]:
        pool = self._start()
        running: dict[Future[Any], list[Document]] = {}
        for batch in batches:
            running[pool.submit(_extract_batch, batch, explain)] = batch
            if len(running) >= 2 * self.workers:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield from _records(fut, running.pop(fut))
        for fut in as_completed(list(running)):
            yield from _records(fut, running.pop(fut))


def _records(fut: Future[Any], batch: list[Document]) -> Iterator[tuple[Document, ClaimRecord]]:
    """A batch's documents and records; the documents get the language the worker found
    (``ingest`` stores it)."""
    for doc, (language, line) in zip(batch, fut.result(), strict=True):
        doc.language = doc.language or language
        yield doc, ClaimRecord.model_validate_json(line)
