"""Re-extraction from the raw archive, as a stage: an archived article back to the extraction
job the ingest built for it, and what changed once it is extracted again.

Each article is extracted again from its archived page with the feed item it came from,
re-parsed from the archived feed body of the run that loaded it: the same FeedItem the ingest
saw, content and summary included, which the page-or-feed-text decision needs and the articles
table does not keep. An article whose feed body is not archived gets a FeedItem rebuilt from its
stored columns (title, guid, author, date), so only the feed-text fallback can differ.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pipelines.archive import Location, read_responses
from pipelines.extract import ExtractionResult, ExtractJob
from pipelines.feeds import parse_feed_detailed
from pipelines.records import FeedItem, FetchResult
from pipelines.selection import Candidate, article_row
from pipelines.urls import canonicalize_url
from warehouse.rows import ExtractionUpdate

FEEDS_KEPT = 256  # parsed feed bodies kept between batches (articles of one run share one)


class ParsedFeeds:
    """Archived feed bodies parsed once: (file, offset) -> {canonical URL: FeedItem}."""

    def __init__(self, archive_dir: Path, capacity: int = FEEDS_KEPT) -> None:
        self.archive_dir = archive_dir
        self.capacity = capacity
        self._items: OrderedDict[tuple[str, int], dict[str, FeedItem]] = OrderedDict()

    def items_for(self, locations: Sequence[Location]) -> list[dict[str, FeedItem] | None]:
        """The items of each archived feed body, in order; None when the body is missing."""
        unread: dict[tuple[str, int], Location] = {}
        for location in locations:
            if _key(location) not in self._items:
                unread.setdefault(_key(location), location)
        wanted = list(unread.values())
        for location, body in zip(wanted, read_responses(self.archive_dir, wanted), strict=True):
            if body is not None:
                self._put(_key(location), items_by_url(body))
        out = []
        for location in locations:
            found = self._items.get(_key(location))
            if found is not None:
                self._items.move_to_end(_key(location))
            out.append(found)
        return out

    def _put(self, key: tuple[str, int], items: dict[str, FeedItem]) -> None:
        self._items[key] = items
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)


def _key(location: Location) -> tuple[str, int]:
    return (location.warc_path, location.record_offset)


def items_by_url(body: FetchResult) -> dict[str, FeedItem]:
    """A feed body's items by canonical link; of repeated links the one the ingest kept (the
    newest first, as pipelines.selection orders them)."""
    parsed = parse_feed_detailed(body.content, body.final_url or body.url, body.charset)
    newest_first = sorted(
        parsed.items,
        key=lambda i: (0, -i.published_at.timestamp()) if i.published_at else (1, 0.0),
    )
    found: dict[str, FeedItem] = {}
    for item in newest_first:
        if item.url:
            found.setdefault(canonicalize_url(item.url), item)
    return found


def item_from_columns(row: Mapping[str, Any]) -> FeedItem:
    """The feed item as far as the stored article tells it (no content or summary)."""
    return FeedItem(
        feed_url=row["feed_url"] or "",
        url=row["url"],
        guid=row["guid"],
        title=row["title"] or "",
        author=row["author"],
        published_at=row["published_at"] if row["date_source"] == "feed" else None,
        published_raw=row["published_raw"],
    )


def archived_at(row: Mapping[str, Any], prefix: str) -> Location | None:
    if row[f"{prefix}_path"] is None:
        return None
    return Location(
        row[f"{prefix}_path"],
        row[f"{prefix}_offset"],
        row[f"{prefix}_length"],
        row[f"{prefix}_sha256"],
    )


def _same(stored: Mapping[str, Any], new: ExtractionUpdate) -> bool:
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return all(
        stored[c] == getattr(new, c)
        if c == "published_at"
        else text(stored[c]) == text(getattr(new, c))
        for c in _EXTRACTION_COLUMNS[1:]
    )


def rebuild_jobs(
    rows: Sequence[Mapping[str, Any]],
    pages: Sequence[FetchResult | None],
    feed_items: Sequence[dict[str, FeedItem] | None],
    counts: Counter[str],
) -> list[Rebuilt]:
    """The extraction job of each article that can be rebuilt, as the ingest built it."""
    out = []
    for row, page, items in zip(rows, pages, feed_items, strict=True):
        if page is None and row["fetched_at"] is not None:
            counts["skipped_page_not_archived"] += 1
            continue
        item = (items or {}).get(row["canonical_url"])
        counts["feed_item_from_archive" if item else "feed_item_from_columns"] += 1
        item = item or item_from_columns(row)
        candidate = Candidate(row["article_id"], row["canonical_url"], row["source_id"], item)
        job = ExtractJob(
            item=item,
            page=page.content if page is not None else None,
            url=(page.final_url if page is not None else None) or candidate.url,
            first_seen=row["first_seen_at"],
            now=row["first_seen_at"],  # the ingest's "now" was the run's as_of, its first_seen
            content_type=page.content_type if page is not None else None,
            charset=page.charset if page is not None else None,
        )
        out.append(Rebuilt(row, candidate, page, job))
    return out


@dataclass(frozen=True, slots=True)
class Rebuilt:
    """One stored article (its row of archive_reextract_batch) ready to be extracted again."""

    stored: Mapping[str, Any]
    candidate: Candidate
    page: FetchResult | None
    job: ExtractJob


def rebuild(
    rows: Sequence[Mapping[str, Any]], feeds: ParsedFeeds, counts: Counter[str]
) -> list[Rebuilt]:
    """Read the batch's archived pages and feed bodies, and rebuild each article's job."""
    page_locations = [archived_at(r, "page") for r in rows]
    wanted = [loc for loc in page_locations if loc is not None]
    read = iter(read_responses(feeds.archive_dir, wanted))
    pages = [next(read) if loc is not None else None for loc in page_locations]
    feed_locations = [archived_at(r, "feed") for r in rows]
    parsed = iter(feeds.items_for([loc for loc in feed_locations if loc is not None]))
    feed_items = [next(parsed) if loc is not None else None for loc in feed_locations]
    return rebuild_jobs(rows, pages, feed_items, counts)


def changes(
    rebuilt: Sequence[Rebuilt],
    results: Sequence[ExtractionResult | None],
    counts: Counter[str],
) -> list[ExtractionUpdate]:
    """The articles whose extraction now differs from the stored one, as column updates."""
    changed = []
    for work, result in zip(rebuilt, results, strict=True):
        stored = work.stored
        if result is None:
            counts["kept_extraction_failed"] += 1
            continue
        new = article_row(
            work.candidate,
            work.page,
            result,
            run_id=stored["run_id"],
            first_seen=stored["first_seen_at"],
        )
        if new is None:
            counts["kept_no_text_now"] += 1
            continue
        update = ExtractionUpdate(**{c: getattr(new, c) for c in _EXTRACTION_COLUMNS})
        if _same(stored, update):
            counts["unchanged"] += 1
        else:
            changed.append(update)
    return changed


_EXTRACTION_COLUMNS = tuple(f.name for f in fields(ExtractionUpdate))
