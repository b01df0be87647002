"""Trend views on a small warehouse whose every number is worked out by hand (see
tests/support/warehouse.py for the articles); materialized tables stay equal to their queries."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipelines.sentiment import NEUTRAL_BAND, sentiment_label
from tests.support import warehouse as fx
from tests.support.paths import README
from warehouse import db, loader, materialize
from warehouse.connection import WarehouseError
from warehouse.rows import EnrichmentUpdate
from warehouse.sqlfiles import migration_files, statement, view_files

D15 = date(2025, 1, 15)
VIEWS = [
    "mentions_daily",
    "share_of_voice_weekly",
    "sentiment_daily",
    "spikes",
    "cooccurrence",
    "source_coverage",
    "feed_health",
]


@pytest.fixture(scope="module")
def path(trend_warehouse: Path) -> Path:
    return trend_warehouse


@pytest.fixture
def con(path: Path):
    with db.reader(path) as connection:
        yield connection


def rows(con, sql: str, *params) -> list[dict]:
    cur = con.execute(sql, list(params) or None)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def one(con, sql: str, *params) -> dict:
    found = rows(con, sql, *params)
    assert len(found) == 1, found
    return found[0]


def test_every_view_answers_and_says_what_a_row_is(con):
    for name, path in view_files():
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("-- One row per"), name
    for view in VIEWS:
        con.execute(f"SELECT * FROM {view}").fetchall()
    comments = dict(
        con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE view_name IN ?", [VIEWS]
        ).fetchall()
    )
    assert all(comments[v].startswith("One row per") for v in VIEWS)


def test_mentions_daily_counts_copies_as_placements_and_once_as_stories(con):
    acme = one(con, "SELECT * FROM mentions_daily WHERE entity_id = 'acme' AND day = ?", D15)
    # a1-a8; a2 and a3 are copies of a1; sources s1, s2, s3; a7 has no tone
    assert (acme["articles"], acme["unique_stories"], acme["sources"]) == (8, 6, 3)
    assert acme["n_sentiment"] == 7
    assert acme["mean_sentiment"] == pytest.approx(1.9 / 7)
    assert (acme["entity_name"], acme["entity_type"], acme["origin"]) == (
        "Acme",
        "ORG",
        "watchlist",
    )
    globex = one(con, "SELECT * FROM mentions_daily WHERE entity_id = 'globex' AND day = ?", D15)
    assert (globex["articles"], globex["unique_stories"], globex["n_sentiment"]) == (4, 2, 3)
    assert globex["mean_sentiment"] == pytest.approx(-0.8 / 3)
    assert con.execute("SELECT count(*) FROM mentions_daily").fetchone()[0] == 14 + 1 + 3 + 3 + 1


def test_share_of_voice_is_unique_stories_among_watchlist_entities(con):
    found = {
        (r["week"], r["entity_id"]): r
        for r in rows(con, "SELECT * FROM share_of_voice_weekly ORDER BY week_start")
    }
    assert set(found) == {
        ("2025-W01", "acme"),
        ("2025-W01", "globex"),
        ("2025-W02", "acme"),
        ("2025-W02", "initech"),
        ("2025-W03", "acme"),
        ("2025-W03", "globex"),
        ("2025-W03", "initech"),
    }  # the discovered person is no part of it
    w3 = {e: found[("2025-W03", e)] for e in ("acme", "globex", "initech")}
    assert [w3[e]["unique_stories"] for e in w3] == [8, 2, 8]
    assert [w3[e]["placements"] for e in w3] == [10, 4, 8]
    assert [w3[e]["share"] for e in w3] == pytest.approx([8 / 18, 2 / 18, 8 / 18])
    assert w3["acme"]["week_start"] == date(2025, 1, 13)
    assert found[("2025-W01", "acme")]["week_start"] == date(2024, 12, 30)  # ISO week of Jan 1
    assert found[("2025-W01", "acme")]["share"] == pytest.approx(5 / 6)
    assert found[("2025-W02", "initech")]["share"] == pytest.approx(1 / 8)
    assert w3["acme"]["mean_sentiment"] == pytest.approx((0.2 + 1.9) / 9)


def test_sentiment_daily_rolls_over_seven_days_weighted_by_mentions(con):
    day = one(con, "SELECT * FROM sentiment_daily WHERE entity_id = 'acme' AND day = ?", D15)
    assert day["mean_sentiment"] == pytest.approx(1.9 / 7)
    # Jan 9-14: one mention at +0.1 a day, then Jan 15: 7 mentions summing to 1.9
    assert day["rolling_7d_sentiment"] == pytest.approx((6 * 0.1 + 1.9) / 13)
    # +0.6 +0.6 +0.5 +0.3 (the band's edge is positive) / 0.0 +0.2 / -0.3 (negative)
    assert (day["n"], day["positive"], day["neutral"], day["negative"]) == (7, 4, 2, 1)
    quiet = one(
        con, "SELECT * FROM sentiment_daily WHERE entity_id = 'acme' AND day = DATE '2025-01-03'"
    )
    assert quiet["rolling_7d_sentiment"] == pytest.approx(0.1)


def test_spikes_flag_a_real_spike_and_not_noise_on_few_mentions(con):
    spikes = {r["entity_id"]: r for r in rows(con, "SELECT * FROM spikes WHERE day = ?", D15)}
    acme = spikes["acme"]  # 8 articles after 14 days of exactly one
    assert (acme["mentions"], acme["baseline_mean"], acme["baseline_std"]) == (8, 1.0, 0.0)
    assert acme["z_score"] == pytest.approx(7.0) and acme["is_spike"]
    globex = spikes["globex"]  # one article on Jan 1, then 4 on Jan 15: z ~ 3.9, too few
    assert globex["baseline_mean"] == pytest.approx(1 / 14)
    assert globex["baseline_std"] == pytest.approx(math.sqrt(13) / 14)
    assert globex["z_score"] == pytest.approx(4 - 1 / 14)
    assert globex["mentions"] == 4 and not globex["is_spike"]
    initech = spikes["initech"]  # 6 after 3 days of one: z = 5, but 3 days are no baseline
    assert (initech["z_score"], initech["baseline_days"], initech["is_spike"]) == (5.0, 3, False)
    assert spikes["person:jane-doe"]["z_score"] is None
    # Dense: every day from the first mention to the last day, zeros included.
    per_entity = dict(con.execute("SELECT entity_id, count(*) FROM spikes GROUP BY ALL").fetchall())
    assert per_entity == {"acme": 15, "globex": 15, "initech": 4, "person:jane-doe": 1}
    zero = one(con, "SELECT * FROM spikes WHERE entity_id = 'globex' AND day = DATE '2025-01-02'")
    assert (zero["mentions"], zero["baseline_mean"], zero["z_score"]) == (0, 1.0, -1.0)
    assert con.execute("SELECT count(*) FROM spikes WHERE is_spike").fetchone()[0] == 1


def test_cooccurrence_counts_articles_naming_both(con):
    found = rows(
        con,
        "SELECT entity_a, entity_b, articles, first_day, last_day FROM cooccurrence ORDER BY ALL",
    )
    assert [(r["entity_a"], r["entity_b"], r["articles"]) for r in found] == [
        ("acme", "globex", 4),
        ("acme", "initech", 4),
        ("acme", "person:jane-doe", 1),
        ("initech", "person:jane-doe", 1),
    ]
    assert {(r["first_day"], r["last_day"]) for r in found} == {(D15, D15)}
    names = one(con, "SELECT name_a, name_b FROM cooccurrence WHERE entity_b = 'globex'")
    assert names == {"name_a": "Acme", "name_b": "Globex"}


def test_source_coverage_per_source_and_entity(con):
    found = {
        (r["source_id"], r["entity_id"]): r for r in rows(con, "SELECT * FROM source_coverage")
    }
    assert len(found) == 10
    alpha = found[("s1", "acme")]  # d1-d14 at +0.1, a1 +0.6, a4 +0.3, a6 0.0
    assert (alpha["source_name"], alpha["articles"]) == ("Alpha News", 17)
    assert alpha["mean_sentiment"] == pytest.approx(2.3 / 17)
    assert (alpha["first_day"], alpha["last_day"]) == (date(2025, 1, 1), D15)
    assert found[("s2", "acme")]["mean_sentiment"] == pytest.approx(0.15)  # a7 has no tone
    assert found[("s2", "initech")]["articles"] == 6
    gamma = found[("s3", "globex")]
    assert (gamma["articles"], gamma["mean_sentiment"], gamma["n_sentiment"]) == (1, None, 0)


def test_feed_health_status_failures_and_recent_items(con):
    found = {r["source_id"]: r for r in rows(con, "SELECT * FROM feed_health")}
    assert {s: r["status"] for s, r in found.items()} == {
        "s1": "ok",
        "s2": "failing",
        "s3": "never_succeeded",
    }
    assert (found["s2"]["consecutive_failures"], found["s2"]["last_error"]) == (2, "http_500")
    assert found["s2"]["last_success_at"] is not None and found["s3"]["last_success_at"] is None
    # First seen in the 7 days before the run's as-of (Jan 16 00:00 UTC):
    # s1 d9-d14 and a1, a4, a6, a9; s2 i12-i14 and a2, a5, a7, a10; s3 a3, a8.
    assert {s: r["items_7d"] for s, r in found.items()} == {"s1": 10, "s2": 7, "s3": 2}


def test_days_follow_the_reporting_time_zone(path):
    with db.reader(path, reporting_timezone="Europe/Berlin") as con:
        # d14 was published at 23:30 UTC on Jan 14: 00:30 on Jan 15 in Berlin.
        acme = dict(
            con.execute(
                "SELECT day, articles FROM mentions_daily WHERE entity_id = 'acme'"
                " AND day >= DATE '2025-01-14'"
            ).fetchall()
        )
        assert acme == {D15: 9}
        assert con.execute("SELECT report_tz()").fetchone()[0] == "Europe/Berlin"
    with db.reader(path) as con:  # the stored setting is untouched
        assert con.execute("SELECT report_tz()").fetchone()[0] == "UTC"


def test_a_stored_time_zone_rebuilds_the_materialized_tables(tmp_path):
    path = fx.build(tmp_path / "tz.duckdb")
    with db.session(path) as con:
        db.migrate(con, reporting_timezone="Europe/Berlin")
        assert materialize.is_current(con)
        assert con.execute(
            "SELECT articles FROM int_entity_days WHERE entity_id = 'acme' AND day = ?", [D15]
        ).fetchone() == (9,)
    with (
        pytest.raises(WarehouseError, match="unknown reporting time zone"),
        db.session(path) as con,
    ):
        db.migrate(con, reporting_timezone="Mars/Olympus")


def test_sql_labels_agree_with_python(con):
    scores = [i / 100 for i in range(-100, 101)] + [NEUTRAL_BAND, -NEUTRAL_BAND]
    labels = con.execute(
        "SELECT s, sentiment_label(s) FROM unnest(CAST(? AS DOUBLE[])) AS t(s)", [scores]
    ).fetchall()
    assert all(label == sentiment_label(score) for score, label in labels)
    assert con.execute("SELECT neutral_band()").fetchone()[0] == NEUTRAL_BAND


def _arrow(rows: list) -> pa.Table:
    """Loader rows (warehouse.rows records) as an Arrow table with the loader's schema."""
    schema = loader.arrow_schema(type(rows[0]))
    return pa.Table.from_pylist([dataclasses.asdict(r) for r in rows], schema=schema)


