"""The portal's pure decisions: the draft it sends, where problems land on the form, the weights' sum, the bars."""

import json
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from services.portal.domain import (
    Advantage,
    bid_from_form,
    chosen_lot,
    editor_form,
    kroner,
    local_time,
    notice_previews,
    percent,
    point_entries,
    problems_by_field,
    sensitivity_rows,
    stacked_bars,
    tender_draft,
    weights_total,
)
from services.portal.texts import DANISH, ENGLISH

FORM = {
    "reference": "KOL-2027-001",
    "title": "Parkpleje",
    "cpv_codes": "77311000-3, 77310000-6",
    "estimated_value_dkk": "2600000",
    "deadline_date": "2027-07-01",
    "deadline_time": "12:00",
    "weight_price": "40",
    "weight_quality": "35,5",
    "weight_social": "24.5",
    "price_method": "absolute_anchored",
    "best_price": "2000000",
    "zero_price": "3500000",
    "training_clause": "on",
}


def test_the_draft_carries_the_weights_as_fractions_and_the_price_anchors() -> None:
    model = tender_draft(FORM)["lots"][0]["evaluation_model"]
    assert [(c["id"], c["weight"]) for c in model["criteria"]] == [
        ("price", "0.4"),
        ("quality", "0.355"),
        ("social", "0.245"),
    ]
    assert model["criteria"][0]["params"] == {"best_price": "2000000", "zero_price": "3500000"}
    assert [c["method"] for c in model["criteria"][1:]] == ["direct", "monetised_relative"]


def test_each_line_of_lot_titles_is_a_lot_numbered_in_order_under_the_one_model() -> None:
    lots = tender_draft({**FORM, "lot_titles": "Grønne områder\n\n  Vejrabatter  \n"})["lots"]
    assert [(lot["lot_id"], lot["title"]) for lot in lots] == [("1", "Grønne områder"), ("2", "Vejrabatter")]
    assert lots[0]["evaluation_model"] == lots[1]["evaluation_model"]
    assert [lot["title"] for lot in tender_draft(FORM)["lots"]] == ["Delaftale 1"], "no titles: one lot"


def test_a_page_shows_the_lot_asked_for_the_first_when_none_is_and_none_for_an_unknown_one() -> None:
    tender = {"lots": [{"lot_id": "A", "title": "Nord"}, {"lot_id": "B", "title": "Syd"}]}
    assert chosen_lot(tender, "B")["title"] == "Syd"
    assert chosen_lot(tender, None)["title"] == "Nord"
    assert chosen_lot(tender, "Z") is None, "no other lot than the one the address names"


def as_saved(draft: dict[str, Any]) -> dict[str, Any]:
    """A draft as procurement answers it: the deadline in UTC, the proxy values added, every field present."""
    deadline = datetime.fromisoformat(draft["deadline"]).astimezone(UTC).isoformat().replace("+00:00", "Z")
    lots = [
        {**lot, "evaluation_model": {**lot["evaluation_model"], "proxy_values": {"DK_LTU_HIRE": "122000"}}}
        for lot in draft["lots"]
    ]
    clauses = [{**clause, "quantity_rule": None, "criterion_id": None} for clause in draft["social_clauses"]]
    extra = {"description_en": None, "request_deadline": None, "training_exemption": None, "auto_evaluate": False}
    return {
        "title_en": None,
        "reservation": "none",
        **draft,
        **extra,
        "status": "draft",
        "tender_id": "T1",
        "deadline": deadline,
        "lots": lots,
        "social_clauses": clauses,
        "estimated_value_dkk": "2600000.00",
    }


def test_a_saved_draft_comes_back_into_the_editor_as_it_was_typed() -> None:
    typed = {**FORM, "lot_titles": "Nord\nSyd", "title_en": "Park care", "reservation": "art20"}
    form = editor_form(as_saved(tender_draft(typed)))
    assert form is not None
    assert tender_draft(form) == tender_draft(typed)
    assert (form["weight_quality"], form["deadline_time"], form["lot_titles"]) == ("35.5", "12:00", "Nord\nSyd")


