"""Run the per-article CPU path over real pages (extraction-dev); every exception, by stage.

    .venv/bin/python bench/robustness.py --limit 50 --out bench/results/robustness.json

Each page goes through extraction (`build_article`, `selection.article_row`) and enrichment
(`enrich_batch`, one article per call), each stage caught on its own; when enrichment fails, its
sub-stages run one by one to name the failing one. Then the real worker call, `process_articles`,
runs in batches of 50 as the ingest does. Errors these calls catch and return as values
(`Enrichment.error`, `ProcessedArticle.failure`) count too. Pages slower than SLOW_S seconds or
growing the process by more than HUGE_MB are listed. Never imported by tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import resource
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import psutil
from extraction import load_set  # bench/ is on sys.path when this runs as a script

from pipelines import enrich, selection
from pipelines.articles import ArticleJob, process_articles, warm_up
from pipelines.entities import article_text, find_entities_batch, match_watchlist, resolve_entities
from pipelines.extract import build_article
from pipelines.records import FeedItem, FetchResult, FetchStatus, Watchlist
from pipelines.sentiment import document_sentiment, tiered_target_sentiments
from pipelines.urls import article_id, canonicalize_url
from settings import load_watchlist

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = REPO_ROOT.parent / "shared" / "data" / "extraction-dev" / "pages"
WATCHLIST = REPO_ROOT / "config" / "watchlist.yaml"
BATCH_SIZE = 50  # what the ingest hands a worker
SLOW_S = 5.0
HUGE_MB = 500.0
MB = 1024 * 1024
_T = TypeVar("_T")


@dataclass
class Failures:
    """stage -> exception class -> count, first pages, first message and where it was raised."""

    by_stage: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def run(self, stage: str, page: str, fn: Callable[..., _T], *args: Any, **kw: Any) -> _T | None:
        """fn(*args, **kw), or None with its exception recorded under `stage`."""
        try:
            return fn(*args, **kw)
        except Exception as exc:  # every exception is a finding here, none may stop the run
            self.add(stage, page, type(exc).__name__, str(exc), _where(exc))
            return None

    def add(self, stage: str, page: str, name: str, message: str | None, where: str) -> None:
        entry = self.by_stage.setdefault(stage, {}).setdefault(
            name, {"count": 0, "pages": [], "message": (message or "")[:300], "where": where}
        )
        entry["count"] += 1
        if len(entry["pages"]) < 3:
            entry["pages"].append(page)


def _where(exc: BaseException) -> str:
    """The innermost frame of ours, and of the library beneath it if the error came from there."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    ours = [f for f in frames if "/pipelines/" in f.filename] or frames
    where = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in (ours[-1], frames[-1])]
    return where[0] if where[0] == where[1] else " <- ".join(reversed(where))


class RssPeak:
    """High-water RSS of this process, sampled every 20 ms by a daemon thread."""

    def __init__(self) -> None:
        self._process = psutil.Process()
        self.peak = 0
        threading.Thread(target=self._sample, daemon=True).start()

    def reset(self) -> int:
        self.peak = self._process.memory_info().rss
        return self.peak

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self._process.memory_info().rss)
            time.sleep(0.02)


def load_pages(pages: Path, limit: int | None) -> list[tuple[str, Path]]:
    """(url, file) of each page in the folder; URLs from the evaldata.json beside it, if any."""
    urls: dict[str, str] = {}
    if (pages.parent / "evaldata.json").is_file():
        urls = {Path(path).name: url for url, path, _ in load_set(pages.parent, None)}
    files = sorted(pages.glob("*.html.gz"))[: limit or None]
    return [(urls.get(f.name, f"https://example.invalid/{f.name[:-8]}"), f) for f in files]


def article_job(url: str, html: bytes, now: datetime) -> ArticleJob:
    """The job the ingest would build for this page: a bare feed item, a 200 text/html fetch."""
    item = FeedItem("https://example.invalid/feed.xml", url, url, title="")
    candidate = selection.Candidate(article_id(url), canonicalize_url(url), "bench", item)
    page = FetchResult(url, FetchStatus.OK, url, 200, html, "text/html")
    return ArticleJob(candidate, page, "bench", now)


def check_page(url: str, path: Path, watchlist: Watchlist, failures: Failures) -> dict[str, Any]:
    """Extraction and enrichment of one page, stage by stage; timings in seconds."""
    page, start = path.name, time.perf_counter()
    job = article_job(url, gzip.decompress(path.read_bytes()), datetime.now(UTC))
    item, fetched, now = job.candidate.item, job.page, job.first_seen
    result = failures.run(
        "extract", page, build_article, item, fetched.content, url, now, now=now,
        content_type=fetched.content_type, charset=fetched.charset,
    )  # fmt: skip
    row = None
    if result is not None:
        row = failures.run(
            "article_row", page, selection.article_row, job.candidate, fetched, result,
            run_id=job.run_id, first_seen=now,
        )  # fmt: skip
    extracted = time.perf_counter()
    if row is not None:
        job = enrich.EnrichJob(row["article_id"], row["title"], row["text"], row["language"])
        done = failures.run("enrich", page, enrich.enrich_batch, [job], watchlist)
        if error := done and getattr(done[0], "error", None):  # caught by enrich_batch itself
            name, _, message = error.partition(": ")
            failures.add("enrich", page, name, message, "returned by enrich_batch")
        if not done or error:
            diagnose(job, watchlist, failures, page)
    end = time.perf_counter()
    return {
        "page": page, "url": url, "s": round(end - start, 2),
        "extract_s": round(extracted - start, 2), "enrich_s": round(end - extracted, 2),
        "html_kb": len(fetched.content) // 1024, "text_chars": len(row["text"]) if row else 0,
    }  # fmt: skip


