"""HTTP routes of the audit service."""
