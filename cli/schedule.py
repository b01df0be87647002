"""`mediawatch serve` and `mediawatch backfill`, and the schedule lines `mediawatch status`
prints (registered in cli.main with main.add_command)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from cli.common import EXIT_FAILED, _expected_errors, _prefect, _settings, path_options
from flows.deployments import DEFAULT_SERVER_PORT, PREFECT_FILE


@click.command()
@click.option(
    "--prefect-file",
    type=click.Path(dir_okay=False),
    default=str(PREFECT_FILE),
    show_default=True,
    help="The deployments and their schedule.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_SERVER_PORT,
    show_default=True,
    help="Port of the local Prefect server started when PREFECT_API_URL is not set.",
)
@click.option("--dry-run", is_flag=True, help="Print the schedule and exit without serving.")
@_expected_errors
def serve(prefect_file: str, port: int, dry_run: bool) -> None:
    """Run the daily ingest and the weekly report on the schedule in prefect.yaml, in this
    process (no work pool needed; stop with Ctrl-C)."""
    from flows.deployments import ServeError, read_deployments, schedule_line, serve_schedule
    from flows.prefect_server import PrefectServerError

    specs = read_deployments(prefect_file)  # fail fast on a broken file
    if dry_run:
        for spec in specs:
            click.echo(schedule_line(spec))
        return
    try:
        serve_schedule(prefect_file, port=port, echo=click.echo)
    except (ServeError, PrefectServerError) as exc:
        click.echo(f"cannot serve: {exc}", err=True)
        sys.exit(EXIT_FAILED)


def schedule_entries(prefect_file: Path | str = PREFECT_FILE) -> list[dict[str, Any]]:
    """Each deployment of prefect.yaml with its schedule and next run (for `status --format
    json`); empty when there is no prefect.yaml."""
    from flows.deployments import read_deployments
    from settings import ConfigError

    if not Path(prefect_file).is_file():
        return []
    try:
        specs = read_deployments(prefect_file)
    except ConfigError as exc:
        return [{"error": str(exc)}]
    return [
        {
            "deployment": spec.name,
            "entrypoint": spec.entrypoint,
            "schedules": [{"cron": s.cron, "timezone": s.timezone} for s in spec.schedules],
            "next_run": spec.next_run(),
            "parameters": dict(spec.parameters),
        }
        for spec in specs
    ]


def schedule_lines(prefect_file: Path | str = PREFECT_FILE) -> list[str]:
    """The schedule as `mediawatch status` prints it, one deployment a line."""
    from flows.deployments import read_deployments, schedule_line
    from settings import ConfigError

    if not Path(prefect_file).is_file():
        return [f"No {prefect_file} here: nothing is scheduled (see 'Running on a schedule')."]
    try:
        return [schedule_line(spec) for spec in read_deployments(prefect_file)]
    except ConfigError as exc:  # status still shows the runs and the feeds
        return [f"cannot read the schedule: {exc}"]


@dataclass(frozen=True, slots=True)
class BackfillPeriod:
    """Calendar days first..last in the reporting time zone, as instants and ISO weeks."""

    first: date
    last: date
    tz: ZoneInfo

    @property
    def since(self) -> datetime:
        """Midnight starting the first day, in UTC."""
        return datetime.combine(self.first, time(), self.tz).astimezone(UTC)

    @property
    def until(self) -> datetime:
        """Midnight ending the last day (exclusive), in UTC."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.tz).astimezone(UTC)

    def weeks(self, today: date) -> tuple[list[Any], list[Any]]:
        """(ISO weeks the period touches that have ended by `today`, those still running)."""
        from report.weeks import IsoWeek

        week, done, running = IsoWeek.containing(self.first), [], []
        while week.start <= self.last:
            (done if week.end <= today else running).append(week)
            week = week.shift(1)
        return done, running


@click.command()
@path_options("config", "watchlist", "db")
@click.option(
    "--from",
    "first",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="First day (reporting time zone).",
)
@click.option(
    "--to",
    "last",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="Last day, included (reporting time zone).",
)
@click.option(
    "--reports-dir",
    type=click.Path(file_okay=False),
    help="Where to write the reports (default: the reports_dir setting).",
)
@_expected_errors
def backfill(
    config_path: str | None,
    watchlist_path: str | None,
    db_path: str | None,
    first: datetime,
    last: datetime,
    reports_dir: str | None,
) -> None:
    """Re-run enrichment over the articles of a period and rewrite the weekly reports of the
    weeks it covers, offline."""
    if first.date() > last.date():
        raise click.BadParameter("--from is after --to", param_hint="'--from'")
    from warehouse.connection import WarehouseError

    settings = _settings(config_path, watchlist_path=watchlist_path, db_path=db_path)
    if not settings.db_path.exists():
        raise WarehouseError(f"no warehouse at {settings.db_path}: run `mediawatch ingest` first")
    period = BackfillPeriod(first.date(), last.date(), settings.tz)
    with _prefect():
        run_backfill(
            period,
            db_path=db_path,
            watchlist_path=watchlist_path,
            settings_path=config_path,
            reports_dir=Path(reports_dir) if reports_dir else settings.reports_dir,
            echo=click.echo,
        )


def run_backfill(
    period: BackfillPeriod,
    *,
    db_path: str | None,
    watchlist_path: str | None,
    settings_path: str | None,
    reports_dir: Path,
    echo: Callable[[str], None] = print,
    today: date | None = None,
) -> dict[str, Any]:
    """Reprocess the period's articles, then write the report of each week it touches that has
    ended (a running week is reported by the scheduled run after it ends)."""
    from flows.reprocess import reprocess
    from flows.runtime import ingest_settings
    from report.build import write_report

    settings = ingest_settings(settings_path, None, watchlist_path, db_path)
    summary = asyncio.run(
        reprocess(
            db_path=db_path,
            watchlist_path=watchlist_path,
            settings_path=settings_path,
            since=period.since,
            until=period.until,
        )
    )
    echo(
        f"Re-enriched {summary['articles']} articles from {period.first} to {period.last} "
        f"({summary['mentions']} mentions)."
    )
    today = today or datetime.now(period.tz).date()
    done, running = period.weeks(today)
    written = []
    for week in done:
        paths = write_report(settings.db_path, week, reports_dir, period.tz.key)
        written.append(str(paths.html))
        echo(f"Weekly report {week}: {paths.html}")
    for week in running:
        echo(f"Weekly report {week}: not written, the week has not ended")
    return {**summary, "reports": written, "weeks_running": [str(w) for w in running]}
