"""Audit: the append-only, hash-chained decision log that auditors query and verify."""
