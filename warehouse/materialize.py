"""Views and materialized models: warehouse/views/*.sql applied to the database, and the trend
tables kept equal to their queries.

`apply_views` (re)creates every view when any is missing or changed, recording checksums in
schema_views. A view file whose header says `-- materialized: table refreshed by KEY, ordered by
COLUMNS` is instead a table holding exactly what its query returns (int_entity_days,
int_entity_weeks): the trend views then read a few hundred thousand rows instead of joining every
mention to its article, which at 10M mentions is the difference between milliseconds and seconds.

`refresh` keeps those tables current; whoever writes articles or mentions calls it (db.migrate
does, after the migrations; a writer db.session still does on exit unless told not to). When
nothing changed it costs one signature query (counts, the last mention row, a hash of the
articles). Otherwise a ledger of every article's day and digest (of what the models read of it
and of its mentions) finds the articles that changed, and only their days and weeks are
recomputed. When mentions were only appended since the last refresh, as an ingest does, only
new, re-dated or re-deduplicated articles and those with new mention rows are digested; after
deletes (reprocessing) every article is. A new reporting time zone, neutral band or view
definition rebuilds everything. A reader that finds the tables stale (someone wrote without
refreshing) or that reports in another time zone swaps them, for its own session, for TEMP views
of the same queries (`shadow`): slower, never wrong.

The statements live in warehouse/sql/. The few built here join checked identifiers and the text
of our own view files, never a value: DuckDB takes no parameters for names or DDL bodies.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from warehouse.connection import WarehouseError, quote_identifier, quote_literal, transaction
from warehouse.schema import migrations_current
from warehouse.sqlfiles import statement, view_files

_DIRECTIVE = re.compile(
    r"^-- materialized: table refreshed by (day|week_start), ordered by ([a-z_]+(?:, [a-z_]+)*)$",
    re.MULTILINE,
)
_LEADING_COMMENT = re.compile(r"\A(?:[ \t]*--[^\n]*\n)+")
# Models read mentions only through this view (one row per mention, with its day), which lets
# a refresh hand them just the mentions of the days it recomputes (sql/refresh_mentions_of_days).
SOURCE = "int_entity_mentions"
# When more articles than this changed, and more than this share of them, a full rebuild is
# cheaper than recomputing their days.
_FULL_REBUILD_ARTICLES = 10_000
_FULL_REBUILD_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    key: str  # day or week_start: the column whose values a change recomputes
    order: tuple[str, ...]
    sql: str

    def query(self) -> str:
        """The model's query as a subquery (our own file's text, never a value)."""
        return f"SELECT * FROM (\n{self.sql.rstrip().rstrip(';')}\n) AS model"

    def keys(self, days: list[date]) -> list[date]:
        if self.key == "day":
            return days
        return sorted({d - timedelta(days=d.weekday()) for d in days})  # ISO weeks: Monday


def model_of(name: str, sql: str) -> Model | None:
    """The model a view file defines, or None for a plain view."""
    match = _DIRECTIVE.search(sql)
    if match is None:
        return None
    if re.search(rf"\b{SOURCE}\b", sql) is None:
        raise WarehouseError(f"materialized view {name} must read mentions from {SOURCE}")
    return Model(name, match.group(1), tuple(match.group(2).split(", ")), sql)


def models() -> list[Model]:
    found = []
    for name, path in view_files():
        model = model_of(name, path.read_text(encoding="utf-8"))
        if model is not None:
            found.append(model)
    return found


# --- views --------------------------------------------------------------------------------------


def _view_checksums() -> dict[str, str]:
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in view_files()}


def _names(con: duckdb.DuckDBPyConnection, name: str) -> set[str]:
    return {r[0] for r in con.execute(statement(name)).fetchall()}


def _views_match(con: duckdb.DuckDBPyConnection) -> bool:
    recorded = dict(con.execute("SELECT name, checksum FROM schema_views").fetchall())
    if recorded != _view_checksums():
        return False
    return set(recorded) <= _names(con, "catalog_views") | _names(con, "catalog_tables")


def views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every migration is applied and every view exists as its file defines it."""
    try:
        return migrations_current(con) and _views_match(con)
    except duckdb.CatalogException:
        return False


