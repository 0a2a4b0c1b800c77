"""The webhook channel's way out: a `WebhookPoster` hands one signed JSON body to a bidder's URL, and
`HttpWebhookPoster` does it over HTTP(S) through the address guard (`network_guard`).

A post either returns (the receiver answered 2xx) or raises: `WebhookRejected` for any other answer (retried
like an SMTP refusal), `Refused` when we will not connect at all (a final failure at once). Redirects are not
followed (a 3xx is a failure): a redirect could point anywhere, the guard's check included.
"""

import asyncio
from typing import Protocol

import httpx

from services.notifications.domain.webhooks import url_problem
from services.notifications.network_guard import GuardedBackend, GuardedTransport, Refused, Resolver, system_resolver
from services.notifications.settings import Settings


class WebhookRejected(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"HTTP {status} {reason}".strip())
        self.status = status


class WebhookPoster(Protocol):
    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        """Return once the receiver answered 2xx; raise if it did not, or if we refuse to connect."""
        ...


class HttpWebhookPoster:
    def __init__(self, settings: Settings, resolver: Resolver | None = None) -> None:
        self._settings = settings
        self._backend = GuardedBackend(resolver or system_resolver, allow_private=settings.webhook_allow_private)

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        problem = url_problem(url, allow_http=self._settings.webhook_allow_http)
        if problem is not None:
            raise Refused(problem)
        timeout = self._settings.webhook_timeout_seconds
        # trust_env=False: a proxy from the environment would make the connection, and the guard would check the
        # proxy's address instead of the receiver's.
        async with (
            httpx.AsyncClient(
                transport=GuardedTransport(self._backend), follow_redirects=False, trust_env=False, timeout=timeout
            ) as client,
            asyncio.timeout(timeout * 2),  # the whole exchange, however slowly a receiver drips its answer
        ):
            response = await client.post(url, content=body, headers=headers)
        if not response.is_success:
            raise WebhookRejected(response.status_code, response.reason_phrase)


def describe(error: Exception) -> str:
    """A failed post as officers read it in the status."""
    if isinstance(error, WebhookRejected):
        return str(error)[:500]
    if isinstance(error, Refused):
        return f"refused: {error}"[:500]
    return f"{type(error).__name__}: {error}"[:500]
