"""Helpers every `mediawatch` command module shares: path options, settings, exit codes and
turning expected failures into a message.

Exit codes scripts can rely on: 0 done (failing feeds are recorded, not fatal), 1 the run failed,
2 bad usage or configuration, 3 the warehouse is unavailable (locked, unwritable, missing, disk
full).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import wraps
from typing import Any

import click

EXIT_FAILED, EXIT_CONFIG, EXIT_WAREHOUSE = 1, 2, 3


def _quiet_prefect() -> None:
    # Offline, Prefect's ephemeral server logs telemetry errors; users should see only real ones.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _terminate_as_exit() -> None:
    """SIGTERM ends a command the way Ctrl-C does: the run is recorded as failed, the worker
    processes and the Prefect server are stopped. (They end with this process in any case.)"""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def _prefect(workers: int | str | None = None) -> AbstractContextManager[str]:
    """Where a command runs its flows: the configured Prefect API, or a private server that
    ends with this process (see flows.prefect_server). Enter it after validating the input.
    Given the `workers` setting of a command that runs worker processes, those start loading
    their models first, while Prefect starts."""
    from flows.prefect_server import prefect_api

    if workers is not None:
        from flows.workers import start_early

        start_early(workers)

    return prefect_api(echo=lambda message: click.echo(message, err=True))


class _NoTracebackForExpected(logging.Formatter):
    """Formats like the formatter it wraps, without the traceback of an expected failure (a
    full disk): the command explains that in one line. Other handlers (the run's log in the
    Prefect API) still get the traceback."""

    def __init__(self, inner: logging.Formatter | None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        from warehouse.connection import storage_failure

        if record.exc_info and storage_failure(record.exc_info[1]) is not None:
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return self.inner.format(record)


def _quiet_expected_tracebacks() -> None:
    """Keep Prefect's console output (a failed task or flow logs its traceback there) free of
    tracebacks for expected failures."""
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    ensure_logging_setup()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not isinstance(
            handler.formatter, _NoTracebackForExpected
        ):
            handler.setFormatter(_NoTracebackForExpected(handler.formatter))


def _expected_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected conditions into a clear message and an exit code, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import duckdb

        from flows.prefect_server import PrefectServerError
        from settings import ConfigError
        from warehouse.connection import WarehouseError, storage_failure

        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"configuration error: {exc}", err=True)
            sys.exit(EXIT_CONFIG)
        except PrefectServerError as exc:
            click.echo(f"prefect error: {exc}", err=True)
            sys.exit(EXIT_FAILED)
        except WarehouseError as exc:
            click.echo(f"warehouse error: {exc}", err=True)
            sys.exit(EXIT_WAREHOUSE)
        except (duckdb.IOException, OSError) as exc:
            # A full disk, a read-only or vanished directory: the run stopped, nothing half-loaded.
            click.echo(f"storage error: {exc}", err=True)
            sys.exit(EXIT_WAREHOUSE)
        except Exception as exc:
            # A write refused for lack of space, as DuckDB reports it (at COMMIT, a
            # TransactionException naming the file), possibly raised again by Prefect or while
            # recording the failed run. The transaction that failed is rolled back whole.
            failure = storage_failure(exc)
            if failure is None:
                raise
            detail = " ".join(str(failure).split())
            click.echo(
                f"storage error: {detail}. Is the disk full? What was loaded before stays in the "
                "warehouse; free some space and run again.",
                err=True,
            )
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
