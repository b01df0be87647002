"""Measure article extraction on the trafilatura evaluation set (extraction-dev).

    .venv/bin/python bench/extraction.py                  # our extract_article (DEFAULT_OPTIONS)
    .venv/bin/python bench/extraction.py --all --out bench/results/extraction.json
    .venv/bin/python bench/extraction.py --config precision --config recall --limit 200

Scoring as in trafilatura's tests/eval_common.py: every `with` segment found in the text is a true
positive, missing a false negative; every `without` segment found is a false positive, absent a true
negative. Matching is a case-sensitive substring test after whitespace normalisation (runs of
whitespace become one space) of both text and segment. Records without a page are skipped. A page
with no output, or an exception, counts as a miss of every segment.

Metadata is checked too where the set has it: date (UTC calendar date equals the gold date, and
within one day, since a page's local date can differ from its UTC date), title and author (equal
after whitespace normalisation).

Timing is wall clock for the whole set on `--jobs` processes (pages/s), and per page inside the
worker both wall (ms/pg) and CPU time (cpu ms: less sensitive to other load on the machine). Peak
RSS is the largest worker's ru_maxrss. On a shared machine wall timings vary by 2x between runs;
compare configurations by CPU time, in the same run.

This script is never imported by tests and `make test` does not depend on the data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import multiprocessing
import platform
import re
import resource
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipelines.extract import DEFAULT_OPTIONS, ExtractOptions, extract_article
from pipelines.language import declared_language, detect_language

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "extraction-dev"

# "trafilatura_eval" is trafilatura's own benchmark call (extract() on the bytes, no URL, no
# metadata): the reference our wrapper must match or beat.
REFERENCE = "trafilatura_eval"
CONFIGS: dict[str, ExtractOptions | None] = {
    REFERENCE: None,
    "default": DEFAULT_OPTIONS,
    "precision": ExtractOptions(favor_precision=True),
    "recall": ExtractOptions(favor_recall=True),
    "fast": ExtractOptions(fast=True),
    "fast_precision": ExtractOptions(fast=True, favor_precision=True),
    "fast_recall": ExtractOptions(fast=True, favor_recall=True),
    "no_tables": replace(DEFAULT_OPTIONS, include_tables=False),
    "dedup": replace(DEFAULT_OPTIONS, deduplicate=True),
    "comments_separated": replace(DEFAULT_OPTIONS, include_comments=True),
    "trafilatura_decoder": replace(DEFAULT_OPTIONS, declared_charset=False),
    "no_extensive_date": replace(DEFAULT_OPTIONS, extensive_date_search=False),
}

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    pages: int = 0
    empty: int = 0
    errors: int = 0
    ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    date_gold: int = 0
    date_exact: int = 0
    date_1d: int = 0
    title_gold: int = 0
    title_ok: int = 0
    author_gold: int = 0
    author_ok: int = 0
    lang_found: int = 0
    lang_both: int = 0  # pages with a detected and a declared language
    lang_agree: int = 0
    max_rss_kb: int = 0
    per_page: dict[str, list[int]] = field(default_factory=dict)

    def add(self, row: dict[str, Any]) -> None:
        self.per_page[row.pop("url")] = [row["tp"], row["fn"], row["fp"], row["tn"]]
        for key, value in row.items():
            if key in ("ms", "cpu_ms"):
                getattr(self, key).append(value)
            elif key == "max_rss_kb":
                self.max_rss_kb = max(self.max_rss_kb, value)
            else:
                setattr(self, key, getattr(self, key) + value)

    def summary(self, wall_s: float, per_page: bool = False) -> dict[str, Any]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(2 * self.tp / (2 * self.tp + self.fp + self.fn), 4) if total else 0.0,
            "accuracy": round((self.tp + self.tn) / total, 4) if total else 0.0,
            "counts": {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn},
            "pages": self.pages,
            "empty": self.empty,
            "errors": self.errors,
            "wall_s": round(wall_s, 1),
            "pages_per_s": round(self.pages / wall_s, 2) if wall_s else 0.0,
            "ms_per_page_mean": round(statistics.fmean(self.ms), 1) if self.ms else 0.0,
            "ms_per_page_p50": round(statistics.median(self.ms), 1) if self.ms else 0.0,
            "ms_per_page_p95": round(statistics.quantiles(self.ms, n=20)[-1], 1)
            if len(self.ms) > 20
            else 0.0,
            # CPU time is what the extraction costs; wall time also counts waiting for the CPU
            "cpu_ms_per_page_mean": round(statistics.fmean(self.cpu_ms), 1) if self.cpu_ms else 0.0,
            "peak_rss_mb": round(self.max_rss_kb / 1024, 1),
            "date_acc": _share(self.date_exact, self.date_gold),
            "date_acc_1d": _share(self.date_1d, self.date_gold),
            "title_acc": _share(self.title_ok, self.title_gold),
            "author_acc": _share(self.author_ok, self.author_gold),
            "language_found": _share(self.lang_found, self.pages),
            "language_agrees_with_declared": _share(self.lang_agree, self.lang_both),
            **({"per_page_tp_fn_fp_tn": dict(sorted(self.per_page.items()))} if per_page else {}),
        }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def load_set(data: Path, limit: int | None) -> list[tuple[str, str, dict[str, Any]]]:
    """(url, page path, record) for every record whose page exists, in file order."""
    records = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    tasks = []
    for url, record in records.items():
        path = data / "pages" / f"{record['file']}.gz"
        if path.is_file():
            tasks.append((url, str(path), record))
    return tasks[:limit] if limit else tasks


def _warm_up() -> None:
    """Quiet trafilatura's per-page warnings; pay imports and set-up before timing (per worker)."""
    logging.disable(logging.WARNING)
    extract_article(
        b"<html><body><p>" + b"Warm up text. " * 50 + b"</p></body></html>", "http://x/"
    )


