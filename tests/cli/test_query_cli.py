"""`mediawatch sql`, `trends`, `top` and `export` end to end on a temp warehouse file."""

from __future__ import annotations

import json
from pathlib import Path

import click
import duckdb
import pytest
from click.testing import CliRunner

from cli.query import COMMANDS
from tests.support import warehouse as fx
from tests.support.processes import duckdb_locked_by_another_process


@click.group()
def cli() -> None:
    """The query commands, as cli.main registers them."""


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


def test_every_command_has_help():
    for command in COMMANDS:
        code, out, _ = run(command.name, "--help")
        assert code == 0 and "Usage:" in out, command.name


def test_path_options_match_the_other_commands():
    from cli.common import EXIT_CONFIG, path_options
    from cli.query import EXIT_USAGE

    reference = path_options("config", "db")(click.command()(lambda **_: None))
    expected = [(p.name, p.opts, p.help) for p in reference.params]
    for command in COMMANDS:
        names = {name for name, _, _ in expected}
        found = [(p.name, p.opts, p.help) for p in command.params if p.name in names]
        assert sorted(found) == sorted(expected), command.name
    assert EXIT_USAGE == EXIT_CONFIG


def test_sql_prints_csv_and_json(path):
    query = (
        "SELECT entity_id, articles FROM mentions_daily WHERE day = DATE '2025-01-15' ORDER BY 1"
    )
    code, out, _ = run("sql", query, "--db", str(path), "--format", "csv")
    assert code == 0
    assert out.splitlines() == [
        "entity_id,articles",
        "acme,8",
        "globex,4",
        "initech,6",
        "person:jane-doe,1",
    ]
    code, out, _ = run("sql", query, "--db", str(path), "--format", "json")
    assert json.loads(out)[0] == {"entity_id": "acme", "articles": 8}
    code, out, _ = run("sql", "DESCRIBE spikes", "--db", str(path))
    assert code == 0 and "is_spike" in out


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM articles",
        "INSERT INTO entities VALUES ('x', 'X', 'ORG', 'watchlist', now())",
        "SELECT 1; DROP TABLE articles",
        "EXPLAIN ANALYZE UPDATE articles SET title = 'x'",
        "COPY articles TO 'stolen.csv'",
        "ATTACH 'other.duckdb'",
    ],
)
def test_sql_refuses_writes(path, statement):
    code, _, err = run("sql", statement, "--db", str(path))
    assert code == 2
    assert "read-only" in err or "one statement" in err
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(fx.ARTICLES)


def test_sql_reports_a_bad_query_without_a_traceback(path):
    code, _, err = run("sql", "SELECT * FROM no_such_view", "--db", str(path))
    assert code == 2 and "the query failed" in err and "no_such_view" in err
    code, _, err = run("sql", "SELEC 1", "--db", str(path))
    assert code == 2 and "cannot parse" in err


def test_sql_caps_printed_rows(path):
    code, out, err = run(
        "sql", "FROM spikes", "--db", str(path), "--max-rows", "3", "--format", "csv"
    )
    assert code == 0 and len(out.splitlines()) == 4 and "first 3 rows" in err


def test_trends_finds_an_entity_by_alias_and_shows_the_spike(path):
    code, out, _ = run("trends", "acme corp", "--db", str(path), "--format", "json")
    assert code == 0
    days = json.loads(out)
    assert len(days) == 15  # the data begin on Jan 1, fewer than the 90 days asked for
    last = days[-1]
    assert (last["day"], last["mentions"], last["unique_stories"], last["is_spike"]) == (
        "2025-01-15",
        8,
        6,
        True,
    )
    code, out, _ = run("trends", "ACME", "--db", str(path), "--days", "3")
    assert code == 0
    assert "Acme (acme, ORG, watchlist): 10 mentions" in out
    assert "▲ z=7.0" in out and "█" in out and "2025-01-13" in out and "2025-01-12" not in out


