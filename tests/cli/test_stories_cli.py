"""`mediawatch stories` and `mediawatch story` on the hand-made warehouse, whose stories are
listed in tests/support/warehouse.py (STORIES)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli.stories import COMMANDS


@click.group()
def cli() -> None:
    """The story commands, as cli.main registers them."""


for _command in COMMANDS:
    cli.add_command(_command)


@pytest.fixture(scope="module")
def path(trend_warehouse: Path) -> Path:
    return trend_warehouse


@pytest.fixture(autouse=True)
def _plain_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no settings file: defaults (UTC)
    monkeypatch.delenv("MEDIAWATCH_REPORTING_TIMEZONE", raising=False)
    monkeypatch.delenv("MEDIAWATCH_CONFIG", raising=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help_and_the_shared_options():
    from cli.common import path_options

    reference = path_options("config", "db")(click.command()(lambda **_: None))
    expected = sorted((p.name, p.opts, p.help) for p in reference.params)
    for command in COMMANDS:
        code, out, _ = run(command.name, "--help")
        assert code == 0 and "Usage:" in out, command.name
        shared = {"config_path", "db_path"}
        found = [(p.name, p.opts, p.help) for p in command.params if p.name in shared]
        assert sorted(found) == expected, command.name


def test_stories_of_a_week_widest_first_with_who_broke_them(path):
    code, out, _ = run("stories", "--db", str(path), "--week", "2025-W03", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["story_id"] for r in rows] == ["a1", "a5", "a9", "i12", "d13", "d14"]
    a1 = rows[0]
    assert (a1["week"], a1["first_outlet"], a1["first_seen"]) == (
        "2025-W03", "Alpha News", "2025-01-15 09:00:00+00:00",
    )  # fmt: skip
    assert (a1["articles"], a1["outlets"], a1["hours_to_reach"], a1["span_hours"]) == (
        4,
        3,
        2.0,
        3.0,
    )
    i12 = rows[3]  # began on Sunday of W02: two of its three articles are in W03
    assert (i12["articles"], i12["articles_in_week"], i12["hours_to_reach"]) == (3, 2, None)
    code, out, _ = run("stories", "--db", str(path), "--week", "2025-W03", "--limit", "2")
    assert code == 0
    assert "Stories, 2025-W03 (2025-01-13 … 2025-01-19)" in out
    assert "Alpha News" in out and "2.0 h" in out and "a9" not in out


def test_stories_naming_an_entity_by_alias(path):
    code, out, _ = run(
        "stories", "--db", str(path), "--week", "2025-W03", "--entity", "acme corp",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("week,story_id,first_seen,first_outlet,headline,articles,")
    assert [line.split(",")[1] for line in lines[1:]] == ["a1", "a5", "d13", "d14"]
    assert lines[1].endswith(",en")
    code, out, _ = run("stories", "--db", str(path), "--week", "2025-W01", "--entity", "initech")
    assert code == 0 and "No story naming Initech in 2025-W01." in out


def test_stories_default_to_the_last_complete_week(path):
    code, out, _ = run("stories", "--db", str(path), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["week"] for r in rows} == {"2025-W02"} and rows[0]["story_id"] == "i12"


def test_stories_refuse_a_bad_week_or_an_unknown_entity(path):
    code, _, err = run("stories", "--db", str(path), "--week", "2025-53")
    assert code == 2 and "--week" in err
    code, _, err = run("stories", "--db", str(path), "--entity", "Acmee")
    assert code == 2 and "no entity is called 'Acmee'" in err and "'Acme'" in err


def test_story_shows_outlets_in_order_of_arrival_by_any_of_its_articles(path):
    code, out, _ = run("story", "a3", "--db", str(path))
    assert code == 0
    assert "story a1: broken by Alpha News on 2025-01-15 09:00 (UTC)" in out
    assert "4 articles from 3 outlets over 3.0 h" in out
    assert out.index("Alpha News") < out.index("Beta Post") < out.index("Gamma Daily")
    assert "+1.0 h" in out and "+2.0 h" in out
    code, out, _ = run("story", "a5", "--db", str(path), "--format", "json")
    arrivals = json.loads(out)
    shown = [(a["arrival"], a["outlet"], a["hours_after_first"], a["articles"]) for a in arrivals]
    assert shown == [
        (1, "Beta Post", 0.0, 2),
        (2, "Alpha News", 1.0, 1),
        (3, "Gamma Daily", 3.0, 1),
    ]
    assert {a["story_id"] for a in arrivals} == {"a5"}


def test_story_times_follow_the_reporting_time_zone(path, monkeypatch):
    monkeypatch.setenv("MEDIAWATCH_REPORTING_TIMEZONE", "Europe/Berlin")
    code, out, _ = run("story", "i12", "--db", str(path))
    assert code == 0 and "2025-01-12 13:00 (Europe/Berlin)" in out and "2.0 d" in out


def test_an_unknown_story_is_a_usage_error(path):
    code, _, err = run("story", "nope", "--db", str(path))
    assert code == 2 and "no story or article has the id 'nope'" in err
