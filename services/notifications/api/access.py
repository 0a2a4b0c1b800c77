"""Who may see what: a bidder its own inbox, preferences and webhook secret; officers any inbox and every
tender's status; nobody else anything. The actor comes from `shared.access` (headers now, bearer tokens later)."""

from fastapi import HTTPException

from shared.events import Actor

STATUS_READERS = ("officer", "auditor")  # auditors review who was told what, as officers do


def is_the_bidder(actor: Actor, recipient_id: str) -> bool:
    return actor.role == "bidder" and actor.bidder_id == recipient_id


def ensure_reader(actor: Actor, recipient_id: str) -> None:
    """A recipient's messages and settings are read by the bidder itself or by an officer (403 otherwise)."""
    if not (is_the_bidder(actor, recipient_id) or actor.role == "officer"):
        raise HTTPException(403, "only the bidder itself, or an officer, can read this")


def ensure_the_bidder(actor: Actor, recipient_id: str) -> None:
    """Changes, and the webhook secret, are the bidder's own: not even an officer (403 otherwise)."""
    if not is_the_bidder(actor, recipient_id):
        raise HTTPException(403, "only the bidder itself can do this")


def ensure_status_reader(actor: Actor) -> None:
    if actor.role not in STATUS_READERS:
        raise HTTPException(403, f"this needs the role {' or '.join(STATUS_READERS)}")
