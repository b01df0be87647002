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

No Prefect and no DuckDB here: the flow passes `take_index()` rows to the warehouse.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from pipelines.fetch import _charset
from pipelines.records import FetchResult, FetchStatus
from pipelines.urls import canonicalize_url

KINDS = frozenset({"feed", "page"})
MAX_FILE_BYTES = 1024**3  # the WARC convention: files of about 1 GB
# zlib level 6, not warcio's 9: on 160 KiB HTML pages 5.6 ms instead of 14 ms a page, for
# 19.9 % of the raw size instead of 19.5 % (2 shared cores)
COMPRESS_LEVEL = 6
H_KIND = "Mediawatch-Kind"
H_REQUESTED = "Mediawatch-Requested-URI"
H_SOURCE = "Mediawatch-Source-ID"
H_RUN = "Mediawatch-Run-ID"
_FILE_NAME = re.compile(r"^mediawatch-\d{14}-[A-Za-z0-9]+-\d{5}\.warc\.gz$")
_RUN_TOKEN = re.compile(r"[^A-Za-z0-9]+")
_LINE_BREAKS = re.compile(r"[\r\n]")  # never inside a header value: it would end the header
_URI_UNSAFE = re.compile(r"[\x00-\x20\x7f]")  # percent-encoded in the URIs a record names
# the stored body is decoded and whole: headers about the transfer would lie
_TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_WARCINFO = {
    "software": "mediawatch (warcio)",
    "format": "WARC File Format 1.0",
    "description": "Feeds and article pages as fetched by mediawatch; payloads are stored "
    "decoded (X-Archive-Orig-Content-Encoding keeps the original encoding).",
}


