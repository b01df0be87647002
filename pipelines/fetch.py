"""Polite, bounded HTTP: every fetch ends as a FetchResult value, never an exception.

Owns timeouts, retries with backoff (Retry-After honoured), conditional GET, a size cap that
also holds for compressed bodies, a redirect cap, per-host concurrency and delay, robots.txt
for article pages, and address safety (no private, link-local or metadata addresses unless
allowed) checked on every hop before a connection is made.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from pipelines.records import FetchResult, FetchStatus

Resolver = Callable[[str, int], Awaitable[list[str]]]
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how far the fetcher goes; built once from the settings."""

    user_agent: str = "mediawatch/0.1 (+https://github.com/mediawatch/mediawatch)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    per_host_concurrency: int = 2
    per_host_delay_s: float = 1.0
    global_concurrency: int = 16
    retries: int = 2
    backoff_base_s: float = 1.0
    max_retry_after_s: float = 120.0
    respect_robots: bool = True
    allow_loopback: bool = False
    allow_private: bool = False
    proxy: str | None = None  # names are then resolved by the proxy, not here


class _TooLarge(Exception):
    pass


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def address_refusal(address: str, policy: FetchPolicy) -> str | None:
    """Why an IP address must not be contacted under policy, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if policy.allow_loopback or policy.allow_private else "loopback address"
    if ip.is_link_local:
        return "link-local or cloud metadata address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "reserved address"
    if ip.is_private or not ip.is_global:
        return None if policy.allow_private else "private address"
    return None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _charset(content_type: str | None) -> str | None:
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


class Fetcher:
    """One per run: a shared HTTP client with per-host politeness and a robots cache."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver = system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.policy = policy
        self._resolver = resolver
        self._global = asyncio.Semaphore(policy.global_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        timeout = httpx.Timeout(
            connect=policy.connect_timeout,
            read=policy.read_timeout,
            write=policy.read_timeout,
            pool=policy.total_timeout,
        )
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=policy.global_concurrency * 2),
            trust_env=False,
            transport=transport,
            proxy=policy.proxy,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = False,
        accept: str | None = None,
    ) -> FetchResult:
        """GET url with retries; conditional when validators are given."""
        started = time.monotonic()
        if check_robots and self.policy.respect_robots and not await self.allowed_by_robots(url):
            return FetchResult(
                url, FetchStatus.SKIPPED, error="robots_disallowed", detail="robots.txt disallows"
            )
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        attempt = 0
        while True:
            result = await self._fetch_once(url, headers)
            if not self._should_retry(result, attempt):
                return _with_elapsed(result, time.monotonic() - started)
            wait = self.policy.backoff_base_s * (2**attempt)
            hinted = retry_after_seconds(result.headers.get("retry-after"))
            if hinted is not None:
                if hinted > self.policy.max_retry_after_s:
                    return _with_elapsed(result, time.monotonic() - started)
                wait = max(wait, hinted)
            attempt += 1
            await asyncio.sleep(wait)

    async def fetch_many(self, urls: Sequence[str], *, check_robots: bool) -> list[FetchResult]:
        """Fetch several URLs concurrently (politeness still applies per host)."""
        return list(await asyncio.gather(*(self.fetch(u, check_robots=check_robots) for u in urls)))

    def _should_retry(self, result: FetchResult, attempt: int) -> bool:
        if attempt >= self.policy.retries:
            return False
        if result.error in ("timeout", "connect_error"):
            return True
        return result.http_status in RETRYABLE_STATUS

    async def _fetch_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        try:
            async with asyncio.timeout(self.policy.total_timeout):
                return await self._follow(url, headers)
        except TimeoutError:
            return _failed(url, "timeout", f"no complete answer in {self.policy.total_timeout:g} s")

    async def _follow(self, url: str, headers: dict[str, str]) -> FetchResult:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            refusal = await self._refusal(current)
            if refusal is not None:
                return FetchResult(
                    url, FetchStatus.SKIPPED, final_url=current, error=refusal[0], detail=refusal[1]
                )
            result, location = await self._request(url, current, headers)
            if location is None:
                return result
            current = urljoin(current, location)
        return _failed(
            url, "too_many_redirects", f"more than {self.policy.max_redirects} redirects"
        )

    async def _refusal(self, url: str) -> tuple[str, str] | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return "bad_scheme", f"refused non-http(s) URL {url[:200]!r}"
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return "invalid_url", f"invalid port in {url[:200]!r}"
        if self.policy.proxy and not _is_ip_literal(parts.hostname):
            return None  # the proxy resolves the name; only literal addresses are checked here
        try:
            addresses = await self._resolver(parts.hostname, port)
        except (OSError, UnicodeError) as exc:
            return "dns_error", f"cannot resolve {parts.hostname}: {exc}"
        for address in addresses:
            reason = address_refusal(address, self.policy)
            if reason is not None:
                return "unsafe_address", f"{parts.hostname} resolves to {address}, a {reason}"
        return None

    async def _request(
        self, url: str, current: str, headers: dict[str, str]
    ) -> tuple[FetchResult, str | None]:
        host = urlsplit(current).hostname or ""
        async with self._global, self._host_slot(host):
            await self._wait_turn(host)
            try:
                async with self._client.stream("GET", current, headers=headers) as resp:
                    return await self._read(url, current, resp)
            except httpx.TimeoutException:
                return _failed(url, "timeout", f"timed out talking to {host}"), None
            except (httpx.TransportError, httpx.InvalidURL, UnicodeError) as exc:
                return _failed(url, "connect_error", f"{type(exc).__name__}: {exc}"[:300]), None

    async def _read(
        self, url: str, current: str, resp: httpx.Response
    ) -> tuple[FetchResult, str | None]:
        status = resp.status_code
        headers = {k.lower(): v for k, v in resp.headers.items()}
        if status in REDIRECT_STATUS and "location" in headers:
            return FetchResult(url, FetchStatus.FAILED, http_status=status), headers["location"]
        common = {
            "final_url": current,
            "http_status": status,
            "content_type": headers.get("content-type"),
            "charset": _charset(headers.get("content-type")),
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "headers": headers,
        }
        if status == 304:
            return FetchResult(url, FetchStatus.NOT_MODIFIED, **common), None
        if status >= 400:
            return FetchResult(
                url, FetchStatus.FAILED, error=f"http_{status}", detail=resp.reason_phrase, **common
            ), None
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.policy.max_bytes:
            return _failed(url, "too_large", f"Content-Length {declared} over the cap"), None
        decoder = _Decoder(headers.get("content-encoding", ""), self.policy.max_bytes)
        try:
            async for chunk in resp.aiter_raw(_CHUNK):
                decoder.feed(chunk)
            body = decoder.finish()
        except _TooLarge:
            return _failed(url, "too_large", f"body over {self.policy.max_bytes} bytes"), None
        except zlib.error as exc:
            return _failed(url, "bad_encoding", f"cannot decode body: {exc}"), None
        if len(body) > self.policy.max_bytes:
            return _failed(url, "too_large", f"body over {self.policy.max_bytes} bytes"), None
        return FetchResult(url, FetchStatus.OK, content=body, **common), None

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.policy.per_host_concurrency)
        return self._hosts[host]

    async def _wait_turn(self, host: str) -> None:
        """Space request starts to one host by per_host_delay_s."""
        now = time.monotonic()
        start = max(now, self._next_start.get(host, now))
        self._next_start[host] = start + self.policy.per_host_delay_s
        if start > now:
            await asyncio.sleep(start - now)

    async def allowed_by_robots(self, url: str) -> bool:
        """Whether robots.txt of url's host lets our user agent fetch it (cached per host)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(self.policy.user_agent, url)

    async def _load_robots(self, origin: str) -> RobotFileParser | None:
        result = await self._fetch_once(f"{origin}/robots.txt", {})
        if not result.ok or not result.content:
            # No robots.txt (or it failed): nothing is disallowed, as crawlers commonly read it.
            return None
        parser = RobotFileParser()
        text = result.content[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return parser


def _failed(url: str, error: str, detail: str) -> FetchResult:
    return FetchResult(url, FetchStatus.FAILED, error=error, detail=detail)


def _with_elapsed(result: FetchResult, elapsed: float) -> FetchResult:
    return replace(result, elapsed_s=elapsed)
