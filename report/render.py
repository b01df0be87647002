"""Render a report's data as HTML (self-contained), Markdown and JSON, and write the three files.

Both template environments escape every value by default: HTML with Jinja2 autoescape, Markdown
with a finalizer that escapes anything not produced by one of the safe Markdown filters.
"""

from __future__ import annotations

import base64
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipelines.sentiment import NEUTRAL_BAND
from report import fmt
from report.charts import report_charts
from report.data import ReportData
from report.highlights import health_verdict
from report.safety import md_link, md_text, safe_url

TEMPLATES = Path(__file__).parent / "templates"
# No scripts, no fetches of any kind: styles inline, images only as data: URIs.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True, slots=True)
class ReportPaths:
    html: Path
    markdown: Path
    json: Path


def _filters() -> dict[str, Any]:
    return {
        "number": fmt.number,
        "signed": fmt.signed,
        "percent": fmt.percent,
        "change": fmt.change,
        "points": fmt.points,
        "day": fmt.day,
        "stamp": fmt.stamp,
        "moment": fmt.moment,
        "hours": fmt.hours,
    }


def _trend(value: float | None) -> str:
    """A CSS class for a change: up, down or flat."""
    if value is None or abs(value) < 1e-9:
        return "flat"
    return "up" if value > 0 else "down"


def html_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    env.filters["safe_url"] = safe_url
    env.filters["trend"] = _trend
    env.filters["svg_uri"] = lambda svg: (
        "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    )
    return env


def _as_markup(f: Any) -> Any:
    return lambda *args, **kwargs: Markup(f(*args, **kwargs))


def _md_finalize(value: Any) -> Any:
    """Every value printed into Markdown is escaped unless a safe filter already made it."""
    if isinstance(value, Markup):
        return str(value)
    return md_text(value)


def markdown_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=_md_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # numbers, dates and changes are made of digits, signs and words: nothing to escape
    env.filters.update({name: _as_markup(f) for name, f in _filters().items()})
    env.filters["link"] = lambda text, url: Markup(md_link(text, url))
    return env


def _context(data: ReportData) -> dict[str, Any]:
    tones: dict[str, dict[str, Any]] = {}
    for extreme in data.rows("sentiment_extremes"):
        tones.setdefault(extreme.entity_id, {})[extreme.tone] = extreme
    stories: dict[str, list[Any]] = {}
    for story in data.rows("top_stories"):
        stories.setdefault(story.entity_id, []).append(story)
    detail = [e for e in data.rows("watchlist") if e.entity_id in stories or e.entity_id in tones]
    health = {h.period: h for h in data.rows("article_health")}
    voice = {(v.week, v.entity_id): v.share for v in data.rows("share_of_voice")}
    return {
        "data": data,
        "week": data.week,
        "previous": data.week.shift(-1),
        "s": data.sections,
        "headline": data.rows("headline"),
        "watchlist": [e for e in data.rows("watchlist") if e.mentions],
        "silent": [e for e in data.rows("watchlist") if not e.mentions and e.mentions_prev],
        "entities": data.entities,
        "colours": data.colours,
        "detail": detail,
        "stories": stories,
        "tones": tones,
        "week_stories": data.rows("week_stories"),
        "health": health["week"],
        "health_prev": health["previous"],
        "runs": data.rows("runs")[0],
        "failing": [f for f in data.rows("feed_health") if f.status != "ok"],
        "failed_items": [f for f in data.rows("failed_items") if f.is_error],
        "unstorable": sum(f.items for f in data.rows("failed_items") if not f.is_error),
        "voice": voice,
        "voice_weeks": sorted({week for week, _ in voice}),
        "band": NEUTRAL_BAND,
        "verdict": health_verdict(data),
    }


def render_html(data: ReportData) -> str:
    template = html_environment().get_template("report.html.j2")
    return template.render(**_context(data), charts=report_charts(data), csp=CSP)


def render_markdown(data: ReportData) -> str:
    template = markdown_environment().get_template("report.md.j2")
    return template.render(**_context(data))


def write_report_files(data: ReportData, directory: Path) -> ReportPaths:
    """YYYY-Www.html, .md and .json in `directory`, each written whole or not at all."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = str(data.week)
    paths = ReportPaths(
        directory / f"{stem}.html", directory / f"{stem}.md", directory / f"{stem}.json"
    )
    _write(paths.json, data.to_json())
    _write(paths.markdown, render_markdown(data))
    _write(paths.html, render_html(data))
    return paths


def _write(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a report."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
