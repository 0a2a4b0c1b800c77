"""The engine's decimal arithmetic: one fixed context for quotients, and clipping to the points scale."""

from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow

from services.scoring.domain.lot import Column

ENGINE_CONTEXT = Context(prec=40, traps=[InvalidOperation, DivisionByZero, Overflow])
"""Every evaluation runs in this context, never the caller's, so a re-run anywhere gives the same digits.

40 significant digits (the contract asks for at least 28) leave every written figure far within 0.0001 of
the exact value. Only quotients are rounded: sums go through `shared.evaluation.numbers.exact_sum`.
"""

ZERO = Decimal(0)


def clipped_to_scale(raw_points: Column, scale_max: Decimal) -> tuple[Column, list[int]]:
    """The points clipped to [0, M], and the positions of those that had to be."""
    if raw_points and min(raw_points) >= ZERO and max(raw_points) <= scale_max:
        return raw_points, []  # the usual case, found without a loop in Python
    points: list[Decimal] = []
    clipped: list[int] = []
    for position, value in enumerate(raw_points):
        if value < ZERO or value > scale_max:
            clipped.append(position)
            value = ZERO if value < ZERO else scale_max
        points.append(value)
    return tuple(points), clipped