def test_a_drafts_proxy_table_version_survives_the_editor() -> None:
    saved = {**as_saved(tender_draft(FORM)), "proxy_table_version": "DK-2025.9"}
    form = editor_form(saved)
    assert form is not None
    assert tender_draft(form)["proxy_table_version"] == "DK-2025.9", "saving must not move it to the newest"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["lots"][1]["evaluation_model"]["criteria"][0].update(weight="0.5"),  # lots with their own models
        lambda d: d["lots"][0]["evaluation_model"]["criteria"][0]["params"].update(best_price="1"),
        lambda d: d["social_clauses"].append({"type": "employment", "quantity": "2"}),
        lambda d: d.update(auto_evaluate=True),
        lambda d: d.update(description_en="Care of parks"),
    ],
)
def test_a_draft_the_editor_cannot_show_whole_is_not_put_in_it(change: Callable[[dict[str, Any]], None]) -> None:
    saved = as_saved(tender_draft({**FORM, "lot_titles": "Nord\nSyd"}))
    saved = json.loads(json.dumps(saved))  # no part shared between the lots
    change(saved)
    assert editor_form(saved) is None


@pytest.mark.parametrize(
    ("day", "expected"), [("2027-07-01", "2027-07-01T12:00:00+02:00"), ("2027-01-15", "2027-01-15T12:00:00+01:00")]
)
def test_the_deadline_is_danish_wall_clock_time_summer_and_winter(day: str, expected: str) -> None:
    assert tender_draft({**FORM, "deadline_date": day})["deadline"] == expected


def test_the_draft_splits_cpv_codes_and_adds_the_training_clause_only_when_ticked() -> None:
    draft = tender_draft(FORM)
    assert draft["cpv_codes"] == ["77311000-3", "77310000-6"]
    assert [clause["type"] for clause in draft["social_clauses"]] == ["training"]
    assert tender_draft({**FORM, "training_clause": ""})["social_clauses"] == []


def test_an_unreadable_deadline_is_passed_on_for_the_service_to_name() -> None:
    assert tender_draft({**FORM, "deadline_date": "1. juli"})["deadline"] == "1. juli"


def test_weights_add_up_with_danish_decimal_commas_and_an_unreadable_one_gives_no_sum() -> None:
    assert weights_total({"a": "40", "b": "35,5", "c": "24.5"}) == Decimal(100)
    assert weights_total({"a": "40", "b": "lots"}) is None


def test_the_services_problems_land_on_the_editors_fields() -> None:
    problems = [
        {"path": "body.lots[0].evaluation_model.criteria[1].weight", "reason": "must be above 0"},
        {"path": "body.lots[0].evaluation_model.criteria", "reason": "the weights sum to 0.95, not 1"},
        {"path": "body.deadline", "reason": "not a time"},
        {"path": "body.reference", "reason": "already used"},
        {"path": "query.x", "reason": "odd"},
        {"path": "body.lots[1].evaluation_model.criteria", "reason": "the weights sum to 0.95, not 1"},
        {"path": "body.lots[2].title", "reason": "String should have at least 1 character"},
    ]
    assert problems_by_field(problems) == {
        "weight_quality": ["must be above 0"],
        "weights": ["the weights sum to 0.95, not 1"],
        "deadline_date": ["not a time"],
        "reference": ["already used"],
        "form": ["odd"],
        "lot_titles": ["String should have at least 1 character"],
    }


def test_each_bar_is_the_total_and_its_parts_are_the_weighted_points() -> None:
    result = {
        "ranking": [
            {
                "bid_id": "B",
                "rank": 1,
                "total": "7.75",
                "criteria": {"price": {"points": "7.5"}, "quality": {"points": "8"}},
            },
            {
                "bid_id": "A",
                "rank": 2,
                "total": "4",
                "criteria": {"price": {"points": "10"}, "quality": {"points": "0"}},
            },
        ]
    }
    weights = {"price": Decimal("0.5"), "quality": Decimal("0.5")}
    first, second = stacked_bars(result, weights, Decimal(10))
    assert [(s.criterion, s.contribution, s.width_pct) for s in first.segments] == [
        ("price", Decimal("3.75"), Decimal("37.5")),
        ("quality", Decimal("4.00"), Decimal("40.0")),
    ]
    assert sum(s.contribution for s in first.segments) == first.total
    assert (second.rank, second.segments[1].width_pct) == (2, Decimal("0.0"))


def test_times_and_amounts_read_the_danish_way() -> None:
    assert local_time("2026-12-31T11:00:00Z") == "31.12.2026 12:00"
    assert kroner("2600000") == "2.600.000 kr."
    assert percent("0.35") == "35"


def test_every_word_has_its_danish_and_english_form() -> None:
    assert DANISH.keys() == ENGLISH.keys()
    assert all(DANISH[key] and ENGLISH[key] for key in DANISH)