def test_trends_weekly(path):
    code, out, _ = run("trends", "initech", "--db", str(path), "--weekly", "--format", "json")
    assert code == 0
    weeks = {w["week"]: w for w in json.loads(out)}
    assert list(weeks) == ["2025-W01", "2025-W02", "2025-W03"]
    assert weeks["2025-W01"]["mentions"] == 0 and weeks["2025-W01"]["share"] is None
    assert weeks["2025-W03"]["unique_stories"] == 8
    assert weeks["2025-W03"]["share"] == pytest.approx(8 / 18)


def test_trends_unknown_entity_suggests_names(path):
    code, _, err = run("trends", "Acmee", "--db", str(path))
    assert code == 2 and "no entity is called 'Acmee'" in err and "'Acme'" in err


def test_top_shows_the_watchlist_week_against_the_week_before(path):
    code, out, _ = run("top", "--db", str(path), "--week", "2025-W03", "--format", "json")
    assert code == 0
    found = {r["entity_id"]: r for r in json.loads(out)}
    assert list(found) == ["acme", "initech", "globex"]
    acme = found["acme"]
    assert (acme["week"], acme["mentions"], acme["unique_stories"]) == ("2025-W03", 10, 8)
    assert acme["share"] == pytest.approx(8 / 18)
    assert acme["share_change"] == pytest.approx(8 / 18 - 7 / 8)
    code, out, _ = run("top", "--db", str(path), "--week", "2025-W03")
    assert code == 0 and "44.4%" in out and "-43.1 pp" in out


def test_top_defaults_to_the_last_complete_week_before_the_latest_article(path):
    code, out, _ = run("top", "--db", str(path), "--format", "csv")
    assert code == 0
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {"2025-W02"}


def test_top_rejects_a_bad_week(path):
    code, _, err = run("top", "--db", str(path), "--week", "2025-W60")
    assert code == 2 and "2025-W60" in err


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export_writes_a_view(path, tmp_path, fmt):
    out = tmp_path / f"sov.{fmt}"
    code, _, err = run(
        "export", "Share_Of_Voice_Weekly", "--db", str(path), "--format", fmt, "--out", str(out)
    )
    assert code == 0 and "wrote 7 rows of share_of_voice_weekly" in err
    reader = {"csv": "read_csv", "parquet": "read_parquet", "json": "read_json"}[fmt]
    with duckdb.connect() as con:
        back = con.execute(
            f"SELECT week, entity_id, unique_stories FROM {reader}(?) ORDER BY ALL", [str(out)]
        ).fetchall()
    assert back[0] == ("2025-W01", "acme", 5) and len(back) == 7


def test_export_refuses_unknown_names(path, tmp_path):
    for name in ("nope", "spikes\" TO '/tmp/x.csv'; --"):
        code, _, err = run("export", name, "--db", str(path), "--out", str(tmp_path / "x.csv"))
        assert code == 2 and "no table or view is called" in err and "spikes" in err
    assert not (tmp_path / "x.csv").exists()


def test_a_missing_warehouse_is_explained(tmp_path):
    code, _, err = run("sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb"))
    assert code == 3 and "no warehouse at" in err


def test_a_locked_warehouse_gives_a_clear_message(tmp_path):
    path = fx.build(tmp_path / "locked.duckdb")
    with duckdb_locked_by_another_process(path):
        code, _, err = run("sql", "SELECT 1", "--db", str(path), "--wait", "0.3")
        assert code == 3
        assert "waiting up to 0.3 s" in err and "locked by another process" in err
        code, _, err = run("trends", "acme", "--db", str(path), "--wait", "0")
        assert code == 3 and "an ingest is probably writing" in err
    code, _, _ = run("sql", "SELECT 1", "--db", str(path))
    assert code == 0


def test_sparkline_and_bar():
    from cli.output import bar, sparkline

    assert sparkline([0, 1, 4, 8, None]) == "▁▂▅█ "
    assert sparkline([]) == "" and sparkline([0, 0]) == "▁▁"
    assert bar(0, 10) == "" and bar(10, 10, width=4) == "████" and bar(1, 16, width=4) == "▎"
