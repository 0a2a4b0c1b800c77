"""Wires the procurement service together: create_app(settings)."""
