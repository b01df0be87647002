"""The daily ingest flow: feeds → new items → pages → articles → DuckDB.

Wiring only: each task is a thin wrapper around stages in `pipelines/`. One task per group of
feeds; per batch of articles, one task for pages, extraction and enrichment (in worker
processes) and one for duplicates and the load, with consecutive batches overlapped.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import acreate_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from flows.alerts import on_ingest_completion, on_ingest_failure
from flows.reprocess import reprocess_batch
from flows.runtime import batched, ingest_lock, ingest_settings, migrate
from flows.stories import open_story_index, place_batch
from flows.workers import WorkerPool
from pipelines import selection
from pipelines.archive import prune as prune_archive
from pipelines.archive_writer import WarcArchive
from pipelines.articles import ArticleJob
from pipelines.dedupe import DedupeInput, DuplicateIndex, IndexedArticle, fingerprint_row
from pipelines.enrich import Enrichment, topic_rows, warehouse_rows, watchlist_rows
from pipelines.feeds import parse_feed_detailed
from pipelines.fetch import Fetcher
from pipelines.records import Watchlist
from pipelines.stories import StoryIndex
from pipelines.story_rows import StoryPlacement
from pipelines.summary import RunSummary
from pipelines.topics import Topic
from pipelines.urls import host_of
from search.articles import add_articles
from search.index import SearchDocument
from settings import Settings, Source, load_sources, load_topics, load_watchlist
from warehouse import archive_store, db, loader, materialize, reads
from warehouse.rows import (
    ArchiveIndexRow,
    ArticleRow,
    EntityRow,
    ItemFailure,
    MentionRow,
    PageAttemptRow,
    SourceRow,
)

FLOW_NAME = "daily-ingest"
DEDUPE_WINDOW_DAYS = 30  # new articles are compared with those published this recently
# Batches between page fetch and load at once: two keep the workers busy while a batch's pages
# download and the batch before it loads; memory holds at most this many batches of pages.
BATCHES_IN_FLIGHT = 2
# Feeds per fetch task: a Prefect task costs ~3 ms of CPU and rows in Prefect's database, so a
# thousand feeds make twenty tasks, not a thousand (politeness is per host, in the fetcher).
FEEDS_PER_TASK = 50


@task(name="fetch-feeds", cache_policy=NO_CACHE)
async def fetch_feeds(
    fetcher: Fetcher,
    sources: Sequence[Source],
    states: dict[str, dict[str, Any]],
    as_of: datetime,
    archive: WarcArchive | None = None,
) -> list[selection.FeedOutcome]:
    """Fetch and parse a group of feeds concurrently; outcomes in order, never a raise."""
    return await asyncio.gather(
        *(_fetch_feed(fetcher, s, states.get(s.id, {}), as_of, archive) for s in sources)
    )


async def _fetch_feed(
    fetcher: Fetcher,
    source: Source,
    state: dict[str, Any],
    as_of: datetime,
    archive: WarcArchive | None,
) -> selection.FeedOutcome:
    """Fetch and parse one feed (conditional GET); the outcome is a value, never a raise."""
    fetched = await fetcher.fetch(
        source.url,
        etag=state.get("etag"),
        last_modified=state.get("last_modified"),
        accept="application/rss+xml, application/atom+xml, application/feed+json, "
        "application/xml;q=0.9, */*;q=0.8",
    )
    if archive is not None:
        archive.record(fetched, kind="feed", source_id=source.id)
    return selection.feed_outcome(
        source.id,
        fetched,
        previous_body_hash=state.get("body_hash"),
        checked_at=as_of,
        parse=parse_feed_detailed,
        previous_failures=state.get("consecutive_failures") or 0,
    )


def _load(db_path: Path, batch: LoadBatch, stories: StoryIndex) -> tuple[int, StoryPlacement]:
    """Place the batch in stories, then load it in one short transaction; returns how many
    articles were new, and the placement."""
    with db.session(db_path) as con:
        archive_store.save_index(con, batch.archived)
        loader.record_page_attempts(con, batch.retry_later)
        placed = place_batch(con, stories, batch.articles, batch.mentions)
        loaded = loader.insert_articles(
            con, batch.articles, batch.mentions, batch.entities, batch.failures,
            placed.links, placed.vectors,
        )  # fmt: skip
        materialize.refresh(con)
        return loaded, placed


def _index(run: RunContext, articles: Sequence[ArticleRow]) -> None:
    """Add a loaded batch to the full-text index. The articles are in the warehouse already: an
    index that cannot be written costs search its newest articles (`mediawatch search --rebuild`
    brings them back), never the run."""
    documents = [
        SearchDocument(
            a.article_id,
            a.title,
            a.text,
            run.source_names.get(a.source_id),
            a.language,
            a.published_at,
        )
        for a in articles
    ]
    try:
        add_articles(run.settings.db_path, documents)
    except Exception as exc:  # the index is derived data, rebuilt from the warehouse at will
        get_run_logger().warning("could not update the search index: %s", exc)
        run.summary.count("search_index_failures")


@dataclass(slots=True)
class LoadBatch:
    """One batch's rows, from the workers to the load."""

    articles: list[ArticleRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)
    retry_later: list[PageAttemptRow] = field(default_factory=list)
    archived: list[ArchiveIndexRow] = field(default_factory=list)
    failures: list[ItemFailure] = field(default_factory=list)

    def extend(self, part: LoadBatch) -> None:
        """Add a part's rows after this batch's."""
        self.articles += part.articles
        self.mentions += part.mentions
        self.entities += part.entities
        self.retry_later += part.retry_later
        self.archived += part.archived
        self.failures += part.failures


