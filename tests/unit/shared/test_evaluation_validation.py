"""Validation of `evaluation-request/1`: every problem at once, each at its JSON path with an actionable reason."""

from decimal import Decimal
from typing import Any

import pytest

from shared.evaluation import EvaluationRequest, InvalidRequest, Problem, parse_request


def valid_document() -> dict[str, Any]:
    """The contract's example lot: price, quality and social criteria, three accepted bids."""
    return {
        "format": "evaluation-request/1",
        "tender_id": "KOL-2026-017",
        "lot_id": "1",
        "currency": "DKK",
        "scale_max": "10",
        "criteria": [
            {"id": "price", "kind": "price", "weight": "0.40", "method": "linear_relative", "params": {"slope": "0.5"}},
            {"id": "quality", "kind": "quality", "weight": "0.35", "method": "direct"},
            {"id": "social", "kind": "social", "weight": "0.25", "method": "monetised_relative"},
        ],
        "total": {"method": "weighted_sum"},
        "proxy_values": {"DK_LTU_HIRE": "122000", "DK_FLEXJOB": "42000", "DK_APPRENTICE_YEAR": "40000"},
        "bids": [
            {
                "id": "A",
                "bidder": {"name": "Grøn Service A/S", "cvr": "13748136"},
                "price": "2400000",
                "points": {"quality": "6"},
                "social_commitments": [{"proxy": "DK_APPRENTICE_YEAR", "quantity": "1"}],
            },
            {
                "id": "B",
                "bidder": {"name": "Jobværkstedet ApS", "cvr": "13585628"},
                "price": "2760000",
                "points": {"quality": "7"},
                "social_commitments": [{"proxy": "DK_LTU_HIRE", "quantity": "3"}],
            },
            {
                "id": "C",
                "bidder": {"name": "Park & Vej A/S", "cvr": "40084525"},
                "price": "2580000",
                "points": {"quality": "8"},
            },
        ],
    }


def problems(document: Any) -> list[str]:
    with pytest.raises(InvalidRequest) as raised:
        parse_request(document)
    assert str(raised.value) == "\n".join(str(problem) for problem in raised.value.problems)
    return [str(problem) for problem in raised.value.problems]


def test_the_valid_document_parses() -> None:
    request = parse_request(valid_document())
    assert isinstance(request, EvaluationRequest)
    assert request.criteria[0].decimal_param("slope") == Decimal("0.5")
    assert len(request.input_sha256) == 64


def test_four_problems_are_reported_at_once_with_their_paths() -> None:
    document = valid_document()
    document["bids"][1]["bidder"]["cvr"] = "12345678"
    document["criteria"][2]["weight"] = "0.20"
    document["bids"][2]["points"]["quality"] = "11"
    document["bids"][0]["social_commitments"][0]["proxy"] = "DK_XYZ"
    assert problems(document) == [
        "criteria: weights sum to 0.95, not 1",
        "bids[0].social_commitments[0].proxy: unknown code DK_XYZ",
        "bids[1].bidder.cvr: 12345678 fails the modulus-11 check",
        "bids[2].points.quality: 11 is above scale_max 10",
    ]


def test_a_problem_is_a_path_and_a_reason() -> None:
    document = valid_document()
    document["bids"][0]["price"] = "0"
    with pytest.raises(InvalidRequest) as raised:
        parse_request(document)
    assert raised.value.problems == [Problem(path="bids[0].price", reason="0 is not above 0")]


def test_defaults_fill_what_is_left_out() -> None:
    document = valid_document()
    for optional in ("scale_max", "total"):
        del document[optional]
    del document["criteria"][1]["weight"]  # … but weighted_sum (the default total) needs it:
    assert problems(document) == ["criteria[1].weight: missing (weighted_sum needs a weight for every criterion)"]
    document["criteria"][1]["weight"] = "0.35"
    request = parse_request(document)
    assert request.scale_max == 10
    assert request.total.method == "weighted_sum"
    assert request.quality_threshold is None
    assert request.abnormally_low_ratio is None
    assert request.tie_break == ()
    assert request.bids[2].status == "accepted"
    assert request.bids[2].social_commitments == ()
    assert request.bids[0].bidder.country == "DK"
    assert request.criteria[1].params == {}


