"""Re-run enrichment over stored article text (after a watchlist or model change), offline.

Idempotent: each batch's mentions are replaced in one transaction and the article records the
enrichment version that produced them. Then every story is rebuilt from the stored articles in
published order (their entities may have changed), when anything was re-enriched or some article
has no story yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.runtime import batched, ingest_settings, migrate
from flows.stories import rebuild_stories, stories_missing
from flows.workers import WorkerPool
from pipelines.dedupe import DedupeInput, DuplicateIndex, IndexedArticle, fingerprint_row
from pipelines.enrich import (
    ENRICHMENT_VERSION,
    EnrichJob,
    topic_rows,
    warehouse_rows,
    watchlist_rows,
)
from pipelines.records import Watchlist
from pipelines.topics import Topic
from settings import load_topics, load_watchlist
from warehouse import db, loader, materialize, reads


@task(name="reprocess-batch", cache_policy=NO_CACHE)
async def reprocess_batch(
    db_path: str,
    pool: WorkerPool,
    ids: list[str],
    watchlist: Watchlist,
    tone: str,
    topics: Sequence[Topic],
    now: datetime,
    run_id: str | None = None,
) -> tuple[int, int]:
    """Read one batch of stored texts, enrich them in the workers, swap their mentions;
    (mentions, articles whose enrichment failed)."""
    with db.session(db_path, read_only=True) as con:
        rows = reads.rows(con, "article_texts", ids=ids)
    jobs = [
        EnrichJob(r["article_id"], r["title"], r["text"], r["language"], r["source_name"])
        for r in rows
    ]
    enrichments = await pool.enrich(jobs, watchlist, tone, topics)
    failures = [
        failure
        for row, e in zip(rows, enrichments, strict=True)
        if (failure := e.failure(row["url"], row["source_id"], now, run_id)) is not None
    ]
    updates, mentions, entities = warehouse_rows(enrichments, now)
    with db.session(db_path) as con:
        loader.replace_enrichment(con, updates, mentions, entities, failures)
        materialize.refresh(con)
    return len(mentions), len(failures)


def fill_missing_fingerprints(db_path: str) -> int:
    """Duplicate detection for articles loaded before it existed, in publication order."""
    with db.session(db_path) as con:
        missing = reads.rows(con, "articles_without_fingerprint")
        if not missing:
            return 0
        known = reads.rows(con, "recent_fingerprints", since=datetime(1970, 1, 1, tzinfo=UTC))
        results = DuplicateIndex.from_recent(IndexedArticle(**r) for r in known).assign(
            [DedupeInput(**r) for r in missing]
        )
        loader.update_fingerprints(con, [fingerprint_row(r) for r in results])
        materialize.refresh(con)
    return len(results)


@task(name="rebuild-stories", cache_policy=NO_CACHE)
def rebuild_all_stories(db_path: str) -> dict[str, int]:
    """Every story anew, in one pass over the stored articles (one task, not one per article)."""
    return rebuild_stories(db_path)


@flow(name="reprocess")
async def reprocess(
    db_path: str | None = None,
    watchlist_path: str | None = None,
    settings_path: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    stale_only: bool = False,
) -> dict[str, Any]:
    """Re-enrich stored articles (all, a period, or only those from an older enrichment)."""
    logger = get_run_logger()
    settings = ingest_settings(settings_path, None, watchlist_path, db_path)
    watchlist = load_watchlist(settings.watchlist_path)
    topics = load_topics(settings.topics_path)
    now = datetime.now(UTC)
    path = str(settings.db_path)
    with db.session(path) as con:
        migrate(con, settings)
        loader.sync_watchlist(con, *watchlist_rows(watchlist, now))
        loader.sync_watchlist(con, topic_rows(topics, now), [])
        params = {
            "since": since,
            "until": until,
            "stale_only": stale_only,
            "version": ENRICHMENT_VERSION,
        }
        ids = [r["article_id"] for r in reads.rows(con, "articles_to_enrich", **params)]
        released = loader.release_failed_items(con)
    fingerprinted = fill_missing_fingerprints(path)
    mentions = failed = 0
    async with WorkerPool(settings.workers) as pool:
        batches = list(batched(ids, settings.batch_size))
        for number, part in enumerate(batches, start=1):
            found, failing = await reprocess_batch(
                path, pool, part, watchlist, settings.tone, topics, now
            )
            mentions, failed = mentions + found, failed + failing
            logger.info("batch %d/%d re-enriched", number, len(batches))
    with db.session(path, read_only=True) as con:
        rebuild = bool(ids) or stories_missing(con)
    stories = rebuild_all_stories(path) if rebuild else None
    summary = {
        "articles": len(ids),
        "mentions": mentions,
        "failed": failed,
        "released": released,
        "fingerprinted": fingerprinted,
        "stories": stories,
        "enrichment_version": ENRICHMENT_VERSION,
    }
    logger.info("Reprocessed %s", summary)
    return summary
