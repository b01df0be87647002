"""Publication dates: the page's own (htmldate's, sharpened by a published-time timestamp) and
the extract stage's choice among feed date, page date and first seen. All tz-aware UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pipelines.charsets import page_head
from pipelines.records import Article, FeedItem

EARLIEST_DATE = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=1)
# a timestamp with a time of day, from article:published_time / datePublished / pubdate
_PUBLISHED_RE = re.compile(
    rb"(?:published_time|datePublished|pubdate)[\"']?\s*(?::|[^>]{0,80}?content=)\s*[\"']"
    rb"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)[\"']",
    re.I,
)


class DateSource(StrEnum):
    FEED = "feed"
    PAGE = "page"
    FIRST_SEEN = "first_seen"


def parse_page_date(value: str | None, html: bytes | str = b"") -> datetime | None:
    """htmldate's date as tz-aware UTC. htmldate often takes the date from the URL and drops the
    time: when a published-time meta/JSON-LD timestamp falls on that day, it is used instead.
    No offset (incl. date-only, i.e. midnight) means UTC."""
    parsed = _fromisoformat(value)
    if parsed is None:
        return None
    for match in _PUBLISHED_RE.finditer(page_head(html)):
        stamp = _fromisoformat(match[1].decode("ascii"))
        if stamp is not None and stamp.date() == parsed.date():
            return as_utc(stamp)
    return as_utc(parsed)


def _fromisoformat(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def as_utc(value: datetime) -> datetime:
    """A tz-aware UTC datetime; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def choose_date(
    item: FeedItem, page_article: Article | None, first_seen: datetime, *, now: datetime
) -> tuple[datetime, DateSource]:
    """Feed date, else page date, else first seen; future or pre-1995 candidates are skipped."""
    latest = as_utc(now) + FUTURE_TOLERANCE
    candidates = (
        (item.published_at, DateSource.FEED),
        (page_article.published_at if page_article else None, DateSource.PAGE),
    )
    for value, source in candidates:
        if value is not None and EARLIEST_DATE <= as_utc(value) <= latest:
            return as_utc(value), source
    return as_utc(first_seen), DateSource.FIRST_SEEN
