"""Canonical JSON, the one serialisation every hash in the audit log is taken over, and the log's time format."""

import hashlib
import json
import math
from datetime import UTC, datetime
from typing import Any


def canonical_json(value: Any) -> bytes:
    """Keys sorted, `,`/`:` without spaces, non-ASCII as UTF-8; NaN and the infinities are refused."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def read_json(text: str | bytes) -> Any:
    """JSON as Python's `json` reads it, but strict: NaN and infinities (which it accepts) are refused, since
    no canonical form could be written for them. The error is a decoding error, so such a body is bad input."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _refuse_constant(name: str) -> float:
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400 reads as infinity
        raise json.JSONDecodeError(f"{text} is out of range for a JSON number", text, 0)
    return number


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_text(moment: datetime) -> str:
    """A time as the header writes it: UTC, microseconds, `Z`; fixed width, so it sorts as it reads."""
    if moment.tzinfo is None:
        raise ValueError("an audit time must be timezone-aware")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_utc_text(text: str) -> datetime:
    """The inverse of `utc_text`; a time without a zone is refused."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} names no time zone")
    return moment.astimezone(UTC)
