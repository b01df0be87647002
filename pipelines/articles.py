"""The CPU-bound path of a new article, as one worker call: page → article → row → enrichment.

Composes the stages (`extract`, `selection.article_row`, `enrich`) so that a part of a batch
crosses the process boundary once: the fetched page goes in, the warehouse row and its enrichment
come back. Duplicate detection and the load stay in the flow process, in batch order.

One article's error never touches another: an extraction that raises gives that article a
failure record, an enrichment that raises keeps the article with its enrichment marked failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pipelines import selection
from pipelines.enrich import EnrichJob, Enrichment, ToneMode, enrich_batch
from pipelines.extract import ExtractionResult, build_article, extract_article
from pipelines.records import FetchResult, Watchlist, describe_error
from pipelines.topics import Topic
from warehouse.rows import ArticleRow, FailureStage, ItemFailure


@dataclass(frozen=True, slots=True)
class ArticleJob:
    candidate: selection.Candidate
    page: FetchResult
    run_id: str
    first_seen: datetime
    source_name: str | None = None


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    outcome: str  # the extraction outcome, as the run summary counts it ("error" when it raised)
    extraction_method: str | None
    row: ArticleRow | None  # extracted and enriched; None when nothing usable was found
    enrichment: Enrichment | None  # its mentions and discovered entities; set exactly when row is
    failure: ItemFailure | None = None  # what went wrong, when something did


def process_articles(
    jobs: Sequence[ArticleJob],
    watchlist: Watchlist,
    tone: str = ToneMode.TIERED,
    topics: Sequence[Topic] = (),
) -> list[ProcessedArticle]:
    """Extract, build the row and enrich each job's article; results in job order."""
    extracted = [_extract(job) for job in jobs]
    found = [(job, row) for job, (_, row, _) in zip(jobs, extracted, strict=True) if row]
    enrichments = iter(
        enrich_batch(
            [EnrichJob(r.article_id, r.title, r.text, r.language, j.source_name) for j, r in found],
            watchlist,
            ToneMode(tone),
            topics=topics,
        )
    )
    done = []
    for job, (result, row, failure) in zip(jobs, extracted, strict=True):
        if row is None:
            done.append(ProcessedArticle(_outcome(result), _method(result), None, None, failure))
            continue
        enrichment = next(enrichments)
        candidate = job.candidate
        failure = enrichment.failure(
            candidate.url,
            candidate.source_id,
            job.first_seen,
            job.run_id,
            selection.entry_hash(candidate.item),
        )
        row = row.with_enrichment(enrichment.update())
        done.append(ProcessedArticle(_outcome(result), _method(result), row, enrichment, failure))
    return done


def _extract(
    job: ArticleJob,
) -> tuple[ExtractionResult | None, ArticleRow | None, ItemFailure | None]:
    """(result, row, failure): a row when the article can be stored, else why not."""
    page = job.page
    try:
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
    except Exception as exc:  # the isolation boundary: this article only, recorded
        return None, None, job_failure(job, FailureStage.EXTRACT, *describe_error(exc), retry=True)
    if row is not None:
        return result, row, None
    # No text from the page nor the feed: the same entry would give the same answer.
    error = page.error or result.reason or result.outcome
    detail = page.detail or f"no usable text ({result.reason or result.outcome})"
    return result, None, job_failure(job, FailureStage.PAGE, error, detail)


def job_failure(
    job: ArticleJob, stage: FailureStage, error: str, message: str | None, *, retry: bool = False
) -> ItemFailure:
    """The failure record of one job's article."""
    candidate = job.candidate
    return ItemFailure(
        article_id=candidate.article_id,
        url=candidate.url,
        source_id=candidate.source_id,
        stage=stage,
        error=error,
        message=message,
        entry_hash=selection.entry_hash(candidate.item),
        retry=retry,
        failed_at=job.first_seen,
        run_id=job.run_id,
    )


def worker_died(job: ArticleJob, exc: BaseException) -> ProcessedArticle:
    """The result for an article whose worker died (twice) or raised outside the isolation."""
    failure = job_failure(job, FailureStage.WORKER, *describe_error(exc))
    return ProcessedArticle("error", None, None, None, failure)


def _outcome(result: ExtractionResult | None) -> str:
    return "error" if result is None else str(result.outcome)


def _method(result: ExtractionResult | None) -> str | None:
    return None if result is None or result.extraction_method is None else result.extraction_method


WARM_UP_PAGE = (
    b"<html><body><article><p>Publicado el 12 de marzo de 2024.</p>"
    b"<p>Nvidia said on Monday that sales rose.</p></article></body></html>"
)


def load_shared_models() -> None:
    """Load what every worker needs and can share read-only: trafilatura and the date parsers
    it falls back on (~2 s the first time), spaCy's NER, the linear tone model. The encoder
    (onnxruntime) is not here: a session is not to be carried across a fork."""
    extract_article(WARM_UP_PAGE, "https://warm-up.example/")
    enrich_batch(
        [EnrichJob("warm-up", None, "Nvidia said on Monday that sales rose.", "en")],
        Watchlist(()),
        ToneMode.LINEAR,
    )


def warm_up(watchlist: Watchlist) -> None:
    """Load what a worker needs before the first article: the shared models (at once, when
    the fork server has them already) and the tone encoder."""
    load_shared_models()
    enrich_batch(
        [EnrichJob("warm-up", None, "Nvidia said on Monday that sales rose.", "en")],
        watchlist,
        ToneMode.ENCODER,
    )
