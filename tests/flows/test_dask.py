"""The worker pool on a Dask cluster (`workers: tcp://…`): a LocalCluster of two single-threaded
worker processes on 127.0.0.1 runs the demo ingest into the same warehouse as the local pool,
even when a worker process is killed in the middle of a batch, and every process ends after."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dask
import psutil
import pytest
from distributed import Client, LocalCluster, WorkerPlugin

from demo.runner import DEMO_BASE, DEMO_DIR, DEMO_FETCH, demo_end_date, render_sources
from demo.server import serve_directory
from flows import dask_pool
from flows.daily_ingest import daily_ingest
from flows.dask_worker import PLUGIN_NAME
from flows.workers import WorkerPool
from tests.flows.test_workers import KILLER, double, failed
from warehouse import db

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

# Four of the demo's outlets (~50 articles): two carry copies of the same wire stories (exact
# and near duplicates), two are German and French; batches of 20 make several parts per worker.
FEEDS = ("meridian-wire", "evening-courier", "digitalblick", "le-fil-numerique")
BATCH_SIZE = 20
# Compared between runs: everything but what names the run itself.
TABLES = {
    "articles": "SELECT * EXCLUDE (run_id, fetched_at) FROM articles ORDER BY article_id",
    "mentions": "SELECT * FROM mentions ORDER BY article_id, entity_id",
    "entities": "SELECT * EXCLUDE (first_seen_at) FROM entities ORDER BY entity_id",
    "item_failures": "SELECT * EXCLUDE (run_id) FROM item_failures ORDER BY article_id",
}


@contextmanager
def local_cluster(allowed_failures: int) -> Iterator[Cluster]:
    """Two worker processes of one thread on 127.0.0.1, nannies restarting them; a part that was
    on allowed_failures + 1 dying workers comes back as KilledWorker. Every worker process the
    cluster had is checked gone after."""
    with dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures}):
        local = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # its HTTP port: any free one
        )  # fmt: skip
    cluster = Cluster(local)
    try:
        yield cluster
    finally:
        cluster.note()
        local.close()
        _, alive = psutil.wait_procs(cluster.processes, timeout=30)
        assert not alive, f"Dask worker processes left running: {alive}"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """The cluster of the demo runs; the scheduler resubmits a part whose worker died."""
    with local_cluster(allowed_failures=3) as cluster:
        yield cluster


class Cluster:
    """A LocalCluster and every worker process it has had, so that all are checked gone."""

    def __init__(self, local: LocalCluster) -> None:
        self.local = local
        self.address: str = local.scheduler_address
        self.by_pid: dict[int, psutil.Process] = {}
        self.note()

    def note(self) -> dict[str, int]:
        """{worker address: pid} of the workers running now (remembered)."""
        now = {
            nanny.worker_address: nanny.pid
            for nanny in list(self.local.workers.values())
            if nanny.pid and nanny.worker_address
        }
        for pid in now.values():
            if pid not in self.by_pid:
                self.by_pid[pid] = psutil.Process(pid)
        return now

    @property
    def processes(self) -> list[psutil.Process]:
        return list(self.by_pid.values())


@pytest.fixture(scope="module")
def demo_subset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The demo site served on 127.0.0.1; (its proxy URL, a sources file of FEEDS only)."""
    folder = tmp_path_factory.mktemp("demo-subset")
    full = render_sources(DEMO_DIR, DEMO_BASE, folder).read_text(encoding="utf-8")
    head, *entries = full.split("\n  - name:")
    kept = [e for e in entries if any(f"/{feed}/" in e for feed in FEEDS)]
    assert len(kept) == len(FEEDS)
    sources = folder / "subset.yaml"
    sources.write_text(head + "".join(f"\n  - name:{e}" for e in kept), encoding="utf-8")
    with serve_directory(DEMO_DIR / "site", public_base=DEMO_BASE) as local_url:
        yield local_url, sources


def ingest(demo_subset: tuple[str, Path], folder: Path, workers: int | str) -> dict[str, Any]:
    """The daily ingest of the demo subset as of the corpus's end, into folder/w.duckdb."""
    proxy, sources = demo_subset
    return asyncio.run(
        daily_ingest(
            sources_path=str(sources),
            db_path=str(folder / "w.duckdb"),
            as_of=demo_end_date(),
            settings_overrides={
                "workers": workers,
                "batch_size": BATCH_SIZE,
                "fetch": {**DEMO_FETCH, "proxy": proxy},
                "archive_dir": str(folder / "archive"),
                "topics_path": str(ROOT / "config" / "topics.yaml"),
                "watchlist_path": str(ROOT / "config" / "watchlist.yaml"),
            },
        )
    )


