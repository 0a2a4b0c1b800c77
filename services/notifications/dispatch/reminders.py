"""Deadline reminders: on each pass, the open tenders within `REMINDER_HOURS_BEFORE` of their deadline get a
reminder planned for each interested recipient who has not bid, once per tender and recipient.

Driven by the injectable clock, so tests move time instead of sleeping. Planning on every pass (not once per
tender) lets a recipient who starts following a tender inside the window still be reminded; the reminder's id
makes every later pass find it planned already.
"""

from services.notifications import domain
from services.notifications.store import NotificationStore
from shared.unit_of_work import UnitOfWork


class Reminders:
    def __init__(self, unit_of_work: UnitOfWork, store: NotificationStore, *, hours_before: float) -> None:
        self._unit_of_work = unit_of_work
        self._store = store
        self._hours_before = hours_before

    async def plan_due(self) -> int:
        """Plan the reminders that have become due; returns how many notifications were added."""
        if self._hours_before <= 0:
            return 0
        added = 0
        async with self._unit_of_work.begin() as transaction:
            session, now = transaction.session, transaction.clock.now()
            for tender in await self._store.tenders_to_remind(session, now=now, hours_before=self._hours_before):
                if tender.deadline is None or not domain.reminder_due(
                    tender.deadline, now, hours_before=self._hours_before
                ):
                    continue
                interests = await self._store.interests(session, tender.tender_id)
                candidates = domain.reminder_recipients(interests, opted_out=())
                opted_out = await self._store.opted_out_of_reminders(session, candidates)
                planned = domain.deadline_reminders(
                    tender.tender_id,
                    deadline=tender.deadline,
                    deadline_event_id=tender.deadline_event_id or tender.tender_id,
                    recipients=domain.reminder_recipients(interests, opted_out=opted_out),
                    hours_before=self._hours_before,
                )
                added += await self._store.add_notifications(
                    session, planned, correlation_id=tender.correlation_id or tender.tender_id, now=now
                )
        return added
