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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psutil
import pytest
from prefect.exceptions import TerminationSignal

from flows.daily_ingest import _stop_reason, daily_ingest
from tests.support.feeds import ingest_config, news_page, stories_feed
from tests.support.http import HTML, RSS, LocalServer, Response, local_server, revalidated
from tests.support.processes import run_in_session, session_process
from warehouse import db
from warehouse.connection import WarehouseError

pytestmark = pytest.mark.slow
AS_OF = datetime(2025, 2, 23, 23, tzinfo=UTC)


def write_config(
    tmp: Path,
    base: str,
    feeds: dict[str, str],
    batch_size: int = 100,
    timeout_s: float = 2,
    max_bytes: int = 10 * 1024 * 1024,
) -> Path:
    """An ingest of feeds ({name: path on base}) in batches of batch_size, two workers."""
    fetch = {
        "total_timeout": timeout_s,
        "read_timeout": timeout_s / 2,
        "connect_timeout": 1,
        "retries": 1,
        "backoff_base_s": 0.01,
        "max_bytes": max_bytes,
    }
    urls = {name: base + path for name, path in feeds.items()}
    return ingest_config(tmp, urls, tags=["test"], fetch=fetch, batch_size=batch_size, workers=2)


def story(title: str, body: str) -> Response:
    return Response(200, news_page(title, body), HTML)


def serve_stories(server: LocalServer, folder: str, count: int) -> list[tuple[str, str, str]]:
    """Stories 0..count-1 at /folder/<n>.html, one a day from 10 Feb, and their feed at
    /folder/feed.xml; returns the feed items (title, path, date)."""
    items = [
        (f"Story {i}", f"/{folder}/{i}.html", f"Mon, 1{i} Feb 2025 09:00:00 +0000")
        for i in range(count)
    ]
    for title, path, _ in items:
        server.route(path, story(title, f"{title} text."))
    server.route(f"/{folder}/feed.xml", Response(200, stories_feed(server.base_url, items)))
    return items


def serve_newsroom(server) -> dict[str, str]:
    base = server.base_url
    a_items = [
        (f"Chip rules story {i}", f"/a/story-{i}.html", f"Mon, 1{i} Feb 2025 09:00:00 +0800")
        for i in range(1, 4)
    ]
    for title, path, _ in a_items:
        server.route(path, story(title, f"{title} body."))
    server.route("/a/feed.xml", revalidated(stories_feed(base, a_items), '"a1"', RSS))
    b_items = [
        ("Second outlet story", "/b/one.html?utm_source=rss", "Tue, 18 Feb 2025 10:00:00 -0500")
    ]
    server.route("/b/one.html", story("Second outlet story", "Other body."))
    server.route("/b/feed.xml", revalidated(stories_feed(base, b_items), '"b1"', RSS))
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


@contextmanager
def stalled_ingest(tmp_path: Path) -> Iterator[tuple[LocalServer, list[str], dict[str, str]]]:
    """Four stories in batches of two behind one feed; story 2's page stalls for 30 s. Yields
    the server, the ingest command and its environment."""
    blocked = threading.Event()

    def stall(handler):
        blocked.set()
        return Response(200, news_page("Stalled story", "Stalled body."), HTML, delay_s=30)

    with local_server() as server:
        serve_stories(server, "k", 4)
        # Items are fetched oldest first in batches of 2: stories 0, 1 then 2, 3.
        server.route("/k/2.html", stall)
        settings = write_config(
            tmp_path, server.base_url, {"Killer": "/k/feed.xml"}, batch_size=2, timeout_s=60
        )
        cmd = [sys.executable, "-m", "cli.main", "ingest", "--config", str(settings)]
        server.blocked = blocked
        yield server, cmd, fresh_machine(tmp_path)


