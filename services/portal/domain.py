"""What the portal decides without I/O: the tender draft from the editor's fields, where the services' problems
belong on the form, the weights' sum, and the stacked bars of an evaluation result."""

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from shared.evaluation.methods import methods_for

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
CRITERIA = ("price", "quality", "social")
PRICE_METHODS = tuple(methods_for("price"))


@dataclass(frozen=True)
class DemoUser:
    subject: str
    name: str
    role: str


DEMO_USERS = (
    DemoUser("anne.officer@kolding.dk", "Anne Holm", "officer"),
    DemoUser("mette.evaluator@kolding.dk", "Mette Lund", "evaluator"),
    DemoUser("lars.evaluator@kolding.dk", "Lars Krog", "evaluator"),
    DemoUser("revisor@kolding.dk", "Ida Brandt", "auditor"),
)


def decimal_or_none(text: str | None) -> Decimal | None:
    try:
        return Decimal((text or "").strip().replace(",", ".")) if (text or "").strip() else None
    except InvalidOperation:
        return None


def weights_total(percentages: dict[str, str]) -> Decimal | None:
    """The weights' sum in per cent, or None when one of them is not a number."""
    values = [decimal_or_none(v) for v in percentages.values()]
    numbers = [v for v in values if v is not None]
    return sum(numbers, Decimal(0)) if len(numbers) == len(values) else None


def deadline_in_copenhagen(day: str, clock_time: str) -> str:
    """The deadline an officer types (a Danish date and wall-clock time) as an aware ISO 8601 time."""
    moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock_time or "12:00"), COPENHAGEN)
    return moment.isoformat()


def lot_titles(text: str) -> list[str]:
    """The editor's lots, one title a line (blank lines skipped); a tender without lots named has one."""
    return [line.strip() for line in text.splitlines() if line.strip()] or ["Delaftale 1"]


def chosen_lot(tender: dict[str, Any], lot_id: str | None) -> dict[str, Any] | None:
    """The lot a page is about: the one asked for, the tender's first when none is, None when it has no such lot
    (a page for it would show, and a step would act on, another lot than the one the address names)."""
    if lot_id is None:
        return dict(tender["lots"][0])
    return next((lot for lot in tender["lots"] if lot["lot_id"] == lot_id), None)


def tender_draft(form: dict[str, str]) -> dict[str, Any]:
    """The procurement API's draft from the editor's fields: the lots (one title a line, numbered 1, 2, …), each
    under the same evaluation model (price, quality and social value weighted in per cent, the price method), an
    optional training clause and reservation. Values are passed on as typed, so the service's validation names
    what is wrong."""
    weights = {c: form.get(f"weight_{c}", "") for c in CRITERIA}
    criteria: list[dict[str, Any]] = []
    for criterion in CRITERIA:
        percent = decimal_or_none(weights[criterion])
        weight = str((percent / 100).normalize()) if percent is not None else weights[criterion]
        entry: dict[str, Any] = {"id": criterion, "kind": criterion, "weight": weight}
        if criterion == "price":
            entry |= {"method": form.get("price_method", "linear_relative"), "params": _price_params(form)}
        else:
            entry["method"] = "direct" if criterion == "quality" else "monetised_relative"
        criteria.append(entry)
    model: dict[str, Any] = {"format": "evaluation-request/1", "currency": "DKK", "scale_max": "10"}
    model |= {"criteria": criteria, "total": {"method": "weighted_sum"}}
    draft: dict[str, Any] = {
        "reference": form.get("reference", "").strip(),
        "title": form.get("title", "").strip(),
        "description": form.get("description", "").strip(),
        "cpv_codes": [code.strip() for code in re.split(r"[,\s]+", form.get("cpv_codes", "")) if code.strip()],
        "contract_type": form.get("contract_type", "services"),
        "procedure": form.get("procedure", "open"),
        "estimated_value_dkk": form.get("estimated_value_dkk", "").strip(),
        "contract_start": form.get("contract_start") or None,
        "contract_end": form.get("contract_end") or None,
        "deadline": deadline_of(form),
        "lots": [
            {"lot_id": str(number), "title": title, "evaluation_model": model}
            for number, title in enumerate(lot_titles(form.get("lot_titles", "")), start=1)
        ],
        "social_clauses": [dict(TRAINING_CLAUSE)] if form.get("training_clause") else [],
    }
    if form.get("title_en", "").strip():
        draft["title_en"] = form["title_en"].strip()
    if form.get("reservation"):
        draft["reservation"] = form["reservation"]
    if form.get("proxy_table_version"):  # a saved draft's version; a new one takes the newest
        draft["proxy_table_version"] = form["proxy_table_version"]
    return draft


