"""Peak memory of a real daily-ingest run over N synthetic articles: it must not grow with N.

    .venv/bin/python bench/memory.py                     # N = 1,000 and 10,000 (about 25 min)
    .venv/bin/python bench/memory.py --sizes 200 2000    # other sizes
    nohup .venv/bin/python bench/memory.py > /tmp/memory.txt 2>&1 &   # and poll the file

A server on 127.0.0.1 (a thread of this process, not measured) makes every feed and page on the
fly: N/100 RSS feeds of 100 items, and for each item a ~100 KB HTML page (navigation, inline
script and style, comments and a ~700-word article, different for every page). The flow runs
in a child process (`--child`), exactly as `mediawatch ingest` would run it: ephemeral Prefect,
the worker pool, DuckDB on disk. Every 0.2 s this process samples the RSS of the child and all
its descendants (workers, the forkserver, Prefect's server); each process's own peak comes from
its VmHWM in /proc. Printed per N: wall time, articles loaded, the peak summed RSS of the tree,
and the peaks of the flow process and of the largest other process.

This script is never imported by tests.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
ITEMS_PER_FEED = 100
PAGE_BYTES = 100_000
AS_OF = datetime(2025, 3, 3, 12, tzinfo=UTC)
SUBJECTS = (
    "The harbour authority", "A spokesperson for the ministry", "The city council",
    "Analysts at the regional bank", "Union representatives", "The operator of the ferry line",
    "Residents of the old town", "The chief executive", "Local shop owners", "The mayor",
)  # fmt: skip
VERBS = (
    "said on Monday that", "warned in a statement that", "told reporters that",
    "confirmed late on Thursday that", "argued at a public hearing that", "expects that",
)  # fmt: skip
CLAUSES = (
    "the new quay would open in spring", "night-time noise limits would be enforced",
    "the budget for the project had risen by {n} percent", "{n} jobs would be created",
    "the first container vessels would berth before summer", "traffic on the coast road had "
    "doubled", "the consultation would run for another {n} weeks", "the dredging had been "
    "delayed by storms", "ticket prices would stay unchanged", "a second terminal was planned",
)  # fmt: skip


def article_page(i: int) -> bytes:
    """Page i: ~100 KB of HTML around a ~700-word article of its own."""
    rng = random.Random(i)
    sentences = [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
        + rng.choice(CLAUSES).format(n=rng.randint(2, 90))
        + f" (report {i}-{k})."
        for k in range(45)
    ]
    paragraphs = "".join(
        f"<p>{' '.join(sentences[k : k + 5])}</p>" for k in range(0, len(sentences), 5)
    )
    nav = "".join(f"<li><a href='/section/{k}'>Section {k}</a></li>" for k in range(300))
    head = (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Harbour report {i}"
        "</title><style>" + ".c{color:#333;margin:0 auto}" * 300 + "</style></head><body>"
        f"<nav><ul>{nav}</ul></nav><article><h1>Harbour report {i}</h1>"
        f"<p class='byline'>By Staff Writer</p>{paragraphs}</article>"
    )
    script = "<script>var tracking = {" + ",".join(f"k{k}: {k}" for k in range(4000)) + "};"
    body = (head + script + "</script><footer>© Harbour Media</footer>").encode()
    padding = max(0, PAGE_BYTES - len(body) - 30)
    return body + b"<!-- " + b"x" * padding + b" --></body></html>"


def feed(k: int, base: str) -> bytes:
    items = "".join(
        f"<item><title>Harbour report {i}</title><link>{base}/a/{i}.html</link>"
        f"<guid>{i}</guid><pubDate>Mon, 03 Mar 2025 08:00:00 GMT</pubDate>"
        f"<description>Summary of harbour report {i}.</description></item>"
        for i in range(k * ITEMS_PER_FEED, (k + 1) * ITEMS_PER_FEED)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed '
        f"{k}</title><link>{base}/</link><description>d</description>{items}</channel></rss>"
    ).encode()


@contextmanager
def page_server() -> Iterator[str]:
    """Feeds and pages made on request, on 127.0.0.1."""
    base = ""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path
            if path.startswith("/feed/"):
                body, kind = feed(int(path[6:].split(".")[0]), base), "application/rss+xml"
            elif path.startswith("/a/"):
                body, kind = article_page(int(path[3:].split(".")[0])), "text/html; charset=utf-8"
            else:
                body, kind = b"not found", "text/plain"
            self.send_response(200 if kind != "text/plain" else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()


def write_config(tmp: Path, base: str, articles: int) -> Path:
    feeds = -(-articles // ITEMS_PER_FEED)
    sources = "sources:\n" + "".join(
        f"  - name: Feed {k}\n    url: {base}/feed/{k}.xml\n    country: US\n    language: en\n"
        for k in range(feeds)
    )
    (tmp / "sources.yaml").write_text(sources)
    settings = tmp / "mediawatch.yaml"
    settings.write_text(
        f"db_path: {tmp / 'bench.duckdb'}\nsources_path: {tmp / 'sources.yaml'}\n"
        f"watchlist_path: {ROOT / 'config' / 'watchlist.yaml'}\n"
        f"max_items_per_feed: {ITEMS_PER_FEED}\nbatch_size: 100\nworkers: 2\n"
        "fetch:\n  per_host_delay_s: 0\n  per_host_concurrency: 16\n  global_concurrency: 16\n"
        "  allow_loopback: true\n"
    )
    return settings


@dataclass
class Peaks:
    tree_rss: int = 0  # largest sampled sum of RSS over the child and its descendants
    hwm: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid -> (name, VmHWM bytes)


def _vm_hwm(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def watch(proc: psutil.Process, peaks: Peaks, done: threading.Event) -> None:
    last_report = time.monotonic()
    while not done.is_set():
        if time.monotonic() - last_report > 120:  # a long run shows its peaks as it goes
            flow = peaks.hwm.get(proc.pid, ("", 0))[1] / 2**20
            print(
                f"  ... peak so far {peaks.tree_rss / 2**20:.0f} MB, flow {flow:.0f} MB", flush=True
            )
            last_report = time.monotonic()
        try:
            family = [proc, *proc.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        for p in family:
            try:
                total += p.memory_info().rss
                name = " ".join(p.cmdline()[1:4])[:60] or p.name()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            hwm = _vm_hwm(p.pid)
            if hwm > peaks.hwm.get(p.pid, ("", 0))[1]:
                peaks.hwm[p.pid] = (name, hwm)
        peaks.tree_rss = max(peaks.tree_rss, total)
        done.wait(0.2)


def measure(articles: int, base: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="mediawatch-memory-") as tmp_dir:
        tmp = Path(tmp_dir)
        settings = write_config(tmp, base, articles)
        env = {
            **os.environ,
            "PREFECT_HOME": str(tmp / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "WARNING",
            # the machine is shared: give the ephemeral API server time to start
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        }
        # -m from the project root: bench/ must not shadow the `warehouse` package
        cmd = [sys.executable, "-m", "bench.memory", "--child", str(settings)]
        started = time.monotonic()
        child = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        peaks, done = Peaks(), threading.Event()
        watcher = threading.Thread(target=watch, args=(psutil.Process(child.pid), peaks, done))
        watcher.start()
        out, _ = child.communicate()
        done.set()
        watcher.join()
        seconds = time.monotonic() - started
        lines = out.strip().splitlines()
        loaded = int(lines[-1]) if child.returncode == 0 and lines else -1  # -1: the run failed
    flow = peaks.hwm.get(child.pid, ("", 0))[1]
    others = max((hwm for pid, (_, hwm) in peaks.hwm.items() if pid != child.pid), default=0)
    return {
        "articles": articles,
        "loaded": loaded,
        "seconds": seconds,
        "tree_mb": peaks.tree_rss / 2**20,
        "flow_mb": flow / 2**20,
        "largest_other_mb": others / 2**20,
    }


def child(settings: str) -> None:
    """The measured process: one daily-ingest run; prints the number of articles loaded."""
    from flows.daily_ingest import daily_ingest

    result = asyncio.run(daily_ingest(settings_path=settings, as_of=AS_OF))
    print(result["counts"].get("articles_loaded", 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--child", metavar="SETTINGS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print(f"page size {len(article_page(0)):,} bytes, {ITEMS_PER_FEED} items per feed", flush=True)
    header = (
        "| articles | loaded | wall s | peak RSS, all processes | flow process | largest other |"
    )
    print(header + "\n| ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
    with page_server() as base:
        for size in args.sizes:
            r = measure(size, base)
            print(
                f"| {r['articles']:,} | {r['loaded']:,} | {r['seconds']:.0f} | "
                f"{r['tree_mb']:.0f} MB | {r['flow_mb']:.0f} MB | {r['largest_other_mb']:.0f} MB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
