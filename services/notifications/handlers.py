"""Kafka subscribers of the notifications service."""
