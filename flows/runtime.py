"""Run-time plumbing shared by the flows: settings, the fetch policy, the ingest lock."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from pipelines.sentiment import NEUTRAL_BAND
from settings import Settings, load_settings
from warehouse import db
from warehouse.connection import WarehouseError, WarehouseLocked

T = TypeVar("T")
R = TypeVar("R")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most size items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


@contextmanager
def ingest_lock(db_path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the warehouse for a whole ingest; refuse a second one."""
    lock_path = Path(f"{db_path}.ingest.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        message = f"cannot create the database directory {lock_path.parent}: {exc}"
        raise WarehouseError(message) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise WarehouseLocked(
                f"another ingest is already running on {db_path} ({holder}); "
                "wait for it to finish (the lock frees itself when that process ends)"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_ingest_possible(db_path: Path) -> None:
    """Fail fast, before any flow starts, when the warehouse cannot take an ingest now."""
    with ingest_lock(db_path):
        pass


def migrate(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Bring the warehouse up to date with the pipeline's reporting rules."""
    db.migrate(con, reporting_timezone=settings.reporting_timezone, neutral_band=NEUTRAL_BAND)


def ingest_settings(
    settings_path: str | None,
    sources_path: str | None,
    watchlist_path: str | None,
    db_path: str | None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """The settings for a run: the settings file, then environment, then the flow's parameters."""
    overrides = dict(overrides or {})
    if sources_path:
        overrides["sources_path"] = Path(sources_path)
    if watchlist_path:
        overrides["watchlist_path"] = Path(watchlist_path)
    if db_path:
        overrides["db_path"] = Path(db_path)
    return load_settings(settings_path, **overrides)