def _price_params(form: dict[str, str]) -> dict[str, str]:
    if form.get("price_method") == "absolute_anchored":
        return {"best_price": form.get("best_price", ""), "zero_price": form.get("zero_price", "")}
    if form.get("price_method") == "linear_relative":
        return {"slope": "0.5"}
    return {}


def deadline_of(form: dict[str, str]) -> str:
    """The deadline typed in the form, or what was typed when it is no time: procurement then names the field."""
    try:
        return deadline_in_copenhagen(form.get("deadline_date", ""), form.get("deadline_time", ""))
    except ValueError:
        return form.get("deadline_date", "")  # the service names it as an invalid time


# The municipality's standard training clause (udbudsloven § 176 practice), as the editor adds it when ticked.
TRAINING_CLAUSE = {
    "type": "training",
    "form": "contract_condition",
    "description": "Leverandøren skal beskæftige mindst 1 person under oplæring i kontraktperioden.",
    "quantity": "1",
    "unit": "FTE_YEAR",
    "proxy_code": "DK_APPRENTICE_YEAR",
    "evidence_required": "Uddannelsesaftaler, anonymiseret",
    "reporting_frequency": "quarterly",
    "sanction": "Bod på 50.000 kr. pr. manglende oplæringsår",
}


API_ONLY_DEFAULTS = {
    "description_en": None,
    "request_deadline": None,
    "training_exemption": None,
    "auto_evaluate": False,
}


def editor_form(tender: dict[str, Any]) -> dict[str, str] | None:
    """The editor's fields for a saved draft, or None when the editor cannot show the draft without losing part of
    it (one made through the API with choices the editor does not offer: saving the form would change it)."""
    lots = tender.get("lots") or []
    if not lots:
        return None
    criteria = {c.get("id"): c for c in lots[0]["evaluation_model"].get("criteria", [])}
    price = criteria.get("price", {})
    deadline = datetime.fromisoformat(tender["deadline"].replace("Z", "+00:00")).astimezone(COPENHAGEN)
    form = {
        **{key: tender.get(key) or "" for key in ("reference", "title", "title_en", "description")},
        **{key: tender.get(key) or "" for key in ("contract_type", "procedure", "contract_start", "contract_end")},
        "estimated_value_dkk": _plain_number(tender.get("estimated_value_dkk")),
        "cpv_codes": ", ".join(tender.get("cpv_codes") or []),
        "deadline_date": deadline.date().isoformat(),
        "deadline_time": f"{deadline:%H:%M}",
        "lot_titles": "\n".join(lot["title"] for lot in lots),
        **{f"weight_{c}": _percent_text(criteria.get(c, {}).get("weight")) for c in CRITERIA},
        "price_method": str(price.get("method", "")),
        **{key: str(price.get("params", {}).get(key, "")) for key in ("best_price", "zero_price")},
        "training_clause": "on" if tender.get("social_clauses") else "",
        "reservation": tender.get("reservation") or "none",
        "proxy_table_version": tender.get("proxy_table_version") or "",  # kept: saving must not move it
    }
    return form if _same_draft(tender_draft(form), tender) else None


def _percent_text(weight: object) -> str:
    fraction = decimal_or_none(str(weight)) if weight is not None else None
    return "" if fraction is None else _plain_number(fraction * 100)


def _plain_number(value: object) -> str:
    """A number as an officer types it: 2600000, not 2600000.00 nor 2.6E+6."""
    number = decimal_or_none(str(value)) if value is not None else None
    return "" if number is None else f"{number.normalize():f}"


