"""HTTP routes of the audit service, for the auditor role only."""

from services.audit.api import checks, entries, exports

routers = [entries.router, exports.router, checks.router]

__all__ = ["routers"]
