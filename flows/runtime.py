"""Run-time plumbing shared by the flows: settings, the fetch policy, worker processes."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from pipelines.config import Settings, load_settings
from pipelines.extract import ExtractionResult, ExtractJob, extract_batch
from pipelines.fetch import FetchPolicy

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most size items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest_settings(
    settings_path: str | None,
    sources_path: str | None,
    watchlist_path: str | None,
    db_path: str | None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The settings for a run: the settings file, then environment, then the flow's parameters."""
    overrides = dict(overrides or {})
    if sources_path:
        overrides["sources_path"] = Path(sources_path)
    if watchlist_path:
        overrides["watchlist_path"] = Path(watchlist_path)
    if db_path:
        overrides["db_path"] = Path(db_path)
    return load_settings(settings_path, **overrides)


def fetch_policy(settings: Settings) -> FetchPolicy:
    f = settings.fetch
    return FetchPolicy(
        user_agent=f.user_agent,
        connect_timeout=f.connect_timeout,
        read_timeout=f.read_timeout,
        total_timeout=f.total_timeout,
        max_bytes=f.max_bytes,
        max_redirects=f.max_redirects,
        per_host_concurrency=f.per_host_concurrency,
        per_host_delay_s=f.per_host_delay_s,
        global_concurrency=f.global_concurrency,
        retries=f.retries,
        backoff_base_s=f.backoff_base_s,
        max_retry_after_s=f.max_retry_after_s,
        respect_robots=f.respect_robots,
        allow_loopback=f.allow_loopback,
        allow_private=f.allow_private_addresses,
        proxy=f.proxy,
    )


class ExtractorPool:
    """Worker processes for CPU-bound stages; they live for the run so models load once.

    Workers start with forkserver, never fork: the flow process runs threads (Prefect, the
    event loop) and forking a threaded process can deadlock.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    async def __aenter__(self) -> ExtractorPool:
        context = multiprocessing.get_context("forkserver")
        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    async def extract(self, jobs: Sequence[ExtractJob]) -> list[ExtractionResult]:
        """Split jobs over the workers and gather the results in order."""
        if not jobs:
            return []
        assert self._executor is not None, "use ExtractorPool as an async context manager"
        loop = asyncio.get_running_loop()
        size = -(-len(jobs) // self.workers)
        parts = [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
        done = await asyncio.gather(
            *(loop.run_in_executor(self._executor, extract_batch, part) for part in parts)
        )
        return [result for part in done for result in part]