def _same_draft(draft: dict[str, Any], tender: dict[str, Any]) -> bool:
    """Whether saving `draft` would leave the saved `tender` as it is (the service adds the proxy values)."""
    if any(tender.get(key, default) != default for key, default in API_ONLY_DEFAULTS.items()):
        return False
    saved = {key: tender.get(key) for key in draft if key not in ("deadline", "lots", "social_clauses")}
    saved["reservation"] = tender.get("reservation") or "none"
    mine = {key: value for key, value in draft.items() if key not in ("deadline", "lots", "social_clauses")}
    saved_lots = [
        (lot["lot_id"], lot["title"], {k: v for k, v in lot["evaluation_model"].items() if k != "proxy_values"})
        for lot in tender["lots"]
    ]
    my_lots = [(lot["lot_id"], lot["title"], lot["evaluation_model"]) for lot in draft["lots"]]
    saved_clauses = [{k: v for k, v in clause.items() if v is not None} for clause in tender.get("social_clauses", [])]
    return (
        _canonical(mine) == _canonical(saved)
        and datetime.fromisoformat(draft["deadline"])
        == datetime.fromisoformat(tender["deadline"].replace("Z", "+00:00"))
        and _canonical(my_lots) == _canonical(saved_lots)
        and _canonical(draft["social_clauses"]) == _canonical(saved_clauses)
    )


def _canonical(value: Any) -> Any:
    """JSON with numbers compared as numbers ("0.40" is "0.4") and an absent text as an empty one."""
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items() if item not in (None, "")}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, str) and (number := decimal_or_none(value)) is not None and "," not in value:
        return number.normalize()
    return value


FIELD_OF_PATH = [
    (  # every lot has the editor's one model, so a problem in any lot's model is the editor's field's
        re.compile(r"^body\.lots\[\d+\]\.evaluation_model\.criteria\[(\d)\]\.weight$"),
        lambda m: f"weight_{CRITERIA[int(m[1])]}",
    ),
    (re.compile(r"^body\.lots\[\d+\]\.evaluation_model\.criteria\[0\]\.params"), lambda m: "price_method"),
    (re.compile(r"^body\.lots\[\d+\]\.evaluation_model\.criteria$"), lambda m: "weights"),
    (re.compile(r"^body\.lots(\[\d+\]\.(title|lot_id))?$"), lambda m: "lot_titles"),
    (re.compile(r"^body\.deadline$"), lambda m: "deadline_date"),
    (re.compile(r"^body\.social_clauses"), lambda m: "training_clause"),
    (re.compile(r"^body\.(\w+)"), lambda m: m[1]),
]


SUBCONTRACTOR_PATH = re.compile(r"^body\.subcontractors\[(\d+)\]\.(\w+)$")
SUBCONTRACTOR_FIELDS = {
    "name": "name",
    "cvr": "cvr",
    "tasks": "tasks",
    "share_pct": "share",
    "social_economy": "social",
}


def problems_by_field(
    problems: list[dict[str, Any]], language: str = "da", form: dict[str, str] | None = None
) -> dict[str, list[str]]:
    """The service's 422 problems placed on the form's fields (what fits no field goes under "form"), each in
    the reader's language where the service gave it in that language. `form` is what was typed, for finding
    the subcontractor row a problem is about (the bid lists only the rows filled in)."""
    rows = [n for n in SUBCONTRACTOR_ROWS if _subcontractor(form or {}, f"sub{n}_")]
    placed: dict[str, list[str]] = {}
    for problem in problems:
        path = problem.get("path", "")
        field = next((name(m) for pattern, name in FIELD_OF_PATH if (m := pattern.match(path))), "form")
        if (row := SUBCONTRACTOR_PATH.match(path)) and int(row[1]) < len(rows) and row[2] in SUBCONTRACTOR_FIELDS:
            field = f"sub{rows[int(row[1])]}_{SUBCONTRACTOR_FIELDS[row[2]]}"
        reason = (problem.get("reasons") or {}).get(language) or problem.get("reason", "")
        reasons = placed.setdefault(field, [])
        if reason not in reasons:  # every lot's copy of the model has the same problem
            reasons.append(reason)
    return placed


@dataclass(frozen=True)
class Segment:
    criterion: str
    points: Decimal  # the criterion's points on the scale
    contribution: Decimal  # weight × points: its share of the total
    width_pct: Decimal  # of the whole bar, which stands for the scale's maximum


