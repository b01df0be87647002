"""Query commands: `sql`, `trends`, `top` and `export` (registered in cli.main with add_command).

Each opens the warehouse read-only for as long as one query takes (the ingest cannot write while
a reader holds the file), waits a little when an ingest holds it, and says so.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

import click

# cli.main imports this module to register its commands, so this one looks cli.main's helpers
# up when a command runs: importing them here would be circular (`python -m cli.main` included).
FORMATS = ("table", "csv", "json")
EXIT_USAGE = 2  # cli.main.EXIT_CONFIG: bad usage or configuration


def _expected_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """cli.main._expected_errors, applied when the command runs."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cli.common import _expected_errors as expected_errors

        return expected_errors(fn)(*args, **kwargs)

    return wrapper


def _warehouse_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --db, as cli.main.path_options("config", "db") declares them."""
    fn = click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        help="DuckDB warehouse file (default: data/mediawatch.duckdb).",
    )(fn)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        help="Settings file (default: config/mediawatch.yaml when present).",
    )(fn)


def _format_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="table for reading, csv or json for scripts.",
    )(fn)


def _wait_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--wait",
        "wait_s",
        type=click.FloatRange(min=0),
        default=10.0,
        show_default=True,
        help="Seconds to wait while an ingest holds the warehouse.",
    )(fn)


@contextmanager
def _reading(config_path: str | None, db_path: str | None, wait_s: float) -> Iterator[Any]:
    """A read-only session on the configured warehouse, in the reporting time zone."""
    from cli.common import _settings
    from warehouse import db

    settings = _settings(config_path, db_path=db_path)
    with db.reader(
        settings.db_path,
        reporting_timezone=settings.reporting_timezone,
        wait_s=wait_s,
        on_wait=lambda message: click.echo(message, err=True),
    ) as con:
        yield con


def _fail(message: str) -> None:
    """Bad usage: a clear message and exit code 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.command("sql")
@click.argument("query")
@_warehouse_options
@_format_option
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Print at most this many rows (0: all); `mediawatch export` writes whole tables.",
)
@_wait_option
@_expected_errors
def sql(
    query: str,
    config_path: str | None,
    db_path: str | None,
    fmt: str,
    max_rows: int,
    wait_s: float,
) -> None:
    """Run one read-only SQL query on the warehouse and print the result.

    QUERY is a SELECT (or WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN): anything
    else is refused, and the file is opened read-only. Views: mentions_daily,
    share_of_voice_weekly, sentiment_daily, spikes, cooccurrence, source_coverage, feed_health,
    stg_stories, story_outlets, story_timeline_daily, story_timeline_hourly,
    entity_stories_weekly (README: "The views", "The story views").

    \b
        mediawatch sql "SELECT * FROM spikes WHERE is_spike ORDER BY z_score DESC LIMIT 10"
    """
    import duckdb

    from cli.output import print_rows, print_table
    from warehouse.reads import SqlRejected, check_read_only

    try:
        check_read_only(query)
    except SqlRejected as exc:
        _fail(f"{exc}")
    with _reading(config_path, db_path, wait_s) as con:
        try:
            cur = con.execute(query)
            names = [d[0] for d in cur.description or []]
            fetched = cur.fetchmany(max_rows + 1) if max_rows else cur.fetchall()
        except duckdb.Error as exc:
            _fail(f"the query failed: {exc}")
    rows = [dict(zip(names, row, strict=True)) for row in fetched]
    if max_rows and len(rows) > max_rows:
        rows = rows[:max_rows]
        click.echo(f"(first {max_rows} rows shown; raise --max-rows for more)", err=True)
    if fmt != "table":
        print_rows(rows, fmt)
    elif rows:
        print_table(rows)
    else:
        click.echo("(no rows)")


@click.command()
@click.argument("entity")
@_warehouse_options
@click.option(
    "--days",
    type=click.IntRange(1, 3660),
    default=90,
    show_default=True,
    help="How many days, ending with the day of the latest article (never before the first).",
)
@click.option("--weekly", is_flag=True, help="Week by week (ISO weeks) instead of day by day.")
@_format_option
@_wait_option
@_expected_errors
def trends(
    entity: str,
    config_path: str | None,
    db_path: str | None,
    days: int,
    weekly: bool,
    fmt: str,
    wait_s: float,
) -> None:
    """Show how ENTITY was covered, day by day: mentions, unique stories, sentiment, spikes.

    ENTITY is an entity id, name or alias, in any case (e.g. deepseek, "DeepSeek-R1").
    """
    from warehouse import reads

    with _reading(config_path, db_path, wait_s) as con:
        found = reads.find_entity(con, entity)
        if not found:
            hints = reads.entity_suggestions(con, entity)
            hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
            _fail(f"no entity is called {entity!r} (by id, name or alias){hint}")
        chosen = found[0]
        first_day, last_day, _ = reads.data_days(con)
        if first_day is None or last_day is None:
            _fail("the warehouse has no articles yet: run `mediawatch ingest` first")
        start = max(first_day, last_day - timedelta(days=days - 1))
        read = reads.entity_trend_weekly if weekly else reads.entity_trend_daily
        rows = read(con, chosen["entity_id"], start, last_day)
    others = [f"{e['entity_id']} ({e['mentions']} mentions)" for e in found[1:]]
    if others:
        click.echo(f"{entity!r} also names {', '.join(others)}; pass an id to choose", err=True)
    if fmt != "table":
        from cli.output import print_rows

        print_rows(rows, fmt)
        return
    _print_trend(chosen, rows, weekly)


