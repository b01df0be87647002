"""Story commands: `stories` (a week's events, widest first) and `story ID` (one timeline).

A story is one event across outlets (event clustering, pipelines/stories.py): syndicated copies
and each outlet's own piece on the event belong to it. Like the query commands, each opens the
warehouse read-only for as long as its queries take.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click

from cli.query import (
    _expected_errors,
    _fail,
    _format_option,
    _reading,
    _wait_option,
    _warehouse_options,
    _week,
)

REACH = 3  # "hours to reach": until this many outlets had run the story
HEADLINE_CHARS = 70


def _hours(value: float | None, sign: str = "") -> str:
    """A duration as the report writes it (minutes, hours, then days); empty when unknown."""
    from report.fmt import hours

    return "" if value is None else sign + hours(value)


def _local(value: datetime, tz: ZoneInfo) -> str:
    return f"{value.astimezone(tz):%Y-%m-%d %H:%M}"


def _short(text: str | None, limit: int = HEADLINE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _timezone(config_path: str | None, db_path: str | None) -> ZoneInfo:
    from cli.common import _settings

    return ZoneInfo(_settings(config_path, db_path=db_path).reporting_timezone)


@click.command()
@_warehouse_options
@_week
@click.option(
    "--entity",
    metavar="NAME",
    help="Only stories with an article naming this entity that week (id, name or alias).",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=20,
    show_default=True,
    help="Show at most this many stories.",
)
@_format_option
@_wait_option
@_expected_errors
def stories(
    config_path: str | None,
    db_path: str | None,
    week: date | None,
    entity: str | None,
    limit: int,
    fmt: str,
    wait_s: float,
) -> None:
    """The stories of one week, widest first: who broke each (first outlet, first seen) and how
    far it spread (articles, outlets, hours until 3 outlets had run it, span).

    A story is one event across outlets: syndicated copies and each outlet's own piece on it.
    A week's stories are those with an article published that week; their totals count every
    article. `mediawatch story ID` shows one.

    \b
        mediawatch stories --week 2025-W08 --entity DeepSeek --limit 5
    """
    from report.weeks import IsoWeek
    from warehouse import reads

    tz = _timezone(config_path, db_path)
    with _reading(config_path, db_path, wait_s) as con:
        if week is None:
            _, last_day, today = reads.data_days(con)
            yesterday = today - timedelta(days=1)
            week = IsoWeek.last_ending_by(min(last_day or yesterday, yesterday)).start
        chosen = _entity(con, entity) if entity else None
        entity_id = chosen["entity_id"] if chosen else None
        params = {"week_start": week, "entity_id": entity_id, "reach": REACH, "limit": limit}
        rows = reads.rows(con, "stories_week", **params)
    label = IsoWeek.containing(week)
    if fmt != "table":
        from cli.output import print_rows

        if fmt == "csv":  # one cell each
            rows = [{**r, "languages": ",".join(r["languages"])} for r in rows]
        print_rows([{"week": str(label), **r} for r in rows], fmt)
        return
    about = f" naming {chosen['entity_name']}" if chosen else ""
    if not rows:
        click.echo(f"No story{about} in {label}.")
        return
    _print_stories(rows, f"{label} ({week} … {week + timedelta(days=6)}){about}", tz)


def _entity(con: Any, text: str) -> dict[str, Any]:
    """The entity text names, as `mediawatch trends` finds it; a usage error when none."""
    from warehouse import reads

    found = reads.find_entity(con, text)
    if not found:
        hints = reads.entity_suggestions(con, text)
        hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
        _fail(f"no entity is called {text!r} (by id, name or alias){hint}")
    if len(found) > 1:
        others = ", ".join(e["entity_id"] for e in found[1:])
        click.echo(f"{text!r} also names {others}; pass an id to choose", err=True)
    return found[0]


def _print_stories(rows: Sequence[Mapping[str, Any]], period: str, tz: ZoneInfo) -> None:
    from rich.markup import escape

    from cli.output import print_table

    shown = [
        {
            "story": r["story_id"],
            "first seen": _local(r["first_seen"], tz),
            "broke it": r["first_outlet"],
            "headline": _short(r["headline"]),
            "articles": r["articles"],
            "outlets": r["outlets"],
            f"to {REACH} outlets": _hours(r["hours_to_reach"]),
            "span": _hours(r["span_hours"]),
        }
        for r in rows
    ]
    title = f"[bold]Stories, {escape(period)}[/bold] (times in {tz.key})"
    print_table(shown, right={f"to {REACH} outlets", "span"}, title=title)


@click.command()
@click.argument("story_id", metavar="ID")
@_warehouse_options
@_format_option
@_wait_option
@_expected_errors
def story(
    story_id: str, config_path: str | None, db_path: str | None, fmt: str, wait_s: float
) -> None:
    """One story's timeline: who broke it, then each outlet that ran it in order of arrival,
    with how long after the first article, and its articles per day.

    ID is a story id (as `mediawatch stories` lists them) or the id of any article in it.
    """
    from warehouse import reads

    tz = _timezone(config_path, db_path)
    with _reading(config_path, db_path, wait_s) as con:
        found = reads.rows(con, "story_detail", id=story_id.strip())
        if not found:
            _fail(f"no story or article has the id {story_id!r}; `mediawatch stories` lists them")
        detail = found[0]
        arrivals = reads.rows(con, "story_arrivals", story_id=detail["story_id"])
        days = reads.rows(con, "story_days", story_id=detail["story_id"])
    if fmt != "table":
        from cli.output import print_rows

        print_rows([{"story_id": detail["story_id"], **r} for r in arrivals], fmt)
        return
    _print_timeline(detail, arrivals, days, tz)


def _print_timeline(
    detail: Mapping[str, Any],
    arrivals: Sequence[Mapping[str, Any]],
    days: Sequence[Mapping[str, Any]],
    tz: ZoneInfo,
) -> None:
    from rich.markup import escape

    from cli.output import print_table, sparkline

    title = (
        f"[bold]{escape(detail['headline'] or '(untitled)')}[/bold]\n"
        f"story {escape(detail['story_id'])}: broken by {escape(detail['first_outlet'])} on "
        f"{_local(detail['first_seen'], tz)} ({tz.key}); {detail['articles']} articles from "
        f"{detail['outlets']} outlets over {_hours(detail['span_hours']) or '0 min'}\n"
        f"articles per day, {days[0]['day']} … {days[-1]['day']}: "
        f"{sparkline([d['articles'] for d in days])}"
    )
    shown = [
        {
            "#": a["arrival"],
            "outlet": a["outlet"],
            "first ran it": _local(a["first_published_at"], tz),
            "after first": _hours(a["hours_after_first"], "+") if a["arrival"] > 1 else "first",
            "articles": a["articles"],
            "title": _short(a["title"]),
        }
        for a in arrivals
    ]
    print_table(shown, right={"after first"}, title=title)


COMMANDS = (stories, story)
