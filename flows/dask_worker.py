"""What runs inside a Dask worker process: the shared models, loaded once per process when the
worker joins (a worker plugin), and the pool's parts, one at a time per process. Kept apart from
`flows.dask_pool` so that a worker imports only this and the stage it runs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from distributed import WorkerPlugin

R = TypeVar("R")
PLUGIN_NAME = "mediawatch-models"

# Parts in one Dask worker process run one at a time: trafilatura is not thread-safe.
_one_part_at_a_time = threading.Lock()


def run_part(fn: Callable[..., R], *args: Any) -> R:
    """fn(*args) in a Dask worker, holding the process's part lock."""
    with _one_part_at_a_time:
        return fn(*args)


# The worker's statistical profiler (the dashboard's Profile page): every 10 ms it takes the GIL
# to walk the task thread's stack. On the real-page parts it cost 10-13 % of the workers' CPU
# (bench/scale.py pool: 2 workers 22.9 -> 26.9 articles/s on 2 cores without it).
PROFILER_CALLBACKS = ("profile", "profile-cycle")


class SharedModels(WorkerPlugin):
    """Loads trafilatura, spaCy, the linear tone model and the tone encoder once per Dask worker
    process, when the worker joins (or the plugin is registered): queued on the worker's own
    task thread, so that no part starts before the models are in and the worker's event loop
    (heartbeats) never waits for them. Stops the worker's statistical profiler."""

    idempotent = True  # registered by every run; the first registration stays
    name = PLUGIN_NAME

    def setup(self, worker: Any) -> None:
        for name in PROFILER_CALLBACKS:
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
        worker.executor.submit(run_part, load_models)


def load_models() -> None:
    """What `pipelines.articles.warm_up` loads, for any watchlist."""
    from pipelines.articles import warm_up
    from pipelines.records import Watchlist

    warm_up(Watchlist(()))
