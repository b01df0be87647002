"""Sessions: the ways into a warehouse file that leave it ready to use.

`session` is a short-lived connection; `migrate` brings schema, settings, views and materialized
tables up to date; `reader` is a read-only session on up-to-date views; `open_warehouse` a
migrated writer. This is the top layer of warehouse/; the layers below, each importing only
those under it:

    db          sessions, migrate                  (this module)
    reads       named queries, data checks         warehouse/queries, warehouse/checks
    materialize views and materialized tables      warehouse/views, refresh
    schema      migrations, warehouse_settings     warehouse/migrations
    sqlfiles    where the SQL files are
    connection  connect, lock, transaction, errors
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse import materialize, schema
from warehouse.connection import connect


@contextmanager
def session(
    path: str | Path,
    *,
    read_only: bool = False,
    wait_s: float = 10.0,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection, closed on exit. A writer that changes articles or mentions
    calls materialize.refresh before it ends, so the trend tables stay current."""
    con = connect(path, read_only=read_only, wait_s=wait_s)
    try:
        yield con
    finally:
        con.close()


def migrate(
    con: duckdb.DuckDBPyConnection,
    *,
    reporting_timezone: str | None = None,
    neutral_band: float | None = None,
) -> list[str]:
    """Apply migrations not yet recorded in schema_migrations, write the reporting settings,
    (re)create changed views and refresh the materialized tables; return the names of the
    migrations applied.

    The settings are the caller's (the pipeline passes pipelines.sentiment.NEUTRAL_BAND); None
    keeps the stored value (see schema.write_settings).
    """
    applied = schema.apply_migrations(con)
    schema.write_settings(con, reporting_timezone=reporting_timezone, neutral_band=neutral_band)
    materialize.apply_views(con)
    materialize.refresh(con)
    return applied


def open_warehouse(
    path: str | Path, *, reporting_timezone: str | None = None, neutral_band: float | None = None
) -> duckdb.DuckDBPyConnection:
    """A writer connection with every migration applied."""
    con = connect(path)
    try:
        migrate(con, reporting_timezone=reporting_timezone, neutral_band=neutral_band)
    except BaseException:
        con.close()
        raise
    return con


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
    written without a refresh) the session computes them from their queries instead. Close it
    soon: while it is open, the ingest cannot write.
    """
    con = connect(path, read_only=True, wait_s=wait_s, on_wait=on_wait)
    try:
        if not materialize.views_current(con):
            con.close()
            with session(path, wait_s=wait_s) as writer:
                migrate(writer)
            con = connect(path, read_only=True, wait_s=wait_s, on_wait=on_wait)
        if reporting_timezone is not None:
            schema.use_reporting_timezone(con, reporting_timezone)
        if not materialize.is_current(con):
            materialize.shadow(con)
        yield con
    finally:
        con.close()
