"""The bounds a figure of a request must keep, each returning the reason it does not (or None)."""

from decimal import Decimal

from shared.evaluation.numbers import written


def below_zero(value: Decimal) -> str | None:
    """Why `value` may not be used where it must be 0 or more."""
    return f"{written(value)} is below 0" if value < 0 else None


def not_above_zero(value: Decimal) -> str | None:
    """Why `value` may not be used where it must be more than 0."""
    return f"{written(value)} is not above 0" if value <= 0 else None


def outside_share(value: Decimal) -> str | None:
    """Why `value` is no share from 0 to 1."""
    return below_zero(value) or (f"{written(value)} is above 1" if value > 1 else None)


def outside_scale(value: Decimal, scale_max: Decimal) -> str | None:
    """Why `value` is no points figure on the scale 0 to `scale_max`."""
    if value > scale_max:
        return f"{written(value)} is above scale_max {written(scale_max)}"
    return below_zero(value)
