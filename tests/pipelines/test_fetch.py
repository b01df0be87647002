"""The fetcher against a real server on 127.0.0.1: every outcome is a value."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import time

import httpx
import pytest

from pipelines.fetch import Fetcher, FetchPolicy, address_refusal, retry_after_seconds
from pipelines.records import FetchStatus
from settings import FetchSettings
from tests.support.http import Response, local_server, revalidated

FAST = FetchSettings(
    connect_timeout=2,
    read_timeout=1,
    total_timeout=3,
    max_bytes=100_000,
    retries=2,
    backoff_base_s=0.01,
    per_host_delay_s=0,
    allow_loopback=True,
)


def fast_with(**changes: object) -> FetchSettings:
    """FAST with some settings changed, validated as in a settings file."""
    return FetchSettings.model_validate({**FAST.model_dump(), **changes})


def test_the_settings_define_every_policy_attribute():
    """The fetcher reads FetchPolicy; FetchSettings is its one definition, defaults and all."""
    wanted = {name for name, value in vars(FetchPolicy).items() if isinstance(value, property)}
    assert wanted and wanted == set(FetchSettings.model_fields)


def fetch(url: str, policy: FetchPolicy = FAST, **kwargs):
    async def go():
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(go())


def test_ok_then_conditional_get_gives_not_modified():
    conditional = revalidated(b"<rss/>", '"v1"', {"Content-Type": "text/xml; charset=ISO-8859-1"})
    with local_server() as server:
        url = server.route("/feed", conditional)
        first = fetch(url)
        assert first.ok and first.content == b"<rss/>" and first.etag == '"v1"'
        assert first.charset == "iso-8859-1"
        second = fetch(url, etag=first.etag)
        assert second.status is FetchStatus.NOT_MODIFIED


def test_server_error_is_retried_then_reported():
    with local_server() as server:
        url = server.route("/broken", Response(500, b"oops"))
        result = fetch(url)
        assert result.status is FetchStatus.FAILED and result.error == "http_500"
        assert server.hits("/broken") == 1 + FAST.retries


def test_retry_after_is_honoured():
    calls = []

    def limited(handler):
        calls.append(time.monotonic())
        if len(calls) == 1:
            return Response(429, b"slow down", {"Retry-After": "1"})
        return Response(200, b"fine")

    with local_server() as server:
        result = fetch(server.route("/limited", limited))
    assert result.ok and result.content == b"fine"
    assert calls[1] - calls[0] >= 0.9


def test_retry_after_beyond_the_cap_gives_up_at_once():
    with local_server() as server:
        url = server.route("/later", Response(503, b"", {"Retry-After": "3600"}))
        result = fetch(url)
        assert result.error == "http_503" and server.hits("/later") == 1


def test_timeout_is_a_value():
    with local_server() as server:
        url = server.route("/slow", Response(200, b"late", delay_s=2.5))
        policy = fast_with(connect_timeout=1, read_timeout=0.5, total_timeout=1, retries=0)
        result = fetch(url, policy)
    assert result.status is FetchStatus.FAILED and result.error == "timeout"


def test_trickling_server_is_cut_at_the_total_timeout():
    policy = fast_with(connect_timeout=1, read_timeout=1, total_timeout=1.5, retries=0)
    with local_server() as server:
        url = server.route("/trickle", Response(200, b"x" * 1000, trickle_s=0.1))
        started = time.monotonic()
        result = fetch(url, policy)
    assert result.error == "timeout" and time.monotonic() - started < 4


def test_size_cap_on_declared_and_streamed_bodies():
    with local_server() as server:
        big = server.route("/big", Response(200, b"x" * 200_000))
        assert fetch(big).error == "too_large"


def test_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * 50_000_000)
    with local_server() as server:
        url = server.route("/bomb", Response(200, bomb, {"Content-Encoding": "gzip"}))
        result = fetch(url)
    assert result.error == "too_large" and result.content == b""


def test_gzip_body_is_decoded():
    with local_server() as server:
        url = server.route(
            "/gz", Response(200, gzip.compress(b"hello"), {"Content-Encoding": "gzip"})
        )
        assert fetch(url).content == b"hello"


def test_redirects_followed_capped_and_scheme_checked():
    with local_server() as server:
        server.route("/a", Response(301, b"", {"Location": "/b"}))
        server.route("/b", Response(200, b"landed"))
        server.route("/loop", Response(302, b"", {"Location": "/loop"}))
        server.route("/evil", Response(302, b"", {"Location": "file:///etc/passwd"}))
        ok = fetch(server.base_url + "/a")
        assert ok.content == b"landed" and ok.final_url.endswith("/b")
        assert fetch(server.base_url + "/loop").error == "too_many_redirects"
        evil = fetch(server.base_url + "/evil")
        assert evil.status is FetchStatus.SKIPPED and evil.error == "bad_scheme"


def test_robots_txt_is_honoured_for_pages():
    with local_server() as server:
        server.route("/robots.txt", Response(200, b"User-agent: *\nDisallow: /private/\n"))
        server.route("/private/x.html", Response(200, b"secret"))
        server.route("/public/x.html", Response(200, b"hello"))

        async def go():
            async with Fetcher(FAST) as fetcher:
                return await fetcher.fetch_many(
                    [server.base_url + "/private/x.html", server.base_url + "/public/x.html"],
                    check_robots=True,
                )

        private, public = asyncio.run(go())
        assert private.error == "robots_disallowed" and public.ok
        assert server.hits("/private/x.html") == 0 and server.hits("/robots.txt") == 1


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "private address"),
        ("192.168.1.5", "private address"),
        ("169.254.169.254", "link-local or cloud metadata address"),
        ("127.0.0.1", "loopback address"),
        ("::1", "loopback address"),
        ("::ffff:10.1.2.3", "private address"),
        ("0.0.0.0", "reserved address"),
        ("93.184.216.34", None),
    ],
)
def test_address_policy(address, reason):
    assert address_refusal(address, FetchSettings()) == reason


def test_unsafe_addresses_are_refused_before_any_connection():
    resolved = []

    async def stub_resolver(host: str, port: int) -> list[str]:
        resolved.append(host)
        return {"intranet.test": ["10.0.0.1"], "metadata.test": ["169.254.169.254"]}[host]

    sent = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(200)

    async def go():
        policy = FetchSettings(retries=0)
        async with Fetcher(policy, stub_resolver, httpx.MockTransport(record)) as fetcher:
            return [
                await fetcher.fetch(f"http://{h}/feed") for h in ("intranet.test", "metadata.test")
            ]

    intranet, metadata = asyncio.run(go())
    assert sent == []  # no request reached the transport
    assert intranet.status is FetchStatus.SKIPPED and intranet.error == "unsafe_address"
    assert "10.0.0.1" in intranet.detail and "private" in intranet.detail
    assert "metadata" in metadata.detail
    assert resolved == ["intranet.test", "metadata.test"]


def test_retry_after_parsing():
    assert retry_after_seconds("5") == 5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert retry_after_seconds("soon") is None


def fetch_many(urls: list[str], policy: FetchPolicy = FAST):
    async def go():
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch_many(urls, check_robots=False)

    return asyncio.run(go())


def test_waiting_in_the_host_queue_does_not_count_towards_the_timeout():
    """30 pages of one host, 0.1 s apart, with a 1 s total_timeout: none times out."""
    policy = fast_with(
        connect_timeout=1, total_timeout=1, read_timeout=1, retries=0, per_host_delay_s=0.1
    )
    with local_server() as server:
        urls = [server.route(f"/p{i}", Response(200, b"hi")) for i in range(30)]
        results = fetch_many(urls, policy)
    assert all(r.ok for r in results)


def test_a_late_event_loop_never_brings_two_requests_to_a_host_closer_than_the_delay():
    """Requests whose turns were planned ahead used to leave together after the loop was busy
    (seen at 0.67 s apart with a 1 s delay): each turn now counts from the last real start.
    The loop is blocked while the second request waits for its turn; the first request may be
    caught mid-send by the block, so the gaps are measured from the second arrival on."""
    policy = fast_with(per_host_delay_s=0.3, retries=0)
    with local_server() as server:
        urls = [server.route(f"/t{i}", Response(200, b"x")) for i in range(4)]

        async def go():
            asyncio.get_running_loop().call_later(0.1, time.sleep, 0.6)  # a busy loop
            async with Fetcher(policy) as fetcher:
                return await fetcher.fetch_many(urls, check_robots=False)

        assert all(r.ok for r in asyncio.run(go()))
        starts = sorted(r.at for r in server.requests)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps[1:]) >= 0.25, gaps


def test_run_budget_ends_outstanding_fetches():
    policy = fast_with(run_budget_s=1.5, retries=0, total_timeout=10, read_timeout=10)
    with local_server() as server:
        fast = server.route("/fast", Response(200, b"ok"))
        slow = [server.route(f"/slow{i}", Response(200, b"late", delay_s=5)) for i in range(3)]
        started = time.monotonic()
        results = fetch_many([fast, *slow], policy)
        elapsed = time.monotonic() - started
    assert results[0].ok
    assert [r.error for r in results[1:]] == ["budget_exceeded"] * 3
    assert elapsed < 3


def test_a_host_that_stops_answering_is_given_up_for_the_run():
    policy = fast_with(
        retries=0, connect_timeout=0.5, total_timeout=0.5, read_timeout=0.5, per_host_concurrency=1
    )
    with local_server() as server:
        urls = [server.route(f"/s{i}", Response(200, b"x", delay_s=3)) for i in range(8)]
        started = time.monotonic()
        results = fetch_many(urls, policy)
        elapsed = time.monotonic() - started
        requested = len(server.requests)
    errors = [r.error for r in results]
    assert errors[:3] == ["timeout"] * 3 and set(errors[3:]) == {"host_unresponsive"}
    assert requested == 3 and elapsed < 3


def test_an_answer_resets_the_host_breaker():
    calls = []

    def flaky(handler):
        calls.append(1)
        return Response(200, b"x", delay_s=2 if len(calls) % 2 else 0)

    policy = fast_with(
        retries=0, connect_timeout=0.5, total_timeout=0.5, read_timeout=0.5, per_host_concurrency=1
    )
    with local_server() as server:
        results = fetch_many([server.route("/f", flaky)] * 8, policy)
    assert "host_unresponsive" not in {r.error for r in results}


def test_broken_answers_are_protocol_errors():
    with local_server() as server:
        url = server.route("/nolocation", Response(302, b""))
        assert fetch(url).error == "http_302"
        bad = server.route("/bad-location", Response(302, b"", {"Location": "http://[::1/x"}))
        assert fetch(bad).error == "protocol_error"  # httpx rejects the Location itself
