"""The inbox: which events a consumer has handled, written in the same transaction as the handling itself.

Kafka delivers at least once; a redelivered event finds its row here and changes nothing.
"""

from datetime import datetime

from sqlmodel import Field
from sqlmodel.ext.asyncio.session import AsyncSession

from shared.database import PlumbingTable, UtcDateTime


class HandledEvent(PlumbingTable, table=True):
    __tablename__ = "inbox"

    event_id: str = Field(primary_key=True)
    consumer: str = Field(primary_key=True)
    topic: str
    handled_at: datetime = Field(sa_type=UtcDateTime)


async def first_delivery(session: AsyncSession, *, event_id: str, consumer: str, topic: str, now: datetime) -> bool:
    """Record that `consumer` handles `event_id`; False if it already has. A concurrent duplicate fails the
    commit on the primary key, and its redelivery then lands here as already handled."""
    if await session.get(HandledEvent, (event_id, consumer)) is not None:
        return False
    session.add(HandledEvent(event_id=event_id, consumer=consumer, topic=topic, handled_at=now))
    return True
