"""Every row record (warehouse.rows) against the migrated tables: each field is a column of its
table, of a type the column takes, and every NOT NULL column without a default has a field."""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pytest

from warehouse import db, loader, rows

RECORDS = [
    cls
    for cls in vars(rows).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and hasattr(cls, "TABLE")
]
# DuckDB column types each Arrow type of a record may load into
COMPATIBLE = {
    pa.string(): {"VARCHAR"},
    pa.int32(): {"INTEGER", "BIGINT"},
    pa.int64(): {"BIGINT"},
    pa.float64(): {"DOUBLE"},
    pa.bool_(): {"BOOLEAN"},
    pa.binary(): {"BLOB"},
    loader.TS: {"TIMESTAMP WITH TIME ZONE"},
    pa.list_(pa.string()): {"VARCHAR[]"},
    pa.list_(pa.int32()): {"INTEGER[]"},
}
# columns the loader fills itself rather than from a record field
LOADER_FILLED = {
    "feed_state": {"consecutive_failures"},
    "page_attempts": {"attempts"},
    "item_failures": {"attempts", "first_failed_at"},
}


@pytest.fixture(scope="module")
def columns(tmp_path_factory) -> dict[str, dict[str, tuple[str, bool, bool]]]:
    """table -> column -> (type, nullable, has a default), from a freshly migrated file."""
    path = tmp_path_factory.mktemp("rows") / "w.duckdb"
    with db.session(path) as con:
        db.migrate(con)
        found = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable = 'YES',"
            " column_default IS NOT NULL FROM information_schema.columns"
        ).fetchall()
    out: dict[str, dict[str, tuple[str, bool, bool]]] = {}
    for table, column, kind, nullable, default in found:
        out.setdefault(table, {})[column] = (kind, nullable, default)
    return out


def test_there_is_a_record_for_every_table_the_pipeline_writes():
    assert {r.TABLE for r in RECORDS} >= {
        "sources", "feed_state", "page_attempts", "articles", "mentions", "entities",
        "entity_aliases", "archive_index", "item_failures", "article_stories", "story_vectors",
    }  # fmt: skip


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_record_fields_are_columns_of_their_table(record, columns):
    table = columns[record.TABLE]
    renamed = getattr(record, "COLUMNS", {})
    schema = loader.arrow_schema(record)
    for field in schema:
        column = renamed.get(field.name, field.name)
        assert column in table, f"{record.__name__}.{field.name}: no column {column}"
        assert table[column][0] in COMPATIBLE[field.type], (record.__name__, field.name)


@pytest.mark.parametrize(
    "record",
    [r for r in RECORDS if r.TABLE != "articles" or r is rows.ArticleRow],
    ids=lambda r: r.__name__,
)
def test_records_that_insert_rows_cover_the_required_columns(record, columns):
    if record in (rows.ValidatorRow,):  # an update of rows the feed checks inserted
        return
    table = columns[record.TABLE]
    renamed = getattr(record, "COLUMNS", {})
    given = {renamed.get(f.name, f.name) for f in dataclasses.fields(record)}
    given |= LOADER_FILLED.get(record.TABLE, set())
    required = {c for c, (_, nullable, default) in table.items() if not nullable and not default}
    assert required <= given, required - given
