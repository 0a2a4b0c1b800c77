"""Helpers the test tiers share: reading topics, running worker processes, waiting for outcomes."""
