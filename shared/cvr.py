"""The Danish CVR number's modulus-11 check, shared by bidder registration and the evaluation contract.

A CVR number has 8 digits, the first not 0; weighted 2, 7, 6, 5, 4, 3, 2, 1 they sum to a multiple of 11
(Erhvervsstyrelsen, "Modulus 11 kontrol"). The check proves the number is well formed, not that the firm
exists or is active: that takes the CVR register.
"""

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_problem(value: str) -> str | None:
    """Why `value` is not a well-formed CVR number, in words a person can act on; None when it is one."""
    reasons = cvr_reasons(value)
    return reasons[0] if reasons else None


def cvr_reasons(value: str) -> tuple[str, str] | None:
    """Why `value` is not a well-formed CVR number, in English and in Danish; None when it is one."""
    if not (value.isascii() and value.isdigit()):
        return (
            f"{value!r} is not a CVR number: write its 8 digits and nothing else",
            f"{value!r} er ikke et CVR-nummer: skriv de 8 cifre og intet andet",
        )
    if len(value) != len(_WEIGHTS):
        return f"{value} has {len(value)} digits, not 8", f"{value} har {len(value)} cifre, ikke 8"
    if value[0] == "0":
        return f"{value} starts with 0, which no CVR number does", f"{value} begynder med 0, det gør intet CVR-nummer"
    if sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, value, strict=True)) % 11:
        return f"{value} fails the modulus-11 check", f"{value} består ikke modulus-11-kontrollen; er et ciffer byttet?"
    return None


def is_valid_cvr(value: str) -> bool:
    """Whether `value` is a well-formed CVR number (see `cvr_problem` for the reason when it is not)."""
    return cvr_problem(value) is None
