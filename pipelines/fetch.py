"""Polite, bounded HTTP: every fetch ends as a FetchResult value, never an exception.

Owns timeouts, retries with backoff (Retry-After honoured), conditional GET, a size cap that
also holds for compressed bodies, a redirect cap, per-host concurrency and delay, robots.txt
for article pages, a time budget for the whole run, a breaker for hosts that stop answering,
and address safety: no private, link-local or metadata addresses unless allowed, checked on
every hop before a connection is made (pipelines.addresses: the connection then dials only the
addresses checked). Each response is read, under the size cap, by pipelines.responses.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from pipelines.addresses import (
    PinnedTransport,
    Resolver,
    address_refusal,
    is_ip_literal,
    system_resolver,
)
from pipelines.records import FetchResult, FetchStatus
from pipelines.responses import failed, read_response

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
# Errors that say a host is not answering: they count towards FetchPolicy.host_failure_limit.
# ("protocol_error", an answer that is not HTTP, does not: that host is answering.)
UNRESPONSIVE_ERRORS = frozenset({"timeout", "connect_error"})
ROBOTS_MAX_BYTES = 512 * 1024


class FetchPolicy(Protocol):
    """How politely and how far the fetcher goes: what it reads, nothing more. Each setting is
    defined once, with its default, bounds and meaning, by `settings.FetchSettings` (the `fetch:`
    section of config/mediawatch.yaml), which is the policy every caller passes."""

    @property
    def user_agent(self) -> str: ...
    @property
    def connect_timeout(self) -> float: ...
    @property
    def read_timeout(self) -> float: ...
    @property
    def total_timeout(self) -> float: ...
    @property
    def max_bytes(self) -> int: ...
    @property
    def max_redirects(self) -> int: ...
    @property
    def per_host_concurrency(self) -> int: ...
    @property
    def per_host_delay_s(self) -> float: ...
    @property
    def global_concurrency(self) -> int: ...
    @property
    def retries(self) -> int: ...
    @property
    def backoff_base_s(self) -> float: ...
    @property
    def max_retry_after_s(self) -> float: ...
    @property
    def respect_robots(self) -> bool: ...
    @property
    def allow_private_addresses(self) -> bool: ...
    @property
    def allow_loopback(self) -> bool: ...
    @property
    def run_budget_s(self) -> float | None: ...
    @property
    def host_failure_limit(self) -> int: ...
    @property
    def proxy(self) -> str | None: ...


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


@dataclass(slots=True)
class _Attempt:
    """One attempt's clock: total_timeout runs from its first request sent, not while queued."""

    deadline: float | None = None


