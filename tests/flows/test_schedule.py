"""Scheduled operation: prefect.yaml (one source of truth), the deployments `mediawatch serve`
builds from it, the schedule `status` prints, catch-up after downtime, days without a run, and
`mediawatch backfill`."""

from __future__ import annotations

import asyncio
import inspect
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner

import cli.main  # noqa: F401 - first: cli.main registers the commands of cli.schedule
from cli.schedule import BackfillPeriod, backfill, schedule_entries, schedule_lines, serve
from flows.deployments import CronSpec, build_deployments, load_flow, read_deployments
from report.weeks import IsoWeek
from settings import ConfigError
from tests.support.feeds import Newsroom, newsroom_config
from tests.support.http import local_server
from tests.support.paths import PREFECT_YAML, REPO_ROOT

W06, W07 = IsoWeek(2025, 6), IsoWeek(2025, 7)


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))


def by_name(config: dict) -> dict[str, dict]:
    return {d["name"]: d for d in config["deployments"]}


# --- prefect.yaml ---


def test_prefect_yaml_has_both_deployments_on_their_schedules(config):
    deployments = by_name(config)
    assert set(deployments) == {"daily-ingest", "weekly-report"}
    daily, weekly = deployments["daily-ingest"], deployments["weekly-report"]
    assert daily["entrypoint"] == "flows/daily_ingest.py:daily_ingest"
    assert weekly["entrypoint"] == "flows/weekly_report.py:weekly_report"
    assert [s["cron"] for s in daily["schedules"]] == ["0 6 * * *"]
    assert [s["cron"] for s in weekly["schedules"]] == ["0 7 * * 1"]


