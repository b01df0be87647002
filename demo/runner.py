"""`mediawatch demo`: serve the bundled corpus on 127.0.0.1 and run the pipeline over it."""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from report.build import write_report
from report.render import ReportPaths
from report.weeks import IsoWeek

DEMO_DIR = Path(__file__).resolve().parent
BASE_TOKEN = "__BASE__"
# The corpus is published under a stable, reserved (.example) name and reached through the local
# server acting as a proxy: article URLs and ids stay the same from run to run, whatever port.
DEMO_BASE = "http://mediawatch-demo.example"
# The demo server is ours and on loopback: no politeness delay needed, loopback allowed.
DEMO_FETCH = {"allow_loopback": True, "per_host_delay_s": 0.0, "per_host_concurrency": 8}


def demo_end_date(corpus_dir: Path = DEMO_DIR) -> datetime:
    """The fixed date the demo runs 'as of' (the corpus's end)."""
    manifest = json.loads((corpus_dir / "corpus.json").read_text(encoding="utf-8"))
    return datetime.fromisoformat(manifest["end_date"].replace("Z", "+00:00"))


def render_sources(corpus_dir: Path, base_url: str, out_dir: Path) -> Path:
    """demo/sources.yaml with the served base URL filled in."""
    text = (corpus_dir / "sources.yaml").read_text(encoding="utf-8")
    path = out_dir / "sources.yaml"
    path.write_text(text.replace(BASE_TOKEN, base_url), encoding="utf-8")
    return path


def run_demo(
    *,
    db_path: Path,
    watchlist_path: str | None = None,
    settings_path: str | None = None,
    corpus_dir: Path = DEMO_DIR,
    echo: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Serve the corpus, run the daily ingest as of its end date, print and return the summary."""
    from demo.server import serve_directory
    from flows.daily_ingest import daily_ingest

    if not (corpus_dir / "corpus.json").is_file():
        raise FileNotFoundError(f"no demo corpus at {corpus_dir}")
    as_of = demo_end_date(corpus_dir)
    started = time.monotonic()
    served = serve_directory(corpus_dir / "site", public_base=DEMO_BASE)
    with served as local_url, tempfile.TemporaryDirectory() as tmp:
        echo(f"Serving the demo corpus as {DEMO_BASE} through {local_url} (as of {as_of:%Y-%m-%d})")
        sources = render_sources(corpus_dir, DEMO_BASE, Path(tmp))
        summary = asyncio.run(
            daily_ingest(
                sources_path=str(sources),
                watchlist_path=watchlist_path,
                db_path=str(db_path),
                settings_path=settings_path,
                as_of=as_of,
                settings_overrides={
                    "fetch": {**DEMO_FETCH, "proxy": local_url},
                    "archive_dir": str(Path(db_path).parent / "demo-archive"),
                },
            )
        )
    summary["seconds"] = round(time.monotonic() - started, 1)
    print_summary(summary, echo)
    _print_totals(db_path, echo)
    return summary


def print_summary(summary: Mapping[str, Any], echo: Callable[[str], None] = print) -> None:
    """A short human summary of one ingest run."""
    counts = summary["counts"]
    echo(
        f"Run {summary['run_id']}: {summary['status']}"
        + (f" in {summary['seconds']} s" if "seconds" in summary else "")
    )
    echo(
        f"  feeds: {summary['sources']} checked, {counts.get('feeds_ok', 0)} ok, "
        f"{counts.get('feeds_not_modified', 0) + counts.get('feeds_unchanged', 0)} not modified, "
        f"{counts.get('feeds_failed', 0)} failing"
    )
    echo(
        f"  items: {counts.get('items_seen', 0)} seen, {counts.get('items_new', 0)} new; "
        f"articles loaded: {counts.get('articles_loaded', 0)}"
    )
    for failure in summary.get("failures", []):
        echo(f"  failing feed {failure['source']}: {failure['error']} ({failure['detail']})")
    for check in summary.get("check_failures", []):
        echo(f"  data check failing: {check}")


def _print_totals(db_path: Path, echo: Callable[[str], None]) -> None:
    from warehouse import db
    from warehouse.reads import load_totals

    with db.session(db_path, read_only=True) as con:
        totals = load_totals(con)
    loaded = sum(t["articles"] for t in totals)
    echo(
        f"Warehouse {db_path}: {loaded} articles from {sum(1 for t in totals if t['articles'])}"
        f" sources"
    )


def demo_week(corpus_end: date) -> IsoWeek:
    """The demo corpus's last complete week: the last ISO week whose Sunday it reaches."""
    return IsoWeek.last_ending_by(corpus_end)


def write_demo_report(
    db_path: Path | str,
    reports_dir: Path | str = "reports",
    tz: str = "UTC",
    echo: Callable[[str], None] = print,
) -> ReportPaths:
    """The report on the demo corpus's last complete week (for `make demo`); prints its path."""
    week = demo_week(demo_end_date().date())
    paths = write_report(db_path, week, reports_dir, tz)
    echo(f"Weekly report {week}: {paths.html} (also {paths.markdown.name}, {paths.json.name})")
    return paths
