"""Quality and social methods, each on a lot worked out by hand (M = 10)."""

from decimal import Decimal
from fractions import Fraction

from tests.unit.scoring.scoring_lots import bid, by_id, codes, criterion, evaluated, near, points_of, request

PRICE = criterion("price", "price", "absolute_anchored", "0.5", best_price="1000", zero_price="2000")


def test_direct_takes_the_committees_points_as_they_stand() -> None:
    document = request(
        [PRICE, criterion("quality", "quality", "direct", "0.5")],
        [bid("A", "1000", points={"quality": "6.5"}), bid("B", "1000", points={"quality": "0"})],
    )
    assert points_of(evaluated(document), "quality") == {"A": Decimal("6.5"), "B": 0}


def test_direct_social_points() -> None:
    document = request(
        [PRICE, criterion("social", "social", "direct", "0.5")],
        [bid("A", "1000", points={"social": "3"})],
    )
    assert points_of(evaluated(document), "social") == {"A": 3}


def test_relative_to_best_gives_the_best_quality_full_points() -> None:
    document = request(
        [PRICE, criterion("quality", "quality", "relative_to_best", "0.5")],
        [bid(bid_id, "1000", points={"quality": q}) for bid_id, q in (("A", "4"), ("B", "8"), ("C", "6"))],
    )
    result = evaluated(document)
    # M · Q / Qmax with Qmax = 8: 10·4/8, 10·8/8, 10·6/8
    assert points_of(result, "quality") == {"A": 5, "B": 10, "C": Decimal("7.5")}
    assert codes(result) == ["relative_model"]


def test_relative_to_best_gives_everyone_zero_when_the_best_is_zero() -> None:
    document = request(
        [PRICE, criterion("quality", "quality", "relative_to_best", "0.5")],
        [bid("A", "1000", points={"quality": "0"}), bid("B", "1500", points={"quality": "0"})],
    )
    assert points_of(evaluated(document), "quality") == {"A": 0, "B": 0}


def test_monetised_relative_from_social_values() -> None:
    document = request(
        [PRICE, criterion("social", "social", "monetised_relative", "0.5")],
        [
            bid("A", "1000", commitments=(("DK_APPRENTICE_YEAR", "2.5"),)),  # SV 2.5 × 40,000 = 100,000
            bid("B", "1000", commitments=(("DK_LTU_HIRE", "2"), ("DK_FLEXJOB", "1"), ("DK_APPRENTICE_YEAR", "3"))),
            bid("C", "1000"),  # SV 0
        ],
    )
    result = evaluated(document)
    best = 2 * 122_000 + 42_000 + 3 * 40_000  # B: 406,000
    assert by_id(result)["B"].social_value == best
    assert by_id(result)["A"].social_value == 100_000
    assert near(points_of(result, "social")["A"], Fraction(10 * 100_000, best))  # 2.4631…
    assert points_of(result, "social")["B"] == 10
    assert points_of(result, "social")["C"] == 0
    assert result.to_document()["ranking"][0]["criteria"]["social"]["points"] == "10.0000"


def test_monetised_relative_gives_everyone_zero_when_no_bid_promises_social_value() -> None:
    document = request(
        [PRICE, criterion("social", "social", "monetised_relative", "0.5")],
        [bid("A", "1000"), bid("B", "1200", commitments=(("DK_FLEXJOB", "0"),))],
    )
    assert points_of(evaluated(document), "social") == {"A": 0, "B": 0}


def test_monetised_absolute_against_the_full_ratio() -> None:
    price = criterion("price", "price", "absolute_anchored", "0.5", best_price="500000", zero_price="1500000")
    document = request(
        [price, criterion("social", "social", "monetised_absolute", "0.5", full_ratio="0.1")],
        [
            bid("A", "1000000", commitments=(("DK_APPRENTICE_YEAR", "1.25"),)),  # SV 50,000: SV/P 0.05
            bid("B", "1000000", commitments=(("DK_LTU_HIRE", "1"), ("DK_APPRENTICE_YEAR", "1"))),  # 162,000
            bid("C", "800000"),  # SV 0
        ],
    )
    result = evaluated(document)
    assert points_of(result, "social") == {
        "A": 5,  # 10 · 0.05 / 0.1
        "B": 10,  # 10 · 0.162 / 0.1 = 16.2, clipped to 10
        "C": 0,
    }
    assert codes(result) == ["clipped"]  # absolute: no relative_model warning


def test_social_value_is_written_for_every_ranked_bid() -> None:
    document = request(
        [PRICE],
        [bid("A", "1000", commitments=(("DK_FLEXJOB", "0.5"),))],  # 0.5 × 42,000
    )
    document["criteria"][0]["weight"] = "1"
    assert evaluated(document).to_document()["ranking"][0]["social_value"] == "21000.0000"
