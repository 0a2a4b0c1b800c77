"""The scoring engine as the audit service reaches it: scoring's preview endpoint over HTTP, which evaluates a
request without storing anything. (The `procure audit recompute` command runs the engine in its own process.)"""

from typing import Any

import httpx

from services.audit.domain.recompute import EngineAnswer


class ScoringOverHttp:
    """One re-computation's engine: its requests share one connection (a tender may hold several evaluations)."""

    def __init__(self, scoring_url: str, *, timeout: float = 60.0) -> None:
        self._http = httpx.Client(base_url=scoring_url.rstrip("/"), timeout=timeout)
        self.version = "unknown"  # the engine's own, learnt from its first answer

    def __enter__(self) -> "ScoringOverHttp":
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def run(self, request: Any, *, sensitivity: bool) -> EngineAnswer:
        params = {"sensitivity": "true"} if sensitivity else None
        response = self._http.post("/evaluations/preview", json=request, params=params)
        if response.status_code == 422:
            return EngineAnswer(None, response.json()["problems"])
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        self.version = str(result.get("engine_version", self.version))
        return EngineAnswer(result, [])
