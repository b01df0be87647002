"""Stories in the warehouse: links are kept, a story is recomputed from all its articles, loads
are idempotent, and the story views on the hand-made warehouse (tests/support/warehouse.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.support import warehouse as fx
from warehouse import db, loader, reads
from warehouse.rows import StoryLinkRow, StoryVectorRow

T0 = datetime(2025, 1, 15, 9, tzinfo=UTC)


@pytest.fixture
def con(tmp_path: Path):
    with db.session(tmp_path / "w.duckdb") as connection:
        db.migrate(connection)
        fx.setup_tables(connection)
        yield connection


def story(con, story_id: str) -> dict:
    cur = con.execute("SELECT * FROM stories WHERE story_id = ?", [story_id])
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row else {}


def counts(con) -> tuple[int, int, int]:
    return tuple(
        con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("article_stories", "stories", "story_vectors")
    )


def vector(story_id: str, now: datetime = T0) -> StoryVectorRow:
    return StoryVectorRow(story_id, b"ST\x01\x00", ("acme",), (1,), now)


def test_story_loads_are_idempotent_and_an_article_keeps_its_story(con):
    rows = [
        fx.article_row("a1", "s1", T0, title="Acme recalls robots"),
        fx.article_row("a2", "s2", T0 + timedelta(hours=1), "a1", language="de"),
    ]
    links = [StoryLinkRow("a1", "a1", "start", 0.1), StoryLinkRow("a2", "a1", "copy", None)]
    loader.insert_articles(con, rows, links=links, vectors=[vector("a1")])
    before = counts(con)
    loader.save_stories(con, links, [vector("a1")])  # a re-run
    loader.save_stories(con, [StoryLinkRow("a2", "elsewhere", "start", None)])
    assert counts(con) == before == (2, 1, 1)
    assert con.execute("SELECT story_id FROM article_stories WHERE article_id = 'a2'").fetchone()
    assert story(con, "a1") == {
        "story_id": "a1",
        "first_article_id": "a1",
        "first_source_id": "s1",
        "first_seen": T0,
        "last_seen": T0 + timedelta(hours=1),
        "articles": 2,
        "outlets": 2,
        "languages": ["de", "en"],
        "headline": "Acme recalls robots",
    }
    assert story(con, "elsewhere") == {}
    assert not reads.run_checks(con)
    con.execute("DELETE FROM article_stories WHERE article_id = 'a2'")
    assert [(f.check, f.sample) for f in reads.run_checks(con)] == [
        ("stories_match_their_links", [("a1", 2, 1)])
    ]


def test_a_later_batch_recomputes_the_story_from_all_its_articles(con):
    loader.insert_articles(
        con, [fx.article_row("a1", "s1", T0)], links=[StoryLinkRow("a1", "a1", "start", None)]
    )
    # a late article, published before the first one, from another outlet, without a title
    late = fx.article_row("late", "s3", T0 - timedelta(hours=2), title=None)
    loader.insert_articles(con, [late], links=[StoryLinkRow("late", "a1", "similar", 0.4)])
    found = story(con, "a1")
    assert (found["first_article_id"], found["first_source_id"]) == ("late", "s3")
    assert (found["first_seen"], found["last_seen"]) == (T0 - timedelta(hours=2), T0)
    assert (found["articles"], found["outlets"], found["headline"]) == (2, 2, "Story a1")


def test_articles_and_their_stories_load_in_one_transaction(con):
    bad = StoryLinkRow("a1", "a1", None, None)  # type: ignore[arg-type]  # NOT NULL violation
    with pytest.raises(Exception, match="NOT NULL"):
        loader.insert_articles(con, [fx.article_row("a1")], links=[bad])
    assert counts(con) == (0, 0, 0)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_replace_swaps_every_story_and_forget_drops_closed_vectors(con):
    rows = [fx.article_row(a, "s1", T0 + timedelta(days=n)) for n, a in enumerate(("a", "b"))]
    links = [StoryLinkRow(r.article_id, r.article_id, "start", None) for r in rows]
    loader.insert_articles(con, rows, links=links, vectors=[vector("a"), vector("b")])
    loader.replace_stories(
        con,
        [StoryLinkRow("a", "a", "start", None), StoryLinkRow("b", "a", "similar", 0.9)],
        [vector("a")],
    )
    assert counts(con) == (2, 1, 1) and story(con, "a")["articles"] == 2
    loader.forget_story_vectors(con, T0 + timedelta(days=1))  # the story's last article: day 1
    assert counts(con) == (2, 1, 1)
    loader.forget_story_vectors(con, T0 + timedelta(days=1, seconds=1))
    assert counts(con) == (2, 1, 0)


# --- views, on the hand-made warehouse ---------------------------------------------------------


@pytest.fixture(scope="module")
def path(trend_warehouse: Path) -> Path:
    return trend_warehouse


def query(path: Path, sql: str, *params: object, tz: str | None = None) -> list[tuple]:
    with db.reader(path, reporting_timezone=tz) as con:
        return con.execute(sql, list(params) or None).fetchall()


def test_stories_say_who_broke_them_and_how_far_they_spread(path):
    assert query(
        path,
        "SELECT story_id, first_article_id, first_source_id, articles, outlets, span_hours"
        " FROM stg_stories WHERE outlets > 1 OR articles > 1 ORDER BY story_id",
    ) == [
        ("a1", "a1", "s1", 4, 3, 3.0),
        ("a5", "a5", "s2", 4, 3, 3.0),
        ("a9", "a9", "s1", 2, 2, 1.0),
        ("i12", "i12", "s2", 3, 1, 48.0),
    ]
    assert query(path, "SELECT count(*) FROM stg_stories")[0][0] == len(fx.ARTICLES) - 9


def test_a_story_timeline_lists_outlets_in_order_of_arrival(path):
    assert query(
        path,
        "SELECT arrival, source_name, first_article_id, hours_after_first, articles"
        " FROM story_outlets WHERE story_id = 'a5' ORDER BY arrival",
    ) == [
        (1, "Beta Post", "a5", 0.0, 2),
        (2, "Alpha News", "a6", 1.0, 1),
        (3, "Gamma Daily", "a8", 3.0, 1),
    ]
    hourly = query(
        path,
        "SELECT hour, articles, new_outlets, articles_so_far, outlets_so_far"
        " FROM story_timeline_hourly WHERE story_id = 'a5' ORDER BY hour",
    )
    assert [h[1:] for h in hourly] == [(1, 1, 1, 1), (1, 1, 2, 2), (1, 0, 3, 2), (1, 1, 4, 3)]
    assert hourly[0][0] == datetime(2025, 1, 15, 13)  # local time of the reporting zone
    daily = query(path, "SELECT * FROM story_timeline_daily WHERE story_id = 'i12' ORDER BY day")
    assert [(d[1], d[2], d[4], d[6]) for d in daily] == [
        (date(2025, 1, 12), 1, 1, 1),
        (date(2025, 1, 13), 1, 0, 1),
        (date(2025, 1, 14), 1, 0, 1),
    ]


def test_timelines_follow_the_reporting_time_zone(path):
    sql = "SELECT day, hour FROM int_story_articles WHERE article_id = 'd14'"
    assert query(path, sql) == [(date(2025, 1, 14), datetime(2025, 1, 14, 23))]
    assert query(path, sql, tz="Europe/Berlin") == [(date(2025, 1, 15), datetime(2025, 1, 15, 0))]


def test_stories_per_entity_and_week_count_an_event_once(path):
    """Acme in W03: articles a1-a8 (two stories of four articles, syndicated copies included) and
    d13, d14: four stories, where unique_stories (syndication) counts eight."""
    row = query(
        path,
        "SELECT stories, multi_outlet_stories, articles, top_story_id, top_headline"
        " FROM entity_stories_weekly WHERE entity_id = 'acme' AND week = '2025-W03'",
    )
    assert row == [(4, 2, 10, "a1", "Story a1")]
    unique = query(
        path,
        "SELECT unique_stories FROM share_of_voice_weekly"
        " WHERE entity_id = 'acme' AND week = '2025-W03'",
    )
    assert unique == [(8,)]
