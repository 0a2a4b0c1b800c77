"""Pure rules of the scoring service: no I/O."""
