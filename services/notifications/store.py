"""The notifications service's tables and its store."""
