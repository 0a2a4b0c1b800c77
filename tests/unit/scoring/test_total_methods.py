"""Total methods, each on a lot worked out by hand (M = 10)."""

from decimal import Decimal
from fractions import Fraction

from tests.unit.scoring.scoring_lots import bid, by_id, criterion, evaluated, near, request


def test_weighted_sum_is_the_sum_of_weight_times_points() -> None:
    document = request(
        [
            criterion("price", "price", "absolute_anchored", "0.6", best_price="1000", zero_price="2000"),
            criterion("quality", "quality", "direct", "0.4"),
        ],
        [bid("A", "1250", points={"quality": "7"})],
    )
    (ranked,) = evaluated(document).ranking
    # price points 10·(2000 − 1250)/1000 = 7.5; total 0.6·7.5 + 0.4·7 = 4.5 + 2.8
    assert ranked.weighted == {"price": Decimal("4.5"), "quality": Decimal("2.8")}
    assert ranked.total == Decimal("7.3")


def _monetised_lot() -> dict[str, object]:
    return request(
        [
            criterion("price", "price", "proportional"),
            criterion("quality", "quality", "direct"),
            criterion("social", "social", "monetised_relative"),
        ],
        [
            bid("A", "1000000", points={"quality": "6"}, commitments=(("DK_APPRENTICE_YEAR", "1"),)),  # SV 40,000
            bid("B", "1050000", points={"quality": "9"}, commitments=(("DK_APPRENTICE_YEAR", "2.5"),)),  # 100,000
            bid("C", "980000", points={"quality": "3"}),  # SV 0
        ],
        total={"method": "monetised", "kr_per_point": {"quality": "10000"}, "social_credit": "0.5"},
    )


def test_monetised_deducts_priced_points_and_credited_social_value_from_the_price() -> None:
    result = evaluated(_monetised_lot())
    totals = {ranked.bid_id: ranked.total for ranked in result.ranking}
    assert totals == {
        "A": 1_000_000 - 10_000 * 6 - Decimal("0.5") * 40_000,  # 920,000
        "B": 1_050_000 - 10_000 * 9 - Decimal("0.5") * 100_000,  # 910,000
        "C": 980_000 - 10_000 * 3,  # 950,000
    }
    assert [ranked.bid_id for ranked in result.ranking] == ["B", "A", "C"]  # the lowest wins
    assert (result.method, result.better) == ("monetised", "lower")


def test_monetised_writes_weighted_as_null_and_still_gives_each_criterions_points() -> None:
    document = evaluated(_monetised_lot()).to_document()
    best = document["ranking"][0]
    assert best["total"] == "910000.0000"
    assert best["criteria"]["quality"] == {"points": "9.0000", "weighted": None}
    assert best["criteria"]["price"] == {"points": "9.3333", "weighted": None}  # 10·980,000/1,050,000
    assert best["criteria"]["social"] == {"points": "10.0000", "weighted": None}


def test_monetised_kr_per_point_on_a_direct_social_criterion() -> None:
    document = request(
        [criterion("social", "social", "direct")],
        [bid("A", "500000", points={"social": "4"})],
        total={"method": "monetised", "kr_per_point": {"social": "2500"}, "social_credit": "0"},
    )
    assert evaluated(document).ranking[0].total == 500_000 - 2_500 * 4


def _per_quality_point_lot() -> dict[str, object]:
    return request(
        [
            criterion("price", "price", "proportional"),
            criterion("q1", "quality", "direct"),
            criterion("q2", "quality", "relative_to_best"),
        ],
        [
            bid("A", "1000000", points={"q1": "5", "q2": "8"}),
            bid("B", "900000", points={"q1": "2", "q2": "4"}),
            bid("C", "700000", points={"q1": "0", "q2": "0"}),
        ],
        total={"method": "price_per_quality_point"},
    )


def test_price_per_quality_point_divides_the_price_by_the_quality_points() -> None:
    result = evaluated(_per_quality_point_lot())
    # q2 is relative to the best (8): A 10, B 5. Quality sums: A 5 + 10 = 15, B 2 + 5 = 7.
    assert near(by_id(result)["A"].total, Fraction(1_000_000, 15))  # 66,666.67
    assert near(by_id(result)["B"].total, Fraction(900_000, 7))  # 128,571.43
    assert [ranked.bid_id for ranked in result.ranking] == ["A", "B"]
    assert (result.method, result.better) == ("price_per_quality_point", "lower")
    assert by_id(result)["A"].weighted is None


def test_price_per_quality_point_excludes_a_bid_without_quality_points() -> None:
    result = evaluated(_per_quality_point_lot())
    assert [(excluded.bid_id, excluded.reason) for excluded in result.excluded] == [("C", "no quality points")]
    assert "C" not in by_id(result)
