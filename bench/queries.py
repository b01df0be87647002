"""Time every warehouse view and CLI query on a large synthetic warehouse.

    .venv/bin/python bench/queries.py                    # 1M articles, 10M mentions (~2 min)
    .venv/bin/python bench/queries.py --scale 0.1        # a quick run
    .venv/bin/python bench/queries.py --reuse            # time an existing file again
    .venv/bin/python bench/queries.py --text-bytes 5000  # article texts of a realistic size

The generator (numpy, seeded, so every run builds the same warehouse) writes through the real
migrations and views: 3 years of articles (2022-2024) from 200 sources, fewer at weekends, 4 %
syndicated copies of a recent story; 500 entities (every fifth on the watchlist) named with
Zipf-distributed frequency (s = 1), ~10 per article, plus 1,500 bursts (an entity suddenly in
many of one day's articles) so that spikes have something to find; target sentiment around a
per-entity mean, 5 % without one. Texts are short by default (views never read them): pass
--text-bytes to see the file size of real articles.

Each query runs once to warm up, then --repeat times; the table shows the median. The issue's
hand-written references (10M mention rows, this machine) and a budget of twice that are shown
where they apply. The machine is shared: expect ±30 % between runs.

This script is never imported by tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

# Run as a script, this file's directory comes first on the import path, where its own name
# would shadow the warehouse package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from warehouse import db, materialize  # noqa: E402

START = date(2022, 1, 1)
DAYS = 1096
ENTITIES = 500
SOURCES = 200
ZIPF_S = 1.0
BURSTS = 1500
DUPLICATE_SHARE = 0.04
# (what, reference ms from the issue)
REFERENCES = {
    "mentions_daily: one entity, 90 days": 3.0,
    "sentiment_daily: one entity's 7-day rolling sentiment, 3 years": 25.0,
    "share_of_voice_weekly: 3 years": 60.0,
    "spikes: all entities and days": 230.0,
}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(path: Path, scale: float, seed: int, text_bytes: int) -> dict[str, float]:
    """Build the synthetic warehouse at path (replaced); returns seconds per step."""
    rng = np.random.default_rng(seed)
    n_articles, n_mentions = int(1_000_000 * scale), int(10_000_000 * scale)
    for suffix in ("", ".wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    articles = _articles(rng, n_articles)
    mentions = _mentions(rng, articles, n_mentions)
    steps["numpy"] = time.perf_counter() - t0
    con = db.open_warehouse(path)
    try:
        con.execute("SET preserve_insertion_order = false")
        for name, fn in (
            ("sources, entities, runs, feed_state", lambda: _small_tables(con, rng)),
            ("articles", lambda: _load_articles(con, articles, text_bytes)),
            ("mentions", lambda: _load_mentions(con, mentions)),
            ("materialize (full refresh)", lambda: materialize.refresh(con)),
            ("checkpoint", lambda: con.execute("CHECKPOINT")),
        ):
            t = time.perf_counter()
            fn()
            steps[name] = time.perf_counter() - t
            _log(f"  {name}: {steps[name]:.1f} s")
    finally:
        con.close()
    steps["total"] = time.perf_counter() - t0
    return steps


def _articles(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Article index → day, second, source, duplicate-of index; ordered by time like an ingest."""
    weekday = (np.arange(DAYS) + START.weekday()) % 7
    weights = np.where(weekday >= 5, 0.5, 1.0) * rng.uniform(0.8, 1.2, DAYS)
    day = np.sort(rng.choice(DAYS, size=n, p=weights / weights.sum()))
    second = rng.integers(0, 86_400, n)
    order = np.lexsort((second, day))
    day, second = day[order], second[order]
    source_weights = 1.0 / np.arange(1, SOURCES + 1) ** 0.7
    source = rng.choice(SOURCES, size=n, p=source_weights / source_weights.sum())
    back = rng.integers(1, 200, n)
    duplicate_of = np.where(
        (rng.random(n) < DUPLICATE_SHARE) & (np.arange(n) >= back), np.arange(n) - back, -1
    )
    return {"day": day, "second": second, "source": source, "duplicate_of": duplicate_of}


