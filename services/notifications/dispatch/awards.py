"""Award dispatches: once every e-mailed notice of an award decision has gone out, say so, exactly once.

Procurement starts the standstill from `AwardNoticesDispatched`; the rule for when that is lives in the domain.
"""

from services.notifications import domain
from services.notifications.dispatch import reports
from services.notifications.store import NotificationStore
from shared.unit_of_work import UnitOfWork


class AwardDispatches:
    def __init__(self, unit_of_work: UnitOfWork, store: NotificationStore) -> None:
        self._unit_of_work = unit_of_work
        self._store = store

    async def close_finished(self) -> int:
        """Close each open award dispatch whose e-mails are all sent or finally failed; returns how many closed."""
        async with self._unit_of_work.begin() as transaction:
            open_dispatches = await self._store.open_award_dispatches(transaction.session)
        closed = 0
        for award_event_id in open_dispatches:
            closed += await self._close_if_finished(award_event_id)
        return closed

    async def _close_if_finished(self, award_event_id: str) -> bool:
        async with self._unit_of_work.begin() as transaction:
            # Locked, so that of two dispatchers only one closes it and tells.
            dispatch = await self._store.lock_award_dispatch(transaction.session, award_event_id)
            if dispatch is None:
                return False
            emails = await self._store.award_emails(transaction.session, award_event_id)
            dispatched_at = domain.award_notices_dispatched_at(
                [(email.status, email.settled_at) for email in emails], recorded_at=dispatch.recorded_at
            )
            if dispatched_at is None:
                return False
            dispatch.dispatched_at = dispatched_at
            transaction.session.add(dispatch)
            transaction.emit(reports.award_notices_dispatched(dispatch, at=transaction.clock.now()))
        return True
