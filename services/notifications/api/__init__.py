"""HTTP routes of the notifications service: a recipient's inbox (`inbox`), its preferences, followed tenders
and webhook secret (`recipients`), and for officers who was told what per tender (`status`). Who may see what
is decided in `access`."""

from fastapi import APIRouter

from services.notifications.api import inbox, recipients, status

router = APIRouter()
router.include_router(inbox.router)
router.include_router(recipients.router)
router.include_router(status.router)

__all__ = ["router"]
