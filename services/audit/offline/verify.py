"""`verify` over the audit database or an export file, with checkpoints from the database, the export or a file."""

import json
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from services.audit.domain.checkpoints import Checkpoint
from services.audit.domain.exports import ExportError, read_export
from services.audit.domain.verification import ChainSource, VerificationReport, verify_chain
from services.audit.offline.database import SqliteLog, open_log
from services.audit.offline.segments import verify_in_segments


class InputProblem(Exception):
    """A file the verifier cannot read: the message names it and says why."""


PARALLEL_FROM = 200_000  # entries: below, starting worker processes costs more than it saves


def verify_database(
    database_url: str,
    public_key: Ed25519PublicKey | None,
    checkpoint_file: Path | None,
    *,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> VerificationReport:
    """Verify the log in the database; a large SQLite log on every CPU (`workers`, default all of them)."""
    log = open_log(database_url)
    checkpoints = read_checkpoint_file(checkpoint_file) if checkpoint_file else log.checkpoints()
    workers = workers or os.cpu_count() or 1
    if isinstance(log, SqliteLog) and workers > 1 and log.bounds()[2] >= parallel_from:
        report = verify_in_segments(log, checkpoints, public_key, workers=workers)
        if report is not None:
            return report
    return verify_chain(ChainSource(log.label, log.chain_batches()), checkpoints, public_key)


def verify_export(
    export_file: Path, public_key: Ed25519PublicKey | None, checkpoint_file: Path | None
) -> VerificationReport:
    try:
        content = read_export(export_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputProblem(f"{export_file}: {getattr(error, 'strerror', None) or error}") from None
    except ExportError as error:
        raise InputProblem(f"{export_file}: {error}") from None
    meta = content.meta
    source = ChainSource(
        label=str(export_file),
        batches=[content.rows],
        previous_hash=meta["previous_entry_hash"],
        first_seq=meta["first_seq"],
        last_seq=meta["last_seq"],
    )
    checkpoints = read_checkpoint_file(checkpoint_file) if checkpoint_file else content.checkpoints
    return verify_chain(source, checkpoints, public_key)


def read_checkpoint_file(path: Path) -> list[Checkpoint]:
    """Checkpoints as the writer appends them to its file: one JSON object a line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputProblem(f"{path}: {getattr(error, 'strerror', None) or error}") from None
    checkpoints = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            checkpoints.append(Checkpoint.from_document(json.loads(line)))
        except ValueError as error:
            raise InputProblem(f"{path}, line {number}: {error}") from None
    return checkpoints
