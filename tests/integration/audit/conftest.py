"""A real audit database on disk, filled through the service, and the keys its checkpoints are signed with."""

import base64
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from faststream._internal.testing.broker import patch_broker_calls

from services.audit.main import create_app
from services.audit.settings import Settings
from shared import events
from shared.clock import ManualClock
from shared.events import Event
from tests.support.component import in_memory
from tests.support.identities import bearer
from tests.support.samples import NOW, OFFICER, payload_for

AUDITOR = bearer("auditor", "ida.auditor@kolding.dk")
ENTRIES = 23
EVERY = 5  # a checkpoint after every 5 entries: at seq 5, 10, 15 and 20


@dataclass(frozen=True)
class FilledLog:
    database: Path
    checkpoints: Path  # the file the service wrote its checkpoints to
    public_key: Path  # the pinned key, kept apart from the database
    key: Ed25519PrivateKey

    @property
    def url(self) -> str:
        return f"sqlite+aiosqlite:///{self.database}"


def seed_of(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()


def the_events() -> list[Event]:
    kinds = [events.TenderPublished, events.BidderRegistered, events.BidReceived, events.TenderClosed]
    return [
        kind(
            occurred_at=NOW + timedelta(minutes=n),
            correlation_id=f"lifecycle-T-{n % 3}",
            actor=OFFICER,
            payload=payload_for(kind, f"T-{n % 3}"),
        )
        for n, kind in zip(range(ENTRIES), kinds * ENTRIES, strict=False)
    ]


@pytest.fixture
async def filled_log(tmp_path: Path) -> FilledLog:
    key = Ed25519PrivateKey.generate()
    pinned = tmp_path / "pinned" / "audit-public.pem"
    pinned.parent.mkdir()
    pinned.write_bytes(key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}",
        log_json=False,
        audit_signing_key=seed_of(key),
        audit_checkpoint_every_entries=EVERY,
    )
    clock = ManualClock(datetime(2026, 11, 26, 13, 0, tzinfo=UTC))
    app = create_app(settings, clock=clock)
    async with in_memory(app) as service:
        assert await app.state.writer.take_over(consume=False)
        patch_broker_calls(app.state.runtime.bus.broker)
        for event in the_events():
            await service.deliver(event)
            clock.advance(timedelta(seconds=1))
        await app.state.writer.step_down()
    return FilledLog(tmp_path / "audit.db", settings.checkpoint_file, pinned, key)
