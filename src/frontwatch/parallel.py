"""Extraction on every core of one machine (docs/scale.md).

``ParallelExtractor`` wraps an ``Extractor`` and gives the same ``extract_many``: claim records
for documents, in input order (or, with ``ordered=False``, as they are done). Documents go to
worker processes in batches; each worker holds one extractor, spaCy and the gazetteer loaded
once. On Linux the workers are forked from the process that already loaded them, so their
memory is shared copy-on-write until touched; elsewhere each worker loads its own.

Only records come back to the calling process, which alone writes output or the store (SQLite
stays safe: one writer). A small input (one batch or less) is extracted in the calling process,
with no workers started. Workers ignore Ctrl-C: the caller stops reading, cancels the batches not
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


def _extract_batch(docs: list[Document], explain: bool) -> list[str]:
    """A worker's task: the batch's records as JSON lines (what ``extract`` prints)."""
    return [r.to_json() for r in _WORKER.extract_many(docs, batch_size=len(docs) or 1, explain=explain)]


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

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            global _WORKER
            methods = multiprocessing.get_all_start_methods()
            if "fork" in methods and self.factory is None:
                _WORKER = self.extractor  # the forked workers inherit it, loaded
                context = multiprocessing.get_context("fork")
            else:
                context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.factory,),
            )
        return self._pool

    def extract_many(self, docs: Iterable[Document], explain: bool = False) -> Iterator[ClaimRecord]:
        it = iter(docs)
        first = list(islice(it, self.batch))
        if self.workers == 1 or len(first) < self.batch:
            yield from self.extractor.extract_many(chain(first, it), explain=explain)
            return
        batches = chain([first], iter(lambda: list(islice(it, self.batch)), []))
        try:
            if self.ordered:
                yield from self._ordered(batches, explain)
            else:
                yield from self._unordered(batches, explain)
        except BaseException:
            self.close(cancel=True)  # Ctrl-C or a failure: the batches not started never run
            raise

    def _ordered(self, batches: Iterator[list[Document]], explain: bool) -> Iterator[ClaimRecord]:
        pool = self._start()
        window: deque[Future[list[str]]] = deque()
        for batch in batches:
            window.append(pool.submit(_extract_batch, batch, explain))
            if len(window) >= 2 * self.workers:
                yield from _records(window.popleft())
        while window:
            yield from _records(window.popleft())

    def _unordered(self, batches: Iterator[list[Document]], explain: bool) -> Iterator[ClaimRecord]:
        pool = self._start()
        running: set[Future[list[str]]] = set()
        for batch in batches:
            running.add(pool.submit(_extract_batch, batch, explain))
            if len(running) >= 2 * self.workers:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield from _records(fut)
        for fut in as_completed(running):
            yield from _records(fut)


def _records(fut: Future[list[str]]) -> Iterator[ClaimRecord]:
    for line in fut.result():
        yield ClaimRecord.model_validate_json(line)
