"""Bulk, idempotent loads: Arrow batches into `INSERT … SELECT`, keyed so re-runs add nothing.

Each public function does its work in one short transaction on a connection the caller owns.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.db import transaction

TS = pa.timestamp("us", tz="UTC")

SOURCE_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("name", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("language", pa.string()),
        ("country", pa.string()),
        ("updated_at", TS),
    ]
)

ARTICLE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("final_url", pa.string()),
        ("source_id", pa.string()),
        ("guid", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("published_at", TS),
        ("date_source", pa.string()),
        ("published_raw", pa.string()),
        ("first_seen_at", TS),
        ("fetched_at", TS),
        ("language", pa.string()),
        ("sitename", pa.string()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("extraction_method", pa.string()),
        ("extraction_outcome", pa.string()),
        ("extraction_reason", pa.string()),
        ("http_status", pa.int32()),
        ("run_id", pa.string()),
        ("content_hash", pa.string()),
        ("minhash", pa.binary()),
        ("duplicate_of", pa.string()),
        ("duplicate_kind", pa.string()),
        ("doc_sentiment", pa.float64()),
        ("nlp_status", pa.string()),
        ("enrichment_version", pa.string()),
        ("enrichment_error", pa.string()),
    ]
)

MENTION_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("entity_id", pa.string()),
        ("surface", pa.string()),
        ("mention_count", pa.int32()),
        ("in_title", pa.bool_()),
        ("in_lead", pa.bool_()),
        ("first_offset", pa.int32()),
        ("target_sentiment", pa.float64()),
        ("evidence", pa.string()),
        ("method", pa.string()),
    ]
)

ENTITY_SCHEMA = pa.schema(
    [
        ("entity_id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("origin", pa.string()),
        ("first_seen_at", TS),
    ]
)

ALIAS_SCHEMA = pa.schema(
    [("entity_id", pa.string()), ("alias", pa.string()), ("case_sensitive", pa.bool_())]
)

FINGERPRINT_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("content_hash", pa.string()),
        ("minhash", pa.binary()),
        ("duplicate_of", pa.string()),
        ("duplicate_kind", pa.string()),
    ]
)

ENRICHMENT_UPDATE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("doc_sentiment", pa.float64()),
        ("nlp_status", pa.string()),
        ("enrichment_version", pa.string()),
        ("enrichment_error", pa.string()),
    ]
)

FAILURE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("source_id", pa.string()),
        ("stage", pa.string()),
        ("error", pa.string()),
        ("message", pa.string()),
        ("entry_hash", pa.string()),
        ("retry", pa.bool_()),
        ("failed_at", TS),
        ("run_id", pa.string()),
    ]
)

FEED_STATE_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("checked_at", TS),
        ("status", pa.string()),
        ("http_status", pa.int32()),
        ("error", pa.string()),
        ("detail", pa.string()),
        ("item_count", pa.int32()),
    ]
)

VALIDATOR_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("etag", pa.string()),
        ("last_modified", pa.string()),
        ("body_hash", pa.string()),
    ]
)

PAGE_ATTEMPT_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("url", pa.string()),
        ("error", pa.string()),
        ("attempted_at", TS),
    ]
)

_UPSERT_SOURCES = """
INSERT INTO sources BY NAME SELECT * FROM batch
ON CONFLICT (source_id) DO UPDATE SET
    name = excluded.name, site = excluded.site, tags = excluded.tags,
    language = excluded.language, country = excluded.country, updated_at = excluded.updated_at
"""

_INSERT_ARTICLES = """
INSERT INTO articles BY NAME SELECT * FROM batch
ON CONFLICT (article_id) DO NOTHING
RETURNING article_id
"""

_INSERT_MENTIONS = """
INSERT INTO mentions BY NAME SELECT * FROM batch
ON CONFLICT (article_id, entity_id) DO NOTHING
"""

_INSERT_ENTITIES = """
INSERT INTO entities BY NAME SELECT * FROM batch
ON CONFLICT (entity_id) DO NOTHING
"""

_UPSERT_WATCHLIST_ENTITIES = """
INSERT INTO entities BY NAME SELECT * FROM batch
ON CONFLICT (entity_id) DO UPDATE SET name = excluded.name, type = excluded.type,
                                      origin = excluded.origin
