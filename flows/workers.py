"""Worker processes for the CPU-bound stages: models loaded once, a dead worker replaced.

Each worker is a lane: one process of its own (a one-process executor), fed parts of the work
from one shared queue, so a free worker takes the next part at once. A lane knows exactly what
it was running when its process died, which no shared pool does: that part is retried article by
article, and an article that kills its lane again, alone in it, is the one at fault and comes
back as a failure instead of being retried forever.

Processes start with forkserver, never fork: the flow process runs threads (Prefect, the event
loop) and forking a threaded process can deadlock. Each one ends with the process that started
the run, however that one ends (`flows.lifeline`).

With a Dask scheduler's address for `workers` (`tcp://host:8786`), the lanes are the threads of
a Dask cluster instead (`flows.dask_pool`): the same queue, order and failure rules, with the
cluster's nannies replacing dead workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import itertools
import logging
import multiprocessing
import os
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from flows import lifeline
from pipelines.articles import ArticleJob, ProcessedArticle, process_articles, warm_up, worker_died
from pipelines.enrich import EnrichJob, Enrichment, ToneMode, enrich_batch
from pipelines.extract import ExtractionResult, ExtractJob, extract_batch
from pipelines.records import Watchlist
from pipelines.topics import Topic

MIN_PART = 10  # articles; see WorkerPool.part_size
# The last part of a run keeps one lane busy while the others may have nothing left: parts of
# 13 articles instead of 25 (batches of 100, 2 lanes) took the real-page ingest from 86 to 91 %
# of its stage-bound limit, at the same CPU per article (bench/pipeline.py --pages).
PARTS_PER_LANE = 4
T = TypeVar("T")
R = TypeVar("R")
logger = logging.getLogger(__name__)


class WorkerPoolError(RuntimeError):
    """The workers cannot be had at all (no scheduler, no worker): the run fails, no article is
    blamed."""


class Lanes(Protocol):
    """Where a pool's parts run: a number of lanes, each running one part at a time."""

    died: tuple[type[BaseException], ...]  # what a part raises when its worker died with it
    restarts: int  # worker processes that died with a part of ours

    async def open(self) -> int:
        """Start (or connect to) the workers; returns how many lanes there are."""
        ...

    async def run(
        self, lane: int, fn: Callable[..., list[R]], items: Sequence[T], args: tuple[Any, ...]
    ) -> list[R]: ...

    def lost(self, lane: int) -> None:
        """The lane's worker died with a part (`died` was raised): make it usable again."""
        ...

    def warm(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> list[Awaitable[None]]:
        """fn(*args) once in every worker now, and in every worker that replaces one."""
        ...

    async def close(self) -> None: ...


@dataclass(order=True)
class _Work(Generic[T, R]):
    """Items for one call of fn in a worker; its future gets one result per item."""

    priority: tuple[int, int]  # retries first, then in order of submission
    fn: Callable[..., list[R]] = field(compare=False)
    items: Sequence[T] = field(compare=False)
    args: tuple[Any, ...] = field(compare=False)
    on_failure: Callable[[T, BaseException], R] = field(compare=False)
    future: asyncio.Future[list[R]] = field(compare=False)
    deaths: int = field(default=0, compare=False)  # worker deaths with exactly these items


class WorkerPool:
    """`workers` lanes (a number: local processes; a Dask scheduler address: the cluster's
    threads); a call splits its items into `split` parts (default: one per lane): the larger
    the part, the better spaCy and the tone model batch (+5-10 % CPU per article in parts of 4
    articles). Callers keep the next call queued behind the current one (the ingest overlaps
    batches), so that the lane which finishes first does not wait for the other."""

    def __init__(self, workers: int | str, split: int | None = None) -> None:
        self.backend = _lanes_for(workers)
        self.workers = max(1, workers) if isinstance(workers, int) else 0  # lanes, once open
        self._split = split
        self.split = max(1, split or self.workers)
        self._queue: asyncio.PriorityQueue[_Work[Any, Any]] = asyncio.PriorityQueue()
        self._order = itertools.count()
        self._lanes: list[asyncio.Task[None]] = []

    @property
    def restarts(self) -> int:
        """Worker processes that died with a part of this pool's work (and were replaced)."""
        return self.backend.restarts

    async def __aenter__(self) -> WorkerPool:
        self.workers = await self.backend.open()
        self.split = max(1, self._split or self.workers)
        self._lanes = [asyncio.ensure_future(self._lane(i)) for i in range(self.workers)]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for lane in self._lanes:
            lane.cancel()
        await asyncio.gather(*self._lanes, return_exceptions=True)
        await self.backend.close()

    def warm_up(self, watchlist: Watchlist) -> list[Awaitable[None]]:
        """Start every worker loading its models now (say, while pages download), ahead of any
        work; a replaced worker loads them again before its next part."""
        return self.backend.warm(warm_up, (watchlist,))

    def part_size(self, items: int, last: bool = False) -> int:
        """Articles per part for a caller that splits its work itself: PARTS_PER_LANE parts per
        lane, so that a lane which finishes early takes another instead of idling, but no part
        under MIN_PART articles (spaCy and the tone model batch less well below that). The
        `last` items of a run go in parts half that size: the lanes then finish closer
        together."""
        parts, least = (2 * PARTS_PER_LANE, MIN_PART // 2) if last else (PARTS_PER_LANE, MIN_PART)
        per_lane = -(-items // (parts * max(1, self.workers)))
        return max(1, min(items, max(least, per_lane)))

    async def map_split(
        self,
        fn: Callable[..., list[R]],
        items: Sequence[T],
        *args: Any,
        on_failure: Callable[[T, BaseException], R],
        split: int | None = None,
    ) -> list[R]:
        """fn(part, *args) on consecutive parts of items (`split` of them, default the pool's
        own), in the workers; results in order. An item that fails on its own (raises, or kills
        its worker twice) gets on_failure."""
        if not items:
            return []
        size = -(-len(items) // (split or self.split))
        parts = [items[i : i + size] for i in range(0, len(items), size)]
        done = await asyncio.gather(*(self._submit(fn, p, args, on_failure) for p in parts))
        return [result for part in done for result in part]

    def _submit(
        self,
        fn: Callable[..., list[R]],
        items: Sequence[T],
        args: tuple[Any, ...],
        on_failure: Callable[[T, BaseException], R],
        *,
        deaths: int = 0,
        retry: bool = False,
    ) -> asyncio.Future[list[R]]:
        future: asyncio.Future[list[R]] = asyncio.get_running_loop().create_future()
        priority = (0 if retry else 1, next(self._order))
        self._queue.put_nowait(_Work(priority, fn, items, args, on_failure, future, deaths))
        return future

    async def _lane(self, index: int) -> None:
        while True:
            work = await self._queue.get()
            if work.future.done():  # its caller gave up (a cancelled run)
                continue
            try:
                await self._run(index, work)
            except Exception as exc:  # the lane itself failed (no process could start, say)
                if not work.future.done():
                    work.future.set_exception(exc)

    async def _run(self, index: int, work: _Work[Any, Any]) -> None:
        try:
            result = await self.backend.run(index, work.fn, work.items, work.args)
        except WorkerPoolError:
            raise
        except self.backend.died as exc:
            self.backend.lost(index)
            self._retry(work, exc, died=True)
        except Exception as exc:  # raised outside the stages' own isolation
            self._retry(work, exc, died=False)
        else:
            if not work.future.done():
                work.future.set_result(result)

    def _retry(self, work: _Work[T, R], exc: BaseException, *, died: bool) -> None:
        """Items that failed together are retried one by one; one that fails alone is done:
        after an exception at once, after a worker death the second time."""
        if work.future.done():
            return
        if len(work.items) == 1 and (not died or work.deaths >= 1):
            work.future.set_result([work.on_failure(work.items[0], exc)])
            return
        deaths = work.deaths + 1 if died else work.deaths
        singles = [
            self._submit(work.fn, [item], work.args, work.on_failure, deaths=deaths, retry=True)
            for item in work.items
        ]
        gathered = asyncio.gather(*singles)
        gathered.add_done_callback(lambda g: _settle(work.future, g))

    async def process(
        self,
        jobs: Sequence[ArticleJob],
        watchlist: Watchlist,
        tone: str,
        topics: Sequence[Topic],
        split: int | None = None,
    ) -> list[ProcessedArticle]:
        return await self.map_split(
            process_articles, jobs, watchlist, tone, topics, on_failure=worker_died, split=split
        )

    async def enrich(
        self, jobs: Sequence[EnrichJob], watchlist: Watchlist, tone: str, topics: Sequence[Topic]
    ) -> list[Enrichment]:
        def failed(job: EnrichJob, exc: BaseException) -> Enrichment:
            return Enrichment.failed(job.article_id, exc)

        return await self.map_split(_enrich, jobs, watchlist, tone, topics, on_failure=failed)

    async def extract(self, jobs: Sequence[ExtractJob]) -> list[ExtractionResult | None]:
        """Extraction results in order; None for a job whose extraction failed."""
        return await self.map_split(extract_batch, jobs, on_failure=lambda job, exc: None)


def _lanes_for(workers: int | str) -> Lanes:
    """Local worker processes for a number, the Dask cluster for a scheduler address."""
    if isinstance(workers, str):
        from flows.dask_pool import DaskLanes  # dask is imported only when it is used

        return DaskLanes(workers)
    return ProcessLanes(max(1, workers))


class ProcessLanes:
    """One single-process executor per lane, forked from a fork server that holds the models."""

    died = (BrokenProcessPool,)

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.restarts = 0
        self._executors: list[ProcessPoolExecutor] = []
        self._warm: tuple[Callable[..., Any], tuple[Any, ...]] | None = None

    async def open(self) -> int:
        self._executors = [self._new_executor() for _ in range(self.workers)]
        return self.workers

    async def close(self) -> None:
        for executor in self._executors:
            executor.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _new_executor() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=1,
            mp_context=_fork_server(),
            initializer=lifeline.hold,
            initargs=(os.getpid(),),
        )

    async def run(
        self, lane: int, fn: Callable[..., list[R]], items: Sequence[T], args: tuple[Any, ...]
    ) -> list[R]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executors[lane], _then_trim, fn, items, *args)

    def warm(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> list[Awaitable[None]]:
        self._warm = (fn, args)
        loop = asyncio.get_running_loop()
        return [
            asyncio.ensure_future(_unless_died(loop.run_in_executor(e, fn, *args)))
            for e in self._executors
        ]

    def lost(self, lane: int) -> None:
        """A new process for a lane whose process died; it loads its models first."""
        self.restarts += 1
        logger.warning("a worker process died; starting a new one")
        self._executors[lane].shutdown(wait=False, cancel_futures=True)
        self._executors[lane] = self._new_executor()
        if self._warm is not None:
            fn, args = self._warm
            self._executors[lane].submit(fn, *args)


def _then_trim(fn: Callable[..., list[R]], items: Sequence[T], *args: Any) -> list[R]:
    """fn(items, *args) in a worker process, then its freed memory handed back to the system:
    glibc keeps what NER's activations took at their peak, so each idle worker would hold its
    largest part's memory until the run ends."""
    try:
        return fn(items, *args)
    finally:
        _malloc_trim()(0)


@functools.cache
def _malloc_trim() -> Callable[[int], Any]:
    """glibc's malloc_trim, or a no-op where there is none."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return lambda pad: 0


def _fork_server() -> multiprocessing.context.ForkServerContext:
    """The context local workers start from: a fork server that loads the shared models once
    (`pipelines.preload`; setting it has no effect once the server runs)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipelines.preload"])
    return context


def start_early(workers: int | str) -> None:
    """With local workers, start their fork server now: it loads the shared models (~3 s of
    CPU) while the caller goes on, say while Prefect's server starts, instead of when the first
    batch is ready. It ends with this process, as it would when started later."""
    if isinstance(workers, int):
        from multiprocessing import forkserver

        _fork_server()
        forkserver.ensure_running()


def _enrich(
    jobs: Sequence[EnrichJob], watchlist: Watchlist, tone: str, topics: Sequence[Topic]
) -> list[Enrichment]:
    """enrich_batch with every argument by position, as a worker call carries them."""
    return enrich_batch(jobs, watchlist, ToneMode(tone), topics=topics)


async def _unless_died(warming: Awaitable[Any]) -> None:
    """A warm-up whose process died is no error: its lane starts a new one and warms it."""
    with contextlib.suppress(BrokenProcessPool):
        await warming


def _settle(future: asyncio.Future[list[R]], gathered: asyncio.Future[list[list[R]]]) -> None:
    if future.done():
        return
    if gathered.cancelled():
        future.cancel()
    elif (exc := gathered.exception()) is not None:
        future.set_exception(exc)
    else:
        future.set_result([r for part in gathered.result() for r in part])
