"""Rebuild stored articles from the raw archive after an extraction change, without the network.

Each article is extracted again from its archived page with the feed item it came from,
re-parsed from the archived feed body of the run that loaded it: the same FeedItem the ingest
saw, content and summary included, which the page-or-feed-text decision needs and the articles
table does not keep. An article whose feed body is not archived gets a FeedItem rebuilt from its
stored columns (title, guid, author, date), so only the feed-text fallback can differ.
Extraction runs in the worker processes as in the ingest; each batch's changed articles are
rewritten in one transaction, and those whose text, title or language changed are marked for
re-enrichment (`mediawatch reprocess --stale-only`).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.runtime import batched, ingest_settings
from flows.workers import WorkerPool
from pipelines.archive import Location, read_responses
from pipelines.extract import ExtractJob
from pipelines.feeds import parse_feed_detailed
from pipelines.records import FeedItem, FetchResult
from pipelines.selection import Candidate, article_row
from pipelines.urls import canonicalize_url
from warehouse import archive_store, db

FEEDS_KEPT = 256  # parsed feed bodies kept between batches (articles of one run share one)


class ParsedFeeds:
    """Archived feed bodies parsed once: (file, offset) -> {canonical URL: FeedItem}."""

    def __init__(self, archive_dir: Path, capacity: int = FEEDS_KEPT) -> None:
        self.archive_dir = archive_dir
        self.capacity = capacity
        self._items: OrderedDict[tuple[str, int], dict[str, FeedItem]] = OrderedDict()

    def items_for(self, locations: Sequence[Location]) -> list[dict[str, FeedItem] | None]:
        """The items of each archived feed body, in order; None when the body is missing."""
        unread: dict[tuple[str, int], Location] = {}
        for location in locations:
            if _key(location) not in self._items:
                unread.setdefault(_key(location), location)
        wanted = list(unread.values())
        for location, body in zip(wanted, read_responses(self.archive_dir, wanted), strict=True):
            if body is not None:
                self._put(_key(location), items_by_url(body))
        out = []
        for location in locations:
            found = self._items.get(_key(location))
            if found is not None:
                self._items.move_to_end(_key(location))
            out.append(found)
        return out

    def _put(self, key: tuple[str, int], items: dict[str, FeedItem]) -> None:
        self._items[key] = items
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)


def _key(location: Location) -> tuple[str, int]:
    return (location.warc_path, location.record_offset)


def items_by_url(body: FetchResult) -> dict[str, FeedItem]:
    """A feed body's items by canonical link; of repeated links the one the ingest kept (the
    newest first, as pipelines.selection orders them)."""
    parsed = parse_feed_detailed(body.content, body.final_url or body.url, body.charset)
    newest_first = sorted(
        parsed.items,
        key=lambda i: (0, -i.published_at.timestamp()) if i.published_at else (1, 0.0),
    )
    found: dict[str, FeedItem] = {}
    for item in newest_first:
        if item.url:
            found.setdefault(canonicalize_url(item.url), item)
    return found


def item_from_columns(row: Mapping[str, Any]) -> FeedItem:
    """The feed item as far as the stored article tells it (no content or summary)."""
    return FeedItem(
        feed_url=row["feed_url"] or "",
        url=row["url"],
        guid=row["guid"],
        title=row["title"] or "",
        author=row["author"],
        published_at=row["published_at"] if row["date_source"] == "feed" else None,
        published_raw=row["published_raw"],
    )


def _location(row: Mapping[str, Any], prefix: str) -> Location | None:
    if row[f"{prefix}_path"] is None:
        return None
    return Location(
        row[f"{prefix}_path"],
        row[f"{prefix}_offset"],
        row[f"{prefix}_length"],
        row[f"{prefix}_sha256"],
    )


def _same(stored: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return all(
        (None if stored[c] is None else str(stored[c])) == (None if new[c] is None else str(new[c]))
        if c != "published_at"
        else stored[c] == new[c]
        for c in archive_store.EXTRACTION_COLUMNS
    )


def rebuild_jobs(
    rows: Sequence[Mapping[str, Any]],
    pages: Sequence[FetchResult | None],
    feed_items: Sequence[dict[str, FeedItem] | None],
    counts: Counter[str],
) -> list[tuple[Mapping[str, Any], Candidate, FetchResult | None, ExtractJob]]:
    """The extraction job of each article that can be rebuilt, as the ingest built it."""
    out = []
    for row, page, items in zip(rows, pages, feed_items, strict=True):
        if page is None and row["fetched_at"] is not None:
            counts["skipped_page_not_archived"] += 1
            continue
        item = (items or {}).get(row["canonical_url"])
        counts["feed_item_from_archive" if item else "feed_item_from_columns"] += 1
        item = item or item_from_columns(row)
        candidate = Candidate(row["article_id"], row["canonical_url"], row["source_id"], item)
        job = ExtractJob(
            item=item,
            page=page.content if page is not None else None,
            url=(page.final_url if page is not None else None) or candidate.url,
            first_seen=row["first_seen_at"],
            now=row["first_seen_at"],  # the ingest's "now" was the run's as_of, its first_seen
            content_type=page.content_type if page is not None else None,
            charset=page.charset if page is not None else None,
        )
        out.append((row, candidate, page, job))
    return out


@task(name="reextract-batch", cache_policy=NO_CACHE)
async def reextract_batch(
    db_path: str, pool: WorkerPool, ids: list[str], feeds: ParsedFeeds
) -> Counter[str]:
    """Read one batch's archived bodies, extract in the workers, rewrite what changed."""
    with db.session(db_path, read_only=True) as con:
        cursor = con.execute(db.query_sql("archive_reextract_batch"), {"ids": ids})
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    counts: Counter[str] = Counter()
    page_locations = [_location(r, "page") for r in rows]
    wanted = [loc for loc in page_locations if loc is not None]
    read = iter(read_responses(feeds.archive_dir, wanted))
    pages = [next(read) if loc is not None else None for loc in page_locations]
    feed_locations = [_location(r, "feed") for r in rows]
    parsed = iter(feeds.items_for([loc for loc in feed_locations if loc is not None]))
    feed_items = [next(parsed) if loc is not None else None for loc in feed_locations]
    work = rebuild_jobs(rows, pages, feed_items, counts)
    results = await pool.extract([job for *_, job in work])
    changed = []
    for (row, candidate, page, _), result in zip(work, results, strict=True):
        if result is None:
            counts["kept_extraction_failed"] += 1
            continue
        new = article_row(
            candidate, page, result, run_id=row["run_id"], first_seen=row["first_seen_at"]
        )
        if new is None:
            counts["kept_no_text_now"] += 1
        elif _same(row, new):
            counts["unchanged"] += 1
        else:
            changed.append({"article_id": row["article_id"], **new})
    if changed:
        with db.session(db_path) as con:
            counts["changed"] += archive_store.update_extraction(con, changed)
    return counts


