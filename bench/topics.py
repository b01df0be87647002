"""Topic matching cost: 100 topic queries against ~700-word synthetic news articles, one core.

    .venv/bin/python bench/topics.py [--articles 2000] [--topics 100] [--out FILE]

Articles come from bench/search_engines.py's seeded generator (the news grammar of bench/corpus.py
mixed with Zipf filler). Topics are generated from templates over the names that grammar uses:
OR-groups, phrases, wildcards, NEAR/ONEAR, NOT, title:, lang:. Prints CPU microseconds per
article for: tokenising and indexing alone; matching all topics (anchors prefilter, as the
stage runs); and matching all topics without the prefilter (each topic evaluated).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import OTHER_ORGS, PLACES, PRODUCTS, WATCHLIST_NAMES  # noqa: E402
from search_engines import articles  # noqa: E402

from pipelines.topics import Topic, TopicDocument, TopicMatcher, parse_topic_query  # noqa: E402
from pipelines.topics.matcher import DocumentIndex, evidence, matches  # noqa: E402

WORDS = (650, 750)
TEMPLATES = [
    '({a} OR "{b}") AND (chip* OR "export control*") NOT stock*',
    "{a} NEAR/5 (ban OR sanctions)",
    "title:{a}",
    '{a} AND "{b}"',
    "{a} ONEAR/3 shares",
    "({a} OR {b} OR {c}) AND NOT (rumour* OR opinion)",
    "lang:de AND ({a} OR {b})",
    '{a} AND (price* OR valuation OR "market share")',
    "{a} NEAR/10 {b}",
    "title:({a} OR {b}) AND {c}",
]


def topics(count: int, seed: int = 7) -> list[Topic]:
    """`count` topics from TEMPLATES over the names the article grammar uses."""
    r = random.Random(seed)
    names = WATCHLIST_NAMES + OTHER_ORGS + PRODUCTS + PLACES
    out = []
    for i in range(count):
        a, b, c = (n.removeprefix("the ") for n in r.sample(names, 3))
        text = TEMPLATES[i % len(TEMPLATES)].format(a=_quoted(a), b=b, c=_quoted(c))
        out.append(Topic(f"topic-{i}", text, parse_topic_query(text)))
    return out


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


def documents(count: int) -> list[TopicDocument]:
    out = []
    for batch in articles(0, count, seed=99, words=WORDS):
        for row in batch.to_pylist():
            out.append(TopicDocument(row["title"], row["text"], row["source"], row["language"]))
    return out


def _per_article_us(
    fn: Callable[[TopicDocument], object], docs: list[TopicDocument], repeat: int
) -> float:
    """Best of `repeat` CPU-time passes over `docs`, in microseconds per article."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            fn(doc)
        best = min(best, time.process_time() - started)
    return round(best / len(docs) * 1e6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--topics", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    docs, chosen = documents(args.articles), topics(args.topics)
    matcher = TopicMatcher(chosen)
    hits = [len(matcher.match(d)) for d in docs]

    def unfiltered(doc: TopicDocument) -> None:
        index = DocumentIndex(doc)
        for topic in chosen:
            if matches(topic.query, index):
                evidence(topic.query, index)

    result = {
        "articles": len(docs),
        "avg_words": round(statistics.mean(len(d.text.split()) for d in docs)),
        "topics": len(chosen),
        "index_only_us": _per_article_us(DocumentIndex, docs, args.repeat),
        "match_us": _per_article_us(matcher.match, docs, args.repeat),
        "match_without_prefilter_us": _per_article_us(unfiltered, docs, args.repeat),
        "avg_candidates": round(
            statistics.mean(len(matcher.candidates(DocumentIndex(d))) for d in docs), 1
        ),
        "avg_hits": round(statistics.mean(hits), 2),
    }
    print(json.dumps(result))
    if args.out:
        with args.out.open("a") as out:
            out.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