"""

_UPDATE_FINGERPRINTS = """
UPDATE articles SET content_hash = batch.content_hash, minhash = batch.minhash,
                    duplicate_of = batch.duplicate_of, duplicate_kind = batch.duplicate_kind
FROM batch WHERE articles.article_id = batch.article_id
"""

_UPDATE_ENRICHMENT = """
UPDATE articles SET doc_sentiment = batch.doc_sentiment, nlp_status = batch.nlp_status,
                    enrichment_version = batch.enrichment_version,
                    enrichment_error = batch.enrichment_error
FROM batch WHERE articles.article_id = batch.article_id
"""

# A failure of the same item at the same stage with the same feed entry (or none known, as in
# a re-enrichment) counts as one more attempt; a retriable
# item is tried again until it has failed max_attempts times in a row.
_RECORD_FAILURES = """
INSERT INTO item_failures
SELECT article_id, url, source_id, stage, error, message, 1, entry_hash,
       retry AND 1 < $max_attempts, failed_at, failed_at, run_id
FROM batch
ON CONFLICT (article_id) DO UPDATE SET
    attempts = CASE WHEN item_failures.stage = excluded.stage AND (excluded.entry_hash IS NULL
                         OR item_failures.entry_hash IS NOT DISTINCT FROM excluded.entry_hash)
                    THEN item_failures.attempts + 1 ELSE 1 END,
    retry = excluded.retry AND $max_attempts >
            CASE WHEN item_failures.stage = excluded.stage AND (excluded.entry_hash IS NULL
                      OR item_failures.entry_hash IS NOT DISTINCT FROM excluded.entry_hash)
                 THEN item_failures.attempts + 1 ELSE 1 END,
    url = excluded.url, source_id = excluded.source_id, stage = excluded.stage,
    error = excluded.error, message = excluded.message,
    entry_hash = coalesce(excluded.entry_hash, item_failures.entry_hash),
    last_failed_at = excluded.last_failed_at, run_id = excluded.run_id
"""
MAX_ATTEMPTS = 3

# Health of every checked feed. Validators are written separately, only once the feed's items
# are loaded, so that a run that dies mid-way re-reads the feed next time instead of a 304.
_RECORD_FEED_CHECKS = """
INSERT INTO feed_state (source_id, last_checked_at, last_status, last_http_status,
                        consecutive_failures, last_error, last_error_detail, last_error_at,
                        last_success_at, last_item_count)
SELECT source_id, checked_at, status, http_status,
       CASE WHEN status = 'failed' THEN 1 ELSE 0 END,
       error, detail,
       CASE WHEN status = 'failed' THEN checked_at END,
       CASE WHEN status <> 'failed' THEN checked_at END,
       item_count
FROM batch
ON CONFLICT (source_id) DO UPDATE SET
    last_checked_at = excluded.last_checked_at,
    last_status = excluded.last_status,
    last_http_status = excluded.last_http_status,
    consecutive_failures = CASE WHEN excluded.last_status = 'failed'
                                THEN feed_state.consecutive_failures + 1 ELSE 0 END,
    last_error = CASE WHEN excluded.last_status = 'failed'
                      THEN excluded.last_error ELSE feed_state.last_error END,
    last_error_detail = CASE WHEN excluded.last_status = 'failed'
                             THEN excluded.last_error_detail ELSE feed_state.last_error_detail END,
    last_error_at = coalesce(excluded.last_error_at, feed_state.last_error_at),
    last_success_at = coalesce(excluded.last_success_at, feed_state.last_success_at),
    last_item_count = coalesce(excluded.last_item_count, feed_state.last_item_count)
"""

_SAVE_VALIDATORS = """
UPDATE feed_state SET etag = batch.etag, last_modified = batch.last_modified,
                      body_hash = batch.body_hash