def test_timezone_parameters_pool_and_limit_are_set_once(config):
    """The anchors resolve: every deployment shares the same objects from `definitions`."""
    shared = config["definitions"]
    ZoneInfo(shared["timezone"])  # a real IANA zone
    for deployment in config["deployments"]:
        assert all(s["timezone"] == shared["timezone"] for s in deployment["schedules"])
        assert deployment["parameters"] == shared["parameters"]
        assert deployment["work_pool"] == shared["work_pool"]
        assert deployment["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}
    text = PREFECT_YAML.read_text(encoding="utf-8")
    assert text.count("timezone: *timezone") == len(config["deployments"])
    assert text.count("parameters: *parameters") == len(config["deployments"])


def test_prefect_reads_it_as_written(config):
    """Prefect's own model of prefect.yaml takes the file, schedules included."""
    from prefect.cli.deploy._models import PrefectYamlModel
    from prefect.cli.deploy._schedules import _schedule_config_to_deployment_schedule

    model = PrefectYamlModel.model_validate(config)
    assert [d.name for d in model.deployments] == ["daily-ingest", "weekly-report"]
    for deployment in model.deployments:
        dumped = deployment.model_dump(exclude_unset=True, mode="json")
        for schedule in dumped["schedules"]:
            built = _schedule_config_to_deployment_schedule(schedule)["schedule"]
            assert built.timezone == config["definitions"]["timezone"]


def test_workers_run_the_flows_from_the_project_directory(config):
    (build,) = config["build"]
    (pull,) = config["pull"]
    step = build["prefect.deployments.steps.run_shell_script"]
    assert step["script"] == "pwd"
    directory = pull["prefect.deployments.steps.set_working_directory"]["directory"]
    assert directory == "{{ " + step["id"] + ".stdout }}"


def test_deployment_parameters_are_flow_parameters(config):
    for deployment in config["deployments"]:
        flow = load_flow(deployment["entrypoint"])
        accepted = inspect.signature(flow.fn).parameters
        assert set(deployment["parameters"]) <= set(accepted), deployment["name"]
        settings = REPO_ROOT / deployment["parameters"]["settings_path"]
        assert settings.is_file(), "settings_path is relative to the project directory"


# --- mediawatch serve ---


def test_serve_builds_both_deployments_without_serving():
    deployments = {d.name: d for d in build_deployments(PREFECT_YAML)}
    assert set(deployments) == {"daily-ingest", "weekly-report"}
    expected = {"daily-ingest": "0 6 * * *", "weekly-report": "0 7 * * 1"}
    for name, deployment in deployments.items():
        (schedule,) = deployment.schedules
        assert schedule.schedule.cron == expected[name]
        assert schedule.schedule.timezone == "UTC"
        assert deployment.flow_name == name
        assert deployment.parameters == {"settings_path": "config/mediawatch.yaml"}
        assert deployment.concurrency_limit == 1
        assert deployment.concurrency_options.collision_strategy.value == "ENQUEUE"
        assert deployment.work_pool_name is None  # served: no work pool
        function = name.replace("-", "_")
        assert deployment.entrypoint.endswith(f"flows/{function}.py:{function}")


def test_next_runs_follow_cron_and_time_zone():
    monday_noon = datetime(2025, 3, 3, 12, tzinfo=UTC)
    assert CronSpec("0 6 * * *", "UTC").next_after(monday_noon) == datetime(
        2025, 3, 4, 6, tzinfo=UTC
    )
    assert CronSpec("0 7 * * 1", "UTC").next_after(monday_noon) == datetime(
        2025, 3, 10, 7, tzinfo=UTC
    )
    berlin = CronSpec("0 6 * * *", "Europe/Berlin").next_after(monday_noon)
    assert berlin.astimezone(UTC) == datetime(2025, 3, 4, 5, tzinfo=UTC)  # 06:00 CET
    summer = CronSpec("0 6 * * *", "Europe/Berlin").next_after(datetime(2025, 7, 1, tzinfo=UTC))
    assert summer.astimezone(UTC) == datetime(2025, 7, 1, 4, tzinfo=UTC)  # 06:00 CEST


def test_status_lines_and_entries_come_from_prefect_yaml():
    lines = schedule_lines(PREFECT_YAML)
    assert lines[0].startswith("daily-ingest: 0 6 * * * (UTC), next ")
    assert lines[1].startswith("weekly-report: 0 7 * * 1 (UTC), next Mon ")
    entries = schedule_entries(PREFECT_YAML)
    assert [e["deployment"] for e in entries] == ["daily-ingest", "weekly-report"]
    assert entries[1]["next_run"].weekday() == 0 and entries[1]["next_run"].hour == 7
    assert schedule_entries(REPO_ROOT / "missing.yaml") == []
    assert "nothing is scheduled" in schedule_lines(REPO_ROOT / "missing.yaml")[0]


def test_a_broken_prefect_yaml_does_not_hide_the_rest_of_status(tmp_path):
    broken = tmp_path / "prefect.yaml"
    broken.write_text("deployments: []\n", encoding="utf-8")
    (line,) = schedule_lines(broken)
    assert line.startswith(f"cannot read the schedule: {broken}: deployments: no deployments.")
    assert "no deployments" in schedule_entries(broken)[0]["error"]


def test_serve_dry_run_prints_the_schedule_and_a_bad_file_is_a_usage_error(tmp_path):
    runner = CliRunner()
    result = runner.invoke(serve, ["--prefect-file", str(PREFECT_YAML), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "daily-ingest: 0 6 * * * (UTC)" in result.output
    result = runner.invoke(serve, ["--prefect-file", str(tmp_path / "nope.yaml"), "--dry-run"])
    assert result.exit_code == 2 and "no such file" in result.output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("cron", "every morning"), "cron"),
        (("timezone", "Europe/Berlun"), "unknown zone 'Europe/Berlun'"),
        (("collision_strategy", "SKIP"), "unknown 'SKIP'"),
    ],
)
def test_mistakes_in_prefect_yaml_name_the_key(tmp_path, change, message):
    key, value = change
    text = PREFECT_YAML.read_text(encoding="utf-8")
    text = {
        "cron": text.replace('"0 6 * * *"', f'"{value}"'),
        "timezone": text.replace("timezone: &timezone UTC", f"timezone: &timezone {value}"),
        "collision_strategy": text.replace("ENQUEUE", value),
    }[key]
    path = tmp_path / "prefect.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_deployments(path)
    assert message in str(caught.value) and "deployments[0]" in str(caught.value)


