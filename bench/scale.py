"""Scaling out, measured: the worker pool on Dask beside local processes, and feeds at scale.

    .venv/bin/python bench/scale.py engine --batches 30
    .venv/bin/python bench/scale.py workers --pages ../shared/data/extraction-dev/pages --limit 300
    .venv/bin/python bench/scale.py pool --pages ../shared/data/extraction-dev/pages --limit 300
    .venv/bin/python bench/scale.py feeds --feeds 10000 --hosts 1000 --small 100

engine   Cost per batch of the engine alone (parts that only count their bytes, ~2 MB of pages
         per part): the pool's Dask lanes (dask.distributed, `workers: tcp://…`), prefect-dask's
         DaskTaskRunner (one Prefect task per part) and the local process pool. Wall and CPU
         seconds per batch, of every process involved (flow, Dask, Prefect's server).
workers  The real ingest flow (bench/pipeline.py's flow child) over real pages: local pool vs a
         Dask cluster (`dask scheduler` + `dask worker --nthreads 1`) of the same number of
         worker processes, 1 and 2 of each, --repeat times each, in turns. Articles per second
         and CPU seconds of every process (flow, Prefect's server, workers, Dask's scheduler).
pool     The worker pool alone, 1 and 2 workers (local processes and Dask), over real pages
         already fetched and held in memory: batches handed to `WorkerPool.process` as the
         ingest does, all queued at once, nothing else running (no flow, no Prefect): how the
         CPU stages scale when they have the cores to themselves.
feeds    N synthetic feeds on H hosts (bench/feed_farm.py), whose items are all in the
         warehouse already: run 1 fetches and parses every feed and loads nothing; run 2 finds
         nothing changed (every feed answers 304). Wall, CPU, peak RSS, and the politeness the
         server saw; the same for a --small run to compare memory with.

The machine is shared: other processes' CPU shows as `other_cores` (cores busy outside ours).
Writes JSON to bench/out/ (gitignored).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUT = BENCH / "out"
sys.path[:0] = [str(ROOT), str(BENCH)]

import dask_local  # noqa: E402
from dask_local import Cluster, Sampler, count_bytes, dask_cluster  # noqa: E402

PART_ITEMS, ITEM_BYTES = 50, 40_000  # a part of 50 pages of ~40 KB
COUNTED = ("feeds", "items")  # the run counts the feeds benchmark reports


def _busy_cpu_s() -> float:
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


# --- engine: cost per batch -------------------------------------------------------------------


def engine(args: argparse.Namespace) -> dict[str, Any]:
    from flows.prefect_server import prefect_api

    items = [os.urandom(ITEM_BYTES) for _ in range(2 * PART_ITEMS)]  # one batch, two parts
    results: dict[str, Any] = {"batches": args.batches, "batch_mb": len(items) * ITEM_BYTES / 1e6}
    with prefect_api() as api:
        server = psutil.Process().children()  # the private Prefect server
        results["local_pool"] = _timed(args.batches, server, None, _pool_batches(2, items))
        # the Dask workers import count_bytes from bench/, and report task runs to Prefect
        env = {"PREFECT_API_URL": api, "PYTHONPATH": str(BENCH)}
        with dask_cluster(2, env=env) as cluster:
            address = cluster.address
            results["dask_lanes"] = _timed(
                args.batches, server, cluster, _pool_batches(address, items)
            )
            results["prefect_dask"] = _timed(
                args.batches, server, cluster, _prefect_dask_batches(address, items)
            )
    return results


def _pool_batches(workers: int | str, items: list[bytes]):
    def run(batches: int, warm: Callable[[], None]) -> None:
        from flows.workers import WorkerPool

        async def go() -> None:
            async with WorkerPool(workers, split=2) as pool:
                await pool.map_split(count_bytes, items, on_failure=_failed)
                warm()
                for _ in range(batches):
                    assert len(await pool.map_split(count_bytes, items, on_failure=_failed)) == 100

        asyncio.run(go())

    return run


def _failed(item: bytes, exc: BaseException) -> int:
    raise RuntimeError("the engine benchmark's work does not fail") from exc


def _prefect_dask_batches(address: str, items: list[bytes]):
    def run(batches: int, warm: Callable[[], None]) -> None:
        from prefect import flow, task
        from prefect.cache_policies import NO_CACHE
        from prefect.utilities.annotations import quote
        from prefect_dask import DaskTaskRunner

        part_task = task(count_bytes, name="count-bytes", cache_policy=NO_CACHE)
        # not in the flow's closure (nor this script's globals): Prefect ships the flow along
        dask_local.HOOKS["warm"] = warm

        @flow(task_runner=DaskTaskRunner(address=address))
        def batches_flow(parts: list[list[bytes]], batches: int) -> None:
            part_task.submit(parts[0]).result()
            dask_local.HOOKS["warm"]()
            for _ in range(batches):
                futures = [part_task.submit(p) for p in parts]
                assert sum(len(f.result()) for f in futures) == 100

        batches_flow(quote([items[:PART_ITEMS], items[PART_ITEMS:]]), batches)

    return run


def _timed(batches: int, server: list, cluster: Cluster | None, run) -> dict[str, Any]:
    """Wall and CPU per batch once warm (the pool or flow open, one batch done), and of the
    start; CPU of this process, the local workers, the Prefect server and the Dask cluster."""
    roots = [psutil.Process(), *server, *(cluster.roots if cluster else [])]
    sampler = Sampler(roots)
    sampler.start()
    marks: list[tuple[float, float, float]] = []

    def mark() -> None:
        marks.append((time.perf_counter(), sampler.cpu(), _busy_cpu_s()))

    mark()
    run(batches, mark)
    mark()
    sampler.stop()
    (t0, c0, _), (t1, c1, b1), (t2, c2, b2) = marks
    wall, cpu = t2 - t1, c2 - c1
    return {
        "start_s": round(t1 - t0, 2),
        "start_cpu_s": round(c1 - c0, 2),
        "wall_ms_per_batch": round(1000 * wall / batches, 1),
        "cpu_ms_per_batch": round(1000 * cpu / batches, 1),
        "other_cores": round(max(0.0, b2 - b1 - cpu) / wall, 2),
    }


# --- workers: the real flow on local processes or on Dask --------------------------------------


def workers(args: argparse.Namespace) -> dict[str, Any]:
    from pipeline import run_flow_child, served_corpus, write_workspace

    anchor = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    args.feeds, args.articles = args.feeds or 10, args.limit or 945
    args.runs, args.profile, args.tone, args.batch_size = 1, None, args.tone, args.batch_size
    plan = [(kind, n) for n in args.counts for kind in ("local", "dask")] * args.repeat
    runs: list[dict[str, Any]] = []
    with served_corpus(args, anchor) as served:
        for kind, n in plan:
            with (
                tempfile.TemporaryDirectory(prefix="mw-scale-") as tmp_name,
                _workers(kind, n) as (
                    setting,
                    cluster,
                ),
            ):
                tmp = Path(tmp_name)
                args.workers, args.tag = setting, f"-scale-{kind}{n}"
                settings = write_workspace(tmp, served, args)
                sampler = Sampler(cluster.roots if cluster else [])
                sampler.start()
                cpu0, busy0 = sampler.cpu(), _busy_cpu_s()
                flow = run_flow_child(settings, args, tmp, served.server)
                cluster_cpu, busy = sampler.cpu() - cpu0, _busy_cpu_s() - busy0
                sampler.stop()
            run = flow["runs"][0]
            loaded = run["counts"].get("articles_loaded", 0)
            cpu = {**run["window"]["cpu_s"], "dask_cluster": round(cluster_cpu, 2)}
            wall = run["window"]["wall_s"]
            total_cpu = sum(cpu.values())
            result = {
                "kind": kind,
                "workers": n,
                "articles": loaded,
                "wall_s": wall,
                "articles_per_s": round(loaded / wall, 2),
                "cpu_s": cpu,
                "cpu_ms_per_article": round(1000 * total_cpu / max(1, loaded), 1),
                "articles_per_core_hour": round(3600 * loaded / max(total_cpu, 1e-9)),
                "other_cores": round(max(0.0, busy - total_cpu) / wall, 2),
                "peak_rss_mb_flow_tree": run["peak_rss_mb"],
                "peak_rss_mb_dask": round(sampler.peak_rss / 2**20),
            }
            print(json.dumps(result), flush=True)
            runs.append(result)
    return {"corpus": f"{args.limit or 'all'} real pages from {args.pages}", "runs": runs,
            "summary": _summary(runs)}  # fmt: skip


@contextmanager
def _workers(kind: str, n: int):
    """(the workers setting, the cluster or None) for n local processes or n Dask workers. The
    Dask workers start with the shared models loaded (`--preload pipelines.preload`, as the
    README suggests), as the local pool's fork server has them before the run."""
    if kind == "local":
        yield n, None
        return
    with dask_cluster(n, preload="pipelines.preload") as cluster:
        yield cluster.address, cluster


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[str, list[float]] = {}
    for r in runs:
        by.setdefault(f"{r['kind']}{r['workers']}", []).append(r["articles_per_s"])
    best = {k: max(v) for k, v in by.items()}
    median = {k: round(statistics.median(v), 2) for k, v in by.items()}
    out: dict[str, Any] = {"articles_per_s_best": best, "articles_per_s_median": median}
    if "local2" in best and "dask2" in best:
        out["dask2_over_local2_best"] = round(best["dask2"] / best["local2"], 3)
    for kind in ("local", "dask"):
        if f"{kind}1" in best and f"{kind}2" in best:
            out[f"{kind}_2_over_1_best"] = round(best[f"{kind}2"] / best[f"{kind}1"], 2)
    return out


