"""Warnings: stable codes in a fixed order, with messages that name what the officer should look at."""

from tests.unit.scoring.scoring_lots import bid, codes, criterion, evaluated, request


def test_warnings_come_in_a_fixed_order() -> None:
    document = request(
        [
            criterion("price", "price", "proportional", "0.5"),
            criterion("social", "social", "monetised_absolute", "0.5", full_ratio="0.01"),
        ],
        [
            bid("A", "1000", commitments=(("DK_FLEXJOB", "1"),)),  # SV/P = 42 → 420,000 points, clipped to 10
            bid("B", "1000", commitments=(("DK_FLEXJOB", "1"),)),  # the same: a tie
            bid("C", "1050"),  # price points 9.52: all price points within 10 − 9.52, compressed
        ],
    )
    assert codes(evaluated(document)) == ["relative_model", "price_compression", "clipped", "tie"]


def test_the_clipped_warning_names_at_most_ten_bids() -> None:
    bids = [bid(f"B{number:02d}", "1000") for number in range(12)]
    document = request(
        [criterion("price", "price", "absolute_anchored", "1", best_price="1500", zero_price="2000")], bids
    )
    (clipped,) = [warning for warning in evaluated(document).warnings if warning.code == "clipped"]
    assert clipped.message == (
        "price: the points of 12 bids were clipped to 0 to 10.00: "
        "B00, B01, B02, B03, B04, B05, B06, B07, B08, B09 and 2 more"
    )


def test_relative_model_is_not_raised_by_absolute_methods() -> None:
    document = request(
        [
            criterion("price", "price", "absolute_anchored", "0.5", best_price="1000", zero_price="2000"),
            criterion("quality", "quality", "direct", "0.25"),
            criterion("social", "social", "monetised_absolute", "0.25", full_ratio="0.1"),
        ],
        [bid("A", "1500", points={"quality": "5"})],
    )
    assert codes(evaluated(document)) == []


def test_price_compression_needs_two_bids_to_speak_of_a_spread() -> None:
    document = request([criterion("price", "price", "proportional", "1")], [bid("A", "1000")])
    assert codes(evaluated(document)) == ["relative_model"]


def test_no_evaluated_bids_is_a_warning_not_an_error() -> None:
    document = request([criterion("price", "price", "proportional", "1")], [bid("A", "1000", status="late")])
    result = evaluated(document)
    assert result.warnings[-1].code == "no_evaluated_bids"
    assert result.warnings[-1].message == "every bid was excluded, so no bid is ranked"
