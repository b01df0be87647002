"""Stories through the warehouse (flows/stories.py, without Prefect): a run resumes the open
stories exactly, a late syndicated copy finds its original's closed story, and a rebuild gives
what one pass in published order gives, every time."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from flows.stories import open_story_index, place_batch, rebuild_stories, stories_missing
from pipelines.stories import StoryIndex, StoryInput
from pipelines.story_rows import StoryPlacement
from tests.pipelines.test_stories import RECALL, SAME_DAY, T0
from tests.support import warehouse as fx
from warehouse import db, loader
from warehouse.rows import ArticleRow, MentionRow, StoryLinkRow

SOURCES = {"wire": "s1", "ledger": "s2", "review": "s3", "courier": "s1"}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    with db.session(tmp_path / "w.duckdb") as con:
        db.migrate(con)
        fx.setup_tables(con)
    return tmp_path / "w.duckdb"


def article(item: StoryInput) -> ArticleRow:
    source = SOURCES.get(item.source_id or "", "s1")
    return fx.article_row(
        item.article_id, source, item.published_at, item.duplicate_of,
        title=item.title, text=item.lead,
    )  # fmt: skip


def mentions(item: StoryInput) -> list[MentionRow]:
    """Its entities in the lead, plus two the clustering must not see: a name mentioned once
    deep in the text, and a topic."""
    aid = item.article_id
    named = [MentionRow(aid, e, e, 1, False, True, 0, None, None, "ner") for e in item.entity_ids]
    return [
        *named,
        MentionRow(aid, "gpe:nowhere", "Nowhere", 1, False, False, 900, None, None, "ner"),
        MentionRow(aid, "topic:robots", "robots", 3, True, True, 0, None, None, "topic"),
    ]


def load(path: Path, index: StoryIndex, items: list[StoryInput]) -> StoryPlacement:
    """One batch, as the ingest's load does it: placed, then loaded with its stories."""
    rows = [article(i) for i in items]
    found = [m for i in items for m in mentions(i)]
    with db.session(path) as con:
        placed = place_batch(con, index, rows, found)
        loader.insert_articles(con, rows, found, links=placed.links, vectors=placed.vectors)
    return placed


def links(path: Path) -> list[tuple]:
    with db.session(path, read_only=True) as con:
        return con.execute("SELECT * FROM article_stories ORDER BY article_id").fetchall()


def by_time(items: list[StoryInput]) -> list[StoryInput]:
    return sorted(items, key=lambda i: (i.published_at, i.article_id))


def test_the_next_run_resumes_the_open_stories_exactly(path):
    first = StoryIndex()
    placed = load(path, first, by_time([*RECALL[:2], *SAME_DAY]))
    assert [link.joined for link in placed.links] == ["start", "start", "start", "start", "similar"]
    resumed = open_story_index(path, as_of=T0 + timedelta(days=1))
    assert resumed.open_stories() == first.open_stories()
    later = load(path, resumed, [RECALL[2]])
    expected = first.assign([RECALL[2]])[0]
    assert later.links == (StoryLinkRow("recall-c", "recall-a", "similar", expected.similarity),)
    assert later.counts()["stories_joined"] == 1


def test_stories_closed_before_a_run_stay_closed_and_lose_their_vectors(path):
    load(path, StoryIndex(), by_time([*RECALL[:2], *SAME_DAY]))
    assert len(open_story_index(path, as_of=T0 + timedelta(days=5))) == 0
    with db.session(path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM story_vectors").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM stories").fetchone()[0] == 4


def test_a_late_copy_joins_its_original_s_closed_story(path):
    load(path, StoryIndex(), [SAME_DAY[0]])
    copy = replace(SAME_DAY[0], article_id="rates-copy", duplicate_of="rates",
                   published_at=T0 + timedelta(days=5), source_id="courier")  # fmt: skip
    index = open_story_index(path, as_of=copy.published_at)
    assert len(index) == 0
    placed = load(path, index, [copy])
    assert placed.links == (StoryLinkRow("rates-copy", "rates", "copy", None),)
    with db.session(path, read_only=True) as con:
        assert con.execute(
            "SELECT articles, outlets, last_seen FROM stories WHERE story_id = 'rates'"
        ).fetchone() == (2, 2, copy.published_at)


def test_a_rebuild_equals_one_pass_in_published_order_every_time(path):
    copy = replace(RECALL[0], article_id="recall-a-copy", duplicate_of="recall-a",
                   published_at=T0 + timedelta(hours=2), source_id="courier")  # fmt: skip
    items = by_time([*RECALL, *SAME_DAY, copy])
    index = StoryIndex()
    load(path, index, items[:3])
    load(path, index, items[3:])
    loaded = links(path)
    with db.session(path, read_only=True) as con:
        assert not stories_missing(con)
        vectors = con.execute("SELECT * EXCLUDE (updated_at) FROM story_vectors").fetchall()
    for _ in range(2):
        counts = rebuild_stories(path)
        assert (counts["articles"], counts["stories"]) == (7, 4)
        assert links(path) == loaded
        with db.session(path, read_only=True) as con:
            again = con.execute("SELECT * EXCLUDE (updated_at) FROM story_vectors").fetchall()
        assert sorted(again) == sorted(vectors)


def test_articles_without_a_story_call_for_a_rebuild(path):
    with db.session(path) as con:
        loader.insert_articles(con, [article(RECALL[0])])
        assert stories_missing(con)
    rebuild_stories(path)
    with db.session(path, read_only=True) as con:
        assert not stories_missing(con)
    assert links(path) == [("recall-a", "recall-a", "start", None)]
