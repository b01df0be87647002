"""Migrations, bulk idempotent loads, data checks and lock handling on real DuckDB files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.processes import duckdb_locked_by_another_process
from tests.support.warehouse import article_row
from warehouse import connection, db, loader, reads
from warehouse.rows import FailureStage, FeedCheckRow, ItemFailure, SourceRow

NOW = datetime(2025, 2, 23, 12, tzinfo=UTC)


@pytest.fixture
def con(tmp_path):
    connection = db.open_warehouse(tmp_path / "w.duckdb")
    loader.upsert_sources(
        connection,
        [
            SourceRow(
                "s1",
                "Example",
                "https://example.com/feed",
                "example.com",
                ("tech",),
                "en",
                "US",
                NOW,
            )
        ],
    )
    yield connection
    connection.close()


def test_migrations_are_recorded_and_applied_once(tmp_path):
    path = tmp_path / "m.duckdb"
    with db.session(path) as con:
        first = db.migrate(con)
        assert first and first[0] == "001_core"
        assert db.migrate(con) == []
        recorded = con.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert [r[1] for r in recorded] == first


def test_article_loads_are_idempotent(con):
    assert loader.insert_articles(con, [article_row("a"), article_row("b")]) == 2
    assert loader.insert_articles(con, [article_row("b"), article_row("c")]) == 1
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    assert loader.existing_article_ids(con, ["a", "z"]) == {"a"}


def test_a_failing_batch_leaves_nothing_behind(con):
    bad = article_row("bad", text=None)  # NOT NULL violation
    with pytest.raises(Exception, match="NOT NULL"):
        loader.insert_articles(con, [article_row("ok"), bad])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_feed_health_counts_consecutive_failures(con):
    failed = FeedCheckRow("s1", NOW, "failed", 500, "http_500", "Internal Server Error", None)
    loader.record_feed_checks(con, [failed])
    loader.record_feed_checks(con, [failed])
    state = loader.feed_states(con)["s1"]
    assert state["consecutive_failures"] == 2 and state["last_error"] == "http_500"
    ok = FeedCheckRow("s1", NOW, "ok", 200, None, None, 5)
    loader.record_feed_checks(con, [ok])
    state = loader.feed_states(con)["s1"]
    assert state["consecutive_failures"] == 0 and state["last_success_at"] == NOW
    assert state["last_error"] == "http_500"  # the last error stays visible


def test_data_checks_find_bad_rows(con):
    loader.insert_articles(con, [article_row("a")])
    assert reads.run_checks(con) == []
    con.execute("UPDATE articles SET published_at = TIMESTAMPTZ '1990-01-01 00:00:00+00'")
    failing = [c.check for c in reads.run_checks(con)]
    assert failing == ["articles_dates_sane"]


def test_crashed_runs_are_marked_when_the_next_run_starts(con):
    loader.start_run(con, "r1", "daily-ingest", NOW, NOW)
    loader.start_run(con, "r2", "daily-ingest", NOW, NOW)
    status = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
    assert status == {"r1": "crashed", "r2": "running"}


def test_locked_file_gives_a_clear_message(tmp_path):
    path = tmp_path / "locked.duckdb"
    db.open_warehouse(path).close()
    with (
        duckdb_locked_by_another_process(path),
        pytest.raises(connection.WarehouseLocked, match="locked by another process"),
    ):
        connection.connect(path, wait_s=0.3)
    connection.connect(path).close()  # free again once the writer is gone


def test_missing_warehouse_for_reading_is_explained(tmp_path):
    with pytest.raises(connection.WarehouseError, match="no warehouse at"):
        connection.connect(tmp_path / "nope.duckdb", read_only=True)


def failure(aid: str, stage: str = "extract", *, entry: str = "e1", retry: bool = True):
    return ItemFailure(
        aid, f"https://example.com/{aid}", "s1", FailureStage(stage), "TypeError", "boom",
        entry, retry, NOW, "r1",
    )  # fmt: skip


def failures(con) -> dict[str, tuple]:
    rows = con.execute("SELECT article_id, stage, attempts, retry FROM item_failures").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_failed_items_are_tried_until_their_third_failure_with_the_same_entry(con):
    for _ in range(2):
        loader.insert_articles(con, [], failures=[failure("x"), failure("p", "page", retry=False)])
    assert failures(con) == {"x": ("extract", 2, True), "p": ("page", 2, False)}
    assert loader.given_up_items(con, {"x": "e1", "p": "e1"}) == {"p"}
    loader.insert_articles(con, [], failures=[failure("x")])
    assert failures(con)["x"] == ("extract", 3, False)
    assert loader.given_up_items(con, {"x": "e1", "p": "e2"}) == {"x"}  # p's entry changed
    loader.insert_articles(con, [], failures=[failure("x", entry="e2")])
    assert failures(con)["x"] == ("extract", 1, True)  # a changed entry starts over


def test_a_loaded_article_clears_its_failure(con):
    loader.insert_articles(con, [], failures=[failure("a1")])
    loader.insert_articles(con, [article_row("a1")])
    assert failures(con) == {}


def test_reprocess_releases_items_whose_extraction_failed(con):
    con.execute("INSERT INTO feed_state (source_id, etag, body_hash) VALUES ('s1', 'e', 'h')")
    worker = failure("w", "worker", retry=False)
    loader.insert_articles(con, [], failures=[failure("x"), failure("p", "page"), worker])
    assert loader.release_failed_items(con) == 2
    assert failures(con) == {"p": ("page", 1, True)}
    assert con.execute("SELECT etag, body_hash FROM feed_state").fetchone() == (None, None)
