"""Wires the audit service together: create_app(settings)."""

from pathlib import Path

from fastapi import FastAPI

from services.audit import api
from services.audit.checkpointing import Checkpointer, cadence_of
from services.audit.keys import signing_key
from services.audit.settings import Settings
from services.audit.store import AuditLog, AuditTable
from services.audit.writer import CaptureWriter
from shared.clock import Clock
from shared.runtime import ServiceRuntime
from shared.single_instance import instance_lock_for

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(settings, name="audit", metadata=[AuditTable.metadata], migrations=MIGRATIONS, clock=clock)
    # One log for the writer and the routes: its lock must be the one every append in this process takes.
    audit_log = AuditLog()
    key = signing_key(settings)
    checkpointer = Checkpointer(
        runtime.sessions,
        audit_log,
        key=key,
        cadence=cadence_of(settings.audit_checkpoint_every_entries, settings.audit_checkpoint_every_seconds),
        file=settings.checkpoint_file,
        clock=runtime.clock,
    )
    writer = CaptureWriter(
        runtime,
        audit_log,
        checkpointer,
        instance_lock_for(settings.database_url, runtime.engine, "audit-writer"),
        poll_seconds=settings.audit_writer_poll_seconds,
    )
    runtime.add_job(writer.run)
    return runtime.create_app(
        title="Audit",
        description="The append-only, hash-chained log of every event in the suite, for auditors.",
        routers=api.routers,
        audit_log=audit_log,
        writer=writer,
        public_key=key.public_key(),  # what /verification holds the checkpoints' signatures to
    )
