"""The abnormally-low flag: a price below r × the median price of the other evaluated bids."""

from tests.unit.scoring.scoring_lots import bid, by_id, criterion, evaluated, request


def _flags(prices: dict[str, str], ratio: str = "0.8", **statuses: str) -> dict[str, tuple[str, ...]]:
    document = request(
        [criterion("price", "price", "proportional", "1")],
        [bid(bid_id, price, status=statuses.get(bid_id, "accepted")) for bid_id, price in prices.items()],
        abnormally_low_ratio=ratio,
    )
    return {bid_id: ranked.flags for bid_id, ranked in by_id(evaluated(document)).items()}


def test_an_odd_number_of_other_bids_takes_the_middle_price() -> None:
    flags = _flags({"A": "700", "B": "1000", "C": "1100", "D": "1200"})
    # A: others 1000, 1100, 1200 → median 1100; 700 < 0.8 × 1100 = 880
    # B: others 700, 1100, 1200 → median 1100; 1000 ≥ 880
    assert flags == {"A": ("abnormally_low",), "B": (), "C": (), "D": ()}


def test_an_even_number_of_other_bids_takes_the_mean_of_the_two_middle_prices() -> None:
    flags = _flags({"A": "700", "B": "1000", "C": "1200"})
    # A: others 1000, 1200 → median 1100; 700 < 880
    # B: others 700, 1200 → median 950; 1000 ≥ 760
    assert flags == {"A": ("abnormally_low",), "B": (), "C": ()}


def test_the_median_is_of_the_others_not_of_all_bids() -> None:
    # A: others 1000, 1200 → median 1100; 850 < 0.8 × 1100 = 880, flagged.
    # (The median of all three bids, 1000, would give 800, and 850 would pass.)
    assert _flags({"A": "850", "B": "1000", "C": "1200"})["A"] == ("abnormally_low",)


def test_a_price_exactly_at_the_limit_is_not_flagged() -> None:
    assert _flags({"A": "800", "B": "1000"}) == {"A": (), "B": ()}  # 800 = 0.8 × 1000


def test_a_lone_bid_has_no_others_and_no_flag() -> None:
    assert _flags({"A": "1"}) == {"A": ()}


def test_excluded_bids_do_not_count_among_the_others() -> None:
    # Without the late bid L, A's only other is B: median 1000, and 700 < 800.
    assert _flags({"A": "700", "B": "1000", "L": "100"}, L="late")["A"] == ("abnormally_low",)


def test_no_ratio_no_flag() -> None:
    document = request([criterion("price", "price", "proportional", "1")], [bid("A", "1"), bid("B", "1000")])
    assert all(ranked.flags == () for ranked in evaluated(document).ranking)
