"""Kafka subscribers of the audit service."""
