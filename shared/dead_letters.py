"""The dead-letter path: a message that cannot be handled goes to `<topic>.dlq`, and the partition moves on.

Bad input (not JSON, not the event's schema, a `PermanentFailure`) goes at once; any other error is retried a few
times with backoff first, since it may be a database or network hiccup. Only if the dead-letter publish itself
fails does the error escape, and the subscriber's NACK policy then re-reads the message later: it is never lost.
"""

import asyncio
import json
from typing import Any

import pydantic
import structlog
from fast_depends.exceptions import ValidationError as ArgumentValidationError
from faststream import BaseMiddleware
from faststream.kafka import KafkaBroker
from faststream.message import StreamMessage

from shared.events import dead_letter_topic

log = structlog.get_logger(__name__)


class PermanentFailure(Exception):
    """Raised by a handler for a message that no retry can fix."""


BAD_INPUT = (json.JSONDecodeError, UnicodeDecodeError, pydantic.ValidationError, ArgumentValidationError)
NO_RETRY = (*BAD_INPUT, PermanentFailure)


def describe(error: BaseException) -> str:
    if isinstance(error, ArgumentValidationError):
        error = error.original_error
    return f"{type(error).__name__}: {error}"[:1000]


def dead_letter_middleware(
    broker_ref: list[KafkaBroker], *, attempts: int, backoff_seconds: float
) -> type[BaseMiddleware]:
    """A broker middleware class; `broker_ref` holds the broker, which exists only after its middlewares."""

    class DeadLetters(BaseMiddleware):
        async def consume_scope(self, call_next: Any, msg: StreamMessage[Any]) -> Any:
            for attempt in range(1, attempts + 1):
                try:
                    return await call_next(msg)
                except NO_RETRY as error:
                    return await self._dead_letter(msg, error, attempt)
                except Exception as error:
                    if attempt == attempts:
                        return await self._dead_letter(msg, error, attempt)
                    log.warning("handler_failed_will_retry", attempt=attempt, error=describe(error))
                    await asyncio.sleep(backoff_seconds * 2 ** (attempt - 1))
            return None

        async def _dead_letter(self, msg: StreamMessage[Any], error: Exception, attempts_made: int) -> None:
            record = msg.raw_message
            headers = {
                **msg.headers,
                "x-dlq-error": describe(error),
                "x-dlq-original-topic": record.topic,
                "x-dlq-original-partition": str(record.partition),
                "x-dlq-original-offset": str(record.offset),
                "x-dlq-attempts": str(attempts_made),
            }
            await broker_ref[0].publish(
                msg.body, topic=dead_letter_topic(record.topic), key=record.key, headers=headers
            )
            log.error(
                "message_dead_lettered",
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                error=headers["x-dlq-error"],
            )

    return DeadLetters
