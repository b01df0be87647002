"""Rebuild stored articles from the raw archive after an extraction change, without the network.

Extraction runs in the worker processes as in the ingest (the stage is pipelines.reextract);
each batch's changed articles are rewritten in one transaction, and those whose text, title or
language changed are marked for re-enrichment (`mediawatch reprocess --stale-only`).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.runtime import batched, ingest_settings, migrate
from flows.workers import WorkerPool
from pipelines.reextract import ParsedFeeds, changes, rebuild
from search.articles import reindex
from warehouse import archive_store, db, materialize, reads


@task(name="reextract-batch", cache_policy=NO_CACHE)
async def reextract_batch(
    db_path: str, pool: WorkerPool, ids: list[str], feeds: ParsedFeeds
) -> Counter[str]:
    """Read one batch's archived bodies, extract in the workers, rewrite what changed."""
    with db.session(db_path, read_only=True) as con:
        rows = reads.rows(con, "archive_reextract_batch", ids=ids)
    counts: Counter[str] = Counter()
    rebuilt = rebuild(rows, feeds, counts)
    changed = changes(rebuilt, await pool.extract([r.job for r in rebuilt]), counts)
    if changed:
        with db.session(db_path) as con:
            counts["changed"] += archive_store.update_extraction(con, changed)
            materialize.refresh(con)
        reindex(Path(db_path), [c.article_id for c in changed])
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
        migrate(con, settings)
        found = reads.rows(con, "archive_articles_to_reextract", since=since, until=until)
        ids = [r["article_id"] for r in found]
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