@dataclass(frozen=True, slots=True)
class ArchiveEntry:
    """Where one archived body sits, and what it is: one row of the warehouse's archive_index."""

    warc_path: str  # relative to the archive root, with forward slashes
    record_offset: int
    record_length: int  # bytes of the gzip member
    kind: str  # feed, page
    url: str  # as asked for
    final_url: str  # after redirects: the record's WARC-Target-URI
    canonical_url: str
    source_id: str | None
    run_id: str | None
    http_status: int | None
    content_type: str | None
    fetched_at: datetime  # tz-aware UTC, whole seconds (the WARC-Date)
    sha256: str  # of the body, hex
    payload_bytes: int

    def row(self) -> dict[str, Any]:
        return asdict(self)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class WarcArchive:
    """One per run: appends `response` records to the day's WARC file.

    `record` is safe from any thread or task (the write itself holds a lock; building and
    compressing the record does not) and costs one gzip pass over the body, no fsync.
    """

    def __init__(
        self,
        root: Path | str,
        run_id: str,
        *,
        max_file_bytes: int = MAX_FILE_BYTES,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.root = Path(root)
        self.run_id = run_id
        self._max_file_bytes = max_file_bytes
        self._clock = clock
        self._lock = threading.Lock()
        self._handle: BinaryIO | None = None
        self._path = ""
        self._day: date | None = None
        self._size = 0
        self._serial = 0
        self._pending: list[ArchiveEntry] = []

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> WarcArchive:  # to sit beside the Fetcher in one `async with`
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def record(
        self,
        result: FetchResult,
        *,
        kind: str,
        source_id: str | None = None,
        fetched_at: datetime | None = None,
    ) -> ArchiveEntry | None:
        """Archive one fetched body; None (nothing written) for a 304, a failure or no body."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
        if result.status is not FetchStatus.OK or not result.content:
            return None
        when = (fetched_at or self._clock()).astimezone(UTC).replace(microsecond=0)
        digest = hashlib.sha256(result.content).digest()
        member = _gzip(_response_bytes(result, kind, source_id, self.run_id, when, digest))
        with self._lock:
            handle = self._file_for(when.date(), len(member))
            offset = self._size
            handle.write(member)
            self._size += len(member)
            entry = ArchiveEntry(
                warc_path=self._path,
                record_offset=offset,
                record_length=len(member),
                kind=kind,
                url=_uri(result.url),
                final_url=_uri(result.final_url or result.url),
                canonical_url=canonicalize_url(_uri(result.url)),
                source_id=source_id,
                run_id=self.run_id,
                http_status=result.http_status,
                content_type=result.content_type,
                fetched_at=when,
                sha256=digest.hex(),
                payload_bytes=len(result.content),
            )
            self._pending.append(entry)
        return entry

    def take_index(self) -> list[dict[str, Any]]:
        """Index rows of the records written since the last call, their bytes flushed to disk."""
        with self._lock:
            if self._handle is not None:
                self._handle.flush()
            taken, self._pending = self._pending, []
        return [entry.row() for entry in taken]

    def close(self) -> None:
        with self._lock:
            self._close_file()

    def _file_for(self, day: date, incoming: int) -> BinaryIO:
        """The open file for `day`, rolled over on a new day or when it would pass the cap."""
        full = self._size > 0 and self._size + incoming > self._max_file_bytes
        if self._handle is not None and self._day == day and not full:
            return self._handle
        self._close_file()
        folder = self.root / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = self._clock().astimezone(UTC).strftime("%Y%m%d%H%M%S")
        token = _RUN_TOKEN.sub("", self.run_id)[:12] or "run"
        while True:
            self._serial += 1
            name = f"mediawatch-{stamp}-{token}-{self._serial:05d}.warc.gz"
            try:
                handle = open(folder / name, "xb")  # noqa: SIM115 - closed in _close_file
                break
            except FileExistsError:
                continue
        self._handle, self._day = handle, day
        self._path = str(PurePosixPath(f"{day:%Y}", f"{day:%m}", f"{day:%d}", name))
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record(name, _WARCINFO))
        self._size = handle.tell()
        return handle

    def _close_file(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._handle, self._day, self._size = None, None, 0


def _response_bytes(
    result: FetchResult,
    kind: str,
    source_id: str | None,
    run_id: str,
    when: datetime,
    digest: bytes,
) -> bytes:
    """One uncompressed WARC response record: the real status line and headers, then the body."""
    headers = [
        (_one_line(k), _one_line(v))
        for k, v in result.headers.items()
        if k.lower() not in _TRANSFER_HEADERS
    ]
    names = {k.lower() for k, _ in headers}
    encoding = next((v for k, v in result.headers.items() if k.lower() == "content-encoding"), "")
    if encoding:
        headers.append(("X-Archive-Orig-Content-Encoding", encoding))
    if result.content_type and "content-type" not in names:
        headers.append(("Content-Type", result.content_type))
    headers.append(("Content-Length", str(len(result.content))))
    status = result.http_status or 200
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    http_headers = StatusAndHeaders(f"{status} {phrase}", headers, protocol="HTTP/1.1")
    warc_headers = {
        "WARC-Date": datetime_to_iso_date(when.replace(tzinfo=None)),
        "WARC-Payload-Digest": "sha256:" + base64.b32encode(digest).decode("ascii"),
        H_KIND: kind,
        H_REQUESTED: _uri(result.url),
        H_RUN: _one_line(run_id),
    }
    if source_id:
        warc_headers[H_SOURCE] = _one_line(source_id)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    record = writer.create_warc_record(
        _uri(result.final_url or result.url),
        "response",
        payload=io.BytesIO(result.content),
        length=len(result.content),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    writer.write_record(record)
    return buffer.getvalue()


def _one_line(value: str) -> str:
    return _LINE_BREAKS.sub(lambda m: "%0D" if m[0] == "\r" else "%0A", value)


def _uri(value: str) -> str:
    """A URI as a WARC header can carry it (real URLs pass unchanged)."""
    return _URI_UNSAFE.sub(lambda m: f"%{ord(m[0]):02X}", value)


def _gzip(data: bytes) -> bytes:
    """One gzip member (wbits 31: gzip header and trailer)."""
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


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
        charset=_charset(content_type),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        headers=headers,
    )


def scan_file(root: Path | str, warc_path: str) -> Iterator[ArchiveEntry]:
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
            yield ArchiveEntry(
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
