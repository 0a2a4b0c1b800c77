"""The scoring service's tables and its store."""
