"""Enrichment cost by stage, per article, on real pages or stored articles, for each tone mode.

    .venv/bin/python bench/enrichment.py --pages ../shared/data/extraction-dev/pages
    .venv/bin/python bench/enrichment.py --db data/demo.duckdb --modes tiered linear

Real pages are extracted first (trafilatura, as the ingest does); the enrichment then runs in
this process, one core, warm models, and each stage is timed apart in CPU time: NER, watchlist
matching, entity resolution, tone (by mode: which targets the encoder scores), the evidence
sentences and document tone. `enrich_batch` itself is timed as a whole too. English articles
(the ones NER and tone run on) are reported apart from the rest.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from pipelines.enrich import (
    MAX_SCORED_MENTIONS,
    EnrichJob,
    ToneMode,
    _wants_model,
    enrich_batch,
    nlp_supported,
)
from pipelines.entities import article_text, find_entities_batch, match_watchlist, resolve_entities
from pipelines.extract import extract_article
from pipelines.sentences import split_sentences
from pipelines.sentiment import document_sentiment, tiered_target_sentiments
from settings import load_watchlist

ROOT = Path(__file__).resolve().parents[1]


def page_jobs(pages: Path, limit: int | None) -> list[EnrichJob]:
    """Real pages, extracted as the ingest extracts them; pages with no text are left out."""
    jobs = []
    for path in sorted(pages.glob("*.html.gz"))[:limit]:
        article = extract_article(gzip.decompress(path.read_bytes()), f"https://{path.stem}/")
        if article is not None and article.text.strip():
            jobs.append(EnrichJob(path.stem, article.title, article.text, article.language))
    return jobs


def stored_jobs(db: Path) -> list[EnrichJob]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT article_id, title, text, language FROM articles").fetchall()
    return [EnrichJob(*row) for row in rows]


def cpu(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.process_time()
    value = fn()
    return value, 1000 * (time.process_time() - started)


def stages(jobs: list[EnrichJob], watchlist: Any, mode: ToneMode) -> dict[str, Any]:
    """CPU ms per article of each enrichment stage on English articles."""
    n = len(jobs)
    fulls = [article_text(j.title, j.text) for j in jobs]
    spans, t_ner = cpu(lambda: find_entities_batch(fulls))
    found, t_match = cpu(lambda: [match_watchlist(f, watchlist) for f in fulls])
    resolved, t_resolve = cpu(
        lambda: [
            resolve_entities(f, s, watchlist, m)
            for f, s, m in zip(fulls, spans, found, strict=True)
        ]
    )
    targets, flags = [], []
    for full, entities in zip(fulls, resolved, strict=True):
        for entity in entities:
            wanted = _wants_model(entity, mode, 2)
            for start, end, _ in entity.mentions[:MAX_SCORED_MENTIONS]:
                targets.append((full, start, end))
                flags.append(wanted)
    splits: dict[str, list[tuple[int, int]]] = {}
    _, t_tone = cpu(lambda: tiered_target_sentiments(targets, flags, splits=splits))
    _, t_split = cpu(lambda: [split_sentences(f) for f in fulls])
    _, t_doc = cpu(lambda: [document_sentiment(j.text) for j in jobs])
    _, t_total = cpu(lambda: enrich_batch(jobs, watchlist, mode))
    return {
        "articles": n,
        "mean_words": round(sum(len(j.text.split()) for j in jobs) / n),
        "targets_per_article": round(len(targets) / n, 1),
        "encoder_targets_per_article": round(sum(flags) / n, 1),
        "cpu_ms_per_article": {
            "ner": round(t_ner / n, 1),
            "watchlist_matching": round(t_match / n, 1),
            "entity_resolution": round(t_resolve / n, 1),
            "tone": round(t_tone / n, 1),
            "sentence_split_once": round(t_split / n, 1),
            "document_tone": round(t_doc / n, 1),
            "enrich_batch_total": round(t_total / n, 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pages", type=Path, help="a folder of real pages (*.html.gz)")
    source.add_argument("--db", type=Path, help="a warehouse: its stored article texts")
    parser.add_argument("--limit", type=int, help="at most this many pages")
    parser.add_argument("--watchlist", type=Path, default=ROOT / "config" / "watchlist.yaml")
    parser.add_argument("--modes", nargs="+", default=[m.value for m in ToneMode])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    watchlist = load_watchlist(args.watchlist)
    jobs, t_extract = cpu(lambda: page_jobs(args.pages, args.limit) if args.pages else None)
    jobs = jobs or stored_jobs(args.db)
    english = [j for j in jobs if nlp_supported(j.language)]
    other = [j for j in jobs if not nlp_supported(j.language)]
    enrich_batch(english[:2], watchlist, ToneMode.ENCODER)  # load spaCy and both tone models
    result: dict[str, Any] = {
        "articles": len(jobs),
        "english": len(english),
        "extract_cpu_ms_per_page": round(t_extract / len(jobs), 1) if args.pages else None,
        "other_languages_cpu_ms_per_article": round(
            cpu(lambda: enrich_batch(other, watchlist))[1] / max(1, len(other)), 1
        ),
        "english_by_mode": {
            mode: stages(english, watchlist, ToneMode(mode)) for mode in args.modes
        },
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