@flow(name="reextract")
async def reextract(
    db_path: str | None = None,
    settings_path: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    """Extract stored articles (all, or published in [since, until)) again from the archive."""
    logger = get_run_logger()
    settings = ingest_settings(settings_path, None, None, db_path)
    path = str(settings.db_path)
    with db.session(path) as con:
        db.migrate(con, reporting_timezone=settings.reporting_timezone)
        params = {"since": since, "until": until}
        query = db.query_sql("archive_articles_to_reextract")
        ids = [r[0] for r in con.execute(query, params).fetchall()]
    counts: Counter[str] = Counter()
    feeds = ParsedFeeds(settings.archive_dir)
    if ids:
        async with WorkerPool(settings.workers) as pool:
            batches = list(batched(ids, settings.batch_size))
            for number, part in enumerate(batches, start=1):
                counts.update(await reextract_batch(path, pool, part, feeds))
                logger.info("batch %d/%d re-extracted", number, len(batches))
    summary = {"articles": len(ids), "changed": 0, "unchanged": 0, **counts}
    logger.info("Re-extracted %s", summary)
    return summary


def print_reextract_summary(summary: Mapping[str, Any], echo: Callable[[str], None]) -> None:
    """One line for the CLI, plus what could not be rebuilt."""
    echo(
        f"Re-extracted {summary['articles']} articles from the archive: "
        f"{summary['changed']} changed, {summary['unchanged']} unchanged."
    )
    notes = {
        "skipped_page_not_archived": "page no longer in the archive (pruned or moved), kept",
        "kept_no_text_now": "no text found now, kept as they were",
        "kept_extraction_failed": "extraction failed (an error), kept as they were",
        "feed_item_from_columns": "feed body not archived, feed item rebuilt from the article",
    }
    for key, text in notes.items():
        if summary.get(key):
            echo(f"  {summary[key]} {text}")
