"""From fetched feeds to the new items worth fetching, and from extracted pages to article rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pipelines.extract import ExtractionResult
from pipelines.feeds import ParsedFeed
from pipelines.records import FeedItem, FetchResult, FetchStatus
from pipelines.urls import article_id, canonicalize_url
from warehouse.rows import ArticleRow, FeedCheckRow, ValidatorRow

# Transient page failures: the article waits for a later run instead of being stored thin.
TRANSIENT_PAGE_ERRORS = frozenset(
    {
        "timeout",
        "connect_error",
        "protocol_error",  # a broken answer: often a host in trouble for a moment
        "dns_error",
        "rate_limited",
        "budget_exceeded",  # the run's time budget ran out before the page was fetched
        "host_unresponsive",  # the host stopped answering this run
    }
)
MAX_PAGE_ATTEMPTS = 3
FEED_ERROR_DETAILS = {
    "empty": "the server sent an empty body",
    "not_a_feed": "the body is not RSS, Atom or JSON Feed",
    "xml_entities_refused": "the feed declares XML entities (entity expansion or external "
    "entities): refused unparsed",
    "malformed_json": "the body is not valid JSON",
    "undecodable": "the body could not be decoded as text",
}
# A feed is gone after one 410, or after this many 404s in a row; it is then fetched only
# once per GONE_RECHECK_AFTER, in case it comes back.
GONE_AFTER_404S = 3
GONE_RECHECK_AFTER = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What one feed fetch produced: status, items and the validators to keep."""

    source_id: str
    feed_url: str
    status: str  # ok, not_modified, unchanged, failed
    checked_at: datetime
    items: tuple[FeedItem, ...] = ()
    http_status: int | None = None
    error: str | None = None
    detail: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None

    def check_row(self) -> FeedCheckRow:
        """The feed's health after this fetch (feed_state)."""
        items = len(self.items) if self.status == "ok" else None
        return FeedCheckRow(
            self.source_id, self.checked_at, self.status, self.http_status, self.error,
            self.detail, items,
        )  # fmt: skip

    def validator_row(self) -> ValidatorRow:
        """The validators to send next time (saved once the feed's items are loaded)."""
        return ValidatorRow(self.source_id, self.etag, self.last_modified, self.body_hash)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A feed item with a link whose article is not yet in the warehouse."""

    article_id: str
    canonical_url: str
    source_id: str
    item: FeedItem

    @property
    def url(self) -> str:
        assert self.item.url is not None
        return self.item.url


@dataclass(slots=True)
class Selection:
    candidates: list[Candidate] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def feed_outcome(
    source_id: str,
    fetched: FetchResult,
    *,
    previous_body_hash: str | None,
    checked_at: datetime,
    parse: Callable[[bytes, str, str | None], ParsedFeed],
    previous_failures: int = 0,
) -> FeedOutcome:
    """Turn a feed fetch into an outcome: not modified, unchanged body, parse failure or items.
    previous_failures: the feed's consecutive failures before this fetch (says when it is gone)."""
    base = {
        "source_id": source_id,
        "feed_url": fetched.url,
        "checked_at": checked_at,
        "http_status": fetched.http_status,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
    }
    if fetched.status is FetchStatus.NOT_MODIFIED:
        return FeedOutcome(status="not_modified", **base)
    if not fetched.ok:  # refused (unsafe address) counts as failing too: the feed is not read
        detail = _gone_detail(fetched.http_status, previous_failures + 1) or fetched.detail
        return FeedOutcome(status="failed", error=fetched.error, detail=detail, **base)
    body_hash = hashlib.sha256(fetched.content).hexdigest()
    if previous_body_hash == body_hash:
        # The server ignored our validators but sent the same bytes: nothing new.
        return FeedOutcome(status="unchanged", body_hash=body_hash, **base)
    parsed = parse(fetched.content, fetched.final_url or fetched.url, fetched.charset)
    if parsed.error is not None:
        detail = FEED_ERROR_DETAILS.get(parsed.error, parsed.warning or parsed.error)
        if parsed.is_html:
            detail = "an HTML page was served where a feed should be"
            if parsed.suggested_feed_urls:
                detail += f"; it links to the feed {parsed.suggested_feed_urls[0]}"
        return FeedOutcome(
            status="failed", error=parsed.error, detail=detail, body_hash=body_hash, **base
        )
    return FeedOutcome(status="ok", items=tuple(parsed.items), body_hash=body_hash, **base)


def _gone_detail(http_status: int | None, failures: int) -> str | None:
    """The explanation for a feed that is now treated as gone, else None."""
    every = f"checked again every {GONE_RECHECK_AFTER.days} days"
    if http_status == 410:
        return f"the server says the feed is gone for good (HTTP 410): {every}"
    if http_status == 404 and failures >= GONE_AFTER_404S:
        return f"not found (HTTP 404) on {failures} checks in a row, treated as gone: {every}"
    return None


