"""Who is evaluated: accepted bids that pass the quality threshold; excluded bids never move another's points."""

from decimal import Decimal

from tests.unit.scoring.scoring_lots import bid, by_id, codes, criterion, evaluated, points_of, request

CRITERIA = [
    criterion("price", "price", "proportional", "0.4"),
    criterion("design", "quality", "direct", "0.3"),
    criterion("service", "quality", "relative_to_best", "0.3"),
]


def _lot(threshold: dict[str, str] | None, *bids: tuple[str, str, str, str]) -> dict[str, object]:
    return request(
        CRITERIA,
        [bid(bid_id, price, points={"design": design, "service": service}) for bid_id, price, design, service in bids],
        quality_threshold=threshold,
    )


def _excluded(document: dict[str, object]) -> list[tuple[str, str]]:
    return [(excluded.bid_id, excluded.reason) for excluded in evaluated(document).excluded]


def test_overall_threshold_on_the_sum_of_the_committees_quality_points() -> None:
    # overall 0.6 × M 10 × 2 quality criteria = 12 points at least, on the committee's own points
    document = _lot(
        {"overall": "0.6"},
        ("X", "1000", "7", "6"),  # 13
        ("Y", "800", "5", "6"),  # 11: below 12
        ("Z", "1100", "6", "6"),  # exactly 12: passes
    )
    assert _excluded(document) == [("Y", "below quality threshold")]
    # Y had the lowest price; excluded first, it does not set Pmin: X's price is the lowest left.
    assert points_of(evaluated(document), "price")["X"] == 10


def test_per_criterion_threshold() -> None:
    # per_criterion 0.5 × M 10 = at least 5 on every quality criterion
    document = _lot(
        {"per_criterion": "0.5"},
        ("X", "1000", "9", "4"),  # 13 in all, but 4 < 5 on service
        ("Y", "1000", "5", "5"),  # exactly 5 on each: passes
    )
    assert _excluded(document) == [("X", "below quality threshold")]


def test_the_threshold_is_taken_before_relative_to_best_scaling() -> None:
    # Alone, X's service 4 would be scaled to 10 by relative_to_best; the threshold reads the committee's 4.
    document = _lot({"per_criterion": "0.5"}, ("X", "1000", "9", "4"))
    assert _excluded(document) == [("X", "below quality threshold")]


def test_both_threshold_variants_together() -> None:
    document = _lot(
        {"overall": "0.7", "per_criterion": "0.4"},  # at least 14 in all, and 4 on each
        ("X", "1000", "10", "3"),  # 13: fails both
        ("Y", "1000", "10", "4"),  # 14, and 4 on each: passes
        ("Z", "1000", "9", "4"),  # 13: fails the overall one
    )
    assert _excluded(document) == [("X", "below quality threshold"), ("Z", "below quality threshold")]


def test_a_threshold_is_ignored_without_quality_criteria() -> None:
    document = request(
        [criterion("price", "price", "proportional", "1")],
        [bid("A", "1000")],
        quality_threshold={"overall": "0.9"},
    )
    assert [ranked.bid_id for ranked in evaluated(document).ranking] == ["A"]


def test_a_bid_not_accepted_is_excluded_with_its_status_and_moves_nothing() -> None:
    accepted = [
        bid("A", "1000", points={"design": "5", "service": "5"}),
        bid("B", "2000", points={"design": "5", "service": "10"}),
    ]
    late = bid("L", "500", points={"design": "9", "service": "10"}, status="late")  # cheaper, better: yet late
    with_late = evaluated(request(CRITERIA, [*accepted, late]))
    without = evaluated(request(CRITERIA, accepted))
    assert [(excluded.bid_id, excluded.reason) for excluded in with_late.excluded] == [("L", "status late")]
    assert with_late.ranking == without.ranking


def test_excluded_bids_are_listed_by_bid_id() -> None:
    document = request(
        [criterion("price", "price", "proportional", "1")],
        [bid("C", "900", status="withdrawn"), bid("A", "1000"), bid("B", "800", status="noncompliant")],
    )
    assert _excluded(document) == [("B", "status noncompliant"), ("C", "status withdrawn")]


def test_when_every_bid_is_excluded_the_ranking_is_empty_and_says_so() -> None:
    document = _lot({"overall": "0.9"}, ("X", "1000", "7", "6"), ("Y", "800", "5", "6"))
    result = evaluated(document)
    assert result.ranking == ()
    assert _excluded(document) == [("X", "below quality threshold"), ("Y", "below quality threshold")]
    assert codes(result) == ["relative_model", "no_evaluated_bids"]
    assert result.to_document()["ranking"] == []


def test_excluded_bids_need_no_committee_points() -> None:
    document = request(
        CRITERIA,
        [bid("A", "1000", points={"design": "5", "service": "5"}), bid("B", "900", status="late")],
    )
    assert by_id(evaluated(document))["A"].total == Decimal("0.4") * 10 + Decimal("0.3") * 5 + Decimal("0.3") * 10
