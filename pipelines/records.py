"""Typed records that travel between stages. Library dicts never cross a stage boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed, as parsed: plain text fields, absolute link, tz-aware UTC date."""

    feed_url: str
    url: str | None  # absolute article link; None when the entry has none
    guid: str | None
    title: str  # markup stripped, entities decoded
    summary: str = ""  # plain text
    content: str = ""  # plain text of content:encoded / atom content / JSON Feed content
    author: str | None = None
    published_at: datetime | None = None  # tz-aware UTC
    published_raw: str | None = None  # the date string exactly as the feed gave it
    published_offset_minutes: int | None = None  # the feed's own UTC offset, kept for display
    language: str | None = None  # the feed's declared language, if any


@dataclass(frozen=True, slots=True)
class Article:
    """What extraction found on an article page (the `extract_article` contract)."""

    text: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None  # tz-aware UTC or None
    language: str | None = None
    sitename: str | None = None
    description: str | None = None


class FetchStatus(StrEnum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    SKIPPED = "skipped"  # refused before any request: robots.txt, unsafe address, cap


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one HTTP fetch, as a value: never an exception."""

    url: str
    status: FetchStatus
    final_url: str | None = None
    http_status: int | None = None
    content: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # short machine-readable reason, e.g. "timeout", "http_500"
    detail: str | None = None  # human-readable explanation
    elapsed_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status is FetchStatus.OK


# --- watchlist (loaded by settings, matched by pipelines.entities) ---


@dataclass(frozen=True, slots=True)
class Alias:
    """One surface form of a watchlist entity, with its matching rules."""

    text: str
    case_sensitive: bool = False
    # the alias counts only when one of these words occurs within `context_window` characters
    require_context: tuple[str, ...] = ()
    # the alias does not count when one of these words occurs within `context_window` characters
    exclude_context: tuple[str, ...] = ()
    context_window: int = 200


@dataclass(frozen=True, slots=True)
class WatchlistEntity:
    id: str  # stable slug, e.g. "deepseek"
    name: str  # display name, e.g. "DeepSeek"
    type: str  # ORG, PERSON, PRODUCT, GPE, TOPIC, ...
    aliases: tuple[Alias, ...]


@dataclass(frozen=True, slots=True)
class Watchlist:
    entities: tuple[WatchlistEntity, ...]

    def by_id(self) -> dict[str, WatchlistEntity]:
        return {e.id: e for e in self.entities}


# --- enrichment ---


@dataclass(frozen=True, slots=True)
class Entity:
    """A statistical NER span (the `find_entities` contract)."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A watchlist alias found in text (the `match_watchlist` contract)."""

    entity_id: str
    start: int
    end: int
    surface: str


# --- failures ---


def describe_error(exc: BaseException, limit: int = 500) -> tuple[str, str]:
    """(class name, one-line message) of an exception, for a failure record."""
    return type(exc).__name__, " ".join(str(exc).split())[:limit]
