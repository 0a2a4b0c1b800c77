"""Pure rules of the audit service: no I/O."""
