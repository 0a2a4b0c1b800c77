"""The webhook's way out, guarded: the host is resolved once, every address is checked, and the connection goes
to the address that was checked.

Checking a URL's host name and then letting the HTTP client connect would resolve the name twice; a DNS answer
that changes in between (DNS rebinding) would take the request to an address that was never checked. So the
check sits where the connection is made: `GuardedBackend` is the httpcore network backend of the webhook's
HTTP client, and its `connect_tcp` resolves the host with our resolver, refuses it if any address is one a
webhook may not reach (`domain.webhooks.first_refusal`), and opens the TCP connection to a checked address. The
request itself is unchanged: its `Host` header and, over HTTPS, the TLS server name (SNI) and the certificate
check stay the URL's host name, so TLS still proves we talk to that host.
"""

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable
from ipaddress import ip_address
from typing import Any

import httpcore
import httpx

from services.notifications.domain.webhooks import IPAddress, first_refusal

Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]
_MAX_ANSWER_BYTES = 64 * 1024  # a receiver's answer is read only this far: it is not what we came for


class Refused(Exception):
    """We do not deliver this, now or later: the same question would get the same answer."""


async def system_resolver(host: str, port: int) -> list[IPAddress]:
    """Every address the system's resolver gives the host, in its order (IPv6 scope ids dropped)."""
    answers = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for *_, sockaddr in answers:
        address = ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, resolver: Resolver, *, allow_private: bool) -> None:
        self._resolver = resolver
        self._allow_private = allow_private
        self._network = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolver(host, port)
        except (OSError, TimeoutError) as error:
            raise httpcore.ConnectError(f"{host} could not be resolved: {error}") from error
        refusal = first_refusal(addresses, allow_private=self._allow_private)
        if refusal is not None:
            raise Refused(f"{host} is not reachable for webhooks: {refusal}")
        failure: Exception | None = None
        for address in addresses:  # each of them checked; the first that answers is used
            try:
                return await self._network.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as error:
                failure = error
        assert failure is not None, "first_refusal refuses a host without addresses"
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise Refused("webhooks never connect to a unix socket")

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore pool whose every connection goes through `GuardedBackend`."""

    def __init__(self, backend: GuardedBackend, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self._pool = httpcore.AsyncConnectionPool(ssl_context=ssl_context, network_backend=backend)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        url = request.url
        answer = await self._pool.handle_async_request(
            httpcore.Request(
                method=request.method,
                url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
                headers=request.headers.raw,
                content=request.stream,
                extensions=request.extensions,
            )
        )
        content = b""
        try:
            async for chunk in answer.aiter_stream():
                content += chunk
                if len(content) >= _MAX_ANSWER_BYTES:
                    break
        finally:
            await answer.aclose()
        return httpx.Response(status_code=answer.status, headers=answer.headers, content=content[:_MAX_ANSWER_BYTES])

    async def aclose(self) -> None:
        await self._pool.aclose()
