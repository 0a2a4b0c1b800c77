"""Wires the procurement service together: create_app(settings)."""

from pathlib import Path

from fastapi import FastAPI

from services.procurement import api, handlers
from services.procurement.api.proxy_tables import seed_proxy_tables
from services.procurement.deadline_clock import DeadlineClock
from services.procurement.domain import Conflict, Forbidden
from services.procurement.outcome_reminders import OutcomeReminders
from services.procurement.settings import Settings
from services.procurement.store import ProcurementStore, ProcurementTable
from services.procurement.vault import Vault, master_key
from shared.clock import Clock
from shared.runtime import ServiceRuntime
from shared.single_instance import SingleInstanceJob, instance_lock_for

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime(
        settings, name="procurement", metadata=[ProcurementTable.metadata], migrations=MIGRATIONS, clock=clock
    )
    store = ProcurementStore()
    secret = settings.vault_master_key.get_secret_value() if settings.vault_master_key else None
    vault = Vault(master_key(secret, settings.vault_master_key_file))
    handlers.register(runtime, store)
    runtime.add_startup(lambda: seed_proxy_tables(runtime.sessions, store, runtime.clock))
    # Of several replicas on one database, one runs each of these; the others wait for its lock.
    jobs = {
        name: SingleInstanceJob(
            name,
            tick,
            instance_lock_for(settings.database_url, runtime.engine, name),
            poll_seconds=settings.deadline_poll_seconds,
        )
        for name, tick in (
            ("deadline-clock", DeadlineClock(runtime, store, vault).close_due_tenders),
            ("outcome-reminders", OutcomeReminders(runtime, store).remind),
        )
    }
    for job in jobs.values():
        runtime.add_job(job.run)
    app = runtime.create_app(
        title="Procurement",
        description="Tenders with social clauses, sealed bids, evaluation runs and award decisions.",
        routers=api.routers,
        store=store,
        vault=vault,
        jobs=jobs,
    )
    app.add_exception_handler(Conflict, api.conflict_response)
    app.add_exception_handler(Forbidden, api.forbidden_response)
    return app
