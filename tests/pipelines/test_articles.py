"""The worker path of a new article (pipelines/articles.py) and the chunked worker pool."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from flows.workers import WorkerPool
from pipelines.articles import ArticleJob, ProcessedArticle, process_articles
from pipelines.enrich import EnrichJob, enrich_batch
from pipelines.records import Alias, FeedItem, FetchResult, FetchStatus, Watchlist, WatchlistEntity
from pipelines.selection import Candidate, entry_hash

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
            d.row.article_id if d.row else None,
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
    assert done[0].row.title == "Story 0" and done[0].row.run_id == "run-1"
    assert done[0].row.http_status == 200 and done[0].row.first_seen_at == NOW
    assert done[0].row.nlp_status == "done" and done[0].row.enrichment_version is not None


def test_worker_pool_splits_calls_and_keeps_the_order():
    async def run() -> list[ProcessedArticle]:
        async with WorkerPool(2, split=3) as pool:
            await asyncio.gather(*pool.warm_up(WATCHLIST))
            return await pool.process(JOBS, WATCHLIST, "tiered", ())

    assert summarised(asyncio.run(run())) == summarised(process_articles(JOBS, WATCHLIST))


def test_an_article_whose_extraction_raises_fails_alone():
    good, broken = job(0), job(1)
    # a page body of the wrong type: the extraction raises on this article only
    bad_page = FetchResult(
        broken.page.url, FetchStatus.OK, broken.page.url, 200, "<p>", "text/html"
    )
    broken = ArticleJob(broken.candidate, bad_page, "run-1", NOW)
    done = process_articles([good, broken, job(2)], WATCHLIST)
    assert [d.outcome for d in done] == ["full", "error", "full"]
    assert done[0].row is not None and done[2].enrichment.mentions
    failure = done[1].failure
    assert (failure.stage, failure.error, failure.retry) == ("extract", "TypeError", True)
    assert (failure.article_id, failure.url, failure.source_id) == (
        "a1",
        broken.candidate.url,
        "src",
    )
    assert failure.entry_hash == entry_hash(broken.candidate.item) and failure.is_error


def test_an_article_whose_enrichment_raises_is_kept_with_the_error():
    jobs = [EnrichJob("ok", "Nvidia rises", BODY, "en"), EnrichJob("bad", None, None, "en")]
    ok, bad = enrich_batch(jobs, WATCHLIST)
    assert ok.nlp_status == "done" and ok.error is None and ok.mentions
    assert bad.nlp_status == "failed" and bad.error.startswith("TypeError: ")
    assert (bad.mentions, bad.doc_sentiment) == ((), None)
    failure = bad.failure("https://x.example/bad", "src", NOW, "run-1")
    assert (failure.stage, failure.error, failure.retry) == ("enrich", "TypeError", True)
    assert ok.failure("https://x.example/ok", "src", NOW, "run-1") is None


def test_an_item_with_nothing_to_store_is_recorded_as_a_page_failure():
    done = process_articles([job(1, page_ok=False)], WATCHLIST)
    failure = done[0].failure
    assert done[0].row is None and done[0].outcome == "failed"
    assert (failure.stage, failure.error, failure.retry, failure.is_error) == (
        "page",
        "http_404",
        False,
        False,
    )
