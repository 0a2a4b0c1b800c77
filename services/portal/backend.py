"""The other services, as the portal reaches them: over HTTP, with the signed-in user's own token, so every
access rule is the services' and the portal can show nothing its user could not fetch themselves."""

from typing import Any

import httpx

from services.portal.settings import Settings

SERVICES = ("procurement", "scoring", "notifications", "audit")


class BackendError(Exception):
    """A service said no: its status and what it said (the detail, or the 422 problems)."""

    def __init__(
        self,
        status: int,
        detail: str,
        problems: list[dict[str, str]] | None = None,
        messages: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.problems = problems or []
        self.messages = messages or {}  # the refusal in each language the service says it in

    def in_language(self, language: str) -> str:
        return self.messages.get(language) or self.detail


class Backend:
    def __init__(self, settings: Settings, transports: dict[str, httpx.AsyncBaseTransport] | None = None) -> None:
        transports = transports or {}
        self._clients = {
            name: httpx.AsyncClient(
                base_url=getattr(settings, f"{name}_url"), timeout=15, transport=transports.get(name)
            )
            for name in SERVICES
        }

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()

    async def get(self, service: str, path: str, token: str | None, **params: Any) -> Any:
        return await self._call("GET", service, path, token, params=params or None)

    async def post(self, service: str, path: str, token: str | None, body: Any = None, **params: Any) -> Any:
        return await self._call("POST", service, path, token, json=body, params=params or None)

    async def put(self, service: str, path: str, token: str | None, body: Any) -> Any:
        return await self._call("PUT", service, path, token, json=body)

    async def delete(self, service: str, path: str, token: str | None, **params: Any) -> Any:
        return await self._call("DELETE", service, path, token, params=params or None)

    async def download(self, service: str, path: str, token: str | None, **params: Any) -> httpx.Response:
        """A file as the service sends it (its bytes and content type)."""
        return await self._send("GET", service, path, token, params=params or None)

    async def _call(self, method: str, service: str, path: str, token: str | None, **options: Any) -> Any:
        response = await self._send(method, service, path, token, **options)
        return response.json() if response.content else None

    async def _send(self, method: str, service: str, path: str, token: str | None, **options: Any) -> httpx.Response:
        if not _plain_path(path):
            raise BackendError(404, "no such page")  # an id from the address must not steer the call elsewhere
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self._clients[service].request(method, path, headers=headers, **options)
        if response.status_code >= 400:
            raise _error_of(response)
        return response


def _plain_path(path: str) -> bool:
    """A path built from ids the user typed holds no query, fragment or dot segment of theirs (queries go in
    `params`), so an id like "T1?x=1" or ".." cannot reach another route than the one the portal means."""
    return not any(mark in path for mark in "?#\\") and not any(part in (".", "..") for part in path.split("/"))


def _error_of(response: httpx.Response) -> BackendError:
    try:
        body = response.json()
    except ValueError:
        return BackendError(response.status_code, response.text[:500])
    detail = body.get("detail") if isinstance(body, dict) else None
    problems = body.get("problems") if isinstance(body, dict) else None
    if not isinstance(detail, str):
        detail = "; ".join(f"{p.get('path')}: {p.get('reason')}" for p in problems or []) or str(body)[:500]
    messages = body.get("messages") if isinstance(body, dict) and isinstance(body.get("messages"), dict) else None
    return BackendError(response.status_code, detail, problems, messages)


async def or_none(call: Any) -> Any:
    """What a service answers, or None where there is nothing (yet) for this user: 404, 403 (not on the
    committee), or 409 while the bids are sealed."""
    try:
        return await call
    except BackendError as refusal:
        if refusal.status in (403, 404, 409):
            return None
        raise
