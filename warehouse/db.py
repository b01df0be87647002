"""DuckDB connections, numbered migrations, views and data checks.

DuckDB lets one process write a file at a time, so writers connect briefly (one batch) and
readers retry for a moment when the file is locked, then say clearly who holds it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
CHECKS_DIR = PACKAGE_DIR / "checks"
QUERIES_DIR = PACKAGE_DIR / "queries"
VIEWS_DIR = PACKAGE_DIR / "views"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_VIEW_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_LEADING_COMMENT = re.compile(r"\A(?:[ \t]*--[^\n]*\n)+")
DEFAULT_REPORTING_TIMEZONE = "UTC"
_MAIN_VIEWS = (
    "SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary"
    " AND schema_name = 'main' AND database_name = current_database()"
)
_MAIN_TABLES = (
    "SELECT table_name FROM duckdb_tables() WHERE NOT temporary"
    " AND schema_name = 'main' AND database_name = current_database()"
)
_LOCK_MARKERS = ("Could not set lock", "Conflicting lock")
# A write the disk refused: full (ENOSPC), over quota (EDQUOT) or over a file-size limit (EFBIG).
_WRITE_REFUSED = frozenset(
    code for code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", None)) if code
)
_WRITE_REFUSED_REASONS = tuple(os.strerror(code) for code in _WRITE_REFUSED)


class WarehouseError(Exception):
    """An expected warehouse problem (locked, unwritable, missing) with a clear message."""


class WarehouseLocked(WarehouseError):
    pass


def storage_failure(exc: BaseException | None) -> BaseException | None:
    """The exception in exc's chain (itself, then what caused it or was being handled) that
    says a write was refused for lack of space (disk full, quota, file-size limit), or None.

    DuckDB names the file and the OS's reason in whatever it raises at that point: at COMMIT a
    TransactionException ('Failed to commit: Could not write file "…/x.duckdb.wal": No space left
    on device'), elsewhere an IOException. A checkpoint that cannot grow the database file fails
    silently: the committed data stays in the WAL and the next checkpoint writes it.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _WRITE_REFUSED:
            return exc
        if isinstance(exc, duckdb.Error) and any(r in str(exc) for r in _WRITE_REFUSED_REASONS):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


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
    path: str | Path,
    *,
    read_only: bool = False,
    wait_s: float = 10.0,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying briefly while another process holds the write lock.

    on_wait, when given, is told once (in words) that the file is locked and we are waiting.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `mediawatch ingest` (or demo) first")
    if not read_only:
        _ensure_parent(path)
    deadline = time.monotonic() + wait_s
    delay = 0.05
    told = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            _configure(con, read_only)
            return con
        except duckdb.IOException as exc:
            message = str(exc)
            if not any(marker in message for marker in _LOCK_MARKERS):
                raise WarehouseError(f"cannot open {path}: {message}") from exc
            if on_wait is not None and not told and wait_s > 0:
                on_wait(
                    f"{path} is locked by another process (an ingest is probably writing); "
                    f"waiting up to {wait_s:g} s for it to let go…"
                )
                told = True
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
def session(
    path: str | Path, *, read_only: bool = False, wait_s: float = 10.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, closed on exit. A writer brings the materialized trend tables
    up to date with what it wrote before closing (warehouse.materialize)."""
    con = connect(path, read_only=read_only, wait_s=wait_s)
    try:
        yield con
        if not read_only:
            from warehouse import materialize

            materialize.refresh(con)
    finally:
        con.close()


@contextmanager
def reader(
    path: str | Path,
    *,
    reporting_timezone: str | None = None,
    wait_s: float = 10.0,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-only session on up-to-date views, reporting days in reporting_timezone
    (default: the stored setting).

    A warehouse written by an older version gets its migrations and views first, in one brief
    write. When the materialized trend tables do not match this session (another time zone, or
    written outside mediawatch) the session computes them from their queries instead. Close it
    soon: while it is open, the ingest cannot write.
    """
    from warehouse import materialize

    con = connect(path, read_only=True, wait_s=wait_s, on_wait=on_wait)
    try:
        if not views_current(con):
            con.close()
            with session(path, wait_s=wait_s) as writer:
                migrate(writer)
            con = connect(path, read_only=True, wait_s=wait_s, on_wait=on_wait)
        if reporting_timezone is not None:
            use_reporting_timezone(con, reporting_timezone)
        if not materialize.is_current(con):
            materialize.shadow(con)
        yield con
    finally:
        con.close()


def use_reporting_timezone(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Report in zone `name` for this connection only (read-only ones too): a TEMP copy of
    warehouse_settings shadows the stored table in the macros the views call."""
    check_timezone(name)
    stored = con.execute(
        "SELECT value FROM warehouse_settings WHERE key = 'reporting_timezone'"
    ).fetchone()
    if stored is not None and stored[0] == name:
        return
    shadowed = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'warehouse_settings'"
    ).fetchone()[0]
    if not shadowed:
        con.execute("CREATE TEMP TABLE warehouse_settings AS SELECT * FROM warehouse_settings")
    con.execute("DELETE FROM temp.warehouse_settings WHERE key = 'reporting_timezone'")
    con.execute(
        "INSERT INTO temp.warehouse_settings (key, value, updated_at)"
        " VALUES ('reporting_timezone', ?, now())",
        [name],
    )


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


def migrate(
    con: duckdb.DuckDBPyConnection,
    *,
    reporting_timezone: str | None = None,
    neutral_band: float | None = None,
) -> list[str]:
    """Apply migrations not yet recorded in schema_migrations, write the reporting settings and
    (re)create changed views; return the names of the migrations applied.

    reporting_timezone None keeps the stored one (UTC at first); neutral_band None is
    pipelines.sentiment.NEUTRAL_BAND.
    """
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
    write_settings(con, reporting_timezone=reporting_timezone, neutral_band=neutral_band)
    apply_views(con)
    from warehouse import materialize

    materialize.refresh(con)
    return applied


def open_warehouse(
    path: str | Path, *, reporting_timezone: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A writer connection with every migration applied."""
    con = connect(path)
    try:
        migrate(con, reporting_timezone=reporting_timezone)
    except BaseException:
        con.close()
        raise
    return con


def check_timezone(name: str) -> str:
    """name, when it is an IANA time zone; a WarehouseError otherwise."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise WarehouseError(f"unknown reporting time zone {name!r} (use an IANA name)") from exc
    return name


def write_settings(
    con: duckdb.DuckDBPyConnection,
    *,
    reporting_timezone: str | None = None,
    neutral_band: float | None = None,
) -> None:
    """Store the settings the views read (warehouse_settings), writing only what changed."""
    if neutral_band is None:
        from pipelines.sentiment import NEUTRAL_BAND

        neutral_band = NEUTRAL_BAND
    stored = dict(con.execute("SELECT key, value FROM warehouse_settings").fetchall())
    wanted = {
        "reporting_timezone": check_timezone(
            reporting_timezone or stored.get("reporting_timezone", DEFAULT_REPORTING_TIMEZONE)
        ),
        "neutral_band": repr(float(neutral_band)),
    }
    changed = [(k, v) for k, v in wanted.items() if stored.get(k) != v]
    if not changed:
        return
    with transaction(con):
        con.executemany(
            "INSERT INTO warehouse_settings (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()",
            changed,
        )


def view_files() -> list[tuple[str, Path]]:
    """(name, path) of every view in warehouse/views/, each after the views it reads (by name)."""
    paths = {}
    for path in VIEWS_DIR.glob("*.sql"):
        if _VIEW_NAME.match(path.stem) is None:
            raise WarehouseError(f"view file {path.name} is not named lower_case_name.sql")
        paths[path.stem] = path
    reads = {
        name: {
            other
            for other in paths
            if other != name and re.search(rf"\b{other}\b", path.read_text(encoding="utf-8"))
        }
        for name, path in paths.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(paths):
        ready = sorted(n for n in paths if n not in ordered and reads[n] <= set(ordered))
        if not ready:
            raise WarehouseError(
                f"views read each other in a cycle: {sorted(set(paths) - set(ordered))}"
            )
        ordered.extend(ready)
    return [(name, paths[name]) for name in ordered]


def _view_checksums() -> dict[str, str]:
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in view_files()}


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every migration is applied and every view exists as its file defines it."""
    try:
        versions = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
        if versions != {v for v, _, _ in migration_files()}:
            return False
        return _views_match(con)
    except duckdb.CatalogException:
        return False


def _views_match(con: duckdb.DuckDBPyConnection) -> bool:
    recorded = dict(con.execute("SELECT name, checksum FROM schema_views").fetchall())
    if recorded != _view_checksums():
        return False
    present = con.execute(_MAIN_VIEWS).fetchall() + con.execute(_MAIN_TABLES).fetchall()
    return set(recorded) <= {r[0] for r in present}


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view in one transaction when any is missing or changed, and the tables
    of changed materialized models (empty, for the next refresh); return the names applied."""
    from warehouse import materialize

    if _views_match(con):
        return []
    sums = _view_checksums()
    recorded = dict(con.execute("SELECT name, checksum FROM schema_views").fetchall())
    views = {r[0] for r in con.execute(_MAIN_VIEWS).fetchall()}
    tables = {r[0] for r in con.execute(_MAIN_TABLES).fetchall()}

    def drop(name: str, kinds: tuple[str, ...]) -> None:
        # DDL takes no parameters: kind is one of two constants, the name is quoted.
        for kind, present in (("VIEW", views), ("TABLE", tables)):
            if kind in kinds and name in present:
                con.execute(f"DROP {kind} {quote_identifier(name)}")

    with transaction(con):
        if materialize.ready(con):
            # Any changed view may feed a materialized table: rebuild them all on the next refresh.
            con.execute("DELETE FROM refresh_state")
        for name in sorted(set(recorded) - set(sums)):
            drop(name, ("VIEW", "TABLE"))
        for name, path in view_files():
            sql = path.read_text(encoding="utf-8")
            # Identifiers and COMMENT ON take no parameters: the name is checked by _VIEW_NAME
            # and the comment is the header of our own file, quoted as a literal.
            quoted, comment = quote_identifier(name), quote_literal(_header(sql))
            model = materialize.model_of(name, sql)
            if model is None:
                drop(name, ("TABLE",))
                con.execute(f"CREATE OR REPLACE VIEW {quoted} AS\n{sql.rstrip().rstrip(';')}")
                con.execute(f"COMMENT ON VIEW {quoted} IS {comment}")
            elif recorded.get(name) != sums[name] or name not in tables:
                drop(name, ("VIEW",))
                materialize.create_empty(con, model)
                con.execute(f"COMMENT ON TABLE {quoted} IS {comment}")
        con.execute("DELETE FROM schema_views")
        con.executemany(
            "INSERT INTO schema_views (name, checksum) VALUES (?, ?)", list(sums.items())
        )
    return list(sums)


def _header(sql: str) -> str:
    """The leading comment block of a view file, without the comment markers."""
    match = _LEADING_COMMENT.match(sql)
    lines = match.group(0).splitlines() if match else []
    return " ".join(line.strip().removeprefix("--").strip() for line in lines).strip()


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
