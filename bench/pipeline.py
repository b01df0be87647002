"""End-to-end benchmark: the real daily ingest flow (Prefect included) over a synthetic corpus.

    .venv/bin/python bench/pipeline.py --articles 2000
    .venv/bin/python bench/pipeline.py --articles 2000 --feeds 200      # more, smaller feeds
    .venv/bin/python bench/pipeline.py --articles 500 --profile         # cProfile the flow process

1. bench/corpus.py serves the corpus from its own process on 127.0.0.1 (each feed its own host,
   reached through the server as a proxy, as in the demo).
2. A child process runs `daily_ingest` twice on a fresh warehouse: the first run loads
   everything, the second is unchanged (every feed answers 304). Importing the flow and starting
   Prefect's ephemeral server are timed apart, once, as a CLI process pays them.
3. This process samples the child and all its descendants (workers, forkserver, Prefect's
   server) every 0.2 s: peak summed RSS and CPU seconds by kind of process, and how busy the
   rest of the machine was (other processes make the run slower than the limit says).
4. Another child measures each stage's CPU per article on a sample of the same corpus in one
   process with warm models (fetch, archive, parse, extract, NER, matching, sentiment, dedupe,
   load). Stage-bound limit = cores / sum of stage CPU per article: what the machine could do
   if the stages were all there was.

Prints a table and writes JSON to bench/out/ (gitignored).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
OUT = BENCH / "out"
sys.path[:0] = [str(ROOT), str(BENCH)]

POLL_S = 0.2
ITEMS_PER_FEED = 100
STAGES = (
    "fetch",
    "archive",
    "parse",
    "extract",
    "ner",
    "matching",
    "sentiment",
    "dedupe",
    "load",
)
KINDS = ("flow", "workers", "prefect_server")


# --- the corpus server and the workspace ------------------------------------------------------


@contextmanager
def corpus_server(feeds: int, items: int, seed: int, anchor: datetime) -> Iterator[tuple]:
    """bench/corpus.py in its own process; yields (local URL, psutil.Process)."""
    cmd = [
        sys.executable,
        str(BENCH / "corpus.py"),
        "serve",
        "--feeds",
        str(feeds),
        "--items",
        str(items),
        "--seed",
        str(seed),
        "--anchor",
        anchor.isoformat(),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        if not line or line[0] != "READY":
            raise RuntimeError(f"corpus server did not start: {line}")
        yield line[1], psutil.Process(proc.pid)
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def write_workspace(tmp: Path, corpus: Any, url: str, args: argparse.Namespace) -> Path:
    """sources.yaml listing the corpus feeds and a settings file for the run; returns the latter."""
    (tmp / "sources.yaml").write_text(corpus.sources_yaml(), encoding="utf-8")
    settings = {
        "db_path": str(tmp / "bench.duckdb"),
        "sources_path": str(tmp / "sources.yaml"),
        "watchlist_path": str(ROOT / "config" / "watchlist.yaml"),
        "archive_dir": str(tmp / "archive"),
        "reports_dir": str(tmp / "reports"),
        "batch_size": args.batch_size,
        "workers": args.workers,
        "max_items_per_feed": max(200, corpus.items),
        "fetch": {
            "allow_loopback": True,
            "per_host_delay_s": 0,
            "per_host_concurrency": 8,
            "proxy": url,
        },
    }
    path = tmp / "settings.yaml"
    path.write_text(json.dumps(settings, indent=2), encoding="utf-8")  # JSON is YAML
    return path


# --- monitoring: peak RSS and CPU of a process tree -------------------------------------------


def _kind(proc: psutil.Process, root_pid: int) -> str:
    if proc.pid == root_pid:
        return "flow"
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return "other"
    if "forkserver" in cmd or "multiprocessing" in cmd:
        return "workers"
    if "uvicorn" in cmd or "prefect" in cmd:
        return "prefect_server"
    return "other"


def _busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy since boot."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


class TreeMonitor(threading.Thread):
    """Every POLL_S: summed RSS of a process and its descendants, and each one's CPU seconds.
    `mark(phase)` closes the current phase and notes the time, our CPU and the machine's."""

    def __init__(self, pid: int, server: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.root, self.server = psutil.Process(pid), server
        self.phase = "startup"
        self.peak: dict[str, int] = defaultdict(int)  # phase -> summed RSS of the tree
        self.process_peak: dict[int, int] = defaultdict(int)  # pid -> its own RSS
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (kind, CPU seconds so far)
        self.kinds: dict[int, str] = {}
        self.marks: dict[str, dict[str, Any]] = {}
        self._halt = threading.Event()
        self.mark("startup")

    def cpu_by_kind(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for kind, seconds in list(self.cpu.values()):
            out[kind] += seconds
        return dict(out)

    def mark(self, phase: str) -> None:
        self.sample()
        server = sum(self.server.cpu_times()[:2])
        self.marks[phase] = {
            "t": time.perf_counter(),
            "busy": _busy_cpu_s(),
            "server": server,
            "ours": self.cpu_by_kind(),
        }
        self.phase = phase

    def window(self, start: str, end: str) -> dict[str, Any]:
        """Between two marks: wall seconds, our CPU by kind, and the cores other processes kept
        busy (the machine's busy CPU minus ours and the corpus server's)."""
        a, b = self.marks[start], self.marks[end]
        wall = b["t"] - a["t"]
        ours = {k: round(b["ours"].get(k, 0) - a["ours"].get(k, 0), 2) for k in KINDS}
        server = b["server"] - a["server"]
        others = max(0.0, b["busy"] - a["busy"] - sum(ours.values()) - server)
        return {
            "wall_s": round(wall, 2),
            "cpu_s": ours,
            "corpus_server_cpu_s": round(server, 2),
            "other_processes_cores": round(others / wall, 2) if wall else 0.0,
        }

    def run(self) -> None:
        while not self._halt.wait(POLL_S):
            self.sample()

    def sample(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0
        for p in procs:
            try:
                with p.oneshot():
                    rss, cpu = p.memory_info().rss, sum(p.cpu_times()[:2])
            except psutil.Error:
                continue
            kind = self.kinds.get(p.pid) or _kind(p, self.root.pid)
            if kind != "other":  # a process seen right after its fork has no command line yet
                self.kinds[p.pid] = kind
            self.cpu[p.pid] = (kind, cpu)
            self.process_peak[p.pid] = max(self.process_peak[p.pid], rss)
            total += rss
        self.peak[self.phase] = max(self.peak[self.phase], total)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# --- the flow child ---------------------------------------------------------------------------


def child_flow(args: argparse.Namespace) -> None:
    """Run the flow `--runs` times in this process; phases are announced on stdout."""
    started = time.perf_counter()
    from prefect import flow

    from flows.daily_ingest import daily_ingest

    imported = time.perf_counter()

    @flow(name="bench-warmup")
    def warmup() -> None:
        """Starts Prefect's ephemeral server, as the first flow of a CLI process does."""

    warmup()
    result: dict[str, Any] = {
        "import_s": round(imported - started, 2),
        "prefect_start_s": round(time.perf_counter() - imported, 2),
        "runs": [],
    }
    for n in range(1, args.runs + 1):
        print(f"PHASE run{n}", flush=True)
        profiler = None
        if args.profile and n == 1:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        t0 = time.perf_counter()
        summary = asyncio.run(daily_ingest(settings_path=args.config))
        wall = time.perf_counter() - t0
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        result["runs"].append(
            {"wall_s": round(wall, 3), "status": summary["status"], "counts": summary["counts"]}
        )
        print(f"PHASE after_run{n}", flush=True)
    Path(args.out).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def run_flow_child(
    settings: Path, args: argparse.Namespace, tmp: Path, server: psutil.Process
) -> dict[str, Any]:
    """The flow child under the tree monitor; its timings with RSS, CPU and machine load."""
    out, log_path = tmp / "flow.json", OUT / f"flow-{args.articles}{args.tag}.log"
    env = dict(os.environ)
    env.setdefault("PREFECT_HOME", str(OUT / "prefect-home"))
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    cmd = [
        sys.executable,
        __file__,
        "_flow",
        "--config",
        str(settings),
        "--out",
        str(out),
        "--runs",
        str(args.runs),
    ]
    if args.profile:
        cmd += ["--profile", str(OUT / f"profile-{args.articles}{args.tag}.prof")]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, env=env)
        monitor = TreeMonitor(proc.pid, server)
        monitor.start()
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("PHASE "):
                monitor.mark(line.split()[1])
        code = proc.wait()
        monitor.stop()
    if code != 0:
        raise RuntimeError(f"flow child failed ({code}):\n{log_path.read_text()[-4000:]}")
    result = json.loads(out.read_text())
    for n, run in enumerate(result["runs"], start=1):
        run["window"] = monitor.window(f"run{n}", f"after_run{n}")
        run["peak_rss_mb"] = round(monitor.peak[f"run{n}"] / 2**20)
    result["peak_rss_mb_startup"] = round(monitor.peak["startup"] / 2**20)
    peaks: dict[str, int] = defaultdict(int)  # the largest process of each kind
    for pid, rss in monitor.process_peak.items():
        kind = monitor.kinds.get(pid, "other")
        peaks[kind] = max(peaks[kind], round(rss / 2**20))
    result["largest_process_rss_mb"] = dict(peaks)
    return result


# --- the stage child: CPU per article of each stage, one process -------------------------------


def _cpu(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.process_time()
    value = fn()
    return value, time.process_time() - started


def child_stages(args: argparse.Namespace) -> None:
    from corpus import Corpus

    corpus = Corpus(args.feeds, args.items, args.seed, anchor=datetime.fromisoformat(args.anchor))
    result = asyncio.run(measure_stages(corpus, Path(args.config), args.sample, args.batch_size))
    Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")


async def measure_stages(corpus: Any, config: Path, sample: int, batch_size: int) -> dict:
    """CPU ms per article of each stage, on `sample` articles of the corpus, warm models."""
    from flows.runtime import ingest_settings
    from pipelines import enrich, selection
    from pipelines.dedupe import DedupeInput, DuplicateIndex
    from pipelines.entities import (
        article_text,
        find_entities_batch,
        match_watchlist,
    )
    from pipelines.extract import ExtractJob, extract_batch
    from pipelines.feeds import parse_feed_detailed
    from pipelines.fetch import Fetcher
    from settings import load_watchlist

    settings = ingest_settings(str(config), None, None, None)
    watchlist = load_watchlist(settings.watchlist_path)
    now = datetime.now(UTC)
    ms: dict[str, float] = {}
    n_feeds = min(corpus.feeds, max(2, math.ceil(sample / corpus.items)))
    async with Fetcher(settings.fetch) as fetcher:
        feeds = [await fetcher.fetch(corpus.feed_url(i)) for i in range(n_feeds)]
        outcomes, t = _cpu(
            lambda: [
                selection.feed_outcome(
                    f"s{i}", f, previous_body_hash=None, checked_at=now, parse=parse_feed_detailed
                )
                for i, f in enumerate(feeds)
            ]
        )
        ms["parse"] = 1000 * t / sum(len(o.items) for o in outcomes)
        chosen = selection.select_candidates(
            outcomes, max_items=lambda _: corpus.items, known_ids=lambda ids: set()
        )
        candidates = chosen.candidates[:sample]
        await fetcher.fetch_many([candidates[0].url], check_robots=True)  # robots.txt, once
        started, pages = time.process_time(), []
        for i in range(0, len(candidates), batch_size):
            part = candidates[i : i + batch_size]
            pages += await fetcher.fetch_many([c.url for c in part], check_robots=True)
        ms["fetch"] = 1000 * (time.process_time() - started) / len(candidates)
    n = len(candidates)
    ms["archive"] = 1000 * _archive_cpu(candidates, pages) / n
    jobs = [
        ExtractJob(
            item=c.item,
            page=p.content if p.ok else None,
            url=p.final_url or c.url,
            first_seen=now,
            now=now,
            content_type=p.content_type,
            charset=p.charset,
        )
        for c, p in zip(candidates, pages, strict=True)
    ]
    extract_batch(jobs[:3])  # imports trafilatura
    results, t = _cpu(lambda: extract_batch(jobs))
    ms["extract"] = 1000 * t / n
    rows = [
        row
        for c, p, r in zip(candidates, pages, results, strict=True)
        if (row := selection.article_row(c, p, r, run_id="bench", first_seen=now))
    ]
    ejobs = [enrich.EnrichJob(r["article_id"], r["title"], r["text"], r["language"]) for r in rows]
    enrich.enrich_batch(ejobs[:2], watchlist)  # loads spaCy and the tone model
    fulls = [article_text(j.title, j.text) for j in ejobs]
    spans, t = _cpu(lambda: find_entities_batch(fulls))
    ms["ner"] = 1000 * t / n
    _, t = _cpu(lambda: [match_watchlist(f, watchlist) for f in fulls])
    ms["matching"] = 1000 * t / n
    enrichments, t = _cpu(lambda: enrich.enrich_batch(ejobs, watchlist))
    # the rest of enrichment: tone of each entity (most of it) and document, entity resolution
    ms["sentiment"] = max(0.0, 1000 * t / n - ms["ner"] - ms["matching"])
    updates, mentions, entities = enrich.warehouse_rows(enrichments, now)
    index = DuplicateIndex()
    dups, t = _cpu(
        lambda: [
            d
            for i in range(0, len(rows), batch_size)
            for d in index.assign(
                [
                    DedupeInput(r["article_id"], r["published_at"], r["text"])
                    for r in rows[i : i + batch_size]
                ]
            )
        ]
    )
    ms["dedupe"] = 1000 * t / n
    for row, update, dup in zip(rows, updates, dups, strict=True):
        row.update(
            update,
            content_hash=dup.content_hash,
            minhash=dup.signature,
            duplicate_of=dup.duplicate_of,
            duplicate_kind=dup.kind,
        )
    ms["load"] = 1000 * _load_cpu(rows, mentions, entities, batch_size) / n
    return {
        "sample_articles": n,
        "mean_words": round(sum(len(r["text"].split()) for r in rows) / max(1, len(rows))),
        "mean_page_kb": round(sum(len(p.content) for p in pages) / n / 1024, 1),
        "entities_per_article": round(sum(len(s) for s in spans) / n, 1),
        "mentions_per_article": round(len(mentions) / n, 1),
        "cpu_ms_per_article": {k: round(v, 3) for k, v in ms.items()},
    }


def _archive_cpu(candidates: list, pages: list) -> float:
    """CPU seconds to write the pages to the raw WARC archive."""
    from pipelines.archive_writer import WarcArchive

    with tempfile.TemporaryDirectory() as tmp, WarcArchive(tmp, "bench") as archive:
        started = time.process_time()
        for c, p in zip(candidates, pages, strict=True):
            archive.record(p, kind="page", source_id=c.source_id)
        archive.take_index()
        return time.process_time() - started


def _load_cpu(rows: list, mentions: list, entities: list, batch_size: int) -> float:
    """CPU seconds of the loads, batch by batch, each in its own warehouse session."""
    from warehouse import db, loader

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "load.duckdb"
        with db.session(path) as con:
            db.migrate(con)
        by_article = defaultdict(list)
        for m in mentions:
            by_article[m["article_id"]].append(m)
        started = time.process_time()
        for i in range(0, len(rows), batch_size):
            batch = rows[i : i + batch_size]
            with db.session(path) as con:
                loader.insert_articles(
                    con,
                    batch,
                    [m for r in batch for m in by_article[r["article_id"]]],
                    entities if i == 0 else [],
                )
        return time.process_time() - started


def run_stage_child(settings: Path, args: argparse.Namespace, anchor: datetime, tmp: Path) -> dict:
    out = tmp / "stages.json"
    cmd = [
        sys.executable,
        __file__,
        "_stages",
        "--config",
        str(settings),
        "--out",
        str(out),
        "--feeds",
        str(args.feeds),
        "--items",
        str(args.items),
        "--seed",
        str(args.seed),
        "--anchor",
        anchor.isoformat(),
        "--sample",
        str(args.sample),
        "--batch-size",
        str(args.batch_size),
    ]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return json.loads(out.read_text())


# --- the report -------------------------------------------------------------------------------


def summarize(args: argparse.Namespace, flow: dict, stages: dict, db_mb: float) -> dict:
    cores = psutil.cpu_count(logical=True) or 1
    ms = stages["cpu_ms_per_article"]
    stage_ms = sum(ms.get(s, 0.0) for s in STAGES)
    limit = 1000 * cores / stage_ms
    run1 = flow["runs"][0]
    n = run1["counts"].get("articles_loaded", 0)
    rate = n / run1["wall_s"]
    window = run1["window"]
    others = window["other_processes_cores"]
    limit_left = 1000 * max(0.5, cores - others) / stage_ms
    out = {
        "articles": args.articles,
        "feeds": args.feeds,
        "items_per_feed": args.items,
        "workers": args.workers,
        "batch_size": args.batch_size,
        "cores": cores,
        "articles_loaded": n,
        "run1_wall_s": run1["wall_s"],
        "articles_per_s": round(rate, 2),
        "stage_cpu_ms_per_article": {s: ms.get(s, 0.0) for s in STAGES},
        "stage_cpu_ms_sum": round(stage_ms, 1),
        "stage_bound_limit_articles_per_s": round(limit, 2),
        "ratio_to_limit": round(rate / limit, 3),
        "other_processes_cores_run1": others,
        "ratio_to_limit_on_cores_left": round(rate / limit_left, 3),
        "run1_cpu_ms_per_article_by_process": {
            k: round(1000 * v / max(1, n), 1) for k, v in window["cpu_s"].items()
        },
        "peak_rss_mb": max(r["peak_rss_mb"] for r in flow["runs"]),
        "largest_process_rss_mb": flow["largest_process_rss_mb"],
        "warehouse_mb": db_mb,
        "import_s": flow["import_s"],
        "prefect_start_s": flow["prefect_start_s"],
        "stage_sample": {k: v for k, v in stages.items() if k != "cpu_ms_per_article"},
        "runs": flow["runs"],
    }
    if len(flow["runs"]) > 1:
        run2 = flow["runs"][1]
        out["run2_wall_s"] = run2["wall_s"]
        out["run2_share_of_run1"] = round(run2["wall_s"] / run1["wall_s"], 4)
        out["run2_articles_loaded"] = run2["counts"].get("articles_loaded", 0)
    return out


def print_table(r: dict) -> None:
    print(
        f"\nmediawatch pipeline benchmark: {r['articles_loaded']} articles "
        f"({r['feeds']} feeds x {r['items_per_feed']} items), {r['workers']} workers, "
        f"batch {r['batch_size']}, {r['cores']} cores"
    )
    rows = [
        ("wall time, run 1", f"{r['run1_wall_s']:.1f} s"),
        (
            "  once per process: imports, Prefect start",
            f"{r['import_s']:.1f} s + {r['prefect_start_s']:.1f} s",
        ),
        ("articles per second, end to end", f"{r['articles_per_s']:.2f}"),
        *((f"  CPU ms/article: {k}", f"{v:.2f}") for k, v in r["stage_cpu_ms_per_article"].items()),
        ("  sum of stage CPU per article", f"{r['stage_cpu_ms_sum']:.1f} ms"),
        (
            "stage-bound limit (cores / stage CPU)",
            f"{r['stage_bound_limit_articles_per_s']:.2f} articles/s",
        ),
        ("end to end / limit", f"{100 * r['ratio_to_limit']:.1f} %"),
        ("  other processes during run 1", f"{r['other_processes_cores_run1']:.2f} cores busy"),
        (
            "  end to end / limit on the cores left",
            f"{100 * r['ratio_to_limit_on_cores_left']:.1f} %",
        ),
        (
            "CPU ms per article in run 1, by process",
            ", ".join(f"{k} {v}" for k, v in r["run1_cpu_ms_per_article_by_process"].items()),
        ),
        ("peak RSS, all processes", f"{r['peak_rss_mb']} MB"),
        (
            "  largest process of each kind",
            ", ".join(f"{k} {v} MB" for k, v in r["largest_process_rss_mb"].items()),
        ),
        ("warehouse size", f"{r['warehouse_mb']} MB"),
    ]
    if "run2_wall_s" in r:
        rows.append(
            (
                "run 2 (unchanged, all 304)",
                f"{r['run2_wall_s']:.2f} s = {100 * r['run2_share_of_run1']:.1f} % of run 1, "
                f"{r['run2_articles_loaded']} loaded",
            )
        )
    width = max(len(a) for a, _ in rows) + 2
    for a, b in rows:
        print(f"  {a:<{width}}{b}")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    child = argv[0] if argv and argv[0] in ("_flow", "_stages") else None
    if child:
        parser.add_argument("mode")
        parser.add_argument("--config", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--anchor")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--feeds", type=int, help=f"default: articles / {ITEMS_PER_FEED}")
    parser.add_argument("--items", type=int, help="items per feed (default: articles / feeds)")
    parser.add_argument("--workers", type=int, default=psutil.cpu_count() or 2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=300, help="articles for the stage CPU")
    parser.add_argument("--runs", type=int, default=2, help="1 skips the unchanged second run")
    parser.add_argument("--profile", nargs="?", const=True, help="cProfile the flow in run 1")
    parser.add_argument("--tag", default="", help="suffix of the output file names")
    args = parser.parse_args(argv)
    if child == "_flow":
        return child_flow(args)
    if child == "_stages":
        return child_stages(args)
    args.feeds = args.feeds or max(1, round(args.articles / ITEMS_PER_FEED))
    args.items = args.items or max(1, math.ceil(args.articles / args.feeds))
    args.articles = args.feeds * args.items
    from corpus import Corpus

    anchor = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    corpus = Corpus(args.feeds, args.items, args.seed, anchor=anchor)
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp_name,
        corpus_server(args.feeds, args.items, args.seed, anchor) as (url, server_proc),
    ):
        tmp = Path(tmp_name)
        settings = write_workspace(tmp, corpus, url, args)
        print(f"corpus: {args.feeds} feeds x {args.items} items; running the flow…", flush=True)
        flow = run_flow_child(settings, args, tmp, server_proc)
        db_mb = round(sum(f.stat().st_size for f in tmp.glob("bench.duckdb*")) / 2**20, 1)
        print("measuring stage CPU on a sample…", flush=True)
        stages = run_stage_child(settings, args, anchor, tmp)
    result = summarize(args, flow, stages, db_mb)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = OUT / f"pipeline-{args.articles}{args.tag}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print_table(result)
    print(f"\nwritten: {path.relative_to(ROOT)}")
    return None


if __name__ == "__main__":
    main()