class Fetcher:
    """One per run: a shared HTTP client with per-host politeness and a robots cache."""

    def __init__(
        self,
        policy: FetchPolicy,
        resolver: Resolver = system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        """transport replaces the pinned one (tests); network_backend is what the pinned
        transport dials through (default: httpcore's, i.e. real sockets)."""
        self.policy = policy
        self._resolver = resolver
        self._deadline = (
            time.monotonic() + policy.run_budget_s if policy.run_budget_s is not None else None
        )
        self._global = asyncio.Semaphore(policy.global_concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._last_start: dict[str, float] = {}
        self._turns: dict[str, asyncio.Lock] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._host_failures: dict[tuple[str, int | None], int] = {}
        self._pins: dict[str, tuple[str, ...]] = {}  # name -> the addresses checked for it
        timeout = httpx.Timeout(
            connect=policy.connect_timeout,
            read=policy.read_timeout,
            write=policy.read_timeout,
            pool=policy.total_timeout,
        )
        limits = httpx.Limits(max_connections=policy.global_concurrency * 2)
        if transport is None and not policy.proxy:
            transport = PinnedTransport(self._pins, limits=limits, backend=network_backend)
        self._client = httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=limits,
            trust_env=False,
            transport=transport,
            proxy=policy.proxy,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    def budget_left(self) -> float | None:
        """Seconds left of the run's budget, or None without one."""
        return None if self._deadline is None else self._deadline - time.monotonic()

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
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        left = self.budget_left()
        try:
            if left is not None and left <= 0:
                raise TimeoutError
            async with asyncio.timeout(left):
                result = await self._fetch_with_retries(url, headers, check_robots)
        except TimeoutError:
            left = self.budget_left()
            if left is None or left > 0:
                raise
            budget = self.policy.run_budget_s
            result = failed(url, "budget_exceeded", f"the run's {budget:g} s budget was spent")
        self._note_host(url, result)
        return _with_elapsed(result, time.monotonic() - started)

    async def fetch_many(self, urls: Sequence[str], *, check_robots: bool) -> list[FetchResult]:
        """Fetch several URLs concurrently (politeness still applies per host)."""
        return list(await asyncio.gather(*(self.fetch(u, check_robots=check_robots) for u in urls)))

    async def _fetch_with_retries(
        self, url: str, headers: dict[str, str], check_robots: bool
    ) -> FetchResult:
        if self._unresponsive(url):
            return self._unresponsive_result(url)
        if check_robots and self.policy.respect_robots and not await self.allowed_by_robots(url):
            return FetchResult(
                url, FetchStatus.SKIPPED, error="robots_disallowed", detail="robots.txt disallows"
            )
        attempt = 0
        while True:
            result = await self._fetch_once(url, headers)
            if not self._should_retry(result, attempt):
                return result
            wait = self.policy.backoff_base_s * (2**attempt)
            hinted = retry_after_seconds(result.headers.get("retry-after"))
            if hinted is not None:
                if hinted > self.policy.max_retry_after_s:
                    return result
                wait = max(wait, hinted)
            attempt += 1
            await asyncio.sleep(wait)

    def _should_retry(self, result: FetchResult, attempt: int) -> bool:
        if attempt >= self.policy.retries:
            return False
        if result.error in UNRESPONSIVE_ERRORS or result.error == "protocol_error":
            return True
        return result.http_status in RETRYABLE_STATUS

    # --- the breaker for hosts that stop answering ---

    @staticmethod
    def _host_key(url: str) -> tuple[str, int | None]:
        parts = urlsplit(url)
        try:
            return parts.hostname or "", parts.port
        except ValueError:
            return parts.hostname or "", None

    def _unresponsive(self, url: str) -> bool:
        limit = self.policy.host_failure_limit
        return limit > 0 and self._host_failures.get(self._host_key(url), 0) >= limit

    def _unresponsive_result(self, url: str) -> FetchResult:
        host, _ = self._host_key(url)
        n = self.policy.host_failure_limit
        detail = f"{host} did not answer {n} fetches in a row this run: not asked again"
        return failed(url, "host_unresponsive", detail)

    def _note_host(self, url: str, result: FetchResult) -> None:
        """Count a URL that ended unanswered; any HTTP answer resets its host's count."""
        key = self._host_key(url)
        if result.error in UNRESPONSIVE_ERRORS:
            self._host_failures[key] = self._host_failures.get(key, 0) + 1
        elif result.http_status is not None:
            self._host_failures.pop(key, None)

    # --- one attempt: the redirect chain, each hop checked ---

    async def _fetch_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        attempt, current = _Attempt(), url
        for _hop in range(self.policy.max_redirects + 1):
            refusal = await self._refusal(current)
            if refusal is not None:
                return replace(refusal, url=url, final_url=current)
            result, location = await self._request(url, current, headers, attempt)
            if location is None:
                return result
            try:
                current = urljoin(current, location.strip())
            except ValueError:
                return failed(url, "bad_redirect", f"unusable Location {location[:200]!r}")
        return failed(url, "too_many_redirects", f"more than {self.policy.max_redirects} redirects")

    async def _refusal(self, url: str) -> FetchResult | None:
        """Why url must not be requested (checked before any connection), else None; the
        addresses checked are pinned, so the connection dials exactly those."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return _skipped(url, "bad_scheme", f"refused non-http(s) URL {url[:200]!r}")
        try:
            parsed = httpx.URL(url)  # the name exactly as httpx will connect to it
            host = parsed.raw_host.decode("ascii").lower()
            port = parsed.port or (443 if parsed.scheme == "https" else 80)
        except (httpx.InvalidURL, UnicodeError, ValueError):
            return _skipped(url, "invalid_url", f"invalid URL {url[:200]!r}")
        if is_ip_literal(host):
            addresses = [host.strip("[]")]
        elif self.policy.proxy:
            return None  # the proxy resolves the name; only literal addresses are checked here
        else:
            try:
                async with asyncio.timeout(self.policy.connect_timeout):
                    addresses = list(await self._resolver(host, port))
            except TimeoutError:
                return failed(url, "dns_error", f"resolving {host} took too long")
            except (OSError, UnicodeError) as exc:
                return failed(url, "dns_error", f"cannot resolve {host}: {exc}"[:300])
            if not addresses:
                return failed(url, "dns_error", f"{host} has no address")
        for address in addresses:
            try:
                reason = address_refusal(address, self.policy)
            except ValueError:
                reason = "malformed address"
            if reason is not None:
                literal = address == host.strip("[]")
                where = f"{address} is" if literal else f"{host} resolves to {address},"
                detail = f"{where} a {reason}; not connecting"
                return _skipped(url, "unsafe_address", detail)
        if not is_ip_literal(host):
            self._pins[host] = tuple(addresses)
        return None

    async def _request(
        self, url: str, current: str, headers: dict[str, str], attempt: _Attempt
    ) -> tuple[FetchResult, str | None]:
        host = urlsplit(current).hostname or ""
        async with self._global, self._host_slot(host):
            if self._unresponsive(current):
                return self._unresponsive_result(url), None
            await self._wait_turn(host)
            if attempt.deadline is None:
                attempt.deadline = time.monotonic() + self.policy.total_timeout
            try:
                async with asyncio.timeout(attempt.deadline - time.monotonic()):
                    async with self._client.stream("GET", current, headers=headers) as resp:
                        return await read_response(url, current, resp, self.policy.max_bytes)
            except (TimeoutError, httpx.TimeoutException):
                detail = f"no complete answer from {host} in {self.policy.total_timeout:g} s"
                return failed(url, "timeout", detail), None
            except httpx.ProtocolError as exc:  # the host answered, but not in HTTP
                return failed(url, "protocol_error", f"{type(exc).__name__}: {exc}"[:300]), None
            except (httpx.TransportError, httpx.InvalidURL, UnicodeError) as exc:
                return failed(url, "connect_error", f"{type(exc).__name__}: {exc}"[:300]), None

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self.policy.per_host_concurrency)
        return self._hosts[host]

    async def _wait_turn(self, host: str) -> None:
        """Space request starts to one host by per_host_delay_s, counted from the time the last
        one really went (a busy event loop wakes a sleeper late: a start planned ahead would
        then come too soon after it)."""
        async with self._turns.setdefault(host, asyncio.Lock()):
            last = self._last_start.get(host, -math.inf)
            wait = last + self.policy.per_host_delay_s - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_start[host] = time.monotonic()

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


def _skipped(url: str, error: str, detail: str) -> FetchResult:
    return FetchResult(url, FetchStatus.SKIPPED, error=error, detail=detail)


def _with_elapsed(result: FetchResult, elapsed: float) -> FetchResult:
    return replace(result, elapsed_s=elapsed)
