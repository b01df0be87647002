"""The schema: numbered migrations recorded in schema_migrations, and warehouse_settings, the
reporting rules (time zone, neutral sentiment band) that the views' macros read at query time.

The settings are the caller's: the warehouse knows no stage. A caller that passes none keeps
what the file stores; the defaults below are for a file that stores nothing yet.
"""

from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from warehouse.connection import WarehouseError, transaction
from warehouse.sqlfiles import migration_files, statement

DEFAULT_REPORTING_TIMEZONE = "UTC"
# For a file that stores no band and a caller that names none (a reader upgrading an old file):
# the value of pipelines.sentiment.NEUTRAL_BAND (tests/test_warehouse_layers.py checks it).
DEFAULT_NEUTRAL_BAND = 0.30


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply, each in its own transaction, the migrations not yet recorded in
    schema_migrations; return the names of those applied."""
    con.execute(statement("schema_migrations_create"))
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


def migrations_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every migration is applied (False on a warehouse that has none)."""
    try:
        rows = con.execute("SELECT version FROM schema_migrations").fetchall()
    except duckdb.CatalogException:
        return False
    return {r[0] for r in rows} == {v for v, _, _ in migration_files()}


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
    reporting_timezone: str | None,
    neutral_band: float | None,
) -> None:
    """Store the settings the views read (warehouse_settings), writing only what changed.
    None keeps the stored value (the DEFAULT_* one for a file that stores none)."""
    stored = dict(con.execute("SELECT key, value FROM warehouse_settings").fetchall())
    wanted = {
        "reporting_timezone": check_timezone(
            reporting_timezone or stored.get("reporting_timezone", DEFAULT_REPORTING_TIMEZONE)
        ),
        "neutral_band": repr(float(neutral_band))
        if neutral_band is not None
        else stored.get("neutral_band", repr(DEFAULT_NEUTRAL_BAND)),
    }
    changed = [(k, v) for k, v in wanted.items() if stored.get(k) != v]
    if not changed:
        return
    with transaction(con):
        con.executemany(statement("warehouse_settings_save"), changed)


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
    con.execute(statement("warehouse_settings_shadow_timezone"), {"timezone": name})
