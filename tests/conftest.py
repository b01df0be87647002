"""Shared fixtures: a throwaway Prefect home, temp warehouses, a local HTTP server."""

from __future__ import annotations

import os
import tempfile

import pytest

# Before Prefect is imported anywhere: a private home, no telemetry, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="mediawatch-prefect-")
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
