"""The weekly report flow: warehouse views → report data → HTML, Markdown, JSON → Prefect artifact.

Wiring only: the queries are warehouse/queries/report_*.sql, the report is built and rendered by
the `report` package, whose `report.build.write_report` does the same without Prefect.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from report.build import load_report_data
from report.data import ReportData
from report.render import ReportPaths, write_report_files
from report.weeks import IsoWeek

FLOW_NAME = "weekly-report"
ARTIFACT_LIMIT = 60_000  # characters of Markdown attached to the run; the files hold everything


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