def _mentions(
    rng: np.random.Generator, articles: dict[str, np.ndarray], n: int
) -> dict[str, np.ndarray]:
    """(article, entity) pairs: Zipf draws over entities plus bursts, distinct, exactly n."""
    n_articles = len(articles["day"])
    ranks = np.arange(1, ENTITIES + 1)
    cdf = np.cumsum(1.0 / ranks**ZIPF_S)
    cdf /= cdf[-1]
    draws = int(n * 1.15)
    article = rng.integers(0, n_articles, draws)
    entity = np.minimum(np.searchsorted(cdf, rng.random(draws)), ENTITIES - 1)
    # Bursts: an entity in 20-300 extra articles of one day.
    day_start = np.searchsorted(articles["day"], np.arange(DAYS + 1))
    burst_day = rng.integers(30, DAYS, BURSTS)
    burst_entity = rng.integers(0, ENTITIES, BURSTS)
    burst_size = rng.integers(20, 300, BURSTS)
    extra_article = np.concatenate(
        [
            rng.integers(day_start[d], max(day_start[d + 1], day_start[d] + 1), s)
            for d, s in zip(burst_day, burst_size, strict=True)
        ]
    )
    extra_entity = np.repeat(burst_entity, burst_size)
    key = np.unique(
        np.concatenate([article, np.minimum(extra_article, n_articles - 1)]) * ENTITIES
        + np.concatenate([entity, extra_entity])
    )
    if len(key) > n:
        key = np.sort(rng.choice(key, size=n, replace=False))
    entity = key % ENTITIES
    entity_mean = rng.normal(0.0, 0.25, ENTITIES)
    sentiment = np.clip(rng.normal(entity_mean[entity], 0.35), -1.0, 1.0)
    sentiment[rng.random(len(key)) < 0.05] = np.nan
    return {"article": key // ENTITIES, "entity": entity, "sentiment": sentiment}


def _small_tables(con: duckdb.DuckDBPyConnection, rng: np.random.Generator) -> None:
    con.execute(
        """
        INSERT INTO sources
        SELECT substr(md5('source-' || i), 1, 16), 'Source ' || i,
               'https://source' || i || '.example/feed.xml', 'source' || i || '.example',
               ['news'], 'en', 'US', TIMESTAMPTZ '2022-01-01 00:00:00+00'
        FROM range(?) AS t(i)
        """,
        [SOURCES],
    )
    con.execute(
        """
        INSERT INTO entities
        SELECT 'e' || lpad(CAST(i AS VARCHAR), 3, '0'), 'Entity ' || i,
               ['ORG', 'PERSON', 'PRODUCT', 'GPE'][i % 4 + 1],
               CASE WHEN i % 5 = 0 THEN 'watchlist' ELSE 'discovered' END,
               TIMESTAMPTZ '2022-01-01 00:00:00+00'
        FROM range(?) AS t(i)
        """,
        [ENTITIES],
    )
    con.execute(
        "INSERT INTO entity_aliases SELECT entity_id, name, false FROM entities"
        " WHERE origin = 'watchlist'"
    )
    con.execute(
        """
        INSERT INTO runs
        SELECT 'run-' || d, 'daily-ingest', ts, ts + INTERVAL 5 MINUTES, ts, 'completed',
               NULL, NULL, NULL
        FROM (SELECT d, TIMESTAMPTZ '2022-01-01 23:00:00+00' + d * INTERVAL 1 DAY AS ts
              FROM range(?) AS t(d))
        """,
        [DAYS],
    )
    failing = rng.random(SOURCES) < 0.05
    health = pa.table(
        {
            "i": np.arange(SOURCES),
            "failures": np.where(failing, rng.integers(1, 10, SOURCES), 0),
            "never": rng.random(SOURCES) < 0.01,
        }
    )
    con.register("health", health)
    con.execute(
        """
        INSERT INTO feed_state (source_id, last_checked_at, last_success_at, last_status,
                                consecutive_failures, last_error, last_error_detail)
        SELECT substr(md5('source-' || i), 1, 16), TIMESTAMPTZ '2024-12-31 23:00:00+00',
               CASE WHEN NOT never THEN TIMESTAMPTZ '2024-12-31 23:00:00+00'
                                        - failures * INTERVAL 1 DAY END,
               CASE WHEN failures > 0 OR never THEN 'failed' ELSE 'ok' END,
               CASE WHEN never THEN 1 ELSE failures END,
               CASE WHEN failures > 0 OR never THEN 'http_500' END,
               CASE WHEN failures > 0 OR never THEN 'Internal Server Error' END
        FROM health
        """
    )
    con.unregister("health")


def _load_articles(
    con: duckdb.DuckDBPyConnection, a: dict[str, np.ndarray], text_bytes: int
) -> None:
    batch = pa.table(
        {
            "i": np.arange(len(a["day"])),
            "day": a["day"],
            "second": a["second"],
            "source": a["source"],
            "duplicate_of": a["duplicate_of"],
        }
    )
    con.register("batch", batch)
    con.execute(
        """
        INSERT INTO articles (article_id, url, canonical_url, source_id, title, published_at,
                              date_source, first_seen_at, fetched_at, language, text, word_count,
                              extraction_method, extraction_outcome, http_status, run_id,
                              content_hash, duplicate_of, duplicate_kind, doc_sentiment,
                              nlp_status, enrichment_version)
        SELECT substr(md5('article-' || i), 1, 16),
               'https://source' || source || '.example/a/' || i,
               'https://source' || source || '.example/a/' || i,
               substr(md5('source-' || source), 1, 16),
               'Story ' || i,
               published_at, 'feed', published_at + INTERVAL 20 MINUTES,
               published_at + INTERVAL 20 MINUTES, 'en',
               repeat(md5('text-' || i) || ' ', greatest(1, $text_bytes // 33)),
               greatest(1, $text_bytes // 6),
               'page', 'full', 200, 'run-' || day, md5('text-' || i),
               CASE WHEN duplicate_of >= 0 THEN substr(md5('article-' || duplicate_of), 1, 16) END,
               CASE WHEN duplicate_of >= 0 THEN 'near' END,
               hash(i) % 2000 / 1000.0 - 1.0, 'done', 'bench'
        FROM (SELECT *, TIMESTAMPTZ '2022-01-01 00:00:00+00' + day * INTERVAL 1 DAY
                        + second * INTERVAL 1 SECOND AS published_at FROM batch)
        ORDER BY i
        """,
        {"text_bytes": text_bytes},
    )
    con.unregister("batch")


def _load_mentions(con: duckdb.DuckDBPyConnection, m: dict[str, np.ndarray]) -> None:
    batch = pa.table(
        {
            "article": m["article"],
            "entity": m["entity"],
            "sentiment": pa.array(m["sentiment"], from_pandas=True),
        }
    )
    con.register("batch", batch)
    con.execute(
        """
        INSERT INTO mentions
        SELECT substr(md5('article-' || article), 1, 16),
               'e' || lpad(CAST(entity AS VARCHAR), 3, '0'),
               'Entity ' || entity,
               1 + hash(article, entity) % 3,
               hash(article, entity) % 7 = 0,
               hash(article, entity) % 3 = 0,
               CAST(hash(article, entity) % 3000 AS INTEGER),
               sentiment,
               NULL,
               CASE WHEN entity % 5 = 0 THEN 'watchlist' ELSE 'ner' END
        FROM batch
        ORDER BY article, entity
        """
    )
    con.unregister("batch")


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, fastest) wall time in ms of repeat runs after one warm-up run."""
    fn()  # warm up: file pages, catalog
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def view_queries(last_day: date, entity: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(what, SQL, parameters): the typical question for every view."""
    return [
        (
            "mentions_daily: one entity, 90 days",
            "SELECT * FROM mentions_daily WHERE entity_id = $e AND day > $last - 90 ORDER BY day",
            {"e": entity, "last": last_day},
        ),
        (
            "sentiment_daily: one entity's 7-day rolling sentiment, 3 years",
            "SELECT day, rolling_7d_sentiment FROM sentiment_daily WHERE entity_id = $e"
            " ORDER BY day",
            {"e": entity},
        ),
        (
            "share_of_voice_weekly: 3 years",
            "SELECT * FROM share_of_voice_weekly ORDER BY week_start, entity_id",
            {},
        ),
        ("spikes: all entities and days", "SELECT * FROM spikes WHERE is_spike", {}),
        (
            "cooccurrence: top 50 pairs",
            "SELECT * FROM cooccurrence ORDER BY articles DESC LIMIT 50",
            {},
        ),
        (
            "cooccurrence: one entity's pairs (as entity_a)",
            "SELECT * FROM cooccurrence WHERE entity_a = $e ORDER BY articles DESC",
            {"e": entity},
        ),
        ("source_coverage: all", "SELECT * FROM source_coverage", {}),
        (
            "source_coverage: one entity",
            "SELECT * FROM source_coverage WHERE entity_id = $e",
            {"e": entity},
        ),
        ("feed_health", "SELECT * FROM feed_health", {}),
    ]


