-- The tables of this database's main schema (not TEMP ones).
SELECT table_name
FROM duckdb_tables()
WHERE NOT temporary AND schema_name = 'main' AND database_name = current_database()