def _with(change: Any) -> list[str]:
    document = valid_document()
    change(document)
    return problems(document)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(format="evaluation-request/2"),
            "format: unknown format evaluation-request/2 (expected 'evaluation-request/1')",
        ),
        (
            lambda d: d["criteria"][0].update(method="cheapest"),
            "criteria[0].method: unknown method cheapest for kind price "
            "(expected linear_relative or proportional or absolute_anchored or mean_based)",
        ),
        (
            lambda d: d["criteria"][1].update(method="monetised_relative"),
            "criteria[1].method: unknown method monetised_relative for kind quality "
            "(expected direct or relative_to_best)",
        ),
        (
            lambda d: d["criteria"][1].update(kind="beauty"),
            "criteria[1].kind: unknown kind beauty (expected 'price', 'quality' or 'social')",
        ),
        (
            lambda d: d["criteria"][0]["params"].update(steepness="2"),
            "criteria[0].params.steepness: unknown param for linear_relative (it takes slope, clip)",
        ),
        (
            lambda d: d["criteria"][1].update(params={"slope": "1"}),
            "criteria[1].params.slope: unknown param for direct (it takes no params)",
        ),
        (
            lambda d: d["criteria"][0].update(params={}),
            "criteria[0].params.slope: missing (linear_relative needs slope)",
        ),
        (lambda d: d["criteria"][0]["params"].update(slope="0"), "criteria[0].params.slope: 0 is not above 0"),
        (
            lambda d: d["criteria"][0]["params"].update(clip="no"),
            'criteria[0].params.clip: expected a decimal number such as "2400000" or "0.40", got no',
        ),
        (
            lambda d: d["criteria"][0]["params"].update(clip="1"),
            "criteria[0].params.clip: expected true or false, got 1",
        ),
        (
            lambda d: d["criteria"][0]["params"].update(slope=True),
            "criteria[0].params.slope: expected a decimal number, got true",
        ),
        (
            lambda d: d["criteria"][0].update(method="absolute_anchored", params={"best_price": "2000000"}),
            "criteria[0].params.zero_price: missing (absolute_anchored needs zero_price)",
        ),
        (
            lambda d: d["criteria"][0].update(
                method="absolute_anchored", params={"best_price": "2000000", "zero_price": "2000000"}
            ),
            "criteria[0].params.zero_price: 2000000 is not above best_price 2000000",
        ),
        (
            lambda d: d["criteria"][2].update(method="monetised_absolute"),
            "criteria[2].params.full_ratio: missing (monetised_absolute needs full_ratio)",
        ),
        (
            lambda d: d["criteria"].append({"id": "price", "kind": "price", "weight": "0", "method": "proportional"}),
            "criteria[3].id: duplicate id price (also criteria[0])",
        ),
        (lambda d: d.update(bids=[]), "bids: there are no bids"),
        (lambda d: d["bids"][2].update(id="A"), "bids[2].id: duplicate id A (also bids[0])"),
        (lambda d: d["bids"][1].update(price="-5"), "bids[1].price: -5 is not above 0"),
        (lambda d: d["bids"][1]["points"].update(quality="-1"), "bids[1].points.quality: -1 is below 0"),
        (
            lambda d: d["bids"][1].update(points={}),
            "bids[1].points.quality: missing (an accepted bid needs the committee's points for quality)",
        ),
        (lambda d: d["bids"][1]["points"].update(qualty="5"), "bids[1].points.qualty: no criterion qualty"),
        (
            lambda d: d["bids"][1]["points"].update(price="5"),
            "bids[1].points.price: price takes no committee points (its method is linear_relative)",
        ),
        (
            lambda d: d["bids"][1]["social_commitments"][0].update(quantity="-1"),
            "bids[1].social_commitments[0].quantity: -1 is below 0",
        ),
        (
            lambda d: d["bids"][0]["bidder"].update(cvr="01374813"),
            "bids[0].bidder.cvr: 01374813 starts with 0, which no CVR number does",
        ),
        (lambda d: d["bids"][0]["bidder"].update(cvr="1374813"), "bids[0].bidder.cvr: 1374813 has 7 digits, not 8"),
        (
            lambda d: d["bids"][0]["bidder"].pop("cvr"),
            "bids[0].bidder.cvr: missing (a Danish bidder needs a CVR number)",
        ),
        (lambda d: d["bids"][0]["bidder"].update(cvr=13748136), "bids[0].bidder.cvr: expected a string, got 13748136"),
        (
            lambda d: d["bids"][0]["bidder"].update(country="Denmark"),
            "bids[0].bidder.country: Denmark is not a two-letter country code in capitals (ISO 3166-1), such as DK",
        ),
        (
            lambda d: d.update(total={"method": "lowest_price"}),
            "total.method: unknown method lowest_price "
            "(expected 'weighted_sum', 'monetised' or 'price_per_quality_point')",
        ),
        (
            lambda d: d.update(total={"method": "weighted_sum", "social_credit": "0.5"}),
            "total.social_credit: unknown param for weighted_sum",
        ),
        (lambda d: d.update(tie_break=["quality", "colour"]), "tie_break[1]: no criterion colour"),
        (lambda d: d.update(quality_threshold={"overall": "1.2"}), "quality_threshold.overall: 1.2 is above 1"),
        (lambda d: d.update(quality_threshold={"minimum": "0.5"}), "quality_threshold.minimum: unknown field"),
        (lambda d: d.update(abnormally_low_ratio="0"), "abnormally_low_ratio: 0 is not above 0"),
        (lambda d: d.update(scale_max="-10"), "scale_max: -10 is not above 0"),
        (lambda d: d["proxy_values"].update(DK_FLEXJOB="-42000"), "proxy_values.DK_FLEXJOB: -42000 is below 0"),
        (lambda d: d.update(quality_treshold={"overall": "0.5"}), "quality_treshold: unknown field"),
        (lambda d: d.pop("currency"), "currency: missing"),
        (lambda d: d.update(lot_id=1), "lot_id: expected a string, got 1"),
        (
            lambda d: d["bids"][0].update(price="2.400.000"),
            'bids[0].price: expected a decimal number such as "2400000" or "0.40", got 2.400.000',
        ),
        (lambda d: d["bids"][0].update(price="1e30"), "bids[0].price: 1e30 is too large"),
        (lambda d: d["bids"][0].update(price="1e-25"), "bids[0].price: 1e-25 is too small (below 1e-20)"),
        (
            lambda d: d["bids"][0].update(price=True),
            'bids[0].price: expected a decimal number such as "2400000" or "0.40", got true',
        ),
        (lambda d: d["bids"][0].update(bidder="Grøn Service"), "bids[0].bidder: expected an object, got Grøn Service"),
        (lambda d: d.update(bids={"A": {}}), "bids: expected a list, got an object"),
    ],
)
def test_each_check_names_its_path_and_reason(change: Any, expected: str) -> None:
    assert _with(change) == [expected]


