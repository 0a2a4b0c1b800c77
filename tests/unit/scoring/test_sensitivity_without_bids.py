"""Sensitivity asked of a lot whose bids are all excluded: a lawful result, not a crash."""

import json
from pathlib import Path

from services.scoring.domain import evaluate
from shared.evaluation import load_request_json, parse_request

GOLDEN = Path(__file__).parent / "golden"


def test_all_bids_excluded_under_a_relative_method_with_sensitivity() -> None:
    document = json.loads((GOLDEN / "G1.request.json").read_text())
    for bid in document["bids"]:
        bid["status"] = "noncompliant"
    result = evaluate(parse_request(load_request_json(json.dumps(document))), sensitivity=True).to_document()
    assert result["ranking"] == []
    assert [w["code"] for w in result["warnings"]].count("no_evaluated_bids") == 1
    assert result["sensitivity"]["decisive_bids"] == []