@dataclass(slots=True)
class RunContext:
    """What every batch of one run shares."""

    settings: Settings
    watchlist: Watchlist
    topics: tuple[Topic, ...]
    fetcher: Fetcher
    pool: WorkerPool
    duplicates: DuplicateIndex
    attempts: dict[str, int]
    run_id: str
    as_of: datetime
    summary: RunSummary
    source_names: dict[str, str] = field(default_factory=dict)
    archive: WarcArchive | None = None
    # sources with pages left for a later run: their validators are not saved, so that the
    # next run reads the feed again and finds those items
    deferred_sources: set[str] = field(default_factory=set)
    stories: StoryIndex = field(default_factory=StoryIndex)  # open at as_of, then as loaded


def _prepare(
    settings: Settings,
    sources: Sequence[Source],
    watchlist: Watchlist,
    topics: Sequence[Topic],
    run_id: str,
    started: datetime,
    as_of: datetime,
) -> tuple[dict[str, dict[str, Any]], DuplicateIndex]:
    """Migrate, record the run, sync sources, watchlist and topics; read feed state and recent
    articles."""
    with db.session(settings.db_path) as con:
        migrate(con, settings)
        loader.start_run(con, run_id, FLOW_NAME, started, as_of)
        loader.upsert_sources(con, [_source_row(s, started) for s in sources])
        loader.sync_watchlist(con, *watchlist_rows(watchlist, started))
        loader.sync_watchlist(con, topic_rows(topics, started), [])
        since = as_of - timedelta(days=DEDUPE_WINDOW_DAYS)
        recent = reads.rows(con, "recent_fingerprints", since=since)
        index = DuplicateIndex.from_recent(IndexedArticle(**r) for r in recent)
        return loader.feed_states(con), index


def _source_row(source: Source, now: datetime) -> SourceRow:
    return SourceRow(
        source.id, source.name, source.url, host_of(source.url), tuple(source.tags),
        source.language, source.country, now,
    )  # fmt: skip


@task(name="process-batch", cache_policy=NO_CACHE)
async def process_batch(
    batch: Sequence[selection.Candidate], run: RunContext, last: bool = False
) -> LoadBatch:
    """Pages (robots.txt honoured) → extraction and enrichment in the workers → rows, not yet
    checked for duplicates. The batch goes in parts, each to the workers as soon as its own
    pages are in: the workers start on the first part while the others download. The run's
    last batch goes in smaller parts, so that the workers finish it nearly together."""
    size = run.pool.part_size(len(batch), last=last)
    parts = await asyncio.gather(
        *(_process_part(batch[i : i + size], run) for i in range(0, len(batch), size))
    )
    out = LoadBatch()
    enrichments = []
    for part, part_enrichments in parts:
        out.extend(part)
        enrichments += part_enrichments
    _, out.mentions, out.entities = warehouse_rows(enrichments, run.as_of)
    return out


async def _process_part(
    part: Sequence[selection.Candidate], run: RunContext
) -> tuple[LoadBatch, list[Enrichment]]:
    pages = await run.fetcher.fetch_many([c.url for c in part], check_robots=True)
    jobs, out = [], LoadBatch()
    if run.archive is not None:
        for candidate, page in zip(part, pages, strict=True):
            run.archive.record(page, kind="page", source_id=candidate.source_id)
        out.archived = run.archive.take_index()  # this part's records: no await in between
    for candidate, page in zip(part, pages, strict=True):
        run.summary.count_page(page)
        if selection.page_failure_is_transient(page, run.attempts.get(candidate.article_id, 0)):
            run.deferred_sources.add(candidate.source_id)
            error = page.error or f"http_{page.http_status}"
            out.retry_later.append(
                PageAttemptRow(candidate.article_id, candidate.url, error, run.as_of)
            )
            continue
        name = run.source_names.get(candidate.source_id)
        jobs.append(ArticleJob(candidate, page, run.run_id, run.as_of, name))
    enrichments = []
    processed = await run.pool.process(jobs, run.watchlist, run.settings.tone, run.topics, split=1)
    for done in processed:
        run.summary.count_extraction(done.outcome, done.extraction_method)
        if done.failure is not None:
            out.failures.append(done.failure)
            run.summary.add_item_failure(done.failure)
            if done.failure.retry:  # read the feed again next run, to find the item again
                run.deferred_sources.add(done.failure.source_id)
        if done.row is not None:
            out.articles.append(done.row)
            enrichments.append(done.enrichment)
    return out, enrichments