@dataclass(frozen=True)
class Bar:
    bid_id: str
    rank: int
    total: Decimal
    segments: tuple[Segment, ...]


def bars_for(result: dict[str, Any], model: dict[str, Any]) -> list[Bar]:
    """The stacked bars of `result`, scored under the evaluation `model` (its weights and scale)."""
    weights = {c["id"]: Decimal(str(c["weight"])) for c in model["criteria"]}
    return stacked_bars(result, weights, Decimal(str(model.get("scale_max", "10"))))


def stacked_bars(result: dict[str, Any], weights: dict[str, Decimal], scale_max: Decimal) -> list[Bar]:
    """One bar per ranked bid: its weighted price, quality and social points side by side, so the bars' lengths
    are the totals and each part shows where the total came from."""
    bars = []
    for entry in result["ranking"]:
        segments = []
        for criterion, detail in entry["criteria"].items():
            points = Decimal(str(detail["points"]))
            contribution = points * weights.get(criterion, Decimal(0))
            width = (contribution / scale_max * 100).quantize(Decimal("0.1")) if scale_max else Decimal(0)
            segments.append(Segment(criterion, points, contribution.quantize(Decimal("0.01")), width))
        bars.append(Bar(entry["bid_id"], int(entry["rank"]), Decimal(str(entry["total"])), tuple(segments)))
    return bars


def local_time(moment: str | datetime | None) -> str:
    """A time as a Danish reader wants it: Copenhagen wall-clock time, to the minute."""
    if not moment:
        return ""
    parsed = moment if isinstance(moment, datetime) else datetime.fromisoformat(str(moment).replace("Z", "+00:00"))
    return parsed.astimezone(COPENHAGEN).strftime("%d.%m.%Y %H:%M")


def kroner(amount: object) -> str:
    """2600000 → "2.600.000 kr." (Danish thousands separator)."""
    value = decimal_or_none(str(amount)) if amount is not None else None
    if value is None:
        return str(amount or "")
    whole = f"{value:,.0f}".replace(",", ".")
    return f"{whole} kr."


def percent(weight: object) -> str:
    """0.35 → "35"."""
    value = decimal_or_none(str(weight))
    return str(weight) if value is None else f"{(value * 100).normalize():f}"


def points(value: object) -> str:
    number = decimal_or_none(str(value))
    return str(value) if number is None else f"{number:.2f}"


@dataclass(frozen=True)
class Advantage:
    criterion: str
    winner_points: Decimal
    own_points: Decimal


@dataclass(frozen=True)
class NoticePreview:
    """What one bidder's award notice will say of the scores: its own, and where the winner did better."""

    bid_id: str
    rank: int
    total: Decimal
    winner_total: Decimal
    is_winner: bool
    advantages: tuple[Advantage, ...]


def notice_previews(result: dict[str, Any], winner_bid_id: str) -> list[NoticePreview]:
    """Each ranked bidder's notice in figures, for the officer to read before deciding (or after, as sent)."""
    ranking = result["ranking"]
    winner = next((entry for entry in ranking if entry["bid_id"] == winner_bid_id), None)
    if winner is None:  # the award was decided on another run than the latest: nothing to compare with here
        return []
    winner_points = {c: Decimal(str(d["points"])) for c, d in winner["criteria"].items()}
    previews = []
    for entry in ranking:
        own = {c: Decimal(str(d["points"])) for c, d in entry["criteria"].items()}
        better = tuple(
            Advantage(criterion, winner_points[criterion], own[criterion])
            for criterion in winner_points
            if criterion in own and winner_points[criterion] > own[criterion]
        )
        is_winner = entry["bid_id"] == winner_bid_id
        previews.append(
            NoticePreview(
                entry["bid_id"],
                int(entry["rank"]),
                Decimal(str(entry["total"])),
                Decimal(str(winner["total"])),
                is_winner,
                () if is_winner else better,
            )
        )
    return previews


@dataclass(frozen=True)
class SensitivityRow:
    criterion: str
    weight: Decimal
    raised_to: Decimal | None  # the weight at which another bid would win, if raising it can do that
    raised_winner: str | None
    lowered_to: Decimal | None
    lowered_winner: str | None


