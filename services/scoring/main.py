"""Wires the scoring service together: create_app(settings)."""
