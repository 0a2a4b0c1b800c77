"""The auditors' offline tools' access to the log: the audit database read directly (no service running), or an
export file; then `verify` and `recompute` over what was read."""
