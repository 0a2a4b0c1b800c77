"""Kafka subscribers of the scoring service."""