@task(name="load-batch", cache_policy=NO_CACHE)
async def load_batch(out: LoadBatch, run: RunContext) -> None:
    """Duplicates against everything before this batch → stories → one load (in a thread, so
    that the event loop keeps fetching pages and feeding the workers meanwhile)."""
    rows = [DedupeInput(a.article_id, a.published_at, a.text) for a in out.articles]
    fingerprints = [fingerprint_row(dup) for dup in run.duplicates.assign(rows)]
    out.articles = [a.with_fingerprint(f) for a, f in zip(out.articles, fingerprints, strict=True)]
    for f in fingerprints:
        run.summary.count(
            f"duplicates_{f.duplicate_kind}" if f.duplicate_kind else "unique_stories"
        )
    run.summary.count("mentions", len(out.mentions))
    loaded, placed = await asyncio.to_thread(_load, run.settings.db_path, out, run.stories)
    run.summary.count("articles_loaded", loaded)
    for key, n in placed.counts().items():
        run.summary.count(key, n)
    await asyncio.to_thread(_index, run, out.articles)
    run.summary.count("pages_retry_later", len(out.retry_later))


async def _process_batches(
    batches: Sequence[Sequence[selection.Candidate]], run: RunContext
) -> None:
    """Every batch through pages, workers, duplicates and load, overlapped: while the workers
    process one batch, the next one's pages download and its parts queue behind, and the batch
    before is checked for duplicates and loaded. Duplicates and loads still go in batch order, so
    the result is the same as one batch after another (which copy of a story counts as the
    original does not depend on timing)."""
    logger = get_run_logger()
    in_flight, stop = asyncio.Semaphore(BATCHES_IN_FLIGHT), asyncio.Event()

    async def upstream(batch: Sequence[selection.Candidate], last: bool) -> LoadBatch:
        async with in_flight:
            if stop.is_set():
                return LoadBatch()
            # quote: Prefect would otherwise walk (and copy) every row to find task inputs
            return await process_batch(quote(batch), quote(run), last)

    # a deque, so that each batch's rows are let go once loaded
    pending = deque(
        asyncio.ensure_future(upstream(batch, n == len(batches)))
        for n, batch in enumerate(batches, start=1)
    )
    for number in range(1, len(batches) + 1):
        try:
            rows = await pending.popleft()
            await load_batch(quote(rows), quote(run))
            logger.info("batch %d/%d done: %s", number, len(batches), run.summary.progress())
        except Exception:
            # Let the batch already in the workers end rather than cancel its task mid-flight
            # (Prefect would log that as a crash beside the real error); later ones do nothing.
            stop.set()
            await asyncio.gather(*pending, return_exceptions=True)
            raise
        except BaseException:  # a cancelled run stops at once
            for rest in pending:
                rest.cancel()
            raise


def _stop_reason(exc: BaseException) -> str:
    """What the runs table says of a run that ended with exc."""
    # TerminationSignal: SIGTERM while Prefect's engine holds its own handler (it raises that)
    if isinstance(exc, asyncio.CancelledError | KeyboardInterrupt | SystemExit | TerminationSignal):
        return "stopped before it finished (interrupted, terminated or cancelled)"
    return f"{type(exc).__name__}: {exc}"[:500]


async def _retry_enrichment(run: RunContext) -> None:
    """Enrich again the stored articles whose enrichment failed in an earlier run (each is
    tried until it has failed loader.MAX_ATTEMPTS times; `mediawatch reprocess` any time)."""
    path = str(run.settings.db_path)
    with db.session(path) as con:
        found = reads.rows(con, "enrichment_retries", run_id=run.run_id)
    for part in batched([r["article_id"] for r in found], run.settings.batch_size):
        _, failed = await reprocess_batch(
            path,
            run.pool,
            part,
            run.watchlist,
            run.settings.tone,
            run.topics,
            run.as_of,
            run.run_id,
        )
        run.summary.count("enrichment_retried", len(part))
        run.summary.count("enrichment_retry_failed", failed)


