"""Everything DuckDB: connections, migrations, views, loads and named queries."""
