"""Typed records of the weekly report, each section traceable to the query that produced it."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from report.weeks import IsoWeek

JSON_FORMAT = 1
FLOAT_DIGITS = 4  # every float in the JSON is rounded to this many decimals

R = TypeVar("R")


def pick(cls: type[R], row: Mapping[str, Any], **extra: Any) -> R:
    """A record of type `cls` from a query row: fields by name, `extra` filled in or overriding."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    values = {n: row.get(n) for n in names if n not in extra}
    return cls(**values, **extra)


def pct_change(current: float | None, previous: float | None) -> float | None:
    """Change in percent, one decimal; None when there is nothing to compare with."""
    if current is None or not previous:
        return None
    return round((current - previous) / previous * 100, 1)


def difference(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return round(current - previous, FLOAT_DIGITS)


@dataclass(frozen=True, slots=True)
class Section:
    """Rows of one report section and where they came from (named query, views it reads)."""

    source: str
    reads: tuple[str, ...]
    params: Mapping[str, Any]
    rows: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    label: str
    value: int
    previous: int
    change_pct: float | None


@dataclass(frozen=True, slots=True)
class EntityWeek:
    entity_id: str
    entity_name: str
    entity_type: str
    mentions: int
    mentions_prev: int
    mentions_change_pct: float | None
    share: float
    share_prev: float
    share_change: float | None
    sentiment: float | None
    sentiment_n: int
    sentiment_prev: float | None
    sentiment_n_prev: int
    sentiment_change: float | None
    sentiment_label: str | None
    colour: str | None


@dataclass(frozen=True, slots=True)
class DailyCount:
    day: date
    entity_id: str
    articles: int


@dataclass(frozen=True, slots=True)
class SentimentPoint:
    day: date
    entity_id: str
    mean_sentiment: float | None
    rolling_7d_sentiment: float | None
    n: int


@dataclass(frozen=True, slots=True)
class VoiceShare:
    week: str
    week_start: date
    entity_id: str
    entity_name: str
    unique_stories: int
    placements: int
    share: float


@dataclass(frozen=True, slots=True)
class Story:
    entity_id: str
    story_id: str
    title: str | None
    url: str
    first_published_at: datetime
    articles: int
    outlets: int
    outlet_names: tuple[str, ...]
    in_title: bool
    mention_count: int
    day: date | None = None  # the spike's day, for the stories behind a spike


@dataclass(frozen=True, slots=True)
class StoryTone:
    """The tone toward one watchlist entity within one story of the week."""

    story_id: str
    entity_id: str
    entity_name: str
    articles: int  # of the story's articles, those naming the entity
    mean_sentiment: float | None
    sentiment_label: str | None
    n: int


@dataclass(frozen=True, slots=True)
class WeekStory:
    """One event of the week across outlets: who broke it, how far and how fast it spread."""

    story_id: str
    headline: str | None
    url: str | None  # the first article's
    first_outlet: str | None
    first_seen: datetime
    articles: int
    articles_in_week: int
    outlets: int
    followers: int  # outlets that ran it after the first
    hours_to_second_outlet: float | None
    hours_to_last_outlet: float | None
    span_hours: float
    tones: tuple[StoryTone, ...] = ()


@dataclass(frozen=True, slots=True)
class Spike:
    day: date
    entity_id: str
    entity_name: str
    origin: str
    mentions: int
    baseline_mean: float | None
    baseline_std: float | None
    z_score: float | None
    is_spike: bool
    stories: tuple[Story, ...] = ()


@dataclass(frozen=True, slots=True)
class Extreme:
    tone: str
    entity_id: str
    score: float
    label: str
    evidence: str | None
    article_id: str
    title: str | None
    url: str
    published_at: datetime
    source_name: str


@dataclass(frozen=True, slots=True)
class NewEntity:
    entity_id: str
    entity_name: str
    entity_type: str
    origin: str
    articles: int
    first_day: date
    new_entities: int  # how many new entities there are in all (rows are the top ones)


@dataclass(frozen=True, slots=True)
class SourceWeek:
    source_id: str
    source_name: str
    articles: int
    articles_prev: int
    change_pct: float | None
    unique_stories: int
    share_of_articles: float | None
    mean_doc_sentiment: float | None
    feed_status: str | None


@dataclass(frozen=True, slots=True)
class FeedHealth:
    source_id: str
    source_name: str
    url: str
    status: str
    consecutive_failures: int
    last_error: str | None
    last_error_detail: str | None
    last_success_at: datetime | None
    last_checked_at: datetime | None
    items_7d: int | None


@dataclass(frozen=True, slots=True)
class ArticleHealth:
    period: str
    period_start: date
    articles: int
    extraction_full: int
    extraction_short: int
    extraction_paywall: int
    extraction_failed: int
    not_full_text_rate: float | None
    dated_by_page: int
    dated_by_feed: int
    dated_first_seen: int
    without_page_date: int
    undated_rate: float | None


@dataclass(frozen=True, slots=True)
class LanguageShare:
    language: str
    articles: int
    share: float


@dataclass(frozen=True, slots=True)
class RunsWeek:
    runs: int
    runs_failed: int
    runs_with_failures: int
    feed_failures: int
    pages_fetched: int
    pages_failed: int
    extractions: int
    extraction_failed: int
    extraction_failure_rate: float | None


@dataclass(frozen=True, slots=True)
class FailedItems:
    """Items of one stage and error that failed in the week (pipelines.records.FailureStage)."""

    stage: str  # page (nothing to store: an answer of the web), extract, enrich, worker
    error: str
    items: int
    example_url: str
    example_message: str | None

    @property
    def is_error(self) -> bool:
        return self.stage != "page"


@dataclass(frozen=True, slots=True)
class Coverage:
    first_day: date | None
    last_day: date | None
    last_ingest_as_of: datetime | None
    articles_total: int
    timezone: str


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows. `sections` keeps the order of the report."""

    week: IsoWeek
    timezone: str
    coverage: Coverage
    chart_entities: tuple[str, ...]
    sections: dict[str, Section] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # caveats: data gaps, short history
    highlights: tuple[str, ...] = ()  # the week in a few plain sentences

    def rows(self, name: str) -> tuple[Any, ...]:
        return self.sections[name].rows

    @property
    def spikes(self) -> list[Spike]:
        return [s for s in self.rows("spikes") if s.is_spike]

    @property
    def near_misses(self) -> list[Spike]:
        """The week's entity-days closest to a spike, when they are not one."""
        return [s for s in self.rows("spikes") if not s.is_spike]

    @property
    def entities(self) -> dict[str, EntityWeek]:
        return {e.entity_id: e for e in self.rows("watchlist")}

    @property
    def colours(self) -> dict[str, str]:
        return {e.entity_id: e.colour for e in self.rows("watchlist") if e.colour}

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, rounded floats, dates as ISO strings."""
        doc = {
            "format": JSON_FORMAT,
            "week": str(self.week),
            "week_start": self.week.start,
            "week_last_day": self.week.last_day,
            "previous_week": str(self.week.shift(-1)),
            "timezone": self.timezone,
            "coverage": self.coverage,
            "chart_entities": self.chart_entities,
            "notes": self.notes,
            "highlights": self.highlights,
            "sections": {
                name: {
                    "source": s.source,
                    "reads": s.reads,
                    "params": s.params,
                    "rows": s.rows,
                }
                for name, s in self.sections.items()
            },
        }
        return json.dumps(plain(doc), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def plain(value: Any) -> Any:
    """JSON-ready: dataclasses to dicts, tuples to lists, floats rounded, dates to ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, FLOAT_DIGITS) + 0.0
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, IsoWeek):
        return str(value)
    return value