FROM batch WHERE feed_state.source_id = batch.source_id
"""

_RECORD_PAGE_ATTEMPTS = """
INSERT INTO page_attempts (article_id, url, attempts, last_error, last_attempt_at)
SELECT article_id, url, 1, error, attempted_at FROM batch
ON CONFLICT (article_id) DO UPDATE SET
    attempts = page_attempts.attempts + 1,
    last_error = excluded.last_error,
    last_attempt_at = excluded.last_attempt_at
"""


def _table(rows: Sequence[Mapping[str, Any]] | Sequence[Any], schema: pa.Schema) -> pa.Table:
    """An Arrow table of row mappings or of dataclass records (fields by name)."""
    names = schema.names
    dicts = [r if isinstance(r, Mapping) else {f: getattr(r, f) for f in names} for r in rows]
    return pa.Table.from_pylist(dicts, schema=schema)


def upsert_sources(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert or refresh the configured sources."""
    if not rows:
        return
    with transaction(con):
        _insert(con, _UPSERT_SOURCES, rows, SOURCE_SCHEMA)


def insert_articles(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[Mapping[str, Any]],
    mentions: Sequence[Mapping[str, Any]] = (),
    entities: Sequence[Mapping[str, Any]] = (),
    failures: Sequence[Any] = (),
) -> int:
    """Insert one batch of articles with their mentions and newly discovered entities, and
    record the batch's failed items, in one transaction; returns how many articles were new."""
    if not rows and not failures:
        return 0
    with transaction(con):
        inserted = _insert(con, _INSERT_ARTICLES, rows, ARTICLE_SCHEMA)
        _insert(con, _INSERT_ENTITIES, entities, ENTITY_SCHEMA)
        _insert(con, _INSERT_MENTIONS, mentions, MENTION_SCHEMA)
        ids = [r["article_id"] for r in rows]
        con.execute("DELETE FROM page_attempts WHERE article_id IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM item_failures WHERE article_id IN (SELECT unnest(?))", [ids])
        _record_failures(con, failures)
    return len(inserted)


def _record_failures(con: duckdb.DuckDBPyConnection, failures: Sequence[Any]) -> None:
    if failures:
        con.register("batch", _table(failures, FAILURE_SCHEMA))
        con.execute(_RECORD_FAILURES, {"max_attempts": MAX_ATTEMPTS})
        con.unregister("batch")


def release_failed_items(con: duckdb.DuckDBPyConnection) -> int:
    """Forget the items whose extraction raised or killed a worker (after a fix, say), and the
    validators of their feeds: the next ingest reads those feeds in full and tries them again.
    Items with nothing to store (stage page) stay given up until their feed entry changes."""
    with transaction(con):
        released = con.execute(
            "DELETE FROM item_failures WHERE stage IN ('extract', 'worker') RETURNING source_id"
        ).fetchall()
        sources = sorted({r[0] for r in released if r[0] is not None})
        con.execute(
            "UPDATE feed_state SET etag = NULL, last_modified = NULL, body_hash = NULL"
            " WHERE source_id IN (SELECT unnest(?))",
            [sources],
        )
    return len(released)


def given_up_items(con: duckdb.DuckDBPyConnection, entries: Mapping[str, str]) -> set[str]:
    """Of {article id: entry hash}, the items not to try again: failed before with the same
    entry, and not retriable (nothing would change) or out of attempts."""
    if not entries:
        return set()
    rows = con.execute(
        "SELECT f.article_id FROM item_failures AS f"
        " JOIN (SELECT unnest($ids) AS article_id, unnest($hashes) AS entry_hash) AS e"
        " ON f.article_id = e.article_id AND f.entry_hash IS NOT DISTINCT FROM e.entry_hash"
        " WHERE NOT f.retry",
        {"ids": list(entries), "hashes": list(entries.values())},
    ).fetchall()
    return {r[0] for r in rows}


