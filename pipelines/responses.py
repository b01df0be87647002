"""One HTTP response read into a FetchResult: status, validators and charset from the headers,
and the body under a size cap that also holds for gzip and deflate (bombs stop early)."""

from __future__ import annotations

import zlib

import httpx

from pipelines.records import FetchResult, FetchStatus

REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


class _TooLarge(Exception):
    pass


def content_type_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, lowercased."""
    for part in (content_type or "").split(";")[1:]:
        key, _, val = part.strip().partition("=")
        if key.lower() == "charset" and val:
            return val.strip("\"' ").lower()
    return None


class _Decoder:
    """Content-Encoding decoder with a hard cap on decoded bytes (gzip bombs stop early)."""

    def __init__(self, encoding: str, limit: int) -> None:
        encoding = encoding.lower().strip()
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            self._z = None
        self._limit = limit
        self.out = bytearray()

    def feed(self, data: bytes) -> None:
        if self._z is None:
            self.out += data
        else:
            room = self._limit - len(self.out) + 1
            self.out += self._z.decompress(data, room)
            if self._z.unconsumed_tail:
                raise _TooLarge
        if len(self.out) > self._limit:
            raise _TooLarge

    def finish(self) -> bytes:
        if self._z is not None:
            self.out += self._z.flush()
        return bytes(self.out)


async def read_response(
    url: str, current: str, resp: httpx.Response, max_bytes: int
) -> tuple[FetchResult, str | None]:
    """The result for `url` of the response from `current` (its latest hop), and the Location to
    follow when it is a redirect; the body may not pass max_bytes once decoded."""
    status = resp.status_code
    headers = {k.lower(): v for k, v in resp.headers.items()}
    if status in REDIRECT_STATUS and headers.get("location", "").strip():
        return FetchResult(url, FetchStatus.FAILED, http_status=status), headers["location"]
    common = {
        "final_url": current,
        "http_status": status,
        "content_type": headers.get("content-type"),
        "charset": content_type_charset(headers.get("content-type")),
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
        "headers": headers,
    }
    if status == 304:
        return FetchResult(url, FetchStatus.NOT_MODIFIED, **common), None
    if status >= 300:  # errors, and redirects without a Location
        return FetchResult(
            url, FetchStatus.FAILED, error=f"http_{status}", detail=resp.reason_phrase, **common
        ), None
    declared = headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        return failed(url, "too_large", f"Content-Length {declared} over the cap"), None
    decoder = _Decoder(headers.get("content-encoding", ""), max_bytes)
    try:
        async for chunk in resp.aiter_raw(_CHUNK):
            decoder.feed(chunk)
        body = decoder.finish()
    except _TooLarge:
        return failed(url, "too_large", f"body over {max_bytes} bytes"), None
    except zlib.error as exc:
        return failed(url, "bad_encoding", f"cannot decode body: {exc}"), None
    if len(body) > max_bytes:
        return failed(url, "too_large", f"body over {max_bytes} bytes"), None
    return FetchResult(url, FetchStatus.OK, content=body, **common), None


def failed(url: str, error: str, detail: str) -> FetchResult:
    """A FAILED result: why (`error`) and in words (`detail`)."""
    return FetchResult(url, FetchStatus.FAILED, error=error, detail=detail)