def sensitivity_rows(sensitivity: dict[str, Any], weights: dict[str, Decimal]) -> list[SensitivityRow]:
    """How far each weight may move before another bid wins: the scoring engine's figures, one row a criterion."""
    rows = []
    for criterion, moves in sensitivity["weights"].items():
        up, down = moves.get("increase"), moves.get("decrease")
        rows.append(
            SensitivityRow(
                criterion,
                weights.get(criterion, Decimal(0)),
                Decimal(up["weight"]) if up else None,
                up["bid_id"] if up else None,
                Decimal(down["weight"]) if down else None,
                down["bid_id"] if down else None,
            )
        )
    return rows


# Three sample bids for the editor's preview: the golden cases' enterprises, their prices and commitments.
SAMPLE_BIDS = (
    {"name": "Grøn Service A/S", "cvr": "13748136", "price": "2400000", "quality": "6", "ltu": "0", "apprentice": "1"},
    {"name": "Jobværkstedet ApS", "cvr": "13585628", "price": "2760000", "quality": "7", "ltu": "3", "apprentice": "1"},
    {"name": "Park & Vej A/S", "cvr": "40084525", "price": "2580000", "quality": "8", "ltu": "1", "apprentice": "2"},
)
SAMPLE_FIELDS = ("price", "quality", "ltu", "apprentice")


def sample_bids(form: dict[str, str]) -> list[dict[str, str]]:
    """The sample bids as the officer left them in the editor (or the defaults)."""
    return [
        {**sample, **{f: form[f"sample{n}_{f}"] for f in SAMPLE_FIELDS if f"sample{n}_{f}" in form}}
        for n, sample in enumerate(SAMPLE_BIDS)
    ]


def preview_request(form: dict[str, str], proxy_values: dict[str, str]) -> dict[str, Any]:
    """An evaluation-request/1 document: the model being edited, scoring the sample bids, for the scoring
    service's preview endpoint (which names every problem, in the model or in the samples)."""
    model = tender_draft(form)["lots"][0]["evaluation_model"]
    return scoring_request({**model, "proxy_values": proxy_values}, sample_bids(form))


COMMITMENT_FIELDS = (("ltu", "DK_LTU_HIRE"), ("flexjob", "DK_FLEXJOB"), ("apprentice", "DK_APPRENTICE_YEAR"))


def commitments_of(entry: dict[str, str]) -> list[dict[str, str]]:
    """The social commitments typed in a form: FTE-years per proxy code, the empty and zero ones left out."""
    return [
        {"proxy": proxy, "quantity": entry[field]}
        for field, proxy in COMMITMENT_FIELDS
        if decimal_or_none(entry.get(field)) not in (None, Decimal(0))
    ]


def scoring_request(model: dict[str, Any], bids: list[dict[str, str]]) -> dict[str, Any]:
    """A frozen or edited model (with its proxy values) scoring hypothetical bids: name, CVR, price, quality
    points and commitments each."""
    scored = [
        {
            "id": f"sample{n}",
            # A hypothetical bid names no real enterprise: XX is ISO 3166's user-assigned code, so no CVR check.
            "bidder": {"name": bid["name"], "cvr": bid["cvr"]}
            if bid.get("cvr")
            else {"name": bid["name"], "country": "XX"},
            "price": bid["price"],
            "points": {"quality": bid.get("quality", "0")},
            "social_commitments": commitments_of(bid),
        }
        for n, bid in enumerate(bids)
    ]
    return {**model, "tender_id": "preview", "lot_id": "1", "bids": scored}


# What an officer records of a bid before the award: each aspect's outcomes, as procurement takes them.
ASSESSMENTS = {
    "compliance": ("compliant", "noncompliant", "late"),
    "documentation": ("consistent", "inconsistent"),
    "eligibility": ("eligible", "not_eligible"),
    "abnormally_low": ("clarification_requested", "answer_received", "kept", "rejected"),
}


