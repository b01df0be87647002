"""Bulk, idempotent loads: row records (warehouse.rows) as Arrow batches into `INSERT … SELECT`,
keyed so re-runs add nothing.

Each public function does its work in one short transaction on a connection the caller owns.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.connection import transaction
from warehouse.rows import (
    AliasRow,
    ArticleRow,
    BigCount,
    Count,
    EnrichmentUpdate,
    EntityRow,
    FeedCheckRow,
    FingerprintRow,
    ItemFailure,
    MentionRow,
    PageAttemptRow,
    SourceRow,
    StoryLinkRow,
    StoryVectorRow,
    ValidatorRow,
)
from warehouse.sqlfiles import statement

TS = pa.timestamp("us", tz="UTC")
_ARROW_TYPES: dict[Any, pa.DataType] = {
    str: pa.string(),
    Count: pa.int32(),
    BigCount: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    bytes: pa.binary(),
    datetime: TS,
    tuple[str, ...]: pa.list_(pa.string()),
    tuple[Count, ...]: pa.list_(pa.int32()),
}


@functools.cache
def arrow_schema(record: type) -> pa.Schema:
    """The Arrow schema of a row record (warehouse.rows): a field per dataclass field, typed
    from its annotation (`X | None` is nullable X; a StrEnum is a string)."""
    hints = typing.get_type_hints(record)
    return pa.schema([(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(record)])


def _arrow_type(hint: Any) -> pa.DataType:
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, type) and issubclass(hint, enum.StrEnum):
        return pa.string()
    return _ARROW_TYPES[hint]


# An item whose extraction or enrichment raised is tried again until it has failed this often
# in a row with the same feed entry (warehouse/sql/load_record_failures.sql).
MAX_ATTEMPTS = 3


def _table(rows: Sequence[Any]) -> pa.Table:
    """An Arrow table of row records of one kind (warehouse.rows), column by column."""
    schema = arrow_schema(type(rows[0]))
    columns = [[getattr(r, name) for r in rows] for name in schema.names]
    return pa.Table.from_arrays(columns, schema=schema)


def upsert_sources(con: duckdb.DuckDBPyConnection, rows: Sequence[SourceRow]) -> None:
    """Insert or refresh the configured sources."""
    if not rows:
        return
    with transaction(con):
        run_with_batch(con, statement("load_upsert_sources"), rows)


def insert_articles(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[ArticleRow],
    mentions: Sequence[MentionRow] = (),
    entities: Sequence[EntityRow] = (),
    failures: Sequence[ItemFailure] = (),
    links: Sequence[StoryLinkRow] = (),
    vectors: Sequence[StoryVectorRow] = (),
) -> int:
    """Insert one batch of articles with their mentions, newly discovered entities and story
    placements, and record the batch's failed items, in one transaction; returns how many
    articles were new."""
    if not rows and not failures:
        return 0
    with transaction(con):
        inserted = run_with_batch(con, statement("load_insert_articles"), rows)
        run_with_batch(con, statement("load_insert_entities"), entities)
        run_with_batch(con, statement("load_insert_mentions"), mentions)
        _save_stories(con, links, vectors)
        ids = [r.article_id for r in rows]
        con.execute("DELETE FROM page_attempts WHERE article_id IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM item_failures WHERE article_id IN (SELECT unnest(?))", [ids])
        _record_failures(con, failures)
    return len(inserted)


def _record_failures(con: duckdb.DuckDBPyConnection, failures: Sequence[ItemFailure]) -> None:
    run_with_batch(con, statement("load_record_failures"), failures, {"max_attempts": MAX_ATTEMPTS})


def release_failed_items(con: duckdb.DuckDBPyConnection) -> int:
    """Forget the items whose extraction raised or killed a worker (after a fix, say), and the
    validators of their feeds: the next ingest reads those feeds in full and tries them again.
    Items with nothing to store (stage page) stay given up until their feed entry changes."""
    with transaction(con):
        released = con.execute(
            "DELETE FROM item_failures WHERE stage IN ('extract', 'worker') RETURNING source_id"
        ).fetchall()
        sources = sorted({r[0] for r in released if r[0] is not None})
        con.execute(statement("load_forget_validators"), {"sources": sources})
    return len(released)


def given_up_items(con: duckdb.DuckDBPyConnection, entries: Mapping[str, str]) -> set[str]:
    """Of {article id: entry hash}, the items not to try again: failed before with the same
    entry, and not retriable (nothing would change) or out of attempts."""
    if not entries:
        return set()
    rows = con.execute(
        statement("load_given_up_items"),
        {"ids": list(entries), "hashes": list(entries.values())},
    ).fetchall()
    return {r[0] for r in rows}


def replace_enrichment(
    con: duckdb.DuckDBPyConnection,
    updates: Sequence[EnrichmentUpdate],
    mentions: Sequence[MentionRow],
    entities: Sequence[EntityRow],
    failures: Sequence[ItemFailure] = (),
) -> None:
    """Swap the enrichment of already-loaded articles (reprocess) in one transaction."""
    if not updates:
        return
    ids = [u.article_id for u in updates]
    with transaction(con):
        con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?))", [ids])
        succeeded = [u.article_id for u in updates if u.enrichment_error is None]
        con.execute("DELETE FROM item_failures WHERE article_id IN (SELECT unnest(?))", [succeeded])
        _record_failures(con, failures)
        run_with_batch(con, statement("load_update_enrichment"), updates)
        run_with_batch(con, statement("load_insert_entities"), entities)
        run_with_batch(con, statement("load_insert_mentions"), mentions)


def _save_stories(
    con: duckdb.DuckDBPyConnection,
    links: Sequence[StoryLinkRow],
    vectors: Sequence[StoryVectorRow],
) -> None:
    """Link articles to stories (a linked article keeps its story), recompute the stories the
    links name from all their articles, keep the open stories' vectors."""
    run_with_batch(con, statement("load_insert_story_links"), links)
    run_with_batch(con, statement("load_refresh_stories"), links)
    run_with_batch(con, statement("load_save_story_vectors"), vectors)


