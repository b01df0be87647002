-- The views of this database's main schema (not DuckDB's own, not TEMP ones).
SELECT view_name
FROM duckdb_views()
WHERE NOT internal AND NOT temporary AND schema_name = 'main' AND database_name = current_database()
