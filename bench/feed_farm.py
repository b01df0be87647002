"""Many small feeds on many hosts, served over real HTTP on 127.0.0.1, that check politeness.

    .venv/bin/python bench/feed_farm.py serve --feeds 10000 --hosts 1000 --items 2

Feed i lives on host ``feeds-HHHHH.farm.example`` (h = i mod hosts), reached through this server
acting as an HTTP proxy (as the demo does), so the fetcher sees `hosts` hosts, each with its own
politeness slots. Every feed is a small RSS 2.0 document with a strong ETag and a fixed
Last-Modified, answering conditional requests with 304: a second run finds nothing changed.

The server notes when each request to each host starts and ends. `GET /__stats` on the local
address returns the request counts, its CPU seconds and, per host, the shortest gap between the
starts of two requests and the most requests in flight at once: what per-host politeness
(`per_host_delay_s`, `per_host_concurrency`) promises, seen from the server's side.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SUFFIX = ".farm.example"
ANCHOR = datetime(2026, 1, 5, 6, tzinfo=UTC)
LAST_MODIFIED = format_datetime(ANCHOR, usegmt=True)


def host(feed: int, hosts: int) -> str:
    return f"feeds-{feed % hosts:05d}{SUFFIX}"


def feed_url(feed: int, hosts: int) -> str:
    return f"http://{host(feed, hosts)}/feed-{feed:05d}.xml"


def item_url(feed: int, item: int, hosts: int) -> str:
    return f"http://{host(feed, hosts)}/news/{feed:05d}-{item}.html"


def sources_yaml(feeds: int, hosts: int) -> str:
    lines = ["sources:"]
    for i in range(feeds):
        lines += [f'  - name: "Farm feed {i}"', f'    url: "{feed_url(i, hosts)}"']
        lines += ["    tags: [farm]", "    country: US", "    language: en"]
    return "\n".join(lines) + "\n"


def feed_body(feed: int, items: int, hosts: int) -> bytes:
    entries = "".join(
        f"<item><title>Farm story {feed}-{k}</title><link>{item_url(feed, k, hosts)}</link>"
        f"<guid>{item_url(feed, k, hosts)}</guid><description>Story {k} of feed {feed}, a "
        f"short summary of what happened.</description><pubDate>"
        f"{format_datetime(ANCHOR - timedelta(hours=k + feed % 24), usegmt=True)}</pubDate>"
        "</item>"
        for k in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Farm feed {feed}</title><link>http://{host(feed, hosts)}/</link>"
        f"<description>Feed {feed}</description>{entries}</channel></rss>"
    ).encode()


class Politeness:
    """Per host: request start times, requests in flight and the most at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last_start: dict[str, float] = {}
        self.min_gap: dict[str, float] = {}
        self.in_flight: dict[str, int] = defaultdict(int)
        self.max_in_flight: dict[str, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self.gaps = 0
        self.short_gaps: dict[float, int] = {0.9: 0, 0.5: 0}  # gaps under 0.9 s, under 0.5 s

    def start(self, name: str) -> None:
        now = time.monotonic()
        with self.lock:
            if name in self.last_start:
                gap = now - self.last_start[name]
                self.min_gap[name] = min(self.min_gap.get(name, gap), gap)
                self.gaps += 1
                for limit in self.short_gaps:
                    self.short_gaps[limit] += gap < limit
            self.last_start[name] = now
            self.in_flight[name] += 1
            self.max_in_flight[name] = max(self.max_in_flight[name], self.in_flight[name])

    def end(self, name: str, status: int) -> None:
        with self.lock:
            self.in_flight[name] -= 1
            self.counts[str(status)] += 1

    def summary(self) -> dict:
        with self.lock:
            gaps = sorted(self.min_gap.values())
            return {
                "cpu_s": round(time.process_time(), 2),
                "requests": dict(self.counts),
                "hosts": len(self.last_start),
                "min_gap_s": round(gaps[0], 3) if gaps else None,
                "gaps": self.gaps,
                "gaps_under_s": {str(k): v for k, v in self.short_gaps.items()},
                "max_in_flight_per_host": max(self.max_in_flight.values(), default=0),
            }


class FarmServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, feeds: int, hosts: int, items: int) -> None:
        self.feeds, self.hosts, self.items = feeds, hosts, items
        self.politeness = Politeness()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        address, port = self.server_address[:2]
        return f"http://{address}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: FarmServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the stats keep the counts."""

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        name = (target.hostname or self.headers.get("Host", "").split(":")[0]).lower()
        if not name.endswith(SUFFIX):
            body = json.dumps(self.server.politeness.summary()).encode()
            return self._send(200, body, "application/json")
        self.server.politeness.start(name)
        status = 404
        try:
            status = self._feed(target.path)
        finally:
            self.server.politeness.end(name, status)
        return None

    def _feed(self, path: str) -> int:
        stem = path.removeprefix("/feed-").removesuffix(".xml")
        if not stem.isdigit() or int(stem) >= self.server.feeds:
            self._send(404, b"Not Found\n", "text/plain")
            return 404
        feed = int(stem)
        etag = '"' + hashlib.sha256(f"{feed}/{self.server.items}".encode()).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            return 304
        body = feed_body(feed, self.server.items, self.server.hosts)
        self._send(200, body, "application/rss+xml; charset=utf-8", etag)
        return 200

    def _send(self, status: int, body: bytes, media: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--hosts", type=int, default=1_000)
    parser.add_argument("--items", type=int, default=2)
    args = parser.parse_args(argv)
    server = FarmServer(args.feeds, args.hosts, args.items)
    print(f"READY {server.url}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # serve until the parent closes our stdin (or ends)
    server.shutdown()


if __name__ == "__main__":
    main()
