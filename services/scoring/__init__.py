"""Scoring: the published, re-computable evaluation engine and the results it produced."""