def time_views(path: Path, repeat: int) -> list[tuple[str, tuple[float, float], int]]:
    """(what, median ms, rows) for every view query, on a read-only connection."""
    with db.reader(path) as con:
        last_day = con.execute("SELECT max(day) FROM int_entity_days").fetchone()[0]
        entity = con.execute(
            "SELECT entity_id FROM int_entity_days GROUP BY ALL ORDER BY sum(articles) DESC LIMIT 1"
        ).fetchone()[0]
        results = []
        for what, sql, params in view_queries(last_day, entity):
            _log(f"  {what}")
            found = con.execute(sql, params or None).fetchall()
            ms = _timed(
                lambda sql=sql, params=params: con.execute(sql, params or None).fetchall(), repeat
            )
            results.append((what, ms, len(found)))
    return results


def time_cli(path: Path, repeat: int, out_dir: Path) -> list[tuple[str, tuple[float, float], int]]:
    """(what, median ms, output lines) for the query commands, in-process (no interpreter start)."""
    import click
    from click.testing import CliRunner

    from cli.query import COMMANDS

    group = click.Group("mediawatch", commands={c.name: c for c in COMMANDS})
    runner = CliRunner()
    with db.reader(path) as con:
        entity = con.execute(
            "SELECT entity_name FROM int_entity_days JOIN stg_entities USING (entity_id)"
            " GROUP BY ALL ORDER BY sum(articles) DESC LIMIT 1"
        ).fetchone()[0]
    calls = [
        ("mediawatch trends (top entity, 90 days)", ["trends", entity]),
        (
            "mediawatch trends --weekly --days 1096",
            ["trends", entity, "--weekly", "--days", "1096"],
        ),
        ("mediawatch top (last complete week)", ["top"]),
        (
            "mediawatch sql (articles per source, last 30 days)",
            [
                "sql",
                "SELECT source_id, count(*) FROM stg_articles"
                " WHERE day > (SELECT max(day) FROM stg_articles) - 30 GROUP BY ALL",
            ],
        ),
        (
            "mediawatch export share_of_voice_weekly (parquet)",
            ["export", "share_of_voice_weekly", "--out", str(out_dir / "sov.parquet")],
        ),
        (
            "mediawatch export mentions_daily (parquet)",
            ["export", "mentions_daily", "--out", str(out_dir / "daily.parquet")],
        ),
    ]
    results = []
    for what, args in calls:
        _log(f"  {what}")

        def invoke(args: list[str] = args) -> Any:
            result = runner.invoke(group, [*args, "--db", str(path)])
            if result.exit_code != 0:
                raise RuntimeError(f"{args}: {result.output}")
            return result

        lines = len(invoke().output.splitlines())
        results.append((what, _timed(invoke, repeat), lines))
    return results


