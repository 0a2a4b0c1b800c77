"""Pure rules of the procurement service: no I/O."""
