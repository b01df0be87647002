"""Gather the weekly report's data by running the named report queries.

The queries themselves live in warehouse/queries/report_*.sql; this module only chooses their
parameters, turns rows into typed records and works out what depends on several sections
(colours, changes, notes). It runs against any `QueryRunner`, so it needs no database driver.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pipelines.sentiment import sentiment_label
from report.data import (
    ArticleHealth,
    Coverage,
    DailyCount,
    EntityWeek,
    Extreme,
    FailedItems,
    FeedHealth,
    LanguageShare,
    Metric,
    NewEntity,
    ReportData,
    RunsWeek,
    Section,
    SentimentPoint,
    SourceWeek,
    Spike,
    Story,
    StoryTone,
    VoiceShare,
    WeekStory,
    difference,
    pct_change,
    pick,
)
from report.highlights import highlights
from report.weeks import IsoWeek

QueryRunner = Callable[..., list[dict[str, Any]]]
"""run(name, **params) -> rows as dicts, for the query warehouse/queries/{name}.sql."""

CHART_ENTITIES = 6  # entities drawn in the charts, each with its own colour
DETAIL_ENTITIES = 8  # entities with top stories and tone extremes
HISTORY_WEEKS = 8  # weeks shown in the charts, the report week included
NEW_LOOKBACK_DAYS = 28  # "new this week": not mentioned in these many days before
NEW_ENTITIES_SHOWN = 15
STORIES_PER_ENTITY = 3
STORIES_PER_SPIKE = 3
WEEK_STORIES = 8  # the week's largest stories (events across outlets)
WEEK_STORY_MIN_OUTLETS = 2  # a story only its first outlet ran is no story of the week here
TONES_PER_STORY = 4  # watchlist entities whose tone is shown per story: the most named in it
NEAR_MISSES = 3  # entity-days closest to a spike, shown when there are none
# Colour-blind-safe, and neither red nor green, which the report keeps for tone.
PALETTE = ("#4e79a7", "#f28e2b", "#76b7b2", "#b07aa1", "#9c755f", "#edc948")
HEADLINE_LABELS = {
    "articles": "Articles",
    "unique_stories": "Unique stories",
    "sources": "Sources",
}


class Collector:
    """Runs each named query once and keeps its rows with their source and parameters."""

    def __init__(self, run: QueryRunner, tz: ZoneInfo) -> None:
        self.run = run
        self.tz = tz
        self.sections: dict[str, Section] = {}

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return [self._local(r) for r in self.run(name, **params)]

    def add(
        self, section: str, name: str, reads: Sequence[str], params: Mapping[str, Any], rows: Any
    ) -> None:
        self.sections[section] = Section(name, tuple(reads), dict(params), tuple(rows))

    def _local(self, row: dict[str, Any]) -> dict[str, Any]:
        """Timestamps in the reporting time zone; lists as tuples (records are frozen)."""
        out = {}
        for key, value in row.items():
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(self.tz)
            elif isinstance(value, list):
                value = tuple(value)
            out[key] = value
        return out


def collect_report(run: QueryRunner, week: IsoWeek, timezone: str) -> ReportData:
    """Every section of the report for `week`, days counted in `timezone`."""
    tz = ZoneInfo(timezone)
    c = Collector(run, tz)
    prev = week.shift(-1)
    span = {"week_start": week.start, "week_end": week.end}
    compare = {**span, "prev_start": prev.start}

    coverage = pick(Coverage, c.query("report_coverage")[0])
    if coverage.timezone != timezone:
        raise ValueError(f"the views report in {coverage.timezone}, not {timezone}")
    _headline(c, compare)
    entities = _watchlist(c, compare)
    shown = [e.entity_id for e in entities if e.mentions > 0]
    charted, detailed = shown[:CHART_ENTITIES], shown[:DETAIL_ENTITIES]
    history = {"start": week.shift(1 - HISTORY_WEEKS).start, "end": week.end}
    _charts(c, history, charted)
    _week_stories(c, span)
    _spikes(c, span)
    _stories_and_names(c, span, detailed)
    _sources_and_health(c, compare)

    missed = [r["day"] for r in c.query("days_without_run", **span)]
    notes = _notes(week, coverage, missed)
    data = ReportData(week, timezone, coverage, tuple(charted), c.sections, notes)
    return replace(data, highlights=tuple(highlights(data)))


def _records(cls: type, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    return [pick(cls, r) for r in rows]


def _headline(c: Collector, params: dict[str, Any]) -> None:
    rows = {r["period"]: r for r in c.query("report_headline", **params)}
    week, prev = rows["week"], rows["previous"]
    metrics = [
        Metric(key, label, week[key], prev[key], pct_change(week[key], prev[key]))
        for key, label in HEADLINE_LABELS.items()
    ]
    c.add("headline", "report_headline", ["stg_articles"], params, metrics)


def _watchlist(c: Collector, params: dict[str, Any]) -> list[EntityWeek]:
    rows = c.query("report_watchlist", **params)
    rows = [r for r in rows if r["mentions"] or r["mentions_prev"]]
    colours = dict(zip((r["entity_id"] for r in rows if r["mentions"]), PALETTE, strict=False))
    entities = [
        pick(
            EntityWeek,
            r,
            mentions_change_pct=pct_change(r["mentions"], r["mentions_prev"]),
            share_change=difference(r["share"], r["share_prev"]),
            sentiment_change=difference(r["sentiment"], r["sentiment_prev"]),
            sentiment_label=None if r["sentiment"] is None else sentiment_label(r["sentiment"]),
            colour=colours.get(r["entity_id"]),
        )
        for r in rows
    ]
    reads = ["mentions_daily", "share_of_voice_weekly", "stg_entities"]
    c.add("watchlist", "report_watchlist", reads, params, entities)
    return entities


def _charts(c: Collector, history: dict[str, date], entity_ids: list[str]) -> None:
    series = {**history, "entity_ids": entity_ids}
    rows = c.query("report_mentions_series", **series)
    c.add(
        "daily_mentions",
        "report_mentions_series",
        ["mentions_daily"],
        series,
        _records(DailyCount, rows),
    )
    rows = c.query("report_sentiment_series", **series)
    trend = _records(SentimentPoint, rows)
    c.add("sentiment_trend", "report_sentiment_series", ["sentiment_daily"], series, trend)
    rows = c.query("report_share_of_voice", **history)
    voice = _records(VoiceShare, rows)
    c.add("share_of_voice", "report_share_of_voice", ["share_of_voice_weekly"], history, voice)


def _stories(rows: Sequence[Mapping[str, Any]]) -> list[Story]:
    return [pick(Story, r, day=r.get("day")) for r in rows]


def _stories_and_names(c: Collector, span: dict[str, Any], entity_ids: list[str]) -> None:
    """Top stories and tone extremes of the most covered entities; names new this week."""
    stories = {**span, "entity_ids": entity_ids, "per_entity": STORIES_PER_ENTITY}
    rows = c.query("report_top_stories", **stories)
    c.add("top_stories", "report_top_stories", ["int_entity_story_days"], stories, _stories(rows))
    extremes = {**span, "entity_ids": entity_ids}
    tones = _records(Extreme, c.query("report_sentiment_extremes", **extremes))
    reads = ["int_mention_articles"]
    c.add("sentiment_extremes", "report_sentiment_extremes", reads, extremes, tones)
    fresh = {**span, "lookback_days": NEW_LOOKBACK_DAYS, "limit": NEW_ENTITIES_SHOWN}
    names = _records(NewEntity, c.query("report_new_entities", **fresh))
    c.add("new_entities", "report_new_entities", ["mentions_daily"], fresh, names)


def _week_stories(c: Collector, span: dict[str, Any]) -> None:
    """The week's largest stories across outlets, each with the tone toward the watchlist."""
    params = {**span, "limit": WEEK_STORIES, "min_outlets": WEEK_STORY_MIN_OUTLETS}
    rows = c.query("report_week_stories", **params)
    ids = {"story_ids": [r["story_id"] for r in rows], "per_story": TONES_PER_STORY}
    tones = _records(StoryTone, c.query("report_story_tones", **ids))
    by_story: dict[str, list[StoryTone]] = {}
    for tone in tones:
        by_story.setdefault(tone.story_id, []).append(tone)
    stories = [pick(WeekStory, r, tones=tuple(by_story.get(r["story_id"], ()))) for r in rows]
    reads = ["int_story_articles", "stg_stories", "story_outlets"]
    c.add("week_stories", "report_week_stories", reads, params, stories)
    reads = ["stg_article_stories", "stg_mentions", "stg_entities"]
    c.add("story_tones", "report_story_tones", reads, ids, tones)


