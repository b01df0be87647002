"""The weekly report flow: warehouse views → report data → HTML, Markdown, JSON → Prefect artifact.

Wiring only: the queries are warehouse/queries/report_*.sql, the report is built and rendered by
`pipelines.report`. `write_report` does the same without Prefect, for the CLI and the demo.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pipelines.report.collect import collect_report
from pipelines.report.data import ReportData
from pipelines.report.render import ReportPaths, write_report_files
from pipelines.report.weeks import IsoWeek
from warehouse import db
from warehouse.reads import rows

FLOW_NAME = "weekly-report"
ARTIFACT_LIMIT = 60_000  # characters of Markdown attached to the run; the files hold everything


def load_report_data(db_path: Path, week: IsoWeek, tz: str) -> ReportData:
    """Run the report queries in one read-only session on up-to-date views, days in `tz`."""
    with db.reader(db_path, reporting_timezone=tz) as con:
        return collect_report(lambda name, **params: rows(con, name, **params), week, tz)


def write_report(
    db_path: Path | str, week: IsoWeek | str, reports_dir: Path | str, tz: str | ZoneInfo = "UTC"
) -> ReportPaths:
    """Write reports_dir/YYYY-Www.{html,md,json} for `week` from the warehouse at `db_path`."""
    week = IsoWeek.parse(week) if isinstance(week, str) else week
    timezone = tz.key if isinstance(tz, ZoneInfo) else tz
    data = load_report_data(Path(db_path), week, timezone)
    return write_report_files(data, Path(reports_dir))


def demo_week(corpus_end: date) -> IsoWeek:
    """The demo corpus's last complete week: the last ISO week whose Sunday it reaches."""
    return IsoWeek.last_ending_by(corpus_end)


def write_demo_report(
    db_path: Path | str,
    reports_dir: Path | str = "reports",
    tz: str = "UTC",
    echo: Callable[[str], None] = print,
) -> ReportPaths:
    """The report on the demo corpus's last complete week (for `make demo`); prints its path."""
    from flows.demo import demo_end_date

    week = demo_week(demo_end_date().date())
    paths = write_report(db_path, week, reports_dir, tz)
    echo(f"Weekly report {week}: {paths.html} (also {paths.markdown.name}, {paths.json.name})")
    return paths


@task(name="collect-report-data", cache_policy=NO_CACHE)
def collect_task(db_path: Path, week: IsoWeek, tz: str) -> ReportData:
    return load_report_data(db_path, week, tz)


@task(name="render-report", cache_policy=NO_CACHE)
def render_task(data: ReportData, reports_dir: Path) -> ReportPaths:
    return write_report_files(data, reports_dir)


@flow(name=FLOW_NAME, log_prints=True)
def weekly_report(
    week: str | None = None,
    db_path: str | None = None,
    settings_path: str | None = None,
    reports_dir: str | None = None,
) -> dict[str, Any]:
    """Write the weekly report (default: the last complete ISO week in the reporting time zone)."""
    from flows.runtime import ingest_settings

    logger = get_run_logger()
    overrides = {"reports_dir": Path(reports_dir)} if reports_dir else None
    settings = ingest_settings(settings_path, None, None, db_path, overrides)
    iso = IsoWeek.parse(week) if week else IsoWeek.last_complete(datetime.now(UTC), settings.tz)
    data = collect_task(settings.db_path, iso, settings.reporting_timezone)
    paths = render_task(data, settings.reports_dir)
    markdown = paths.markdown.read_text(encoding="utf-8")
    if len(markdown) > ARTIFACT_LIMIT:
        markdown = (
            markdown[:ARTIFACT_LIMIT].rsplit("\n", 1)[0]
            + f"\n\n… (full report: {paths.markdown})\n"
        )
    create_markdown_artifact(
        markdown,
        key=f"weekly-report-{str(iso).lower()}",
        description=f"Weekly coverage report {iso}",
    )
    logger.info("Report %s written to %s", iso, paths.html)
    return report_summary(data, paths)


def report_summary(data: ReportData, paths: ReportPaths) -> dict[str, Any]:
    """What the CLI prints: the week, the files, the headline numbers."""
    return {
        "week": str(data.week),
        "timezone": data.timezone,
        "files": {
            "html": str(paths.html),
            "markdown": str(paths.markdown),
            "json": str(paths.json),
        },
        "headline": {
            m.key: {"value": m.value, "previous": m.previous, "change_pct": m.change_pct}
            for m in data.rows("headline")
        },
        "highlights": list(data.highlights),
    }
