"""Ranking: best first by unrounded total, tie_break for equal totals, competition ranks, listing by bid id.

Price points here are absolute_anchored (best_price 1000, zero_price 2000), so they are 10·(2000 − P)/1000:
1000 → 10, 1200 → 8, 1400 → 6. Weights 0.5/0.5 unless said otherwise.
"""

from decimal import Decimal
from typing import Any

from tests.unit.scoring.scoring_lots import bid, codes, criterion, evaluated, request

PRICE = criterion("price", "price", "absolute_anchored", "0.5", best_price="1000", zero_price="2000")
QUALITY = criterion("quality", "quality", "direct", "0.5")


def _standing(document: dict[str, Any]) -> list[tuple[int, str]]:
    return [(ranked.rank, ranked.bid_id) for ranked in evaluated(document).ranking]


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped() -> None:
    document = request(
        [PRICE, QUALITY],
        [
            bid("C", "1000", points={"quality": "6"}),  # 0.5·10 + 0.5·6 = 8
            bid("A", "1200", points={"quality": "8"}),  # 0.5·8 + 0.5·8 = 8
            bid("B", "1400", points={"quality": "9"}),  # 0.5·6 + 0.5·9 = 7.5
        ],
    )
    assert _standing(document) == [(1, "A"), (1, "C"), (3, "B")]  # equal totals listed by bid id
    result = evaluated(document)
    assert codes(result) == ["tie"]
    assert result.warnings[0].message == "A, C share rank 1: equal totals"


def test_tie_break_decides_equal_totals_by_more_points() -> None:
    document = request(
        [PRICE, QUALITY],
        [bid("C", "1000", points={"quality": "6"}), bid("A", "1200", points={"quality": "8"})],  # both 8
        tie_break=["price"],
    )
    assert _standing(document) == [(1, "C"), (2, "A")]  # C has 10 price points, A 8
    assert codes(evaluated(document)) == []  # no tie remains


def test_tie_break_criteria_are_compared_in_order() -> None:
    third = criterion("delivery", "quality", "direct", "0")
    document = request(
        [PRICE, QUALITY, third],
        [
            bid("A", "1200", points={"quality": "8", "delivery": "1"}),  # 8, quality 8
            bid("B", "1200", points={"quality": "8", "delivery": "5"}),  # 8, quality 8, delivery 5
            bid("C", "1000", points={"quality": "6", "delivery": "9"}),  # 8, quality 6
        ],
        tie_break=["quality", "delivery"],
    )
    # quality first: A and B (8) before C (6); then delivery: B (5) before A (1)
    assert _standing(document) == [(1, "B"), (2, "A"), (3, "C")]


def test_a_tie_that_tie_break_cannot_separate_shares_the_rank_with_a_warning() -> None:
    document = request(
        [PRICE, QUALITY],
        [
            bid("B", "1200", points={"quality": "8"}),
            bid("A", "1200", points={"quality": "8"}),
            bid("C", "1000", points={"quality": "9"}),  # 9.5
        ],
        tie_break=["quality"],
    )
    assert _standing(document) == [(1, "C"), (2, "A"), (2, "B")]
    result = evaluated(document)
    assert codes(result) == ["tie"]
    assert result.warnings[0].message == "A, B share rank 2: equal totals and equal points on quality"


def test_ranks_come_from_unrounded_totals() -> None:
    # A: 0.5·(10·(2000 − 1000.00002)/1000) + 0.5·6 = 7.99999999 → written 8.0000, like B's exact 8
    document = request(
        [PRICE, QUALITY],
        [bid("A", "1000.00002", points={"quality": "6"}), bid("B", "1200", points={"quality": "8"})],
    )
    assert _standing(document) == [(1, "B"), (2, "A")]
    written = evaluated(document).to_document()["ranking"]
    assert [entry["total"] for entry in written] == ["8.0000", "8.0000"]


def test_lowest_total_ranks_first_when_lower_is_better() -> None:
    document = request(
        [QUALITY],
        [bid("A", "100", points={"quality": "5"}), bid("B", "90", points={"quality": "3"})],
        total={"method": "price_per_quality_point"},
    )
    assert _standing(document) == [(1, "A"), (2, "B")]  # 100/5 = 20 before 90/3 = 30


def test_totals_are_compared_exactly_not_as_written() -> None:
    document = request(
        [PRICE, QUALITY],
        [bid("A", "1000", points={"quality": "6.00005"}), bid("B", "1000", points={"quality": "6.00004"})],
    )
    totals = [ranked.total for ranked in evaluated(document).ranking]
    assert totals == [Decimal("8.000025"), Decimal("8.00002")]
