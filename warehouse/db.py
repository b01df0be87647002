"""DuckDB connections, numbered migrations and data checks.

DuckDB lets one process write a file at a time, so writers connect briefly (one batch) and
readers retry for a moment when the file is locked, then say clearly who holds it.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
CHECKS_DIR = PACKAGE_DIR / "checks"
QUERIES_DIR = PACKAGE_DIR / "queries"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_LOCK_MARKERS = ("Could not set lock", "Conflicting lock")


class WarehouseError(Exception):
    """An expected warehouse problem (locked, unwritable, missing) with a clear message."""


class WarehouseLocked(WarehouseError):
    pass


@dataclass(frozen=True, slots=True)
class CheckFailure:
    check: str
    rows: int
    sample: list[tuple]


def _configure(con: duckdb.DuckDBPyConnection, read_only: bool) -> None:
    con.execute("SET TimeZone = 'UTC'")
    if not read_only:
        # Article texts are long and unique: FSST dictionaries cost checkpoint time for little gain.
        con.execute("SET disabled_compression_methods = 'dict_fsst'")


def connect(
    path: str | Path, *, read_only: bool = False, wait_s: float = 10.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying briefly while another process holds the write lock."""
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `mediawatch ingest` (or demo) first")
    if not read_only:
        _ensure_parent(path)
    deadline = time.monotonic() + wait_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            _configure(con, read_only)
            return con
        except duckdb.IOException as exc:
            message = str(exc)
            if not any(marker in message for marker in _LOCK_MARKERS):
                raise WarehouseError(f"cannot open {path}: {message}") from exc
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"{path} is locked by another process (an ingest is probably writing); "
                    f"waited {wait_s:g} s. Try again when it finishes. DuckDB said: {message}"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _ensure_parent(path: Path) -> None:
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot create the database directory {parent}: {exc}") from exc


@contextmanager
def session(path: str | Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, closed on exit."""
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def migration_files() -> list[tuple[int, str, Path]]:
    """(version, name, path) of every migration, in order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise WarehouseError(f"migration file {path.name} is not named NNN_name.sql")
        found.append((int(match.group(1)), path.stem, path))
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise WarehouseError("two migrations share a number")
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply migrations not yet recorded in schema_migrations; return the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, path in migration_files():
        if version in done:
            continue
        sql = path.read_text(encoding="utf-8")
        with transaction(con):
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
                [version, name, hashlib.sha256(sql.encode()).hexdigest()],
            )
        applied.append(name)
    return applied


def open_warehouse(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A writer connection with every migration applied."""
    con = connect(path)
    try:
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckFailure]:
    """Run warehouse/checks/*.sql; each returns no rows when the warehouse is healthy."""
    failures = []
    for path in sorted(CHECKS_DIR.glob("*.sql")):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
        if rows:
            failures.append(CheckFailure(path.stem, len(rows), rows[:5]))
    return failures


def query_sql(name: str) -> str:
    """The text of a named query in warehouse/queries/NAME.sql."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise WarehouseError(f"no named query {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")
