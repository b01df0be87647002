"""Writing the raw archive: `response` records appended to the day's gzipped WARC file.

The format, layout and reading are described in pipelines.archive.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import threading
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from http import HTTPStatus
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from pipelines.archive import H_KIND, H_REQUESTED, H_RUN, H_SOURCE, KINDS
from pipelines.records import FetchResult, FetchStatus
from pipelines.urls import canonicalize_url
from warehouse.rows import ArchiveIndexRow

MAX_FILE_BYTES = 1024**3  # the WARC convention: files of about 1 GB
# zlib level 6, not warcio's 9: on 160 KiB HTML pages 5.6 ms instead of 14 ms a page, for
# 19.9 % of the raw size instead of 19.5 % (2 shared cores)
COMPRESS_LEVEL = 6
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
        self._pending: list[ArchiveIndexRow] = []

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
    ) -> ArchiveIndexRow | None:
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
            entry = ArchiveIndexRow(
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

    def take_index(self) -> list[ArchiveIndexRow]:
        """Index rows of the records written since the last call, their bytes flushed to disk."""
        with self._lock:
            if self._handle is not None:
                self._handle.flush()
            taken, self._pending = self._pending, []
        return taken

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
