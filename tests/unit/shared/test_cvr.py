"""The CVR modulus-11 check, on the contract's test vectors."""

import pytest

from shared.cvr import cvr_problem, cvr_reasons, is_valid_cvr


@pytest.mark.parametrize("number", ["13748136", "13585628", "40084525", "12345674", "53383211", "25798376"])
def test_valid_numbers(number: str) -> None:
    assert is_valid_cvr(number)
    assert cvr_problem(number) is None


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        # 1·2 + 3·7 + 5·6 + 8·5 + 5·4 + 6·3 + 2·2 + 7·1 = 142 = 12·11 + 10
        ("13585627", "13585627 fails the modulus-11 check"),
        # 1·2 + 2·7 + 3·6 + 4·5 + 5·4 + 6·3 + 7·2 + 8·1 = 114 = 10·11 + 4
        ("12345678", "12345678 fails the modulus-11 check"),
        ("35254119", "35254119 fails the modulus-11 check"),  # shown as valid on a third-party site
        ("01374813", "01374813 starts with 0, which no CVR number does"),
        ("1374813", "1374813 has 7 digits, not 8"),
        ("137481360", "137481360 has 9 digits, not 8"),
        ("1374813a", "'1374813a' is not a CVR number: write its 8 digits and nothing else"),
        ("13 74 81 36", "'13 74 81 36' is not a CVR number: write its 8 digits and nothing else"),
        ("", "'' is not a CVR number: write its 8 digits and nothing else"),
        ("１３７４８１３６", "'１３７４８１３６' is not a CVR number: write its 8 digits and nothing else"),
    ],
)
def test_invalid_numbers_say_why(number: str, reason: str) -> None:
    assert not is_valid_cvr(number)
    assert cvr_problem(number) == reason


def test_a_leading_zero_fails_even_when_the_checksum_holds() -> None:
    # 0·2 + 1·7 + 0·6 + 0·5 + 0·4 + 0·3 + 2·2 + 0·1 = 11, divisible by 11
    assert cvr_problem("01000020") == "01000020 starts with 0, which no CVR number does"


@pytest.mark.parametrize(
    ("number", "danish"),
    [
        ("12345678", "12345678 består ikke modulus-11-kontrollen; er et ciffer byttet?"),
        ("01374813", "01374813 begynder med 0, det gør intet CVR-nummer"),
        ("1374813", "1374813 har 7 cifre, ikke 8"),
        ("1374813a", "'1374813a' er ikke et CVR-nummer: skriv de 8 cifre og intet andet"),
    ],
)
def test_each_reason_is_said_in_danish_too(number: str, danish: str) -> None:
    assert cvr_reasons(number) == (cvr_problem(number), danish)
    assert cvr_reasons("13748136") is None