def tables(path: Path) -> dict[str, list[tuple]]:
    with db.session(path, read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def local_run(prefect, demo_subset, tmp_path_factory) -> dict[str, list[tuple]]:
    """The tables the local process pool loads: what every Dask run must load too."""
    folder = tmp_path_factory.mktemp("local")
    summary = ingest(demo_subset, folder, 2)
    assert summary["counts"]["articles_loaded"] >= 40
    found = tables(folder / "w.duckdb")
    with db.session(folder / "w.duckdb", read_only=True) as con:
        copies = con.execute("SELECT count(duplicate_of) FROM articles").fetchone()[0]
    assert copies >= 2 and found["mentions"]  # duplicates and mentions to compare
    return found


def test_the_dask_cluster_loads_what_the_local_pool_loads(
    cluster, demo_subset, local_run, tmp_path
):
    summary = ingest(demo_subset, tmp_path, cluster.address)
    assert summary["status"] == "completed"
    assert summary["counts"]["articles_loaded"] == len(local_run["articles"])
    found = tables(tmp_path / "w.duckdb")
    for name in TABLES:
        assert found[name] == local_run[name], name
    with Client(cluster.address) as client:  # the workers' profiler, which costs ~10 %, is off
        profiling = client.run(lambda dask_worker: "profile" in dask_worker.periodic_callbacks)
    assert profiling and not any(profiling.values())


def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(
    cluster, demo_subset, local_run, tmp_path
):
    killer = WorkerKiller(cluster)
    killer.start()
    try:
        summary = ingest(demo_subset, tmp_path, cluster.address)
    finally:
        killer.join()
    assert killer.killed is not None, "no worker was busy with a part"
    assert summary["counts"].get("worker_restarts") == 1
    found = tables(tmp_path / "w.duckdb")
    for name in TABLES:
        assert found[name] == local_run[name], name
    assert not psutil.pid_exists(killer.killed) or psutil.Process(killer.killed).status() in (
        psutil.STATUS_ZOMBIE,
        psutil.STATUS_DEAD,
    )
    cluster.note()  # the worker that replaced it


class WorkerKiller(threading.Thread):
    """SIGKILLs the worker process of the first part of articles it sees being processed."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__(daemon=True)
        self.cluster = cluster
        self.killed: int | None = None

    def run(self) -> None:
        with Client(self.cluster.address, set_as_default=False) as client:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = [
                    worker
                    for worker, keys in client.processing().items()
                    if any(str(k).startswith("process_articles-") for k in keys)
                ]
                if busy:
                    time.sleep(0.3)  # into the part, past its arguments
                    pid = self.cluster.note()[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    self.killed = pid
                    return
                time.sleep(0.05)


class NoModels(WorkerPlugin):
    """Stands in for the shared models where the work is arithmetic: each restarted worker
    would load them again (seconds of CPU per death)."""

    idempotent = True
    name = PLUGIN_NAME


@pytest.fixture
def bare_cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cluster]:
    """A cluster of its own for the poison test, whose workers load no models, and whose
    scheduler hands every worker death with a part to the pool at once (allowed-failures 0):
    the pool's own rule then decides, as with local processes."""
    monkeypatch.setattr(dask_pool, "SharedModels", NoModels)
    with local_cluster(allowed_failures=0) as cluster:
        yield cluster


def test_an_item_that_kills_dask_workers_fails_alone(bare_cluster):
    async def go() -> tuple[list, int]:
        async with WorkerPool(bare_cluster.address) as pool:
            assert pool.workers == 2
            results = await pool.map_split(double, [1, 2, 3, KILLER, 4, 5, 6], on_failure=failed)
            again = await pool.map_split(double, [5, 6], on_failure=failed)  # still works
            assert again == [10, 12]
            return results, pool.restarts

    results, restarts = asyncio.run(go())
    assert results == [2, 4, 6, "failed -1: KilledWorker", 8, 10, 12]
    assert restarts == 2  # once with its part, once alone; no other item is blamed
