"""The report's charts, drawn with matplotlib (no pyplot, no global backend) as sanitized SVG.

Text is drawn as paths, so a chart looks the same without any font installed and needs nothing
from outside the file; `$` in names is never read as mathtext.
"""

from __future__ import annotations

import functools
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.dates import DateFormatter, WeekdayLocator
from matplotlib.figure import Figure

from pipelines.sentiment import NEUTRAL_BAND
from report.collect import HISTORY_WEEKS
from report.safety import sanitize_svg

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from report.data import ReportData

INK, MUTED, GRID, WEEK_SHADE, OTHER = "#1f2933", "#616e7c", "#e4e7eb", "#fff4d6", "#dde1e6"
WIDTH_IN = 9.6  # inches: about the report's column width at 100 px per inch
# Names can be in any script: CJK fonts, where installed, fill in glyphs DejaVu Sans lacks.
FONTS = ("DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK JP")
_RC = {
    "svg.fonttype": "path",
    "svg.hashsalt": "mediawatch-report",  # stable ids: the same data gives the same file
    "text.parse_math": False,
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": MUTED,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlecolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: str
    svg: str  # sanitized: drawing elements only
    alt: str


def report_charts(data: ReportData) -> list[Chart]:
    """The three charts of the report; none when no watchlist entity was mentioned."""
    if not data.chart_entities:
        return []
    with mpl.rc_context({**_RC, "font.family": _installed_fonts()}):
        return [_mentions(data), _sentiment(data), _share_of_voice(data)]


def _label(name: str, limit: int = 26) -> str:
    """A chart label short enough not to crowd the plot (the tables show names in full)."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


@functools.cache
def _installed_fonts() -> list[str]:
    """FONTS that are installed (naming a missing one makes matplotlib warn on every chart)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [f for f in FONTS if f in names] or ["DejaVu Sans"]


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return sanitize_svg(buffer.getvalue())


def _window(data: ReportData) -> tuple[date, date]:
    series = data.rows("daily_mentions")
    days = [p.day for p in series] or [data.week.start]
    return min(days), max(days)


def _shade_week(ax: Axes, data: ReportData) -> None:
    ax.axvspan(data.week.start, data.week.end, color=WEEK_SHADE, zorder=0, lw=0)


def _mondays(ax: Axes) -> None:
    ax.xaxis.set_major_locator(WeekdayLocator(byweekday=0))
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))
    ax.grid(axis="y", color=GRID, lw=0.8)
    ax.set_axisbelow(True)


def _mentions(data: ReportData) -> Chart:
    """Small multiples: articles per day for each charted entity, the report week highlighted."""
    names, colours = data.entities, data.colours
    counts: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for point in data.rows("daily_mentions"):
        counts[point.entity_id].append((point.day, point.articles))
    ids = list(data.chart_entities)
    cols = 3 if len(ids) > 2 else len(ids)
    rows = -(-len(ids) // cols)
    fig = Figure(figsize=(WIDTH_IN, 1.9 * rows + 0.3), layout="constrained")
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False).flatten()
    first, last = _window(data)
    for ax, entity_id in zip(axes, ids, strict=False):
        days = [d for d, _ in counts[entity_id]]
        values = [n for _, n in counts[entity_id]]
        shades = [1.0 if d >= data.week.start else 0.45 for d in days]
        colour = colours.get(entity_id, MUTED)
        bars = ax.bar(days, values, width=0.8, color=colour, lw=0)
        for bar, alpha in zip(bars, shades, strict=True):
            bar.set_alpha(alpha)
        _shade_week(ax, data)
        ax.set_title(_label(names[entity_id].entity_name, 34), loc="left")
        ax.set_xlim(first - timedelta(days=1), last + timedelta(days=1))
        _mondays(ax)
        ax.tick_params(axis="x", labelsize=8, rotation=0)
    for ax in axes[len(ids) :]:
        ax.set_visible(False)
    for ax in axes[::cols]:
        ax.set_ylabel("articles / day")
    for ax in axes:
        for label in ax.get_xticklabels()[::2]:
            label.set_visible(False)
    alt = "Articles per day over eight weeks for " + ", ".join(names[i].entity_name for i in ids)
    return Chart("daily_mentions", "Daily mentions, last eight weeks", _svg(fig), alt)


