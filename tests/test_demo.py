"""`mediawatch demo` end to end: the bundled corpus over real HTTP into a real warehouse."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from flows.cli import main
from flows.demo import DEMO_BASE, DEMO_DIR
from warehouse import db

pytestmark = pytest.mark.slow


def test_demo_runs_loads_the_corpus_and_reruns_add_nothing(tmp_path):
    manifest = json.loads((DEMO_DIR / "corpus.json").read_text())
    warehouse = tmp_path / "demo.duckdb"
    runner = CliRunner()
    first = runner.invoke(main, ["demo", "--db", str(warehouse)])
    assert first.exit_code == 0, first.output
    assert "articles loaded: " in first.output
    with db.session(warehouse, read_only=True) as con:
        articles, sources = con.execute(
            "SELECT count(*), count(DISTINCT source_id) FROM articles"
        ).fetchone()
        weeks = con.execute(
            "SELECT count(DISTINCT strftime(published_at, '%G-W%V')) FROM articles"
        ).fetchone()[0]
        naive = con.execute("SELECT count(*) FROM articles WHERE published_at IS NULL").fetchone()[
            0
        ]
        broken = con.execute(
            "SELECT f.consecutive_failures, f.last_error FROM feed_state f"
            " JOIN sources s USING (source_id) WHERE s.url = ?",
            [manifest["broken_feed"].replace("__BASE__", DEMO_BASE)],
        ).fetchone()
    assert articles >= manifest["ingestable_article_count"] >= 200
    assert sources >= 8 and weeks >= 6 and naive == 0
    assert broken[0] == 1 and broken[1]

    second = runner.invoke(main, ["demo", "--db", str(warehouse)])
    assert second.exit_code == 0, second.output
    assert "articles loaded: 0" in second.output and "10 not modified" in second.output
    with db.session(warehouse, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == articles
