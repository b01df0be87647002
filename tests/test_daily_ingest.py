"""The daily ingest flow end to end: real HTTP on 127.0.0.1, real DuckDB, real Prefect runs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from prefect.testing.utilities import prefect_test_harness

from flows.daily_ingest import daily_ingest
from tests.httpserver import Response, local_server
from warehouse import db
from warehouse.db import WarehouseError

pytestmark = pytest.mark.slow
AS_OF = datetime(2025, 2, 23, 23, tzinfo=UTC)
PARAGRAPH = (
    "Regulators in several countries said on Tuesday that they would review the new rules on "
    "advanced chips, and industry groups warned that the measures could slow research. "
    "Executives at three companies described the changes as significant but manageable, "
    "while analysts expect a long consultation before anything takes effect. "
)


def page(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{body} {PARAGRAPH}</p>" for _ in range(4))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav>"
        "<div class='cookie-banner'>We use cookies to improve your experience.</div>"
        f"<article><h1>{title}</h1><p class='byline'>By Jane Doe</p>{paragraphs}</article>"
        "<section class='comments'><p>Reader comment: first!</p></section>"
        "<footer>© Example Media</footer></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><guid>{path}</guid>"
        f"<pubDate>{date}</pubDate><description>Summary of {t}</description></item>"
        for t, path, date in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title>'
        f"<link>{base}/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def conditional(body: bytes, etag: str):
    def answer(handler):
        if handler.headers.get("If-None-Match") == etag:
            return Response(304)
        return Response(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

    return answer


def write_config(
    tmp: Path, base: str, feeds: dict[str, str], batch_size: int = 100, timeout_s: float = 2
) -> Path:
    sources = "sources:\n" + "".join(
        f"  - name: {name}\n    url: {base}{path}\n    tags: [test]\n"
        f"    country: US\n    language: en\n"
        for name, path in feeds.items()
    )
    (tmp / "sources.yaml").write_text(sources)
    settings = tmp / "mediawatch.yaml"
    settings.write_text(
        f"db_path: {tmp / 'w.duckdb'}\nsources_path: {tmp / 'sources.yaml'}\n"
        f"batch_size: {batch_size}\nworkers: 2\n"
        f"fetch:\n  total_timeout: {timeout_s}\n  read_timeout: {timeout_s / 2}\n"
        "  connect_timeout: 1\n"
        "  retries: 1\n  backoff_base_s: 0.01\n  per_host_delay_s: 0\n  allow_loopback: true\n"
    )
    return settings


@pytest.fixture(scope="module")
def prefect():
    with prefect_test_harness():
        yield


def serve_newsroom(server) -> dict[str, str]:
    base = server.base_url
    a_items = [
        (f"Chip rules story {i}", f"/a/story-{i}.html", f"Mon, 1{i} Feb 2025 09:00:00 +0800")
        for i in range(1, 4)
    ]
    for title, path, _ in a_items:
        server.route(
            path, Response(200, page(title, f"{title} body."), {"Content-Type": "text/html"})
        )
    server.route("/a/feed.xml", conditional(rss(base, a_items), '"a1"'))
    b_items = [
        ("Second outlet story", "/b/one.html?utm_source=rss", "Tue, 18 Feb 2025 10:00:00 -0500")
    ]
    server.route(
        "/b/one.html",
        Response(200, page("Second outlet story", "Other body."), {"Content-Type": "text/html"}),
    )
    server.route("/b/feed.xml", conditional(rss(base, b_items), '"b1"'))
    server.route("/c/feed.xml", Response(500, b"Internal error"))
    server.route("/d/feed.xml", Response(200, b"<rss/>", delay_s=5))
    server.route("/e/feed.xml", Response(200, b"\x00\x01garbage\xff not a feed"))
    return {
        "Outlet A": "/a/feed.xml",
        "Outlet B": "/b/feed.xml",
        "Broken C": "/c/feed.xml",
        "Slow D": "/d/feed.xml",
        "Garbage E": "/e/feed.xml",
    }


def test_ingest_loads_articles_records_failures_and_is_idempotent(prefect, tmp_path):
    with local_server() as server:
        settings = write_config(tmp_path, server.base_url, serve_newsroom(server))
        first = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))
        second = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))

    assert first["counts"]["articles_loaded"] == 4
    assert first["counts"]["feeds_ok"] == 2 and first["counts"]["feeds_failed"] == 3
    failing = {f["source"]: f["error"] for f in first["failures"]}
    assert failing["Broken C"] == "http_500" and failing["Slow D"] == "timeout"
    assert failing["Garbage E"]
    assert first["status"] == "completed_with_failures"

    assert second["counts"].get("articles_loaded", 0) == 0
    assert second["counts"]["feeds_not_modified"] == 2

    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        rows = con.execute(
            "SELECT a.title, a.text, a.published_at, a.date_source, a.extraction_method, s.name,"
            " a.canonical_url FROM articles a JOIN sources s USING (source_id) ORDER BY a.title"
        ).fetchall()
        state = dict(
            con.execute(
                "SELECT s.name, f.consecutive_failures"
                " FROM feed_state f JOIN sources s USING (source_id)"
            ).fetchall()
        )
        runs = con.execute("SELECT status, counts FROM runs ORDER BY started_at").fetchall()
    assert len(rows) == 4
    for title, text, published, date_source, method, _source, canonical in rows:
        assert title in text and "Reader comment" not in text and "cookies" not in text
        assert published.tzinfo is not None and date_source == "feed" and method == "page"
        assert "utm_source" not in canonical
    by_title = {r[0]: r for r in rows}
    assert by_title["Chip rules story 1"][2] == datetime(2025, 2, 11, 1, tzinfo=UTC)
    assert by_title["Second outlet story"][5] == "Outlet B"
    assert state == {"Outlet A": 0, "Outlet B": 0, "Broken C": 2, "Slow D": 2, "Garbage E": 2}
    assert [r[0] for r in runs] == ["completed_with_failures", "completed_with_failures"]
    assert json.loads(runs[1][1])["feeds_not_modified"] == 2


def wait_for_articles(db_path: Path, count: int, proc: subprocess.Popen) -> None:
    """Poll the warehouse (between the running flow's short sessions) until it holds count."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with db.session(db_path, read_only=True) as con:
                if con.execute("SELECT count(*) FROM articles").fetchone()[0] >= count:
                    return
        except (duckdb.Error, WarehouseError):
            pass  # not created yet, or the flow holds it right now
        time.sleep(0.2)
    raise AssertionError(f"the warehouse never held {count} articles")


def test_killed_run_leaves_no_partial_batch_and_next_run_completes(tmp_path):
    """SIGKILL while batch 2 is in flight: batch 1 stays, nothing half-loaded, rerun finishes."""
    blocked = threading.Event()

    def stall(handler):
        blocked.set()
        return Response(
            200, page("Stalled story", "Stalled body."), {"Content-Type": "text/html"}, delay_s=30
        )

    with local_server() as server:
        base = server.base_url
        items = [
            (f"Story {i}", f"/k/{i}.html", f"Mon, 1{i} Feb 2025 09:00:00 +0000") for i in range(4)
        ]
        for title, path, _ in items:
            server.route(
                path, Response(200, page(title, f"{title} text."), {"Content-Type": "text/html"})
            )
        # Items are fetched oldest first in batches of 2: stories 0, 1 then 2, 3.
        server.route("/k/2.html", stall)
        server.route("/k/feed.xml", Response(200, rss(base, items)))
        settings = write_config(
            tmp_path, base, {"Killer": "/k/feed.xml"}, batch_size=2, timeout_s=60
        )
        env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
        cmd = [sys.executable, "-m", "flows.cli", "ingest", "--config", str(settings)]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            assert blocked.wait(300), "the second batch never started"
            # Batch 2's pages download while batch 1 is processed: kill once batch 1 is loaded.
            wait_for_articles(tmp_path / "w.duckdb", 2, proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
        finally:
            proc.kill()
        with db.session(tmp_path / "w.duckdb", read_only=True) as con:
            loaded = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
        assert loaded == ["Story 0", "Story 1"]

        server.route(
            "/k/2.html",
            Response(200, page("Story 2", "Story 2 text."), {"Content-Type": "text/html"}),
        )
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        titles = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
        statuses = [
            r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()
        ]
    assert titles == ["Story 0", "Story 1", "Story 2", "Story 3"]
    assert statuses == ["crashed", "completed"]
