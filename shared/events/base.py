"""The envelope every event carries, and the base class that ties an event to its topic and partition key."""

import re
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

TOPIC_PATTERN = re.compile(r"^(?P<producer>[a-z]+)\.(?P<name>[a-z]+(?:-[a-z]+)*)\.v(?P<version>[1-9][0-9]*)$")


class Actor(BaseModel):
    """Who caused an event, for the audit: a person (with the role they acted in), a service, or the clock."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["user", "service", "system"]
    id: str = Field(min_length=1)
    role: str | None = None
    bidder_id: str | None = None  # the enterprise a bidder's user acts for


class Event(BaseModel):
    """An event: the envelope fields, and a `payload` that each subclass types.

    A subclass names its `topic` (`<producer>.<event>.v<N>`); `event_type`, `schema_version` and `producer` follow
    from it. Consumers are tolerant readers: unknown fields are ignored, so adding an optional field stays v1.
    """

    model_config = ConfigDict(frozen=True)

    topic: ClassVar[str]
    # The payload field whose value is the partition key: one tender's events stay in order on one partition.
    key_field: ClassVar[str] = "tender_id"

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str = ""
    schema_version: int = 0
    occurred_at: AwareDatetime
    correlation_id: str = Field(min_length=1)
    producer: str = ""
    actor: Actor
    payload: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "topic" in cls.__dict__ and not TOPIC_PATTERN.match(cls.topic):
            raise TypeError(f"{cls.__name__}.topic {cls.topic!r} is not <producer>.<event>.v<N>")

    @model_validator(mode="before")
    @classmethod
    def _envelope_from_topic(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        expected = cls.envelope_defaults()
        for field, value in expected.items():
            given = data.get(field)
            if given in (None, "", 0):
                data = {**data, field: value}
            elif given != value:
                raise ValueError(f"{field} is {given!r}, but {cls.__name__} events carry {value!r}")
        return data

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @classmethod
    def envelope_defaults(cls) -> dict[str, Any]:
        match = TOPIC_PATTERN.match(cls.topic)
        assert match is not None, "checked when the class was defined"
        return {
            "event_type": f"{match['producer']}.{match['name']}",
            "schema_version": int(match["version"]),
            "producer": match["producer"],
        }

    @property
    def key(self) -> str:
        payload = self.payload
        value = payload.get(self.key_field) if isinstance(payload, dict) else getattr(payload, self.key_field)
        return str(value)

    def headers(self) -> dict[str, str]:
        """Kafka headers mirroring the envelope, so tools can route and trace without parsing the body."""
        return {
            "event_id": str(self.event_id),
            "event_type": self.event_type,
            "schema_version": str(self.schema_version),
            "correlation_id": self.correlation_id,
            "content-type": "application/json",
        }


def dead_letter_topic(topic: str) -> str:
    return f"{topic}.dlq"
