"""What every service runs beside its own code: the database, the event bus, the outbox relay, the unit of work,
and a FastAPI app whose lifespan starts and stops them, with `/health` and `/ready`."""

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager, suppress
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData, text

from shared.clock import Clock, SystemClock
from shared.database import PlumbingTable, make_engine, make_sessions
from shared.kafka import EventBus
from shared.logging import configure_logging
from shared.outbox import OutboxRelay
from shared.settings import ServiceSettings
from shared.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)
BackgroundJob = Callable[[], Coroutine[Any, Any, None]]


class ServiceRuntime:
    """Built once per service in `main.create_app`; nothing connects until the app's lifespan starts."""

    def __init__(
        self, settings: ServiceSettings, *, name: str, metadata: Sequence[MetaData], clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.name = name
        self.clock: Clock = clock or SystemClock()
        self._metadata = [PlumbingTable.metadata, *metadata]
        self.engine = make_engine(settings.database_url)
        self.sessions = make_sessions(self.engine)
        self.bus = EventBus(settings, client_id=name)
        self.relay = OutboxRelay(self.sessions, self.bus.publish, self.clock, poll_seconds=settings.outbox_poll_seconds)
        self.unit_of_work = UnitOfWork(self.sessions, self.clock, on_emit=self.relay.notify)
        self._jobs: list[BackgroundJob] = [self.relay.run]

    def add_job(self, job: BackgroundJob) -> None:
        """A loop that runs for the app's lifetime beside the handlers (the deadline clock, a dispatcher)."""
        self._jobs.append(job)

    async def create_tables(self) -> None:
        async with self.engine.begin() as connection:
            for metadata in self._metadata:
                await connection.run_sync(metadata.create_all)

    async def ready(self) -> dict[str, bool]:
        """Whether the database answers a query and the broker a metadata request."""
        checks = {"database": False, "broker": False}
        with suppress(Exception):
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = True
        with suppress(Exception):
            checks["broker"] = await self.bus.broker.ping(timeout=2.0)
        return checks

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        await self.create_tables()
        await self.bus.start()
        tasks = [asyncio.create_task(job(), name=getattr(job, "__qualname__", "job")) for job in self._jobs]
        log.info("service_started", service=self.name, port=self.settings.port)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.bus.stop()
            await self.engine.dispose()
            log.info("service_stopped", service=self.name)

    def create_app(self, *, title: str, description: str, routers: Sequence[APIRouter], **state: Any) -> FastAPI:
        configure_logging(json=self.settings.log_json, level=self.settings.log_level)
        app = FastAPI(title=title, description=description, version="1.0.0", lifespan=self.lifespan)
        app.state.runtime = self
        for key, value in state.items():
            setattr(app.state, key, value)
        app.include_router(self._health_router())
        for router in routers:
            app.include_router(router)
        return app

    def _health_router(self) -> APIRouter:
        router = APIRouter(tags=["health"])

        @router.get("/health", summary="The process is alive")
        async def health() -> dict[str, str]:
            return {"status": "ok", "service": self.name}

        @router.get("/ready", summary="The database and the broker both answer")
        async def ready() -> JSONResponse:
            checks = await self.ready()
            status = 200 if all(checks.values()) else 503
            return JSONResponse({"ready": all(checks.values()), "checks": checks}, status_code=status)

        return router


def get_runtime(request: Request) -> ServiceRuntime:
    runtime: ServiceRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ServiceRuntime, Depends(get_runtime)]