# --- pool: the CPU stages alone ------------------------------------------------------------------


def pool(args: argparse.Namespace) -> dict[str, Any]:
    import gzip

    from robustness import article_job, load_pages

    from settings import load_watchlist

    now = datetime.now(UTC)
    pages = load_pages(args.pages, args.limit)
    jobs = [article_job(url, gzip.decompress(path.read_bytes()), now) for url, path in pages]
    watchlist = load_watchlist(ROOT / "config" / "watchlist.yaml")
    plan = [(kind, n) for n in args.counts for kind in ("local", "dask")] * args.repeat
    runs: list[dict[str, Any]] = []
    for kind, n in plan:
        with _workers(kind, n) as (setting, cluster):
            roots = [psutil.Process(), *(cluster.roots if cluster else [])]
            result = asyncio.run(_pool_run(setting, jobs, watchlist, args, roots))
        result = {"kind": kind, "workers": n, **result}
        print(json.dumps(result), flush=True)
        runs.append(result)
    return {"corpus": f"{len(jobs)} real pages from {args.pages}", "tone": args.tone,
            "runs": runs, "summary": _summary(runs)}  # fmt: skip


async def _pool_run(
    setting: int | str, jobs: list, watchlist: Any, args: argparse.Namespace, roots: list
) -> dict[str, Any]:
    """Open and warm the pool, then every batch at once; wall and CPU of all the processes."""
    from flows.workers import WorkerPool

    async with WorkerPool(setting) as pool:
        await asyncio.gather(*pool.warm_up(watchlist))
        await pool.process(jobs[: 2 * pool.workers], watchlist, args.tone, ())
        batches = [jobs[i : i + args.batch_size] for i in range(0, len(jobs), args.batch_size)]
        sampler = Sampler(roots)
        sampler.start()
        cpu0, busy0, t0 = sampler.cpu(), _busy_cpu_s(), time.perf_counter()
        done = await asyncio.gather(
            *(pool.process(b, watchlist, args.tone, (), split=2 * pool.workers) for b in batches)
        )
        wall = time.perf_counter() - t0
        cpu, busy = sampler.cpu() - cpu0, _busy_cpu_s() - busy0
        sampler.stop()
    stored = sum(1 for batch in done for article in batch if article.row is not None)
    return {
        "articles": len(jobs),
        "stored": stored,
        "wall_s": round(wall, 2),
        "articles_per_s": round(len(jobs) / wall, 2),
        "cpu_ms_per_article": round(1000 * cpu / len(jobs), 1),
        "cores_busy": round(cpu / wall, 2),
        "other_cores": round(max(0.0, busy - cpu) / wall, 2),
    }


