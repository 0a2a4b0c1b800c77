"""Wires the procurement service together: create_app(settings)."""

from fastapi import FastAPI

from services.procurement import api, handlers
from services.procurement.deadline_clock import DeadlineClock
from services.procurement.domain import Conflict
from services.procurement.settings import Settings
from services.procurement.store import ProcurementStore, ProcurementTable
from shared.clock import Clock
from shared.runtime import ServiceRuntime


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, name="procurement", metadata=[ProcurementTable.metadata], clock=clock)
    store = ProcurementStore()
    handlers.register(runtime, store)
    runtime.add_job(DeadlineClock(runtime, store, poll_seconds=settings.deadline_poll_seconds).run)
    app = runtime.create_app(
        title="Procurement",
        description="Tenders with social clauses, sealed bids, evaluation runs and award decisions.",
        routers=api.routers,
        store=store,
    )
    app.add_exception_handler(Conflict, api.conflict_response)
    return app