@flow(
    name=FLOW_NAME,
    log_prints=True,
    on_failure=[on_ingest_failure],
    on_crashed=[on_ingest_failure],
    on_completion=[on_ingest_completion],
)
async def daily_ingest(
    sources_path: str | None = None,
    watchlist_path: str | None = None,
    db_path: str | None = None,
    settings_path: str | None = None,
    as_of: datetime | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fetch every enabled feed, load the new articles, and record the run.

    Paths override the settings file; `settings_overrides` overrides any setting
    (e.g. `{"fetch": {"allow_loopback": true}}`); `as_of` is the run's "now".
    """
    settings = ingest_settings(
        settings_path, sources_path, watchlist_path, db_path, settings_overrides
    )
    with ingest_lock(settings.db_path):
        return await _ingest(settings, as_of)


async def _ingest(settings: Settings, as_of: datetime | None) -> dict[str, Any]:
    """The run itself, under the ingest lock."""
    logger = get_run_logger()
    sources = [s for s in load_sources(settings.sources_path) if s.enabled]
    watchlist = load_watchlist(settings.watchlist_path)
    topics = load_topics(settings.topics_path)
    started = datetime.now(UTC)
    as_of = as_of or started
    run_id = str(flow_run.id or uuid.uuid4())
    summary = RunSummary(run_id=run_id, as_of=as_of, sources=len(sources))
    states, duplicates = _prepare(settings, sources, watchlist, topics, run_id, started, as_of)
    due = [s for s in sources if selection.feed_is_due(states.get(s.id, {}), as_of)]
    if resting := len(sources) - len(due):
        summary.count("feeds_gone_resting", resting)
    logger.info("Fetching %d feeds (%d gone feeds resting)", len(due), resting)
    try:
        async with (
            Fetcher(settings.fetch) as fetcher,
            WorkerPool(settings.workers) as pool,
            WarcArchive(settings.archive_dir, run_id) as archive,
        ):
            groups = await asyncio.gather(
                *(
                    fetch_feeds(fetcher, group, quote(states), as_of, archive)
                    for group in batched(due, FEEDS_PER_TASK)
                )
            )
            outcomes = [outcome for group in groups for outcome in group]
            summary.add_feeds(outcomes, {s.id: s.name for s in sources})
            with db.session(settings.db_path) as con:
                loader.record_feed_checks(con, [o.check_row() for o in outcomes])
                archive_store.save_index(con, archive.take_index())
                caps = {s.id: s.item_cap(settings.max_items_per_feed) for s in sources}
                chosen = selection.select_candidates(
                    outcomes,
                    max_items=caps.__getitem__,
                    known_ids=lambda ids: loader.existing_article_ids(con, ids),
                    given_up=lambda entries: loader.given_up_items(con, entries),
                )
                attempts = loader.page_attempt_counts(
                    con, [c.article_id for c in chosen.candidates]
                )
            summary.counts.update(chosen.counts)
            run = RunContext(
                settings, watchlist, topics, fetcher, pool, duplicates, attempts, run_id, as_of,
                summary, {s.id: s.name for s in sources},
            )  # fmt: skip
            run.archive = archive
            run.stories = open_story_index(settings.db_path, as_of)
            batches = list(batched(chosen.candidates, settings.batch_size))
            logger.info("%d new articles in %d batches", len(chosen.candidates), len(batches))
            warming = pool.warm_up(watchlist) if batches else []
            await _process_batches(batches, run)
            await asyncio.gather(*warming)
            await _retry_enrichment(run)
            if pool.restarts:
                summary.count("worker_restarts", pool.restarts)
        with db.session(settings.db_path) as con:
            loader.save_validators(
                con,
                [
                    o.validator_row()
                    for o in outcomes
                    if o.status == "ok" and o.body_hash and o.source_id not in run.deferred_sources
                ],
            )
            pruned = prune_archive(
                settings.archive_dir, settings.archive_retention_days, datetime.now(UTC)
            )
            archive_store.forget_files(con, pruned)
            summary.check_failures = [f"{c.check}: {c.rows} rows" for c in reads.run_checks(con)]
            loader.finish_run(
                con,
                run_id,
                finished_at=datetime.now(UTC),
                status=summary.status(),
                counts=summary.counts,
                failures=summary.failures,
            )
    except BaseException as exc:
        try:
            with db.session(settings.db_path) as con:
                loader.finish_run(
                    con,
                    run_id,
                    finished_at=datetime.now(UTC),
                    status="failed",
                    counts=summary.counts,
                    failures=summary.failures,
                    error=_stop_reason(exc),
                )
        except Exception as recording:  # a full disk refuses this write too: keep the cause
            logger.warning("could not record the failed run: %s", recording)
        raise
    await acreate_markdown_artifact(
        summary.markdown(),
        key="daily-ingest-summary",
        description="Counts per stage, failing feeds",
    )
    logger.info("Run %s: %s", summary.status(), summary.progress())
    return summary.as_dict()
