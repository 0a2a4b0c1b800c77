"""HTTP routes of the procurement service."""