def _spikes(c: Collector, span: dict[str, Any]) -> None:
    behind = {**span, "per_spike": STORIES_PER_SPIKE}
    stories = _stories(c.query("report_spike_stories", **behind))
    by_spike: dict[tuple[date | None, str], list[Story]] = {}
    for story in stories:
        by_spike.setdefault((story.day, story.entity_id), []).append(story)
    params = {**span, "near_misses": NEAR_MISSES}
    spikes = [
        pick(Spike, r, stories=tuple(by_spike.get((r["day"], r["entity_id"]), ())))
        for r in c.query("report_spikes", **params)
    ]
    c.add("spikes", "report_spikes", ["spikes", "stg_entities"], params, spikes)
    reads = ["spikes", "int_entity_story_days"]
    c.add("spike_stories", "report_spike_stories", reads, behind, stories)


def _sources_and_health(c: Collector, params: dict[str, Any]) -> None:
    feeds = _records(FeedHealth, c.query("report_feed_health"))
    status = {f.source_id: f.status for f in feeds}
    rows = c.query("report_top_sources", **params)
    total = sum(r["articles"] for r in rows)
    sources = [
        pick(
            SourceWeek,
            r,
            change_pct=pct_change(r["articles"], r["articles_prev"]),
            share_of_articles=r["articles"] / total if total else None,
            feed_status=status.get(r["source_id"]),
        )
        for r in rows
    ]
    reads = ["stg_articles", "stg_sources", "feed_health"]
    c.add("top_sources", "report_top_sources", reads, params, sources)
    c.add("feed_health", "report_feed_health", ["feed_health"], {}, feeds)
    rows = c.query("report_pipeline_health", **params)
    health = [
        pick(
            ArticleHealth,
            r,
            not_full_text_rate=_rate(r["articles"] - r["extraction_full"], r["articles"]),
            undated_rate=_rate(r["dated_first_seen"], r["articles"]),
        )
        for r in rows
    ]
    c.add("article_health", "report_pipeline_health", ["stg_articles"], params, health)
    span = {k: params[k] for k in ("week_start", "week_end")}
    rows = c.query("report_languages", **span)
    c.add("languages", "report_languages", ["stg_articles"], span, _records(LanguageShare, rows))
    failed = _records(FailedItems, c.query("report_item_failures", **span))
    c.add("failed_items", "report_item_failures", ["item_failures"], span, failed)
    run = c.query("report_runs", **span)[0]
    rate = _rate(run["extraction_failed"], run["extractions"])
    c.add(
        "runs", "report_runs", ["runs"], span, [pick(RunsWeek, run, extraction_failure_rate=rate)]
    )


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _notes(week: IsoWeek, coverage: Coverage, missed_days: Sequence[date] = ()) -> list[str]:
    """Caveats a reader needs before trusting the comparisons."""
    if coverage.first_day is None:
        return ["The warehouse holds no articles yet: run the daily ingest first."]
    notes = []
    last_run = coverage.last_ingest_as_of
    if last_run is not None and last_run.date() < week.last_day:
        notes.append(
            f"The last ingest ran on {last_run:%a %d %b %Y}, before this week ended: "
            "its figures are incomplete."
        )
    if coverage.first_day > week.shift(-1).start:
        notes.append(
            f"Coverage starts on {coverage.first_day:%d %b %Y}, within the comparison "
            "week or later: changes against the previous week are not meaningful."
        )
    elif coverage.first_day > week.start - timedelta(days=NEW_LOOKBACK_DAYS):
        notes.append(
            f"Coverage starts on {coverage.first_day:%d %b %Y}, less than four weeks before "
            "this week: some names listed as new may simply predate the warehouse."
        )
    if missed_days:
        days = ", ".join(f"{d:%a %d %b}" for d in missed_days)
        notes.append(
            f"No daily ingest completed on {days}: a later run fetched what the feeds still "
            "listed from those days, so they may be undercounted."
        )
    return notes
