"""The worker path of a new article (pipelines/articles.py) and the chunked worker pool."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from flows.runtime import WorkerPool
from pipelines.articles import ArticleJob, ProcessedArticle, process_articles
from pipelines.records import Alias, FeedItem, FetchResult, FetchStatus, Watchlist, WatchlistEntity
from pipelines.selection import Candidate

NOW = datetime(2025, 2, 20, 12, 0, tzinfo=UTC)
WATCHLIST = Watchlist((WatchlistEntity("nvidia", "Nvidia", "ORG", (Alias("Nvidia"),)),))
BODY = (
    "Nvidia said on Tuesday that demand for its accelerators stayed strong in the quarter, and "
    "analysts in Santa Clara called the results impressive. Regulators in several countries said "
    "they would review the new rules on advanced chips, and industry groups warned that the "
    "measures could slow research. "
)


def job(n: int, *, page_ok: bool = True, summary: str = "") -> ArticleJob:
    url = f"https://news.example/story-{n}.html"
    item = FeedItem(
        feed_url="https://news.example/rss",
        url=url,
        guid=url,
        title=f"Story {n}",
        summary=summary,
        published_at=NOW - timedelta(hours=n),
    )
    html = (
        f"<html lang='en'><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
        + "".join(f"<p>In part {i} of the report, {BODY}</p>" for i in range(4))
        + "</article></body></html>"
    )
    page = (
        FetchResult(url, FetchStatus.OK, url, 200, html.encode(), "text/html", "utf-8")
        if page_ok
        else FetchResult(url, FetchStatus.FAILED, url, 404, error="http_404")
    )
    return ArticleJob(Candidate(f"a{n}", url, "src", item), page, "run-1", NOW)


def summarised(done: list[ProcessedArticle]) -> list[tuple]:
    return [
        (
            d.outcome,
            d.row["article_id"] if d.row else None,
            d.enrichment.article_id if d.enrichment else None,
            sorted(m.entity_id for m in d.enrichment.mentions if m.method == "watchlist")
            if d.enrichment
            else None,
        )
        for d in done
    ]


JOBS = [job(0), job(1, page_ok=False), job(2), job(3, page_ok=False, summary=BODY), job(4)]


def test_rows_and_enrichments_come_back_in_job_order():
    done = process_articles(JOBS, WATCHLIST)
    assert summarised(done) == [
        ("full", "a0", "a0", ["nvidia"]),
        ("failed", None, None, None),  # no page, no feed text: nothing to store
        ("full", "a2", "a2", ["nvidia"]),
        ("short", "a3", "a3", ["nvidia"]),  # the feed's summary stands in for the page
        ("full", "a4", "a4", ["nvidia"]),
    ]
    assert done[0].extraction_method == "page" and done[3].extraction_method == "feed_summary"
    assert done[0].row["title"] == "Story 0" and done[0].row["run_id"] == "run-1"
    assert done[0].row["http_status"] == 200 and done[0].row["first_seen_at"] == NOW


def test_worker_pool_splits_calls_and_keeps_the_order():
    async def run() -> list[ProcessedArticle]:
        async with WorkerPool(2, split=3) as pool:
            await asyncio.gather(*pool.warm_up(WATCHLIST))
            return await pool.process(JOBS, WATCHLIST)

    assert summarised(asyncio.run(run())) == summarised(process_articles(JOBS, WATCHLIST))