def time_refresh(path: Path, repeat: int) -> list[tuple[str, tuple[float, float], int]]:
    """What a writer session adds: the freshness check, and an incremental refresh after a batch
    of 1,000 articles (10,000 mentions) on the last day. The batch is removed again afterwards."""
    results = []
    with db.reader(path) as con:
        results.append(
            (
                "open a reader (freshness check)",
                _timed(lambda: materialize.is_current(con), repeat),
                1,
            )
        )
    con = db.connect(path)
    try:
        results.append(
            (
                "writer session, nothing changed: refresh",
                _timed(lambda: materialize.refresh(con), repeat),
                1,
            )
        )
        con.execute(
            """
            INSERT INTO articles BY NAME
            SELECT 'batch-' || i AS article_id, url || '/batch' || i AS url,
                   canonical_url || '/batch' || i AS canonical_url, source_id, title,
                   published_at + INTERVAL 1 MINUTE AS published_at, date_source, first_seen_at,
                   fetched_at, language, text, word_count, extraction_method,
                   extraction_outcome, http_status, run_id, NULL AS duplicate_of
            FROM (SELECT *, row_number() OVER () AS i
                  FROM (SELECT * FROM articles ORDER BY published_at DESC LIMIT 1000))
            """
        )
        con.execute(
            """
            INSERT INTO mentions BY NAME
            SELECT 'batch-' || (i % 1000 + 1) AS article_id,
                   'e' || lpad(CAST(i // 1000 AS VARCHAR), 3, '0') AS entity_id,
                   'x' AS surface, 1 AS mention_count, false AS in_title, false AS in_lead,
                   0 AS first_offset, 0.1 AS target_sentiment, 'ner' AS method
            FROM range(10000) AS t(i)
            """
        )
        start = time.perf_counter()
        kind = materialize.refresh(con)
        once = (time.perf_counter() - start) * 1000
        results.append((f"refresh after a batch of 1,000 articles ({kind})", (once, once), 1))
        con.execute("DELETE FROM mentions WHERE article_id LIKE 'batch-%'")
        con.execute("DELETE FROM articles WHERE article_id LIKE 'batch-%'")
        materialize.refresh(con)
    finally:
        con.close()
    return results


