"""Address safety at the decision point: names that resolve to private, loopback, link-local or
metadata addresses are refused before any connection, on every hop, and the connection dials
only the address that was checked (no second DNS lookup that could be rebound).

No test here sends a packet beyond 127.0.0.1: names are resolved by stub resolvers, connections
go through a recording network backend, and socket.getaddrinfo is watched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx
import pytest

from pipelines.addresses import PinnedBackend, PinnedTransport
from pipelines.fetch import Fetcher, FetchPolicy, address_refusal
from pipelines.records import FetchStatus
from settings import FetchSettings
from tests.support.http import Response, local_server

LOOPBACK_OK = FetchSettings(
    retries=0,
    per_host_delay_s=0,
    allow_loopback=True,
    connect_timeout=2,
    read_timeout=3,
    total_timeout=3,
)


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Real sockets, but only to loopback, and every dial is recorded."""

    def __init__(self) -> None:
        self.dialled: list[tuple[str, int]] = []
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.dialled.append((host, port))
        assert host in ("127.0.0.1", "::1"), f"the test tried to dial {host}"
        return await self._inner.connect_tcp(host, port, *args, **kwargs)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def stub_resolver(table: dict[str, list[str]], calls: list[str] | None = None):
    async def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        answer = table[host]
        return answer.pop(0) if answer and isinstance(answer[0], list) else answer

    return resolve


@contextmanager
def watched_getaddrinfo() -> Iterator[list[str]]:
    """Record (and refuse) every name handed to the system resolver."""
    real, looked_up = socket.getaddrinfo, []

    def guard(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "test guard: no DNS")

    socket.getaddrinfo = guard
    try:
        yield looked_up
    finally:
        socket.getaddrinfo = real


def fetch_all(policy: FetchPolicy, resolver, urls: list[str], backend=None):
    async def go():
        async with Fetcher(policy, resolver, network_backend=backend) as fetcher:
            return [await fetcher.fetch(u) for u in urls]

    return asyncio.run(go())


# --- refused before any connection ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (["10.0.0.1"], "private address"),
        (["192.168.1.5"], "private address"),
        (["172.16.0.9"], "private address"),
        (["100.64.0.1"], "private address"),  # carrier-grade NAT
        (["fd00::1"], "private address"),
        (["169.254.169.254"], "link-local or cloud metadata address"),
        (["fe80::1"], "link-local or cloud metadata address"),
        (["127.0.0.1"], "loopback address"),
        (["::1"], "loopback address"),
        (["0.0.0.0"], "reserved address"),
        (["::ffff:10.1.2.3"], "private address"),  # IPv4-mapped
        (["2002:a9fe:a9fe::1"], "link-local or cloud metadata address"),  # 6to4
        (["64:ff9b::a00:1"], "private address"),  # NAT64
        (["93.184.216.34", "10.0.0.1"], "private address"),  # one bad answer is enough
    ],
)
def test_names_resolving_to_unsafe_addresses_are_refused_unconnected(answer, reason):
    backend = RecordingBackend()
    policy = FetchSettings(retries=0)
    (result,) = fetch_all(
        policy, stub_resolver({"news.test": answer}), ["http://news.test/a"], backend
    )
    assert result.status is FetchStatus.SKIPPED and result.error == "unsafe_address"
    assert reason in result.detail and answer[-1] in result.detail
    assert backend.dialled == []


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd12::1]:8080/x",
        "http://[::ffff:192.168.0.1]/x",
    ],
)
def test_ip_literals_are_checked_without_a_resolver(url):
    calls: list[str] = []
    backend = RecordingBackend()
    (result,) = fetch_all(FetchSettings(retries=0), stub_resolver({}, calls), [url], backend)
    assert result.error == "unsafe_address" and calls == [] and backend.dialled == []


def test_loopback_is_refused_by_default_and_allowed_by_the_setting():
    backend = RecordingBackend()
    with local_server() as server:
        port = server.port
        server.route("/a", Response(200, b"hello"))
        url = f"http://local.test:{port}/a"
        resolver = stub_resolver({"local.test": ["127.0.0.1"]})
        (refused,) = fetch_all(FetchSettings(retries=0), resolver, [url], backend)
        assert refused.error == "unsafe_address" and "loopback" in refused.detail
        assert backend.dialled == [] and server.requests == []
        (allowed,) = fetch_all(LOOPBACK_OK, resolver, [url], backend)
    assert allowed.ok and allowed.content == b"hello"
    assert backend.dialled == [("127.0.0.1", port)]


def test_every_redirect_hop_is_checked_before_connecting():
    backend = RecordingBackend()
    with local_server() as server:
        server.route("/hop", Response(302, b"", {"Location": "http://intranet.test/admin"}))
        server.route("/meta", Response(302, b"", {"Location": "http://169.254.169.254/"}))
        resolver = stub_resolver({"intranet.test": ["10.0.0.1"]})
        urls = [server.base_url + "/hop", server.base_url + "/meta"]
        inward, metadata = fetch_all(LOOPBACK_OK, resolver, urls, backend)
    assert inward.error == "unsafe_address" and "10.0.0.1" in inward.detail
    assert inward.final_url == "http://intranet.test/admin"
    assert metadata.error == "unsafe_address" and "metadata" in metadata.detail
    assert {host for host, _ in backend.dialled} == {"127.0.0.1"}


