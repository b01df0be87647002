"""The warehouse's rows as typed records: one frozen dataclass per kind of row the pipeline
writes, one field per column, named as the column.

The stages build these records; `warehouse.loader` derives each Arrow schema from the fields'
types (`Count`, `BigCount` and the other aliases below say which integer the column is), and
`tests/warehouse/test_rows.py` checks every record against the migrated tables. Plain data: no
DuckDB, no pyarrow here, so any stage may build rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, NewType

Count = int  # INTEGER
BigCount = NewType("BigCount", int)  # BIGINT


@dataclass(frozen=True, slots=True)
class SourceRow:
    TABLE: ClassVar[str] = "sources"

    source_id: str
    name: str
    url: str
    site: str | None
    tags: tuple[str, ...]
    language: str | None
    country: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class FeedCheckRow:
    """One feed fetch's outcome, folded into feed_state (health and failures in a row)."""

    TABLE: ClassVar[str] = "feed_state"
    COLUMNS: ClassVar[dict[str, str]] = {  # field -> column, where the names differ
        "checked_at": "last_checked_at",
        "status": "last_status",
        "http_status": "last_http_status",
        "error": "last_error",
        "detail": "last_error_detail",
        "item_count": "last_item_count",
    }

    source_id: str
    checked_at: datetime
    status: str  # ok, not_modified, unchanged, failed
    http_status: Count | None
    error: str | None
    detail: str | None
    item_count: Count | None


@dataclass(frozen=True, slots=True)
class ValidatorRow:
    """Conditional-GET validators of a feed whose items are all loaded."""

    TABLE: ClassVar[str] = "feed_state"

    source_id: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None


@dataclass(frozen=True, slots=True)
class PageAttemptRow:
    """A page that failed transiently: it waits for a later run (page_attempts counts)."""

    TABLE: ClassVar[str] = "page_attempts"
    COLUMNS: ClassVar[dict[str, str]] = {"error": "last_error", "attempted_at": "last_attempt_at"}

    article_id: str
    url: str
    error: str
    attempted_at: datetime


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article. Extraction fills the first block, enrichment the second (in the worker),
    duplicate detection the third (in the flow, in batch order: `with_fingerprint`)."""

    TABLE: ClassVar[str] = "articles"

    article_id: str  # sha256(canonical_url)[:16]
    url: str
    canonical_url: str
    final_url: str | None
    source_id: str
    guid: str | None
    title: str | None
    author: str | None
    published_at: datetime
    date_source: str  # feed, page, first_seen
    published_raw: str | None
    first_seen_at: datetime
    fetched_at: datetime | None
    language: str | None
    sitename: str | None
    text: str
    word_count: Count
    extraction_method: str  # page, feed_content, feed_summary
    extraction_outcome: str  # full, short, paywall_suspected
    extraction_reason: str | None
    http_status: Count | None
    run_id: str
    doc_sentiment: float | None = None
    nlp_status: str | None = None  # done, skipped_language, failed
    enrichment_version: str | None = None
    enrichment_error: str | None = None
    content_hash: str | None = None
    minhash: bytes | None = None
    duplicate_of: str | None = None
    duplicate_kind: str | None = None  # exact, near

    def with_enrichment(self, update: EnrichmentUpdate) -> ArticleRow:
        return replace(
            self,
            doc_sentiment=update.doc_sentiment,
            nlp_status=update.nlp_status,
            enrichment_version=update.enrichment_version,
            enrichment_error=update.enrichment_error,
        )

    def with_fingerprint(self, fingerprint: FingerprintRow) -> ArticleRow:
        return replace(
            self,
            content_hash=fingerprint.content_hash,
            minhash=fingerprint.minhash,
            duplicate_of=fingerprint.duplicate_of,
            duplicate_kind=fingerprint.duplicate_kind,
        )


@dataclass(frozen=True, slots=True)
class ExtractionUpdate:
    """The columns extraction decides, rewritten by re-extraction from the raw archive."""

    TABLE: ClassVar[str] = "articles"

    article_id: str
    title: str | None
    author: str | None
    published_at: datetime
    date_source: str
    language: str | None
    sitename: str | None
    text: str
    word_count: Count
    extraction_method: str
    extraction_outcome: str
    extraction_reason: str | None


@dataclass(frozen=True, slots=True)
class EnrichmentUpdate:
    """The article columns enrichment decides (reprocess rewrites them)."""

    TABLE: ClassVar[str] = "articles"

    article_id: str
    doc_sentiment: float | None
    nlp_status: str
    enrichment_version: str | None  # None when it failed: `reprocess --stale-only` finds it
    enrichment_error: str | None


@dataclass(frozen=True, slots=True)
class FingerprintRow:
    """What duplicate detection decided for one article."""

    TABLE: ClassVar[str] = "articles"

    article_id: str
    content_hash: str
    minhash: bytes
    duplicate_of: str | None
    duplicate_kind: str | None


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One entity in one article."""

    TABLE: ClassVar[str] = "mentions"

    article_id: str
    entity_id: str
    surface: str
    mention_count: Count
    in_title: bool
    in_lead: bool
    first_offset: Count  # into the body text; -1 when only the title mentions it
    target_sentiment: float | None
    evidence: str | None
    method: str  # watchlist, ner


