"""Price methods, each on a lot worked out by hand (M = 10 unless said otherwise)."""

from decimal import Decimal
from fractions import Fraction

from tests.unit.scoring.scoring_lots import bid, by_id, codes, criterion, evaluated, near, points_of, request


def _price_only(method: str, prices: dict[str, str], **params: object) -> dict[str, object]:
    return request(
        [criterion("price", "price", method, "1", **params)],
        [bid(bid_id, price) for bid_id, price in prices.items()],
    )


def test_linear_relative_clips_a_price_far_above_the_lowest_at_zero() -> None:
    result = evaluated(_price_only("linear_relative", {"A": "1000", "B": "1200", "C": "1600"}, slope="0.5"))
    assert points_of(result, "price") == {
        "A": Decimal(10),  # the lowest price, Pmin = 1000
        "B": 10 - Decimal(10) * (Decimal(1200 - 1000) / 1000) / Decimal("0.5"),  # 10 − 10·0.2/0.5 = 6
        "C": Decimal(0),  # 10 − 10·0.6/0.5 = −2, clipped to 0
    }
    assert points_of(result, "price")["B"] == 6
    assert codes(result) == ["relative_model", "clipped"]
    assert "C" in result.warnings[1].message


def test_linear_relative_with_clip_false_keeps_negative_points() -> None:
    document = _price_only("linear_relative", {"A": "1000", "C": "1600"}, slope="0.5", clip=False)
    result = evaluated(document)
    assert points_of(result, "price")["C"] == -2  # 10 − 10·((1600 − 1000)/1000)/0.5
    assert by_id(result)["C"].total == -2  # weight 1
    assert result.to_document()["ranking"][1]["criteria"]["price"]["points"] == "-2.0000"
    assert "clipped" not in codes(result)


def test_linear_relative_slope_one_reaches_zero_at_twice_the_lowest_price() -> None:
    result = evaluated(_price_only("linear_relative", {"A": "1000", "B": "1500", "C": "2000"}, slope="1"))
    # 10 − 10·0.5/1 = 5 and 10 − 10·1/1 = 0 (exactly 0: nothing to clip)
    assert points_of(result, "price") == {"A": 10, "B": 5, "C": 0}
    assert "clipped" not in codes(result)


def test_proportional() -> None:
    result = evaluated(_price_only("proportional", {"A": "1000", "B": "1250", "C": "2000"}))
    # M · Pmin / P: 10·1000/1000, 10·1000/1250, 10·1000/2000
    assert points_of(result, "price") == {"A": 10, "B": 8, "C": 5}
    # 5 to 10 spans half the scale, more than a fifth: no compression warning.
    assert codes(result) == ["relative_model"]


def test_proportional_warns_when_the_points_use_less_than_a_fifth_of_the_scale() -> None:
    result = evaluated(_price_only("proportional", {"A": "1000", "B": "1100"}))
    assert near(points_of(result, "price")["B"], Fraction(10 * 1000, 1100))  # 9.0909…: span 0.91 < 10/5
    assert codes(result) == ["relative_model", "price_compression"]
    assert "9.09 to 10.00" in result.warnings[1].message


def test_absolute_anchored_uses_only_the_published_prices() -> None:
    document = _price_only(
        "absolute_anchored", {"A": "900", "B": "1250", "C": "2100"}, best_price="1000", zero_price="2000"
    )
    result = evaluated(document)
    assert points_of(result, "price") == {
        "A": 10,  # 10·(2000 − 900)/(2000 − 1000) = 11, clipped to 10
        "B": Decimal("7.5"),  # 10·(2000 − 1250)/1000
        "C": 0,  # 10·(2000 − 2100)/1000 = −1, clipped to 0
    }
    assert codes(result) == ["clipped"]  # no relative_model: no other bid moves these points
    assert "A, C" in result.warnings[0].message


def test_mean_based() -> None:
    result = evaluated(_price_only("mean_based", {"A": "800", "B": "1000", "C": "1200"}))
    # mean 1000; M/2 − M·(P − mean)/mean: 5 + 10·0.2, 5, 5 − 10·0.2
    assert points_of(result, "price") == {"A": 7, "B": 5, "C": 3}


def test_mean_based_clips_outliers() -> None:
    result = evaluated(_price_only("mean_based", {"A": "100", "B": "1000", "C": "1900"}))
    # mean 1000: A 5 + 10·0.9 = 14 → 10, B 5, C 5 − 10·0.9 = −4 → 0
    assert points_of(result, "price") == {"A": 10, "B": 5, "C": 0}
    assert codes(result) == ["relative_model", "clipped"]


def test_mean_based_with_a_mean_that_does_not_end() -> None:
    result = evaluated(_price_only("mean_based", {"A": "1000", "B": "1000", "C": "2000"}))
    mean = Fraction(4000, 3)  # 1333.33…, a mean that never ends in decimals
    assert 5 - 10 * (1000 - mean) / mean == Fraction(15, 2)  # 5 + 10·(1/4)
    assert points_of(result, "price")["A"] == Decimal("7.5")  # exact all the same
    assert points_of(result, "price")["C"] == 0  # 5 − 10·0.5 = 0


def test_a_scale_of_100() -> None:
    result = evaluated({**_price_only("proportional", {"A": "1000", "B": "4000"}), "scale_max": "100"})
    assert points_of(result, "price") == {"A": 100, "B": 25}  # 100·1000/4000
