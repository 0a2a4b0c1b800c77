"""Kafka subscribers of the procurement service."""