def feed_is_gone(state: Mapping[str, Any]) -> bool:
    """Whether a feed_state row marks its feed as gone: 410 once, or 404 several times running."""
    if state.get("last_status") != "failed":
        return False
    status, failures = state.get("last_http_status"), state.get("consecutive_failures") or 0
    return status == 410 or (status == 404 and failures >= GONE_AFTER_404S)


def feed_is_due(
    state: Mapping[str, Any], as_of: datetime, recheck_after: timedelta = GONE_RECHECK_AFTER
) -> bool:
    """Whether to fetch a feed in a run as of `as_of`: always, unless it is gone and was
    checked less than recheck_after ago."""
    checked = state.get("last_checked_at")
    return not feed_is_gone(state) or checked is None or as_of - checked >= recheck_after


def _newest_first(item: FeedItem) -> tuple[int, float]:
    return (0, -item.published_at.timestamp()) if item.published_at else (1, 0.0)


def _oldest_first(candidate: Candidate) -> tuple[float, str]:
    published = candidate.item.published_at
    return (published.timestamp() if published else float("inf"), candidate.article_id)


def select_candidates(
    outcomes: Iterable[FeedOutcome],
    *,
    max_items: Callable[[str], int],
    known_ids: Callable[[Sequence[str]], set[str]],
    given_up: Callable[[Mapping[str, str]], set[str]] = lambda entries: set(),
) -> Selection:
    """Canonicalise links, drop repeats within the run, cap items per feed (newest kept),
    anti-join against the warehouse and against items given up on (`given_up` gets
    {article id: entry hash} and returns the ids whose entry is unchanged since their last
    failure); candidates come out oldest first."""
    selection = Selection()
    seen: dict[str, Candidate] = {}
    for outcome in outcomes:
        items = sorted(outcome.items, key=_newest_first)
        cap = max_items(outcome.source_id)
        if len(items) > cap:
            selection.count("items_over_cap", len(items) - cap)
            items = items[:cap]
        for item in items:
            selection.count("items_seen")
            if not item.url:
                selection.count("items_without_link")
                continue
            canonical = canonicalize_url(item.url)
            aid = article_id(item.url)
            if aid in seen:
                selection.count("items_repeated_in_run")
                continue
            seen[aid] = Candidate(aid, canonical, outcome.source_id, item)
    known = known_ids(list(seen))
    selection.count("items_already_loaded", len(known))
    fresh = {aid: c for aid, c in seen.items() if aid not in known}
    if failed := given_up({aid: entry_hash(c.item) for aid, c in fresh.items()}):
        selection.count("items_given_up", len(failed))
    # Oldest first across feeds: the first copy of a syndicated story is loaded before its
    # copies, so duplicate detection keeps it as the original.
    selection.candidates = sorted(
        (c for aid, c in fresh.items() if aid not in failed), key=_oldest_first
    )
    selection.count("items_new", len(selection.candidates))
    return selection


def entry_hash(item: FeedItem) -> str:
    """A digest of what a feed entry says: when it changes, an item that failed is tried again."""
    fields = (item.url, item.title, item.summary, item.content, item.published_raw)
    return hashlib.sha256("\0".join(f or "" for f in fields).encode()).hexdigest()[:16]


def page_failure_is_transient(fetched: FetchResult | None, attempts_so_far: int) -> bool:
    """Whether to leave an article for a later run rather than store it from the feed."""
    if fetched is None or fetched.ok or fetched.status is FetchStatus.SKIPPED:
        return False
    transient = fetched.error in TRANSIENT_PAGE_ERRORS or (fetched.http_status or 0) >= 500
    transient = transient or fetched.http_status == 429
    return transient and attempts_so_far + 1 < MAX_PAGE_ATTEMPTS


def article_row(
    candidate: Candidate,
    fetched: FetchResult | None,
    result: ExtractionResult,
    *,
    run_id: str,
    first_seen: datetime,
) -> ArticleRow | None:
    """The warehouse row for one article (extraction's columns), or None when nothing usable
    was found."""
    article = result.article
    if article is None or not article.text.strip() or result.published_at is None:
        return None
    item = candidate.item
    return ArticleRow(
        article_id=candidate.article_id,
        url=candidate.url,
        canonical_url=candidate.canonical_url,
        final_url=fetched.final_url if fetched else None,
        source_id=candidate.source_id,
        guid=item.guid,
        title=article.title or item.title or None,
        author=article.author or item.author,
        published_at=result.published_at,
        date_source=result.date_source,
        published_raw=item.published_raw,
        first_seen_at=first_seen,
        fetched_at=first_seen if fetched is not None and fetched.ok else None,
        language=article.language or item.language,
        sitename=article.sitename,
        text=article.text,
        word_count=len(article.text.split()),
        extraction_method=result.extraction_method,
        extraction_outcome=result.outcome,
        extraction_reason=result.reason,
        http_status=fetched.http_status if fetched else None,
        run_id=run_id,
    )