def _tables(con) -> dict[str, list[tuple]]:
    return {
        m.name: con.execute(f"SELECT * FROM {m.name} ORDER BY ALL").fetchall()
        for m in materialize.models()
    }


def _rebuilt(con) -> dict[str, list[tuple]]:
    return {
        m.name: con.execute(f"{m.query()} ORDER BY ALL").fetchall() for m in materialize.models()
    }


def test_incremental_refresh_equals_a_full_rebuild(tmp_path):
    con = db.open_warehouse(tmp_path / "inc.duckdb")
    try:
        fx.setup_tables(con)
        early = [a for a in fx.ARTICLES if a[2].day < 15]
        late = [a for a in fx.ARTICLES if a not in early]
        loader.insert_articles(con, *fx.batch(early))
        assert not materialize.is_current(con)
        materialize.refresh(con)
        state = json.loads(materialize._state(con)["data"])
        loader.insert_articles(con, *fx.batch(late))
        now = json.loads(materialize._signature(con)["data"])
        assert materialize._appended_after(con, state, now) == state["mentions_last_rowid"]
        assert materialize.refresh(con) == "incremental"
        assert materialize.refresh(con) == "current"
        assert _tables(con) == _rebuilt(con)
        # Re-deduplication alone (only appends since): a copy becomes its own story.
        con.execute("UPDATE articles SET duplicate_of = NULL WHERE article_id = 'a2'")
        assert materialize.refresh(con) == "incremental"
        assert _tables(con) == _rebuilt(con)
        # Reprocessing: a1 no longer names globex; a copy becomes its own story.
        a1 = fx.batch([a for a in fx.ARTICLES if a[0] == "a1"])[1][:1]
        update = EnrichmentUpdate("a1", 0.0, "done", "test", None)
        loader.replace_enrichment(con, [update], a1, [])
        con.execute("UPDATE articles SET duplicate_of = NULL WHERE article_id = 'a3'")
        assert materialize.refresh(con) == "incremental"
        assert _tables(con) == _rebuilt(con)
        acme = con.execute(
            "SELECT unique_stories FROM int_entity_days WHERE entity_id = 'acme' AND day = ?", [D15]
        ).fetchone()
        assert acme == (8,)  # a2 and a3 are stories of their own now
        con.execute("DELETE FROM mentions WHERE article_id = 'g1'")
        con.execute("DELETE FROM articles WHERE article_id = 'g1'")
        assert materialize.refresh(con) == "incremental"
        assert _tables(con) == _rebuilt(con)
    finally:
        con.close()


