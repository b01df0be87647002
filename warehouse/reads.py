"""Named read queries for the CLI and the report; the SQL lives in warehouse/queries/*.sql."""

from __future__ import annotations

from typing import Any

import duckdb

from warehouse.db import query_sql


def rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run the named query with bound parameters; rows as dicts."""
    cur = con.execute(query_sql(name), params or None)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    return rows(con, "recent_runs", limit=limit)


def feeds_in_trouble(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows(con, "feeds_in_trouble")


def load_totals(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows(con, "load_totals")