def _sentiment(data: ReportData) -> Chart:
    """Rolling 7-day tone per charted entity, with the neutral band drawn in."""
    names, colours = data.entities, data.colours
    series: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for point in data.rows("sentiment_trend"):
        if point.rolling_7d_sentiment is not None:
            series[point.entity_id].append((point.day, point.rolling_7d_sentiment))
    fig = Figure(figsize=(WIDTH_IN, 3.4), layout="constrained")
    ax = fig.subplots()
    _shade_week(ax, data)
    ax.axhspan(-NEUTRAL_BAND, NEUTRAL_BAND, color="#e9edf2", zorder=0, lw=0)
    ax.axhline(0, color="#c9ced6", lw=0.8, zorder=1)
    first, last = _window(data)
    ax.text(first, NEUTRAL_BAND - 0.04, "  neutral band", color=MUTED, fontsize=8, va="top")
    for entity_id in data.chart_entities:
        points = series.get(entity_id, [])
        if not points:
            continue
        ax.plot(
            [d for d, _ in points],
            [v for _, v in points],
            color=colours.get(entity_id, MUTED),
            lw=1.8,
            marker="o",
            markersize=2.5,
            label=_label(names[entity_id].entity_name),
        )
    values = [abs(v) for points in series.values() for _, v in points]
    limit = min(1.0, max([NEUTRAL_BAND + 0.2, *values]) + 0.1)
    ax.set_ylim(-limit, limit)
    ax.set_xlim(first - timedelta(days=1), last + timedelta(days=1))
    ax.set_ylabel("tone (7-day mean)")
    _mondays(ax)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    alt = "Rolling seven-day tone toward the most covered entities; positive is up"
    return Chart("sentiment_trend", "Tone, rolling seven days", _svg(fig), alt)


def _share_of_voice(data: ReportData) -> Chart:
    """Weekly share of voice: charted entities stacked, the rest of the watchlist in grey."""
    names, colours = data.entities, data.colours
    weeks: dict[str, dict[str, float]] = defaultdict(dict)
    for row in data.rows("share_of_voice"):
        weeks[row.week][row.entity_id] = row.share
    labels = [str(data.week.shift(k)) for k in range(1 - HISTORY_WEEKS, 1)]
    fig = Figure(figsize=(WIDTH_IN, 3.0), layout="constrained")
    ax = fig.subplots()
    positions = range(len(labels))
    bottom = [0.0] * len(labels)
    for entity_id in data.chart_entities:
        values = [weeks[w].get(entity_id, 0.0) * 100 for w in labels]
        ax.bar(
            positions,
            values,
            bottom=bottom,
            width=0.7,
            color=colours.get(entity_id, MUTED),
            label=_label(names[entity_id].entity_name),
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    rest = [
        sum(v for e, v in weeks[w].items() if e not in data.chart_entities) * 100 for w in labels
    ]
    ax.bar(positions, rest, bottom=bottom, width=0.7, color=OTHER, label="others")
    ax.set_xticks(list(positions), [w.split("-")[1] for w in labels])
    for tick, week in zip(ax.get_xticklabels(), labels, strict=True):
        if week == str(data.week):
            tick.set_fontweight("bold")
            tick.set_color(INK)
    ax.set_ylabel("share of voice, %")
    ax.set_ylim(0, max([100.0, *(b + r for b, r in zip(bottom, rest, strict=True))]))
    ax.grid(axis="y", color=GRID, lw=0.8)
    ax.set_axisbelow(True)
    handles, legend = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], legend[::-1], loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False
    )
    alt = "Weekly share of voice over eight weeks, the most covered entities stacked"
    return Chart("share_of_voice", "Share of voice by week", _svg(fig), alt)