RESULT = {
    "ranking": [
        {
            "bid_id": "B",
            "rank": 1,
            "total": "6.92",
            "criteria": {"price": {"points": "4.93"}, "social": {"points": "10"}},
        },
        {
            "bid_id": "A",
            "rank": 2,
            "total": "6.38",
            "criteria": {"price": {"points": "6.13"}, "social": {"points": "4.51"}},
        },
        {
            "bid_id": "C",
            "rank": 3,
            "total": "5.26",
            "criteria": {"price": {"points": "7.33"}, "social": {"points": "0.89"}},
        },
    ]
}


def test_each_notice_names_where_the_winner_did_better_and_only_there() -> None:
    winner, second, third = notice_previews(RESULT, "B")
    assert (winner.is_winner, winner.advantages) == (True, ())
    assert second.advantages == (Advantage("social", Decimal("10"), Decimal("4.51")),), "A's price beat B's"
    assert (third.rank, third.total, third.winner_total) == (3, Decimal("5.26"), Decimal("6.92"))


def test_a_decided_winner_other_than_the_first_is_the_one_compared_with() -> None:
    previews = {p.bid_id: p for p in notice_previews(RESULT, "A")}
    assert previews["A"].is_winner
    assert previews["B"].advantages == (Advantage("price", Decimal("6.13"), Decimal("4.93")),)


def test_sensitivity_rows_say_where_the_winner_would_change_or_that_it_holds() -> None:
    sensitivity = {
        "winner": "B",
        "weights": {
            "price": {"increase": {"weight": "0.5231", "change": "0.1231", "bid_id": "C"}, "decrease": None},
            "social": {"increase": None, "decrease": {"weight": "0.1412", "change": "-0.1088", "bid_id": "A"}},
        },
    }
    price, social = sensitivity_rows(sensitivity, {"price": Decimal("0.4"), "social": Decimal("0.25")})
    assert (price.weight, price.raised_to, price.raised_winner, price.lowered_to) == (
        Decimal("0.4"),
        Decimal("0.5231"),
        "C",
        None,
    )
    assert (social.raised_to, social.lowered_to, social.lowered_winner) == (None, Decimal("0.1412"), "A")


def test_the_bid_carries_the_rows_filled_in_the_consortium_and_the_files() -> None:
    form = {
        "price": "2.760.000",
        "sub2_name": "Grøn Hverdag ApS",
        "sub2_cvr": "13585628",
        "sub2_tasks": "Beskæring",
        "sub2_share": "12,5",
        "sub2_social": "on",
        "consortium": "Jobværkstedet ApS; 13585628\n\nPark & Vej A/S; 40084525\n",
    }
    bid = bid_from_form(form, [("løsning.pdf", "application/pdf", b"%PDF-1.7")])
    assert bid["price"] == "2760000"
    assert bid["subcontractors"] == [
        {
            "name": "Grøn Hverdag ApS",
            "tasks": "Beskæring",
            "social_economy": True,
            "cvr": "13585628",
            "share_pct": "12.5",
        }
    ]
    assert bid["consortium"] == {
        "lead": "Jobværkstedet ApS",
        "members": [{"name": "Jobværkstedet ApS", "cvr": "13585628"}, {"name": "Park & Vej A/S", "cvr": "40084525"}],
    }
    assert bid["attachments"] == [
        {"filename": "løsning.pdf", "media_type": "application/pdf", "content_base64": "JVBERi0xLjc="}
    ]
    plain = bid_from_form({"price": "1"})
    assert "consortium" not in plain
    assert plain["subcontractors"] == []


def test_a_subcontractors_problem_lands_on_the_row_it_is_about() -> None:
    form = {"sub2_name": "Grøn Hverdag ApS", "sub2_cvr": "12345678"}  # row 1 left empty: the bid's first is row 2
    problems = [{"path": "body.subcontractors[0].cvr", "reason": "fails", "reasons": {"da": "består ikke"}}]
    assert problems_by_field(problems, "da", form) == {"sub2_cvr": ["består ikke"]}
    assert problems_by_field([{"path": "body.consortium.members[1].cvr", "reason": "x"}], "en") == {"consortium": ["x"]}


def test_points_typed_per_bid_and_criterion_become_one_entry_each_with_its_justification() -> None:
    form = {
        "held_on": "2027-01-12",
        "points_B1:quality": "7",
        "justification_B1:quality": "Klar plan.",
        "points_B2:quality": "4,5",
    }
    assert point_entries(form) == [
        {"bid_id": "B1", "criterion_id": "quality", "points": "7", "justification": "Klar plan."},
        {"bid_id": "B2", "criterion_id": "quality", "points": "4,5", "justification": ""},
    ]
