"""Bearer tokens for tests, from a development issuer made for this test run. tests/conftest.py points the
services' AUTH_JWKS_FILE at its keys before any service is built; service processes inherit that setting."""

import tempfile
from pathlib import Path

from shared.tokens import DevelopmentIssuer

ISSUER = DevelopmentIssuer(Path(tempfile.mkdtemp(prefix="procure-test-issuer-")))


def bearer(role: str, subject: str, bidder_id: str | None = None) -> dict[str, str]:
    """The Authorization header of a user acting in `role` (for a bidder: for the enterprise `bidder_id`)."""
    return {"Authorization": f"Bearer {ISSUER.mint(subject, role, bidder_id=bidder_id)}"}