def _print_trend(
    entity: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], weekly: bool
) -> None:
    from rich.markup import escape

    from cli.output import bar, print_table, sparkline

    counts = [r["mentions"] for r in rows]
    most = max(counts, default=0)
    period = f"{rows[0]['week' if weekly else 'day']} … {rows[-1]['week' if weekly else 'day']}"
    about = escape(f"({entity['entity_id']}, {entity['entity_type']}, {entity['origin']})")
    title = (
        f"[bold]{escape(entity['entity_name'])}[/bold] {about}: {sum(counts)} mentions, {period}"
        f"\n{sparkline(counts)}"
    )
    shown = []
    for r in rows:
        row: dict[str, Any] = {"week": r["week"]} if weekly else {"day": r["day"]}
        row |= {"mentions": r["mentions"], "stories": r["unique_stories"]}
        if weekly:
            row["share"] = _percent(r["share"])
        else:
            row["sources"] = r["sources"]
        row["sentiment"] = _signed(r["mean_sentiment"])
        if not weekly:
            row["7-day"] = _signed(r["rolling_7d_sentiment"])
            row["spike"] = f"▲ z={r['z_score']:.1f}" if r["is_spike"] else ""
        row[""] = bar(r["mentions"], most)
        shown.append(row)
    print_table(shown, right={"share", "sentiment", "7-day"}, title=title)


def _signed(value: float | None) -> str:
    if value is None:
        return ""
    return " 0.00" if round(value, 2) == 0 else f"{value:+.2f}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _week_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """--week as the Monday it starts on; a typo is a usage error (exit 2)."""
    if value is None:
        return None
    from report.weeks import IsoWeek, WeekError

    try:
        return IsoWeek.parse(value).start
    except WeekError as exc:
        raise click.BadParameter(str(exc)) from None


_week = click.option(
    "--week",
    callback=_week_option,
    metavar="YYYY-Www",
    help="ISO week, e.g. 2025-W05 (default: the last complete week, by the latest article).",
)


@click.command()
@_warehouse_options
@_week
@_format_option
@_wait_option
@_expected_errors
def top(
    config_path: str | None, db_path: str | None, week: date | None, fmt: str, wait_s: float
) -> None:
    """The watchlist in one week: mentions, unique stories, share of voice, sentiment, change.

    Share of voice is an entity's unique stories over those of all watchlist entities that week;
    change is against the week before, in percentage points.
    """
    from report.weeks import IsoWeek
    from warehouse import reads

    with _reading(config_path, db_path, wait_s) as con:
        if week is None:
            _, last_day, today = reads.data_days(con)
            yesterday = today - timedelta(days=1)
            week = IsoWeek.last_ending_by(min(last_day or yesterday, yesterday)).start
        rows = reads.watchlist_week(con, week)
    label = IsoWeek.containing(week)
    if fmt != "table":
        from cli.output import print_rows

        print_rows([{"week": str(label), **r} for r in rows], fmt)
        return
    from cli.output import print_table

    if not rows:
        click.echo(f"No watchlist entity was mentioned in {label} or the week before.")
        return
    shown = [
        {
            "entity": r["entity_name"],
            "mentions": r["mentions"],
            "stories": r["unique_stories"],
            "share": _percent(r["share"]),
            "sentiment": _signed(r["mean_sentiment"]),
            "change": f"{r['share_change'] * 100:+.1f} pp",
        }
        for r in rows
    ]
    title = f"[bold]Watchlist, {label}[/bold] ({week} … {week + timedelta(days=6)})"
    print_table(shown, right={"share", "sentiment", "change"}, title=title)


@click.command()
@click.argument("name")
@_warehouse_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet", "json"]),
    help="File format (default: from the --out suffix, else csv). json is one JSON array.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="File to write (replaced if it exists).",
)
@_wait_option
@_expected_errors
def export(
    name: str,
    config_path: str | None,
    db_path: str | None,
    fmt: str | None,
    out_path: str,
    wait_s: float,
) -> None:
    """Write a view or table (NAME, e.g. share_of_voice_weekly) to a CSV, Parquet or JSON file."""
    from warehouse import reads

    out = Path(out_path)
    fmt = fmt or {".parquet": "parquet", ".json": "json"}.get(out.suffix.lower(), "csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    with _reading(config_path, db_path, wait_s) as con:
        known = reads.exportable(con)
        if name.lower() not in known:
            views = ", ".join(sorted(n for n in known.values() if not n.startswith("stg_")))
            _fail(f"no table or view is called {name!r}; there are: {views}")
        written = reads.export_relation(con, name, fmt, out)
    click.echo(f"wrote {written} rows of {known[name.lower()]} to {out} ({fmt})", err=True)


COMMANDS = (sql, trends, top, export)