def fresh_machine(tmp_path: Path) -> dict[str, str]:
    """The environment of a machine where nothing ran before: no Prefect home, no caches, no
    Prefect server; and too short a wait for Prefect's own temporary server to ever come up."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    return env | {
        "HOME": str(home),
        "PREFECT_HOME": str(home / ".prefect"),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "1",
    }


def kill_mid_run(cmd: list[str], env: dict[str, str], blocked, db_path: Path, sig: int) -> int:
    """Start the ingest in a session of its own, wait until batch 1 is loaded while batch 2
    stalls, send `sig`; assert that every process the run started ends within seconds. Returns
    the exit code."""
    with session_process(
        cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as proc:
        assert blocked.wait(300), "the second batch never started"
        # Batch 2's pages download while batch 1 is processed: kill once batch 1 is loaded.
        wait_for_articles(db_path, 2, proc)
        tree = psutil.Process(proc.pid).children(recursive=True)
        commands = " ".join(" ".join(p.cmdline()) for p in tree)
        assert "flows.prefect_server" in commands and "forkserver" in commands, commands
        proc.send_signal(sig)
        code = proc.wait(60)
        _, alive = psutil.wait_procs(tree, timeout=10)
        assert not alive, [" ".join(p.cmdline())[:120] for p in alive]
        return code


def test_killed_run_leaves_no_partial_batch_no_process_and_next_run_completes(tmp_path):
    """On a fresh machine (first start of Prefect), SIGKILL while batch 2 is in flight: batch 1
    stays, nothing half-loaded, no process of the run survives it, and the rerun finishes."""
    with stalled_ingest(tmp_path) as (server, cmd, env):
        assert kill_mid_run(cmd, env, server.blocked, tmp_path / "w.duckdb", signal.SIGKILL) < 0
        with db.session(tmp_path / "w.duckdb", read_only=True) as con:
            loaded = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
        assert loaded == ["Story 0", "Story 1"]

        server.route("/k/2.html", story("Story 2", "Story 2 text."))
        done = run_in_session(cmd, env=env, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        titles = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
        statuses = [
            r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()
        ]
    assert titles == ["Story 0", "Story 1", "Story 2", "Story 3"]
    assert statuses == ["crashed", "completed"]


@pytest.mark.parametrize(
    "exc", [asyncio.CancelledError(), KeyboardInterrupt(), SystemExit(1), TerminationSignal(15)]
)
def test_every_way_of_stopping_a_run_reads_the_same(exc):
    """Prefect's engine turns SIGTERM into its own TerminationSignal while it holds the
    handler: the run is still one that was stopped, not one that failed on an error."""
    assert _stop_reason(exc).startswith("stopped before it finished")


def test_terminated_run_is_recorded_as_failed_and_leaves_no_process(tmp_path):
    """SIGTERM (a service manager stopping it, `kill`): the run ends as after Ctrl-C, recorded
    as failed, and its workers and Prefect server end with it."""
    with stalled_ingest(tmp_path) as (server, cmd, env):
        code = kill_mid_run(cmd, env, server.blocked, tmp_path / "w.duckdb", signal.SIGTERM)
    assert code != 0
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        status, error = con.execute("SELECT status, error FROM runs").fetchone()
        loaded = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert status == "failed" and error.startswith("stopped before it finished"), error
    assert loaded == 2


def test_items_with_nothing_to_store_are_fetched_once_until_their_entry_changes(prefect, tmp_path):
    """A PDF, a 404 and a page over the size cap, with no feed text to fall back on: recorded
    once with their outcome, not downloaded again while their feed entry stays the same."""
    with local_server() as server:
        base = server.base_url
        dead = [("A PDF", "/n/doc.pdf"), ("Gone", "/n/gone.html"), ("Huge", "/n/huge.html")]
        items = [("Fine story", "/n/fine.html", "Mon, 17 Feb 2025 09:00:00 +0000")] + [
            (title, path, "Tue, 18 Feb 2025 09:00:00 +0000") for title, path in dead
        ]
        server.route("/n/fine.html", story("Fine story", "Fine."))
        server.route(
            "/n/doc.pdf", Response(200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"})
        )
        server.route("/n/gone.html", Response(404, b"not here"))
        server.route("/n/huge.html", Response(200, b"<p>" + b"x" * 300_000))
        server.route("/n/feed.xml", Response(200, stories_feed(base, items)))
        settings = write_config(tmp_path, base, {"News": "/n/feed.xml"}, max_bytes=200_000)
        first = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))
        # the feed changes (a new story), the three dead items stay as they were
        items.append(("Later story", "/n/later.html", "Wed, 19 Feb 2025 09:00:00 +0000"))
        server.route("/n/later.html", story("Later", "Later."))
        server.route("/n/feed.xml", Response(200, stories_feed(base, items)))
        second = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))
        hits_after_two = {path: server.hits(path) for _, path in dead}
        # one entry changes: that item alone is tried again
        items[2] = ("Gone, updated", "/n/gone.html", items[2][2])
        server.route("/n/feed.xml", Response(200, stories_feed(base, items)))
        third = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))

    assert first["counts"]["articles_loaded"] == 1 and first["status"] == "completed"
    assert first["counts"]["items_failed_page"] == 3 and not first["item_failures"]
    assert second["counts"]["items_new"] == 1 and second["counts"]["items_given_up"] == 3
    assert hits_after_two == {path: 1 for _, path in dead}
    assert third["counts"]["items_new"] == 1 and third["counts"]["items_given_up"] == 2
    assert server.hits("/n/gone.html") == 2
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        failed = con.execute(
            "SELECT url, stage, error, attempts, retry FROM item_failures ORDER BY url"
        ).fetchall()
    assert [(u.rsplit("/", 1)[1], *rest) for u, *rest in failed] == [
        ("doc.pdf", "page", "not_html", 1, False),
        ("gone.html", "page", "http_404", 1, False),  # a changed entry starts over
        ("huge.html", "page", "too_large", 1, False),
    ]


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost(prefect, tmp_path):
    """SIGKILL of a worker process while the run goes on (the OOM killer, say): its part is
    retried in a new worker, every article is loaded, the run completes."""
    killed: list[int] = []

    def kill_a_worker(handler):
        if not killed:  # the first page of batch 2: batch 1 is in the workers now
            workers = [
                p
                for p in psutil.Process().children(recursive=True)
                if "forkserver" in " ".join(p.cmdline()) and p.parent().pid != os.getpid()
            ]
            workers[0].kill()
            killed.append(workers[0].pid)
        return story("Story 4", "Story 4 text.")

    with local_server() as server:
        serve_stories(server, "w", 8)
        server.route("/w/4.html", kill_a_worker)
        settings = write_config(tmp_path, server.base_url, {"Workers": "/w/feed.xml"}, batch_size=4)
        summary = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))

    assert killed and summary["counts"]["worker_restarts"] >= 1
    assert summary["status"] == "completed" and summary["counts"]["articles_loaded"] == 8
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        statuses = con.execute("SELECT nlp_status, count(*) FROM articles GROUP BY 1").fetchall()
        assert con.execute("SELECT count(*) FROM item_failures").fetchone()[0] == 0
    assert statuses == [("done", 8)]


def test_a_failed_enrichment_is_tried_again_by_the_next_run(prefect, tmp_path):
    with local_server() as server:
        settings = write_config(tmp_path, server.base_url, serve_newsroom(server))
        asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))
        with db.session(tmp_path / "w.duckdb") as con:  # as a run whose enrichment raised leaves it
            aid, url = con.execute("SELECT article_id, url FROM articles LIMIT 1").fetchone()
            con.execute(
                "UPDATE articles SET nlp_status = 'failed', enrichment_version = NULL,"
                " enrichment_error = 'ValueError: boom' WHERE article_id = ?",
                [aid],
            )
            con.execute(
                "INSERT INTO item_failures VALUES (?, ?, NULL, 'enrich', 'ValueError', 'boom', 1,"
                " NULL, true, ?, ?, 'an-earlier-run')",
                [aid, url, AS_OF, AS_OF],
            )
        again = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))
    assert again["counts"]["enrichment_retried"] == 1
    assert again["counts"].get("enrichment_retry_failed", 0) == 0
    with db.session(tmp_path / "w.duckdb", read_only=True) as con:
        status = con.execute(
            "SELECT nlp_status, enrichment_version IS NOT NULL, enrichment_error FROM articles"
            " WHERE article_id = ?",
            [aid],
        ).fetchone()
        assert con.execute("SELECT count(*) FROM item_failures").fetchone()[0] == 0
    assert status == ("done", True, None)


# Three outlets on one morning: two report a recall in their own words, one of them also runs
# the other's piece on bike lanes word for word (a syndicated copy), the third reports on rates.
FILLER = {
    "a": "The company's shares were little changed in early trading, and a spokesperson said that "
    "customers would be contacted directly over the coming weeks about replacements and credits.",
    "b": "Operators said they had moved staff back to manual picking while the units are checked, "
    "which slows deliveries in a busy season for retailers across the region.",
    "c": "Analysts at several brokers said the decision matched their forecasts, although two of "
    "them had expected a more cautious message about the outlook for house prices.",
    "d": "Insurers will want to know who pays for the damaged stock, and lawyers expect claims to "
    "take months, while rivals are already offering operators temporary machines at a discount.",
}
EVENTS = {  # path: (title, lead, filler, feed date)
    "/sa/recall.html": (
        "Kestrel Robotics recalls 40,000 warehouse robots after battery fires",
        "Kestrel Robotics is recalling about 40,000 of its Pallas warehouse robots after a string "
        "of battery fires at distribution centres in Ohio and Ontario, the company said on Monday.",
        "a", "Mon, 17 Feb 2025 09:00:00 +0000",
    ),
    "/sa/bikes.html": (
        "Lisbon council approves 60 km of new bike lanes",
        "Lisbon's city council voted to build sixty kilometres of protected cycle lanes by 2027, "
        "the mayor said, despite objections from taxi drivers and shop owners in the centre.",
        "c", "Mon, 17 Feb 2025 10:00:00 +0000",
    ),
    "/sc/rates.html": (
        "Central bank of Norway holds interest rates at 4.5%",
        "Norges Bank left its policy rate unchanged at 4.5 percent and said inflation was cooling "
        "more slowly than expected, pushing back bets on a cut before the summer.",
        "c", "Mon, 17 Feb 2025 11:00:00 +0000",
    ),
    "/sb/recall.html": (
        "Battery fires force Kestrel to pull Pallas robots from warehouses",
        "Warehouse operators are pulling Kestrel Robotics' Pallas robots off their floors after "
        "the maker recalled some 40,000 units over battery fires in Ohio and Ontario.",
        "b", "Mon, 17 Feb 2025 12:00:00 +0000",
    ),
    "/sb/bikes.html": (
        "Lisbon council approves 60 km of new bike lanes",
        "Lisbon's city council voted to build sixty kilometres of protected cycle lanes by 2027, "
        "the mayor said, despite objections from taxi drivers and shop owners in the centre.",
        "c", "Mon, 17 Feb 2025 13:00:00 +0000",
    ),
    "/sc/recall.html": (
        "What the Kestrel robot recall means for warehouse automation",
        "The recall of 40,000 Pallas robots by Kestrel Robotics after battery fires is the "
        "largest in warehouse automation so far, and operators want to know who pays.",
        "d", "Tue, 18 Feb 2025 08:00:00 +0000",
    ),
}  # fmt: skip


def serve_events(server: LocalServer, paths: list[str]) -> None:
    """The pages of EVENTS and one feed per outlet folder listing `paths`."""
    from tests.support.feeds import article_page

    feeds: dict[str, list[tuple[str, str, str]]] = {"/sa": [], "/sb": [], "/sc": []}
    for path in paths:
        title, lead, filler, date = EVENTS[path]
        page = article_page(title, [lead, FILLER[filler], f"{title}. {FILLER[filler]}"])
        server.route(path, Response(200, page, HTML))
        feeds[path[:3]].append((title, path, date))
    for folder, items in feeds.items():
        server.route(f"{folder}/feed.xml", Response(200, stories_feed(server.base_url, items)))


def stored_stories(db_path: Path) -> tuple[list[tuple], list[tuple]]:
    with db.session(db_path, read_only=True) as con:
        links = con.execute(
            "SELECT a.url, l.story_id, l.joined FROM article_stories l"
            " JOIN articles a USING (article_id) ORDER BY a.published_at"
        ).fetchall()
        stories = con.execute(
            "SELECT a.url, s.articles, s.outlets, src.name FROM stories s"
            " JOIN articles a ON a.article_id = s.first_article_id"
            " JOIN sources src ON src.source_id = s.first_source_id ORDER BY s.first_seen"
        ).fetchall()
    return [(u.split("/", 3)[3], s, j) for u, s, j in links], [
        (u.split("/", 3)[3], *rest) for u, *rest in stories
    ]


def test_the_ingest_groups_articles_into_stories_across_outlets_and_runs(prefect, tmp_path):
    """Run 1: the recall at two outlets is one story, the syndicated copy joins its original's,
    the rates story stands alone. Run 2 (the next day) resumes the open stories from the
    warehouse: a third outlet's piece joins the recall. A re-run adds nothing, and a rebuild
    (`mediawatch reprocess`) gives the same stories."""
    from flows.stories import rebuild_stories

    first_day = [p for p in EVENTS if p != "/sc/recall.html"]
    feeds = {"Outlet A": "/sa/feed.xml", "Outlet B": "/sb/feed.xml", "Outlet C": "/sc/feed.xml"}
    with local_server() as server:
        serve_events(server, first_day)
        settings = write_config(tmp_path, server.base_url, feeds)
        first = asyncio.run(daily_ingest(settings_path=str(settings), as_of=AS_OF))
        db_path = tmp_path / "w.duckdb"
        links_1, stories_1 = stored_stories(db_path)
        serve_events(server, list(EVENTS))
        day_after = datetime(2025, 2, 18, 23, tzinfo=UTC)
        second = asyncio.run(daily_ingest(settings_path=str(settings), as_of=day_after))
        again = asyncio.run(daily_ingest(settings_path=str(settings), as_of=day_after))

    counts = first["counts"]
    assert counts["articles_loaded"] == 5 and counts["duplicates_exact"] == 1
    assert (counts["stories_started"], counts["stories_joined"]) == (3, 1)
    assert counts["stories_joined_as_copy"] == 1
    recall = links_1[0][1]
    assert links_1 == [
        ("sa/recall.html", recall, "start"),
        ("sa/bikes.html", links_1[1][1], "start"),
        ("sc/rates.html", links_1[2][1], "start"),
        ("sb/recall.html", recall, "similar"),
        ("sb/bikes.html", links_1[1][1], "copy"),
    ]
    assert stories_1 == [
        ("sa/recall.html", 2, 2, "Outlet A"),
        ("sa/bikes.html", 2, 2, "Outlet A"),
        ("sc/rates.html", 1, 1, "Outlet C"),
    ]
    assert second["counts"]["stories_joined"] == 1 and "stories_started" in second["counts"]
    assert second["counts"]["stories_started"] == 0
    links_2, stories_2 = stored_stories(db_path)
    assert links_2 == [*links_1, ("sc/recall.html", recall, "similar")]
    assert stories_2[0] == ("sa/recall.html", 3, 3, "Outlet A")
    assert again["counts"].get("articles_loaded", 0) == 0
    assert stored_stories(db_path) == (links_2, stories_2)  # a re-run adds no story
    rebuild_stories(db_path)
    assert stored_stories(db_path) == (links_2, stories_2)