def _header(sql: str) -> str:
    """The leading comment block of a view file, without the comment markers."""
    match = _LEADING_COMMENT.match(sql)
    lines = match.group(0).splitlines() if match else []
    return " ".join(line.strip().removeprefix("--").strip() for line in lines).strip()


def apply_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every view in one transaction when any is missing or changed, and the tables
    of changed materialized models (empty, for the next refresh); return the names applied."""
    if _views_match(con):
        return []
    sums = _view_checksums()
    recorded = dict(con.execute("SELECT name, checksum FROM schema_views").fetchall())
    views, tables = _names(con, "catalog_views"), _names(con, "catalog_tables")

    def drop(name: str, kinds: tuple[str, ...]) -> None:
        # DDL takes no parameters: kind is one of two constants, the name is quoted.
        for kind, present in (("VIEW", views), ("TABLE", tables)):
            if kind in kinds and name in present:
                con.execute(f"DROP {kind} {quote_identifier(name)}")

    with transaction(con):
        if ready(con):
            # Any changed view may feed a materialized table: rebuild them all on the next refresh.
            con.execute("DELETE FROM refresh_state")
        for name in sorted(set(recorded) - set(sums)):
            drop(name, ("VIEW", "TABLE"))
        for name, path in view_files():
            sql = path.read_text(encoding="utf-8")
            # Identifiers and COMMENT ON take no parameters: the name is a checked view file
            # name and the comment is the header of our own file, quoted as a literal.
            quoted, comment = quote_identifier(name), quote_literal(_header(sql))
            model = model_of(name, sql)
            if model is None:
                drop(name, ("TABLE",))
                con.execute(f"CREATE OR REPLACE VIEW {quoted} AS\n{sql.rstrip().rstrip(';')}")
                con.execute(f"COMMENT ON VIEW {quoted} IS {comment}")
            elif recorded.get(name) != sums[name] or name not in tables:
                drop(name, ("VIEW",))
                create_empty(con, model)
                con.execute(f"COMMENT ON TABLE {quoted} IS {comment}")
        con.execute("DELETE FROM schema_views")
        con.executemany(
            "INSERT INTO schema_views (name, checksum) VALUES (?, ?)", list(sums.items())
        )
    return list(sums)


# --- materialized models ------------------------------------------------------------------------


def create_empty(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    """(Re)create the model's table with its query's columns and no rows; the next refresh
    fills it (a reset state forces a full one)."""
    # DDL takes no parameters: the name is a checked view name, quoted; the query is our own
    # view file's SQL. No feed or article text reaches this string.
    name = quote_identifier(model.name)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS {model.query()} LIMIT 0")
    con.execute("DELETE FROM refresh_state")


def ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the refresh tables exist (migration 003 applied)."""
    return bool(con.execute(statement("refresh_tables_exist")).fetchone()[0])


