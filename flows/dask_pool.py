"""The worker pool's lanes on a Dask cluster (`workers: tcp://host:8786`), through
dask.distributed itself rather than a Prefect task runner: the flow, its Prefect tasks and the
pool's rules (parts in order, item-by-item retries, failures as values) stay as they are, and
the Dask workers need no Prefect API.

One lane per worker thread of the cluster (counted when the pool opens), each with one part in
flight, so the pool's queue, not the scheduler's, decides what runs next (retries first), and a
worker holds one part at a time while all are up. A worker that dies takes its part with it; the
scheduler resubmits that part to another worker by itself. A part that was on
`allowed-failures` + 1 dying workers (the scheduler's setting, 3 by default) comes back as
`KilledWorker`, which the pool treats as its own worker death: the part is retried article by
article, and an article that comes back so again, alone, is the one at fault. The scheduler
blames every part on a worker that dies, so an article queued behind the culprit on the same
worker (while another worker is down) shares its deaths: with the default it would have to share
all four, twice over, to be failed with it; `mediawatch reprocess` releases such failures.

Each Dask worker loads the shared models and the tone encoder once, when it joins (a worker
plugin, `flows.dask_worker.SharedModels`); parts run one at a time per worker process, as
trafilatura is not thread-safe (start workers with `--nthreads 1`; extra threads would only
wait).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from distributed import Client
from distributed.client import FutureCancelledError
from distributed.scheduler import KilledWorker

from flows.dask_worker import SharedModels, run_part
from flows.workers import WorkerPoolError

T = TypeVar("T")
R = TypeVar("R")
logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 30  # to reach the scheduler
WORKERS_TIMEOUT_S = 120  # for the first worker to join it


class DaskLanes:
    """Lanes whose parts run on a Dask cluster; see the module docstring."""

    died = (KilledWorker,)

    def __init__(self, address: str) -> None:
        self.address = address
        self.restarts = 0
        self._client: Client | None = None
        self._in_flight: set[str] = set()

    async def open(self) -> int:
        try:
            self._client = await Client(
                self.address, asynchronous=True, timeout=CONNECT_TIMEOUT_S, set_as_default=False
            )
        except OSError as exc:
            raise WorkerPoolError(
                f"cannot reach the Dask scheduler at {self.address} (the workers setting): "
                f"{exc}; start it (`dask scheduler`) or set workers to a number of processes"
            ) from exc
        try:
            return await self._join()
        except BaseException:
            await self.close()
            raise

    async def _join(self) -> int:
        """Wait for a worker, load the models on every worker, count the lanes."""
        client = self._client_or_fail()
        try:
            await client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError as exc:
            raise WorkerPoolError(
                f"no Dask worker joined the scheduler at {self.address} in "
                f"{WORKERS_TIMEOUT_S} s; start some: dask worker {self.address} --nthreads 1"
            ) from exc
        client.subscribe_topic("all", self._on_event)
        await client.register_plugin(SharedModels())
        threads = await self._threads()
        if any(n > 1 for n in threads.values()):
            logger.warning(
                "Dask workers with several threads run one part at a time each (trafilatura "
                "is not thread-safe): start them with --nthreads 1 and more --nworkers"
            )
        return sum(threads.values())

    async def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            with contextlib.suppress(Exception):
                client.unsubscribe_topic("all")
            await client.close()

    async def _threads(self) -> dict[str, int]:
        """Threads of each worker the scheduler knows now, by address."""
        info = await self._client_or_fail().scheduler.identity()
        return {address: w["nthreads"] for address, w in info["workers"].items()}

    def _client_or_fail(self) -> Client:
        if self._client is None:
            raise WorkerPoolError("the Dask pool is not open")
        return self._client

    async def run(
        self, lane: int, fn: Callable[..., list[R]], items: Sequence[T], args: tuple[Any, ...]
    ) -> list[R]:
        key = f"{getattr(fn, '__name__', 'part')}-{uuid.uuid4().hex}"
        future = self._client_or_fail().submit(
            run_part, fn, list(items), *args, key=key, pure=False
        )
        self._in_flight.add(key)
        try:
            return await future
        except FutureCancelledError as exc:  # the client lost its scheduler
            raise WorkerPoolError(f"the Dask scheduler at {self.address} went away: {exc}") from exc
        finally:
            self._in_flight.discard(key)
            future.release()

    def lost(self, lane: int) -> None:
        """Nothing to do: the cluster's nannies restart dead workers (counted in _on_event)."""

    def warm(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> list[Awaitable[None]]:
        """Nothing more to start: every worker loads its models when it joins (`SharedModels`,
        registered by `open`, so while the feeds and pages download), and the watchlist's
        matcher at its first part."""
        return []

    def _on_event(self, event: tuple[float, dict[str, Any]]) -> None:
        """Count the workers that died (not closed on purpose) with a part of ours."""
        _, message = event
        if message.get("action") != "remove-worker" or message.get("expected"):
            return
        if set(message.get("processing-tasks", ())) & self._in_flight:
            self.restarts += 1
            logger.warning("Dask worker %s died with a part; it is retried", message["worker"])
