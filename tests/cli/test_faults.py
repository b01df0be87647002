"""Expected failures give a clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.common import EXIT_CONFIG, EXIT_WAREHOUSE
from cli.main import main
from flows.runtime import ingest_lock
from tests.support.feeds import (
    LOCAL_FETCH,
    article_page,
    ingest_config,
    rss,
    rss_item,
    write_settings,
    write_sources,
)
from tests.support.http import HTML, RSS, Response, local_server
from tests.support.paths import REPO_ROOT
from tests.support.processes import run_in_session
from warehouse import db, materialize, reads
from warehouse.connection import WarehouseLocked

pytestmark = pytest.mark.slow


def _config(tmp_path: Path, db_path: Path) -> Path:
    """An ingest into db_path of one feed that nothing answers."""
    feeds = {"Nowhere": "http://127.0.0.1:9/feed.xml"}
    return ingest_config(tmp_path, feeds, tags=["test"], fetch={"retries": 0}, db_path=db_path)


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


# Runs argv[2:] with every file it (and its children) writes capped at argv[1] bytes: a write past
# the cap fails with EFBIG ("File too large") instead of killing the process (SIGXFSZ ignored),
# the way a full disk fails it with ENOSPC. Set here and exec'd: no preexec_fn in a threaded test.
_CAPPED = (
    "import os, resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
    " resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])));"
    " os.execv(sys.executable, [sys.executable, *sys.argv[2:]])"
)
# DuckDB commits through its WAL and checkpoints into the database file when a session closes;
# a checkpoint that cannot grow the file fails silently (the data stays in the WAL), so what
# fails under the cap is the first COMMIT that would take the WAL past it. From a fresh
# warehouse the WAL holds about 87 KB of schema (stories' tables and views included) and run
# bookkeeping before the first article, about 43 KB more per article below (batch_size 1): caps
# from about 130 KB to 225 KB (probed) stop the run after one or two articles. 175 KB is mid-way.
_FILE_CAP = 175_000
_STORIES = 3
_COUNTRIES = ("France", "Japan", "Brazil", "Kenya", "Canada", "India", "Norway", "Chile")


def _story(n: int) -> bytes:
    """About 38 KB of article page, distinct for every n."""
    paragraphs = [
        f"Regulators in {_COUNTRIES[(n + j) % 8]} said that they would review rule "
        f"{n}-{j} on chips. Industry groups warned that measure {n}-{j} could slow research "
        f"for {(n * 31 + j) % 97 + 2} months. Executives called change {n}-{j} significant but "
        f"manageable, and analysts expect {(n * 7 + j) % 11 + 2} weeks of consultation."
        for j in range(150)
    ]
    return article_page(f"Story {n}", paragraphs)


def _newsroom(server, tmp_path: Path) -> tuple[Path, Path]:
    """Serve a feed of _STORIES long articles; return the sources and watchlist files."""
    base = server.base_url
    items = [
        rss_item(
            f"Story {n}",
            f"{base}/s/{n}.html",
            guid=str(n),
            date=f"Mon, 1{n} Feb 2025 09:00:00 +0000",
        )
        for n in range(_STORIES)
    ]
    server.route("/feed.xml", Response(200, rss(items, title="F", link=f"{base}/"), RSS))
    for n in range(_STORIES):
        server.route(f"/s/{n}.html", Response(200, _story(n), HTML))
    sources = write_sources(
        tmp_path / "sources.yaml", {"Long reads": f"{base}/feed.xml"}, tags=["test"]
    )
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text("entities:\n  - id: acme\n    name: Acme\n    type: ORG\n")
    return sources, watchlist


def _ingest_settings(tmp_path: Path, name: str, sources: Path, watchlist: Path) -> Path:
    settings = {
        "db_path": tmp_path / name / "w.duckdb",
        "sources_path": sources,
        "watchlist_path": watchlist,
        "archive_dir": tmp_path / name / "archive",
        "batch_size": 1,
        "workers": 1,
        "fetch": {**LOCAL_FETCH, "retries": 0},
    }
    return write_settings(tmp_path / f"{name}.yaml", settings)


def _contents(db_path: Path) -> tuple[list[tuple], list[tuple]]:
    """Every article (id, canonical URL) and every mention (article, entity), sorted."""
    with db.session(db_path, read_only=True) as con:
        articles = con.execute("SELECT article_id, canonical_url FROM articles").fetchall()
        mentions = con.execute("SELECT article_id, entity_id FROM mentions").fetchall()
    return sorted(articles), sorted(mentions)


def test_full_disk_stops_the_ingest_cleanly_and_the_next_run_completes(prefect, tmp_path):
    """The real `mediawatch ingest` in a process whose file writes fail past a size cap, as on a
    full disk: exit 3 and one line saying so, no traceback; what was committed stays, and the
    next run, with room again, loads the rest: no duplicate, nothing lost.

    Prefect's API (the test harness server) runs outside the capped process, as a Prefect
    server does: its SQLite WAL alone grows past 4 MB, so under one cap for both the warehouse's
    WAL (a few hundred KB here) could never be the write that fails.
    """
    from prefect.settings import PREFECT_API_URL

    with local_server() as server:
        sources, watchlist = _newsroom(server, tmp_path)
        env = {
            **os.environ,
            "PREFECT_API_URL": PREFECT_API_URL.value(),
            "PREFECT_HOME": str(tmp_path / "prefect"),
        }

        def ingest(name: str, cap: int | None = None) -> subprocess.CompletedProcess[str]:
            settings = _ingest_settings(tmp_path, name, sources, watchlist)
            cmd = ["-m", "cli.main", "ingest", "--config", str(settings)]
            cmd = ["-c", _CAPPED, str(cap), *cmd] if cap else cmd
            return run_in_session([sys.executable, *cmd], env=env, cwd=REPO_ROOT, timeout=120)

        clean = ingest("clean")
        assert clean.returncode == 0, clean.stdout + clean.stderr
        full = ingest("full", cap=_FILE_CAP)
        with db.session(tmp_path / "full" / "w.duckdb", read_only=True) as con:
            kept = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        again = ingest("full")

    expected, expected_mentions = _contents(tmp_path / "clean" / "w.duckdb")
    assert len(expected) == _STORIES and expected_mentions

    assert full.returncode == EXIT_WAREHOUSE, full.stdout + full.stderr
    assert "Traceback" not in full.stdout + full.stderr, full.stderr
    said = [line for line in full.stderr.splitlines() if line.startswith("storage error: ")]
    assert len(said) == 1, full.stderr
    assert "w.duckdb.wal" in said[0] and "File too large" in said[0], said[0]
    assert "Is the disk full?" in said[0] and said[0] == full.stderr.splitlines()[-1]
    assert 0 < kept < _STORIES, f"the cap should stop the run part-way, {kept} articles loaded"

    assert again.returncode == 0, again.stdout + again.stderr
    assert "Traceback" not in again.stderr
    warehouse = tmp_path / "full" / "w.duckdb"
    articles, mentions = _contents(warehouse)
    assert len({article_id for article_id, _ in articles}) == len(articles)  # no duplicate
    assert articles == expected and mentions == expected_mentions  # nothing lost
    with db.session(warehouse, read_only=True) as con:
        assert reads.run_checks(con) == []
        assert materialize.is_current(con)
        runs = con.execute("SELECT status, error FROM runs ORDER BY started_at").fetchall()
    # The failed run is recorded as failed when that last write still fits, else the next run
    # marks it crashed.
    assert runs[0][0] in ("failed", "crashed") and runs[1][0] == "completed", runs
