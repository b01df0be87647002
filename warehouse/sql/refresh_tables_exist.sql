-- Whether the tables that record refreshes of the materialized models exist (migration 003).
SELECT count(*) > 0
FROM duckdb_tables()
WHERE table_name = 'refresh_state' AND NOT temporary AND schema_name = 'main'