@dataclass(frozen=True, slots=True)
class StoryLinkRow:
    """Which story one article joined, and how (pipelines.stories); inserted once, kept."""

    TABLE: ClassVar[str] = "article_stories"

    article_id: str
    story_id: str
    joined: str  # start, similar, copy
    similarity: float | None


@dataclass(frozen=True, slots=True)
class StoryVectorRow:
    """What event clustering remembers of an open story, to resume it in the next run."""

    TABLE: ClassVar[str] = "story_vectors"

    story_id: str
    terms: bytes
    entity_ids: tuple[str, ...]
    entity_counts: tuple[Count, ...]
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class EntityRow:
    TABLE: ClassVar[str] = "entities"

    entity_id: str
    name: str
    type: str
    origin: str  # watchlist, discovered
    first_seen_at: datetime


@dataclass(frozen=True, slots=True)
class AliasRow:
    TABLE: ClassVar[str] = "entity_aliases"

    entity_id: str
    alias: str
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class ArchiveIndexRow:
    """Where one archived body sits in the WARC files, and what it is."""

    TABLE: ClassVar[str] = "archive_index"

    warc_path: str  # relative to the archive root, with forward slashes
    record_offset: BigCount
    record_length: BigCount  # bytes of the gzip member
    kind: str  # feed, page
    url: str  # as asked for
    final_url: str  # after redirects: the record's WARC-Target-URI
    canonical_url: str
    source_id: str | None
    run_id: str | None
    http_status: Count | None
    content_type: str | None
    fetched_at: datetime  # tz-aware UTC, whole seconds (the WARC-Date)
    sha256: str  # of the body, hex
    payload_bytes: BigCount


class FailureStage(StrEnum):
    PAGE = "page"  # nothing to store: no usable text from the page (404, PDF, too large…) nor feed
    EXTRACT = "extract"  # the extraction raised
    ENRICH = "enrich"  # the enrichment raised: the article is stored, its entities and tone not
    WORKER = "worker"  # the worker process died on it, twice


@dataclass(frozen=True, slots=True)
class ItemFailure:
    """One feed item the pipeline could not turn into a complete article; the upsert into
    item_failures counts the attempts."""

    TABLE: ClassVar[str] = "item_failures"
    COLUMNS: ClassVar[dict[str, str]] = {"failed_at": "last_failed_at"}

    article_id: str
    url: str
    source_id: str | None
    stage: FailureStage
    error: str  # an exception class, or an outcome such as http_404, not_html, too_large
    message: str | None
    entry_hash: str | None  # the feed entry it failed with: a changed entry is tried again
    retry: bool  # whether a later run may try again (False: nothing would change)
    failed_at: datetime
    run_id: str | None = None

    @property
    def is_error(self) -> bool:
        """A fault of the pipeline (an exception, a dead worker), not an answer of the web."""
        return self.stage is not FailureStage.PAGE