def test_a_weight_out_of_range_and_the_sum_it_spoils_are_both_reported() -> None:
    def change(document: dict[str, Any]) -> None:
        document["criteria"][2]["weight"] = "-0.05"

    assert _with(change) == ["criteria: weights sum to 0.70, not 1", "criteria[2].weight: -0.05 is below 0"]


def test_no_criteria_at_all() -> None:
    def change(document: dict[str, Any]) -> None:
        document["criteria"] = []
        for bid in document["bids"]:
            bid["points"] = {}

    assert _with(change) == ["criteria: there are no criteria"]


def test_monetised_needs_kr_per_point_and_social_credit() -> None:
    def change(document: dict[str, Any]) -> None:
        document["total"] = {"method": "monetised"}

    assert _with(change) == [
        "total.kr_per_point: missing (monetised needs the DKK per point of each quality criterion)",
        "total.social_credit: missing (monetised needs a social_credit from 0 to 1)",
    ]


def test_monetised_kr_per_point_may_name_only_quality_or_direct_social_criteria() -> None:
    def change(document: dict[str, Any]) -> None:
        kr_per_point = {"quality": "10000", "price": "1", "social": "5", "speed": "2"}
        document["total"] = {"method": "monetised", "kr_per_point": kr_per_point, "social_credit": "1.5"}

    assert _with(change) == [
        "total.kr_per_point.price: price is a price criterion: the price enters the monetised total as it is",
        "total.kr_per_point.social: social is scored from social value (monetised_relative): social_credit prices that",
        "total.kr_per_point.speed: no criterion speed",
        "total.social_credit: 1.5 is above 1",
    ]


