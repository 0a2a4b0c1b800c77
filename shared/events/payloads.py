"""The base of every event payload."""

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    # Frozen, and tolerant of fields a newer producer added (an optional field is not a breaking change).
    model_config = ConfigDict(frozen=True, extra="ignore")