def replace_enrichment(
    con: duckdb.DuckDBPyConnection,
    updates: Sequence[Mapping[str, Any]],
    mentions: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
    failures: Sequence[Any] = (),
) -> None:
    """Swap the enrichment of already-loaded articles (reprocess) in one transaction."""
    if not updates:
        return
    ids = [u["article_id"] for u in updates]
    with transaction(con):
        con.execute("DELETE FROM mentions WHERE article_id IN (SELECT unnest(?))", [ids])
        succeeded = [u["article_id"] for u in updates if u.get("enrichment_error") is None]
        con.execute("DELETE FROM item_failures WHERE article_id IN (SELECT unnest(?))", [succeeded])
        _record_failures(con, failures)
        _insert(con, _UPDATE_ENRICHMENT, updates, ENRICHMENT_UPDATE_SCHEMA)
        _insert(con, _INSERT_ENTITIES, entities, ENTITY_SCHEMA)
        _insert(con, _INSERT_MENTIONS, mentions, MENTION_SCHEMA)


def update_fingerprints(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store duplicate-detection results for already-loaded articles."""
    with transaction(con):
        _insert(con, _UPDATE_FINGERPRINTS, rows, FINGERPRINT_SCHEMA)


def sync_watchlist(
    con: duckdb.DuckDBPyConnection,
    entities: Sequence[Mapping[str, Any]],
    aliases: Sequence[Mapping[str, Any]],
) -> None:
    """Make the entities and entity_aliases tables agree with the watchlist file."""
    with transaction(con):
        _insert(con, _UPSERT_WATCHLIST_ENTITIES, entities, ENTITY_SCHEMA)
        ids = [e["entity_id"] for e in entities]
        con.execute("DELETE FROM entity_aliases WHERE entity_id IN (SELECT unnest(?))", [ids])
        _insert(
            con, "INSERT INTO entity_aliases BY NAME SELECT * FROM batch", aliases, ALIAS_SCHEMA
        )


def _insert(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    rows: Sequence[Mapping[str, Any]],
    schema: pa.Schema,
) -> list[tuple[Any, ...]]:
    """Run sql with rows exposed as `batch`, inside the caller's transaction."""
    if not rows:
        return []
    # No try/finally: unregistering inside an aborted transaction would raise and hide the real
    # error; a leftover registration is replaced by the next one.
    con.register("batch", _table(rows, schema))
    result = con.execute(sql).fetchall()
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


def record_page_attempts(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    with transaction(con):
        _insert(con, _RECORD_PAGE_ATTEMPTS, rows, PAGE_ATTEMPT_SCHEMA)


def record_feed_checks(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Record the outcome of each feed fetch (health), failures included."""
    if not rows:
        return
    with transaction(con):
        _insert(con, _RECORD_FEED_CHECKS, rows, FEED_STATE_SCHEMA)


def save_validators(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Store ETag / Last-Modified / body hash for feeds whose items are all loaded."""
    if not rows:
        return
    with transaction(con):
        _insert(con, _SAVE_VALIDATORS, rows, VALIDATOR_SCHEMA)


def feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Validators and health per source id."""
    cur = con.execute("SELECT * FROM feed_state")
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, flow: str, started_at: datetime, as_of: datetime
) -> None:
    """Record a run as started; earlier runs of the flow still 'running' are marked crashed."""
    with transaction(con):
        con.execute(
            "UPDATE runs SET status = 'crashed', finished_at = ?,"
            " error = 'the process ended before the run finished'"
            " WHERE flow = ? AND status = 'running' AND run_id <> ?",
            [started_at, flow, run_id],
        )
        con.execute(
            "INSERT INTO runs (run_id, flow, started_at, as_of, status) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (run_id) DO NOTHING",
            [run_id, flow, started_at, as_of, "running"],
        )


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
            "UPDATE runs SET finished_at = ?, status = ?, counts = ?, failures = ?, error = ?"
            " WHERE run_id = ?",
            [finished_at, status, json.dumps(counts), json.dumps(failures), error, run_id],
        )
