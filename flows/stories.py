"""Event stories in the flows: resume the open stories when an ingest starts, place each loaded
batch in the flow process (the only writer), rebuild every story after a reprocess.

Wiring only: the clustering is pipelines.stories, the rows pipelines.story_rows, the SQL in
warehouse/. No Prefect task per article: a batch is placed inside its load.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.stories import StoryConfig, StoryIndex
from pipelines.story_rows import (
    StoryPlacement,
    batch_inputs,
    open_story,
    place,
    stored_input,
    vector_row,
)
from warehouse import db, loader, reads
from warehouse.rows import ArticleRow, MentionRow, StoryLinkRow

REBUILD_CHUNK = 5_000  # stored articles read at a time by a rebuild


def open_story_index(
    db_path: Path | str, as_of: datetime, config: StoryConfig | None = None
) -> StoryIndex:
    """The stories still open at `as_of` (last article within the window before it), resumed
    from the warehouse; the vectors of stories closed for good are dropped on the way."""
    config = config or StoryConfig()
    since = as_of - config.window
    with db.session(db_path) as con:
        loader.forget_story_vectors(con, since)
        rows = reads.rows(con, "open_stories", since=since)
    return StoryIndex.from_open((open_story(r) for r in rows), config)


def place_batch(
    con: duckdb.DuckDBPyConnection,
    index: StoryIndex,
    articles: Sequence[ArticleRow],
    mentions: Sequence[MentionRow],
    now: datetime | None = None,
) -> StoryPlacement:
    """Place a batch's articles (duplicates already marked) in the index, in published order.
    A copy whose original's story has closed joins it there (looked up in the warehouse)."""
    inputs = batch_inputs(articles, mentions)
    originals = sorted(
        {
            i.duplicate_of
            for i in inputs
            if i.duplicate_of and index.story_of(i.duplicate_of) is None
        }
    )
    stored = {}
    if originals:
        stored = {
            r["article_id"]: r["story_id"]
            for r in reads.rows(con, "stories_of_articles", ids=originals)
        }
    return place(index, inputs, stored, now or datetime.now(UTC))


def stories_missing(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some article is in no story (loaded before stories existed)."""
    return reads.rows(con, "articles_without_story")[0]["articles"] > 0


def rebuild_stories(db_path: Path | str, config: StoryConfig | None = None) -> dict[str, int]:
    """Every story anew from the stored articles in published order (deterministic: the same
    articles give the same stories), swapped in in one transaction; returns counts."""
    index, now = StoryIndex(config), datetime.now(UTC)
    links: list[StoryLinkRow] = []
    originals: dict[str, str] = {}  # originals of copies -> their story, after it closes too
    cpu_s = 0.0
    with db.session(db_path) as con:
        for chunk in reads.row_batches(con, "story_inputs", REBUILD_CHUNK):
            placed = place(index, [stored_input(r) for r in chunk], originals, now)
            originals |= {
                link.article_id: link.story_id
                for row, link in zip(chunk, placed.links, strict=True)
                if row["has_copies"]
            }
            links += placed.links
            cpu_s += placed.cpu_s
        vectors = [vector_row(s, now) for s in index.open_stories()]
        loader.replace_stories(con, links, vectors)
    return {
        "articles": len(links),
        "stories": len({link.story_id for link in links}),
        "cpu_ms": round(cpu_s * 1000),
    }
