"""HTTP routes of the audit service, for the auditor role only."""

from services.audit.api import entries, exports

routers = [entries.router, exports.router]

__all__ = ["routers"]
