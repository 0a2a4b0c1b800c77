"""What every service runs beside its own code: the database, the event bus, the outbox relay, the unit of work,
and a FastAPI app whose lifespan starts and stops them, with `/health` and `/ready`."""

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData, text

from shared.clock import Clock, OffsetClock, SystemClock
from shared.database import PlumbingTable, make_engine, make_sessions
from shared.http_errors import InvalidInput, invalid_input_response, request_validation_response
from shared.kafka import EventBus
from shared.logging import configure_logging
from shared.migrations import migrate
from shared.outbox import OutboxRelay
from shared.settings import ServiceSettings
from shared.single_instance import SingleInstanceJob, instance_lock_for
from shared.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)
BackgroundJob = Callable[[], Coroutine[Any, Any, None]]


class ServiceRuntime:
    """Built once per service in `main.create_app`; nothing connects until the app's lifespan starts."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        name: str,
        metadata: Sequence[MetaData],
        migrations: Path | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.settings = settings
        self.name = name
        self.clock: Clock = clock or (
            OffsetClock(settings.clock_offset_file) if settings.clock_offset_file else SystemClock()
        )
        self.metadata = [PlumbingTable.metadata, *metadata]
        self.migrations = migrations
        self.engine = make_engine(settings.database_url)
        self.sessions = make_sessions(self.engine)
        self.bus = EventBus(settings, client_id=name)
        self.relay = OutboxRelay(self.sessions, self.bus.publish, self.clock, poll_seconds=settings.outbox_poll_seconds)
        self.unit_of_work = UnitOfWork(self.sessions, self.clock, on_emit=self.relay.notify)
        # One relay per database, whatever the replicas: two would race and could reorder a tender's events.
        relay_lock = instance_lock_for(settings.database_url, self.engine, "outbox-relay")
        relay_job = SingleInstanceJob(
            "outbox-relay",
            self.relay.step,
            relay_lock,
            poll_seconds=settings.outbox_poll_seconds,
            pause=self.relay.pause,
        )
        self._jobs: list[BackgroundJob] = [relay_job.run]
        self._startup: list[BackgroundJob] = []

    def add_startup(self, step: BackgroundJob) -> None:
        """A step that runs once at start-up, after the tables exist (seeding reference data, say)."""
        self._startup.append(step)

    def add_job(self, job: BackgroundJob) -> None:
        """A loop that runs for the app's lifetime beside the handlers (the deadline clock, a dispatcher)."""
        self._jobs.append(job)

    async def prepare(self) -> None:
        """The database ready for work: its tables, then the start-up steps (seeding, say)."""
        async with self.engine.begin() as connection:
            if self.migrations is not None:
                await migrate(connection, self.migrations, self.metadata)
            else:
                for metadata in self.metadata:
                    await connection.run_sync(metadata.create_all)
        for step in self._startup:
            await step()

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
        await self.prepare()
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
        app.add_exception_handler(RequestValidationError, request_validation_response)
        app.add_exception_handler(InvalidInput, invalid_input_response)
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
