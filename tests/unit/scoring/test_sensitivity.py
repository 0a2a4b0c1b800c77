"""Sensitivity, worked by hand: how far each weight must move before another bid leads, and decisive bids."""

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from services.scoring.domain import evaluate
from shared.evaluation import WeightChange, WeightSensitivity, load_request_json, parse_request
from tests.unit.scoring.scoring_lots import bid, criterion, evaluated, request

STEP = Fraction(1, 10_000)


def _two_bids(price_weight: str, quality_weight: str) -> dict[str, Any]:
    # absolute_anchored 1000..2000: A's price 1000 → 10 points, B's 1200 → 8
    return request(
        [
            criterion("price", "price", "absolute_anchored", price_weight, best_price="1000", zero_price="2000"),
            criterion("quality", "quality", "direct", quality_weight),
        ],
        [bid("A", "1000", points={"quality": "6"}), bid("B", "1200", points={"quality": "8"})],
    )


def test_a_crossing_exactly_on_a_step_needs_one_step_more() -> None:
    # A = 0.6·10 + 0.4·6 = 8.4, B = 0.6·8 + 0.4·8 = 8.0. With quality weight x (price 1 − x):
    # A = 10 − 4x and B = 8, equal at x = 0.5, so B leads strictly from 0.5001: an increase of 0.1001.
    # With price weight y (quality 1 − y): A = 6 + 4y, B = 8: B leads below 0.5, from 0.4999.
    sensitivity = evaluated(_two_bids("0.6", "0.4"), sensitivity=True).sensitivity
    assert sensitivity is not None
    assert sensitivity.winner == "A"
    assert sensitivity.weights == {
        "price": WeightSensitivity(None, WeightChange(Decimal("0.4999"), Decimal("0.1001"), "B")),
        "quality": WeightSensitivity(WeightChange(Decimal("0.5001"), Decimal("0.1001"), "B"), None),
    }
    assert sensitivity.decisive_bids is None  # no relative method: removing a bid moves no one's points


def test_a_weight_of_one_shares_what_it_gives_up_equally() -> None:
    # Price weight 1 and quality 0: no proportion to keep, so quality takes all that price gives up.
    # A = 10y + 6(1 − y) = 6 + 4y, B = 8: B leads below y = 0.5, a decrease of 0.5001 to 0.4999.
    sensitivity = evaluated(_two_bids("1", "0"), sensitivity=True).sensitivity
    assert sensitivity is not None
    assert sensitivity.weights["price"] == WeightSensitivity(
        None, WeightChange(Decimal("0.4999"), Decimal("0.5001"), "B")
    )
    # Quality from 0 up: A = 10(1 − x) + 6x, B = 8 again: from x = 0.5001.
    assert sensitivity.weights["quality"].increase == WeightChange(Decimal("0.5001"), Decimal("0.5001"), "B")


def test_g1_weights_solved_by_hand() -> None:
    request_document = load_request_json((Path(__file__).parent / "golden" / "G1.request.json").read_bytes())
    sensitivity = evaluate(parse_request(request_document), sensitivity=True).sensitivity
    assert sensitivity is not None
    # Points (G1): B price 7, quality 7, social 10; C price 8.5, quality 8, social 10·202,000/448,000.
    social_c = Fraction(10 * 202_000, 448_000)
    # Price weight x, quality and social rescaled from 0.35 and 0.25 to fill 1 − x (their shares 7/12, 5/12):
    rest_b = Fraction(7, 12) * 7 + Fraction(5, 12) * 10
    rest_c = Fraction(7, 12) * 8 + Fraction(5, 12) * social_c
    # C − B = (rest_c − rest_b) + x·((8.5 − 7) − (rest_c − rest_b)) is 0 at:
    crossing = (rest_b - rest_c) / (Fraction(3, 2) - (rest_c - rest_b))  # 0.53192…
    steps = math.floor((crossing - Fraction(2, 5)) / STEP) + 1
    assert Fraction(2, 5) + steps * STEP == Fraction(5320, 10_000)
    assert sensitivity.weights["price"].increase == WeightChange(Decimal("0.5320"), Decimal("0.1320"), "C")
    assert sensitivity.weights["price"].decrease is None  # less weight on price only helps B over A and C
    assert sensitivity.decisive_bids == ()  # removing A (the lowest price) moves points, but B still wins


