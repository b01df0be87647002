"""The report of one week from a warehouse file, without Prefect (the flow, the CLI and the
demo call this): the report queries in one read-only session, then the three files."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from report.collect import collect_report
from report.data import ReportData
from report.render import ReportPaths, write_report_files
from report.weeks import IsoWeek
from warehouse import db
from warehouse.reads import rows


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
