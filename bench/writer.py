"""What one DuckDB writer absorbs: articles and their mentions per second through the loader's
Arrow bulk load (`warehouse.loader.insert_articles`), batch by batch as the ingest loads them.

    .venv/bin/python bench/writer.py --articles 20000 --batch 100 --batch 1000

Synthetic rows shaped like real ones: ~5 KB article texts of varied words, a 512-byte
near-duplicate signature, 8 mentions per article with tone and an evidence sentence. Each batch
is one writer session (a new connection, one transaction), as in the flow; with `--refresh`
(the default) each also refreshes the materialized views, as the flow does after each load.
Prints articles/s, rows/s and CPU per batch, and the warehouse's size on disk.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

MENTIONS_PER_ARTICLE = 8
WORDS = [
    "market", "chip", "export", "model", "company", "government", "said", "billion", "share",
    "investors", "rules", "china", "open", "source", "training", "data", "cost", "users",
    "report", "quarter", "growth", "analysts", "court", "policy", "launch", "network",
    "security", "energy", "price", "deal", "regulators", "startup", "research", "release",
]  # fmt: skip
ENTITIES = [f"entity-{i}" for i in range(60)]


def synthetic_batch(start: int, n: int, rng: random.Random) -> tuple[list, list]:
    """n articles (ids start..start+n) with their mentions."""
    from tests.support.warehouse import article_row, mention_row

    base = datetime(2026, 1, 1, tzinfo=UTC)
    rows, mentions = [], []
    for i in range(start, start + n):
        aid = f"{i:016x}"
        text = " ".join(rng.choices(WORDS, k=800))  # ~5 KB
        rows.append(
            article_row(
                aid,
                source=f"s{i % 500}",
                published=base + timedelta(minutes=i),
                text=text,
                word_count=800,
                content_hash=f"{rng.getrandbits(64):016x}",
                minhash=rng.randbytes(512),
                title=" ".join(rng.choices(WORDS, k=9)),
            )
        )
        for entity in rng.sample(ENTITIES, MENTIONS_PER_ARTICLE):
            mention = mention_row(aid, entity, round(rng.uniform(-1, 1), 3))
            mentions.append(replace(mention, evidence=" ".join(rng.choices(WORDS, k=20))))
    return rows, mentions


def measure(articles: int, batch: int, refresh: bool, seed: int = 1) -> dict:
    from pipelines.sentiment import NEUTRAL_BAND
    from warehouse import db, loader, materialize

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="mw-writer-") as tmp:
        path = Path(tmp) / "w.duckdb"
        with db.session(path) as con:
            db.migrate(con, neutral_band=NEUTRAL_BAND)
        wall = cpu = 0.0
        slowest = 0.0
        mentions_total = 0
        for start in range(0, articles, batch):
            rows, mentions = synthetic_batch(start, min(batch, articles - start), rng)
            mentions_total += len(mentions)
            t0, c0 = time.perf_counter(), time.process_time()
            with db.session(path) as con:
                loader.insert_articles(con, rows, mentions)
                if refresh:
                    materialize.refresh(con)
            took = time.perf_counter() - t0
            wall, cpu, slowest = wall + took, cpu + time.process_time() - c0, max(slowest, took)
        size = sum(f.stat().st_size for f in Path(tmp).glob("w.duckdb*"))
    return {
        "articles": articles,
        "batch": batch,
        "refresh_views": refresh,
        "mentions": mentions_total,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "articles_per_s": round(articles / wall, 1),
        "rows_per_s": round((articles + mentions_total) / wall, 1),
        "ms_per_article": round(1000 * wall / articles, 3),
        "slowest_batch_s": round(slowest, 2),
        "file_mb": round(size / 2**20, 1),
        "kb_per_article": round(size / 1024 / articles, 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--batch", type=int, action="append", help="repeatable; default 100, 1000")
    parser.add_argument("--no-refresh", action="store_true", help="skip the views' refresh")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    results = []
    for size in args.batch or [100, 1000]:
        for _ in range(args.repeat):
            result = measure(args.articles, size, refresh=not args.no_refresh)
            results.append(result)
            print(json.dumps(result), flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
