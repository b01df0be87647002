"""Tests of warehouse/: migrations, loads, views and row records on real DuckDB files."""
