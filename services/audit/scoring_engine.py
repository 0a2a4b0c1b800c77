"""The scoring engine as the audit service reaches it: scoring's preview endpoint over HTTP, which evaluates a
request without storing anything. (The `procure audit recompute` command runs the engine in its own process.)"""

from typing import Any

import httpx

from services.audit.domain.recompute import EngineAnswer


class ScoringOverHttp:
    def __init__(self, scoring_url: str, *, timeout: float = 60.0) -> None:
        self._url = scoring_url.rstrip("/")
        self._timeout = timeout
        self.version = "unknown"  # the engine's own, learnt from its first answer

    def run(self, request: Any, *, sensitivity: bool) -> EngineAnswer:
        response = httpx.post(
            f"{self._url}/evaluations/preview",
            json=request,
            params={"sensitivity": "true"} if sensitivity else None,
            timeout=self._timeout,
        )
        if response.status_code == 422:
            return EngineAnswer(None, response.json()["problems"])
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        self.version = str(result.get("engine_version", self.version))
        return EngineAnswer(result, [])
