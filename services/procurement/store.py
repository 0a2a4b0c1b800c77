"""The procurement service's tables and its store."""