def _size(path: Path) -> str:
    total = sum(p.stat().st_size for p in (path, Path(f"{path}.wal")) if p.exists())
    return f"{total / 2**30:.2f} GiB" if total >= 2**30 else f"{total / 2**20:.0f} MiB"


def _print(title: str, results: list[tuple[str, tuple[float, float], int]], scale: float) -> None:
    print(f"\n{title}")
    print(
        f"{'query':62} {'median ms':>10} {'min ms':>8} {'reference':>10} {'budget':>7} {'rows':>7}"
    )
    for what, (median, fastest), count in results:
        ref = REFERENCES.get(what) if scale == 1.0 else None
        budget = f"{2 * ref:.0f}" if ref else ""
        mark = "" if ref is None else ("  ok" if median <= 2 * ref else "  OVER")
        print(
            f"{what:62} {median:10.1f} {fastest:8.1f} {'' if ref is None else f'{ref:.0f}':>10}"
            f" {budget:>7} {count:7d}{mark}"
        )


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/mediawatch-bench.duckdb"))
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1M articles, 10M mentions")
    parser.add_argument("--seed", type=int, default=20250120)
    parser.add_argument("--text-bytes", type=int, default=300, help="article text size")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--reuse", action="store_true", help="time --db as it is")
    args = parser.parse_args()
    if not args.reuse:
        _log(f"generating {args.db} at scale {args.scale:g}")
        steps = generate(args.db, args.scale, args.seed, args.text_bytes)
        print("generation (s): " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items()))
    with db.reader(args.db) as con:
        counts = con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions),"
            " (SELECT count(*) FROM int_entity_days), (SELECT count(*) FROM int_entity_weeks)"
        ).fetchone()
    print(
        f"warehouse {args.db}: {counts[0]:,} articles, {counts[1]:,} mentions;"
        f" materialized {counts[2]:,} entity-days, {counts[3]:,} entity-weeks;"
        f" file {_size(args.db)}; duckdb {duckdb.__version__}"
    )
    print(f"{os.cpu_count()} CPUs, {_load()} before timing")
    _log("timing views")
    _print("views", time_views(args.db, args.repeat), args.scale)
    _log("timing the query commands")
    _print(
        "query commands (in-process)", time_cli(args.db, args.repeat, args.db.parent), args.scale
    )
    _log("timing refreshes")
    _print("materialized tables", time_refresh(args.db, args.repeat), args.scale)
    print(f"{_load()} after timing")


if __name__ == "__main__":
    main()
