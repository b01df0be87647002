"""Expected failures give a clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.cli_common import EXIT_CONFIG, EXIT_WAREHOUSE
from flows.runtime import ingest_lock
from warehouse.db import WarehouseLocked

pytestmark = pytest.mark.slow


def _config(tmp_path: Path, db_path: Path) -> Path:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - name: Nowhere\n    url: http://127.0.0.1:9/feed.xml\n"
        "    tags: [test]\n    country: US\n    language: en\n"
    )
    settings = tmp_path / "mediawatch.yaml"
    settings.write_text(
        f"db_path: {db_path}\nsources_path: {tmp_path / 'sources.yaml'}\n"
        "fetch:\n  retries: 0\n  allow_loopback: true\n  per_host_delay_s: 0\n"
    )
    return settings


def test_a_second_ingest_is_refused_while_one_runs(tmp_path):
    db_path = tmp_path / "w.duckdb"
    settings = _config(tmp_path, db_path)
    with ingest_lock(db_path):
        with (
            pytest.raises(WarehouseLocked, match="another ingest is already running"),
            ingest_lock(db_path),
        ):
            pass
        result = CliRunner().invoke(main, ["ingest", "--config", str(settings)])
    assert result.exit_code == EXIT_WAREHOUSE, result.output
    assert "another ingest is already running" in result.output
    assert "Traceback" not in result.output


def test_unwritable_database_location_is_explained(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings = _config(tmp_path, blocker / "w.duckdb")
    result = CliRunner().invoke(main, ["ingest", "--config", str(settings)])
    assert result.exit_code == EXIT_WAREHOUSE, result.output
    assert "cannot create the database directory" in result.output


def test_read_only_location_is_explained(tmp_path):
    settings = _config(tmp_path, Path("/proc/mediawatch/w.duckdb"))
    result = CliRunner().invoke(main, ["ingest", "--config", str(settings)])
    assert result.exit_code == EXIT_WAREHOUSE, result.output
    assert "/proc/mediawatch" in result.output


def test_broken_config_names_file_key_and_line(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text(
        "sources:\n  - name: X\n    url: ftp://example.com/feed\n    tags: []\n"
        "    country: US\n    language: en\n    colour: red\n"
    )
    result = CliRunner().invoke(main, ["sources", "list", "--sources", str(bad)])
    assert result.exit_code == EXIT_CONFIG
    assert "sources.yaml" in result.output and "colour" in result.output
    assert "Traceback" not in result.output


def test_status_without_a_warehouse_is_explained(tmp_path):
    result = CliRunner().invoke(main, ["status", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == EXIT_WAREHOUSE
    assert "no warehouse at" in result.output