def run_page(task: tuple[str, str, str, dict[str, Any]]) -> dict[str, Any]:
    """Extract one page with one configuration and score it."""
    config, url, path, record = task
    html = gzip.decompress(Path(path).read_bytes())
    options = CONFIGS[config]
    row: dict[str, Any] = {"pages": 1, "url": url}
    article = None
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        if options is None:
            from trafilatura import extract

            text = extract(
                html, include_comments=False, include_tables=True, include_formatting=False
            )
        else:
            article = extract_article(html, url, options=options)
            text = article.text if article else None
    except Exception:  # a crash is scored as a full miss, as in trafilatura's eval
        text, row["errors"] = None, 1
    row["ms"] = (time.perf_counter() - start) * 1000
    row["cpu_ms"] = (time.process_time() - cpu_start) * 1000
    found = norm(text) if text else ""
    row["empty"] = int(not found)
    row["tp"] = sum(norm(s) in found for s in record["with"]) if found else 0
    row["fn"] = len(record["with"]) - row["tp"]
    row["fp"] = sum(norm(s) in found for s in record["without"]) if found else 0
    row["tn"] = len(record["without"]) - row["fp"]
    if options is not None:
        row.update(_score_metadata(article, record, html))
    row["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return row


def _score_metadata(article: Any, record: dict[str, Any], html: bytes) -> dict[str, int]:
    row: dict[str, int] = {}
    gold = _gold_date(record.get("date"))
    if gold:
        found = article.published_at.date() if article and article.published_at else None
        row["date_gold"] = 1
        row["date_exact"] = int(found == gold)
        row["date_1d"] = int(found is not None and abs(found - gold) <= timedelta(days=1))
    for key in ("title", "author"):
        gold = record.get(key)
        if gold:
            gold = "; ".join(gold) if isinstance(gold, list) else gold  # trafilatura's separator
            value = getattr(article, key) if article else None
            row[f"{key}_gold"] = 1
            row[f"{key}_ok"] = int(value is not None and norm(value) == norm(gold))
    if article and article.language:
        row["lang_found"] = 1
        declared = declared_language(html)
        detected = detect_language(article.text)
        if declared and detected:
            row["lang_both"] = 1
            row["lang_agree"] = int(declared == detected)
    return row


def _gold_date(value: str | None) -> date | None:
    """The set's dates, tolerating its four typos ("2022-01.26", "2022-29-11", "2022-11-1")."""
    parts = re.fullmatch(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", (value or "").strip())
    if not parts:
        return None
    year, month, day = map(int, parts.groups())
    month, day = (day, month) if month > 12 else (month, day)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def run_config(config: str, tasks: list, jobs: int, per_page: bool = False) -> dict[str, Any]:
    tally = Tally()
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes=jobs, initializer=_warm_up) as pool:
        start = time.perf_counter()
        for row in pool.imap_unordered(run_page, [(config, *t) for t in tasks], chunksize=4):
            tally.add(row)
        wall = time.perf_counter() - start
    return tally.summary(wall, per_page)


# (header, result key, cell format); None values print as "-"
COLUMNS = (
    ("P", "precision", "{:6.3f}"),
    ("R", "recall", "{:6.3f}"),
    ("F1", "f1", "{:6.3f}"),
    ("acc", "accuracy", "{:6.3f}"),
    ("empty", "empty", "{:5d}"),
    ("pg/s", "pages_per_s", "{:6.1f}"),
    ("ms/pg", "ms_per_page_mean", "{:6.1f}"),
    ("cpu ms", "cpu_ms_per_page_mean", "{:6.1f}"),
    ("RSS MB", "peak_rss_mb", "{:7.1f}"),
    ("date", "date_acc", "{:6.3f}"),
    ("title", "title_acc", "{:6.3f}"),
    ("author", "author_acc", "{:6.3f}"),
    ("lang=decl", "language_agrees_with_declared", "{:9.3f}"),
)


def print_table(results: dict[str, dict[str, Any]]) -> None:
    widths = [len(fmt.format(0.0 if "d" not in fmt else 0)) for _, _, fmt in COLUMNS]
    head = f"{'config':<20}" + "".join(
        f" {title:>{w}}" for (title, _, _), w in zip(COLUMNS, widths, strict=True)
    )
    print(head)
    print("-" * len(head))
    for name, result in results.items():
        cells = (
            fmt.format(result[key]) if result[key] is not None else "-".rjust(w)
            for (_, key, fmt), w in zip(COLUMNS, widths, strict=True)
        )
        print(f"{name:<20} " + " ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction-dev folder")
    parser.add_argument("--config", action="append", choices=list(CONFIGS), help="repeatable")
    parser.add_argument("--all", action="store_true", help="every named configuration")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--limit", type=int, help="first N pages only (quick checks)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--per-page", action="store_true", help="add per-page counts to --out")
    parser.add_argument(
        "--min-f1", type=float, help="exit 1 when the default configuration scores below this"
    )
    args = parser.parse_args(argv)
    if not (args.data / "evaldata.json").is_file():
        parser.error(f"no evaldata.json in {args.data}: pass --data PATH/TO/extraction-dev")
    configs = list(CONFIGS) if args.all else args.config or ["default"]
    tasks = load_set(args.data, args.limit)
    print(f"{len(tasks)} pages from {args.data}, {args.jobs} processes", file=sys.stderr)

    results = {}
    for config in configs:
        results[config] = run_config(config, tasks, args.jobs, args.per_page)
        print(f"  {config}: F1 {results[config]['f1']:.3f}", file=sys.stderr)
    print_table(results)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "data": str(args.data),
            "pages": len(tasks),
            "jobs": args.jobs,
            "python": platform.python_version(),
            "trafilatura": _version("trafilatura"),
            "scoring": "case-sensitive substring after whitespace normalisation",
            "options": {n: asdict(o) if o else "trafilatura.extract" for n, o in CONFIGS.items()},
            "results": results,
        }
        args.out.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    if args.min_f1 is not None and "default" in results and results["default"]["f1"] < args.min_f1:
        print(f"default F1 {results['default']['f1']} is below {args.min_f1}", file=sys.stderr)
        return 1
    return 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    sys.exit(main())
