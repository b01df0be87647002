"""End-to-end benchmark: the real daily ingest flow (Prefect included), over real pages beside
an afternoon script built from the same libraries, or over a synthetic corpus of any size.

    .venv/bin/python bench/pipeline.py --pages ../shared/data/extraction-dev --lang en
    .venv/bin/python bench/pipeline.py --pages ../shared/data/extraction-dev --lang en --hide-avx512
    .venv/bin/python bench/pipeline.py --articles 2000
    .venv/bin/python bench/pipeline.py --articles 2000 --feeds 200      # more, smaller feeds
    .venv/bin/python bench/pipeline.py --articles 500 --profile         # cProfile the flow process

1. The corpus is served from its own process on 127.0.0.1: real pages by bench/real_pages.py
   (every page its own URL on its own host, split over --feeds RSS feeds), or the synthetic
   corpus by bench/corpus.py (each feed its own host); both are reached through the server as a
   proxy, as in the demo.
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
5. With real pages, the peer runs next, on the same pages over the same server: bench/naive.py,
   the sequential script (httpx, feedparser, trafilatura, the full spaCy pipeline, VADER,
   row-by-row DuckDB inserts), under the same monitor. The ratio of the two throughputs is the
   headline.

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
from dataclasses import dataclass
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


@dataclass
class Served:
    """A corpus being served: its feeds, the proxy that reaches them, the server's process."""

    feed_urls: list[str]
    proxy: str
    server: psutil.Process
    sources_yaml: str
    max_items: int
    label: str


@contextmanager
def served_corpus(args: argparse.Namespace, anchor: datetime) -> Iterator[Served]:
    """Real pages (--pages) or the synthetic corpus, served from a child process."""
    if args.pages:
        from real_pages import serve_pages, sources_yaml

        with serve_pages(args.pages, args.feeds, args.limit, args.lang) as served:
            urls, proxy = served
            args.articles = served.pages
            every = 10_000  # items per feed: all of them
            chosen = f", language {args.lang}" if args.lang else ""
            label = f"{served.pages} real pages from {args.pages}{chosen} in {len(urls)} feeds"
            yield Served(urls, proxy, served.server, sources_yaml(urls, every), every, label)
        return
    from corpus import Corpus

    corpus = Corpus(args.feeds, args.items, args.seed, anchor=anchor)
    with corpus_server(args.feeds, args.items, args.seed, anchor) as (url, server):
        urls = [corpus.feed_url(i) for i in range(args.feeds)]
        label = f"synthetic corpus: {args.feeds} feeds x {args.items} items"
        yield Served(urls, url, server, corpus.sources_yaml(), args.items, label)


