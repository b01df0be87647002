"""The CPU-bound path of a new article, as one worker call: page → article → row → enrichment.

Composes the stages (`extract`, `selection.article_row`, `enrich`) so that a part of a batch
crosses the process boundary once: the fetched page goes in, the warehouse row and its enrichment
come back. Duplicate detection and the load stay in the flow process, in batch order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipelines import selection
from pipelines.enrich import EnrichJob, Enrichment, enrich_batch
from pipelines.extract import build_article
from pipelines.records import FetchResult, Watchlist


@dataclass(frozen=True, slots=True)
class ArticleJob:
    candidate: selection.Candidate
    page: FetchResult
    run_id: str
    first_seen: datetime


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    outcome: str  # the extraction outcome, as the run summary counts it
    extraction_method: str | None
    row: dict[str, Any] | None  # the warehouse row; None when nothing usable was found
    enrichment: Enrichment | None  # set exactly when row is


def process_articles(jobs: Sequence[ArticleJob], watchlist: Watchlist) -> list[ProcessedArticle]:
    """Extract, build the row and enrich each job's article; results in job order."""
    extracted, rows = [], []
    for job in jobs:
        page = job.page
        result = build_article(
            job.candidate.item,
            page.content if page.ok else None,
            page.final_url or job.candidate.url,
            job.first_seen,
            now=job.first_seen,
            content_type=page.content_type,
            charset=page.charset,
        )
        row = selection.article_row(
            job.candidate, page, result, run_id=job.run_id, first_seen=job.first_seen
        )
        extracted.append((result, row))
        if row is not None:
            rows.append(row)
    enrichments = iter(
        enrich_batch(
            [EnrichJob(r["article_id"], r["title"], r["text"], r["language"]) for r in rows],
            watchlist,
        )
    )
    return [
        ProcessedArticle(
            result.outcome, result.extraction_method, row, next(enrichments) if row else None
        )
        for result, row in extracted
    ]


def warm_up(watchlist: Watchlist) -> None:
    """Load what a worker needs (trafilatura, spaCy, the tone model) before the first article."""
    import trafilatura  # noqa: F401 - the import is the cost

    enrich_batch(
        [EnrichJob("warm-up", None, "Nvidia said on Monday that sales rose.", "en")], watchlist
    )
