"""The evaluation contract: `evaluation-request/1` in, `evaluation-result/1` out (see evaluation-format.md).

Reading a request, wherever it comes from (a file, an HTTP body, a Kafka payload):

    request = parse_request(load_request_json(text))   # raises InvalidRequest with every problem

`load_request_json` keeps every number exact; `parse_request` refuses binary floats with a `TypeError`, since
a document holding them was read the lossy way by its caller. The computation itself lives in the scoring
service; this package only says what goes in and what comes out, so that procurement can check a model
without importing the scoring service.
"""

from shared.evaluation.documents import canonical_sha256, load_request_json
from shared.evaluation.parsing import parse_request
from shared.evaluation.problems import InvalidRequest, Problem
from shared.evaluation.request import (
    REQUEST_FORMAT,
    Bid,
    Bidder,
    Criterion,
    EvaluationRequest,
    QualityThreshold,
    SocialCommitment,
    Total,
)
from shared.evaluation.result import (
    ABNORMALLY_LOW,
    RESULT_FORMAT,
    CriterionScore,
    EvaluationResult,
    ExcludedBid,
    RankedBid,
    ResultWarning,
    Sensitivity,
    WeightChange,
    WeightSensitivity,
    figure,
    figure_for_people,
)

__all__ = [
    "ABNORMALLY_LOW",
    "REQUEST_FORMAT",
    "RESULT_FORMAT",
    "Bid",
    "Bidder",
    "Criterion",
    "CriterionScore",
    "EvaluationRequest",
    "EvaluationResult",
    "ExcludedBid",
    "InvalidRequest",
    "Problem",
    "QualityThreshold",
    "RankedBid",
    "ResultWarning",
    "Sensitivity",
    "SocialCommitment",
    "Total",
    "WeightChange",
    "WeightSensitivity",
    "canonical_sha256",
    "figure",
    "figure_for_people",
    "load_request_json",
    "parse_request",
]