# --- feeds: many feeds, nothing new --------------------------------------------------------------


def feeds(args: argparse.Namespace) -> dict[str, Any]:
    out = {}
    for n, hosts in ((args.small, max(1, args.small // 10)), (args.feeds, args.hosts)):
        out[f"{n}_feeds"] = _feed_runs(n, hosts, args.items, args.runs)
        print(json.dumps(out[f"{n}_feeds"]), flush=True)
    big, small = out[f"{args.feeds}_feeds"], out[f"{args.small}_feeds"]
    out["rss_big_over_small_unchanged_run"] = round(
        big["runs"][-1]["peak_rss_mb"] / small["runs"][-1]["peak_rss_mb"], 3
    )
    return out


def _feed_runs(n: int, hosts: int, items: int, runs: int) -> dict[str, Any]:
    """`runs` ingests over n feeds, each in a fresh process (as a daily `mediawatch ingest`)."""
    from feed_farm import feed_url, item_url, sources_yaml
    from pipeline import Served, run_flow_child

    out: dict[str, Any] = {"feeds": n, "hosts": hosts, "runs": []}
    with (
        tempfile.TemporaryDirectory(prefix="mw-feeds-") as tmp_name,
        _farm(n, hosts, items) as (
            proxy,
            server,
        ),
    ):
        tmp = Path(tmp_name)
        urls = [feed_url(i, hosts) for i in range(n)]
        served = Served(urls, proxy, server, sources_yaml(n, hosts), items, f"{n} feeds")
        settings = _feed_settings(tmp, served)
        stored = [
            (feed_url(i, hosts), item_url(i, k, hosts)) for i in range(n) for k in range(items)
        ]
        out["items_already_in_warehouse"] = _seed(tmp / "bench.duckdb", stored)
        for number in range(1, runs + 1):
            args = argparse.Namespace(articles=n, tag=f"-feeds{number}", runs=1, profile=None)
            flow = run_flow_child(settings, args, tmp, server)
            run = flow["runs"][0]
            out["runs"].append(
                {
                    "wall_s": run["wall_s"],
                    "status": run["status"],
                    "counts": {k: v for k, v in run["counts"].items() if k.startswith(COUNTED)},
                    "cpu_s": run["window"]["cpu_s"],
                    "farm_server_cpu_s": run["window"]["corpus_server_cpu_s"],
                    "other_cores": run["window"]["other_processes_cores"],
                    "peak_rss_mb": run["peak_rss_mb"],
                    "largest_process_rss_mb": flow["largest_process_rss_mb"],
                }
            )
        out["server_saw"] = json.loads(_get(proxy + "/__stats"))
    return out


def _feed_settings(tmp: Path, served) -> Path:
    """Default politeness (1 s between requests to a host, 2 at once, 16 in all)."""
    (tmp / "sources.yaml").write_text(served.sources_yaml, encoding="utf-8")
    settings = {
        "db_path": str(tmp / "bench.duckdb"),
        "sources_path": str(tmp / "sources.yaml"),
        "watchlist_path": str(ROOT / "config" / "watchlist.yaml"),
        "topics_path": str(tmp / "no-topics.yaml"),
        "archive_dir": str(tmp / "archive"),
        "fetch": {"allow_loopback": True, "proxy": served.proxy},
    }
    path = tmp / "settings.yaml"
    path.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return path


def _seed(path: Path, stored: list[tuple[str, str]]) -> int:
    """The feeds' items ((feed URL, item URL)) as stored articles already, so that no run has
    pages to fetch."""
    from pipelines.sentiment import NEUTRAL_BAND
    from pipelines.urls import article_id, canonicalize_url
    from settings.sources import source_id
    from tests.support.warehouse import article_row
    from warehouse import db, loader

    rows = [
        article_row(article_id(u), source_id(feed), url=u, canonical_url=canonicalize_url(u))
        for feed, u in stored
    ]
    with db.session(path) as con:
        db.migrate(con, neutral_band=NEUTRAL_BAND)
        for i in range(0, len(rows), 5000):
            loader.insert_articles(con, rows[i : i + 5000])
    return len(rows)


@contextmanager
def _farm(n: int, hosts: int, items: int):
    cmd = [sys.executable, str(BENCH / "feed_farm.py"), "serve", "--feeds", str(n)]
    cmd += ["--hosts", str(hosts), "--items", str(items)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        line = proc.stdout.readline().split()
        if not line or line[0] != "READY":
            raise RuntimeError(f"feed farm did not start: {line}")
        yield line[1], psutil.Process(proc.pid)
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(url: str) -> str:
    import httpx

    return httpx.get(url, timeout=10).text


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    eng = sub.add_parser("engine", help="cost per batch: Dask lanes, prefect-dask, local pool")
    eng.add_argument("--batches", type=int, default=30)
    real_pages = argparse.ArgumentParser(add_help=False)  # what `workers` and `pool` share
    real_pages.add_argument("--pages", type=Path, required=True)
    real_pages.add_argument("--limit", type=int)
    real_pages.add_argument("--counts", type=int, nargs="+", default=[2, 1])
    real_pages.add_argument("--repeat", type=int, default=2)
    real_pages.add_argument("--batch-size", type=int, default=100)
    real_pages.add_argument("--tone", default="tiered")
    wrk = sub.add_parser(
        "workers", parents=[real_pages], help="the real flow: local pool vs Dask, 1 and 2 workers"
    )
    wrk.add_argument("--feeds", type=int)
    wrk.add_argument("--lang", help="only pages whose <html lang> says so (e.g. en)")
    sub.add_parser(
        "pool", parents=[real_pages], help="the worker pool alone: 1 and 2 workers, local and Dask"
    )
    fds = sub.add_parser("feeds", help="many feeds on many hosts, nothing new")
    fds.add_argument("--feeds", type=int, default=10_000)
    fds.add_argument("--hosts", type=int, default=1_000)
    fds.add_argument("--items", type=int, default=2)
    fds.add_argument("--small", type=int, default=100)
    fds.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    commands = {"engine": engine, "workers": workers, "pool": pool, "feeds": feeds}
    result = commands[args.command](args)
    result["cores"] = psutil.cpu_count()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = OUT / f"scale-{args.command}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(json.dumps(result, indent=2, default=str))
    print(f"written: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