def diagnose(job: enrich.EnrichJob, watchlist: Watchlist, failures: Failures, page: str) -> None:
    """Run enrich_batch's sub-stages one at a time, each failure under its own stage name."""
    full, english = article_text(job.title, job.text), enrich.nlp_supported(job.language)
    stage = "enrich.find_entities_batch"
    spans = failures.run(stage, page, find_entities_batch, [full]) if english else [[]]
    mentions = failures.run("enrich.match_watchlist", page, match_watchlist, full, watchlist)
    if spans is None or mentions is None:
        return
    resolved = failures.run(
        "enrich.resolve_entities", page, resolve_entities, full, spans[0], watchlist, mentions
    )
    if english and resolved is not None:
        targets, flags = [], []
        for entity in resolved:
            wanted = entity.source == "watchlist" or (
                entity.type in enrich.MODEL_TYPES
                and len(entity.mentions) >= enrich.MODEL_MIN_MENTIONS
            )
            for start, end, _ in entity.mentions[: enrich.MAX_SCORED_MENTIONS]:
                targets.append((full, start, end))
                flags.append(wanted)
        stage = "enrich.tiered_target_sentiments"
        failures.run(stage, page, tiered_target_sentiments, targets, flags)
    if english:
        failures.run("enrich.document_sentiment", page, document_sentiment, job.text)


def check_batches(
    pages: Sequence[tuple[str, Path]], watchlist: Watchlist, failures: Failures
) -> Counter[str]:
    """The real worker call over the set, BATCH_SIZE pages at a time; extraction outcomes."""
    outcomes: Counter[str] = Counter()
    for i in range(0, len(pages), BATCH_SIZE):
        chunk = pages[i : i + BATCH_SIZE]
        now = datetime.now(UTC)
        jobs = [article_job(url, gzip.decompress(path.read_bytes()), now) for url, path in chunk]
        label = f"batch {i // BATCH_SIZE} ({chunk[0][1].name} .. {chunk[-1][1].name})"
        done = failures.run("process_articles", label, process_articles, jobs, watchlist)
        for (_, path), article in zip(chunk, done or (), strict=False):
            outcomes[str(article.outcome)] += 1
            failure = getattr(article, "failure", None)  # extraction exceptions are retried
            if failure is not None and (failure.stage != "extract" or failure.retry):
                stage = f"process_articles.{failure.stage}"
                failures.add(stage, path.name, failure.error, failure.message, "returned")
        print(f"  batch {i // BATCH_SIZE}: {'ok' if done else 'raised'}", file=sys.stderr)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of *.html.gz")
    parser.add_argument("--limit", type=int, help="first N pages only (quick checks)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    pages = load_pages(args.pages, args.limit)
    if not pages:
        parser.error(f"no *.html.gz pages in {args.pages}: pass --pages PATH/TO/pages")
    watchlist = load_watchlist(WATCHLIST)
    logging.disable(logging.WARNING)  # trafilatura warns on many pages; we count exceptions
    warm_up(watchlist)
    failures, rss, rows = Failures(), RssPeak(), []
    start, cpu = time.perf_counter(), time.process_time()
    for n, (url, path) in enumerate(pages, 1):
        base = rss.reset()
        row = check_page(url, path, watchlist, failures)
        rows.append({**row, "rss_growth_mb": round((rss.peak - base) / MB, 1)})
        if n % 50 == 0:
            print(f"  {n}/{len(pages)} pages", file=sys.stderr)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    batch_start = time.perf_counter()
    outcomes = check_batches(pages, watchlist, failures)
    batch_wall = time.perf_counter() - batch_start
    report = {
        "pages": len(pages),
        "pages_dir": str(args.pages),
        "per_page": _speed(len(pages), wall, cpu_s=round(cpu, 1)),
        "process_articles": _speed(len(pages), batch_wall, outcomes=dict(outcomes)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "exceptions": failures.by_stage,
        "slow_pages": sorted((r for r in rows if r["s"] > SLOW_S), key=lambda r: -r["s"]),
        "huge_pages": [r for r in rows if r["rss_growth_mb"] > HUGE_MB],
        "slowest": sorted(rows, key=lambda r: -r["s"])[:5],
        "hungriest": sorted(rows, key=lambda r: -r["rss_growth_mb"])[:5],
    }
    print_report(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def _speed(pages: int, wall: float, **extra: Any) -> dict[str, Any]:
    return {"wall_s": round(wall, 1), "pages_per_s": round(pages / wall, 2), **extra}


def print_report(report: dict[str, Any]) -> None:
    per_page, batches = report["per_page"], report["process_articles"]
    print(f"pages processed: {report['pages']}  peak RSS: {report['peak_rss_mb']} MB")
    print(f"per page:  {per_page['pages_per_s']} pages/s ({per_page['wall_s']} s wall)")
    print(f"batches:   {batches['pages_per_s']} pages/s ({batches['wall_s']} s wall)")
    print(f"outcomes:  {batches['outcomes']}")
    for stage, classes in report["exceptions"].items():
        for name, e in classes.items():
            print(f"{stage:34} {name:20} {e['count']:4d}  {e['where']}")
            print(f"    {e['message'][:120]!r}  e.g. {', '.join(e['pages'])}")
    for key, unit in (("slow_pages", f"> {SLOW_S} s"), ("huge_pages", f"> {HUGE_MB} MB")):
        print(f"{key} ({unit}): {len(report[key])}")
        for r in report[key]:
            print(f"    {r['page']} {r['s']} s (extract {r['extract_s']}, enrich "
                  f"{r['enrich_s']}) {r['html_kb']} kB html, +{r['rss_growth_mb']} MB")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