def test_price_per_quality_point_needs_a_quality_criterion() -> None:
    def change(document: dict[str, Any]) -> None:
        document["total"] = {"method": "price_per_quality_point"}
        del document["criteria"][1]
        for bid in document["bids"]:
            bid["points"] = {}

    assert _with(change) == ["criteria: price_per_quality_point needs at least one quality criterion"]


def test_points_are_required_only_of_accepted_bids_but_checked_for_all() -> None:
    document = valid_document()
    document["bids"][1].update(status="late", points={})
    parse_request(document)  # a late bid is not evaluated: it needs no points
    document["bids"][1]["points"] = {"quality": "12"}
    assert problems(document) == ["bids[1].points.quality: 12 is above scale_max 10"]


def test_every_bids_cvr_is_checked_whatever_its_status() -> None:
    document = valid_document()
    document["bids"][1].update(status="withdrawn")
    document["bids"][1]["bidder"]["cvr"] = "13585627"
    assert problems(document) == ["bids[1].bidder.cvr: 13585627 fails the modulus-11 check"]


def test_a_foreign_bidder_needs_no_cvr() -> None:
    document = valid_document()
    document["bids"][0]["bidder"] = {"name": "Svensk Park AB", "country": "SE"}
    assert parse_request(document).bids[0].bidder.cvr is None


def test_one_unreadable_bid_does_not_hide_the_problems_of_the_others() -> None:
    document = valid_document()
    document["bids"][0]["price"] = "cheap"
    document["bids"][0]["bidder"]["cvr"] = "12345678"  # not seen: the bid cannot be read past its price
    document["bids"][2]["bidder"]["cvr"] = "12345678"
    document["currency"] = None
    assert problems(document) == [
        "currency: expected a string, got null",
        'bids[0].price: expected a decimal number such as "2400000" or "0.40", got cheap',
        "bids[2].bidder.cvr: 12345678 fails the modulus-11 check",
    ]


def test_an_unreadable_criterion_does_not_make_points_for_it_unknown() -> None:
    document = valid_document()
    document["criteria"][1]["weight"] = "much"
    assert problems(document) == [
        'criteria[1].weight: expected a decimal number such as "2400000" or "0.40", got much',
    ]


def test_json_numbers_are_read_as_exact_decimals() -> None:
    document = valid_document()
    document["criteria"][0]["weight"] = Decimal("0.40")  # as load_request_json reads 0.40
    document["bids"][0]["price"] = 2400000
    request = parse_request(document)
    assert request.criteria[0].weight == Decimal("0.40")
    assert request.bids[0].price == 2400000


def test_a_binary_float_is_a_bug_in_the_caller_not_bad_input() -> None:
    document = valid_document()
    document["criteria"][0]["weight"] = 0.4
    with pytest.raises(TypeError, match="load_request_json"):
        parse_request(document)


@pytest.mark.parametrize("document", [[], "evaluation-request/1", None, 3])
def test_a_document_that_is_no_object(document: Any) -> None:
    assert problems(document) == ["$: expected a JSON object"]