def latest_assessments(steps: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each bid's latest outcome per aspect, from procurement's assessment steps in the order they were made."""
    latest: dict[str, dict[str, str]] = {}
    for step in steps:
        latest.setdefault(step["bid_id"], {})[step["aspect"]] = step["outcome"]
    return latest


SUBCONTRACTOR_ROWS = (1, 2)


def point_entries(form: dict[str, str]) -> list[dict[str, str]]:
    """The points typed per bid and criterion (fields `points_<bid>:<criterion>` with their `justification_…`), as
    procurement records them, for an evaluator's own points and the committee's consensus alike."""
    entries = []
    for key in (name.removeprefix("points_") for name in form if name.startswith("points_")):
        bid_id, _, criterion = key.partition(":")
        points, justification = form[f"points_{key}"], form.get(f"justification_{key}", "")
        entries.append({"bid_id": bid_id, "criterion_id": criterion, "points": points, "justification": justification})
    return entries


def bid_from_form(form: dict[str, str], attachments: Sequence[tuple[str, str, bytes]] = ()) -> dict[str, Any]:
    """The sealed bid the procurement API takes: price, the answer to the quality criterion, commitments, the
    subcontractors and consortium typed, and the files attached (name, media type, bytes)."""
    bid: dict[str, Any] = {"price": form.get("price", "").strip().replace(".", "").replace(",", ".")}
    if form.get("answer", "").strip():
        bid["answers"] = {"quality": form["answer"].strip()}
    bid["social_commitments"] = commitments_of(form)
    bid["subcontractors"] = [sub for n in SUBCONTRACTOR_ROWS if (sub := _subcontractor(form, f"sub{n}_"))]
    if members := consortium_members(form.get("consortium", "")):
        bid["consortium"] = {"lead": members[0]["name"], "members": members}
    if attachments:
        bid["attachments"] = [
            {"filename": name, "media_type": media_type, "content_base64": base64.b64encode(content).decode()}
            for name, media_type, content in attachments
        ]
    return bid


def _subcontractor(form: dict[str, str], prefix: str) -> dict[str, Any] | None:
    """A subcontractor row; an untouched row is none (a row half filled in goes on, for the service to name)."""
    typed = {key: form.get(f"{prefix}{key}", "").strip() for key in ("name", "cvr", "tasks", "share")}
    if not any(typed.values()):
        return None
    row: dict[str, Any] = {
        "name": typed["name"],
        "tasks": typed["tasks"],
        "social_economy": bool(form.get(f"{prefix}social")),
    }
    row |= {"cvr": typed["cvr"]} if typed["cvr"] else {}
    row |= {"share_pct": typed["share"].replace(",", ".")} if typed["share"] else {}
    return row


def consortium_members(text: str) -> list[dict[str, str]]:
    """The consortium's members, one "Name; CVR" a line, the lead first (a member without its CVR goes on, for
    the service to name what is missing)."""
    members = []
    for line in text.splitlines():
        name, _, cvr = (part.strip() for part in line.partition(";"))
        if name or cvr:
            members.append({"name": name, **({"cvr": cvr} if cvr else {})})
    return members


def tender_matches(tender: dict[str, Any], cpv: str, social_only: bool) -> bool:
    """The open-tender filter: a CPV code's beginning, and tenders with social clauses or a reservation."""
    cpv_ok = not cpv or any(code.startswith(cpv.strip()) for code in tender.get("cpv_codes", []))
    social = bool(tender.get("social_clauses")) or tender.get("reservation", "none") not in ("none", None)
    return cpv_ok and (social or not social_only)


@dataclass(frozen=True)
class DeliveryBar:
    contract_id: str
    supplier: str
    promised_dkk: Decimal
    delivered_dkk: Decimal
    delivered_pct: Decimal  # of the promise, capped at 100 for the bar's width (the figure says the rest)
    behind_schedule: bool


def delivery_bars(measures: list[dict[str, Any]]) -> list[DeliveryBar]:
    """Per contract: how much of the promised social value has been delivered (adjusted DKK)."""
    bars = []
    for measure in measures:
        promised = Decimal(str(measure["promised_dkk"]))
        delivered = Decimal(str(measure["delivered_dkk"]))
        share = (delivered / promised * 100) if promised else Decimal(0)
        bars.append(
            DeliveryBar(
                measure["contract_id"],
                measure["supplier"],
                promised,
                delivered,
                min(share, Decimal(100)).quantize(Decimal("0.1")),
                bool(measure["behind_schedule"]),
            )
        )
    return bars
