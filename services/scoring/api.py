"""HTTP routes of the scoring service."""
