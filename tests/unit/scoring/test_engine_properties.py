"""Properties of the engine over generated lots: scale bounds, order independence, absolute methods, sums,
and sensitivity thresholds that the engine itself confirms."""

from decimal import Context, Decimal, localcontext
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain import evaluate
from services.scoring.domain.weight_sensitivity import rescaled_weights
from shared.evaluation import EvaluationRequest, EvaluationResult, WeightChange, parse_request
from tests.unit.scoring.scoring_lots import bid, criterion, request

STEP = Decimal("0.0001")
PROXIES = ["DK_LTU_HIRE", "DK_FLEXJOB", "DK_APPRENTICE_YEAR"]
SOME_BIDS = st.integers(1, 7)


def _price_criterion(method: str, weight: str, clip: bool) -> dict[str, Any]:
    params: dict[str, Any] = {
        "linear_relative": {"slope": "0.5", "clip": clip},
        "absolute_anchored": {"best_price": "500", "zero_price": "1500"},
    }.get(method, {})
    return criterion("price", "price", method, weight, **params)


@st.composite
def weights(draw: st.DrawFn, count: int) -> list[str]:
    """`count` weights in steps of 0.0001 that sum to exactly 1."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=count - 1, max_size=count - 1)))
    parts = [high - low for low, high in zip([0, *cuts], [*cuts, 10_000], strict=True)]
    return [str(Decimal(part) / 10_000) for part in parts]


@st.composite
def lot_bids(draw: st.DrawFn, size: st.SearchStrategy[int] = SOME_BIDS) -> list[dict[str, Any]]:
    """Bids with prices and points from small ranges, so that equal figures (and ties) come up."""
    bids = []
    for number in range(draw(size)):
        commitments = draw(
            st.lists(st.tuples(st.sampled_from(PROXIES), st.integers(0, 4).map(str)), max_size=3).map(tuple)
        )
        quality = draw(st.integers(0, 20).map(lambda half_points: str(Decimal(half_points) / 2)))
        social = draw(st.integers(0, 10).map(str))
        price = str(draw(st.integers(400, 2_000)) * 5)
        bids.append(bid(f"B{number}", price, points={"quality": quality, "social": social}, commitments=commitments))
    return bids


@st.composite
def lots(draw: st.DrawFn) -> dict[str, Any]:
    """A valid weighted_sum request over any price, quality and social method."""
    price_weight, quality_weight, social_weight = draw(weights(3))
    price_method = draw(st.sampled_from(["linear_relative", "proportional", "absolute_anchored", "mean_based"]))
    social_method = draw(st.sampled_from(["direct", "monetised_relative", "monetised_absolute"]))
    social_params = {"full_ratio": "0.05"} if social_method == "monetised_absolute" else {}
    criteria = [
        _price_criterion(price_method, price_weight, clip=draw(st.booleans())),
        criterion("quality", "quality", draw(st.sampled_from(["direct", "relative_to_best"])), quality_weight),
        criterion("social", "social", social_method, social_weight, **social_params),
    ]
    return request(
        criteria, _scored_only(draw(lot_bids()), {"quality", "social"} if social_method == "direct" else {"quality"})
    )


def _scored_only(bids: list[dict[str, Any]], scored: set[str]) -> list[dict[str, Any]]:
    """The bids with committee points only for the criteria the committee scores."""
    return [{**bid_, "points": {key: value for key, value in bid_["points"].items() if key in scored}} for bid_ in bids]


def _comparable(result: EvaluationResult) -> dict[str, Any]:
    # The hash names the document, so it changes with the order of the bids; nothing else may.
    return {**result.model_dump(), "input_sha256": None}


@given(lots())
def test_points_stay_within_the_scale_except_for_unclipped_linear_relative(document: dict[str, Any]) -> None:
    unclipped = document["criteria"][0]["params"].get("clip") is False
    for ranked in evaluate(parse_request(document)).ranking:
        for criterion_id, points in ranked.points.items():
            if criterion_id == "price" and unclipped:
                assert points <= 10  # the lowest price gets 10; the rest may go below 0
            else:
                assert 0 <= points <= 10


@given(st.data())
def test_permuting_the_bids_changes_nothing(data: st.DataObject) -> None:
    document = data.draw(lots())
    shuffled = {**document, "bids": data.draw(st.permutations(document["bids"]))}
    original, permuted = evaluate(parse_request(document)), evaluate(parse_request(shuffled))
    assert _comparable(permuted) == _comparable(original)
    assert permuted.ranking == original.ranking  # unrounded figures too


@given(lot_bids(), lot_bids(st.just(1)), weights(3))
def test_adding_a_bid_never_changes_another_bids_points_under_absolute_methods(
    bids: list[dict[str, Any]], extra: list[dict[str, Any]], criterion_weights: list[str]
) -> None:
    criteria = [
        _price_criterion("absolute_anchored", criterion_weights[0], clip=True),
        criterion("quality", "quality", "direct", criterion_weights[1]),
        criterion("social", "social", "monetised_absolute", criterion_weights[2], full_ratio="0.05"),
    ]
    bids, newcomer = _scored_only(bids, {"quality"}), {**_scored_only(extra, {"quality"})[0], "id": "NEW"}
    before = evaluate(parse_request(request(criteria, bids)))
    after = evaluate(parse_request(request(criteria, [*bids, newcomer])))
    points_after = {ranked.bid_id: ranked.points for ranked in after.ranking}
    for ranked in before.ranking:
        assert points_after[ranked.bid_id] == ranked.points


@given(lots())
def test_each_total_is_the_exact_sum_of_the_weighted_points(document: dict[str, Any]) -> None:
    for ranked in evaluate(parse_request(document)).ranking:
        assert ranked.weighted is not None
        with localcontext(Context(prec=1_000)):  # exact for these figures
            assert ranked.total == sum(ranked.weighted.values())


@settings(max_examples=60, deadline=None)
@given(lots())
def test_each_sensitivity_threshold_is_where_the_engine_itself_sees_the_winner_overtaken(
    document: dict[str, Any],
) -> None:
    request_ = parse_request(document)
    result = evaluate(request_, sensitivity=True)
    assert result.sensitivity is not None
    winner = result.sensitivity.winner
    for index, criterion_ in enumerate(request_.criteria):
        sensitivity = result.sensitivity.weights[criterion_.id]
        for direction, change in ((+1, sensitivity.increase), (-1, sensitivity.decrease)):
            if change is not None:
                _assert_threshold(request_, index, direction, change, winner)
            else:
                _assert_never_overtaken(request_, index, direction, winner)


def _assert_threshold(
    request_: EvaluationRequest, index: int, direction: int, change: WeightChange, winner: str | None
) -> None:
    assert change.change > 0
    assert change.change % STEP == 0
    at = _leaders(request_, index, change.weight, winner)
    assert change.bid_id in at  # at the reported weight, that bid is strictly ahead of the winner
    one_step_short = change.weight - direction * STEP
    assert _leaders(request_, index, one_step_short, winner) == set()  # and no bid is, one step short


def _assert_never_overtaken(request_: EvaluationRequest, index: int, direction: int, winner: str | None) -> None:
    # Each bid's lead over the winner is linear in the weight, and not positive now: if it is not positive
    # at the farthest step either, it is nowhere in between.
    weight = request_.criteria[index].weight or Decimal(0)
    room = (1 - weight) if direction > 0 else weight
    farthest = weight + direction * (room // STEP) * STEP
    assert _leaders(request_, index, farthest, winner) == set()


def _leaders(request_: EvaluationRequest, index: int, new_weight: Decimal, winner: str | None) -> set[str]:
    """Bids whose total is strictly above the original winner's when the engine re-runs at `new_weight`."""
    old_weights = [criterion_.weight or Decimal(0) for criterion_ in request_.criteria]
    new_weights = rescaled_weights(old_weights, index, new_weight)  # the engine's own rescaling
    criteria = tuple(
        criterion_.model_copy(update={"weight": weight})
        for criterion_, weight in zip(request_.criteria, new_weights, strict=True)
    )
    totals = {
        ranked.bid_id: ranked.total for ranked in evaluate(request_.model_copy(update={"criteria": criteria})).ranking
    }
    return {bid_id for bid_id, total in totals.items() if winner is not None and total > totals[winner]}
