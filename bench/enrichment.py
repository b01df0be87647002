"""Enrichment throughput: articles per second, by stage, in one process and in the worker pool.

    .venv/bin/python bench/enrichment.py [--db data/demo.duckdb] [--repeat 3] [--out FILE]

Reads stored article texts (run `make demo` first for the default warehouse), times NER,
watchlist matching and sentiment on one core, then the whole `enrich_batch` across the worker
pool the flow uses, and prints peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.workers import WorkerPool  # noqa: E402
from pipelines.dedupe import fingerprint  # noqa: E402
from pipelines.enrich import EnrichJob, enrich_batch  # noqa: E402
from pipelines.entities import article_text, find_entities_batch, match_watchlist  # noqa: E402
from pipelines.sentiment import document_sentiment, target_sentiments  # noqa: E402
from settings import load_watchlist  # noqa: E402


def _jobs(db_path: Path, repeat: int) -> list[EnrichJob]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT article_id, title, text, language FROM articles").fetchall()
    return [EnrichJob(f"{r[0]}-{k}", r[1], r[2], r[3]) for k in range(repeat) for r in rows]


def _timed(fn, *args):
    started = time.process_time()
    result = fn(*args)
    return result, time.process_time() - started


def _peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process, and of the largest finished worker, in MiB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(me, 1), round(workers, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "demo.duckdb")
    parser.add_argument("--watchlist", type=Path, default=ROOT / "config" / "watchlist.yaml")
    parser.add_argument("--repeat", type=int, default=3, help="copies of the corpus to process")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    watchlist = load_watchlist(args.watchlist)
    jobs = _jobs(args.db, args.repeat)
    english = [j for j in jobs if (j.language or "en").startswith("en")]
    fulls = [article_text(j.title, j.text) for j in english]
    words = sum(len(j.text.split()) for j in jobs) / len(jobs)
    find_entities_batch(fulls[:2])  # load the model outside the timings
    target_sentiments([(fulls[0], 0, 5)])

    ner, t_ner = _timed(find_entities_batch, fulls)
    _, t_match = _timed(lambda: [match_watchlist(t, watchlist) for t in fulls])
    targets = [(t, e.start, e.end) for t, ents in zip(fulls, ner, strict=True) for e in ents]
    _, t_target = _timed(target_sentiments, targets)
    _, t_doc = _timed(
        lambda texts: [document_sentiment(t) for t in texts], [j.text for j in english]
    )
    _, t_dedupe = _timed(lambda: [fingerprint(j.text) for j in jobs])
    _, t_total = _timed(enrich_batch, english[:200], watchlist)
    per_article_one_core = t_total / min(200, len(english))

    async def pooled() -> float:
        async with WorkerPool(args.workers) as pool:
            await pool.enrich(jobs[: args.workers * 4], watchlist)  # warm the workers' models
            started = time.perf_counter()
            await pool.enrich(jobs, watchlist)
            return time.perf_counter() - started

    wall = asyncio.run(pooled())
    n = len(english)
    result = {
        "articles": len(jobs),
        "mean_words": round(words),
        "cpu_ms_per_article": {
            "ner": round(1000 * t_ner / n, 2),
            "watchlist_matching": round(1000 * t_match / n, 3),
            "target_sentiment": round(1000 * t_target / n, 2),
            "targets_per_article": round(len(targets) / n, 1),
            "document_sentiment": round(1000 * t_doc / n, 2),
            "minhash": round(1000 * t_dedupe / len(jobs), 3),
            "enrich_batch_total": round(1000 * per_article_one_core, 2),
        },
        "workers": args.workers,
        "articles_per_second_pool": round(len(jobs) / wall, 1),
        "articles_per_second_one_core": round(1 / per_article_one_core, 1),
        "peak_rss_mb_main_and_largest_worker": _peak_rss_mb(),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