def _signature(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    cur = con.execute(statement("refresh_signature"))
    row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    settings = {k: row.pop(k) for k in ("reporting_timezone", "neutral_band")}
    return {"settings": json.dumps(settings), "data": json.dumps(row, default=str)}


def _state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM refresh_state").fetchall())


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every model holds what its query returns now (settings of this session included)."""
    return ready(con) and _state(con) == _signature(con)


def refresh(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> str:
    """Bring the models up to date in one transaction: 'current' (nothing to do), 'incremental',
    'full', or 'skipped' before migration 003."""
    if not ready(con):
        return "skipped"
    signature, state = _signature(con), _state(con)
    if not full and state == signature:
        return "current"
    full = full or state.get("settings") != signature["settings"] or "data" not in state
    with transaction(con):
        if full or not _incremental(con, json.loads(state["data"]), json.loads(signature["data"])):
            _rebuild(con)
            full = True
        con.executemany(statement("refresh_state_save"), list(signature.items()))
    return "full" if full else "incremental"


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    for model in models():
        # Built from a checked view name and our own view file's SQL; no values.
        name = quote_identifier(model.name)
        order = ", ".join(quote_identifier(c) for c in model.order)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} {model.query()} ORDER BY {order}")
    con.execute(statement("refresh_candidates_articles"))
    con.execute(statement("refresh_live"))
    con.execute("DELETE FROM refresh_ledger")
    con.execute("INSERT INTO refresh_ledger BY NAME SELECT * FROM refresh_live")
    _drop_scratch(con)


def _drop_scratch(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the TEMP relations a refresh works in."""
    con.execute("DROP VIEW IF EXISTS temp.refresh_live")
    con.execute("DROP TABLE IF EXISTS temp.refresh_changes")
    con.execute("DROP TABLE IF EXISTS temp.refresh_candidates")


def _appended_after(con: duckdb.DuckDBPyConnection, old: dict, new: dict) -> int | None:
    """The last mention rowid of the previous refresh when mentions were only appended since
    (no deletes, rows not renumbered); None when anything else may have happened."""
    last = old.get("mentions_last_rowid")
    last = -1 if last is None else int(last)
    now_last = -1 if new.get("mentions_last_rowid") is None else int(new["mentions_last_rowid"])
    appended = con.execute("SELECT count(*) FROM mentions WHERE rowid > ?", [last]).fetchone()[0]
    if now_last >= last and new.get("mentions") == old.get("mentions", -1) + appended:
        return last
    return None


def _incremental(con: duckdb.DuckDBPyConnection, old: dict, new: dict) -> bool:
    """Recompute the days (weeks) of the articles that changed since the ledger was written;
    False when so much changed that a full rebuild is cheaper (nothing done then).

    Changed articles are found by comparing their day and digest with the ledger's. When
    mentions were only appended, only articles that are new, changed themselves or got new
    mention rows are digested; otherwise all of them are (a scan of every mention).
    """
    last_rowid = _appended_after(con, old, new)
    if last_rowid is None:
        con.execute(statement("refresh_candidates_articles_and_ledger"))
    else:
        con.execute(statement("refresh_candidates_appended"), {"last_rowid": last_rowid})
    con.execute(statement("refresh_live"))
    con.execute(statement("refresh_changes"))
    changed, known = con.execute(statement("refresh_change_counts")).fetchone()
    if changed > _FULL_REBUILD_ARTICLES and changed > _FULL_REBUILD_SHARE * known:
        _drop_scratch(con)
        return False
    days = [r[0] for r in con.execute(statement("refresh_changed_days")).fetchall()]
    if days:
        _recompute(con, days)
    con.execute(
        "DELETE FROM refresh_ledger WHERE article_id IN (SELECT article_id FROM refresh_changes)"
    )
    con.execute(statement("refresh_ledger_update"))
    _drop_scratch(con)
    return True


def _recompute(con: duckdb.DuckDBPyConnection, days: list[date]) -> None:
    """Replace the models' rows of these days (and of their weeks). The mentions of those weeks
    are read once into a TEMP table that shadows SOURCE, so no model scans all mentions."""
    weeks = {d - timedelta(days=d.weekday()) for d in days}
    span = sorted(monday + timedelta(days=i) for monday in weeks for i in range(7))
    con.execute(statement("refresh_mentions_of_days"), {"days": span})
    try:
        for model in models():
            # Built from checked view and column names and our own view file's SQL; the keys
            # are a bound parameter.
            name, key = quote_identifier(model.name), quote_identifier(model.key)
            keys = model.keys(days)
            con.execute(f"DELETE FROM {name} WHERE list_contains(?, {key})", [keys])
            con.execute(f"INSERT INTO {name} {model.query()} WHERE list_contains(?, {key})", [keys])
    finally:
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_identifier(SOURCE)}")


def shadow(con: duckdb.DuckDBPyConnection) -> None:
    """For this connection only, read every model from its query (TEMP views shadow the tables):
    right whatever the tables hold, at the cost of computing them."""
    for model in models():
        # DDL takes no parameters: a checked view name and our own view file's SQL.
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {quote_identifier(model.name)} AS {model.query()}"
        )
