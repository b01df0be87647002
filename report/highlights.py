"""The week in a few plain sentences, and whether a drop in coverage looks like a pipeline fault."""

from __future__ import annotations

from typing import TYPE_CHECKING

from report import fmt

if TYPE_CHECKING:
    from report.data import ReportData

MIN_TONE_N = 5  # scored mentions needed in both weeks before a change of tone is called out
MIN_RISE_MENTIONS = 5  # a "biggest rise" needs at least this many mentions this week
DROP_PCT = -20.0  # coverage falling this much or more is examined for pipeline faults
FAULT_RATE = 0.10  # extraction failures or undated articles above this share point to a fault


def highlights(data: ReportData) -> list[str]:
    sentences = [_volume(data), _leaders(data), _rise(data), _story(data), *_spikes(data)]
    sentences += [_tone(data)]
    sentences += [_new(data), health_verdict(data)]
    return [s for s in sentences if s]


def _volume(data: ReportData) -> str:
    m = {x.key: x for x in data.rows("headline")}
    articles, stories, sources = m["articles"], m["unique_stories"], m["sources"]
    text = (
        f"{fmt.number(articles.value)} articles ({fmt.number(stories.value)} unique stories) "
        f"from {fmt.number(sources.value)} sources"
    )
    if articles.change_pct is None:
        return text + "."
    direction = "up" if articles.change_pct > 0 else "down"
    if articles.change_pct == 0:
        return text + f", as many as the week before ({fmt.number(articles.previous)})."
    return text + (
        f", {direction} {fmt.number(abs(articles.change_pct))}% on the week before "
        f"({fmt.number(articles.previous)})."
    )


def _leaders(data: ReportData) -> str:
    top = [e for e in data.rows("watchlist") if e.mentions][:3]
    if not top:
        return "No watchlist entity was mentioned this week."
    parts = [f"{e.entity_name} ({fmt.number(e.mentions)})" for e in top]
    return "Most covered: " + ", ".join(parts) + "."


def _rise(data: ReportData) -> str:
    rising = [
        e
        for e in data.rows("watchlist")
        if e.mentions >= MIN_RISE_MENTIONS and e.mentions_prev and e.mentions > e.mentions_prev
    ]
    if not rising:
        return ""
    e = max(rising, key=lambda e: (e.mentions / e.mentions_prev, e.mentions))
    return (
        f"Biggest rise: {e.entity_name}, {fmt.number(e.mentions_prev)} → "
        f"{fmt.number(e.mentions)} articles ({fmt.change(e.mentions_change_pct)})."
    )


def _story(data: ReportData) -> str:
    """The week's widest story across outlets: who broke it, how far and fast it went."""
    stories = data.rows("week_stories")
    if not stories:
        return ""
    st = stories[0]
    second = st.hours_to_second_outlet
    speed = f", the second within {fmt.hours(second)}" if second is not None else ""
    return (
        f"Widest story: “{st.headline or '(untitled)'}”, broken by {st.first_outlet} on "
        f"{fmt.day(st.first_seen)}; {fmt.number(st.outlets)} outlets ran it{speed}."
    )


def _spikes(data: ReportData) -> list[str]:
    spikes = data.spikes
    if not spikes:
        near = data.near_misses
        if not near:
            return ["No spikes: no entity was mentioned far above its usual daily level."]
        n = near[0]
        return [
            f"No spikes; the busiest day against the usual was {n.entity_name} on "
            f"{fmt.day(n.day)} ({fmt.number(n.mentions)} articles, usually "
            f"{fmt.number(n.baseline_mean, 1)})."
        ]
    parts = [
        f"{s.entity_name} on {fmt.day(s.day)} ({fmt.number(s.mentions)} articles, "
        f"usually {fmt.number(s.baseline_mean, 1)})"
        for s in spikes[:3]
    ]
    more = f" and {len(spikes) - 3} more" if len(spikes) > 3 else ""
    return ["Spikes: " + "; ".join(parts) + more + "."]


def _tone(data: ReportData) -> str:
    moved = [
        e
        for e in data.rows("watchlist")
        if e.sentiment_change is not None
        and e.sentiment_n >= MIN_TONE_N
        and e.sentiment_n_prev >= MIN_TONE_N
    ]
    if not moved:
        return ""
    e = max(moved, key=lambda e: (abs(e.sentiment_change), e.sentiment_n))
    verb = "warmed" if e.sentiment_change > 0 else "cooled"
    return (
        f"Biggest shift in tone: coverage of {e.entity_name} {verb}, from "
        f"{fmt.signed(e.sentiment_prev)} to {fmt.signed(e.sentiment)} "
        f"({fmt.number(e.sentiment_n)} scored mentions)."
    )


def _new(data: ReportData) -> str:
    rows = data.rows("new_entities")
    if not rows:
        return ""
    names = ", ".join(e.entity_name for e in rows[:4])
    return f"{fmt.number(rows[0].new_entities)} names are new this week, led by {names}."


def health_verdict(data: ReportData) -> str:
    """Is a drop in coverage the news or the pipeline? Failing feeds and extraction say which."""
    articles = next(m for m in data.rows("headline") if m.key == "articles")
    failing = [f for f in data.rows("feed_health") if f.status != "ok"]
    runs = data.rows("runs")[0]
    health = next(h for h in data.rows("article_health") if h.period == "week")
    faults = []
    if failing:
        names = ", ".join(f.source_name for f in failing[:3])
        faults.append(f"{len(failing)} feed{'s' if len(failing) > 1 else ''} failing ({names})")
    if runs.runs == 0:
        faults.append("no ingest run recorded this week")
    elif runs.runs_failed:
        faults.append(f"{runs.runs_failed} of {runs.runs} ingest runs failed")
    if (runs.extraction_failure_rate or 0) > FAULT_RATE:
        faults.append(f"{fmt.percent(runs.extraction_failure_rate)} of extractions failed")
    if failed := sum(f.items for f in data.rows("failed_items") if f.is_error):
        faults.append(
            f"{fmt.number(failed)} article{'s' if failed > 1 else ''} failed in the pipeline"
        )
    if (health.undated_rate or 0) > FAULT_RATE:
        faults.append(f"{fmt.percent(health.undated_rate)} of articles have no published date")
    dropped = articles.change_pct is not None and articles.change_pct <= DROP_PCT
    if not faults:
        if dropped:
            return "Pipeline healthy: the drop in coverage is in the news, not in the pipeline."
        return "Pipeline healthy: every feed answered and extraction worked."
    found = "; ".join(faults)
    if dropped:
        return f"Coverage fell while the pipeline had problems ({found}): check them first."
    return f"Pipeline: {found}."