# --- backfill ---


def test_backfill_period_is_whole_local_days_and_ended_weeks():
    period = BackfillPeriod(date(2025, 2, 5), date(2025, 2, 18), ZoneInfo("Europe/Berlin"))
    assert period.since == datetime(2025, 2, 4, 23, tzinfo=UTC)
    assert period.until == datetime(2025, 2, 18, 23, tzinfo=UTC)
    done, running = period.weeks(today=date(2025, 2, 20))
    assert [str(w) for w in done] == ["2025-W06", "2025-W07"]
    assert [str(w) for w in running] == ["2025-W08"]


def test_backfill_refuses_a_reversed_period_and_a_missing_warehouse(tmp_path):
    result = CliRunner().invoke(backfill, ["--from", "2025-02-10", "--to", "2025-02-01"])
    assert result.exit_code == 2 and "--from is after --to" in result.output
    missing = ["--from", "2025-02-01", "--to", "2025-02-10", "--db", str(tmp_path / "none.duckdb")]
    result = CliRunner().invoke(backfill, missing)
    assert result.exit_code == 3 and "no warehouse at" in result.output
    assert not (tmp_path / "none.duckdb").exists()


# --- catch-up after downtime (real Prefect runs, real HTTP, real DuckDB) ---


@pytest.mark.slow
def test_after_downtime_the_next_run_catches_up_and_the_gap_shows(prefect, tmp_path):
    from cli.schedule import run_backfill
    from flows.daily_ingest import daily_ingest
    from warehouse import db
    from warehouse.reads import rows

    monday = datetime.combine(W07.start, time(5), UTC)
    with local_server() as server:
        news = Newsroom(server)
        news.add("Monday story", monday)
        settings = str(newsroom_config(tmp_path, f"{server.base_url}/feed.xml", None))
        first = asyncio.run(daily_ingest(settings_path=settings, as_of=monday + timedelta(hours=1)))
        # Down from Tuesday to Thursday; the feed keeps listing what was published meanwhile.
        for day in range(1, 5):
            news.add(f"Story of day {day}", monday + timedelta(days=day))
        friday = monday + timedelta(days=4, hours=1)
        caught_up = asyncio.run(daily_ingest(settings_path=settings, as_of=friday))
    assert first["counts"]["articles_loaded"] == 1
    assert caught_up["counts"]["articles_loaded"] == 4  # every item the feed still listed

    with db.reader(tmp_path / "w.duckdb", reporting_timezone="UTC") as con:
        missed = rows(
            con, "days_without_run", week_start=date(2025, 2, 10), week_end=date(2025, 2, 17)
        )
        before = rows(
            con, "days_without_run", week_start=date(2025, 2, 3), week_end=date(2025, 2, 10)
        )
    assert [r["day"].day for r in missed] == [11, 12, 13, 15, 16]
    assert all(r["failed_runs"] == 0 and r["last_error"] is None for r in missed)
    assert before == []  # nothing was monitored before the first run

    summary = run_backfill(
        BackfillPeriod(date(2025, 2, 10), date(2025, 2, 14), ZoneInfo("UTC")),
        db_path=None,
        watchlist_path=None,
        settings_path=settings,
        reports_dir=tmp_path / "reports",
        echo=lambda line: None,
        today=date(2025, 2, 20),
    )
    assert summary["articles"] == 5
    assert summary["reports"] == [str(tmp_path / "reports" / "2025-W07.html")]
    assert (tmp_path / "reports" / "2025-W07.md").is_file()
