"""Who may read and change what over HTTP: a bidder its own inbox, preferences and webhook secret; officers any
inbox and every tender's status; nobody else anything."""

import pytest

from tests.component.notifications.conftest import Notifications
from tests.support.identities import bearer
from tests.support.notification_scenario import (
    AS_OFFICER,
    GROEN,
    JOB,
    TENDER_ID,
    as_bidder,
    bid_received,
    published,
    registered,
)

EVALUATOR = bearer("evaluator", "eva@kolding.dk")


@pytest.fixture
async def registered_bidders(notifications: Notifications) -> Notifications:
    await notifications.deliver(published(), registered(GROEN), registered(JOB), bid_received(JOB))
    await notifications.compose()
    return notifications


@pytest.mark.parametrize(
    ("headers", "answer"),
    [
        (as_bidder(JOB), 200),
        (AS_OFFICER, 200),
        (as_bidder(GROEN), 403),  # another bidder
        (bearer("auditor", GROEN["email"], "b-job"), 403),
        (EVALUATOR, 403),
        ({}, 401),  # anonymous: no token at all
    ],
)
async def test_an_inbox_is_read_by_its_bidder_or_an_officer_only(
    registered_bidders: Notifications, headers: dict[str, str], answer: int
) -> None:
    response = await registered_bidders.service.http.get("/recipients/b-job/inbox", headers=headers)
    assert response.status_code == answer
    if answer == 200:
        assert [m["kind"] for m in response.json()] == ["bid_receipt"]


async def test_a_bidder_is_refused_before_it_can_learn_whether_another_recipient_exists(
    registered_bidders: Notifications,
) -> None:
    response = await registered_bidders.service.http.get("/recipients/nobody/inbox", headers=as_bidder(GROEN))
    assert response.status_code == 403


@pytest.mark.parametrize(("headers", "answer"), [(AS_OFFICER, 200), (as_bidder(JOB), 403), ({}, 401)])
async def test_a_tenders_status_is_for_officers(
    registered_bidders: Notifications, headers: dict[str, str], answer: int
) -> None:
    response = await registered_bidders.service.http.get(f"/tenders/{TENDER_ID}/notifications", headers=headers)
    assert response.status_code == answer


async def test_the_webhook_secret_is_shown_to_the_bidder_alone_and_kept_across_registrations(
    registered_bidders: Notifications,
) -> None:
    http = registered_bidders.service.http
    first = await http.get("/recipients/b-job/webhook", headers=as_bidder(JOB))
    assert first.status_code == 200
    secret = first.json()["secret"]
    assert len(secret) == 64
    assert first.json()["signature_format"] == "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, '<t>.<raw body>')>"
    assert first.json()["replay_window_seconds"] == 300
    for stranger in (AS_OFFICER, as_bidder(GROEN)):
        assert (await http.get("/recipients/b-job/webhook", headers=stranger)).status_code == 403

    await registered_bidders.deliver(registered({**JOB, "name": "Jobværkstedet ApS (ny adresse)"}))
    assert (await http.get("/recipients/b-job/webhook", headers=as_bidder(JOB))).json()["secret"] == secret
    assert (await http.get("/recipients/b-groen/webhook", headers=as_bidder(GROEN))).json()["secret"] != secret

    rotated = await http.post("/recipients/b-job/webhook/secret", headers=as_bidder(JOB))
    assert rotated.status_code == 200
    assert rotated.json()["secret"] not in (secret, "")
    assert (await http.get("/recipients/b-job/webhook", headers=as_bidder(JOB))).json() == rotated.json()


async def test_preferences_and_follows_are_the_bidders_own_to_change(registered_bidders: Notifications) -> None:
    http = registered_bidders.service.http
    body = {"news_of_every_tender": True, "deadline_reminders": False}
    assert (await http.put("/recipients/b-job/preferences", json=body, headers=AS_OFFICER)).status_code == 403
    assert (await http.put("/recipients/b-job/preferences", json=body, headers=as_bidder(JOB))).json() == body
    assert (await http.put(f"/recipients/b-job/following/{TENDER_ID}", headers=as_bidder(GROEN))).status_code == 403
    assert (await http.put("/recipients/b-job/following/T-unknown", headers=as_bidder(JOB))).status_code == 404
    assert (await http.put(f"/recipients/b-job/following/{TENDER_ID}", headers=as_bidder(JOB))).status_code == 200

    profile = (await http.get("/recipients/b-job", headers=AS_OFFICER)).json()
    assert (profile["preferences"], profile["following"]) == (body, [TENDER_ID])
    assert "secret" not in str(profile)

    assert (await http.delete(f"/recipients/b-job/following/{TENDER_ID}", headers=as_bidder(JOB))).status_code == 204
    assert (await http.get("/recipients/b-job", headers=as_bidder(JOB))).json()["following"] == []