def test_a_reader_computes_stale_tables_from_their_queries(tmp_path):
    path = fx.build(tmp_path / "stale.duckdb")
    raw = duckdb.connect(str(path))  # a writer that is not mediawatch: no refresh
    raw.execute("DELETE FROM mentions WHERE article_id = 'a8'")
    raw.close()
    with db.reader(path) as con:
        assert con.execute(
            "SELECT articles FROM mentions_daily WHERE entity_id = 'acme' AND day = ?", [D15]
        ).fetchone() == (7,)
    with db.session(path) as con:
        assert materialize.refresh(con) == "incremental"


def test_views_are_applied_once_and_recreated_when_missing(tmp_path):
    path = tmp_path / "v.duckdb"
    with db.session(path) as con:
        db.migrate(con)
        assert materialize.apply_views(con) == []
        assert materialize.views_current(con)
        con.execute("DROP VIEW spikes")
        assert not materialize.views_current(con)
        assert "spikes" in materialize.apply_views(con)
        assert materialize.views_current(con)


def test_the_documented_questions_run(con):
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 5
    for sql in blocks:
        con.execute(sql).fetchall()
    for view in VIEWS:
        assert f"`{view}`" in README.read_text(encoding="utf-8")


def test_a_reader_upgrades_a_warehouse_from_before_the_views(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # as an older mediawatch left it: migrations 1 and 2
        con.execute(statement("schema_migrations_create"))
        for version, name, sql_path in migration_files():
            if version < 3:
                con.execute(sql_path.read_text(encoding="utf-8"))
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, 'old', now())", [version, name]
                )
        fx.setup_tables(con)
        for table, rows in zip(("articles", "mentions"), fx.batch(fx.ARTICLES), strict=True):
            # the columns of migrations 1 and 2 only, as the loader of that time wrote them
            old = con.table(table).columns
            con.register("batch", _arrow(rows).select(old))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")
    with db.reader(path) as con:
        assert materialize.views_current(con) and materialize.is_current(con)
        assert con.execute("SELECT count(*) FROM spikes WHERE is_spike").fetchone() == (1,)
