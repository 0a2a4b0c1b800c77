"""Wires the audit service together: create_app(settings)."""
