"""Wires the notifications service together: create_app(settings)."""