def test_decisive_bids_under_a_relative_method() -> None:
    # social is monetised_relative; A's huge social value squeezes everyone else's social points.
    document = request(
        [
            criterion("price", "price", "absolute_anchored", "0.4", best_price="1000", zero_price="2000"),
            criterion("quality", "quality", "direct", "0.3"),
            criterion("social", "social", "monetised_relative", "0.3"),
        ],
        [
            bid("A", "2000", points={"quality": "0"}, commitments=(("X", "1000"),)),  # SV 1,000,000 → 10
            bid("B", "1200", points={"quality": "5"}, commitments=(("X", "100"),)),  # SV 100,000 → 1
            bid("C", "1100", points={"quality": "6"}),  # SV 0
        ],
        proxy_values={"X": "1000"},
    )
    # With A: B = 0.4·8 + 0.3·5 + 0.3·1 = 5.0, C = 0.4·9 + 0.3·6 = 5.4: C wins.
    # Without A: B's social points become 10: B = 3.2 + 1.5 + 3 = 7.7 > 5.4, so A alone decides.
    # Without B: A still holds the best social value, nobody's points move.
    sensitivity = evaluated(document, sensitivity=True).sensitivity
    assert sensitivity is not None
    assert sensitivity.winner == "C"
    assert sensitivity.decisive_bids == ("A",)


def test_decisive_bids_are_not_computed_above_a_thousand_evaluated_bids() -> None:
    bids = [bid(f"B{number:04d}", str(1000 + number)) for number in range(1001)]
    document = request([criterion("price", "price", "proportional", "1")], bids)
    sensitivity = evaluated(document, sensitivity=True).sensitivity
    assert sensitivity is not None
    assert sensitivity.winner == "B0000"
    assert sensitivity.decisive_bids is None
    assert sensitivity.weights == {"price": WeightSensitivity(None, None)}  # a sole weight cannot move


def test_a_tied_winner_is_overtaken_at_the_first_step() -> None:
    # A and B both total 8 (A first by bid id); any more weight on quality favours B.
    document = request(
        [
            criterion("price", "price", "absolute_anchored", "0.5", best_price="1000", zero_price="2000"),
            criterion("quality", "quality", "direct", "0.5"),
        ],
        [bid("A", "1000", points={"quality": "6"}), bid("B", "1200", points={"quality": "8"})],
    )
    sensitivity = evaluated(document, sensitivity=True).sensitivity
    assert sensitivity is not None
    assert sensitivity.weights["quality"].increase == WeightChange(Decimal("0.5001"), Decimal("0.0001"), "B")
    assert sensitivity.weights["price"].decrease == WeightChange(Decimal("0.4999"), Decimal("0.0001"), "B")


def test_sensitivity_is_written_only_when_asked_and_only_for_weighted_sum() -> None:
    assert "sensitivity" not in evaluated(_two_bids("0.6", "0.4")).to_document()
    written = evaluated(_two_bids("0.6", "0.4"), sensitivity=True).to_document()["sensitivity"]
    assert written["weights"]["quality"] == {
        "increase": {"weight": "0.5001", "change": "0.1001", "bid_id": "B"},
        "decrease": None,
    }
    monetised = {
        **_two_bids("0.6", "0.4"),
        "total": {"method": "monetised", "kr_per_point": {"quality": "10"}, "social_credit": "0"},
    }
    assert evaluated(monetised, sensitivity=True).sensitivity is None


def test_sensitivity_does_not_change_the_input_hash() -> None:
    plain, asked = evaluated(_two_bids("0.6", "0.4")), evaluated(_two_bids("0.6", "0.4"), sensitivity=True)
    assert plain.input_sha256 == asked.input_sha256
