"""Wires the audit service together: create_app(settings)."""

from fastapi import FastAPI

from services.audit import api, handlers
from services.audit.settings import Settings
from services.audit.store import AuditLog, AuditTable
from shared.clock import Clock
from shared.runtime import ServiceRuntime


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    runtime = ServiceRuntime(settings or Settings(), name="audit", metadata=[AuditTable.metadata], clock=clock)
    # One log for the handler and the routes: its writer lock must be the one every append in this process takes.
    audit_log = AuditLog()
    handlers.register(runtime, audit_log)
    return runtime.create_app(
        title="Audit",
        description="The append-only, hash-chained log of every event in the suite, for auditors.",
        routers=[api.router],
        audit_log=audit_log,
    )
