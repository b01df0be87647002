"""Materialized models: trend views read pre-aggregated tables, kept equal to their queries.

A view file whose header says `-- materialized: table refreshed by KEY, ordered by COLUMNS` is a
table holding exactly what its query returns (int_entity_days, int_entity_weeks): the trend views
then read a few hundred thousand rows instead of joining every mention to its article, which at
10M mentions is the difference between milliseconds and seconds.

`refresh` keeps them current. Every writer session (`db.session`) runs it before closing and
`db.migrate` after the migrations; when nothing changed it costs one signature query (counts, the
last mention row, a hash of the articles). Otherwise a ledger of every article's day and digest
(of what the models read of it and of its mentions) finds the articles that changed, and only
their days and weeks are recomputed. When mentions were only appended since the last refresh, as
an ingest does, only new, re-dated or re-deduplicated articles and those with new mention rows
are digested; after deletes (reprocessing) every article is. A new reporting time zone, neutral
band or view definition rebuilds everything. A reader that finds the tables stale (someone wrote
without mediawatch) or that reports in another time zone swaps them, for its own session, for
TEMP views of the same queries (`shadow`): slower, never wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from warehouse import db

_DIRECTIVE = re.compile(
    r"^-- materialized: table refreshed by (day|week_start), ordered by ([a-z_]+(?:, [a-z_]+)*)$",
    re.MULTILINE,
)
# Models read mentions only through this view (one row per mention, with its day), which lets
# a refresh hand them just the mentions of the days it recomputes.
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
        raise db.WarehouseError(f"materialized view {name} must read mentions from {SOURCE}")
    return Model(name, match.group(1), tuple(match.group(2).split(", ")), sql)


def models() -> list[Model]:
    found = []
    for name, path in db.view_files():
        model = model_of(name, path.read_text(encoding="utf-8"))
        if model is not None:
            found.append(model)
    return found


def create_empty(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    """(Re)create the model's table with its query's columns and no rows; the next refresh
    fills it (a reset state forces a full one)."""
    # DDL takes no parameters: the name is a checked view name, quoted; the query is our own
    # view file's SQL. No feed or article text reaches this string.
    name = db.quote_identifier(model.name)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS {model.query()} LIMIT 0")
    con.execute("DELETE FROM refresh_state")


def ready(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the refresh tables exist (migration 003 applied)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables()"
        " WHERE table_name = 'refresh_state' AND NOT temporary AND schema_name = 'main'"
    ).fetchone()[0]
    return bool(found)


def _signature(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    cur = con.execute(db.query_sql("refresh_signature"))
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
    with db.transaction(con):
        if full or not _incremental(con, json.loads(state["data"]), json.loads(signature["data"])):
            _rebuild(con)
            full = True
        con.executemany(
            "INSERT INTO refresh_state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()",
            list(signature.items()),
        )
    return "full" if full else "incremental"


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    for model in models():
        name = db.quote_identifier(model.name)
        order = ", ".join(db.quote_identifier(c) for c in model.order)
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} {model.query()} ORDER BY {order}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE refresh_candidates AS SELECT article_id FROM articles"
    )
    con.execute("DELETE FROM refresh_ledger")
    con.execute(f"INSERT INTO refresh_ledger BY NAME {db.query_sql('refresh_ledger')}")
    con.execute("DROP TABLE temp.refresh_candidates")


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
        candidates = "SELECT article_id FROM articles UNION SELECT article_id FROM refresh_ledger"
        con.execute(f"CREATE OR REPLACE TEMP TABLE refresh_candidates AS {candidates}")
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE refresh_candidates AS"
            f" {db.query_sql('refresh_candidates')}",
            {"last_rowid": last_rowid},
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE refresh_changes AS"
        " SELECT coalesce(live.article_id, ledger.article_id) AS article_id,"
        "        ledger.day AS old_day, live.day AS day, live.article_hash, live.digest"
        f" FROM ({db.query_sql('refresh_ledger')}) AS live"
        " FULL OUTER JOIN (SELECT * FROM refresh_ledger"
        "                  SEMI JOIN refresh_candidates USING (article_id)) AS ledger"
        "   USING (article_id)"
        " WHERE live.digest IS DISTINCT FROM ledger.digest OR live.day IS DISTINCT FROM ledger.day"
    )
    changed, known = con.execute(
        "SELECT (SELECT count(*) FROM refresh_changes), (SELECT count(*) FROM refresh_ledger)"
    ).fetchone()
    if changed > _FULL_REBUILD_ARTICLES and changed > _FULL_REBUILD_SHARE * known:
        con.execute("DROP TABLE temp.refresh_changes")
        con.execute("DROP TABLE temp.refresh_candidates")
        return False
    days = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT day FROM (SELECT old_day AS day FROM refresh_changes"
            " UNION ALL SELECT day FROM refresh_changes) WHERE day IS NOT NULL ORDER BY day"
        ).fetchall()
    ]
    if days:
        _recompute(con, days)
    con.execute(
        "DELETE FROM refresh_ledger WHERE article_id IN (SELECT article_id FROM refresh_changes)"
    )
    con.execute(
        "INSERT INTO refresh_ledger BY NAME"
        " SELECT article_id, day, article_hash, digest FROM refresh_changes"
        " WHERE digest IS NOT NULL"
    )
    con.execute("DROP TABLE temp.refresh_changes")
    con.execute("DROP TABLE temp.refresh_candidates")
    return True


def _recompute(con: duckdb.DuckDBPyConnection, days: list[date]) -> None:
    """Replace the models' rows of these days (and of their weeks). The mentions of those weeks
    are read once into a TEMP table that shadows SOURCE, so no model scans all mentions."""
    weeks = {d - timedelta(days=d.weekday()) for d in days}
    span = sorted(monday + timedelta(days=i) for monday in weeks for i in range(7))
    catalog = con.execute("SELECT current_database()").fetchone()[0]
    source = f"{db.quote_identifier(catalog)}.main.{db.quote_identifier(SOURCE)}"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {db.quote_identifier(SOURCE)} AS"
        f" SELECT * FROM {source} WHERE list_contains(?, day)",
        [span],
    )
    try:
        for model in models():
            name, key = db.quote_identifier(model.name), db.quote_identifier(model.key)
            keys = model.keys(days)
            con.execute(f"DELETE FROM {name} WHERE list_contains(?, {key})", [keys])
            con.execute(f"INSERT INTO {name} {model.query()} WHERE list_contains(?, {key})", [keys])
    finally:
        con.execute(f"DROP TABLE IF EXISTS temp.{db.quote_identifier(SOURCE)}")


def shadow(con: duckdb.DuckDBPyConnection) -> None:
    """For this connection only, read every model from its query (TEMP views shadow the tables):
    right whatever the tables hold, at the cost of computing them."""
    for model in models():
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW {db.quote_identifier(model.name)} AS {model.query()}"
        )
