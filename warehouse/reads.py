"""Named read queries for the CLI, the report and the flows (warehouse/queries/*.sql), and the
data checks (warehouse/checks/*.sql)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from warehouse.connection import quote_identifier
from warehouse.sqlfiles import check_files, query_sql


def rows(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run the named query with bound parameters; rows as dicts."""
    cur = con.execute(query_sql(name), params or None)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def row_batches(
    con: duckdb.DuckDBPyConnection, name: str, size: int, **params: Any
) -> Iterator[list[dict[str, Any]]]:
    """The named query's rows as dicts, `size` at a time: a whole table passes through without
    being held in memory at once. The connection runs nothing else until the last batch."""
    cur = con.execute(query_sql(name), params or None)
    names = [d[0] for d in cur.description]
    while chunk := cur.fetchmany(size):
        yield [dict(zip(names, row, strict=True)) for row in chunk]


@dataclass(frozen=True, slots=True)
class CheckFailure:
    """A data check that returned rows: how many, and the first few."""

    check: str
    rows: int
    sample: list[tuple]


def run_checks(con: duckdb.DuckDBPyConnection) -> list[CheckFailure]:
    """Run warehouse/checks/*.sql; each returns no rows when the warehouse is healthy."""
    failures = []
    for path in check_files():
        found = con.execute(path.read_text(encoding="utf-8")).fetchall()
        if found:
            failures.append(CheckFailure(path.stem, len(found), found[:5]))
    return failures


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    return rows(con, "recent_runs", limit=limit)


def feeds_in_trouble(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows(con, "feeds_in_trouble")


def failed_items(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    return rows(con, "failed_items", limit=limit)


def load_totals(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return rows(con, "load_totals")


# --- trends: the query commands and the report -------------------------------------------------

EXPORT_FORMATS = {
    "csv": "FORMAT csv, HEADER true",
    "parquet": "FORMAT parquet",
    "json": "FORMAT json, ARRAY true",
}
_READ_ONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_EXPLAIN = re.compile(r"^\s*(?:--[^\n]*\n\s*)*EXPLAIN(?:\s+ANALYZE)?\s+", re.IGNORECASE)


class SqlRejected(ValueError):
    """A statement `mediawatch sql` will not run, with the reason."""


def check_read_only(sql: str) -> None:
    """Raise SqlRejected unless sql is one read-only statement: SELECT (also WITH, FROM, VALUES,
    DESCRIBE, SHOW, SUMMARIZE) or EXPLAIN [ANALYZE] of one."""
    parser = duckdb.connect(":memory:")
    try:
        statements = parser.extract_statements(sql)
        if len(statements) == 1 and statements[0].type == duckdb.StatementType.EXPLAIN:
            inner = _EXPLAIN.sub("", statements[0].query, count=1)
            statements = parser.extract_statements(inner) if inner != statements[0].query else []
    except duckdb.Error as exc:
        raise SqlRejected(f"cannot parse the query: {exc}") from exc
    finally:
        parser.close()
    if len(statements) != 1:
        raise SqlRejected(f"expected one statement, got {len(statements)}")
    kind = statements[0].type
    if kind not in _READ_ONLY_STATEMENTS or kind == duckdb.StatementType.EXPLAIN:
        raise SqlRejected(
            f"{kind.name} is not a read-only query: only SELECT (WITH, FROM, VALUES, DESCRIBE, "
            "SHOW, SUMMARIZE) and EXPLAIN of one run here; the warehouse is opened read-only"
        )


def find_entity(con: duckdb.DuckDBPyConnection, text: str) -> list[dict[str, Any]]:
    """Entities that text names by id, name or alias (any case), best match first."""
    return rows(con, "entity_lookup", text=text.strip())


def entity_suggestions(con: duckdb.DuckDBPyConnection, text: str, limit: int = 5) -> list[str]:
    """Ids, names and aliases that look like text, closest first."""
    return [r["label"] for r in rows(con, "entity_suggestions", text=text.strip(), limit=limit)]


def data_days(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None, date]:
    """(day of the first article, of the latest, today) in the reporting time zone; None days
    when there are no articles."""
    row = rows(con, "data_days")[0]
    return row["first_day"], row["last_day"], row["today"]


def entity_trend_daily(
    con: duckdb.DuckDBPyConnection, entity_id: str, start: date, end: date
) -> list[dict[str, Any]]:
    return rows(con, "entity_trend_daily", entity_id=entity_id, start=start, end=end)


def entity_trend_weekly(
    con: duckdb.DuckDBPyConnection, entity_id: str, start: date, end: date
) -> list[dict[str, Any]]:
    """Weeks from the one holding start to the one holding end."""
    first, last = (d - timedelta(days=d.weekday()) for d in (start, end))
    return rows(con, "entity_trend_weekly", entity_id=entity_id, start=first, end=last)


def watchlist_week(con: duckdb.DuckDBPyConnection, week_start: date) -> list[dict[str, Any]]:
    return rows(con, "watchlist_week", week_start=week_start)


def exportable(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Tables and views that can be exported: lower-case name → name."""
    return {r["name"].lower(): r["name"] for r in rows(con, "exportable_relations")}


def export_relation(con: duckdb.DuckDBPyConnection, name: str, fmt: str, out: str | Path) -> int:
    """Write a table or view (name checked against the catalog) to out; returns the rows written."""
    known = exportable(con)
    if name.lower() not in known:
        raise KeyError(name)
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    relation = quote_identifier(known[name.lower()])
    # Identifiers cannot be parameters: the name comes from the catalog and is quoted.
    copy = f"COPY (SELECT * FROM {relation}) TO $out ({EXPORT_FORMATS[fmt]})"
    result = con.execute(copy, {"out": str(out)}).fetchone()
    return int(result[0]) if result else 0
