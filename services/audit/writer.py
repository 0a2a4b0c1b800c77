"""The chain's writer: waits for the writer lock, then captures, appends and takes checkpoints until it stops.

A replica that does not hold the lock serves reads and keeps trying; when the writer dies (or, on PostgreSQL,
loses its lock connection) another replica takes over and carries on from the tip in the database.
"""

import asyncio
import contextlib
from typing import Any

import structlog
from faststream.kafka import KafkaMessage

from services.audit import handlers
from services.audit.checkpointing import Checkpointer
from services.audit.domain import CapturedEvent, ChainTip, Entry
from services.audit.store import AuditLog
from shared.runtime import ServiceRuntime
from shared.single_instance import InstanceLock

log = structlog.get_logger(__name__)


class CaptureWriter:
    def __init__(
        self,
        runtime: ServiceRuntime,
        audit_log: AuditLog,
        checkpointer: Checkpointer,
        lock: InstanceLock,
        *,
        poll_seconds: float,
    ) -> None:
        self._runtime = runtime
        self._audit_log = audit_log
        self.checkpointer = checkpointer
        self._lock = lock
        self._poll_seconds = poll_seconds
        self._subscriber: Any = None
        self._tip: ChainTip | None = None

    @property
    def is_writer(self) -> bool:
        return self._subscriber is not None

    async def run(self) -> None:
        """The app's background job: take the lock when free, capture while it is held, and keep going whatever
        fails (a writer job that died would leave the log silently behind)."""
        try:
            while True:
                await self._keep_writing()
                await asyncio.sleep(self._poll_seconds)
        finally:
            await self.step_down()

    async def _keep_writing(self) -> None:
        try:
            if not self.is_writer and await self.take_over():
                log.info("audit_writer_started", tip_seq=self.checkpointer.tip_seq)
            elif self.is_writer and not await self._lock.still_held():
                log.error("audit_writer_lock_lost")
                await self._stop_capture()
        except Exception:
            log.exception("audit_writer_failed")  # let another replica try, and this one again after a pause
            await self.step_down()
            return
        if self.is_writer:
            try:
                await self.checkpointer.maybe_checkpoint()
            except Exception:  # the entries are safe; the next checkpoint covers them
                log.exception("audit_checkpoint_failed")

    async def take_over(self, *, consume: bool = True) -> bool:
        """Become the writer if the lock is free: load the checkpoint state, then start capturing.

        `consume=False` registers the subscriber without starting its Kafka consumer: FastStream's in-memory test
        broker delivers to registered subscribers by itself."""
        if not await self._lock.try_acquire():
            return False
        await self.checkpointer.load()
        self._tip = None
        subscriber = handlers.subscribe(self._runtime)

        @subscriber
        async def on_message(message: KafkaMessage) -> None:
            await self.append(handlers.captured_from(self._runtime, message))

        if consume:
            await subscriber.start()
        self._subscriber = subscriber
        return True

    async def step_down(self) -> None:
        await self._stop_capture()
        await self._lock.release()

    async def _stop_capture(self) -> None:
        subscriber, self._subscriber = self._subscriber, None
        if subscriber is not None:
            with contextlib.suppress(Exception):  # stopping on shutdown: the broker may be going already
                await subscriber.stop()

    async def append(self, captured: CapturedEvent) -> list[Entry]:
        """Append one event (nothing if it is in the log already), then take a checkpoint if one is due."""
        return await self.append_all([captured])

    async def append_all(self, captured: list[CapturedEvent]) -> list[Entry]:
        async with self._audit_log.single_writer():
            try:
                async with self._runtime.sessions() as session, session.begin():
                    entries = await self._audit_log.append_all(
                        session, captured, recorded_at=self._runtime.clock.now(), tip=self._tip
                    )
            except BaseException:
                self._tip = None  # read it again: the transaction may have failed on another writer's entry
                raise
            if entries:
                # The writer remembers the tip it committed, which saves a query per append: no one else appends.
                self._tip = ChainTip(entries[-1].header.seq, entries[-1].entry_hash)
            self.checkpointer.appended(entries)
        for entry in entries:
            log.info("audit_entry_appended", seq=entry.header.seq, event_type=entry.header.event_type)
        await self.checkpointer.maybe_checkpoint()
        return entries
