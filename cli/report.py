"""`mediawatch report`: write the weekly report (registered in cli.main with main.add_command)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from cli.common import EXIT_FAILED, _expected_errors, _prefect, _settings, path_options


def _week(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check --week early, so a typo is a usage error (exit 2) before Prefect starts."""
    if value is None:
        return None
    from report.weeks import IsoWeek, WeekError

    try:
        return str(IsoWeek.parse(value))
    except WeekError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@path_options("config", "db")
@click.option(
    "--week",
    callback=_week,
    metavar="YYYY-Www",
    help="ISO week to report on, e.g. 2025-W08 (default: the last complete week in the "
    "reporting time zone).",
)
@click.option(
    "--reports-dir",
    type=click.Path(file_okay=False),
    help="Where to write YYYY-Www.html, .md and .json (default: the reports_dir setting).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the summary: text, or JSON with the file paths and headline numbers.",
)
@_expected_errors
def report(
    config_path: str | None,
    db_path: str | None,
    week: str | None,
    reports_dir: str | None,
    fmt: str,
) -> None:
    """Write the weekly coverage report (HTML, Markdown, JSON) and attach it to a Prefect run."""
    from flows.weekly_report import weekly_report
    from warehouse.connection import WarehouseError

    settings = _settings(config_path, db_path=db_path)  # fail fast, before Prefect starts
    if not settings.db_path.exists():
        raise WarehouseError(f"no warehouse at {settings.db_path}: run `mediawatch ingest` first")
    try:
        with _prefect():
            summary = weekly_report(
                week=week, db_path=db_path, settings_path=config_path, reports_dir=reports_dir
            )
    except OSError as exc:
        click.echo(f"cannot write the report: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
    else:
        print_report_summary(summary, click.echo)


def print_report_summary(summary: dict[str, Any], echo: Any = print) -> None:
    """The report's headline numbers and where its files are."""
    echo(f"Weekly report {summary['week']} (days in {summary['timezone']})")
    for line in summary["highlights"]:
        echo(f"  {line}")
    files = summary["files"]
    echo(f"  HTML: {files['html']}")
    echo(f"  Markdown: {files['markdown']}")
    echo(f"  JSON: {files['json']}")
