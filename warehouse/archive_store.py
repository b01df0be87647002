"""The raw archive's index (archive_index) and re-extraction's article updates.

Each public function does its work in one short transaction on a connection the caller owns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import duckdb

from warehouse.connection import transaction
from warehouse.loader import run_with_batch
from warehouse.rows import ArchiveIndexRow, ExtractionUpdate
from warehouse.sqlfiles import statement


def save_index(con: duckdb.DuckDBPyConnection, rows: Sequence[ArchiveIndexRow]) -> int:
    """Record archived bodies (pipelines.archive.WarcArchive.take_index); returns how many
    were new. Idempotent: a record already indexed is kept as it is."""
    if not rows:
        return 0
    with transaction(con):
        return len(run_with_batch(con, statement("archive_save_index"), rows))


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


def update_extraction(con: duckdb.DuckDBPyConnection, rows: Sequence[ExtractionUpdate]) -> int:
    """Rewrite the extraction columns of already-loaded articles (re-extraction), in one
    transaction; articles whose text, title or language changed are marked for re-enrichment
    and duplicate detection. Returns how many articles were updated."""
    if not rows:
        return 0
    with transaction(con):
        return len(run_with_batch(con, statement("archive_update_extraction"), rows))
