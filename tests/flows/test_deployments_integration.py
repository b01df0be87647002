"""prefect.yaml for real: a local Prefect server, `prefect deploy --all`, a process worker, one
run of each deployment over the demo corpus (served on 127.0.0.1), the warehouse and the report
checked, and a failed run's alert received by a webhook on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from demo.runner import DEMO_BASE, DEMO_DIR, demo_end_date, render_sources
from demo.server import serve_directory
from tests.support.feeds import LOCAL_FETCH, write_settings
from tests.support.http import webhook_receiver
from tests.support.paths import PREFECT_YAML, REPO_ROOT
from tests.support.processes import session_process

pytestmark = pytest.mark.slow
PREFECT = str(Path(sys.executable).parent / "prefect")
POOL = yaml.safe_load(PREFECT_YAML.read_text())["definitions"]["work_pool"]["name"]
RUN_TIMEOUT_S = 240
ITEMS_PER_FEED = 4  # the newest items of each demo feed: a report's worth, quick to enrich
_RUN_ID = re.compile(r"UUID: ([0-9a-f-]{36})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PrefectServer:
    api: str
    env: dict[str, str]
    logs: Path

    def cli(self, *args: str, cwd: Path, check: bool = True) -> str:
        """Run the prefect CLI against this server; its output (stdout and stderr)."""
        done = subprocess.run(
            [PREFECT, *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S + 60,
        )
        output = done.stdout + done.stderr
        assert not check or done.returncode == 0, f"prefect {' '.join(args)}:\n{output}"
        return output

    def get(self, path: str) -> Any:
        response = httpx.get(f"{self.api}{path}", timeout=10)
        response.raise_for_status()
        return response.json()

    def run_deployment(self, name: str, parameters: dict[str, Any], cwd: Path) -> tuple[str, str]:
        """Trigger a run with these parameters and watch it end: (run id, final state type)."""
        output = self.cli(
            "deployment",
            "run",
            name,
            "--params",
            json.dumps(parameters),
            "--watch",
            "--watch-timeout",
            str(RUN_TIMEOUT_S),
            cwd=cwd,
            check=False,
        )
        match = _RUN_ID.search(output)
        assert match, output
        run = self.get(f"/flow_runs/{match.group(1)}")
        return match.group(1), run["state"]["type"]


@contextmanager
def background(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> Iterator[Any]:
    """A process in its own session, stopped (with its children) on exit."""
    with (
        open(log, "w") as out,
        session_process(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT) as proc,
    ):
        yield proc


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_CLI_PROMPT": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    env.pop("PREFECT_PROFILES_PATH", None)
    log = home / "server.log"
    command = [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with background(command, env, home, log) as server:
        deadline = time.monotonic() + 120
        while not _healthy(api):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the Prefect server did not start"
            time.sleep(0.5)
        yield PrefectServer(api, env, home)


def _healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def demo_settings(tmp: Path, proxy: str, webhook_url: str) -> Path:
    """A settings file for the runs: everything in tmp, the demo corpus through its server.
    The watchlist is left at its default, config/watchlist.yaml: it resolves only when the run
    starts in the project directory, as the pull step of prefect.yaml makes it."""
    sources = render_sources(DEMO_DIR, DEMO_BASE, tmp)
    settings = {
        "db_path": tmp / "warehouse.duckdb",
        "sources_path": sources,
        "reports_dir": tmp / "reports",
        "archive_dir": tmp / "archive",
        "max_items_per_feed": ITEMS_PER_FEED,
        "workers": 2,
        "webhook_url": webhook_url,
        "fetch": {**LOCAL_FETCH, "per_host_concurrency": 8, "proxy": proxy},
    }
    return write_settings(tmp / "mediawatch.yaml", settings)


def test_prefect_yaml_deploys_and_a_worker_runs_both_flows(prefect_server, tmp_path):
    from flows.alerts import on_ingest_failure
    from flows.daily_ingest import daily_ingest
    from warehouse import db

    server = prefect_server
    created = server.cli("work-pool", "create", POOL, "--type", "process", cwd=tmp_path)
    assert f"Created work pool {POOL!r}" in created
    deployed = server.cli("--no-prompt", "deploy", "--all", cwd=REPO_ROOT)
    assert deployed.count("successfully created") == 2, deployed

    daily = server.get("/deployments/name/daily-ingest/daily-ingest")
    weekly = server.get("/deployments/name/weekly-report/weekly-report")
    assert [s["schedule"]["cron"] for s in daily["schedules"]] == ["0 6 * * *"]
    assert [s["schedule"]["cron"] for s in weekly["schedules"]] == ["0 7 * * 1"]
    for deployment in (daily, weekly):
        assert deployment["schedules"][0]["schedule"]["timezone"] == "UTC"
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["concurrency_options"]["collision_strategy"] == "ENQUEUE"
        assert deployment["work_pool_name"] == POOL
        assert deployment["parameters"] == {"settings_path": "config/mediawatch.yaml"}
        (pull,) = deployment["pull_steps"]
        step = pull["prefect.deployments.steps.set_working_directory"]
        assert Path(step["directory"]).resolve() == REPO_ROOT

    as_of = demo_end_date()
    worker_command = [PREFECT, "worker", "start", "--pool", POOL, "--name", "test-worker"]
    with (
        webhook_receiver() as hook,
        serve_directory(DEMO_DIR / "site", public_base=DEMO_BASE) as local_url,
        background(worker_command, server.env, tmp_path, tmp_path / "worker.log"),
    ):
        settings = str(demo_settings(tmp_path, local_url, hook.url))
        ingest_id, ingest_state = server.run_deployment(
            "daily-ingest/daily-ingest",
            {"settings_path": settings, "as_of": as_of.isoformat()},
            cwd=tmp_path,
        )
        _, report_state = server.run_deployment(
            "weekly-report/weekly-report",
            {"settings_path": settings, "week": "2025-W08"},
            cwd=tmp_path,
        )
        hooks_wired = on_ingest_failure in daily_ingest.on_failure_hooks
        if hooks_wired:
            missing = str(tmp_path / "no-such-sources.yaml")
            _, failed_state = server.run_deployment(
                "daily-ingest/daily-ingest",
                {"settings_path": settings, "sources_path": missing},
                cwd=tmp_path,
            )
            assert failed_state == "FAILED"
            failures = [t for t in hook.texts() if " failed" in t]
            assert failures and "no-such-sources.yaml" in failures[0]
    worker_log = (tmp_path / "worker.log").read_text()
    assert ingest_state == "COMPLETED", worker_log
    assert report_state == "COMPLETED", worker_log

    with db.session(tmp_path / "warehouse.duckdb", read_only=True) as con:
        articles, sources = con.execute(
            "SELECT count(*), count(DISTINCT source_id) FROM articles"
        ).fetchone()
        run = con.execute(
            "SELECT flow, status, as_of FROM runs WHERE run_id = ?", [ingest_id]
        ).fetchone()
        watchlist_mentions = con.execute(
            "SELECT count(*) FROM mentions JOIN entities USING (entity_id)"
            " WHERE origin = 'watchlist'"
        ).fetchone()[0]
    assert articles >= 20 and sources >= 8
    assert run[0] == "daily-ingest" and run[1] == "completed_with_failures"  # the broken feed
    assert run[2] == as_of
    assert watchlist_mentions > 0  # config/watchlist.yaml was found: runs start in the project
    for suffix in ("html", "md", "json"):
        assert (tmp_path / "reports" / f"2025-W08.{suffix}").is_file()
    report = json.loads((tmp_path / "reports" / "2025-W08.json").read_text())
    assert report["week"] == "2025-W08" and report["coverage"]["articles_total"] == articles
