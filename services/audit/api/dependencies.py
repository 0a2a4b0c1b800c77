"""What the audit routes share: the log and its stores from the app's state, and the auditor-only rule."""

from typing import Annotated, Any

from fastapi import Depends, Request

from services.audit.store import AuditLog, CheckpointStore
from services.audit.writer import CaptureWriter
from shared.access import require_role

AUDITORS_ONLY = [Depends(require_role("auditor"))]
Responses = dict[int | str, dict[str, Any]]
NO_ENTRY: Responses = {404: {"description": "The log holds no such entry"}}
FORBIDDEN: Responses = {403: {"description": "Only the auditor role may read the audit log"}}


def get_audit_log(request: Request) -> AuditLog:
    audit_log: AuditLog = request.app.state.audit_log
    return audit_log


def get_writer(request: Request) -> CaptureWriter:
    writer: CaptureWriter = request.app.state.writer
    return writer


AuditLogDep = Annotated[AuditLog, Depends(get_audit_log)]
WriterDep = Annotated[CaptureWriter, Depends(get_writer)]
CheckpointsDep = Annotated[CheckpointStore, Depends(CheckpointStore)]
