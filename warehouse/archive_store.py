"""The raw archive's index (archive_index) and re-extraction's article updates.

Each public function does its work in one short transaction on a connection the caller owns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.db import transaction
from warehouse.loader import TS, _insert

INDEX_SCHEMA = pa.schema(
    [
        ("warc_path", pa.string()),
        ("record_offset", pa.int64()),
        ("record_length", pa.int64()),
        ("kind", pa.string()),
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("canonical_url", pa.string()),
        ("source_id", pa.string()),
        ("run_id", pa.string()),
        ("http_status", pa.int32()),
        ("content_type", pa.string()),
        ("fetched_at", TS),
        ("sha256", pa.string()),
        ("payload_bytes", pa.int64()),
    ]
)

# The columns extraction decides (pipelines.selection.article_row); re-extraction rewrites them.
EXTRACTION_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("published_at", TS),
        ("date_source", pa.string()),
        ("language", pa.string()),
        ("sitename", pa.string()),
        ("text", pa.string()),
        ("word_count", pa.int32()),
        ("extraction_method", pa.string()),
        ("extraction_outcome", pa.string()),
        ("extraction_reason", pa.string()),
    ]
)
EXTRACTION_COLUMNS = tuple(EXTRACTION_SCHEMA.names[1:])

_SAVE_INDEX = """
INSERT INTO archive_index BY NAME SELECT * FROM batch
ON CONFLICT (warc_path, record_offset) DO NOTHING
RETURNING warc_path
"""

# New text invalidates the duplicate fingerprint; new text, title or language the enrichment.
# Both are recomputed by `mediawatch reprocess --stale-only` (NULL marks them stale).
_UPDATE_EXTRACTION = """
UPDATE articles SET
    title = b.title, author = b.author, published_at = b.published_at,
    date_source = b.date_source, language = b.language, sitename = b.sitename,
    text = b.text, word_count = b.word_count, extraction_method = b.extraction_method,
    extraction_outcome = b.extraction_outcome, extraction_reason = b.extraction_reason,
    content_hash = CASE WHEN articles.text IS DISTINCT FROM b.text
                        THEN NULL ELSE articles.content_hash END,
    minhash = CASE WHEN articles.text IS DISTINCT FROM b.text
                   THEN NULL ELSE articles.minhash END,
    duplicate_of = CASE WHEN articles.text IS DISTINCT FROM b.text
                        THEN NULL ELSE articles.duplicate_of END,
    duplicate_kind = CASE WHEN articles.text IS DISTINCT FROM b.text
                          THEN NULL ELSE articles.duplicate_kind END,
    enrichment_version = CASE
        WHEN articles.text IS DISTINCT FROM b.text
          OR articles.title IS DISTINCT FROM b.title
          OR articles.language IS DISTINCT FROM b.language
        THEN NULL ELSE articles.enrichment_version END
FROM batch b
WHERE articles.article_id = b.article_id
RETURNING articles.article_id
"""


def save_index(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Record archived bodies (pipelines.archive.WarcArchive.take_index rows); returns how many
    were new. Idempotent: a record already indexed is kept as it is."""
    if not rows:
        return 0
    with transaction(con):
        return len(_insert(con, _SAVE_INDEX, rows, INDEX_SCHEMA))


def forget_files(con: duckdb.DuckDBPyConnection, warc_paths: Iterable[str]) -> int:
    """Drop the index rows of archive files that were deleted (retention)."""
    paths = list(warc_paths)
    if not paths:
        return 0
    with transaction(con):
        rows = con.execute(
            "DELETE FROM archive_index WHERE warc_path IN (SELECT unnest(?)) RETURNING warc_path",
            [paths],
        ).fetchall()
    return len(rows)


def indexed_files(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Archive files with at least one indexed record."""
    return {r[0] for r in con.execute("SELECT DISTINCT warc_path FROM archive_index").fetchall()}


def update_extraction(con: duckdb.DuckDBPyConnection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Rewrite the extraction columns of already-loaded articles (re-extraction), in one
    transaction; articles whose text, title or language changed are marked for re-enrichment
    and duplicate detection. Returns how many articles were updated."""
    if not rows:
        return 0
    with transaction(con):
        return len(_insert(con, _UPDATE_EXTRACTION, rows, EXTRACTION_SCHEMA))
