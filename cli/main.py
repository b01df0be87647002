"""The `mediawatch` command line. Exit codes: see cli.common."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from cli.common import (
    EXIT_FAILED,
    _expected_errors,
    _prefect,
    _quiet_expected_tracebacks,
    _quiet_prefect,
    _settings,
    _terminate_as_exit,
    path_options,
)
from cli.query import export, sql, top, trends
from cli.report import report
from cli.schedule import backfill, serve
from cli.search import search
from cli.sources import sources_add, sources_check, sources_export, sources_import
from cli.stories import stories, story


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mediawatch")
def main() -> None:
    """mediawatch: monitor how organisations, people and topics are covered in the news."""
    _quiet_prefect()
    _terminate_as_exit()


@main.command()
@path_options("config", "watchlist")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default="data/demo.duckdb",
    show_default=True,
    help="Warehouse for the demo.",
)
@_expected_errors
def demo(config_path: str | None, watchlist_path: str | None, db_path: str) -> None:
    """Serve the bundled demo corpus on 127.0.0.1 and run the daily ingest over it."""
    from demo.runner import run_demo, write_demo_report

    _quiet_expected_tracebacks()
    settings = _settings(config_path, db_path=db_path)
    with _prefect(settings.workers):
        summary = run_demo(
            db_path=Path(db_path),
            watchlist_path=watchlist_path,
            settings_path=config_path,
            echo=click.echo,
        )
        if summary["status"] == "failed":
            sys.exit(EXIT_FAILED)
        write_demo_report(
            db_path, settings.reports_dir, settings.reporting_timezone, echo=click.echo
        )


@main.command()
@path_options("config", "sources", "watchlist", "db")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@_expected_errors
def ingest(
    config_path: str | None,
    sources_path: str | None,
    watchlist_path: str | None,
    db_path: str | None,
    as_json: bool,
) -> None:
    """Run the daily ingest once: fetch feeds and pages, extract, load."""
    from demo.runner import print_summary
    from flows.daily_ingest import daily_ingest
    from flows.runtime import check_ingest_possible

    _quiet_expected_tracebacks()
    # Fail fast on bad configuration or a busy warehouse, before Prefect starts.
    settings = _settings(
        config_path, sources_path=sources_path, watchlist_path=watchlist_path, db_path=db_path
    )
    check_ingest_possible(settings.db_path)
    with _prefect(settings.workers):
        summary = asyncio.run(
            daily_ingest(
                sources_path=sources_path,
                watchlist_path=watchlist_path,
                db_path=db_path,
                settings_path=config_path,
            )
        )
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        print_summary(summary, click.echo)


@main.command()
@path_options("config", "watchlist", "db")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published since.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published before.")
@click.option("--stale-only", is_flag=True, help="Only articles from an older enrichment version.")
@click.option(
    "--re-extract",
    is_flag=True,
    help="First extract the articles again from the raw archive (after an extraction change), "
    "then re-enrich every article left stale.",
)
@_expected_errors
def reprocess(
    config_path: str | None,
    watchlist_path: str | None,
    db_path: str | None,
    since: datetime | None,
    until: datetime | None,
    stale_only: bool,
    re_extract: bool,
) -> None:
    """Re-run enrichment (entities, mentions, sentiment) over stored text, without the network;
    with --re-extract, extract the text again from the raw archive first. Then rebuild every
    story (event clustering over all stored articles, in published order)."""
    from flows.reprocess import reprocess as reprocess_flow

    _quiet_expected_tracebacks()
    settings = _settings(config_path, watchlist_path=watchlist_path, db_path=db_path)
    since = since.replace(tzinfo=UTC) if since else None
    until = until.replace(tzinfo=UTC) if until else None
    with _prefect(settings.workers):
        if re_extract:
            from flows.reextract import reextract

            extracted = asyncio.run(
                reextract(db_path=db_path, settings_path=config_path, since=since, until=until)
            )
            print_reextract_summary(extracted, click.echo)
            # Re-enrich what re-extraction marked stale, wherever its (possibly new) date falls.
            since, until, stale_only = None, None, True
        summary = asyncio.run(
            reprocess_flow(
                db_path=db_path,
                watchlist_path=watchlist_path,
                settings_path=config_path,
                since=since,
                until=until,
                stale_only=stale_only,
            )
        )
    click.echo(
        f"Re-enriched {summary['articles']} articles ({summary['mentions']} mentions, "
        f"enrichment {summary['enrichment_version']}); "
        f"{summary['fingerprinted']} articles newly checked for duplicates."
    )
    if summary["stories"]:
        stories = summary["stories"]
        click.echo(f"  stories rebuilt: {stories['articles']} articles in {stories['stories']}")
    if summary["failed"]:
        click.echo(f"  {summary['failed']} failed again: see `mediawatch status`")
    if summary["released"]:
        click.echo(
            f"  {summary['released']} items whose extraction failed will be fetched again "
            "by the next ingest"
        )


@main.group()
def sources() -> None:
    """Inspect and manage the configured news sources."""


@sources.command("list")
@path_options("config", "sources")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_expected_errors
def sources_list(config_path: str | None, sources_path: str | None, fmt: str) -> None:
    """List the configured sources."""
    from settings import load_sources

    settings = _settings(config_path, sources_path=sources_path)
    found = load_sources(settings.sources_path)
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "language": s.language,
            "country": s.country,
            "tags": ",".join(s.tags),
            "enabled": s.enabled,
            "url": s.url,
        }
        for s in found
    ]
    from cli.output import print_rows

    print_rows(rows, fmt)


@main.command()
@path_options("config", "db")
@click.option("--runs", "limit", default=10, show_default=True, help="How many recent runs.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_expected_errors
def status(config_path: str | None, db_path: str | None, limit: int, fmt: str) -> None:
    """Show the schedule, recent runs with their counts, feeds in trouble and the articles the
    pipeline failed on."""
    from cli.output import print_rows
    from cli.schedule import schedule_entries, schedule_lines
    from warehouse import db
    from warehouse.reads import failed_items, feeds_in_trouble, recent_runs

    settings = _settings(config_path, db_path=db_path)
    with db.session(settings.db_path, read_only=True) as con:
        runs, trouble, failed = recent_runs(con, limit), feeds_in_trouble(con), failed_items(con)
    if fmt == "json":
        found = {
            "schedule": schedule_entries(),
            "runs": runs,
            "feeds_in_trouble": trouble,
            "failed_items": failed,
        }
        click.echo(json.dumps(found, indent=2, default=str))
        return
    click.echo("Schedule (prefect.yaml)")
    for line in schedule_lines():
        click.echo(f"  {line}")
    click.echo("\nRecent runs")
    print_rows(runs, "table")
    click.echo("\nFeeds in trouble" if trouble else "\nNo feeds in trouble.")
    if trouble:
        print_rows(trouble, "table")
    click.echo("\nArticles the pipeline failed on" if failed else "\nNo article failed.")
    if failed:
        print_rows(failed, "table")


def print_reextract_summary(summary: Mapping[str, Any], echo: Callable[[str], None]) -> None:
    """One line for the CLI, plus what could not be rebuilt."""
    echo(
        f"Re-extracted {summary['articles']} articles from the archive: "
        f"{summary['changed']} changed, {summary['unchanged']} unchanged."
    )
    notes = {
        "skipped_page_not_archived": "page no longer in the archive (pruned or moved), kept",
        "kept_no_text_now": "no text found now, kept as they were",
        "kept_extraction_failed": "extraction failed (an error), kept as they were",
        "feed_item_from_columns": "feed body not archived, feed item rebuilt from the article",
    }
    for key, text in notes.items():
        if summary.get(key):
            echo(f"  {summary[key]} {text}")


for _command in (sql, trends, top, stories, story, export, report, search, serve, backfill):
    main.add_command(_command)
for _command in (sources_add, sources_import, sources_export, sources_check):
    sources.add_command(_command)

if __name__ == "__main__":
    main()
