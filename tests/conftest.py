"""Shared fixtures: a throwaway Prefect home and test server, and the two hand-made warehouses
that several rooms read (built once a session; tests that write build their own copy)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before Prefect is imported anywhere: a private home, no telemetry, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="mediawatch-prefect-")
atexit.register(shutil.rmtree, _PREFECT_HOME, ignore_errors=True)
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def prefect():
    """One Prefect test server, with its own temporary database, for every flow run of the
    session (each server start migrates a database: ~10 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def trend_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of tests/support/warehouse.py, whose trend views are worked out by hand.
    Read it only."""
    from tests.support import warehouse

    return warehouse.build(tmp_path_factory.mktemp("trends") / "w.duckdb")


@pytest.fixture(scope="session")
def report_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of tests/fixtures/report/warehouse.py, report week 2025-W08. Read it only."""
    from tests.fixtures.report.warehouse import build_warehouse

    return build_warehouse(tmp_path_factory.mktemp("report") / "w.duckdb")
