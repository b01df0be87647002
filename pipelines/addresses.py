"""Address safety for outgoing HTTP: which addresses may be contacted, and a transport that dials
only the addresses that were checked.

A name is resolved once, each address is checked against the policy, and the connection then
goes to one of exactly those addresses: httpx never resolves the name again, so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot redirect it. The name still
goes into the Host header, TLS SNI and the certificate check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Protocol

import httpcore
import httpx

Resolver = Callable[[str, int], Awaitable[list[str]]]
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressPolicy(Protocol):
    """The two switches address_refusal reads (a FetchPolicy has them)."""

    @property
    def allow_loopback(self) -> bool: ...

    @property
    def allow_private_addresses(self) -> bool: ...


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def address_refusal(address: str, policy: AddressPolicy) -> str | None:
    """Why an IP address must not be contacted under policy, or None when it may."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
        address.split("%", 1)[0]
    )
    ip = _embedded_ipv4(ip) or ip
    if ip.is_loopback:
        allowed = policy.allow_loopback or policy.allow_private_addresses
        return None if allowed else "loopback address"
    if ip.is_link_local:
        return "link-local or cloud metadata address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "reserved address"
    if ip.is_private or not ip.is_global:
        return None if policy.allow_private_addresses else "private address"
    return None


def _embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64): that is where it goes."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Dials only the addresses recorded for a name in `pins` (IP literals as they are);
    a name with no checked address is never resolved, the connection is refused instead."""

    def __init__(
        self,
        pins: Mapping[str, Sequence[str]],
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self._pins = pins
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = [host] if is_ip_literal(host) else list(self._pins.get(host.lower(), ()))
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no checked address: not connecting")
        error: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a pool that dials through a PinnedBackend. The URL's name still
    goes into the Host header, TLS SNI and the certificate check."""

    def __init__(
        self,
        pins: Mapping[str, Sequence[str]],
        *,
        limits: httpx.Limits,
        verify: ssl.SSLContext | bool = True,
        backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(pins, backend),
        )
