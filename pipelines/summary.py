"""The run summary: counts per stage and failures, as data and as Markdown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipelines.records import FetchResult
from pipelines.selection import FeedOutcome
from warehouse.rows import ItemFailure


@dataclass(slots=True)
class RunSummary:
    run_id: str
    as_of: datetime
    sources: int
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    check_failures: list[str] = field(default_factory=list)
    item_failures: list[dict[str, Any]] = field(default_factory=list)  # errors, not web answers

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def add_feeds(self, outcomes: Sequence[FeedOutcome], names: Mapping[str, str]) -> None:
        """Count feed outcomes and remember every failing feed with its reason."""
        for outcome in outcomes:
            self.count(f"feeds_{outcome.status}")
            if outcome.status == "failed":
                self.failures.append(
                    {
                        "source": names.get(outcome.source_id, outcome.source_id),
                        "url": outcome.feed_url,
                        "error": outcome.error,
                        "detail": outcome.detail,
                        "http_status": outcome.http_status,
                    }
                )

    def count_page(self, page: FetchResult) -> None:
        self.count("pages_fetched" if page.ok else f"pages_{page.error or page.status.value}")

    def count_extraction(self, outcome: str, method: str | None) -> None:
        self.count(f"extraction_{outcome}")
        if method:
            self.count(f"method_{method}")

    def add_item_failure(self, failure: ItemFailure) -> None:
        """Count a failed item; remember it when the pipeline, not the web, is at fault."""
        self.count(f"items_failed_{failure.stage}")
        if failure.is_error:
            self.item_failures.append(
                {
                    "url": failure.url,
                    "stage": str(failure.stage),
                    "error": failure.error,
                    "message": failure.message,
                }
            )

    def status(self) -> str:
        faults = self.check_failures or self.failures or self.item_failures
        return "completed_with_failures" if faults else "completed"

    def progress(self) -> str:
        keys = ("feeds_ok", "feeds_not_modified", "feeds_failed", "items_new", "articles_loaded")
        return ", ".join(f"{k}={self.counts.get(k, 0)}" for k in keys)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "as_of": self.as_of.isoformat(),
            "status": self.status(),
            "sources": self.sources,
            "counts": dict(sorted(self.counts.items())),
            "failures": self.failures,
            "item_failures": self.item_failures,
            "check_failures": self.check_failures,
        }

    def markdown(self) -> str:
        """The run's Prefect artifact: counts per stage, then each failing feed and why."""
        lines = [
            f"# Daily ingest {self.status()}",
            "",
            f"Run `{self.run_id}` as of {self.as_of.isoformat()}, {self.sources} sources.",
            "",
            "| stage count | n |",
            "| --- | ---: |",
        ]
        lines += [f"| {k} | {v} |" for k, v in sorted(self.counts.items())]
        if self.failures:
            lines += [
                "",
                "## Failing feeds",
                "",
                "| source | error | detail |",
                "| --- | --- | --- |",
            ]
            lines += [
                f"| {_cell(f['source'])} | {_cell(f['error'])} | {_cell(f['detail'])} |"
                for f in self.failures
            ]
        if self.item_failures:
            lines += [
                "",
                "## Articles that failed",
                "",
                "| stage | error | url |",
                "| --- | --- | --- |",
            ]
            lines += [
                f"| {f['stage']} | {_cell(f['error'] + ': ' + (f['message'] or ''))} | "
                f"{_cell(f['url'])} |"
                for f in self.item_failures
            ]
        if self.check_failures:
            lines += ["", "## Data checks failing", ""] + [f"- {c}" for c in self.check_failures]
        return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """A Markdown table cell: no pipes, no newlines, no raw HTML."""
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text.replace("<", "&lt;").replace(">", "&gt;")[:300]