def test_a_proxy_still_gets_no_literal_unsafe_address():
    with local_server() as proxy:
        policy = FetchSettings(retries=0, proxy=proxy.base_url)
        (result,) = fetch_all(policy, stub_resolver({}), ["http://10.0.0.1/x"])
        assert result.error == "unsafe_address" and proxy.requests == []


# --- the connection dials the address that was checked -------------------------------------------


def test_the_checked_address_is_dialled_and_the_name_kept_for_host():
    backend = RecordingBackend()
    with local_server() as server, watched_getaddrinfo() as looked_up:
        port = server.port
        server.route("/a", Response(200, b"pinned"))
        resolver = stub_resolver({"news.test": ["127.0.0.1"]})
        (result,) = fetch_all(LOOPBACK_OK, resolver, [f"http://news.test:{port}/a"], backend)
        host_header = server.requests[0].headers["Host"]
    assert result.ok and result.content == b"pinned"
    assert backend.dialled == [("127.0.0.1", port)]
    assert host_header == f"news.test:{port}"
    assert looked_up == []  # httpx never resolved the name itself


def test_a_rebound_answer_on_the_next_hop_is_refused():
    """The name answers loopback (allowed) first, then 10.0.0.1: the second hop is refused
    before a request, even though a kept-alive connection to the first address exists."""
    backend = RecordingBackend()
    calls: list[str] = []
    with local_server() as server:
        port = server.port
        server.route("/first", Response(302, b"", {"Location": "/second"}))
        server.route("/second", Response(200, b"must not be read"))
        answers = {"rebind.test": [["127.0.0.1"], ["10.0.0.1"]]}
        url = f"http://rebind.test:{port}/first"
        (result,) = fetch_all(LOOPBACK_OK, stub_resolver(answers, calls), [url], backend)
        paths = [r.path for r in server.requests]
    assert result.error == "unsafe_address" and "10.0.0.1" in result.detail
    assert calls == ["rebind.test", "rebind.test"] and paths == ["/first"]


def test_pinned_backend_never_dials_an_unchecked_name():
    backend = RecordingBackend()
    pinned = PinnedBackend({}, backend)
    with pytest.raises(httpcore.ConnectError, match="no checked address"):
        asyncio.run(pinned.connect_tcp("unchecked.test", 80))
    assert backend.dialled == []


def _certificate(name: str) -> tuple[bytes, bytes]:
    """A self-signed certificate and key (PEM) for name."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def test_tls_to_a_pinned_address_keeps_sni_and_the_certificate_check(tmp_path):
    cert, key = _certificate("news.test")
    (tmp_path / "cert.pem").write_bytes(cert)
    (tmp_path / "key.pem").write_bytes(key)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    sni: list[str | None] = []
    server_context.sni_callback = lambda sock, name, ctx: sni.append(name)
    client_context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    backend = RecordingBackend()

    async def get(name: str, port: int) -> httpx.Response:
        pins = {"news.test": ("127.0.0.1",), "other.test": ("127.0.0.1",)}
        transport = PinnedTransport(
            pins, limits=httpx.Limits(), verify=client_context, backend=backend
        )
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(f"https://{name}:{port}/")

    with local_server(tls=server_context) as server:
        server.route("/", Response(200, b"hello"))
        response = asyncio.run(get("news.test", server.port))
        assert response.status_code == 200 and response.text == "hello"
        assert sni == ["news.test"] and backend.dialled == [("127.0.0.1", server.port)]
        with pytest.raises(httpx.ConnectError, match=r"(?i)certificate|hostname"):
            asyncio.run(get("other.test", server.port))  # same address, but the name is checked


# --- resolver failures ----------------------------------------------------------------------------


def test_no_answer_and_a_hanging_resolver_are_dns_errors():
    async def hangs(host: str, port: int) -> list[str]:
        await asyncio.sleep(60)
        return []

    policy = FetchSettings(retries=0, connect_timeout=0.2)
    (empty,) = fetch_all(policy, stub_resolver({"void.test": []}), ["http://void.test/"])
    (slow,) = fetch_all(policy, hangs, ["http://slow.test/"])
    assert empty.error == "dns_error" and empty.status is FetchStatus.FAILED
    assert slow.error == "dns_error" and "too long" in slow.detail


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("198.18.0.1", "private address"),  # benchmarking range
        ("224.0.0.1", "reserved address"),
        ("255.255.255.255", "reserved address"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private address"),  # Teredo to 10.0.0.1
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_more_address_classes(address, reason):
    assert address_refusal(address, FetchSettings()) == reason
