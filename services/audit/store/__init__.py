"""The audit service's tables and the stores that append to them and read them."""

from services.audit.store.log import AuditLog, CheckpointStore, EntryFilter
from services.audit.store.tables import AuditCheckpoint, AuditEntry, AuditTable

__all__ = ["AuditCheckpoint", "AuditEntry", "AuditLog", "AuditTable", "CheckpointStore", "EntryFilter"]