def write_workspace(tmp: Path, served: Served, args: argparse.Namespace) -> Path:
    """sources.yaml listing the corpus feeds and a settings file for the run; returns the latter."""
    (tmp / "sources.yaml").write_text(served.sources_yaml, encoding="utf-8")
    settings = {
        "db_path": str(tmp / "bench.duckdb"),
        "sources_path": str(tmp / "sources.yaml"),
        "watchlist_path": str(ROOT / "config" / "watchlist.yaml"),
        "archive_dir": str(tmp / "archive"),
        "reports_dir": str(tmp / "reports"),
        "batch_size": args.batch_size,
        "workers": args.workers,
        "tone": args.tone,
        "max_items_per_feed": max(200, served.max_items),
        "fetch": {
            "allow_loopback": True,
            "per_host_delay_s": 0,
            "per_host_concurrency": 8,
            "proxy": served.proxy,
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
        # phase -> summed PSS: shared pages (libraries, models loaded before the workers fork)
        # counted once, split between the processes that share them; sampled less often
        self.peak_pss: dict[str, int] = defaultdict(int)
        self.peak_pss_kinds: dict[str, dict[str, int]] = {}  # phase -> PSS by kind at its peak
        self._ticks = 0
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
        pss: dict[str, int] = defaultdict(int)
        self._ticks += 1
        with_pss = self._ticks % 5 == 0
        for p in procs:
            try:
                with p.oneshot():
                    rss, cpu = p.memory_info().rss, sum(p.cpu_times()[:2])
                    own_pss = p.memory_full_info().pss if with_pss else 0
            except psutil.Error:
                continue
            kind = self.kinds.get(p.pid) or _kind(p, self.root.pid)
            pss[kind] += own_pss
            if kind != "other":  # a process seen right after its fork has no command line yet
                self.kinds[p.pid] = kind
            self.cpu[p.pid] = (kind, cpu)
            self.process_peak[p.pid] = max(self.process_peak[p.pid], rss)
            total += rss
        self.peak[self.phase] = max(self.peak[self.phase], total)
        if sum(pss.values()) > self.peak_pss[self.phase]:
            self.peak_pss[self.phase] = sum(pss.values())
            self.peak_pss_kinds[self.phase] = dict(pss)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# --- the flow child ---------------------------------------------------------------------------


def child_flow(args: argparse.Namespace) -> None:
    """Run the flow `--runs` times in this process; phases are announced on stdout."""
    started = time.perf_counter()
    from flows.daily_ingest import daily_ingest
    from flows.prefect_server import prefect_api
    from flows.workers import start_early

    imported = time.perf_counter()
    start_early(args.workers)  # as `mediawatch ingest` does
    api = prefect_api()  # the private Prefect server a CLI process starts
    api.__enter__()
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
    api.__exit__(None, None, None)
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
        run["peak_pss_mb"] = round(monitor.peak_pss[f"run{n}"] / 2**20)
        kinds = monitor.peak_pss_kinds.get(f"run{n}", {})
        run["peak_pss_by_kind_mb"] = {k: round(v / 2**20) for k, v in kinds.items()}
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
    feed_urls = Path(args.feed_urls).read_text(encoding="utf-8").split()
    result = asyncio.run(measure_stages(feed_urls, Path(args.config), args.sample, args.batch_size))
    Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")


async def measure_stages(feed_urls: list[str], config: Path, sample: int, batch_size: int) -> dict:
    """CPU ms per article of each stage, on `sample` articles of the corpus, warm models."""
    from flows.runtime import ingest_settings
    from pipelines import enrich, selection
    from pipelines.dedupe import DedupeInput, DuplicateIndex, fingerprint_row
    from pipelines.enrich import ToneMode
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
    tone = ToneMode(settings.tone)
    now = datetime.now(UTC)
    ms: dict[str, float] = {}
    async with Fetcher(settings.fetch) as fetcher:
        feeds, items = [], 0
        for url in feed_urls:  # enough feeds for the sample
            feeds.append(await fetcher.fetch(url))
            items += len(parse_feed_detailed(feeds[-1].content, url, feeds[-1].charset).items)
            if len(feeds) >= 2 and items >= sample:
                break
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
            outcomes, max_items=lambda _: 100_000, known_ids=lambda ids: set()
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
    ejobs = [enrich.EnrichJob(r.article_id, r.title, r.text, r.language) for r in rows]
    english = sum(enrich.nlp_supported(j.language) for j in ejobs)
    enrich.enrich_batch(ejobs[:2], watchlist, ToneMode.ENCODER)  # loads spaCy, the tone models
    # as enrichment runs NER: on the languages spaCy's model reads only
    fulls = [article_text(j.title, j.text) for j in ejobs if enrich.nlp_supported(j.language)]
    spans, t = _cpu(lambda: find_entities_batch(fulls))
    ms["ner"] = 1000 * t / n
    _, t = _cpu(lambda: [match_watchlist(f, watchlist) for f in fulls])
    ms["matching"] = 1000 * t / n
    enrichments, t = _cpu(lambda: enrich.enrich_batch(ejobs, watchlist, tone))
    # the rest of enrichment: tone of each entity (most of it) and document, entity resolution
    ms["sentiment"] = max(0.0, 1000 * t / n - ms["ner"] - ms["matching"])
    updates, mentions, entities = enrich.warehouse_rows(enrichments, now)
    index = DuplicateIndex()
    dups, t = _cpu(
        lambda: [
            fingerprint_row(d)
            for i in range(0, len(rows), batch_size)
            for d in index.assign(
                [
                    DedupeInput(r.article_id, r.published_at, r.text)
                    for r in rows[i : i + batch_size]
                ]
            )
        ]
    )
    ms["dedupe"] = 1000 * t / n
    rows = [
        r.with_enrichment(u).with_fingerprint(d)
        for r, u, d in zip(rows, updates, dups, strict=True)
    ]
    ms["load"] = 1000 * _load_cpu(rows, mentions, entities, batch_size) / n
    return {
        "sample_articles": n,
        "english_articles": english,
        "tone": tone.value,
        "mean_words": round(sum(len(r.text.split()) for r in rows) / max(1, len(rows))),
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
    from pipelines.sentiment import NEUTRAL_BAND
    from warehouse import db, loader, materialize

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "load.duckdb"
        with db.session(path) as con:
            db.migrate(con, neutral_band=NEUTRAL_BAND)
        by_article = defaultdict(list)
        for m in mentions:
            by_article[m.article_id].append(m)
        started = time.process_time()
        for i in range(0, len(rows), batch_size):
            batch = rows[i : i + batch_size]
            with db.session(path) as con:
                loader.insert_articles(
                    con,
                    batch,
                    [m for r in batch for m in by_article[r.article_id]],
                    entities if i == 0 else [],
                )
                materialize.refresh(con)
        return time.process_time() - started


def run_stage_child(settings: Path, args: argparse.Namespace, served: Served, tmp: Path) -> dict:
    out, urls = tmp / "stages.json", tmp / "feed-urls.txt"
    urls.write_text("\n".join(served.feed_urls), encoding="utf-8")
    cmd = [sys.executable, __file__, "_stages", "--config", str(settings), "--out", str(out)]
    cmd += ["--feed-urls", str(urls), "--sample", str(args.sample)]
    cmd += ["--batch-size", str(args.batch_size)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return json.loads(out.read_text())


def run_peer(served: Served, tmp: Path) -> dict[str, Any]:
    """bench/naive.py over the same feeds and server, under the same monitor."""
    out = tmp / "naive.json"
    cmd = [sys.executable, str(BENCH / "naive.py"), "--proxy", served.proxy, "--out", str(out)]
    cmd += ["--db", str(tmp / "naive.duckdb"), *served.feed_urls]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
    monitor = TreeMonitor(proc.pid, served.server)
    monitor.start()
    if proc.wait() != 0:
        raise RuntimeError(f"the peer failed ({proc.returncode})")
    monitor.stop()
    result = json.loads(out.read_text())
    result["tree_peak_rss_mb"] = round(monitor.peak["startup"] / 2**20)
    result["tree_peak_pss_mb"] = round(monitor.peak_pss["startup"] / 2**20)
    return result


# --- the report -------------------------------------------------------------------------------


def cpu_flags() -> dict[str, Any]:
    """The CPU and the vector extensions that decide which kernels onnxruntime and numpy use."""
    path = Path("/proc/cpuinfo")
    first = path.read_text().split("\n\n")[0] if path.exists() else ""
    fields = {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in first.splitlines())}
    flags = set(fields.get("flags", "").split())
    wanted = ("avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")
    return {
        "model_name": fields.get("model name", ""),
        "family_model": f"{fields.get('cpu family', '?')}/{fields.get('model', '?')}",
        "flags": {f: f in flags for f in wanted},
    }


def summarize(
    args: argparse.Namespace, flow: dict, stages: dict, db_mb: float, peer: dict | None
) -> dict:
    from pipelines import tone_model

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
        "corpus": args.label,
        "cpu": cpu_flags(),
        "avx512_hidden": args.hide_avx512,
        "tone": args.tone,
        "tone_kernels": tone_model.kernels(),
        "feeds": args.feeds,
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
        "peak_pss_mb": max(r["peak_pss_mb"] for r in flow["runs"]),
        "peak_pss_by_kind_mb": max(flow["runs"], key=lambda r: r["peak_pss_mb"])[
            "peak_pss_by_kind_mb"
        ],
        "largest_process_rss_mb": flow["largest_process_rss_mb"],
        "warehouse_mb": db_mb,
        "import_s": flow["import_s"],
        "prefect_start_s": flow["prefect_start_s"],
        "stage_sample": {k: v for k, v in stages.items() if k != "cpu_ms_per_article"},
        "runs": flow["runs"],
    }
    if peer is not None:
        out["peer"] = peer
        out["ratio_to_peer"] = round(rate / peer["articles_per_s"], 2)
        out["peer_cpu_ms_per_article"] = round(1000 * peer["cpu_s"] / max(1, peer["articles"]), 1)
        out["pipeline_cpu_ms_per_article"] = round(
            1000 * sum(window["cpu_s"].values()) / max(1, n), 1
        )
    if len(flow["runs"]) > 1:
        run2 = flow["runs"][1]
        out["run2_wall_s"] = run2["wall_s"]
        out["run2_share_of_run1"] = round(run2["wall_s"] / run1["wall_s"], 4)
        out["run2_articles_loaded"] = run2["counts"].get("articles_loaded", 0)
    return out


def print_table(r: dict) -> None:
    vnni = (
        "VNNI" if r["cpu"]["flags"]["avx512_vnni"] or r["cpu"]["flags"]["avx_vnni"] else "no VNNI"
    )
    if r.get("avx512_hidden"):
        vnni = "AVX-512 and VNNI hidden: an AVX2 machine's view"
    print(
        f"\nmediawatch pipeline benchmark: {r['articles_loaded']} articles, {r['corpus']}; "
        f"{r['workers']} workers, batch {r['batch_size']}, tone {r['tone']} "
        f"({r.get('tone_kernels', '?')} encoder kernels), {r['cores']} cores "
        f"({r['cpu']['model_name']}, {vnni})"
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
        (
            "peak memory, all processes: RSS sum, PSS sum",
            f"{r['peak_rss_mb']} MB, {r['peak_pss_mb']} MB",
        ),
        (
            "  PSS at that peak, by kind (workers: with their fork server)",
            ", ".join(f"{k} {v} MB" for k, v in r["peak_pss_by_kind_mb"].items()),
        ),
        (
            "  largest process of each kind",
            ", ".join(f"{k} {v} MB" for k, v in r["largest_process_rss_mb"].items()),
        ),
        ("warehouse size", f"{r['warehouse_mb']} MB"),
    ]
    if "peer" in r:
        p = r["peer"]
        rows += [
            ("peer (bench/naive.py): articles per second", f"{p['articles_per_s']:.2f}"),
            ("  pipeline / peer", f"{r['ratio_to_peer']:.2f} x"),
            (
                "  CPU ms per article: pipeline (all processes), peer",
                f"{r['pipeline_cpu_ms_per_article']}, {r['peer_cpu_ms_per_article']}",
            ),
            (
                "  peak RSS sum: pipeline, peer",
                f"{r['peak_rss_mb']} MB, {p['tree_peak_rss_mb']} MB",
            ),
            (
                "  peak PSS sum: pipeline, peer",
                f"{r['peak_pss_mb']} MB, {p['tree_peak_pss_mb']} MB",
            ),
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
        parser.add_argument("--feed-urls")
    parser.add_argument("--pages", type=Path, help="a folder of real pages (*.html.gz) to serve")
    parser.add_argument("--limit", type=int, help="with --pages: the first N pages only")
    parser.add_argument("--lang", help='with --pages: only pages declaring it (<html lang="en">)')
    parser.add_argument("--no-peer", action="store_true", help="with --pages: skip the peer")
    parser.add_argument("--tone", default="tiered", help="the tone setting of the run")
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
    parser.add_argument(
        "--hide-avx512",
        action="store_true",
        help="run the ingest and the peer seeing an AVX2-only CPU (bench/cpuid_avx2.c)",
    )
    args = parser.parse_args(argv)
    if args.hide_avx512 and not child:
        from tone_speed import avx2_only_env  # bench/ is on sys.path, as for its scripts

        # inherited by every child: the flow, its workers, the stage sample, the peer
        os.environ.update(avx2_only_env())
        # /proc/cpuinfo still lists VNNI: choose the kernels an AVX2 machine's flags would
        os.environ.setdefault("MEDIAWATCH_TONE_KERNELS", "avx2")
    if child == "_flow":
        return child_flow(args)
    if child == "_stages":
        return child_stages(args)
    if args.pages:
        if not any(args.pages.glob("*.html.gz")) and any(args.pages.glob("pages/*.html.gz")):
            args.pages = args.pages / "pages"  # the data set's folder, as it is shipped
        if not any(args.pages.glob("*.html.gz")):
            parser.error(f"no *.html.gz pages in {args.pages}")
        args.feeds = args.feeds or 10
    else:
        args.feeds = args.feeds or max(1, round(args.articles / ITEMS_PER_FEED))
        args.items = args.items or max(1, math.ceil(args.articles / args.feeds))
        args.articles = args.feeds * args.items
    anchor = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp_name,
        served_corpus(args, anchor) as served,
    ):
        tmp = Path(tmp_name)
        args.label = served.label
        settings = write_workspace(tmp, served, args)
        print(f"{served.label}; running the flow…", flush=True)
        flow = run_flow_child(settings, args, tmp, served.server)
        db_mb = round(sum(f.stat().st_size for f in tmp.glob("bench.duckdb*")) / 2**20, 1)
        print("measuring stage CPU on a sample…", flush=True)
        stages = run_stage_child(settings, args, served, tmp)
        peer = None
        if args.pages and not args.no_peer:
            print("running the peer (bench/naive.py) on the same pages…", flush=True)
            peer = run_peer(served, tmp)
    result = summarize(args, flow, stages, db_mb, peer)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    kind = "pages" if args.pages else "synthetic"
    path = OUT / f"pipeline-{kind}-{args.articles}{args.tag}-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print_table(result)
    print(f"\nwritten: {path.relative_to(ROOT)}")
    return None


if __name__ == "__main__":
    main()