def save_stories(
    con: duckdb.DuckDBPyConnection,
    links: Sequence[StoryLinkRow],
    vectors: Sequence[StoryVectorRow] = (),
) -> None:
    """Store where loaded articles went (pipelines.stories), in one transaction; re-running it
    adds nothing."""
    with transaction(con):
        _save_stories(con, links, vectors)


def replace_stories(
    con: duckdb.DuckDBPyConnection,
    links: Sequence[StoryLinkRow],
    vectors: Sequence[StoryVectorRow],
) -> None:
    """Every story anew (a rebuild): the old links, stories and vectors go in the same
    transaction, so readers see the old stories or the new ones, never a mix."""
    with transaction(con):
        con.execute("DELETE FROM article_stories")
        con.execute("DELETE FROM stories")
        con.execute("DELETE FROM story_vectors")
        _save_stories(con, links, vectors)


def forget_story_vectors(con: duckdb.DuckDBPyConnection, before: datetime) -> None:
    """Drop the vectors of stories whose last article is older than `before`: closed for good."""
    with transaction(con):
        con.execute(statement("load_forget_story_vectors"), {"before": before})


def update_fingerprints(con: duckdb.DuckDBPyConnection, rows: Sequence[FingerprintRow]) -> None:
    """Store duplicate-detection results for already-loaded articles."""
    with transaction(con):
        run_with_batch(con, statement("load_update_fingerprints"), rows)


def sync_watchlist(
    con: duckdb.DuckDBPyConnection,
    entities: Sequence[EntityRow],
    aliases: Sequence[AliasRow],
) -> None:
    """Make the entities and entity_aliases tables agree with the watchlist file."""
    with transaction(con):
        run_with_batch(con, statement("load_upsert_watchlist_entities"), entities)
        ids = [e.entity_id for e in entities]
        con.execute("DELETE FROM entity_aliases WHERE entity_id IN (SELECT unnest(?))", [ids])
        run_with_batch(con, "INSERT INTO entity_aliases BY NAME SELECT * FROM batch", aliases)


def run_with_batch(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    rows: Sequence[Any],
    params: Mapping[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """Run sql with the row records exposed as `batch`, inside the caller's transaction."""
    if not rows:
        return []
    # No try/finally: unregistering inside an aborted transaction would raise and hide the real
    # error; a leftover registration is replaced by the next one.
    con.register("batch", _table(rows))
    result = con.execute(sql, params).fetchall()
    con.unregister("batch")
    return result


def existing_article_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """The subset of ids already in the warehouse (an anti-join, not row-by-row look-ups)."""
    ids = list(ids)
    if not ids:
        return set()
    rows = con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [ids]
    ).fetchall()
    return {r[0] for r in rows}


def page_attempt_counts(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, int]:
    """How often each article's page has already failed transiently."""
    ids = list(ids)
    if not ids:
        return {}
    rows = con.execute(
        "SELECT article_id, attempts FROM page_attempts WHERE article_id IN (SELECT unnest(?))",
        [ids],
    ).fetchall()
    return dict(rows)


def record_page_attempts(con: duckdb.DuckDBPyConnection, rows: Sequence[PageAttemptRow]) -> None:
    if not rows:
        return
    with transaction(con):
        run_with_batch(con, statement("load_record_page_attempts"), rows)


def record_feed_checks(con: duckdb.DuckDBPyConnection, rows: Sequence[FeedCheckRow]) -> None:
    """Record the outcome of each feed fetch (health), failures included."""
    if not rows:
        return
    with transaction(con):
        run_with_batch(con, statement("load_record_feed_checks"), rows)


def save_validators(con: duckdb.DuckDBPyConnection, rows: Sequence[ValidatorRow]) -> None:
    """Store ETag / Last-Modified / body hash for feeds whose items are all loaded."""
    if not rows:
        return
    with transaction(con):
        run_with_batch(con, statement("load_save_validators"), rows)


def feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Validators and health per source id."""
    cur = con.execute("SELECT * FROM feed_state")
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow: str, started_at: datetime, as_of: datetime
) -> None:
    """Record a run as started; earlier runs of the flow still 'running' are marked crashed."""
    params = {"run_id": run_id, "flow": flow, "started_at": started_at}
    with transaction(con):
        con.execute(statement("run_mark_crashed"), params)
        con.execute(statement("run_start"), {**params, "as_of": as_of})


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    finished_at: datetime,
    status: str,
    counts: Mapping[str, Any],
    failures: Sequence[Mapping[str, Any]],
    error: str | None = None,
) -> None:
    with transaction(con):
        con.execute(
            statement("run_finish"),
            {
                "run_id": run_id,
                "finished_at": finished_at,
                "status": status,
                "counts": json.dumps(counts),
                "failures": json.dumps(failures),
                "error": error,
            },
        )
