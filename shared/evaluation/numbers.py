"""How the evaluation documents hold numbers: exact decimals, read from decimal strings or JSON numbers.

A figure that decides an award must come out the same on every machine, so no number ever passes through a
binary float. JSON numbers arrive exactly when the text is read with `load_request_json` (integers as `int`,
the rest as `Decimal`). A `float` in a document means some caller read it the lossy way: a bug in that caller
rather than bad input, so it raises `TypeError` instead of becoming a problem for the user.
"""

import re
from collections.abc import Iterable
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, InvalidOperation, Overflow, localcontext
from itertools import repeat
from typing import Annotated

from pydantic import PlainValidator
from pydantic_core import PydanticCustomError

from shared.evaluation.problems import shown

# The JSON number grammar, minus its ban on leading zeros ("007" is still plainly seven).
_DECIMAL_TEXT = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

# Bounds on the size of every figure read (zero aside): far beyond any real price, score or weight, they keep
# every product and quotient the engine forms, and every figure it writes, within its decimal contexts.
LARGEST_EXPONENT = 20  # below 1e21
SMALLEST_EXPONENT = -20  # at least 1e-20


def read_decimal(value: object) -> Decimal:
    """One number of a document as an exact `Decimal`, or a pydantic error saying why it is not one."""
    if isinstance(value, str):  # the usual case, first: a decimal string
        # Most are plain digits (prices, quantities), which the pattern accepts: `isdecimal` is the same test
        # (Unicode category Nd, as `\d`), without the cost of the pattern.
        if not (value.isdecimal() or _DECIMAL_TEXT.fullmatch(value)):
            raise _not_a_number(value)
        try:
            number = Decimal(value)
        except ArithmeticError:  # an exponent too large for any decimal
            raise _out_of_range(value, "large") from None
    elif isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        number = Decimal(value)
        if not number.is_finite():
            raise PydanticCustomError("decimal", "{value} is not a finite number", {"value": shown(value)})
    elif isinstance(value, float):
        raise TypeError(
            f"the number {value!r} was read as a binary float: read JSON with "
            "shared.evaluation.load_request_json so numbers stay exact"
        )
    else:
        raise _not_a_number(value)
    if number and not SMALLEST_EXPONENT <= number.adjusted() <= LARGEST_EXPONENT:  # adjusted: ⌊log10 |number|⌋
        raise _out_of_range(value, "large" if number.adjusted() > LARGEST_EXPONENT else "small (below 1e-20)")
    return number


def _out_of_range(value: object, too: str) -> PydanticCustomError:
    return PydanticCustomError("decimal_range", f"{{value}} is too {too}", {"value": shown(value)})


def _not_a_number(value: object) -> PydanticCustomError:
    return PydanticCustomError(
        "decimal", 'expected a decimal number such as "2400000" or "0.40", got {value}', {"value": shown(value)}
    )


Dec = Annotated[Decimal, PlainValidator(read_decimal, json_schema_input_type=str | int)]
"""A field holding an exact decimal (see `read_decimal`)."""


def written(number: Decimal) -> str:
    """A decimal as people and reasons show it: the digits as given, never in exponent form."""
    return f"{number:f}"


EXACT = Context(prec=400, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, Overflow])
"""A context in which sums and products of figures read within the bounds above, and of the engine's
40-digit quotients, are exact.

For addition, subtraction, multiplication and comparison only: a division here would run to 400 digits.
"""


_ZERO = Decimal(0)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of `values`, whatever their order and whatever the caller's decimal context."""
    with localcontext(EXACT):
        return sum(values, Decimal(0))


def exact_row_sums(rows: Iterable[Iterable[Decimal]]) -> tuple[Decimal, ...]:
    """`exact_sum` of each row, in one context switch rather than one per row."""
    with localcontext(EXACT):
        return tuple(map(sum, rows, repeat(_ZERO)))  # from a decimal 0: as exact as sum's int 0, and no conversion
