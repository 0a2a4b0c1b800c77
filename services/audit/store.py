"""The audit service's tables and its store."""
