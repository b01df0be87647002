"""The `mediawatch` command line.

Exit codes scripts can rely on: 0 done (failing feeds are recorded, not fatal), 1 the run failed,
2 bad usage or configuration, 3 the warehouse is unavailable (locked, unwritable, missing).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

EXIT_FAILED, EXIT_CONFIG, EXIT_WAREHOUSE = 1, 2, 3


def _quiet_prefect() -> None:
    # Offline, Prefect's ephemeral server logs telemetry errors; users should see only real ones.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _expected_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected conditions into a clear message and an exit code, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import duckdb

        from pipelines.config import ConfigError
        from warehouse.db import WarehouseError

        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"configuration error: {exc}", err=True)
            sys.exit(EXIT_CONFIG)
        except WarehouseError as exc:
            click.echo(f"warehouse error: {exc}", err=True)
            sys.exit(EXIT_WAREHOUSE)
        except (duckdb.IOException, OSError) as exc:
            # A full disk, a read-only or vanished directory: the run stopped, nothing half-loaded.
            click.echo(f"storage error: {exc}", err=True)
            sys.exit(EXIT_WAREHOUSE)

    return wrapper


def path_options(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The path overrides every command that uses them accepts."""
    helps = {
        "config": "Settings file (default: config/mediawatch.yaml when present).",
        "sources": "Sources file (default: config/sources.yaml).",
        "watchlist": "Watchlist file (default: config/watchlist.yaml).",
        "db": "DuckDB warehouse file (default: data/mediawatch.duckdb).",
    }

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        for name in reversed(names):
            fn = click.option(
                f"--{name}", f"{name}_path", type=click.Path(dir_okay=False), help=helps[name]
            )(fn)
        return fn

    return decorate


def _settings(config_path: str | None = None, **paths: str | None) -> Any:
    from flows.runtime import ingest_settings

    return ingest_settings(
        config_path, paths.get("sources_path"), paths.get("watchlist_path"), paths.get("db_path")
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mediawatch")
def main() -> None:
    """mediawatch: monitor how organisations, people and topics are covered in the news."""
    _quiet_prefect()


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
    from flows.demo import run_demo

    summary = run_demo(
        db_path=Path(db_path),
        watchlist_path=watchlist_path,
        settings_path=config_path,
        echo=click.echo,
    )
    if summary["status"] == "failed":
        sys.exit(EXIT_FAILED)


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
    from flows.daily_ingest import daily_ingest
    from flows.demo import print_summary
    from flows.runtime import check_ingest_possible

    # Fail fast on bad configuration or a busy warehouse, before Prefect starts.
    settings = _settings(
        config_path, sources_path=sources_path, watchlist_path=watchlist_path, db_path=db_path
    )
    check_ingest_possible(settings.db_path)
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
@_expected_errors
def reprocess(
    config_path: str | None,
    watchlist_path: str | None,
    db_path: str | None,
    since: datetime | None,
    until: datetime | None,
    stale_only: bool,
) -> None:
    """Re-run enrichment (entities, mentions, sentiment) over stored text, without the network."""
    from flows.reprocess import reprocess as reprocess_flow

    _settings(config_path, watchlist_path=watchlist_path, db_path=db_path)
    summary = asyncio.run(
        reprocess_flow(
            db_path=db_path,
            watchlist_path=watchlist_path,
            settings_path=config_path,
            since=since.replace(tzinfo=UTC) if since else None,
            until=until.replace(tzinfo=UTC) if until else None,
            stale_only=stale_only,
        )
    )
    click.echo(
        f"Re-enriched {summary['articles']} articles ({summary['mentions']} mentions, "
        f"enrichment {summary['enrichment_version']}); "
        f"{summary['fingerprinted']} articles newly checked for duplicates."
    )


@main.group()
def sources() -> None:
    """Inspect the configured news sources."""


@sources.command("list")
@path_options("config", "sources")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_expected_errors
def sources_list(config_path: str | None, sources_path: str | None, fmt: str) -> None:
    """List the configured sources."""
    from pipelines.config import load_sources

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
    from flows.output import print_rows

    print_rows(rows, fmt)


@main.command()
@path_options("config", "db")
@click.option("--runs", "limit", default=10, show_default=True, help="How many recent runs.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_expected_errors
def status(config_path: str | None, db_path: str | None, limit: int, fmt: str) -> None:
    """Show recent runs with their counts, and feeds in trouble."""
    from flows.output import print_rows
    from warehouse import db
    from warehouse.reads import feeds_in_trouble, recent_runs

    settings = _settings(config_path, db_path=db_path)
    with db.session(settings.db_path, read_only=True) as con:
        runs, trouble = recent_runs(con, limit), feeds_in_trouble(con)
    if fmt == "json":
        click.echo(json.dumps({"runs": runs, "feeds_in_trouble": trouble}, indent=2, default=str))
        return
    click.echo("Recent runs")
    print_rows(runs, "table")
    click.echo("\nFeeds in trouble" if trouble else "\nNo feeds in trouble.")
    if trouble:
        print_rows(trouble, "table")


if __name__ == "__main__":
    main()
