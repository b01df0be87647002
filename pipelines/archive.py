"""The raw archive: every fetched feed and article page body, kept as gzipped WARC records on disk.

WARC (ISO 28500) is the format web and news archives keep their captures in: warcio, pywb, the
Internet Archive's tools and `zcat` all read it, and a record carries the real HTTP status and
headers (Content-Type with its charset) besides the body, which re-extraction needs. Each record
is its own gzip member, so one record is read back alone from its (offset, length) without
reading the file before it. Those positions go to the warehouse index (warehouse.archive_store);
the files describe themselves (kind, URL asked for, source, run in `Mediawatch-*` headers), so
the index can be rebuilt from them (`scan_file`).

Layout: ``<root>/YYYY/MM/DD/mediawatch-<YYYYmmddHHMMSS>-<run>-<nnnnn>.warc.gz`` by capture day
(UTC); `prune` deletes the files of days older than the retention. The fetcher hands over decoded
bodies, so the stored headers say so: Content-Encoding becomes X-Archive-Orig-Content-Encoding
(pywb's convention) and Content-Length is the stored length.

Records are written by pipelines.archive_writer (`WarcArchive`); this module reads them back,
rebuilds index rows from the files and applies the retention. No Prefect and no DuckDB here: the
flow passes `take_index()` rows to the warehouse.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_datetime

from pipelines.records import FetchResult, FetchStatus
from pipelines.responses import content_type_charset
from pipelines.urls import canonicalize_url
from warehouse.rows import ArchiveIndexRow

KINDS = frozenset({"feed", "page"})
H_KIND = "Mediawatch-Kind"
H_REQUESTED = "Mediawatch-Requested-URI"
H_SOURCE = "Mediawatch-Source-ID"
H_RUN = "Mediawatch-Run-ID"
_FILE_NAME = re.compile(r"^mediawatch-\d{14}-[A-Za-z0-9]+-\d{5}\.warc\.gz$")


# --- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Location:
    """Where to find one record, as stored in the index."""

    warc_path: str
    record_offset: int
    record_length: int
    sha256: str | None = None  # checked when given


def read_responses(root: Path | str, locations: Sequence[Location]) -> list[FetchResult | None]:
    """The archived bodies at `locations` as FetchResults, in order; None for a record that is
    missing (file pruned or moved) or does not match its digest. Each file is opened once."""
    out: list[FetchResult | None] = [None] * len(locations)
    by_file: dict[str, list[int]] = {}
    for i, location in enumerate(locations):
        by_file.setdefault(location.warc_path, []).append(i)
    for warc_path, indexes in by_file.items():
        path = _resolve(Path(root), warc_path)
        if path is None or not path.is_file():
            continue
        with open(path, "rb") as handle:
            for i in sorted(indexes, key=lambda i: locations[i].record_offset):
                out[i] = _read_one(handle, locations[i])
    return out


def _read_one(handle: BinaryIO, location: Location) -> FetchResult | None:
    handle.seek(location.record_offset)
    data = handle.read(location.record_length)
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data))), None)
        # a location that is off (a damaged index) can still parse as a record of sorts
        if record is None or record.rec_type != "response" or record.http_headers is None:
            return None
        result = _fetch_result(record)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error):
        return None
    if location.sha256 and hashlib.sha256(result.content).hexdigest() != location.sha256:
        return None
    return result


def _fetch_result(record: Any) -> FetchResult:
    """A response record as the FetchResult the fetcher returned (body, status, headers)."""
    http = record.http_headers
    headers = {k.lower(): v for k, v in http.headers}
    content = record.raw_stream.read()
    content_type = headers.get("content-type")
    target = record.rec_headers.get_header("WARC-Target-URI")
    return FetchResult(
        url=record.rec_headers.get_header(H_REQUESTED) or target,
        status=FetchStatus.OK,
        final_url=target,
        http_status=int(http.get_statuscode() or 200),
        content=content,
        content_type=content_type,
        charset=content_type_charset(content_type),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        headers=headers,
    )


def scan_file(root: Path | str, warc_path: str) -> Iterator[ArchiveIndexRow]:
    """The index entries of every mediawatch record in one WARC file (to rebuild the index)."""
    path = _resolve(Path(root), warc_path)
    if path is None:
        return
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            kind = record.rec_headers.get_header(H_KIND)
            if record.rec_type != "response" or kind not in KINDS:
                continue
            result = _fetch_result(record)
            records.read_to_end(record)
            yield ArchiveIndexRow(
                warc_path=warc_path,
                record_offset=records.get_record_offset(),
                record_length=records.get_record_length(),
                kind=kind,
                url=result.url,
                final_url=result.final_url or result.url,
                canonical_url=canonicalize_url(result.url),
                source_id=record.rec_headers.get_header(H_SOURCE),
                run_id=record.rec_headers.get_header(H_RUN),
                http_status=result.http_status,
                content_type=result.content_type,
                fetched_at=iso_date_to_datetime(record.rec_headers.get_header("WARC-Date")).replace(
                    tzinfo=UTC
                ),
                sha256=hashlib.sha256(result.content).hexdigest(),
                payload_bytes=len(result.content),
            )


# --- files and retention -------------------------------------------------------------------------


def archive_files(root: Path | str) -> list[str]:
    """Relative paths of every archive file under root, oldest day first."""
    return [rel for _, rel, _ in _day_files(Path(root))]


def prune(root: Path | str, retention_days: int | None, now: datetime) -> list[str]:
    """Delete the files of capture days more than retention_days before `now`; return their
    relative paths (for the index). None keeps everything."""
    if retention_days is None:
        return []
    cutoff = (now.astimezone(UTC) - timedelta(days=retention_days)).date()
    removed = []
    for day, rel, path in _day_files(Path(root)):
        if day < cutoff:
            path.unlink(missing_ok=True)
            removed.append(rel)
    _remove_empty_days(Path(root), {rel.rsplit("/", 1)[0] for rel in removed})
    return removed


def _day_files(root: Path) -> Iterable[tuple[date, str, Path]]:
    """(capture day, relative path, path) of files named like ours in YYYY/MM/DD folders."""
    found = []
    for path in root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*.warc.gz"):
        if not _FILE_NAME.match(path.name):
            continue
        year, month, day = (int(part) for part in path.parent.relative_to(root).parts)
        try:
            found.append((date(year, month, day), path.relative_to(root).as_posix(), path))
        except ValueError:
            continue
    return sorted(found)


def _remove_empty_days(root: Path, day_folders: set[str]) -> None:
    """Remove emptied day folders, then their month and year folders if empty too."""
    for folder in sorted(day_folders, reverse=True):
        current = root / folder
        for _ in range(3):
            if not current.is_dir() or any(current.iterdir()):
                break
            current.rmdir()
            current = current.parent


def _resolve(root: Path, warc_path: str) -> Path | None:
    """root/warc_path, refusing anything that would leave the archive."""
    parts = PurePosixPath(warc_path).parts
    if not parts or PurePosixPath(warc_path).is_absolute() or ".." in parts:
        return None
    return root.joinpath(*parts)
