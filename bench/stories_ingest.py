"""Measure what event stories cost inside the ingest, with the warehouse the ingest writes.

    .venv/bin/python bench/stories_ingest.py --scales 1000,100000 --out stories-ingest.json

For each scale N: a warehouse holding N stored articles, each the start of a story still open at
the run's as_of (synthetic Zipf words and entities, as bench/stories.py's cost at scale), with
their links, stories and vectors. Then, as a run does:
(a) run start: `flows.stories.open_story_index` (drop closed vectors, read the open stories,
    rebuild the index): wall seconds;
(b) per batch of `--batch` new articles (half follow an open story): `place_batch` in the flow
    process (warehouse look-up of closed originals, assignment, rows): CPU ms per article;
(c) the load: `loader.insert_articles` with the batch's links and vectors against the same load
    without them (alternate batches): wall ms per article, the difference being what stories add
    (links inserted, touched stories recomputed from all their articles, vectors upserted).

Measured (2 shared cores, load ~4; batches of 100, medians of 10):
    stored = open   resume   place (CPU)      load with / without stories   file
      1,000         0.1 s    0.96 ms/article  0.48 / 0.20 ms/article         15 MB
     10,000         0.7 s    1.40 ms/article  0.47 / 0.20 ms/article         35 MB
    100,000         9.9 s    2.06 ms/article  0.82 / 0.25 ms/article        221 MB
So at 100,000 open stories a batch pays ~2.6 ms per article for its stories (2.1 CPU to place,
0.6 more to load), once per run ~10 s to resume them. On the demo corpus (a fresh warehouse) the
run summary's stories_cpu_ms is 89 ms for 230 articles (0.4 ms each).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # the repository first, whatever the current directory

from stories import synthetic_stories  # noqa: E402  (bench/stories.py, beside this file)

from flows.stories import open_story_index, place_batch  # noqa: E402
from pipelines.stories import StoryConfig  # noqa: E402
from warehouse import db, loader  # noqa: E402
from warehouse.rows import (  # noqa: E402
    ArticleRow,
    MentionRow,
    SourceRow,
    StoryLinkRow,
    StoryVectorRow,
)

SOURCES = 20


def article(aid: str, words: list[str], when: datetime, source: int) -> ArticleRow:
    """A stored article of synthetic words: the title its first 8, the text the rest."""
    text = " ".join(words[8:] * 3)
    return ArticleRow(
        aid, f"https://s{source}.example/{aid}", f"https://s{source}.example/{aid}", None,
        f"s{source}", None, " ".join(words[:8]), None, when, "feed", None, when, when, "en", None,
        text, len(text.split()), "page", "full", None, 200, "bench", 0.0, "done", "bench",
    )  # fmt: skip


def mentions(aid: str, entities: tuple[str, ...]) -> list[MentionRow]:
    return [MentionRow(aid, e, e, 1, True, True, 0, 0.0, None, "ner") for e in entities]


def build(path: Path, n: int, now: datetime, rng: random.Random, config: StoryConfig):
    """A warehouse of n stored articles, each an open story with its vectors; returns the
    synthetic topics and samplers for new articles."""
    rows, topics, word, entity = synthetic_stories(n, now, rng, config)
    with db.session(path) as con:
        db.migrate(con)
        loader.upsert_sources(
            con,
            [SourceRow(f"s{i}", f"Source {i}", f"https://s{i}.example/feed", None, (), "en",
                       None, now) for i in range(SOURCES)],
        )  # fmt: skip
        for start in range(0, n, 10_000):
            part = range(start, min(start + 10_000, n))
            arts = [article(rows[i].story_id, topics[i][0], rows[i].last_seen, i % SOURCES)
                    for i in part]  # fmt: skip
            found = [m for i in part for m in mentions(rows[i].story_id, topics[i][1])]
            links = [StoryLinkRow(rows[i].story_id, rows[i].story_id, "start", None) for i in part]
            vectors = [StoryVectorRow(rows[i].story_id, rows[i].terms, rows[i].entity_ids,
                                      rows[i].entity_counts, now) for i in part]  # fmt: skip
            loader.insert_articles(con, arts, found, links=links, vectors=vectors)
    return topics, word, entity


def new_batch(k: int, size: int, now: datetime, rng: random.Random, topics, word, entity):
    """`size` new articles after `now`; every other one follows an open story."""
    arts, found = [], []
    for j in range(size):
        aid = f"new{k:04d}-{j:04d}"
        if j % 2 == 0:
            words, ents = topics[rng.randrange(len(topics))]
            words = rng.sample(words, 24) + [f"w{x}x" for x in word(16)]
        else:
            words, ents = [f"w{x}x" for x in word(40)], tuple(f"e{x}" for x in entity(3))
        when = now + timedelta(seconds=k * size + j)
        arts.append(article(aid, words, when, rng.randrange(SOURCES)))
        found += mentions(aid, tuple(sorted(set(ents))))
    return arts, found


def measure(n: int, batches: int, size: int, seed: int = 5) -> dict:
    config, rng = StoryConfig(), random.Random(seed)
    now = datetime(2025, 3, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.duckdb"
        t0 = time.perf_counter()
        topics, word, entity = build(path, n, now, rng, config)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = open_story_index(path, now)
        resume = time.perf_counter() - t0
        resumed = len(index)
        place_ms, with_ms, without_ms = [], [], []
        for k in range(2 * batches):
            arts, found = new_batch(k, size, now, rng, topics, word, entity)
            with db.session(path) as con:
                if k % 2:  # the same load without stories, for comparison
                    t0 = time.perf_counter()
                    loader.insert_articles(con, arts, found)
                    without_ms.append(1000 * (time.perf_counter() - t0) / size)
                    continue
                t0 = time.thread_time()
                placed = place_batch(con, index, arts, found)
                place_ms.append(1000 * (time.thread_time() - t0) / size)
                t0 = time.perf_counter()
                loader.insert_articles(con, arts, found, links=placed.links, vectors=placed.vectors)
                with_ms.append(1000 * (time.perf_counter() - t0) / size)
        size_mb = path.stat().st_size / 2**20
    return {
        "stored_articles": n, "open_stories": resumed, "batch": size, "batches": batches,
        "build_s": built, "resume_s": resume,
        "place_cpu_ms_per_article": statistics.median(place_ms),
        "load_with_stories_ms_per_article": statistics.median(with_ms),
        "load_without_stories_ms_per_article": statistics.median(without_ms),
        "file_mb": size_mb,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="1000,100000")
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = []
    for n in (int(x) for x in args.scales.split(",") if x):
        report.append(row := measure(n, args.batches, args.batch))
        print(f"{n:>7} stored, {row['open_stories']} open: resume {row['resume_s']:.1f} s; "
              f"place {row['place_cpu_ms_per_article']:.2f} ms CPU/article; load "
              f"{row['load_with_stories_ms_per_article']:.2f} ms/article with stories, "
              f"{row['load_without_stories_ms_per_article']:.2f} without "
              f"(build {row['build_s']:.0f} s, file {row['file_mb']:.0f} MB)")  # fmt: skip
    if args.out:
        args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
