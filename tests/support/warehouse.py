"""A small warehouse whose trend views are computed by hand in tests/warehouse/test_views.py,
and the loader rows it is made of.

Three watchlist companies and one discovered person, three sources, 15 January days of 2025:

- acme: one article a day on Jan 1-14 (s1, tone +0.1; Jan 14's at 23:30 UTC, Jan 15 in Berlin),
  then 8 articles on Jan 15 (a1-a8), three of them one story (a2, a3 are copies of a1): a spike.
- globex: once on Jan 1 (g1), then 4 articles on Jan 15 (a1-a4, 2 stories): z-score above 3 but
  too few mentions to spike.
- initech: once a day on Jan 12-14, then 6 articles on Jan 15: z-score 5 on 6 mentions, but only
  3 days of baseline, so no spike.
- Jane Doe (discovered): once, in a8.

Sources: s1 healthy, s2 failing twice in a row, s3 never fetched successfully. One run, as of
Jan 16 00:00 UTC. Articles are first seen an hour after they are published.

Stories (events, as the clustering would place them; STORIES): a1 with its copies a2, a3 and a4
(outlets s1, s2 an hour later, s3 two hours later); a5, a6, a7, a8 (s2, s1 after an hour, s3 after
three); a9 and a10 (s1, s2 an hour later); i12, i13, i14 (s2 alone, over two days). Every other
article is a story of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from warehouse import db, loader, materialize
from warehouse.rows import (
    AliasRow,
    ArticleRow,
    EntityRow,
    FeedCheckRow,
    MentionRow,
    SourceRow,
    StoryLinkRow,
)

AS_OF = datetime(2025, 1, 16, tzinfo=UTC)
DAY_BEFORE = AS_OF - timedelta(days=1)
SOURCES = {"s1": "Alpha News", "s2": "Beta Post", "s3": "Gamma Daily"}
ENTITIES = [
    ("acme", "Acme", "ORG", "watchlist"),
    ("globex", "Globex", "ORG", "watchlist"),
    ("initech", "Initech", "ORG", "watchlist"),
    ("person:jane-doe", "Jane Doe", "PERSON", "discovered"),
]
ALIASES = [("acme", "Acme"), ("acme", "ACME Corp"), ("globex", "Globex"), ("initech", "Initech")]

# (article id, source, published at UTC, duplicate of, {entity: target sentiment})
ARTICLES: list[tuple[str, str, datetime, str | None, dict[str, float | None]]] = [
    *(
        (f"d{n}", "s1", datetime(2025, 1, n, 10, tzinfo=UTC), None, {"acme": 0.1})
        for n in range(1, 14)
    ),
    ("d14", "s1", datetime(2025, 1, 14, 23, 30, tzinfo=UTC), None, {"acme": 0.1}),
    ("g1", "s2", datetime(2025, 1, 1, 12, tzinfo=UTC), None, {"globex": -0.5}),
    *(
        (f"i{n}", "s2", datetime(2025, 1, n, 12, tzinfo=UTC), None, {"initech": 0.4})
        for n in (12, 13, 14)
    ),
    ("a1", "s1", datetime(2025, 1, 15, 9, tzinfo=UTC), None, {"acme": 0.6, "globex": -0.4}),
    ("a2", "s2", datetime(2025, 1, 15, 10, tzinfo=UTC), "a1", {"acme": 0.6, "globex": -0.4}),
    ("a3", "s3", datetime(2025, 1, 15, 11, tzinfo=UTC), "a1", {"acme": 0.5, "globex": None}),
    ("a4", "s1", datetime(2025, 1, 15, 12, tzinfo=UTC), None, {"acme": 0.3, "globex": 0.0}),
    ("a5", "s2", datetime(2025, 1, 15, 13, tzinfo=UTC), None, {"acme": -0.3, "initech": 0.2}),
    ("a6", "s1", datetime(2025, 1, 15, 14, tzinfo=UTC), None, {"acme": 0.0, "initech": 0.2}),
    ("a7", "s2", datetime(2025, 1, 15, 15, tzinfo=UTC), None, {"acme": None, "initech": 0.2}),
    (
        "a8",
        "s3",
        datetime(2025, 1, 15, 16, tzinfo=UTC),
        None,
        {"acme": 0.2, "initech": 0.2, "person:jane-doe": 0.0},
    ),
    ("a9", "s1", datetime(2025, 1, 15, 17, tzinfo=UTC), None, {"initech": 0.2}),
    ("a10", "s2", datetime(2025, 1, 15, 18, tzinfo=UTC), None, {"initech": 0.2}),
]

# story id -> its articles, in order of arrival (the first started it)
STORIES = {
    "a1": ["a1", "a2", "a3", "a4"],
    "a5": ["a5", "a6", "a7", "a8"],
    "a9": ["a9", "a10"],
    "i12": ["i12", "i13", "i14"],
}


def story_links(articles: list[tuple]) -> list[StoryLinkRow]:
    """Where each of `articles` (rows of ARTICLES) went: STORIES, or a story of its own."""
    story_of = {aid: sid for sid, members in STORIES.items() for aid in members}
    links = []
    for aid, _, _, duplicate_of, _ in articles:
        sid = story_of.get(aid, aid)
        if sid == aid:
            links.append(StoryLinkRow(aid, sid, "start", None))
        else:
            joined, similarity = ("copy", None) if duplicate_of else ("similar", 0.5)
            links.append(StoryLinkRow(aid, sid, joined, similarity))
    return links


def article_row(
    aid: str,
    source: str = "s1",
    published: datetime = DAY_BEFORE,
    duplicate_of: str | None = None,
    **overrides: Any,
) -> ArticleRow:
    """An enriched article of source, first seen an hour after it was published; any field can
    be overridden."""
    row = ArticleRow(
        article_id=aid,
        url=f"https://{source}.example/{aid}",
        canonical_url=f"https://{source}.example/{aid}",
        final_url=None,
        source_id=source,
        guid=None,
        title=f"Story {aid}",
        author=None,
        published_at=published,
        date_source="feed",
        published_raw=None,
        first_seen_at=published + timedelta(hours=1),
        fetched_at=published + timedelta(hours=1),
        language="en",
        sitename=None,
        text=f"Text of {aid}.",
        word_count=3,
        extraction_method="page",
        extraction_outcome="full",
        extraction_reason=None,
        http_status=200,
        run_id="r1",
        duplicate_of=duplicate_of,
        duplicate_kind="exact" if duplicate_of else None,
        doc_sentiment=0.0,
        nlp_status="done",
        enrichment_version="test",
    )
    return replace(row, **overrides)


def mention_row(aid: str, entity_id: str, sentiment: float | None) -> MentionRow:
    return MentionRow(aid, entity_id, entity_id, 1, False, True, 0, sentiment, None, "watchlist")


def batch(articles: list[tuple]) -> tuple[list[ArticleRow], list[MentionRow]]:
    """Loader rows (articles, mentions) of some of ARTICLES."""
    rows = [article_row(aid, src, ts, dup) for aid, src, ts, dup, _ in articles]
    mentions = [
        mention_row(aid, eid, score)
        for aid, _, _, _, tone in articles
        for eid, score in tone.items()
    ]
    return rows, mentions


def setup_tables(con: Any) -> None:
    """Sources, entities, feed health and the run: everything but the articles."""
    loader.upsert_sources(
        con,
        [
            SourceRow(
                sid,
                name,
                f"https://{sid}.example/feed.xml",
                f"{sid}.example",
                ("news",),
                "en",
                "US",
                AS_OF,
            )
            for sid, name in SOURCES.items()
        ],
    )
    loader.sync_watchlist(
        con,
        [EntityRow(e, n, t, o, AS_OF) for e, n, t, o in ENTITIES],
        [AliasRow(e, a, False) for e, a in ALIASES],
    )
    checked = AS_OF - timedelta(hours=3)
    loader.record_feed_checks(
        con,
        [
            FeedCheckRow("s1", checked, "ok", 200, None, None, 5),
            FeedCheckRow("s2", checked, "ok", 200, None, None, 5),
            FeedCheckRow("s3", checked, "failed", 500, "http_500", "Oops", 5),
        ],
    )
    for hours in (2, 1):
        failed_at = AS_OF - timedelta(hours=hours)
        loader.record_feed_checks(
            con, [FeedCheckRow("s2", failed_at, "failed", 500, "http_500", "Oops", 5)]
        )
    loader.start_run(con, "r1", "daily-ingest", AS_OF, AS_OF)


def build(path: Path) -> Path:
    """The fixture warehouse at path, loaded in two writer sessions as an ingest would."""
    with db.session(path) as con:
        db.migrate(con)
        setup_tables(con)
    first = [a for a in ARTICLES if a[2] < datetime(2025, 1, 15, tzinfo=UTC)]
    second = [a for a in ARTICLES if a not in first]
    for part in (first, second):
        with db.session(path) as con:
            loader.insert_articles(con, *batch(part), links=story_links(part))
            materialize.refresh(con)
    return path
